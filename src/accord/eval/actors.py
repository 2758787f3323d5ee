"""Score the actor layer as the events see it: who is source, who is target, and of what kind.

Three gold sets, three measures:

1. **Roles on ConfliBERT CAMEO NER** (BIO, one ``token tag`` per line, blank line between
   sentences; tags ``B-/I-S`` source, ``B-/I-T`` target, ``B-/I-R`` both, ``O``). The
   sentence text is the tokens joined with single spaces; accord analyses it alone. A
   token is *predicted* source if it overlaps (shares a character with) the span of any
   source actor of any of accord's events, target likewise; a token can be both. Gold
   source tokens are S and R, gold target tokens T and R.

   - *token overlap*: precision, recall and F1 over tokens, micro-averaged over the file;
   - *span, partial match*: a gold span (B- then I- of the same role; an I- after
     anything else starts a span too; R spans count for both roles) is found if any
     predicted token of that role lies in it (recall); a predicted span (one actor
     mention, distinct by offsets, per role) is correct if any of its tokens is a gold
     token of that role (precision); F1 from the two.

   The same token figures are also given for the actors of the *main event* alone
   (defined below), which separates "right actors" from "right event".

2. **Countries on PLOVER gold** (as read by :mod:`accord.eval.events`, same type-name
   mapping and country codes): among the records where accord codes a non-negated event
   of the gold PLOVER type, the fraction whose source countries (over all those events)
   intersect the gold source countries; the same for targets, over the records that
   have gold target countries. Actors of no known country are left out of both sets.

3. **5-way class on ConfliBERT CAMEO classes** (``sentence<TAB>label``): the class of
   accord's main event from its CAMEO root: 01-02 -> 0, 03-05 -> 1, 06-08 -> 2,
   09-13 -> 3, 14-20 -> 4. A sentence where accord finds no event is predicted 0.
   Accuracy and a confusion matrix (rows gold, columns predicted).

**Main event** of a text: among accord's events (``010`` "make statement" events are
dropped when any other event exists), the one whose trigger is nearest the root of its
sentence in the dependency parse (fewest head steps from any trigger token), then the
highest confidence, then the first in text order.

Everywhere, the *mirror* events that the coder adds for paired verbs ("X visited Y"
also gives "Y hosted X", rule ``paired:...``) are left out: they repeat an event with
source and target swapped, so they would make every actor of such an event both.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accord.errors import Errors, InputPathError
from accord.eval.events import OLD_NAMES, _actor_country, _country, _prf, load_gold
from accord.eval.metrics import prf
from accord.nlp.model import parse_texts
from accord.pipeline import analyze_stream
from accord.records import Analysis, Event, Record
from accord.resources import Resources

ROLES = ("source", "target")
TAG_ROLES = {"S": ("source",), "T": ("target",), "R": ("source", "target")}
CLASS_NAMES = ("01-02", "03-05", "06-08", "09-13", "14-20")
STATEMENT = "010"


# ---------------------------------------------------------------- gold readers


@dataclass(slots=True)
class NerSentence:
    tokens: list[str]
    tags: list[str]  # "O", "B-S", "I-T", ...

    @property
    def text(self) -> str:
        return " ".join(self.tokens)

    @property
    def offsets(self) -> list[tuple[int, int]]:
        """Character span of each token in :attr:`text`."""
        out, pos = [], 0
        for tok in self.tokens:
            out.append((pos, pos + len(tok)))
            pos += len(tok) + 1
        return out


def _read_lines(path: Path) -> list[str]:
    if not path.exists():
        raise InputPathError(Errors.A101.format(path=path))
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise InputPathError(Errors.A501.format(path=path, detail=str(exc))) from None


def load_ner(path: Path) -> list[NerSentence]:
    """Sentences of a BIO file: ``token tag`` per line, blank lines between sentences."""
    sentences: list[NerSentence] = []
    tokens: list[str] = []
    tags: list[str] = []
    for n, line in enumerate(_read_lines(path) + [""], start=1):
        if not line.strip():
            if tokens:
                sentences.append(NerSentence(tokens, tags))
            tokens, tags = [], []
            continue
        parts = line.split()
        tag = parts[-1]
        if len(parts) < 2 or not (tag == "O" or (tag[:2] in ("B-", "I-") and tag[2:] in TAG_ROLES)):
            raise InputPathError(Errors.A501.format(path=path, detail=f"line {n}: expected 'token tag' with "
                                                    f"tag O, B-S/I-S, B-T/I-T or B-R/I-R, got {line!r}"))
        tokens.append(" ".join(parts[:-1]))
        tags.append(tag)
    return sentences


def load_classes(path: Path) -> list[tuple[str, int]]:
    """``(sentence, class)`` pairs of a ``sentence<TAB>label`` file, labels 0-4."""
    out = []
    for n, line in enumerate(_read_lines(path), start=1):
        if not line.strip():
            continue
        text, _, label = line.rpartition("\t")
        if not text.strip() or label.strip() not in {"0", "1", "2", "3", "4"}:
            raise InputPathError(Errors.A501.format(path=path, detail=f"line {n}: expected 'sentence<TAB>0..4'"))
        out.append((text.strip(), int(label)))
    return out


def plover_records(path: Path) -> tuple[list[dict[str, Any]], list[Record]]:
    """The PLOVER gold records and the accord input records made of them (as eval events does)."""
    gold = load_gold(path)
    records = [
        Record(id=r.get("id", str(i)), text=r["text"].strip().strip("{}").strip(), date=r.get("date"),
               origin=f"{path}#{i}")
        for i, r in enumerate(gold)
    ]
    return gold, records


# ---------------------------------------------------------------- definitions


def cameo_class(code: str) -> int:
    """The 5-way class of a CAMEO code, from its two-digit root."""
    root = int(code[:2])
    if root <= 2:
        return 0
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    if root <= 13:
        return 3
    return 4


def coded_events(analysis: Analysis) -> list[Event]:
    """accord's events without the paired mirror copies."""
    return [e for e in analysis.events if not e.rule.startswith("paired:")]


def trigger_depths(analysis: Analysis, doc) -> dict[str, int]:
    """Event id -> fewest head steps from any trigger token to its sentence's root."""
    depths: dict[str, int] = {}
    for event in analysis.events:
        best = None
        for tok in doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand") or ():
            steps, node = 0, tok
            while node.head.i != node.i and steps < len(doc):
                node, steps = node.head, steps + 1
            best = steps if best is None else min(best, steps)
        depths[event.id] = best if best is not None else len(doc)
    return depths


def main_event(analysis: Analysis, depths: dict[str, int]) -> Event | None:
    """See the module docstring: nearest the root, then most confident, then first."""
    events = coded_events(analysis)
    if any(e.cameo != STATEMENT for e in events):
        events = [e for e in events if e.cameo != STATEMENT]
    if not events:
        return None
    return min(enumerate(events), key=lambda ie: (depths.get(ie[1].id, 1 << 30), -ie[1].confidence, ie[0]))[1]


def gold_spans(tags: list[str]) -> dict[str, list[range]]:
    """Token ranges of the gold spans of each role (R spans in both)."""
    spans: dict[str, list[range]] = {role: [] for role in ROLES}
    start, kind = None, None
    for i, tag in enumerate(tags + ["O"]):
        same = tag.startswith("I-") and tag[2:] == kind
        if start is not None and not same:
            for role in TAG_ROLES[kind]:
                spans[role].append(range(start, i))
            start, kind = None, None
        if tag != "O" and not same:
            start, kind = i, tag[2:]
    return spans


def predicted_spans(events: Iterable[Event], offsets: list[tuple[int, int]]) -> dict[str, list[set[int]]]:
    """Per role, the token indices of each distinct actor mention of the events."""
    seen: dict[str, dict[tuple[int, int], set[int]]] = {role: {} for role in ROLES}
    for event in events:
        for role, actors in (("source", event.source), ("target", event.target)):
            for actor in actors:
                tokens = {i for i, (s, e) in enumerate(offsets) if s < actor.end and actor.start < e}
                if tokens:
                    seen[role].setdefault((actor.start, actor.end), tokens)
    return {role: list(spans.values()) for role, spans in seen.items()}


# ---------------------------------------------------------------- scoring


def _partial(found: int, gold: int, correct: int, predicted: int) -> dict[str, Any]:
    return {**prf(correct, predicted, found, gold),
            "gold_found": found, "gold_spans": gold, "predicted_correct": correct, "predicted_spans": predicted}


class _Counts:
    def __init__(self) -> None:
        self.tokens = {role: [0, 0, 0] for role in ROLES}  # tp, fp, fn
        self.spans = {role: [0, 0, 0, 0] for role in ROLES}  # found, gold, correct, predicted

    def add(self, sentence: NerSentence, events: list[Event]) -> None:
        gold = gold_spans(sentence.tags)
        pred = predicted_spans(events, sentence.offsets)
        for role in ROLES:
            gold_tokens = {i for span in gold[role] for i in span}
            pred_tokens = {i for span in pred[role] for i in span}
            t = self.tokens[role]
            t[0] += len(gold_tokens & pred_tokens)
            t[1] += len(pred_tokens - gold_tokens)
            t[2] += len(gold_tokens - pred_tokens)
            s = self.spans[role]
            s[0] += sum(1 for span in gold[role] if pred_tokens.intersection(span))
            s[1] += len(gold[role])
            s[2] += sum(1 for span in pred[role] if span & gold_tokens)
            s[3] += len(pred[role])

    def tokens_report(self) -> dict[str, Any]:
        return {role: _prf(*self.tokens[role]) for role in ROLES}

    def spans_report(self) -> dict[str, Any]:
        return {role: _partial(*self.spans[role]) for role in ROLES}


def _analyse(texts: list[Record], res: Resources, label: str, progress: bool) -> Iterator[tuple[Analysis, Any]]:
    """Analyses in input order, each with its parse (for trigger depths)."""
    results = analyze_stream(texts, res=res)
    if progress:
        from tqdm import tqdm

        results = tqdm(results, total=len(texts), desc=label, unit=" sent", file=sys.stderr)
    analyses = list(results)
    assert all(isinstance(a, Analysis) for a in analyses)  # records in, never input errors
    docs = parse_texts(res.nlp, (a.text for a in analyses))
    yield from zip(analyses, docs)


def score_ner(sentences: list[NerSentence], res: Resources, *, progress: bool = False) -> dict[str, Any]:
    records = [Record(id=f"ner{i}", text=s.text) for i, s in enumerate(sentences)]
    every, main = _Counts(), _Counts()
    no_event = 0
    for sentence, (analysis, doc) in zip(sentences, _analyse(records, res, "ner", progress)):
        events = coded_events(analysis)
        no_event += not events
        every.add(sentence, events)
        chosen = main_event(analysis, trigger_depths(analysis, doc))
        main.add(sentence, [chosen] if chosen else [])
    return {"sentences": len(sentences), "no_event": no_event, "tokens": every.tokens_report(),
            "spans": every.spans_report(), "main_event_tokens": main.tokens_report()}


def _countries(actors: Iterable) -> set[str]:
    return {c for c in map(_actor_country, actors) if c}


def score_countries(gold: list[dict[str, Any]], records: list[Record], res: Resources, *,
                    progress: bool = False) -> dict[str, Any]:
    hits = {role: [0, 0] for role in ROLES}  # hits, scored
    typed = 0
    for record, (analysis, _) in zip(gold, _analyse(records, res, "plover", progress)):
        kind = OLD_NAMES.get(record["event"], record["event"])
        events = [e for e in coded_events(analysis) if e.plover == kind and e.modality != "negated"]
        if not events:
            continue
        typed += 1
        for role in ROLES:
            want = {c for c in (_country(a.get("code")) for a in record.get(role) or []) if c}
            if not want:
                continue
            got = _countries(a for e in events for a in getattr(e, role))
            hits[role][1] += 1
            hits[role][0] += bool(got & want)
    return {"records": len(gold), "with_gold_type": typed,
            **{role: {"accuracy": round(h / n, 3) if n else 0.0, "hits": h, "scored": n}
               for role, (h, n) in hits.items()}}


def score_classes(pairs: list[tuple[str, int]], res: Resources, *, progress: bool = False) -> dict[str, Any]:
    records = [Record(id=f"cls{i}", text=text) for i, (text, _) in enumerate(pairs)]
    confusion = [[0] * 5 for _ in range(5)]
    no_event = 0
    for (_, label), (analysis, doc) in zip(pairs, _analyse(records, res, "classes", progress)):
        chosen = main_event(analysis, trigger_depths(analysis, doc))
        no_event += chosen is None
        confusion[label][cameo_class(chosen.cameo) if chosen else 0] += 1
    right = sum(confusion[i][i] for i in range(5))
    return {"sentences": len(pairs), "no_event": no_event, "accuracy": round(right / len(pairs), 3) if pairs else 0.0,
            "correct": right, "confusion": confusion}


def evaluate_actors(ner: Path, classes: Path, plover: Path, *, res: Resources | None = None,
                    limit: int | None = None, progress: bool = False) -> dict[str, Any]:
    """Read all three gold files (so a bad path fails before any analysis), then score each."""
    sentences = load_ner(ner)[:limit]
    pairs = load_classes(classes)[:limit]
    gold, records = plover_records(plover)
    gold, records = gold[:limit], records[:limit]
    res = res or Resources.load()
    return {
        "ner": {"gold": str(ner), **score_ner(sentences, res, progress=progress)},
        "countries": {"gold": str(plover), **score_countries(gold, records, res, progress=progress)},
        "classes": {"gold": str(classes), **score_classes(pairs, res, progress=progress)},
    }


# ---------------------------------------------------------------- report


def _prf_line(name: str, m: dict[str, Any]) -> str:
    line = f"  {name:7s} P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}"
    if "tp" in m:
        return line + f"   (tp {m['tp']}, fp {m['fp']}, fn {m['fn']})"
    return line + (f"   (gold spans found {m['gold_found']}/{m['gold_spans']}, "
                   f"predicted correct {m['predicted_correct']}/{m['predicted_spans']})")


def format_report(report: dict[str, Any]) -> str:
    ner, cty, cls = report["ner"], report["countries"], report["classes"]
    lines = [f"CAMEO NER gold: {ner['gold']} ({ner['sentences']} sentences, {ner['no_event']} with no accord event)",
             " actors of all events, token overlap (micro)"]
    lines += [_prf_line(role, ner["tokens"][role]) for role in ROLES]
    lines.append(" actors of all events, spans, partial match")
    lines += [_prf_line(role, ner["spans"][role]) for role in ROLES]
    lines.append(" actors of the main event only, token overlap (micro)")
    lines += [_prf_line(role, ner["main_event_tokens"][role]) for role in ROLES]
    lines.append(f"PLOVER gold: {cty['gold']} ({cty['records']} records, {cty['with_gold_type']} with an accord "
                 "event of the gold type)")
    for role in ROLES:
        m = cty[role]
        lines.append(f"  {role} country accuracy {m['accuracy']:.3f}   ({m['hits']}/{m['scored']})")
    lines.append(f"CAMEO class gold: {cls['gold']} ({cls['sentences']} sentences, {cls['no_event']} with no accord "
                 "event, predicted 0)")
    lines.append(f"  accuracy {cls['accuracy']:.3f}   ({cls['correct']}/{cls['sentences']})")
    lines.append("  confusion (rows gold, columns predicted):")
    lines.append("    " + " " * 8 + "".join(f"{name:>7s}" for name in CLASS_NAMES))
    for i, row in enumerate(cls["confusion"]):
        lines.append(f"    {i} {CLASS_NAMES[i]:6s}" + "".join(f"{n:7d}" for n in row))
    return "\n".join(lines)
