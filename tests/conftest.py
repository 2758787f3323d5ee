"""Shared fixtures: the full resources load once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seed" / "vienna-2015-11-14.txt"


@pytest.fixture(scope="session")
def res():
    from accord.resources import Config, Resources

    return Resources.load(Config(strict=True))


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip("../shared/seed is absent")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def cli(res, monkeypatch, capsys):
    """Run ``accord ...`` in-process with the session's resources: (exit code, stdout, stderr)."""
    from accord.cli import main
    from accord.resources import Resources

    monkeypatch.setattr(Resources, "load", classmethod(lambda cls, config=None: res))

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


@pytest.fixture(scope="session")
def sample_db(res, tmp_path_factory):
    """The built-in sample articles analysed and stored: the corpus of the API and dashboard tests."""
    from accord.demo import sample_path
    from accord.ingest import read_inputs
    from accord.pipeline import analyze_batch
    from accord.store import Store

    path = tmp_path_factory.mktemp("store") / "samples.duckdb"
    with Store(str(path)) as store:
        for result in analyze_batch(list(read_inputs([str(sample_path())])), res):
            store.add(result)
    return path
