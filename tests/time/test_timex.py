"""times.v1: finding, typing and normalising time expressions against the document date."""

from __future__ import annotations

from datetime import date

import pytest

from accord.pipeline import analyze_batch
from accord.records import Analysis, Record
from accord.resources import DEFAULT_LAYERS
from accord.time import find_times
from accord.time.calendar import Point, duration, parse_value
from accord.time.grammar import RULE_SPECS, tokenize
from accord.time.lexicon import holiday_date, load_lexicon
from accord.time.normalize import RULES

from ..conftest import SEED

DCT = "2015-11-14"  # a Saturday, ISO week 46


def times_of(res, text: str, dct: str | None = DCT) -> list[tuple[str, str, str]]:
    return [(t.text, t.type, t.value) for t in find_times(res.nlp(text), dct)]


def value_of(res, text: str, phrase: str, dct: str | None = DCT) -> tuple[str, str]:
    found = {t[0]: (t[1], t[2]) for t in times_of(res, text, dct)}
    assert phrase in found, found
    return found[phrase]


# ---------------------------------------------------------------- no model needed


@pytest.mark.parametrize("n,unit,value", [
    (2, "Y", "P2Y"), (5, "D", "P5D"), (18, "M", "P18M"), (1, "W", "P1W"), (5.5, "H", "PT5H30M"),
    (1.5, "Y", "P1Y6M"), (None, "Y", "PXY"), (None, "H", "PTXH"), (2, "DE", "P20Y"), (1, "CE", "P100Y"),
    (3, "MIN", "PT3M"), (2, "Q", "P2Q"),
])
def test_time_duration_values(n, unit, value):
    assert duration(n, unit) == value


@pytest.mark.parametrize("day,gran,value", [
    (date(2015, 11, 14), "D", "2015-11-14"), (date(2015, 11, 14), "W", "2015-W46"),
    (date(2015, 11, 14), "M", "2015-11"), (date(2015, 11, 14), "Q", "2015-Q4"),
    (date(2015, 11, 14), "HALF", "2015-H2"), (date(2015, 11, 14), "Y", "2015"),
    (date(1994, 5, 1), "DE", "199"), (date(1994, 5, 1), "CE", "19"),
    (date(2016, 1, 2), "W", "2015-W53"),  # ISO week-year
])
def test_time_point_values_round_trip(day, gran, value):
    point = Point.of(day, gran)
    assert point.value() == value
    assert parse_value(value) == point


def test_time_point_shift_and_refs():
    assert Point.of(date(2015, 11, 14), "W").shift(-1).value() == "2015-W45"
    assert Point.of(date(2015, 1, 20), "Q").shift(-1).value() == "2014-Q4"
    assert parse_value("PRESENT_REF") is None and parse_value("P2Y") is None and parse_value("XXXX-11") is None


def test_time_holiday_rules():
    assert holiday_date("4:4:11", 2015) == date(2015, 11, 26)  # Thanksgiving
    assert holiday_date("-1:1:05", 2015) == date(2015, 5, 25)  # Memorial Day
    assert holiday_date("easter+0", 2015) == date(2015, 4, 5)
    assert holiday_date("12-25", 2015) == date(2015, 12, 25)


def test_time_lexicon_loads_and_knows_the_words():
    lex = load_lexicon()
    assert lex.value("january", "MON") == "1" and lex.value("saturday", "WD") == "6"
    assert lex.value("years", "UNIT") == "Y" and ("christmas",) in lex.holidays


def test_time_tokens_keep_dates_and_abbreviations_whole():
    words = [t.text for t in tokenize("On Nov. 14, 2015-11-14 at 10:30 a.m., the '90s and Saturday’s talks")]
    assert words == ["On", "Nov.", "14", ",", "2015-11-14", "at", "10:30", "a.m.", ",", "the", "'90s",
                     "and", "Saturday", "’s", "talks"]


def test_time_every_grammar_rule_has_a_normaliser():
    assert {name for name, _ in RULE_SPECS} <= set(RULES)


def test_time_layer_is_in_the_default_pipeline_after_sentences():
    assert DEFAULT_LAYERS.index("times.v1") == DEFAULT_LAYERS.index("sentences.v1") + 1


# ---------------------------------------------------------------- with the parser


@pytest.mark.parametrize("text,phrase,kind,value", [
    # absolute dates
    ("The accord was signed on November 14, 2015.", "November 14, 2015", "DATE", "2015-11-14"),
    ("Fighting resumed on 14 Nov in the north.", "14 Nov", "DATE", "2015-11-14"),
    ("The report is dated 2015-11-14.", "2015-11-14", "DATE", "2015-11-14"),
    ("The ceasefire began on 11/02/2015.", "11/02/2015", "DATE", "2015-11-02"),
    ("He was born on 3 March 1970.", "3 March 1970", "DATE", "1970-03-03"),
    ("The deadline is Dec. 15.", "Dec. 15", "DATE", "2015-12-15"),
    ("Talks collapsed in June 2014.", "June 2014", "DATE", "2014-06"),
    ("The summit ended on Monday, Nov. 9.", "Monday, Nov. 9", "DATE", "2015-11-09"),
    # weekdays: past tense the most recent, future the next, "this" the same week
    ("The ministers met on Saturday in Vienna.", "Saturday", "DATE", "2015-11-14"),
    ("Rebels attacked the town on Tuesday.", "Tuesday", "DATE", "2015-11-10"),
    ("Talks will resume on Tuesday.", "Tuesday", "DATE", "2015-11-17"),
    ("The envoy arrived this Thursday.", "this Thursday", "DATE", "2015-11-12"),
    ("He left last Friday.", "last Friday", "DATE", "2015-11-13"),
    ("They will vote next Monday.", "next Monday", "DATE", "2015-11-16"),
    # months without a year
    ("The two sides hope to meet by January.", "January", "DATE", "2016-01"),
    ("Sales rose sharply in January.", "January", "DATE", "2015-01"),
    ("The vote will be held in March.", "March", "DATE", "2016-03"),
    ("The army withdrew last April.", "last April", "DATE", "2015-04"),
    # relative days, weeks, months
    ("The plan was announced yesterday.", "yesterday", "DATE", "2015-11-13"),
    ("The talks continue tomorrow.", "tomorrow", "DATE", "2015-11-15"),
    ("Protests erupted last week.", "last week", "DATE", "2015-W45"),
    ("A new round starts next week.", "next week", "DATE", "2015-W47"),
    ("Earlier this month, the army pulled back.", "Earlier this month", "DATE", "2015-11"),
    ("Prices fell last month.", "last month", "DATE", "2015-10"),
    ("Two weeks ago, the minister resigned.", "Two weeks ago", "DATE", "2015-W44"),
    ("The rebels attacked three days ago.", "three days ago", "DATE", "2015-11-11"),
    # years, decades, centuries
    ("Exports fell last year.", "last year", "DATE", "2014"),
    ("Elections are due next year.", "next year", "DATE", "2016"),
    ("The war began in 2011.", "2011", "DATE", "2011"),
    ("The economy boomed in the 1990s.", "the 1990s", "DATE", "199"),
    ("Relations soured in the late '80s.", "the late '80s", "DATE", "198"),
    ("It was the bloodiest war of the 20th century.", "the 20th century", "DATE", "19"),
    ("The wall fell two years ago.", "two years ago", "DATE", "2013"),
    # durations
    ("Elections will follow within two years.", "two years", "DURATION", "P2Y"),
    ("The siege lasted five days.", "five days", "DURATION", "P5D"),
    ("He spent 18 months in prison.", "18 months", "DURATION", "P18M"),
    ("Talks went on for more than four hours.", "more than four hours", "DURATION", "PT4H"),
    ("Unemployment doubled over the past two months.", "the past two months", "DURATION", "P2M"),
    ("A two-year truce was signed.", "two-year", "DURATION", "P2Y"),
    ("Fighting has gone on for several weeks.", "several weeks", "DURATION", "PXW"),
    # sets
    ("Every day, more refugees arrive.", "Every day", "SET", "P1D"),
    ("The council meets twice a year.", "twice a year", "SET", "P1Y"),
    ("The field pumps 1,000 barrels a day.", "a day", "SET", "P1D"),
    ("The paper is published weekly.", "weekly", "SET", "P1W"),
    ("Protesters gather every Friday.", "every Friday", "SET", "XXXX-WXX-5"),
    # times of day
    ("The talks began on Monday morning.", "Monday morning", "TIME", "2015-11-09TMO"),
    ("The blast happened at 3 p.m.", "3 p.m.", "TIME", "2015-11-14T15:00"),
    ("Voting closed at 10:30 a.m. Friday.", "10:30 a.m. Friday", "TIME", "2015-11-13T10:30"),
    ("Tonight the capital is quiet.", "Tonight", "TIME", "2015-11-14TNI"),
    ("Police fired tear gas last night.", "last night", "TIME", "2015-11-13TNI"),
    ("Gunfire was heard yesterday afternoon.", "yesterday afternoon", "TIME", "2015-11-13TAF"),
    # present, past and future references
    ("He is now in Paris.", "now", "DATE", "PRESENT_REF"),
    ("She currently leads the party.", "currently", "DATE", "PRESENT_REF"),
    ("The group recently split.", "recently", "DATE", "PAST_REF"),
    ("No deal is likely in the near future.", "the near future", "DATE", "FUTURE_REF"),
    # quarters and halves
    ("Profits rose in the third quarter.", "the third quarter", "DATE", "2015-Q3"),
    ("Output fell in the fourth quarter of 2014.", "the fourth quarter of 2014", "DATE", "2014-Q4"),
    ("Exports grew in the first half.", "the first half", "DATE", "2015-H1"),
    ("Growth slowed last quarter.", "last quarter", "DATE", "2015-Q3"),
    # seasons and holidays
    ("The offensive began this summer.", "this summer", "DATE", "2015-SU"),
    ("Talks resume in the spring of 2016.", "the spring of 2016", "DATE", "2016-SP"),
    ("The truce will start on Christmas Day.", "Christmas Day", "DATE", "2015-12-25"),
    # spelled-out years
    ("Nineteen ninety-six was a turning point.", "Nineteen ninety-six", "DATE", "1996"),
])
def test_time_normalises(res, text, phrase, kind, value):
    assert value_of(res, text, phrase) == (kind, value)


def test_time_relative_to_the_narrative(res):
    text = ("The minister resigned on Nov. 2. Three days later he was arrested. "
            "The next day he was freed. A week after his arrest, he left the country.")
    got = dict((t[0], t[2]) for t in times_of(res, text))
    assert got["Nov. 2"] == "2015-11-02"
    assert got["Three days later"] == "2015-11-05"
    assert got["The next day"] == "2015-11-06"
    assert got["A week after"] == "2015-11-06"  # his arrest is undated: the narrative's day


def test_time_counted_from_a_dated_complement(res):
    text = "The vote will be held two days before Christmas."
    assert value_of(res, text, "two days before") == ("DATE", "2015-12-23")


def test_time_a_year_earlier_keeps_the_quarter(res):
    text = "Profit rose in the third quarter, to $5 million from $4 million a year earlier."
    assert value_of(res, text, "a year earlier") == ("DATE", "2014-Q3")


@pytest.mark.parametrize("text", [
    "The 6-year-old boy was rescued.",
    "The victim was 52 years old.",
    "He won a quarter of the vote.",
    "It may rain on the march.",
    "The March on Washington drew thousands.",
])
def test_time_ignores_what_is_not_a_time(res, text):
    assert times_of(res, text) == []


def test_time_without_a_document_date_writes_unknowns_with_x(res):
    got = dict((t[0], t[2]) for t in times_of(res, "Talks resumed on Saturday and will end in January.", None))
    assert got == {"Saturday": "XXXX-WXX-6", "January": "XXXX-01"}
    assert value_of(res, "It ended on November 14, 2015.", "November 14, 2015", None) == ("DATE", "2015-11-14")


def test_time_spans_are_exact_and_ids_are_numbered(res):
    text = "On Saturday (November 14), after Saturday’s talks, they met again within two years."
    times = find_times(res.nlp(text), DCT)
    assert [t.id for t in times] == [f"t{i}" for i in range(1, len(times) + 1)]
    for t in times:
        assert text[t.start:t.end] == t.text
    assert [t.text for t in times] == ["Saturday", "November 14", "Saturday", "two years"]


# ---------------------------------------------------------------- the seed article


@pytest.fixture(scope="module")
def seed(res, seed_text) -> Analysis:
    [analysis] = analyze_batch([Record(id="seed", text=seed_text, origin=str(SEED))], res)
    assert isinstance(analysis, Analysis)
    return analysis


def test_seed_times(seed):
    assert seed.date == "2015-11-14"  # from the dateline
    by_text: dict[str, set[tuple[str, str]]] = {}
    for t in seed.times:
        assert seed.text[t.start:t.end] == t.text
        by_text.setdefault(t.text, set()).add((t.type, t.value))
    assert by_text["Saturday"] == {("DATE", "2015-11-14")}
    assert by_text["January"] == {("DATE", "2016-01")}
    assert by_text["two years"] == {("DURATION", "P2Y")}
    assert seed.text[seed.text.index("within two years"):].startswith("within " + "two years")
    assert ("SET", "P1D") in by_text["Every day"]


@pytest.mark.parametrize("text,phrase,value", [
    ("Police arrested them on Friday. They had attacked a checkpoint the day before.", "the day before", "2015-11-12"),
    ("The day before rebels attacked the town, the army withdrew.", "The day before", DCT),  # an anchor
    ("He arrived the day before last Tuesday.", "the day before", "2015-11-09"),
    ("He had left the year before.", "the year before", "2014"),
])
def test_time_the_unit_before(res, text, phrase, value):
    assert value_of(res, text, phrase) == ("DATE", value)
