"""Score places against GeoWebNews (Gritta et al. 2019, ``GWN.xml``).

Each ``<article>`` has a ``<text>`` and ``<toponyms>``; a toponym has character offsets
(``start``/``end``), a ``type`` and, for real toponyms, coordinates (and often a GeoNames id).
The gold toponyms scored are those of the toponym types (Literal, Mixed, Literal_Modifier,
Embedded_Literal, Coercion, Metonymic, Non_Literal_Modifier, Embedded_Non_Lit); the
non-toponym annotations (Literal_Expression, Non_Lit_Expression, Non_Toponym, Demonym,
Homonym, Language) are not gold toponyms, so a place predicted there counts as spurious.

- **toponym** P/R/F1: a predicted place matches a gold toponym when their spans overlap;
  pairs are matched one to one in text order. Precision = matches / predicted places,
  recall = matches / gold toponyms.
- **accuracy@161km**: over matched pairs whose gold toponym has coordinates, the share
  whose predicted coordinates lie within 161 km (100 miles) of the gold ones; a place
  predicted without coordinates is wrong. ``mean_error_km`` is over pairs with both.

Each article is analysed alone, undated, through the layers sentences, actors, places.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from accord.errors import Errors, InputPathError
from accord.eval.metrics import prf
from accord.records import Place, Record

TOPONYM_TYPES = {"Literal", "Mixed", "Literal_Modifier", "Embedded_Literal", "Coercion", "Metonymic",
                 "Non_Literal_Modifier", "Embedded_Non_Lit"}
KM = 161.0
LAYERS = ("sentences.v1", "actors.v1", "places.v1")


@dataclass
class GoldToponym:
    start: int
    end: int
    text: str
    type: str
    lat: float | None
    lon: float | None
    geonameid: int | None


@dataclass
class GoldArticle:
    id: str
    text: str
    toponyms: list[GoldToponym] = field(default_factory=list)


def _float(node: ET.Element, tag: str) -> float | None:
    value = (node.findtext(tag) or "").strip()
    try:
        return float(value) if value else None
    except ValueError:
        return None


def load_gwn(path: Path, limit: int | None = None) -> list[GoldArticle]:
    if not path.exists():
        raise InputPathError(Errors.A101.format(path=path))
    root = ET.parse(path).getroot()
    out = []
    for art in root.iter("article"):
        text = art.findtext("text") or ""
        gold = []
        for t in art.iter("toponym"):
            kind = (t.findtext("type") or "").strip()
            if kind not in TOPONYM_TYPES:
                continue
            gid = (t.findtext("geonamesID") or "").strip()
            gold.append(GoldToponym(int(t.findtext("start")), int(t.findtext("end")),
                                    t.findtext("extractedName") or "", kind, _float(t, "latitude"),
                                    _float(t, "longitude"), int(gid) if gid.isdigit() else None))
        gold.sort(key=lambda g: g.start)
        out.append(GoldArticle(art.get("file", str(len(out))), text, gold))
        if limit is not None and len(out) >= limit:
            break
    return out


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def match(pred: list[Place], gold: list[GoldToponym]) -> list[tuple[Place, GoldToponym]]:
    """One-to-one overlap matches, in text order."""
    used: set[int] = set()
    pairs = []
    for p in sorted(pred, key=lambda p: p.start):
        for i, g in enumerate(gold):
            if i not in used and p.start < g.end and g.start < p.end:
                used.add(i)
                pairs.append((p, g))
                break
    return pairs


def score(docs: list[tuple[GoldArticle, list[Place]]], show_errors: bool = False) -> dict[str, Any]:
    n_pred = n_gold = n_match = n_geo = n_ok = 0
    errors_km: list[float] = []
    errors: list[dict[str, Any]] = []
    for art, places in docs:
        pairs = match(places, art.toponyms)
        n_pred += len(places)
        n_gold += len(art.toponyms)
        n_match += len(pairs)
        for p, g in pairs:
            if g.lat is None or g.lon is None:
                continue
            n_geo += 1
            if p.lat is None or p.lon is None:
                ok, km = False, None
            else:
                km = haversine_km(p.lat, p.lon, g.lat, g.lon)
                errors_km.append(km)
                ok = km <= KM
            n_ok += ok
            if show_errors and not ok:
                errors.append({"article": art.id, "text": g.text, "predicted": p.name, "country": p.country,
                               "km": None if km is None else round(km)})
    report: dict[str, Any] = {
        "articles": len(docs), "gold": n_gold, "predicted": n_pred, "matched": n_match,
        **prf(n_match, n_pred, n_match, n_gold, digits=4),
        "geo_scored": n_geo, "accuracy_161km": round(n_ok / n_geo, 4) if n_geo else 0.0,
        "mean_error_km": round(sum(errors_km) / len(errors_km), 1) if errors_km else None,
    }
    if show_errors:
        report["errors"] = errors
    return report


def evaluate_places(path: Path, *, res: Any = None, limit: int | None = None,
                    show_errors: bool = False) -> dict[str, Any]:
    from accord.pipeline import analyze_stream
    from accord.resources import Config, Resources

    arts = load_gwn(path, limit)
    if res is None:
        res = Resources.load(Config(layers=LAYERS))
    records = [Record(id=a.id, text=a.text, origin=f"{path}#{a.id}") for a in arts]
    docs = []
    for art, result in zip(arts, analyze_stream(records, res=res)):
        places = getattr(result, "places", None) or []
        docs.append((art, places))
    return score(docs, show_errors=show_errors)


def format_report(report: dict[str, Any]) -> str:
    lines = [
        f"GeoWebNews places: {report['articles']} articles, {report['gold']} gold toponyms, "
        f"{report['predicted']} predicted, {report['matched']} matched",
        f"  toponym   P {report['precision']:.3f}  R {report['recall']:.3f}  F1 {report['f1']:.3f}",
        f"  accuracy@161km {report['accuracy_161km']:.3f} on {report['geo_scored']} matched toponyms with "
        f"coordinates (mean error {report['mean_error_km']} km)",
    ]
    for e in report.get("errors", []):
        lines.append(f"  article {e['article']}: {e['text']!r} -> {e['predicted']} ({e['country']}), {e['km']} km")
    return "\n".join(lines)
