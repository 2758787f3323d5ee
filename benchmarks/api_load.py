"""Load test of the HTTP API: a bounded loop of requests against ``accord serve`` on 127.0.0.1.

Starts ``accord serve`` in a subprocess (uvicorn, one process) on a database of the sample
articles (or ``--db``), waits until the models are loaded, then sends a fixed number of
requests from a few client threads and prints requests/s and latency percentiles for
``GET /events`` (paged, with and without a filter), ``GET /timeseries`` and ``POST /analyze``.

    python benchmarks/api_load.py [--db PATH | --copies N] [--requests 400] [--analyze-requests 40] [--clients 4]
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ARTICLE = {
    "title": "Rebels shell town as ceasefire talks stall",
    "date": "2015-02-10",
    "text": "Rebels shell town as ceasefire talks stall\n\nDONETSK, Feb 10 (accord samples) - Separatist rebels "
    "shelled the town of Debaltseve on Tuesday, killing at least five civilians, Ukrainian officials said. "
    "Russian Foreign Minister Sergei Lavrov urged Kiev to agree to a ceasefire, while German Chancellor "
    "Angela Merkel said talks in Minsk would go ahead on Wednesday.",
}


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


def request(url: str, body: dict | None = None) -> float:
    """Seconds for one request; raises on any status but 200."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, headers={"content-type": "application/json"} if data else {})
    start = time.perf_counter()
    with urllib.request.urlopen(req, timeout=60) as response:
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{url}: HTTP {response.status}")
    return time.perf_counter() - start


def run(name: str, urls: list[str], clients: int, body: dict | None = None) -> dict:
    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        latencies = list(pool.map(lambda u: request(u, body), urls))
    wall = time.perf_counter() - start
    cuts = statistics.quantiles(latencies, n=100)
    return {"endpoint": name, "requests": len(urls), "clients": clients, "rps": len(urls) / wall,
            "p50_ms": cuts[49] * 1000, "p95_ms": cuts[94] * 1000, "max_ms": max(latencies) * 1000}


def wait_ready(base: str, server: subprocess.Popen, limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"accord serve exited with {server.returncode}")
        try:
            with urllib.request.urlopen(base + "/health", timeout=2) as r:
                if json.loads(r.read())["models"]:
                    return
        except OSError:  # not up yet, refused, or slow to answer while the models load
            pass
        time.sleep(0.2)
    sys.exit("accord serve did not get ready in time")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="event database (default: the sample articles, stored in a temp dir)")
    parser.add_argument("--copies", type=int, default=1,
                        help="store the samples this many times under new ids (default %(default)s)")
    parser.add_argument("--requests", type=int, default=400, help="GET requests per case (default %(default)s)")
    parser.add_argument("--analyze-requests", type=int, default=40, help="POST /analyze requests (default %(default)s)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent client threads (default %(default)s)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="accord-load-") as tmp:
        db = args.db or sample_db(Path(tmp), args.copies)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([sys.executable, "-m", "accord.cli", "serve", "--db", str(db), "--port", str(port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_ready(base, server)
            with urllib.request.urlopen(base + "/events?limit=1") as r:
                mentions = json.loads(r.read())["total"]
            results = [
                run("GET /events?limit=50", [f"{base}/events?limit=50&offset={i % 3 * 50}" for i in range(args.requests)],
                    args.clients),
                run("GET /events?quad_class=4&since=2015-01-01", [f"{base}/events?quad_class=4&since=2015-01-01"]
                    * args.requests, args.clients),
                run("GET /timeseries?interval=week", [f"{base}/timeseries?interval=week"] * args.requests, args.clients),
                run("POST /analyze", [f"{base}/analyze"] * args.analyze_requests, args.clients, ARTICLE),
            ]
        finally:
            server.terminate()
            server.wait(10)
    print(f"store: {mentions} event mentions")
    print(f"{'endpoint':42} {'requests':>8} {'clients':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for r in results:
        print(f"{r['endpoint']:42} {r['requests']:8} {r['clients']:7} {r['rps']:8.1f} {r['p50_ms']:8.1f} "
              f"{r['p95_ms']:8.1f} {r['max_ms']:8.1f}")


if __name__ == "__main__":
    main()
