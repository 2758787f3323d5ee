"""Discovery: the people and groups in a corpus that the actor knowledge base does not know.

The resolver marks every named person, organisation or group (spaCy PERSON, ORG, NORP as a
noun) that has no KB record: ``provisional+...`` when the context gave it a code ("Kenyan
opposition leader X" -> KENOPP), ``unresolved...`` when it did not (see
:func:`accord.actors.resolver.entities_from_doc`). This module runs the pipeline over files and
counts those names, most frequent first, so that the KB can grow where it matters.

Names are counted case- and space-insensitively, without a leading "the", a possessive "'s",
an honorific ("Mr. X" is X) or a middle initial ("Donald J. Trump" is Donald Trump); within one
document a lone surname counts for the full name that ends with it ("Odingo" after "Raila Odingo").
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from accord.actors.resolver import DISCOVERY_LABELS, PROVISIONAL, UNRESOLVED
from accord.batch import RunStats, run_files
from accord.records import Analysis, Entity
from accord.resources import Config, Resources

EXAMPLES = 2  # example sentences kept per name
EXAMPLE_CHARS = 160
HONORIFICS = frozenset(
    "mr mrs ms miss mister madam madame mme mlle dr doctor sir dame prof professor rev monsieur".split()
)
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
_EDGE = " \t\n\"'()[]{},;:-–—"
_INITIAL = re.compile(r"[A-Z]\.?")


@dataclass
class UnresolvedActor:
    """A name the KB lacks, with how often and how it was seen."""

    name: str  # the most frequent way it was written (without "the", "'s", honorifics)
    key: str  # what names were merged on
    count: int  # mentions (entities) in all
    documents: int  # documents it appears in
    label: str  # the most frequent spaCy label: PERSON, ORG or NORP
    codes: list[str]  # provisional codes seen, most frequent first; empty if never coded
    examples: list[str]  # up to EXAMPLES sentences, trimmed to about EXAMPLE_CHARS

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "count": self.count, "documents": self.documents, "label": self.label,
                "codes": self.codes, "examples": self.examples}


@dataclass
class UnresolvedReport:
    actors: list[UnresolvedActor]  # the top names
    names: int  # distinct names seen
    mentions: int  # unresolved or provisional mentions counted
    stats: RunStats


@dataclass
class _Tally:
    count: int = 0
    docs: set[str] = field(default_factory=set)
    forms: Counter[str] = field(default_factory=Counter)
    labels: Counter[str] = field(default_factory=Counter)
    codes: Counter[str] = field(default_factory=Counter)
    examples: list[tuple[str, str]] = field(default_factory=list)  # (doc key, sentence)


def name_key(text: str) -> tuple[str, str]:
    """(key, display form) of an entity's text: "Mr.  Raila Odingo's" -> ("raila odingo", "Raila Odingo")."""
    words = text.translate(_QUOTES).split()
    if words and words[-1].endswith("'s"):
        words[-1] = words[-1][:-2]
    elif words and words[-1].endswith("s'"):
        words[-1] = words[-1][:-1]
    while len(words) > 1 and (words[0].lower() == "the" or words[0].lower().rstrip(".") in HONORIFICS):
        words = words[1:]
    if len(words) > 2:  # "Donald J. Trump" is Donald Trump
        words = [words[0], *(w for w in words[1:-1] if not _INITIAL.fullmatch(w)), words[-1]]
    shown = " ".join(words).strip(_EDGE)
    return shown.casefold(), shown


def is_discovered(entity: Entity) -> bool:
    """Whether an entity is a person or group the KB lacks, standing for its actor."""
    actor = entity.actor
    if actor is None or entity.label not in DISCOVERY_LABELS or actor.kb_id is not None:
        return False
    if not (actor.rule or "").startswith((PROVISIONAL, UNRESOLVED)):
        return False
    return actor.entity in (None, entity.id)


class UnresolvedCounter:
    """Counts the unresolved and provisional names of the analyses given to :meth:`add`."""

    def __init__(self) -> None:
        self.tallies: dict[str, _Tally] = {}
        self.mentions = 0
        self._docs = 0

    def add(self, analysis: Analysis) -> None:
        self._docs += 1
        doc_key = f"{self._docs}:{analysis.id}"
        found = [(e, *name_key(e.text)) for e in analysis.entities
                 if is_discovered(e) and not _in_dateline(analysis, e)]
        full = {}  # surname -> full name in this document
        for e, key, _ in found:
            parts = key.split()
            if e.label == "PERSON" and len(parts) > 1:
                full.setdefault(parts[-1], key)
        for e, key, shown in found:
            if not key:
                continue
            if e.label in ("PERSON", "ORG") and " " not in key and key in full:
                key = full[key]  # "Odingo" for "Raila Odingo" (the tagger often calls a surname ORG)
                shown = ""
            tally = self.tallies.setdefault(key, _Tally())
            tally.count += 1
            tally.docs.add(doc_key)
            if shown:
                tally.forms[shown] += 1
            tally.labels[e.label] += 1
            if e.actor is not None and e.actor.code:
                tally.codes[e.actor.code] += 1
            self._example(tally, doc_key, analysis, e)
            self.mentions += 1

    def _example(self, tally: _Tally, doc_key: str, analysis: Analysis, e: Entity) -> None:
        """Keep the first sentences seen, from two documents where there are two."""
        docs = {d for d, _ in tally.examples}
        full = len(tally.examples) >= EXAMPLES
        if full and (len(docs) > 1 or doc_key in docs):
            return
        text = _sentence_around(analysis, e)
        if any(t == text for _, t in tally.examples):
            return
        if full:
            tally.examples[-1] = (doc_key, text)  # a second document's sentence over the first's second
        else:
            tally.examples.append((doc_key, text))

    def top(self, n: int | None = None) -> list[UnresolvedActor]:
        ranked = sorted(self.tallies.items(), key=lambda kv: (-kv[1].count, -len(kv[1].docs), kv[0]))
        out = []
        for key, t in ranked[:n] if n is not None else ranked:
            name = t.forms.most_common(1)[0][0] if t.forms else key
            out.append(UnresolvedActor(
                name=name, key=key, count=t.count, documents=len(t.docs), label=t.labels.most_common(1)[0][0],
                codes=[c for c, _ in t.codes.most_common()], examples=[s for _, s in t.examples],
            ))
        return out


def unresolved_report(
    paths: Sequence[str],
    *,
    config: Config | None = None,
    res: Resources | None = None,
    workers: int = 1,
    top: int | None = 50,
    progress: bool | None = False,
    max_chars: int = 5_000_000,
) -> UnresolvedReport:
    """Run the pipeline over ``paths`` and count the names the KB lacks (top ``top``; None: all)."""
    counter = UnresolvedCounter()

    def sink(result) -> None:
        if isinstance(result, Analysis):
            counter.add(result)

    stats = run_files(paths, sink, config=config, res=res, workers=workers, progress=progress, max_chars=max_chars)
    return UnresolvedReport(counter.top(top), len(counter.tallies), counter.mentions, stats)


def unresolved_actors(
    paths: Sequence[str], *, config: Config | None = None, workers: int = 1, top: int | None = 50
) -> list[UnresolvedActor]:
    """The ``top`` most frequent people and groups under ``paths`` that the KB does not know."""
    return unresolved_report(paths, config=config, workers=workers, top=top).actors


# ---- output ----


def format_table(actors: Sequence[UnresolvedActor]) -> str:
    """A table for the terminal: one row per name, its example sentences below it."""
    if not actors:
        return "No unresolved or provisional actors found."
    rows = [(str(a.count), str(a.documents), a.label, ",".join(a.codes) or "-", a.name) for a in actors]
    head = ("count", "docs", "label", "codes", "name")
    widths = [max(len(r[i]) for r in [*rows, head]) for i in range(4)]

    def line(r: tuple[str, ...]) -> str:
        return (f"{r[0]:>{widths[0]}}  {r[1]:>{widths[1]}}  {r[2]:<{widths[2]}}  {r[3]:<{widths[3]}}  {r[4]}").rstrip()

    out = [line(head)]
    indent = " " * (widths[0] + widths[1] + 4)
    for r, a in zip(rows, actors):
        out.append(line(r))
        out += [f"{indent}| {s}" for s in a.examples]
    return "\n".join(out)


CSV_FIELDS = ["name", "count", "documents", "label", "codes"] + [f"example_{i + 1}" for i in range(EXAMPLES)]


def write_actors(actors: Sequence[UnresolvedActor], out: IO[str], fmt: str = "table") -> None:
    """Write ``actors`` as a table, CSV (codes joined by ';') or a JSON list."""
    if fmt == "table":
        out.write(format_table(actors) + "\n")
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_FIELDS)
        for a in actors:
            examples = a.examples + [""] * (EXAMPLES - len(a.examples))
            writer.writerow([a.name, a.count, a.documents, a.label, ";".join(a.codes), *examples])
    elif fmt == "json":
        out.write(json.dumps([a.to_json() for a in actors], ensure_ascii=False, indent=2) + "\n")
    else:
        raise ValueError(f"unknown format {fmt!r}")


# ---- helpers ----


def _in_dateline(analysis: Analysis, e: Entity) -> bool:
    """An entity in the dateline ("VIENNA (Reuters) -") names the agency, not an actor."""
    dl = analysis.dateline
    if dl is None or not dl.end:
        return False
    start = analysis.text.rfind("\n", 0, dl.end) + 1
    return start <= e.start < dl.end


def _sentence_around(analysis: Analysis, e: Entity) -> str:
    """The sentence holding the entity, on one line, cut to about EXAMPLE_CHARS around it."""
    k = analysis.sentence_of(e.start)
    start, end = analysis.sentences[k] if k >= 0 else (e.start, e.end)
    text = analysis.text[start:end]
    a, b = e.start - start, e.end - start
    if len(text) > EXAMPLE_CHARS:
        room = max(EXAMPLE_CHARS - (b - a), 0)
        left = max(0, min(a - room // 2, len(text) - EXAMPLE_CHARS))
        right = min(len(text), max(b, left + EXAMPLE_CHARS))
        cut = text[left:right]
        if left > 0:  # drop the cut word before the name
            cut = "…" + (cut.split(" ", 1)[-1] if " " in cut[: a - left] else cut)
        if right < len(text):  # and the one after it
            cut = (cut.rsplit(" ", 1)[0] if " " in cut[len(cut) - (right - b) :] else cut) + "…"
        text = cut
    return re.sub(r"\s+", " ", text).strip()
