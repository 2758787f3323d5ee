"""Killed and injured counts (layer ``casualties.v1``), attached to the event they belong to.

A **count** is an optional modifier and a number: digits ("250,000", "1.5 million"),
spelled ("thirty-five", "two hundred"), "a dozen", a range ("between 10 and 15", "10 to
15") or a vague plural ("dozens"). It is read as ``Count(min, max, text)``:

- plain N: N..N; "about N", "some N", "an estimated N": N..N (the number reported);
- "at least N": N..open; "more than N", "over N": **N+1**..open (strictly more: "more than
  250,000" is min 250001, so it differs from "at least 250,000"; the text keeps the round figure);
- "up to N", "as many as N": open..N; "fewer than N", "nearly N", "almost N": open..N-1;
- vague plurals are at least two of their unit: "dozens" 24.., "scores" 40.., "hundreds"
  200.., "thousands" 2000.., "tens of thousands" 20000..; "several" 3.., "a few" 2..;
  "several dozen" is 36.. ("several" times the unit).

A count is a casualty count when a casualty word follows it across only victims and
auxiliaries ("129 people [were] killed", "129 people dead", "dozens of civilians were
wounded") or, for an active verb or a toll, precedes it ("killing at least 129", "the
death toll rose to 40"). The words are in ``data/casualties/``.

What it belongs to, first that applies:

- **a conflict** (``scope`` "conflict", no event): a cumulative toll, when its clause has
  "since", "so far", "to date" ..., or a perfect tense with a war or conflict noun
  ("250,000 people have been killed in the civil war"; "the war, which has killed ...");
- the violent event (CAMEO 145, 175, 18-20) whose trigger is the casualty word, else the
  violent event of the sentence that governs it in the parse, else the nearest one there;
- a violent incident named by a noun ("the attacks in Paris ... left at least 129 dead") is
  the violent event elsewhere in the document at the same place (the rampage through Paris).

Every count found is listed in ``analysis.casualties`` (with its event or conflict, or
neither); an event's ``fatalities`` / ``injured`` is its largest count of that kind.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from accord.datafiles import read_data
from accord.errors import DataFileError, Errors
from accord.nlp.syntax import clause_tokens, trigger_root, trigger_tokens
from accord.records import Analysis, Casualty, Count, Event, Place
from accord.records import Span as TextSpan

MAX_FILLERS = 6  # words between a count and the casualty word after it
MAX_TOLL_GAP = 8  # words between "toll" and its count
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+(?:\.\d+)?$")
_NUMBER_CLASSES = ("NUM", "SCALE", "DOZEN", "VAGUE")
_WORD_CLASSES = ("MOD", "KILLED", "INJURED", "TOLL", "FILLER", "CONFLICT", "CUMULATIVE", "INCIDENT", "CAMEO")


Table = dict[str, tuple[str, str]]  # word or phrase -> (class, value)


@dataclass(frozen=True)
class Lexicon:
    numbers: Table
    words: Table
    longest: int = 3
    violent: tuple[str, ...] = field(default=())

    def phrase_at(self, toks: list[Token], i: int, table: Table, cls: str) -> tuple[int, str] | None:
        """(end, value) of the longest phrase of ``cls`` starting at token ``i``."""
        for n in range(min(self.longest, len(toks) - i), 0, -1):
            key = " ".join(t.lower_ for t in toks[i:i + n])
            hit = table.get(key)
            if hit is not None and hit[0] == cls:
                return i + n, hit[1]
        return None

    def cls(self, tok: Token) -> str | None:
        hit = self.words.get(tok.lower_)
        return hit[0] if hit else None


def _table(builtin: str, classes: tuple[str, ...]) -> Table:
    text, name, _ = read_data(None, builtin)
    table: Table = {}
    problems = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 3 or cols[0] not in classes or not cols[1] or cols[1] != cols[1].lower():
            problems.append(Errors.A201.format(path=name, line=lineno, problem=(
                f"expected class<TAB>lower-case phrase<TAB>value with a class among {' '.join(classes)}")))
            continue
        table[cols[1]] = (cols[0], cols[2].strip())
    if problems:
        raise DataFileError(name, problems)
    return table


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    numbers = _table("casualties/numbers.tsv", _NUMBER_CLASSES)
    words = _table("casualties/words.tsv", _WORD_CLASSES)
    violent = tuple(k for k, (c, _) in words.items() if c == "CAMEO")
    longest = max(len(k.split()) for k in [*numbers, *words])
    return Lexicon(numbers=numbers, words=words, longest=longest, violent=violent)


# ---------------------------------------------------------------- counts


@dataclass
class Found:
    start: int  # token indices of the count phrase, end exclusive
    end: int
    min: int | None
    max: int | None


def _number(toks: list[Token], i: int, lex: Lexicon) -> tuple[int, float, bool] | None:
    """(end, value, vague) of a number at token ``i``: digits, spelled, "a dozen", "dozens"."""
    vague = lex.phrase_at(toks, i, lex.numbers, "VAGUE")
    if vague is not None:
        end, value = vague
        lo = int(value.split(":")[0])
        scale = _scale(toks, end, lex)  # "several hundred", "a few dozen"
        if scale is not None and lo < 12:
            return scale[0], lo * scale[1], True
        return end, float(lo), True
    word = toks[i].lower_
    if _DIGITS.match(word):
        value, j = float(word.replace(",", "")), i + 1
        scale = _scale(toks, j, lex)
        return (scale[0], value * scale[1], False) if scale else (j, value, False)
    if word in ("a", "an") or (word == "half" and i + 1 < len(toks) and toks[i + 1].lower_ == "a"):
        j = i + (2 if word == "half" else 1)
        scale = _scale(toks, j, lex)
        if scale is None:
            return None
        return scale[0], (0.5 if word == "half" else 1) * scale[1], False
    return _spelled(toks, i, lex)


def _scale(toks: list[Token], i: int, lex: Lexicon) -> tuple[int, float] | None:
    if i < len(toks):
        hit = lex.numbers.get(toks[i].lower_)
        if hit is not None and hit[0] in ("SCALE", "DOZEN"):
            return i + 1, float(hit[1])
    return None


def _spelled(toks: list[Token], i: int, lex: Lexicon) -> tuple[int, float, bool] | None:
    """"thirty-five", "two hundred and twelve", "three thousand": word by word."""
    total, current, j, seen = 0.0, 0.0, i, False
    while j < len(toks):
        word = toks[j].lower_
        hit = lex.numbers.get(word)
        if hit is not None and hit[0] == "NUM":
            current += float(hit[1])
        elif hit is not None and hit[0] in ("SCALE", "DOZEN") and seen:
            if float(hit[1]) >= 1000:
                total, current = total + max(current, 1) * float(hit[1]), 0.0
            else:
                current = max(current, 1) * float(hit[1])
        elif seen and word in ("-", "and") and j + 1 < len(toks) and toks[j + 1].lower_ in lex.numbers:
            j += 1
            continue
        else:
            break
        seen, j = True, j + 1
    return (j, total + current, False) if seen else None


def find_count(toks: list[Token], i: int, lex: Lexicon) -> Found | None:
    """The count phrase that starts at token ``i``, if one does."""
    mod, j = None, i
    hit = lex.phrase_at(toks, i, lex.words, "MOD")
    if hit is not None:
        j, mod = hit
    if j < len(toks) and toks[j].lower_ == "between" and mod is None:
        low = _number(toks, j + 1, lex)
        if low and low[0] < len(toks) and toks[low[0]].lower_ == "and":
            high = _number(toks, low[0] + 1, lex)
            if high:
                return Found(i, high[0], round(low[1]), round(high[1]))
    first = _number(toks, j, lex)
    if first is None:
        return None
    end, value, vague = first
    n = round(value)
    if vague:
        return Found(i, end, n, None)
    if end + 1 < len(toks) and toks[end].lower_ in ("to", "-", "–", "or"):  # "10 to 15", "10-15"
        second = _number(toks, end + 1, lex)
        if second is not None and not second[2] and second[1] > value:
            return Found(i, second[0], n, round(second[1]))
    lo, hi = {None: (n, n), "about": (n, n), "min": (n, None), "above": (n + 1, None),
              "max": (None, n), "below": (None, n - 1)}[mod]
    return Found(i, end, lo, hi)


# ---------------------------------------------------------------- pairing counts with casualty words


@dataclass
class Pair:
    count: Found
    word: Token  # the casualty word
    kind: str  # killed | injured
    start: int  # token span of the whole phrase
    end: int


def _casualty_kind(tok: Token, lex: Lexicon) -> str | None:
    cls = lex.cls(tok)
    return {"KILLED": "killed", "INJURED": "injured"}.get(cls or "")


def _is_filler(tok: Token, lex: Lexicon) -> bool:
    return lex.cls(tok) == "FILLER" or (tok.pos_ in ("NOUN", "PROPN", "ADJ") and _casualty_kind(tok, lex) is None)


def _forward(count: Found, toks: list[Token], lex: Lexicon, taken: set[int]) -> tuple[int, Token, str] | None:
    """"129 people [were] killed": the first casualty word after the count across fillers."""
    for k in range(count.end, min(len(toks), count.end + MAX_FILLERS + 1)):
        kind = _casualty_kind(toks[k], lex)
        if kind is not None:
            return k - count.end, toks[k], kind
        if k in taken or not _is_filler(toks[k], lex):
            return None
    return None


def _backward(count: Found, toks: list[Token], lex: Lexicon) -> tuple[int, Token, str] | None:
    """"killing [at least 129]", "the death toll rose to [40]": the word before the count."""
    toll = _toll(count, toks, lex)
    if toll is not None:
        return toll
    for k in range(count.start - 1, max(-1, count.start - MAX_TOLL_GAP - 2), -1):
        tok = toks[k]
        gap = count.start - 1 - k
        kind = _casualty_kind(tok, lex)
        if kind is not None:
            active = tok.pos_ == "VERB" and not any(c.dep_ == "auxpass" for c in tok.children) \
                and lex.words[tok.lower_][1] != "forward"
            return (gap, tok, kind) if active and gap == 0 else None
        if lex.cls(tok) != "FILLER":
            return None
    return None


def _toll(count: Found, toks: list[Token], lex: Lexicon) -> tuple[int, Token, str] | None:
    """"the death toll [from Saturday's earthquake] rose to 52": a toll noun before the count,
    with its own modifiers between, and no other verb than the toll's."""
    for k in range(count.start - 1, max(-1, count.start - MAX_TOLL_GAP - 1), -1):
        tok = toks[k]
        if lex.cls(tok) == "TOLL":
            return count.start - 1 - k, tok, "killed"
        if tok.text in (";", ":") or _casualty_kind(tok, lex) is not None or (
                tok.pos_ in ("VERB", "AUX") and lex.cls(tok) != "FILLER"):
            return None
    return None


def find_pairs(sent: Span, blocked: set[int], lex: Lexicon) -> list[Pair]:
    """Casualty counts of one sentence (``blocked``: tokens of time expressions)."""
    toks = list(sent)
    if not any(lex.cls(t) in ("KILLED", "INJURED", "TOLL") for t in toks):
        return []  # most sentences report no casualties: skip the count scan
    counts: list[Found] = []
    i = 0
    while i < len(toks):
        found = None if sent.start + i in blocked else find_count(toks, i, lex)
        if found is not None and not any(sent.start + k in blocked for k in range(found.start, found.end)) \
                and not (found.end < len(toks) and toks[found.end].lower_ in ("%", "percent", "per")):
            counts.append(found)
            i = found.end
        else:
            i += 1
    taken = {k for c in counts for k in range(c.start, c.end)}
    pairs = []
    for count in counts:
        options = [o for o in (_backward(count, toks, lex), _forward(count, toks, lex, taken)) if o is not None]
        if not options:
            continue
        _, word, kind = min(options, key=lambda o: o[0])
        at = word.i - sent.start
        end = max(count.end, at + 1)
        if at < count.start:  # "killing 21 [people]": the victims belong to the phrase
            while end < len(toks) and toks[end].pos_ in ("NOUN", "PROPN", "ADJ") \
                    and _casualty_kind(toks[end], lex) is None:
                end += 1
        pairs.append(Pair(count, word, kind, min(count.start, at) + sent.start, end + sent.start))
    return pairs


# ---------------------------------------------------------------- what a count belongs to


def _cumulative(pair: Pair, scene: _Scene) -> Token | None | bool:
    """The conflict noun of a cumulative toll (True if cumulative with none named), else None."""
    word, words, lex = pair.word, scene.words, scene.lex
    heads = [word] + ([word.head] if word.dep_ in ("relcl", "acl") else [])
    clause = clause_tokens(heads) | set(range(pair.start, pair.end))
    toks = sorted(clause)
    perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in word.children)
    conflict = next((words[i] for i in toks if lex.cls(words[i]) == "CONFLICT"), None)
    cue = any(lex.phrase_at(words, i, lex.words, "CUMULATIVE") for i in toks)
    if conflict is not None and (perfect or cue):
        return conflict
    return True if cue else None


def _place_at(tokens: set[int], by_token: dict[int, Place]) -> Place | None:
    return next((by_token[i] for i in sorted(tokens) if i in by_token), None)


def _is_violent(event: Event, lex: Lexicon) -> bool:
    return event.cameo.startswith(lex.violent)


class _Scene:
    """The document's places and violent events, indexed once so that attaching a count costs
    the same however long the document is."""

    def __init__(self, doc: Doc, analysis: Analysis, lex: Lexicon):
        self.doc, self.words, self.lex = doc, list(doc), lex
        self.places = {p.id: p for p in analysis.places}
        self.by_token: dict[int, Place] = {}
        for p in analysis.places:
            span = doc.char_span(p.start, p.end, alignment_mode="expand")
            for tok in span or ():
                self.by_token.setdefault(tok.i, p)
        self.violent = sorted((e.trigger.start, rank, e) for rank, e in enumerate(analysis.events)
                              if _is_violent(e, lex))
        self.starts = [start for start, _, _ in self.violent]
        # The first violent event at a place, as _same_place compares places: by GeoNames id
        # when both have one, else by name.
        self.by_id: dict[int, tuple[int, Event]] = {}
        self.by_name_no_id: dict[str, tuple[int, Event]] = {}
        self.by_name: dict[str, tuple[int, Event]] = {}
        for _, rank, e in sorted(self.violent, key=lambda v: v[1]):
            other = self.places.get(e.place or "")
            if other is None:
                continue
            if other.geonameid is not None:
                self.by_id.setdefault(other.geonameid, (rank, e))
            else:
                self.by_name_no_id.setdefault(_place_name(other), (rank, e))
            self.by_name.setdefault(_place_name(other), (rank, e))

    def violent_in(self, sent: Span) -> list[Event]:
        """The violent events whose trigger starts in ``sent``, in the order of the analysis."""
        lo, hi = bisect_left(self.starts, sent.start_char), bisect_left(self.starts, sent.end_char)
        return [e for _, _, e in sorted(self.violent[lo:hi], key=lambda v: v[1])]

    def violent_at(self, place: Place) -> Event | None:
        """The first violent event at the same place (the same GeoNames id, or name)."""
        if place.geonameid is None:
            found = self.by_name.get(_place_name(place))
        else:
            options = [self.by_id.get(place.geonameid), self.by_name_no_id.get(_place_name(place))]
            found = min((o for o in options if o is not None), default=None, key=lambda o: o[0])
        return found[1] if found is not None else None


def _place_name(place: Place) -> str:
    return (place.name or place.text).lower()


def _event_for(pair: Pair, scene: _Scene) -> Event | None:
    doc, lex = scene.doc, scene.lex
    sent = pair.word.sent
    here = scene.violent_in(sent)
    for e in here:
        if pair.word.i in {t.i for t in trigger_tokens(doc, e)}:
            return _main_incident(e, doc, here)
    ancestors = [a.i for a in pair.word.ancestors]
    roots = [(e, trigger_root(doc, e)) for e in here]
    governing = [(ancestors.index(r.i), e) for e, r in roots if r is not None and r.i in ancestors]
    if governing:
        return _main_incident(min(governing, key=lambda g: g[0])[1], doc, here)
    if here:
        return min(here, key=lambda e: abs(e.trigger.start - pair.word.idx))
    incident = [t for t in sent if lex.cls(t) == "INCIDENT"]
    for noun in incident:  # "the attacks in Paris ...": the violent event at that place
        area = {t.i for t in noun.subtree} | {t.i for t in noun.children if t.dep_ == "compound"}
        place = _place_at(area, scene.by_token)
        if place is None:
            continue
        event = scene.violent_at(place)
        if event is not None:
            return event
    return None


def _main_incident(event: Event, doc: Doc, here: list[Event]) -> Event:
    """"Gunmen attacked a hotel, [killing] 21": the toll of the attack the killing is part of."""
    roots = {r.i: e for e in here if (r := trigger_root(doc, e)) is not None}
    root = trigger_root(doc, event)
    while root is not None and root.dep_ in ("advcl", "conj") and root.head.i in roots:
        event, root = roots[root.head.i], root.head
    return event


def find_casualties(doc: Doc, analysis: Analysis) -> list[Casualty]:
    """Every casualty count of the document; sets ``fatalities`` / ``injured`` of their events."""
    lex = load_lexicon()
    blocked: set[int] = set()
    for t in analysis.times:
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is not None:
            blocked.update(range(span.start, span.end))
    scene = _Scene(doc, analysis, lex)
    floor = analysis.dateline.end if analysis.dateline else 0
    out: list[Casualty] = []
    for sent in doc.sents:
        if sent.end_char <= floor:
            continue
        for pair in find_pairs(sent, blocked, lex):
            out.append(_casualty(pair, scene, len(out) + 1))
    return out


def _casualty(pair: Pair, scene: _Scene, n: int) -> Casualty:
    phrase = scene.doc[pair.start:pair.end]
    count = Count(pair.count.min, pair.count.max, phrase.text)
    casualty = Casualty(id=f"c{n}", kind=pair.kind, count=count, scope="event",
                        start=phrase.start_char, end=phrase.end_char)
    conflict = _cumulative(pair, scene)
    if conflict is not None:
        casualty.scope = "conflict"
        area = clause_tokens([pair.word])
        if isinstance(conflict, Token):
            left = min(t.i for t in conflict.subtree if t.i <= conflict.i)
            words = scene.doc[left:conflict.i + 1]
            casualty.conflict = TextSpan(words.start_char, words.end_char, words.text)
            area |= {t.i for t in conflict.subtree}
        if pair.word.dep_ == "relcl":  # "Syria, where 250,000 people have been killed"
            area.add(pair.word.head.i)
        place = _place_at(area, scene.by_token)
        casualty.place = place.id if place else None
        return casualty
    event = _event_for(pair, scene)
    if event is not None:
        casualty.event = event.id
        casualty.place = event.place
        field_name = "fatalities" if pair.kind == "killed" else "injured"
        current = getattr(event, field_name)
        if current is None or _size(count) > _size(current):
            setattr(event, field_name, count)
    return casualty


def _size(count: Count) -> int:
    return count.min if count.min is not None else (count.max or 0)
