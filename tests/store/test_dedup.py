"""Clusters: one event reported several times is one cluster; look-alike events stay apart."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from accord.records import Actor, Analysis, Event, Place, Span
from accord.store import EventFilter, Store
from accord.store.dedup import Cluster, Place as Where, assign, same_place

ALEPPO = Place("p1", 0, 6, "Aleppo", "Aleppo", "SYR", 36.20, 37.16, 170063, "city")
AZAZ = Place("p1", 0, 4, "Azaz", "Azaz", "SYR", 36.59, 37.05, 170017, "city")  # ~45 km north of Aleppo
HOMS = Place("p1", 0, 4, "Homs", "Homs", "SYR", 34.73, 36.72, 169577, "city")
SYRIA = Place("p1", 0, 5, "Syria", "Syria", "SYR", 35.0, 38.0, 163843, "country")


def _article(aid: str, day: str, place: Place | None = None, *, cameo: str = "195", modality: str = "asserted",
             target_country: str | None = None, events: int = 1) -> Analysis:
    """An analysis with ``events`` mentions of 'Russian jets bombed rebels', one per sentence."""
    text = " ".join(["Russian jets bombed rebels."] * events)
    evs = [Event(id=f"ev{i + 1}", sentence=i, trigger=Span(13 + 28 * i, 19 + 28 * i, "bombed"), cameo=cameo,
                 cameo_name="x", plover="ASSAULT", plover_mode=None, goldstein=-10.0, quad_class=4,
                 source=[Actor(0, 12, "Russian jets", code="RUSMIL", country="RUS", sector="MIL")],
                 target=[Actor(20, 26, "rebels", code="REB", country=target_country, sector="REB")],
                 date=day, date_basis="text", place=place.id if place else None, modality=modality)
           for i in range(events)]
    return Analysis(id=aid, text=text, sentences=[(28 * i, 28 * i + 27) for i in range(events)],
                    places=[place] if place else [], events=evs, date=day, title=f"Report {aid}")


def _clusters(store: Store) -> dict[str, str]:
    return {f"{r['article_id']}/{r['event']}": r["cluster_id"] for r in store.events().to_pylist()}


@pytest.fixture
def mem():
    with Store(":memory:") as s:
        yield s


def test_one_event_reported_across_sentences_and_articles_is_one_cluster(mem):
    mem.add_many([_article("a", "2016-03-07", ALEPPO, events=2), _article("b", "2016-03-08", ALEPPO),
                  _article("c", "2016-03-07"),  # names no place
                  _article("d", "2016-03-07", AZAZ, cameo="190")])  # nearby, same root
    got = _clusters(mem)
    assert len(set(got.values())) == 1
    [cluster] = mem.clusters().to_pylist()
    assert (cluster["reports"], cluster["articles"]) == (5, 4)
    assert sorted(cluster["mentions"]) == sorted(mem.events().column("event_id").to_pylist())


@pytest.mark.parametrize("other", [
    _article("x", "2016-03-09", ALEPPO),  # two days later
    _article("x", "2016-03-07", HOMS),  # another city, 160 km away
    _article("x", "2016-03-07", ALEPPO, cameo="173"),  # another CAMEO root
    _article("x", "2016-03-07", ALEPPO, modality="negated"),  # "did not bomb"
    _article("x", "2016-03-07", ALEPPO, target_country="TUR"),  # another target
    _article("x", "2016-03", ALEPPO),  # only a month: too vague to merge
], ids=["two-days", "other-city", "other-root", "negated", "other-target", "month-only"])
def test_look_alike_events_stay_apart(mem, other):
    mem.add_many([_article("a", "2016-03-07", ALEPPO), other])
    got = _clusters(mem)
    assert got["a/ev1"] != got["x/ev1"]
    assert mem.count_events(EventFilter(cluster=got["a/ev1"])) == 1


def test_clusters_do_not_drift_day_by_day(mem):
    mem.add_many([_article(f"d{i}", f"2016-03-0{i}") for i in range(1, 6)])
    got = _clusters(mem)
    # each joins the cluster anchored at most one day away: 1-2, then 3-4, then 5
    assert got["d1/ev1"] == got["d2/ev1"] != got["d3/ev1"] == got["d4/ev1"] != got["d5/ev1"]


def test_a_cluster_without_place_learns_the_first_one_reported(mem):
    mem.add_many([_article("a", "2016-03-07"), _article("b", "2016-03-07", ALEPPO),
                  _article("c", "2016-03-07", HOMS)])
    got = _clusters(mem)
    assert got["a/ev1"] == got["b/ev1"] != got["c/ev1"]
    places = {r["cluster_id"]: r["place_name"] for r in mem.clusters().to_pylist()}
    assert places[got["a/ev1"]] == "Aleppo"


def test_clusters_grow_across_batches_and_survive_updates(tmp_path):
    with Store(tmp_path / "s.duckdb") as s:
        s.add(_article("a", "2016-03-07", ALEPPO))
        s.add(_article("b", "2016-03-07", ALEPPO))
        first = _clusters(s)
        assert first["a/ev1"] == first["b/ev1"]
        assert s.add(replace(_article("a", "2016-03-07", HOMS), text="Russian jets bombed rebels!")) == "updated"
        got = _clusters(s)
        assert got["a/ev1"] != got["b/ev1"]
        assert s.count_events(EventFilter(cluster=got["b/ev1"])) == 1


def test_the_place_rule():
    city = lambda p: Where(p.name, p.country, p.feature, p.lat, p.lon)  # noqa: E731
    assert same_place(city(ALEPPO), city(AZAZ)) and not same_place(city(ALEPPO), city(HOMS))
    assert same_place(city(SYRIA), city(HOMS)) and same_place(None, city(HOMS))
    assert not same_place(city(SYRIA), Where("Ankara", "TUR", "city", 39.9, 32.8))


def test_assign_prefers_the_closest_day():
    near = Cluster("near", "k", date(2016, 3, 7), None)
    far = Cluster("far", "k", date(2016, 3, 6), None)
    mention = {"event_id": "m", "match_key": "k", "day": date(2016, 3, 7), "place_name": None}
    ids, touched = assign([mention], [far, near])
    assert ids == ["near"] and touched == []


def test_the_written_articles_cluster_their_shared_lead(store, analyses):
    """End to end: the wire sentence republished in three articles is one event; look-alikes are not."""
    rows = store.events(EventFilter(text="warplanes bombed")).to_pylist()
    by_article = {}
    for r in rows:
        if r["root"] == "19" and r["source_country"] == "RUS":
            by_article.setdefault(r["article_id"], r)
    assert set(by_article) == {"aleppo-1", "aleppo-2", "aleppo-3", "damascus-1", "aleppo-later"}
    same = {by_article[a]["cluster_id"] for a in ("aleppo-1", "aleppo-2", "aleppo-3")}
    assert len(same) == 1
    assert by_article["damascus-1"]["cluster_id"] not in same  # another city the same day
    assert by_article["aleppo-later"]["cluster_id"] not in same  # the same city two weeks later
    cluster = store.event(by_article["aleppo-1"]["event_id"])["cluster"]
    assert cluster["articles"] == 3
    assert {m["title"] for m in cluster["mentions"]} >= {a.title for a in analyses[:3]}


def _statement(aid: str, cameo: str, *, target: bool) -> Analysis:
    """'Russia's foreign ministry said ...' (quad class 1), with or without a target."""
    article = _article(aid, "2016-03-07", ALEPPO, cameo=cameo)
    [ev] = article.events
    article.events = [replace(ev, quad_class=1, goldstein=0.0, plover="CONSULT",
                              target=ev.target if target else [])]
    return article


@pytest.mark.parametrize("a, b, together", [
    (("010", False), ("010", False), False),  # two untargeted statements: nothing says they are one
    (("010", True), ("016", True), False),  # same root 01, different statements
    (("036", True), ("036", True), True),  # one offer to meet, reported twice
], ids=["untargeted", "other-code", "same-code"])
def test_verbal_events_merge_only_on_the_whole_code_and_a_target(mem, a, b, together):
    mem.add_many([_statement("a", a[0], target=a[1]), _statement("b", b[0], target=b[1])])
    got = _clusters(mem)
    assert (got["a/ev1"] == got["b/ev1"]) is together
