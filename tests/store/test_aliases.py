"""One analysis per text: another id with the same text is an alias that survives edits of the first (issue 11, item 4)."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.store import EventFilter, Store
from accord.store.aliases import plan
from accord.store.rows import event_id


def test_plan_a_new_id_for_a_stored_text_is_an_alias():
    todo = plan(["b1"], ["X"], {"a1": "X"}, {})
    assert todo.statuses == ["aliased"] and todo.new_aliases == ["b1"]
    assert not (todo.inserts or todo.moves or todo.drops)


def test_plan_the_same_id_and_text_is_skipped_and_force_replaces_only_articles():
    assert plan(["a1", "b1"], ["X", "X"], {"a1": "X"}, {"b1": "X"}).statuses == ["skipped", "skipped"]
    forced = plan(["a1", "b1"], ["X", "X"], {"a1": "X"}, {"b1": "X"}, force=True)
    assert forced.statuses == ["updated", "skipped"] and forced.inserts == ["a1"] and forced.drops == ["a1"]


def test_plan_a_changed_holder_hands_its_rows_to_the_smallest_alias():
    todo = plan(["a1"], ["Y"], {"a1": "X"}, {"c1": "X", "b1": "X"})
    assert todo.statuses == ["updated"]
    assert todo.moves == {"a1": "b1"} and todo.inserts == ["a1"] and todo.drops == []
    assert todo.alias_deletes == ["b1"]  # b1 is an article now; c1 stays an alias of X


def test_plan_a_changed_holder_without_alias_drops_its_rows():
    todo = plan(["a1"], ["Y"], {"a1": "X"}, {})
    assert todo.drops == ["a1"] and todo.inserts == ["a1"] and not todo.moves


def test_plan_in_one_batch_the_order_decides():
    # the corrected a1 first: X has no alias yet, so b1 gets an analysis of its own
    first = plan(["a1", "b1"], ["Y", "X"], {"a1": "X"}, {})
    assert first.statuses == ["updated", "added"] and first.inserts == ["a1", "b1"]
    # b1 first: it becomes an alias of X, then takes X's rows over when a1 changes
    second = plan(["b1", "a1"], ["X", "Y"], {"a1": "X"}, {})
    assert second.statuses == ["aliased", "updated"] and second.moves == {"a1": "b1"}
    assert second.new_aliases == [] and second.from_batch == {"b1"}


def _as(analysis, article_id: str):
    return replace(analysis, id=article_id, url=f"https://example.org/{article_id}", publisher=f"P-{article_id}")


def test_an_edit_of_the_first_id_keeps_the_other_ids_article(tmp_path, analyses):
    x, y = analyses[0], analyses[3]
    with Store(tmp_path / "s.duckdb") as store:
        assert store.add_many([_as(x, "a1"), _as(x, "b1")]) == ["added", "aliased"]
        assert store.counts()["events"] == len(x.events)  # the text's events once, not twice
        assert store.add(_as(x, "b1")) == "skipped"
        doc = store.article("b1")
        assert (doc["id"], doc["text"], doc["url"]) == ("b1", x.text, "https://example.org/b1")
        assert store.events(EventFilter(article="b1")).num_rows == len(x.events)

        assert store.add(_as(y, "a1")) == "updated"  # the corrected a1
        assert store.article("a1")["text"] == y.text
        doc = store.article("b1")
        assert (doc["id"], doc["text"], doc["publisher"]) == ("b1", x.text, "P-b1")
        rows = store.events(EventFilter(article="b1"))
        assert sorted(rows.column("event_id").to_pylist()) == sorted(event_id("b1", e.id) for e in x.events)
        assert set(rows.column("url").to_pylist()) == {"https://example.org/b1"}
        assert store.counts()["aliases"] == 0 and store.counts()["articles"] == 2
        assert store.counts()["events"] == len(x.events) + len(y.events)
        assert store.sql("SELECT count(*) AS n FROM event_actors WHERE event_id NOT IN "
                         "(SELECT event_id FROM events)").to_pylist() == [{"n": 0}]


def test_unseen_analyses_a_new_id_for_a_stored_text(store):
    from tests.store.articles import records

    rec = records()[0]
    assert store.unseen([rec, replace(rec, id="copy")]) == [False, True]


IDS = ("a", "b", "c")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(writes=st.lists(st.tuples(st.sampled_from(IDS), st.integers(0, 2)), min_size=1, max_size=8),
       cut=st.integers(1, 8))
def test_any_sequence_of_writes_keeps_every_id_and_counts_each_text_once(analyses, writes, cut):
    """Whatever the order and the batches, every id reads back its last text, and each text's events are
    stored once; writing one by one or in batches gives the same store."""
    items = [_as(analyses[k], aid) for aid, k in writes]
    last = {aid: k for aid, k in writes}
    stores = []
    for parts in ([items], [items[i:i + cut] for i in range(0, len(items), cut)], [[i] for i in items]):
        store = Store(":memory:")
        for part in parts:
            store.add_many(part)
        stores.append(store)
    for store in stores:
        for aid, k in last.items():
            doc = store.article(aid)
            assert (doc["id"], doc["text"]) == (aid, analyses[k].text)
        held = store.sql("SELECT article_id FROM articles UNION ALL SELECT article_id FROM aliases").column(0)
        assert sorted(held.to_pylist()) == sorted(last)
        assert store.counts()["articles"] == len(set(last.values()))
        assert store.counts()["events"] == sum(len(analyses[k].events) for k in set(last.values()))
        assert store.sql("SELECT count(*) AS n FROM aliases WHERE content_hash NOT IN "
                         "(SELECT content_hash FROM articles)").to_pylist() == [{"n": 0}]
        assert store.sql("SELECT count(*) AS n FROM clusters WHERE cluster_id NOT IN "
                         "(SELECT cluster_id FROM events)").to_pylist() == [{"n": 0}]
    mentions = [s.sql("SELECT article_id, event_id FROM events ORDER BY ALL").to_pylist() for s in stores]
    assert mentions[0] == mentions[1] == mentions[2]
    for store in stores:
        store.close()
