"""The token index of mentions and text records: one overlap rule, char <-> token (no model)."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from accord.nlp import deps
from accord.nlp.mentions import ActorMention, MentionIndex, TokenIndex, char_tokens
from accord.records import Actor
from tests.nlp.docs import parse, word

DOC = parse("""
    Syria       PROPN/NNP  poss      2  GPE
    's          PART/POS   case      0
    army        NOUN/NN    nsubj     3
    shelled     VERB/VBD   ROOT      3
    Aleppo      PROPN/NNP  dobj      3  GPE
""")


def mention(start: int, end: int, text: str = "x") -> ActorMention:
    return ActorMention(start, end, Actor(start, end, text), "country")


def test_where_mentions_overlap_a_token_belongs_to_the_first_given():
    outer, inner = mention(0, 3, "Syria's army"), mention(0, 1, "Syria")
    index = MentionIndex([outer, inner])
    assert index[0] is outer and index.get(2) is outer
    assert index.all_at(0) == [outer, inner]
    assert 4 not in index and index.get(4) is None
    assert index.covering(0, 1) == [outer, inner]
    assert index.covering(0, 3) == [outer]
    assert index.overlapping(2, 5) == [outer]
    assert list(index.all) == [outer, inner]


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(1, 6)), max_size=12))
def test_the_overlap_rule_holds_for_any_mentions(ranges):
    mentions = [mention(start, start + size) for start, size in ranges]
    index = MentionIndex(mentions)
    for i in range(40):
        first = next((m for m in mentions if m.start <= i < m.end), None)
        assert index.get(i) is first
        assert index.all_at(i) == [m for m in mentions if m.start <= i < m.end]
    for start, size in ranges:
        end = start + size
        assert [id(m) for m in index.covering(start, end)] == \
            [id(m) for m in mentions if m.start <= start and end <= m.end]
        assert {id(m) for m in index.overlapping(start, end)} == \
            {id(m) for m in mentions if m.start < end and start < m.end}


@dataclass
class Place:
    start: int
    end: int


def test_records_with_character_offsets_are_indexed_by_the_tokens_they_touch():
    aleppo = word(DOC, "Aleppo")
    place = Place(aleppo.idx + 1, aleppo.idx + 3)  # inside the word: the whole token counts
    index = TokenIndex.over_text(DOC, [place])
    assert index[aleppo.i] is place and len(index) == 1
    assert char_tokens(DOC, 0, len("Syria's")) == range(0, 2)
    assert char_tokens(DOC, len(DOC.text) + 5, len(DOC.text) + 9) == range(0)


def test_nearest_finds_the_mention_below_a_head_along_the_allowed_labels():
    syria = mention(0, 1, "Syria")
    index = MentionIndex([syria])
    army = word(DOC, "army")
    assert index.nearest(army) is syria
    assert index.nearest(army, through=deps.NOUN_MODIFIERS) is syria
    assert index.nearest(army, not_through=frozenset({deps.POSS})) is None
    assert index.nearest(army, hops=1) is None
    assert index.nearest(word(DOC, "Aleppo")) is None
