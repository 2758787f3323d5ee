"""An API client on the sample corpus; the models are the session's, loaded once."""

from __future__ import annotations

import json

import pytest


@pytest.fixture(scope="session")
def connect():
    """``connect(app)``: a TestClient naming a Host the server answers to (TestClient's own, "testserver",
    is not one), that answers a server error with its 500 instead of raising it."""
    from fastapi.testclient import TestClient

    return lambda app: TestClient(app, base_url="http://localhost", raise_server_exceptions=False)


@pytest.fixture(scope="module")
def client(res, sample_db, connect):
    from accord.api import create_app

    with connect(create_app(sample_db, resources=res)) as c:
        yield c


@pytest.fixture(scope="session")
def sample_ids() -> list[str]:
    from accord.demo import sample_path

    return [json.loads(line)["id"] for line in sample_path().read_text(encoding="utf-8").splitlines() if line.strip()]
