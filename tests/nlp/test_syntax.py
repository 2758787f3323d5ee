"""The syntax rules of accord.nlp.syntax and repair, on parses built by hand (no model)."""

from __future__ import annotations

import pytest

from accord.nlp.repair import main_clause_subject, swallowed_subject
from accord.nlp.syntax import (EVENT_ROLE, SPEAKER, SubjectRule, agent_objects, clause_tokens, coordinated,
                               event_clause, is_passive_subject, modified_noun, objects_of, phrase_extent,
                               prep_objects, subject_of, trigger_root)
from accord.records import Event, Span
from tests.nlp.docs import parse, word

ACTIVE = parse("""
    Russia    PROPN/NNP  nsubj  1  GPE
    attacked  VERB/VBD   ROOT   1
    Turkey    PROPN/NNP  dobj   1  GPE
    .         PUNCT/.    punct  1
""")
PASSIVE = parse("""
    Turkey    PROPN/NNP  nsubjpass  2  GPE
    was       AUX/VBD    auxpass    2
    attacked  VERB/VBN   ROOT       2
    by        ADP/IN     agent      2
    Russia    PROPN/NNP  pobj       3  GPE
""")
FRONTED = parse("""
    After     ADP/IN     mark   2
    gunmen    NOUN/NNS   nsubj  2
    attacked  VERB/VBD   ROOT   2
    a         DET/DT     det    4
    church    NOUN/NN    dobj   2
    in        ADP/IN     prep   4
    Lagos     PROPN/NNP  pobj   5  GPE
    ,         PUNCT/,    punct  6
    Nigerian  ADJ/JJ     amod   9  NORP
    ministers NOUN/NNS   conj   6
    met       VERB/VBD   conj   2
""")
RELATIVE = parse("""
    ministers NOUN/NNS   nsubj  5
    who       PRON/WP    nsubj  2
    met       VERB/VBD   relcl  0
    in        ADP/IN     prep   2
    Vienna    PROPN/NNP  pobj   3  GPE
    agreed    VERB/VBD   ROOT   5
    on        ADP/IN     prep   5
    Saturday  PROPN/NNP  pobj   6  DATE
""")


def test_subject_of_an_active_verb_is_its_subject_for_every_reader():
    verb = word(ACTIVE, "attacked")
    assert subject_of(verb).text == "Russia"
    assert subject_of(verb, SPEAKER).text == "Russia"
    assert not is_passive_subject(subject_of(verb))


def test_subject_of_a_passive_verb_is_the_undergoer_for_events_and_the_agent_for_speakers():
    verb = word(PASSIVE, "attacked")
    subject = subject_of(verb, EVENT_ROLE)
    assert subject.text == "Turkey" and is_passive_subject(subject)
    assert subject_of(verb, SPEAKER).text == "Russia"
    assert [t.text for t in agent_objects(verb)] == ["Russia"]


def test_a_passive_cue_without_agent_has_no_speaker():
    doc = parse("""
        he    PRON/PRP  nsubjpass  3
        has   AUX/VBZ   aux        3
        been  AUX/VBN   auxpass    3
        told  VERB/VBN  ROOT       3
    """)
    assert subject_of(doc[3], SPEAKER) is None
    assert subject_of(doc[3], EVENT_ROLE).text == "he"


def test_a_clausal_subject_counts_for_events_not_for_speakers():
    doc = parse("""
        What     PRON/WP   dobj   2
        he       PRON/PRP  nsubj  2
        said     VERB/VBD  csubj  3
        angered  VERB/VBD  ROOT   3
        them     PRON/PRP  dobj   3
    """)
    assert subject_of(doc[3], EVENT_ROLE).text == "said"
    assert subject_of(doc[3], SPEAKER) is None
    assert subject_of(doc[2], SPEAKER).text == "he"


def test_a_coordinated_verb_inherits_its_heads_subject_only_when_the_rule_says_so():
    doc = parse("""
        Rebels    NOUN/NNS  nsubj  1
        attacked  VERB/VBD  ROOT   1
        and       CCONJ/CC  cc     1
        burned    VERB/VBD  conj   1
        the       DET/DT    det    5
        town      NOUN/NN   dobj   3
    """)
    burned = word(doc, "burned")
    assert subject_of(burned, EVENT_ROLE).text == "Rebels"
    assert subject_of(burned, SPEAKER).text == "Rebels"
    assert subject_of(burned, SubjectRule()) is None  # the verb's own subject only


def test_subject_inheritance_climbs_at_most_the_rules_hops():
    doc = parse("""
        Iran   PROPN/NNP  nsubj  1
        wants  VERB/VBZ   ROOT   1
        to     PART/TO    aux    3
        try    VERB/VB    xcomp  1
        to     PART/TO    aux    5
        agree  VERB/VB    xcomp  3
        to     PART/TO    aux    7
        plan   VERB/VB    xcomp  5
        to     PART/TO    aux    9
        meet   VERB/VB    xcomp  7
    """)
    assert subject_of(word(doc, "plan")).text == "Iran"  # plan, agree, try, wants: four verbs
    assert subject_of(word(doc, "meet")) is None  # five
    assert subject_of(word(doc, "meet"), SubjectRule(shares=EVENT_ROLE.shares, hops=5)).text == "Iran"


def test_an_adjective_complement_passes_its_subject_to_event_roles():
    doc = parse("""
        France    PROPN/NNP  nsubj  1
        is        AUX/VBZ    ROOT   1
        prepared  ADJ/JJ     acomp  1
        to        PART/TO    aux    4
        send      VERB/VB    xcomp  2
        troops    NOUN/NNS   dobj   4
    """)
    assert subject_of(word(doc, "send"), EVENT_ROLE).text == "France"
    assert subject_of(word(doc, "send"), SPEAKER) is None


def test_a_relative_clause_takes_the_noun_it_modifies():
    met = word(RELATIVE, "met")
    assert subject_of(met, EVENT_ROLE).text == "ministers"  # "who" stands for the ministers
    assert subject_of(met, SPEAKER).text == "who"  # the speaker finder keeps the pronoun
    doc = parse("""
        the      DET/DT    det   1
        man      NOUN/NN   ROOT  1
        accused  VERB/VBN  acl   1
    """)
    assert subject_of(doc[2], SPEAKER).text == "man"
    assert subject_of(doc[2], EVENT_ROLE) is None


def test_a_clause_on_an_object_takes_the_subject_of_the_objects_verb():
    doc = parse("""
        Iran       PROPN/NNP  nsubj  1
        issued     VERB/VBD   ROOT   1
        a          DET/DT     det    3
        statement  NOUN/NN    dobj   1
        demanding  VERB/VBG   acl    3
        talks      NOUN/NNS   dobj   4
    """)
    assert subject_of(word(doc, "demanding"), EVENT_ROLE).text == "Iran"
    assert subject_of(word(doc, "demanding"), SPEAKER).text == "statement"


def test_a_headline_misread_as_a_compound_still_has_its_subject():
    doc = parse("""
        Assad  PROPN/NNP  compound  1
        means  VERB/VBZ   ROOT      1
    """)
    assert subject_of(doc[1], EVENT_ROLE).text == "Assad"
    assert subject_of(doc[1], SPEAKER) is None


def test_the_repair_finds_the_main_clause_subject_swallowed_by_a_fronted_clause():
    met = word(FRONTED, "met")
    ministers = word(FRONTED, "ministers")
    assert main_clause_subject(met) is ministers or main_clause_subject(met).i == ministers.i
    assert subject_of(met, EVENT_ROLE).text == "ministers"
    assert subject_of(met, SPEAKER).text == "ministers"
    assert subject_of(met, SubjectRule(repair=False)) is None
    assert swallowed_subject(ministers)
    assert not swallowed_subject(word(FRONTED, "Lagos"))
    assert [t.text for t in coordinated(word(FRONTED, "Lagos"))] == ["Lagos"]


def test_no_repair_without_a_subordinator():
    doc = parse("""
        gunmen    NOUN/NNS   nsubj  1
        attacked  VERB/VBD   ROOT   1
        Lagos     PROPN/NNP  dobj   1
        ,         PUNCT/,    punct  2
        ministers NOUN/NNS   conj   2
        met       VERB/VBD   conj   1
    """)
    assert main_clause_subject(word(doc, "met")) is None
    assert [t.text for t in coordinated(word(doc, "Lagos"))] == ["Lagos", "ministers"]


def test_objects_of_reads_objects_and_the_given_prepositions_through_particles():
    doc = parse("""
        Syria    PROPN/NNP  nsubj  1
        handed   VERB/VBD   ROOT   1
        over     ADP/RP     prt    1
        weapons  NOUN/NNS   dobj   1
        to       ADP/IN     prep   2
        Britain  PROPN/NNP  pobj   4
        in       ADP/IN     prep   1
        Damascus PROPN/NNP  pobj   6
    """)
    handed = word(doc, "handed")
    assert [t.text for t in objects_of(handed, {"to"})] == ["weapons", "Britain"]
    assert [t.text for t in objects_of(handed, ())] == ["weapons"]
    assert [t.text for t in prep_objects(handed, {"in", "to"})] == ["Damascus"]  # not under the particle
    assert [t.text for t in objects_of(word(ACTIVE, "attacked"), {"to"})] == ["Turkey"]


def test_phrase_extent_stops_at_clauses_and_trailing_punctuation():
    doc = parse("""
        Mali         PROPN/NNP  poss      3  GPE
        's           PART/POS   case      0
        opposition   NOUN/NN    compound  3
        leader       NOUN/NN    nsubj     8
        ,            PUNCT/,    punct     3
        who          PRON/WP    nsubj     6
        fled         VERB/VBD   relcl     3
        ,            PUNCT/,    punct     3
        said         VERB/VBD   ROOT      8
    """)
    assert phrase_extent(word(doc, "leader")) == (0, 3)


def test_phrase_extent_cuts_a_swallowed_next_subject():
    assert phrase_extent(word(FRONTED, "church")) == (3, 6)  # "a church in Lagos", not "... Nigerian ministers"


def test_clause_tokens_stay_out_of_the_clauses_below():
    assert clause_tokens([word(RELATIVE, "agreed")]) == {0, 5, 6, 7}
    assert clause_tokens([word(RELATIVE, "met")]) == {1, 2, 3, 4}


def _event(doc, first: int, last: int) -> Event:
    words = doc[first : last + 1]
    return Event(id="ev1", sentence=0, trigger=Span(words.start_char, words.end_char, words.text), cameo="036",
                 cameo_name="", plover=None, plover_mode=None, goldstein=None, quad_class=None)


def test_an_events_clause_and_root_come_from_its_trigger():
    event = _event(RELATIVE, 5, 5)
    assert trigger_root(RELATIVE, event).text == "agreed"
    assert event_clause(RELATIVE, event) == {0, 5, 6, 7}
    composed = _event(RELATIVE, 2, 5)  # a trigger spanning both verbs joins both clauses
    assert event_clause(RELATIVE, composed) == {0, 1, 2, 3, 4, 5, 6, 7}


@pytest.mark.parametrize("table,expected", [
    ("""
        the      DET/DT    det    1
        attacks  NOUN/NNS  ROOT   1
        claimed  VERB/VBN  acl    1
        by       ADP/IN    agent  2
        IS       PROPN/NNP pobj   3
    """, "attacks"),
    ("""
        They       PRON/PRP   nsubj  1
        condemned  VERB/VBD   ROOT   1
        the        DET/DT     det    3
        attacks    NOUN/NNS   dobj   1
        in         ADP/IN     prep   3
        Paris      PROPN/NNP  pobj   4
        ,          PUNCT/,    punct  1
        claimed    VERB/VBN   advcl  1
        by         ADP/IN     agent  7
        IS         PROPN/NNP  pobj   8
    """, "attacks"),
    ("""
        IS       PROPN/NNP  nsubj  1
        claimed  VERB/VBN   ROOT   1
        it       PRON/PRP   dobj   1
    """, None),
])
def test_modified_noun_of_a_bare_participle(table, expected):
    doc = parse(table)
    noun = modified_noun(word(doc, "claimed"))
    assert (noun.text if noun is not None else None) == expected
