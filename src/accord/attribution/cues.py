"""The quote cue table (``data/attribution/cues.tsv``): reporting verbs and what they take as content.

One list for both layers that need it: the quotes layer finds quotes with it and the events
layer finds the speech verbs above an event with it. Which cues also fold their complement
into one event is the compose table's business (``data/events/compose.tsv``), not this one's.
"""

from __future__ import annotations

from pathlib import Path

from accord.datafiles import read_data, tsv_rows
from accord.errors import DataFileError, Errors

TAKES = ("clause", "that", "object", "stance")


def load_cues(path: Path | str | None = None) -> dict[str, str]:
    """lemma -> what it takes as content (clause | that | object | stance), from ``path`` (None: the
    built-in table); bad lines raise DataFileError naming file:line."""
    text, name, full = read_data(path, "attribution/cues.tsv")
    cues: dict[str, str] = {}
    seen: dict[str, int] = {}
    problems = []
    for lineno, cols in tsv_rows(text):
        problem = None
        if len(cols) != 2 or not cols[0] or cols[1] not in TAKES:
            problem = f"expected lemma <TAB> {'|'.join(TAKES)}"
        elif cols[0] != cols[0].lower():
            problem = f"lemma {cols[0]!r} must be lower case, as spaCy lemmatises"
        elif cols[0] in seen:
            problem = f"{cols[0]!r} is listed twice (first on line {seen[cols[0]]})"
        if problem:
            problems.append(Errors.A201.format(path=name, line=lineno, problem=problem))
            continue
        seen[cols[0]] = lineno
        cues[cols[0]] = cols[1]
    if problems:
        raise DataFileError(full, problems)
    return cues


CUE_TAKES = load_cues()
CUES = frozenset(CUE_TAKES)
