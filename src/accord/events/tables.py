"""The CAMEO code table: names, Goldstein values, quad classes and PLOVER types per code.

Loaded from ``data/events/cameo.tsv`` (format: ``data/events/FORMAT.md``), built by
``tools/convert_cameo_tables.py``. Events carry all of these, so one lookup gives them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from accord.datafiles import read_data
from accord.errors import DataFileError, Errors

COLUMNS = ["code", "name", "goldstein", "quad_class", "plover", "plover_mode", "plover_context"]
_CODE = re.compile(r"^\d{2,4}$")


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    quad_class: int
    plover: str | None
    plover_mode: str | None
    plover_context: str | None


class CameoTable:
    """Every CAMEO code of the table; codes it lacks fall back to their nearest parent."""

    def __init__(self, codes: dict[str, CameoCode]):
        self._codes = codes

    @classmethod
    def load(cls, path: Path | str | None = None) -> CameoTable:
        """Read the table at ``path`` (None: the built-in one); bad lines raise DataFileError."""
        return cls(_parse(*read_data(path, "events/cameo.tsv")))

    def get(self, code: str) -> CameoCode | None:
        """The entry of ``code``, else of its parent (4 -> 3 -> 2 digits); None if none is known."""
        for size in (len(code), 3, 2):
            if size <= len(code) and (entry := self._codes.get(code[:size])):
                return entry
        return None

    def __contains__(self, code: object) -> bool:
        return code in self._codes

    def __len__(self) -> int:
        return len(self._codes)


def _parse(text: str, name: str, path: str) -> dict[str, CameoCode]:
    codes: dict[str, CameoCode] = {}
    problems: list[str] = []
    seen_header = False
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if not seen_header:
            seen_header = True
            if fields != COLUMNS:
                problems.append(Errors.A201.format(
                    path=name, line=lineno, problem=f"header must be {'<TAB>'.join(COLUMNS)}"))
                break
            continue
        entry = _parse_row(fields, codes)
        if isinstance(entry, str):
            problems.append(Errors.A201.format(path=name, line=lineno, problem=entry))
        else:
            codes[entry.code] = entry
    if not seen_header:
        problems.append(Errors.A201.format(path=name, line=1, problem="no header line; the file is empty"))
    if problems:
        raise DataFileError(path, problems)
    return codes


def _parse_row(fields: list[str], codes: dict[str, CameoCode]) -> CameoCode | str:
    """A CameoCode, or what is wrong with the row."""
    if len(fields) != len(COLUMNS):
        return f"expected {len(COLUMNS)} tab-separated fields, found {len(fields)}"
    code, name, goldstein, quad, plover, mode, context = (f.strip() for f in fields)
    if not _CODE.match(code):
        return f"code {code!r} is not 2 to 4 digits"
    if code in codes:
        return f"code {code} appears twice"
    try:
        value = float(goldstein)
    except ValueError:
        return f"goldstein {goldstein!r} is not a number"
    if quad not in ("1", "2", "3", "4"):
        return f"quad_class {quad!r} must be 1, 2, 3 or 4"
    return CameoCode(code, name, value, int(quad), plover or None, mode or None, context or None)
