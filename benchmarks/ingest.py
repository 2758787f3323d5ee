"""Ingest benchmark: store overhead against analysis alone, memory and query times at 10,000+ articles.

Two phases, each in a fresh subprocess so memory figures do not mix:

* ``full``: the PolNeAR training texts (repeated with new ids and dates when more are asked
  for) go through ``accord analyze`` (analysis alone, output discarded) and through
  ``accord ingest`` (analysis + store); the difference is the store's overhead.
* ``scale``: ``--unique`` texts are analysed once, then stored again and again with new ids
  and dates (new content, so nothing is skipped) up to ``--articles`` articles: the store's
  own cost per article at scale, resident memory and elapsed time every 2,048 articles (flat or not), the
  database size, and the time of five typical queries (median of 5 runs).

    python benchmarks/ingest.py [--articles 10000] [--analysed 600] [--unique 100] [--workers 1]

A whole 10,000-article run through the real command, then the queries on its store:

    python benchmarks/ingest.py --analysed 10080 --write-feed feed.jsonl
    /usr/bin/time -v accord ingest feed.jsonl --db big.duckdb --workers 2
    python benchmarks/ingest.py --queries big.duckdb

``--analysed 10000`` runs the full pipeline on 10,000 articles (hours on 2 cores).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "gold" / "polnear" / "data" / "train" / "text"
START = date(2016, 1, 4)


def write_feed(corpus: Path, count: int, path: Path) -> None:
    """``count`` articles as JSON Lines: the corpus texts in turn, copy k dated k days later."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]
    with open(path, "w", encoding="utf-8") as f:
        for i in range(count):
            k, j = divmod(i, len(texts))
            f.write(json.dumps({"id": f"polnear-{j}-{k}", "date": (START + timedelta(days=k)).isoformat(),
                                "text": texts[j]}) + "\n")


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_mb() -> tuple[float, float]:
    return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)


def run_analysis(feed: str, workers: int) -> dict:
    from accord.batch import run_files

    t0 = time.perf_counter()
    stats = run_files([feed], lambda r: None, workers=workers, progress=False)
    seconds = time.perf_counter() - t0
    return {"articles": stats.analysed, "events": stats.events, "seconds": seconds, "peak_mb": peak_mb()}


def run_ingest(feed: str, workers: int, db: str) -> dict:
    from accord.store import Store
    from accord.store.ingest import ingest_files

    t0 = time.perf_counter()
    with Store(db) as store:
        stats = ingest_files([feed], store, workers=workers, progress=False)
    seconds = time.perf_counter() - t0
    return {"articles": stats.added, "events": stats.events, "seconds": seconds, "peak_mb": peak_mb(),
            "db_mb": db_size(db)}


def db_size(db: str) -> float:
    return sum(os.path.getsize(p) for p in (db, db + ".wal") if os.path.exists(p)) / 2**20


def _shift(day: str | None, k: int) -> str | None:
    if day is None or len(day) != 10:
        return day
    return (date.fromisoformat(day) + timedelta(days=k)).isoformat()


def time_queries(db: str | Path) -> dict[str, float]:
    """Median milliseconds of five typical analyst queries (5 runs each, after a warm-up)."""
    from accord.store import EventFilter, Store

    queries = {
        "dyad in a month (count)": lambda s: s.count_events(EventFilter(source="USA", target="RUS",
                                                                         since="2016-02-01", until="2016-02-29")),
        "weekly counts for a country": lambda s: s.aggregate(EventFilter(country="RUS"), ["date"], "week"),
        "page of 50 material-conflict events": lambda s: s.events(EventFilter(quad_class=4), limit=50),
        "clusters with 2+ reports (top 50)": lambda s: s.clusters(min_reports=2, limit=50),
        "text search, 50 newest": lambda s: s.events(EventFilter(text="election"), limit=50, order="-date"),
    }
    times = {}
    with Store(str(db), read_only=True) as store:
        for name, query in queries.items():
            query(store)  # warm-up
            runs = []
            for _ in range(5):
                q0 = time.perf_counter()
                query(store)
                runs.append(time.perf_counter() - q0)
            times[name] = round(1000 * statistics.median(runs), 1)
    return times


def run_scale(feed: str, articles: int, db: str, batch: int = 64) -> dict:
    """Analyse the feed once, then store ``articles`` copies with new ids and dates; time the queries."""
    from accord.batch import run_files
    from accord.records import Analysis
    from accord.store import EventFilter, Store

    analyses: list[Analysis] = []
    t0 = time.perf_counter()
    run_files([feed], lambda r: analyses.append(r) if isinstance(r, Analysis) else None, progress=False)
    analysis_s = time.perf_counter() - t0
    unique = len(analyses)
    memory = []
    t0 = time.perf_counter()
    with Store(db) as store:
        for start in range(0, articles, batch):
            copies = []
            for i in range(start, min(start + batch, articles)):
                k, j = divmod(i, unique)
                a = analyses[j]
                copies.append(replace(a, id=f"{a.id}#{k}", date=_shift(a.date, k), date_basis="metadata",
                                      events=[replace(e, date=_shift(e.date, k)) for e in a.events]))
            store.add_many(copies)
            if (start + batch) % 2048 == 0 or start + batch >= articles:
                memory.append((min(start + batch, articles), round(rss_mb(), 1), round(time.perf_counter() - t0, 1)))
        counts = store.counts()
    store_s = time.perf_counter() - t0
    size = db_size(db)
    times = time_queries(db)
    return {"unique": unique, "analysis_s": analysis_s, "articles": articles, "store_s": store_s,
            "counts": counts, "memory": memory, "peak_mb": peak_mb(), "db_mb": size, "query_ms": times}


def child(args: argparse.Namespace) -> None:
    phase, feed, db = args._child
    if phase == "analysis":
        out = run_analysis(feed, args.workers)
    elif phase == "ingest":
        out = run_ingest(feed, args.workers, db)
    else:
        out = run_scale(feed, args.articles, db)
    print(json.dumps(out))


def spawn(args: argparse.Namespace, phase: str, feed: Path, db: Path) -> dict:
    cmd = [sys.executable, __file__, "--workers", str(args.workers), "--articles", str(args.articles),
           "--_child", phase, str(feed), str(db)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--articles", type=int, default=10_000, help="articles stored in the scale phase")
    parser.add_argument("--analysed", type=int, default=600, help="articles through the full pipeline")
    parser.add_argument("--unique", type=int, default=100, help="distinct analyses the scale phase repeats")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--phases", nargs="+", choices=("full", "scale"), default=["full", "scale"])
    parser.add_argument("--queries", metavar="DB", type=Path,
                        help="only time the five typical queries on an existing store (e.g. one built by "
                        "`accord ingest` from a feed of --analysed articles)")
    parser.add_argument("--write-feed", metavar="FILE", type=Path,
                        help="only write the feed of --analysed articles (JSON Lines) for `accord ingest`")
    parser.add_argument("--_child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args._child:
        child(args)
        return
    if args.queries:
        for name, ms in time_queries(args.queries).items():
            print(f"query {name}: {ms} ms")
        return
    if args.write_feed:
        write_feed(args.corpus, args.analysed, args.write_feed)
        return
    if not args.corpus.is_dir():
        sys.exit(f"corpus not found: {args.corpus} (needs ../shared/gold/polnear)")
    with tempfile.TemporaryDirectory(prefix="accord-bench-") as tmp:
        tmpdir = Path(tmp)
        if "full" in args.phases:
            feed = tmpdir / "full.jsonl"
            write_feed(args.corpus, args.analysed, feed)
            a = spawn(args, "analysis", feed, tmpdir / "none")
            i = spawn(args, "ingest", feed, tmpdir / "full.duckdb")
            rate_a, rate_i = a["articles"] / a["seconds"], i["articles"] / i["seconds"]
            print(f"full pipeline, {a['articles']} articles, workers={args.workers} (model load included):")
            print(f"  analysis alone: {a['seconds']:.1f} s, {rate_a:.2f} articles/s, {a['events']} events, "
                  f"peak {a['peak_mb'][0]:.0f} MB main / {a['peak_mb'][1]:.0f} MB worker")
            print(f"  ingest (analysis + store): {i['seconds']:.1f} s, {rate_i:.2f} articles/s, {i['events']} events, "
                  f"peak {i['peak_mb'][0]:.0f} MB main / {i['peak_mb'][1]:.0f} MB worker, DB {i['db_mb']:.1f} MB")
            print(f"  store overhead: {100 * (i['seconds'] / a['seconds'] - 1):+.1f}% of the run time")
        if "scale" in args.phases:
            feed = tmpdir / "unique.jsonl"
            write_feed(args.corpus, args.unique, feed)
            s = spawn(args, "scale", feed, tmpdir / "scale.duckdb")
            per_analysis = s["analysis_s"] / s["unique"]
            per_store = s["store_s"] / s["articles"]
            print(f"store at scale: {s['articles']} articles ({s['unique']} analyses repeated with new ids and dates), "
                  f"{s['counts']['events']} mentions, {s['counts']['clusters']} clusters, "
                  f"{s['counts']['event_actors']} actor rows")
            print(f"  store only: {s['store_s']:.1f} s, {s['articles'] / s['store_s']:.0f} articles/s, "
                  f"{1000 * per_store:.1f} ms per article = {100 * per_store / per_analysis:.1f}% of the analysis "
                  f"time per article ({1000 * per_analysis:.0f} ms, model load included)")
            print("  articles stored: resident memory, seconds so far: "
                  + ", ".join(f"{n}: {mb} MB, {sec} s" for n, mb, sec in s["memory"])
                  + f"; peak {s['peak_mb'][0]:.0f} MB (model included)")
            print(f"  database: {s['db_mb']:.1f} MB")
            for name, ms in s["query_ms"].items():
                print(f"  query {name}: {ms} ms")


if __name__ == "__main__":
    main()
