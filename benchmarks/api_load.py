"""Load test of the HTTP API: a bounded loop of requests against ``accord serve`` on 127.0.0.1.

Starts ``accord serve`` in a subprocess on a database of the sample articles (or ``--db``), waits
until its workers have loaded the models, then sends a fixed number of requests from a few client
threads and prints requests/s and latency percentiles for ``GET /events`` (paged, with and without
a filter), ``GET /timeseries`` and ``POST /analyze``.

``--long`` instead runs 8 clients for ``--seconds`` against one server per ``--workers`` value:
one client posts a long text (``--long-chars``, about 90,000 characters) again and again, the seven
others post short articles and read ``GET /events`` in turn. It prints p50/p95 of the short
requests while the long one runs, requests/s, and how the long ones ended (200, or 504 past
``--timeout``). ``--workers 0`` analyses in the server process one at a time, as before issue 11.

    python benchmarks/api_load.py [--db PATH | --copies N] [--requests 400] [--analyze-requests 40] [--clients 4]
    python benchmarks/api_load.py --long [--workers 0 1 2] [--seconds 60] [--long-chars 90000]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

ARTICLE = {
    "title": "Rebels shell town as ceasefire talks stall",
    "date": "2015-02-10",
    "text": "Rebels shell town as ceasefire talks stall\n\nDONETSK, Feb 10 (accord samples) - Separatist rebels "
    "shelled the town of Debaltseve on Tuesday, killing at least five civilians, Ukrainian officials said. "
    "Russian Foreign Minister Sergei Lavrov urged Kiev to agree to a ceasefire, while German Chancellor "
    "Angela Merkel said talks in Minsk would go ahead on Wednesday.",
}

# the short article of the --long run: the probe was 4 words
SHORT = {"text": "Iran condemned the air strikes on Yemen on Tuesday.", "date": "2015-03-31"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sample_db(folder: Path, copies: int) -> Path:
    """The sample articles, analysed once and stored ``copies`` times (a bigger store to query)."""
    from dataclasses import replace

    from accord.demo import analyse_samples, store_samples

    db = folder / "samples.duckdb"
    analyses, _ = analyse_samples()
    # a new id and title per copy: the store skips an article whose content it already holds
    store_samples([replace(a, id=f"{a.id}-{i}", title=f"{a.title} ({i})") if copies > 1 else a
                   for i in range(copies) for a in analyses], db)
    return db


def request(url: str, body: dict | None = None, timeout: float = 60) -> float:
    """Seconds for one request; raises on any status but 200 (urllib's HTTPError carries it)."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, headers={"content-type": "application/json"} if data else {})
    start = time.perf_counter()
    with urllib.request.urlopen(req, timeout=timeout) as response:
        response.read()
    return time.perf_counter() - start


def run(name: str, urls: list[str], clients: int, body: dict | None = None) -> dict:
    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        latencies = list(pool.map(lambda u: request(u, body), urls))
    wall = time.perf_counter() - start
    return {"endpoint": name, "requests": len(urls), "clients": clients, "rps": len(urls) / wall,
            "p50_ms": percentile(latencies, 50) * 1000, "p95_ms": percentile(latencies, 95) * 1000,
            "max_ms": max(latencies) * 1000}


def wait_ready(base: str, server: subprocess.Popen, limit: float = 300) -> None:
    """Until every worker has loaded the models (or, with --workers 0, the server process has)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"accord serve exited with {server.returncode}")
        try:
            with urllib.request.urlopen(base + "/health", timeout=2) as r:
                health = json.loads(r.read())
            if health["models"] and health["analyses"]["ready"] >= max(1, health["analyses"]["workers"]):
                return
        except OSError:  # not up yet, refused, or slow to answer while the models load
            pass
        time.sleep(0.2)
    sys.exit("accord serve did not get ready in time")


@contextmanager
def server(db: Path, *options: str) -> Iterator[str]:
    """``accord serve`` on ``db`` with ``options``, ready: yields its base URL."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = subprocess.Popen([sys.executable, "-m", "accord.cli", "serve", "--db", str(db), "--port", str(port),
                                *options], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready(base, process)
        yield base
    finally:
        process.terminate()
        process.wait(30)


def percentile(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100)[p - 1] if len(values) > 1 else (values or [float("nan")])[0]


def long_run(base: str, seconds: float, long_text: str, clients: int = 8) -> dict:
    """``clients`` threads for ``seconds``: one posts ``long_text`` over and over, the others alternate a
    short POST /analyze and a GET /events. Latencies of the short requests count only while a long one runs."""
    stop = time.monotonic() + seconds
    long_running = threading.Event()
    short: dict[str, list[float]] = {"POST /analyze": [], "GET /events": []}
    statuses: dict[str, Counter] = {"long": Counter(), "short": Counter()}

    def timed(kind: str, url: str, body: dict | None, limit: float) -> float | None:
        try:
            return request(url, body, limit)
        except urllib.error.HTTPError as exc:
            statuses[kind][exc.code] += 1
            return None

    def long_client() -> None:
        while time.monotonic() < stop:
            long_running.set()
            if timed("long", f"{base}/analyze", {"text": long_text}, 600) is not None:
                statuses["long"][200] += 1
        long_running.clear()

    def short_client(i: int) -> None:
        long_running.wait()
        n = 0
        while time.monotonic() < stop:
            name, url, body = (("POST /analyze", f"{base}/analyze", SHORT) if (n + i) % 2 else
                               ("GET /events", f"{base}/events?limit=50&offset={n % 3 * 50}", None))
            seconds_taken = timed("short", url, body, 120)
            if seconds_taken is not None and long_running.is_set():
                short[name].append(seconds_taken)
                statuses["short"][200] += 1
            n += 1
        ends.append(time.perf_counter())

    ends: list[float] = []  # when each short client stopped: the long client's last text may run on after
    start = time.perf_counter()
    threads = [threading.Thread(target=long_client)] + [threading.Thread(target=short_client, args=(i,))
                                                        for i in range(1, clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    every = short["POST /analyze"] + short["GET /events"]
    return {"short_rps": len(every) / (max(ends) - start), "statuses": statuses,
            **{f"{name} p{p}": percentile(values, p) * 1000 for name, values in short.items() for p in (50, 95)},
            "short p95": percentile(every, 95) * 1000, "short max": max(every, default=float("nan")) * 1000}


def main_long(args: argparse.Namespace, db: Path) -> None:
    from accord.demo import long_sample_text

    text = long_sample_text(args.long_chars // 5)[: args.long_chars]
    print(f"{args.seconds:g} s per server, 8 clients: 1 posts a {len(text):,}-character text over and over, 7 post "
          f"a {len(SHORT['text'].split())}-word sentence and GET /events?limit=50 in turn; latencies of the short "
          f"requests while the long one runs (--timeout {args.timeout:g}, --queue {args.queue})")
    print(f"{'server':24} {'short req/s':>11} {'POST p50':>9} {'POST p95':>9} {'GET p50':>8} {'GET p95':>8} "
          f"{'all p95':>8} {'max ms':>8}  short refused    long ended")
    for workers in args.workers:
        options = ["--workers", str(workers), "--timeout", str(args.timeout), "--queue", str(args.queue),
                   "--max-chars", str(max(100_000, len(text)))]
        with server(db, *options) as base:
            r = long_run(base, args.seconds, text)
        refused = {code: n for code, n in r["statuses"]["short"].items() if code != 200}
        label = f"--workers {workers}" + (" (in-process)" if workers == 0 else "")
        print(f"{label:24} {r['short_rps']:11.1f} {r['POST /analyze p50']:9.0f} {r['POST /analyze p95']:9.0f} "
              f"{r['GET /events p50']:8.0f} {r['GET /events p95']:8.0f} {r['short p95']:8.0f} {r['short max']:8.0f}  "
              f"{str(refused or '-'):14} {dict(r['statuses']['long'])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="event database (default: the sample articles, stored in a temp dir)")
    parser.add_argument("--copies", type=int, default=1,
                        help="store the samples this many times under new ids (default %(default)s)")
    parser.add_argument("--requests", type=int, default=400, help="GET requests per case (default %(default)s)")
    parser.add_argument("--analyze-requests", type=int, default=40, help="POST /analyze requests (default %(default)s)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent client threads (default %(default)s)")
    parser.add_argument("--long", action="store_true", help="the run with one long text among 8 clients")
    parser.add_argument("--workers", type=int, nargs="+", default=[0, 1, os.cpu_count() or 1],
                        help="with --long: one server per value (default: 0 1 and the cores)")
    parser.add_argument("--seconds", type=float, default=60,
                        help="with --long: seconds per server (default %(default)g)")
    parser.add_argument("--long-chars", type=int, default=90_000,
                        help="with --long: characters of the long text (default %(default)s)")
    parser.add_argument("--timeout", type=float, default=60, help="the servers' --timeout (default %(default)g)")
    parser.add_argument("--queue", type=int, default=8,
                        help="with --long: the servers' --queue; 8 lets every client wait its turn "
                        "(default %(default)s)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="accord-load-") as tmp:
        db = args.db or sample_db(Path(tmp), args.copies)
        if args.long:
            main_long(args, db)
            return
        with server(db) as base:
            with urllib.request.urlopen(base + "/events?limit=1") as r:
                mentions = json.loads(r.read())["total"]
            results = [
                run("GET /events?limit=50",
                    [f"{base}/events?limit=50&offset={i % 3 * 50}" for i in range(args.requests)], args.clients),
                run("GET /events?quad_class=4&since=2015-01-01", [f"{base}/events?quad_class=4&since=2015-01-01"]
                    * args.requests, args.clients),
                run("GET /timeseries?interval=week", [f"{base}/timeseries?interval=week"] * args.requests,
                    args.clients),
                run("POST /analyze", [f"{base}/analyze"] * args.analyze_requests, args.clients, ARTICLE),
            ]
    print(f"store: {mentions} event mentions")
    print(f"{'endpoint':42} {'requests':>8} {'clients':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for r in results:
        print(f"{r['endpoint']:42} {r['requests']:8} {r['clients']:7} {r['rps']:8.1f} {r['p50_ms']:8.1f} "
              f"{r['p95_ms']:8.1f} {r['max_ms']:8.1f}")


if __name__ == "__main__":
    main()
