"""Analyses off the event loop: a bounded pool of worker processes, a time limit, a bounded queue.

Each worker is a multiprocessing pool of one process (spawn), started with the pipeline's worker
initializer, so it loads the resources once. An analysis runs under a time limit
(:mod:`accord.budget`): in a worker process an alarm stops it even inside a layer, and the
worker goes on with the next request. One that does not stop (stuck in C code, say) is
terminated a little later and a new worker started, while the others go on: that is why each
worker is a pool of its own. With ``workers=0`` analyses run in the server's own process, one at
a time in a thread (tests, small machines), where the limit is checked only between layers.

Reads never wait here: the endpoints that query the store run in other threads, and an
analysis holds neither the event loop nor the store's lock.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import multiprocessing as mp
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Any, Protocol

from fastapi import HTTPException

from accord.budget import Limit, TimeBudgetExceeded, time_limit
from accord.errors import Errors
from accord.pipeline import Item, Result, init_worker, analyze_in_worker, analyze_batch
from accord.records import InputError, Record, analysis_to_json
from accord.resources import Config, Resources

log = logging.getLogger("accord.api")
WARM_UP = Record(id="warm-up", text="PARIS, March 3 (Reuters) - France said on Monday it would send aid to Syria.")
STARTUP = 600.0  # seconds a new worker may take to load the models and answer its first analysis
Answer = bytes | InputError  # the analysis document as JSON, or why there is none (its time ran out)


@dataclass(frozen=True)
class Limits:
    """How much analysing the server takes on: ``accord serve --workers --timeout --max-chars --queue``."""

    workers: int = 0  # worker processes; 0: in the server's own process
    timeout: float = 60.0  # seconds one analysis may run, and the longest a request waits for a worker
    max_chars: int = 100_000  # characters of article text
    queue: int | None = None  # analyses that may wait for a worker; None: two per worker

    @property
    def waiting(self) -> int:
        return 2 * max(1, self.workers) if self.queue is None else self.queue

    @property
    def capacity(self) -> int:
        """Analyses admitted at once, running and waiting."""
        return max(1, self.workers) + self.waiting

    @property
    def grace(self) -> float:
        """Seconds past the limit before a worker that has not stopped by itself is given up on."""
        return 2.0 + 0.1 * self.timeout


def answer(analyse: Callable[[list[Item]], list[Result]], record: Record, seconds: float) -> Answer:
    """``analyse([record])`` within ``seconds``, as the response body: JSON encoded where the analysis
    was made (big documents never load the event loop), or the InputError of a limit that ran out."""
    limit = Limit.after(seconds)
    try:
        with time_limit(limit):
            [result] = analyse([record])
    except TimeBudgetExceeded:
        return InputError(origin=record.origin, code="A311", message=Errors.A311.format(seconds=seconds), id=record.id)
    if isinstance(result, InputError):  # the document's own time budget (A112)
        return result
    return json.dumps(analysis_to_json(result), ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()


def _answer(record: Record, seconds: float) -> Answer:
    """In a worker process, on the resources the pipeline's initializer loaded there."""
    return answer(analyze_in_worker, record, seconds)


def warmed(res: Resources) -> Resources:
    """``res`` after one short analysis: tables that layers build on first use are built now, not in a request."""
    analyze_batch([WARM_UP], res)
    return res


class Worker(Protocol):
    stoppable: bool

    def submit(self, record: Record, seconds: float) -> Future[Answer]: ...

    def stop(self) -> None: ...


class ProcessWorker:
    """One worker process; ``stop`` ends it even in the middle of an analysis."""

    stoppable = True

    def __init__(self, config: Config) -> None:
        self._pool = mp.get_context("spawn").Pool(1, initializer=init_worker, initargs=(config,))

    def submit(self, record: Record, seconds: float) -> Future[Answer]:
        future: Future[Answer] = Future()
        self._pool.apply_async(_answer, (record, seconds), callback=future.set_result,
                               error_callback=future.set_exception)
        return future

    def stop(self) -> None:
        self._pool.terminate()


class Lazy:
    """Resources built once, on first use or by ``preload``; other threads wait for them."""

    def __init__(self, config: Config, value: Resources | None = None) -> None:
        self._config = config
        self._value = value
        self._lock = threading.Lock()

    @property
    def ready(self) -> bool:
        return self._value is not None

    def get(self) -> Resources:
        with self._lock:
            if self._value is None:
                self._value = warmed(Resources.load(self._config))
            return self._value


class LocalWorker:
    """Analyses in this process, one at a time in a thread of its own; cannot be stopped midway."""

    stoppable = False

    def __init__(self, resources: Lazy) -> None:
        self._resources = resources
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="accord-analysis")

    def submit(self, record: Record, seconds: float) -> Future[Answer]:
        return self._thread.submit(lambda: answer(lambda items: analyze_batch(items, self._resources.get()),
                                                  record, seconds))

    def stop(self) -> None:
        self._thread.shutdown(wait=False, cancel_futures=True)


class Analyzer:
    """Admits at most ``limits.capacity`` analyses; each waits for a free worker, then runs under the limit.

    Create it anywhere; ``start`` and ``close`` run on the server's event loop (the app's lifespan).
    """

    def __init__(self, limits: Limits, config: Config, resources: Resources | None = None) -> None:
        self.limits = limits
        self._config = replace(config, time_budget=0)  # the server's limit is the only one
        self._local = Lazy(self._config, resources)
        self._idle: asyncio.Queue[Worker] | None = None
        self._live: set[Worker] = set()  # started and warmed, idle or busy
        self._tasks: set[asyncio.Task] = set()
        self._admitted = 0
        self._waiting = 0
        self._seconds = 1.0  # running mean of one analysis, for Retry-After
        self._closing = False

    @property
    def ready(self) -> bool:
        """Whether an analysis can start without loading the models first."""
        return self._local.ready if self.limits.workers == 0 else bool(self._live)

    def status(self) -> dict[str, Any]:
        """For /health: workers ready and busy (a runaway in this process included), analyses waiting, limits."""
        idle = self._idle.qsize() if self._idle is not None else 0
        return {"workers": self.limits.workers, "ready": len(self._live) if self.limits.workers else int(self.ready),
                "busy": len(self._live) - idle, "waiting": self._waiting, "queue": self.limits.waiting,
                "timeout_s": self.limits.timeout, "max_chars": self.limits.max_chars}

    async def start(self, preload: bool = False) -> None:
        self._idle = asyncio.Queue()
        if self.limits.workers == 0:
            self._put(LocalWorker(self._local))
            if preload:
                threading.Thread(target=self._local.get, name="accord-load", daemon=True).start()
            return
        for _ in range(self.limits.workers):
            self._background(self._start_process())

    async def close(self) -> None:
        self._closing = True
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        workers, self._live = list(self._live), set()
        await asyncio.to_thread(lambda: [worker.stop() for worker in workers])

    async def analyze(self, record: Record) -> bytes:
        """The analysis document of ``record`` as JSON; 503 when the server is full, 504 past the time limit."""
        assert self._idle is not None, "Analyzer.start was not called"
        if self._admitted >= self.limits.capacity:
            raise self._busy(f"{self._admitted - self._waiting} analyses running, {self._waiting} waiting")
        self._admitted += 1
        try:
            worker = await self._next_worker()
            loop = asyncio.get_running_loop()
            began = loop.time()
            job = asyncio.wrap_future(worker.submit(record, self.limits.timeout))
            try:
                body = await asyncio.wait_for(asyncio.shield(job), self.limits.timeout + self.limits.grace)
            except TimeoutError:  # the worker did not stop by itself: _release replaces it
                raise HTTPException(504, Errors.A311.format(seconds=self.limits.timeout)) from None
            finally:
                self._release(worker, job)
            self._seconds = 0.8 * self._seconds + 0.2 * (loop.time() - began)
            if isinstance(body, InputError):  # stopped by the limit, and the worker goes on
                raise HTTPException(504, body.message)
            return body
        finally:
            self._admitted -= 1

    async def _next_worker(self) -> Worker:
        assert self._idle is not None
        self._waiting += 1
        try:
            return await asyncio.wait_for(self._idle.get(), self.limits.timeout)
        except TimeoutError:
            raise self._busy(f"no worker was free for {self.limits.timeout:g} s") from None
        finally:
            self._waiting -= 1

    def _busy(self, detail: str) -> HTTPException:
        retry = min(max(1, math.ceil(self._seconds * self.limits.capacity / max(1, self.limits.workers))),
                    math.ceil(self.limits.timeout))
        message = Errors.A312.format(detail=detail, workers=self.limits.workers, queue=self.limits.waiting,
                                     retry=retry)
        return HTTPException(503, message, headers={"Retry-After": str(retry)})

    def _release(self, worker: Worker, job: asyncio.Future[Answer]) -> None:
        """Give the worker back; one still busy past the limit is stopped and replaced when it can be."""
        if job.done():
            self._put(worker)
        elif worker.stoppable:
            self._live.discard(worker)
            self._background(self._replace(worker))
        else:
            job.add_done_callback(lambda _: self._put(worker))

    def _put(self, worker: Worker) -> None:
        assert self._idle is not None
        self._live.add(worker)
        self._idle.put_nowait(worker)

    async def _replace(self, worker: Worker) -> None:
        await asyncio.to_thread(worker.stop)
        if not self._closing:
            log.warning("stopped a worker whose analysis ran past %g s; starting a new one", self.limits.timeout)
            await self._start_process()

    async def _start_process(self) -> None:
        worker = await asyncio.to_thread(ProcessWorker, self._config)
        started = False
        try:
            await asyncio.wait_for(asyncio.wrap_future(worker.submit(WARM_UP, STARTUP)), STARTUP)
            started = not self._closing
        except Exception:
            log.exception("an analysis worker failed to start; the others go on")
        finally:
            if started:
                self._put(worker)
            else:
                await asyncio.to_thread(worker.stop)

    def _background(self, coro: Any) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
