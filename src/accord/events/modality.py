"""A first version of modality and attribution for events, from the parse and a word table.

Reported, intended, planned, demanded, hypothetical and negated events are kept and
marked, never dropped or recoded as their opposite. The word lists live in
``data/events/modality.tsv``; the precedence is: negated > hypothetical >
demanded > planned/intended > reported > asserted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from accord.datafiles import read_data
from accord.errors import DataFileError, Errors
from accord.records import Attribution, Span

if TYPE_CHECKING:
    from accord.actors.resolver import ActorMention

PRECEDENCE = ("negated", "hypothetical", "demanded", "planned", "intended", "reported")
CLAUSE_DEPS = {"ccomp", "parataxis", "xcomp", "conj", "advcl", "relcl", "acl"}


def _load_table() -> dict[str, tuple[str, str]]:
    """lemma -> (role, modality)."""
    table: dict[str, tuple[str, str]] = {}
    problems = []
    text, name, path = read_data(None, "events/modality.tsv")
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 3:
            problems.append(Errors.A201.format(path=name, line=lineno, problem="expected lemma, role, modality (tab-separated)"))
            continue
        table[cols[0]] = (cols[1], cols[2])
    if problems:
        raise DataFileError(path, problems)
    return table


TABLE = _load_table()
SPEECH = {w for w, (role, _) in TABLE.items() if role == "speech"}
GOVERNOR_MODALITY = {w: mod for w, (role, mod) in TABLE.items() if role in ("intent", "demand")}
MODALS = {w: mod for w, (role, mod) in TABLE.items() if role == "modal"}
NEGATIONS = {w for w, (role, _) in TABLE.items() if role == "negation"}


def modality_of(verb: Token, governor: Token | None) -> str:
    """The strongest modality found on the verb, its governor and the clauses above them."""
    found: set[str] = set()
    for tok in (verb, governor):
        if tok is None:
            continue
        for child in tok.children:
            low = child.lower_
            if child.dep_ == "neg" or (low in NEGATIONS and child.dep_ in ("advmod", "neg")):
                found.add("negated")
            elif child.dep_ in ("aux", "auxpass") and low in MODALS:
                found.add(MODALS[low])
            elif child.dep_ == "mark" and low in ("if", "unless"):
                found.add("hypothetical")
    if governor is not None and (mod := GOVERNOR_MODALITY.get(governor.lemma_.lower())):
        found.add(mod)
    if _speech_ancestor(governor or verb) is not None or _according_to(governor or verb) is not None:
        found.add("reported")
    for name in PRECEDENCE:
        if name in found:
            return name
    return "asserted"


def _speech_ancestor(tok: Token) -> Token | None:
    """The reporting verb whose complement holds ``tok`` ("Kerry said [he ...]")."""
    while tok.dep_ in CLAUSE_DEPS and tok.head.i != tok.i:
        head = tok.head
        if head.lemma_.lower() in SPEECH and tok.dep_ in ("ccomp", "parataxis", "xcomp", "conj"):
            return head
        tok = head
    if tok.dep_ == "ROOT":  # "Assad plans ..., Kerry said": the speech verb hangs off the root
        for child in tok.children:
            if child.dep_ in ("parataxis", "ccomp") and child.lemma_.lower() in SPEECH and child.i > tok.i:
                return child
    return None


def _according_to(tok: Token) -> tuple[Token, Token] | None:
    """('according' token, object X) of 'according to X' attached up the clause chain."""
    while True:
        for child in tok.children:
            if child.lower_ == "according" and child.dep_ == "prep":
                for grand in child.subtree:
                    if grand.dep_ == "pobj":
                        return child, grand
        if tok.head.i == tok.i:
            return None
        tok = tok.head


def attribution_of(tok: Token, by_token: dict[int, ActorMention]) -> list[Attribution]:
    """The chain of who reports an event, outermost first (the reporter's source first)."""
    chain: list[Attribution] = []
    current = tok
    for _ in range(4):
        speech = _speech_ancestor(current)
        if speech is None:
            break
        speaker = _speaker_of(speech, by_token)
        cue = Span(speech.idx, speech.idx + len(speech.text), speech.text)
        chain.append(Attribution(speaker=speaker, cue=cue, quote=None))
        current = speech
    according = _according_to(tok)
    if according is not None:
        cue_tok, obj = according
        mention = by_token.get(obj.i)
        last = cue_tok.i + 1 if cue_tok.i + 1 < len(cue_tok.doc) and cue_tok.nbor(1).lower_ == "to" else cue_tok.i
        words = cue_tok.doc[cue_tok.i : last + 1]
        cue = Span(words.start_char, words.end_char, words.text)
        chain.insert(0, Attribution(speaker=mention.actor if mention else None, cue=cue, quote=None))
    chain.reverse()
    return chain


def _speaker_of(speech: Token, by_token: dict[int, ActorMention]) -> object:
    for child in speech.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            mention = by_token.get(child.i)
            return mention.actor if mention else None
    return None
