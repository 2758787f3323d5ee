"""accord kb search / show / validate: the library functions and the commands (in-process)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from accord.actors.kb import ActorKB
from accord.actors.manage import format_matches, format_record, locate, record_to_json, search, validate
from accord.cli import main

CURATED = next(p for p in ActorKB.builtin_paths() if p.name == "curated.yaml")  # holds de Mistura and Kerry


def write_jsonl(path: Path, rows: list[dict | str]) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


def person(rid: str, aliases: list[str], roles: list[dict] | None = None, **extra) -> dict:
    return {"id": rid, "name": aliases[0], "type": "person", "aliases": aliases,
            "roles": roles or [{"code": "USAGOV"}], **extra}


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


@pytest.fixture
def small_builtin(monkeypatch):
    """The commands load only curated.yaml as the built-in base: the same code path, a fraction of the time."""
    monkeypatch.setattr(ActorKB, "builtin_paths", staticmethod(lambda: [CURATED]))


@pytest.fixture
def cli(capsys):
    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


# ---- search ----


def test_search_exact_alias_first(kb: ActorKB) -> None:
    (first, *_) = search(kb, "staffan DE mistura", date="2016-01-01")
    assert (first.record.id, first.kind, first.alias) == ("cur:staffan-de-mistura", "exact", "Staffan de Mistura")
    assert first.role.code == "IGOUNO"


@pytest.mark.parametrize("name", ["Steffan de Mistura", "Stafan di Mistura", "Staffan de Mistra"])
def test_search_finds_de_mistura_misspelt(kb: ActorKB, name: str) -> None:
    matches = search(kb, name, date="2016-01-01", limit=3)
    assert matches[0].record.id == "cur:staffan-de-mistura"
    assert matches[0].role.code == "IGOUNO"


def test_search_misspelling_is_fuzzy_with_a_score(kb: ActorKB) -> None:
    (first, *_) = search(kb, "Stafan di Mistura", limit=1)
    assert first.kind == "fuzzy" and 75 <= first.score < 100


def test_search_prefix_then_substring(kb: ActorKB) -> None:
    (prefix,) = search(kb, "Staffan de Mist", limit=1)
    assert (prefix.record.id, prefix.kind) == ("cur:staffan-de-mistura", "prefix")
    inner = search(kb, "Forbes Kerry", limit=5)
    assert [(m.record.id, m.kind, m.alias) for m in inner][0] == ("cur:john-kerry", "substring", "John Forbes Kerry")


def test_search_code_follows_the_date(kb: ActorKB) -> None:
    def code(day: str) -> str:
        return next(m for m in search(kb, "John Kerry", date=day) if m.record.id == "cur:john-kerry").role.code

    assert code("2010-06-01") == "USAGOVLEG"
    assert code("2015-11-14") == "USAGOV"
    assert code("2018-06-01") == "USAELI"


def test_search_lists_each_record_once_and_honours_limit(kb: ActorKB) -> None:
    matches = search(kb, "Assad", limit=4)
    ids = [m.record.id for m in matches]
    assert len(ids) == len(set(ids)) == 4
    assert ids[0] == "cur:bashar-al-assad"
    order = ["exact", "prefix", "substring", "fuzzy"]
    assert [m.kind for m in matches] == sorted((m.kind for m in matches), key=order.index)


def test_search_nothing(kb: ActorKB) -> None:
    assert search(kb, "Qqxzzv Wwkkpj") == []
    assert search(kb, "...") == []


def test_search_sees_a_later_file_take_an_alias(tmp_path: Path) -> None:
    mine = write_jsonl(tmp_path / "mine.jsonl", [person("me:kerry", ["John Kerry"], [{"code": "USAELI"}])])
    kb = ActorKB.load([CURATED, mine])
    (first, *rest) = search(kb, "John Kerry")
    assert (first.record.id, first.kind) == ("me:kerry", "exact")
    assert all(m.kind != "exact" for m in rest)


def test_format_matches_columns(kb: ActorKB) -> None:
    text = format_matches(search(kb, "Steffan de Mistura", date="2016-01-01", limit=1), "2016-01-01")
    header, row = text.splitlines()
    assert header.split() == ["id", "name", "type", "code", "2016-01-01", "match", "alias"]
    assert row.split()[:2] == ["cur:staffan-de-mistura", "Staffan"]
    assert "IGOUNO" in row and "'Steffan de Mistura'" in row


# ---- show ----


def test_locate_gives_the_file_and_line() -> None:
    found = locate("cur:john-kerry", [CURATED])
    assert found.path == str(CURATED) and found.line == line_of(CURATED, "id: cur:john-kerry")
    text = format_record(found)
    assert "John Forbes Kerry" in text
    assert "USAGOV     2013-02-01 to 2017-01-20  Secretary of State" in text
    assert "USAELI     default (no dates)" in text
    assert f"curated.yaml:{found.line}" in text


def test_locate_last_file_wins_and_json(tmp_path: Path) -> None:
    mine = write_jsonl(tmp_path / "mine.jsonl", ['{"format": "accord.actors", "version": 1}',
                                                  person("cur:john-kerry", ["J. Kerry"], source="my notes")])
    found = locate("cur:john-kerry", [CURATED, mine])
    doc = record_to_json(found)
    assert (doc["file"], doc["line"], doc["aliases"], doc["source"]) == (str(mine), 2, ["J. Kerry"], "my notes")
    assert doc["roles"] == [{"code": "USAGOV", "start": None, "end": None}]
    assert "source:  my notes" in format_record(found)
    assert locate("cur:nobody", [CURATED, mine]) is None


# ---- validate ----

HEADER = '{"format": "accord.actors", "version": 1}'


def bad_file(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "bad.jsonl", [
        HEADER,                                                                            # 1
        person("t:a", ["Alpha One"]),                                                      # 2 fine
        '{"id": "t:b", "name": "B", "type": "person", "aliases": ["Bee"], "roles": [',     # 3 bad JSON
        {"id": "t:c", "type": "person", "aliases": ["Cee"], "roles": [{"code": "USAGOV"}]},  # 4 no name
        person("t:d", ["Dee"], [{"code": "USAGOV", "start": "2010-05-01", "end": "2009-01-01"}]),  # 5 ends before
        person("t:a", ["Alpha Two"]),                                                      # 6 duplicate id
        person("t:e", ["Eee"]),                                                            # 7 fine
    ])


def test_validate_reports_each_problem_with_its_line(tmp_path: Path) -> None:
    path = bad_file(tmp_path)
    count, problems = validate(path)
    assert count == 2
    assert [p.split(": ", 1)[0] for p in problems] == [f"{path}:{n}" for n in (3, 4, 5, 6)]
    assert "malformed JSON" in problems[0]
    assert "'name'" in problems[1]
    assert "starts (2010-05-01) after it ends (2009-01-01)" in problems[2]
    assert "duplicate id 't:a'" in problems[3]


@pytest.mark.parametrize(
    "record,expected",
    [
        (person("t:x", ["Ex"], [{"code": "usa-gov"}]), "is not a CAMEO code"),
        (person("t:x", ["Ex"], [{"code": "USAGOV", "start": "2015-13-01"}]), "is not YYYY-MM-DD"),
        ({**person("t:x", ["Ex"]), "type": "politician"}, "'type' is 'politician'"),
        ({"name": "Ex", "type": "person", "aliases": ["Ex"], "roles": [{"code": "USA"}]}, "'id' must be"),
    ],
)
def test_validate_names_the_problem(tmp_path: Path, record: dict, expected: str) -> None:
    path = write_jsonl(tmp_path / "one.jsonl", [person("t:ok", ["Okay"]), record])
    count, problems = validate(path)
    assert count == 1 and len(problems) == 1
    assert problems[0].startswith(f"{path}:2: ") and expected in problems[0]


def test_validate_yaml(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("- id: t:a\n  name: A\n  type: person\n  aliases: [Ay]\n  roles: [{code: USAGOV}]\n"
                    "- id: t:b\n  name: B\n  type: person\n  aliases: [Bee\n", encoding="utf-8")
    count, problems = validate(path)
    assert len(problems) == 1 and "malformed YAML" in problems[0] and problems[0].startswith(f"{path}:")
    count, problems = validate(CURATED)
    assert problems == [] and count > 100


# ---- the commands ----


def test_cli_validate(cli, tmp_path: Path) -> None:
    code, out, _ = cli("kb", "validate", str(bad_file(tmp_path)))
    lines = out.splitlines()
    assert code == 1
    assert [line.split(": ", 1)[0] for line in lines[:4]] == [f"{tmp_path / 'bad.jsonl'}:{n}" for n in (3, 4, 5, 6)]
    assert lines[4].endswith("4 problem(s); 2 records OK")
    code, out, _ = cli("kb", "validate", str(CURATED))
    assert code == 0 and out.strip().endswith("records OK") and "problem" not in out


def test_cli_missing_file_exits_2(cli, tmp_path: Path) -> None:
    for argv in (("kb", "validate", str(tmp_path / "nope.jsonl")),
                 ("kb", "search", "Kerry", "--kb", str(tmp_path / "nope.yaml")),
                 ("kb", "show", "cur:john-kerry", "--kb", str(tmp_path / "nope.yaml"))):
        code, out, err = cli(*argv)
        assert code == 2 and out == ""
        assert "[A101]" in err and "nope" in err and len(err.strip().splitlines()) == 1


def test_cli_search(cli, small_builtin) -> None:
    code, out, _ = cli("kb", "search", "Stafan di Mistura", "--date", "2016-01-01")
    assert code == 0
    row = out.splitlines()[1]
    assert row.startswith("cur:staffan-de-mistura") and "IGOUNO" in row and "fuzzy" in row
    code, out, _ = cli("kb", "search", "John Kerry", "--date", "2015-11-14", "--json", "--limit", "1")
    (doc,) = [json.loads(line) for line in out.splitlines()]
    assert (doc["id"], doc["code"], doc["match"], doc["alias"]) == ("cur:john-kerry", "USAGOV", "exact", "John Kerry")


def test_cli_search_layers_kb_files(cli, small_builtin, tmp_path: Path) -> None:
    mine = write_jsonl(tmp_path / "mine.jsonl", [person("me:zork", ["Zorkon Blaviat"], [{"code": "FRAGOV"}])])
    code, out, _ = cli("kb", "search", "Zorkon Blaviat", "--kb", str(mine), "--json")
    assert code == 0 and json.loads(out.splitlines()[0])["code"] == "FRAGOV"
    code, out, err = cli("kb", "search", "Qqxzzv Wwkkpj")
    assert code == 1 and out == "" and "no actor matches" in err


def test_cli_search_bad_date_is_usage_error(cli) -> None:
    with pytest.raises(SystemExit) as exc:
        cli("kb", "search", "Kerry", "--date", "14/11/2015")
    assert exc.value.code == 2


def test_cli_show(cli, small_builtin) -> None:
    code, out, _ = cli("kb", "show", "cur:staffan-de-mistura")
    assert code == 0
    assert out.splitlines()[0] == "cur:staffan-de-mistura  Staffan de Mistura  (person)"
    assert "IGOUNO  2014-07-10 to 2019-01-07  UN special envoy for Syria" in out
    code, out, _ = cli("kb", "show", "cur:staffan-de-mistura", "--json")
    doc = json.loads(out)
    assert doc["line"] == line_of(CURATED, "id: cur:staffan-de-mistura")
    assert doc["roles"][0] == {"code": "IGOUNO", "start": "2014-07-10", "end": "2019-01-07",
                               "note": "UN special envoy for Syria"}
    code, _, err = cli("kb", "show", "cur:nobody")
    assert code == 1 and "accord kb search" in err


def test_cli_show_a_bad_kb_file_is_an_accord_error(cli, small_builtin, tmp_path: Path) -> None:
    code, _, err = cli("kb", "show", "t:a", "--kb", str(bad_file(tmp_path)))
    assert code == 1 and "[A202]" in err and "bad.jsonl:3" in err
