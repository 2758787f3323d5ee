"""The word tables of the times layer: ``data/time/words.tsv`` and ``data/time/holidays.tsv``.

Both are read once per process (:func:`load_lexicon` is cached); a bad line is
reported as ``file:line: what`` in one :class:`~accord.errors.DataFileError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from dateutil.easter import easter

from accord.datafiles import read_data
from accord.errors import DataFileError, Errors

CLASSES = frozenset(
    "MON WD WDS NUM ORD UNIT POD SEASON DAYREF REF REL SHIFT EDGE EDGEN FEW FREQ MULT EVERY AMPM TZ DEC".split()
)
_HOLIDAY_RULE = re.compile(r"^(?:\d\d-\d\d|easter[+-]\d+|-?[1-5]:[1-7]:\d\d)$")


@dataclass(frozen=True)
class Lexicon:
    words: dict[str, dict[str, str]] = field(default_factory=dict)  # word -> {class: value}
    holidays: dict[tuple[str, ...], str] = field(default_factory=dict)  # phrase words -> rule

    def value(self, word: str, cls: str) -> str | None:
        return self.words.get(word, {}).get(cls)

    def classes(self, word: str) -> dict[str, str]:
        return self.words.get(word, {})


def _rows(builtin: str) -> tuple[str, list[tuple[int, list[str]]]]:
    text, name, _ = read_data(None, builtin)
    rows = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if line.strip() and not line.lstrip().startswith("#"):
            rows.append((lineno, line.rstrip("\n").split("\t")))
    return name, rows


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    problems: list[str] = []
    words: dict[str, dict[str, str]] = {}
    name, rows = _rows("time/words.tsv")
    for lineno, cols in rows:
        if len(cols) != 3 or cols[0] not in CLASSES or not cols[1] or cols[1] != cols[1].lower():
            problems.append(Errors.A201.format(path=name, line=lineno,
                                               problem="expected class<TAB>lower-case word<TAB>value "
                                                       f"with a class among {' '.join(sorted(CLASSES))}"))
            continue
        words.setdefault(cols[1], {})[cols[0]] = cols[2]
    holidays: dict[tuple[str, ...], str] = {}
    hname, rows = _rows("time/holidays.tsv")
    for lineno, cols in rows:
        if len(cols) != 2 or not _HOLIDAY_RULE.match(cols[1]):
            problems.append(Errors.A201.format(path=hname, line=lineno,
                                               problem="expected phrase<TAB>rule (MM-DD, easter+N or N:WD:MM)"))
            continue
        holidays[tuple(cols[0].split())] = cols[1]
    if problems:
        raise DataFileError("data/time", problems)
    return Lexicon(words=words, holidays=holidays)


def holiday_date(rule: str, year: int) -> date | None:
    """The day a holiday rule gives in ``year`` (None if the rule names no such day)."""
    if rule.startswith("easter"):
        return easter(year) + timedelta(days=int(rule[6:]))
    if ":" in rule:
        nth, weekday, month = (int(x) for x in rule.split(":"))
        if nth > 0:
            first = date(year, month, 1)
            day = first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (nth - 1))
        else:
            nxt = date(year + (month == 12), month % 12 + 1, 1)
            last = nxt - timedelta(days=1)
            day = last - timedelta(days=(last.isoweekday() - weekday) % 7)
        return day if day.month == month else None
    month, dom = (int(x) for x in rule.split("-"))
    return date(year, month, dom)
