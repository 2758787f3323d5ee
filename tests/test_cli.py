"""The command line, run in-process (main(argv)) with the session's resources."""

from __future__ import annotations

import csv
import io
import json
import os

import pytest

from accord.cli import main
from accord.records import InputError


@pytest.fixture
def feed(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": "Rebels attacked a Syrian army post near Aleppo.", "date": "2016-03-01"}),
        "{not json",
        json.dumps({"id": "a3", "body": "Russia condemned the air strikes on Aleppo.", "published": "2016-03-02"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_missing_path_exits_2_with_one_line(cli, tmp_path):
    code, out, err = cli("analyze", str(tmp_path / "nope.txt"))
    assert code == 2
    assert out == ""
    assert "[A101]" in err and len(err.strip().splitlines()) == 1


def test_analyze_keeps_order_ids_dates_and_counts_errors(cli, feed):
    code, out, err = cli("analyze", str(feed))
    assert code == 0
    docs = [json.loads(line) for line in out.splitlines()]
    assert [d["id"] for d in docs] == ["a1", None, "a3"]
    assert docs[0]["date"] == "2016-03-01" and docs[2]["date"] == "2016-03-02"
    assert docs[1]["error"]["code"] == "A105" and "feed.jsonl:2" in docs[1]["error"]["message"]
    assert "3 documents in: 2 analysed + 1 errors (nothing lost)" in err
    assert docs[0]["events"], "an attack should be coded"
    assert docs[0]["events"][0]["cameo"][:2] in ("18", "19")


def test_analyze_writes_to_out_file(cli, feed, tmp_path):
    target = tmp_path / "out" / "a.jsonl"
    code, out, _ = cli("analyze", str(feed), "-o", str(target))
    assert code == 0 and out == ""
    assert len(target.read_text().splitlines()) == 3


@pytest.mark.parametrize("fmt,delim", [("csv", ","), ("tsv", "\t")])
def test_code_writes_flat_rows(cli, feed, fmt, delim):
    code, out, _ = cli("code", str(feed), "--format", fmt)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out), delimiter=delim))
    assert rows and {"doc_id", "source_code", "target_code", "cameo", "plover", "goldstein", "quad_class",
                     "trigger", "sentence"} <= set(rows[0])
    attack = [r for r in rows if r["doc_id"] == "a1"][0]
    assert attack["plover"] == "ASSAULT" and attack["quad_class"] == "4"
    assert "SYR" in attack["target_code"]


def test_code_jsonl(cli, feed):
    code, out, _ = cli("code", str(feed), "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and {r["doc_id"] for r in rows} >= {"a1", "a3"}


@pytest.mark.parametrize("argv", [["--help"], ["analyze", "--help"], ["code", "--help"], ["demo", "--help"],
                                  ["eval", "--help"], ["eval", "events", "--help"]])
def test_help_everywhere(cli, argv):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 0


def test_demo_prints_a_table_of_events(cli):
    code, out, _ = cli("demo")
    assert code == 0
    assert "Saudi" in out and "ASSAULT" in out
    assert "nothing lost" in out


def test_stdin_is_read(cli, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"Iran condemned the strikes on Yemen.\n")))
    code, out, _ = cli("analyze", "-")
    [doc] = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and doc["text"].startswith("Iran condemned")


def test_eval_events_scores_a_small_gold_file(cli, tmp_path):
    gold = [
        {"id": "g1", "event": "ASSAULT", "date": "2016-01-01", "text": "Rebels attacked a Syrian army post near Aleppo.",
         "source": [{"code": "SYR", "sector": "REB"}], "target": [{"code": "SYR", "sector": "MIL"}]},
        {"id": "g2", "event": "DISAPPROVE", "date": "2016-01-01", "text": "Germany condemned the attack on Turkish troops.",
         "source": [{"code": "DEU"}], "target": [{"code": "TUR"}]},
    ]
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold))
    code, out, _ = cli("eval", "events", str(path), "--json")
    report = json.loads(out)
    assert code == 0 and report["sentences"] == 2
    assert report["type"]["tp"] == 2 and report["type"]["recall"] == 1.0
    assert report["dyad"]["tp"] >= 1


def test_code_has_modality_and_speaker_and_asserted_only_filter(cli, tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps({"id": "r1", "text": "Turkey said Russian jets attacked its border posts. "
                                "Russian jets attacked Turkish border posts."}) + "\n")
    code, out, _ = cli("code", str(path), "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    reported = [r for r in rows if r["modality"] == "reported" and r["cameo"][:2] in ("18", "19")]
    assert code == 0 and reported and reported[0]["speaker_code"].startswith("TUR")
    code, out, _ = cli("code", str(path), "--format", "jsonl", "--asserted-only")
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows and all(r["modality"] == "asserted" for r in rows)
    assert any(r["cameo"][:2] in ("18", "19") for r in rows)


def test_a_closed_pipe_ends_quietly(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "many.jsonl"
    path.write_text("".join(json.dumps({"id": str(i), "text": "Rebels attacked a Syrian army post."}) + "\n"
                            for i in range(40)))
    proc = subprocess.run(f"'{sys.executable}' -m accord.cli code '{path}' | head -1", shell=True,
                          capture_output=True, text=True, timeout=300)
    assert proc.stdout.startswith("doc_id,")
    assert "BrokenPipeError" not in proc.stderr and "Traceback" not in proc.stderr


def test_output_onto_an_input_is_refused_before_anything_is_opened(cli, feed):
    before = feed.read_bytes()
    for command, out in (("analyze", str(feed)), ("code", str(feed.parent / "." / feed.name))):
        code, out_text, err = cli(command, str(feed), "-o", out)
        assert code == 2 and out_text == ""
        assert err.startswith(f"accord: [A114] {out}: the output is the input itself") and len(err.splitlines()) == 1
    assert feed.read_bytes() == before  # was truncated, then "(nothing lost)" and exit 0


def test_output_inside_an_input_folder_is_refused(cli, feed):
    code, _, err = cli("analyze", str(feed.parent), "-o", str(feed.parent / "out.jsonl"))
    assert code == 2 and "[A114]" in err and "input folder" in err
    assert not (feed.parent / "out.jsonl").exists()


def test_kb_import_onto_its_dump_is_refused(cli, tmp_path):
    dump = tmp_path / "dump.json"
    dump.write_text("[\n]\n")
    code, _, err = cli("kb", "import-wikidata", str(dump), "-o", str(dump))
    assert code == 2 and "[A114]" in err and dump.read_text() == "[\n]\n"


def test_a_stopped_run_leaves_the_old_output_whole(cli, feed, monkeypatch, tmp_path):
    out = tmp_path / "analyses.jsonl"
    out.write_text("the last complete run\n")

    def stopped(paths, sink, **options):
        sink(InputError(origin="x", code="A102", message="[A102] x: empty"))
        raise KeyboardInterrupt

    monkeypatch.setattr("accord.batch.run_files", stopped)
    code, _, err = cli("analyze", str(feed), "-o", str(out))
    assert code == 130 and "interrupted" in err
    assert out.read_text() == "the last complete run\n"
    assert [p.name for p in tmp_path.iterdir() if p.name != "feed.jsonl"] == ["analyses.jsonl"]  # no temporary left


def test_a_missing_input_leaves_the_old_output_whole(cli, tmp_path):
    out = tmp_path / "events.csv"
    out.write_text("old\n")
    code, _, err = cli("code", str(tmp_path / "nope.jsonl"), "-o", str(out))
    assert code == 2 and "[A101]" in err and out.read_text() == "old\n"


def test_output_into_a_folder_is_a_one_line_error(cli, feed, tmp_path):
    code, _, err = cli("analyze", str(feed), "-o", str(tmp_path))
    assert code == 2 and err.startswith("accord: [A117]") and len(err.splitlines()) == 1


def test_max_chars_option_and_its_advice(cli, tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("Rebels attacked a Syrian army post near Aleppo.")
    code, out, err = cli("analyze", str(path), "--max-chars", "20")
    [doc] = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and doc["error"]["code"] == "A110"
    assert "over the limit of 20" in doc["error"]["message"] and "--max-chars N" in doc["error"]["message"]
    code, out, _ = cli("code", str(path), "--max-chars", "47", "--format", "jsonl")
    assert code == 0 and json.loads(out.splitlines()[0])["plover"] == "ASSAULT"


@pytest.mark.parametrize("value", ["0", "-5", "many"])
def test_max_chars_must_be_a_positive_number(cli, feed, value):
    with pytest.raises(SystemExit) as exc:
        main(["analyze", str(feed), "--max-chars", value])
    assert exc.value.code == 2


def test_symbolic_link_loop_given_is_reported_as_a_loop(cli, tmp_path):
    loop = tmp_path / "loop.jsonl"
    loop.symlink_to(loop)
    code, out, err = cli("analyze", str(loop))
    assert code == 2 and out == ""
    assert "[A115]" in err and "symbolic link loop" in err and "[A101]" not in err and len(err.splitlines()) == 1


def test_named_pipe_is_refused_not_waited_on(cli, tmp_path):
    pipe = tmp_path / "feed.jsonl"
    os.mkfifo(pipe)
    code, _, err = cli("code", str(pipe))
    assert code == 2 and "[A116]" in err and "named pipe" in err
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "a.txt")
    code, out, err = cli("analyze", str(folder))
    [doc] = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and doc["error"]["code"] == "A116" and "1 errors (nothing lost)" in err


def test_ingest_refuses_a_store_that_is_an_input_and_takes_max_chars(cli, feed, tmp_path):
    before = feed.read_bytes()
    code, _, err = cli("ingest", str(feed), "--db", str(feed))
    assert code == 2 and "[A114]" in err and feed.read_bytes() == before
    code, _, err = cli("ingest", str(feed), "--db", str(tmp_path / "s.duckdb"), "--max-chars", "45")
    assert code == 0 and "3 documents: 1 added" in err and "2 input errors" in err  # A105, and a1 over 45


@pytest.mark.parametrize("command", ["export", "query"])
def test_export_onto_its_store_is_refused(cli, sample_db, command):
    size = sample_db.stat().st_size
    code, _, err = cli(command, "--db", str(sample_db), "--format", "csv", "-o", str(sample_db))
    assert code == 2 and err.startswith(f"accord: [A114] {sample_db}: the output is the input itself")
    assert sample_db.stat().st_size == size
