"""eval quotes: the PolNeAR brat reader and the scores, on tiny hand-made files, and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from accord.cli import main
from accord.errors import InputPathError
from accord.eval.quotes import (
    evaluate_quotes,
    format_report,
    load_polnear,
    predicted_attributions,
    read_ann,
    score_document,
)
from accord.records import Actor, Quote, Span
from accord.resources import Resources

TEXT = (
    "“We will not give up,” Lavrov said. “Never.”\n\n"
    "Kerry said that the talks would resume in January.\n\n"
    "Read the rest here."
)


def at(text: str, part: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return start, start + len(part)


def ann_line(tid: str, label: str, text: str, *parts: str) -> str:
    segments = [at(text, p) for p in parts]
    offsets = ";".join(f"{s} {e}" for s, e in segments)
    return f"{tid}\t{label} {offsets}\t{' '.join(text[s:e] for s, e in segments)}"


def gold_ann(text: str = TEXT) -> str:
    return "\n".join([
        ann_line("T1", "Content", text, "“We will not give up,”"),
        ann_line("T2", "Cue", text, "said"),
        ann_line("T3", "Source", text, "Lavrov"),
        ann_line("T4", "Content", text, "“Never.”"),
        ann_line("T5", "Attribution", text, "said"),
        "E1\tAttribution:T5 Content:T1 Cue:T2 Source:T3 Content2:T4",
        f"T6\tCue {at(text, 'said', 1)[0]} {at(text, 'said', 1)[1]}\tsaid",
        ann_line("T7", "Content", text, "that the talks would resume in January"),
        ann_line("T8", "Attribution-no-source", text, "Kerry"),
        "E2\tAttribution-no-source:T8 Content:T7 Cue:T6",
        ann_line("T9", "Discard", text, "Read the rest here."),
        "E3\tAttribution:T5",  # no content: skipped
    ]) + "\n"


def write_polnear(root: Path, names=("nyt_2016-10-01_talks",), annotators=("4e07",)) -> Path:
    (root / "text").mkdir(parents=True, exist_ok=True)
    (root / "attributions").mkdir(parents=True, exist_ok=True)
    for name in names:
        (root / "text" / f"{name}.txt").write_text(TEXT, encoding="utf-8")
        for k, who in enumerate(annotators):
            ann = gold_ann() if k == 0 else "T1\tContent 0 5\t“We w\nE1\tAttribution:T1 Content:T1\n"
            (root / "attributions" / f"{name}_{who}.ann").write_text(ann, encoding="utf-8")
    return root


def actor(text: str, part: str, nth: int = 0, **kw) -> Actor:
    s, e = at(text, part, nth)
    return Actor(s, e, text[s:e], **kw)


def quote(qid: str, text: str, part: str, kind: str, cue: tuple[int, int] | None, speaker: Actor | None) -> Quote:
    s, e = at(text, part)
    return Quote(qid, s, e, text[s:e], kind, Span(cue[0], cue[1], text[cue[0]:cue[1]]) if cue else None, speaker)


def test_read_ann_joins_content_pieces_and_reads_missing_sources():
    gold = read_ann(gold_ann())
    assert len(gold) == 2
    first, second = gold
    assert [TEXT[s:e] for s, e in first.content] == ["“We will not give up,”", "“Never.”"]
    assert first.source_text == "Lavrov" and TEXT[slice(*first.cue[0])] == "said"
    assert second.source is None and second.source_text is None


def test_load_polnear_takes_the_first_annotator_and_the_date(tmp_path):
    root = write_polnear(tmp_path / "dev", annotators=("4e07", "ef2d"))
    [doc] = load_polnear(root)
    assert doc.name == "nyt_2016-10-01_talks" and doc.date == "2016-10-01"
    assert len(doc.attributions) == 2


def test_load_polnear_refuses_missing_or_wrong_directories(tmp_path):
    with pytest.raises(InputPathError):
        load_polnear(tmp_path / "nowhere")
    (tmp_path / "flat").mkdir()
    with pytest.raises(InputPathError):
        load_polnear(tmp_path / "flat")


def test_predicted_attributions_group_by_cue_and_drop_nested():
    said = at(TEXT, "said")
    lavrov = actor(TEXT, "Lavrov")
    quotes = [
        quote("q1", TEXT, "We will not give up", "direct", said, lavrov),
        quote("q2", TEXT, "Never.", "direct", said, lavrov),
        quote("q3", TEXT, "that the talks would resume in January", "indirect", at(TEXT, "said", 1), None),
        quote("q4", TEXT, "the talks", "mixed", at(TEXT, "said", 1), None),  # same cue: joins q3, inside it
        quote("q5", TEXT, "would resume", "mixed", None, None),  # inside q3: not scored
    ]
    preds = predicted_attributions(quotes)
    assert [[TEXT[s:e] for s, e in p.content] for p in preds] == [
        ["We will not give up", "Never."], ["that the talks would resume in January", "the talks"]]


def test_score_document_partial_exact_source_and_cue():
    gold = read_ann(gold_ann())
    kerry = actor(TEXT, "Kerry")
    quotes = [
        quote("q1", TEXT, "We will not give up", "direct", at(TEXT, "said"), actor(TEXT, "Lavrov")),
        quote("q2", TEXT, "Never.", "direct", at(TEXT, "said"), actor(TEXT, "Lavrov")),
        quote("q3", TEXT, "the talks would resume", "indirect", at(TEXT, "said", 1), kerry),  # 4 of 6 words
        quote("q4", TEXT, "Read the rest", "indirect", None, None),
    ]
    counts = score_document(TEXT, gold, quotes)["counts"]
    assert (counts["gold"], counts["pred"], counts["tp"], counts["exact"]) == (2, 3, 2, 1)
    assert counts["with_source"] == 1 and counts["source_ok"] == 1 and counts["cue_ok"] == 2


def test_score_document_source_by_name_and_overlap_threshold():
    text = "Sergei Lavrov arrived. “We will not give up,” he said.\n\nLavrov left."
    gold = read_ann("\n".join([
        ann_line("T1", "Content", text, "“We will not give up,”"),
        ann_line("T2", "Cue", text, "said"),
        ann_line("T3", "Source", text, "Sergei Lavrov"),
        "E1\tAttribution:T2 Content:T1 Cue:T2 Source:T3",
    ]))
    elsewhere = actor(text, "he", name="Sergei Lavrov")  # not the gold span, but the same name
    [q] = [quote("q1", text, "We will not give up", "direct", at(text, "said"), elsewhere)]
    counts = score_document(text, gold, [q])["counts"]
    assert counts["source_ok"] == 1 and counts["source_strict"] == 0
    short = quote("q1", text, "We will", "direct", at(text, "said"), None)  # 2 of 5 words: no match
    assert score_document(text, gold, [short])["counts"]["tp"] == 0


@pytest.fixture()
def cli(res, monkeypatch, capsys):
    monkeypatch.setattr(Resources, "load", classmethod(lambda cls, config=None: res))

    def run(*argv):
        code = main(list(argv))
        return code, capsys.readouterr()

    return run


def test_evaluate_quotes_through_the_pipeline(res, tmp_path):
    report = evaluate_quotes(write_polnear(tmp_path / "dev"), res=res, show_errors=True)
    assert report["documents"] == 1 and report["attributions"] == 2
    assert report["content"]["tp"] == 2 and report["content"]["recall"] == 1.0
    assert report["source"]["scored"] == 1 and report["source"]["accuracy"] == 1.0
    text = format_report(report)
    for word in ("content", "exact", "source", "cue", "kinds"):
        assert word in text


def test_cli_eval_quotes_json_and_missing_directory(cli, tmp_path):
    root = write_polnear(tmp_path / "dev")
    code, out = cli("eval", "quotes", str(root), "--json", "--limit", "1")
    assert code == 0
    report = json.loads(out.out)
    assert report["content"]["f1"] == 1.0
    code, out = cli("eval", "quotes", str(tmp_path / "nowhere"))
    assert code == 2 and out.err.count("\n") == 1
    code, out = cli("eval", "quotes", str(root), "--limit", "0")
    assert code == 2
