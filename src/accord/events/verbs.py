"""The verb dictionary: verb lemmas, their CAMEO codes and the patterns that refine them.

Loaded from ``data/events/verbs.jsonl`` (format: ``data/events/FORMAT.md``), which
``tools/convert_cameo_verbs.py`` builds from the CAMEO 2.0 verb dictionary. Patterns
belong to verb blocks, as in PETRARCH, and every verb of a block shares them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accord.datafiles import read_data
from accord.errors import DataFileError, Errors

FORMAT = "accord-verbs"
VERSION = 1
NO_EVENT = "---"
BUILTIN_FILES = ("verbs.jsonl", "verbs-curated.jsonl")  # converted dictionary, then accord's overrides
_CODE = re.compile(r"^(?:---|\d{2,4})$")

Part = dict[str, tuple[tuple[str, ...], ...]]
"""One word of a slot: its alternatives as word tuples, keyed by their first word."""
Slot = tuple[Part, ...]
"""A word or a braced phrase; a phrase's last part is its head."""


@dataclass(frozen=True, slots=True, eq=False)  # identity: parts are dicts
class Prep:
    preps: frozenset[str]
    noun: Slot  # empty: any object, or none


@dataclass(frozen=True, slots=True, eq=False)  # identity: parts are dicts
class Pattern:
    pre: tuple[Slot, ...]
    post: tuple[Slot, ...]
    preps: tuple[Prep, ...]
    code: str
    swap: bool  # [:173]: the event runs from the verb's other party to its subject
    paired: str | None  # [042:043]: a second event, in the reverse direction
    text: str
    source: str


@dataclass(frozen=True, slots=True, eq=False)  # identity: parts are dicts
class VerbEntry:
    lemma: str
    particles: tuple[str, ...]
    code: str
    swap: bool
    paired: str | None
    blocks: tuple[str, ...]
    source: str
    patterns: tuple[Pattern, ...]  # of all its blocks, in file order


class VerbDictionary:
    """Verb entries by lemma, and by the odd lemmas spaCy gives some of their forms."""

    def __init__(self, entries: list[VerbEntry], aliases: dict[tuple[str, str], list[VerbEntry]]):
        self._by_lemma = {e.lemma: e for e in entries}
        self._by_alias: dict[tuple[str, str], VerbEntry] = {}
        phrasal: dict[tuple[str, str], list[VerbEntry]] = {}
        for entry in entries:
            if entry.particles:
                phrasal.setdefault((entry.lemma.split(" ", 1)[0], ""), []).append(entry)
        for key, owners in aliases.items():
            for entry in owners:
                if entry.particles:
                    phrasal.setdefault(key, []).append(entry)
                else:
                    self._by_alias.setdefault(key, entry)
        self._phrasal = {k: tuple(sorted(v, key=lambda e: -len(e.particles))) for k, v in phrasal.items()}

    @classmethod
    def load(cls, path: Path | str | None = None) -> VerbDictionary:
        """Read ``path`` (None: the built-in dictionary with accord's curated overrides on top).

        Later files win: a verb record for a lemma already read replaces it, and blocks are
        shared, so an override can keep the converted patterns by naming their block.
        Bad lines raise DataFileError.
        """
        files = [read_data(None, f"events/{name}") for name in BUILTIN_FILES] if path is None \
            else [read_data(path, "")]
        blocks: dict[str, tuple[Pattern, ...]] = {}
        by_lemma: dict[str, VerbEntry] = {}
        aliases: dict[tuple[str, str], list[VerbEntry]] = {}
        for text, name, where in files:
            entries, more = _parse(text, name, where, blocks)
            by_lemma.update((e.lemma, e) for e in entries)
            for key, owners in more.items():
                aliases.setdefault(key, []).extend(owners)
        return cls(list(by_lemma.values()), aliases)

    def lookup(self, lemma: str, form: str = "") -> VerbEntry | None:
        """The entry of a lower-case lemma ("ask", "cordon off"); ``form``, the token's lower-case
        text, also finds verbs whose forms spaCy lemmatises oddly ("stag" from "staged")."""
        return self._by_lemma.get(lemma) or self._by_alias.get((lemma, form))

    def phrasal(self, head: str, form: str = "") -> tuple[VerbEntry, ...]:
        """Multi-word entries whose verb word is ``head`` (or ``form``'s odd lemma), most particles first."""
        found = self._phrasal.get((head, ""), ())
        odd = self._phrasal.get((head, form), ()) if form else ()
        return tuple(sorted({*found, *odd}, key=lambda e: -len(e.particles))) if odd else found

    def __contains__(self, lemma: object) -> bool:
        return lemma in self._by_lemma

    def __len__(self) -> int:
        return len(self._by_lemma)


class _Problem(ValueError):
    pass


def _parse(
    text: str, name: str, path: str, blocks: dict[str, tuple[Pattern, ...]]
) -> tuple[list[VerbEntry], dict[tuple[str, str], list[VerbEntry]]]:
    """Parse one file; its blocks are added to ``blocks``, which earlier files may have filled."""
    problems: list[str] = []
    verbs: list[tuple[int, dict[str, Any]]] = []
    header_seen = False
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict):
                raise _Problem("each line must be a JSON object")
            if not header_seen:
                header_seen = True
                if obj.get("format") != FORMAT or obj.get("version") != VERSION:
                    raise _Problem(f'first line must be {{"format": "{FORMAT}", "version": {VERSION}, ...}}')
            elif "lemma" in obj:
                verbs.append((lineno, obj))
            elif "block" in obj:
                blocks[str(obj["block"])] = tuple(_pattern(p) for p in obj.get("patterns", []))
            else:
                raise _Problem("neither a verb (has 'lemma') nor a block (has 'block')")
        except json.JSONDecodeError as exc:
            problems.append(Errors.A201.format(path=name, line=lineno, problem=f"bad JSON: {exc}"))
        except (_Problem, KeyError, TypeError, AttributeError) as exc:
            problems.append(Errors.A201.format(path=name, line=lineno, problem=_describe(exc)))
    if not header_seen:
        problems.append(Errors.A201.format(path=name, line=1, problem="the file is empty"))
    entries: list[VerbEntry] = []
    aliases: dict[tuple[str, str], list[VerbEntry]] = {}
    for lineno, obj in verbs:
        try:
            entry = _verb(obj, blocks)
            for alias, forms in obj.get("aliases", {}).items():
                for form in forms:
                    aliases.setdefault((alias, form), []).append(entry)
        except (_Problem, KeyError, TypeError, AttributeError) as exc:
            problems.append(Errors.A201.format(path=name, line=lineno, problem=_describe(exc)))
            continue
        entries.append(entry)
    if problems:
        raise DataFileError(path, problems)
    return entries, aliases


def _describe(exc: Exception) -> str:
    return f"missing field {exc}" if isinstance(exc, KeyError) else str(exc) or type(exc).__name__


def _code(obj: dict[str, Any]) -> tuple[str, bool, str | None]:
    code, paired = obj["code"], obj.get("paired")
    for value in (code, paired):
        if value is not None and not (isinstance(value, str) and _CODE.match(value)):
            raise _Problem(f"{value!r} is not a CAMEO code (2 to 4 digits) or '---'")
    return code, bool(obj.get("swap", False)), paired


def _slot(parts: list[list[str]]) -> Slot:
    compiled = []
    for alternatives in parts:
        part: dict[str, list[tuple[str, ...]]] = {}
        for alt in alternatives:
            words = tuple(alt.split())
            if not words:
                raise _Problem("an empty alternative in a slot")
            part.setdefault(words[0], []).append(words)
        compiled.append({k: tuple(v) for k, v in part.items()})
    return tuple(compiled)


def _pattern(obj: dict[str, Any]) -> Pattern:
    code, swap, paired = _code(obj)
    preps = tuple(Prep(frozenset(p["prep"]), _slot(p.get("noun", []))) for p in obj.get("preps", []))
    return Pattern(
        pre=tuple(_slot(s) for s in obj.get("pre", [])),
        post=tuple(_slot(s) for s in obj.get("post", [])),
        preps=preps, code=code, swap=swap, paired=paired,
        text=str(obj["text"]), source=str(obj["source"]),
    )


def _verb(obj: dict[str, Any], blocks: dict[str, tuple[Pattern, ...]]) -> VerbEntry:
    code, swap, paired = _code(obj)
    names = tuple(obj["blocks"])
    unknown = [b for b in names if b not in blocks]
    if unknown:
        raise _Problem(f"verb {obj['lemma']!r} names unknown block(s) {', '.join(unknown)}")
    patterns = tuple(p for b in names for p in blocks[b])
    return VerbEntry(
        lemma=str(obj["lemma"]), particles=tuple(obj.get("particles", [])), code=code,
        swap=swap, paired=paired, blocks=names, source=str(obj["source"]), patterns=patterns,
    )
