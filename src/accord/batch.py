"""Batch runs over files: read, analyse, hand each result to a sink, count everything.

The library side of ``accord analyze`` and ``accord code``: no printing except the
optional progress bar on standard error. Every input record is counted once, as
an analysis or as an error, and ``RunStats.balanced`` checks that nothing was lost.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from accord.ingest import count_records, read_inputs
from accord.pipeline import Result, analyze_stream
from accord.records import Analysis, InputError
from accord.resources import Config, Resources

Sink = Callable[[Result], None]


@dataclass
class RunStats:
    documents_in: int = 0
    analysed: int = 0
    errors: int = 0
    events: int = 0
    sentences: int = 0
    words: int = 0

    @property
    def balanced(self) -> bool:
        return self.documents_in == self.analysed + self.errors

    def summary(self) -> str:
        check = "nothing lost" if self.balanced else "MISMATCH: some records are unaccounted for"
        return (
            f"{self.documents_in} documents in: {self.analysed} analysed + {self.errors} errors "
            f"({check}); {self.sentences} sentences, {self.events} events"
        )


def progress_bar(show: bool | None, paths: Sequence[str]) -> Any:
    """A tqdm bar on stderr sized to the records under ``paths`` (for its ETA), or None when not
    shown; ``show=None`` shows it on a terminal only."""
    if not (sys.stderr.isatty() if show is None else show):
        return None
    from tqdm import tqdm

    return tqdm(total=count_records(paths), unit=" docs", file=sys.stderr, dynamic_ncols=True, smoothing=0.1)


def run_files(
    paths: Sequence[str],
    sink: Sink,
    *,
    config: Config | None = None,
    res: Resources | None = None,
    workers: int = 1,
    progress: bool | None = None,
    max_chars: int = 5_000_000,
) -> RunStats:
    """Analyse every record under ``paths`` and pass each result, in input order, to ``sink``."""
    stats = RunStats()
    items = read_inputs(paths, max_chars=max_chars)
    bar = progress_bar(progress, paths)
    for result in analyze_stream(items, config=config, res=res, workers=workers):
        stats.documents_in += 1
        if isinstance(result, InputError):
            stats.errors += 1
        elif isinstance(result, Analysis):
            stats.analysed += 1
            stats.events += len(result.events)
            stats.sentences += len(result.sentences)
            stats.words += len(result.text.split())
        sink(result)
        if bar is not None:
            bar.update(1)
            bar.set_postfix(events=stats.events, errors=stats.errors, refresh=False)
    if bar is not None:
        bar.close()
    return stats
