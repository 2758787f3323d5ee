"""accord ingest / query / export: idempotent runs, resume after a kill, and every format read back."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from accord.store import EventFilter, Store
from tests.store.articles import ARTICLES


def _ingest(cli, paths, db, *more):
    code, out, err = cli("ingest", *map(str, paths), "--db", str(db), "--no-progress", *more)
    assert code == 0, err
    return err


def test_ingest_twice_then_changed(cli, articles_file, tmp_path):
    db = tmp_path / "a.duckdb"
    assert "5 added, 0 updated, 0 already stored" in _ingest(cli, [articles_file], db)
    assert "0 added, 0 updated, 5 already stored" in _ingest(cli, [articles_file], db)
    changed = [dict(a) for a in ARTICLES]
    changed[0]["text"] += " Iran condemned the strikes."
    articles_file.write_text("".join(json.dumps(a) + "\n" for a in changed), encoding="utf-8")
    assert "0 added, 1 updated, 4 already stored" in _ingest(cli, [articles_file], db)
    with Store(db, read_only=True) as s:
        assert s.counts()["articles"] == 5
        assert s.article("aleppo-1")["text"].endswith("Iran condemned the strikes.")


def _write(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_a_corrected_article_keeps_the_other_id_with_its_old_text(cli, tmp_path):
    """Issue 11, item 4: a1 and b1 with the same text, then a corrected a1: b1 stays, counted once."""
    text = ARTICLES[0]["text"]
    db = tmp_path / "d.duckdb"
    both = _write(tmp_path / "both.jsonl", [{"id": "a1", "date": "2016-03-08", "text": text},
                                            {"id": "b1", "date": "2016-03-08", "text": text}])
    err = _ingest(cli, [both], db)
    assert "1 added, 0 updated, 0 already stored" in err and "1 stored as aliases" in err
    assert "0 added, 0 updated, 2 already stored" in _ingest(cli, [both], db)
    with Store(db, read_only=True) as s:
        clusters = s.clusters()
        assert max(clusters.column("reports").to_pylist()) == 1  # the one text is one report, not two
        events = s.count_events()
    fixed = _write(tmp_path / "fixed.jsonl", [{"id": "a1", "date": "2016-03-08", "text": text + " Iran objected."}])
    assert "0 added, 1 updated, 0 already stored" in _ingest(cli, [fixed], db)
    with Store(db, read_only=True) as s:
        assert s.article("b1")["text"] == text and s.article("a1")["text"].endswith("Iran objected.")
        assert s.events(EventFilter(article="b1")).num_rows == events
    code, out, _ = cli("store", "check", str(db))
    assert code == 0 and "2 articles (+0 ids sharing their text)" in out


def test_a_failed_start_leaves_no_new_store(cli, tmp_path, articles_file, monkeypatch):
    """Issue 11, item 7: a missing input path, or any failure before a first article is stored."""
    db = tmp_path / "new.duckdb"
    code, _, err = cli("ingest", str(tmp_path / "missing"), "--db", str(db))
    assert code == 2 and "[A101]" in err and not db.exists()

    import accord.store.ingest
    from accord.errors import ConfigError

    def fail(*args, **kwargs):
        raise ConfigError("[A301] no model")

    monkeypatch.setattr(accord.store.ingest, "ingest_files", fail)
    code, _, err = cli("ingest", str(articles_file), "--db", str(db), "--no-progress")
    assert code == 1 and "[A301]" in err and not db.exists() and not list(tmp_path.glob("new.duckdb*"))
    monkeypatch.setattr(accord.store.ingest, "ingest_files", lambda *a, **k: (_ for _ in ()).throw(KeyboardInterrupt))
    assert cli("ingest", str(articles_file), "--db", str(db), "--no-progress")[0] == 130 and not db.exists()
    existing = tmp_path / "existing.duckdb"
    Store(existing).close()
    assert cli("ingest", str(articles_file), "--db", str(existing), "--no-progress")[0] == 130
    assert existing.exists()  # only a store this run created goes


def test_bad_records_are_stored_as_errors_once(cli, tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "ok", "text": "Iran condemned Israel."}\n{"id": "bad", "text": \n', encoding="utf-8")
    db = tmp_path / "e.duckdb"
    assert "1 added, 0 updated, 0 already stored, 1 input errors" in _ingest(cli, [feed], db)
    _ingest(cli, [feed], db)
    with Store(db, read_only=True) as s:
        rows = s.sql("SELECT origin, code FROM errors").to_pylist()
    assert rows == [{"origin": f"{feed}:2", "code": "A105"}]


def _many(path: Path, copies: int) -> list[str]:
    """The test articles again and again, each copy with a new id and date (so new content)."""
    ids = []
    with open(path, "w", encoding="utf-8") as f:
        for i in range(copies):
            for a in ARTICLES:
                ids.append(f"{a['id']}-{i}")
                f.write(json.dumps({**a, "id": ids[-1], "date": f"2016-{1 + i % 12:02d}-{10 + i // 12:02d}"}) + "\n")
    return ids


def test_resume_after_a_kill_loses_and_doubles_nothing(cli, tmp_path, res):
    feed = tmp_path / "feed.jsonl"
    ids = _many(feed, 8)
    db = tmp_path / "killed.duckdb"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "accord.cli", "ingest", str(feed), "--db", str(db),
                             "--batch-size", "1", "--progress"], stderr=subprocess.PIPE, env=env)
    seen, done = b"", 0
    deadline = time.monotonic() + 300
    while done < 4 and time.monotonic() < deadline:
        chunk = os.read(proc.stderr.fileno(), 4096)
        if not chunk:
            break
        seen += chunk
        counts = re.findall(rb"(\d+)/%d " % len(ids), seen)
        done = int(counts[-1]) if counts else 0
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert done >= 4, seen.decode(errors="replace")[-2000:]
    with Store(db, read_only=True) as s:
        stored = s.counts()["articles"]
    assert 4 <= stored < len(ids), "the run was not killed in the middle"

    _ingest(cli, [feed], db)
    clean = tmp_path / "clean.duckdb"
    _ingest(cli, [feed], clean)
    query = "SELECT event_id, cluster_id, article_id FROM events ORDER BY event_id"
    with Store(db, read_only=True) as resumed, Store(clean, read_only=True) as reference:
        assert resumed.counts() == reference.counts()
        assert resumed.sql("SELECT article_id FROM articles ORDER BY 1").column(0).to_pylist() == sorted(ids)
        assert resumed.sql(query).to_pylist() == reference.sql(query).to_pylist()
        dupes = resumed.sql("SELECT event_id FROM events GROUP BY 1 HAVING count(*) > 1").num_rows
        assert dupes == 0


@pytest.fixture
def db(cli, articles_file, tmp_path):
    path = tmp_path / "q.duckdb"
    _ingest(cli, [articles_file], path)
    return path


def test_query_table_csv_and_json(cli, db):
    with Store(db, read_only=True) as s:
        expected = s.events(EventFilter(country="RUS")).to_pylist()
    code, out, _ = cli("query", "--db", str(db), "--country", "RUS")
    assert code == 0 and out.splitlines()[0].split()[:3] == ["date", "source", "source_code"]
    assert len(out.splitlines()) == 2 + len(expected)
    code, out, _ = cli("query", "--db", str(db), "--country", "RUS", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["event_id"] for r in rows] == [e["event_id"] for e in expected]
    assert rows[0]["sentence"] == expected[0]["sentence"]
    code, out, _ = cli("query", "--db", str(db), "--country", "RUS", "--format", "json", "--limit", "2")
    assert [r["event_id"] for r in json.loads(out)] == [e["event_id"] for e in expected[:2]]


def test_query_group_by_clusters_and_actors(cli, db, tmp_path):
    out_file = tmp_path / "agg.parquet"
    code, _, err = cli("query", "--db", str(db), "--group-by", "date", "quad_class", "--interval", "month",
                       "--format", "parquet", "-o", str(out_file))
    assert code == 0, err
    table = pq.read_table(out_file)
    assert table.column_names[:2] == ["date", "quad_class"]
    with Store(db, read_only=True) as s:
        assert sum(table.column("events").to_pylist()) == s.count_events()
    code, out, _ = cli("query", "--db", str(db), "--clusters", "--min-reports", "3", "--format", "jsonl")
    clusters = [json.loads(line) for line in out.splitlines()]
    assert clusters and all(c["reports"] >= 3 and len(c["mentions"]) == c["reports"] for c in clusters)
    code, out, _ = cli("query", "--db", str(db), "--actors", "--format", "csv", "--limit", "3")
    assert out.splitlines()[0] == '"code","name","country","sector","events"' and len(out.splitlines()) == 4


def _read(path: Path, fmt: str) -> list[dict]:
    if fmt == "parquet":
        return pq.read_table(path).to_pylist()
    text = path.read_text(encoding="utf-8")
    if fmt == "jsonl":
        return [json.loads(line) for line in text.splitlines()]
    return list(csv.DictReader(io.StringIO(text), delimiter="," if fmt == "csv" else "\t"))


@pytest.mark.parametrize("fmt", ["csv", "tsv", "jsonl", "parquet"])
@pytest.mark.parametrize("layout", ["flat", "phoenix"])
def test_export_each_format_reads_back(cli, db, tmp_path, fmt, layout):
    path = tmp_path / f"events.{fmt}"
    code, _, err = cli("export", "--db", str(db), "--format", fmt, "--layout", layout, "-o", str(path))
    assert code == 0, err
    rows = _read(path, fmt)
    with Store(db, read_only=True) as s:
        expected = s.events().to_pylist()
    key = "event_id" if layout == "flat" else "EventID"
    assert [r[key] for r in rows] == [e["event_id"] for e in expected]
    if layout == "phoenix":
        first = next(r for r, e in zip(rows, expected) if e["date_precision"] == "day")
        assert str(first["Date"]) == next(e for e in expected if e["date_precision"] == "day")["date"].replace("-", "")
        assert {"SourceActorFull", "TargetActorFull", "EventCode", "QuadClass", "GoldsteinScore", "Lat", "Lon",
                "Reports"} <= set(rows[0])
    else:
        assert str(rows[0]["cameo"]) == expected[0]["cameo"]


def test_export_one_row_per_cluster(cli, db, tmp_path):
    path = tmp_path / "dedup.jsonl"
    code, _, _ = cli("export", "--db", str(db), "--format", "jsonl", "--layout", "phoenix", "--one-per-cluster",
                     "-o", str(path))
    rows = _read(path, "jsonl")
    with Store(db, read_only=True) as s:
        clusters = s.clusters().to_pylist()
    assert sorted(r["ClusterID"] for r in rows) == sorted(c["cluster_id"] for c in clusters)
    assert sum(r["Reports"] for r in rows) == sum(c["reports"] for c in clusters)


def test_clear_errors(cli, tmp_path, db):
    code, _, err = cli("query", "--db", str(tmp_path / "none.duckdb"))
    assert code == 1 and "[A401]" in err
    code, _, err = cli("export", "--db", str(db), "--format", "parquet")
    assert code == 1 and "[A407]" in err


def test_count_records_gives_the_progress_total(tmp_path, articles_file):
    from accord.ingest import count_records

    folder = tmp_path / "feed"
    folder.mkdir()
    (folder / "a.txt").write_text("Iran met Iraq.", encoding="utf-8")
    (folder / "b.jsonl").write_text('{"text": "x"}\n\n{"text": "y"}\n', encoding="utf-8")
    (folder / ".hidden.txt").write_text("skip me", encoding="utf-8")
    assert count_records([str(folder), str(articles_file)]) == 3 + len(ARTICLES)
    assert count_records(["-"]) is None
