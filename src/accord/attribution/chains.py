"""Attribution chains on events: who reports each event, outermost first.

"Kerry says he has been told Assad means to enter real negotiation": the intent event
carries two links, Kerry (``says``) then unnamed partners (``told``, no speaker). A link is
{speaker, cue, quote}: the speaker (None when unnamed or unknown), the cue span, and the
id of the Quote record whose content holds the event at that level (None when no quote
record does). The links come from two places:

1. **Quotes**: every quote of the quotes layer whose content holds the event's head word
   gives a link, unless its cue lies in the event's own trigger (a speech event, "Kerry
   said", is not attributed to itself; nor is "agreed to seek", composed with its cue).
   Quotes sharing one cue (a mixed fragment inside the indirect quote of the same verb)
   give one link, with the innermost quote's id.
2. **The parse**, for what the quotes layer does not report: a speech verb above the
   event whose complement holds it ("We are told through our partners … that he is
   prepared", inside a direct quote, where the quotes layer reads no reports), and
   "according to X" on the event's clause; and, as the parse often fails there, a speech
   verb earlier in the event's sentence inside a direct quote, with a "that" between it
   and the event. A speech verb that is already a quote's cue is the quotes layer's to
   decide, so gives no link of its own.

Links are ordered by the size of what they cover, widest first; at a tie "according to"
is the inner one ("Assad plans …, according to intermediaries, Kerry said": Kerry reports
what intermediaries say). The event's modality becomes ``reported`` when it has a chain
and its own modality is ``asserted``: an event's own intention, plan, demand, negation or
condition says more than the fact that someone reports it, and the chain is kept either way.
A cue that denies its content ("Russia denied attacking Turkey": modality.tsv ``cue`` rows)
makes the event ``negated``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from accord.attribution.quotes import actor_at, speaker_of
from accord.nlp.syntax import trigger_root
from accord.events.modality import SPEECH, TABLE, strongest
from accord.records import Actor, Attribution, Event, Quote, Span

if TYPE_CHECKING:
    from accord.actors.resolver import ActorMention

CLAUSE_DEPS = frozenset({"ccomp", "parataxis", "xcomp", "conj", "advcl", "relcl", "acl"})
COMPLEMENT_DEPS = frozenset({"ccomp", "parataxis", "xcomp"})


@dataclass(slots=True)
class _Link:
    scope: tuple[int, int]  # the characters the link covers: the quote's content, the complement
    link: Attribution
    according: bool = False


def attribute_events(doc: Doc, events: list[Event], quotes: list[Quote],
                     by_token: dict[int, ActorMention]) -> None:
    """Fill every event's ``attribution`` chain and mark reported events ``reported``."""
    quote_cues = {(q.cue.start, q.cue.end) for q in quotes if q.cue is not None}
    quotes_at = _QuotesAt(quotes)
    for event in events:
        head = trigger_root(doc, event)
        if head is None:
            continue
        around = quotes_at(head.idx)
        links = _quote_links(event, head, around) + _parse_links(event, head, by_token, quote_cues)
        links += _quoted_reports(head, around, by_token, quote_cues, {(k.link.cue.start, k.link.cue.end)
                                                                       for k in links if k.link.cue is not None})
        event.attribution = _ordered(links)
        found = {event.modality} | {mod for link in event.attribution if (mod := _cue_modality(doc, link.cue))}
        event.modality = strongest(found)
        if event.attribution and event.modality == "asserted":
            event.modality = "reported"


def _cue_modality(doc: Doc, cue: Span | None) -> str | None:
    """What a cue says of its content: "denied" negates it (modality.tsv ``cue`` rows)."""
    if cue is None:
        return None
    words = doc.char_span(cue.start, cue.end, alignment_mode="expand")
    return TABLE.cues.get(words.root.lemma_.lower()) if words is not None else None


def _overlaps(span: Span | None, start: int, end: int) -> bool:
    return span is not None and span.start < end and start < span.end


class _QuotesAt:
    """The quotes whose content holds a character offset, in their order: each quote is filed
    under the stretches of text it covers, so a lookup reads one stretch, not every quote."""

    STRETCH = 1024  # characters

    def __init__(self, quotes: list[Quote]):
        self.stretches: dict[int, list[Quote]] = {}
        for q in quotes:
            for k in range(q.start // self.STRETCH, (q.end - 1) // self.STRETCH + 1):
                self.stretches.setdefault(k, []).append(q)

    def __call__(self, offset: int) -> list[Quote]:
        return [q for q in self.stretches.get(offset // self.STRETCH, ()) if q.start <= offset < q.end]


def _quote_links(event: Event, head: Token, around: list[Quote]) -> list[_Link]:
    """``around``: the quotes whose content holds the head."""
    return [_Link((q.start, q.end), Attribution(q.speaker, q.cue, q.id), q.cue is not None and q.cue.text == "according to")
            for q in around if not _overlaps(q.cue, event.trigger.start, event.trigger.end)]


def _parse_links(event: Event, head: Token, by_token: dict[int, ActorMention],
                 quote_cues: set[tuple[int, int]]) -> list[_Link]:
    out = []
    tok, seen = head, {head.i}
    while (found := _speech_above(tok)) is not None and found[0].i not in seen:
        speech, scope = found
        seen.add(speech.i)
        cue = _span(speech, speech)
        if (cue.start, cue.end) not in quote_cues and not _overlaps(cue, event.trigger.start, event.trigger.end):
            out.append(_Link(_extent(scope), Attribution(speaker_of(speech, by_token), cue, None)))
        tok = speech
    according = _according_to(head)
    if according is not None:
        cue_tok, obj, clause = according
        cue = _span(cue_tok, cue_tok.nbor(1) if cue_tok.i + 1 < len(cue_tok.doc) else cue_tok)
        if (cue.start, cue.end) not in quote_cues:
            speaker: Actor | None = actor_at(obj, by_token) if obj is not None else None
            out.append(_Link(_extent(clause), Attribution(speaker, cue, None), according=True))
    return out


def _quoted_reports(head: Token, around: list[Quote], by_token: dict[int, ActorMention],
                    quote_cues: set[tuple[int, int]], linked: set[tuple[int, int]]) -> list[_Link]:
    """A report inside a direct quote that the parse does not hang above the event: "We are
    told through our partners … that he is prepared": a speech verb earlier in the event's
    sentence and quote, with a "that" between it and the event (``around``: the quotes whose
    content holds the head)."""
    out = []
    for q in around:
        if q.kind != "direct":
            continue
        words = [t for t in head.sent if q.start <= t.idx and t.i < head.i]
        for k, tok in enumerate(words):
            cue = _span(tok, tok)
            if tok.pos_ == "VERB" and tok.lemma_.lower() in SPEECH and (cue.start, cue.end) not in quote_cues | linked \
                    and any(t.lower_ == "that" and t.dep_ == "mark" for t in words[k + 1 :]):
                out.append(_Link((tok.idx, q.end), Attribution(speaker_of(tok, by_token), cue, None)))
    return out


def _ordered(links: list[_Link]) -> list[Attribution]:
    """Widest first, "according to" inner at a tie; one link per cue (the innermost quote id)."""
    links.sort(key=lambda k: (-(k.scope[1] - k.scope[0]), k.according, k.scope[0]))
    out: list[Attribution] = []
    by_cue: dict[tuple[int, int] | str, Attribution] = {}
    for k in links:
        key = (k.link.cue.start, k.link.cue.end) if k.link.cue is not None else str(k.link.quote)
        if key in by_cue:
            if k.link.quote is not None:
                by_cue[key].quote = k.link.quote
            continue
        by_cue[key] = k.link
        out.append(k.link)
    return out


def _speech_above(tok: Token) -> tuple[Token, Token] | None:
    """(speech verb, the clause of it that holds ``tok``): "Kerry said [he …]", or a
    parenthetical one on the root ("Assad plans …, Kerry said")."""
    while tok.dep_ in CLAUSE_DEPS and tok.head.i != tok.i:
        head = tok.head
        if head.lemma_.lower() in SPEECH and tok.dep_ in COMPLEMENT_DEPS and head.pos_ in ("VERB", "AUX"):
            return head, tok
        tok = head
    if tok.dep_ == "ROOT":
        for child in tok.children:
            if child.dep_ in ("parataxis", "ccomp") and child.lemma_.lower() in SPEECH and child.i > tok.i \
                    and not any(c.dep_ in COMPLEMENT_DEPS for c in child.children):
                return child, tok
    return None


def _according_to(tok: Token) -> tuple[Token, Token | None, Token] | None:
    """('according', its object X, the clause it hangs on) of an "according to X" on the
    event's clause or a clause above it."""
    while True:
        for child in tok.children:
            if child.lower_ == "according" and child.dep_ == "prep":
                obj = next((t for t in child.subtree if t.dep_ == "pobj"), None)
                return child, obj, tok
        if tok.head.i == tok.i:
            return None
        tok = tok.head


def _extent(tok: Token) -> tuple[int, int]:
    words = list(tok.subtree)
    return words[0].idx, words[-1].idx + len(words[-1].text)


def _span(first: Token, last: Token) -> Span:
    words = first.doc[first.i : last.i + 1]
    return Span(words.start_char, words.end_char, words.text)
