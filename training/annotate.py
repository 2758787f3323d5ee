"""Annotation tools for accord's learned event model (issue 13): pool, batches, ingest, agreement.

Annotators (people or LLM helpers) read ``training/GUIDE.md`` and a batch printed by ``show``,
write their answers with span *texts*, and ``ingest`` turns them into stand-off records that
hold character offsets only: no sentence text is ever written under ``training/`` (the texts
stay in ``../shared``). The file formats are in ``training/FORMAT.md``.

    python -m training.annotate select            # pool.jsonl + batches/NNN.jsonl (needs ../shared)
    python -m training.annotate show 003          # the batch, numbered, for an annotator
    python -m training.annotate ingest 003 answers.jsonl --annotator h1
    python -m training.annotate blind             # batches/blind.jsonl: the PLOVER dev sentences
    python -m training.annotate agree annotations/blind.h1.jsonl
    python -m training.annotate kappa annotations/003.h1.jsonl annotations/003.h2.jsonl
    python -m training.annotate stats

Only the standard library and accord are used; accord's model is loaded by ``select`` alone.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import tempfile
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from accord.eval.actors import NerSentence, cameo_class, gold_spans, load_ner, plover_records
from accord.eval.events import INTERNATIONAL, OLD_NAMES, _country, _triples, gold_sets
from accord.eval.metrics import prf

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"

# ---------------------------------------------------------------- vocabulary

TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
         "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
# accord's modality words (spec/analysis-format.md), strongest first: an event takes the first that applies.
MODES = ("negated", "hypothetical", "demanded", "planned", "intended", "reported", "asserted")
# PLOVER 2.0 modes (the "how" of a type), optional in an answer; ASSAULT's are the weapon or manner.
PLOVER_MODES: dict[str, tuple[str, ...]] = {
    "CONSULT": ("visit", "third-party", "multilateral", "phone"),
    "RETREAT": ("withdraw", "release", "disarm", "ceasefire", "access", "resign"),
    "REQUEST": ("assist", "change", "yield", "meet"),
    "REJECT": ("assist", "change", "yield", "meet"),
    "ACCUSE": ("disapprove", "investigate", "allege"),
    "THREATEN": ("restrict", "arrest", "relations", "expel", "territory", "violence"),
    "PROTEST": ("demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"),
    "SANCTION": ("convict", "expel", "withdraw", "discontinue"),
    "MOBILIZE": ("troops", "weapons", "police", "militia"),
    "COERCE": ("seize", "restrict", "censor", "curfew", "martial-law", "arrest", "deport", "withhold",
               "misinformation", "cyber"),
    "ASSAULT": ("abduct", "beat", "torture", "sexual", "targeted", "destroy", "primitive", "firearms",
                "explosives", "suicide-attack", "aerial", "drone", "heavy-weapons", "crowd-control",
                "unconventional"),
}
# CAMEO codes whose subtrees a type covers, the main family first (GUIDE.md section 7). 02 (appeal) is
# our choice: PLOVER 2.0 REQUEST is "all requests, demands, and orders"; CAMEO2PLOVER drops 02.
CAMEO_FAMILY: dict[str, tuple[str, ...]] = {
    "AGREE": ("03",), "CONSULT": ("04",), "SUPPORT": ("05",), "COOPERATE": ("06",), "AID": ("07",),
    "CONCEDE": ("081", "082", "083"), "RETREAT": ("084", "085", "086", "087"), "REQUEST": ("10", "02"),
    "ACCUSE": ("11", "09"), "REJECT": ("12",), "THREATEN": ("13",), "PROTEST": ("14",), "MOBILIZE": ("15",),
    "SANCTION": ("16",), "COERCE": ("17",), "ASSAULT": ("18", "19", "20"),
}
CLASS_OF_TYPE = {kind: cameo_class(codes[0]) for kind, codes in CAMEO_FAMILY.items()}
CLASS_NAMES = ("CAMEO 01-02: statements and appeals", "CAMEO 03-05: verbal cooperation",
               "CAMEO 06-08: material cooperation", "CAMEO 09-13: verbal conflict",
               "CAMEO 14-20: material conflict")
# Types an annotator may meet under each ConfliBERT class (an appeal, class 0, is a REQUEST for us).
TYPES_OF_CLASS = {c: {t for t, k in CLASS_OF_TYPE.items() if k == c} for c in range(5)}
TYPES_OF_CLASS[0] = {"REQUEST"}

# Words that suggest a type; used only to guess candidates for the pool, never as labels.
KEYWORDS = {
    "AGREE": r"agree[sd]?|agreement|pledg\w*|promis\w*|vow\w*|offer(?:ed|s)?|will (?:meet|visit|sign|send|provide)",
    "CONSULT": r"met|meets?|meetings?|talks|visit\w*|negotiat\w*|summit|phone call|spoke (?:with|to)|consult\w*|"
               r"host(?:ed|s)?",
    "SUPPORT": r"prais\w*|endors\w*|welcom\w*|commend\w*|applaud\w*|apologi[sz]\w*|recogni[sz]\w*|sign(?:ed|s)?|"
               r"ratif\w*|back(?:ed|s)",
    "CONCEDE": r"pardon\w*|amnest\w*|lift(?:ed|s)?|eas(?:ed|es)|conced\w*|concessions?|called off|back(?:ed)? down",
    "COOPERATE": r"cooperat\w*|joint (?:exercises?|patrols?|operations?|drills?)|extradit\w*|share[sd]? intelligence|"
                 r"trade deal",
    "AID": r"aid|donat\w*|asylum|humanitarian|relief|rescu\w*|funding|loans?|grants?|supplies",
    "RETREAT": r"withdr[ae]w\w*|pull(?:ed|s|ing)? out|releas(?:ed|es|ing)|freed|resign\w*|step(?:ped|s)? down|"
               r"surrender\w*|ceasefire|cease-fire|truce|disarm\w*",
    "REQUEST": r"urg\w*|call(?:ed|s|ing)? (?:for|on)|demand\w*|ask(?:ed|s)?|appeal\w*|request\w*|press(?:ed|es)? for|"
               r"insist\w*",
    "ACCUSE": r"accus\w*|criticiz\w*|criticis\w*|condemn\w*|blam\w*|denounc\w*|charg(?:ed|es)|indict\w*|"
              r"investigat\w*|probe[sd]?|su(?:ed|es|ing)|lawsuit|alleg\w*|slam\w*|complain\w*",
    "REJECT": r"reject\w*|refus\w*|declin\w*|veto\w*|oppos\w*|rebuff\w*|def(?:y|ied|ies)|boycott\w*",
    "THREATEN": r"threat\w*|warn\w*|ultimatum",
    "PROTEST": r"protest\w*|demonstrat\w*|rall(?:y|ies|ied)|march(?:ed|es)?|strikes?|sit-in|riot\w*|picket\w*",
    "SANCTION": r"sanction\w*|expel\w*|cut ties|sever\w*|suspend\w*|recall(?:ed|s)?|embargo|cancel\w*|"
                r"downgrad\w*",
    "MOBILIZE": r"deploy\w*|mobili[sz]\w*|troops|alert|military exercises?|drills|massed|buildup|build-up|warships?",
    "COERCE": r"arrest\w*|detain\w*|jail\w*|imprison\w*|seiz\w*|confiscat\w*|bann(?:ed|ing)|deport\w*|raid\w*|"
              r"curfew|crack(?:ed|s)? down|crackdown|censor\w*|blockad\w*|state of emergency|sentenced",
    "ASSAULT": r"attack\w*|kill\w*|bomb\w*|shot|shoot\w*|fir(?:ed|ing) (?:on|at)|air ?strikes?|airstrikes?|shell\w*|"
               r"clash\w*|fight\w*|assault\w*|massacre\w*|abduct\w*|kidnap\w*|wound\w*|stabb\w*|assassinat\w*|"
               r"tortur\w*|beat(?:en|ing)?|explosions?|gunmen|rap(?:ed|e)",
}
_KEYWORD_RES = {kind: re.compile(rf"\b(?:{pattern})\b") for kind, pattern in KEYWORDS.items()}

ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
EVENT_LAYERS = ("sentences.v1", "actors.v1", "quotes.v1", "events.v1")
EXTRA_COUNTRIES = frozenset({"KOS"})  # PLOVER's Kosovo; accord's base says KSV
# Old or made-up country codes annotators may write, with the ISO3 code to suggest (the PLOVER gold has JAP, ROM).
OLD_COUNTRY_CODES = {"JAP": "JPN", "ROM": "ROU", "GER": "DEU", "SPA": "ESP", "SUD": "SDN", "PAL": "PSE", "ITL": "ITA",
                     "VTN": "VNM"}
EXTRA_SECTORS = frozenset({"PTY", "REL", "PRM", "UNK", "JRN", "SOC", "PRE", "NGO", "IGO"})
NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
BATCH_SIZE = 100


class AnnotationError(Exception):
    """Problems found in an input, each ``file:line: what``; raised once with all of them."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


# ---------------------------------------------------------------- files and references


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Objects of a JSON Lines file; a bad line is an AnnotationError naming it."""
    out, problems = [], []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{path}:{n}: not JSON ({exc.msg})")
            continue
        if not isinstance(obj, dict):
            problems.append(f"{path}:{n}: expected a JSON object")
            continue
        out.append(obj)
    if problems:
        raise AnnotationError(problems)
    return out


def write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    """Write atomically: a temp file beside the target, then os.replace."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def ref_key(ref: dict[str, Any]) -> str:
    """One string per sentence reference (for joins and de-duplication)."""
    where = ref.get("line", ref.get("record"))
    if where is None:
        where = f"{ref['start']}-{ref['end']}"
    return f"{ref['corpus']}:{ref['file']}:{where}"


class Texts:
    """The sentence of a reference, read from ``../shared`` when needed and never stored.

    - ``{"line": N}``: line N (1-based) of the file, without a trailing ``<TAB>label``, stripped;
    - ``{"start": S, "end": E}``: characters S to E of the file read as UTF-8, newlines untouched;
    - ``{"record": I}``: record I of a PLOVER gold JSON list, its text as ``accord eval events`` reads it.
    """

    def __init__(self, shared: Path = SHARED) -> None:
        self.shared = shared
        self._cache: dict[str, Any] = {}

    def path(self, rel: str) -> Path:
        path = self.shared / rel
        if not path.exists():
            raise AnnotationError([f"{path}: not found (is ../shared there? --shared DIR points elsewhere)"])
        return path

    def load(self, rel: str, kind: str) -> Any:
        key = f"{kind}:{rel}"
        if key not in self._cache:
            path = self.path(rel)
            if kind == "lines":
                self._cache[key] = path.read_text(encoding="utf-8").splitlines()
            elif kind == "text":
                self._cache[key] = path.read_bytes().decode("utf-8")
            else:
                raw = json.loads(path.read_text(encoding="utf-8"))
                _, records = plover_records(path)
                texts = {r.id: r.text for r in records}
                self._cache[key] = [(r, texts.get(r.get("id"))) if isinstance(r, dict) else (r, None) for r in raw]
        return self._cache[key]

    def sentence(self, ref: dict[str, Any]) -> str:
        if "line" in ref:
            line = self.load(ref["file"], "lines")[ref["line"] - 1]
            return (line.rpartition("\t")[0] if "\t" in line else line).strip()
        if "record" in ref:
            text = self.load(ref["file"], "records")[ref["record"]][1]
            if text is None:
                raise AnnotationError([f"{ref['file']}: record {ref['record']} has no text"])
            return text
        return self.load(ref["file"], "text")[ref["start"]:ref["end"]]

    def gold(self, ref: dict[str, Any]) -> dict[str, Any]:
        """The PLOVER gold record of a ``record`` reference."""
        return self.load(ref["file"], "records")[ref["record"]][0]


# ---------------------------------------------------------------- spans

_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"',
                       "\u2013": "-", "\u2014": "-", "\u00a0": " "})  # one character for one: offsets hold


def find_span(sentence: str, phrase: str, occurrence: int | None = None) -> tuple[int, int]:
    """Offsets of ``phrase`` in ``sentence``, whole words only; ValueError says what is wrong.

    Curly and straight quotes, dashes and runs of white space compare alike, and case only
    matters when the exact case is found. A phrase found more than once needs ``occurrence``
    (1 = first), so that a repeated word is never silently taken for the wrong one.
    """
    words = phrase.translate(_FOLD).split()
    if not words:
        raise ValueError("empty span text")
    pattern = r"\s+".join(map(re.escape, words))
    if re.match(r"\w", words[0]):
        pattern = r"(?<!\w)" + pattern
    if re.search(r"\w$", words[-1]):
        pattern += r"(?!\w)"
    text = sentence.translate(_FOLD)
    hits = [m.span() for m in re.finditer(pattern, text)] or [m.span() for m in re.finditer(pattern, text, re.I)]
    if not hits:
        raise ValueError(f"{phrase!r} is not in the sentence (copy it exactly, whole words)")
    if occurrence is None:
        if len(hits) > 1:
            raise ValueError(f"{phrase!r} occurs {len(hits)} times: add which one (1 = first) after it")
        return hits[0]
    if not 1 <= occurrence <= len(hits):
        raise ValueError(f"{phrase!r} occurs {len(hits)} time(s), so occurrence {occurrence} does not exist")
    return hits[occurrence - 1]


# ---------------------------------------------------------------- actor codes


@dataclass(frozen=True)
class CodeBook:
    """Which actor codes are well formed: ISO3 country, international code or sector first."""

    countries: frozenset[str]
    sectors: frozenset[str]
    international: frozenset[str]

    @classmethod
    def load(cls) -> CodeBook:
        from accord.actors.kb import ActorKB  # a few seconds: only ingest and agree need it

        kb = ActorKB.load()
        return cls(frozenset(kb.countries) | EXTRA_COUNTRIES, frozenset(kb.roles) | EXTRA_SECTORS,
                   frozenset(kb.international))

    def problem(self, code: Any) -> str | None:
        if not isinstance(code, str) or not re.fullmatch(r"(?:[A-Z]{3})+", code):
            return f"code {code!r} is not groups of three capital letters (USAGOV, IGOUNO, REB)"
        head, second = code[:3], code[3:6]
        if head in self.countries and second and second not in self.sectors | self.countries | self.international:
            sectors = " ".join(sorted(self.sectors))
            return f"code {code!r}: after the country {head} comes a sector ({sectors}), not {second!r}"
        if head in self.countries or head in self.international or head in self.sectors:
            return None
        hint = OLD_COUNTRY_CODES.get(head)
        return (f"code {code!r} starts with {head!r}, which is not an ISO3 country, an international code "
                f"(IGO NGO IMG MNC) or a sector" + (f"; did you mean {hint}?" if hint else ""))

    def country(self, code: str) -> str | None:
        """The country ``accord eval events`` compares: ISO3, or IGO/IMG for international actors."""
        head = code[:3]
        if head in self.countries or head in INTERNATIONAL:
            return _country(head)
        return None


# ---------------------------------------------------------------- answers -> stand-off records

_EVENT_KEYS = {"type", "main", "mode", "plover_mode", "trigger", "source", "target"}
_ANSWER_KEYS = {"n", "events", "no_event", "unsure"}


def _span_of(value: Any, sentence: str, with_code: bool) -> tuple[int, int, str | None]:
    """``"text"``/``["text", k]`` (trigger) or ``["text", "CODE"]``/``["text", "CODE", k]`` (actor)."""
    if not with_code and isinstance(value, str):
        return (*find_span(sentence, value), None)
    size = 2 if with_code else 1
    if not isinstance(value, list) or len(value) not in (size, size + 1) or not isinstance(value[0], str):
        form = '["text", "CODE"] or ["text", "CODE", k]' if with_code else '"text" or ["text", k]'
        raise ValueError(f"expected {form}, got {json.dumps(value, ensure_ascii=False)}")
    occurrence = value[size] if len(value) > size else None
    if occurrence is not None and (not isinstance(occurrence, int) or isinstance(occurrence, bool)):
        raise ValueError(f"occurrence must be a whole number, got {occurrence!r}")
    start, end = find_span(sentence, value[0], occurrence)
    return start, end, value[1] if with_code else None


def convert_event(event: Any, sentence: str, book: CodeBook, single: bool) -> tuple[dict[str, Any], list[str]]:
    """One answered event -> its stand-off form, and what is wrong with it (empty when nothing)."""
    if not isinstance(event, dict):
        return {}, ["an event must be a JSON object"]
    known = ", ".join(sorted(_EVENT_KEYS))
    problems = [f"unknown field {k!r} (known: {known})" for k in sorted(set(event) - _EVENT_KEYS)]
    kind = event.get("type")
    if kind in OLD_NAMES:
        problems.append(f"type {kind!r} is a pre-2.0 name: write {OLD_NAMES[kind]}")
    elif kind not in TYPES:
        problems.append(f"type {kind!r} is not a PLOVER 2.0 type ({' '.join(TYPES)})")
    mode = event.get("mode", "asserted")
    if mode not in MODES:
        problems.append(f"mode {mode!r} is not one of {' '.join(MODES)}")
    main = event.get("main", single)
    if not isinstance(main, bool):
        problems.append(f"main must be true or false, got {main!r}")
    out: dict[str, Any] = {"type": kind, "main": main, "mode": mode}
    if "plover_mode" in event and event["plover_mode"] is not None:
        allowed = PLOVER_MODES.get(kind, ())
        if event["plover_mode"] not in allowed:
            problems.append(f"plover_mode {event['plover_mode']!r} is not one of {kind}'s: "
                            f"{' '.join(allowed) or 'none'}")
        out["plover_mode"] = event["plover_mode"]
    if "trigger" not in event:
        problems.append("trigger is missing")
    else:
        try:
            out["trigger"] = list(_span_of(event["trigger"], sentence, False)[:2])
        except ValueError as exc:
            problems.append(f"trigger: {exc}")
    for role in ("source", "target"):
        spans = event.get(role) or []
        if not isinstance(spans, list):
            problems.append(f"{role} must be a list of [\"text\", \"CODE\"]")
            continue
        out[role] = []
        for value in spans:
            try:
                start, end, code = _span_of(value, sentence, True)
            except ValueError as exc:
                problems.append(f"{role}: {exc}")
                continue
            if (bad := book.problem(code)) is not None:
                problems.append(f"{role} {value[0]!r}: {bad}")
            out[role].append([start, end, code])
    return out, problems


def convert_answers(answers: Sequence[tuple[str, Any]], items: dict[int, dict[str, Any]], texts: Texts,
                    book: CodeBook, *, batch: str, annotator: str) -> list[dict[str, Any]]:
    """Answers (``(where, object)``, where = ``file:line``) -> stand-off records, or AnnotationError."""
    records: dict[int, dict[str, Any]] = {}
    problems: list[str] = []
    for where, answer in answers:
        if not isinstance(answer, dict):
            problems.append(f"{where}: expected a JSON object with n and events")
            continue
        known = ", ".join(sorted(_ANSWER_KEYS))
        problems += [f"{where}: unknown field {k!r} (known: {known})" for k in sorted(set(answer) - _ANSWER_KEYS)]
        n = answer.get("n")
        if isinstance(n, bool) or n not in items:
            problems.append(f"{where}: n {n!r} is not a sentence number of batch {batch} (1..{max(items, default=0)})")
            continue
        if n in records:
            problems.append(f"{where}: sentence {n} is answered twice")
            continue
        events = answer.get("events") or []
        if not isinstance(events, list):
            problems.append(f"{where}: events must be a list")
            continue
        sentence = texts.sentence(items[n]["ref"])
        converted = []
        for i, event in enumerate(events, start=1):
            out, wrong = convert_event(event, sentence, book, single=len(events) == 1)
            problems += [f"{where}: sentence {n}, event {i}: {w}" for w in wrong]
            converted.append(out)
        if events and sum(e.get("main") is True for e in converted) != 1:
            problems.append(f"{where}: sentence {n}: exactly one event must have \"main\": true")
        no_event = answer.get("no_event", not events)
        if no_event is not (not events):
            problems.append(f"{where}: sentence {n}: no_event must be {str(not events).lower()} "
                            f"when there {'are no' if not events else 'are'} events")
        record = {"ref": items[n]["ref"], "batch": batch, "n": n, "annotator": annotator,
                  "no_event": not events, "events": converted}
        if answer.get("unsure"):
            record["unsure"] = True
        records[n] = record
    if problems:
        raise AnnotationError(problems)
    return [records[n] for n in sorted(records)]


def read_answers(paths: Sequence[Path]) -> list[tuple[str, Any]]:
    """``(file:line, object)`` of answer files; blank lines and ``` fences are skipped (LLMs write them)."""
    out, problems = [], []
    for path in paths:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip() or line.lstrip().startswith("```"):
                continue
            try:
                out.append((f"{path}:{n}", json.loads(line)))
            except json.JSONDecodeError as exc:
                problems.append(f"{path}:{n}: not JSON ({exc.msg}); write one answer object per line")
    if problems:
        raise AnnotationError(problems)
    return out


# ---------------------------------------------------------------- ConfliBERT: NER spans onto class lines


def _fold_piece(piece: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", piece) if not unicodedata.combining(ch)).lower()


def pieces(text: str) -> list[tuple[str, int, int]]:
    """Words and punctuation marks of a text, folded for comparison (case, accents, quotes), with offsets."""
    return [(_fold_piece(m.group()), m.start(), m.end()) for m in re.finditer(r"\w+|[^\w\s]", text.translate(_FOLD))]


def _transfer(sentence: NerSentence, ner_pieces: list[str], owner: list[int],
              line: list[tuple[str, int, int]]) -> dict[str, list[list[int]]]:
    """The S/T spans of a NER sentence as offsets into the class line (a span whose ends do not match is dropped)."""
    mapped: dict[int, int] = {}
    for block in SequenceMatcher(None, ner_pieces, [p for p, _, _ in line], autojunk=False).get_matching_blocks():
        mapped.update({block.a + k: block.b + k for k in range(block.size)})
    out: dict[str, list[list[int]]] = {}
    for role, ranges in gold_spans(sentence.tags).items():
        for tokens in ranges:
            inside = [i for i, tok in enumerate(owner) if tok in tokens]
            if inside and inside[0] in mapped and inside[-1] in mapped:
                out.setdefault(role, []).append([line[mapped[inside[0]]][1], line[mapped[inside[-1]]][2]])
    return out


def align_ner(lines: dict[int, str], sentences: Sequence[NerSentence], *,
              min_cover: float = 0.75) -> tuple[dict[int, dict[str, Any]], dict[str, int]]:
    """Match each NER sentence to a class line by content; returns hints per line number and a report.

    The NER file is not a token copy of the class file: it lacks some lines, and some of its
    sentences are shortened or reworded. A sentence matches the first free line with the same
    words (``exact``), else the free line covering at least ``min_cover`` of its words (``fuzzy``).
    """
    line_pieces = {n: pieces(t) for n, t in lines.items()}
    by_words: dict[str, list[int]] = defaultdict(list)
    for n, ps in line_pieces.items():
        by_words[" ".join(p for p, _, _ in ps)].append(n)
    vocab = {n: {p for p, _, _ in ps} for n, ps in line_pieces.items()}
    hints: dict[int, dict[str, Any]] = {}
    order: list[int] = []
    report = Counter(ner_sentences=len(sentences))
    for sentence in sentences:
        ner_pieces, owner = [], []
        for i, token in enumerate(sentence.tokens):
            for p, _, _ in pieces(token):
                ner_pieces.append(p)
                owner.append(i)
        n = next((m for m in by_words.get(" ".join(ner_pieces), []) if m not in hints), None)
        how = "exact"
        if n is None:
            n, how = _closest(ner_pieces, line_pieces, vocab, hints, min_cover), "fuzzy"
        if n is None:
            report["unmatched"] += 1
            continue
        report[how] += 1
        hints[n] = {"align": how, **_transfer(sentence, ner_pieces, owner, line_pieces[n])}
        order.append(n)
    report["out_of_order"] = sum(1 for a, b in zip(order, order[1:]) if b < a)
    return hints, dict(report)


def _closest(ner_pieces: list[str], line_pieces: dict[int, list[tuple[str, int, int]]], vocab: dict[int, set[str]],
             taken: dict[int, Any], min_cover: float) -> int | None:
    words = set(ner_pieces)
    best, best_cover = None, min_cover
    for n, seen in vocab.items():
        if n in taken or len(words & seen) < min_cover * len(words):
            continue
        matcher = SequenceMatcher(None, ner_pieces, [p for p, _, _ in line_pieces[n]], autojunk=False)
        cover = sum(b.size for b in matcher.get_matching_blocks()) / len(ner_pieces)
        if cover > best_cover:
            best, best_cover = n, cover
    return best


# ---------------------------------------------------------------- guessing a type (pool only)


def keyword_types(text: str) -> list[str]:
    """Types whose keywords occur in the text, in order of first occurrence.

    Case counts (but for the first word): "March" the month is no march, "Strike Force" no strike.
    """
    text = text[:1].lower() + text[1:]
    first = {kind: m.start() for kind, rx in _KEYWORD_RES.items() if (m := rx.search(text))}
    return sorted(first, key=first.__getitem__)


@dataclass(slots=True)
class Candidate:
    """A sentence that may enter the pool, with what accord and the keywords guess about it."""

    ref: dict[str, Any]
    guess: str | None
    found_by: str | None  # "accord+keyword" | "accord" | "keyword" | None
    types: frozenset[str]
    folded: str  # letters and digits, lower case: for de-duplication and exclusion (never written)
    extra: dict[str, Any] = field(default_factory=dict)  # hints (ConfliBERT), context and date (news)

    @property
    def key(self) -> str:
        return ref_key(self.ref)

    @property
    def order(self) -> str:
        """A fixed pseudo-random order: the same pool on every run."""
        return hashlib.sha1(self.key.encode()).hexdigest()

    @property
    def priority(self) -> int:
        return {"accord+keyword": 0, "accord": 1, "keyword": 2}.get(self.found_by or "", 3)

    def entry(self) -> dict[str, Any]:
        return {"ref": self.ref, "guess": self.guess, "found_by": self.found_by, **self.extra}


def fold_text(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", _fold_piece(text.translate(_FOLD)))


def guess_type(text: str, accord: Sequence[str],
               allowed: set[str] | None = None) -> tuple[str | None, str | None, frozenset[str]]:
    """(guess, found_by, all suggested types) from accord's types (best first) and the keywords."""
    words = keyword_types(text)
    suggested = [*accord, *words]
    if allowed is not None:
        suggested = [t for t in suggested if t in allowed] or suggested
    if not suggested:
        return None, None, frozenset()
    guess = suggested[0]
    found_by = "+".join(name for name, kinds in (("accord", accord), ("keyword", words)) if guess in kinds)
    return guess, found_by, frozenset(accord) | frozenset(words)


def accord_types(analysis: Any, sentence: int) -> list[str]:
    """PLOVER types of accord's events in a sentence, most confident first (no mirrors, no negations)."""
    events = [e for e in analysis.events if e.sentence == sentence and e.plover
              and not e.rule.startswith("paired:") and e.modality != "negated"]
    events.sort(key=lambda e: (-e.confidence, e.trigger.start))
    return list(dict.fromkeys(e.plover for e in events))


# ---------------------------------------------------------------- the pool

CONFLIBERT_CLASSES = "gold/conflibert-cameo/cameo_class_train.tsv"
CONFLIBERT_NER = "gold/conflibert-cameo/cameo_ner_train.txt"
POLNEAR_TRAIN = "gold/polnear/data/train/text"
PLOVER_DEV = "gold/plover/plover-gsr-dev.json"
CAMEO_MANUAL = "reference/cameo/CAMEO.Manual.1.1b3.tex"


class Excluder:
    """Sentences that must not be trained on: the PLOVER dev sentences and anything in the CAMEO manual."""

    def __init__(self, shared: Path) -> None:
        _, records = plover_records(shared / PLOVER_DEV)
        self.gold = {fold_text(r.text) for r in records}
        manual = (shared / CAMEO_MANUAL).read_bytes().decode("utf-8", errors="replace")
        self.manual = fold_text(re.sub(r"\\[A-Za-z]+\*?|[{}$]", " ", manual))

    def __call__(self, folded: str) -> bool:
        if folded in self.gold or (len(folded) >= 40 and folded in self.manual):
            return True
        return len(folded) >= 40 and any(folded in g or (len(g) >= 40 and g in folded) for g in self.gold)


def conflibert_candidates(texts: Texts, res: Any) -> tuple[list[Candidate], dict[str, int]]:
    """Every ConfliBERT class line (by line number), with its class and the aligned NER spans as hints."""
    from accord import analyze_texts

    lines = {}
    labels = {}
    for n, raw in enumerate(texts.load(CONFLIBERT_CLASSES, "lines"), start=1):
        sentence, _, label = raw.rpartition("\t")
        if sentence.strip() and label.strip() in {"0", "1", "2", "3", "4"}:
            lines[n], labels[n] = sentence.strip(), int(label)
    hints, report = align_ner(lines, load_ner(texts.path(CONFLIBERT_NER)))
    report["class_lines"] = len(lines)
    report["lines_with_spans"] = len(hints)
    numbers = sorted(lines)
    out = []
    for n, analysis in zip(numbers, analyze_texts([lines[n] for n in numbers], res)):
        kinds = [k for i in range(len(analysis.sentences)) for k in accord_types(analysis, i)]
        guess, found_by, types = guess_type(lines[n], kinds, TYPES_OF_CLASS[labels[n]])
        ref = {"corpus": "conflibert", "file": CONFLIBERT_CLASSES, "line": n}
        out.append(Candidate(ref, guess, found_by, types, fold_text(lines[n]),
                             {"hints": {"class": labels[n], **hints.get(n, {})}}))
    return out, report


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def news_candidates(analysis: Any, rel: str, date: str | None, *, min_words: int = 8,
                    max_words: int = 60) -> Iterator[Candidate]:
    """The sentences of one analysed news text that name an actor and are of a sensible length."""
    previous = None
    for i, (start, end) in enumerate(analysis.sentences):
        start, end = _trim(analysis.text, start, end)
        text = analysis.text[start:end]
        context, previous = previous, [start, end]
        if "\n" in text or not min_words <= len(text.split()) <= max_words:
            continue
        events = [e for e in analysis.events if e.sentence == i]
        named = any(e.label in ACTOR_LABELS and start <= e.start < end for e in analysis.entities)
        if not named and not any(e.source or e.target for e in events):
            continue
        guess, found_by, types = guess_type(text, accord_types(analysis, i))
        ref = {"corpus": "polnear", "file": rel, "start": start, "end": end}
        extra = {"context": context, "date": date} if context else {"date": date}
        yield Candidate(ref, guess, found_by, types, fold_text(text), extra)


def polnear_candidates(texts: Texts, config: Any, *, workers: int = 1, limit: int | None = None) -> list[Candidate]:
    """Candidates from the PolNeAR *train* texts (never dev), analysed by accord's dictionary coder."""
    from accord import Record
    from accord.pipeline import analyze_stream

    paths = sorted(texts.path(POLNEAR_TRAIN).glob("*.txt"))[:limit]
    records = [Record(id=p.name, text=p.read_bytes().decode("utf-8"), date=_date_of(p.name)) for p in paths]
    out = []
    for i, analysis in enumerate(analyze_stream(records, config=config, workers=workers), start=1):
        rel = f"{POLNEAR_TRAIN}/{analysis.id}"
        out += news_candidates(analysis, rel, analysis.date)
        if i % 100 == 0:
            print(f"  {i}/{len(records)} PolNeAR texts analysed", file=sys.stderr)
    return out


def _date_of(name: str) -> str | None:
    m = re.search(r"_(\d{4}-\d{2}-\d{2})_", name)
    return m.group(1) if m else None


def choose(fixed: Sequence[Candidate], news: Sequence[Candidate], *, per_type: int, size: int,
           negatives: float, per_text: int) -> list[Candidate]:
    """News sentences to add to the fixed ones: rare types first, up to ``per_type`` guesses each,
    then accord's guesses evened out over the types up to ``size`` in all, a share ``negatives``
    of the places left after the quotas going to sentences without any guess."""
    counts = Counter(c.guess for c in fixed if c.guess)
    chosen: list[Candidate] = []
    taken: set[str] = set()
    texts = Counter()

    def take(c: Candidate) -> bool:
        if c.key in taken or texts[c.ref["file"]] >= per_text:
            return False
        taken.add(c.key)
        texts[c.ref["file"]] += 1
        chosen.append(c)
        return True

    by_type = {t: sorted((c for c in news if t in c.types), key=lambda c: (c.guess != t, c.priority, c.order))
               for t in TYPES}
    for kind in sorted(TYPES, key=lambda t: (len(by_type[t]), t)):
        for c in by_type[kind]:
            if counts[kind] >= per_type:
                break
            if take(c):
                counts[kind] += 1
    room = size - len(fixed) - len(chosen)
    negative_room = max(0, round(room * negatives))
    # past the quotas, only sentences where accord itself found the type: keyword-only guesses are too noisy
    queues = {t: iter([c for c in by_type[t] if c.guess == t and c.priority <= 1]) for t in TYPES}
    while len(chosen) < size - len(fixed) - negative_room and queues:
        kind = min(queues, key=lambda t: (counts[t], t))
        c = next(queues[kind], None)
        if c is None:
            del queues[kind]
        elif take(c):
            counts[kind] += 1
    for c in sorted((c for c in news if not c.types), key=lambda c: c.order):
        if len(chosen) >= size - len(fixed):
            break
        take(c)
    return chosen


def spread(items: Sequence[Candidate]) -> list[Candidate]:
    """Order items so that each guessed type is spread evenly (every batch gets a mix)."""
    groups: dict[str | None, list[Candidate]] = defaultdict(list)
    for c in sorted(items, key=lambda c: c.order):
        groups[c.guess].append(c)
    keyed = [((i + 0.5) / len(g), c.order, c) for g in groups.values() for i, c in enumerate(g)]
    return [c for _, _, c in sorted(keyed, key=lambda k: k[:2])]


def build_pool(texts: Texts, *, per_type: int, size: int, negatives: float, per_text: int, workers: int,
               limit: int | None = None) -> tuple[list[Candidate], dict[str, Any]]:
    """The whole pool, ConfliBERT first (every line once), then the chosen PolNeAR sentences."""
    from accord import Config, Resources

    config = Config(layers=EVENT_LAYERS)
    excluded = Excluder(texts.shared)
    print("ConfliBERT: aligning NER spans and guessing types", file=sys.stderr)
    cb, report = conflibert_candidates(texts, Resources.load(config))
    seen: set[str] = set()
    report = {"conflibert_alignment": report, "excluded": Counter()}

    def keep(c: Candidate, corpus: str) -> bool:
        if c.folded in seen:
            report["excluded"][f"{corpus}: duplicate"] += 1
            return False
        seen.add(c.folded)
        if excluded(c.folded):
            report["excluded"][f"{corpus}: in PLOVER dev or the CAMEO manual"] += 1
            return False
        return True

    cb = [c for c in cb if keep(c, "conflibert")]
    print("PolNeAR train: analysing", file=sys.stderr)
    news = [c for c in polnear_candidates(texts, config, workers=workers, limit=limit) if keep(c, "polnear")]
    report["polnear_candidates"] = len(news)
    report["polnear_candidate_guesses"] = dict(Counter(c.guess or "none" for c in news))
    chosen = choose(cb, news, per_type=per_type, size=size, negatives=negatives, per_text=per_text)
    report["excluded"] = dict(report["excluded"])
    return spread(cb) + spread(chosen), report


# ---------------------------------------------------------------- batches


def batch_path(root: Path, batch: str) -> Path:
    return root / "batches" / f"{batch}.jsonl"


def load_batch(root: Path, batch: str) -> dict[int, dict[str, Any]]:
    path = batch_path(root, batch)
    if not path.exists():
        raise AnnotationError([f"{path}: no such batch (ls {path.parent})"])
    return {item["n"]: item for item in read_jsonl(path)}


def write_batches(root: Path, items: Sequence[dict[str, Any]], size: int = BATCH_SIZE) -> list[str]:
    names = []
    for b, first in enumerate(range(0, len(items), size)):
        names.append(f"{b:03d}")
        chunk = items[first:first + size]
        write_jsonl(batch_path(root, names[-1]), ({"n": i, **item} for i, item in enumerate(chunk, start=1)))
    return names


def show(root: Path, batch: str, texts: Texts, only: set[int] | None = None) -> str:
    """The batch as an annotator reads it: numbered sentences; ConfliBERT gold spans as hints, no labels."""
    items = load_batch(root, batch)
    lines = [f"# batch {batch}: {len(items)} sentences. Annotate each as training/GUIDE.md says and answer in",
             "# its JSONL form, one line per sentence number. Hints are another scheme's gold: the guide decides.", ""]
    for n, item in sorted(items.items()):
        if only and n not in only:
            continue
        sentence = texts.sentence(item["ref"])
        lines.append(f"[{n}] {sentence}")
        if item.get("context"):
            before = texts.sentence({**item["ref"], "start": item["context"][0], "end": item["context"][1]})
            lines.append(f"    before: {before}")
        if item.get("date"):
            lines.append(f"    date: {item['date']}")
        if hints := item.get("hints"):
            parts = [f"ConfliBERT class {hints['class']} ({CLASS_NAMES[hints['class']]})"]
            for role in ("source", "target"):
                if hints.get(role):
                    parts.append(f"{role}: " + " | ".join(sentence[s:e] for s, e in hints[role]))
            lines.append("    hint: " + "; ".join(parts))
    return "\n".join(lines)


def blind_items(texts: Texts, rel: str = PLOVER_DEV) -> list[dict[str, Any]]:
    """One item per PLOVER dev record with text (the DOCUMENT record is left out); labels stay in ../shared."""
    raw = texts.load(rel, "records")
    return [{"ref": {"corpus": "plover-dev", "file": rel, "record": i}}
            for i, (record, text) in enumerate(raw) if text and record.get("event") != "DOCUMENT"]


# ---------------------------------------------------------------- agreement


def main_event(record: dict[str, Any]) -> dict[str, Any] | None:
    return next((e for e in record["events"] if e["main"]), None)


def main_label(record: dict[str, Any]) -> str:
    event = main_event(record)
    return event["type"] if event else "NONE"


def agree(records: Sequence[dict[str, Any]], texts: Texts, book: CodeBook) -> dict[str, Any]:
    """An annotator's blind answers against the PLOVER gold: main-event type, countries, dyads."""
    if wrong := [f"{r['batch']} {r['n']}" for r in records if "record" not in r["ref"]]:
        raise AnnotationError([f"agree scores answers to the blind batch only, not to {', '.join(wrong[:5])}"])
    per_type: dict[str, Counter] = defaultdict(Counter)
    counts = Counter()
    dyad = [0, 0, 0]
    for record in records:
        gold = texts.gold(record["ref"])
        kinds, gold_dyads = gold_sets(gold)
        (kind,) = kinds
        event = main_event(record)
        label = event["type"] if event else "NONE"
        per_type[kind][label] += 1
        counts["sentences"] += 1
        counts["type"] += label == kind
        counts["any"] += kind in {e["type"] for e in record["events"]}
        sources = [book.country(code) for _, _, code in event["source"]] if event else []
        targets = [book.country(code) for _, _, code in event["target"]] if event else []
        predicted = _triples(label, sources, targets) if event else set()
        dyad[0] += len(predicted & gold_dyads)
        dyad[1] += len(predicted)
        dyad[2] += len(gold_dyads)
        counts["dyad_exact"] += predicted == gold_dyads
        if label != kind:
            continue
        for role, mine in (("source", sources), ("target", targets)):
            want = {_country(a.get("code")) for a in gold.get(role) or []} - {None}
            if want:
                counts[f"{role}_scored"] += 1
                counts[f"{role}_hit"] += bool(want & set(mine))
    n = counts["sentences"] or 1
    return {
        "sentences": counts["sentences"],
        "type_agreement": round(counts["type"] / n, 3),
        "gold_type_among_any_event": round(counts["any"] / n, 3),
        "per_type": {k: {"gold": sum(v.values()), "agree": round(v[k] / sum(v.values()), 3),
                         "annotated_as": dict(v.most_common())} for k, v in sorted(per_type.items())},
        "source_country": _rate(counts["source_hit"], counts["source_scored"]),
        "target_country": _rate(counts["target_hit"], counts["target_scored"]),
        "dyad_exact": round(counts["dyad_exact"] / n, 3),
        "dyad": prf(dyad[0], dyad[1], dyad[0], dyad[2]),
    }


def _rate(hits: int, scored: int) -> dict[str, Any]:
    return {"agreement": round(hits / scored, 3) if scored else 0.0, "hits": hits, "scored": scored}


def format_agree(report: dict[str, Any], *, threshold: float = 0.75) -> str:
    verdict = "good enough to train on" if report["type_agreement"] >= threshold else "NOT good enough: fix the guide"
    lines = [f"{report['sentences']} blind sentences",
             f"type agreement (main event vs gold): {report['type_agreement']:.3f}  [{threshold}: {verdict}]",
             f"gold type among any annotated event: {report['gold_type_among_any_event']:.3f}", "per gold type:"]
    for kind, row in report["per_type"].items():
        seen = ", ".join(f"{k} {v}" for k, v in row["annotated_as"].items())
        lines.append(f"  {kind:10s} n={row['gold']:3d}  agree {row['agree']:.3f}   ({seen})")
    for role in ("source_country", "target_country"):
        m = report[role]
        lines.append(f"{role.replace('_', ' ')} (type right, gold has one): {m['agreement']:.3f} "
                     f"({m['hits']}/{m['scored']})")
    d = report["dyad"]
    lines.append(f"dyad exact: {report['dyad_exact']:.3f}; "
                 f"dyad P {d['precision']:.3f} R {d['recall']:.3f} F1 {d['f1']:.3f}")
    return "\n".join(lines)


def cohen_kappa(pairs: Sequence[tuple[Any, Any]]) -> float:
    """Cohen's kappa of two raters' labels on the same items (1.0 when both always agree on one label)."""
    if not pairs:
        return 0.0
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[k] * second[k] for k in first) / (n * n)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def kappa(a: Sequence[dict[str, Any]], b: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Kappa on the main-event type and on no_event over the sentences both annotated; the disagreements."""
    theirs = {ref_key(r["ref"]): r for r in b}
    both = [(r, theirs[ref_key(r["ref"])]) for r in a if ref_key(r["ref"]) in theirs]
    pairs = [(main_label(x), main_label(y)) for x, y in both]
    return {
        "shared": len(both),
        "type_kappa": round(cohen_kappa(pairs), 3),
        "type_agreement": round(sum(p == q for p, q in pairs) / len(pairs), 3) if pairs else 0.0,
        "no_event_kappa": round(cohen_kappa([(x["no_event"], y["no_event"]) for x, y in both]), 3),
        "annotators": [a[0]["annotator"] if a else None, b[0]["annotator"] if b else None],
        "disagreements": [{"batch": x["batch"], "n": x["n"], "a": p, "b": q}
                          for (x, y), (p, q) in zip(both, pairs) if p != q],
    }


# ---------------------------------------------------------------- stats


def final_records(root: Path) -> dict[str, dict[str, Any]]:
    """One record per sentence: an adjudicator's ("adj") wins, else the first annotator by name; trials never count."""
    best: dict[str, dict[str, Any]] = {}
    for path in sorted((root / "annotations").glob("*.jsonl")):
        for record in read_jsonl(path):
            if record["annotator"].startswith("trial") or record["batch"] == "blind":
                continue
            key = ref_key(record["ref"])
            if key not in best or record["annotator"] == "adj":
                best[key] = record
    return best


def stats(root: Path) -> str:
    pool = read_jsonl(root / "pool.jsonl") if (root / "pool.jsonl").exists() else []
    done = final_records(root)
    lines = [f"pool: {len(pool)} sentences"]
    corpora = Counter(e["ref"]["corpus"] for e in pool)
    annotated = Counter(e["ref"]["corpus"] for e in pool if ref_key(e["ref"]) in done)
    for corpus, n in sorted(corpora.items()):
        lines.append(f"  {corpus:12s} {n:5d}   annotated {annotated[corpus]:5d}   pending {n - annotated[corpus]:5d}")
    guessed = Counter(e["guess"] or "none" for e in pool)
    main = Counter(main_label(r) for r in done.values())
    every = Counter(e["type"] for r in done.values() for e in r["events"])
    lines.append(f"{'type':10s} {'guessed':>8s} {'main':>6s} {'any':>6s}   (annotated: main events, all events)")
    for kind in (*TYPES, "none"):
        label = "NONE" if kind == "none" else kind
        lines.append(f"{kind:10s} {guessed[kind]:8d} {main[label]:6d} {every[kind]:6d}")
    double = Counter()
    for path in sorted((root / "annotations").glob("*.jsonl")):
        batch, annotator = path.name.split(".")[:2]
        if not annotator.startswith("trial"):
            double[batch] += 1
    lines.append("annotation files per batch: " + (", ".join(f"{b} x{n}" for b, n in sorted(double.items())) or "none"))
    return "\n".join(lines)


# ---------------------------------------------------------------- command line


def _ingest(args: argparse.Namespace, root: Path, texts: Texts) -> int:
    if not NAME.match(args.annotator):
        raise AnnotationError([f"annotator {args.annotator!r}: use lower-case letters, digits, - and _"])
    items = load_batch(root, args.batch)
    records = convert_answers(read_answers(args.answers), items, texts, CodeBook.load(), batch=args.batch,
                              annotator=args.annotator)
    out = root / "annotations" / f"{args.batch}.{args.annotator}.jsonl"
    kept = {r["n"]: r for r in read_jsonl(out)} if out.exists() else {}
    kept.update({r["n"]: r for r in records})
    write_jsonl(out, (kept[n] for n in sorted(kept)))
    missing = sorted(set(items) - set(kept))
    print(f"{out}: {len(records)} answers ingested, {len(kept)}/{len(items)} sentences done"
          + (f"; still to answer: {_ranges(missing)}" if missing else ""))
    return 0


def _ranges(numbers: Sequence[int]) -> str:
    """1, 2, 3, 7, 9, 10 -> '1-3, 7, 9-10'."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def _select(args: argparse.Namespace, root: Path, texts: Texts) -> int:
    done = [p for p in (root / "annotations").glob("[0-9]*.jsonl") if ".trial" not in p.name]
    if done and not args.force:
        raise AnnotationError([f"{root / 'annotations'}: {len(done)} annotation files exist; new batches would "
                               "renumber their sentences (--force to rebuild anyway)"])
    pool, report = build_pool(texts, per_type=args.per_type, size=args.size, negatives=args.negatives,
                              per_text=args.per_text, workers=args.workers, limit=args.limit)
    entries = [c.entry() for c in pool]
    write_jsonl(root / "pool.jsonl", entries)
    for old in (root / "batches").glob("[0-9][0-9][0-9].jsonl"):
        old.unlink()
    names = write_batches(root, entries)
    print(json.dumps(report, indent=1))
    print(f"{root / 'pool.jsonl'}: {len(entries)} sentences; batches {names[0]}..{names[-1]}")
    print(stats(root))
    return 0


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m training.annotate", description=__doc__.split("\n\n")[0])
    p.add_argument("--shared", type=Path, default=SHARED, help="the shared data folder (default ../shared)")
    p.add_argument("--dir", type=Path, default=HERE, help="the training folder (default: this module's)")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("select", help="build pool.jsonl and batches/NNN.jsonl from ../shared")
    s.add_argument("--per-type", type=int, default=150, help="guessed sentences wanted per type (default 150)")
    s.add_argument("--size", type=int, default=3400, help="pool size, ConfliBERT included (default 3400)")
    s.add_argument("--negatives", type=float, default=0.1, help="share of news picks with no guessed event")
    s.add_argument("--per-text", type=int, default=4, help="at most this many sentences per news text")
    s.add_argument("--workers", type=int, default=1)
    s.add_argument("--limit", type=int, default=None, help="only the first N PolNeAR texts (a quick try)")
    s.add_argument("--force", action="store_true", help="rebuild even though annotations exist")
    s = sub.add_parser("show", help="print a batch for an annotator")
    s.add_argument("batch")
    s.add_argument("--only", default="", help="comma-separated sentence numbers (e.g. to adjudicate)")
    s = sub.add_parser("ingest", help="check answers and write annotations/BATCH.ANNOTATOR.jsonl")
    s.add_argument("batch")
    s.add_argument("answers", type=Path, nargs="+")
    s.add_argument("--annotator", required=True)
    sub.add_parser("blind", help="write batches/blind.jsonl: the PLOVER dev sentences, labels hidden")
    s = sub.add_parser("agree", help="blind annotations against the PLOVER gold")
    s.add_argument("annotations", type=Path)
    s.add_argument("--json", action="store_true")
    s = sub.add_parser("kappa", help="Cohen's kappa of two annotation files of one batch")
    s.add_argument("a", type=Path)
    s.add_argument("b", type=Path)
    s.add_argument("--json", action="store_true")
    sub.add_parser("stats", help="counts per type and corpus, annotated and pending")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    root, texts = args.dir, Texts(args.shared)
    try:
        if args.command == "select":
            return _select(args, root, texts)
        if args.command == "show":
            only = {int(x) for x in args.only.split(",") if x.strip()} or None
            print(show(root, args.batch, texts, only))
        elif args.command == "ingest":
            return _ingest(args, root, texts)
        elif args.command == "blind":
            items = blind_items(texts)
            write_jsonl(batch_path(root, "blind"), ({"n": i, **item} for i, item in enumerate(items, start=1)))
            print(f"{batch_path(root, 'blind')}: {len(items)} sentences (show blind prints them without labels)")
        elif args.command == "agree":
            report = agree(read_jsonl(args.annotations), texts, CodeBook.load())
            print(json.dumps(report, indent=1) if args.json else format_agree(report))
        elif args.command == "kappa":
            report = kappa(read_jsonl(args.a), read_jsonl(args.b))
            if args.json:
                print(json.dumps(report, indent=1))
            else:
                print(f"{report['shared']} shared sentences: type kappa {report['type_kappa']:.3f} (agreement "
                      f"{report['type_agreement']:.3f}), no_event kappa {report['no_event_kappa']:.3f}")
                for d in report["disagreements"]:
                    print("  " + ", ".join(f"{k} {v}" for k, v in d.items()))
        else:
            print(stats(root))
    except AnnotationError as exc:
        print("\n".join(exc.problems), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
