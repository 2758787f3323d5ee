"""places.v1: the gazetteer, disambiguation in context, and the seed article end to end."""

from __future__ import annotations

import pytest

from accord.eval.places import haversine_km
from accord.geo import find_places, load_gazetteer, normalize
from accord.records import Dateline, Record

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


@pytest.fixture(scope="module")
def places(res, gaz):
    def run(text: str, dateline: Dateline | None = None):
        return find_places(res.nlp(text), gaz, dateline)
    return run


def by_text(places, text):
    found = [p for p in places if p.text == text]
    assert found, f"{text!r} not found in {[p.text for p in places]}"
    return found[0]


def test_normalize():
    assert normalize("the Middle-East") == "middle east"
    assert normalize("Zürich") == normalize("ZURICH") == "zurich"


def test_gazetteer_entries(gaz):
    countries = {e.country for e, _ in gaz.lookup("Vienna")}
    assert {"AUT", "USA"} <= countries
    (iran, _), = [(e, a) for e, a in gaz.lookup("Iran") if e.feature == "country"]
    assert iran.country == "IRN" and iran.lat is not None
    assert gaz.lookup("the Middle East")[0][0].feature == "region"
    assert gaz.lookup("Va.")[0][0].admin1 == "US-VA"
    assert gaz.demonym("Syrian").country == "SYR"


def test_capitals_and_regions(places):
    out = places("Talks in Tehran and Moscow focused on the Middle East.")
    assert by_text(out, "Tehran").country == "IRN"
    assert by_text(out, "Moscow").country == "RUS"
    me = by_text(out, "Middle East")
    assert me.feature == "region" and me.country is None
    assert all(p.id == f"p{i}" for i, p in enumerate(out, 1))


def test_paris_by_default_and_in_texas(places):
    assert by_text(places("The mayor of Paris spoke on Monday."), "Paris").country == "FRA"
    texas = by_text(places("Storms hit Paris, Texas, and Dallas on Monday."), "Paris")
    assert texas.country == "USA" and haversine_km(texas.lat, texas.lon, 33.66, -95.55) < 50
    assert by_text(places("Police in Dallas and Austin, Texas, said a man from Paris was held."),
                   "Paris").country == "USA"


def test_country_context(places):
    assert by_text(places("Officials in Georgia said Tbilisi would respond."), "Georgia").country == "GEO"
    assert by_text(places("Voters in Atlanta and Savannah, Georgia, went to the polls."), "Georgia").feature == "admin"


def test_demonyms_modifying_a_noun_are_places(places):
    out = places("Syrian forces shelled Aleppo, and British and European officials protested.")
    assert (by_text(out, "Syrian").country, by_text(out, "Syrian").feature) == ("SYR", "country")
    assert by_text(out, "British").country == "GBR"
    assert (by_text(out, "European").name, by_text(out, "European").feature) == ("Europe", "region")
    assert by_text(out, "Aleppo").country == "SYR"


def test_demonyms_naming_people_are_not_places(places):
    out = places("The Russians said a Nigerian was arrested; the suspects were British.")
    assert not {"Russians", "Nigerian", "British"} & {p.text for p in out}


def test_dateline_country(places):
    text = "VIENNA, AUSTRIA (REUTERS) - Ministers met in Vienna on Saturday."
    out = places(text, Dateline(place="VIENNA, AUSTRIA", date=None, agency="REUTERS", end=text.index("Ministers")))
    assert {p.text for p in out} >= {"VIENNA", "AUSTRIA", "Vienna"}
    assert all(p.country == "AUT" for p in out)


def test_seed_places(res, seed_text):
    from accord.pipeline import analyze_stream

    (analysis,) = analyze_stream([Record(id="seed", text=seed_text, date="2015-11-14")], res=res)
    places = analysis.places
    assert places, "no places in the seed"
    vienna = [p for p in places if p.name == "Vienna"]
    paris = [p for p in places if p.name == "Paris"]
    assert vienna and paris
    assert all(haversine_km(p.lat, p.lon, 48.2082, 16.3738) < 50 for p in vienna)
    assert all(haversine_km(p.lat, p.lon, 48.8566, 2.3522) < 50 for p in paris)
    assert any(p.feature == "region" and p.name == "Middle East" and p.country is None for p in places)
    by_name = {p.name: p for p in places}
    assert by_name["Syria"].country == "SYR" and by_name["Russia"].country == "RUS"
    for p in places:
        assert p.feature in {"city", "admin", "country", "region", "other"}
        assert seed_text[p.start:p.end] == p.text


def test_a_place_is_named_as_english_writes_it(places):
    out = places("Government forces shelled Aleppo and Homs.")
    assert by_text(out, "Aleppo").name == "Aleppo" and by_text(out, "Aleppo").country == "SYR"


def test_a_mistagged_town_after_a_locative_preposition(places):
    out = places("Barry, who was from Dewsbury, said the family had moved.")
    assert by_text(out, "Dewsbury").country == "GBR"


def test_new_york_is_the_city(places):
    place = by_text(places("Protesters marched in New York on Sunday."), "New York")
    assert (place.feature, round(place.lat)) == ("city", 41)
