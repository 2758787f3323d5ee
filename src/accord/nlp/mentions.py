"""Token-level records and their index: actor mentions, and anything looked up by token.

Layers meet each other's findings at the token: "is the subject of this verb an actor?", "is
this word inside a place?". :class:`TokenIndex` answers that for any records over token ranges
(actor mentions) or character ranges (places, times, quotes), with one rule for overlaps, so
two layers never disagree about which mention a word belongs to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from spacy.tokens import Doc, Token

from accord.records import Actor

T = TypeVar("T")


@dataclass(slots=True)
class ActorMention:
    """An actor mention over tokens ``start:end`` of the doc; ``actor`` has character offsets.

    Made by the actors layer (``actors.v1``) and read by every later layer that asks who a
    word stands for (quote speakers, event sources and targets)."""

    start: int
    end: int
    actor: Actor
    kind: str  # the KB record type (person, organisation, ...), "agent" or "pronoun"


class TextRecord(Protocol):
    """A record with character offsets into the document text (Place, Time, Quote, Entity)."""

    start: int
    end: int


def char_tokens(doc: Doc, start: int, end: int) -> range:
    """The tokens of characters ``start:end``, widened to whole tokens (empty when none)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return range(span.start, span.end) if span is not None else range(0)


class TokenIndex(Mapping[int, T], Generic[T]):
    """Records over token ranges, looked up by token index: ``index[i]``, ``i in index``.

    The one overlap rule: where records overlap, a token belongs to the record given first.
    Give them in text order (earliest start, then shortest: how the actors layer sorts its
    mentions) and a token belongs to the earliest, innermost record; :meth:`all_at` lists
    every record over a token when a layer needs more than the first.
    """

    def __init__(self, records: Iterable[T] = (), span: Callable[[T], Iterable[int]] | None = None):
        """``span(record)``: its token indices; None: ``range(record.start, record.end)``, token
        offsets as :class:`ActorMention` has them."""
        self.all: tuple[T, ...] = tuple(records)  # in the order given
        self._at: dict[int, list[T]] = {}
        self._last: dict[int, int] = {}  # id(record) -> its last token
        for record in self.all:
            tokens = span(record) if span is not None else range(record.start, record.end)  # type: ignore[attr-defined]
            for i in tokens:
                self._at.setdefault(i, []).append(record)
                self._last[id(record)] = i

    @classmethod
    def over_text(cls, doc: Doc, records: Iterable[T]) -> TokenIndex[T]:
        """An index of records with character offsets (places, times, quotes), each over the
        tokens its characters touch."""
        return cls(records, span=lambda r: char_tokens(doc, r.start, r.end))  # type: ignore[attr-defined]

    def __getitem__(self, i: int) -> T:
        return self._at[i][0]

    def get(self, i: int, default: T | None = None) -> T | None:  # type: ignore[override]
        found = self._at.get(i)
        return found[0] if found else default

    def __contains__(self, i: object) -> bool:
        return i in self._at

    def __iter__(self) -> Iterator[int]:
        return iter(self._at)

    def __len__(self) -> int:
        return len(self._at)

    def all_at(self, i: int) -> list[T]:
        """Every record over token ``i``, in the order given."""
        return list(self._at.get(i, ()))

    def covering(self, start: int, end: int) -> list[T]:
        """The records holding all of tokens ``start:end`` (each over one unbroken run of
        tokens), in the order given."""
        return [r for r in self._at.get(start, ()) if self._last[id(r)] >= end - 1]

    def overlapping(self, start: int, end: int) -> list[T]:
        """The records over any of tokens ``start:end``, each once: by their first token
        there, then in the order given."""
        found = {id(r): r for i in range(start, end) for r in self._at.get(i, ())}
        return list(found.values())

    def nearest(self, head: Token, *, through: frozenset[str] | None = None,
                not_through: frozenset[str] = frozenset(), hops: int = 3) -> T | None:
        """The record on ``head``, else on the closest word below it: the parse is walked
        breadth first, at most ``hops`` levels, along children whose label is in ``through``
        (any, when None) and not in ``not_through``; within a level, leftmost first in
        the parse's child order."""
        frontier = [head]
        for _ in range(hops):
            found = next((self._at[t.i][0] for t in frontier if t.i in self._at), None)
            if found is not None:
                return found
            frontier = [c for t in frontier for c in t.children
                        if (through is None or c.dep_ in through) and c.dep_ not in not_through]
            if not frontier:
                break
        return None


MentionIndex = TokenIndex[ActorMention]
"""The actor mentions of a document by token (built by the actors layer, read by the others)."""
