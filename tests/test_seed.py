"""End to end on the reference article (../shared/seed), as the foundation issue asks."""

from __future__ import annotations

import pytest

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
