"""Find time expressions: tokens, word classes, and a small grammar over the classes.

The text is cut into accord's own tokens (``2015-11-14``, ``10:30``, ``'90s``, ``Nov.``
and ``a.m.`` stay whole; ``mid-November`` is three tokens), each token gets one word
class from the lexicon (``MON``, ``UNIT``, ``REL`` ...; ``O`` for other words), and the
classes are written out as one string, ``"REL:last UNIT:week "``, on which the
patterns below are ordinary regular expressions. A match is a candidate expression;
of overlapping candidates the longest wins (then the earlier pattern, then the leftmost).

Extents follow TimeML: determiners and modifiers ("the past two months", "nearly two
years", "early next year", "a year ago") are in, prepositions ("within", "by", "on")
and possessive 's are out.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field

from accord.time.lexicon import Lexicon

# ---------------------------------------------------------------- tokens

_TOKEN = re.compile(
    r"""
    \d{4}-\d{1,2}-\d{1,2}(?![\d-])                  # ISO date 2015-11-14
  | \d{1,2}/\d{1,2}/(?:\d{4}|\d{2})(?![\d/])        # numeric date 11/14/2015
  | \d{1,2}:\d{2}(?::\d{2})?(?![\d:])               # clock 10:30
  | [aApP]\.[ ]?[mM]\.?                             # a.m. p.m.
  | ['’]\d0['’]?s\b                                 # '90s
  | \d{3}0['’]?s\b                                  # 1990s 1990's
  | \d+(?:st|nd|rd|th)\b                            # 14th
  | \d+/\d+                                         # 1/2
  | \d{1,3}(?:,\d{3})+(?:\.\d+)?                    # 250,000
  | \d+(?:\.\d+)?                                   # 5 1.5 2015
  | o['’]clock\b
  | ['’]s\b                                         # possessive
  | [^\W\d_]+(?:['’](?!s\b)[^\W\d_]+)*               # words (not the 's)
  | [-–—]                                           # hyphens and dashes
  | \S                                              # any other character
    """,
    re.X,
)
_ABBREVIATIONS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
_CLASS_ORDER = ("MON", "WD", "WDS", "DAYREF", "ORD", "UNIT", "NUM", "POD", "SEASON", "REL", "SHIFT",
                "EDGE", "EDGEN", "REF", "FEW", "FREQ", "MULT", "EVERY", "AMPM", "TZ", "DEC")
_DETERMINERS = frozenset(("the", "a", "an"))
_SPACE = re.compile(r"\s")
_SPOKEN_DAY = re.compile(r"^(\d+)(?:st|nd|rd|th)$")


@dataclass(slots=True)
class Tok:
    i: int
    start: int
    end: int
    text: str
    word: str  # lower case, final period dropped
    cls: str = "O"
    value: str | None = None
    newline_before: bool = False


def tokenize(text: str, offset: int = 0) -> list[Tok]:
    toks: list[Tok] = []
    prev_end = 0
    for m in _TOKEN.finditer(text):
        start, end = m.start(), m.end()
        if start < prev_end:  # the period an abbreviation took ("Nov.")
            continue
        word = m.group().lower().replace("’", "'")
        if word in _ABBREVIATIONS and text[end:end + 1] == ".":
            end += 1
        toks.append(Tok(len(toks), start + offset, end + offset, text[start:end], word,
                        newline_before="\n" in text[prev_end:start]))
        prev_end = end
    return toks


@dataclass(frozen=True)
class Hints:
    """What the parse says about a token, looked up by character offset."""

    tag: Callable[[int], str]  # fine-grained tag of the token at this offset ("" if none)
    ent: Callable[[int], str]  # entity label at this offset ("" if none)


def _number(word: str) -> str | None:
    if re.fullmatch(r"\d+(?:\.\d+)?", word):
        return word
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", word):
        return word.replace(",", "")
    return None


def classify(toks: list[Tok], lex: Lexicon, hints: Hints) -> None:
    """Give each token one word class (and its value), in place."""
    for t in toks:
        w = t.word
        prev = toks[t.i - 1] if t.i else None
        nxt = toks[t.i + 1] if t.i + 1 < len(toks) else None
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", w):
            y, m, d = w.split("-")
            t.cls, t.value = "DATEX", f"{y}-{int(m):02d}-{int(d):02d}"
        elif re.fullmatch(r"\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})", w):
            a, b, y = (int(x) for x in w.split("/"))
            month, day = (b, a) if a > 12 else (a, b)  # US order unless the first part cannot be a month
            year = y if y > 99 else (1900 + y if y > 30 else 2000 + y)
            t.cls, t.value = "DATEX", f"{year:04d}-{month:02d}-{day:02d}"
        elif re.fullmatch(r"\d{1,2}:\d{2}(?::\d{2})?", w):
            t.cls, t.value = "CLOCK", w
        elif re.fullmatch(r"['’]\d0['’]?s", w):
            t.cls, t.value = "DECN", "'" + w[1]
        elif re.fullmatch(r"\d{3}0['’]?s", w):
            t.cls, t.value = "DECN", w[:3]
        elif m := _SPOKEN_DAY.match(w):
            t.cls, t.value = "ORD", m.group(1)
        elif re.fullmatch(r"\d+/\d+", w):
            a, b = (int(x) for x in w.split("/"))
            t.cls, t.value = ("FRAC", str(a / b)) if b and a < b else ("O", None)
        elif (num := _number(w)) is not None:
            _classify_number(t, num, prev, hints)
        elif w in ("'s", "'"):
            t.cls = "POS"
        elif w in ("-", "–"):
            t.cls = "HY"
        elif w == ",":
            t.cls = "CM"
        elif w in _DETERMINERS:
            t.cls = "DET"
        elif w in ("a.m.", "p.m.", "a.m", "p.m", "a. m.", "p. m."):
            t.cls, t.value = "AMPM", "AM" if w[0] == "a" else "PM"
        else:
            key = w[:-1] if w.endswith(".") else w
            classes = lex.classes(key)
            for cls in _CLASS_ORDER:
                if cls in classes and _licensed(cls, t, key, prev, nxt, hints):
                    t.cls, t.value = cls, classes[cls]
                    break
        if t.cls == "O" and not re.match(r"\w", w):
            t.cls = "PU"


_CENTURIES = {"eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
          "seventeen": 17, "eighteen": 18, "nineteen": 19}
_YEAR_BEFORE = frozenset(("in", "of", "since", "until", "year", "by", "from", "to", "through", "before", "after"))


def _spelled_year(toks: list[Tok], i: int) -> tuple[int, int] | None:
    """(index past the end, year) of a spelled-out year at ``toks[i]``: "nineteen ninety - six",
    "nineteen eighty", "two thousand", "two thousand and one"."""
    words = [t.word for t in toks[i:i + 5]] + [""] * 5
    if words[0] in _CENTURIES:
        century = _CENTURIES[words[0]] * 100
        if words[1] in _TEENS:
            return i + 2, century + _TEENS[words[1]]
        if words[1] in _TENS:
            if words[2] == "-" and words[3] in _UNITS:
                return i + 4, century + _TENS[words[1]] + _UNITS[words[3]]
            if words[2] in _UNITS:
                return i + 3, century + _TENS[words[1]] + _UNITS[words[2]]
            return i + 2, century + _TENS[words[1]]
        if words[1] == "oh" and words[2] in _UNITS:
            return i + 3, century + _UNITS[words[2]]
        return None
    if words[0] == "two" and words[1] == "thousand":
        k = 3 if words[2] == "and" else 2
        if words[k] in _UNITS:
            return i + k + 1, 2000 + _UNITS[words[k]]
        if words[k] in _TEENS:
            return i + k + 1, 2000 + _TEENS[words[k]]
        return i + 2, 2000
    return None


def merge_spelled_years(toks: list[Tok], text: str, hints: Hints) -> list[Tok]:
    """Join a spelled-out year into one YEAR token where the parse or the words before call it a date."""
    out: list[Tok] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        found = _spelled_year(toks, i) if t.word in _CENTURIES or t.word == "two" else None
        prev = toks[i - 1] if i else None
        after = toks[found[0]] if found is not None and found[0] < len(toks) else None
        if after is not None and after.word in ("years", "year", "-"):
            found = None  # "two thousand years" is a length
        if found is not None and (hints.ent(t.start) == "DATE" or (prev is not None and (
                prev.cls == "MON" or prev.word in _YEAR_BEFORE))):
            end, year = found
            last = toks[end - 1]
            out.append(Tok(len(out), t.start, last.end, text[t.start:last.end], str(year), "YEAR", str(year),
                           t.newline_before))
            i = end
            continue
        t.i = len(out)
        out.append(t)
        i += 1
    return out


def _classify_number(t: Tok, num: str, prev: Tok | None, hints: Hints) -> None:
    t.value = num
    if "." in num or "," in t.word:
        t.cls = "NUM"
        return
    n = int(num)
    if len(num) == 4 and 1000 <= n <= 2199 and (prev is None or prev.word not in ("$", "£", "€", "#")):
        ent = hints.ent(t.start)
        year_word = prev is not None and prev.word in _YEAR_BEFORE | {"during", "early", "late", "mid", "fiscal"}
        # spaCy's DATE says year; a CARDINAL after "in" is one too; no entity, a plausible year
        if ent == "DATE" or (not ent and 1800 <= n <= 2099) or (ent == "CARDINAL" and 1900 <= n <= 2099 and year_word):
            t.cls = "YEAR"
            return
    t.cls = "DN" if 1 <= n <= 31 and len(num) <= 2 else "NUM"


def _licensed(cls: str, t: Tok, key: str, prev: Tok | None, nxt: Tok | None, hints: Hints) -> bool:
    """Can this word have this class here? Guards for the ambiguous ones."""
    upper = t.text[:1].isupper()
    if cls == "MON":
        if key in ("may", "march"):
            if not upper or hints.tag(t.start) == "MD":
                return False
            return hints.tag(t.start) == "NNP" or (nxt is not None and nxt.word[:1].isdigit())
        if key in _ABBREVIATIONS:
            return upper and (t.text.endswith(".") or (nxt is not None and nxt.word[:1].isdigit())
                              or (prev is not None and prev.cls in ("DN", "ORD")))
        return True
    if cls == "AMPM":
        return prev is not None and prev.cls in ("DN", "NUM", "CLOCK")
    if cls == "TZ":
        return t.text.isupper() and prev is not None and prev.cls in ("AMPM", "CLOCK")
    if cls == "REF" and key == "present":
        return prev is not None and prev.word == "at"
    return True


# ---------------------------------------------------------------- grammar


def C(*classes: str) -> str:
    """One token of any of these classes."""
    return rf"(?:(?:{'|'.join(classes)}):\S+ )"


def W(*words: str) -> str:
    """One token that is one of these words, whatever its class."""
    return rf"(?:[A-Z]+:(?:{'|'.join(re.escape(w) for w in words)}) )"


def opt(*parts: str) -> str:
    return f"(?:{''.join(parts)})?"


def alt(*parts: str) -> str:
    return f"(?:{'|'.join(parts)})"


UNIT_C = r"(?:UNIT:(?!half |halves )\S+ )"  # a counting unit (not "half")
UNIT_SG = r"(?:UNIT:(?:second|minute|hour|day|week|weekend|fortnight|month|quarter|year|decade|century) )"
UNIT_PL = r"(?:UNIT:(?:seconds|minutes|hours|days|weeks|weekends|months|quarters|years|decades|centuries) )"
NUMW = rf"(?:{C('NUM', 'DN')}(?:{C('HY')}?{C('NUM', 'DN')})*)"  # "twenty - four", "two hundred"
NUMP = alt(
    opt(W("a", "an")) + W("couple") + W("of"),
    W("a", "an") + W("few", "dozen", "hundred"),
    W("dozens", "hundreds", "thousands") + W("of"),
    W("half") + W("a", "an"),
    NUMW + opt(C("FRAC")) + opt(alt(W("to", "or"), C("HY")) + NUMW),
    C("FEW"),
    W("a", "an"),
)
APPROXP = alt(
    W("at") + W("least", "most"),
    W("more", "less", "fewer") + W("than"),
    W("no") + W("more", "less") + W("than"),
    W("up") + W("to"),
    W("as") + W("long", "little", "much", "many", "few", "early", "late", "recently") + W("as"),
    W("nearly", "almost"),
)
EDGEP = alt(
    C("EDGE") + opt(C("HY")),
    opt(W("the")) + opt(W("very")) + C("EDGEN") + W("of") + opt(W("the")),
)
SHIFT_BARE = alt(W("ago", "earlier", "later", "hence", "afterward", "afterwards", "back"), W("from") + W("now"))
SHIFT_REL = W("before", "after")
QUNIT = W("quarter", "half", "quarters", "halves")
YEAR_POS = alt(C("YEAR") + C("POS"), C("REL") + W("year") + C("POS"))


@dataclass(frozen=True)
class Rule:
    name: str
    regex: re.Pattern[str]
    priority: int


HOLIDAYS = "{holidays}"  # filled in from the lexicon's named days when the grammar is built

# (rule name, pattern); the order breaks ties between equally long matches. Each name has
# a function ``rule_<name>`` in accord.time.normalize that gives the type and value.
RULE_SPECS: list[tuple[str, str]] = ([
    # absolute dates
    ("datex", C("DATEX")),
    ("md", opt(EDGEP) + C("MON") + C("DN", "ORD") + opt(opt(C("CM")) + C("YEAR"))),
    ("wd_date", C("WD") + opt(C("CM")) + alt(C("MON") + C("DN", "ORD"), C("DN", "ORD") + opt(W("of")) + C("MON"))
     + opt(opt(C("CM")) + C("YEAR"))),
    ("dm", opt(W("the")) + C("DN", "ORD") + opt(W("of")) + C("MON") + opt(opt(C("CM")) + C("YEAR"))),
    ("month", opt(EDGEP) + opt(alt(C("REL") + opt(W("past", "coming")), W("the") + W("month") + W("of")))
     + C("MON") + opt(opt(alt(C("CM"), W("of"))) + C("YEAR"))),
    ("year", opt(EDGEP) + opt(alt(W("the") + W("year"), W("fiscal", "calendar"), W("the") + W("fiscal") + W("year")))
     + C("YEAR")),
    ("decade", opt(W("the")) + opt(EDGEP) + alt(C("DECN"), C("DEC"))),
    ("century", opt(W("the")) + opt(EDGEP) + C("ORD") + opt(C("HY")) + W("century")),
    ("holiday", opt(C("REL")) + HOLIDAYS + opt(C("YEAR"))),
    # quarters and halves
    ("quarter", opt(alt(W("the", "a"), C("REL"))) + opt(YEAR_POS)
     + opt(C("YEAR")) + opt(C("REL")) + opt(W("fiscal") + opt(C("HY")))
     + alt(C("ORD"), W("last", "final", "latter")) + opt(C("HY")) + opt(W("fiscal"))
     + QUNIT + opt(alt(W("of", "in") + opt(W("fiscal")) + C("YEAR"), C("YEAR"),
                       W("of") + W("this", "last", "next", "the") + opt(W("fiscal")) + W("year")))),
    ("the_quarter", alt(W("the"), W("its", "their")) + opt(alt(C("REL"), W("comparable", "same")))
     + opt(W("fiscal")) + W("quarter")),
    ("year_period", alt(W("the") + opt(W("fiscal")) + C("YEAR"), YEAR_POS + opt(W("fiscal")))
     + W("period", "quarter", "half")),
    ("year_end", opt(W("the")) + opt(W("fiscal")) + W("year") + opt(C("HY")) + W("end")),
    ("edge_unit", opt(W("the")) + alt(C("EDGEN") + W("of"), W("earlier", "later") + W("in")) + W("the")
     + W("year", "month", "week")),
    ("year_ago", opt(W("the")) + opt(W("comparable", "corresponding", "same")) + W("year") + C("HY")
     + W("ago", "earlier") + opt(C("ORD") + opt(C("HY"))) + opt(W("quarter", "period", "half", "month", "week"))),
    # weekdays, days, parts of days
    ("weekday", opt(EDGEP) + opt(W("the")) + opt(alt(W("this") + W("coming", "past"), C("REL")))
     + C("WD") + opt(C("POD"))),
    ("dayref", opt(alt(C("EDGE"), W("earlier", "later"))) + C("DAYREF") + opt(C("POD"))),
    ("day_before", W("the") + W("day") + W("before", "after") + C("DAYREF")),
    ("unit_before", W("the") + W("day", "week", "month", "year") + W("before", "after")),
    ("pod_rel", opt(alt(C("EDGE"), W("earlier", "later"))) + alt(W("this", "that", "last"),
                                                                 W("the") + W("next", "following", "previous"))
     + C("POD")),
    ("clock", opt(APPROXP) + alt(C("CLOCK") + opt(C("AMPM")), C("DN") + C("AMPM"), C("DN") + W("o'clock"),
                                W("noon", "midnight", "midday")) + opt(C("TZ"))
     + opt(alt(C("WD"), C("DAYREF"), opt(C("CM")) + C("MON") + C("DN", "ORD")))),
    ("weekend", W("the") + W("weekend")),
    ("season", opt(EDGEP) + opt(alt(C("REL") + opt(W("past", "coming")), W("the"))) + C("SEASON")
     + opt(opt(W("of")) + C("YEAR"))),
    # counted and relative units
    ("count", opt(APPROXP) + opt(W("the")) + opt(alt(C("REL"), W("first", "final", "another", "recent")))
     + NUMP + opt(W("more", "additional", "full", "straight", "consecutive", "long")) + opt(C("HY")) + UNIT_C
     + opt(alt(W("and") + W("a") + W("half"), W("or") + W("so"), W("or") + NUMW, W("or") + W("two"),
               C("HY") + W("long")))
     + opt(alt(SHIFT_BARE, SHIFT_REL))),
    ("rel_unit", opt(EDGEP) + opt(W("earlier", "later")) + opt(W("the")) + C("REL") + opt(W("past", "coming"))
     + opt(W("fiscal", "calendar")) + UNIT_SG + opt(W("or") + W("so"))),
    ("vague_units", opt(APPROXP) + opt(W("the")) + alt(C("REL"), W("recent")) + opt(C("FEW")) + UNIT_PL
     + opt(W("ago"))),
    ("units_ago", UNIT_PL + W("ago")),
    ("bare_units", UNIT_PL),
    # vague references
    ("ref", alt(opt(W("right", "just")) + C("REF"), W("current"))),
    ("past_ref", W("the") + W("past")),
    ("future_ref", opt(W("the")) + opt(W("near", "distant", "foreseeable", "immediate")) + W("future")),
    ("term_ref", W("the") + W("near", "short") + W("term")),
    # sets
    ("every", C("EVERY") + opt(W("other")) + opt(NUMW)
     + alt(C("WD") + opt(C("POD")), UNIT_C, C("POD"), C("SEASON"), C("MON"))),
    ("freq", C("FREQ")),
    ("times_per", alt(C("MULT"), NUMW + W("times")) + alt(W("a", "an", "per", "every", "each")) + UNIT_C),
    ("rate", W("a", "an") + UNIT_SG),
    ("weekdays", C("WDS") + opt(C("POD"))),
])


@dataclass(slots=True)
class Match:
    rule: str
    priority: int
    toks: list[Tok] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.toks[0].start

    @property
    def end(self) -> int:
        return self.toks[-1].end


class Grammar:
    """The patterns, compiled once per lexicon (holiday names are part of the grammar)."""

    def __init__(self, lex: Lexicon):
        names = sorted(lex.holidays, key=len, reverse=True)
        holidays = alt(*("".join(W(w) for w in words) for words in names)) if names else "(?!)"
        self.rules = [Rule(name, re.compile(r"(?<!\S)" + pattern.replace(HOLIDAYS, holidays)), i)
                      for i, (name, pattern) in enumerate(RULE_SPECS)]

    def candidates(self, toks: list[Tok]) -> list[Match]:
        """Every match of every rule that passes the context checks, best first:
        longest, then by rule order, then leftmost."""
        if not toks:
            return []
        parts: list[str] = []
        offsets: list[int] = []  # offset of each token's piece in the line
        pos = 0
        for t in toks:
            if t.newline_before and t.i:
                parts.append("BR:| ")
                pos += 5
            offsets.append(pos)
            word = _SPACE.sub("_", t.word) or "_"
            piece = f"{t.cls}:{word} "
            parts.append(piece)
            pos += len(piece)
        line = "".join(parts)
        index = {offset: i for i, offset in enumerate(offsets)}
        found: list[Match] = []
        for rule in self.rules:
            for m in rule.regex.finditer(line):
                if m.end() == m.start() or m.start() not in index:
                    continue
                first = index[m.start()]
                last = bisect_left(offsets, m.end()) - 1
                match = self._check(Match(rule.name, rule.priority, toks[first:last + 1]), toks)
                if match is not None:
                    found.append(match)
        found.sort(key=lambda m: (-(m.end - m.start), m.priority, m.start))
        return found

    def _check(self, m: Match, toks: list[Tok]) -> Match | None:
        """The candidate, trimmed of a determiner that belongs to a noun, or None when the
        context shows it is no time expression."""
        first, last = m.toks[0], m.toks[-1]
        ctx = _Around(prev=toks[first.i - 1] if first.i else None,
                      next=toks[last.i + 1] if last.i + 1 < len(toks) else None,
                      after=toks[last.i + 2] if last.i + 2 < len(toks) else None)
        if m.rule in _UNIT_RULES and _age_or_fraction(m, ctx):
            return None
        check = _CHECKS.get(m.rule)
        if check is not None and not check(m, ctx):
            return None
        if m.rule in ("count", "quarter") and len(m.toks) > 2 and first.word in ("a", "an", "the", "that", "this") \
                and any(t.cls == "HY" for t in m.toks[1:-1]) and ctx.next is not None and ctx.next.cls == "O":
            return Match(m.rule, m.priority, m.toks[1:])  # "a third-quarter loss", "the 14-day strike"
        return m


@dataclass(frozen=True, slots=True)
class _Around:
    prev: Tok | None  # the token before the candidate
    next: Tok | None  # the token after it
    after: Tok | None  # the one after that

    def prev_in(self, *words: str) -> bool:
        return self.prev is not None and self.prev.word in words

    def next_in(self, *words: str) -> bool:
        return self.next is not None and self.next.word in words


_UNIT_RULES = frozenset(("count", "rel_unit", "vague_units", "bare_units", "units_ago", "rate", "times_per"))
_SEASON_BEFORE = ("in", "during", "since", "until", "by", "through", "over", "throughout", "this", "last", "next",
                  "of")


def _age_or_fraction(m: Match, ctx: _Around) -> bool:
    """"a 6-year-old", "52 years old", "years of age", "aged 60"; "a quarter of the vote"."""
    old = ctx.next_in("old", "olds") or (ctx.next is not None and ctx.next.cls == "HY"
                                          and ctx.after is not None and ctx.after.word in ("old", "olds"))
    of_age = ctx.next_in("of") and ctx.after is not None and ctx.after.word == "age"
    fraction = m.toks[-1].word in ("quarter", "quarters") and ctx.next_in("of", "-", "century", "mile")
    return old or of_age or ctx.prev_in("aged") or fraction


def _check_count(m: Match, ctx: _Around) -> bool:
    words = [t.word for t in m.toks]
    return not (words[0] in ("a", "an") and len(words) == 2 and ctx.prev is not None
                and _rate_context(ctx.prev))  # "$5 a day" is a rate (see "rate")


def _check_season(m: Match, ctx: _Around) -> bool:
    # "spring" and "fall" are verbs too: a season needs "in", "this", "the", a year ...
    if len(m.toks) == 1:
        return ctx.prev_in(*_SEASON_BEFORE)
    if m.toks[0].word == "the" and len(m.toks) == 2:
        return ctx.prev_in(*_SEASON_BEFORE)
    return True


def _check_dm(m: Match, ctx: _Around) -> bool:
    # "14 November", not "won 14 November seats"
    return m.toks[0].cls != "DN" or ctx.prev is None or ctx.prev.cls in ("PU", "CM", "O") or ctx.prev_in(
        "on", "of", "the", "by", "until", "since", "from")


def _check_md(m: Match, ctx: _Around) -> bool:
    classes = [t.cls for t in m.toks]
    day = m.toks[classes.index("MON") + 1]
    return not (day.cls == "DN" and ctx.next_in("%", "percent", "per", "million", "billion"))


_CHECKS: dict[str, Callable[[Match, _Around], bool]] = {
    "count": _check_count,
    "season": _check_season,
    "dm": _check_dm,
    "md": _check_md,
    "bare_units": lambda m, ctx: ctx.prev_in("for", "over", "within", "in", "after", "lasting", "took", "spent"),
    "rate": lambda m, ctx: ctx.prev is not None and _rate_context(ctx.prev),
    "holiday": lambda m, ctx: next(t for t in m.toks if t.cls != "REL").text[:1].isupper(),
    "the_quarter": lambda m, ctx: not (ctx.next_in("of", "century", "mile", "point")
                                       or (ctx.next is not None and ctx.next.cls == "HY")),
    "ref": lambda m, ctx: not (m.toks[-1].word == "current" and ctx.next is not None and ctx.next.cls == "UNIT"),
    # "future quarters" is an adjective; "in future" is a time
    "future_ref": lambda m, ctx: len(m.toks) > 1 or ctx.prev_in("in"),
    "past_ref": lambda m, ctx: not (ctx.next is not None and ctx.next.cls in ("NUM", "DN", "FEW", "UNIT")),
    # "in his eighties" is an age
    "decade": lambda m, ctx: m.toks[-1].cls != "DEC" or m.toks[0].word == "the",
    "month": lambda m, ctx: not (len(m.toks) == 1 and m.toks[0].word in ("march", "may") and (
        ctx.prev is None or ctx.prev_in("the"))),
}


def select(candidates: list[Match]) -> list[Match]:
    """Greedily take the best candidates (as sorted) that do not overlap, in text order.

    A match is a run of whole tokens, so two overlap exactly when they share a token."""
    taken: list[Match] = []
    used: set[int] = set()
    for m in candidates:
        indices = range(m.toks[0].i, m.toks[-1].i + 1)
        if not any(i in used for i in indices):
            used.update(indices)
            taken.append(m)
    return sorted(taken, key=lambda m: m.start)


def _rate_context(prev: Tok) -> bool:
    """The word before "a day" in "$5 a day", "100 barrels a day", "5% a year"."""
    return (prev.cls in ("NUM", "DN", "YEAR") or prev.word in ("%", "percent", "cents", "dollars", "times")
            or (prev.word.endswith("s") and prev.cls == "O" and len(prev.word) > 3))
