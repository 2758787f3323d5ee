"""The endpoints: analyse one article, and read events, articles, actors and aggregates from the store."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field

from accord.api.app import State, need_store
from accord.api.params import ActorsParams, DyadsParams, EventsParams, FilterParams, PlacesParams, TimeseriesParams

router = APIRouter()
data = APIRouter(dependencies=[Depends(need_store)])  # read endpoints: 503 without a store
MAX_TEXT = 500_000  # characters of article text accepted by POST /analyze


class ArticleIn(BaseModel):
    """One article, as a line of an ``accord analyze`` JSON Lines input."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "text": "Iran condemned the air strikes on Yemen on Tuesday.", "date": "2015-03-31",
        "title": "Iran condemns strikes"}]})

    text: str = Field(min_length=1, max_length=MAX_TEXT, description="the article text (required)")
    id: str | None = Field(None, max_length=500, description="your id; default: a hash of the text")
    title: str | None = Field(None, max_length=1000)
    date: str | None = Field(None, max_length=40, description="publication date, e.g. 2015-03-31")
    url: str | None = Field(None, max_length=2000)
    publisher: str | None = Field(None, max_length=500)


def _state(request: Request) -> State:
    return request.app.state.accord


API_KEY = APIKeyHeader(name="X-API-Key", auto_error=False, description="the server's --api-key")
BEARER = HTTPBearer(auto_error=False, description="the same key as a bearer token")


def require_key(request: Request, x_api_key: Annotated[str | None, Security(API_KEY)] = None,
                bearer: Annotated[HTTPAuthorizationCredentials | None, Security(BEARER)] = None) -> None:
    """When the server has an API key, the request must bring it (X-API-Key or Authorization: Bearer)."""
    expected = _state(request).api_key
    if expected is None:
        return
    given = x_api_key or (bearer.credentials if bearer else "")
    if not given or not secrets.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(401, "missing or wrong API key: send it as the X-API-Key header",
                            headers={"WWW-Authenticate": "Bearer"})


@router.post("/analyze", dependencies=[Depends(require_key)], tags=["analyse"],
             summary="Analyse one article and return its analysis document")
def analyze(article: ArticleIn, request: Request) -> dict[str, Any]:
    from accord.ingest.readers import json_record  # the same reading as a line of `accord analyze` input
    from accord.pipeline import analyze_batch
    from accord.records import Analysis, InputError, analysis_to_json

    record = json_record(article.model_dump(exclude_none=True), "<request>", MAX_TEXT)
    if isinstance(record, InputError):  # blank text
        raise HTTPException(422, record.message)
    if article.date and record.date is None:
        raise HTTPException(422, f"date: cannot read {article.date!r} as a day; use YYYY-MM-DD")
    resources = _state(request).resources
    res = resources.get()
    with resources.lock:  # one spaCy pipeline, one document at a time
        [result] = analyze_batch([record], res)
    assert isinstance(result, Analysis)
    return analysis_to_json(result)


def _read(request: Request, work: Callable[[Any], Any]) -> Any:
    """Run ``work(store)`` alone on the store's connection."""
    state = _state(request)
    with state.store_lock:
        return work(state.store)


def _one(request: Request, what: str, key: str, work: Callable[[Any], Any]) -> dict[str, Any]:
    """``work(store)``'s record, or 404 when there is none."""
    found = _read(request, work)
    if found is None:
        raise HTTPException(404, f"no {what} with id {key!r}")
    return found


@data.get("/events", tags=["events"], summary="Event mentions matching the filters, one page at a time")
def events(request: Request, q: Annotated[EventsParams, Query()]) -> dict[str, Any]:
    flt = q.to_filter()
    total, rows = _read(request, lambda s: (s.count_events(flt),
                                            s.events(flt, limit=q.limit, offset=q.offset, order=q.order).to_pylist()))
    return {"total": total, "limit": q.limit, "offset": q.offset, "events": rows}


@data.get("/events/{event_id}", tags=["events"],
          summary="One event mention with its cluster: every report of the same event and its sentence")
def event(event_id: str, request: Request) -> dict[str, Any]:
    return _one(request, "event", event_id, lambda s: s.event(event_id))


@data.get("/articles/{article_id}", tags=["articles"], summary="The stored analysis document of one article")
def article(article_id: str, request: Request) -> dict[str, Any]:
    return _one(request, "article", article_id, lambda s: s.article(article_id))


@data.get("/actors", tags=["aggregates"], summary="Actors of the matching events, most frequent first")
def actors(request: Request, q: Annotated[ActorsParams, Query()]) -> dict[str, Any]:
    flt = q.to_filter()
    return {"actors": _read(request, lambda s: s.actors(flt, limit=q.limit).to_pylist())}


@data.get("/timeseries", tags=["aggregates"],
          summary="Events and Goldstein sum per date bucket and quad class")
def timeseries(request: Request, q: Annotated[TimeseriesParams, Query()]) -> dict[str, Any]:
    flt = q.to_filter()
    rows = _read(request, lambda s: s.aggregate(flt, ["date", "quad_class"], interval=q.interval).to_pylist())
    return {"interval": q.interval, "series": rows}


@data.get("/dyads", tags=["aggregates"],
          summary="Source-target pairs (country, else actor code) weighted by event count, most events first")
def dyads(request: Request, q: Annotated[DyadsParams, Query()]) -> dict[str, Any]:
    flt = q.to_filter()
    rows = _read(request, lambda s: s.aggregate(flt, ["dyad"]).to_pylist())
    for row in rows:  # "RUS-SYR"; '?' marks a side with neither country nor code
        source, _, target = row["dyad"].partition("-")
        row["source"], row["target"] = (None if side == "?" else side for side in (source, target))
    rows.sort(key=lambda r: -r["events"])
    return {"dyads": rows[: q.limit]}


@data.get("/places", tags=["aggregates"], summary="Places of the matching events with coordinates and counts")
def places(request: Request, q: Annotated[PlacesParams, Query()]) -> dict[str, Any]:
    flt = q.to_filter()
    keys = ["place_name", "place_country", "lat", "lon", "quad_class"]
    rows = _read(request, lambda s: s.aggregate(flt, keys).to_pylist())
    return {"places": place_counts([r for r in rows if r["lat"] is not None and r["lon"] is not None])[: q.limit]}


def place_counts(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows per (place, quad class) merged per place: events, Goldstein sum and events per quad class."""
    found: dict[tuple, dict[str, Any]] = {}
    for row in rows:
        key = (row["place_name"], row["place_country"], row["lat"], row["lon"])
        entry = found.setdefault(key, {"name": key[0], "country": key[1], "lat": key[2], "lon": key[3],
                                       "events": 0, "goldstein_sum": 0.0, "quad_class": {}})
        entry["events"] += row["events"]
        entry["goldstein_sum"] += row["goldstein_sum"]
        entry["quad_class"][str(row["quad_class"])] = row["events"]
    return sorted(found.values(), key=lambda e: (-e["events"], e["name"] or ""))


@data.get("/facets", tags=["aggregates"],
          summary="The values present in the store for the dashboard's filter lists, with counts")
def facets(request: Request, q: Annotated[FilterParams, Query()]) -> dict[str, Any]:
    flt = q.to_filter()
    keys = ("plover", "root", "quad_class", "modality", "source_country", "target_country")
    return _read(request, lambda s: {key: s.aggregate(flt, [key]).to_pylist() for key in keys})


@router.get("/health", tags=["service"], summary="Is the server up, is a store open, are the models loaded")
def health(request: Request) -> dict[str, Any]:
    state = _state(request)
    return {"status": "ok", "store": state.store is not None, "db": str(state.db_path) if state.db_path else None,
            "models": state.resources.ready}
