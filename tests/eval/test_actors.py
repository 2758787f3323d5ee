"""eval actors: the scorers on tiny hand-made gold files, through the real pipeline, and the CLI."""

from __future__ import annotations

import json

import pytest

from accord.errors import InputPathError
from accord.eval.actors import (
    cameo_class,
    evaluate_actors,
    format_report,
    gold_spans,
    load_classes,
    load_ner,
    main_event,
    predicted_spans,
)
from accord.records import Actor, Analysis, Event, Span

NER = """\
Rebels B-S
attacked O
the O
Syrian B-T
army I-T
. O

Iran B-R
and O
Iraq B-R
signed O
a O
peace O
agreement O
. O

Israeli B-S
troops I-S
killed O
a O
Palestinian B-T
man I-T
, O
officials O
said O
. O
"""

CLASSES = (
    "Rebels attacked the Syrian army.\t4\r\n"
    "Israeli troops killed a Palestinian man, officials said.\t4\r\n"
    "Russia said it would send aid to Syria.\t1\r\n"
    "The weather was fine.\t2\r\n"
)

PLOVER = [
    {"id": "PLOVER-GSR01-DOCUMENT-0001", "event": "DOCUMENT", "text": "about this file"},
    {"id": "f1", "date": "2016-03-01", "event": "FIGHT", "source": [{"code": "ISR", "sector": "MIL"}],
     "target": [{"code": "PSE"}], "text": "Israeli troops killed a Palestinian man, officials said."},
    {"id": "d1", "date": "2016-03-01", "event": "DISAPPROVE", "source": [{"code": "RUS"}],
     "target": [{"code": "USA"}], "text": "Russia condemned the air strikes on Aleppo."},
    {"id": "c1", "date": "2016-03-01", "event": "CONSULT", "source": [{"code": "FRA", "sector": "GOV"}],
     "target": [], "text": "The French president visited Germany on Monday."},
    {"id": "p1", "date": "2016-03-01", "event": "PROTEST", "source": [{"code": "DEU"}],
     "target": [], "text": "The weather was fine."},
]


@pytest.fixture
def gold(tmp_path):
    ner = tmp_path / "ner.txt"
    ner.write_text(NER, encoding="utf-8")
    classes = tmp_path / "classes.tsv"
    classes.write_bytes(CLASSES.encode("utf-8"))
    plover = tmp_path / "plover.json"
    plover.write_text(json.dumps(PLOVER), encoding="utf-8")
    return ner, classes, plover


@pytest.fixture(scope="module")
def report(res, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("gold")
    (tmp / "ner.txt").write_text(NER, encoding="utf-8")
    (tmp / "classes.tsv").write_bytes(CLASSES.encode("utf-8"))
    (tmp / "plover.json").write_text(json.dumps(PLOVER), encoding="utf-8")
    return evaluate_actors(tmp / "ner.txt", tmp / "classes.tsv", tmp / "plover.json", res=res)


# ---------------------------------------------------------------- definitions, no pipeline


def test_gold_spans_bio_with_both_roles():
    tags = ["B-S", "I-S", "O", "B-R", "I-R", "I-T", "O", "I-T", "B-T", "B-T"]
    spans = gold_spans(tags)
    assert spans["source"] == [range(0, 2), range(3, 5)]
    # R counts for both roles; an I- of another role or after O starts a span; B- after B- too
    assert spans["target"] == [range(3, 5), range(5, 6), range(7, 8), range(8, 9), range(9, 10)]


def test_cameo_class_boundaries():
    expected = {"010": 0, "024": 0, "030": 1, "057": 1, "061": 2, "0874": 2, "090": 3, "138": 3,
                "141": 4, "190": 4, "204": 4}
    assert {code: cameo_class(code) for code in expected} == expected


def _event(n: int, cameo: str, confidence: float = 0.5, rule: str = "r") -> Event:
    return Event(id=f"ev{n}", sentence=0, trigger=Span(0, 1, "x"), cameo=cameo, cameo_name="", plover=None,
                 plover_mode=None, goldstein=None, quad_class=None, confidence=confidence, rule=rule)


def test_main_event_depth_then_confidence_then_first_and_statements_last():
    events = [_event(1, "010"), _event(2, "190", 0.6), _event(3, "042", 0.9), _event(4, "111", 0.9),
              _event(5, "043", 0.9, rule="paired:043; r")]
    analysis = Analysis(id="a", text="x", events=events)
    # the statement is the root, but another event exists; ev2 is nearer the root than ev3/ev4
    assert main_event(analysis, {"ev1": 0, "ev2": 1, "ev3": 2, "ev4": 2, "ev5": 0}).id == "ev2"
    # same depth: the more confident; same confidence: the first; the paired mirror never
    assert main_event(analysis, {"ev1": 0, "ev2": 1, "ev3": 1, "ev4": 1, "ev5": 0}).id == "ev3"
    only_statement = Analysis(id="b", text="x", events=[_event(1, "010")])
    assert main_event(only_statement, {"ev1": 0}).id == "ev1"
    assert main_event(Analysis(id="c", text="x"), {}) is None


def test_predicted_spans_map_char_offsets_to_tokens():
    # "Rebels attacked the Syrian army ." ; an actor over "the Syrian army" and one inside a token
    offsets = [(0, 6), (7, 15), (16, 19), (20, 26), (27, 31), (32, 33)]
    ev = _event(1, "190")
    ev.source = [Actor(0, 6, "Rebels"), Actor(0, 6, "Rebels")]
    ev.target = [Actor(16, 31, "the Syrian army"), Actor(22, 24, "ri")]
    spans = predicted_spans([ev], offsets)
    assert spans["source"] == [{0}]
    assert spans["target"] == [{2, 3, 4}, {3}]


def test_loaders_read_formats_and_refuse_bad_lines(gold, tmp_path):
    ner, classes, _ = gold
    sentences = load_ner(ner)
    assert [s.text for s in sentences][0] == "Rebels attacked the Syrian army ."
    assert len(sentences) == 3 and sentences[2].offsets[2] == (15, 21)
    pairs = load_classes(classes)
    assert pairs[3] == ("The weather was fine.", 2)  # CRLF stripped
    bad = tmp_path / "bad.txt"
    bad.write_text("Rebels B-X\n", encoding="utf-8")
    with pytest.raises(InputPathError, match=r"\[A501\].*line 1"):
        load_ner(bad)
    with pytest.raises(InputPathError, match=r"\[A101\]"):
        load_classes(tmp_path / "nope.tsv")


# ---------------------------------------------------------------- the real pipeline


def test_ner_roles_token_and_span_scores(report):
    ner = report["ner"]
    assert ner["sentences"] == 3 and ner["no_event"] == 0
    # source: Rebels, Iran, Iraq, Israeli troops all found; "officials" (of "said") is extra
    assert ner["tokens"]["source"] == {"precision": 0.833, "recall": 1.0, "f1": 0.909, "tp": 5, "fp": 1, "fn": 0}
    # target: "the Syrian army", "a Palestinian man" (whole phrases: "the", "a" extra); Iran and Iraq (R) missed
    assert ner["tokens"]["target"] == {"precision": 0.667, "recall": 0.667, "f1": 0.667, "tp": 4, "fp": 2, "fn": 2}
    assert ner["spans"]["source"] == {"precision": 0.8, "recall": 1.0, "f1": 0.889, "gold_found": 4,
                                      "gold_spans": 4, "predicted_correct": 4, "predicted_spans": 5}
    assert ner["spans"]["target"] == {"precision": 1.0, "recall": 0.5, "f1": 0.667, "gold_found": 2,
                                      "gold_spans": 4, "predicted_correct": 2, "predicted_spans": 2}
    # the main event of sentence 3 is "killed", not "said": no "officials"
    assert ner["main_event_tokens"]["source"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0,
                                                  "tp": 5, "fp": 0, "fn": 0}


def test_plover_country_accuracy(report):
    cty = report["countries"]
    # DOCUMENT skipped; the weather has no PROTEST event, so it is not scored
    assert cty["records"] == 4 and cty["with_gold_type"] == 3
    assert cty["source"] == {"accuracy": 1.0, "hits": 3, "scored": 3}
    # Russia condemned strikes on Aleppo (SYR), gold says USA: a miss; targetless records not scored
    assert cty["target"] == {"accuracy": 0.5, "hits": 1, "scored": 2}


def test_class_accuracy_and_confusion(report):
    cls = report["classes"]
    assert cls["sentences"] == 4 and cls["no_event"] == 1 and cls["correct"] == 3 and cls["accuracy"] == 0.75
    expected = [[0] * 5 for _ in range(5)]
    expected[4][4] = 2  # attacked; killed (the "said" statement is not the main event)
    expected[1][1] = 1  # said ... would send aid: 033, the statement is skipped
    expected[2][0] = 1  # no event: predicted 0; rows are gold
    assert cls["confusion"] == expected


def test_format_report_shows_every_measure(report):
    text = format_report(report)
    for part in ("source  P 0.833  R 1.000  F1 0.909", "spans, partial match", "main event only",
                 "target country accuracy 0.500   (1/2)", "accuracy 0.750   (3/4)", "rows gold, columns predicted"):
        assert part in text


# ---------------------------------------------------------------- the command line


def test_cli_missing_file_exits_2_with_one_line(cli, gold, tmp_path):
    ner, classes, _ = gold
    code, out, err = cli("eval", "actors", "--ner", str(ner), "--classes", str(classes),
                         "--plover", str(tmp_path / "nope.json"))
    assert code == 2 and out == ""
    assert "[A101]" in err and "nope.json" in err and len(err.strip().splitlines()) == 1


def test_cli_json_with_limit(cli, gold):
    ner, classes, plover = gold
    code, out, err = cli("eval", "actors", "--ner", str(ner), "--classes", str(classes), "--plover", str(plover),
                         "--limit", "1", "--json")
    assert code == 0 and err == ""
    report = json.loads(out)
    assert report["ner"]["sentences"] == 1 and report["ner"]["tokens"]["source"]["f1"] == 1.0
    assert report["classes"]["sentences"] == 1 and report["classes"]["accuracy"] == 1.0
    assert report["countries"]["records"] == 1
