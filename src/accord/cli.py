"""The ``accord`` command: argument parsing only; the work is done by library functions.

Exit codes: 0 success, 1 an accord error (message on stderr), 2 bad usage or a path that cannot be
used (missing, a loop, a pipe; an output that is an input or cannot be written), before anything is read.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from accord.errors import AccordError, InputPathError
from accord.outfiles import atomic_output, check_output

GOLD = "../shared/gold"  # default gold files, relative to the current directory
EPILOG = "Docs: README.md and shared/spec/analysis-format.md. Errors carry codes like [A101] with advice."


def config_from_args(args: argparse.Namespace):
    """The analysis Config that the options of `add_input_options` ask for (--kb, --time-budget)."""
    from accord.resources import Config

    return Config(kb_paths=tuple(Path(p) for p in (args.kb or [])), time_budget=args.time_budget)


def check_paths(args: argparse.Namespace, out: str | None) -> None:
    """Check the inputs of `add_input_options` (paths, --kb), then that ``out`` is none of them
    (A114): a bad one ends the command (exit 2) before anything is opened or written."""
    from accord.ingest.readers import check_input_path

    inputs = [*args.paths, *(args.kb or [])]
    for path in inputs:
        if path != "-":
            check_input_path(path)
    check_output(out, inputs)


def _count_arg(text: str) -> int:
    """A whole number of 1 or more, for argparse; anything else is a usage error."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, got {text!r}")
    return value


def _seconds_arg(text: str) -> float:
    """Seconds, 0 or more, for argparse; anything else is a usage error."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not (math.isfinite(value) and value >= 0):
        raise argparse.ArgumentTypeError(f"expected seconds, 0 or more, got {text!r}")
    return value


def add_input_options(p: argparse.ArgumentParser) -> None:
    """Input paths, --workers, --kb, --max-chars and --progress: what every command that analyses files takes."""
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="files (.txt, .jsonl, .json, .html) or directories (read recursively); '-' reads stdin")
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="worker processes, each loads the model once (default 1)")
    p.add_argument("--kb", action="append", metavar="FILE",
                   help="extra actor file layered over the built-in knowledge base (repeatable)")
    p.add_argument("--max-chars", type=_count_arg, default=5_000_000, metavar="N",
                   help="a longer text is an error record (A110), not analysed (default %(default)s)")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="progress bar on stderr (default: when stderr is a terminal)")
    p.add_argument("--time-budget", type=_seconds_arg, default=None, metavar="SECONDS",
                   help="a document still being analysed after this long ends as an error record (A112) and the "
                        "run goes on; 0: no limit (default: 30 s + 1 s per 1,000 characters)")


def _add_run_options(p: argparse.ArgumentParser) -> None:
    add_input_options(p)
    p.add_argument("-o", "--out", metavar="FILE",
                   help="write here instead of standard output; replaced only when the run completes")


def cmd_analyze(args: argparse.Namespace) -> int:
    from accord.batch import run_files
    from accord.records import Analysis, analysis_to_json

    check_paths(args, args.out)
    with atomic_output(args.out) as out:
        def sink(result) -> None:
            doc = analysis_to_json(result) if isinstance(result, Analysis) else result.to_json()
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")

        stats = run_files(args.paths, sink, config=config_from_args(args), workers=args.workers,
                          progress=args.progress, max_chars=args.max_chars)
    print(stats.summary(), file=sys.stderr)
    return 0


def cmd_code(args: argparse.Namespace) -> int:
    from accord.batch import run_files
    from accord.events.flat import RowWriter, event_rows
    from accord.records import Analysis

    check_paths(args, args.out)
    with atomic_output(args.out) as out:
        writer = RowWriter(out, args.format)

        def sink(result) -> None:
            if isinstance(result, Analysis):
                writer.write(event_rows(result, asserted_only=args.asserted_only))
            else:
                print(f"error {result.message}", file=sys.stderr)

        stats = run_files(args.paths, sink, config=config_from_args(args), workers=args.workers,
                          progress=args.progress, max_chars=args.max_chars)
    print(stats.summary(), file=sys.stderr)
    return 0


def cmd_actors(args: argparse.Namespace) -> int:
    from accord.actors.discovery import unresolved_report, write_actors

    if args.top < 1:
        print(f"accord: --top must be 1 or more, got {args.top}.", file=sys.stderr)
        return 2
    check_paths(args, args.out)
    with atomic_output(args.out) as out:
        report = unresolved_report(args.paths, config=config_from_args(args), workers=args.workers, top=args.top,
                                   progress=args.progress, max_chars=args.max_chars)
        write_actors(report.actors, out, args.format)
    print(f"{report.stats.summary()}; {report.mentions} unresolved or provisional mentions "
          f"of {report.names} names", file=sys.stderr)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from accord.demo import demo_command

    return demo_command(args)


def _scored(args: argparse.Namespace, evaluate: Callable[[], dict], format_report: Callable[[dict], str]) -> int:
    """Check --limit, run a scorer and print its report (JSON with --json)."""
    if getattr(args, "limit", None) is not None and args.limit < 1:
        print(f"accord: --limit must be 1 or more, got {args.limit}.", file=sys.stderr)
        return 2
    report = evaluate()
    print(json.dumps(report, indent=2) if args.json else format_report(report))
    return 0


def cmd_eval_events(args: argparse.Namespace) -> int:
    from accord.eval.events import evaluate_events, format_report

    return _scored(args, lambda: evaluate_events(Path(args.gold), show_errors=args.show_errors), format_report)


def cmd_eval_places(args: argparse.Namespace) -> int:
    from accord.eval.places import evaluate_places, format_report

    return _scored(args, lambda: evaluate_places(Path(args.gold), limit=args.limit, show_errors=args.show_errors),
                   format_report)


def cmd_eval_times(args: argparse.Namespace) -> int:
    from accord.eval.times import evaluate_times, format_report

    return _scored(args, lambda: evaluate_times(Path(args.gold), limit=args.limit, show_errors=args.show_errors,
                                                progress=args.progress), format_report)


def cmd_eval_quotes(args: argparse.Namespace) -> int:
    from accord.eval.quotes import evaluate_quotes, format_report

    return _scored(args, lambda: evaluate_quotes(Path(args.gold), limit=args.limit, show_errors=args.show_errors),
                   format_report)


def cmd_eval_actors(args: argparse.Namespace) -> int:
    from accord.eval.actors import evaluate_actors, format_report

    return _scored(args, lambda: evaluate_actors(Path(args.ner), Path(args.classes), Path(args.plover),
                                                 limit=args.limit, progress=args.progress), format_report)


def _existing(paths: Sequence[str]) -> list[Path]:
    """The paths, each checked to name a file (InputPathError, exit 2, otherwise: A101, A115, A116)."""
    from accord.ingest.readers import check_input_path

    for path in paths:
        check_input_path(path)
    return [Path(p) for p in paths]


def _kb_files(args: argparse.Namespace) -> list[Path]:
    from accord.actors.kb import ActorKB

    return [*ActorKB.builtin_paths(), *_existing(args.kb or [])]


def _day_arg(text: str, partial: bool = True) -> str:
    """YYYY-MM-DD (or, with ``partial``, YYYY or YYYY-MM) for argparse; a bad one is a usage error."""
    import re
    from datetime import date

    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            date.fromisoformat(text)
            return text
        except ValueError:
            pass
    elif partial and re.fullmatch(r"\d{4}(?:-(?:0[1-9]|1[0-2]))?", text):
        return text
    raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD, got {text!r}")


def cmd_kb_search(args: argparse.Namespace) -> int:
    from datetime import date

    from accord.actors.kb import ActorKB
    from accord.actors.manage import format_matches, match_to_json, search

    if args.limit < 1:
        print(f"accord: --limit must be 1 or more, got {args.limit}.", file=sys.stderr)
        return 2
    day = args.date or date.today().isoformat()
    matches = search(ActorKB.load(_kb_files(args)), args.name, date=day, limit=args.limit)
    if not matches:
        print(f"accord: no actor matches {args.name!r}.", file=sys.stderr)
        return 1
    if args.json:
        for match in matches:
            print(json.dumps(match_to_json(match), ensure_ascii=False))
    else:
        print(format_matches(matches, day))
    return 0


def cmd_kb_show(args: argparse.Namespace) -> int:
    from accord.actors.manage import format_record, locate, record_to_json

    found = locate(args.id, _kb_files(args))
    if found is None:
        print(f"accord: no actor with id {args.id!r}. Find ids with: accord kb search NAME", file=sys.stderr)
        return 1
    print(json.dumps(record_to_json(found), ensure_ascii=False, indent=2) if args.json else format_record(found))
    return 0


def cmd_kb_validate(args: argparse.Namespace) -> int:
    from accord.actors.manage import validate

    bad = 0
    for path in _existing(args.files):
        count, problems = validate(path)
        for problem in problems:
            print(problem)
        if problems:
            bad += 1
            print(f"{path}: {len(problems)} problem(s); {count} records OK")
        else:
            print(f"{path}: {count} records OK")
    return 1 if bad else 0


def cmd_kb_import_wikidata(args: argparse.Namespace) -> int:
    from accord.actors.wikidata import import_dump, load_classes, load_positions

    inputs = [args.dump, *(p for p in (args.positions, args.classes) if p)]
    dump, *_ = _existing(inputs)
    check_output(args.out, inputs)
    positions = {**load_positions(), **(load_positions(args.positions) if args.positions else {})}
    classes = {**load_classes(), **(load_classes(args.classes) if args.classes else {})}
    stats = import_dump(dump, Path(args.out), since=args.since, positions=positions, classes=classes)
    print(stats.summary(), file=sys.stderr)
    return 0


def _add_kb_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("kb", help="search, show, validate and import actor knowledge-base files",
                       description="Look after the actor knowledge base: find an actor by name, show a "
                       "whole record, check an actor file, or build one from a Wikidata dump. Record "
                       "format: accord/data/actors/FORMAT.md.", epilog=EPILOG)
    kb = p.add_subparsers(dest="kb_command", metavar="ACTION", required=True)
    kb_help = "extra actor file layered over the built-in knowledge base (repeatable)"

    ps = kb.add_parser("search", help="actors whose aliases match a name: exact, prefix, substring, fuzzy",
                       description="Find actors by name. Aliases are compared normalised (case, accents, "
                       "punctuation, spaces and a leading 'the' dropped): exact matches first, then "
                       "aliases starting with or containing the name, then close spellings (rapidfuzz). "
                       "Prints id, name, type, the code on --date and the alias that matched; exit 1 "
                       "when nothing matches.", epilog=EPILOG)
    ps.add_argument("name", metavar="NAME", help="the name to look for")
    ps.add_argument("--date", type=_day_arg, metavar="YYYY-MM-DD",
                    help="show the code valid on this day (default today)")
    ps.add_argument("--kb", action="append", metavar="FILE", help=kb_help)
    ps.add_argument("--limit", type=int, default=10, metavar="N", help="at most N actors (default 10)")
    ps.add_argument("--json", action="store_true", help="one JSON object per actor")
    ps.set_defaults(func=cmd_kb_search)

    ps = kb.add_parser("show", help="one whole record: aliases, roles with dates, where it was read",
                       description="Print the record with this id as the knowledge base loads it (the last "
                       "file defining the id wins): aliases, every role with its dates, and its file:line.",
                       epilog=EPILOG)
    ps.add_argument("id", metavar="ID", help="record id, e.g. cur:john-kerry or wd:Q22686")
    ps.add_argument("--kb", action="append", metavar="FILE", help=kb_help)
    ps.add_argument("--json", action="store_true", help="print the record as JSON")
    ps.set_defaults(func=cmd_kb_show)

    ps = kb.add_parser("validate", help="check actor files; print each problem as file:line",
                       description="Read actor files (.jsonl or .yaml) with the loader's reader and print every "
                       "problem as 'file:line: what is wrong': bad JSON or YAML, missing fields, bad codes or "
                       "dates, roles ending before they start, unknown types, duplicate ids. Exit 1 if any.",
                       epilog=EPILOG)
    ps.add_argument("files", nargs="+", metavar="FILE", help="actor file(s) to check")
    ps.set_defaults(func=cmd_kb_validate)

    ps = kb.add_parser("import-wikidata", help="actor records from a Wikidata JSON dump",
                       description="Stream a Wikidata JSON dump (one entity per line; plain, .gz or .bz2) and "
                       "write an actor file: countries (ISO alpha-3 from P297), people with positions held "
                       "(P39, dated roles from P580/P582; positions from wikidata-positions.tsv, or any "
                       "'minister'/'president' post of a country -> <country>GOV) and organisations of a "
                       "known class with a country (P17) -> <ISO>+sector guess. Ids are wd:<QID>. Prints "
                       "what it read, wrote and skipped (and why) on stderr.", epilog=EPILOG)
    ps.add_argument("dump", metavar="DUMP", help="Wikidata JSON dump (.json, .json.gz or .json.bz2)")
    ps.add_argument("-o", "--out", metavar="FILE", required=True, help="actor file to write (JSON Lines)")
    ps.add_argument("--since", type=lambda text: _day_arg(text, partial=False), metavar="YYYY-MM-DD",
                    help="leave out roles that ended before this day, and people left with none")
    ps.add_argument("--positions", metavar="TSV", help="more position rows, over the built-in table")
    ps.add_argument("--classes", metavar="TSV", help="more class rows, over the built-in table")
    ps.set_defaults(func=cmd_kb_import_wikidata)


def _add_gold_scorer(ev: argparse._SubParsersAction, name: str, func, metavar: str, default: str, *,
                     help: str, description: str, gold_help: str, unit: str,
                     errors_help: str) -> argparse.ArgumentParser:
    """An `eval` subcommand reading one gold file or folder, with --limit, --json and --show-errors."""
    p = ev.add_parser(name, help=help, description=description)
    p.add_argument("gold", metavar=metavar, nargs="?", default=default, help=f"{gold_help} (default %(default)s)")
    p.add_argument("--limit", type=int, metavar="N", help=f"score only the first N {unit}")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--show-errors", action="store_true", help=errors_help)
    p.set_defaults(func=func)
    return p


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
                       "the top speaker of reported events, trigger and sentence.", epilog=EPILOG)
    _add_run_options(p)
    p.add_argument("--format", choices=("csv", "tsv", "jsonl"), default="csv", help="output format (default csv)")
    p.add_argument("--asserted-only", action="store_true",
                   help="only events the reporter states as fact (no reported, intended, demanded, "
                   "hypothetical or negated ones)")
    p.set_defaults(func=cmd_code)

    p = sub.add_parser("actors", help="list the people and groups the actor knowledge base does not know",
                       description="Analyse articles and count the named people, organisations and groups "
                       "that no knowledge-base record matches, most frequent first: how often, in how many "
                       "documents, the provisional codes their context gave them (\"Kenyan opposition leader "
                       "X\" -> KENOPP), and example sentences. Names are merged across case, spacing, \"the\" "
                       "and honorifics (\"Mr. X\" is X).", epilog=EPILOG)
    _add_run_options(p)
    p.add_argument("--unresolved", action="store_true", required=True,
                   help="list unresolved and provisional names (the only listing so far)")
    p.add_argument("--top", type=int, default=50, metavar="N", help="show the N most frequent names (default 50)")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output format (default table)")
    p.set_defaults(func=cmd_actors)

    p = sub.add_parser("demo", help="analyse the built-in sample articles, print their events, open the dashboard",
                       description="Analyse the sample articles that ship with accord and print a table "
                       "of the events found; from a terminal (or with --serve), also store them in a database "
                       "and serve the dashboard on them (Ctrl-C stops).")
    from accord.demo import add_demo_options

    add_demo_options(p)
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
    _add_gold_scorer(ev, "places", cmd_eval_places, "FILE", f"{GOLD}/geowebnews/GWN.xml",
                     help="toponym P/R/F1 and accuracy@161km on GeoWebNews",
                     description="Score places against GeoWebNews (GWN.xml): toponym P/R/F1 (spans overlap) "
                     "and accuracy within 161 km on matched toponyms with gold coordinates. Definitions: "
                     "accord/eval/places.py.",
                     gold_help="GeoWebNews XML file", unit="articles",
                     errors_help="list matched toponyms placed over 161 km off")
    pt = _add_gold_scorer(ev, "times", cmd_eval_times, "DIR", f"{GOLD}/tempeval3/",
                          help="TempEval-3 span, type and value scores on TimeML (TIMEX3) gold",
                          description="Score time expressions against TimeML files (.tml, read recursively; "
                          "the DCT is the document date): strict and relaxed (overlap) span P/R/F1, type "
                          "accuracy on relaxed matches, value P/R/F1; overall and per corpus folder "
                          "(TimeBank, AQUAINT). Definitions: accord/eval/times.py.",
                          gold_help="folder of TimeML files", unit="files",
                          errors_help="list missed, spurious and mismatched expressions")
    pt.add_argument("--progress", action="store_true", help="progress bar on stderr")
    _add_gold_scorer(ev, "quotes", cmd_eval_quotes, "DIR", f"{GOLD}/polnear/data/dev/",
                     help="quote content/source scores on PolNeAR attribution relations",
                     description="Score quotes against PolNeAR brat standoff (attributions/*.ann and "
                     "text/*.txt): content P/R/F1 (overlap/union >= 0.5), exact-span P/R/F1, source "
                     "accuracy and cue accuracy on matched quotes. Definitions: accord/eval/quotes.py.",
                     gold_help="PolNeAR directory with attributions/ and text/", unit="articles",
                     errors_help="list missed and spurious quotes, wrong sources")
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
    _add_kb_parser(sub)
    from accord.store.cli import add_commands as add_store_commands

    add_store_commands(sub)
    from accord.api.cli import add_commands

    add_commands(sub)
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
    except BrokenPipeError:  # "accord code ... | head": the reader left; stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
