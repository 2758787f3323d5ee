"""``accord demo``: analyse the sample articles that ship with the package, show their events,
and (from a terminal, or with ``--serve``) store them and open the dashboard on them."""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from importlib import resources as importlib_resources
from pathlib import Path
from typing import TYPE_CHECKING

from accord.records import Analysis

if TYPE_CHECKING:
    from accord.batch import RunStats


def sample_path() -> Path:
    """The built-in sample articles (JSON Lines, written for accord about real events)."""
    return Path(str(importlib_resources.files("accord") / "data" / "samples" / "articles.jsonl"))


def long_sample_text(words: int, *, breaks: bool = True) -> str:
    """One article of at least ``words`` words: the first sample, then the samples' paragraphs
    over and over, shuffled each round. For scaling benchmarks and tests of long documents:
    times, actors, places, quotes and events recur throughout. Without ``breaks`` it has no
    sentence or line breaks at all (no '.', '!', '?' or newline), the worst case for a parser."""
    texts = [json.loads(line)["text"] for line in sample_path().read_text(encoding="utf-8").splitlines()]
    paragraphs = [p for text in texts for p in text.split("\n\n")[1:]]  # not the titles
    parts, count, rounds = [texts[0]], len(texts[0].split()), random.Random(11)
    while count < words:
        rounds.shuffle(paragraphs)
        for paragraph in paragraphs:
            parts.append(paragraph)
            count += len(paragraph.split())
            if count >= words:
                break
    text = "\n\n".join(parts)
    return text if breaks else " ".join(text.translate(str.maketrans(".!?", "   ")).split())


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def analyse_samples() -> tuple[list[Analysis], RunStats]:
    from accord.batch import run_files

    analyses: list[Analysis] = []
    stats = run_files([str(sample_path())], lambda r: analyses.append(r) if isinstance(r, Analysis) else None,
                      progress=False)
    return analyses, stats


def event_table(analyses: list[Analysis], stats: RunStats) -> str:
    """A readable table of the events, article by article."""
    lines = []
    header = f"{'date':10}  {'source':22}  {'target':22}  {'CAMEO':5}  {'PLOVER':9}  {'modality':10}  trigger / event"
    for analysis in analyses:
        lines += ["", f"== {analysis.title}  [{analysis.id}, {analysis.date}]", header, "-" * len(header)]
        for ev in analysis.events:
            src = _cut(", ".join(f"{a.name or a.text} ({a.code})" for a in ev.source) or "-", 22)
            tgt = _cut(", ".join(f"{a.name or a.text} ({a.code})" for a in ev.target) or "-", 22)
            lines.append(
                f"{ev.date or '-':10}  {src:22}  {tgt:22}  {ev.cameo:5}  {ev.plover or '-':9}  {ev.modality:10}  "
                f"{_cut(ev.trigger.text, 20)}: {_cut(ev.cameo_name, 40)}"
            )
    lines += ["", stats.summary()]
    return "\n".join(lines)


def run_demo() -> str:
    """Analyse the samples and return a readable table of their events."""
    return event_table(*analyse_samples())


def store_samples(analyses: list[Analysis], db: Path) -> dict[str, int]:
    """Add the analyses to the database at ``db`` (idempotent: a second run changes nothing)."""
    from accord.store import Store

    with Store(str(db)) as store:
        outcomes = [store.add(a) for a in analyses]
    return {outcome: outcomes.count(outcome) for outcome in set(outcomes)}


def add_demo_options(p: argparse.ArgumentParser) -> None:
    from accord.api.cli import add_server_options

    p.add_argument("--serve", action=argparse.BooleanOptionalAction, default=None,
                   help="store the samples and serve the dashboard on them (default: when standard output "
                   "is a terminal); --no-serve only prints the table")
    p.add_argument("--db", metavar="PATH", help="database for the samples (default: a temporary one, removed "
                   "at exit)")
    add_server_options(p)
    p.add_argument("--no-browser", action="store_true", help="do not open a web browser")


def demo_command(args: argparse.Namespace) -> int:
    """Print the event table; then, when serving, store the samples and serve the dashboard until Ctrl-C."""
    analyses, stats = analyse_samples()
    print(event_table(analyses, stats), flush=True)
    serve = args.serve if args.serve is not None else sys.stdout.isatty()
    if not serve:
        return 0
    with tempfile.TemporaryDirectory(prefix="accord-demo-") as tmp:
        db = Path(args.db) if args.db else Path(tmp) / "accord-demo.duckdb"
        counts = store_samples(analyses, db)
        print(f"accord: samples stored in {db} ({', '.join(f'{n} {k}' for k, n in sorted(counts.items()))})",
              file=sys.stderr)
        _serve(db, args)
    return 0


def _serve(db: Path, args: argparse.Namespace) -> None:
    from accord.api import create_app
    from accord.api.cli import serve, trusted_hosts

    app = create_app(db, preload=True, allowed_hosts=trusted_hosts(args.host))
    serve(app, args.host, args.port, on_ready=None if args.no_browser else _open_browser)


def _open_browser(url: str) -> None:
    """Open a graphical browser if there is one; on a Linux console a text browser would take over the terminal."""
    import os
    import webbrowser

    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return
    webbrowser.open(url)
