"""``accord serve``: the argument parsing, and the uvicorn run shared with ``accord demo``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from accord.api.security import LOCAL_HOSTS
from accord.errors import InputPathError

KEY_ENV = "ACCORD_API_KEY"
WILDCARDS = ("0.0.0.0", "::")


def _at_least(kind: Callable[[str], Any], least: float) -> Callable[[str], Any]:
    """An argparse type: ``kind(text)``, refused below ``least``."""
    def parse(text: str) -> Any:
        value = kind(text)
        if value < least:
            raise argparse.ArgumentTypeError(f"must be {least:g} or more, got {text}")
        return value

    return parse


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="HTTP API and web dashboard on an event database",
                       description="Serve the dashboard (at /) and the HTTP API (docs at /docs) on an event "
                       "database built with 'accord ingest'. POST /analyze analyses one article in a pool of "
                       "worker processes, each loading the models once; reads never wait for analyses. With an "
                       f"API key (--api-key or ${KEY_ENV}) every endpoint but /health needs it, as the X-API-Key "
                       "header or 'Authorization: Bearer KEY'. Binds to 127.0.0.1 unless --host says otherwise, "
                       "and answers only requests naming a trusted Host. The database stays open read-only "
                       "while the server runs, and DuckDB then lets no other process write it: stop the server "
                       "(Ctrl-C) before 'accord ingest' adds to the same file.",
                       epilog="Docs: README.md (Dashboard and HTTP API).")
    p.add_argument("--db", default="accord.duckdb", metavar="PATH", help="event database (default %(default)s)")
    add_server_options(p)
    p.add_argument("--api-key", metavar="KEY", default=None,
                   help=f"key every endpoint but /health requires (default: ${KEY_ENV}, else none)")
    p.add_argument("--open-reads", action="store_true",
                   help="with a key, let GET requests (the dashboard, /events, /articles ...) through without it")
    p.add_argument("--allowed-hosts", metavar="NAME", nargs="+", action="extend", default=[],
                   help="more Host names the server answers to, besides localhost, 127.0.0.1, ::1 and --host "
                   "(e.g. events.example.org; '*' turns the check off, e.g. behind a proxy that checks it)")
    p.add_argument("--workers", type=_at_least(int, 0), default=os.cpu_count() or 1, metavar="N",
                   help="analysis worker processes, each with its own copy of the models (default: the cores, "
                   "%(default)s); 0 analyses in the server process, one at a time, stopping a runaway only between "
                   "layers")
    p.add_argument("--timeout", type=_at_least(float, 0.1), default=60.0, metavar="SECONDS",
                   help="longest an analysis may run (504: the worker stops it and goes on, or is replaced) and a "
                   "request may wait for a free worker (503) (default %(default)g)")
    p.add_argument("--max-chars", type=_at_least(int, 1), default=100_000, metavar="N",
                   help="longest article text POST /analyze takes, in characters (413 above; default %(default)s)")
    p.add_argument("--queue", type=_at_least(int, 0), default=None, metavar="N",
                   help="analyses that may wait for a worker; more get 503 with Retry-After (default: 2 per worker)")
    p.add_argument("--kb", action="append", metavar="FILE",
                   help="extra actor file layered over the built-in knowledge base (repeatable)")
    p.add_argument("--max-body", type=_at_least(int, 1), default=1_000_000, metavar="BYTES",
                   help="largest request body accepted (413 above; default %(default)s)")
    p.set_defaults(func=cmd_serve)


def add_server_options(p: argparse.ArgumentParser, port: int = 8000) -> None:
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default %(default)s: this machine only)")
    p.add_argument("--port", type=int, default=port, help="port (default %(default)s)")


def trusted_hosts(host: str, extra: list[str] | tuple[str, ...] = ()) -> list[str]:
    """The Host names a server bound to ``host`` answers to: this machine's, the bound address, and ``extra``."""
    return [*LOCAL_HOSTS, *([] if host in WILDCARDS else [host]), *extra]


def cmd_serve(args: argparse.Namespace) -> int:
    from accord.api import create_app
    from accord.api.pool import Limits
    from accord.resources import Config

    db = Path(args.db)
    if not db.exists():
        raise InputPathError(f"{db}: no event database there. Build one with: accord ingest --db {db} ARTICLES "
                             "(or see the samples with: accord demo)")
    from accord.store import Store

    with Store(str(db), read_only=True):  # a locked or foreign file fails here, with its message, not in uvicorn
        pass
    key = args.api_key or os.environ.get(KEY_ENV) or None
    if args.host not in LOCAL_HOSTS and key is None:
        print(f"accord: warning: serving on {args.host} without an API key; anyone who can reach it can "
              "read the store and run POST /analyze. Set --api-key or $" + KEY_ENV + ".", file=sys.stderr)
    if args.host in WILDCARDS and not args.allowed_hosts:
        print(f"accord: warning: bound to {args.host}, the server answers only requests for localhost; name "
              "the host names clients use with --allowed-hosts NAME ...", file=sys.stderr)
    config = Config(kb_paths=tuple(Path(p) for p in (args.kb or [])))
    limits = Limits(workers=args.workers, timeout=args.timeout, max_chars=args.max_chars, queue=args.queue)
    app = create_app(db, key, config=config, preload=True, max_body=args.max_body, limits=limits,
                     allowed_hosts=trusted_hosts(args.host, args.allowed_hosts), open_reads=args.open_reads)
    serve(app, args.host, args.port)
    return 0


def serve(app, host: str, port: int, on_ready=None) -> None:
    """Run ``app`` with uvicorn until Ctrl-C; ``on_ready(url)`` is called once it accepts connections."""
    import uvicorn

    config = uvicorn.Config(app, host=host, port=port, log_level="info")
    server = uvicorn.Server(config)
    url = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    print(f"accord: dashboard at {url}  (API docs at {url}docs; Ctrl-C stops)", file=sys.stderr)
    if on_ready is not None:
        import threading
        import time

        def wait() -> None:
            while not server.started and not server.should_exit:
                time.sleep(0.1)
            if server.started:
                on_ready(url)

        threading.Thread(target=wait, daemon=True).start()
    server.run()
