"""When each event happened (layer ``event_dates.v1``), read from the text where it can be.

The evidence, first that applies:

1. **anchored**: the event is the clause an anchor expression introduces: in "A day after
   gunmen went on a rampage through Paris, ministers agreed ...", "A day after" carries the
   main clause's date (the story's day) and the rampage lies a day before it;
2. **own**: a calendar time expression in the event's own clause ("met [on Saturday]",
   "attacked the town [last week]", "[yesterday]"), not one that bounds a span ("has killed
   10,000 since [March 2015]");
3. **main clause of an anchor**: another event of a sentence with an anchor takes the anchor
   expression's own date ("ministers agreed": the story's day);
4. the document's date (``date_basis`` = how the document got it: ``metadata`` or
   ``dateline``), else ``none``.

Cases 1 to 3 have ``date_basis`` ``text``. The dateline's own date is the story's, never an
event's own.

How a date is stored: ``event.date`` uses the spec's grains only (``YYYY-MM-DD``, ``YYYY-MM``,
``YYYY``). An expression of another grain is stored as the smallest of those that holds all
of it: "last week" (``2015-W45``, 2 to 8 November) is ``2015-11``; a week across two months
is its ISO year; a quarter or half year is its month or year likewise; a decade gives no date
(the next evidence applies). The exact TIMEX3 value is kept in ``event.date_value``
(``2015-W45``) and the time expression's id in ``event.date_time`` (``t7``).
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import timedelta

from spacy.tokens import Doc, Span

from accord.nlp.syntax import event_clause, trigger_root, trigger_tokens
from accord.records import Analysis, Event, Time
from accord.time.anchors import anchored_value
from accord.time.calendar import parse_value

SPEC_GRAINS = ("D", "M", "Y")
SPAN_BOUNDS = frozenset({"since", "until", "till", "through"})


def spec_date(value: str) -> str | None:
    """The smallest ``YYYY-MM-DD`` / ``YYYY-MM`` / ``YYYY`` that holds all of a TIMEX3 value."""
    point = parse_value(value)
    if point is None or point.gran in ("DE", "CE"):
        return None
    if point.gran in SPEC_GRAINS:
        return point.value()
    first, last = point.start, point.shift(1).start - timedelta(days=1)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.year:04d}-{first.month:02d}"
    if point.gran == "W":
        return f"{first.isocalendar()[0]:04d}"  # an ISO week belongs to one ISO year
    return f"{first.year:04d}" if first.year == last.year else None


def date_events(doc: Doc, analysis: Analysis) -> None:
    """Set ``date``, ``date_basis``, ``date_value`` and ``date_time`` of every event, in place.

    Times and anchors are indexed by token and sentence, so the cost is linear in the document."""
    floor = analysis.dateline.end if analysis.dateline else 0  # the dateline's date is the story's
    times = [t for t in analysis.times
             if t.type in ("DATE", "TIME") and t.start >= floor and spec_date(t.value) is not None]
    spans = {id(t): doc.char_span(t.start, t.end, alignment_mode="expand") for t in times}
    anchors = _anchors(doc, times, spans)
    anchor_times = {id(t) for t, _, _ in anchors}
    own_at: dict[int, tuple[int, Time]] = {}  # token -> (rank, the first own time over it)
    for rank, t in enumerate(t for t in times if id(t) not in anchor_times and not _bound(doc, spans[id(t)])):
        for tok in spans[id(t)] or ():
            own_at.setdefault(tok.i, (rank, t))
    anchored_at: dict[int, tuple[int, Time, str]] = {}  # verb -> (rank, the first anchor introducing it)
    anchors_in: dict[int, list[tuple[Time, int]]] = {}  # sentence start -> its anchors, in order
    for rank, (t, verb, value) in enumerate(anchors):
        anchored_at.setdefault(verb, (rank, t, value))
        anchors_in.setdefault(spans[id(t)].sent.start, []).append((t, verb))
    for event in analysis.events:
        _set(event, None, analysis.date, analysis.date_basis if analysis.date else "none")
        heads = {t.i for t in trigger_tokens(doc, event)}
        clause = event_clause(doc, event)
        anchored = min((anchored_at[v] for v in heads if v in anchored_at), default=None, key=lambda a: a[0])
        head = trigger_root(doc, event)
        here = anchors_in.get(head.sent.start, []) if head is not None else []
        main = next((t for t, verb in here if verb not in clause), None)
        own = min((own_at[i] for i in clause if i in own_at), default=None, key=lambda rt: rt[0])
        if anchored is not None:
            _set(event, anchored[1], anchored[2], "text")
        elif own is not None:
            _set(event, own[1], own[1].value, "text")
        elif main is not None:
            _set(event, main, main.value, "text")


def _set(event: Event, time: Time | None, value: str | None, basis: str) -> None:
    event.date = spec_date(value) if value else None
    event.date_value = value if event.date else None
    event.date_time = time.id if time is not None and event.date else None
    event.date_basis = basis if event.date else "none"


def _anchors(doc: Doc, times: list[Time], spans: dict[int, Span | None]) -> list[tuple[Time, int, str]]:
    """(expression, index of the verb it introduces, that verb's date) for each anchor."""
    out = []
    starts = [t.start for t in times]  # in text order, never overlapping
    for time in times:
        value = anchored_value(time)
        span = spans[id(time)]
        if value is None or span is None or span.end >= len(doc) or doc[span.end].is_punct \
                or _within(times, starts, doc[span.end].idx):
            continue  # "the day before, ..." and "two days before Christmas" introduce no clause
        word = span[-1]  # "after" / "before"
        verb = word.head if word.dep_ == "mark" else next((c for c in word.children if c.dep_ == "pcomp"), None)
        if verb is None:  # the parse hung the clause elsewhere: the first verb that follows
            sent_end = span.sent.end
            verb = next((t for t in doc[span.end:sent_end] if t.pos_ == "VERB"), None)
        if verb is not None and verb.pos_ in ("VERB", "AUX") and verb.i >= span.end:
            out.append((time, verb.i, value))
    return out


def _within(times: list[Time], starts: list[int], offset: int) -> bool:
    """Whether ``offset`` falls inside one of ``times`` (``starts`` their starts, sorted)."""
    i = bisect_right(starts, offset) - 1
    return i >= 0 and offset < times[i].end


def _bound(doc: Doc, span: Span | None) -> bool:
    """"since March 2015", "until January": where a span starts or ends, not when the event was."""
    return span is not None and span.start > 0 and doc[span.start - 1].lower_ in SPAN_BOUNDS
