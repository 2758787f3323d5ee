"""Actor records from a Wikidata JSON dump: countries, office holders and organisations.

The dump is a JSON array with one entity per line (``latest-all.json.gz``), read line by line,
so it is never held in memory. An entity's codes can depend on entities anywhere else in the
dump (a person's position, an organisation's country), so the pass keeps only what later
entities need: countries (QID -> ISO alpha-3), positions that name a country, and the people
and organisations themselves, spilled to a temporary file. When the dump is read, these are
coded and written as an accord actor file (``accord/data/actors/FORMAT.md``).

What maps to what is data: ``wikidata-positions.tsv`` (position QID -> country and sector) and
``wikidata-classes.tsv`` (class QID -> type and code pattern), both next to the actor files.
"""

from __future__ import annotations

import bz2
import calendar
import gzip
import json
import re
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from accord.actors.kb import FORMAT_VERSION, actor_problems, normalize
from accord.datafiles import read_data
from accord.errors import DataFileError, Errors
from accord.outfiles import atomic_output

POSITIONS = "actors/wikidata-positions.tsv"
CLASSES = "actors/wikidata-classes.tsv"
HUMAN = "Q5"
LANGUAGES = ("en", "mul", "en-gb", "en-us", "en-ca")  # labels and aliases, in this order
# Positions outside the table count as government posts when their label says so...
_OFFICE_WORDS = re.compile(r"\b(?:minister|president)\b", re.IGNORECASE)
# ... unless it is the president of something other than a state.
_NOT_STATE = re.compile(
    r"\b(?:club|university|college|academy|society|association|company|corporation|bank|foundation|"
    r"league|institute|school|hospital|museum|committee|chamber of commerce|party)\b",
    re.IGNORECASE,
)
_QID = re.compile(r"^Q[1-9]\d*$")
_ISO = re.compile(r"^[A-Z]{3}$")
_SECTOR = re.compile(r"^[A-Z0-9]+$")
_PATTERN = re.compile(r"^(?:~[A-Z0-9]*|[A-Z0-9]+~)$")
_TIME = re.compile(r"^([+-])(\d{1,16})-(\d\d)-(\d\d)T")
_DAY = re.compile(r"^\d{4}-\d\d-\d\d$")
# A line is parsed only if it may hold one of these (most of a dump holds none of them).
_WANTED = ('"P39"', '"P297"', '"P17"', '"P1001"')
_TYPES = ("country", "organisation", "group")


@dataclass(frozen=True, slots=True)
class Position:
    qid: str
    country: str | None  # QID
    iso: str | None  # code prefix: ISO alpha-3, IGO, ...; None = the country's P297 from the dump
    sector: str
    label: str


@dataclass(frozen=True, slots=True)
class EntityClass:
    qid: str
    type: str  # country, organisation or group
    pattern: str  # "~GOV": "~" is the country's ISO alpha-3
    label: str


@dataclass
class ImportStats:
    """What an import read, wrote and skipped (and why), for the summary."""

    dump: str = ""
    out: str = ""
    read: int = 0
    parsed: int = 0  # entities decoded (the others were ignored unread or malformed)
    ignored: int = 0
    malformed: int = 0
    malformed_lines: list[int] = field(default_factory=list)
    written: Counter = field(default_factory=Counter)  # by type
    skipped: Counter = field(default_factory=Counter)  # by reason
    roles_dropped: Counter = field(default_factory=Counter)  # by reason
    unconfirmed: list[str] = field(default_factory=list)  # position rows the dump contradicts

    def summary(self) -> str:
        lines = [f"read {self.read} entities from {self.dump}"
                 + (f" ({self.malformed} malformed lines, first at line(s) "
                    f"{', '.join(map(str, self.malformed_lines))})" if self.malformed else "")]
        by_type = ", ".join(f"{n} {t}" for t, n in sorted(self.written.items()))
        lines.append(f"wrote {sum(self.written.values())} records to {self.out}" + (f": {by_type}" if by_type else ""))
        lines.append(f"skipped {sum(self.skipped.values())}" + (":" if self.skipped else ""))
        lines += [f"  {n:>7}  {reason}" for reason, n in self.skipped.most_common()]
        if self.roles_dropped:
            lines.append(f"roles left out {sum(self.roles_dropped.values())}:")
            lines += [f"  {n:>7}  {reason}" for reason, n in self.roles_dropped.most_common()]
        lines.append(f"ignored {self.ignored} (not a country, a person with positions held, "
                     "or an organisation of a known class with a country)")
        if self.unconfirmed:
            lines.append(f"position table rows the dump contradicts, not used: {', '.join(self.unconfirmed)}")
        return "\n".join(lines)


# ---- tables ----


def load_positions(path: Path | str | None = None) -> dict[str, Position]:
    """The position table (``wikidata-positions.tsv`` when None); bad rows raise DataFileError."""
    table: dict[str, Position] = {}
    for name, line, cols, problems in _tsv(path, POSITIONS, 5):
        qid, country, iso, sector, label = cols
        if not _QID.match(qid):
            problems.append(f"position {qid!r} is not a QID (Q123)")
        if country != "-" and not _QID.match(country):
            problems.append(f"country {country!r} is not a QID or -")
        if iso != "-" and not _ISO.match(iso):
            problems.append(f"code prefix {iso!r} is not three capital letters or -")
        if iso == "-" and country == "-":
            problems.append("give a country QID or a code prefix")
        if not _SECTOR.match(sector):
            problems.append(f"sector {sector!r} is not capital letters and digits")
        if not problems:
            table[qid] = Position(qid, None if country == "-" else country, None if iso == "-" else iso, sector, label)
    return table


def load_classes(path: Path | str | None = None) -> dict[str, EntityClass]:
    """The class table (``wikidata-classes.tsv`` when None); bad rows raise DataFileError."""
    table: dict[str, EntityClass] = {}
    for name, line, cols, problems in _tsv(path, CLASSES, 4):
        qid, kind, pattern, label = cols
        if not _QID.match(qid):
            problems.append(f"class {qid!r} is not a QID (Q123)")
        if kind not in _TYPES:
            problems.append(f"type {kind!r}; use one of {list(_TYPES)}")
        if not _PATTERN.match(pattern) or (kind == "country" and pattern != "~"):
            problems.append(f"code pattern {pattern!r}: write ~ for the country, as in ~GOV or IGO~ (countries: ~)")
        if not problems:
            table[qid] = EntityClass(qid, kind, pattern, label)
    return table


def _tsv(path: Path | str | None, builtin: str, width: int) -> Iterator[tuple[str, int, list[str], list[str]]]:
    """(file, line, columns, problems to append to) of each row; raises once, after the last row."""
    text, name, _ = read_data(path, builtin)
    all_problems: list[str] = []
    for n, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cols = [c.strip() for c in raw.split("\t")]
        problems: list[str] = []
        if len(cols) != width or not all(cols):
            problem = f"expected {width} tab-separated columns"
            all_problems.append(Errors.A201.format(path=name, line=n, problem=problem))
            continue
        yield name, n, cols, problems
        all_problems += [Errors.A201.format(path=name, line=n, problem=p) for p in problems]
    if all_problems:
        raise DataFileError(name, all_problems)


# ---- reading the dump ----


def open_dump(path: Path | str) -> IO[str]:
    """The dump as text lines: plain, gzip or bzip2 (told by the first bytes, not the name)."""
    with open(path, "rb") as f:
        magic = f.read(3)
    if magic[:2] == b"\x1f\x8b":
        return gzip.open(path, "rt", encoding="utf-8")
    if magic == b"BZh":
        return bz2.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


def iter_entities(lines: IO[str], stats: ImportStats) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line, entity) of each entity that may matter; counts read, ignored and malformed lines."""
    for n, raw in enumerate(lines, start=1):
        line = raw.strip().removeprefix("[").rstrip().removesuffix(",")
        line = line.removesuffix("]").strip()  # an entity ends with "}": a "]" closes the array
        if not line:
            continue
        stats.read += 1
        if not any(p in line for p in _WANTED):
            stats.ignored += 1
            continue
        try:
            entity = json.loads(line)
        except json.JSONDecodeError:
            entity = None
        if not isinstance(entity, dict) or not isinstance(entity.get("id"), str):
            stats.malformed += 1
            if len(stats.malformed_lines) < 5:
                stats.malformed_lines.append(n)
            continue
        stats.parsed += 1
        yield n, entity


def _statements(entity: dict[str, Any], prop: str) -> list[dict[str, Any]]:
    """The statements of ``prop`` with a value, preferred rank first, deprecated ones left out."""
    found = [
        s
        for s in (entity.get("claims") or {}).get(prop) or ()
        if isinstance(s, dict)
        and s.get("rank") != "deprecated"
        and (s.get("mainsnak") or {}).get("snaktype") == "value"
    ]
    return sorted(found, key=lambda s: s.get("rank") != "preferred")


def _value(snak: dict[str, Any]) -> Any:
    return (snak.get("datavalue") or {}).get("value")


def _item(value: Any) -> str | None:
    if isinstance(value, dict):
        if isinstance(value.get("id"), str):
            return value["id"]
        if isinstance(value.get("numeric-id"), int):
            return f"Q{value['numeric-id']}"
    return None


def _items(entity: dict[str, Any], *props: str) -> list[str]:
    out: list[str] = []
    for prop in props:
        for s in _statements(entity, prop):
            qid = _item(_value(s["mainsnak"]))
            if qid and qid not in out:
                out.append(qid)
    return out


def _strings(entity: dict[str, Any], prop: str) -> list[str]:
    return [v for s in _statements(entity, prop) if isinstance(v := _value(s["mainsnak"]), str)]


def _texts(entity: dict[str, Any], prop: str) -> list[str]:
    """Monolingual texts of ``prop`` in English (P1549 demonym: "American")."""
    out = []
    for s in _statements(entity, prop):
        v = _value(s["mainsnak"])
        if isinstance(v, dict) and v.get("language") in LANGUAGES and isinstance(v.get("text"), str):
            out.append(v["text"])
    return out


def _label(entity: dict[str, Any]) -> str | None:
    labels = entity.get("labels") or {}
    for lang in LANGUAGES:
        value = (labels.get(lang) or {}).get("value")
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _names(entity: dict[str, Any], extra: Sequence[str] = ()) -> tuple[str | None, list[str]]:
    """(name, aliases) in English: the label, then its aliases, then ``extra``, one per key."""
    name = _label(entity)
    if name is None:
        return None, []
    found = [name]
    aliases = entity.get("aliases") or {}
    for lang in LANGUAGES:
        found += [a.get("value") for a in aliases.get(lang) or () if isinstance(a, dict)]
    found += list(extra)
    out, keys = [], set()
    for alias in found:
        if not isinstance(alias, str) or not alias.strip():
            continue
        key = normalize(alias)
        if len(key) >= 2 and key not in keys:  # one letter matches too much
            keys.add(key)
            out.append(alias.strip())
    return name, out


def wikidata_day(value: Any, end: bool = False) -> str | None:
    """YYYY-MM-DD of a Wikidata time value; a year or month stands for its first (or last) day.

    None for dates BCE, coarser than a year, or not a real day.
    """
    if not isinstance(value, dict) or not isinstance(value.get("time"), str):
        return None
    m = _TIME.match(value["time"])
    if not m or m[1] == "-":
        return None
    year, month, day = int(m[2]), int(m[3]), int(m[4])
    precision = value.get("precision", 11)
    if not 1 <= year <= 9999 or not isinstance(precision, int) or precision < 9:
        return None
    if precision == 9 or month == 0:
        month, day = (12, 31) if end else (1, 1)
    elif precision == 10 or day == 0:
        day = calendar.monthrange(year, month)[1] if end else 1
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _qualifier_day(statement: dict[str, Any], prop: str, end: bool) -> str | None:
    for snak in (statement.get("qualifiers") or {}).get(prop) or ():
        if isinstance(snak, dict) and snak.get("snaktype") == "value":
            day = wikidata_day(_value(snak), end)
            if day:
                return day
    return None


# ---- the import ----


def import_dump(
    dump: Path | str,
    out: Path | str,
    since: str | None = None,
    positions: dict[str, Position] | None = None,
    classes: dict[str, EntityClass] | None = None,
) -> ImportStats:
    """Read a Wikidata JSON dump and write an accord actor file (JSONL with a header line) to ``out``.

    Countries (a P31 class of type country in the class table, code P297), people (P31 Q5) with
    positions held (P39) that map to a code, and organisations of a class in the class table
    with a P17 country. ``since`` (YYYY-MM-DD) leaves out roles that ended before it, and people
    left with none. ``out`` is written whole or not at all (:func:`accord.outfiles.atomic_output`).
    """
    if since is not None and not _DAY.match(since):
        raise ValueError(f"since must be YYYY-MM-DD, got {since!r}")
    positions = load_positions() if positions is None else positions
    classes = load_classes() if classes is None else classes
    stats = ImportStats(dump=str(dump), out=str(out))
    country_iso: dict[str, str] = {}  # country QID -> ISO alpha-3
    countries: list[dict[str, Any]] = []  # country records, in dump order
    seen_positions: dict[str, list[str]] = {}  # table position QID -> countries the dump gives it
    offices: dict[str, tuple[str, list[str]]] = {}  # minister/president post QID -> (label, countries)
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spill:
        try:
            with open_dump(dump) as lines:
                for _, entity in iter_entities(lines, stats):
                    _first_pass(entity, positions, classes, stats, country_iso, countries,
                                seen_positions, offices, spill)
        except (OSError, EOFError, UnicodeDecodeError) as exc:
            problem = Errors.A201.format(path=str(dump), line=0,
                                         problem=f"cannot read the dump after {stats.read} entities: {exc}")
            raise DataFileError(str(dump), [problem]) from exc
        if stats.malformed and not stats.parsed:
            where = ", ".join(map(str, stats.malformed_lines))
            what = f"not a Wikidata JSON dump (one entity per line); malformed at line(s) {where}"
            problem = Errors.A201.format(path=str(dump), line=stats.malformed_lines[0], problem=what)
            raise DataFileError(str(dump), [problem])
        usable = _confirm(positions, seen_positions, stats)
        spill.seek(0)
        with atomic_output(str(out)) as f:
            header = {"format": "accord.actors", "version": FORMAT_VERSION,
                      "from": f"Wikidata dump {Path(dump).name} (CC0), by accord kb import-wikidata"}
            f.write(json.dumps(header, ensure_ascii=False) + "\n")
            written: set[str] = set()
            for rec in countries:
                _write(f, rec, stats, written)
            for raw in spill:
                item = json.loads(raw)
                rec = (_person(item, usable, offices, country_iso, since, stats) if item["kind"] == "person"
                       else _organisation(item, country_iso, stats))
                if rec is not None:
                    _write(f, rec, stats, written)
    return stats


def _first_pass(
    entity: dict[str, Any],
    positions: dict[str, Position],
    classes: dict[str, EntityClass],
    stats: ImportStats,
    country_iso: dict[str, str],
    countries: list[dict[str, Any]],
    seen_positions: dict[str, list[str]],
    offices: dict[str, tuple[str, list[str]]],
    spill: IO[str],
) -> None:
    qid = entity["id"]
    if entity.get("type", "item") != "item":
        stats.ignored += 1
        return
    where = _items(entity, "P1001", "P17")
    if qid in positions:
        seen_positions[qid] = where
    if where and (label := _label(entity)) and _OFFICE_WORDS.search(label) and not _NOT_STATE.search(label):
        offices[qid] = (label, where)
    instance_of = _items(entity, "P31")
    kinds = [classes[c] for c in instance_of if c in classes]
    country_class = next((k for k in kinds if k.type == "country"), None)
    if country_class is not None:
        name, aliases = _names(entity, _texts(entity, "P1549"))
        iso = next((c for c in _strings(entity, "P297") if _ISO.match(c)), None)
        if iso is None:
            stats.skipped["country: no ISO alpha-3 code (P297)"] += 1
        elif name is None:
            stats.skipped["no English label"] += 1
        else:
            country_iso.setdefault(qid, iso)
            countries.append(_record(qid, name, "country", aliases, [{"code": iso, "start": None, "end": None}]))
        return
    if HUMAN in instance_of:
        held = []
        for s in _statements(entity, "P39"):
            pos = _item(_value(s["mainsnak"]))
            if pos:
                held.append([pos, _qualifier_day(s, "P580", False), _qualifier_day(s, "P582", True)])
        if not held:
            stats.ignored += 1
            return
        _spill(spill, stats, entity, {"kind": "person", "id": qid, "held": held})
        return
    org = next((k for k in kinds if k.type != "country"), None)
    if org is None:
        stats.ignored += 1
        return
    _spill(spill, stats, entity, {"kind": "organisation", "id": qid, "type": org.type, "pattern": org.pattern,
                                  "class": org.label, "countries": _items(entity, "P17")})



def _spill(spill, stats, entity: dict, fields: dict) -> None:
    """Write one entity, with its English name and aliases, for the second pass; count it if unnamed."""
    name, aliases = _names(entity)
    if name is None:
        stats.skipped["no English label"] += 1
        return
    spill.write(json.dumps({**fields, "name": name, "aliases": aliases}, ensure_ascii=False) + "\n")

def _confirm(positions: dict[str, Position], seen: dict[str, list[str]], stats: ImportStats) -> dict[str, Position]:
    """The table rows the dump does not contradict: a position in the dump must name the row's country."""
    usable = {}
    for qid, pos in positions.items():
        if pos.country is not None and qid in seen and pos.country not in seen[qid]:
            stats.unconfirmed.append(f"{qid} ({pos.label})")
        else:
            usable[qid] = pos
    return usable


def _person(
    item: dict[str, Any],
    positions: dict[str, Position],
    offices: dict[str, tuple[str, list[str]]],
    country_iso: dict[str, str],
    since: str | None,
    stats: ImportStats,
) -> dict[str, Any] | None:
    """A person's record: a dated role per position held, and the latest country's ELI as default."""
    roles: list[dict[str, Any]] = []
    countries: list[str | None] = []  # the country of each role kept (None for an IGO post)
    undated: list[str] = []  # the countries of positions held without dates
    mapped = ended_before = 0
    for pos, start, end in item["held"]:
        coded = _position_code(pos, positions, offices, country_iso)
        if coded is None:
            continue
        mapped += 1
        code, country, note = coded
        if start is None and end is None:
            stats.roles_dropped["no start or end date (the person gets the country's ELI default)"] += 1
            undated += [country] if country else []
        elif start and end and start > end:
            stats.roles_dropped["ends before it starts"] += 1
        elif since and end and end < since:
            ended_before += 1
            stats.roles_dropped["ended before --since"] += 1
        elif not any(r["code"] == code and r["start"] == start and r["end"] == end for r in roles):
            roles.append({"code": code, "start": start, "end": end, "note": note})
            countries.append(country)
    if ended_before and not roles:
        stats.skipped["person: every position ended before --since"] += 1
        return None
    if roles:  # the country of the latest role, as role_on picks it with no date
        latest = max(range(len(roles)), key=lambda i: (roles[i]["end"] or "9999-99-99", roles[i]["start"] or ""))
        country = countries[latest] or next((c for c in reversed(countries) if c), None)
    else:
        country = None
    country = country or next(iter(undated), None)
    if country is not None:
        roles.append({"code": f"{country}ELI", "start": None, "end": None,
                      "note": "default: elite of the country of the latest position"})
    if not roles:
        reason = "no position held maps to a code" if not mapped else "no dated position and no country"
        stats.skipped[f"person: {reason}"] += 1
        return None
    roles.sort(key=lambda r: (r["start"] is None and r["end"] is None, r["start"] or "", r["end"] or "9999"))
    return _record(item["id"], item["name"], "person", item["aliases"], roles)


def _position_code(
    pos: str,
    positions: dict[str, Position],
    offices: dict[str, tuple[str, list[str]]],
    country_iso: dict[str, str],
) -> tuple[str, str | None, str] | None:
    """(code, ISO of the country or None, note) of a position, or None when it maps to no code."""
    row = positions.get(pos)
    if row is not None:
        iso = row.iso or (country_iso.get(row.country) if row.country else None)
        if iso is not None:
            return iso + row.sector, iso if row.country else None, row.label
    office = offices.get(pos)
    if office is not None:
        label, where = office
        iso = next((country_iso[c] for c in where if c in country_iso), None)
        if iso is not None:
            return iso + "GOV", iso, label
    return None


def _organisation(item: dict[str, Any], country_iso: dict[str, str], stats: ImportStats) -> dict[str, Any] | None:
    iso = next((country_iso[c] for c in item["countries"] if c in country_iso), None)
    if iso is None:
        reason = "no country (P17)" if not item["countries"] else "country (P17) not a country in the dump"
        stats.skipped[f"{item['type']}: {reason}"] += 1
        return None
    code = item["pattern"].replace("~", iso)
    return _record(item["id"], item["name"], item["type"], item["aliases"],
                   [{"code": code, "start": None, "end": None, "note": f"guessed from its class: {item['class']}"}])


def _record(qid: str, name: str, kind: str, aliases: list[str], roles: list[dict[str, Any]]) -> dict[str, Any]:
    return {"id": f"wd:{qid}", "name": name, "type": kind, "aliases": aliases, "roles": roles}


def _write(f: IO[str], rec: dict[str, Any], stats: ImportStats, written: set[str]) -> None:
    """Write a record that the actor reader accepts; anything else is counted, not written."""
    if rec["id"] in written:
        stats.skipped["duplicate entity in the dump"] += 1
        return
    if problems := actor_problems(rec):
        stats.skipped[f"invalid record ({problems[0]})"] += 1
        return
    written.add(rec["id"])
    stats.written[rec["type"]] += 1
    f.write(json.dumps(rec, ensure_ascii=False) + "\n")
