"""Casualty counts: the forms news uses, what they attach to, cumulative tolls."""

from __future__ import annotations

import pytest

from accord.events.casualties import find_pairs, load_lexicon
from accord.pipeline import analyze_batch
from accord.records import Record


def counts(res, text):
    doc = res.nlp(text)
    return [(p.kind, p.count.min, p.count.max) for s in doc.sents for p in find_pairs(s, set(), load_lexicon())]


@pytest.mark.parametrize("text,found", [
    ("The attack left at least 129 people dead.", ("killed", 129, None)),
    ("More than 250,000 people have been killed.", ("killed", 250001, None)),  # strictly more than
    ("Dozens of people were wounded.", ("injured", 24, None)),
    ("Scores were killed.", ("killed", 40, None)),
    ("Hundreds were injured.", ("injured", 200, None)),
    ("Twelve soldiers were killed.", ("killed", 12, 12)),
    ("Thirty-five people died.", ("killed", 35, 35)),
    ("A dozen people were hurt.", ("injured", 12, 12)),
    ("Between 10 and 15 soldiers died.", ("killed", 10, 15)),
    ("Up to 40 people were killed.", ("killed", None, 40)),
    ("Nearly 200 were injured.", ("injured", None, 199)),
    ("Several hundred civilians were killed.", ("killed", 300, None)),
    ("About 1.5 million people have died.", ("killed", 1_500_000, 1_500_000)),
    ("The death toll rose to 52.", ("killed", 52, 52)),
    ("The death toll from Saturday's earthquake rose to 52.", ("killed", 52, 52)),
    ("Two hundred and twelve people were wounded.", ("injured", 212, 212)),
])
def test_count_forms(res, text, found):
    assert counts(res, text) == [found]


def test_killing_and_wounding(res):
    assert counts(res, "Gunmen attacked a hotel, killing five people and wounding 30.") == [
        ("killed", 5, 5), ("injured", 30, 30)]


@pytest.mark.parametrize("text", [
    "Rebels attacked 3 villages and 12 towns.", "The army lost 12 percent of its tanks.", "Twelve people met the king.",
    "The new taxes hurt millions of families.",
])
def test_numbers_that_are_not_casualties(res, text):
    assert counts(res, text) == []


def analyse(res, text):
    [analysis] = analyze_batch([Record(id="d", text=text, date="2015-11-14")], res)
    return analysis


def test_counts_attach_to_the_violent_event(res):
    a = analyse(res, "Gunmen attacked a hotel in Bamako, killing 21 people and wounding seven.")
    attack = next(e for e in a.events if "attacked" in e.trigger.text)
    assert (attack.fatalities.min, attack.injured.min) == (21, 7)  # the killing and wounding are the attack's
    assert attack.fatalities.text == "killing 21 people"
    assert {c.event for c in a.casualties} == {attack.id}
    assert all(c.scope == "event" for c in a.casualties)


def test_an_incident_noun_finds_its_event_by_place(res):
    a = analyse(res, "Gunmen went on a rampage through Paris on Friday. "
                     "President Hollande said the attacks in Paris left at least 129 people dead.")
    rampage = next(e for e in a.events if e.cameo[:2] in ("18", "19", "20"))
    assert rampage.fatalities is not None and rampage.fatalities.min == 129
    assert rampage.fatalities.text == "at least 129 people dead"


@pytest.mark.parametrize("text,conflict", [
    ("Syria's civil war has killed more than 250,000 people.", "Syria's civil war"),
    ("More than 250,000 people have been killed in the civil war.", "the civil war"),
    ("At least 4,000 people have died in eastern Ukraine since April.", None),
])
def test_cumulative_tolls_belong_to_the_conflict(res, text, conflict):
    a = analyse(res, text)
    [toll] = a.casualties
    assert toll.scope == "conflict" and toll.event is None
    assert (toll.conflict.text if toll.conflict else None) == conflict
    assert all(e.fatalities is None for e in a.events)


def test_a_toll_of_the_day_is_not_cumulative(res):
    a = analyse(res, "Rebels attacked a village on Friday and killed 12 civilians.")
    [toll] = a.casualties
    assert toll.scope == "event" and toll.count.min == 12


def test_the_wounded_of_a_killing_belong_to_the_main_incident(res):
    a = analyse(res, "A car bomb exploded in a market in Baghdad on Sunday, killing at least 25 people "
                     "and wounding dozens.")
    blast = next(e for e in a.events if "exploded" in e.trigger.text)
    assert (blast.fatalities.min, blast.injured.min, blast.injured.max) == (25, 24, None)
