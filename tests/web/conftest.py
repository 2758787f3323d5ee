"""The dashboard in a real browser: Debian's chromium driven by Playwright, against uvicorn on 127.0.0.1.

Never downloads a browser: chromium comes from apt (.ci/run installs it). Screenshots go to
$ACCORD_ARTIFACTS, else tests/artifacts/ (git-ignored).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = os.environ.get("ACCORD_CHROMIUM", "/usr/bin/chromium")


def missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if importlib.util.find_spec("playwright") is None:
        return "playwright is not installed (pip install -e '.[test]')"
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"no chromium at {CHROMIUM}: apt-get install -y chromium (.ci/run does)"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def artifacts() -> Path:
    folder = Path(os.environ.get("ACCORD_ARTIFACTS") or Path(__file__).resolve().parents[1] / "artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def served(app):
    """``app`` served by uvicorn in a background thread, on a free port of 127.0.0.1: yields its URL."""
    import uvicorn

    config = uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{config.port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="session")
def base_url(res, sample_db):
    from accord.api import create_app

    yield from served(create_app(sample_db, resources=res))


@pytest.fixture(scope="session")
def keyed_url(res, sample_db):
    """The same, on a server with an API key ("s3cret"): every data call needs it."""
    from accord.api import create_app

    yield from served(create_app(sample_db, api_key="s3cret", resources=res))


@pytest.fixture(scope="session")
def browser():
    if reason := missing():
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser, base_url):
    """A fresh page that may only talk to the test server: any other request is refused and recorded."""
    # bypass_csp: the dashboard forbids eval, and Playwright's wait_for_function evaluates strings
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, bypass_csp=True)
    outside: list[str] = []

    def guard(route) -> None:
        url = route.request.url
        if urlparse(url).scheme in ("data", "blob") or url.startswith(base_url):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not outside, f"the page tried to reach outside the server: {outside}"
    assert not errors, f"JavaScript errors: {errors}"
