"""Toponyms in a parsed document, resolved against the gazetteer (``places.v1``).

Spans come from spaCy's GPE / LOC / FAC entities, from the dateline ("VIENNA, AUSTRIA"),
from gazetteer matches of capitalised proper nouns that the parser left untagged (only
well-known places there: countries, US states, regions, cities of 100,000 or more; but any
town where the parser took the object of a locative preposition for a person or an
organisation: "from Dewsbury", "in Riverdale"), and from demonyms that modify a noun
("Russian jets", "European leaders": the country or region, as GeoWebNews annotates them).
A demonym that names people ("the Russians", "a Nigerian") is no place; every demonym adds
its country to the context.

Each span is resolved to the best-scoring gazetteer entry:

- prior: countries 8.5, regions 8, US states 6.5, other provinces 5, cities log10(population)
  (+1 for a capital); a match by an alternate name ("Kiev") costs 2 (0.5 when it is part of
  the name, nothing for "New York" as New York City);
- context: +1.5 when the entry's country is in the document's context (countries and
  states named, demonyms, the dateline's country, then the countries of the places
  resolved in a first pass), +2 when its US state is; +4 when the span is qualified by
  the next one ("Paris, Texas", "Vienna, Austria") and the entry lies there.

A span the gazetteer does not know (a street, a building) is kept as feature ``other``
with no country or coordinates.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from spacy.tokens import Doc

from accord.geo.gazetteer import Entry, Gazetteer, normalize
from accord.records import Dateline, Place

PLACE_LABELS = {"GPE", "LOC", "FAC"}
BLOCK_LABELS = {"PERSON", "NORP", "ORG", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT", "LANGUAGE",
                "DATE", "TIME", "MONEY", "QUANTITY", "PERCENT", "CARDINAL", "ORDINAL"}
MIN_UNTAGGED_POP = 100_000
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "npadvmod"})
LOCATIVE_PREPS = frozenset({"in", "near", "outside", "from", "across", "through", "into", "around"})
MISTAGGED = frozenset({"ORG", "PERSON", "PRODUCT", "NORP", "WORK_OF_ART"})
MAX_NGRAM = 4
LEAD = ("the ", "The ")
_TRAIL = ("'s", "’s")


@dataclass
class Candidate:
    start: int
    end: int
    text: str
    entries: list[tuple[Entry, bool]]
    qualifier: list[tuple[Entry, bool]] | None = None  # the place after ", "


def _prior(entry: Entry, alt: bool, key: str = "") -> float:
    if entry.feature == "country":
        score = 8.5
    elif entry.feature == "region":
        score = 8.0
    elif entry.feature == "admin":  # a province loses to a big city of its name ("Aleppo")
        score = 6.5 if _us_state(entry) else 5.0
    else:
        score = math.log10(entry.population + 10) + (1.0 if entry.capital else 0.0)
    if alt and normalize(entry.name) != f"{key} city":  # "New York" is New York City's name too
        score -= 0.5 if key and key in normalize(entry.name) else 2.0  # less than "Liverpool" for Washington, IN
    return score


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading "the" and a trailing possessive from a span."""
    span = text[start:end]
    for lead in LEAD:
        if span.startswith(lead):
            start += len(lead)
            span = span[len(lead):]
    for trail in _TRAIL:
        if span.endswith(trail):
            end -= len(trail)
            span = span[: -len(trail)]
    return start, end


def _us_state(entry: Entry) -> bool:
    """US states are matched untagged; other countries' provinces only where the parser tags them."""
    return entry.feature == "admin" and (entry.admin1 or "").startswith("US-")


Found = Iterable[tuple[int, int, list[tuple[Entry, bool]]]]  # (start, end, gazetteer entries) of each span
Hit = tuple[int, int, list[tuple[Entry, bool]], int]  # a span found at a token, and how many tokens it takes


def _untagged(doc: Doc, gaz: Gazetteer, taken: list[bool]) -> Found:
    """Gazetteer matches of capitalised proper nouns outside any entity."""
    blocked = [False] * len(doc)
    located = [False] * len(doc)  # the object of a locative preposition: any town of the gazetteer will do
    for ent in doc.ents:
        if ent.label_ in ("NORP", "ORG") and gaz.demonym(ent.text) is None and any(
                not alt and (e.feature in ("country", "region") or _us_state(e) or e.population >= MIN_UNTAGGED_POP)
                for e, alt in gaz.lookup(ent.text)):
            continue  # a place the tagger took for a group or an organisation ("Aleppo" as NORP)
        root = ent.root
        if ent.label_ in MISTAGGED and root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS \
                and any(not alt for _, alt in gaz.lookup(ent.text)):
            for i in range(ent.start, ent.end):  # "from Dewsbury" (ORG), "in Riverdale" (PERSON)
                located[i] = True
            continue
        if ent.label_ in BLOCK_LABELS:
            for i in range(ent.start, ent.end):
                blocked[i] = True

    def match(i: int) -> Hit | None:
        tok = doc[i]
        if taken[i] or blocked[i] or not tok.text[:1].isupper() or tok.pos_ not in ("PROPN", "NOUN", "ADJ"):
            return None
        for n in range(min(MAX_NGRAM, len(doc) - i), 0, -1):
            toks = doc[i:i + n]
            if any(taken[j] or blocked[j] for j in range(i, i + n)) or not toks[-1].text[:1].isupper():
                continue
            entries = gaz.lookup(toks.text)
            good = [(e, alt) for e, alt in entries if not alt and (
                e.feature in ("country", "region") or _us_state(e) or e.population >= MIN_UNTAGGED_POP
                or all(located[j] for j in range(i, i + n)))]
            if good and gaz.demonym(toks.text) is None:
                if tok.is_sent_start and n == 1 and all(e.feature == "city" for e, _ in good):
                    continue
                return toks.start_char, toks.end_char, entries, n
        return None

    return _scan(doc, match)


def _scan(doc: Doc, match: Callable[[int], Hit | None]) -> Found:
    """Matches left to right, each past the last: ``match(i)`` gives (start, end, entries, tokens) or None."""
    i = 0
    while i < len(doc):
        found = match(i)
        if found:
            yield found[:3]
            i += found[3]
        else:
            i += 1


def _demonym_modifiers(doc: Doc, gaz: Gazetteer, taken: list[bool]) -> Found:
    """Demonyms used as places: modifiers of a noun ("Russian jets", "European leaders").

    A demonym that names people ("the Russians", "a Nigerian", "they were British") is no place.
    """

    def match(i: int) -> Hit | None:
        for n in (2, 1):
            toks = doc[i:i + n]
            if len(toks) < n or any(taken[j] for j in range(i, i + n)) or not toks.text[:1].isupper():
                continue
            entry = gaz.demonym(toks.text)
            if entry is not None and toks[-1].tag_ not in ("NNS", "NNPS") and _modifies(toks[-1]):
                return toks.start_char, toks.end_char, [(entry, False)], n
        return None

    return _scan(doc, match)


def _modifies(tok) -> bool:
    if tok.dep_ in MODIFIER_DEPS and tok.head.i > tok.i:
        return True
    return tok.dep_ == "conj" and tok.head.dep_ in MODIFIER_DEPS  # "German, Irish and other immigrants"


def _dateline_spans(text: str, dateline: Dateline) -> list[tuple[int, int]]:
    """Where the dateline's place names ("VIENNA", "AUSTRIA") sit in its line."""
    if not dateline.place:
        return []
    line_start = text.rfind("\n", 0, dateline.end) + 1
    line = text[line_start:dateline.end].lower()
    spans = []
    pos = 0
    for part in dateline.place.split(","):
        part = part.strip()
        if not part:
            continue
        at = line.find(part.lower(), pos)
        if at >= 0:
            spans.append((line_start + at, line_start + at + len(part)))
            pos = at + len(part)
    return spans


def find_candidates(doc: Doc, gaz: Gazetteer, dateline: Dateline | None = None) -> list[Candidate]:
    text = doc.text
    taken = [False] * len(doc)
    raw: list[tuple[int, int]] = []
    if dateline is not None:
        for start, end in _dateline_spans(text, dateline):
            raw.append((start, end))
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                for i in range(span.start, span.end):
                    taken[i] = True
    for ent in doc.ents:
        if ent.label_ not in PLACE_LABELS or any(taken[i] for i in range(ent.start, ent.end)):
            continue
        start, end = _trim(text, ent.start_char, ent.end_char)
        if end <= start:
            continue
        raw.append((start, end))
        for i in range(ent.start, ent.end):
            taken[i] = True
    out = [Candidate(s, e, text[s:e], gaz.lookup(text[s:e])) for s, e in raw]
    out += [Candidate(s, e, text[s:e], entries) for s, e, entries in _untagged(doc, gaz, taken)]
    for c in out:
        span = doc.char_span(c.start, c.end, alignment_mode="expand")
        for j in range(span.start, span.end) if span is not None else ():
            taken[j] = True
    out += [Candidate(s, e, text[s:e], entries) for s, e, entries in _demonym_modifiers(doc, gaz, taken)]
    out.sort(key=lambda c: c.start)
    for a, b in zip(out, out[1:]):  # "Paris, Texas": the second names where the first lies
        if text[a.end:b.start].strip() == "," and any(e.feature in ("country", "admin") for e, _ in b.entries):
            a.qualifier = b.entries
    return out


Context = dict[str, set[str]]  # a country ISO3 or US state "US-TX" -> the names that put it there


def _note(ctx: Context, key: str | None, source: str) -> None:
    if key:
        ctx.setdefault(key, set()).add(source)


def _context(doc: Doc, gaz: Gazetteer, cands: list[Candidate], dateline: Dateline | None) -> tuple[Context, Context]:
    countries: Context = {}
    admins: Context = {}
    for c in cands:
        exact = [e for e, alt in c.entries if not alt and e.feature in ("country", "admin")]
        if len(exact) == 1:
            _note(countries, exact[0].country, normalize(c.text))
            _note(admins, exact[0].admin1, normalize(c.text))
    for ent in doc.ents:
        if ent.label_ == "NORP":
            dem = gaz.demonym(ent.text)
            if dem is not None:
                _note(countries, dem.country, "")
    if dateline is not None and dateline.place:
        for part in dateline.place.split(","):
            for e, alt in gaz.lookup(part):
                if not alt and e.feature in ("country", "admin"):
                    _note(countries, e.country, "")
                    _note(admins, e.admin1, "")
    return countries, admins


def _in(ctx: Context, key: str | None, own: str) -> bool:
    """Whether ``key`` is in the context put there by some name other than the span's own."""
    return bool(key) and bool(ctx.get(key, set()) - {own})


def _resolve(c: Candidate, countries: Context, admins: Context) -> Entry | None:
    best, best_score = None, -math.inf
    quals = [e for e, _ in c.qualifier] if c.qualifier else []
    own = normalize(c.text)
    for entry, alt in c.entries:
        score = _prior(entry, alt, own)
        if _in(countries, entry.country, own):
            score += 1.5
        if _in(admins, entry.admin1, own):
            score += 2.0
        for q in quals:
            if (q.feature == "country" and q.country == entry.country and entry.feature != "country") or (
                    q.feature == "admin" and q.admin1 == entry.admin1 and entry.feature == "city"):
                score += 4.0
                break
        if score > best_score:
            best, best_score = entry, score
    return best


def find_places(doc: Doc, gaz: Gazetteer, dateline: Dateline | None = None) -> list[Place]:
    cands = find_candidates(doc, gaz, dateline)
    countries, admins = _context(doc, gaz, cands, dateline)
    first = [_resolve(c, countries, admins) for c in cands]
    for c, e in zip(cands, first):  # second pass: where the places of the first pass lie
        if e is not None and e.feature != "region":
            _note(countries, e.country, normalize(c.text))
            if e.feature == "admin" or _us_state(e) or (e.admin1 or "").startswith("US-"):
                _note(admins, e.admin1, normalize(c.text))  # a province named; US cities name their state
    places = []
    for n, c in enumerate(cands, 1):
        e = _resolve(c, countries, admins)
        if e is None:
            places.append(Place(id=f"p{n}", start=c.start, end=c.end, text=c.text, name=c.text, country=None,
                                lat=None, lon=None, geonameid=None, feature="other"))
        else:
            places.append(Place(id=f"p{n}", start=c.start, end=c.end, text=c.text, name=_name(e, c),
                                country=e.country, lat=e.lat, lon=e.lon, geonameid=e.geonameid, feature=e.feature))
    return places


def _name(entry: Entry, cand: Candidate) -> str:
    """The place's name: GeoNames' own, unless that is written in another alphabet's
    transliteration ("Ḩalab") and the text used an English alternate name ("Aleppo")."""
    if entry.name.isascii() or not any(e is entry and alt for e, alt in cand.entries):
        return entry.name
    return cand.text.title() if cand.text.isupper() else cand.text


__all__ = ["find_places", "find_candidates", "normalize"]
