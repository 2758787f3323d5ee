"""``accord ingest``: read, skip what is stored, analyse, and write to the store in batches.

Memory stays flat: records stream from the readers, at most one batch of results waits to be
written, and each batch is one transaction, so a kill loses at most the batch in progress
(which a rerun analyses again) and never half an article. Records whose content is already
stored are skipped before analysis, so a rerun after a crash only analyses what is missing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain, islice
from typing import Any

from accord.batch import progress_bar
from accord.ingest import read_inputs
from accord.records import Analysis, InputError, Record
from accord.resources import Config, Resources
from accord.store.store import Store

LOOKUP_CHUNK = 256  # records checked against the store per query


@dataclass
class IngestStats:
    documents: int = 0
    added: int = 0
    updated: int = 0
    skipped: int = 0
    aliased: int = 0  # new ids for a stored text: stored as aliases, their events counted once
    errors: int = 0
    events: int = 0
    worker_loads: dict[int, int] = field(default_factory=dict)  # Dask: resource loads per worker process

    def count(self, results: Sequence[Analysis | InputError], statuses: Sequence[str]) -> None:
        """Tally written results, given their statuses from :meth:`Store.add_many`."""
        for result, status in zip(results, statuses):
            if isinstance(result, InputError):
                self.errors += 1
            else:
                self.tally(status, len(result.events))

    def tally(self, status: str, events: int) -> None:
        """Count one article by its status; its events when they were written."""
        setattr(self, status, getattr(self, status) + 1)
        if status in ("added", "updated"):
            self.events += events

    def summary(self) -> str:
        copies = f"; {self.aliased} stored as aliases of the same text under another id" if self.aliased else ""
        return (f"{self.documents} documents: {self.added} added, {self.updated} updated, {self.skipped} "
                f"already stored, {self.errors} input errors; {self.events} events stored{copies}")


def _unseen(items: Iterable[Record | InputError], store: Store, stats: IngestStats, bar: Any,
            force: bool) -> Iterator[Record | InputError]:
    """The items that need analysing; stored ones are counted as skipped here."""
    it = iter(items)
    while chunk := list(islice(it, LOOKUP_CHUNK)):
        todo = [True] * len(chunk) if force else store.unseen(chunk)
        for item, needed in zip(chunk, todo):
            if needed:
                yield item
            else:
                stats.documents += 1
                stats.skipped += 1
                if bar is not None:
                    bar.update(1)


def ingest_files(
    paths: Sequence[str],
    store: Store,
    *,
    config: Config | None = None,
    res: Resources | None = None,
    workers: int = 1,
    batch_size: int = 64,
    force: bool = False,
    progress: bool | None = None,
    max_chars: int = 5_000_000,
) -> IngestStats:
    """Analyse and store every record under ``paths``; see the module docstring for the guarantees."""
    from accord.pipeline import analyze_stream

    items = read_inputs(paths, max_chars=max_chars)
    stats = IngestStats()
    bar = progress_bar(progress, paths)
    buffer: list[Analysis | InputError] = []

    def flush() -> None:
        stats.count(buffer, store.add_many(buffer, force=force))
        buffer.clear()

    try:
        todo = _unseen(items, store, stats, bar, force)
        first = next(todo, None)  # nothing new: no model to load
        results = analyze_stream(chain([first], todo), config=config, res=res, workers=workers) if first else ()
        for result in results:
            buffer.append(result)
            stats.documents += 1
            if len(buffer) >= batch_size:
                flush()
            if bar is not None:
                bar.update(1)
                bar.set_postfix(events=stats.events, errors=stats.errors, skipped=stats.skipped, refresh=False)
        flush()
    finally:
        if bar is not None:
            bar.close()
    return stats

