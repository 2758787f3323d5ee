"""The typed per-document state: what layers hand on to later layers besides the analysis.

The analysis document (:class:`accord.records.Analysis`) holds what accord writes out, in
character offsets. Some findings are needed again at the token level by later layers (which
actor a word stands for); they live here, typed and documented, and are never written out.
A layer that adds a field here says so in its docstring; a layer that reads one lists the
layer that fills it in its ``requires``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from accord.nlp.mentions import MentionIndex, TokenIndex


@dataclass
class DocState:
    """Token-level working data of one document, on its way through the layers."""

    # The actor mentions by token (filled by actors.v1, which assigns "mentions"; read by the
    # quotes, events and event-attribution layers for speakers, sources and targets).
    mentions: MentionIndex = field(default_factory=TokenIndex)
