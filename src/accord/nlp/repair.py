"""Repairs of the small model's parse that more than one layer needs.

en_core_web_sm misreads a few frequent news constructions; the layers that read subjects
(events, quotes) ask here instead of each carrying its own patch.
"""

from __future__ import annotations

from spacy.tokens import Token

from accord.nlp import deps

SUBORDINATORS = {"after", "before", "when", "while", "as", "since", "once", "although", "though", "because", "until"}


def main_clause_subject(verb: Token) -> Token | None:
    """The main clause's subject when the parser swallowed it into a fronted subordinate clause.

    "A day after gunmen went on a rampage through Paris, [foreign ministers] ... agreed": the
    small model makes "agreed" a conjunct of "went" and "ministers" a conjunct of "Paris". The
    noun right after the clause's closing comma is the subject of the verbs that follow it.
    """
    root = verb.head
    if verb.dep_ != deps.CONJ or not any(c.dep_ == deps.MARK and c.lower_ in SUBORDINATORS for c in root.children):
        return None
    first = next((c for c in root.children if c.dep_ == deps.CONJ and c.pos_ in deps.VERBAL), None)
    if first is None or any(c.dep_ == deps.CC and root.i < c.i < first.i for c in root.children):
        return None  # "after they met and agreed": a real coordination inside the clause
    commas = [t for t in root.doc[root.i + 1 : first.i] if t.text == ","]
    if not commas:
        return None
    comma = commas[-1]
    return next((t for t in root.doc[comma.i + 1 : first.i]
                 if t.pos_ in deps.NOMINAL_OR_PRONOUN and t.head.i < comma.i), None)


def swallowed_subject(noun: Token) -> bool:
    """Whether ``noun`` is the main-clause subject that the parser coordinated into a fronted clause."""
    verb = noun.head
    while verb.pos_ not in deps.VERBAL and verb.head.i != verb.i:
        verb = verb.head
    return any(getattr(main_clause_subject(c), "i", None) == noun.i for c in verb.children if c.dep_ == deps.CONJ)
