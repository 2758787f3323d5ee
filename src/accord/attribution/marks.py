"""Find the stretches of text between quotation marks, paragraph by paragraph.

Character-level, before and apart from the parse (spaCy cuts sentences inside quotes).

- Double marks: straight ``"`` (and ``''``), curly ``“ ”``, low ``„`` and guillemets ``« »``. A quote in
  one style may hold quotes in another ("… question: “As you know …?” Forty-three …");
  only the outermost quote of a paragraph is kept. A closing mark of another style than
  the open quote closes it when no quote of its own style is open ('“I don’t think so," he').
- Single marks ``‘ ’`` and straight ``'`` count only outside double quotes, and only
  where they cannot be apostrophes: never between two letters ("Syria’s", "don’t"), an
  opening mark must follow a space, a bracket or a dash and precede a non-space, a
  closing one must follow a non-space and precede a space or punctuation; "countries’
  plans" (s + mark + lower-case word) is taken for a plural possessive while a later
  closing mark exists.
- A paragraph (a line) that opens a quote without closing it runs to the paragraph end;
  when the next paragraph starts with an opening mark, that quote continues the open one
  (``continues=True``), as in multi-paragraph quotations.
"""

from __future__ import annotations

from dataclasses import dataclass

OPEN_DOUBLE = {"“": "curly", "„": "curly", "«": "guillemet"}
CLOSE_DOUBLE = {"”": "curly", "»": "guillemet"}
STRAIGHT_DOUBLE = '"'
OPEN_SINGLE = "‘'"
CLOSE_SINGLE = "’'"
OPENING_CONTEXT = set(" \t\u00a0([{—–-/") | {""}
ALL_MARKS = set(OPEN_DOUBLE) | set(CLOSE_DOUBLE) | {STRAIGHT_DOUBLE} | set(OPEN_SINGLE) | set(CLOSE_SINGLE)


@dataclass(slots=True)
class Marked:
    """One quoted stretch: ``start:end`` is its content (inside the marks, trimmed)."""

    open: int  # offset of the opening mark
    close: int | None  # offset of the closing mark; None when the paragraph ends first
    start: int
    end: int
    para: int  # paragraph index
    continues: bool = False  # continues the previous paragraph's unclosed quote


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line."""
    out = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def quoted_spans(text: str) -> list[Marked]:
    """The outermost quoted stretches of ``text``, in order."""
    out: list[Marked] = []
    carry = False  # the previous paragraph ended inside a quote
    for n, (p0, p1) in enumerate(paragraphs(text)):
        spans, unclosed = _scan(text, p0, p1)
        first_at_start = bool(spans) and not text[p0 : spans[0][0]].strip()
        for k, (op, inner, cl) in enumerate(spans):
            start, end = _trim(text, inner, cl if cl is not None else p1)
            if end - start < 2:  # nothing, or "rock ‘n’ roll"
                continue
            out.append(Marked(op, cl, start, end, n, continues=carry and k == 0 and first_at_start))
        carry = unclosed
    return out


def _scan(text: str, p0: int, p1: int) -> tuple[list[tuple[int, int, int | None]], bool]:
    """(opening mark, content start, closing mark) of the outermost quotes of one paragraph;
    and whether one stays open at its end."""
    spans: list[tuple[int, int, int | None]] = []
    stack: list[tuple[str, int, int]] = []  # (style, mark offset, content start) of open double quotes
    single_open: int | None = None
    i = p0
    while i < p1:
        ch = text[i]
        prev = text[i - 1] if i > p0 else ""
        nxt = text[i + 1] if i + 1 < p1 else ""
        here = i  # where a closing mark starts (an opening one ends at i)
        if ch in "'`" and nxt == ch and single_open is None:  # ''NYT style'' and ``LaTeX style'': a double mark
            ch, nxt = STRAIGHT_DOUBLE, text[i + 2] if i + 2 < p1 else ""
            i += 1
        if single_open is not None:  # inside a top-level single quote: look for its end only
            if ch in CLOSE_SINGLE and _closes_single(text, i, p0, p1):
                spans.append((single_open, single_open + 1, i))
                single_open = None
            i += 1
            continue
        if ch in OPEN_DOUBLE:
            stack.append((OPEN_DOUBLE[ch], i, i + 1))
        elif ch in CLOSE_DOUBLE:
            style = CLOSE_DOUBLE[ch]
            depth = next((d for d in range(len(stack) - 1, -1, -1) if stack[d][0] == style), None)
            if depth is None and stack:  # '"Oz has a pulpit,” said': mixed styles, close the innermost
                depth = len(stack) - 1
            if depth is not None:
                if depth == 0:
                    spans.append((stack[0][1], stack[0][2], i))
                del stack[depth:]
        elif ch == STRAIGHT_DOUBLE:
            depth = next((d for d in range(len(stack) - 1, -1, -1) if stack[d][0] == "straight"), None)
            opening_context = prev in OPENING_CONTEXT or prev in OPEN_DOUBLE
            closing_context = bool(prev) and not prev.isspace() and (not nxt or nxt.isspace() or nxt in ",.;:!?)—–-")
            if depth is None and stack and closing_context:  # '“I don’t think so," he said'
                depth = len(stack) - 1
            if depth is not None and not (opening_context and nxt and not nxt.isspace()):
                if depth == 0:
                    spans.append((stack[0][1], stack[0][2], here))
                del stack[depth:]
            else:
                stack.append(("straight", here, i + 1))
        elif not stack and ch in OPEN_SINGLE and _opens_single(text, i, p0, p1):
            if _has_single_close(text, i + 1, p0, p1):
                single_open = i
        i += 1
    if single_open is not None:
        return spans, False  # an unmatched single mark is no quote
    if stack:
        spans.append((stack[0][1], stack[0][2], None))
        return spans, True
    return spans, False


def _opens_single(text: str, i: int, p0: int, p1: int) -> bool:
    prev = text[i - 1] if i > p0 else ""
    nxt = text[i + 1] if i + 1 < p1 else ""
    return (prev in OPENING_CONTEXT or prev in OPEN_DOUBLE) and bool(nxt) and not nxt.isspace()


def _closes_single(text: str, i: int, p0: int, p1: int, *, strict: bool = True) -> bool:
    prev = text[i - 1] if i > p0 else ""
    nxt = text[i + 1] if i + 1 < p1 else ""
    if not prev or prev.isspace():
        return False
    if prev.isalnum() and nxt.isalnum():
        return False  # an apostrophe: Syria’s, don’t
    if nxt and nxt.isalnum():
        return False
    if strict and prev == "s" and nxt == " " and i + 2 < p1 and text[i + 2].islower():
        # "the countries’ plans": a plural possessive, unless no other closing mark follows
        return not _has_single_close(text, i + 1, p0, p1, strict=False)
    return True


def _has_single_close(text: str, i: int, p0: int, p1: int, *, strict: bool = False) -> bool:
    return any(text[j] in CLOSE_SINGLE and _closes_single(text, j, p0, p1, strict=strict) for j in range(i, p1))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip spaces inside the marks, and a trailing comma that belongs to the frame ("…,” he said)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end
