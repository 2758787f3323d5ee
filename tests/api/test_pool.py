"""POST /analyze under load: a time limit (504), a bounded queue (503 with Retry-After), reads that
never wait for analyses, and worker processes that are replaced when they run past the limit."""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import Future

import pytest

ARTICLE = {"text": "Iran condemned the air strikes on Yemen on Tuesday.", "date": "2015-03-31"}
WAIT = 300  # seconds to wait for a worker process to load the models: a wait, not a timing assertion


@pytest.fixture
def held(monkeypatch):
    """In-process analyses wait until the test sets this event: a runaway analysis, made to order."""
    import accord.api.pool as pool

    gate = threading.Event()
    analyze_batch = pool.analyze_batch

    def slow(items, res):
        gate.wait(WAIT)
        return analyze_batch(items, res)

    monkeypatch.setattr(pool, "analyze_batch", slow)
    yield gate
    gate.set()


def until(check, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.05)


def analyses(c) -> dict:
    return c.get("/health").json()["analyses"]


def test_an_analysis_past_the_limit_is_504_and_its_worker_stays_taken_until_it_ends(res, sample_db, connect, held):
    from accord.api import create_app
    from accord.api.pool import Limits

    with connect(create_app(sample_db, resources=res, limits=Limits(timeout=2, queue=0))) as c:
        response = c.post("/analyze", json=ARTICLE)
        assert response.status_code == 504
        assert response.json()["detail"].startswith("[A311] The analysis took longer than this server's limit of 2 s")
        # in the server's own process a runaway analysis cannot be stopped: the next one finds no worker
        response = c.post("/analyze", json=ARTICLE)
        assert response.status_code == 503 and int(response.headers["Retry-After"]) >= 1
        assert "[A312]" in response.json()["detail"] and "no worker was free" in response.json()["detail"]
        assert c.get("/events").status_code == 200 and c.get("/health").status_code == 200
        held.set()
        until(lambda: analyses(c)["busy"] == 0, "the held analysis to end")
        assert c.post("/analyze", json=ARTICLE).status_code == 200


def test_a_full_queue_is_503_at_once_while_reads_go_on(res, sample_db, connect, held):
    from accord.api import create_app
    from accord.api.pool import Limits

    app = create_app(sample_db, resources=res, limits=Limits(timeout=WAIT, queue=1))
    with connect(app) as c:
        answers: list[int] = []
        posts = [threading.Thread(target=lambda: answers.append(c.post("/analyze", json=ARTICLE).status_code))
                 for _ in range(2)]
        for post in posts:
            post.start()
        until(lambda: (analyses(c)["busy"], analyses(c)["waiting"]) == (1, 1), "one running, one waiting")
        response = c.post("/analyze", json=ARTICLE)  # one running and one waiting fill workers=0, queue=1
        assert response.status_code == 503 and response.headers["Retry-After"].isdigit()
        assert "1 analyses running, 1 waiting" in response.json()["detail"]
        for path in ("/events", "/actors", "/timeseries", "/articles/sample-minsk-2015", "/health"):
            assert c.get(path).status_code == 200, path
        held.set()
        for post in posts:
            post.join(WAIT)
        assert answers == [200, 200]


def test_a_worker_process_stops_an_analysis_at_the_limit_and_goes_on(sample_db, connect):
    """Real worker processes (spawned, loading the models): an analysis past the limit is stopped
    inside the worker, which answers the next request."""
    from accord.api import create_app
    from accord.api.pool import Limits
    from accord.demo import sample_path

    # far over a second of work however fast the machine: the samples, again and again
    long_text = "\n\n".join([sample_path().read_text(encoding="utf-8")] * 40)
    app = create_app(sample_db, limits=Limits(workers=1, timeout=1.0, max_chars=len(long_text)),
                     max_body=10 * len(long_text))
    with connect(app) as c:
        until(lambda: c.get("/health").json()["models"], "the worker to load the models")
        doc = c.post("/analyze", json=ARTICLE).json()
        assert any(e["trigger"]["text"] == "condemned" for e in doc["events"])
        response = c.post("/analyze", json={"text": long_text})
        assert response.status_code == 504 and "[A311]" in response.json()["detail"]
        assert analyses(c)["ready"] == 1  # the same worker, not a new one loading the models
        response = c.post("/analyze", json=ARTICLE)
        assert response.status_code == 200 and response.json()["text"] == ARTICLE["text"]


class StuckWorker:
    """Stands for a worker process whose analysis of "stuck" never returns (a loop in C code that no
    alarm interrupts); answers anything else at once."""

    stoppable = True
    started: list[StuckWorker] = []

    def __init__(self, config) -> None:
        self.stopped = False
        StuckWorker.started.append(self)

    def submit(self, record, seconds) -> Future:
        future: Future = Future()
        if record.text != "stuck":
            future.set_result(json.dumps({"text": record.text, "events": []}).encode())
        return future

    def stop(self) -> None:
        self.stopped = True


def test_a_worker_that_does_not_stop_is_replaced(sample_db, connect, monkeypatch):
    from accord.api import create_app
    from accord.api.pool import Limits

    monkeypatch.setattr("accord.api.pool.ProcessWorker", StuckWorker)
    StuckWorker.started.clear()
    with connect(create_app(sample_db, limits=Limits(workers=2, timeout=0.1))) as c:
        until(lambda: analyses(c)["ready"] == 2, "two workers")
        response = c.post("/analyze", json={"text": "stuck"})
        assert response.status_code == 504 and "[A311]" in response.json()["detail"]
        until(lambda: len(StuckWorker.started) == 3 and analyses(c)["ready"] == 2, "a third worker in its place")
        assert sorted(w.stopped for w in StuckWorker.started) == [False, False, True]
        assert c.post("/analyze", json=ARTICLE).status_code == 200
