"""Discovery: names the KB lacks keep a provisional actor, and `accord actors --unresolved` counts them.

All people and groups here are made up, so the KB cannot know them.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from accord.actors.discovery import UnresolvedCounter, name_key, unresolved_actors, write_actors
from accord.actors.resolver import entities_from_doc, resolve_actors
from accord.cli import main
from accord.records import Actor, Analysis, Entity
from accord.resources import Resources

DATE = "2017-08-10"


def entity(nlp, kb, text: str, phrase: str, date: str | None = DATE) -> Entity:
    doc = nlp(text)
    entities = entities_from_doc(doc, resolve_actors(doc, kb, date))
    found = [e for e in entities if e.text == phrase]
    assert found, f"no entity {phrase!r} in {[(e.text, e.label) for e in entities]}"
    return found[0]


# ---- provisional actors from context ----


@pytest.mark.parametrize(
    "text,phrase,code",
    [
        ("Kenyan opposition leader Raila Odingo said on Monday that the vote was rigged.", "Raila Odingo", "KENOPP"),
        ("The Zorvan Liberation Front, a Malian rebel group, attacked a police post.",
         "The Zorvan Liberation Front", "MLIREB"),
        ("Malian rebel group the Zorvan Liberation Front attacked a police post.", "the Zorvan Liberation Front",
         "MLIREB"),
        ("Kenyan Peter Kamausi said the vote was rigged.", "Kenyan Peter Kamausi", "KEN"),
    ],
)
def test_unknown_names_take_a_provisional_code_from_context(nlp, kb, text, phrase, code) -> None:
    actor = entity(nlp, kb, text, phrase).actor
    assert actor is not None and actor.code == code
    assert actor.kb_id is None and actor.rule.startswith("provisional+")


def test_apposition_gives_a_person_the_code_of_the_phrase_beside_it(nlp, kb) -> None:
    text = "Foo Barzani, a senior Hamas commander, was killed in an air strike."
    person = entity(nlp, kb, text, "Foo Barzani").actor
    hamas = entity(nlp, kb, text, "Hamas").actor
    assert hamas.kb_id is not None and hamas.code
    assert person.code == hamas.code and person.kb_id is None
    assert person.rule.startswith("provisional+appos:")


@pytest.mark.parametrize(
    "text,phrase",
    [
        ("The Karbala Brigade claimed the attack.", "The Karbala Brigade"),
        ("The Zorvan Liberation Front attacked a police post in Mali.", "The Zorvan Liberation Front"),
        ("The Zorvanis attacked a police post.", "Zorvanis"),  # a NORP that names a group
    ],
)
def test_unknown_group_without_context_is_an_unresolved_actor(nlp, kb, text, phrase) -> None:
    ent = entity(nlp, kb, text, phrase)
    actor = ent.actor
    assert actor is not None, "the entity must keep an actor so that it can be counted"
    assert (actor.code, actor.kb_id, actor.rule, actor.name) == (None, None, "unresolved", phrase)
    assert (actor.start, actor.end, actor.entity) == (ent.start, ent.end, ent.id)


def test_a_list_is_no_apposition(nlp, kb) -> None:
    actor = entity(nlp, kb, "The Zorvan Front, the Malian army and the police met.", "The Zorvan Front").actor
    assert actor is not None and actor.code is None and actor.rule == "unresolved"


def test_a_country_name_is_no_nationality(nlp, kb) -> None:
    actor = entity(nlp, kb, "Jordan Peterson said no.", "Jordan Peterson").actor
    assert actor is not None and actor.code is None and actor.rule.startswith("unresolved")


def test_honorific_and_surname_take_the_full_names_code(nlp, kb) -> None:
    text = "Kenyan opposition leader Peter Kamausi said the vote was rigged. Mr. Kamausi called for protests."
    actor = entity(nlp, kb, text, "Kamausi").actor
    assert actor.code == "KENOPP" and actor.rule.startswith("provisional+") and actor.rule.endswith("+surname")


@pytest.mark.parametrize(
    "text,phrase,date",
    [("John Kerry spoke to reporters.", "John Kerry", "2015-11-14"),
     ("The Kenyan police fired tear gas.", "Kenyan", DATE)],
)
def test_known_actors_are_not_marked(nlp, kb, text, phrase, date) -> None:
    actor = entity(nlp, kb, text, phrase, date).actor
    assert actor is not None and actor.kb_id is not None
    assert not actor.rule.startswith(("provisional", "unresolved"))


# ---- counting ----


@pytest.mark.parametrize(
    "text,key",
    [("Mr. Peter  Kamausi", "peter kamausi"), ("PETER KAMAUSI's", "peter kamausi"),
     ("the Zorvan Front", "zorvan front"), ("Dr Kamausi", "kamausi"), ("Mr.", "mr."),
     ("Peter K. Kamausi", "peter kamausi"), ("Peter K Kamausi", "peter kamausi")],
)
def test_name_key(text, key) -> None:
    assert name_key(text)[0] == key


@pytest.fixture
def patched(res, monkeypatch):
    monkeypatch.setattr(Resources, "load", classmethod(lambda cls, config=None: res))


@pytest.fixture
def feed(tmp_path):
    docs = [
        {"id": "d1", "date": DATE, "text": "Kenyan opposition leader Peter Kamausi said on Monday that the vote "
         "was rigged. Mr. Kamausi called for protests in Nairobi."},
        {"id": "d2", "date": DATE, "text": "The Zorvan Liberation Front attacked a police post in Mali. "
         "Peter Kamausi rejected the result."},
        {"id": "d3", "date": "2015-11-14", "text": "Peter Kamausi met the election commission on Friday. "
         "The Zorvan Liberation Front, a Malian rebel group, said it had killed two soldiers. "
         "The Karbala Brigade claimed another attack. John Kerry spoke to reporters."},
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    return path


def test_unresolved_actors_counts_and_orders(patched, feed) -> None:
    found = unresolved_actors([str(feed)])
    assert [(a.name, a.count, a.documents, a.label) for a in found] == [
        ("Peter Kamausi", 4, 3, "PERSON"),  # "Mr. Kamausi" counts for the full name
        ("Zorvan Liberation Front", 2, 2, "ORG"),
        ("Karbala Brigade", 1, 1, "ORG"),
    ]
    kamausi, zorvan, karbala = found
    assert kamausi.codes == ["KENOPP"] and zorvan.codes == ["MLIREB"] and karbala.codes == []
    assert len(kamausi.examples) == 2 and kamausi.examples[0].startswith("Kenyan opposition leader")
    assert "Kamausi rejected" in kamausi.examples[1], "the second example comes from another document"
    assert unresolved_actors([str(feed)], top=1) == found[:1]


def test_examples_are_trimmed_around_the_name() -> None:
    text = "In a long statement " + "about many things " * 20 + "the Zorvan Front said no " + "and more " * 20 + "."
    start = text.index("Zorvan Front")
    e = Entity("e1", start, start + 12, "Zorvan Front", "ORG",
               Actor(start, start + 12, "Zorvan Front", "Zorvan Front", entity="e1", rule="unresolved"))
    counter = UnresolvedCounter()
    counter.add(Analysis(id="x", text=text, sentences=[(0, len(text))], entities=[e]))
    [found] = counter.top()
    [example] = found.examples
    assert "Zorvan Front" in example and len(example) <= 165
    assert example.startswith("…") and example.endswith("…")


def _analysis(doc_id: str, text: str, names: list[tuple[str, str]]) -> Analysis:
    entities = []
    for n, (name, label) in enumerate(names, start=1):
        start = text.index(name)
        actor = Actor(start, start + len(name), name, name, entity=f"e{n}", rule="unresolved")
        entities.append(Entity(f"e{n}", start, start + len(name), name, label, actor))
    return Analysis(id=doc_id, text=text, sentences=[(0, len(text))], entities=entities)


def test_surnames_count_for_the_full_name_in_the_same_document_only() -> None:
    counter = UnresolvedCounter()
    counter.add(_analysis("a", "Peter J. Kamausi spoke. Kamausi left.",
                          [("Peter J. Kamausi", "PERSON"), ("Kamausi", "ORG")]))
    counter.add(_analysis("b", "Kamausi arrived.", [("Kamausi", "PERSON")]))
    counter.add(_analysis("c", "Peter Kamausi arrived.", [("Peter Kamausi", "PERSON")]))
    assert [(a.key, a.count, a.documents) for a in counter.top()] == [("peter kamausi", 3, 2), ("kamausi", 1, 1)]


# ---- the command ----


@pytest.fixture
def cli(patched, capsys):
    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def test_cli_table(cli, feed) -> None:
    code, out, err = cli("actors", "--unresolved", str(feed), "--top", "2")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["count", "docs", "label", "codes", "name"]
    rows = [line.split(None, 4) for line in lines[1:] if not line.lstrip().startswith("|")]
    assert rows == [["4", "3", "PERSON", "KENOPP", "Peter Kamausi"],
                    ["2", "2", "ORG", "MLIREB", "Zorvan Liberation Front"]]
    assert "| Kenyan opposition leader Peter Kamausi said" in out
    assert "3 documents in" in err


def test_cli_csv_to_file(cli, feed, tmp_path) -> None:
    target = tmp_path / "out.csv"
    code, out, _ = cli("actors", "--unresolved", str(feed), "--format", "csv", "-o", str(target))
    assert code == 0 and out == ""
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [r["name"] for r in rows] == ["Peter Kamausi", "Zorvan Liberation Front", "Karbala Brigade"]
    assert rows[0]["count"] == "4" and rows[0]["documents"] == "3" and rows[0]["codes"] == "KENOPP"
    assert rows[2]["codes"] == "" and rows[2]["example_1"] == "The Karbala Brigade claimed another attack."


def test_cli_json(cli, feed) -> None:
    code, out, _ = cli("actors", "--unresolved", str(feed), "--format", "json", "--top", "1")
    assert code == 0
    assert [a["name"] for a in json.loads(out)] == ["Peter Kamausi"]


def test_cli_missing_path_and_bad_usage_exit_2(cli, tmp_path) -> None:
    code, out, err = cli("actors", "--unresolved", str(tmp_path / "nope.jsonl"))
    assert code == 2 and out == "" and "[A101]" in err
    code, _, err = cli("actors", "--unresolved", str(tmp_path), "--top", "0")
    assert code == 2 and "--top" in err
    with pytest.raises(SystemExit) as exc:
        main(["actors", str(tmp_path)])  # --unresolved is required
    assert exc.value.code == 2


def test_write_actors_empty_table() -> None:
    out = io.StringIO()
    write_actors([], out, "table")
    assert "No unresolved" in out.getvalue()
