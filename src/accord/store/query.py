"""Event filters and the SQL they become: one place that turns user input into parameters.

Every value reaches DuckDB as a bound parameter; only names from the fixed tables below
(group keys, sort orders) are written into SQL text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

from accord.errors import Errors, StoreError

_CODE = re.compile(r"[A-Z0-9]{2,}")  # RUS, RUSGOV, IGOUNO: a code prefix; anything else is a name


def actor_match(value: str) -> str:
    """``a.code`` prefix for a value in capitals (a code), else a case-insensitive name substring.

    Names are matched on the canonical name, else the mention text ("gunmen"); a short code
    matched as a name would find it inside other names ("USA" in "Jerusalem").
    """
    if _CODE.fullmatch(value):
        return "starts_with(a.code, ?)"
    return "contains(lower(coalesce(a.name, a.text)), lower(?))"


# One condition per plain field, with "?" for its value (actor fields are handled apart).
_CLAUSES = {
    "cameo": "starts_with(e.cameo, ?)",
    "root": "e.root = ?",
    "plover": "e.plover = upper(?)",
    "quad_class": "e.quad_class = ?",
    "modality": "e.modality = lower(?)",
    "since": "e.day >= CAST(? AS DATE)",
    "until": "e.day <= CAST(? AS DATE)",
    "place": "contains(lower(e.place_name), lower(?))",
    "place_country": "e.place_country = upper(?)",
    "text": "contains(lower(e.sentence), lower(?))",
    # an alias (another id with the same text, FORMAT.md) has the events of the article holding its text
    "article": "e.article_id IN (SELECT coalesce(a.article_id, v.id) FROM (SELECT CAST(? AS VARCHAR) AS id) v "
               "LEFT JOIN aliases l ON l.article_id = v.id LEFT JOIN articles a ON a.content_hash = l.content_hash)",
    "cluster": "e.cluster_id = ?",
}


@dataclass
class EventFilter:
    """Which event mentions to keep; every field is optional and None means no filter.

    ``actor``/``source``/``target``: an actor code prefix in capitals (``RUSGOV``, ``RUS``) or a
    name substring in any other case (``Lavrov``, ``russia``); ``country``/``sector`` match either side; ``since``/``until`` are inclusive
    YYYY-MM-DD bounds on the event date; ``text`` is a case-insensitive substring of the sentence.
    """

    actor: str | None = None
    source: str | None = None
    target: str | None = None
    country: str | None = None
    sector: str | None = None
    cameo: str | None = None
    root: str | None = None
    plover: str | None = None
    quad_class: int | None = None
    modality: str | None = None
    since: str | None = None
    until: str | None = None
    place: str | None = None
    place_country: str | None = None
    text: str | None = None
    article: str | None = None
    cluster: str | None = None

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]

    def where(self) -> tuple[str, list[Any]]:
        """A WHERE clause over the events table (aliased ``e``) and its parameters."""
        sql: list[str] = []
        params: list[Any] = []

        def add(clause: str, *values: Any) -> None:
            sql.append(clause)
            params.extend(values)

        def actors(roles: str, value: str) -> None:
            add(f"e.event_id IN (SELECT a.event_id FROM event_actors a WHERE a.role IN ({roles}) "
                f"AND {actor_match(value)})", value)

        if self.actor is not None:
            actors("'source', 'target'", self.actor)
        if self.source is not None:
            actors("'source'", self.source)
        if self.target is not None:
            actors("'target'", self.target)
        for column, value in (("country", self.country), ("sector", self.sector)):
            if value is not None:
                add(f"e.event_id IN (SELECT a.event_id FROM event_actors a WHERE a.role IN ('source', 'target') "
                    f"AND a.{column} = upper(?))", value)
        for name, clause in _CLAUSES.items():
            value = getattr(self, name)
            if value is not None:
                add(clause, int(value) if name == "quad_class" else (value.zfill(2) if name == "root" else value))
        return (" AND ".join(sql) or "TRUE"), params


GROUP_KEYS = {
    "date": None,  # bucketed by interval, see group_expr
    "dyad": "coalesce(e.source_country, e.source_code, '?') || '-' || coalesce(e.target_country, e.target_code, '?')",
    "source_country": "e.source_country",
    "target_country": "e.target_country",
    "quad_class": "e.quad_class",
    "root": "e.root",
    "plover": "e.plover",
    "modality": "e.modality",
    "cameo": "e.cameo",
    "source": "e.source_code",
    "target": "e.target_code",
    "place_country": "e.place_country",
    "place_name": "e.place_name",
    "lat": "e.lat",  # with place_name and lon: one group per point on a map
    "lon": "e.lon",
    "publisher": "e.publisher",
}
INTERVALS = ("day", "week", "month", "year")
ORDERS = {
    "date": "e.day NULLS LAST, e.article_id, e.sentence_index, e.event",
    "-date": "e.day DESC NULLS LAST, e.article_id, e.sentence_index, e.event",
    "goldstein": "e.goldstein NULLS LAST, e.event_id",
    "-goldstein": "e.goldstein DESC NULLS LAST, e.event_id",
    "confidence": "e.confidence DESC, e.event_id",
    "article": "e.article_id, e.sentence_index, e.event",
}


def known(what: str, value: str, choices: Sequence[str]) -> str:
    if value not in choices:
        raise StoreError(Errors.A405.format(what=what, value=value, known=", ".join(choices)))
    return value


def group_expr(key: str, interval: str) -> str:
    known("group key", key, list(GROUP_KEYS))
    if key == "date":
        known("interval", interval, INTERVALS)
        return f"strftime(date_trunc('{interval}', e.day), '%Y-%m-%d')"
    return GROUP_KEYS[key]  # type: ignore[return-value]
