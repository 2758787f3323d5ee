"""The pipeline: dates, order, error records, workers, and the layer registry."""

from __future__ import annotations

from dataclasses import replace

import pytest

from accord.errors import ConfigError
from accord.pipeline import analyze_batch, analyze_stream
from accord.records import Analysis, InputError, Record
from accord.registry import LAYERS, LayerSpec, check_order, get_layers

WIRE = "Rebels attack town\n\nBEIRUT, Nov 14 (Reuters) - Syrian rebels attacked an army post near Aleppo on Friday."


def test_dateline_gives_date_when_metadata_has_none(res):
    [a] = analyze_batch([Record(id="x", text=WIRE.replace("Nov 14", "14 November 2015"))], res)
    assert a.date == "2015-11-14" and a.date_basis == "dateline"
    assert a.dateline.place == "BEIRUT" and a.dateline.agency == "REUTERS"
    # "attacked ... on Friday" dates itself from the text; events without a time of their own
    # take the dateline's date
    assert a.events
    for e in a.events:
        assert (e.date, e.date_basis) in (("2015-11-13", "text"), ("2015-11-14", "dateline"))
    assert any(e.date_basis == "text" for e in a.events)


def test_metadata_date_wins_and_resolves_a_yearless_dateline(res):
    [a] = analyze_batch([Record(id="x", text=WIRE, date="2015-11-15")], res)
    assert a.date == "2015-11-15" and a.date_basis == "metadata"
    assert a.dateline.date == "2015-11-14"


@pytest.mark.parametrize("dateline", ["BEIRUT, Nov 14 (Reuters) -", "ANKARA, Nov 24 (Accord Samples) -"])
def test_dateline_is_a_sentence_of_its_own(res, dateline):
    text = WIRE.replace("BEIRUT, Nov 14 (Reuters) -", dateline)
    [a] = analyze_batch([Record(id="x", text=text, date="2015-11-15")], res)
    sentences = [text[s:e] for s, e in a.sentences]
    assert dateline in sentences
    assert "Syrian rebels attacked an army post near Aleppo on Friday." in sentences


def test_dateline_place_is_not_an_actor_of_events(res):
    [a] = analyze_batch([Record(id="x", text=WIRE, date="2015-11-15")], res)
    assert a.events
    dateline_start = WIRE.index("BEIRUT")
    assert not [actor for e in a.events for actor in e.source + e.target
                if dateline_start <= actor.start < a.dateline.end]


def test_input_errors_pass_through_in_place(res):
    items = [Record(id="a", text="Russia condemned the strikes."),
             InputError(origin="f.jsonl:2", code="A105", message="bad"),
             Record(id="c", text="Iran met Iraq.")]
    out = list(analyze_stream(items, res=res, batch_size=2))
    assert [type(o) for o in out] == [Analysis, InputError, Analysis]
    assert [getattr(o, "id") for o in out] == ["a", None, "c"]


def test_two_workers_give_the_same_results_in_order(res):
    texts = [f"Turkey condemned the attack number {i} on Syria." for i in range(6)]
    items = [Record(id=str(i), text=t) for i, t in enumerate(texts)]
    one = [a.events[0].cameo for a in analyze_stream(items, res=res)]
    two = list(analyze_stream(items, config=res.config, workers=2, batch_size=2))
    assert [a.id for a in two] == [str(i) for i in range(6)]
    assert [a.events[0].cameo for a in two] == one


def test_workers_must_be_positive(res):
    with pytest.raises(ConfigError, match="A304"):
        list(analyze_stream([], res=res, workers=0))


def test_a_failing_layer_becomes_an_error_record(res, monkeypatch):
    def boom(ctx, res):
        raise RuntimeError("kaput")

    monkeypatch.setitem(LAYERS, "events.v1", replace(LAYERS["events.v1"], func=boom))
    lenient = replace(res, config=replace(res.config, strict=False))
    [a] = analyze_batch([Record(id="x", text="Iran met Iraq.")], lenient)
    assert a.entities, "earlier layers still ran"
    assert a.errors[0].stage == "events.v1" and "kaput" in a.errors[0].message


def test_registry_refuses_unknown_and_misordered_layers():
    with pytest.raises(ConfigError, match="A302"):
        get_layers(["nope.v1"])
    with pytest.raises(ConfigError, match="A303"):
        check_order([LAYERS["events.v1"], LAYERS["actors.v1"]])
    assert isinstance(get_layers(["sentences.v1", "actors.v1", "quotes.v1", "events.v1"])[0], LayerSpec)
