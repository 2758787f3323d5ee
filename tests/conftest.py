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
