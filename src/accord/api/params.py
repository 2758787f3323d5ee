"""Query parameters of the read endpoints: the filters of ``accord query``, checked before the store sees them.

Unknown parameters are refused (422) so that a typo such as ``?quadclass=4`` is not silently ignored.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class FilterParams(BaseModel):
    """The fields of ``accord.store.EventFilter``; every one optional."""

    model_config = ConfigDict(extra="forbid")

    actor: str | None = Field(None, description="actor code prefix or name substring, source or target")
    source: str | None = Field(None, description="source actor: code prefix or name substring")
    target: str | None = Field(None, description="target actor: code prefix or name substring")
    country: str | None = Field(None, pattern=r"^[A-Z]{3}$", description="ISO3 country of source or target")
    sector: str | None = Field(None, description="actor sector, e.g. GOV, MIL, REB")
    cameo: str | None = Field(None, pattern=r"^\d{2,4}$", description="CAMEO code prefix")
    root: str | None = Field(None, pattern=r"^\d{2}$", description="CAMEO root code (2 digits)")
    plover: str | None = Field(None, description="PLOVER event type, e.g. AGREE, ASSAULT")
    quad_class: int | None = Field(None, ge=1, le=4,
                                   description="1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict")
    modality: Literal["asserted", "reported", "intended", "planned", "demanded", "hypothetical", "negated"] | None = None
    since: date | None = Field(None, description="first event date, YYYY-MM-DD (inclusive)")
    until: date | None = Field(None, description="last event date, YYYY-MM-DD (inclusive)")
    place: str | None = Field(None, description="place name substring")
    place_country: str | None = Field(None, pattern=r"^[A-Z]{3}$", description="ISO3 country of the event place")
    text: str | None = Field(None, max_length=500, description="substring of the sentence, case-insensitive")
    article: str | None = Field(None, description="article id")
    cluster: str | None = Field(None, description="event cluster id")

    def to_filter(self):
        """The store's EventFilter with these values (dates as YYYY-MM-DD)."""
        from accord.store import EventFilter

        values = self.model_dump(include=set(FilterParams.model_fields), exclude_none=True)
        for key in ("since", "until"):
            if key in values:
                values[key] = values[key].isoformat()
        return EventFilter(**values)


class EventsParams(FilterParams):
    limit: int = Field(50, ge=1, le=1000, description="page size")
    offset: int = Field(0, ge=0, le=2**63 - 1, description="rows to skip (at most a DuckDB BIGINT)")
    order: Literal["date", "-date", "goldstein", "-goldstein"] = Field("date", description="sort order")


class ActorsParams(FilterParams):
    limit: int = Field(100, ge=1, le=1000, description="at most this many actors, most frequent first")


class TimeseriesParams(FilterParams):
    interval: Literal["day", "week", "month"] = Field("day", description="date bucket")


class DyadsParams(FilterParams):
    limit: int = Field(200, ge=1, le=2000, description="at most this many dyads, most events first")


class PlacesParams(FilterParams):
    limit: int = Field(500, ge=1, le=5000, description="at most this many places, most events first")
