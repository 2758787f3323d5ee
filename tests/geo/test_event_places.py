"""Event places: the event's own place phrase, else the dateline's place for statements and meetings."""

from __future__ import annotations

from accord.pipeline import analyze_batch
from accord.records import Analysis, Record

DATELINE = "KABUL, Nov 14 (Reuters) - "


def analyse(res, text) -> Analysis:
    [analysis] = analyze_batch([Record(id="d", text=text)], res)
    return analysis


def place_of(analysis, event):
    return next((p for p in analysis.places if p.id == event.place), None)


def violent(analysis):
    return next(e for e in analysis.events if e.cameo[:2] in ("18", "19", "20"))


def test_own_place_phrase(res):
    a = analyse(res, "Gunmen attacked a hotel in Bamako on Friday.")
    ev = violent(a)
    assert ev.place_basis == "text" and place_of(a, ev).country == "MLI"


def test_through_and_near(res):
    a = analyse(res, "Gunmen went on a rampage through Paris.")
    assert place_of(a, violent(a)).name == "Paris"
    a = analyse(res, "Rebels attacked a Syrian army post near Aleppo.")
    assert place_of(a, violent(a)).country == "SYR"


def test_dateline_place_for_statements_not_for_unplaced_violence(res):
    a = analyse(res, DATELINE + "Afghanistan's foreign minister met his Pakistani counterpart. "
                                "Insurgents attacked an army convoy.")
    meeting = next(e for e in a.events if e.cameo[:2] in ("03", "04"))
    kabul = place_of(a, meeting)
    assert meeting.place_basis == "dateline" and kabul.name == "Kabul" and kabul.start < a.dateline.end
    attack = violent(a)
    assert attack.place is None and attack.place_basis == "none"


def test_reported_statement_elsewhere_does_not_take_the_dateline(res):
    a = analyse(res, DATELINE + "Officials said Iran had threatened Saudi Arabia.")
    threat = next(e for e in a.events if e.cameo.startswith("13"))
    assert threat.place is None


def test_no_dateline_no_place(res):
    a = analyse(res, "Afghanistan's foreign minister met his Pakistani counterpart.")
    assert all(e.place is None for e in a.events)


def test_a_place_inside_a_locative_phrase(res):
    a = analyse(res, "A suicide bomber killed 12 people at a market in Kandahar.")
    assert place_of(a, violent(a)).country == "AFG"


def test_a_subject_place_is_the_trigger_own(res):
    a = analyse(res, "Fighting in Yemen has killed thousands.")
    fighting = next(e for e in a.events if e.trigger.text == "Fighting")
    assert place_of(a, fighting).country == "YEM"
