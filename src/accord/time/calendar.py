"""Calendar arithmetic on TIMEX3 values: points of a granularity, shifted and written out.

A :class:`Point` is a stretch of the calendar named by its first day and its
granularity (``D`` day, ``W`` ISO week, ``M`` month, ``Q`` quarter, ``HALF``,
``Y`` year, ``DE`` decade, ``CE`` century); :func:`Point.value` writes it as a
TIMEX3 value (``2015-11-14``, ``2015-W46``, ``2015-11``, ``2015-Q4``, ``2015-H2``,
``2015``, ``201``, ``20``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

GRANULARITIES = ("D", "W", "M", "Q", "HALF", "Y", "DE", "CE")


@dataclass(frozen=True, slots=True)
class Point:
    start: date
    gran: str  # one of GRANULARITIES

    @classmethod
    def of(cls, day: date, gran: str) -> Point:
        """The point of granularity ``gran`` that contains ``day``."""
        if gran == "D":
            return cls(day, gran)
        if gran == "W":
            return cls(day - timedelta(days=day.isoweekday() - 1), gran)
        if gran == "M":
            return cls(day.replace(day=1), gran)
        if gran == "Q":
            return cls(date(day.year, 3 * ((day.month - 1) // 3) + 1, 1), gran)
        if gran == "HALF":
            return cls(date(day.year, 1 if day.month <= 6 else 7, 1), gran)
        if gran == "Y":
            return cls(date(day.year, 1, 1), gran)
        if gran == "DE":
            return cls(date(max(day.year // 10 * 10, 1), 1, 1), gran)
        if gran == "CE":
            return cls(date(max(day.year // 100 * 100, 1), 1, 1), gran)
        raise ValueError(gran)

    def shift(self, n: int, unit: str | None = None) -> Point:
        """``n`` units later (earlier if negative); the unit defaults to the granularity."""
        return Point.of(add(self.start, n, unit or self.gran), self.gran)

    def value(self) -> str:
        d = self.start
        if self.gran == "D":
            return d.isoformat()
        if self.gran == "W":
            year, week, _ = d.isocalendar()
            return f"{year:04d}-W{week:02d}"
        if self.gran == "M":
            return f"{d.year:04d}-{d.month:02d}"
        if self.gran == "Q":
            return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
        if self.gran == "HALF":
            return f"{d.year:04d}-H{1 if d.month <= 6 else 2}"
        if self.gran == "Y":
            return f"{d.year:04d}"
        if self.gran == "DE":
            return f"{d.year // 10:03d}"
        return f"{d.year // 100:02d}"


_STEP = {"D": relativedelta(days=1), "W": relativedelta(weeks=1), "WE": relativedelta(weeks=1),
         "F": relativedelta(weeks=2), "M": relativedelta(months=1), "Q": relativedelta(months=3),
         "HALF": relativedelta(months=6), "Y": relativedelta(years=1), "DE": relativedelta(years=10),
         "CE": relativedelta(years=100)}


def add(day: date, n: int, unit: str) -> date:
    """``day`` moved by ``n`` units (D W WE F M Q HALF Y DE CE); clamped to the calendar's range."""
    try:
        return day + _STEP[unit] * n
    except (OverflowError, ValueError):
        return date.max if n > 0 else date.min


# granularity of a point a unit names ("two weeks ago" is a week, "a fortnight ago" a week)
UNIT_GRAN = {"D": "D", "W": "W", "WE": "W", "F": "W", "M": "M", "Q": "Q", "HALF": "HALF", "Y": "Y",
             "DE": "Y", "CE": "Y"}


_VALUE = re.compile(
    r"^(?:(?P<y>\d{4})(?:-(?:(?P<m>\d{2})(?:-(?P<d>\d{2}))?|W(?P<w>\d{2})|Q(?P<q>[1-4])|H(?P<h>[12])))?"
    r"|(?P<de>\d{3})|(?P<ce>\d{2}))(?:T.*)?$"
)


def parse_value(value: str) -> Point | None:
    """The point a TIMEX3 calendar value names (None for durations, refs, values with X)."""
    m = _VALUE.match(value)
    if not m:
        return None
    try:
        if m["de"]:
            return Point(date(int(m["de"]) * 10 or 1, 1, 1), "DE")
        if m["ce"]:
            return Point(date(int(m["ce"]) * 100 or 1, 1, 1), "CE")
        year = int(m["y"])
        if m["d"]:
            return Point(date(year, int(m["m"]), int(m["d"])), "D")
        if m["m"]:
            return Point(date(year, int(m["m"]), 1), "M")
        if m["w"]:
            return Point(date.fromisocalendar(year, int(m["w"]), 1), "W")
        if m["q"]:
            return Point(date(year, 3 * int(m["q"]) - 2, 1), "Q")
        if m["h"]:
            return Point(date(year, 1 if m["h"] == "1" else 7, 1), "HALF")
        return Point(date(year, 1, 1), "Y")
    except ValueError:
        return None


def duration(n: float | None, unit: str) -> str:
    """ISO 8601 duration: ``P2Y``, ``PT5H30M``, ``PXD`` (``n`` None: an unknown number)."""
    if n is None:
        return {"H": "PTXH", "MIN": "PTXM", "S": "PTXS", "DE": "PXDE", "CE": "PXCE", "WE": "PXWE",
                "F": "PXW", "HALF": "PXM"}.get(unit, f"PX{unit}")
    scale = {"DE": (10, "Y"), "CE": (100, "Y"), "F": (2, "W"), "HALF": (6, "M")}
    if unit in scale:
        k, unit = scale[unit]
        n = n * k
    if unit == "WE":
        return f"P{_num(n)}WE"
    if n != int(n):  # fractions go down one unit where they can: 1.5 hours = PT1H30M
        whole, frac = int(n), n - int(n)
        lower = {"Y": (12, "M"), "M": None, "W": (7, "D"), "D": (24, "H"), "H": (60, "MIN"), "MIN": (60, "S"),
                 "Q": (3, "M")}.get(unit)
        if lower is not None:
            k, small = lower
            rest = frac * k
            if rest == int(rest):
                big = _part(whole, unit) if whole else ""
                return _join(big, _part(int(rest), small), unit, small)
    return _join(_part(n, unit), "", unit, unit)


def _num(n: float) -> str:
    return str(int(n)) if n == int(n) else f"{n:g}"


def _part(n: float, unit: str) -> str:
    return f"{_num(n)}{'M' if unit == 'MIN' else unit}"


def _join(big: str, small: str, big_unit: str, small_unit: str) -> str:
    timeish = {"H", "MIN", "S"}
    if big_unit in timeish:
        return f"PT{big}{small}"
    if small_unit in timeish:
        return f"P{big}T{small}" if big else f"PT{small}"
    return f"P{big}{small}"
