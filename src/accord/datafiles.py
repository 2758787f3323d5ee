"""Reading the shipped data files (and users' replacements) with errors that name the file."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from accord.errors import DataFileError, Errors


def read_data(path: Path | str | None, builtin: str) -> tuple[str, str, str]:
    """(text, file name, full path) of ``path``, or of the built-in ``data/<builtin>`` when None.

    An unreadable file raises DataFileError naming it, like a bad line would.
    """
    if path is None:
        ref = resources.files("accord") / "data" / builtin
        return ref.read_text(encoding="utf-8"), Path(builtin).name, str(ref)
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8"), path.name, str(path)
    except (OSError, UnicodeDecodeError) as exc:
        problem = Errors.A201.format(path=path.name, line=0, problem=f"cannot read: {exc}")
        raise DataFileError(str(path), [problem]) from exc


def tsv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, stripped tab-separated fields) of each line that is not blank or a ``#`` comment."""
    for lineno, line in enumerate(text.splitlines(), start=1):
        if line.strip() and not line.startswith("#"):
            yield lineno, [field.strip() for field in line.split("\t")]
