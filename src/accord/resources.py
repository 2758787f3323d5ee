"""Everything costly that the layers read: loaded once per process, never per document."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from accord.actors.kb import ActorKB
from accord.errors import ConfigError, Errors
from accord.events.tables import CameoTable
from accord.events.verbs import VerbDictionary
from accord.nlp.model import DEFAULT_MODEL, load_nlp

DEFAULT_LAYERS = ("sentences.v1", "times.v1", "actors.v1", "quotes.v1", "places.v1", "events.v1",
                  "event_dates.v1", "event_places.v1", "casualties.v1")


@dataclass(frozen=True)
class Config:
    """What to load; picklable, so worker processes can rebuild the same resources."""

    model: str = DEFAULT_MODEL
    kb_paths: tuple[Path, ...] = ()  # user actor files layered over the built-in base
    layers: tuple[str, ...] = DEFAULT_LAYERS
    strict: bool = False  # re-raise a layer's exception instead of recording it (tests)
    # Seconds one document may take before it ends as an error record (A112); 0: no limit;
    # None: the default, accord.budget.budget_for, which grows with the text's length.
    time_budget: float | None = None

    def __post_init__(self) -> None:
        if self.time_budget is not None and not (math.isfinite(self.time_budget) and self.time_budget >= 0):
            raise ConfigError(Errors.A113.format(value=self.time_budget))


@dataclass(frozen=True)
class Resources:
    config: Config
    nlp: Language
    kb: ActorKB
    verbs: VerbDictionary
    cameo: CameoTable
    extra: dict[str, object] = field(default_factory=dict)

    @classmethod
    def load(cls, config: Config | None = None) -> Resources:
        config = config or Config()
        kb_paths = list(config.kb_paths) or None
        if kb_paths is not None:
            kb_paths = ActorKB.builtin_paths() + kb_paths
        return cls(
            config=config,
            nlp=load_nlp(config.model),
            kb=ActorKB.load(kb_paths),
            verbs=VerbDictionary.load(),
            cameo=CameoTable.load(),
        )
