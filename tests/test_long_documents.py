"""Long documents (issue 11): the layers index what they look up instead of scanning the whole
document, and the results must be those of a short one, however long the text."""

from __future__ import annotations

import json
import os

import pytest

from accord.demo import long_sample_text
from accord.pipeline import analyze_batch
from accord.records import Record

PARAGRAPH = ("Russian Foreign Minister Sergei Lavrov met U.S. Secretary of State John Kerry in Vienna on Saturday. "
             "Kerry said the talks would resume on November 20. Syrian rebels shelled the town of Aleppo last week, "
             "killing 12 soldiers, the Syrian army said.")


def by_repetition(analysis, times: int) -> list[dict[str, list]]:
    """Times, entities with their actors, and events of each copy of PARAGRAPH, offsets made relative."""
    stride = len(PARAGRAPH) + 2
    copies: list[dict[str, list]] = [{"times": [], "entities": [], "events": []} for _ in range(times)]
    for t in analysis.times:
        r = t.start // stride
        copies[r]["times"].append((t.start - r * stride, t.text, t.type, t.value))
    for e in analysis.entities:
        r = e.start // stride
        copies[r]["entities"].append((e.start - r * stride, e.text, e.label, e.actor and (e.actor.code, e.actor.rule)))
    for e in analysis.events:
        r = e.trigger.start // stride
        copies[r]["events"].append((e.trigger.start - r * stride, e.cameo, [a.code for a in e.source],
                                    [a.code for a in e.target], e.date, e.fatalities and e.fatalities.min))
    return copies


def test_a_paragraph_repeated_gives_the_same_times_actors_and_events_each_time(res):
    [one] = analyze_batch([Record(id="one", text=PARAGRAPH, date="2015-11-14")], res)
    [many] = analyze_batch([Record(id="many", text="\n\n".join([PARAGRAPH] * 30), date="2015-11-14")], res)
    [first] = by_repetition(one, 1)
    assert first["times"] and first["events"] and any(e[3] for e in first["entities"])
    copies = by_repetition(many, 30)
    assert all(copy == first for copy in copies)
    assert (len(many.times), len(many.entities), len(many.events)) == (
        30 * len(one.times), 30 * len(one.entities), 30 * len(one.events))


def test_a_long_text_without_sentence_breaks_keeps_exact_offsets(res):
    text = long_sample_text(4_000, breaks=False)
    [a] = analyze_batch([Record(id="flat", text=text, date="2015-02-12")], res)
    assert a.sentences and a.times and a.entities and a.events
    assert all(text[t.start:t.end] == t.text for t in a.times)
    assert all(text[e.start:e.end] == e.text for e in a.entities)
    assert all(text[e.trigger.start:e.trigger.end] == e.trigger.text for e in a.events)


def analyze_long_article(cli, tmp_path, words: int) -> None:
    """`accord analyze` on a feed holding an article of ``words`` words between a short one and a
    malformed line: the run finishes and every record is counted."""
    feed = tmp_path / "feed.jsonl"
    records = [{"id": "short", "text": "Iran condemned the strikes.", "date": "2015-03-26"},
               {"id": "long", "text": long_sample_text(words), "date": "2015-02-12"}]
    feed.write_text(json.dumps(records[0]) + "\n" + json.dumps(records[1]) + "\n{broken\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, _, err = cli("analyze", str(feed), "-o", str(out))
    assert code == 0
    assert "3 documents in: 2 analysed + 1 errors (nothing lost)" in err
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [d["id"] for d in lines[:2]] == ["short", "long"] and lines[2]["error"]["code"] == "A105"
    assert len(lines[1]["events"]) > words // 100


@pytest.mark.slow
def test_analyze_a_50000_word_article(cli, tmp_path):
    analyze_long_article(cli, tmp_path, 50_000)


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("ACCORD_LONG_TESTS"), reason="takes minutes: set ACCORD_LONG_TESTS=1")
def test_analyze_a_200000_word_article(cli, tmp_path):
    """The article of issue 11 (1.3 million characters), within the default time budget."""
    analyze_long_article(cli, tmp_path, 200_000)
