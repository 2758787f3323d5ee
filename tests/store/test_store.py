"""The store: idempotent writes, updates, error records, schema checks, and each query filter and aggregate."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date

import pytest

from accord.errors import StoreError
from accord.records import InputError
from accord.store import EventFilter, Store
from accord.store.rows import event_id
from tests.store.articles import records


def _mentions(analyses, keep=lambda a, e: True) -> set[tuple[str, str]]:
    return {(a.id, e.id) for a in analyses for e in a.events if keep(a, e)}


def _got(table) -> set[tuple[str, str]]:
    return set(zip(table.column("article_id").to_pylist(), table.column("event").to_pylist()))


def test_adding_twice_stores_once(store, analyses):
    before = store.counts()
    assert store.add_many(analyses) == ["skipped"] * len(analyses)
    assert store.counts() == before
    assert before["articles"] == len(analyses)
    assert before["events"] == sum(len(a.events) for a in analyses) > 0


def test_same_content_under_another_id_is_an_alias(store, analyses):
    before = store.counts()
    assert store.add(replace(analyses[0], id="copy-of-aleppo-1")) == "aliased"
    assert store.article("copy-of-aleppo-1")["text"] == analyses[0].text
    assert store.counts() == {**before, "aliases": 1}  # its events are not stored twice


def test_same_id_with_new_content_replaces_every_row(store, analyses, res):
    from accord.pipeline import analyze_batch
    from accord.records import Record

    [changed] = analyze_batch([Record(id="aleppo-1", text="Iran condemned Israel.", date="2016-03-08")], res)
    assert store.add(changed) == "updated"
    assert store.article("aleppo-1")["text"] == "Iran condemned Israel."
    rows = store.events(EventFilter(article="aleppo-1"))
    assert rows.num_rows == len(changed.events)
    assert set(rows.column("sentence").to_pylist()) == {"Iran condemned Israel."}
    assert store.counts()["articles"] == len(analyses)
    # no mention, actor row or cluster of the old version is left
    assert store.sql("SELECT count(*) AS n FROM event_actors WHERE event_id NOT IN "
                     "(SELECT event_id FROM events)").to_pylist() == [{"n": 0}]
    assert store.sql("SELECT count(*) AS n FROM clusters WHERE cluster_id NOT IN "
                     "(SELECT cluster_id FROM events)").to_pylist() == [{"n": 0}]


def test_input_errors_are_stored_once(store):
    error = InputError(origin="feed.jsonl:7", code="A105", message="[A105] feed.jsonl:7: malformed JSON")
    assert store.add(error) == "added"
    assert store.add(error) == "skipped"
    rows = store.sql("SELECT origin, code FROM errors WHERE stage = 'input'").to_pylist()
    assert rows == [{"origin": "feed.jsonl:7", "code": "A105"}]


def test_unseen_tells_which_records_need_analysing(store):
    recs = records()
    changed = replace(recs[1], text=recs[1].text + " More news.")
    new = replace(recs[2], id="new-one", text="Iran met Iraq.")
    error = InputError(origin="x", code="A105", message="bad")
    assert store.unseen([recs[0], changed, new, error]) == [False, True, True, True]


def test_reopening_keeps_everything_and_read_only_refuses_a_missing_store(tmp_path, analyses):
    path = tmp_path / "s.duckdb"
    with Store(path) as s:
        s.add_many(analyses)
        counts = s.counts()
    with Store(path, read_only=True) as s:
        assert s.counts() == counts
    with pytest.raises(StoreError, match="A401"):
        Store(tmp_path / "missing.duckdb", read_only=True)


def test_other_schema_versions_and_foreign_files_are_refused(tmp_path):
    import duckdb

    path = tmp_path / "old.duckdb"
    with Store(path):
        pass
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = '0'")
    con.close()
    with pytest.raises(StoreError, match="A403"):
        Store(path)
    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE t (x INTEGER)")
    con.close()
    with pytest.raises(StoreError, match="A404"):
        Store(other)


def _actor_hit(actor, value: str) -> bool:
    if value.isupper():
        return (actor.code or "").startswith(value)
    return value.lower() in (actor.name or actor.text).lower()


def _sentence(a, e) -> str:
    start, end = a.sentences[e.sentence]
    return " ".join(a.text[start:end].split())


def _place(a, e):
    return next((p for p in a.places if p.id == e.place), None)


FILTERS = {
    "actor": ("russia", lambda a, e: any(_actor_hit(x, "russia") for x in e.source + e.target)),
    "actor_code": ("RUS", lambda a, e: any(_actor_hit(x, "RUS") for x in e.source + e.target)),
    "source": ("RUS", lambda a, e: any(_actor_hit(x, "RUS") for x in e.source)),
    "target": ("REB", lambda a, e: any(_actor_hit(x, "REB") for x in e.target)),
    "country": ("RUS", lambda a, e: any(x.country == "RUS" for x in e.source + e.target)),
    "sector": ("MIL", lambda a, e: any(x.sector == "MIL" for x in e.source + e.target)),
    "cameo": ("19", lambda a, e: e.cameo.startswith("19")),
    "root": ("19", lambda a, e: e.cameo[:2] == "19"),
    "plover": ("assault", lambda a, e: e.plover == "ASSAULT"),
    "quad_class": (4, lambda a, e: e.quad_class == 4),
    "modality": ("asserted", lambda a, e: e.modality == "asserted"),
    "since": ("2016-03-08", lambda a, e: e.date is not None and len(e.date) == 10 and e.date >= "2016-03-08"),
    "until": ("2016-03-07", lambda a, e: e.date is not None and len(e.date) == 10 and e.date <= "2016-03-07"),
    "place": ("alep", lambda a, e: _place(a, e) is not None and "alep" in (_place(a, e).name or "").lower()),
    "place_country": ("SYR", lambda a, e: _place(a, e) is not None and _place(a, e).country == "SYR"),
    "text": ("WARPLANES", lambda a, e: "warplanes" in _sentence(a, e).lower()),
    "article": ("aleppo-2", lambda a, e: a.id == "aleppo-2"),
}


@pytest.mark.parametrize("name", list(FILTERS))
def test_each_filter_keeps_exactly_the_matching_mentions(store, analyses, name):
    value, keep = FILTERS[name]
    expected = _mentions(analyses, keep)
    assert expected, f"the test articles have no event for {name}={value!r}: pick another value"
    flt = EventFilter(**{name.removesuffix("_code"): value})
    assert _got(store.events(flt)) == expected
    assert store.count_events(flt) == len(expected)


def test_filters_combine_and_the_cluster_filter_lists_its_mentions(store, analyses):
    both = EventFilter(country="RUS", text="warplanes")
    assert _got(store.events(both)) == (_got(store.events(EventFilter(country="RUS")))
                                        & _got(store.events(EventFilter(text="warplanes"))))
    row = store.events(EventFilter(text="warplanes"), limit=1).to_pylist()[0]
    members = store.events(EventFilter(cluster=row["cluster_id"]))
    assert row["event_id"] in members.column("event_id").to_pylist()
    assert set(members.column("cluster_id").to_pylist()) == {row["cluster_id"]}


def test_paging_and_order(store):
    total = store.count_events()
    pages = [store.events(limit=3, offset=i) for i in range(0, total, 3)]
    ids = [i for p in pages for i in p.column("event_id").to_pylist()]
    assert ids == store.events().column("event_id").to_pylist() and len(set(ids)) == total
    days = [d for d in store.events(order="-date").column("day").to_pylist() if d is not None]
    assert days == sorted(days, reverse=True)
    with pytest.raises(StoreError, match="A405"):
        store.events(order="size")


def test_event_rows_carry_the_contract_columns(store, analyses):
    a = analyses[0]
    e = a.events[0]
    row = store.event(event_id(a.id, e.id))
    for column in ("event_id", "article_id", "event", "cluster_id", "date", "date_basis", "source_code",
                   "source_name", "source_country", "source_sector", "target_code", "target_name",
                   "target_country", "target_sector", "cameo", "cameo_name", "root", "plover", "plover_mode",
                   "goldstein", "quad_class", "modality", "speaker", "place_name", "place_country", "lat", "lon",
                   "fatalities_min", "fatalities_max", "trigger", "trigger_start", "trigger_end",
                   "sentence_index", "sentence", "sentence_start", "sentence_end", "rule", "confidence",
                   "title", "publisher", "url"):
        assert column in row
    assert (row["article_id"], row["event"], row["cameo"], row["trigger"]) == (a.id, e.id, e.cameo, e.trigger.text)
    assert a.text[row["trigger_start"]:row["trigger_end"]] == e.trigger.text
    assert row["title"] == a.title and row["url"] == a.url
    assert row["cluster"]["id"] == row["cluster_id"]
    assert row["cluster"]["reports"] == len(row["cluster"]["mentions"]) >= 1
    assert store.event("no-such-event") is None


def test_article_gives_back_the_analysis_document(store, analyses):
    from accord.records import analysis_to_json

    assert store.article("aleppo-3") == analysis_to_json(analyses[2])
    assert store.article("nope") is None


def test_actors_counts_events_per_actor(store, analyses):
    table = store.actors(limit=1000).to_pylist()
    expected = Counter()
    for a in analyses:
        for e in a.events:
            for key in {(x.code, x.name) for x in e.source + e.target}:
                expected[key] += 1
    assert {(r["code"], r["name"]): r["events"] for r in table} == dict(expected)
    counts = [r["events"] for r in table]
    assert counts == sorted(counts, reverse=True)
    assert len(store.actors(limit=2)) == 2


COLUMN = {"source": "source_code", "target": "target_code"}


@pytest.mark.parametrize("key", ["dyad", "source_country", "target_country", "quad_class", "root", "plover",
                                 "modality", "cameo", "source", "target", "place_country", "publisher"])
def test_aggregate_counts_and_sums_per_key(store, key):
    rows = store.events().to_pylist()
    expected_n: Counter = Counter()
    expected_g: Counter = Counter()
    for r in rows:
        k = (f"{r['source_country'] or r['source_code'] or '?'}-{r['target_country'] or r['target_code'] or '?'}"
             if key == "dyad" else r[COLUMN.get(key, key)])
        expected_n[k] += 1
        expected_g[k] += r["goldstein"] or 0
    got = store.aggregate(None, [key]).to_pylist()
    assert {g[key]: g["events"] for g in got} == dict(expected_n)
    for g in got:
        assert g["goldstein_sum"] == pytest.approx(expected_g[g[key]])


@pytest.mark.parametrize("interval", ["day", "week", "month"])
def test_aggregate_by_date_buckets_by_interval(store, interval):
    rows = [r for r in store.events().to_pylist() if r["day"] is not None]

    def bucket(d: date) -> str:
        if interval == "week":
            d = date.fromordinal(d.toordinal() - d.weekday())
        elif interval == "month":
            d = d.replace(day=1)
        return d.isoformat()

    expected = Counter(bucket(r["day"]) for r in rows)
    got = {g["date"]: g["events"] for g in store.aggregate(None, ["date"], interval).to_pylist() if g["date"]}
    assert got == dict(expected)


def test_aggregate_by_two_keys_with_a_filter_and_bad_keys(store):
    flt = EventFilter(country="RUS")
    got = store.aggregate(flt, ["date", "quad_class"], "month").to_pylist()
    assert sum(g["events"] for g in got) == store.count_events(flt)
    assert all(g["clusters"] <= g["events"] for g in got)
    with pytest.raises(StoreError, match="A405"):
        store.aggregate(None, ["colour"])
    with pytest.raises(StoreError, match="A405"):
        store.aggregate(None, ["date"], "fortnight")
