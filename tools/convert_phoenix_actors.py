"""Convert the Phoenix (TABARI/PETRARCH) actor and agent dictionaries into accord's JSONL files.

Re-runnable: ``python tools/convert_phoenix_actors.py [PHOENIX_DIR] [--out DIR]``.
The input syntax is described in ``PHOENIX_DIR/dictionaries-format.rst``; the output
format in ``src/accord/data/actors/FORMAT.md``. Lines the converter cannot read are
reported with ``file:line`` and left out, never guessed.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SRC = ROOT.parent / "shared" / "reference" / "phoenix"
DEFAULT_OUT = ROOT / "src" / "accord" / "data" / "actors"

# file name -> (id abbreviation, default record type)
ACTOR_FILES = {
    "Phoenix.Countries.actors.txt": ("ctry", "organisation"),
    "Phoenix.International.actors.txt": ("intl", "organisation"),
    "Phoenix.MilNonState.actors.txt": ("mns", "group"),
}
AGENT_FILE = "Phoenix.agents.txt"
FORMAT_VERSION = 1

BRACKET = re.compile(r"\[([^\]]*)\]")
CODE = re.compile(r"^(?:[A-Z0-9]+|---)$")
# Words that make an undated Countries-file entry an organisation or group rather than a person.
ORG_WORDS = frozenset(
    "ARMY FORCES FORCE FRONT PARTY MOVEMENT COUNCIL MINISTRY GOVERNMENT REGIME BRIGADE BRIGADES "
    "ORGANIZATION ORGANISATION COMMITTEE UNION ASSOCIATION LEAGUE ALLIANCE GROUP COMMAND POLICE "
    "GUARD GUARDS OFFICE AGENCY BANK COURT PARLIAMENT ASSEMBLY CONGRESS SENATE HOUSE NEWS "
    "OBSERVATORY MILITIA MILITIAS REBELS COALITION DEPARTMENT SERVICE SERVICES CORPS "
    "UNIVERSITY COMMISSION AUTHORITY INSTITUTE CENTER CENTRE NETWORK FEDERATION STATE BUREAU "
    "PALACE STREET YARD TEAM MILITARY COMMUNITY RESERVE INTELLIGENCE TANK RIFLES ADMINISTRATION".split()
)
GROUP_SECTORS = frozenset(("REB", "INS", "UAF", "IMG", "SEP"))
# CAMEO role codes (CAMEO.type.txt): a code with one of these after the country is not a territory.
ROLE_CODES = frozenset(
    "COP GOV INS JUD MIL OPP REB SEP SPY UAF AGR BUS CRM CVL DEV EDU ELI ENV HLH HRI LAB LEG MED "
    "REF MOD RAD UIS IGO IMG INT MNC NGM NGO SET".split()
)
ACRONYMS = frozenset("US UK UN EU USA UAE NATO OPEC ASEAN".split())
SMALL_WORDS = frozenset("of the and for in on at to de du des del da la le al el bin ibn van von y".split())


@dataclass
class Draft:
    """An actor entry being read: the primary line plus its synonyms and date lines."""

    line: int
    phrase: str
    comment: str
    aliases: list[str] = field(default_factory=list)
    roles: list[dict] = field(default_factory=list)
    primary_coded: bool = False
    code_lines: int = 0  # code lines seen, readable or not


def parse_date(text: str) -> str | None:
    """YYMMDD or YYYYMMDD -> YYYY-MM-DD (2-digit years >= 30 are 19xx); None if malformed."""
    if len(text) == 10 and text.startswith("19") and text[2:4] in ("19", "20"):
        text = text[2:]  # "1920030320": a century typed twice (Iraq, South Sudan)
    if not text.isdigit() or len(text) not in (6, 8):
        return None
    if len(text) == 6:
        year = int(text[:2])
        text = f"{1900 + year if year >= 30 else 2000 + year}{text[2:]}"
    month, day = int(text[4:6]), int(text[6:8])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{text[:4]}-{text[4:6]}-{text[6:8]}"


def parse_role(body: str, note: str) -> tuple[dict | None, str | None]:
    """Read the inside of ``[CODE restriction]``; returns (role, problem)."""
    parts = body.split(None, 1)
    if not parts:
        return None, "empty [] code"
    code = parts[0]
    if not CODE.match(code):
        return None, f"bad code {code!r}"
    role: dict = {"code": code, "start": None, "end": None}
    if len(parts) == 2:
        spec = parts[1].replace(" ", "")
        if spec.startswith("<"):
            role["end"] = parse_date(spec[1:]) or "?"
        elif spec.startswith(">"):
            role["start"] = parse_date(spec[1:]) or "?"
        elif "-" in spec:
            a, _, b = spec.partition("-")
            role["start"], role["end"] = parse_date(a) or "?", parse_date(b) or "?"
        else:  # a lone date: read as a start date, as the comments beside them say
            role["start"] = parse_date(spec) or "?"
        if "?" in (role["start"], role["end"]):
            return None, f"bad date in [{body}]"
        if role["start"] and role["end"] and role["start"] > role["end"]:
            return None, f"[{body}] ends before it starts"
    if note:
        role["note"] = note
    return role, None


def split_comment(line: str) -> tuple[str, str]:
    text, _, comment = line.partition("#")
    return text, comment.strip().strip("#").strip()


def clean_phrase(text: str) -> list[str]:
    """A phrase string -> alias(es) with spaces; a stray '+' joins two synonyms on one line."""
    out = []
    for piece in text.split("+"):
        words = piece.replace("_", " ").split()
        if words:
            out.append(" ".join(words))
    return out


def canonical(phrase: str) -> str:
    """The phrase a name is made from: no leading "THE", no trailing "(ACRONYM)"."""
    bare = re.sub(r"\s*\([^)]*\)\s*$", "", re.sub(r"^THE\s+", "", phrase))
    return bare or phrase


def title_case(phrase: str, keep_acronym: bool) -> str:
    """Phoenix phrases are upper case; make a readable name ("Bashar al-Assad", "UN")."""
    words = phrase.split()
    if keep_acronym and len(words) == 1 and len(phrase) <= 5:
        return phrase
    out = []
    for i, word in enumerate(words):
        if ("." in word and len(word) <= 5) or word in ACRONYMS:  # U.S., UN
            out.append(word)
            continue
        parts = []
        for j, part in enumerate(word.split("-")):
            low = part.lower()
            if (i or j) and low in SMALL_WORDS:
                parts.append(low)
            else:
                parts.append(low[:1].upper() + low[1:])
        out.append("-".join(parts))
    return " ".join(out)


def guess_type(draft: Draft, file_type: str, is_countries: bool) -> str:
    """A best guess from the file, the codes, the comments and the words of the name."""
    codes = [r["code"] for r in draft.roles if r["code"] != "---"]
    if "COUNTRYINFO" in draft.comment.upper() or "IGOrulers" in draft.comment:
        return "person"
    if is_countries and codes and not any(c[i : i + 3] in ROLE_CODES for c in codes for i in range(0, len(c), 3)):
        return "country"  # a country, a territory or a region of one (ETHERIAUT): codes without a role
    words = draft.phrase.upper().replace("-", " ").split()
    sectors = {c[i : i + 3] for c in codes for i in range(0, len(c), 3)}
    if sectors & GROUP_SECTORS:
        return "group"
    if any(w in ORG_WORDS for w in words):
        return "organisation" if file_type == "person" else file_type
    if any(r["start"] or r["end"] for r in draft.roles) or (is_countries and 2 <= len(words) <= 4):
        return "person"
    return file_type


def finish(draft: Draft, source: str, abbrev: str, file_type: str) -> dict:
    aliases = list(dict.fromkeys([draft.phrase, *draft.aliases]))
    if abbrev != "ctry":  # "ADEN ABYAN ISLAMIC ARMY (AAIA)" is also written without its acronym
        for alias in list(aliases):
            bare = re.sub(r"\s*\([^)]*\)\s*$", "", alias)
            if bare and bare != alias and bare not in aliases:
                aliases.append(bare)
    kind = guess_type(draft, file_type, abbrev == "ctry")
    return {
        "id": f"phx:{abbrev}:{draft.line}",
        "name": title_case(canonical(draft.phrase), abbrev != "ctry"),
        "type": kind,
        "aliases": aliases,
        "roles": draft.roles,
        "source": f"{source}:{draft.line}",
    }


def read_roles(text: str, note: str, where: str, problems: list[str]) -> list[dict]:
    roles = []
    for body in BRACKET.findall(text):
        role, problem = parse_role(body.strip(), note)
        if problem:
            problems.append(f"{where}: {problem}; role left out")
        elif role:
            roles.append(role)
    return roles


def convert_actor_file(path: Path, abbrev: str, file_type: str, problems: list[str]) -> list[dict]:
    records: list[dict] = []
    draft: Draft | None = None
    source = path.name

    pending: list[Draft] = []  # primaries still waiting for the code lines that follow them

    def flush() -> None:
        if draft is None:
            return
        if not draft.roles and draft.code_lines:
            for d in [*pending, draft]:
                problems.append(f"{source}:{d.line}: {d.phrase!r} has no readable code; left out")
            pending.clear()
            return
        if not draft.roles:
            pending.append(draft)
            return
        for group in group_names([*pending, draft]):
            records.append(finish(group, source, abbrev, file_type))
        pending.clear()

    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text, comment = split_comment(raw)
        if not text.strip():
            continue
        where = f"{source}:{lineno}"
        stripped = text.strip()
        if stripped.startswith("["):  # date restriction line
            if draft is None:
                problems.append(f"{where}: code line before any phrase; left out")
                continue
            draft.roles += read_roles(stripped, comment, where, problems)
            draft.code_lines += 1
        elif stripped.startswith("+"):
            if draft is None:
                problems.append(f"{where}: synonym before any phrase; left out")
                continue
            draft.aliases += clean_phrase(stripped[1:].split("[", 1)[0])
            draft.roles += read_roles(stripped, comment, where, problems)
        else:
            flush()
            phrase_text = stripped.split("[", 1)[0]
            phrases = clean_phrase(phrase_text)
            if not phrases or phrase_text != phrase_text.upper():
                problems.append(f"{where}: not a phrase: {stripped[:40]!r}; left out")
                draft = None
                continue
            roles = read_roles(stripped, "", where, problems)
            draft = Draft(lineno, phrases[0], comment, phrases[1:], roles, bool(roles), int("[" in stripped))
    flush()
    for orphan in pending:
        problems.append(f"{source}:{orphan.line}: {orphan.phrase!r} has no code; left out")
    return records


def group_names(drafts: list[Draft]) -> list[Draft]:
    """Share the last draft's codes with the uncoded primaries before it.

    Phoenix often lists name variants as primaries without '+' above one block of code
    lines (IVO_JOSIPOVIC_ / PRESIDENT_JOSIPOVIC_ / JOSIPOVIC_); variants sharing a word
    with the first become its aliases, unrelated names (distinct groups with one code)
    stay separate records with the same roles.
    """
    roles = drafts[-1].roles
    first = drafts[0]
    words = {w for w in first.phrase.replace("-", " ").split() if len(w) > 3}
    out = [first]
    for other in drafts[1:]:
        if words & set(other.phrase.replace("-", " ").split()):
            first.aliases += [other.phrase, *other.aliases]
            first.comment = first.comment or other.comment
        else:
            out.append(other)
    for d in out:
        d.roles = roles
    return out


# ---- agents ----

TRAILING_WORDS = frozenset({"in", "to", "for", "of", "at", "on", "from", "with", "and"})
SUBST_DEF = re.compile(r"^(![A-Z]+!)\s*=\s*(.+)$")
AGENT_LINE = re.compile(r"^(?P<phrase>[^{\[]+?)\s*(?:\{(?P<plural>[^}]*)\})?\s*\[(?P<code>[^\]}]*)[\]}]")


def plural(phrase: str) -> str | None:
    """Regular English plural of the last word (ARMY -> ARMIES, BOSS -> BOSSES); None if plural already."""
    head, _, last = phrase.rpartition(" ")
    if last.endswith("S") and not last.endswith("SS"):
        return None  # FORCES, ISLAMISTS: the entry is a plural
    if last.endswith("Y") and len(last) > 1 and last[-2] not in "AEIOU":
        last = last[:-1] + "IES"
    elif last.endswith(("SS", "X", "CH", "SH")):
        last += "ES"
    else:
        last += "S"
    return f"{head} {last}".strip()


def _trim(phrase: str) -> str:
    """Drop a trailing preposition ("EMBASSY_IN", "AMBASSADOR_TO"): it belongs to the context."""
    head, _, last = phrase.rpartition(" ")
    return head if head and last in TRAILING_WORDS else phrase


def convert_agent_file(path: Path, problems: list[str]) -> list[dict]:
    subst: dict[str, list[str]] = {}
    agents: list[dict] = []
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text, _ = split_comment(raw)
        text = text.strip()
        if not text:
            continue
        where = f"{path.name}:{lineno}"
        if m := SUBST_DEF.match(text):
            subst[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        m = AGENT_LINE.match(text)
        if not m:
            problems.append(f"{where}: no [code] on agent line {text[:40]!r}; left out")
            continue
        code = m.group("code").strip()
        if code.startswith("~") and CODE.match(code[1:]):
            position, code = "after", code[1:]
        elif code.endswith("~") and CODE.match(code[:-1]):
            position, code = "before", code[:-1]
        else:
            problems.append(f"{where}: agent code {code!r} has no '~' at either end; left out")
            continue
        raw_phrase = m.group("phrase").strip()
        stopped = raw_phrase.endswith("_")
        # A few stems remain ("DEFENCE_MINIST"): a final word that names a substitution set
        # stands for the set ("DEFENCE_!MINIST!" -> defence minister(s), ministry, ministries).
        last = raw_phrase.rstrip("_").rsplit("_", 1)[-1]
        if not stopped and f"!{last}!" in subst:
            raw_phrase = raw_phrase[: len(raw_phrase) - len(last)] + f"!{last}!"
        marker = re.search(r"![A-Z]+!", raw_phrase)
        if marker and marker.group(0) not in subst:
            problems.append(f"{where}: undefined substitution set {marker.group(0)}; left out")
            continue
        if marker:  # every item replaces the marker; no extra plurals
            forms = [raw_phrase.replace(marker.group(0), item) for item in subst[marker.group(0)]]
        else:
            forms = [raw_phrase]
            given = m.group("plural")
            if given is not None:
                forms += given.split()  # {} means: no plural
            elif not stopped and (many := plural(" ".join(raw_phrase.replace("_", " ").split()))):
                forms.append(many)
        phrases = list(dict.fromkeys(_trim(" ".join(f.replace("_", " ").split()).lower()) for f in forms))
        agents.append({"phrases": phrases, "code": code, "position": position, "source": where})
    return agents


def write_jsonl(path: Path, kind: str, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for row in [{"format": kind, "version": FORMAT_VERSION, "from": "Phoenix dictionaries (MIT)"}, *rows]:
            f.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("src", nargs="?", type=Path, default=DEFAULT_SRC, help="folder with the Phoenix files")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the JSONL files")
    args = parser.parse_args(argv)
    problems: list[str] = []
    actors: list[dict] = []
    for name, (abbrev, file_type) in ACTOR_FILES.items():
        actors += convert_actor_file(args.src / name, abbrev, file_type, problems)
    agents = convert_agent_file(args.src / AGENT_FILE, problems)
    args.out.mkdir(parents=True, exist_ok=True)
    write_jsonl(args.out / "phoenix.jsonl", "accord.actors", actors)
    write_jsonl(args.out / "agents.jsonl", "accord.agents", agents)
    print(f"{len(actors)} actors, {len(agents)} agents written to {args.out}")
    print(f"{len(problems)} input line(s) left out or trimmed:", file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
