"""The endpoints: analyse one article, and read events, articles, actors and aggregates from the store."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Annotated, Any

import duckdb
from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from accord.api.app import State, need_store
from accord.api.params import ActorsParams, DyadsParams, EventsParams, FilterParams, PlacesParams, TimeseriesParams
from accord.api.security import require_key
from accord.errors import Errors, StoreError
from accord.ingest.readers import json_record
from accord.records import InputError, Record

router = APIRouter()
# read endpoints: the key when one is set (unless --open-reads), 503 without a store
data = APIRouter(dependencies=[Depends(require_key), Depends(need_store)])
ORIGIN = "<request>"  # what input errors call the posted record


class ArticleIn(BaseModel):
    """One article, as a line of an ``accord analyze`` JSON Lines input (the schema shown in /docs)."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "text": "Iran condemned the air strikes on Yemen on Tuesday.", "date": "2015-03-31",
        "title": "Iran condemns strikes"}]})

    text: str = Field(description="the article text (required; aliases: body, content, article, story)")
    id: str | int | None = Field(None, description="your id; default: a hash of the text")
    title: str | None = None
    date: str | None = Field(None, description="publication date, e.g. 2015-03-31")
    url: str | None = None
    publisher: str | None = None


def _state(request: Request) -> State:
    return request.app.state.accord


def read_record(content_type: str | None, body: bytes, max_chars: int) -> Record:
    """The posted article read exactly as a line of ``accord analyze`` input is, or the 4xx that says why not."""
    media = (content_type or "application/json").partition(";")[0].strip().lower()
    if media != "application/json" and not media.endswith("+json"):
        raise HTTPException(415, f"the body is {media or 'untyped'}; send the article as JSON with the header "
                            "Content-Type: application/json")
    try:
        value = json.loads(body)
    except (ValueError, RecursionError) as exc:  # bad UTF-8 is a ValueError too
        detail = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise HTTPException(422, Errors.A105.format(origin=ORIGIN, detail=detail)) from None
    record = json_record(value, ORIGIN, sys.maxsize)  # the server's own limit below, with its own advice
    if isinstance(record, InputError):
        raise HTTPException(422, record.message)
    if len(record.text) > max_chars:
        raise HTTPException(413, Errors.A310.format(size=len(record.text), limit=max_chars))
    given = value.get("date")
    if isinstance(given, str) and given.strip() and record.date is None:
        raise HTTPException(422, f"date: cannot read {given!r} as a day; use YYYY-MM-DD")
    return record


@router.post("/analyze", dependencies=[Depends(require_key)], tags=["analyse"],
             summary="Analyse one article and return its analysis document",
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/json": {"schema": ArticleIn.model_json_schema()}}}},
             responses={413: {"description": "text over --max-chars"}, 503: {"description": "server busy"},
                        504: {"description": "analysis over --timeout"}})
async def analyze(request: Request) -> Response:
    analyzer = _state(request).analyzer
    record = read_record(request.headers.get("content-type"), await request.body(), analyzer.limits.max_chars)
    return Response(await analyzer.analyze(record), media_type="application/json")


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


@router.get("/health", tags=["service"],
            summary="Is the server up, can it read its store, are the models loaded; never needs the key")
def health(request: Request) -> JSONResponse:
    state = _state(request)
    body = {"status": "ok", "store": state.store is not None, "db": str(state.db_path) if state.db_path else None,
            "models": state.analyzer.ready, "analyses": state.analyzer.status()}
    if state.store is None:
        return JSONResponse(body)
    problem = state.store_problem
    if problem is None:
        try:
            _read(request, lambda s: s.counts())  # a cheap query: does the file still read?
        except (StoreError, duckdb.Error) as exc:
            problem = (str(exc).splitlines() or [type(exc).__name__])[0]
    if problem is not None:
        body.update(status="unreadable", detail=Errors.A313.format(path=state.db_path, detail=problem))
        return JSONResponse(body, status_code=503)
    return JSONResponse(body)
