"""``accord ingest --dask``: analyse partitions of the input on a Dask cluster, load them into the store.

This process reads the input, skips what the store already holds, and sends partitions of
``partition_size`` records to the workers. A worker analyses its partition with resources it
loaded once (a per-process cache: the model is loaded on a worker's first task, not per task),
turns the analyses into store rows and writes them as one Parquet file per table under
``parts_dir/part-NNNNNN-K/``. This process loads the partitions in input order, each in one
transaction, so event clusters and a resumed run come out as with a local ingest. At most two
partitions per worker thread are in flight: memory stays flat in the size of the input.

Running on Slurm or Kubernetes: docs/cluster.md.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections import deque
from collections.abc import Sequence
from itertools import islice
from pathlib import Path

import pyarrow.parquet as pq

from accord.batch import progress_bar
from accord.errors import Errors, StoreError
from accord.ingest import read_inputs
from accord.records import InputError, Record
from accord.resources import Config, Resources
from accord.store.ingest import IngestStats, _unseen
from accord.store.rows import Batch, split_repeats
from accord.store.schema import BATCH_TABLES
from accord.store.store import Store

_RESOURCES: dict[Config, Resources] = {}  # per worker process: loaded on the first task only


def worker_resources(config: Config) -> Resources:
    if config not in _RESOURCES:
        _RESOURCES[config] = Resources.load(config)
    return _RESOURCES[config]


def analyse_partition(items: list[Record | InputError], config: Config, out_dir: str) -> dict:
    """Runs on a worker: analyse, write each run of distinct ids as a folder of Parquet tables."""
    from accord.pipeline import analyze_batch

    results = analyze_batch(items, worker_resources(config))
    folders = []
    for k, part in enumerate(split_repeats(results)):
        folder = f"{out_dir}-{k}"
        os.makedirs(folder, exist_ok=True)
        for name, table in Batch.of(part).tables.items():
            pq.write_table(table, os.path.join(folder, f"{name}.parquet"))
        folders.append(folder)
    return {"folders": folders, "pid": os.getpid(), "loads": len(_RESOURCES)}


def read_partition(folder: str) -> Batch:
    return Batch({name: pq.read_table(os.path.join(folder, f"{name}.parquet")) for name in BATCH_TABLES})


def connect(address: str, workers: int):
    """A Dask client: on a running scheduler, or on a new local cluster of ``workers`` processes."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise StoreError(Errors.A406.format(detail=f"cannot import dask.distributed ({exc})")) from exc
    try:
        if address == "local":
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.ERROR)
            return Client(cluster)
        return Client(address, timeout="10s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise StoreError(Errors.A406.format(detail=f"cannot reach the scheduler at {address!r} ({exc})")) from exc


def ingest_dask(
    paths: Sequence[str],
    store: Store,
    address: str,
    *,
    config: Config | None = None,
    workers: int = 2,
    partition_size: int = 64,
    parts_dir: str | None = None,
    force: bool = False,
    progress: bool | None = None,
    max_chars: int = 5_000_000,
) -> IngestStats:
    """Like :func:`accord.store.ingest.ingest_files`, with the analysis on Dask workers."""
    config = config or Config()
    keep = parts_dir is not None
    if parts_dir is None:
        parts_dir = (store.path + ".parts") if store.path != ":memory:" else tempfile.mkdtemp(prefix="accord-parts-")
        shutil.rmtree(parts_dir, ignore_errors=True)
    Path(parts_dir).mkdir(parents=True, exist_ok=True)
    stats = IngestStats()
    bar = progress_bar(progress, paths)
    client = connect(address, workers)
    try:
        window = 2 * max(1, sum(client.nthreads().values()))
        todo = _unseen(read_inputs(paths, max_chars=max_chars), store, stats, bar, force)
        in_flight: deque = deque()
        number = 0

        def load_oldest() -> None:
            done = in_flight.popleft().result()
            stats.worker_loads[done["pid"]] = done["loads"]
            for folder in done["folders"]:
                _load(store, read_partition(folder), stats, force)
                if not keep:
                    shutil.rmtree(folder, ignore_errors=True)
            if bar is not None:
                bar.update(done["documents"])
                bar.set_postfix(events=stats.events, errors=stats.errors, skipped=stats.skipped, refresh=False)

        while items := list(islice(todo, partition_size)):
            number += 1
            future = client.submit(analyse_partition, items, config, os.path.join(parts_dir, f"part-{number:06d}"),
                                   pure=False)
            in_flight.append(_Counted(future, len(items)))
            if len(in_flight) >= window:
                load_oldest()
        while in_flight:
            load_oldest()
    finally:
        if bar is not None:
            bar.close()
        cluster = getattr(client, "cluster", None)
        client.close()
        if address == "local" and cluster is not None:
            cluster.close()
        if not keep:
            shutil.rmtree(parts_dir, ignore_errors=True)
    return stats


class _Counted:
    """A future with the number of input items it carries (for the progress bar)."""

    def __init__(self, future, documents: int) -> None:
        self.future, self.documents = future, documents

    def result(self) -> dict:
        return {**self.future.result(), "documents": self.documents}


def _load(store: Store, batch: Batch, stats: IngestStats, force: bool) -> None:
    statuses = store.write(batch, force=force)
    articles = batch.articles
    events = batch.tables["articles"].column("events").to_pylist()
    for status, n in zip(statuses[:articles], events):
        stats.tally(status, n)
    stats.errors += len(statuses) - articles
    stats.documents += len(statuses)
