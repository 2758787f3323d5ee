"""Claims of responsibility: the claimed act is the claimant's.

Two shapes:

- A claim verb coded 015 by the verb dictionary ("claimed responsibility for the bombing
  that killed 20", "the attack that killed 20, claimed by Islamic State", "the killing was
  claimed by ..."): every violent event (CAMEO 18-20) in what is claimed gets the claimant
  as its source when it has none, and a link with the claim's cue in its chain.
- A speech verb whose reported content is a violent act of the speaker itself ("Islamic
  State said it carried out the attack"): the speech event is the claim, recoded 015.
  The act already names its source ("it") and carries the "said" link.

Run after :func:`accord.attribution.chains.attribute_events`.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from accord.attribution.cues import CUES
from accord.nlp.syntax import modified_noun, trigger_root
from accord.records import Actor, Attribution, Event, Quote, Span

CLAIM = "015"
VIOLENT_ROOTS = ("18", "19", "20")
CLAIMED_NOUNS = frozenset({"responsibility", "credit"})


def _violent(event: Event) -> bool:
    return event.cameo[:2] in VIOLENT_ROOTS


def apply_claims(doc: Doc, events: list[Event], quotes: list[Quote]) -> list[Event]:
    """Give claimed acts their claimant; return the speech events that are claims of their
    speaker's own act (for the caller to recode as 015)."""
    heads = [trigger_root(doc, e) for e in events]
    # Events by head token and quotes by cue, so a claim looks only at what it claims: a long
    # document has thousands of events.
    violent_at: dict[int, list[Event]] = {}
    for other, other_head in zip(events, heads):
        if _violent(other) and other_head is not None:
            violent_at.setdefault(other_head.i, []).append(other)
    quote_by_cue: dict[int, str] = {}
    for q in quotes:
        if q.cue is not None:
            quote_by_cue.setdefault(q.cue.start, q.id)
    for event, head in zip(events, heads):
        if event.cameo == CLAIM and event.source and head is not None:
            cue = _cue(head)
            for i in _claimed(head):
                for other in violent_at.get(i, ()):
                    if other is not event:
                        _credit(other, event.source, cue, quote_by_cue.get(cue.start))
    reported: dict[tuple[int, int, str], list[Event]] = {}  # violent reported acts by their innermost cue
    for other in events:
        if _violent(other) and other.modality == "reported" and other.attribution:
            cue = other.attribution[-1].cue
            if cue is not None:
                reported.setdefault((cue.start, cue.end, cue.text), []).append(other)
    claims = []
    for event, head in zip(events, heads):
        if event.cameo == CLAIM or head is None or head.lemma_.lower() not in CUES or not event.source:
            continue
        cue = _cue(head)
        if any(_same(other.source, event.source) for other in reported.get((cue.start, cue.end, cue.text), ())):
            claims.append(event)
    return claims


def _credit(act: Event, claimant: list[Actor], cue: Span, quote: str | None) -> None:
    if not act.source:
        act.source = [replace(a) for a in claimant]
        act.rule = f"{act.rule}; source:claimed"
    if all(link.cue != cue for link in act.attribution):
        act.attribution.append(Attribution(replace(claimant[0]), cue, quote))
    if act.modality == "asserted":
        act.modality = "reported"


def _claimed(verb: Token) -> set[int]:
    """Token indexes of what the claim verb claims: its object (the "for" phrase of
    "responsibility"/"credit"), its passive subject, or the noun it modifies."""
    out: set[int] = set()
    for child in verb.children:
        if child.dep_ in ("dobj", "nsubjpass"):
            inner = [g for g in child.children if g.dep_ == "prep" and g.lower_ == "for"]
            if child.lemma_.lower() in CLAIMED_NOUNS and inner:
                out.update(t.i for p in inner for t in p.subtree)
            else:
                out.update(t.i for t in child.subtree)
        elif child.dep_ == "prep" and child.lower_ == "for":  # "claimed responsibility [for …]"
            out.update(t.i for t in child.subtree)
    noun = modified_noun(verb)  # "the attack that killed 20, claimed by IS"
    if noun is not None:
        own = {t.i for t in verb.subtree}
        out.update(t.i for t in noun.subtree if t.i not in own)
    return out


def _cue(verb: Token) -> Span:
    return Span(verb.idx, verb.idx + len(verb.text), verb.text)


def _same(one: list[Actor], other: list[Actor]) -> bool:
    """The two actor lists share an actor (the same knowledge-base entry)."""
    ids = {a.kb_id for a in one if a.kb_id}
    return any(a.kb_id in ids for a in other if a.kb_id)
