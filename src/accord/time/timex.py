"""The times layer: time expressions of a parsed document, typed and normalised (TIMEX3).

:func:`find_times` tokenizes the text its own way, finds expressions with the grammar
(:mod:`accord.time.grammar`), and gives each a TIMEX3 type and value
(:mod:`accord.time.normalize`) relative to the document date, reading the direction
of the governing verb from the spaCy parse (:mod:`accord.time.tense`). The parse also
settles a few ambiguous words ("May" the month or the modal; is "2000" a year, by
spaCy's DATE entities).

dateparser is not used: its relative dates count from the clock, not from a document
date with a tense, and every absolute form news uses is a fixed token pattern here.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import deque
from datetime import date
from functools import lru_cache

from spacy.tokens import Doc

from accord.records import Time
from accord.time.calendar import Point, add, parse_value
from accord.time.grammar import Grammar, Hints, Match, Tok, classify, merge_spelled_years, select, tokenize
from accord.time.lexicon import load_lexicon
from accord.time.normalize import RULES, Context, count, unit_of
from accord.time.tense import direction

FOCUS_SENTENCES = 2  # how many sentences back the narrative's time is remembered


@lru_cache(maxsize=1)
def _grammar() -> Grammar:
    return Grammar(load_lexicon())


def parse_anchor(value: str | None) -> date | None:
    """The document date as a ``date`` (None when missing or not ``YYYY-MM-DD``)."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


class _Parse:
    """Look up spaCy tokens and sentences by character offset."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.starts = [t.idx for t in doc]
        self.sent_starts = [s.start_char for s in doc.sents] if doc.has_annotation("SENT_START") else [0]

    def token(self, offset: int):
        i = bisect_right(self.starts, offset) - 1
        if i < 0:
            return None
        tok = self.doc[i]
        return tok if offset < tok.idx + len(tok.text) else None

    def tag(self, offset: int) -> str:
        tok = self.token(offset)
        return tok.tag_ if tok is not None else ""

    def ent(self, offset: int) -> str:
        tok = self.token(offset)
        return tok.ent_type_ if tok is not None else ""

    def sentence(self, offset: int) -> int:
        return bisect_right(self.sent_starts, offset) - 1


def find_times(doc: Doc, document_date: str | None) -> list[Time]:
    """Every time expression in ``doc``, normalised against ``document_date`` (YYYY-MM-DD)."""
    anchor = parse_anchor(document_date)
    parse = _Parse(doc)
    lex = load_lexicon()
    text = doc.text  # spaCy joins doc.text anew on every access: once per document, not per expression
    toks = tokenize(text)
    hints = Hints(tag=parse.tag, ent=parse.ent)
    classify(toks, lex, hints)
    toks = merge_spelled_years(toks, text, hints)
    candidates = _grammar().candidates(toks)
    by_first: dict[int, list[tuple[int, Match]]] = {}  # (rank, candidate) by first token: those inside a match
    for rank, c in enumerate(candidates):
        by_first.setdefault(c.toks[0].i, []).append((rank, c))
    pending = deque(select(candidates))
    results: list[tuple[Match, str, str]] = []
    history: list[tuple[int, Point]] = []  # (sentence, point) of the calendar times so far, in text order
    while pending:
        m = pending.popleft()
        sent = parse.sentence(m.start)
        focus = history[-1][1] if history and sent - history[-1][0] <= FOCUS_SENTENCES else None
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        first = m.toks[0]
        prev_word = toks[first.i - 1].word if first.i else None
        next_tok = toks[m.toks[-1].i + 1] if m.toks[-1].i + 1 < len(toks) else None
        ctx = Context(anchor=anchor, direction=direction(span, prev_word) if span is not None else None,
                      focus=focus, lex=lex, next_tok=next_tok)
        result = RULES[m.rule](m, ctx)
        if result is None:  # no value after all: the best shorter candidates inside it instead
            pending.extendleft(reversed(select(_inside(m, by_first))))
            continue
        kind, value = result
        results.append((m, kind, value))
        point = parse_value(value) if kind in ("DATE", "TIME") and not ctx.anaphoric else None
        if point is not None:
            history.append((sent, point))
    _date_complements(results)
    return [Time(id=f"t{i}", start=m.start, end=m.end, text=text[m.start:m.end], type=kind, value=value)
            for i, (m, kind, value) in enumerate(results, start=1)]


def _inside(m: Match, by_first: dict[int, list[tuple[int, Match]]]) -> list[Match]:
    """The candidates within ``m`` but not ``m`` itself, best first (in their rank order)."""
    inside = [(rank, c) for i in range(m.toks[0].i, m.toks[-1].i + 1) for rank, c in by_first.get(i, ())
              if c.end <= m.end and (c.start, c.end) != (m.start, m.end)]
    return [c for _, c in sorted(inside, key=lambda rc: rc[0])]


def _date_complements(results: list[tuple[Match, str, str]]) -> None:
    """"two days before Christmas", "the day before last Tuesday": count from the dated complement, in place."""
    for i in range(len(results) - 1):
        m, kind, _ = results[i]
        nxt, _, next_value = results[i + 1]
        last: Tok = m.toks[-1]
        if m.rule not in ("count", "unit_before") or kind != "DATE" or last.word not in ("before", "after") \
                or nxt.toks[0].i != last.i + 1:
            continue
        point = parse_value(next_value)
        unit = unit_of(m)
        n, known = count(m) if m.rule == "count" else (1, True)  # "the day before last Tuesday"
        n = round(n) if known and n is not None else None
        if point is None or unit is None or n is None or unit not in ("D", "W", "M", "Y"):
            continue
        sign = -1 if last.word == "before" else 1
        gran = point.gran if point.gran in ("D", "W", "M", "Y") else "D"
        shifted = Point.of(add(point.start, sign * n, unit), gran)
        results[i] = (m, kind, shifted.value())
