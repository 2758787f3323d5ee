from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from accord.actors.kb import ActorKB, ActorRecord, Role, nearest_role, normalize, role_on
from accord.errors import DataFileError


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def record(rid: str, aliases: list[str], code: str = "USAGOV", **extra) -> dict:
    return {"id": rid, "name": aliases[0], "type": "person", "aliases": aliases, "roles": [{"code": code}], **extra}


@pytest.mark.parametrize(
    "a,b",
    [
        ("U.S.", "US"),
        ("the West", "West"),
        ("The West", "west"),
        ("Da'esh", "Daesh"),
        ("Da’esh", "DAESH"),
        ("Bashar al-Assad", "BASHAR AL ASSAD"),
        ("Élysée", "Elysee"),
        ("Erdoğan", "Erdogan"),
        ("Syria's government", "SYRIAS_GOVERNMENT"),
    ],
)
def test_normalize_equal(a: str, b: str) -> None:
    assert normalize(a) == normalize(b)


@pytest.mark.parametrize("a,b", [("Iran", "Iraq"), ("the", "")])
def test_normalize_different(a: str, b: str) -> None:
    assert normalize(a) != normalize(b)


def test_normalize_keeps_a_lone_the() -> None:
    assert normalize("The") == "the"


def test_kb_loads_builtin_files_fast(kb: ActorKB) -> None:
    assert len(kb) > 25_000 and len(kb.agents) > 2_000
    start = time.perf_counter()
    ActorKB.load()
    assert time.perf_counter() - start < 3.0  # target 1.5 s; slack for busy test machines


def test_kerry_is_secretary_of_state_only_in_office(kb: ActorKB) -> None:
    (kerry,) = kb.lookup("John Kerry")
    assert role_on(kerry, "2015-11-14").code == "USAGOV"
    assert role_on(kerry, "2018-01-01").code != "USAGOV"
    assert role_on(kerry, "2013-02-01").code == "USAGOV"  # ranges are inclusive, the shorter wins
    assert role_on(kerry, "2010-06-01").code == "USAGOVLEG"


def test_curated_records_resolve(kb: ActorKB) -> None:
    assert {r.id for r in kb.lookup("Daesh")} == {r.id for r in kb.lookup("ISIL")} == {"cur:islamic-state"}
    assert role_on(kb.lookup("Moscow")[0], "2015-11-14").code == "RUSGOV"
    assert role_on(kb.lookup("the Kremlin")[0], None).code == "RUSGOV"
    assert role_on(kb.lookup("U.N.")[0], None).code == "IGOUNO"
    assert role_on(kb.lookup("Steffan de Mistura")[0], "2015-11-14").code == "IGOUNO"
    assert role_on(kb.lookup("Steffan de Mistura")[0], "2020-01-01") is None
    lavrov = kb.lookup("Sergei Lavrov")
    assert lavrov and role_on(lavrov[0], "2015-11-14").code == "RUSGOV"
    assert role_on(kb.lookup("Syrian")[0], None).code == "SYR"


def test_role_on_rules() -> None:
    rec = ActorRecord(
        "t:1",
        "Someone",
        "person",
        ("Someone",),
        (Role("XXXELI"), Role("XXXGOV", "2000-01-01", None), Role("XXXMIL", "2005-01-01", "2006-12-31")),
        "test:1",
    )
    assert role_on(rec, "1999-12-31").code == "XXXELI"  # no dated role valid: the default
    assert role_on(rec, "2000-01-01").code == "XXXGOV"
    assert role_on(rec, "2005-06-01").code == "XXXMIL"  # both valid: the shortest range
    assert role_on(rec, "2006-12-31").code == "XXXMIL"
    assert role_on(rec, "2007").code == "XXXGOV"  # partial dates read as the first day
    assert role_on(rec, None).code == "XXXGOV"  # no date: the latest role
    with pytest.raises(ValueError):
        role_on(rec, "14/11/2015")


def test_split_code(kb: ActorKB) -> None:
    assert kb.split_code("USAGOVLEG") == ("USA", "GOV")
    assert kb.split_code("IGOUNO") == (None, "IGO")
    assert kb.split_code("IMGMUSISI") == (None, "INS")
    assert kb.split_code("WST") == (None, None)
    assert kb.split_code("SYRREB") == ("SYR", "REB")
    assert kb.split_code("USAASMGOV") == ("USA", "GOV")


def test_split_code_part_of_a_former_state(kb: ActorKB) -> None:
    assert kb.split_code("YUGSRBMIL") == ("SRB", "MIL")  # Serbia in Yugoslavia
    assert kb.split_code("USRARM") == ("ARM", None)
    assert kb.split_code("YUGGOV") == ("YUG", "GOV")  # the federation itself
    assert kb.split_code("BIHSRP") == ("BIH", None)  # only former states give way


def test_nearest_role() -> None:
    rec = ActorRecord("x", "X", "person", ("X",), (Role("AAAGOV", "1990-01-01", "1995-12-31"),
                                                    Role("AAAMIL", "2001-01-01", "2003-06-30")), "t")
    assert role_on(rec, "2010-01-01") is None
    assert nearest_role(rec, "2010-01-01").code == "AAAMIL"
    assert nearest_role(rec, "1997").code == "AAAGOV"
    assert nearest_role(rec, "1985-05-05").code == "AAAGOV"


def test_later_file_overrides_alias_and_id(tmp_path: Path) -> None:
    base = write_jsonl(tmp_path / "base.jsonl", [record("a:1", ["John Doe", "Doe"]), record("a:2", ["Jane Roe"])])
    over = tmp_path / "over.yaml"
    over.write_text(
        "- {id: b:1, name: Johnny Doe, type: person, aliases: [J. Doe, john doe], roles: [{code: GBRGOV}]}\n"
        "- {id: a:2, name: Jane Roe, type: person, aliases: [Jane Q. Roe],\n"
        "   roles: [{code: FRAGOV, start: 2001-02-03}]}\n",
        encoding="utf-8",
    )
    kb = ActorKB.load([base, over], agent_paths=[])
    assert [r.id for r in kb.lookup("John Doe")] == ["b:1"]  # same alias: only the later file
    assert [r.id for r in kb.lookup("Doe")] == ["a:1"]  # other aliases of the old record stay
    assert kb.lookup("Jane Roe") == []  # same id: the old record is gone, aliases and all
    (roe,) = kb.lookup("Jane Q. Roe")
    assert roe.roles[0] == Role("FRAGOV", "2001-02-03", None)  # YAML dates read as ISO days
    assert roe.source == "over.yaml:2"


def test_same_file_keeps_every_record_of_an_alias(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [record("a:1", ["Georgia"], "GEO"), record("a:2", ["Georgia"], "USA")])
    assert [r.id for r in ActorKB.load([path], agent_paths=[]).lookup("georgia")] == ["a:1", "a:2"]


def test_bad_jsonl_lines_are_reported_with_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(
        '{"format": "accord.actors", "version": 1}\n'
        + json.dumps(record("ok:1", ["Fine"])) + "\n"
        + "{not json\n"
        + json.dumps(record("bad:1", ["X"], code="usa gov")) + "\n"
        + "\n"
        + json.dumps({**record("bad:2", ["Y"]), "type": "robot"}) + "\n"
        + json.dumps({**record("bad:3", ["Z"]), "roles": [{"code": "USAGOV", "start": "2015-13-01"}]}) + "\n"
        + json.dumps(record("ok:1", ["Again"])) + "\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as info:
        ActorKB.load([path], agent_paths=[])
    problems = info.value.problems
    assert [p.split(":")[1] for p in (q.split("] ", 1)[1] for q in problems)] == ["3", "4", "6", "7", "8"]
    assert all(p.startswith("[A201] ") for p in problems)
    assert "malformed JSON" in problems[0] and "usa gov" in problems[1] and "robot" in problems[2]
    assert "2015-13-01" in problems[3] and "duplicate id" in problems[4]
    assert "[A202]" in str(info.value) and "5 bad line(s)" in str(info.value)


def test_bad_yaml_record_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "# my actors\n"
        "- {id: m:1, name: Ok, type: group, aliases: [Ok Group], roles: [{code: WST}]}\n"
        "- id: m:2\n"
        "  name: No Roles\n"
        "  type: group\n"
        "  aliases: [Nothing]\n"
        "  alias: [typo]\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as info:
        ActorKB.load([path], agent_paths=[])
    assert all(f"{path}:3:" in p for p in info.value.problems)
    assert any("roles" in p for p in info.value.problems) and any("'alias'" in p for p in info.value.problems)


def test_malformed_yaml_and_wrong_version(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("- {id: x\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="malformed YAML"):
        ActorKB.load([broken], agent_paths=[])
    future = write_jsonl(tmp_path / "v2.jsonl", [{"format": "accord.actors", "version": 2}])
    with pytest.raises(DataFileError, match="version 2"):
        ActorKB.load([future], agent_paths=[])


def test_bad_agent_lines_are_reported(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "agents.jsonl",
        [{"phrases": ["scout", "scouts"], "code": "MIL"}, {"phrases": ["x"], "code": "MIL", "position": "middle"}],
    )
    with pytest.raises(DataFileError) as info:
        ActorKB.load([], agent_paths=[path])
    assert len(info.value.problems) == 1 and "agents.jsonl:2:" in info.value.problems[0]


def test_missing_file_is_a_data_file_error(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="nope.jsonl"):
        ActorKB.load([tmp_path / "nope.jsonl"])
