"""Wire-service datelines (``BEIRUT, Nov 14 (Reuters) -``) and date normalisation.

A dateline tells where the story was filed, often when, and by which agency;
it is the fallback publication date when the input carries no metadata date.
``read_inputs`` does not parse datelines: the pipeline calls
``parse_dateline(record.text, reference_date=record.date)`` and takes the
dateline's date as the record's date only when the record has none.

To keep ordinary sentences out, a dateline must open one of the first three
paragraphs, name its place in upper-case words (or in Title Case followed by
a comma, a date and an agency), carry an agency or a date, and end in a dash.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from dateutil import parser as date_parser

from accord.records import Dateline

_UP = "A-ZÀ-ÖØ-Þ"
_S = r"[ \t\u00a0]"  # a space that never crosses a line
_MONTH = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DATE = (
    rf"(?:{_MONTH}\.?{_S}+\d{{1,2}}(?:,?{_S}+\d{{4}})?"
    rf"|\d{{1,2}}{_S}+{_MONTH}\.?(?:,?{_S}+\d{{4}})?)"
)
_UPPER_WORD = rf"[{_UP}][{_UP}'’.\-]+"
_TITLE_WORD = rf"[{_UP}](?:[^\W\d_]|['’.\-])+"
_REGION = rf"(?!{_MONTH}\b){_TITLE_WORD}(?:{_S}{_TITLE_WORD})*"
_DATE_PART = rf"(?:,{_S}*|{_S}*(?P<paren>\())(?P<date>{_DATE})(?(paren)\))"
_AGENCY_PART = rf"{_S}*(?:\((?P<agency>[{_UP}][^()\n]{{0,40}})\)|/(?P<wire>[{_UP}][^/\n]{{0,40}})/)"
_DASH = rf"{_S}*(?:--|[-–—―‒]){_S}*"

_UPPER = re.compile(
    rf"(?P<place>{_UPPER_WORD}(?:{_S}{_UPPER_WORD})*(?:,{_S}*{_REGION})?)"
    rf"(?:{_DATE_PART})?(?:{_AGENCY_PART})?{_DASH}"
)
_TITLE = re.compile(
    rf"(?P<place>{_TITLE_WORD}(?:{_S}{_TITLE_WORD})*(?:,{_S}*{_REGION})?)"
    rf"{_DATE_PART}{_AGENCY_PART}{_DASH}"
)
_DATE_PIECES = re.compile(
    rf"(?P<m1>{_MONTH})\.?{_S}+(?P<d1>\d{{1,2}})(?:,?{_S}+(?P<y1>\d{{4}}))?"
    rf"|(?P<d2>\d{{1,2}}){_S}+(?P<m2>{_MONTH})\.?(?:,?{_S}+(?P<y2>\d{{4}}))?"
)
_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_LINE_STARTS = re.compile(r"^[ \t\u00a0\ufeff]*(?=\S)", re.M)
_BLOCK_STARTS = re.compile(r"(?:\A|\n[ \t]*\n)\s*(?=\S)")


def parse_dateline(text: str, reference_date: str | None = None) -> Dateline | None:
    """The dateline opening one of the first three paragraphs, or None.

    A date without a year is resolved against ``reference_date``
    (``YYYY-MM-DD``, usually the publication date) and is None without one.
    """
    for start in _paragraph_starts(text):
        match = _UPPER.match(text, start) or _TITLE.match(text, start)
        if match is None or not (match["date"] or match["agency"] or match["wire"]):
            continue
        agency = match["agency"] or match["wire"]
        return Dateline(
            place=match["place"].strip(),
            date=_resolve(match["date"], reference_date) if match["date"] else None,
            agency=agency.strip().upper() if agency else None,
            end=match.end(),
        )
    return None


def normalise_date(value: object) -> str | None:
    """A metadata date as ``YYYY-MM-DD``; None when unparseable or lacking a day or year.

    Parsing against two different defaults exposes the parts the value lacks,
    so "Nov 14" never silently takes the current year.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        first = date_parser.parse(value, default=datetime(1900, 1, 1))
        second = date_parser.parse(value, default=datetime(2000, 2, 2))
    except (ValueError, OverflowError):
        return None
    if first.date() != second.date():
        return None
    return first.date().isoformat()


def _paragraph_starts(text: str) -> list[int]:
    """Offsets of the first three lines and the first three blank-line blocks.

    Both, because some texts separate paragraphs by single newlines (HTML
    extraction) and others hard-wrap lines inside blank-line-separated paragraphs.
    """
    starts: set[int] = set()
    for pattern in (_LINE_STARTS, _BLOCK_STARTS):
        for i, match in enumerate(pattern.finditer(text)):
            if i == 3:
                break
            starts.add(match.end())
    return sorted(starts)


def _resolve(written: str, reference_date: str | None) -> str | None:
    """The written dateline date as ``YYYY-MM-DD``, using the reference for a missing year."""
    pieces = _DATE_PIECES.fullmatch(written)
    if pieces is None:
        return None
    month = _MONTHS[(pieces["m1"] or pieces["m2"])[:3].lower()]
    day = int(pieces["d1"] or pieces["d2"])
    year = pieces["y1"] or pieces["y2"]
    if year:
        try:
            return date(int(year), month, day).isoformat()
        except ValueError:
            return None
    return _nearest_before(month, day, reference_date)


def _nearest_before(month: int, day: int, reference_date: str | None) -> str | None:
    """The latest month/day not after the reference plus one day (filing across midnight)."""
    try:
        reference = date.fromisoformat(reference_date or "")
    except ValueError:
        return None
    limit = reference + timedelta(days=1) if reference < date.max else reference
    for year in range(limit.year, limit.year - 9, -1):  # nine years reach back past a Feb 29
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= limit:
            return candidate.isoformat()
    return None
