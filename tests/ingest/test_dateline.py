"""parse_dateline: wire-service datelines, their dates, and sentences that are not datelines."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.ingest import parse_dateline
from accord.ingest.dateline import normalise_date

SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "seed" / "vienna-2015-11-14.txt"
BODY = "Officials met on Saturday."


@pytest.mark.parametrize(
    ("opening", "place", "date", "agency"),
    [
        ("VIENNA, AUSTRIA (NOVEMBER 14, 2015) (REUTERS) – ", "VIENNA, AUSTRIA", "2015-11-14", "REUTERS"),
        ("BEIRUT, Nov 14 (Reuters) - ", "BEIRUT", None, "REUTERS"),
        ("WASHINGTON (AP) — ", "WASHINGTON", None, "AP"),
        ("PARIS, 14 November 2015 (AFP) - ", "PARIS", "2015-11-14", "AFP"),
        ("MOSCOW, Nov. 14 (Xinhua) -- ", "MOSCOW", None, "XINHUA"),
        ("KABUL, Afghanistan (AP) — ", "KABUL, Afghanistan", None, "AP"),
        ("UNITED NATIONS (Reuters) - ", "UNITED NATIONS", None, "REUTERS"),
        ("NEW YORK, March 3, 2016 /PRNewswire/ -- ", "NEW YORK", "2016-03-03", "PRNEWSWIRE"),
        ("LONDON (Reuters) - ", "LONDON", None, "REUTERS"),
        ("LONDON (Reuters) – ", "LONDON", None, "REUTERS"),
        ("LONDON (Reuters)—", "LONDON", None, "REUTERS"),
        ("WASHINGTON, D.C., Nov 14 (UPI) -- ", "WASHINGTON, D.C.", None, "UPI"),
        ("Beirut, Nov 14 (Reuters) - ", "Beirut", None, "REUTERS"),
        ("GENEVA, Nov 14 - ", "GENEVA", None, None),
    ],
)
def test_datelines(opening: str, place: str, date: str | None, agency: str | None) -> None:
    text = opening + BODY
    dateline = parse_dateline(text)
    assert dateline is not None
    assert (dateline.place, dateline.date, dateline.agency) == (place, date, agency)
    assert text[dateline.end :] == BODY


@pytest.mark.parametrize(
    ("opening", "reference", "date"),
    [
        ("BEIRUT, Nov 14 (Reuters) - ", "2015-11-15", "2015-11-14"),
        ("BEIRUT, Nov 14 (Reuters) - ", "2015-11-13", "2015-11-14"),  # filed across midnight
        ("BEIRUT, Nov 14 (Reuters) - ", "2015-11-12", "2014-11-14"),
        ("BEIRUT, Dec. 31 (Reuters) - ", "2016-01-02", "2015-12-31"),
        ("BEIRUT, Feb 29 (Reuters) - ", "2015-03-01", "2012-02-29"),
        ("BEIRUT, Nov 31 (Reuters) - ", "2015-12-01", None),
        ("BEIRUT, Nov 14 (Reuters) - ", "not a date", None),
        ("BEIRUT, Nov 14 (Reuters) - ", "9999-12-31", "9999-11-14"),  # the last day has no day after it
        ("BEIRUT, Dec 31 (Reuters) - ", "0001-01-01", None),
        ("PARIS, 14 November 2013 (AFP) - ", "2015-11-15", "2013-11-14"),  # a written year wins
    ],
)
def test_dateline_dates_against_reference(opening: str, reference: str, date: str | None) -> None:
    dateline = parse_dateline(opening + BODY, reference_date=reference)
    assert dateline is not None and dateline.date == date


@pytest.mark.parametrize(
    "text",
    [
        "He said (in private) - that the talks would fail.",
        "Kerry says he has been told Assad means to enter real negotiation",
        "NATO (in a statement) - the alliance said.",
        "WASHINGTON — The president spoke.",  # no agency and no date
        "Monday, Nov 14 - a day of talks.",  # Title Case needs an agency too
        "The talks in VIENNA (Reuters) - went on.",  # not at a paragraph start
        "One.\n\nTwo.\n\nThree.\n\nLONDON (Reuters) - Fourth paragraph.",
        "",
    ],
)
def test_not_datelines(text: str) -> None:
    assert parse_dateline(text) is None


def test_dateline_in_third_paragraph_and_after_a_title() -> None:
    text = "Headline here\n\nA summary line.\n\nLONDON (Reuters) - " + BODY
    dateline = parse_dateline(text)
    assert dateline is not None and dateline.place == "LONDON"
    assert text[dateline.end :] == BODY


def test_dateline_on_single_newline_paragraphs() -> None:
    text = "Headline here\nLONDON, Nov 14 (Reuters) - " + BODY
    dateline = parse_dateline(text, reference_date="2015-11-14")
    assert dateline is not None and (dateline.place, dateline.date) == ("LONDON", "2015-11-14")


def test_seed_article() -> None:
    if not SEED.exists():
        pytest.skip("shared seed article absent")
    text = SEED.read_text(encoding="utf-8")
    dateline = parse_dateline(text)
    assert dateline is not None
    assert (dateline.place, dateline.date, dateline.agency) == ("VIENNA, AUSTRIA", "2015-11-14", "REUTERS")
    assert text[dateline.end :].startswith("Syrian President Bashar al-Assad plans")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2015-11-14T10:00:00Z", "2015-11-14"),
        ("2015-11-14", "2015-11-14"),
        ("14 November 2015", "2015-11-14"),
        ("Nov 14, 2015", "2015-11-14"),
        ("Nov 14", None),  # no year: never guessed
        ("2015", None),
        ("soon", None),
        ("", None),
        (1447495200, None),
    ],
)
def test_normalise_date(value: object, expected: str | None) -> None:
    assert normalise_date(value) == expected
