"""accord eval places: reading GeoWebNews XML, overlap matching, P/R/F1 and accuracy@161km."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.eval.places import evaluate_places, format_report, haversine_km, load_gwn, match, score
from accord.records import Place

XML = """<?xml version="1.0" ?>
<articles>
  <article file="0">
    <title>t</title><link>l</link>
    <text>Officials in Vienna met envoys from Paris. Residents said the lot was empty.</text>
    <toponyms>
      <toponym><extractedName>Vienna</extractedName><normalisedName/><type>Literal</type><modifierType/>
        <nonLocational>No</nonLocational><start>13</start><end>19</end><geonamesID>2761369</geonamesID>
        <latitude>48.20849</latitude><longitude>16.37208</longitude></toponym>
      <toponym><extractedName>Paris</extractedName><normalisedName/><type>Metonymic</type><modifierType/>
        <nonLocational>Yes</nonLocational><start>36</start><end>41</end><geonamesID>2988507</geonamesID>
        <latitude>48.85341</latitude><longitude>2.3488</longitude></toponym>
      <toponym><extractedName>lot</extractedName><normalisedName/><type>Literal_Expression</type><modifierType/>
        <nonLocational>No</nonLocational><start>63</start><end>66</end></toponym>
    </toponyms>
  </article>
</articles>
"""


def place(start, end, lat, lon, text="x"):
    return Place(id="p", start=start, end=end, text=text, name=text, country=None, lat=lat, lon=lon,
                 geonameid=None, feature="city")


@pytest.fixture
def gwn(tmp_path) -> Path:
    path = tmp_path / "GWN.xml"
    path.write_text(XML, encoding="utf-8")
    return path


def test_load_keeps_toponym_types_only(gwn):
    (art,) = load_gwn(gwn)
    assert [g.text for g in art.toponyms] == ["Vienna", "Paris"]
    assert art.text[13:19] == "Vienna" and art.toponyms[0].geonameid == 2761369


def test_haversine():
    assert haversine_km(48.2082, 16.3738, 48.8566, 2.3522) == pytest.approx(1034, abs=5)


def test_score_counts(gwn):
    (art,) = load_gwn(gwn)
    pred = [place(13, 19, 48.2, 16.4), place(36, 41, 33.66, -95.55), place(63, 66, None, None)]
    assert len(match(pred, art.toponyms)) == 2
    report = score([(art, pred)], show_errors=True)
    assert report["precision"] == pytest.approx(2 / 3, abs=1e-3)
    assert report["recall"] == 1.0
    assert report["accuracy_161km"] == 0.5
    assert report["errors"][0]["text"] == "Paris"
    assert "F1" in format_report(report)


@pytest.mark.slow
def test_evaluate_end_to_end(gwn, res):
    report = evaluate_places(gwn, res=res)
    assert report["gold"] == 2 and report["matched"] == 2
    assert report["accuracy_161km"] == 1.0


@pytest.mark.slow
def test_cli(gwn, capsys):
    from accord.cli import main

    assert main(["eval", "places", str(gwn), "--json", "--limit", "1"]) == 0
    assert '"f1"' in capsys.readouterr().out
