"""A damaged store is a coded error naming the file, never a traceback, and never written into (issue 11, item 5)."""

from __future__ import annotations

import random
import shutil
import sqlite3
import subprocess
import sys

import duckdb
import pytest

from accord.errors import StoreError
from accord.store import EventFilter, Store
from accord.store.check import check_store


def _random(n: int, seed: int = 11) -> bytes:
    return random.Random(seed).randbytes(n)


def _middle(data: bytes) -> bytes:
    """400 KB of random bytes in the middle (the issue's case), or 30% of a smaller file."""
    n = min(400_000, len(data) * 3 // 10)
    start = (len(data) - n) // 2
    return data[:start] + _random(n) + data[start + n:]


DAMAGE = {  # kind: (how the file is damaged, the codes it may be reported with)
    "truncated": (lambda data: data[: len(data) // 2], {"A410"}),
    "random-middle": (_middle, {"A410"}),
    "garbage": (lambda data: _random(100_000), {"A408"}),
    "empty": (lambda data: b"", {"A409"}),
}


@pytest.fixture(params=list(DAMAGE))
def damaged(request, sample_db, tmp_path):
    """A copy of the sample store, damaged one way; (path, the codes expected)."""
    how, codes = DAMAGE[request.param]
    path = tmp_path / f"{request.param}.duckdb"
    path.write_bytes(how(sample_db.read_bytes()))
    return path, codes


def _code(text: str) -> str:
    return text.split("[", 1)[1][:4]


def _unchanged(path, before: bytes) -> None:
    assert path.read_bytes() == before
    assert not path.with_name(path.name + ".wal").exists()


def test_a_damaged_store_is_refused_and_left_as_it_was(damaged):
    path, codes = damaged
    before = path.read_bytes()
    with pytest.raises(StoreError) as exc:
        Store(path)
    assert _code(str(exc.value)) in codes and str(path) in str(exc.value)
    assert "restore" in str(exc.value) or "Delete it" in str(exc.value)
    try:
        with Store(path, read_only=True) as store:  # a cheap open may not read the damaged block ...
            store.verify()  # ... a full read does
    except StoreError as exc:
        assert _code(str(exc)) in codes
    else:
        pytest.fail("the damage went unnoticed")
    _unchanged(path, before)


def test_every_store_command_reports_the_damage_in_one_line(cli, damaged, articles_file, tmp_path):
    path, codes = damaged
    before = path.read_bytes()
    for argv in (["ingest", str(articles_file), "--db", str(path), "--no-progress"],
                 ["query", "--db", str(path)], ["query", "--db", str(path), "--clusters"],
                 ["export", "--db", str(path), "-o", str(tmp_path / "out.csv")]):
        code, _, err = cli(*argv)
        assert code == 1, (argv, err)
        [line] = err.strip().splitlines()
        assert line.startswith("accord: error [") and _code(line) in codes and str(path) in line
    _unchanged(path, before)


def test_store_check_reports_what_it_finds(cli, sample_db, damaged):
    code, out, _ = cli("store", "check", str(sample_db))
    assert code == 0 and "schema version: 2" in out and out.strip().endswith("sound")
    assert "14 articles (+0 ids sharing their text)" in out
    path, codes = damaged
    code, out, err = cli("store", "check", str(path))
    assert code == 1 and not err
    assert out.splitlines()[-1].startswith("problem: [") and _code(out.splitlines()[-1]) in codes


def _events_block_damaged(sample_db, tmp_path):
    """A copy with one block of the events table overwritten: it opens, and fails when events are read."""
    path = tmp_path / "events-block.duckdb"
    shutil.copy(sample_db, path)
    con = duckdb.connect(str(path), read_only=True)
    blocks = {t: {r[0] for r in con.execute(f"SELECT block_id FROM pragma_storage_info('{t}') WHERE block_id >= 0")
                  .fetchall()} for t in ("events", "meta")}
    block_size = con.execute("SELECT block_size FROM pragma_database_size()").fetchone()[0]
    con.close()
    block = min(blocks["events"] - blocks["meta"])
    with open(path, "r+b") as f:
        f.seek(3 * 4096 + block * block_size + 1000)
        f.write(_random(2000))
    return path


def test_damage_met_while_reading_is_a410(cli, sample_db, tmp_path):
    path = _events_block_damaged(sample_db, tmp_path)
    with Store(path, read_only=True) as store:  # the cheap checks pass: the catalog is whole
        assert store.counts()["articles"] == 14  # undamaged tables still answer
        for read in (lambda: store.events(EventFilter(country="RUS")), lambda: store.stream().read_all(),
                     store.verify):
            with pytest.raises(StoreError, match=r"\[A410\].*while reading|\[A410\].*table events"):
                read()
    code, _, err = cli("query", "--db", str(path), "--format", "csv")
    assert code == 1 and "[A410]" in err and len(err.strip().splitlines()) == 1
    report = check_store(str(path))
    assert not report.sound and set(report.damaged_tables) == {"events"} and report.rows["articles"] == 14
    before = path.read_bytes()
    with pytest.raises(StoreError, match="A410"):
        Store(path)  # a writer reads everything first
    assert path.read_bytes() == before


def test_a402_only_for_a_real_lock(sample_db, tmp_path):
    path = tmp_path / "locked.duckdb"
    shutil.copy(sample_db, path)
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1]); "
                               "print('ok', flush=True); sys.stdin.read()", str(path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ok"
        for read_only in (False, True):
            with pytest.raises(StoreError, match=r"^\[A402\]"):
                Store(path, read_only=read_only)
    finally:
        holder.communicate("")


def _altered(sample_db, path, *statements: str):
    """A copy of the sample store changed outside accord."""
    shutil.copy(sample_db, path)
    con = duckdb.connect(str(path))
    for statement in statements:
        con.execute(statement)
    con.close()
    return path


def test_other_files_that_are_not_stores(tmp_path, sample_db):
    lite = tmp_path / "lite.duckdb"
    con = sqlite3.connect(lite)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match=r"^\[A408\].*SQLite"):  # offline: no extension is fetched
        Store(lite, read_only=True)
    with pytest.raises(StoreError, match=r"^\[A412\].*directory"):
        Store(tmp_path, read_only=True)
    changed = _altered(sample_db, tmp_path / "changed.duckdb", "ALTER TABLE events DROP COLUMN goldstein",
                       "DROP TABLE aliases")
    with pytest.raises(StoreError, match=r"^\[A411\].*no column events.goldstein; no table aliases"):
        Store(changed, read_only=True)


def test_an_older_store_is_refused_until_upgraded(cli, sample_db, tmp_path):
    old = _altered(sample_db, tmp_path / "v1.duckdb", "DROP TABLE aliases", "UPDATE meta SET value = '1'")
    for read_only in (False, True):
        with pytest.raises(StoreError, match=r"^\[A403\].*version 1.*accord store upgrade"):
            Store(old, read_only=read_only)
    code, _, err = cli("store", "upgrade", str(old))
    assert code == 0 and "upgraded from schema version 1 to 2" in err
    with Store(old, read_only=True) as store:
        assert store.counts()["aliases"] == 0 and store.counts()["articles"] == 14
    code, _, err = cli("store", "upgrade", str(old))
    assert code == 0 and "already at schema version 2" in err
