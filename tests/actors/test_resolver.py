from __future__ import annotations

import re
from pathlib import Path

import pytest

from accord.actors.kb import ActorKB, normalize
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


# ---- the country a phrase states (names below are made up unless said otherwise) ----


@pytest.mark.parametrize(
    "text,phrase,code",
    [
        # a country name (not an adjective) before a title
        ("Chad President Mahamat Oumar Bichara arrived in Niamey.", "Mahamat Oumar Bichara", "TCDGOV"),
        ("Ghana Foreign Minister Kwame Osei Mensah signed the deal.", "Kwame Osei Mensah", "GHAGOV"),
        ("Kenyan Vice-President Josephat Kiprotich Ngeno met the delegation.", "Josephat Kiprotich Ngeno", "KENGOV"),
        ("Tanzania's President Juma Mrisho Salim said nothing.", "Juma Mrisho Salim", "TZAGOV"),
        ("Malaysian Defence Minister Azlan Osman Rahim spoke.", "Azlan Osman Rahim", "MYSGOVMIL"),
        # a title without a country: the sector, no country
        ("The Federal Minister for Interior Rashid Qadir Baloch said the talks failed.", "Rashid Qadir Baloch", "GOV"),
        ("President Okello Wambura accused the rebels.", "Okello Wambura", "GOV"),
    ],
)
def test_titled_unknown_person(nlp, kb, text: str, phrase: str, code: str) -> None:
    doc, mentions = resolve(nlp, kb, text)
    mention = covering(doc, mentions, phrase)
    assert mention.actor.code == code and mention.kind == "person"
    assert mention.actor.country == (code[:3] if len(code) >= 6 else None)


def test_known_person_with_no_role_on_the_date(nlp, kb) -> None:
    # Boris Yeltsin's Phoenix roles end in 2007: the title says what he is, else his last country
    doc, mentions = resolve(nlp, kb, "Russian President Boris Yeltsin met the press.")
    actor = covering(doc, mentions, "Boris Yeltsin").actor
    assert actor.code == "RUSGOV" and actor.kb_id is not None and "+title:" in actor.rule
    doc, mentions = resolve(nlp, kb, "Vice-President Boris Yeltsin met the press.")
    assert covering(doc, mentions, "Boris Yeltsin").actor.code == "RUSGOV"  # title + the KB's country
    doc, mentions = resolve(nlp, kb, "Boris Yeltsin met the press.")
    actor = covering(doc, mentions, "Boris Yeltsin").actor
    assert (actor.code, actor.country, actor.sector) == ("RUSELI", "RUS", "ELI") and actor.rule.endswith("+former")


def test_stated_country_beats_a_namesake_elsewhere(nlp, kb) -> None:
    # the KB's "King Hassan" is Jordanian; the phrase says Morocco
    doc, mentions = resolve(nlp, kb, "Morocco's King Hassan received the envoy.", "1990-05-01")
    assert covering(doc, mentions, "King Hassan").actor.country == "MAR"


@pytest.mark.parametrize(
    "text,phrase,code,date",
    [
        # adjective + adjective/name + agent
        ("Croatian military police detained ten men.", "Croatian military police", "HRVMILCOP", DATE),
        ("Guatemalan army officers staged a coup.", "Guatemalan army officers", "GTMMIL", DATE),
        ("Syrian Kurd refugees fled to Turkey.", "Syrian Kurd refugees", "SYRREF", DATE),
        # possessive
        ("Egypt's army shelled the camp.", "Egypt's army", "EGYMIL", DATE),
        ("Jordan's foreign minister criticized Israel.", "Jordan's foreign minister", "JORGOV", DATE),
        # "of" and "in"
        ("The president of Georgia visited Baku.", "president of Georgia", "GEOGOV", DATE),
        ("Rebel groups in Angola demanded talks.", "Rebel groups in Angola", "AGOREB", DATE),
        ("Refugees in Chad asked for food.", "Refugees in Chad", "TCDREF", DATE),
        ("Police in Kabul arrested five men.", "Police in Kabul", "AFGCOP", DATE),
        ("Moscow police arrested five men.", "Moscow police", "RUSCOP", DATE),  # a capital: its country
        # an international organisation before the agent
        ("NATO defence ministers met in Brussels.", "NATO defence ministers", "IGOWSTNAT", DATE),
        ("UN peacekeepers were attacked near the border.", "UN peacekeepers", "IGOUNO", DATE),
        ("United Nations police officers left the town.", "United Nations police officers", "IGOUNO", DATE),
        ("European Community trade ministers met in Rome.", "European Community trade ministers", "IGOEUREEC", DATE),
        # a country before a people word: where they live (Phoenix codes the first)
        ("Bosnian Croats shelled the town.", "Bosnian Croats", "BIH", DATE),
    ],
)
def test_agents_take_the_country_of_their_phrase(nlp, kb, text: str, phrase: str, code: str, date: str) -> None:
    doc, mentions = resolve(nlp, kb, text, date)
    actor = covering(doc, mentions, phrase).actor
    assert actor.text == phrase and actor.code == code
    assert actor.country == kb.split_code(code)[0]


def test_part_of_a_former_state_is_its_own_country(nlp, kb) -> None:
    # in 1991 Phoenix codes Croatia YUGHRV: the phrase names Croatia
    doc, mentions = resolve(nlp, kb, "Croatian police arrested ten men.", "1991-03-01")
    actor = covering(doc, mentions, "Croatian police").actor
    assert actor.code == "YUGHRVCOP" and (actor.country, actor.sector) == ("HRV", "COP")


def test_people_word_of_a_place(nlp, kb) -> None:
    doc, mentions = resolve(nlp, kb, "Serbs of northern Kosovo protested.")
    actor = covering(doc, mentions, "Serbs").actor
    assert actor.text == "Serbs of northern Kosovo" and actor.country == "KSV"


def test_troops_in_a_country_are_not_that_country(nlp, kb) -> None:
    doc, mentions = resolve(nlp, kb, "Soldiers in Lebanon opened fire.")
    assert covering(doc, mentions, "Soldiers").actor.country is None
    assert covering(doc, mentions, "Lebanon").actor.country == "LBN"


def test_sports_teams_are_not_people_words(nlp, kb) -> None:
    doc, mentions = resolve(nlp, kb, "He pitched for the Houston Astros and the Boston Red Sox.")
    assert not [m for m in mentions if "Astros" in m.actor.text or "Sox" in m.actor.text]


@pytest.mark.parametrize(
    "text,person,code",
    [
        ("Marta Kowalczyk, the United Nations humanitarian coordinator, visited Goma.", "Marta Kowalczyk", "IGOUNO"),
        ("Ali Mahamat Zene, Chad's interior minister, resigned on Monday.", "Ali Mahamat Zene", "TCDGOV"),
        ("Kenya's president, Daniel Otieno Wekesa, met the envoy.", "Daniel Otieno Wekesa", "KENGOV"),
        ("Joseph Kamau Mwangi, a Kenyan diplomat, left Nairobi.", "Joseph Kamau Mwangi", "KENGOV"),
    ],
)
def test_apposition_gives_an_unknown_person_the_title_code(nlp, kb, text: str, person: str, code: str) -> None:
    doc, mentions = resolve(nlp, kb, text)
    mention = covering(doc, mentions, person)
    assert mention.kind == "person" and mention.actor.code == code


@pytest.mark.parametrize(
    "text,pronoun,code",
    [
        ("Ghana said it had repaid the loan.", "it", "GHA"),
        ("Zambia announced that it will withdraw its troops.", "it", "ZMB"),
        ("The Kenyan government said it would free the prisoners.", "it", "KENGOV"),
        ("Egypt accused Libya of smuggling arms. It said the border was closed.", "It", "EGY"),
        ("Officials said they would close the border.", "they", "GOV"),
    ],
)
def test_thing_pronouns(nlp, kb, text: str, pronoun: str, code: str) -> None:
    doc, mentions = resolve(nlp, kb, text)
    found = [m for m in mentions if m.actor.text == pronoun]
    assert len(found) == 1 and found[0].actor.code == code and found[0].actor.rule == "pronoun"


@pytest.mark.parametrize(
    "text",
    [
        "It was unclear whether Peru would agree.",
        "Chile said it was clear that Peru had lied.",
        "A senior Chilean official said it would take time.",  # an official is not "it"
        "Brazil signed the treaty and praised it.",  # an object "it" is mostly a thing
    ],
)
def test_thing_pronouns_left_alone(nlp, kb, text: str) -> None:
    doc, mentions = resolve(nlp, kb, text)
    assert not [m for m in mentions if m.actor.text.lower() == "it"]


@pytest.mark.parametrize(
    "text,phrase,code",
    [
        ("Zambia announced that it will withdraw its troops.", "its troops", "ZMBMIL"),
        ("Croatian Serbs said their forces would pull back.", "their forces", "HRVMIL"),
        ("Nigeria asked Ghana to withdraw its troops.", "its troops", "GHAMIL"),  # "asked X to": X's
        ("The U.N. said its peacekeepers had left Somalia.", "its peacekeepers", "IGOUNO"),
        ("Sergei Lavrov said his government would help.", "his government", "RUSGOV"),
    ],
)
def test_possessive_pronoun_gives_its_country_to_an_agent(nlp, kb, text: str, phrase: str, code: str) -> None:
    doc, mentions = resolve(nlp, kb, text)
    actor = covering(doc, mentions, phrase).actor
    assert actor.text == phrase and actor.code == code and actor.rule.startswith("pronoun+agent:")


def test_possessive_pronoun_alone_is_no_mention(nlp, kb) -> None:
    # the owner of a dispute is not a party to the event that mentions it
    doc, mentions = resolve(nlp, kb, "Denmark settled its fisheries dispute with Norway.")
    assert [m.actor.text for m in mentions] == ["Denmark", "Norway"]


def test_kb_fuzzy_person_finds_a_misspelt_first_name(kb) -> None:
    record = kb.fuzzy_person(normalize("Mohamad Javad Zarif"), normalize("Zarif"))
    assert record is not None and "Zarif" in record.name
    assert kb.fuzzy_person(normalize("Completely Otherperson"), normalize("Zarif")) is None


@pytest.mark.parametrize("text,phrase,code", [
    ("Vladimr Putin met the envoy in Sochi.", "Vladimr Putin", "RUSGOV"),
    ("Mohamad Javad Zarif flew to Vienna on Monday.", "Mohamad Javad Zarif", "IRNGOV"),
])
def test_misspelt_person_resolves_by_spelling(nlp, kb, text, phrase, code) -> None:
    doc, mentions = resolve(nlp, kb, text, "2015-07-14")
    assert covering(doc, mentions, phrase).actor.code == code


def test_definite_title_refers_to_the_person_holding_it(nlp, kb) -> None:
    text = "Russian Foreign Minister Sergei Lavrov arrived in Vienna on Friday. The minister said talks would go on."
    doc, mentions = resolve(nlp, kb, text, "2015-11-14")
    minister = covering(doc, mentions, "minister").actor  # the lower-case one: "The minister"
    assert minister.code == "RUSGOV" and minister.name and "Lavrov" in minister.name
    doc, mentions = resolve(nlp, kb, "The president condemned the attack.", "2015-11-14")
    assert covering(doc, mentions, "president").actor.country is None  # no one to refer to
