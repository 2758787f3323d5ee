"""Look after actor files: search the knowledge base, show a record, validate a file.

The library side of ``accord kb search|show|validate``; the commands only parse arguments
and print what these functions return.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from accord.actors.kb import ActorKB, ActorRecord, Role, normalize, read_actor_file, role_on
from accord.errors import DataFileError

FUZZY_CUTOFF = 75.0  # rapidfuzz ratio (0-100) on normalised keys: "stafandimistura" ~ "staffandemistura" is 90
MIN_SUBSTRING = 3  # shorter queries match by prefix only: "us" is inside thousands of keys
_KINDS = ("exact", "prefix", "substring", "fuzzy")


@dataclass(frozen=True, slots=True)
class Match:
    """One search hit: the record, the alias that matched, how, and the role on the day asked."""

    record: ActorRecord
    alias: str
    kind: str  # exact, prefix, substring or fuzzy
    score: float  # 100 for exact, prefix and substring; the rapidfuzz ratio for fuzzy
    role: Role | None


@dataclass(frozen=True, slots=True)
class Located:
    """A record with the file and line it was read from (the last file that defines its id)."""

    record: ActorRecord
    path: str
    line: int


# ---- search ----


def search(kb: ActorKB, name: str, date: str | None = None, limit: int = 10) -> list[Match]:
    """Records whose normalised aliases match ``name``: exact, then prefix, substring, fuzzy.

    Each record appears once, at its best match; within a kind, shorter keys (closer to the
    query) come first, fuzzy ones by score. ``date`` (YYYY[-MM[-DD]], default today) picks the
    role shown.
    """
    query = normalize(name)
    if not query or limit < 1:
        return []
    day = date or Date.today().isoformat()
    keys = kb.keys()
    tiers: list[tuple[str, list[tuple[str, float]]]] = [("exact", [(query, 100.0)] if kb.has_key(query) else [])]
    prefix = sorted((k for k in keys if k != query and k.startswith(query)), key=lambda k: (len(k), k))
    tiers.append(("prefix", [(k, 100.0) for k in prefix]))
    if len(query) >= MIN_SUBSTRING:
        inner = sorted((k for k in keys if query in k and not k.startswith(query)), key=lambda k: (len(k), k))
        tiers.append(("substring", [(k, 100.0) for k in inner]))
    matches: list[Match] = []
    seen: set[str] = set()

    def take(kind: str, hits: list[tuple[str, float]]) -> bool:
        for key, score in hits:
            for rec in kb.candidates(key):
                if rec.id in seen:
                    continue
                seen.add(rec.id)
                matches.append(Match(rec, _alias_for(rec, key), kind, score, role_on(rec, day)))
                if len(matches) >= limit:
                    return True
        return False

    for kind, hits in tiers:
        if take(kind, hits):
            return matches
    found = process.extract(query, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=limit * 4)
    fuzzy = [(key, round(score, 1)) for key, score, _ in found if key != query]
    take("fuzzy", fuzzy)
    return matches


def _alias_for(record: ActorRecord, key: str) -> str:
    return next((a for a in record.aliases if normalize(a) == key), record.name)


def format_matches(matches: Sequence[Match], day: str | None = None) -> str:
    """One aligned line per match: id, name, type, code (on ``day``), how it matched and the alias."""
    rows = [
        (
            m.record.id,
            m.record.name,
            m.record.type,
            _role_text(m.role),
            m.kind if m.kind != "fuzzy" else f"fuzzy {m.score:.0f}",
            repr(m.alias),
        )
        for m in matches
    ]
    header = ("id", "name", "type", f"code {day}" if day else "code", "match", "alias")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)) + "  " + r[-1] for r in [header, *rows]]
    return "\n".join(line.rstrip() for line in lines)


def match_to_json(match: Match) -> dict[str, Any]:
    role = match.role
    return {
        "id": match.record.id,
        "name": match.record.name,
        "type": match.record.type,
        "code": role.code if role else None,
        "role": _role_json(role) if role else None,
        "match": match.kind,
        "score": match.score,
        "alias": match.alias,
    }


def _role_text(role: Role | None) -> str:
    return role.code if role else "-"


# ---- show ----


def locate(record_id: str, paths: Sequence[Path]) -> Located | None:
    """The record with id ``record_id`` in ``paths`` (the last file wins, as in :meth:`ActorKB.load`).

    Every file is read with the loader's reader; a file with problems raises
    :class:`~accord.errors.DataFileError` as loading it would.
    """
    found: Located | None = None
    for path in paths:
        numbered, problems = read_actor_file(path)
        if problems:
            raise DataFileError(str(path), problems)
        for line, rec in numbered:
            if rec.id == record_id:
                found = Located(rec, str(path), line)
    return found


def format_record(located: Located) -> str:
    """The whole record, readable: names, every role with its dates, where it was read from."""
    rec = located.record
    here = f"{Path(located.path).name}:{located.line}"
    lines = [f"{rec.id}  {rec.name}  ({rec.type})", f"file:    {located.path}:{located.line}"]
    if rec.source != here:
        lines.append(f"source:  {rec.source}")
    lines.append(f"aliases ({len(rec.aliases)}):")
    lines += [f"  {a}" for a in rec.aliases]
    lines.append(f"roles ({len(rec.roles)}):")
    width = max(len(r.code) for r in rec.roles)
    for role in rec.roles:
        if role.start is None and role.end is None:
            span = "default (no dates)"
        else:
            span = f"{role.start or '...':10} to {role.end or 'open'}"
        note = f"  {role.note}" if role.note else ""
        lines.append(f"  {role.code:{width}}  {span}{note}")
    return "\n".join(lines)


def record_to_json(located: Located) -> dict[str, Any]:
    rec = located.record
    return {
        "id": rec.id,
        "name": rec.name,
        "type": rec.type,
        "aliases": list(rec.aliases),
        "roles": [_role_json(r) for r in rec.roles],
        "source": rec.source,
        "file": located.path,
        "line": located.line,
    }


def _role_json(role: Role) -> dict[str, Any]:
    out: dict[str, Any] = {"code": role.code, "start": role.start, "end": role.end}
    if role.note:
        out["note"] = role.note
    return out


# ---- validate ----


def validate(path: str | Path) -> tuple[int, list[str]]:
    """(number of valid records, problems as ``file:line: what is wrong``) of one actor file.

    The reader is :meth:`ActorKB.load`'s, so a file that validates loads.
    """
    numbered, problems = read_actor_file(path)
    return len(numbered), [p.removeprefix("[A201] ") for p in problems]
