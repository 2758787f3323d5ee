"""The event store: one DuckDB file of articles, event mentions, their clusters, and error records.

Writes come in batches (:class:`~accord.store.rows.Batch`), each in one transaction: a run
killed at any point leaves whole articles or none, so a rerun neither loses nor doubles
anything. An article already stored with the same content is skipped; the same id with new
content replaces every row of the old one; another id with a stored text is an alias of it
(``aliases.py``). Every open checks the file, and a writer reads all of it first (``check.py``):
nothing is written into a damaged store.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from accord.errors import Errors, StoreError
from accord.records import Analysis, InputError, Record
from accord.store import aliases, check, dedup
from accord.store.layouts import columns
from accord.store.query import ORDERS, EventFilter, group_expr, known
from accord.store.rows import Batch, error_id, event_id, record_hash, split_repeats
from accord.store.schema import (ARTICLE_TABLES, COLUMNS, SCHEMA_VERSION, TABLES, UPGRADES, arrow_schema,
                                 create_table, ddl)

DEFAULT_DB = "accord.duckdb"
MENTION_COLUMNS = ("event_id", "article_id", "title", "publisher", "url", "date", "sentence_index", "sentence",
                   "trigger", "source_name", "target_name", "cameo", "modality")


class Store:
    """An accord event store; use as a context manager or call :meth:`close`.

    One connection, guarded by a lock, so a threaded server may share a Store. DuckDB lets one
    process write a file at a time; readers in other processes open it with ``read_only=True``.
    """

    def __init__(self, path: str | Path = DEFAULT_DB, read_only: bool = False) -> None:
        self.path = str(path)
        self._lock = threading.RLock()
        memory = self.path == ":memory:"
        exists = not memory and os.path.exists(self.path)
        if read_only and not exists and not memory:
            raise StoreError(Errors.A401.format(path=self.path))
        version = None
        if exists and not read_only:
            # nothing is written into a file that fails the full check: read it all first, read-only
            version = _inspect(self.path, full=True).version
        elif not memory:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._con = check.connect(self.path, read_only)
        try:
            if read_only:
                version = check.inspect(self._con, self.path, full=False).version
            if version is None:
                self._create(read_only)
        except BaseException:
            self._con.close()
            raise

    def _create(self, read_only: bool) -> None:
        """Make the tables in a file that has none (a new file, or an empty DuckDB database)."""
        if read_only:
            raise StoreError(Errors.A401.format(path=self.path))
        with self._transaction():
            for statement in ddl():
                self._con.execute(statement)
            self._con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])

    def verify(self) -> dict[str, int]:
        """Read every block of every table (DuckDB checks each one); rows per table, or StoreError A410."""
        with self._lock:
            return check.inspect(self._con, self.path, full=True, size=False).rows

    def close(self) -> None:
        with self._lock:
            self._con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _transaction(self) -> _Transaction:
        return _Transaction(self)

    @contextmanager
    def _reading(self) -> Iterator[None]:
        """Under the lock, with damage reported as for :meth:`_batches`."""
        with self._lock, self._damage_is_an_error():
            yield

    @contextmanager
    def _damage_is_an_error(self) -> Iterator[None]:
        """A damaged block met while reading (DuckDB checks a block when it reads it) is A410."""
        try:
            yield
        except duckdb.Error as exc:
            if check.is_damage(exc):
                raise check.damaged(self.path, exc, "while reading") from exc
            raise

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return self._table(sql, params).to_pylist()

    def _table(self, sql: str, params: Sequence[Any] = ()) -> pa.Table:
        with self._reading():
            return self._con.sql(sql, params=list(params)).to_arrow_table()

    # ---- writing -------------------------------------------------------------------------------

    def add(self, item: Analysis | InputError) -> str:
        """Store one analysis or error record: "added", "updated", "aliased" or "skipped"."""
        return self.add_many([item])[0]

    def add_many(self, items: Iterable[Analysis | InputError], *, force: bool = False) -> list[str]:
        """Store analyses and error records, one transaction per run of distinct ids; a status per item.

        ``force`` replaces stored articles even when their content is unchanged (re-analysis).
        """
        statuses: list[str] = []
        for part in split_repeats(items):
            written = self.write(Batch.of(part), force=force)
            n = sum(isinstance(r, Analysis) for r in part)
            articles, errors = iter(written[:n]), iter(written[n:])
            statuses += [next(articles) if isinstance(r, Analysis) else next(errors) for r in part]
        return statuses

    def unseen(self, records: Sequence[Any]) -> list[bool]:
        """For each record (a Record or not), whether it still needs analysing.

        A Record is done when its id is stored (as an article or an alias) with the same content;
        anything else (new, changed, a new id for a stored text, an input error) goes on.
        """
        ids = [r.id for r in records if isinstance(r, Record)]
        rows = self._rows("SELECT article_id, content_hash FROM articles WHERE article_id IN (SELECT unnest(?)) "
                          "UNION ALL SELECT article_id, content_hash FROM aliases WHERE article_id IN (SELECT unnest(?))",
                          [ids, ids]) if ids else []
        stored = {r["article_id"]: r["content_hash"] for r in rows}
        return [not isinstance(r, Record) or stored.get(r.id) != record_hash(r) for r in records]

    def write(self, batch: Batch, *, force: bool = False) -> list[str]:
        """Write a batch of distinct article ids in one transaction; a status per article ("added",
        "updated", "aliased": stored as an alias of the same text, "skipped"), then per error record.

        Which id holds a text's analysis and which are its aliases: accord.store.aliases.
        """
        articles = batch.tables["articles"]
        ids = articles.column("article_id").to_pylist()
        hashes = articles.column("content_hash").to_pylist()
        with self._transaction():
            stored = dict(self._con.execute(
                "SELECT article_id, content_hash FROM articles WHERE article_id IN (SELECT unnest(?)) "
                "OR content_hash IN (SELECT unnest(?))", [ids, hashes]).fetchall())
            by_alias = {r["article_id"]: r for r in self._con.sql(
                "SELECT * FROM aliases WHERE article_id IN (SELECT unnest(?)) OR content_hash IN (SELECT unnest(?))",
                params=[ids, hashes + list(stored.values())]).to_arrow_table().to_pylist()}
            todo = aliases.plan(ids, hashes, stored, {i: r["content_hash"] for i, r in by_alias.items()}, force=force)
            from_batch = {r["article_id"]: r for r in articles.select(arrow_schema("aliases").names).to_pylist()
                          if r["article_id"] in todo.from_batch}
            moved = self._moved(todo.moves, {**by_alias, **from_batch})
            gone = todo.drops + list(todo.moves)
            if gone:
                self._delete_articles(gone)
            for table, rows in moved.items():
                self._insert(table, rows)
            if gone:  # clusters left without a mention go; the others keep their id and place
                self._con.execute("DELETE FROM clusters WHERE cluster_id NOT IN (SELECT cluster_id FROM events)")
            if todo.inserts:
                self._insert_articles(batch, todo.inserts)
            if todo.alias_deletes:
                self._con.execute("DELETE FROM aliases WHERE article_id IN (SELECT unnest(?))", [todo.alias_deletes])
            self._insert("aliases", pa.Table.from_pylist([from_batch[i] for i in todo.new_aliases],
                                                         schema=arrow_schema("aliases")))
            statuses = todo.statuses + self._insert_errors(batch.tables["errors"], todo.inserts)
        return statuses

    def _delete_articles(self, ids: list[str]) -> None:
        for table in ARTICLE_TABLES:
            self._con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?))", [ids])
        self._con.execute("DELETE FROM errors WHERE stage <> 'input' AND article_id IN (SELECT unnest(?))", [ids])

    def _moved(self, moves: dict[str, str], meta: dict[str, dict[str, Any]]) -> dict[str, pa.Table]:
        """The rows of each stored article in ``moves`` under the id that takes them over, with that
        id's url, publisher and origin (``meta``): what an ingest of the text under that id gives."""
        if not moves:
            return {}
        sources = list(moves)
        out: dict[str, pa.Table] = {}
        new_event_ids: dict[tuple[str, str], str] = {}
        for table in (*ARTICLE_TABLES, "errors"):
            where = "stage <> 'input' AND " if table == "errors" else ""
            rows = self._con.sql(f"SELECT * FROM {table} WHERE {where}article_id IN (SELECT unnest(?))",
                                 params=[sources]).to_arrow_table().to_pylist()
            for row in rows:
                old, aid = row["article_id"], moves[row["article_id"]]
                m = meta[aid]
                row["article_id"] = aid
                if table == "articles":
                    row.update(url=m["url"], publisher=m["publisher"], origin=m["origin"], ingested_at=m["ingested_at"],
                               doc=json.dumps(_renamed(row["doc"], aid, m), ensure_ascii=False))
                elif table == "events":
                    new_event_ids[old, row["event_id"]] = event_id(aid, row["event"])
                    row.update(event_id=new_event_ids[old, row["event_id"]], url=m["url"], publisher=m["publisher"])
                elif table == "event_actors":
                    row["event_id"] = new_event_ids[old, row["event_id"]]
                elif table == "errors":
                    row.update(origin=m["origin"], error_id=error_id(aid, m["origin"], row["stage"], row["message"]))
            out[table] = pa.Table.from_pylist(rows, schema=arrow_schema(table))
        return out

    def _insert_articles(self, batch: Batch, ids: list[str]) -> None:
        wanted = pa.array(ids, pa.string())
        for table in ARTICLE_TABLES:
            rows = batch.tables[table]
            rows = rows.filter(pc.is_in(rows.column("article_id"), value_set=wanted))
            if table == "events":
                rows = self._clustered(rows)
            self._insert(table, rows)

    def _insert(self, table: str, rows: pa.Table) -> None:
        if rows.num_rows:
            self._con.register("_rows", rows)
            try:
                self._con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _rows")
            finally:
                self._con.unregister("_rows")

    def _insert_errors(self, errors: pa.Table, kept: list[str]) -> list[str]:
        """Input errors are upserted by id; stage errors go in with their (kept) article."""
        if not errors.num_rows:
            return []
        is_input = pc.equal(errors.column("stage"), "input")
        input_errors = errors.filter(is_input)
        stage_errors = errors.filter(pc.invert(is_input))
        stage_errors = stage_errors.filter(pc.is_in(stage_errors.column("article_id"),
                                                    value_set=pa.array(kept, pa.string())))
        self._insert("errors", stage_errors)
        ids = input_errors.column("error_id").to_pylist()
        stored = {r[0] for r in self._con.execute(
            "SELECT error_id FROM errors WHERE error_id IN (SELECT unnest(?))", [ids]).fetchall()}
        new = input_errors.filter(pc.invert(pc.is_in(input_errors.column("error_id"),
                                                     value_set=pa.array(sorted(stored), pa.string()))))
        self._insert("errors", new)
        return ["skipped" if i in stored else "added" for i in ids]

    def _clustered(self, events: pa.Table) -> pa.Table:
        """The events with their cluster ids; new and changed clusters are written."""
        if not events.num_rows:
            return events
        cols = ("event_id", "match_key", "day", "place_name", "place_country", "place_feature", "lat", "lon")
        mentions = events.select(list(cols)).to_pylist()
        keyed = [(m["match_key"], m["day"]) for m in mentions if m["match_key"] is not None]
        known_clusters: list[dedup.Cluster] = []
        if keyed:
            probe = pa.table({"k": [k for k, _ in keyed], "d": pa.array([d for _, d in keyed], pa.date32())})
            self._con.register("_probe", probe)
            try:
                rows = self._con.sql(
                    "SELECT DISTINCT c.* FROM clusters c JOIN _probe p ON c.match_key = p.k "
                    "AND c.day BETWEEN p.d - 1 AND p.d + 1").to_arrow_table().to_pylist()
            finally:
                self._con.unregister("_probe")
            known_clusters = [dedup.Cluster(r["cluster_id"], r["match_key"], r["day"], dedup.Place.of(r))
                              for r in rows]
        taken = {r[0] for r in self._con.execute(
            "SELECT cluster_id FROM clusters WHERE cluster_id IN (SELECT unnest(?))",
            [[m["event_id"] for m in mentions]]).fetchall()}
        ids, touched = dedup.assign(mentions, known_clusters, taken)
        if touched:
            changed = [c.cluster_id for c in touched]
            self._con.execute("DELETE FROM clusters WHERE cluster_id IN (SELECT unnest(?))", [changed])
            self._insert("clusters", pa.Table.from_pylist([c.row() for c in touched],
                                                          schema=arrow_schema("clusters")))
        return events.set_column(events.schema.get_field_index("cluster_id"), "cluster_id",
                                 pa.array(ids, pa.string()))

    # ---- reading -------------------------------------------------------------------------------

    def events(self, flt: EventFilter | None = None, *, limit: int | None = None, offset: int = 0,
               order: str = "date", layout: str = "flat", one_per_cluster: bool = False) -> pa.Table:
        """One row per event mention (columns: FORMAT.md), or per cluster with ``one_per_cluster``.

        ``layout`` picks the columns ("flat", "phoenix", "brief"; see accord.store.layouts). One per
        cluster keeps each cluster's most confident matching mention: deduplicated event data.
        """
        sql, params = self._select(flt, limit, offset, order, layout, one_per_cluster)
        return self._table(sql, params)

    def stream(self, flt: EventFilter | None = None, *, order: str = "date", layout: str = "flat",
               one_per_cluster: bool = False, batch_rows: int = 10_000) -> pa.RecordBatchReader:
        """Like :meth:`events` but as a stream of record batches, for exports larger than memory.

        The stream holds the connection: read it to the end before the next call.
        """
        sql, params = self._select(flt, None, 0, order, layout, one_per_cluster)
        with self._reading():
            reader = self._con.sql(sql, params=params).to_arrow_reader(batch_rows)
        return pa.RecordBatchReader.from_batches(reader.schema, self._batches(reader))

    def _batches(self, reader: pa.RecordBatchReader) -> Iterator[pa.RecordBatch]:
        with self._damage_is_an_error():  # not under the lock: the caller may read it from another thread
            yield from reader

    def _select(self, flt: EventFilter | None, limit: int | None, offset: int, order: str, layout: str,
                one_per_cluster: bool) -> tuple[str, list[Any]]:
        where, params = (flt or EventFilter()).where()
        sql = f"SELECT {columns(layout)} FROM events e WHERE {where}"
        if one_per_cluster:
            sql += " QUALIFY row_number() OVER (PARTITION BY e.cluster_id ORDER BY e.confidence DESC, e.day, e.event_id) = 1"
        sql += f" ORDER BY {ORDERS[known('order', order, list(ORDERS))]}"
        if limit is not None or offset:
            sql += " LIMIT ? OFFSET ?"
            params += [int(limit) if limit is not None else None, int(offset)]
        return sql, params

    def count_events(self, flt: EventFilter | None = None) -> int:
        where, params = (flt or EventFilter()).where()
        return self._rows(f"SELECT count(*) AS n FROM events e WHERE {where}", params)[0]["n"]

    def aggregate(self, flt: EventFilter | None, group_by: Sequence[str], interval: str = "day") -> pa.Table:
        """Counts per group: keys..., events (mentions), clusters (distinct events), Goldstein sum and mean."""
        where, params = (flt or EventFilter()).where()
        keys = [f"{group_expr(k, interval)} AS {k}" for k in group_by]
        head = ", ".join(keys) + ", " if keys else ""
        group = "GROUP BY ALL ORDER BY ALL" if keys else ""
        return self._table(
            f"SELECT {head}count(*) AS events, count(DISTINCT e.cluster_id) AS clusters, "
            f"coalesce(sum(e.goldstein), 0) AS goldstein_sum, avg(e.goldstein) AS goldstein_mean "
            f"FROM events e WHERE {where} {group}", params)

    def event(self, event_id: str) -> dict[str, Any] | None:
        """The mention row with its cluster: {id, reports, articles, mentions: [...]}."""
        rows = self._rows("SELECT * EXCLUDE (match_key) FROM events WHERE event_id = ?", [event_id])
        if not rows:
            return None
        row = rows[0]
        mentions = self._rows(f"SELECT {', '.join(MENTION_COLUMNS)} FROM events e WHERE cluster_id = ? "
                              f"ORDER BY {ORDERS['date']}", [row["cluster_id"]])
        row["cluster"] = {"id": row["cluster_id"], "reports": len(mentions),
                          "articles": len({m["article_id"] for m in mentions}), "mentions": mentions}
        return row

    def article(self, article_id: str) -> dict[str, Any] | None:
        """The stored analysis document (the spec's JSON), or None; an alias gets its text's, under its id."""
        rows = self._rows(
            "SELECT doc, NULL AS url, NULL AS publisher, false AS alias FROM articles WHERE article_id = ? UNION ALL "
            "SELECT a.doc, l.url, l.publisher, true FROM aliases l JOIN articles a USING (content_hash) "
            "WHERE l.article_id = ?", [article_id, article_id])
        if not rows:
            return None
        return _renamed(rows[0]["doc"], article_id, rows[0]) if rows[0]["alias"] else json.loads(rows[0]["doc"])

    def actors(self, flt: EventFilter | None = None, limit: int = 100) -> pa.Table:
        """Actors of the matching events (as source or target), most frequent first."""
        where, params = (flt or EventFilter()).where()
        return self._table(
            "SELECT a.code, a.name, mode(a.country) AS country, mode(a.sector) AS sector, "
            "count(DISTINCT a.event_id) AS events FROM event_actors a "
            f"WHERE a.role IN ('source', 'target') AND a.event_id IN (SELECT e.event_id FROM events e WHERE {where}) "
            "GROUP BY a.code, a.name ORDER BY events DESC, a.code NULLS LAST, a.name NULLS LAST LIMIT ?",
            [*params, int(limit)])

    def clusters(self, flt: EventFilter | None = None, *, limit: int | None = None, offset: int = 0,
                 min_reports: int = 1) -> pa.Table:
        """One row per cluster with a matching mention, most reported first: reports, articles,
        dates, dyad, code, place, the most confident sentence and the mention ids."""
        where, params = (flt or EventFilter()).where()
        scope = "" if where == "TRUE" else f"WHERE e.cluster_id IN (SELECT e.cluster_id FROM events e WHERE {where})"
        page = " LIMIT ? OFFSET ?" if limit is not None else ""
        # rank the clusters on counts alone, then describe only the page of them
        sql = (
            f"WITH ranked AS (SELECT e.cluster_id, count(*) AS reports, min(e.day) AS first_day FROM events e "
            f"{scope} GROUP BY e.cluster_id HAVING count(*) >= ? "
            f"ORDER BY reports DESC, first_day NULLS LAST, e.cluster_id{page}) "
            "SELECT e.cluster_id, any_value(r.reports) AS reports, count(DISTINCT e.article_id) AS articles, "
            "min(e.day) AS first_day, max(e.day) AS last_day, "
            "arg_max(e.source_code, e.confidence) AS source_code, any_value(e.source_country) AS source_country, "
            "arg_max(e.target_code, e.confidence) AS target_code, any_value(e.target_country) AS target_country, "
            "any_value(e.root) AS root, mode(e.cameo) AS cameo, mode(e.plover) AS plover, "
            "mode(e.quad_class) AS quad_class, avg(e.goldstein) AS goldstein, "
            "any_value(c.place_name) AS place_name, any_value(c.place_country) AS place_country, "
            "arg_max(e.sentence, e.confidence) AS sentence, list(e.event_id ORDER BY e.day, e.event_id) AS mentions "
            "FROM ranked r JOIN events e USING (cluster_id) LEFT JOIN clusters c USING (cluster_id) "
            "GROUP BY e.cluster_id ORDER BY reports DESC, first_day NULLS LAST, e.cluster_id")
        params.append(int(min_reports))
        if limit is not None:
            params += [int(limit), int(offset)]
        return self._table(sql, params)

    def counts(self) -> dict[str, int]:
        """Rows per table, and the schema version: a summary for reports and health checks."""
        out = {t: self._rows(f"SELECT count(*) AS n FROM {t}")[0]["n"] for t in TABLES}
        out["schema_version"] = SCHEMA_VERSION
        return out

    def sql(self, query: str, params: Sequence[Any] = ()) -> pa.Table:
        """Any read query over the tables of FORMAT.md, for analyses the methods do not cover."""
        return self._table(query, params)


class _Transaction:
    """BEGIN ... COMMIT under the store's lock; ROLLBACK on any exception, KeyboardInterrupt included.

    A damaged block met on the way is A410, as for reads.
    """

    def __init__(self, store: Store) -> None:
        self.store = store

    def __enter__(self) -> None:
        self.store._lock.acquire()
        self.store._con.execute("BEGIN TRANSACTION")

    def __exit__(self, kind: object, exc: object, tb: object) -> None:
        try:
            self.store._con.execute("ROLLBACK" if kind else "COMMIT")
        finally:
            self.store._lock.release()
        if isinstance(exc, duckdb.Error) and check.is_damage(exc):
            raise check.damaged(self.store.path, exc, "while writing") from exc


def upgrade(path: str) -> str | None:
    """Bring a store of an older schema version (``UPGRADES``) to this one, in place, in one transaction.

    The version it had, or None when it was current. Fully checked first, as before any write.
    """
    if not os.path.exists(path):
        raise StoreError(Errors.A401.format(path=path))
    con = check.connect(path, read_only=True)
    try:
        check.check_size(con, path)
        version = check.schema_version(con, path)
        if version == str(SCHEMA_VERSION):
            check.inspect(con, path, full=True, size=False)
            return None
        if version not in UPGRADES:
            raise StoreError(Errors.A404.format(path=path) if version is None else Errors.A403.format(
                path=path, found=version, expected=SCHEMA_VERSION, advice=check.upgrade_advice(path, version)))
        for table in COLUMNS:
            if table not in UPGRADES[version]:
                check.read_table(con, path, table)
    finally:
        con.close()
    con = check.connect(path, read_only=False)
    try:
        con.execute("BEGIN TRANSACTION")
        for table in UPGRADES[version]:
            con.execute(create_table(table))
        con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION)])
        con.execute("COMMIT")
    finally:
        con.close()
    return version


def _renamed(doc: str, article_id: str, meta: dict[str, Any]) -> dict[str, Any]:
    """A stored analysis document as another id with the same text has it: its id, url and publisher."""
    out = json.loads(doc)
    out.update(id=article_id, url=meta["url"], publisher=meta["publisher"])
    return out


def _inspect(path: str, *, full: bool) -> check.Inspection:
    """Check the file at ``path`` on a read-only connection of its own."""
    con = check.connect(path, read_only=True)
    try:
        return check.inspect(con, path, full=full)
    finally:
        con.close()
