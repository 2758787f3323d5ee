"""Event dates: own time expressions, anchors ("a day after X"), the document date; stored grains."""

from __future__ import annotations

import pytest

from accord.pipeline import analyze_batch
from accord.records import Record
from accord.time.anchors import anchor_shift
from accord.time.event_dates import spec_date

DAY = "2015-11-14"  # a Saturday


def events(res, text, date=DAY):
    [analysis] = analyze_batch([Record(id="d", text=text, date=date)], res)
    return analysis.events


def violent(evs):
    return next(e for e in evs if e.cameo[:2] in ("18", "19", "20"))


@pytest.mark.parametrize("value,stored", [
    ("2015-11-13", "2015-11-13"), ("2016-01", "2016-01"), ("2015", "2015"),
    ("2015-W45", "2015-11"),  # 2 to 8 November: its month
    ("2015-W49", "2015"),  # 30 November to 6 December: across two months
    ("2015-Q4", "2015"), ("2015-11-14TNI", "2015-11-14"), ("201", None), ("PAST_REF", None), ("P2Y", None),
])
def test_spec_date_stores_the_smallest_spec_grain(value, stored):
    assert spec_date(value) == stored


@pytest.mark.parametrize("text,shift", [
    ("A day after", (-1, "D")), ("two weeks before", (2, "W")), ("the day after", (-1, "D")),
    ("hours after", (0, "D")), ("weeks after", None), ("a day", None),
])
def test_anchor_shift(text, shift):
    assert anchor_shift(text) == shift


def test_a_day_after_dates_the_anchored_clause_the_day_before(res):
    evs = events(res, "A day after gunmen went on a rampage through Paris, ministers agreed to seek a ceasefire.")
    rampage = violent(evs)
    agreed = next(e for e in evs if "agreed" in e.trigger.text)
    assert (rampage.date, rampage.date_basis) == ("2015-11-13", "text")
    assert (agreed.date, agreed.date_basis) == (DAY, "text")
    assert rampage.date_time == agreed.date_time is not None


def test_two_days_before_dates_the_anchored_clause_later(res):
    evs = events(res, "Two days before rebels attacked the town, the army withdrew its troops from the area.")
    attack = violent(evs)
    assert (attack.date, attack.date_basis) == ("2015-11-16", "text")


def test_yesterday(res):
    attack = violent(events(res, "Rebels attacked a police station in Kabul yesterday."))
    assert (attack.date, attack.date_basis) == ("2015-11-13", "text")


def test_the_day_before_counts_from_the_narrative_time(res):
    evs = events(res, "Police arrested three men on Friday. The men had attacked a checkpoint the day before.")
    assert violent(evs).date == "2015-11-12"


def test_last_week_is_stored_as_its_month_with_the_week_kept(res):
    attack = violent(events(res, "Rebels attacked an army base last week."))
    assert (attack.date, attack.date_value, attack.date_basis) == ("2015-11", "2015-W45", "text")


def test_no_date_in_the_text_takes_the_document_date(res):
    attack = violent(events(res, "Rebels attacked an army base near Aleppo."))
    assert (attack.date, attack.date_basis, attack.date_time) == (DAY, "metadata", None)
    attack = violent(events(res, "Rebels attacked an army base near Aleppo.", date=None))
    assert (attack.date, attack.date_basis) == (None, "none")


def test_a_since_date_bounds_a_span_and_dates_no_event(res):
    evs = events(res, "Fighting in Yemen has killed more than 10,000 people since March 2015.")
    assert all(e.date != "2015-03" for e in evs)
