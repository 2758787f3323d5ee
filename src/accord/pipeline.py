"""Run records through the NLP model and the layers, in batches, on one or more processes.

Order is kept: every input item (a :class:`Record` or an :class:`InputError`)
comes out as exactly one item (an :class:`Analysis` or the same ``InputError``),
in input order, so ``documents in == analyses out + errors``. A document that runs
past its time budget (:mod:`accord.budget`) comes out as an ``InputError`` A112.
"""

from __future__ import annotations

import multiprocessing as mp
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING

import accord.layers  # noqa: F401  (registers the built-in layers)
from accord.budget import Limit, TimeBudgetExceeded, budget_for, check_time, time_limit
from accord.errors import ConfigError, Errors
from accord.ingest import parse_dateline
from accord.nlp.model import CHUNK_CHARS, parse_texts
from accord.records import Analysis, InputError, Record, StageError
from accord.registry import DocContext, LayerSpec, get_layers
from accord.resources import Config, Resources

if TYPE_CHECKING:
    from spacy.tokens import Doc

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
    """Run each layer; one layer's failure becomes an error record, not a lost article.
    Between layers, a time limit that ran out stops the document (off the main thread no
    alarm can)."""
    for spec in specs:
        try:
            spec.func(ctx, res)
        except Exception as exc:
            if res.config.strict:
                raise
            ctx.analysis.errors.append(StageError(stage=spec.name, message=f"{type(exc).__name__}: {exc}"))
        check_time()


def analyze_batch(items: list[Item], res: Resources) -> list[Result]:
    """Analyse one batch in this process; input errors pass through in place.

    Short texts are parsed together (fast, in one ``nlp.pipe``); a long one is parsed alone,
    inside its own time budget, with its layers."""
    specs = get_layers(res.config.layers)
    short = [item for item in items if isinstance(item, Record) and len(item.text) <= CHUNK_CHARS]
    docs = dict(zip((id(r) for r in short), parse_texts(res.nlp, (r.text for r in short), batch_size=len(short) or 1)))
    return [analyze_record(item, docs.get(id(item)), specs, res) if isinstance(item, Record) else item
            for item in items]


def analyze_record(record: Record, doc: Doc | None, specs: list[LayerSpec], res: Resources) -> Result:
    """One record through the layers (parsed first when ``doc`` is None), within its time
    budget: past it, an InputError A112 takes the analysis's place."""
    seconds = budget_for(res.config.time_budget, len(record.text))
    limit = Limit.after(seconds)
    try:
        with time_limit(limit):
            analysis = start_analysis(record)
            if doc is None:  # one chunk at a time: a 100,000-word text peaks at 0.6 GB instead of 2
                doc = next(parse_texts(res.nlp, [record.text], batch_size=1))
            run_layers(DocContext(doc=doc, analysis=analysis), specs, res)
            return analysis
    except TimeBudgetExceeded:
        if limit is None or not limit.expired:
            raise  # an outer limit's (a server's per-request one): not this document's to report
        message = Errors.A112.format(origin=record.origin or record.id, seconds=seconds, chars=len(record.text))
        return InputError(origin=record.origin or record.id, code="A112", message=message, id=record.id)


def analyze_texts(texts: Iterable[str], res: Resources) -> list[Analysis]:
    """Convenience for notebooks and tests: analyse plain strings."""
    from accord.ingest.readers import text_record

    return [a for a in analyze_batch([text_record(t) for t in texts], res) if isinstance(a, Analysis)]


def _batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


_WORKER_RES: Resources | None = None


def init_worker(config: Config) -> None:
    """A worker process's initializer (pools here and in the API): its resources, loaded once."""
    global _WORKER_RES
    _WORKER_RES = Resources.load(config)


def analyze_in_worker(batch: list[Item]) -> list[Result]:
    """``analyze_batch`` on the resources :func:`init_worker` loaded in this process."""
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
    with ctx.Pool(workers, initializer=init_worker, initargs=(config,)) as pool:
        in_flight: deque = deque()
        for batch in _batches(items, batch_size):
            in_flight.append(pool.apply_async(analyze_in_worker, (batch,)))
            if len(in_flight) >= 2 * workers:
                yield from in_flight.popleft().get()
        while in_flight:
            yield from in_flight.popleft().get()
