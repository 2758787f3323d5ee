"""Score quotes against PolNeAR attribution relations (brat standoff).

A PolNeAR directory holds ``text/<name>.txt`` and ``attributions/<name>_<annotator>.ann``.
Each ``E`` line of an ``.ann`` file is one attribution relation: a Content span (often
in several pieces, ``start end;start end``, and sometimes several spans, ``Content2``), a
Cue and a Source (``Attribution-no-source`` has none); ``Discard``/``Discuss`` spans are ignored. An article annotated by several
annotators is scored once, against the first annotation file in name order. The article
is analysed alone, dated by the date in its file name.

accord's quotes are grouped into predicted attributions the way PolNeAR groups them:
quotes sharing one cue span (a quote broken by "he said", a quote over several
paragraphs) are one attribution with several pieces; a quote with no cue is one of its
own. An attribution lying wholly inside another one's content (a mixed fragment inside
an indirect quote, a nested report "said he had been told …") is not scored, nor is a
second attribution over exactly the same content: PolNeAR gives each token to at most
one attribution.

Content is compared as sets of character offsets, leaving out white space and quote
marks (PolNeAR's content keeps the marks, accord's does not):

- **content** (partial): a predicted and a gold attribution match when the overlap of
  their sets over their union is at least 0.5; pairs are matched one to one, best
  ratio first. Precision = matches / predicted, recall = matches / gold.
- **exact**: the sets are equal once each piece is stripped of edge punctuation
  (``.,;:`` and dashes) as well.
- **source** accuracy, over matched pairs whose gold attribution has a source: the
  predicted speaker's span overlaps a gold source piece, or (``by name``) the last word
  of the speaker's name or text appears as a word in the gold source text (a speaker
  resolved to the same person named elsewhere). ``source_strict`` counts overlap only.
  A predicted speaker of None is wrong.
- **cue** accuracy, over matched pairs: the predicted cue overlaps the gold cue.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from accord.errors import Errors, InputPathError
from accord.eval.metrics import prf
from accord.pipeline import analyze_stream
from accord.records import Actor, Analysis, Quote, Record
from accord.resources import Resources

QUOTE_MARKS = set("\"'“”‘’«»„")
EDGE = set(".,;:—–-") | QUOTE_MARKS
MATCH_RATIO = 0.5
_DATE = re.compile(r"_(\d{4}-\d{2}-\d{2})_")
_WORD = re.compile(r"[\w’'-]+")

Segments = list[tuple[int, int]]


@dataclass
class GoldAttribution:
    content: Segments
    cue: Segments
    source: Segments | None
    source_text: str | None = None


@dataclass
class GoldDoc:
    name: str
    text: str
    date: str | None
    attributions: list[GoldAttribution] = field(default_factory=list)


@dataclass
class PredAttribution:
    content: Segments
    kind: str
    cue: Segments
    speaker: Actor | None


def _segments(offsets: str) -> Segments:
    return [(int(a), int(b)) for a, b in (piece.split() for piece in offsets.split(";"))]


def read_ann(text: str) -> list[GoldAttribution]:
    """The attribution relations of one brat ``.ann`` file (malformed lines are skipped)."""
    spans: dict[str, tuple[str, Segments, str]] = {}
    relations: list[dict[str, str]] = []
    for line in text.splitlines():
        cols = line.split("\t")
        if line.startswith("T") and len(cols) >= 2:
            label, _, offsets = cols[1].partition(" ")
            try:
                spans[cols[0]] = (label, _segments(offsets), cols[2] if len(cols) > 2 else "")
            except ValueError:
                continue
        elif line.startswith("E") and len(cols) >= 2:
            relations.append(dict(part.split(":", 1) for part in cols[1].split() if ":" in part))
    out = []
    for rel in relations:
        parts: dict[str, list[tuple[str, Segments, str]]] = {"Content": [], "Cue": [], "Source": []}
        for role, tid in rel.items():  # roles repeat as Content2, Cue2, ...
            base = role.rstrip("0123456789")
            if base in parts and tid in spans:
                parts[base].append(spans[tid])
        if not parts["Content"]:
            continue
        content = sorted(seg for _, segs, _ in parts["Content"] for seg in segs)
        cue = sorted(seg for _, segs, _ in parts["Cue"] for seg in segs)
        source = sorted(seg for _, segs, _ in parts["Source"] for seg in segs) or None
        source_text = " ".join(text for _, _, text in parts["Source"]) or None
        out.append(GoldAttribution(content, cue, source, source_text))
    return out


def load_polnear(directory: Path) -> list[GoldDoc]:
    """Every article of a PolNeAR directory with its attributions (one annotator per article)."""
    ann_dir, text_dir = directory / "attributions", directory / "text"
    if not directory.exists():
        raise InputPathError(Errors.A101.format(path=directory))
    if not ann_dir.is_dir() or not text_dir.is_dir():
        raise InputPathError(Errors.A501.format(path=directory, detail="expected attributions/ and text/ inside"))
    docs: dict[str, GoldDoc] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        name = ann.stem.rsplit("_", 1)[0]
        txt = text_dir / f"{name}.txt"
        if name in docs or not txt.exists():
            continue
        text = txt.read_text(encoding="utf-8")
        date = _DATE.search(f"_{name}_")
        docs[name] = GoldDoc(name, text, date.group(1) if date else None, read_ann(ann.read_text(encoding="utf-8")))
    if not docs:
        raise InputPathError(Errors.A501.format(path=directory, detail="no .ann file with its text"))
    return list(docs.values())


def predicted_attributions(quotes: list[Quote]) -> list[PredAttribution]:
    """accord's quotes grouped by cue, nested and repeated ones left out (see the module doc)."""
    groups: dict[object, PredAttribution] = {}
    for q in quotes:
        key = (q.cue.start, q.cue.end) if q.cue is not None else q.id
        if key in groups:
            groups[key].content.append((q.start, q.end))
        else:
            cue = [(q.cue.start, q.cue.end)] if q.cue is not None else []
            groups[key] = PredAttribution([(q.start, q.end)], q.kind, cue, q.speaker)
    preds = list(groups.values())
    out: list[PredAttribution] = []
    seen: set[tuple] = set()
    for p in preds:
        key = tuple(sorted(p.content))
        if key in seen:
            continue
        inside = any(
            o is not p and all(any(a <= s and e <= b for a, b in o.content) for s, e in p.content)
            and sorted(o.content) != sorted(p.content)
            for o in preds
        )
        if not inside:
            seen.add(key)
            out.append(p)
    return out


def _chars(text: str, segments: Segments, *, strip_edges: bool = False) -> frozenset[int]:
    out: set[int] = set()
    for s, e in segments:
        if strip_edges:
            while s < e and (text[s].isspace() or text[s] in EDGE):
                s += 1
            while e > s and (text[e - 1].isspace() or text[e - 1] in EDGE):
                e -= 1
        out.update(i for i in range(s, e) if not text[i].isspace() and text[i] not in QUOTE_MARKS)
    return frozenset(out)


def _overlaps(a: Segments, b: Segments) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def _last_word(actor: Actor) -> str | None:
    words = _WORD.findall(actor.name or actor.text or "")
    return words[-1].lower() if words else None


def _source_ok(gold: GoldAttribution, speaker: Actor | None, *, by_name: bool) -> bool:
    if speaker is None or gold.source is None:
        return False
    if _overlaps(gold.source, [(speaker.start, speaker.end)]):
        return True
    if by_name and gold.source_text:
        last = _last_word(speaker)
        return last is not None and last in {w.lower() for w in _WORD.findall(gold.source_text)}
    return False


def _match(gold: list[frozenset[int]], pred: list[frozenset[int]], exact: bool) -> list[tuple[int, int]]:
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if not g or not p:
                continue
            if exact:
                if g == p:
                    pairs.append((1.0, gi, pi))
                continue
            inter = len(g & p)
            if inter:
                ratio = inter / len(g | p)
                if ratio >= MATCH_RATIO:
                    pairs.append((ratio, gi, pi))
    pairs.sort(key=lambda x: -x[0])
    used_g, used_p, out = set(), set(), []
    for _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    return {**prf(tp, n_pred, tp, n_gold), "tp": tp, "fp": n_pred - tp, "fn": n_gold - tp}


def score_document(text: str, gold: list[GoldAttribution], quotes: list[Quote]) -> dict[str, Any]:
    """Counts for one document (summed by :func:`evaluate_quotes`)."""
    preds = predicted_attributions(quotes)
    g_sets = [_chars(text, g.content) for g in gold]
    p_sets = [_chars(text, p.content) for p in preds]
    matches = _match(g_sets, p_sets, exact=False)
    exact = _match([_chars(text, g.content, strip_edges=True) for g in gold],
                   [_chars(text, p.content, strip_edges=True) for p in preds], exact=True)
    counts: Counter = Counter(gold=len(gold), pred=len(preds), tp=len(matches), exact=len(exact))
    unmatched_pred = set(range(len(preds))) - {pi for _, pi in matches}
    for p in preds:
        counts[f"pred_{p.kind}"] += 1
    for gi, pi in matches:
        g, p = gold[gi], preds[pi]
        counts[f"tp_{p.kind}"] += 1
        counts["cue_ok"] += bool(g.cue and p.cue and _overlaps(g.cue, p.cue))
        if g.source is not None:
            counts["with_source"] += 1
            counts["source_ok"] += _source_ok(g, p.speaker, by_name=True)
            counts["source_strict"] += _source_ok(g, p.speaker, by_name=False)
    errors = {
        "missed": [[text[s:e] for s, e in gold[gi].content] for gi in set(range(len(gold))) - {gi for gi, _ in matches}],
        "spurious": [[text[s:e] for s, e in preds[pi].content] for pi in sorted(unmatched_pred)],
        "wrong_source": [
            {"content": text[slice(*gold[gi].content[0])][:80], "gold": gold[gi].source_text,
             "predicted": preds[pi].speaker.text if preds[pi].speaker else None}
            for gi, pi in matches
            if gold[gi].source is not None and not _source_ok(gold[gi], preds[pi].speaker, by_name=True)
        ],
    }
    return {"counts": counts, "errors": errors}


def evaluate_quotes(directory: Path, *, res: Resources | None = None, limit: int | None = None,
                    show_errors: bool = False) -> dict[str, Any]:
    """Analyse every PolNeAR article of ``directory`` and score its quotes; a JSON-able report."""
    docs = load_polnear(directory)[:limit]
    records = [Record(id=d.name, text=d.text, date=d.date, origin=f"{directory}/text/{d.name}.txt") for d in docs]
    total: Counter = Counter()
    errors = []
    for doc, analysis in zip(docs, analyze_stream(records, res=res)):
        assert isinstance(analysis, Analysis)
        scored = score_document(doc.text, doc.attributions, analysis.quotes)
        total.update(scored["counts"])
        if show_errors:
            errors.append({"id": doc.name, **scored["errors"]})
    matched, with_source = total["tp"], total["with_source"]
    report: dict[str, Any] = {
        "gold": str(directory),
        "documents": len(docs),
        "attributions": total["gold"],
        "predicted": total["pred"],
        "content": _prf(total["tp"], total["pred"], total["gold"]),
        "exact": _prf(total["exact"], total["pred"], total["gold"]),
        "source": {"accuracy": round(total["source_ok"] / with_source, 3) if with_source else 0.0,
                   "strict": round(total["source_strict"] / with_source, 3) if with_source else 0.0,
                   "correct": total["source_ok"], "scored": with_source},
        "cue": {"accuracy": round(total["cue_ok"] / matched, 3) if matched else 0.0,
                "correct": total["cue_ok"], "scored": matched},
        "kinds": {kind: {"predicted": total[f"pred_{kind}"], "matched": total[f"tp_{kind}"]}
                  for kind in ("direct", "mixed", "indirect")},
    }
    if show_errors:
        report["errors"] = errors
    return report


def format_report(report: dict[str, Any]) -> str:
    lines = [f"PolNeAR gold: {report['gold']} ({report['documents']} documents, "
             f"{report['attributions']} attributions, {report['predicted']} predicted)"]
    for name, label in (("content", "content"), ("exact", "exact")):
        m = report[name]
        lines.append(f"{label:8s} P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}"
                     f"   (tp {m['tp']}, fp {m['fp']}, fn {m['fn']})")
    s, c = report["source"], report["cue"]
    lines.append(f"source   accuracy {s['accuracy']:.3f}  (span overlap only {s['strict']:.3f};"
                 f" {s['correct']} of {s['scored']} matched with a gold source)")
    lines.append(f"cue      accuracy {c['accuracy']:.3f}  ({c['correct']} of {c['scored']} matched)")
    kinds = ", ".join(f"{k} {v['matched']}/{v['predicted']}" for k, v in report["kinds"].items())
    lines.append(f"kinds    matched/predicted: {kinds}")
    for err in report.get("errors", []):
        lines.append(f"\n{err['id']}")
        lines.extend(f"  missed   {' | '.join(x[:100] for x in m)}" for m in err["missed"])
        lines.extend(f"  spurious {' | '.join(x[:100] for x in m)}" for m in err["spurious"])
        lines.extend(f"  source   {w['content']!r}: gold {w['gold']!r}, predicted {w['predicted']!r}"
                     for w in err["wrong_source"])
    return "\n".join(lines)
