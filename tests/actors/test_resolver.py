from __future__ import annotations

import re
from pathlib import Path

import pytest

from accord.actors.kb import ActorKB
from accord.actors.resolver import ActorMention, entities_from_doc, resolve_actors

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "vienna-2015-11-14.txt"
DATE = "2015-11-14"


def covering(doc, mentions: list[ActorMention], phrase: str, nth: int = 0) -> ActorMention:
    """The mention whose span covers the nth occurrence of ``phrase`` in the text."""
    start = [m.start() for m in re.finditer(re.escape(phrase), doc.text)][nth]
    end = start + len(phrase)
    found = [m for m in mentions if m.actor.start <= start and end <= m.actor.end]
    assert found, f"no mention covers {phrase!r}"
    return found[0]


def resolve(nlp, kb: ActorKB, text: str, date: str | None = DATE):
    doc = nlp(text)
    return doc, resolve_actors(doc, kb, date)


# ---- the seed article ----


@pytest.fixture(scope="module")
def seed(nlp, kb):
    if not SEED.exists():
        pytest.skip("../shared/seed is absent")
    return resolve(nlp, kb, SEED.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "phrase,country,sector",
    [("John Kerry", "USA", "GOV"), ("Bashar al-Assad", "SYR", "GOV"), ("Sergei Lavrov", "RUS", "GOV"),
     ("Moscow", "RUS", "GOV"), ("Tehran", "IRN", "GOV")],
)
def test_seed_actor_codes(seed, phrase: str, country: str, sector: str) -> None:
    doc, mentions = seed
    actor = covering(doc, mentions, phrase).actor
    assert (actor.country, actor.sector) == (country, sector)
    assert actor.code == country + sector


@pytest.mark.parametrize("phrase", ["Steffan de Mistura", "the United Nations special envoy to Syria"])
def test_seed_un_envoy_is_igo(seed, phrase: str) -> None:
    doc, mentions = seed
    actor = covering(doc, mentions, phrase).actor
    assert actor.code.startswith("IGOUNO") and actor.country is None and actor.sector == "IGO"
    assert actor.name == "Staffan de Mistura"


def test_seed_titles_join_the_name(seed) -> None:
    doc, mentions = seed
    texts = {m.actor.text for m in mentions}
    assert "U.S. Secretary of State John Kerry" in texts
    assert "Syria’s President Bashar al-Assad" in texts
    assert "his Russian counterpart Sergei Lavrov" in texts


def test_seed_islamic_state_and_daesh_are_one_actor(seed) -> None:
    doc, mentions = seed
    islamic_state = covering(doc, mentions, "Islamic State").actor
    daesh = covering(doc, mentions, "Daesh").actor
    assert islamic_state.kb_id == daesh.kb_id == "cur:islamic-state"
    assert daesh.code == "IMGMUSISI" and daesh.country is None and daesh.sector == "INS"


def test_seed_the_west(seed) -> None:
    doc, mentions = seed
    actor = covering(doc, mentions, "The West").actor
    assert actor.code == "WST" and actor.country is None and actor.text == "The West"


@pytest.mark.parametrize("phrase", ["gunmen", "suicide bombers"])
def test_seed_generic_armed_agents(seed, phrase: str) -> None:
    doc, mentions = seed
    mention = covering(doc, mentions, phrase)
    assert mention.actor.text == phrase and mention.actor.code == "UAF" and mention.actor.country is None
    assert mention.kind == "agent" and mention.actor.name is None


def test_seed_surnames_and_pronouns(seed) -> None:
    doc, mentions = seed
    kerry = covering(doc, mentions, "John Kerry").actor.kb_id
    surnames = [m for m in mentions if m.actor.rule == "surname"]
    assert surnames and all(m.actor.text == "Kerry" and m.actor.kb_id == kerry for m in surnames)
    assert any(m.actor.rule == "pronoun" and m.actor.kb_id == kerry for m in mentions)


def test_seed_entities_carry_actors(seed) -> None:
    doc, mentions = seed
    entities = entities_from_doc(doc, mentions)
    assert [e.id for e in entities] == [f"e{i}" for i in range(1, len(entities) + 1)]
    assert all(doc.text[e.start : e.end] == e.text for e in entities)
    lavrov = next(e for e in entities if e.text == "Sergei Lavrov")
    assert lavrov.label == "PERSON" and lavrov.actor is not None and lavrov.actor.code == "RUSGOV"
    assert lavrov.actor.entity == lavrov.id  # the mention points back at its entity
    assert any(e.actor is None for e in entities)  # dates, numbers


def test_mentions_are_ordered_and_disjoint(seed) -> None:
    doc, mentions = seed
    for a, b in zip(mentions, mentions[1:]):
        assert a.end <= b.start
    for m in mentions:
        assert doc.text[m.actor.start : m.actor.end] == m.actor.text


# ---- rules on small sentences of our own ----


@pytest.mark.parametrize(
    "text,phrase,code",
    [
        ("The Syrian opposition rejected the plan.", "Syrian opposition", "SYROPP"),
        ("French police arrested two men near the station.", "French police", "FRACOP"),
        ("Iraqi troops entered the town at dawn.", "Iraqi troops", "IRQMIL"),
        ("Officials in the Kremlin declined to comment.", "Kremlin", "RUSGOV"),
        ("The White House said talks would go on.", "White House", "USAGOV"),
        ("A Pentagon spokesman said nothing.", "Pentagon", "USAMIL"),
        ("Unidentified gunmen opened fire on a checkpoint.", "gunmen", "UAF"),
    ],
)
def test_agent_rules(nlp, kb, text: str, phrase: str, code: str) -> None:
    doc, mentions = resolve(nlp, kb, text)
    assert covering(doc, mentions, phrase).actor.code == code


def test_titled_person_unknown_to_the_kb_gets_the_title_code(nlp, kb) -> None:
    doc, mentions = resolve(nlp, kb, "Syrian Foreign Minister Walid Barakeh met reporters on Monday.")
    mention = covering(doc, mentions, "Walid Barakeh")
    assert mention.actor.code == "SYRGOV" and mention.actor.rule.startswith("title:")
    assert mention.actor.text.startswith("Syrian Foreign Minister")


def test_codes_follow_the_date(nlp, kb) -> None:
    text = "John Kerry spoke to reporters."
    assert covering(*resolve(nlp, kb, text, "2015-11-14"), "John Kerry").actor.code == "USAGOV"
    assert covering(*resolve(nlp, kb, text, "2018-01-01"), "John Kerry").actor.code == "USAELI"


def test_common_words_do_not_match_short_aliases(nlp, kb) -> None:
    doc, mentions = resolve(nlp, kb, "It is up to us to decide, he is sure.")
    assert not [m for m in mentions if m.actor.text.lower() in {"is", "us"}]


def test_pronoun_needs_a_recent_person(nlp, kb) -> None:
    doc, mentions = resolve(nlp, kb, "The rain stopped. He left.")
    assert not mentions
    doc, mentions = resolve(nlp, kb, "Sergei Lavrov arrived in Geneva. He met the press.")
    he = covering(doc, mentions, "He")
    assert he.kind == "pronoun" and he.actor.code == "RUSGOV" and he.actor.rule == "pronoun"
