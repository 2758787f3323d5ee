"""The flat event table: modality and top speaker columns from the attribution chains."""

from __future__ import annotations

from accord.events.flat import event_rows
from accord.pipeline import analyze_batch
from accord.records import Record


def test_top_speaker_is_the_outermost_named_link_and_asserted_only_filters(res):
    text = ("Turkey said Russian officials told Ankara that Syrian jets attacked its border posts. "
            "Russian jets bombed a market in Idlib.")
    [a] = analyze_batch([Record(id="d", text=text, date="2015-11-24")], res)
    rows = list(event_rows(a))
    attack = next(r for r in rows if "attacked" in r["trigger"])
    assert attack["modality"] == "reported" and attack["speaker_code"].startswith("TUR")
    bombed = next(r for r in rows if "bombed" in r["trigger"])
    assert bombed["modality"] == "asserted" and bombed["speaker_code"] is None
    kept = list(event_rows(a, asserted_only=True))
    assert kept and all(r["modality"] == "asserted" for r in kept)
    assert attack["event_id"] not in {r["event_id"] for r in kept}
