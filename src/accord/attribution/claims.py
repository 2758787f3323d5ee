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
from accord.events.classify import modified_noun
from accord.events.clause import trigger_root
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
    for event, head in zip(events, heads):
        if event.cameo == CLAIM and event.source and head is not None:
            scope = _claimed(head)
            cue = _cue(head)
            quote = next((q.id for q in quotes if q.cue is not None and q.cue.start == cue.start), None)
            for other, other_head in zip(events, heads):
                if other is not event and _violent(other) and other_head is not None and other_head.i in scope:
                    _credit(other, event.source, cue, quote)
    claims = []
    for event, head in zip(events, heads):
        if event.cameo == CLAIM or head is None or head.lemma_.lower() not in CUES or not event.source:
            continue
        cue = _cue(head)
        if any(_violent(other) and other.modality == "reported" and other.attribution
               and other.attribution[-1].cue == cue and _same(other.source, event.source) for other in events):
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
