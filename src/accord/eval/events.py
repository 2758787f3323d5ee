"""Score event coding against PLOVER gold-standard records (the plover-gsr JSON format).

Each gold record is one sentence with one event: a PLOVER type, source actors and
target actors (``code`` = ISO3 country or IGO/NGO..., optional ``sector``). accord
analyses the sentence alone, dated with the record's ``date``, and is scored per
sentence on sets:

- **type**: the PLOVER types of accord's events vs the gold type;
- **dyad**: (type, source country, target country) triples, one per source x target
  pair (a missing target counts as ``None``), vs the gold triples.

Negated and hypothetical events ("will not accept refugees", "could attack") are kept
in accord's output but did not happen, so they are not counted as events of their type here.
Actors are compared by country (ISO3); international organisations, governmental or
not, count as ``IGO`` and international militant groups as ``IMG`` (as the gold codes
them); an agent of no known country as None.
Precision, recall and F1 are micro-averaged over sentences. Gold records use pre-2.0
PLOVER names, mapped to 2.0 before scoring: DEMAND -> REQUEST, DISAPPROVE and
INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT. The DOCUMENT record is skipped.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from accord.errors import Errors, InputPathError
from accord.eval.metrics import prf
from accord.pipeline import analyze_stream
from accord.records import Actor, Analysis, Record
from accord.resources import Resources

OLD_NAMES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
COUNTRY_ALIASES = {"JAP": "JPN", "UK": "GBR", "ROM": "ROU", "NGO": "IGO"}  # the gold's own spellings
INTERNATIONAL = {"IGO", "NGO", "IMG"}  # international organisations and militant groups (gold: IGO, IMG)


def load_gold(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        raise InputPathError(Errors.A101.format(path=path))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputPathError(Errors.A501.format(path=path, detail=str(exc))) from None
    if not isinstance(data, list):
        raise InputPathError(Errors.A501.format(path=path, detail="expected a JSON list of records"))
    return [r for r in data if isinstance(r, dict) and r.get("text") and r.get("event") != "DOCUMENT"]


def _country(code: str | None) -> str | None:
    if not code:
        return None
    head = code[:3].upper()
    return COUNTRY_ALIASES.get(head, head)


def _actor_country(actor: Actor) -> str | None:
    """ISO3; IGO or IMG for international organisations and militant groups; else None."""
    if actor.country:
        return _country(actor.country)
    prefix = (actor.code or "")[:3]
    return _country(prefix) if prefix in INTERNATIONAL else None


def _triples(kind: str | None, sources: Iterable[str | None], targets: Iterable[str | None]) -> set[tuple]:
    sources = list(sources) or [None]
    targets = list(targets) or [None]
    return {(kind, s, t) for s in sources for t in targets}


def gold_sets(record: dict[str, Any]) -> tuple[set[str], set[tuple]]:
    kind = OLD_NAMES.get(record["event"], record["event"])
    sources = [_country(a.get("code")) for a in record.get("source") or []]
    targets = [_country(a.get("code")) for a in record.get("target") or []]
    return {kind}, _triples(kind, sources, targets)


def predicted_sets(analysis: Analysis) -> tuple[set[str], set[tuple]]:
    kinds: set[str] = set()
    dyads: set[tuple] = set()
    for event in analysis.events:
        if not event.plover or event.modality in ("negated", "hypothetical"):
            continue
        kinds.add(event.plover)
        dyads |= _triples(event.plover, map(_actor_country, event.source), map(_actor_country, event.target))
    return kinds, dyads


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    return {**prf(tp, tp + fp, tp, tp + fn), "tp": tp, "fp": fp, "fn": fn}


def evaluate_events(path: Path, *, res: Resources | None = None, show_errors: bool = False) -> dict[str, Any]:
    """Analyse every gold sentence and score types and dyads; returns a JSON-able report."""
    gold = load_gold(path)
    records = [
        Record(id=r.get("id", str(i)), text=r["text"].strip().strip("{}").strip(), date=r.get("date"), origin=f"{path}#{i}")
        for i, r in enumerate(gold)
    ]
    counts = {"type": [0, 0, 0], "dyad": [0, 0, 0]}
    errors = []
    for record, analysis in zip(gold, analyze_stream(records, res=res)):
        assert isinstance(analysis, Analysis)
        gold_kinds, gold_dyads = gold_sets(record)
        kinds, dyads = predicted_sets(analysis)
        for name, g, p in (("type", gold_kinds, kinds), ("dyad", gold_dyads, dyads)):
            counts[name][0] += len(g & p)
            counts[name][1] += len(p - g)
            counts[name][2] += len(g - p)
        if show_errors and (gold_dyads != dyads):
            errors.append({"id": record.get("id"), "text": analysis.text, "gold": sorted(map(str, gold_dyads)),
                           "predicted": sorted(map(str, dyads)),
                           "events": [(e.cameo, e.trigger.text, [a.code for a in e.source],
                                       [a.code for a in e.target]) for e in analysis.events]})
    report: dict[str, Any] = {
        "gold": str(path),
        "sentences": len(gold),
        "type": _prf(*counts["type"]),
        "dyad": _prf(*counts["dyad"]),
    }
    if show_errors:
        report["errors"] = errors
    return report


def format_report(report: dict[str, Any]) -> str:
    lines = [f"PLOVER gold: {report['gold']} ({report['sentences']} sentences)"]
    for name in ("type", "dyad"):
        m = report[name]
        lines.append(
            f"{name:5s}  P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}"
            f"   (tp {m['tp']}, fp {m['fp']}, fn {m['fn']})"
        )
    for err in report.get("errors", []):
        lines.append(f"\n{err['id']}: {err['text']}\n  gold {err['gold']}\n  pred {err['predicted']}\n  events {err['events']}")
    return "\n".join(lines)
