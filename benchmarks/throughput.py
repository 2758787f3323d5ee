"""End-to-end throughput of ``accord analyze`` from raw text, for 1 and 2 workers.

Runs over the PolNeAR training texts (../shared/gold/polnear/data/train/text/, 840
articles) and prints articles/s, sentences/s, words/s and peak memory (resident set
of the main process plus its largest worker). Each worker count runs in a fresh
subprocess so memory figures do not mix. A per-stage breakdown (parse vs each
layer, one worker) shows where the time goes.

    python benchmarks/throughput.py [--limit N] [--workers 1 2] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accord.records import Record
    from accord.resources import Resources

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "gold" / "polnear" / "data" / "train" / "text"


def corpus_files(corpus: Path, limit: int | None) -> list[str]:
    files = sorted(str(p) for p in corpus.glob("*.txt"))
    return files[:limit] if limit else files


def run_once(files: list[str], workers: int) -> dict:
    """Analyse the files (output discarded) and return the figures; runs in a subprocess."""
    from accord.batch import run_files

    start = time.perf_counter()
    stats = run_files(files, lambda r: None, workers=workers, progress=False)
    seconds = time.perf_counter() - start
    # Load time is included: it is part of what a user waits for.
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "workers": workers,
        "articles": stats.analysed,
        "errors": stats.errors,
        "sentences": stats.sentences,
        "words": stats.words,
        "events": stats.events,
        "seconds": round(seconds, 2),
        "articles_per_s": round(stats.analysed / seconds, 2),
        "sentences_per_s": round(stats.sentences / seconds, 1),
        "words_per_s": round(stats.words / seconds, 0),
        "peak_mb_main": round(self_kb / 1024, 1),
        "peak_mb_worker": round(child_kb / 1024, 1),
    }


def stage_breakdown(files: list[str]) -> dict[str, float]:
    """Seconds spent in loading, parsing and each layer, one process."""
    from accord.ingest import read_inputs
    from accord.records import Record
    from accord.resources import Resources

    t0 = time.perf_counter()
    res = Resources.load()
    times = {"load resources": time.perf_counter() - t0}
    records = [r for r in read_inputs(files) if isinstance(r, Record)]
    return times | stage_times(records, res)


def stage_times(records: list[Record], res: Resources,
                clock: Callable[[], float] = time.perf_counter) -> dict[str, float]:
    """Seconds spent parsing ``records`` and in each layer (summed over the records), in this process;
    ``clock=time.process_time`` counts CPU time, steadier on a shared machine."""
    from accord.nlp.model import parse_texts
    from accord.pipeline import start_analysis
    from accord.registry import DocContext, get_layers

    specs = get_layers(res.config.layers)
    t0 = clock()
    docs = list(parse_texts(res.nlp, [r.text for r in records]))
    times = {"spacy parse": clock() - t0}
    for record, doc in zip(records, docs):
        ctx = DocContext(doc=doc, analysis=start_analysis(record))
        for spec in specs:
            t0 = clock()
            spec.func(ctx, res)
            times[spec.name] = times.get(spec.name, 0.0) + clock() - t0
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--no-breakdown", action="store_true")
    parser.add_argument("--_child", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"corpus not found: {args.corpus} (needs ../shared/gold/polnear)")
    files = corpus_files(args.corpus, args.limit)
    if args._child is not None:
        print(json.dumps(run_once(files, args._child)))
        return
    print(f"corpus: {args.corpus} ({len(files)} articles)")
    for workers in args.workers:
        cmd = [sys.executable, __file__, "--corpus", str(args.corpus), "--_child", str(workers)]
        if args.limit:
            cmd += ["--limit", str(args.limit)]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        print(
            f"workers={r['workers']}: {r['articles']} articles, {r['sentences']} sentences, {r['words']} words, "
            f"{r['events']} events in {r['seconds']} s -> {r['articles_per_s']} articles/s, "
            f"{r['sentences_per_s']} sentences/s, {r['words_per_s']:.0f} words/s; "
            f"peak memory {r['peak_mb_main']} MB main, {r['peak_mb_worker']} MB largest worker"
        )
    if not args.no_breakdown:
        times = stage_breakdown(files)
        total = sum(v for k, v in times.items() if k != "load resources")
        print("stage breakdown (1 process, excluding load):")
        for name, seconds in times.items():
            share = "" if name == "load resources" else f" ({100 * seconds / total:.1f}%)"
            print(f"  {name:16s} {seconds:7.2f} s{share}")


if __name__ == "__main__":
    main()
