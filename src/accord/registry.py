"""The registry of analysis layers: versioned names, what each needs and what it adds.

A layer is a function ``(ctx: DocContext, res: Resources) -> None`` that adds its
records to ``ctx.analysis`` (and may leave token-level working data in ``ctx.state``, a
:class:`accord.nlp.state.DocState`, for later layers). Layers are declared with :func:`layer`; :func:`check_order`
refuses a pipeline whose layer needs something no earlier layer assigns, so a
misordered pipeline fails when built, not as empty output.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from accord.errors import ConfigError, Errors
from accord.nlp.state import DocState
from accord.records import Analysis

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from accord.resources import Resources


@dataclass
class DocContext:
    """One document on its way through the layers: the parse, the analysis so far, and the
    token-level state the layers hand on (:class:`DocState`)."""

    doc: Doc
    analysis: Analysis
    state: DocState = field(default_factory=DocState)


Layer = Callable[[DocContext, "Resources"], None]


@dataclass(frozen=True)
class LayerSpec:
    name: str
    func: Layer
    requires: tuple[str, ...]
    assigns: tuple[str, ...]


LAYERS: dict[str, LayerSpec] = {}  # filled at import time by @layer, read-only after
BUILTIN_ASSIGNS = ("text", "sentences", "date", "dateline")  # set by the pipeline itself


def layer(name: str, *, requires: tuple[str, ...] = (), assigns: tuple[str, ...] = ()) -> Callable[[Layer], Layer]:
    """Register a layer under a versioned name such as ``"events.v1"``."""

    def add(func: Layer) -> Layer:
        if name in LAYERS:
            raise ConfigError(f"[A305] Layer '{name}' is registered twice; give the new one a new version.")
        LAYERS[name] = LayerSpec(name, func, requires, assigns)
        return func

    return add


def get_layers(names: Sequence[str]) -> list[LayerSpec]:
    """Look up layers by name and check their order."""
    specs = []
    for name in names:
        if name not in LAYERS:
            raise ConfigError(Errors.A302.format(name=name, known=", ".join(sorted(LAYERS))))
        specs.append(LAYERS[name])
    check_order(specs)
    return specs


def check_order(specs: Sequence[LayerSpec]) -> None:
    have = set(BUILTIN_ASSIGNS)
    for spec in specs:
        for need in spec.requires:
            if need not in have:
                raise ConfigError(Errors.A303.format(name=spec.name, needs=need))
        have.update(spec.assigns)
