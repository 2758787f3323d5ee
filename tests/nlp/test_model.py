from __future__ import annotations

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

from accord.demo import long_sample_text
from accord.nlp.model import MAX_SENTENCE_TOKENS, parse_texts, sentence_cap, split_text


@pytest.fixture(scope="module")
def blank_en():
    return spacy.blank("en")  # tokenizer only: the cap needs no model


@pytest.mark.parametrize("limit", [10, 37, 100])
def test_split_text_pieces_rebuild_the_text_and_respect_the_limit(limit):
    text = "First paragraph here.\n\nSecond one is a bit longer. It has two sentences.\nA line.\n\n" * 5
    pieces = split_text(text, limit)
    assert "".join(pieces) == text
    assert all(len(p) <= limit for p in pieces)
    assert len(pieces) > 1


def test_split_text_short_text_is_one_piece():
    assert split_text("short", 100) == ["short"]


def test_parse_long_text_keeps_offsets(res, monkeypatch):
    import accord.nlp.model as model

    monkeypatch.setattr(model, "CHUNK_CHARS", 200)
    text = "Rebels attacked the town of Homs.\n\nThe army said it repelled them.\n\n" * 12
    [doc] = list(model.parse_texts(res.nlp, [text]))
    assert doc.text == text
    starts = {s.start_char for s in doc.sents}
    assert text.index("The army") in starts


def test_line_breaks_start_sentences(res):
    [doc] = list(parse_texts(res.nlp, ["Kerry says talks will go on\n\nThe minister met rebels."]))
    assert [s.text.strip() for s in doc.sents] == ["Kerry says talks will go on", "The minister met rebels."]


WORDS = st.sampled_from(["the", "army", "said", "Kerry", ",", ".", ";", "?", "-", "and", "'s", "talks"])


@given(words=st.lists(WORDS, max_size=900), preset=st.sets(st.integers(min_value=0, max_value=899), max_size=6))
@settings(max_examples=60, deadline=None)
def test_sentence_cap_bounds_every_sentence_and_keeps_the_starts_set(blank_en, words, preset):
    doc = Doc(blank_en.vocab, words=words)
    preset = {i for i in preset if i < len(words)}
    for i in preset:  # what accord_line_breaks sets before the cap
        doc[i].is_sent_start = True
    text = doc.text
    sentence_cap(doc)
    starts = [t.i for t in doc if t.is_sent_start] + [len(doc)]
    assert doc.text == text
    assert preset <= set(starts)
    assert all(b - a <= MAX_SENTENCE_TOKENS for a, b in zip(starts, starts[1:]))
    runs = [b - a for a, b in zip(sorted({0, *preset, len(doc)}), sorted({0, *preset, len(doc)})[1:])]
    if all(r <= MAX_SENTENCE_TOKENS for r in runs):
        assert set(starts[:-1]) <= {0, *preset}, "a text within the cap is left as it is"


def test_sentence_cap_cuts_after_the_last_sentence_end(blank_en):
    words = ["word"] * 150 + ["."] + ["word"] * 100
    doc = Doc(blank_en.vocab, words=words)
    sentence_cap(doc)
    assert [t.i for t in doc if t.is_sent_start] == [0, 151]


def test_a_long_text_without_punctuation_or_breaks_has_short_exact_sentences(res, monkeypatch):
    import accord.nlp.model as model

    monkeypatch.setattr(model, "CHUNK_CHARS", 5_000)  # several chunks, cut at spaces
    text = long_sample_text(3_000, breaks=False)
    assert "\n" not in text and "." not in text
    [doc] = list(parse_texts(res.nlp, [text]))
    assert doc.text == text
    assert max(len(s) for s in doc.sents) <= MAX_SENTENCE_TOKENS
    assert "".join(s.text_with_ws for s in doc.sents) == text


@given(text=st.text(alphabet=st.sampled_from("ab .\n"), max_size=400), limit=st.integers(min_value=4, max_value=60))
def test_split_text_rebuilds_any_text(text, limit):
    pieces = split_text(text, limit)
    assert "".join(pieces) == text
    assert all(len(p) <= limit for p in pieces)
