"""Output files: written whole or not at all, and never onto an input.

Every command that writes a file (analyze, code, actors, query, export, kb import-wikidata) goes
through :func:`atomic_output`: the rows go to a hidden temporary file beside the target, which
replaces the target only when the run completes. An interrupted or failed run leaves the old file
as it was; a kill -9 can leave only the hidden ``.NAME.XXXXXXXX.part``, which no folder read picks
up. :func:`check_output` refuses, before anything is opened, an output that is one of the inputs.
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from accord.errors import Errors, InputPathError


def check_output(out: str | None, inputs: Iterable[str]) -> None:
    """Raise InputPathError when ``out`` is one of ``inputs`` (A114; links followed), a file that
    reading an input folder reads (A114), or a folder (A117); standard output ('-', None) is fine."""
    from accord.ingest.readers import reads_file

    if out in (None, "-"):
        return
    if os.path.isdir(out):
        raise InputPathError(Errors.A117.format(path=out, detail="it is a folder"))
    for path in inputs:
        if path != "-" and reads_file(path, out):
            if os.path.isdir(path):
                why = f"a file that the input folder {path} reads"
            elif os.path.normpath(path) == os.path.normpath(out):
                why = "the input itself"
            else:
                why = f"the input {path} under another name"
            raise InputPathError(Errors.A114.format(path=out, why=why))


@contextmanager
def atomic_output(path: str | None, *, binary: bool = False) -> Iterator[IO]:
    """A file to write ``path`` through: it replaces ``path`` (or the file a symbolic link there names)
    only when the block ends without an error. None or '-' is standard output, streamed.

    Text is UTF-8 with newlines written as given. A folder that cannot be written is an
    InputPathError (A117), raised on entry, before the caller's work starts.
    """
    if path in (None, "-"):
        stream = sys.stdout.buffer if binary else sys.stdout
        sys.stdout.flush()
        yield stream
        stream.flush()
        return
    target = Path(os.path.realpath(path))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, part = _temporary(target)
    except OSError as exc:
        raise InputPathError(Errors.A117.format(path=path, detail=exc.strerror or str(exc))) from None
    try:
        with open(fd, "wb") if binary else open(fd, "w", encoding="utf-8", newline="") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        if target.exists():
            os.chmod(part, target.stat().st_mode & 0o7777)
        try:
            os.replace(part, target)
        except OSError as exc:  # a folder there, say
            raise InputPathError(Errors.A117.format(path=path, detail=exc.strerror or str(exc))) from None
    except BaseException:  # Ctrl-C included: the target stays as it was
        part.unlink(missing_ok=True)
        raise


def _temporary(target: Path) -> tuple[int, Path]:
    """A new hidden file beside ``target``, created with the mode a plain open() would give it."""
    while True:
        part = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
        try:
            return os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), part
        except FileExistsError:
            continue
