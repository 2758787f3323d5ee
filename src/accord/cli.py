"""The ``accord`` command: argument parsing only; the work is done by library functions.

Exit codes: 0 success, 1 an accord error (message on stderr), 2 bad usage or a missing path.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

from accord.errors import AccordError, InputPathError

GOLD = "../shared/gold"  # default gold files, relative to the current directory
EPILOG = "Docs: README.md and shared/spec/analysis-format.md. Errors carry codes like [A101] with advice."


@contextmanager
def _open_out(path: str | None) -> Iterator[IO[str]]:
    if path in (None, "-"):
        yield sys.stdout
        return
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        yield f


def _config(args: argparse.Namespace):
    from accord.resources import Config

    return Config(kb_paths=tuple(Path(p) for p in (args.kb or [])))


def _add_run_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="files (.txt, .jsonl, .json, .html) or directories (read recursively); '-' reads stdin")
    p.add_argument("-o", "--out", metavar="FILE", help="write here instead of standard output")
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="worker processes, each loads the model once (default 1)")
    p.add_argument("--kb", action="append", metavar="FILE",
                   help="extra actor file layered over the built-in knowledge base (repeatable)")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="progress bar on stderr (default: when stderr is a terminal)")


def cmd_analyze(args: argparse.Namespace) -> int:
    from accord.batch import run_files
    from accord.records import Analysis, analysis_to_json

    with _open_out(args.out) as out:
        def sink(result) -> None:
            doc = analysis_to_json(result) if isinstance(result, Analysis) else result.to_json()
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")

        stats = run_files(args.paths, sink, config=_config(args), workers=args.workers, progress=args.progress)
    print(stats.summary(), file=sys.stderr)
    return 0


def cmd_code(args: argparse.Namespace) -> int:
    from accord.batch import run_files
    from accord.events.flat import RowWriter, event_rows
    from accord.records import Analysis

    with _open_out(args.out) as out:
        writer = RowWriter(out, args.format)

        def sink(result) -> None:
            if isinstance(result, Analysis):
                writer.write(event_rows(result))
            else:
                print(f"error {result.message}", file=sys.stderr)

        stats = run_files(args.paths, sink, config=_config(args), workers=args.workers, progress=args.progress)
    print(stats.summary(), file=sys.stderr)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from accord.demo import run_demo

    print(run_demo())
    return 0


def cmd_eval_events(args: argparse.Namespace) -> int:
    from accord.eval.events import evaluate_events, format_report

    report = evaluate_events(Path(args.gold), show_errors=args.show_errors)
    print(json.dumps(report, indent=2) if args.json else format_report(report))
    return 0


def cmd_eval_actors(args: argparse.Namespace) -> int:
    from accord.eval.actors import evaluate_actors, format_report

    if args.limit is not None and args.limit < 1:
        print(f"accord: --limit must be 1 or more, got {args.limit}.", file=sys.stderr)
        return 2
    report = evaluate_actors(Path(args.ner), Path(args.classes), Path(args.plover), limit=args.limit,
                             progress=args.progress)
    print(json.dumps(report, indent=2) if args.json else format_report(report))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="accord",
        description="accord turns news reports into political event data: who did and said what "
        "to whom, when, where, and according to whom.",
        epilog=EPILOG,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("analyze", help="write one analysis document (JSON) per input record",
                       description="Analyse articles and write one analysis document per input record, "
                       "as JSON Lines, in input order. A record that cannot be read becomes an error "
                       "record ({\"id\", \"error\"}) in its place; the run goes on.", epilog=EPILOG)
    _add_run_options(p)
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("code", help="write one flat row per coded event (csv, tsv or jsonl)",
                       description="Analyse articles and write one flat row per event: doc id, date, "
                       "source and target codes, CAMEO, PLOVER, Goldstein, quad class, modality, "
                       "trigger and sentence.", epilog=EPILOG)
    _add_run_options(p)
    p.add_argument("--format", choices=("csv", "tsv", "jsonl"), default="csv", help="output format (default csv)")
    p.set_defaults(func=cmd_code)

    p = sub.add_parser("demo", help="analyse the built-in sample articles and print their events",
                       description="Analyse the sample articles that ship with accord and print a table "
                       "of the events found.")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("eval", help="score accord against gold-standard data",
                       description="Score one layer against a gold-standard file.")
    ev = p.add_subparsers(dest="layer", metavar="LAYER", required=True)
    pe = ev.add_parser("events", help="PLOVER-type and dyad precision/recall/F1 on PLOVER gold records",
                       description="Score event coding against PLOVER gold records (JSON list, as in "
                       "plover-gsr-dev.json): PLOVER-type P/R/F1 and dyad (type + source country + "
                       "target country) P/R/F1, per sentence.")
    pe.add_argument("gold", metavar="GOLD", help="PLOVER gold-standard JSON file")
    pe.add_argument("--json", action="store_true", help="print the report as JSON")
    pe.add_argument("--show-errors", action="store_true", help="list the sentences the coder got wrong")
    pe.set_defaults(func=cmd_eval_events)
    pa = ev.add_parser("actors", help="source/target roles, countries and event classes on CAMEO and PLOVER gold",
                       description="Score the actors of accord's events: source/target token and span P/R/F1 "
                       "on ConfliBERT CAMEO NER (BIO), source/target country accuracy on PLOVER gold records, "
                       "and 5-way class accuracy of the main event on ConfliBERT CAMEO classes. Definitions: "
                       "accord/eval/actors.py.")
    pa.add_argument("--ner", metavar="FILE", default=f"{GOLD}/conflibert-cameo/cameo_ner_train.txt",
                    help="BIO file with S/T/R tags (default %(default)s)")
    pa.add_argument("--classes", metavar="FILE", default=f"{GOLD}/conflibert-cameo/cameo_class_train.tsv",
                    help="sentence<TAB>class file, classes 0-4 (default %(default)s)")
    pa.add_argument("--plover", metavar="FILE", default=f"{GOLD}/plover/plover-gsr-dev.json",
                    help="PLOVER gold-standard JSON file (default %(default)s)")
    pa.add_argument("--limit", type=int, metavar="N", help="score only the first N sentences of each file")
    pa.add_argument("--json", action="store_true", help="print the report as JSON")
    pa.add_argument("--progress", action="store_true", help="progress bars on stderr")
    pa.set_defaults(func=cmd_eval_actors)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except InputPathError as exc:
        print(f"accord: {exc}", file=sys.stderr)
        return 2
    except AccordError as exc:
        print(f"accord: error {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("accord: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
