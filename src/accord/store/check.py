"""The store checks itself: DuckDB's own open, the file's size, the schema version, the tables and
their columns, and (in full) a read of every block of every table.

DuckDB keeps a checksum per 256 KiB block but verifies it only when the block is read, so a
damaged file may open and answer some queries. The checks come in two strengths:

* on every open (:func:`inspect` with ``full=False``, cheap: metadata only): DuckDB's open,
  the file at least as long as the blocks DuckDB counts (a truncated copy), the schema version,
  and every expected table with its columns and types;
* before anything is written into an existing file, and in ``accord store check`` (``full=True``):
  besides, every column of every table read once (a hash over each row), so every block's
  checksum is verified.

Each problem is a coded :class:`~accord.errors.StoreError` naming the file and what to do:
A401 missing, A402 locked by another process, A403 another schema version, A404 not an accord
store, A408 not a DuckDB file, A409 empty, A410 damaged, A411 tables that do not match, A412
any other failure to open.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import duckdb

from accord.errors import Errors, StoreError
from accord.store.schema import COLUMNS, SCHEMA_VERSION, UPGRADES

HEADER_BYTES = 3 * 4096  # DuckDB's main header and its two database headers come before the first block
# Never fetch an extension: a SQLite or other foreign file must fail as "not a DuckDB database", offline.
OPEN_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
_LOCKED = ("Could not set lock", "Conflicting lock", "different configuration")
_DAMAGED = ("Corrupt database file", "checksum", "Could not read enough bytes", "Could not read from file")


def connect(path: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    """DuckDB's own open, its failures as coded errors (a lock conflict is A402, and nothing else is)."""
    if path != ":memory:" and os.path.isfile(path) and os.path.getsize(path) == 0:
        raise StoreError(Errors.A409.format(path=path))
    try:
        return duckdb.connect(path, read_only=read_only, config=OPEN_CONFIG)
    except duckdb.Error as exc:
        raise _open_error(path, exc) from exc


def _open_error(path: str, exc: Exception) -> StoreError:
    detail = _first_line(exc)
    if any(s in detail for s in _LOCKED):
        return StoreError(Errors.A402.format(path=path, detail=detail))
    if "not a valid DuckDB database" in detail:
        return StoreError(Errors.A408.format(path=path, detail=detail))
    if "extension" in detail.lower():  # DuckDB knows the format and wants an extension to read it
        kind = "SQLite" if "sqlite" in detail.lower() else "another"
        return StoreError(Errors.A408.format(path=path, detail=f"a database of {kind} format"))
    if os.path.isdir(path):
        return StoreError(Errors.A412.format(path=path, detail="it is a directory"))
    if any(s in detail for s in _DAMAGED):
        return StoreError(Errors.A410.format(path=path, detail=f"on open: {detail}"))
    return StoreError(Errors.A412.format(path=path, detail=detail))


def is_damage(exc: duckdb.Error) -> bool:
    """Whether DuckDB's error is about the file (a bad block, a short read) rather than the query."""
    return (isinstance(exc, (duckdb.IOException, duckdb.SerializationException, duckdb.InternalException,
                             duckdb.FatalException)) or any(s in str(exc) for s in _DAMAGED))


def damaged(path: str, exc: Exception, where: str) -> StoreError:
    """A read error met after the open (DuckDB finds a bad block when it reads it) as A410."""
    return StoreError(Errors.A410.format(path=path, detail=f"{where}: {_first_line(exc)}"))


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


@dataclass
class Inspection:
    """What the checks found: the schema version (None for a file without tables) and rows per table."""

    version: str | None = None
    rows: dict[str, int] = field(default_factory=dict)


def inspect(con: duckdb.DuckDBPyConnection, path: str, *, full: bool, size: bool = True) -> Inspection:
    """Check an open store (see the module docstring); raises the first problem as a StoreError."""
    if size and path != ":memory:":
        check_size(con, path)
    version = schema_version(con, path)
    if version is None:
        return Inspection()
    if version != str(SCHEMA_VERSION):
        raise StoreError(Errors.A403.format(path=path, found=version, expected=SCHEMA_VERSION,
                                            advice=upgrade_advice(path, version)))
    _check_columns(con, path)
    report = Inspection(version)
    if full:
        for table in COLUMNS:
            report.rows[table] = read_table(con, path, table)
    return report


def schema_version(con: duckdb.DuckDBPyConnection, path: str) -> str | None:
    """The store's schema version; None for a database without tables (a new store), A404 for another one."""
    try:
        names = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if not names:
            return None
        found = None
        if "meta" in names:
            found = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except duckdb.Error as exc:
        raise damaged(path, exc, "reading the catalog") from exc
    if found is None:
        raise StoreError(Errors.A404.format(path=path))
    return found[0]


def upgrade_advice(path: str, version: str) -> str:
    if version in UPGRADES:
        return f"Upgrade it in place with: accord store upgrade {path}"
    return "Re-ingest into a new --db (or read it with the accord version that wrote it)."


def read_table(con: duckdb.DuckDBPyConnection, path: str, table: str) -> int:
    """Read every column of every row once (DuckDB verifies each block's checksum); the row count."""
    try:
        return con.execute(f"SELECT count(*), bit_xor(hash(t)) FROM {table} t").fetchone()[0]
    except duckdb.Error as exc:
        raise damaged(path, exc, f"table {table}") from exc


def check_size(con: duckdb.DuckDBPyConnection, path: str) -> None:
    """A file shorter than the blocks DuckDB counts in it was cut (a partial copy or a full disk)."""
    block_size, blocks = con.execute("SELECT block_size, total_blocks FROM pragma_database_size() "
                                     "WHERE database_name = current_database()").fetchone()
    need = HEADER_BYTES + block_size * blocks
    size = os.path.getsize(path)
    if size < need:
        raise StoreError(Errors.A410.format(
            path=path, detail=f"truncated: {size:,} bytes, but its {blocks} blocks need {need:,}"))


def _check_columns(con: duckdb.DuckDBPyConnection, path: str) -> None:
    rows = con.execute("SELECT table_name, column_name, data_type FROM information_schema.columns "
                       "WHERE table_schema = 'main'").fetchall()
    found: dict[str, dict[str, str]] = {}
    for table, column, kind in rows:
        found.setdefault(table, {})[column] = kind
    problems = []
    for table, columns in COLUMNS.items():
        if table not in found:
            problems.append(f"no table {table}")
            continue
        for column, kind in columns:
            got = found[table].get(column)
            if got is None:
                problems.append(f"no column {table}.{column}")
            elif got != kind:
                problems.append(f"{table}.{column} is {got}, not {kind}")
    if problems:
        raise StoreError(Errors.A411.format(path=path, version=SCHEMA_VERSION, detail="; ".join(problems[:5])))


@dataclass
class StoreReport:
    """``accord store check``: what a full check found, and the first problem (None when sound)."""

    path: str
    size: int | None = None
    version: str | None = None
    rows: dict[str, int] = field(default_factory=dict)
    damaged_tables: dict[str, str] = field(default_factory=dict)
    problem: StoreError | None = None

    @property
    def sound(self) -> bool:
        return self.problem is None

    def lines(self) -> list[str]:
        out = [f"store: {self.path}" + (f" ({self.size:,} bytes)" if self.size is not None else "")]
        if self.version is not None:
            out.append(f"schema version: {self.version}")
        for table, n in self.rows.items():
            out.append(f"  {table:13} {n:>10,} rows")
        for table, detail in self.damaged_tables.items():
            out.append(f"  {table:13} DAMAGED: {detail}")
        if {"articles", "aliases", "events", "clusters"} <= set(self.rows):
            r = self.rows
            out.append(f"{r['articles']:,} articles (+{r['aliases']:,} ids sharing their text), "
                       f"{r['events']:,} event mentions in {r['clusters']:,} clusters")
        out.append("sound" if self.sound else f"problem: {self.problem}")
        return out


def check_store(path: str) -> StoreReport:
    """Run every check on the file at ``path``, read-only; the problems go in the report, not raised.

    A truncated file or a damaged table does not stop the check: the report lists every table
    that can still be read, with its rows, and every one that cannot.
    """
    report = StoreReport(path, size=os.path.getsize(path) if os.path.isfile(path) else None)
    if not os.path.exists(path):
        report.problem = StoreError(Errors.A401.format(path=path))
        return report
    try:
        con = connect(path, read_only=True)
    except StoreError as exc:
        report.problem = exc
        return report
    try:
        try:
            check_size(con, path)
        except StoreError as exc:
            report.problem = exc
        report.version = inspect(con, path, full=False, size=False).version
        if report.version is None:  # a DuckDB database without tables
            raise StoreError(Errors.A404.format(path=path))
        for table in COLUMNS:
            try:
                report.rows[table] = read_table(con, path, table)
            except StoreError as exc:
                report.damaged_tables[table] = _first_line(exc.__cause__ or exc)
                report.problem = report.problem or exc
    except StoreError as exc:
        report.problem = report.problem or exc
    finally:
        con.close()
    return report
