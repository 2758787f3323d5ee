"""How each stage's time grows with the length of one article: seconds per layer at each size
and the growth exponent (the slope of log seconds over log words).

The article is the built-in samples repeated and shuffled (``accord.demo.long_sample_text``),
so times, actors, places, quotes and events recur throughout; the ``no-breaks`` variant is the
same text with no sentence or line break at all. A stage whose time is linear in the length
has exponent 1; a quadratic one 2. The exponent is fitted over all sizes (least squares), and
a stage above 1.2 is flagged; the slope between the two largest sizes is shown too (fixed costs
matter least there, but a garbage-collection pass landing in a sub-second layer moves it).
Seconds are CPU seconds of this process, steadier than wall time on a shared machine.

    python benchmarks/scaling.py [--sizes 1000 10000 50000 200000] [--variant both] [--quick]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from dataclasses import replace

from throughput import stage_times

SIZES = (1_000, 10_000, 50_000, 200_000)
QUICK_SIZES = (500, 1_000, 2_000, 4_000)
MAX_EXPONENT = 1.2
DATE = "2015-02-12"  # the first sample's date, which the long article starts with


def slope(sizes: list[int], seconds: list[float]) -> float:
    """Least-squares slope of log seconds over log size."""
    xs = [math.log(s) for s in sizes]
    ys = [math.log(max(t, 1e-6)) for t in seconds]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def measure(sizes: list[int], breaks: bool, res) -> dict[str, list[float]]:
    """Seconds per stage at each size: one article per size, parsed and run through every layer."""
    from accord.demo import long_sample_text
    from accord.ingest.readers import text_record

    table: dict[str, list[float]] = {}
    for words in sizes:
        record = replace(text_record(long_sample_text(words, breaks=breaks)), date=DATE)
        for stage, seconds in stage_times([record], res, clock=time.process_time).items():
            table.setdefault(stage, []).append(seconds)
        print(f"  {words} words done", file=sys.stderr, flush=True)
    return table


def report(variant: str, sizes: list[int], table: dict[str, list[float]]) -> list[str]:
    """The table for one variant: seconds per size, fitted exponent, exponent between the two largest."""
    head = f"{variant:18s}" + "".join(f"{s:>10,d}w" for s in sizes) + "   fitted  last pair"
    lines = [head]
    for stage, seconds in table.items():
        fitted = slope(sizes, seconds)
        last = slope(sizes[-2:], seconds[-2:])
        flag = f"  ABOVE {MAX_EXPONENT}" if fitted > MAX_EXPONENT else ""
        cells = "".join(f"{t:10.2f}s" for t in seconds)
        lines.append(f"  {stage:16s}{cells}   {fitted:6.2f}   {last:6.2f}{flag}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=None, help="article lengths in words")
    parser.add_argument("--quick", action="store_true", help=f"small sizes only: {QUICK_SIZES}")
    parser.add_argument("--variant", choices=("breaks", "no-breaks", "both"), default="both")
    parser.add_argument("--json", action="store_true", help="also print the figures as one JSON line")
    args = parser.parse_args()
    sizes = sorted(args.sizes or (QUICK_SIZES if args.quick else SIZES))
    if len(sizes) < 2:
        sys.exit("give two sizes or more: the exponent is a slope between sizes")
    from accord.demo import long_sample_text
    from accord.ingest.readers import text_record
    from accord.resources import Resources

    res = Resources.load()
    stage_times([text_record(long_sample_text(200))], res)  # warm-up: lazy tables load outside the figures
    variants = {"breaks": [True], "no-breaks": [False], "both": [True, False]}[args.variant]
    figures = {}
    for breaks in variants:
        name = "breaks" if breaks else "no-breaks"
        figures[name] = measure(sizes, breaks, res)
        print("\n".join(report(name, sizes, figures[name])), flush=True)
    if args.json:
        print(json.dumps({"sizes": sizes, "seconds": figures}))


if __name__ == "__main__":
    main()
