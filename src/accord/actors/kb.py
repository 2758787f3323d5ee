"""The actor knowledge base: actor records and agent phrases, indexed by normalised phrase.

Built once per process (``ActorKB.load``) and only read afterwards. The file format is
described in ``accord/data/actors/FORMAT.md``; every bad record is reported as
``file:line`` in one :class:`~accord.errors.DataFileError`.
"""

from __future__ import annotations

import gc
import json
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date as Date
from importlib.resources import files
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from rapidfuzz import fuzz, process

from accord.errors import DataFileError, Errors

TYPES = frozenset({"person", "organisation", "group", "country", "agent"})
BUILTIN_ACTORS = ("phoenix.jsonl", "curated.yaml", "leaders.yaml", "armed-groups.yaml")
BUILTIN_AGENTS = ("agents.jsonl", "curated-agents.yaml")
FORMAT_VERSION = 1

_CODE = re.compile(r"^(?:[A-Z0-9]+|---)$")
_ISO_DAY = re.compile(r"^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$")
_PARTIAL_DAY = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_NON_WORD = re.compile(r"[\W_]+")
_LEADING_THE = re.compile(r"^\s*the[\s_]+", re.IGNORECASE)
_ACTOR_KEYS = frozenset({"id", "name", "type", "aliases", "roles", "source"})
_ROLE_KEYS = frozenset({"code", "start", "end", "note"})
_AGENT_KEYS = frozenset({"phrases", "code", "position", "source"})
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# States that have broken up: Phoenix codes their parts before the break as the old state
# plus the part ("YUGSRB", Serbia in Yugoslavia; "USRARM", Armenia in the USSR). The part is
# the country a phrase names ("Serbian", "Armenia"), so split_code reports it.
FORMER_STATES = frozenset({"YUG", "SCG", "FRY", "USR", "SUN", "CSK", "DDR"})


class Role(NamedTuple):
    """A code an actor holds from ``start`` to ``end`` (inclusive ISO days; None = open)."""

    code: str
    start: str | None = None
    end: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class ActorRecord:
    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    roles: tuple[Role, ...]
    source: str  # "file:line" of the entry it came from: becomes the mention's rule


@dataclass(frozen=True, slots=True)
class Agent:
    """A common noun that gives an actor its role ("troops" -> MIL), or a bare title (code None)."""

    phrase: str
    code: str | None
    position: str  # "after" the actor code (~GOV) or "before" it (NGO~)
    source: str


def token_key(text: str) -> str:
    """Case-, punctuation- and diacritic-free form of a piece of text ("U.S." -> "us")."""
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _NON_WORD.sub("", text.casefold())


def normalize(phrase: str) -> str:
    """The index key of a phrase: :func:`token_key` without a leading "the".

    Spaces go too, so a key does not depend on how a tokenizer splits "al-Assad" or "Syria's".
    """
    if phrase[:3].lower() == "the" or phrase[:1].isspace():
        return token_key(_LEADING_THE.sub("", phrase, count=1)) or token_key(phrase)
    return token_key(phrase)


def role_on(record: ActorRecord, date: str | None) -> Role | None:
    """The role ``record`` holds on ``date`` (YYYY, YYYY-MM or YYYY-MM-DD; partial = first day).

    Dated roles valid on the day win over undated ones, the shortest range first; with no
    dated role valid, the first undated (default) role; with ``date`` None, the latest role.
    """
    roles = record.roles
    if not roles:
        return None
    if date is None:
        return max(roles, key=lambda r: (r.end or "9999-99-99", r.start or ""))
    if not _PARTIAL_DAY.match(date):
        raise ValueError(f"role_on: date must be YYYY[-MM[-DD]], got {date!r}")
    day = (date + "-01-01")[:10] if len(date) < 10 else date
    valid = [
        r
        for r in roles
        if (r.start or r.end) and (r.start is None or r.start <= day) and (r.end is None or day <= r.end)
    ]
    if valid:
        return min(valid, key=_specificity)
    return next((r for r in roles if r.start is None and r.end is None), None)


def nearest_role(record: ActorRecord, date: str) -> Role | None:
    """The dated role closest in time to ``date`` (for a day :func:`role_on` finds no role on)."""
    if not _PARTIAL_DAY.match(date):
        raise ValueError(f"nearest_role: date must be YYYY[-MM[-DD]], got {date!r}")
    day = _day_number((date + "-01-01")[:10] if len(date) < 10 else date)

    def distance(role: Role) -> int:
        if role.end and _day_number(role.end) < day:
            return day - _day_number(role.end)
        if role.start and day < _day_number(role.start):
            return _day_number(role.start) - day
        return 0

    dated = [r for r in record.roles if r.start or r.end]
    return min(dated, key=distance) if dated else None


def _specificity(role: Role) -> tuple[int, int]:
    """Shortest range first, then the latest start; open ranges are the least specific."""
    start = _day_number(role.start) if role.start else 0
    if role.start is None or role.end is None:
        return 1 << 30, -start
    return _day_number(role.end) - start, -start


def _day_number(day: str) -> int:
    """A number that orders days and roughly measures their distance (31-day months suffice)."""
    return int(day[:4]) * 372 + int(day[5:7]) * 31 + int(day[8:10])


class ActorKB:
    """Actor records by normalised alias and by id, agent phrases, and the code tables."""

    def __init__(
        self,
        records: list[ActorRecord | None],
        index: dict[str, list[int]],
        agents: dict[str, Agent],
        codes: dict[str, Any],
    ) -> None:
        self._records = records
        self._index = index
        self._by_id = {r.id: i for i, r in enumerate(records) if r is not None}
        self._by_surname: dict[str, list[tuple[str, ActorRecord]]] | None = None  # built on first fuzzy lookup
        self.agents = agents
        self.roles = frozenset(codes["roles"])
        self.international: dict[str, str | None] = dict(codes["international"])
        self.regions = frozenset(codes["regions"])
        self.countries = frozenset(
            role.code[:3]
            for r in records
            if r is not None and r.type == "country"
            for role in r.roles
            if role.code != "---" and role.code[:3] not in self.regions
        )

    @staticmethod
    def builtin_paths() -> list[Path]:
        """The shipped actor files, base first: user files go after them to override."""
        return [Path(str(files("accord") / "data" / "actors" / name)) for name in BUILTIN_ACTORS]

    @classmethod
    def load(cls, paths: Sequence[Path] | None = None, agent_paths: Sequence[Path] | None = None) -> ActorKB:
        """Read actor files, then agent files; None means the built-in ones.

        A later file overrides an earlier one: a record with the same id replaces the old
        record, and an alias it shares with earlier files now finds only the new record.
        """
        paused = gc.isenabled()
        gc.disable()  # tens of thousands of small objects: collections mid-load only cost time
        try:
            return cls._load(paths, agent_paths)
        finally:
            if paused:
                gc.enable()

    @classmethod
    def _load(cls, paths: Sequence[Path] | None, agent_paths: Sequence[Path] | None) -> ActorKB:
        actor_sources = _resolve(paths, BUILTIN_ACTORS)
        agent_sources = _resolve(agent_paths, BUILTIN_AGENTS)
        records: list[ActorRecord | None] = []
        file_of: list[int] = []
        index: dict[str, list[int]] = {}
        by_id: dict[str, int] = {}
        for file_no, (name, text) in enumerate(actor_sources):
            problems: list[str] = []
            for rec in _read_actors(name, text, problems):
                if (old := by_id.get(rec.id)) is not None:
                    _unindex(index, records[old], old)
                    records[old] = None
                i = len(records)
                records.append(rec)
                file_of.append(file_no)
                by_id[rec.id] = i
                for key in {normalize(a) for a in rec.aliases}:
                    hits = index.get(key)
                    if hits is None or file_of[hits[0]] < file_no:
                        index[key] = [i]
                    else:
                        hits.append(i)
            if problems:
                raise DataFileError(name, problems)
        agents: dict[str, Agent] = {}
        for name, text in agent_sources:
            problems = []
            for agent in _read_agents(name, text, problems):
                agents[normalize(agent.phrase)] = agent
            if problems:
                raise DataFileError(name, problems)
        return cls(records, index, agents, _builtin_codes())

    def __len__(self) -> int:
        return len(self._by_id)

    @property
    def records(self) -> list[ActorRecord]:
        return [r for r in self._records if r is not None]

    def get(self, record_id: str) -> ActorRecord | None:
        i = self._by_id.get(record_id)
        return None if i is None else self._records[i]

    def lookup(self, phrase: str) -> list[ActorRecord]:
        """Records one of whose aliases normalises like ``phrase``, in file order."""
        return self.candidates(normalize(phrase))

    def candidates(self, key: str) -> list[ActorRecord]:
        """Like :meth:`lookup` for a key already normalised (the resolver's hot path)."""
        hits = self._index.get(key)
        return [self._records[i] for i in hits] if hits else []  # type: ignore[misc]

    def has_key(self, key: str) -> bool:
        return key in self._index

    def fuzzy_person(self, key: str, surname: str, *, cutoff: float = 88.0) -> ActorRecord | None:
        """The person whose alias is spelled most like ``key`` among those with this surname.

        For misspelt first names ("Steffan de Mistura"): only aliases ending in the same
        normalised surname are compared, so one lookup costs a handful of comparisons.
        """
        if self._by_surname is None:
            self._by_surname = {}
            for record in self.records:
                if record.type == "person":
                    for alias in record.aliases:
                        words = alias.split()
                        if len(words) > 1:
                            self._by_surname.setdefault(normalize(words[-1]), []).append((normalize(alias), record))
        choices = self._by_surname.get(surname, [])
        best = process.extractOne(key, [k for k, _ in choices], scorer=fuzz.ratio, score_cutoff=cutoff)
        return choices[best[2]][1] if best else None

    def keys(self) -> list[str]:
        """Every normalised alias key that finds a record (for prefix and fuzzy search)."""
        return list(self._index)

    def agent(self, phrase: str) -> Agent | None:
        return self.agents.get(normalize(phrase))

    def split_code(self, code: str) -> tuple[str | None, str | None]:
        """(country, sector) of an actor code: "USAGOVLEG" -> ("USA", "GOV"), "IGOUNO" -> (None, "IGO").

        A part of a state that has broken up is its own country: "YUGSRBMIL" -> ("SRB", "MIL").

        The sector is the first three-letter role segment after the country; generic
        international codes map through ``codes.yaml`` (IMG, a militant group, -> INS).
        """
        segments = [code[i : i + 3] for i in range(0, len(code), 3)]
        country = segments[0] if segments[0] in self.countries else None
        if country in FORMER_STATES and len(segments) > 1 and segments[1] in self.countries:
            segments = segments[1:]  # "YUGSRB" -> Serbia
            country = segments[0]
        for segment in segments[1:] if country else segments:
            if segment in self.international:
                return country, self.international[segment]
            if segment in self.roles:
                return country, segment
        return country, None


# ---- reading files ----


def _resolve(paths: Sequence[Path] | None, builtin: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    """(name for messages, text) of each file; None means the files shipped in the package."""
    if paths is None:
        paths = [Path(str(files("accord") / "data" / "actors" / name)) for name in builtin]
    for path in paths:
        path = Path(path)
        try:
            yield str(path), path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise DataFileError(str(path), [_problem(str(path), 0, str(exc))]) from None


def _problem(name: str, line: int, what: str) -> str:
    return Errors.A201.format(path=name, line=line, problem=what)


def _rows(name: str, text: str, problems: list[str]) -> Iterator[tuple[int, Any]]:
    """(line number, parsed object) of each record in a JSONL or YAML file."""
    if name.endswith((".yaml", ".yml")):
        yield from _yaml_rows(name, text, problems)
        return
    numbered = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    try:  # one parse for the whole file is several times faster than one per line
        objs = json.loads("[" + ",".join(line for _, line in numbered) + "]")
        yield from zip((n for n, _ in numbered), objs)
        return
    except json.JSONDecodeError:
        pass
    for n, line in numbered:
        try:
            yield n, json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(_problem(name, n, f"malformed JSON ({exc.msg})"))


def _yaml_rows(name: str, text: str, problems: list[str]) -> Iterator[tuple[int, Any]]:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return
        if not isinstance(node, yaml.SequenceNode):
            problems.append(_problem(name, node.start_mark.line + 1, "expected a list of records"))
            return
        for item in node.value:
            yield item.start_mark.line + 1, loader.construct_object(item, deep=True)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        problems.append(_problem(name, line, f"malformed YAML ({getattr(exc, 'problem', exc)})"))
    finally:
        loader.dispose()


def _header(obj: Any) -> bool:
    """An optional first line {"format": "accord.actors", "version": 1} names the format."""
    return isinstance(obj, dict) and "format" in obj and "id" not in obj and "phrases" not in obj


def _check_header(obj: dict, kind: str, name: str, line: int, problems: list[str]) -> None:
    if obj.get("format") != kind:
        problems.append(_problem(name, line, f"this is a {obj.get('format')!r} file, not {kind!r}"))
    elif obj.get("version") != FORMAT_VERSION:
        problem = f"format version {obj.get('version')!r}; this accord reads version {FORMAT_VERSION}"
        problems.append(_problem(name, line, problem))


def _read_actors(name: str, text: str, problems: list[str]) -> Iterator[ActorRecord]:
    for _, rec in _numbered_actors(name, text, problems):
        yield rec


def _numbered_actors(name: str, text: str, problems: list[str]) -> Iterator[tuple[int, ActorRecord]]:
    """(line, record) of each valid record; the reader behind :meth:`ActorKB.load` and :func:`read_actor_file`."""
    short = Path(name).name
    seen: set[str] = set()
    for line, obj in _rows(name, text, problems):
        if _header(obj):
            _check_header(obj, "accord.actors", name, line, problems)
            continue
        found: list[str] = []
        rec = _actor(obj, f"{short}:{line}", found)
        if rec is not None and rec.id in seen:
            found.append(f"duplicate id {rec.id!r} in this file")
        problems += [_problem(name, line, p) for p in found]
        if rec is not None and not found:
            seen.add(rec.id)
            yield line, rec


def read_actor_file(path: str | Path) -> tuple[list[tuple[int, ActorRecord]], list[str]]:
    """(line, record) of every valid record of one actor file, and every problem in it.

    The same reader as :meth:`ActorKB.load`, without raising: each problem reads
    ``[A201] file:line: what is wrong`` (line 0 for a file that cannot be read).
    """
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [], [_problem(name, 0, str(exc))]
    problems: list[str] = []
    return list(_numbered_actors(name, text, problems)), problems


def actor_problems(obj: Any) -> list[str]:
    """What is wrong with one actor record object (as read from JSON); empty when it is valid."""
    problems: list[str] = []
    _actor(obj, "", problems)
    return problems


def _actor(obj: Any, where: str, problems: list[str]) -> ActorRecord | None:
    if not isinstance(obj, dict):
        problems.append(f"a record must be an object, not {type(obj).__name__}")
        return None
    if not obj.keys() <= _ACTOR_KEYS:
        problems.append(f"unknown field(s) {sorted(set(obj) - _ACTOR_KEYS)}; known: {sorted(_ACTOR_KEYS)}")
    rid, name, kind, aliases = obj.get("id"), obj.get("name"), obj.get("type"), obj.get("aliases")
    if not isinstance(rid, str) or not rid:
        problems.append("'id' must be a non-empty string")
    if not isinstance(name, str) or not name:
        problems.append("'name' must be a non-empty string")
    if kind not in TYPES:
        problems.append(f"'type' is {kind!r}; use one of {sorted(TYPES)}")
    if not isinstance(aliases, list) or not aliases or not all(isinstance(a, str) and a.strip() for a in aliases):
        problems.append("'aliases' must be a non-empty list of phrases")
    roles = _roles(obj.get("roles"), problems)
    source = obj.get("source", where)
    if not isinstance(source, str):
        problems.append("'source' must be a string")
    if problems:
        return None
    return ActorRecord(obj["id"], obj["name"], obj["type"], tuple(obj["aliases"]), roles, source)


def _roles(raw: Any, problems: list[str]) -> tuple[Role, ...]:
    if not isinstance(raw, list) or not raw:
        problems.append("'roles' must be a non-empty list of {code, start, end}")
        return ()
    roles = []
    for role in raw:
        if not isinstance(role, dict):
            problems.append(f"a role must be an object, not {role!r}")
            continue
        if not role.keys() <= _ROLE_KEYS:
            problems.append(f"unknown role field(s) {sorted(set(role) - _ROLE_KEYS)}")
        code = role.get("code")
        if not isinstance(code, str) or not _CODE.match(code):
            problems.append(f"role code {code!r} is not a CAMEO code (capital letters and digits, or ---)")
            continue
        start, end, note = _day(role.get("start"), problems), _day(role.get("end"), problems), role.get("note")
        if start and end and start > end:
            problems.append(f"role {code} starts ({start}) after it ends ({end})")
        roles.append(Role(code, start, end, note if isinstance(note, str) else None))
    return tuple(roles)


def _day(value: Any, problems: list[str]) -> str | None:
    if value is None or type(value) is str and _ISO_DAY.match(value):
        return value
    if isinstance(value, Date):  # YAML reads an unquoted 2014-07-10 as a date
        return value.isoformat()
    problems.append(f"date {value!r} is not YYYY-MM-DD")
    return None


def _read_agents(name: str, text: str, problems: list[str]) -> Iterator[Agent]:
    short = Path(name).name
    for line, obj in _rows(name, text, problems):
        if _header(obj):
            _check_header(obj, "accord.agents", name, line, problems)
            continue
        found: list[str] = []
        yield from _agents(obj, f"{short}:{line}", found)
        problems += [_problem(name, line, p) for p in found]


def _agents(obj: Any, where: str, problems: list[str]) -> list[Agent]:
    if not isinstance(obj, dict):
        problems.append(f"an agent entry must be an object, not {type(obj).__name__}")
        return []
    if extra := set(obj) - _AGENT_KEYS:
        problems.append(f"unknown field(s) {sorted(extra)}; known: {sorted(_AGENT_KEYS)}")
    phrases, code, position = obj.get("phrases"), obj.get("code"), obj.get("position", "after")
    if not isinstance(phrases, list) or not phrases or not all(isinstance(p, str) and p.strip() for p in phrases):
        problems.append("'phrases' must be a non-empty list of phrases")
    if code is not None and (not isinstance(code, str) or not _CODE.match(code)):
        problems.append(f"agent code {code!r} is not a CAMEO code (or null for a bare title)")
    if position not in ("after", "before"):
        problems.append(f"'position' is {position!r}; use 'after' (~GOV) or 'before' (NGO~)")
    source = obj.get("source", where)
    if problems:
        return []
    return [Agent(p, code, position, source) for p in obj["phrases"]]


def _unindex(index: dict[str, list[int]], record: ActorRecord | None, i: int) -> None:
    if record is None:
        return
    for key in {normalize(a) for a in record.aliases}:
        hits = index.get(key)
        if hits and i in hits:
            hits.remove(i)
            if not hits:
                del index[key]


def _builtin_codes() -> dict[str, Any]:
    text = (files("accord") / "data" / "actors" / "codes.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=_Loader)
