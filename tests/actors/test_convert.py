"""The Phoenix converter (tools/convert_phoenix_actors.py) on small inputs of our own."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from accord.actors.kb import ActorKB, role_on

TOOL = Path(__file__).resolve().parents[2] / "tools" / "convert_phoenix_actors.py"


@pytest.fixture(scope="module")
def tool():
    spec = importlib.util.spec_from_file_location("convert_phoenix_actors", TOOL)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


@pytest.mark.parametrize(
    "raw,day",
    [("130201", "2013-02-01"), ("291231", "2029-12-31"), ("300101", "1930-01-01"), ("19970101", "1997-01-01"),
     ("1920030320", "2003-03-20"), ("2004017", None), ("201005011", None), ("131301", None)],
)
def test_parse_date(tool, raw: str, day: str | None) -> None:
    assert tool.parse_date(raw) == day


@pytest.mark.parametrize(
    "body,role",
    [
        ("USAGOV", {"code": "USAGOV", "start": None, "end": None}),
        ("USAGOV >130201", {"code": "USAGOV", "start": "2013-02-01", "end": None}),
        ("USAGOV <130201", {"code": "USAGOV", "start": None, "end": "2013-02-01"}),
        ("USAGOV 850103-130201", {"code": "USAGOV", "start": "1985-01-03", "end": "2013-02-01"}),
        ("USAGOV > 130201", {"code": "USAGOV", "start": "2013-02-01", "end": None}),
    ],
)
def test_parse_role(tool, body: str, role: dict) -> None:
    assert tool.parse_role(body, "") == (role, None)


def test_parse_role_rejects_backwards_range(tool) -> None:
    assert tool.parse_role("EGYGOV 20121207-20120802", "")[0] is None


def test_plural(tool) -> None:
    assert [tool.plural(p) for p in ("TROOP", "ARMY", "ATTORNEY", "BOSS", "FORCES")] == [
        "TROOPS", "ARMIES", "ATTORNEYS", "BOSSES", None]


ACTORS = """# comment
FREEDONIA_  [FRE]
+FREEDONIAN_
+FREEDONIA'S_CAPITAL  # a city

RUFUS_FIREFLY_  # CountryInfo.txt
+PRESIDENT_FIREFLY
\t[FREELI 330101-331231]
\t[FREGOV >340101]
\t[FREELI]
IVO_SYLVANIA_
PRESIDENT_SYLVANIA_
OTHER_NAME_
\t[SYLGOV >20120219]
BROKEN_
\t[FREGOV >201005011]
"""

AGENTS = """!PERSON! = MAN, MEN, WOMAN
POLICE!PERSON! [~COP]
TROOP [~MIL]
POLICE {} [~COP]
CHAMBER_OF_COMMERCE {CHAMBERS_OF_COMMERCE} [~BUS]
HUMAN_RIGHTS_BODY  [NGO~]
EMBASSY_IN {} [~GOV]
NO_CODE_HERE
"""


def test_convert_actor_file(tool, tmp_path: Path) -> None:
    path = tmp_path / "Phoenix.Countries.actors.txt"
    path.write_text(ACTORS, encoding="utf-8")
    problems: list[str] = []
    records = {r["name"]: r for r in tool.convert_actor_file(path, "ctry", "organisation", problems)}
    assert records["Freedonia"]["type"] == "country"
    assert records["Freedonia"]["aliases"] == ["FREEDONIA", "FREEDONIAN", "FREEDONIA'S CAPITAL"]
    firefly = records["Rufus Firefly"]
    assert firefly["id"] == "phx:ctry:6" and firefly["source"] == "Phoenix.Countries.actors.txt:6"
    assert firefly["type"] == "person" and [r["code"] for r in firefly["roles"]] == ["FREELI", "FREGOV", "FREELI"]
    # codeless primaries above one block of codes: variants of one name merge, others stay apart
    assert records["Ivo Sylvania"]["aliases"] == ["IVO SYLVANIA", "PRESIDENT SYLVANIA"]
    assert records["Other Name"]["roles"] == records["Ivo Sylvania"]["roles"]
    assert "Broken" not in records
    assert any(":16:" in p and "bad date" in p for p in problems)
    assert any(":15:" in p and "no readable code" in p for p in problems)


def test_convert_agent_file(tool, tmp_path: Path) -> None:
    path = tmp_path / "Phoenix.agents.txt"
    path.write_text(AGENTS, encoding="utf-8")
    problems: list[str] = []
    agents = {a["phrases"][0]: a for a in tool.convert_agent_file(path, problems)}
    assert agents["policeman"]["phrases"] == ["policeman", "policemen", "policewoman"]
    assert agents["troop"]["phrases"] == ["troop", "troops"]
    assert agents["police"]["phrases"] == ["police"]
    assert agents["chamber of commerce"]["phrases"] == ["chamber of commerce", "chambers of commerce"]
    assert (agents["human rights body"]["code"], agents["human rights body"]["position"]) == ("NGO", "before")
    assert agents["embassy"]["phrases"] == ["embassy"]
    assert len(problems) == 1 and "Phoenix.agents.txt:8:" in problems[0]


def test_converted_files_load(tool, tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    for name in (*tool.ACTOR_FILES, tool.AGENT_FILE):
        (tmp_path / "src" / name).write_text(AGENTS if name == tool.AGENT_FILE else ACTORS, encoding="utf-8")
    assert tool.main([str(tmp_path / "src"), "--out", str(tmp_path / "out")]) == 0
    kb = ActorKB.load([tmp_path / "out" / "phoenix.jsonl"], agent_paths=[tmp_path / "out" / "agents.jsonl"])
    assert role_on(kb.lookup("President Firefly")[0], "2015-01-01").code == "FREGOV"
    assert kb.agent("policemen").code == "COP"
    header = json.loads((tmp_path / "out" / "phoenix.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert header["format"] == "accord.actors" and header["version"] == 1
