"""eval times: the TimeML reader and the TempEval-3 scores, on tiny hand-made files, and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from accord.cli import main
from accord.errors import InputPathError
from accord.eval.times import GoldTime, evaluate_times, find_tml, format_report, load_tml, score_doc
from accord.records import Time

from ..conftest import SHARED

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>{doc}</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2015-11-14" functionInDocument="CREATION_TIME">20151114</TIMEX3></DCT>
<TEXT>
Ministers <EVENT eid="e1" class="OCCURRENCE">met</EVENT> on <TIMEX3 tid="t1" type="DATE" value="2015-11-14">Saturday</TIMEX3> &amp; agreed to hold elections within <TIMEX3 tid="t2" type="DURATION" value="P2Y">two years</TIMEX3>.
Talks will resume <TIMEX3 tid="t3" type="DATE" value="2016-01">in January</TIMEX3>.
</TEXT>
</TimeML>
"""


def write_tml(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.tml"
    path.write_text(TML.format(doc=name), encoding="utf-8")
    return path


def test_eval_times_reads_timeml(tmp_path):
    doc = load_tml(write_tml(tmp_path / "TimeBank", "d1"))
    assert doc.dct == "2015-11-14" and doc.corpus == "TimeBank"
    assert "Ministers met on Saturday & agreed" in doc.text
    assert [(t.text, t.type, t.value) for t in doc.times] == [
        ("Saturday", "DATE", "2015-11-14"), ("two years", "DURATION", "P2Y"), ("in January", "DATE", "2016-01")]
    for t in doc.times:
        assert doc.text[t.start:t.end] == t.text


def test_eval_times_finds_each_file_once(tmp_path):
    write_tml(tmp_path / "TimeBank", "d1")
    write_tml(tmp_path / "testpipeline", "d1")
    write_tml(tmp_path / "AQUAINT", "d2")
    assert [p.name for p in find_tml(tmp_path)] == ["d2.tml", "d1.tml"]
    with pytest.raises(InputPathError):
        find_tml(tmp_path / "nowhere")
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputPathError):
        find_tml(tmp_path / "empty")


def test_eval_times_scores_spans_types_and_values():
    gold = [GoldTime(0, 8, "Saturday", "DATE", "2015-11-14"), GoldTime(20, 32, "in January", "DATE", "2016-01"),
            GoldTime(40, 45, "today", "DATE", "2015-11-14")]
    predicted = [Time("t1", 0, 8, "Saturday", "DATE", "2015-11-14"),  # strict, right value
                 Time("t2", 23, 32, "January", "DATE", "2015-01"),  # relaxed, wrong value
                 Time("t3", 50, 55, "later", "DATE", "FUTURE_REF")]  # spurious
    counts, errors = score_doc(gold, predicted)
    assert (counts.gold, counts.predicted, counts.strict) == (3, 3, 1)
    assert (counts.relaxed_gold, counts.relaxed_pred, counts.pairs) == (2, 2, 2)
    assert (counts.type_ok, counts.value_ok) == (2, 1)
    report = counts.report()
    assert report["value"]["f1"] == pytest.approx(1 / 3, abs=1e-3)
    assert report["relaxed"]["recall"] == pytest.approx(2 / 3, abs=1e-3)
    assert {e["kind"] for e in errors} == {"mismatch", "missed", "spurious"}


def test_eval_times_runs_the_layer_per_corpus(res, tmp_path):
    write_tml(tmp_path / "TimeBank", "d1")
    write_tml(tmp_path / "AQUAINT", "d2")
    report = evaluate_times(tmp_path, res=res, show_errors=True)
    assert report["documents"] == 2 and report["gold"] == 6
    assert set(report["corpora"]) == {"TimeBank", "AQUAINT"}
    assert report["value"]["correct"] == 6  # Saturday, two years and January, in both files
    assert report["strict"]["correct"] == 4  # "January" for "in January" is a relaxed match only
    text = format_report(report)
    assert "TimeBank" in text and "value" in text


def test_eval_times_cli_json_and_limit(tmp_path, capsys):
    write_tml(tmp_path / "TimeBank", "d1")
    write_tml(tmp_path / "TimeBank", "d2")
    assert main(["eval", "times", str(tmp_path), "--json", "--limit", "1"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["documents"] == 1 and report["gold"] == 3
    assert main(["eval", "times", str(tmp_path), "--limit", "0"]) == 2
    assert main(["eval", "times", str(tmp_path / "missing")]) == 2


GOLD = SHARED / "gold" / "tempeval3"


@pytest.mark.skipif(not GOLD.exists(), reason="../shared/gold/tempeval3 is absent")
def test_eval_times_on_tempeval3_sample(res):
    report = evaluate_times(GOLD, res=res, limit=10)
    assert report["documents"] == 10
    assert report["relaxed"]["f1"] > 0.8
    assert report["value"]["f1"] > 0.6
