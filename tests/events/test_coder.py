"""Who did what to whom, on sentences written for these tests."""

from __future__ import annotations

import pytest

from accord.pipeline import analyze_texts


def events_of(res, text):
    [analysis] = analyze_texts([text], res)
    return analysis.events


def countries(actors):
    return {a.country for a in actors}


def test_attack_subject_and_object(res):
    [ev, *_] = events_of(res, "Rebels attacked a Syrian army post near Aleppo.")
    assert ev.cameo[:2] in ("18", "19") and ev.plover == "ASSAULT" and ev.quad_class == 4
    assert "SYR" in countries(ev.target)
    assert ev.trigger.text.startswith("attacked")
    assert ev.rule and ev.modality == "asserted"


def test_passive_agent_is_source(res):
    evs = events_of(res, "The Turkish embassy was attacked by Islamic State militants on Monday.")
    attack = [e for e in evs if e.cameo[:2] in ("18", "19")][0]
    assert any((a.code or "").startswith("IMG") for a in attack.source)
    assert "TUR" in countries(attack.target)


def test_coordinated_sources(res):
    evs = events_of(res, "The United States, Russia and France condemned the bombing of the Iraqi embassy.")
    ev = [e for e in evs if e.plover == "ACCUSE"][0]
    assert {"USA", "RUS", "FRA"} <= countries(ev.source)


def test_intent_governor_composes_one_event(res):
    evs = events_of(res, "Iran agreed to negotiate with the United States.")
    assert len([e for e in evs if e.cameo.startswith("03")]) == 1
    [ev] = [e for e in evs if e.cameo.startswith("03")]
    assert ev.cameo.startswith("036") and ev.modality == "intended"
    assert countries(ev.source) == {"IRN"} and countries(ev.target) == {"USA"}
    assert "agreed" in ev.trigger.text and "negotiate" in ev.trigger.text


@pytest.mark.parametrize("text,modality", [
    ("Russia did not attack Turkey.", "negated"),
    ("Russia could attack Turkey.", "hypothetical"),
    ("Turkey said Russian jets attacked its border posts.", "reported"),
    ("Russian jets attacked Turkish border posts.", "asserted"),
])
def test_modality(res, text, modality):
    evs = [e for e in events_of(res, text) if e.cameo[:2] in ("18", "19")]
    assert evs and evs[0].modality == modality


def test_reported_event_carries_the_speaker(res):
    evs = events_of(res, "Turkey said Russian jets attacked its border posts.")
    [ev] = [e for e in evs if e.cameo[:2] in ("18", "19")]
    assert ev.attribution and ev.attribution[0].speaker is not None
    assert ev.attribution[0].speaker.country == "TUR"
    assert ev.attribution[0].cue.text == "said"


def test_offsets_and_ids(res):
    text = "Israel and Egypt signed an agreement in Cairo. Hamas fired rockets at Israel."
    [analysis] = analyze_texts([text], res)
    assert [e.id for e in analysis.events] == [f"ev{i}" for i in range(1, len(analysis.events) + 1)]
    for e in analysis.events:
        assert text[e.trigger.start:e.trigger.end] == e.trigger.text
        s, t = analysis.sentences[e.sentence]
        assert s <= e.trigger.start < t


def test_event_date_from_its_own_time_expression(res):
    from accord.pipeline import analyze_batch
    from accord.records import Record

    text = "Rebels attacked an army post near Aleppo on Friday. Russia condemned the attack."
    [analysis] = analyze_batch([Record(id="d", text=text, date="2015-11-14")], res)
    attack = next(e for e in analysis.events if e.cameo[:2] in ("18", "19"))
    condemn = next(e for e in analysis.events if e.plover == "ACCUSE")
    assert (attack.date, attack.date_basis) == ("2015-11-13", "text")
    assert (condemn.date, condemn.date_basis) == ("2015-11-14", "metadata")


def test_main_clause_subject_swallowed_by_a_fronted_clause(res):
    # The small model reads "Lagos, Nigerian ministers and police chiefs" as one list and "met" as a
    # conjunct of "attacked": the ministers meet, and the gunmen attack only the church.
    evs = events_of(res, "Hours after gunmen attacked a church in Lagos, Nigerian ministers and police chiefs "
                         "met to discuss security.")
    attack = next(e for e in evs if e.cameo[:2] in ("18", "19"))
    meeting = next(e for e in evs if e.trigger.text.startswith("met"))
    assert [a.text for a in attack.source] == ["gunmen"]
    assert attack.target and all("ministers" not in a.text for a in attack.target)
    assert "NGA" in countries(meeting.source) and all(a.code != "UAF" for a in meeting.source)
