"""An API client on the sample corpus; the models are the session's, loaded once."""

from __future__ import annotations

import json

import pytest


@pytest.fixture(scope="module")
def client(res, sample_db):
    from fastapi.testclient import TestClient

    from accord.api import create_app

    with TestClient(create_app(sample_db, resources=res), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="session")
def sample_ids() -> list[str]:
    from accord.demo import sample_path

    return [json.loads(line)["id"] for line in sample_path().read_text(encoding="utf-8").splitlines() if line.strip()]
