"""The clause of an event in the parse: where its own date, place and counts are looked for.

An event's clause is each trigger word with its dependents, not descending into the
clauses under it (complements, relative and adverbial clauses, coordinated verbs): in
"ministers who met in Vienna agreed on Saturday", "Saturday" is the agreement's and
"Vienna" the meeting's. A composed trigger ("agreed to seek a ceasefire") joins the
clauses of its words.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from accord.records import Event

CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "relcl", "acl", "parataxis", "conj", "csubj"})


def trigger_tokens(doc: Doc, event: Event) -> list[Token]:
    """The parse's tokens under the trigger's words (a composed trigger spans a gap)."""
    span = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    if span is None:
        return []
    return [t for t in span if not t.is_punct and t.pos_ in ("VERB", "AUX", "NOUN")] or [span.root]


def trigger_root(doc: Doc, event: Event) -> Token | None:
    """The trigger's head word: the governor of a composed trigger, else the verb."""
    span = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    return span.root if span is not None else None


def clause_tokens(heads: list[Token]) -> set[int]:
    """Indices of the tokens in the clauses of ``heads``."""
    clause: set[int] = set()
    stack = list(heads)
    while stack:
        tok = stack.pop()
        if tok.i in clause:
            continue
        clause.add(tok.i)
        stack.extend(c for c in tok.children if c.dep_ not in CLAUSE_DEPS)
    return clause


def event_clause(doc: Doc, event: Event) -> set[int]:
    return clause_tokens(trigger_tokens(doc, event))
