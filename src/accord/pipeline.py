"""Run records through the NLP model and the layers, in batches, on one or more processes.

Order is kept: every input item (a :class:`Record` or an :class:`InputError`)
comes out as exactly one item (an :class:`Analysis` or the same ``InputError``),
in input order, so ``documents in == analyses out + errors``.
"""

from __future__ import annotations

import multiprocessing as mp
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice

import accord.layers  # noqa: F401  (registers the built-in layers)
from accord.errors import ConfigError, Errors
from accord.ingest import parse_dateline
from accord.nlp.model import parse_texts
from accord.records import Analysis, InputError, Record, StageError
from accord.registry import DocContext, LayerSpec, get_layers
from accord.resources import Config, Resources

Item = Record | InputError
Result = Analysis | InputError


def start_analysis(record: Record) -> Analysis:
    """The analysis before NLP: metadata, dateline, and the publication date."""
    dateline = parse_dateline(record.text, reference_date=record.date)
    date = record.date or (dateline.date if dateline else None)
    basis = "metadata" if record.date else ("dateline" if date else "none")
    return Analysis(
        id=record.id,
        text=record.text,
        title=record.title,
        url=record.url,
        publisher=record.publisher,
        date=date,
        dateline=dateline,
        origin=record.origin,
        date_basis=basis,
    )


def run_layers(ctx: DocContext, specs: list[LayerSpec], res: Resources) -> None:
    """Run each layer; one layer's failure becomes an error record, not a lost article."""
    for spec in specs:
        try:
            spec.func(ctx, res)
        except Exception as exc:
            if res.config.strict:
                raise
            ctx.analysis.errors.append(StageError(stage=spec.name, message=f"{type(exc).__name__}: {exc}"))


def analyze_batch(items: list[Item], res: Resources) -> list[Result]:
    """Analyse one batch in this process; input errors pass through in place."""
    specs = get_layers(res.config.layers)
    records = [item for item in items if isinstance(item, Record)]
    analyses = {id(r): start_analysis(r) for r in records}
    docs = parse_texts(res.nlp, (r.text for r in records), batch_size=len(records) or 1)
    for record, doc in zip(records, docs):
        run_layers(DocContext(doc=doc, analysis=analyses[id(record)]), specs, res)
    return [analyses[id(item)] if isinstance(item, Record) else item for item in items]


def analyze_texts(texts: Iterable[str], res: Resources) -> list[Analysis]:
    """Convenience for notebooks and tests: analyse plain strings."""
    from accord.ingest.readers import text_record

    return [a for a in analyze_batch([text_record(t) for t in texts], res) if isinstance(a, Analysis)]


def _batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


_WORKER_RES: Resources | None = None


def _init_worker(config: Config) -> None:
    global _WORKER_RES
    _WORKER_RES = Resources.load(config)


def _work(batch: list[Item]) -> list[Result]:
    assert _WORKER_RES is not None
    return analyze_batch(batch, _WORKER_RES)


def analyze_stream(
    items: Iterable[Item],
    *,
    config: Config | None = None,
    res: Resources | None = None,
    workers: int = 1,
    batch_size: int = 16,
) -> Iterator[Result]:
    """Analyse a stream of input items, yielding results in input order.

    With ``workers > 1`` each worker process loads the resources once; at most
    ``2 * workers`` batches are in flight, so memory does not grow with the input.
    """
    if workers < 1:
        raise ConfigError(Errors.A304.format(n=workers))
    config = config or (res.config if res else Config())
    if workers == 1:
        res = res or Resources.load(config)
        for batch in _batches(items, batch_size):
            yield from analyze_batch(batch, res)
        return
    ctx = mp.get_context("spawn")
    with ctx.Pool(workers, initializer=_init_worker, initargs=(config,)) as pool:
        in_flight: deque = deque()
        for batch in _batches(items, batch_size):
            in_flight.append(pool.apply_async(_work, (batch,)))
            if len(in_flight) >= 2 * workers:
                yield from in_flight.popleft().get()
        while in_flight:
            yield from in_flight.popleft().get()
