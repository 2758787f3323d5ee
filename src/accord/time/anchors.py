"""Anchor expressions: "a day after <clause>", "two weeks before <clause>".

The times layer gives such an expression the date of the clause it belongs to (the
main clause, at the narrative's time); the clause it introduces lies the counted
distance away: "A day after gunmen went on a rampage, ministers agreed" dates the
agreement to the story's day and the rampage to the day before.
"""

from __future__ import annotations

from accord.records import Time
from accord.time.calendar import Point, parse_value
from accord.time.grammar import Hints, Match, classify, tokenize
from accord.time.lexicon import load_lexicon
from accord.time.normalize import count, unit_of

ANCHOR_WORDS = ("after", "before")
_NO_HINTS = Hints(tag=lambda _: "", ent=lambda _: "")
_SAME_DAY = ("H", "MIN", "S")  # "hours after the blast": the same day


def anchor_shift(text: str) -> tuple[int, str] | None:
    """(signed count, unit) from the expression's own date to the clause it introduces.

    "A day after" gives (-1, "D"), "two weeks before" (2, "W"), "the day before" (1, "D"),
    "hours after" (0, "D"); None when the text is no anchor or names no count ("weeks after").
    """
    toks = tokenize(text)
    if not toks or toks[-1].word not in ANCHOR_WORDS:
        return None
    classify(toks, load_lexicon(), _NO_HINTS)
    match = Match("count", 0, toks)
    unit = unit_of(match)
    if unit in _SAME_DAY:
        return 0, "D"
    n, known = count(match)
    if not known and toks[0].word == "the" and len(toks) == 3:  # "the day after"
        n, known = 1, True
    if unit not in ("D", "W", "M", "Y") or not known or n is None or n != round(n):
        return None
    sign = -1 if toks[-1].word == "after" else 1
    return sign * round(n), unit


def anchored_value(time: Time) -> str | None:
    """The date of the clause an anchor expression introduces (None if ``time`` is no anchor)."""
    shift = anchor_shift(time.text)
    point = parse_value(time.value) if time.type == "DATE" else None
    if shift is None or point is None or point.gran != "D":
        return None
    n, unit = shift
    return Point.of(point.shift(n, unit).start, "D").value()
