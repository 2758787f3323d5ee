"""accord kb import-wikidata on a hand-written dump excerpt.

``fixtures/wikidata-excerpt.json`` is in the dump format (a JSON array, one entity per line) with
abbreviated claims. Well-known entities carry their real QIDs (Q30, Q76, Q7747, Q11696, ...); the
made-up ones have QIDs from Q99990001 up and say so in their descriptions.
"""

from __future__ import annotations

import bz2
import gzip
import json
from pathlib import Path

import pytest

from accord.actors.kb import ActorKB, role_on
from accord.actors.manage import validate
from accord.actors.wikidata import import_dump, load_classes, load_positions, wikidata_day
from accord.cli import main
from accord.errors import DataFileError

EXCERPT = Path(__file__).parent / "fixtures" / "wikidata-excerpt.json"
CURATED = ActorKB.builtin_paths()[-1]


def records(path: Path) -> dict[str, dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["format"] == "accord.actors"
    return {r["id"]: r for r in map(json.loads, lines[1:])}


def dated(rec: dict) -> list[tuple[str, str | None, str | None]]:
    return [(r["code"], r["start"], r["end"]) for r in rec["roles"]]


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("wd") / "actors.jsonl"
    return out, import_dump(EXCERPT, out)


def test_import_writes_countries_people_and_organisations(imported) -> None:
    out, stats = imported
    recs = records(out)
    assert set(recs) == {"wd:Q30", "wd:Q159", "wd:Q145", "wd:Q76", "wd:Q7747", "wd:Q9696", "wd:Q264766",
                         "wd:Q99990101", "wd:Q99990102", "wd:Q99990201", "wd:Q99990202"}
    assert dict(stats.written) == {"country": 3, "person": 6, "organisation": 2}
    usa = recs["wd:Q30"]
    assert (usa["name"], usa["type"], dated(usa)) == ("United States of America", "country", [("USA", None, None)])
    assert {"USA", "America", "American"} <= set(usa["aliases"])  # aliases and the demonym (P1549)
    assert dated(recs["wd:Q99990201"]) == [("RUSBUS", None, None)]  # public company in Russia
    assert dated(recs["wd:Q99990202"]) == [("USANGO", None, None)]  # NGO, country first


def test_import_keeps_position_dates(imported) -> None:
    recs = records(imported[0])
    obama = recs["wd:Q76"]
    assert obama["aliases"][:3] == ["Barack Obama", "Barack Hussein Obama II", "Obama"]
    assert dated(obama) == [
        ("USAGOVLEG", "2005-01-03", "2008-11-16"),  # table row: senator
        ("USAGOV", "2009-01-20", "2017-01-20"),  # table row, confirmed by the dump's Q11696
        ("USAELI", None, None),  # default; the deprecated 1990 statement is left out
    ]
    assert obama["roles"][1]["note"] == "President of the United States"
    assert dated(recs["wd:Q7747"]) == [
        ("RUSGOV", "1999-08-16", "2000-05-07"),
        ("RUSGOV", "2000-05-07", "2008-05-07"),
        ("RUSGOV", "2008-05-08", "2012-05-07"),
        ("RUSGOV", "2012-05-07", None),
        ("RUSELI", None, None),
    ]
    # not in the table: a "minister" post of a country; year and month precision -> first and last day
    assert dated(recs["wd:Q99990101"]) == [("RUSGOV", "1999-01-01", "2003-02-28"), ("RUSELI", None, None)]
    assert recs["wd:Q99990101"]["roles"][0]["note"] == "Minister of Defence of the Russian Federation"
    assert dated(recs["wd:Q99990102"]) == [("RUSELI", None, None)]  # held without dates: elite only


def test_import_counts_what_it_skips(imported) -> None:
    _, stats = imported
    assert stats.read == 23
    assert dict(stats.skipped) == {
        "country: no ISO alpha-3 code (P297)": 1,  # Kosovo
        "person: no position held maps to a code": 1,  # mayor of London, president of a football club
        "organisation: country (P17) not a country in the dump": 1,  # newspaper in Kosovo
    }
    assert stats.unconfirmed == [] and stats.malformed == 0
    summary = stats.summary()
    assert "read 23 entities" in summary and "wrote 11 records" in summary
    assert "1  country: no ISO alpha-3 code (P297)" in summary


def test_import_output_validates_and_loads_over_the_builtin_base(imported, kb: ActorKB) -> None:
    out, _ = imported
    count, problems = validate(out)
    assert (count, problems) == (11, [])
    layered = ActorKB.load([*ActorKB.builtin_paths(), out])
    assert len(layered) == len(kb) + 11
    (obama,) = layered.lookup("Barack Obama")  # the later file takes the alias
    assert obama.id == "wd:Q76"
    assert role_on(obama, "2012-06-01").code == "USAGOV"
    assert role_on(obama, "2006-06-01").code == "USAGOVLEG"
    assert role_on(obama, "2019-06-01").code == "USAELI"
    (may,) = layered.lookup("Theresa Mary May")
    assert role_on(may, "2017-01-01").code == "GBRGOV" and role_on(may, "2020-01-01").code == "GBRELI"
    assert layered.split_code("USANGO") == ("USA", "NGO")


@pytest.mark.parametrize("opener,suffix", [(gzip.open, ".json.gz"), (bz2.open, ".json.bz2")])
def test_import_compressed_dump_gives_the_same_records(imported, tmp_path: Path, opener, suffix: str) -> None:
    dump = tmp_path / f"dump{suffix}"
    with opener(dump, "wb") as f:
        f.write(EXCERPT.read_bytes())
    out = tmp_path / "out.jsonl"
    stats = import_dump(dump, out)
    assert records(out) == records(imported[0])
    assert stats.read == 23


def test_import_since_leaves_out_old_roles(tmp_path: Path) -> None:
    out = tmp_path / "since.jsonl"
    stats = import_dump(EXCERPT, out, since="2000-01-01")
    recs = records(out)
    assert "wd:Q9696" not in recs  # Kennedy: 1961-1963
    assert stats.skipped["person: every position ended before --since"] == 1
    assert dated(recs["wd:Q7747"])[0] == ("RUSGOV", "1999-08-16", "2000-05-07")  # ends after --since: kept
    assert dated(recs["wd:Q99990101"])[0] == ("RUSGOV", "1999-01-01", "2003-02-28")
    with pytest.raises(ValueError):
        import_dump(EXCERPT, out, since="2000")


def entity(qid: str, label: str, **claims: list[str]) -> str:
    """One dump line: an item with item-valued claims (P39 values may be (position, start, end))."""

    def day(prop: str, text: str) -> dict:
        value = {"time": f"+{text}T00:00:00Z", "precision": 11}
        return {"snaktype": "value", "property": prop, "datavalue": {"value": value, "type": "time"}}

    def statement(prop: str, value) -> dict:
        item, start, end = (value, None, None) if isinstance(value, str) else value
        s = {"mainsnak": {"snaktype": "value", "property": prop,
                          "datavalue": {"value": {"id": item}, "type": "wikibase-entityid"}},
             "type": "statement", "rank": "normal"}
        if quals := {p: [day(p, d)] for p, d in (("P580", start), ("P582", end)) if d}:
            s["qualifiers"] = quals
        return s

    doc = {"type": "item", "id": qid, "labels": {"en": {"language": "en", "value": label}},
           "claims": {p: [statement(p, v) for v in values] for p, values in claims.items()}}
    if "P297" in claims:
        doc["claims"]["P297"] = [{"mainsnak": {"snaktype": "value", "property": "P297",
                                               "datavalue": {"value": claims["P297"][0], "type": "string"}},
                                  "rank": "normal"}]
    return json.dumps(doc)


def test_a_position_row_the_dump_contradicts_is_not_used(tmp_path: Path) -> None:
    dump = tmp_path / "dump.json"
    dump.write_text("\n".join([
        "[",
        entity("Q30", "United States", P31=["Q6256"], P297=["USA"]) + ",",
        entity("Q145", "United Kingdom", P31=["Q6256"], P297=["GBR"]) + ",",
        # the table says Q14211 is a British post; this dump says American: the label rule decides
        entity("Q14211", "Prime Minister of Somewhere", P1001=["Q30"]) + ",",
        entity("Q99990301", "Tess Example", P31=["Q5"], P39=[("Q14211", "2016-07-13", "2019-07-24")]),
        "]",
    ]) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    stats = import_dump(dump, out)
    assert stats.unconfirmed == ["Q14211 (Prime Minister of the United Kingdom)"]
    assert dated(records(out)["wd:Q99990301"])[0] == ("USAGOV", "2016-07-13", "2019-07-24")
    assert "contradicts" in stats.summary()


def test_malformed_lines_are_counted_and_a_non_dump_fails(tmp_path: Path) -> None:
    dump = tmp_path / "dump.json"
    good = entity("Q30", "United States", P31=["Q6256"], P297=["USA"])
    dump.write_text(f'[\n{{"id": "Q1", "claims": {{"P17": [\n{good}\n]\n', encoding="utf-8")
    stats = import_dump(dump, tmp_path / "out.jsonl")
    assert (stats.malformed, stats.malformed_lines, dict(stats.written)) == (1, [2], {"country": 1})
    junk = tmp_path / "junk.json"
    junk.write_text('- id: "P17"\n- id: "P297"\n', encoding="utf-8")
    out = tmp_path / "never.jsonl"
    with pytest.raises(DataFileError, match=r"junk.json:1: not a Wikidata JSON dump"):
        import_dump(junk, out)
    assert not out.exists() and not list(tmp_path.glob(".never.jsonl.*"))


@pytest.mark.parametrize(
    "time,precision,end,expected",
    [
        ("+2009-01-20T00:00:00Z", 11, False, "2009-01-20"),
        ("+1999-00-00T00:00:00Z", 9, False, "1999-01-01"),
        ("+1999-00-00T00:00:00Z", 9, True, "1999-12-31"),
        ("+2004-02-00T00:00:00Z", 10, True, "2004-02-29"),
        ("+2004-02-00T00:00:00Z", 10, False, "2004-02-01"),
        ("+1900-00-00T00:00:00Z", 7, False, None),  # a century is too vague
        ("-0044-03-15T00:00:00Z", 11, False, None),  # BCE
        ("+2015-02-30T00:00:00Z", 11, False, None),
    ],
)
def test_wikidata_day(time: str, precision: int, end: bool, expected: str | None) -> None:
    assert wikidata_day({"time": time, "precision": precision}, end) == expected


def test_tables_load_and_bad_rows_name_their_line(tmp_path: Path) -> None:
    positions = load_positions()
    assert len(positions) >= 30
    potus = positions["Q11696"]
    assert (potus.country, potus.iso, potus.sector) == ("Q30", "USA", "GOV")
    assert positions["Q81066"].iso + positions["Q81066"].sector == "IGOUNO"
    classes = load_classes()
    assert classes["Q6256"].type == "country" and classes["Q79913"].pattern == "~NGO"
    bad = tmp_path / "positions.tsv"
    bad.write_text("# comment\nQ1\tQ30\tUSA\tGOV\tfine\nQ2\tQ30\tUS\tGOV\tbad iso\nQ3\tQ30\tUSA\n", encoding="utf-8")
    with pytest.raises(DataFileError) as exc:
        load_positions(bad)
    assert [p.split(": ")[0] for p in exc.value.problems] == ["[A201] positions.tsv:3", "[A201] positions.tsv:4"]


# ---- the command ----


def test_cli_import_then_search(tmp_path: Path, capsys, monkeypatch) -> None:
    extra = tmp_path / "more-positions.tsv"
    extra.write_text("Q99990002\tQ145\tGBR\tGOV\tMayor of London\n", encoding="utf-8")
    out = tmp_path / "wd.jsonl"
    code = main(["kb", "import-wikidata", str(EXCERPT), "-o", str(out), "--positions", str(extra)])
    err = capsys.readouterr().err
    assert code == 0 and "wrote 12 records" in err
    assert dated(records(out)["wd:Q99990103"])[0] == ("GBRGOV", "2000-05-04", "2008-05-04")
    assert main(["kb", "validate", str(out)]) == 0
    assert capsys.readouterr().out.strip().endswith("12 records OK")
    monkeypatch.setattr(ActorKB, "builtin_paths", staticmethod(lambda: [CURATED]))  # a small base loads fast
    assert main(["kb", "search", "Harold Sampel", "--kb", str(out), "--date", "2004-01-01", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out.splitlines()[0])
    assert (doc["id"], doc["code"], doc["match"]) == ("wd:Q99990103", "GBRGOV", "fuzzy")


def test_cli_import_missing_dump_exits_2(tmp_path: Path, capsys) -> None:
    out = tmp_path / "wd.jsonl"
    assert main(["kb", "import-wikidata", str(tmp_path / "nope.json.gz"), "-o", str(out)]) == 2
    assert "[A101]" in capsys.readouterr().err and not out.exists()


@pytest.mark.parametrize("since", ["2000", "2000-02-30", "01/01/2000"])
def test_cli_import_bad_since_is_usage_error(tmp_path: Path, since: str) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["kb", "import-wikidata", str(EXCERPT), "-o", str(tmp_path / "wd.jsonl"), "--since", since])
    assert exc.value.code == 2
