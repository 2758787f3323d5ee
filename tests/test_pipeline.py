"""The pipeline: dates, order, error records, workers, and the layer registry."""

from __future__ import annotations

import json
import signal
from dataclasses import replace

import pytest

from accord import pipeline
from accord.batch import run_files
from accord.budget import Limit, TimeBudgetExceeded, time_limit
from accord.errors import ConfigError
from accord.pipeline import analyze_batch, analyze_stream
from accord.records import Analysis, InputError, Record
from accord.registry import LAYERS, LayerSpec, check_order, get_layers
from tests.test_budget import spin

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


SLOW = "Rebels shelled the town again."
EVENTS_LAYER = LAYERS["events.v1"].func


def slow_events(ctx, res):
    """The events layer as a runaway on one text: spins until the budget stops it."""
    if ctx.analysis.text == SLOW:
        spin()
    EVENTS_LAYER(ctx, res)


def test_a_document_past_its_budget_is_an_A112_record_and_the_run_goes_on(res, monkeypatch, tmp_path):
    monkeypatch.setitem(LAYERS, "events.v1", replace(LAYERS["events.v1"], func=slow_events))
    # only the slow text gets a (short) budget: the others may load tables on first use
    monkeypatch.setattr(pipeline, "budget_for", lambda setting, chars: 0.3 if chars == len(SLOW) else None)
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join([json.dumps({"id": "fast", "text": "Iran met Iraq."}), json.dumps({"id": "slow", "text": SLOW}),
                               "{not json", json.dumps({"id": "after", "text": "Russia condemned the strikes."})]) + "\n")
    out = []
    stats = run_files([str(feed)], out.append, res=res, progress=False)
    assert [getattr(o, "code", "ok") for o in out] == ["ok", "A112", "A105", "ok"]
    assert out[1].id == "slow" and out[1].origin.endswith("feed.jsonl:2") and "[A112]" in out[1].message
    assert (stats.documents_in, stats.analysed, stats.errors) == (4, 2, 2) and stats.balanced
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_worker_processes_keep_the_budget_too(res):
    items = [Record(id="a", text="Iran met Iraq."), InputError(origin="f:2", code="A105", message="bad"),
             Record(id="c", text="Turkey condemned the attack.")]
    config = replace(res.config, time_budget=1e-6)  # no analysis fits: every record ends as A112
    out = list(analyze_stream(items, config=config, workers=2, batch_size=1))
    assert [(o.id, o.code) for o in out] == [("a", "A112"), (None, "A105"), ("c", "A112")]


def test_an_outer_limit_is_not_reported_as_the_documents(res, monkeypatch):
    """A caller's own limit (a server's per-request one) reaches the caller, not an A112 record."""
    monkeypatch.setitem(LAYERS, "events.v1", replace(LAYERS["events.v1"], func=slow_events))
    unlimited = replace(res, config=replace(res.config, time_budget=0))
    with pytest.raises(TimeBudgetExceeded):
        with time_limit(Limit.after(0.3)):
            analyze_batch([Record(id="slow", text=SLOW)], unlimited)
