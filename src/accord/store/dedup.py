"""Event clusters: the mentions, across sentences and articles, that report one real event.

The rule (documented in FORMAT.md, "Clusters"): two mentions report the same event when

* their *match keys* are equal: source country and sector, target country and sector (of the
  first actor on each side), CAMEO root code (the whole code for verbal events, quad classes 1
  and 3, whose roots lump many different statements), and factuality (asserted and reported events are
  facts; intended, planned, demanded, hypothetical and negated ones each form their own group);
* their dates are full days at most one day from the cluster's first mention (reports date
  the same event a day apart across time zones and "yesterday"s);
* their places agree: one of them names no place, or both fall in one country when either is
  a country, region or province, or both are within :data:`NEAR_KM` of each other.

A mention without a day-precise date, with no country on either side, or a verbal one with no
target, cannot be told apart from other events with any confidence: it stays alone in a cluster
of one. Assignment is
greedy in ingest order; a cluster keeps the place of its first mention that names one.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable

from accord.store.ids import digest

NEAR_KM = 50.0
BROAD_FEATURES = frozenset({"country", "admin", "region"})
FACTUAL = frozenset({"asserted", "reported"})
VERBAL_QUADS = frozenset({1, 3})  # verbal cooperation and conflict: statements, appeals, accusations


def match_key(row: dict[str, Any]) -> str | None:
    """The key a mention must share with its cluster, or None when it cannot be clustered."""
    if row.get("date_precision") != "day" or not (row.get("source_country") or row.get("target_country")):
        return None
    verbal = row.get("quad_class") in VERBAL_QUADS
    if verbal and not row.get("target_code"):  # "Russia said ..." twice in a day is rarely one statement
        return None
    modality = row.get("modality") or "asserted"
    parts = (row.get("source_country"), row.get("source_sector"), row.get("target_country"),
             row.get("target_sector"), row.get("cameo") if verbal else row.get("root"),
             "fact" if modality in FACTUAL else modality)
    return "|".join(p or "" for p in parts)


@dataclass(slots=True)
class Place:
    name: str | None
    country: str | None
    feature: str | None
    lat: float | None
    lon: float | None

    @classmethod
    def of(cls, row: dict[str, Any]) -> Place | None:
        if not (row.get("place_name") or row.get("place_country")):
            return None
        return cls(row.get("place_name"), row.get("place_country"), row.get("place_feature"),
                   row.get("lat"), row.get("lon"))


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def same_place(a: Place | None, b: Place | None) -> bool:
    if a is None or b is None:
        return True
    if a.feature in BROAD_FEATURES or b.feature in BROAD_FEATURES:
        return a.country is None or b.country is None or a.country == b.country
    if None not in (a.lat, a.lon, b.lat, b.lon):
        return km(a.lat, a.lon, b.lat, b.lon) <= NEAR_KM  # type: ignore[arg-type]
    if a.country and b.country and a.country != b.country:
        return False
    return (a.name or "").lower() == (b.name or "").lower()


@dataclass(slots=True)
class Cluster:
    cluster_id: str
    match_key: str | None
    day: date | None
    place: Place | None
    changed: bool = False  # place newly learnt: the stored row needs an update

    def row(self) -> dict[str, Any]:
        p = self.place
        return {"cluster_id": self.cluster_id, "match_key": self.match_key, "day": self.day,
                "place_name": p.name if p else None, "place_country": p.country if p else None,
                "place_feature": p.feature if p else None, "lat": p.lat if p else None,
                "lon": p.lon if p else None}


def _new_id(event_id: str, taken: set[str] | frozenset[str]) -> str:
    new, n = event_id, 0
    while new in taken:
        n += 1
        new = digest(event_id, str(n))
    return new


def assign(mentions: Iterable[dict[str, Any]], known: Iterable[Cluster],
           taken: set[str] | frozenset[str] = frozenset()) -> tuple[list[str], list[Cluster]]:
    """Cluster id of each mention, in order, and the clusters created or changed.

    ``mentions`` need event_id, match_key, day and the place columns; ``known`` are the stored
    clusters that may match (same key, day within one). A new cluster is named after its first
    mention, unless a stored cluster (``taken``) already has that id: an updated article's
    mention that no longer fits the cluster it founded.
    """
    by_key: dict[str, list[Cluster]] = defaultdict(list)
    for cluster in known:
        by_key[cluster.match_key or ""].append(cluster)
    ids: list[str] = []
    touched: dict[str, Cluster] = {}
    for m in mentions:
        key, day, place = m["match_key"], m["day"], Place.of(m)
        best = None
        if key is not None:
            fits = [c for c in by_key[key]
                    if c.day is not None and abs((c.day - day).days) <= 1 and same_place(c.place, place)]
            best = min(fits, key=lambda c: (abs((c.day - day).days), c.day, c.cluster_id), default=None)
        if best is None:
            best = Cluster(_new_id(m["event_id"], taken), key, day, place, changed=True)
            if key is not None:
                by_key[key].append(best)
        elif best.place is None and place is not None:
            best.place, best.changed = place, True
        if best.changed:
            touched[best.cluster_id] = best
        ids.append(best.cluster_id)
    return ids, list(touched.values())
