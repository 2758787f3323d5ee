"""TIMEX3 type and value of a matched expression, relative to the document date.

Each grammar rule has one function here, ``rule(match, ctx) -> (type, value) | None``.
Three times matter:

- the **anchor**, the document date: deictic expressions count from it ("yesterday",
  "last week", "two years ago", "this month");
- the **focus**, the narrative's own time: the last calendar date the text gave in this
  or the previous two sentences (else the anchor). Anaphoric expressions count from it
  ("a year earlier", "the next day", "that week", "the previous Friday"), and so does
  "a day after <something>" when the something has no date of its own: the main clause
  is taken to happen at the narrative's time;
- the **direction** of the governing verb (:mod:`accord.time.tense`): names without a
  year or week ("January", "Saturday", "the third quarter") are the latest past one
  when the verb looks back, the next one when it looks ahead.

Without an anchor, unknown parts are written with X (``XXXX-01``, ``XXXX-WXX-6``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from accord.time.calendar import UNIT_GRAN, Point, add, duration
from accord.time.grammar import Match, Tok
from accord.time.lexicon import Lexicon, holiday_date

Result = tuple[str, str]  # (type, value)

SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
NEAR_DAYS = 60  # a day named without a year this close to the document date is that one, whatever the tense
FOCUS_RELATIVE = frozenset(("previous", "preceding", "following", "same", "that", "prior"))


@dataclass(slots=True)
class Context:
    anchor: date | None
    direction: str | None  # "past" | "future" | "present" | None
    focus: Point | None  # the narrative's time, None: use the anchor
    lex: Lexicon
    next_tok: Tok | None = None
    anaphoric: bool = False  # set when the value was counted from the focus: it does not become the focus

    def lean(self, present: int = 1, unknown: int = 0, modal: int = 1) -> int:
        """-1 look back, 1 look ahead, 0 nearest; ``present``, ``unknown``, ``modal``: what a
        present tense, no verb, a modal or infinitive mean for this kind of expression."""
        if self.direction == "past":
            return -1
        if self.direction == "future":
            return 1
        if self.direction == "modal":
            return modal
        return present if self.direction == "present" else unknown

    def base(self, gran: str = "D") -> Point | None:
        """The focus at ``gran`` (or coarser, if the focus is coarser); else the anchor."""
        if self.focus is not None:
            if _order(self.focus.gran) >= _order(gran):
                return self.focus
            return Point.of(self.focus.start, gran) if self.focus.gran == "D" else self.focus
        return Point.of(self.anchor, gran) if self.anchor else None


def _order(gran: str) -> int:
    return ("D", "W", "M", "Q", "HALF", "Y", "DE", "CE").index(gran)


# ---------------------------------------------------------------- helpers


def _first(m: Match, *classes: str) -> Tok | None:
    return next((t for t in m.toks if t.cls in classes), None)


def _words(m: Match) -> list[str]:
    return [t.word for t in m.toks]


def _int(tok: Tok | None) -> int | None:
    if tok is None or tok.value is None:
        return None
    try:
        return int(float(tok.value))
    except ValueError:
        return None


def number_value(toks: list[Tok]) -> float | None:
    """The number that number words and digits spell ("twenty - four", "5 1/2", "two hundred")."""
    total, current, seen = 0.0, 0.0, False
    for t in toks:
        if t.cls == "FRAC":
            current += float(t.value or 0)
            seen = True
            continue
        if t.cls not in ("NUM", "DN", "YEAR") or t.value is None:
            continue
        v = float(t.value)
        seen = True
        if v == 100 and t.word == "hundred":
            current = max(current, 1) * 100
        elif v == 1000 and t.word == "thousand":
            total += max(current, 1) * 1000
            current = 0
        elif t.word == "dozen":
            current = max(current, 1) * 12
        else:
            current += v
    return total + current if seen else None


def _pick(candidates: list[date], anchor: date, lean: int, *, strict: bool = False, near: int = 0) -> date:
    """Among dates around the anchor: the latest up to it (lean -1), the first from it (1),
    the nearest (0; ties go back). ``strict`` leaves the anchor itself out. With ``near``,
    a date that close to the anchor beats one on the right side but far away: a tense
    says little against "Jan. 14" written on Jan. 15."""
    before = [c for c in candidates if c < anchor or (c == anchor and not strict)]
    after = [c for c in candidates if c > anchor or (c == anchor and not strict)]
    nearest = min(candidates, key=lambda c: (abs((c - anchor).days), c > anchor))
    pick = nearest
    if lean < 0 and before:
        pick = max(before)
    elif lean > 0 and after:
        pick = min(after)
    if near and abs((nearest - anchor).days) <= near:
        return nearest
    return pick


def _pod(tok: Tok | None) -> str:
    if tok is None or tok.value is None:
        return ""
    return "T" + tok.value


def _typed(value: str) -> Result:
    return ("TIME" if "T" in value else "DATE"), value


# ---------------------------------------------------------------- absolute dates


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_day(month: int, day: int, year: int | None, ctx: Context) -> Result | None:
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    if year is not None:
        d = _safe_date(year, month, day)
        return ("DATE", d.isoformat()) if d else None
    if ctx.anchor is None:
        return ("DATE", f"XXXX-{month:02d}-{day:02d}") if _safe_date(2000, month, day) else None
    candidates = [d for k in (-1, 0, 1) if (d := _safe_date(ctx.anchor.year + k, month, day))]
    if not candidates:
        return None
    return "DATE", _pick(candidates, ctx.anchor, ctx.lean(present=0, unknown=0), near=NEAR_DAYS).isoformat()


def rule_datex(m: Match, ctx: Context) -> Result | None:
    value = m.toks[0].value or ""
    y, mo, d = (int(x) for x in value.split("-"))
    return ("DATE", value) if _safe_date(y, mo, d) else None


def rule_md(m: Match, ctx: Context) -> Result | None:
    mon = _first(m, "MON")
    day = _first(m, "DN", "ORD")
    return _month_day(_int(mon) or 0, _int(day) or 0, _int(_first(m, "YEAR")), ctx)


rule_dm = rule_md
rule_wd_date = rule_md  # "Monday, Oct. 26": the date says which Monday


def _rel(m: Match) -> Tok | None:
    return _first(m, "REL")


def rule_month(m: Match, ctx: Context) -> Result | None:
    month = _int(_first(m, "MON")) or 0
    year = _int(_first(m, "YEAR"))
    if year is not None:
        return "DATE", f"{year:04d}-{month:02d}"
    if ctx.anchor is None:
        return "DATE", f"XXXX-{month:02d}"
    here = Point.of(ctx.anchor, "M")
    candidates = [date(ctx.anchor.year + k, month, 1) for k in (-1, 0, 1)]
    rel = _rel(m)
    words = _words(m)
    if rel is not None and rel.value == "0" and "past" not in words and "coming" not in words:
        return "DATE", f"{ctx.anchor.year:04d}-{month:02d}"
    if rel is not None and (rel.value == "-1" or "past" in words):
        return "DATE", Point(_pick(candidates, here.start, -1, strict=True), "M").value()
    if rel is not None and (rel.value == "1" or "coming" in words):
        return "DATE", Point(_pick(candidates, here.start, 1, strict=True), "M").value()
    lean = ctx.lean(present=0, unknown=-1)
    return "DATE", Point(_pick(candidates, here.start, lean), "M").value()


def rule_year(m: Match, ctx: Context) -> Result | None:
    year = _int(_first(m, "YEAR"))
    return ("DATE", f"{year:04d}") if year is not None else None


def rule_decade(m: Match, ctx: Context) -> Result | None:
    tok = _first(m, "DECN", "DEC")
    if tok is None or tok.value is None:
        return None
    if tok.cls == "DECN" and not tok.value.startswith("'"):
        return "DATE", tok.value
    digit = int(tok.value[-1])
    if ctx.anchor is None:
        return "DATE", f"19{digit}"
    decade = ctx.anchor.year // 100 * 10 + digit
    if decade * 10 > ctx.anchor.year:
        decade -= 10
    return "DATE", f"{decade:03d}"


def rule_century(m: Match, ctx: Context) -> Result | None:
    n = _int(_first(m, "ORD"))
    return ("DATE", f"{n - 1:02d}") if n and 1 <= n <= 30 else None


def rule_holiday(m: Match, ctx: Context) -> Result | None:
    words = tuple(t.word for t in m.toks if t.cls not in ("REL", "YEAR"))
    rule = ctx.lex.holidays.get(words)
    if rule is None:
        return None
    year = _int(_first(m, "YEAR"))
    if year is not None:
        d = holiday_date(rule, year)
        return ("DATE", d.isoformat()) if d else None
    if ctx.anchor is None:
        d = holiday_date(rule, 2001)
        return ("DATE", f"XXXX-{d.month:02d}-{d.day:02d}") if d and ":" not in rule and "easter" not in rule else None
    candidates = [d for k in (-1, 0, 1) if (d := holiday_date(rule, ctx.anchor.year + k))]
    rel = _rel(m)
    if rel is not None and rel.value == "0":
        lean, strict = 0, False
        candidates = [d for d in candidates if d.year == ctx.anchor.year] or candidates
    elif rel is not None and rel.value in ("-1", "1"):
        lean, strict = int(rel.value), True
    else:
        lean, strict = ctx.lean(present=1, unknown=0), False
    return "DATE", _pick(candidates, ctx.anchor, lean, strict=strict).isoformat()


# ---------------------------------------------------------------- quarters and halves


def _quarter_year(n: int, per_year: int, ctx: Context, lean: int) -> int | None:
    """The year of "the third quarter": the last one begun (lean -1), the next one not long
    finished (1), or this year's (0)."""
    if ctx.anchor is None:
        return None
    months = 12 // per_year
    current = (ctx.anchor.month - 1) // months + 1
    if lean < 0:  # the current quarter is this year's too: "said fourth-quarter sales fell" in November
        return ctx.anchor.year if n <= current else ctx.anchor.year - 1
    if lean > 0:  # the quarter just finished is still ahead in its results
        return ctx.anchor.year if n >= current - 1 else ctx.anchor.year + 1
    return ctx.anchor.year


def rule_quarter(m: Match, ctx: Context) -> Result | None:
    words = _words(m)
    half = "half" in words or "halves" in words
    n = _int(_first(m, "ORD"))
    per_year = 2 if half else 4
    if n is None and ("of" in words or "in" in words or _first(m, "YEAR") is not None):
        n = per_year  # "the last half of 1989"
    if n is None and half:
        return None
    if n is None:
        return rule_the_quarter(m, ctx)  # "last quarter": the one before this
    if not 1 <= n <= per_year:
        return None
    letter = "H" if half else "Q"
    year = _int(_first(m, "YEAR"))
    if year is None and "year" in words:
        i = words.index("year")
        rel = next((t for t in reversed(m.toks[:i]) if t.cls == "REL"), None)  # "next year's first quarter"
        if rel is not None and ctx.anchor is not None:
            year = ctx.anchor.year + (int(rel.value) if rel.value in ("-1", "0", "1") else 0)
    if year is None:
        year = _quarter_year(n, per_year, ctx, ctx.lean(present=0, unknown=0))
    return "DATE", f"{year:04d}-{letter}{n}" if year is not None else f"XXXX-{letter}{n}"


def _last_completed_quarter(ctx: Context) -> Point | None:
    if ctx.anchor is None:
        return None
    return Point.of(ctx.anchor, "Q").shift(-1)


def rule_the_quarter(m: Match, ctx: Context) -> Result | None:
    rel = _rel(m)
    words = _words(m)
    if ctx.anchor is None:
        return "DATE", "XXXX-QX"
    here = Point.of(ctx.anchor, "Q")
    if rel is not None and rel.value == "0":
        return "DATE", here.value()
    if rel is not None and rel.value == "1":
        return "DATE", here.shift(1).value()
    if ("same" in words or "comparable" in words or rel is None) and ctx.focus is not None and ctx.focus.gran == "Q":
        return "DATE", ctx.focus.value()
    if rel is None and ctx.lean(present=0, unknown=0) > 0:
        return "DATE", here.value()
    return "DATE", here.shift(-1).value()


def rule_year_period(m: Match, ctx: Context) -> Result | None:
    """"the 1988 period", "last year's quarter": the period in focus (a quarter, a half), in that year."""
    words = _words(m)
    year = _int(_first(m, "YEAR"))
    rel = _rel(m)
    if year is None and rel is not None and ctx.anchor is not None and rel.value in ("-1", "0", "1"):
        year = ctx.anchor.year + int(rel.value)
    if year is None:
        return None
    ctx.anaphoric = True
    focus = ctx.focus
    if words[-1] == "half":
        h = 1 if focus is None or focus.gran != "HALF" or focus.start.month <= 6 else 2
        return "DATE", f"{year:04d}-H{h}"
    if focus is not None and focus.gran in ("Q", "HALF", "M"):
        return "DATE", Point(focus.start.replace(year=year), focus.gran).value()
    if words[-1] == "quarter":
        last = _last_completed_quarter(ctx)
        return "DATE", Point(last.start.replace(year=year), "Q").value() if last else f"{year:04d}-QX"
    return "DATE", f"{year:04d}"


def rule_year_end(m: Match, ctx: Context) -> Result | None:
    """"year-end": this year's, or last year's when the verb looks back early in the year."""
    if ctx.anchor is None:
        return "DATE", "XXXX"
    year = ctx.anchor.year - (1 if ctx.lean(present=0, unknown=0) < 0 and ctx.anchor.month <= 3 else 0)
    return "DATE", f"{year:04d}"


def rule_edge_unit(m: Match, ctx: Context) -> Result | None:
    """"the end of the year", "earlier in the month": the current one."""
    if ctx.anchor is None:
        return "DATE", "XXXX"
    gran = {"year": "Y", "month": "M", "week": "W"}[m.toks[-1].word]
    return "DATE", Point.of(ctx.anchor, gran).value()


def rule_year_ago(m: Match, ctx: Context) -> Result | None:
    words = _words(m)
    ctx.anaphoric = True
    if ctx.anchor is None:
        return "DATE", "XXXX"
    if "quarter" in words:
        n = _int(_first(m, "ORD"))
        base = ctx.focus if ctx.focus is not None and ctx.focus.gran == "Q" else _last_completed_quarter(ctx)
        if n and 1 <= n <= 4 and base is not None:
            base = Point(date(base.start.year, 3 * n - 2, 1), "Q")
        return "DATE", base.shift(-4, "Q").value() if base else "XXXX-QX"
    if "half" in words:
        base = ctx.focus if ctx.focus is not None and ctx.focus.gran == "HALF" else Point.of(ctx.anchor, "HALF")
        return "DATE", base.shift(-2).value()
    if ctx.focus is not None and ctx.focus.gran in ("Q", "HALF", "M"):
        return "DATE", ctx.focus.shift(-1, "Y").value()
    if "month" in words:
        return "DATE", Point.of(ctx.anchor, "M").shift(-12).value()
    return "DATE", f"{ctx.anchor.year - 1:04d}"


# ---------------------------------------------------------------- days and parts of days


def _weekday(wd: int, rel: Tok | None, words: list[str], ctx: Context) -> date | None:
    if ctx.anchor is None:
        return None
    focus_day = ctx.focus.start if ctx.focus is not None and ctx.focus.gran == "D" else ctx.anchor
    relative_to = focus_day if rel is not None and rel.word in FOCUS_RELATIVE else ctx.anchor
    week = [day for k in range(-7, 8) if (day := relative_to + timedelta(days=k)).isoweekday() == wd]
    if rel is not None and rel.value == "0" and "coming" not in words and "past" not in words:
        monday = ctx.anchor - timedelta(days=ctx.anchor.isoweekday() - 1)
        return monday + timedelta(days=wd - 1)
    if rel is not None and (rel.value == "-1" or "past" in words):
        return _pick(week, relative_to, -1, strict=True)
    if rel is not None and (rel.value == "1" or "coming" in words):
        return _pick(week, relative_to, 1, strict=True)
    lean = ctx.lean(present=0, unknown=0, modal=0)  # a modal weekday is the nearest: "was to meet Friday"
    if lean > 0:
        return _pick(week, relative_to, 1, strict=True)
    return _pick(week, relative_to, lean)


def rule_weekday(m: Match, ctx: Context) -> Result | None:
    wd = _int(_first(m, "WD"))
    if wd is None:
        return None
    pod = _first(m, "POD")
    if pod is not None and pod.word.endswith("s"):  # "Tuesday nights": every Tuesday night
        return "SET", f"XXXX-WXX-{wd}{_pod(pod)}"
    day = _weekday(wd, _rel(m), _words(m), ctx)
    if day is None:
        return _typed(f"XXXX-WXX-{wd}{_pod(pod)}")
    return _typed(day.isoformat() + _pod(pod))


def rule_dayref(m: Match, ctx: Context) -> Result | None:
    ref = _first(m, "DAYREF")
    if ref is None:
        return None
    pod = _first(m, "POD")
    code = _pod(pod) or ("TNI" if ref.word == "tonight" else "")
    if ctx.anchor is None:
        return ("DATE", "PRESENT_REF") if ref.word == "today" and not code else _typed(f"XXXX-XX-XX{code}")
    return _typed((ctx.anchor + timedelta(days=int(ref.value or 0))).isoformat() + code)


def rule_day_before(m: Match, ctx: Context) -> Result | None:
    ref = _first(m, "DAYREF")
    if ctx.anchor is None or ref is None:
        return "DATE", "XXXX-XX-XX"
    shift = int(ref.value or 0) + (-1 if "before" in _words(m) else 1)
    return "DATE", (ctx.anchor + timedelta(days=shift)).isoformat()


def rule_unit_before(m: Match, ctx: Context) -> Result | None:
    """"the day before": the day before the narrative's time. Followed by a clause or a noun
    ("the day before rebels attacked"), it is the main clause's own time, as "a day after <clause>"."""
    gran = UNIT_GRAN.get(unit_of(m) or "")
    base = ctx.base(gran) if gran else None
    if base is None:
        return ("DATE", "XXXX-XX-XX") if gran else None
    base = Point.of(base.start, gran)
    if ctx.next_tok is not None and ctx.next_tok.cls not in ("PU", "CM"):
        return "DATE", base.value()
    ctx.anaphoric = gran == "Y"
    return "DATE", base.shift(-1 if m.toks[-1].word == "before" else 1).value()


def rule_pod_rel(m: Match, ctx: Context) -> Result | None:
    pod = _first(m, "POD")
    words = _words(m)
    if pod is None:
        return None
    if "that" in words or "the" in words:  # "that night", "the next morning": the narrative's day
        ctx.anaphoric = True
        base = ctx.base("D")
        if base is None or base.gran != "D":
            return None
        step = 1 if ("next" in words or "following" in words) else -1 if "previous" in words else 0
        return _typed(base.shift(step).value() + _pod(pod))
    if ctx.anchor is None:
        return _typed("XXXX-XX-XX" + _pod(pod))
    day = ctx.anchor - timedelta(days=1) if "last" in words else ctx.anchor
    if "last" in words and pod.value not in ("NI", "EV"):
        return None
    return _typed(day.isoformat() + _pod(pod))


def rule_weekend(m: Match, ctx: Context) -> Result | None:
    if ctx.anchor is None:
        return "DATE", "XXXX-WXX-WE"
    week = Point.of(ctx.anchor, "W")
    in_weekend = ctx.anchor.isoweekday() >= 6
    lean = ctx.lean(present=1, unknown=0)
    if in_weekend:
        point = week if lean <= 0 else week.shift(1)
    elif lean < 0 or (lean == 0 and ctx.anchor.isoweekday() <= 3):
        point = week.shift(-1)
    else:
        point = week
    return "DATE", point.value() + "-WE"


def rule_clock(m: Match, ctx: Context) -> Result | None:
    words = _words(m)
    clock = _first(m, "CLOCK")
    ampm = _first(m, "AMPM")
    if clock is not None and clock.value:
        hour, minute = (int(x) for x in clock.value.split(":")[:2])
    elif any(w in ("noon", "midday") for w in words):
        hour, minute = 12, 0
    elif "midnight" in words:
        hour, minute = 24, 0
    else:
        hour, minute = _int(_first(m, "DN")) or 0, 0
        if ampm is None and "o'clock" not in words:
            return None
    if ampm is not None:
        if not 1 <= hour <= 12:
            return None
        if ampm.value == "PM" and hour < 12:
            hour += 12
        elif ampm.value == "AM" and hour == 12:
            hour = 0
    if hour > 24 or minute > 59:
        return None
    wd = _int(_first(m, "WD"))
    ref = _first(m, "DAYREF")
    mon = _first(m, "MON")
    if mon is not None:
        day_tok = m.toks[m.toks.index(mon) + 1] if m.toks.index(mon) + 1 < len(m.toks) else None
        dated = _month_day(_int(mon) or 0, _int(day_tok) or 0, None, ctx)
        if dated is None:
            return None
        day = date.fromisoformat(dated[1]) if dated[1][0].isdigit() else None
    elif wd is not None:
        day = _weekday(wd, None, words, ctx)
    elif ref is not None and ctx.anchor is not None:
        day = ctx.anchor + timedelta(days=int(ref.value or 0))
    else:
        base = ctx.base("D")
        day = base.start if base is not None and base.gran == "D" else ctx.anchor
    prefix = day.isoformat() if day is not None else "XXXX-XX-XX"
    return "TIME", f"{prefix}T{hour:02d}:{minute:02d}"


def rule_season(m: Match, ctx: Context) -> Result | None:
    season = _first(m, "SEASON")
    if season is None or season.value not in SEASON_START:
        return None
    code = season.value
    year = _int(_first(m, "YEAR"))
    if year is not None:
        return "DATE", f"{year:04d}-{code}"
    if ctx.anchor is None:
        return "DATE", f"XXXX-{code}"
    start = SEASON_START[code]
    a = ctx.anchor
    starts = [date(a.year + k, start, 1) for k in (-2, -1, 0, 1)]
    started = [s for s in starts if s <= a]
    current = next((s for s in started if add(s, 3, "M") > a), None)
    rel = _rel(m)
    words = _words(m)
    if rel is not None and rel.value == "0" and "past" not in words and "coming" not in words:
        pick = date(a.year - 1, 12, 1) if code == "WI" and a.month <= 2 else date(a.year, start, 1)
    elif rel is not None and (rel.value == "-1" or "past" in words):
        pick = max(s for s in started if s != current)
    elif rel is not None and (rel.value == "1" or "coming" in words):
        pick = min(s for s in starts if s > a)
    else:
        lean = ctx.lean(present=1, unknown=0)
        if lean < 0:
            pick = max(started)
        elif lean > 0:
            pick = current or min(s for s in starts if s > a)
        else:
            pick = current or min((s for s in starts if s.year == a.year), default=max(started))
    return "DATE", f"{pick.year:04d}-{code}"


# ---------------------------------------------------------------- counted and relative units


def count(m: Match) -> tuple[float | None, bool]:
    """(number, known): "two" 2, "a" 1, "a few" None, "a couple of" 2, "half a" 0.5."""
    words = _words(m)
    toks = [t for t in m.toks if t.cls in ("NUM", "DN", "FRAC", "YEAR")]
    if "few" in words or "several" in words or "many" in words or "dozens" in words or "hundreds" in words:
        return None, False
    if "couple" in words:
        return 2, True
    if "half" in words and toks == []:
        return 0.5, True
    if toks:
        # "two to three weeks", "a year or two": the first number
        run: list[Tok] = []
        for t in m.toks:
            if t.cls in ("NUM", "DN", "FRAC", "YEAR", "HY") and not (t.cls == "HY" and not run):
                if t.cls != "HY":
                    run.append(t)
            elif run:
                break
        n = number_value(run)
        if n is not None and "and" in words and "half" in words:
            n += 0.5
        return n, n is not None
    if "a" in words or "an" in words:
        return 1.5 if "half" in words else 1.0, True
    return None, False


def unit_of(m: Match) -> str | None:
    units = [t for t in m.toks if t.cls == "UNIT"]
    counted = [t for t in units if t.value != "HALF"] or units  # "a minute and a half": minutes
    return counted[-1].value if counted else None


def rule_count(m: Match, ctx: Context) -> Result | None:
    words = _words(m)
    unit = unit_of(m)
    if unit is None:
        return None
    n, known = count(m)
    shift = next((t for t in reversed(m.toks)
                  if t.cls == "SHIFT" or t.word in ("afterward", "afterwards", "back", "now")), None)
    if shift is None or words[-1] in ("long",):
        return "DURATION", duration(n if known else None, unit)
    back = shift.word in ("ago", "earlier", "before", "back")
    # "a year earlier", "a year ago" compare with the time in focus and leave it there;
    # "three days later", "two weeks ago" move the story on
    ctx.anaphoric = unit in ("Y", "DE", "CE", "Q", "HALF")
    if not known:
        return "DATE", "PAST_REF" if back else "FUTURE_REF"
    sign = -1 if back else 1
    from_now = shift.word in ("ago", "hence", "now", "back")
    if unit in ("H", "MIN", "S"):
        base = Point.of(ctx.anchor, "D") if from_now and ctx.anchor else ctx.base("D")
        if base is not None and base.gran != "D":
            base = Point.of(ctx.anchor, "D") if ctx.anchor else None
        return ("DATE", base.value()) if base is not None else ("DATE", "XXXX-XX-XX")
    gran = UNIT_GRAN.get(unit, "D")
    steps = round(n or 0)
    if n is not None and n != steps and unit in ("Y", "M"):
        steps, unit = round(n * (12 if unit == "Y" else 1)), "M"
        gran = "M"
    if shift.word in ("before", "after") and ctx.next_tok is not None and ctx.next_tok.cls not in ("PU", "CM"):
        # "a day after gunmen went on a rampage": the main clause, at the narrative's time
        # (a dated complement, "two days before Christmas", is handled by the caller)
        base = ctx.base("D")
        return ("DATE", base.value()) if base is not None else ("DATE", "XXXX-XX-XX")
    if from_now:
        if ctx.anchor is None:
            return "DATE", "XXXX-XX-XX"
        base = Point.of(ctx.anchor, gran)
        if unit == "Y" and ctx.focus is not None and ctx.focus.gran in ("Q", "HALF") and steps == 1:
            base = ctx.focus  # "sales in the quarter rose from a year ago": the year-ago quarter
        return "DATE", base.shift(sign * steps, unit).value()
    base = ctx.base(gran)
    if base is None:
        return "DATE", "XXXX-XX-XX"
    if unit == "Y" and base.gran in ("Q", "HALF", "M"):
        return "DATE", base.shift(sign * steps, "Y").value()
    return "DATE", Point.of(base.start, gran).shift(sign * steps, unit).value()


def rule_rel_unit(m: Match, ctx: Context) -> Result | None:
    rel = _rel(m)
    unit = unit_of(m)
    words = _words(m)
    if rel is None or unit is None:
        return None
    if unit in ("H", "MIN", "S"):
        return ("DURATION", duration(1, unit)) if rel.word in ("past", "last", "next", "coming") else None
    if unit == "Q":
        return rule_the_quarter(m, ctx)
    v = rel.value
    anaphoric = rel.word in FOCUS_RELATIVE or (rel.word == "next" and "the" in words) or v == "~"
    if unit in ("DE", "CE") and v != "0" and not anaphoric:
        if unit == "CE" and v == "-1" and rel.word == "last" and "the" not in words:
            return ("DATE", f"{ctx.anchor.year // 100 - 1:02d}") if ctx.anchor else None
        return "DURATION", duration(1, unit)
    if unit == "WE":
        if ctx.anchor is None:
            return "DATE", "XXXX-WXX-WE"
        step = {"0": 0, "-1": -1, "1": 1}.get(v, 0)
        return "DATE", Point.of(ctx.anchor, "W").shift(step).value() + "-WE"
    gran = {"F": "W"}.get(unit, unit)
    if gran not in ("D", "W", "M", "Y", "DE", "CE"):
        return None
    if anaphoric:
        ctx.anaphoric = gran in ("Y", "DE", "CE")  # "that year" leaves the focus; "the next day" moves it
        base = ctx.base(gran)
        if base is None:
            return "DATE", "XXXX"
        base = Point.of(base.start, gran) if _order(base.gran) <= _order(gran) else base
        if base.gran != gran:
            return None
        step = 0 if v in ("~", "0") else int(v)
        return "DATE", base.shift(step).value()
    if ctx.anchor is None:
        return "DATE", {"D": "XXXX-XX-XX", "W": "XXXX-WXX", "M": "XXXX-XX"}.get(gran, "XXXX")
    if gran == "D":
        if v == "0":
            return "DATE", ctx.anchor.isoformat()
        return None  # "the last day", "the past day": no calendar day
    return "DATE", Point.of(ctx.anchor, gran).shift(int(v)).value()


def rule_vague_units(m: Match, ctx: Context) -> Result | None:
    unit = unit_of(m)
    if unit is None:
        return None
    words = _words(m)
    if words[-1] == "ago":
        return "DATE", "PAST_REF"
    rel = _rel(m)
    if rel is not None and rel.value == "0":  # "these days"
        return "DATE", "PRESENT_REF"
    if not any(t.cls == "FEW" for t in m.toks):  # "recent years", "coming months": a vague time, not a length
        if "recent" in words or (rel is not None and rel.value == "-1"):
            return "DATE", "PAST_REF"
        if rel is not None and rel.value == "1":
            return "DATE", "FUTURE_REF"
    return "DURATION", duration(None, unit)


def rule_units_ago(m: Match, ctx: Context) -> Result | None:
    return "DATE", "PAST_REF"


def rule_bare_units(m: Match, ctx: Context) -> Result | None:
    unit = unit_of(m)
    return ("DURATION", duration(None, unit)) if unit else None


# ---------------------------------------------------------------- vague references

def rule_ref(m: Match, ctx: Context) -> Result | None:
    last = m.toks[-1]
    if last.cls == "REF" and last.value:
        return "DATE", last.value
    return ("DATE", "PRESENT_REF") if last.word == "current" else None


def rule_past_ref(m: Match, ctx: Context) -> Result | None:
    return "DATE", "PAST_REF"


def rule_future_ref(m: Match, ctx: Context) -> Result | None:
    return "DATE", "FUTURE_REF"


rule_term_ref = rule_future_ref


# ---------------------------------------------------------------- sets


def rule_every(m: Match, ctx: Context) -> Result | None:
    words = _words(m)
    n = number_value([t for t in m.toks if t.cls in ("NUM", "DN")]) or 1
    if "other" in words:
        n *= 2
    last = m.toks[-1]
    wd = _first(m, "WD")
    if wd is not None:
        return "SET", f"XXXX-WXX-{wd.value}{_pod(_first(m, 'POD'))}"
    if last.cls == "POD":
        return "SET", f"XXXX-XX-XX{_pod(last)}"
    if last.cls == "SEASON":
        return "SET", f"XXXX-{last.value}"
    if last.cls == "MON":
        return "SET", f"XXXX-{int(last.value or 0):02d}"
    if last.cls == "UNIT" and last.value:
        return "SET", duration(n, last.value)
    return None


def rule_freq(m: Match, ctx: Context) -> Result | None:
    return ("SET", m.toks[0].value) if m.toks[0].value else None


def rule_times_per(m: Match, ctx: Context) -> Result | None:
    unit = unit_of(m)
    return ("SET", duration(1, unit)) if unit else None


rule_rate = rule_times_per


def rule_weekdays(m: Match, ctx: Context) -> Result | None:
    wd = _first(m, "WDS")
    return ("SET", f"XXXX-WXX-{wd.value}{_pod(_first(m, 'POD'))}") if wd is not None else None


RULES: dict[str, Callable[[Match, Context], Result | None]] = {
    name[5:]: func for name, func in globals().items() if name.startswith("rule_") and callable(func)
}
