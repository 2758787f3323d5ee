"""``accord ingest``, ``query``, ``export`` and ``store check|upgrade``: the store's commands, parsing only."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from accord.outfiles import check_output
from accord.store.export import FORMATS
from accord.store.layouts import LAYOUTS
from accord.store.query import GROUP_KEYS, INTERVALS, ORDERS, EventFilter
from accord.store.store import DEFAULT_DB, Store

EPILOG = "Docs: docs/store.md (commands, Phoenix layout), src/accord/store/FORMAT.md (tables and clusters)."
TABLE_ROWS = 50  # rows a terminal table shows unless --limit says otherwise


def _day(text: str) -> str:
    from datetime import date

    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD, got {text!r}") from None


def _add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", default=DEFAULT_DB, metavar="FILE", help="the store (DuckDB file; default %(default)s)")


def _add_filters(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("filters (all optional; combined with AND)")
    g.add_argument("--actor", metavar="CODE|NAME", help="either side: a code prefix in capitals (RUS, RUSGOV) or a name substring (Lavrov, russia)")
    g.add_argument("--source", metavar="CODE|NAME", help="the same, source side only")
    g.add_argument("--target", metavar="CODE|NAME", help="the same, target side only")
    g.add_argument("--country", metavar="ISO3", help="an actor of this country on either side")
    g.add_argument("--sector", metavar="SECTOR", help="an actor of this sector (GOV, MIL, REB...) on either side")
    g.add_argument("--cameo", metavar="CODE", help="CAMEO code prefix (19, 190, 0356)")
    g.add_argument("--root", metavar="NN", help="CAMEO root code (01-20)")
    g.add_argument("--plover", metavar="TYPE", help="PLOVER event type (ASSAULT, AGREE...)")
    g.add_argument("--quad-class", type=int, choices=(1, 2, 3, 4),
                   help="1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict")
    g.add_argument("--modality", choices=("asserted", "reported", "intended", "planned", "demanded",
                                          "hypothetical", "negated"))
    g.add_argument("--since", type=_day, metavar="YYYY-MM-DD", help="events on or after this day")
    g.add_argument("--until", type=_day, metavar="YYYY-MM-DD", help="events on or before this day")
    g.add_argument("--place", metavar="NAME", help="place name substring")
    g.add_argument("--place-country", metavar="ISO3", help="country of the event's place")
    g.add_argument("--text", metavar="WORDS", help="substring of the sentence (case-insensitive)")
    g.add_argument("--article", metavar="ID", help="events of one article")
    g.add_argument("--cluster", metavar="ID", help="the mentions of one event cluster")


def _filter(args: argparse.Namespace) -> EventFilter:
    return EventFilter(**{name: getattr(args, name) for name in EventFilter.names()})


def _add_output(p: argparse.ArgumentParser, default: str, formats: tuple[str, ...]) -> None:
    p.add_argument("--format", choices=formats, default=default, help="output format (default %(default)s)")
    p.add_argument("-o", "--out", metavar="FILE", help="write here instead of standard output")
    p.add_argument("--layout", choices=tuple(LAYOUTS), default=None,
                   help="event columns: flat (the store's event row), phoenix (Phoenix/ICEWS-style), "
                   "brief (terminal); default brief for a table, else flat")
    p.add_argument("--one-per-cluster", action="store_true",
                   help="deduplicated: one row per event cluster (its most confident mention)")
    p.add_argument("--order", choices=tuple(ORDERS), default="date", help="row order (default date)")


def cmd_ingest(args: argparse.Namespace) -> int:
    from accord.cli import check_paths, config_from_args

    if args.batch_size < 1:
        print(f"accord: --batch-size must be 1 or more, got {args.batch_size}.", file=sys.stderr)
        return 2
    config = config_from_args(args)
    check_paths(args, args.db)  # every input (A101...), and the store none of them (A114), before it is created
    try:
        with _ingest_store(args.db) as store:
            if args.dask:
                from accord.store.distributed import ingest_dask

                stats = ingest_dask(args.paths, store, args.dask, config=config, force=args.force,
                                    partition_size=args.batch_size, parts_dir=args.parts, progress=args.progress,
                                    workers=args.workers, max_chars=args.max_chars)
            else:
                from accord.store.ingest import ingest_files

                stats = ingest_files(args.paths, store, config=config, workers=args.workers,
                                     batch_size=args.batch_size, force=args.force, progress=args.progress,
                                     max_chars=args.max_chars)
    except KeyboardInterrupt:
        print(f"accord: interrupted; what was stored stays in {args.db}. Run the same command again "
              "to go on: stored articles are skipped.", file=sys.stderr)
        return 130
    print(f"{stats.summary()} -> {args.db}", file=sys.stderr)
    return 0


@contextmanager
def _ingest_store(path: str) -> Iterator[Store]:
    """The store to ingest into. One that this run creates is removed again when the run stores nothing
    and does not finish (a missing model, an unreachable Dask scheduler, Ctrl-C): no empty store is left."""
    created = path != ":memory:" and not os.path.exists(path)
    store = Store(path)
    finished = False
    try:
        yield store
        finished = True
    finally:
        empty = created and not finished and not any(store.counts()[t] for t in ("articles", "aliases", "errors"))
        store.close()
        if empty:
            for leftover in (path, path + ".wal"):
                if os.path.exists(leftover):
                    os.remove(leftover)


def cmd_query(args: argparse.Namespace) -> int:
    from accord.store import export

    check_output(args.out, [args.db])
    flt = _filter(args)
    with Store(args.db, read_only=True) as store:
        limit = args.limit
        if limit is None and args.format == "table" and args.out in (None, "-"):
            limit = TABLE_ROWS
        if args.group_by:
            data = store.aggregate(flt, args.group_by, args.interval)
            total = data.num_rows
            data = data.slice(0, limit) if limit is not None else data
        elif args.clusters:
            data = store.clusters(flt, limit=limit, min_reports=args.min_reports)
            total = None
        elif args.actors:
            data = store.actors(flt, limit=limit or 100)
            total = None
        else:
            layout = args.layout or ("brief" if args.format == "table" else "flat")
            options = {"order": args.order, "layout": layout, "one_per_cluster": args.one_per_cluster}
            if limit is None:  # everything: streamed, as by export
                export.write(store.stream(flt, **options), args.format, args.out)
                return 0
            data = store.events(flt, limit=limit, **options)
            total = None if args.one_per_cluster else store.count_events(flt)
        export.write(data, args.format, args.out)
    if args.format == "table" and total is not None and total > data.num_rows:
        print(f"({data.num_rows} of {total} rows; --limit N for more, --format csv -o FILE for all)",
              file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from accord.store import export

    check_output(args.out, [args.db])
    with Store(args.db, read_only=True) as store:
        stream = store.stream(_filter(args), order=args.order, layout=args.layout or "flat",
                              one_per_cluster=args.one_per_cluster)
        rows = export.write(stream, args.format, args.out)
    print(f"{rows} events written to {args.out or 'standard output'}", file=sys.stderr)
    return 0


def cmd_store_check(args: argparse.Namespace) -> int:
    from accord.store.check import check_store

    report = check_store(args.db)
    print("\n".join(report.lines()))  # the problem, if any, is its last line: one message, with its code
    return 0 if report.sound else 1


def cmd_store_upgrade(args: argparse.Namespace) -> int:
    from accord.store.schema import SCHEMA_VERSION
    from accord.store.store import upgrade

    old = upgrade(args.db)
    done = f"upgraded from schema version {old} to" if old else "already at schema version"
    print(f"{args.db}: {done} {SCHEMA_VERSION}", file=sys.stderr)
    return 0


def _add_store_group(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("store", help="check a store file for damage, or upgrade an older one",
                       description="Look after a store file: 'check' reads all of it and reports what it finds; "
                       "'upgrade' brings a store of an older schema version to this one in place.", epilog=EPILOG)
    tasks = p.add_subparsers(dest="task", metavar="TASK", required=True)
    c = tasks.add_parser("check", help="read every table; report the schema version, row counts and any damage",
                         description="Read every block of every table (DuckDB verifies each one's checksum) and "
                         "report the schema version, rows per table, and any damage with its code. Exit 0 when "
                         "the store is sound, 1 when it is damaged or not a store. Never writes.", epilog=EPILOG)
    c.add_argument("db", metavar="DB", help="the store (DuckDB file)")
    c.set_defaults(func=cmd_store_check)
    u = tasks.add_parser("upgrade", help="bring a store of an older schema version to this one, in place",
                         description="Add what this schema version has and an older store lacks (version 1: the "
                         "aliases table, FORMAT.md), after a full check, in one transaction.", epilog=EPILOG)
    u.add_argument("db", metavar="DB", help="the store (DuckDB file)")
    u.set_defaults(func=cmd_store_upgrade)


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add ingest, query, export and store to the ``accord`` parser."""
    from accord.cli import add_input_options

    p = sub.add_parser("ingest", help="analyse articles and store them in a database (DuckDB)",
                       description="Analyse articles and store the analyses, their event mentions, actors, "
                       "quotes, places, times and error records in a DuckDB file, clustering the mentions that "
                       "report the same event. Idempotent: an article stored with the same content (by id or "
                       "content hash) is skipped, one with the same id and new content is replaced. Each batch "
                       "is one transaction: after a crash or Ctrl-C, run the same command again to go on.",
                       epilog=EPILOG)
    add_input_options(p)
    _add_db(p)
    p.add_argument("--batch-size", type=int, default=64, metavar="N",
                   help="articles per transaction (and per Dask partition) (default 64)")
    p.add_argument("--force", action="store_true", help="re-analyse and replace articles even when unchanged")
    p.add_argument("--dask", metavar="ADDRESS",
                   help="analyse on a Dask cluster: a scheduler address (tcp://host:8786), or 'local' for a "
                   "local cluster of --workers processes; see docs/cluster.md")
    p.add_argument("--parts", metavar="DIR",
                   help="with --dask: folder for the Parquet partitions, reachable by workers and this "
                   "process (default: a folder beside --db, removed after loading)")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("query", help="filter, count and aggregate stored events",
                       description="Query the store: event mentions matching the filters (one per row), or "
                       "--group-by counts and Goldstein sums per date bucket, dyad, quad class..., or the event "
                       "--clusters, or the top --actors. A table on the terminal by default.", epilog=EPILOG)
    _add_db(p)
    _add_filters(p)
    what = p.add_argument_group("what to list (default: event mentions)")
    what.add_argument("--group-by", nargs="+", choices=tuple(GROUP_KEYS), metavar="KEY",
                      help=f"aggregate per key(s): {', '.join(GROUP_KEYS)}")
    what.add_argument("--interval", choices=INTERVALS, default="day", help="date bucket for --group-by date")
    what.add_argument("--clusters", action="store_true", help="event clusters with their number of reports")
    what.add_argument("--min-reports", type=int, default=1, metavar="N", help="with --clusters: at least N reports")
    what.add_argument("--actors", action="store_true", help="actors of the matching events, most frequent first")
    p.add_argument("--limit", type=int, metavar="N", help=f"at most N rows (a terminal table shows {TABLE_ROWS})")
    _add_output(p, "table", FORMATS)
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("export", help="write stored events as CSV, TSV, JSON Lines or Parquet",
                       description="Export the event mentions matching the filters, streaming (any size): "
                       "--layout flat (the store's event row) or phoenix (Phoenix/ICEWS-style columns, "
                       "docs/store.md), optionally one row per event cluster.", epilog=EPILOG)
    _add_db(p)
    _add_filters(p)
    _add_output(p, "csv", ("csv", "tsv", "jsonl", "parquet"))
    p.set_defaults(func=cmd_export)
    _add_store_group(sub)
