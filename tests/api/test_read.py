"""The read endpoints on the sample corpus: events, one event with its cluster, articles, aggregates."""

from __future__ import annotations

import pytest


def all_events(client) -> list[dict]:
    body = client.get("/events", params={"limit": 1000}).json()
    assert len(body["events"]) == body["total"]
    return body["events"]


def test_events_total_matches_the_articles(client, sample_ids):
    stored = sum(len(client.get(f"/articles/{i}").json()["events"]) for i in sample_ids)
    body = client.get("/events").json()
    assert body["total"] == stored > 0
    assert len(body["events"]) == min(50, stored)


def test_events_sort_orders(client):
    for order, key, reverse in (("date", "day", False), ("-date", "day", True), ("goldstein", "goldstein", False)):
        values = [e[key] for e in client.get("/events", params={"order": order, "limit": 1000}).json()["events"]
                  if e[key] is not None]
        assert values == sorted(values, reverse=reverse), order


def test_events_pages_do_not_overlap(client):
    first = client.get("/events", params={"limit": 5, "offset": 0}).json()["events"]
    second = client.get("/events", params={"limit": 5, "offset": 5}).json()["events"]
    assert len(first) == len(second) == 5
    assert not {e["event_id"] for e in first} & {e["event_id"] for e in second}


@pytest.mark.parametrize("params, check", [
    ({"quad_class": 4}, lambda e: e["quad_class"] == 4),
    ({"modality": "asserted"}, lambda e: e["modality"] == "asserted"),
    ({"root": "19"}, lambda e: e["root"] == "19"),
    ({"text": "ceasefire"}, lambda e: "ceasefire" in e["sentence"].lower()),
    ({"article": "sample-iran-2015"}, lambda e: e["article_id"] == "sample-iran-2015"),
    ({"since": "2015-09-01", "until": "2015-10-31"}, lambda e: e["day"] and "2015-09-01" <= e["day"] <= "2015-10-31"),
    ({"plover": "ASSAULT"}, lambda e: e["plover"] == "ASSAULT"),
    ({"cameo": "19"}, lambda e: e["cameo"].startswith("19")),
])
def test_events_filters_keep_only_matching_rows(client, params, check):
    everything = all_events(client)
    body = client.get("/events", params={**params, "limit": 1000}).json()
    assert 0 < body["total"] < len(everything)
    assert all(check(e) for e in body["events"])
    assert body["total"] == sum(1 for e in everything if check(e))


def test_event_comes_with_its_cluster_and_sentences(client):
    row = all_events(client)[0]
    found = client.get(f"/events/{row['event_id']}").json()
    assert found["event_id"] == row["event_id"]
    mentions = found["cluster"]["mentions"]
    assert row["event_id"] in {m["event_id"] for m in mentions}
    for mention in mentions:
        assert mention["trigger"].split()[0] in mention["sentence"]


def test_unknown_event_and_article_are_404(client):
    for path in ("/events/0000000000000000", "/articles/no-such-article"):
        response = client.get(path)
        assert response.status_code == 404
        assert "no " in response.json()["detail"]


def test_article_is_the_analysis_document(client):
    doc = client.get("/articles/sample-minsk-2015").json()
    assert doc["id"] == "sample-minsk-2015" and doc["date"] == "2015-02-12"
    for ev in doc["events"]:
        assert doc["text"][ev["trigger"]["start"]:ev["trigger"]["end"]] == ev["trigger"]["text"]


def test_actors_most_frequent_first_and_filtered(client):
    rows = client.get("/actors").json()["actors"]
    counts = [r["events"] for r in rows]
    assert counts == sorted(counts, reverse=True) and counts[0] > 1
    russian = client.get("/actors", params={"country": "RUS"}).json()["actors"]
    assert 0 < len(russian) < len(rows)


def test_timeseries_counts_every_dated_event(client):
    dated = [e for e in all_events(client) if e.get("day")]
    for interval in ("day", "week", "month"):
        body = client.get("/timeseries", params={"interval": interval}).json()
        series = [r for r in body["series"] if r["date"]]
        assert sum(r["events"] for r in series) == len(dated)
        assert {r["quad_class"] for r in series} <= {1, 2, 3, 4, None}
    months = {r["date"] for r in client.get("/timeseries", params={"interval": "month"}).json()["series"] if r["date"]}
    assert all(day.endswith("-01") for day in months)


def test_dyads_split_into_sides(client):
    rows = client.get("/dyads").json()["dyads"]
    assert rows and [r["events"] for r in rows] == sorted((r["events"] for r in rows), reverse=True)
    for row in rows:
        assert row["dyad"] == f"{row['source'] or '?'}-{row['target'] or '?'}"
    assert any(r["source"] == "RUS" for r in rows)


def test_places_group_the_placed_events(client):
    events = all_events(client)
    places = client.get("/places").json()["places"]
    assert sum(p["events"] for p in places) == sum(1 for e in events if e["lat"] is not None)
    assert all(-90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180 for p in places)


def test_facets_list_the_values_present(client):
    body = client.get("/facets").json()
    assert {r["modality"] for r in body["modality"]} >= {"asserted"}
    assert sum(r["events"] for r in body["quad_class"]) == client.get("/events").json()["total"]


@pytest.mark.parametrize("path, params", [
    ("/events", {"quad_class": 9}), ("/events", {"quadclass": 4}), ("/events", {"since": "2015-13-40"}),
    ("/events", {"limit": 0}), ("/events", {"order": "random"}), ("/events", {"country": "russia"}),
    ("/timeseries", {"interval": "fortnight"}), ("/actors", {"limit": -1}),
    ("/events", {"offset": "99999999999999999999999"}), ("/events", {"limit": "99999999999999999999999"}),
    ("/events", {"quad_class": "-99999999999999999999999"}), ("/dyads", {"limit": "1e999"}),
    ("/places", {"limit": "99999999999999999999999"}),
])
def test_bad_query_parameters_are_422_with_a_message(client, path, params):
    response = client.get(path, params=params)
    assert response.status_code == 422
    [name] = params
    assert name in response.json()["detail"]


def test_no_database_is_503(res, connect):
    from accord.api import create_app

    with connect(create_app(None, resources=res)) as c:
        response = c.get("/events")
        assert response.status_code == 503 and "--db" in response.json()["detail"]
        assert c.get("/health").json()["store"] is False


def test_a_crash_is_a_500_without_internals(client, monkeypatch):
    store = client.app.state.accord.store

    def boom(*args, **kwargs):
        raise RuntimeError("secret path /etc/accord")

    monkeypatch.setattr(store, "article", boom)
    response = client.get("/articles/sample-minsk-2015")
    assert response.status_code == 500
    assert "secret" not in response.text and "Traceback" not in response.text


def test_the_largest_offset_is_an_empty_page(client):
    body = client.get("/events", params={"offset": 2**63 - 1}).json()
    assert body["events"] == [] and body["total"] > 0


def test_health_says_when_the_store_cannot_be_read(client, monkeypatch):
    import duckdb

    assert client.get("/health").json()["status"] == "ok"
    store = client.app.state.accord.store

    def damaged(*args, **kwargs):
        raise duckdb.IOException("Could not read block 7: checksum mismatch")

    monkeypatch.setattr(store, "counts", damaged)
    response = client.get("/health")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unreadable" and "[A313]" in body["detail"]
    assert "checksum mismatch" in body["detail"] and "accord store check" in body["detail"]


def test_a_store_that_fails_a_read_is_503_and_health_says_so(res, sample_db, connect, monkeypatch):
    from accord.api import create_app
    from accord.errors import StoreError

    with connect(create_app(sample_db, resources=res)) as c:
        def damaged(*args, **kwargs):
            raise StoreError("[A410] samples.duckdb: the store is damaged (while reading: checksum mismatch).")

        monkeypatch.setattr(c.app.state.accord.store, "events", damaged)
        response = c.get("/events")
        assert response.status_code == 503 and response.json()["detail"].startswith("[A410]")
        health = c.get("/health")
        assert health.status_code == 503 and "checksum mismatch" in health.json()["detail"]


def test_a_damaged_block_is_503_and_health_says_so_from_then_on(res, sample_db, tmp_path, connect):
    from accord.api import create_app
    from tests.store.test_check import _events_block_damaged

    path = _events_block_damaged(sample_db, tmp_path)  # opens, and fails when events are read
    with connect(create_app(path, resources=res)) as c:
        response = c.get("/events")
        assert response.status_code == 503 and response.json()["detail"].startswith("[A410]")
        health = c.get("/health")
        assert health.status_code == 503 and health.json()["status"] == "unreadable"
        assert health.json()["detail"].startswith(f"[A313] {path}: the event store cannot be read ([A410]")
        assert c.get("/articles/sample-minsk-2015").status_code == 200  # what still reads is still served
