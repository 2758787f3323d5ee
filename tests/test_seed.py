"""End to end on the reference article (../shared/seed), as the foundation issue asks."""

from __future__ import annotations

import pytest

from accord.eval.places import haversine_km
from accord.ingest import read_inputs
from accord.pipeline import analyze_batch
from accord.records import Analysis

from .conftest import SEED


@pytest.fixture(scope="module")
def seed(res, seed_text) -> Analysis:
    [analysis] = analyze_batch(list(read_inputs([str(SEED)])), res)
    assert isinstance(analysis, Analysis)
    return analysis


def actors_named(analysis: Analysis, word: str):
    return [e.actor for e in analysis.entities if word in e.text and e.actor is not None]


def test_seed_dateline_and_date(seed):
    assert seed.dateline is not None
    assert seed.dateline.date == "2015-11-14"
    assert seed.dateline.agency == "REUTERS"
    assert seed.date == "2015-11-14"


@pytest.mark.parametrize("word,country,sector", [("Kerry", "USA", "GOV"), ("Assad", "SYR", "GOV"), ("Lavrov", "RUS", "GOV")])
def test_seed_people_resolve_to_governments(seed, word, country, sector):
    actors = actors_named(seed, word)
    assert actors, f"no actor for {word}"
    assert all(a.country == country and a.sector == sector for a in actors)


def test_seed_de_mistura_is_the_un(seed):
    [actor, *_] = actors_named(seed, "Mistura")
    assert actor.code.startswith("IGOUNO")
    assert actor.country is None


def test_seed_islamic_state_and_daesh_are_one_non_state_actor(seed):
    ids = {a.kb_id for a in actors_named(seed, "Islamic State") + actors_named(seed, "Daesh")}
    assert len(ids) == 1 and None not in ids
    codes = {a.code for a in actors_named(seed, "Daesh")}
    assert all(a.country is None for a in actors_named(seed, "Daesh")), codes


def _sources(event):
    return {a.country for a in event.source}


def test_seed_assad_intends_to_negotiate_reported_or_intended(seed):
    found = [e for e in seed.events if e.cameo.startswith("03") and any("Assad" in a.text or a.name and "Assad" in a.name for a in e.source)]
    assert found, [(e.cameo, e.trigger.text, [a.text for a in e.source]) for e in seed.events]
    assert all(e.modality in ("reported", "intended", "planned") for e in found)
    assert any(e.cameo.startswith("036") for e in found)


def test_seed_agreement_to_seek_a_ceasefire(seed):
    found = [e for e in seed.events if "agreed" in e.trigger.text and e.cameo.startswith("03")]
    assert found, [(e.cameo, e.trigger.text) for e in seed.events]
    assert found[0].plover == "AGREE"
    # the ministers agree, not the gunmen of the fronted "A day after ..." clause
    assert found[0].source and all("ministers" in a.text or "officials" in a.text for a in found[0].source)


def test_seed_west_demands_assad_leave(seed):
    found = [e for e in seed.events if e.cameo.startswith("10") and any(a.country == "SYR" for a in e.target)]
    assert found, [(e.cameo, e.trigger.text, [a.code for a in e.source], [a.code for a in e.target]) for e in seed.events]
    assert any(a.code == "WST" or (a.name or "").lower().endswith("west") for e in found for a in e.source)


def test_seed_paris_attack_event(seed):
    violent = [e for e in seed.events if e.cameo[:2] in ("18", "19", "20")]
    rampage = [e for e in violent if "went" in e.trigger.text]  # "went on a rampage through Paris"
    assert rampage, [(e.cameo, e.trigger.text) for e in seed.events]
    assert "Paris" in seed.text[slice(*seed.sentences[rampage[0].sentence])]


def test_seed_every_span_is_exact(seed):
    for e in seed.events:
        assert seed.text[e.trigger.start:e.trigger.end] == e.trigger.text
        for a in e.source + e.target:
            assert seed.text[a.start:a.end] == a.text
    for ent in seed.entities:
        assert seed.text[ent.start:ent.end] == ent.text


# ---- when, where and how many (issue 5)

def test_seed_saturday_and_january(seed):
    values = {t.text: t.value for t in seed.times if t.start >= seed.dateline.end}
    assert values["Saturday"] == "2015-11-14"
    assert values["January"] == "2016-01"


def _rampage(seed):
    return next(e for e in seed.events if e.cameo[:2] in ("18", "19", "20") and "went" in e.trigger.text)


def test_seed_paris_attack_dated_the_day_before_in_paris_with_its_dead(seed):
    rampage = _rampage(seed)
    assert (rampage.date, rampage.date_basis) == ("2015-11-13", "text")
    place = next(p for p in seed.places if p.id == rampage.place)
    assert (place.name, place.country) == ("Paris", "FRA")
    assert rampage.fatalities is not None and rampage.fatalities.min == 129 and rampage.fatalities.max is None


def test_seed_talks_in_vienna_on_saturday(seed):
    statements = [e for e in seed.events if e.cameo.startswith("01") and e.place_basis == "dateline"]
    assert statements
    vienna = next(p for p in seed.places if p.id == statements[0].place)
    assert vienna.name == "Vienna" and vienna.start < seed.dateline.end
    assert all(e.date == "2015-11-14" for e in statements)


@pytest.mark.parametrize("name,lat,lon", [("Vienna", 48.2082, 16.3738), ("Paris", 48.8566, 2.3522)])
def test_seed_cities_within_50_km(seed, name, lat, lon):
    found = [p for p in seed.places if p.text == name]
    assert found and all(haversine_km(p.lat, p.lon, lat, lon) < 50 for p in found)


@pytest.mark.parametrize("name,country", [("Tehran", "IRN"), ("Moscow", "RUS")])
def test_seed_allied_capitals(seed, name, country):
    assert {p.country for p in seed.places if p.text == name} == {country}


def test_seed_cumulative_toll_of_the_civil_war(seed):
    [toll] = [c for c in seed.casualties if c.count.min == 250_000]
    assert toll.kind == "killed" and toll.scope == "conflict" and "civil war" in toll.conflict.text
    assert toll.event is None
    assert all(e.fatalities is None or e.fatalities.min != 250_000 for e in seed.events)


# ---- attribution ----


def test_seed_headline_event_carries_the_chain(seed):
    headline_end = seed.text.index("\n")
    [intent] = [e for e in seed.events if e.trigger.start < headline_end and e.cameo.startswith("03")]
    assert "means" in intent.trigger.text
    assert [(link.speaker.code if link.speaker else None, link.cue.text) for link in intent.attribution] == [
        ("USAGOV", "says"), (None, "told")]
    assert all(link.quote for link in intent.attribution)
    assert intent.modality in ("reported", "intended")


def test_seed_no_duplicate_links_and_no_self_attribution(seed):
    for e in seed.events:
        cues = [(link.cue.start, link.cue.end) for link in e.attribution if link.cue]
        assert len(cues) == len(set(cues)), (e.trigger.text, cues)
        assert not any(e.trigger.start <= s < e.trigger.end for s, _ in cues), e.trigger.text


def test_seed_events_in_kerrys_quotes_are_his(seed):
    direct = {q.id for q in seed.quotes if q.kind == "direct"}
    inside = [e for e in seed.events if any(link.quote in direct for link in e.attribution)]
    assert inside
    for e in inside:
        assert e.attribution[0].speaker.code == "USAGOV" and e.modality != "asserted"
