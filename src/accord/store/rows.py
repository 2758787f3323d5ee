"""Analysis documents to store rows: pure functions, run in the ingesting process or on Dask workers.

A batch of results becomes one Arrow table per store table (:class:`Batch`), the unit
that the store writes in one transaction and that Dask workers save as Parquet.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any, Iterable

import pyarrow as pa

from accord.records import Actor, Analysis, InputError, Record, analysis_to_json
from accord.store.dedup import match_key
from accord.store.ids import digest
from accord.store.schema import BATCH_TABLES, arrow_schema


def content_hash(text: str, title: str | None, date: str | None) -> str:
    """What the analysis depends on in the input record: same hash, same analysis."""
    return digest(text, title, date)


def record_hash(record: Record) -> str:
    return content_hash(record.text, record.title, record.date)


def analysis_hash(analysis: Analysis) -> str:
    # ``date`` is input metadata only when its basis says so; a dateline date is derived from the text.
    return content_hash(analysis.text, analysis.title, analysis.date if analysis.date_basis == "metadata" else None)


def event_id(article_id: str, event: str) -> str:
    return digest(article_id, event)


def error_id(article_id: str | None, origin: str | None, stage: str, message: str) -> str:
    return digest(article_id, origin, stage, message)


def parse_day(value: str | None) -> tuple[date | None, str | None]:
    """An event date (YYYY-MM-DD, YYYY-MM or YYYY) as the first day it covers, and its precision."""
    if not value:
        return None, None
    parts = value.split("-")
    try:
        if len(parts) == 3:
            return date(int(parts[0]), int(parts[1]), int(parts[2])), "day"
        if len(parts) == 2:
            return date(int(parts[0]), int(parts[1]), 1), "month"
        if len(parts) == 1:
            return date(int(parts[0]), 1, 1), "year"
    except ValueError:
        pass
    return None, None


def _actor_name(actor: Actor | None) -> str | None:
    return None if actor is None else (actor.name or actor.text)


def _joined(actors: list[Actor]) -> str | None:
    return ";".join(a.code or "---" for a in actors) or None


def _actor_rows(eid: str, article_id: str, role: str, actors: Iterable[Actor | None]) -> list[dict[str, Any]]:
    return [
        {"event_id": eid, "article_id": article_id, "role": role, "position": i, "code": a.code, "name": a.name,
         "text": a.text, "country": a.country, "sector": a.sector, "kb_id": a.kb_id,
         "char_start": a.start, "char_end": a.end}
        for i, a in enumerate(actors) if a is not None
    ]


@dataclass
class Rows:
    """Row dicts per table for a run of results; ``batch()`` turns them into Arrow."""

    tables: dict[str, list[dict[str, Any]]]

    @classmethod
    def of(cls, results: Iterable[Analysis | InputError]) -> Rows:
        rows = cls({name: [] for name in BATCH_TABLES})
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        for result in results:
            if isinstance(result, InputError):
                rows.tables["errors"].append({
                    "error_id": error_id(result.id, result.origin, "input", result.message),
                    "article_id": result.id, "origin": result.origin, "stage": "input", "code": result.code,
                    "message": result.message, "ingested_at": now})
            else:
                rows.add_analysis(result, now)
        return rows

    def add_analysis(self, a: Analysis, now: datetime) -> None:
        t = self.tables
        t["articles"].append({
            "article_id": a.id, "content_hash": analysis_hash(a), "title": a.title, "url": a.url,
            "publisher": a.publisher, "date": a.date, "date_basis": a.date_basis, "origin": a.origin,
            "chars": len(a.text), "sentences": len(a.sentences), "events": len(a.events), "errors": len(a.errors),
            "ingested_at": now, "doc": json.dumps(analysis_to_json(a), ensure_ascii=False)})
        places = {p.id: p for p in a.places}
        for ev in a.events:
            eid = event_id(a.id, ev.id)
            src = ev.source[0] if ev.source else None
            tgt = ev.target[0] if ev.target else None
            speaker = next((x.speaker for x in ev.attribution if x.speaker is not None), None)
            place = places.get(ev.place) if ev.place else None
            start, end = a.sentences[ev.sentence] if 0 <= ev.sentence < len(a.sentences) else (None, None)
            day, precision = parse_day(ev.date)
            row = {
                "event_id": eid, "article_id": a.id, "event": ev.id, "cluster_id": None,
                "date": ev.date, "day": day, "date_precision": precision, "date_basis": ev.date_basis,
                "published": a.date,
                "source_code": src.code if src else None, "source_name": _actor_name(src),
                "source_country": src.country if src else None, "source_sector": src.sector if src else None,
                "sources": _joined(ev.source),
                "target_code": tgt.code if tgt else None, "target_name": _actor_name(tgt),
                "target_country": tgt.country if tgt else None, "target_sector": tgt.sector if tgt else None,
                "targets": _joined(ev.target),
                "cameo": ev.cameo, "cameo_name": ev.cameo_name, "root": ev.cameo[:2] if ev.cameo else None,
                "plover": ev.plover, "plover_mode": ev.plover_mode, "goldstein": ev.goldstein,
                "quad_class": ev.quad_class, "modality": ev.modality,
                "speaker": (speaker.name or speaker.code or speaker.text) if speaker else None,
                "speaker_code": speaker.code if speaker else None,
                "speaker_country": speaker.country if speaker else None,
                "place_name": (place.name or place.text) if place else None,
                "place_country": place.country if place else None,
                "place_feature": place.feature if place else None,
                "lat": place.lat if place else None, "lon": place.lon if place else None,
                "fatalities_min": ev.fatalities.min if ev.fatalities else None,
                "fatalities_max": ev.fatalities.max if ev.fatalities else None,
                "injured_min": ev.injured.min if ev.injured else None,
                "injured_max": ev.injured.max if ev.injured else None,
                "trigger": ev.trigger.text, "trigger_start": ev.trigger.start, "trigger_end": ev.trigger.end,
                "sentence_index": ev.sentence,
                "sentence": " ".join(a.text[start:end].split()) if start is not None else None,
                "sentence_start": start, "sentence_end": end, "rule": ev.rule, "confidence": ev.confidence,
                "title": a.title, "publisher": a.publisher, "url": a.url,
            }
            row["match_key"] = match_key(row)
            t["events"].append(row)
            t["event_actors"] += _actor_rows(eid, a.id, "source", ev.source)
            t["event_actors"] += _actor_rows(eid, a.id, "target", ev.target)
            t["event_actors"] += _actor_rows(eid, a.id, "speaker", [speaker])
        for q in a.quotes:
            t["quotes"].append({
                "article_id": a.id, "quote_id": q.id, "kind": q.kind, "text": q.text,
                "cue": q.cue.text if q.cue else None, "speaker_code": q.speaker.code if q.speaker else None,
                "speaker_name": _actor_name(q.speaker), "speaker_country": q.speaker.country if q.speaker else None,
                "char_start": q.start, "char_end": q.end})
        for p in a.places:
            t["places"].append({
                "article_id": a.id, "place_id": p.id, "text": p.text, "name": p.name, "country": p.country,
                "lat": p.lat, "lon": p.lon, "geonameid": p.geonameid, "feature": p.feature,
                "char_start": p.start, "char_end": p.end})
        for tm in a.times:
            t["times"].append({
                "article_id": a.id, "time_id": tm.id, "type": tm.type, "value": tm.value, "text": tm.text,
                "char_start": tm.start, "char_end": tm.end})
        for err in a.errors:
            t["errors"].append({
                "error_id": error_id(a.id, a.origin, err.stage, err.message), "article_id": a.id,
                "origin": a.origin, "stage": err.stage, "code": None, "message": err.message, "ingested_at": now})

    def batch(self) -> Batch:
        return Batch({name: pa.Table.from_pylist(self.tables[name], schema=arrow_schema(name))
                      for name in BATCH_TABLES})


def split_repeats(results: Iterable[Analysis | InputError]) -> list[list[Analysis | InputError]]:
    """Runs of results in input order with no article id twice, so a later copy updates the first."""
    parts: list[list[Analysis | InputError]] = [[]]
    ids: set[str] = set()
    for result in results:
        if isinstance(result, Analysis):
            if result.id in ids:
                parts.append([])
                ids = set()
            ids.add(result.id)
        parts[-1].append(result)
    return parts


@dataclass
class Batch:
    """One Arrow table per store table but clusters and aliases, which the store derives (``BATCH_TABLES``)."""

    tables: dict[str, pa.Table]

    @classmethod
    def of(cls, results: Iterable[Analysis | InputError]) -> Batch:
        return Rows.of(results).batch()

    @property
    def articles(self) -> int:
        return self.tables["articles"].num_rows
