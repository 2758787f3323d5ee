"""Reading the dependency parse: subjects, objects, noun phrases and clauses, in one place.

Every layer asks here who the subject of a verb is, what its objects are, how far a noun
phrase or a clause reaches; the labels are those of :mod:`accord.nlp.deps`, and the small
model's known misreadings are repaired in :mod:`accord.nlp.repair`. Where layers need a
different reading (an event's source takes a passive subject, a quote's speaker does not),
they pass a different :class:`SubjectRule` to the one :func:`subject_of`, instead of keeping
a finder of their own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from accord.nlp import deps
from accord.nlp.repair import main_clause_subject, swallowed_subject
from accord.records import Event

# -- subjects ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SubjectRule:
    """How one reader takes a verb's subject (see :func:`subject_of`). The defaults read the
    verb's own subject and nothing else."""

    labels: frozenset[str] = deps.SUBJECTS  # the children that are a subject
    # A passive verb (a child in deps.PASSIVE_MARKS) with no subject of ``labels``: its "by"
    # agent's object ("he has been told by X": X), else no subject at all.
    passive_agent: bool = False
    # A clause attached by these labels takes the noun it modifies as its subject ("the group
    # [that claimed ...]"), when that noun's part of speech is in ``modified_pos`` (None: any).
    modified: frozenset[str] = frozenset()
    modified_pos: frozenset[str] | None = None
    # A relative pronoun subject ("who", "which") stands for the noun the relative clause modifies.
    relative_pronoun: bool = False
    # "issued a statement [demanding] ...": a clause on a verb's object takes that verb's subject.
    object_clause: bool = False
    # "Assad [means] ...": a headline the parser read as a compound noun; a proper noun
    # compound left of the verb is its subject.
    headline_compound: bool = False
    # Repair the small model's fronted-clause misparse (:func:`accord.nlp.repair.main_clause_subject`).
    repair: bool = True
    # A verb attached by these labels and without a subject of its own takes its head's,
    # climbing at most ``hops`` verbs in all.
    shares: frozenset[str] = frozenset()
    hops: int = 1


# Event roles (events.coder): a subject of either voice (the caller reads the label: a
# passive subject is the target), inherited along coordinated, complement, adverbial and
# adjectival clauses.
EVENT_ROLE = SubjectRule(
    labels=deps.SUBJECTS, modified=frozenset({deps.RELCL}), relative_pronoun=True, object_clause=True,
    headline_compound=True, shares=deps.SHARES_SUBJECT_OR_PCOMP | {deps.ACOMP}, hops=4,
)
# Speakers of quote cues (attribution): the active nominal subject, a passive's "by" agent,
# the noun a participle or relative clause describes.
SPEAKER = SubjectRule(
    labels=deps.SPEAKER_SUBJECTS, passive_agent=True, modified=frozenset({deps.RELCL, deps.ACL}),
    modified_pos=deps.NOMINAL_OR_PRONOUN, shares=deps.SHARES_SUBJECT_OR_PCOMP, hops=4,
)


def subject_of(verb: Token, rule: SubjectRule = EVENT_ROLE) -> Token | None:
    """The word that is ``verb``'s subject under ``rule`` (its head word), or None.

    In order, on the verb and then on each verb it inherits from: a child labelled as a
    subject; a passive's agent; the modified noun of a relative or participle clause; the
    repaired subject of a fronted clause; the subject of the verb whose object the clause
    describes; a headline's proper-noun compound; else up along ``rule.shares``."""
    tok = verb
    for _ in range(rule.hops):
        passive = False
        for child in tok.children:
            if child.dep_ in rule.labels:
                if rule.relative_pronoun and child.tag_ in deps.RELATIVE_PRONOUN_TAGS and tok.dep_ == deps.RELCL:
                    return tok.head
                return child
            if child.dep_ in deps.PASSIVE_MARKS:
                passive = True
        if rule.passive_agent and passive:  # "he has been told": the speaker is the agent, if named
            agent = next((c for c in tok.children if c.dep_ == deps.AGENT), None)
            return next((c for c in agent.children if c.dep_ == deps.POBJ), None) if agent is not None else None
        if tok.dep_ in rule.modified and (rule.modified_pos is None or tok.head.pos_ in rule.modified_pos):
            return tok.head
        if rule.repair and (fronted := main_clause_subject(tok)) is not None:
            return fronted
        if rule.object_clause and tok.dep_ == deps.ACL and tok.head.dep_ in deps.OBJECTS:
            tok = tok.head.head
            continue
        if rule.headline_compound and tok.pos_ == "VERB":
            left = [c for c in tok.lefts if c.dep_ == deps.COMPOUND and c.pos_ == "PROPN"]
            if left:
                return left[-1]
        if tok.dep_ not in rule.shares:
            return None
        tok = tok.head
    return None


def is_passive_subject(tok: Token) -> bool:
    """Whether ``tok`` is the subject of a passive verb: the undergoer, not the doer."""
    return tok.dep_ in deps.PASSIVE_SUBJECTS


def has_subject(verb: Token, labels: frozenset[str] = deps.SUBJECT_SLOTS) -> bool:
    """Whether ``verb`` has a subject of its own (a child labelled in ``labels``)."""
    return any(c.dep_ in labels for c in verb.children)


def modified_noun(verb: Token) -> Token | None:
    """The noun a bare passive participle describes, its passive subject in all but name:
    "the attacks [claimed] by IS" (acl), "the attacks in Paris, [claimed] by IS" (which the
    parser may hang on the clause before as advcl: then the noun phrase before the comma)."""
    if verb.tag_ != "VBN" or has_subject(verb):
        return None
    if verb.dep_ == deps.ACL and verb.head.pos_ in deps.NOMINAL:
        return verb.head
    if verb.dep_ != deps.ADVCL or verb.i < 2 or verb.nbor(-1).text != "," \
            or not any(c.dep_ == deps.AGENT for c in verb.children):
        return None
    noun = verb.nbor(-2)
    while noun.dep_ == deps.POBJ and noun.head.dep_ == deps.PREP and noun.head.head.pos_ in deps.NOMINAL:
        noun = noun.head.head  # "the attacks in [Paris]" -> "attacks"
    return noun if noun.pos_ in deps.NOMINAL else None


# -- objects and prepositions --------------------------------------------------------------


def prep_objects(verb: Token, preps: Iterable[str]) -> list[Token]:
    """The objects of ``verb``'s prepositions spelled as in ``preps``: "a rampage [through]
    Paris" -> Paris."""
    return [g for child in verb.children if child.dep_ == deps.PREP and child.lower_ in preps
            for g in pobjs(child)]


def pobjs(prep: Token) -> list[Token]:
    """The objects of one preposition."""
    return [g for g in prep.children if g.dep_ == deps.POBJ]


def objects_of(verb: Token, preps: Iterable[str]) -> list[Token]:
    """``verb``'s objects (deps.OBJECTS) and the objects of its prepositions in ``preps``, in
    the parse's order, looking through particles ("handed [over] to Britain")."""
    out = []
    stack = [verb]
    while stack:
        tok = stack.pop()
        for child in tok.children:
            if child.dep_ in deps.OBJECTS:
                out.append(child)
            elif child.dep_ == deps.PREP and child.lower_ in preps:
                out.extend(pobjs(child))
            elif child.dep_ == deps.PRT:
                stack.append(child)
    return out


def agent_objects(verb: Token) -> list[Token]:
    """The objects of a passive verb's "by": "was attacked by [Russia]"."""
    return [p for child in verb.children if child.dep_ == deps.AGENT for p in pobjs(child)]


def child_with(tok: Token, labels: frozenset[str]) -> Token | None:
    """``tok``'s first child labelled in ``labels``."""
    return next((c for c in tok.children if c.dep_ in labels), None)


# -- noun phrases --------------------------------------------------------------------------


def phrase_extent(head: Token) -> tuple[int, int]:
    """First and last token (inclusive) of the noun phrase ``head`` heads: its modifiers'
    subtrees, not the clauses, appositions and coordinated members hanging on it
    (deps.PHRASE_BOUNDARIES), nor a next clause's subject the parser coordinated into it,
    nor trailing punctuation."""
    left = right = head.i
    for child in head.children:
        if child.dep_ in deps.PHRASE_BOUNDARIES:
            continue
        words = list(child.subtree)
        left, right = min(left, words[0].i), max(right, words[-1].i)
    cut = next((t.left_edge.i for t in head.doc[head.i + 1 : right + 1]
                if t.dep_ == deps.CONJ and swallowed_subject(t)), None)
    if cut is not None:  # "a church in Lagos, [Nigerian ministers] ... met": the next clause's subject
        right = cut - 1
    while left < right and head.doc[right].is_punct:
        right -= 1
    return left, right


def coordinated(head: Token) -> list[Token]:
    """``head`` and the members coordinated after it ("the United States, Russia and Iran"),
    up to a next clause's subject the parser coordinated into the list."""
    members = [head]
    for conj in sorted((c for c in head.conjuncts if c.i > head.i), key=lambda c: c.i):
        if swallowed_subject(conj):  # "through Paris, [foreign ministers] ... agreed": not Paris's list
            break
        members.append(conj)
    return members


# -- clauses and triggers ------------------------------------------------------------------


def clause_tokens(heads: Iterable[Token], boundaries: frozenset[str] = deps.CLAUSE_BOUNDARIES) -> set[int]:
    """Indices of the tokens in the clauses of ``heads``: each head with its dependents, not
    descending into the clauses under it (``boundaries``). In "ministers who met in Vienna
    agreed on Saturday", "Saturday" is in the clause of "agreed", "Vienna" in that of "met"."""
    clause: set[int] = set()
    stack = list(heads)
    while stack:
        tok = stack.pop()
        if tok.i in clause:
            continue
        clause.add(tok.i)
        stack.extend(c for c in tok.children if c.dep_ not in boundaries)
    return clause


def trigger_tokens(doc: Doc, event: Event) -> list[Token]:
    """The parse's tokens under an event's trigger words (a composed trigger, "agreed to seek",
    spans a gap): its verbs and nouns, else the root of its words."""
    span = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    if span is None:
        return []
    return [t for t in span if not t.is_punct and t.pos_ in ("VERB", "AUX", "NOUN")] or [span.root]


def trigger_root(doc: Doc, event: Event) -> Token | None:
    """The trigger's head word: the governor of a composed trigger, else the verb."""
    span = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    return span.root if span is not None else None


def event_clause(doc: Doc, event: Event) -> set[int]:
    """The tokens of an event's own clause, where its date, place and counts are looked for;
    a composed trigger joins the clauses of its words."""
    return clause_tokens(trigger_tokens(doc, event))
