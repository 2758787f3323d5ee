from __future__ import annotations

import pytest

from accord.nlp.model import parse_texts, split_text


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
