"""The typed records of accord: input records, the analysis document and its parts.

Every stage speaks these types. The JSON shape of the analysis document
(``shared/spec/analysis-format.md``) is produced in exactly one place:
:func:`analysis_to_json`. Offsets are Python ``str`` indices into ``Analysis.text``.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any


@dataclass(slots=True)
class Span:
    """A stretch of the document text: ``text == doc_text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class Record:
    """One input article, as read by ``accord.ingest``, before any analysis.

    ``origin`` says where it came from (``path:line`` or ``path``) so that errors
    about it can name the place.
    """

    id: str
    text: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    publisher: str | None = None
    origin: str = ""


@dataclass(slots=True)
class InputError:
    """An input record that could not be read, or whose analysis ran past its time budget (A112):
    it still yields one output line."""

    origin: str
    code: str
    message: str
    id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "error": {"code": self.code, "message": self.message, "origin": self.origin},
        }


@dataclass(slots=True)
class Dateline:
    place: str | None
    date: str | None
    agency: str | None
    end: int = 0  # offset just past the dateline's dash: the story starts here


@dataclass(slots=True)
class Actor:
    """An actor mention resolved (or not) to a code valid on the document's date."""

    start: int
    end: int
    text: str
    name: str | None = None
    code: str | None = None
    country: str | None = None
    sector: str | None = None
    entity: str | None = None
    kb_id: str | None = None  # id of the knowledge-base record that matched
    rule: str | None = None  # how it was resolved: "kb:<file>:<line>", "pronoun", ...


@dataclass(slots=True)
class Entity:
    id: str
    start: int
    end: int
    text: str
    label: str
    actor: Actor | None = None


@dataclass(slots=True)
class Quote:
    id: str
    start: int
    end: int
    text: str
    kind: str  # direct | indirect | mixed
    cue: Span | None = None
    speaker: Actor | None = None


@dataclass(slots=True)
class Time:
    id: str
    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str


@dataclass(slots=True)
class Place:
    id: str
    start: int
    end: int
    text: str
    name: str | None
    country: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    feature: str


@dataclass(slots=True)
class Count:
    """A casualty count: ``min``/``max`` people, with the phrase it came from."""

    min: int | None
    max: int | None
    text: str | None


@dataclass(slots=True)
class Attribution:
    speaker: Actor | None
    cue: Span | None
    quote: str | None = None


@dataclass(slots=True)
class Event:
    id: str
    sentence: int
    trigger: Span
    cameo: str
    cameo_name: str
    plover: str | None
    plover_mode: str | None
    goldstein: float | None
    quad_class: int | None
    source: list[Actor] = field(default_factory=list)
    target: list[Actor] = field(default_factory=list)
    date: str | None = None
    date_basis: str = "none"
    place: str | None = None
    fatalities: Count | None = None
    injured: Count | None = None
    modality: str = "asserted"
    attribution: list[Attribution] = field(default_factory=list)
    confidence: float = 0.5
    rule: str = ""
    date_value: str | None = None  # the TIMEX3 value the date was read from ("2015-W45"), see time.event_dates
    date_time: str | None = None  # id of that time expression
    place_basis: str = "none"  # text | dateline | none: where ``place`` came from, see geo.event_places


@dataclass(slots=True)
class Casualty:
    """A killed or injured count found in the text, and what it belongs to (events.casualties).

    ``scope`` "event": the toll of ``event``; "conflict": a cumulative toll of a war or
    conflict (``conflict`` names it, ``event`` is null).
    """

    id: str
    kind: str  # killed | injured
    count: Count
    scope: str  # event | conflict
    start: int  # the whole phrase: "at least 129 people dead"
    end: int
    event: str | None = None
    conflict: Span | None = None
    place: str | None = None  # id into places


@dataclass(slots=True)
class StageError:
    stage: str
    message: str


@dataclass(slots=True)
class Analysis:
    """The analysis document of one article (the output contract)."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    date: str | None = None
    dateline: Dateline | None = None
    sentences: list[tuple[int, int]] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    times: list[Time] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    casualties: list[Casualty] = field(default_factory=list)
    errors: list[StageError] = field(default_factory=list)
    origin: str = ""  # where the record came from (path:line); not part of the JSON
    date_basis: str = "none"  # how ``date`` was found: metadata | dateline | none

    def sentence_of(self, offset: int) -> int:
        """Index of the sentence that contains character ``offset`` (-1 if none); the sentences
        are in text order and never overlap, so a bisect finds it."""
        i = bisect_right(self.sentences, offset, key=lambda sentence: sentence[0]) - 1
        return i if i >= 0 and offset < self.sentences[i][1] else -1


def analysis_to_json(analysis: Analysis) -> dict[str, Any]:
    """The one writer of the analysis document's JSON shape."""
    dateline = None
    if analysis.dateline is not None:
        dl = analysis.dateline
        dateline = {"place": dl.place, "date": dl.date, "agency": dl.agency}
    return {
        "id": analysis.id,
        "title": analysis.title,
        "url": analysis.url,
        "publisher": analysis.publisher,
        "date": analysis.date,
        "dateline": dateline,
        "text": analysis.text,
        "sentences": [list(s) for s in analysis.sentences],
        "entities": [_plain(e) for e in analysis.entities],
        "quotes": [_plain(q) for q in analysis.quotes],
        "times": [_plain(t) for t in analysis.times],
        "places": [_plain(p) for p in analysis.places],
        "events": [_plain(e) for e in analysis.events],
        "casualties": [_plain(c) for c in analysis.casualties],
        "errors": [_plain(e) for e in analysis.errors],
    }


_FIELDS: dict[type, tuple[str, ...]] = {}


def _plain(value: Any) -> Any:
    """``dataclasses.asdict`` without its deep copies: records hold only plain values, and
    the copies made serialising twice as slow (the store writes every document)."""
    if is_dataclass(value):
        names = _FIELDS.get(type(value))
        if names is None:
            names = _FIELDS[type(value)] = tuple(f.name for f in fields(value))
        return {name: _plain(getattr(value, name)) for name in names}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value
