"""The CAMEO code table: lookups, parent fallback, and file:line errors."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from accord.errors import DataFileError
from accord.events.tables import COLUMNS, CameoTable

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT.parent / "shared" / "reference"


@pytest.fixture(scope="module")
def table() -> CameoTable:
    return CameoTable.load()


@pytest.mark.parametrize("code,plover,goldstein,quad", [
    ("0356", "AGREE", 7.0, 1),
    ("190", "ASSAULT", -10.0, 4),
    ("1041", "REQUEST", -5.0, 3),
    ("010", None, 0.0, 1),
    ("163", "COERCE", -8.0, 4),
    ("084", "RETREAT", 7.0, 2),
    ("08", "CONCEDE", 5.0, 2),
])
def test_tables_lookup(table, code, plover, goldstein, quad):
    entry = table.get(code)
    assert entry is not None and entry.code == code
    assert (entry.plover, entry.goldstein, entry.quad_class) == (plover, goldstein, quad)


def test_tables_plover_mode_and_context(table):
    entry = table.get("0871")
    assert (entry.plover, entry.plover_mode, entry.plover_context) == ("RETREAT", "ceasefire", "military")
    assert table.get("02").plover is None and table.get("0233").plover_mode is None


def test_tables_errata_restore_106(table):
    assert table.get("106").name == "Demand meeting, negotiation"
    assert table.get("1056").name == "Demand de-escalation of military engagement"
    assert table.get("105").name.startswith("Demand that target yields")
    assert len(table) == 311


@pytest.mark.parametrize("code,found", [("0357", "035"), ("1999", "19"), ("0", None), ("99", None)])
def test_tables_unknown_code_falls_back_to_parent(table, code, found):
    entry = table.get(code)
    assert (entry.code if entry else None) == found


def test_tables_bad_file_names_file_and_line(tmp_path):
    path = tmp_path / "bad.tsv"
    header = "\t".join(COLUMNS)
    path.write_text(
        f"# comment\n{header}\n"
        "010\tMake statement\t0.0\t1\t\t\t\n"
        "01X\tBad code\t0.0\t1\t\t\t\n"
        "011\tDecline comment\tlow\t1\t\t\t\n"
        "012\tToo few fields\t0.0\n"
        "010\tTwice\t0.0\t1\t\t\t\n"
        "013\tBad quad\t0.4\t5\t\t\t\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as info:
        CameoTable.load(path)
    problems = info.value.problems
    assert [p.split(":", 2)[1] for p in problems] == ["4", "5", "6", "7", "8"]
    assert all(p.startswith("[A201] bad.tsv:") for p in problems)
    assert "A202" in str(info.value) and "appears twice" in problems[3]


def test_tables_missing_header_is_reported(tmp_path):
    path = tmp_path / "noheader.tsv"
    path.write_text("010\tMake statement\t0.0\t1\t\t\t\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"noheader\.tsv:1: header must be"):
        CameoTable.load(path)


def test_tables_missing_file_is_a_data_file_error(tmp_path):
    with pytest.raises(DataFileError, match="cannot read"):
        CameoTable.load(tmp_path / "absent.tsv")


@pytest.mark.skipif(not REFERENCE.exists(), reason="../shared/reference is absent")
def test_tables_shipped_file_matches_converter(table):
    script = ROOT / "tools" / "convert_cameo_tables.py"
    spec = importlib.util.spec_from_file_location("convert_cameo_tables", script)
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    rows = tool.build_rows(REFERENCE)
    assert len(rows) == len(table)
    for code, name, goldstein, quad, plover, mode, context in rows:
        entry = table.get(code)
        assert (entry.code, entry.name, entry.goldstein, entry.quad_class) == (code, name, float(goldstein), int(quad))
        assert (entry.plover, entry.plover_mode, entry.plover_context) == (plover or None, mode or None, context or None)
