"""``accord serve``: the argument parsing, and the uvicorn run shared with ``accord demo``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from accord.errors import InputPathError

KEY_ENV = "ACCORD_API_KEY"
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="HTTP API and web dashboard on an event database",
                       description="Serve the dashboard (at /) and the HTTP API (docs at /docs) on an event "
                       "database built with 'accord ingest'. POST /analyze analyses one article; with an API "
                       f"key (--api-key or ${KEY_ENV}) it must come as the X-API-Key header. Binds to "
                       "127.0.0.1 unless --host says otherwise. The database stays open read-only while the "
                       "server runs, and DuckDB then lets no other process write it: stop the server (Ctrl-C) "
                       "before 'accord ingest' adds to the same file.",
                       epilog="Docs: README.md (Dashboard and HTTP API).")
    p.add_argument("--db", default="accord.duckdb", metavar="PATH", help="event database (default %(default)s)")
    add_server_options(p)
    p.add_argument("--api-key", metavar="KEY", default=None,
                   help=f"key required by POST /analyze (default: ${KEY_ENV}, else none)")
    p.add_argument("--kb", action="append", metavar="FILE",
                   help="extra actor file layered over the built-in knowledge base (repeatable)")
    p.add_argument("--max-body", type=int, default=1_000_000, metavar="BYTES",
                   help="largest request body accepted (default %(default)s)")
    p.set_defaults(func=cmd_serve)


def add_server_options(p: argparse.ArgumentParser, port: int = 8000) -> None:
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default %(default)s: this machine only)")
    p.add_argument("--port", type=int, default=port, help="port (default %(default)s)")


def cmd_serve(args: argparse.Namespace) -> int:
    from accord.api import create_app
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
              "run POST /analyze. Set --api-key or $" + KEY_ENV + ".", file=sys.stderr)
    config = Config(kb_paths=tuple(Path(p) for p in (args.kb or [])))
    app = create_app(db, key, config=config, preload=True, max_body=args.max_body)
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
