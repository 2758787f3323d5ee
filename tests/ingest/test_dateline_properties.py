"""Property tests of the dateline parser: any text with any reference date gives None or a
Dateline inside the text, and normalise_date any value None or a day; never an exception."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from accord.ingest import parse_dateline
from accord.ingest.dateline import normalise_date

PROPERTY = settings(max_examples=300, deadline=None)
# Openings built from the parts a dateline has, so that the parser's branches are reached.
PLACE = st.sampled_from(["BEIRUT", "UNITED NATIONS", "Beirut", "KABUL, Afghanistan", "WASHINGTON, D.C.", "É", "X"])
WHEN = st.sampled_from(["", ", Nov 14", " (NOVEMBER 14, 2015)", ", 29 Feb", ", Feb 29, 2015", ", 31 April",
                        ", Dec 31", ", Jan 1", ", 0 Jan", ", 99 May 0000"])
AGENCY = st.sampled_from(["", " (Reuters)", " /PRNewswire/", " (AP)", " ()"])
DASH = st.sampled_from([" - ", " -- ", " – ", "—", "-", " "])
OPENING = st.tuples(PLACE, WHEN, AGENCY, DASH, st.text(max_size=20)).map("".join)
TEXT = st.lists(OPENING | st.text(max_size=30) | st.sampled_from(["\n", "\n\n", " \n"]), max_size=6).map("".join)
REFERENCE = st.none() | st.sampled_from(["9999-12-31", "0001-01-01"]) | st.dates().map(date.isoformat) | st.text(max_size=12)


@PROPERTY
@given(text=OPENING | TEXT | st.text(), reference=REFERENCE)
def test_any_text_any_reference(text: str, reference: str | None) -> None:
    dateline = parse_dateline(text, reference_date=reference)
    if dateline is None:
        return
    assert 0 < dateline.end <= len(text)
    assert dateline.place and dateline.place in text[: dateline.end]
    assert dateline.date is None or date.fromisoformat(dateline.date)
    assert dateline.agency is None or dateline.agency.strip() == dateline.agency != ""


@PROPERTY
@given(value=st.text() | st.none() | st.integers() | st.dates().map(date.isoformat))
def test_normalise_date_any_value(value: object) -> None:
    day = normalise_date(value)
    assert day is None or date.fromisoformat(day)
