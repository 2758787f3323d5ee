"""The store tests' articles, analysed once per session, and a store to put them in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.store.articles import ARTICLES, records


@pytest.fixture(scope="session")
def analyses(res):
    from accord.pipeline import analyze_batch

    return analyze_batch(records(), res)


@pytest.fixture
def store(tmp_path, analyses):
    from accord.store import Store

    with Store(tmp_path / "test.duckdb") as s:
        s.add_many(analyses)
        yield s


@pytest.fixture
def articles_file(tmp_path) -> Path:
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    return path
