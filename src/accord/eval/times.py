"""Score the times layer against TimeML gold (TempEval-3 TimeBank and AQUAINT).

Each ``.tml`` file gives a document creation time (``<DCT>``, a TIMEX3 whose value is
the document date) and a ``<TEXT>`` whose TIMEX3 tags mark the time expressions, with
their ``type`` and normalised ``value``. The tags are stripped to get the plain text and
the character offsets of each expression; accord parses the text (spaCy) and runs only
the ``times.v1`` layer, with the DCT's date as the document date.

Scores, TempEval-3 style, micro-averaged over all expressions:

- **strict span**: a predicted expression is correct when its offsets equal a gold one's;
- **relaxed span**: when it overlaps (shares a character with) a gold one. Each gold and
  each predicted expression is paired at most once (first overlap in text order);
- **type**: accuracy of ``type`` over the relaxed pairs;
- **value**: a relaxed pair counts when the values are equal (``P1D`` = ``P1D``;
  case and surrounding space are ignored); precision = correct / predicted, recall =
  correct / gold, F1 from the two.

Files are read recursively under the gold folder, a file name only once (TBAQ-cleaned
ships ``AP900815-0044.tml`` twice), and are reported per corpus folder as well as overall.
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord.errors import Errors, InputPathError
from accord.eval.metrics import prf
from accord.nlp.model import load_nlp, parse_texts
from accord.records import Analysis, Time
from accord.registry import DocContext, get_layers

if TYPE_CHECKING:
    from spacy.language import Language

    from accord.resources import Resources

GOLD_DIR = Path("../shared/gold/tempeval3")
CORPORA = ("TimeBank", "AQUAINT")  # folder names reported separately when present


@dataclass(slots=True)
class GoldTime:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(slots=True)
class GoldDoc:
    id: str
    path: Path
    corpus: str
    dct: str | None  # YYYY-MM-DD
    text: str
    times: list[GoldTime] = field(default_factory=list)


_DCT = re.compile(r"<DCT>\s*<TIMEX3[^>]*\bvalue=\"([^\"]*)\"", re.S)


def _dct_date(value: str) -> str | None:
    m = re.match(r"(\d{4})-?(\d{2})-?(\d{2})", value)
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None


def load_tml(path: Path, corpus: str = "") -> GoldDoc:
    """One TimeML file: the text of ``<TEXT>`` with tags stripped, and its TIMEX3s."""
    raw = path.read_text(encoding="utf-8")
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        raise InputPathError(Errors.A501.format(path=path, detail=f"not well-formed XML: {exc}")) from None
    body = root.find("TEXT")
    if body is None:
        raise InputPathError(Errors.A501.format(path=path, detail="no <TEXT> element"))
    m = _DCT.search(raw)
    dct = _dct_date(m.group(1)) if m else None
    pieces: list[str] = []
    times: list[GoldTime] = []
    length = 0

    def walk(elem: ET.Element) -> None:
        nonlocal length
        start = length
        if elem.text:
            pieces.append(elem.text)
            length += len(elem.text)
        for child in elem:
            walk(child)
            if child.tail:
                pieces.append(child.tail)
                length += len(child.tail)
        if elem.tag == "TIMEX3" and length > start:
            times.append(GoldTime(start, length, "", elem.get("type", ""), elem.get("value", "")))

    walk(body)
    text = "".join(pieces)
    for t in times:
        t.text = text[t.start:t.end]
    times.sort(key=lambda t: (t.start, t.end))
    return GoldDoc(id=path.stem, path=path, corpus=corpus or path.parent.name, dct=dct, text=text, times=times)


def find_tml(folder: Path) -> list[Path]:
    """Every ``.tml`` file under ``folder``, sorted, each file name once."""
    if not folder.exists():
        raise InputPathError(Errors.A101.format(path=folder))
    paths = [folder] if folder.is_file() else sorted(folder.rglob("*.tml"))
    seen: set[str] = set()
    out = []
    for p in paths:
        if p.name not in seen:
            seen.add(p.name)
            out.append(p)
    if not out:
        raise InputPathError(Errors.A501.format(path=folder, detail="no .tml files found"))
    return out


def load_gold(folder: Path, *, limit: int | None = None) -> list[GoldDoc]:
    return [load_tml(p) for p in find_tml(folder)[:limit]]


# ---------------------------------------------------------------- scoring


@dataclass
class Counts:
    gold: int = 0
    predicted: int = 0
    strict: int = 0
    relaxed_gold: int = 0  # gold expressions overlapped by a prediction
    relaxed_pred: int = 0  # predictions overlapping a gold expression
    pairs: int = 0
    type_ok: int = 0
    value_ok: int = 0

    def add(self, other: Counts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def report(self) -> dict[str, Any]:
        def scores(p_num: int, r_num: int) -> dict[str, float]:
            return prf(p_num, self.predicted, r_num, self.gold, digits=4)

        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "strict": {**scores(self.strict, self.strict), "correct": self.strict},
            "relaxed": {**scores(self.relaxed_pred, self.relaxed_gold), "correct": self.relaxed_gold},
            "type": {"accuracy": round(self.type_ok / self.pairs, 4) if self.pairs else 0.0,
                     "correct": self.type_ok, "pairs": self.pairs},
            "value": {**scores(self.value_ok, self.value_ok), "correct": self.value_ok},
        }


def _norm_value(value: str) -> str:
    return value.strip().upper()


def pair_times(gold: list[GoldTime], predicted: list[Time]) -> list[tuple[GoldTime, Time]]:
    """Relaxed pairs: each gold and each prediction used at most once, first overlap first."""
    used: set[int] = set()
    pairs = []
    for g in gold:
        for i, p in enumerate(predicted):
            if i not in used and p.start < g.end and g.start < p.end:
                used.add(i)
                pairs.append((g, p))
                break
    return pairs


def score_doc(gold: list[GoldTime], predicted: list[Time]) -> tuple[Counts, list[dict[str, Any]]]:
    c = Counts(gold=len(gold), predicted=len(predicted))
    spans = {(g.start, g.end) for g in gold}
    c.strict = sum(1 for p in predicted if (p.start, p.end) in spans)
    c.relaxed_gold = sum(1 for g in gold if any(p.start < g.end and g.start < p.end for p in predicted))
    c.relaxed_pred = sum(1 for p in predicted if any(p.start < g.end and g.start < p.end for g in gold))
    pairs = pair_times(gold, predicted)
    c.pairs = len(pairs)
    c.type_ok = sum(1 for g, p in pairs if g.type == p.type)
    c.value_ok = sum(1 for g, p in pairs if _norm_value(g.value) == _norm_value(p.value))
    errors: list[dict[str, Any]] = []
    paired_gold = {id(g) for g, _ in pairs}
    paired_pred = {id(p) for _, p in pairs}
    for g, p in pairs:
        if (g.start, g.end) != (p.start, p.end) or g.type != p.type or _norm_value(g.value) != _norm_value(p.value):
            errors.append({"kind": "mismatch", "gold": [g.text, g.type, g.value], "got": [p.text, p.type, p.value]})
    errors += [{"kind": "missed", "gold": [g.text, g.type, g.value]} for g in gold if id(g) not in paired_gold]
    errors += [{"kind": "spurious", "got": [p.text, p.type, p.value]} for p in predicted if id(p) not in paired_pred]
    return c, errors


def _times_for(docs: list[GoldDoc], nlp: Language, res: Resources | None) -> Iterator[list[Time]]:
    """Parse each gold text and run the times layer alone, dated with the DCT.

    The times layer reads nothing from ``res``, so it may be None.
    """
    from accord import layers as _layers  # noqa: F401  (registers the built-in layers)

    specs = get_layers(["times.v1"])
    for gold, doc in zip(docs, parse_texts(nlp, (d.text for d in docs))):
        analysis = Analysis(id=gold.id, text=gold.text, date=gold.dct)
        ctx = DocContext(doc=doc, analysis=analysis)
        for spec in specs:
            spec.func(ctx, res)  # type: ignore[arg-type]
        yield analysis.times


def evaluate_times(folder: Path = GOLD_DIR, *, res: Resources | None = None, limit: int | None = None,
                   show_errors: bool = False, progress: bool = False) -> dict[str, Any]:
    """Score the times layer on every TimeML file under ``folder``; returns a JSON-able report.

    Without ``res`` only the spaCy model is loaded (the times layer needs nothing else).
    """
    docs = load_gold(folder, limit=limit)
    nlp = res.nlp if res is not None else load_nlp()
    results: Iterable[list[Time]] = _times_for(docs, nlp, res)
    if progress:
        from tqdm import tqdm

        results = tqdm(results, total=len(docs), desc="times", unit=" doc", file=sys.stderr)
    total = Counts()
    by_corpus: dict[str, Counts] = defaultdict(Counts)
    errors: list[dict[str, Any]] = []
    for gold, predicted in zip(docs, results):
        c, errs = score_doc(gold.times, predicted)
        total.add(c)
        by_corpus[gold.corpus].add(c)
        errors += [{"doc": gold.id, "dct": gold.dct, **e} for e in errs]
    report: dict[str, Any] = {"path": str(folder), "documents": len(docs), **total.report()}
    report["corpora"] = {name: {"documents": sum(1 for d in docs if d.corpus == name), **c.report()}
                         for name, c in sorted(by_corpus.items())}
    if show_errors:
        report["errors"] = errors
    return report


def _block(name: str, m: dict[str, Any]) -> list[str]:
    def line(label: str, s: dict[str, Any]) -> str:
        return f"    {label:8s} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}"

    return [
        f"  {name}: {m['documents']} documents, {m['gold']} gold expressions, {m['predicted']} predicted",
        line("strict", m["strict"]),
        line("relaxed", m["relaxed"]),
        f"    type     accuracy {m['type']['accuracy']:.3f} on {m['type']['pairs']} relaxed matches",
        line("value", m["value"]),
    ]


def format_report(report: dict[str, Any]) -> str:
    lines = [f"TimeML gold: {report['path']}"]
    lines += _block("all", report)
    corpora = report.get("corpora", {})
    if len(corpora) > 1:
        for name, m in corpora.items():
            lines += _block(name, m)
    for e in report.get("errors", []):
        got = e.get("got")
        gold = e.get("gold")
        lines.append(f"  {e['kind']:9s} {e['doc']} ({e['dct']}): gold {gold}  got {got}")
    return "\n".join(lines)
