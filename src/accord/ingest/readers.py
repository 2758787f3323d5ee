"""Read articles from files, folders and standard input into Records.

Every input record yields exactly one item, a Record or an InputError, in
input order: a batch never dies on one bad record, and every output line maps
back to its input. Files are read as bytes and decoded here so that a bad
encoding is reported with its offset instead of raised. Datelines are not
parsed here; see ``accord.ingest.dateline``.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import json
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from pathlib import Path
from typing import Any

from accord.errors import Errors, InputPathError
from accord.ingest.dateline import normalise_date
from accord.records import InputError, Record

Item = Record | InputError

_FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
}
_ALIASES = {
    "text": ("text", "body", "content", "article", "story", "full_text"),
    "title": ("title", "headline"),
    "date": (
        "date", "published", "publication_date", "published_at", "pubdate", "date_published", "datetime",
    ),
    "url": ("url", "link", "href"),
    "publisher": ("publisher", "source", "outlet", "site", "publication"),
}
_KINDS = {stat.S_IFIFO: "a named pipe (FIFO)", stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device",
          stat.S_IFSOCK: "a socket"}
_STDIN = "<stdin>"
_TITLE_MAX = 300
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.I)
# Half a UTF-16 pair, as a JSON escape ("\ud83d") leaves when a string was cut mid-emoji: no
# UTF-8 writer or tokenizer takes it, so it becomes U+FFFD (one character: offsets stay).
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def read_inputs(paths: Sequence[str], *, max_chars: int = 5_000_000) -> Iterator[Item]:
    """One Record or InputError per input record, in input order.

    ``"-"`` reads standard input. Every path is checked before anything is read
    (:func:`check_input_path`), so a typo fails at once rather than mid-batch.
    Texts over ``max_chars`` are refused (A110) as a guard against runaway input.
    """
    for path in paths:
        if path != "-":
            check_input_path(path)
    return _read_all(list(paths), max_chars)


def check_input_path(path: str) -> None:
    """Raise InputPathError unless ``path`` names a file or folder: missing (A101), a symbolic
    link loop (A115), a pipe, device or socket (A116), or a path that cannot be looked up (A111).
    One that exists but cannot be opened is left to the reading, as an error record."""
    if not os.path.lexists(path):
        raise InputPathError(Errors.A101.format(path=path))
    problem = _unreadable(path)
    if problem is not None:
        raise InputPathError(problem.message)


def _unreadable(path: str) -> InputError | None:
    """Why ``path`` cannot be read as a file or folder, or None. Looked up before opening: opening a
    named pipe waits for a writer, and a device such as /dev/zero never ends."""
    origin = _shown(path)
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return _error("A115", origin)
        if exc.errno == errno.ENOENT and os.path.islink(path):
            detail = f"a symbolic link to '{_shown(os.readlink(path))}', which does not exist"
            return _error("A111", origin, detail=detail)
        return _error("A111", origin, detail=exc.strerror or str(exc))
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return _error("A116", origin, kind=_KINDS.get(stat.S_IFMT(mode), "a special file"))


def _read_all(paths: list[str], max_chars: int) -> Iterator[Item]:
    for path in paths:
        if path == "-":
            yield from _read_stdin(max_chars)
        elif os.path.isdir(path):
            for file, problem in _walk(path):
                if problem is None:
                    yield from _read_file(file, _FORMATS[_suffix(file)], max_chars)
                else:
                    yield problem
        else:
            yield from _read_file(path, _FORMATS.get(_suffix(path), "text"), max_chars)


def _walk(root: str) -> list[tuple[str, InputError | None]]:
    """Article files under ``root`` in tree order, and in their place an error for each folder that
    cannot be listed (it would otherwise vanish unseen); hidden files and folders are skipped."""
    found: list[tuple[str, InputError | None]] = []

    def unlisted(exc: OSError) -> None:
        found.append((exc.filename, _error("A111", _shown(exc.filename), detail=exc.strerror or str(exc))))

    for folder, subfolders, files in os.walk(root, onerror=unlisted):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        found += [(os.path.join(folder, name), None) for name in files if _article_name(name)]
    return sorted(found, key=lambda entry: Path(entry[0]).parts)


def _article_name(name: str) -> bool:
    return not name.startswith(".") and _suffix(name) in _FORMATS


def reads_file(input_path: str, path: str) -> bool:
    """Whether reading ``input_path`` reads the file ``path``, now or once it is written: the same
    file (links followed), or under an input folder where the walk would list it."""
    if not os.path.isdir(input_path):
        return _same_file(input_path, path)
    inside = os.path.relpath(os.path.realpath(path), os.path.realpath(input_path))
    parts = Path(inside).parts
    if parts and parts[0] != os.pardir and _article_name(parts[-1]) and not any(p.startswith(".") for p in parts):
        return True
    return os.path.exists(path) and any(_same_file(file, path) for file, _ in _walk(input_path))


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)  # hard links too
    except OSError:
        return False


def count_records(paths: Sequence[str]) -> int | None:
    """How many records ``paths`` hold (JSON Lines counted by line; None for stdin), for a
    progress bar's total and ETA; read with the same file walk as ``read_inputs``."""
    total = 0
    for path in paths:
        if path == "-":
            return None
        for file, problem in _walk(path) if os.path.isdir(path) else [(path, None)]:
            if problem is None and _FORMATS.get(_suffix(file)) == "jsonl" and _unreadable(file) is None:
                try:
                    with open(file, "rb") as f:
                        total += sum(1 for line in f if line.strip())
                except OSError:  # its error record counts one
                    total += 1
            else:
                total += 1
    return total


def _suffix(path: str) -> str:
    return os.path.splitext(path)[1].lower()


def _read_file(path: str, fmt: str, max_chars: int) -> Iterator[Item]:
    origin = _shown(path)
    problem = _unreadable(path)
    if problem is not None:
        yield problem
        return
    try:
        with open(path, "rb") as stream:
            if fmt == "jsonl":  # streamed: JSON Lines files can be larger than memory
                yield from _read_jsonl(stream, origin, max_chars)
                return
            data = stream.read()
    except OSError as exc:
        yield _error("A111", origin, detail=exc.strerror or str(exc))
        return
    if fmt == "json":
        yield from _read_json(data, origin, max_chars)
    elif fmt == "html":
        yield _read_html(data, origin, max_chars)
    else:
        yield _read_text(data, origin, max_chars)


def _shown(path: str) -> str:
    """The path as an origin any UTF-8 writer takes: a file name's bytes that are not UTF-8
    (which Python keeps as lone surrogates) are written as ``\\xNN``."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _read_stdin(max_chars: int) -> Iterator[Item]:
    """Standard input is JSON Lines when its first non-blank line opens an object, else one text."""
    stream = sys.stdin.buffer
    head: list[bytes] = []
    for line in iter(stream.readline, b""):
        head.append(line)
        if line.strip():
            break
    if b"".join(head).removeprefix(codecs.BOM_UTF8).lstrip().startswith(b"{"):
        yield from _read_jsonl(chain(head, stream), _STDIN, max_chars)
    else:
        yield _read_text(b"".join(head) + stream.read(), _STDIN, max_chars)


def _read_text(data: bytes, origin: str, max_chars: int) -> Item:
    text = _decode(data, origin)
    if isinstance(text, InputError):
        return text
    text = _newlines(text)
    return _record(text, origin, max_chars, title=_title_line(text))


def text_record(text: str, origin: str = "<text>") -> Record:
    """A Record for a string given in code (notebooks, tests), named as a .txt file would be."""
    text = _newlines(text.removeprefix("\ufeff"))
    return Record(id=_text_id(text), text=text, title=_title_line(text), origin=origin)


def _title_line(text: str) -> str | None:
    """The first line when a blank line follows it: the usual shape of a headline."""
    lines = text.split("\n", 2)
    first = lines[0].strip()
    if len(lines) == 3 and first and not lines[1].strip() and len(first) < _TITLE_MAX:
        return first
    return None


def _read_jsonl(lines: Iterable[bytes], origin: str, max_chars: int) -> Iterator[Item]:
    offset = 0
    empty = True
    for lineno, raw in enumerate(lines, 1):
        start, offset = offset, offset + len(raw)
        if lineno == 1 and b"\0" in raw:
            yield _error("A103", origin)  # a binary file: one error, not one per "line"
            return
        if not raw.strip():
            continue
        empty = False
        where = f"{origin}:{lineno}"
        line = _decode(raw, where, start)
        if isinstance(line, InputError):
            yield line
            continue
        try:
            value = json.loads(line)
        except (ValueError, RecursionError) as exc:
            yield _error("A105", where, detail=_json_problem(exc))
            continue
        yield json_record(value, where, max_chars)
    if empty:
        yield _error("A102", origin)


def _read_json(data: bytes, origin: str, max_chars: int) -> Iterator[Item]:
    """A .json file holds one object or a list of them; list items are named ``path[i]``."""
    text = _decode(data, origin)
    if isinstance(text, InputError):
        yield text
        return
    if not text.strip():
        yield _error("A102", origin)
        return
    try:
        value = json.loads(text)
    except (ValueError, RecursionError) as exc:
        line = getattr(exc, "lineno", None)
        yield _error("A105", f"{origin}:{line}" if line else origin, detail=_json_problem(exc))
        return
    if value == []:  # nothing to analyse, but the file must not vanish from the count
        yield _error("A102", origin)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield json_record(item, f"{origin}[{i}]", max_chars)
    else:
        yield json_record(value, origin, max_chars)


def _json_problem(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at column {exc.colno}"
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return str(exc)


def json_record(value: Any, origin: str, max_chars: int) -> Item:
    """One JSON object as a Record (field aliases, limits) or an InputError naming ``origin``.

    Public because the HTTP API reads a posted article exactly as a line of JSON Lines input.
    """
    if not isinstance(value, dict):
        return _error("A107", origin, kind=_json_kind(value))
    found = {name: _first_string(value, aliases) for name, aliases in _ALIASES.items()}
    record_id = _record_id(value.get("id"))
    text = found["text"]
    if text is None:
        return _error("A106", origin, id=record_id, fields=", ".join(_ALIASES["text"]))
    if "\0" in text:  # "\u0000" in JSON: refused as a NUL byte in a file is, by the CLI and the API alike
        return _error("A103", origin, id=record_id)
    return _record(
        _newlines(text),
        origin,
        max_chars,
        record_id=record_id,
        title=found["title"] or None,
        date=normalise_date(found["date"]),
        url=found["url"] or None,
        publisher=found["publisher"] or None,
    )


def _first_string(obj: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    """The first alias holding a string: other types (a source object, null) are not guessed at."""
    for key in keys:
        if isinstance(obj.get(key), str):
            return _LONE_SURROGATE.sub("\ufffd", obj[key])
    return None


def _record_id(value: object) -> str | None:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value):
        return _LONE_SURROGATE.sub("\ufffd", str(value))
    return None


def _json_kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "an array"


def _read_html(data: bytes, origin: str, max_chars: int) -> Item:
    html = _decode(data, origin, encoding=_html_encoding(data))
    if isinstance(html, InputError):
        return html
    # Imported here: trafilatura is slow to load and only HTML input needs it.
    from trafilatura import bare_extraction
    from trafilatura.settings import Document

    try:
        doc = bare_extraction(html, with_metadata=True, include_comments=False)
    except Exception:  # a third-party parser on arbitrary pages: one bad page must not end the batch
        doc = None
    if not isinstance(doc, Document) or not (doc.text or "").strip():
        return _error("A109", origin)
    return _record(
        _newlines(doc.text),
        origin,
        max_chars,
        title=doc.title or None,
        date=normalise_date(doc.date),
        url=doc.url or None,
        publisher=doc.sitename or None,
    )


def _html_encoding(data: bytes) -> str:
    """The charset the page declares (saved pages are often not UTF-8), else UTF-8."""
    match = _CHARSET.search(data, 0, 4096)
    if match:
        try:
            return codecs.lookup(match[1].decode("ascii")).name
        except LookupError:
            pass
    return "utf-8"


def _decode(data: bytes, origin: str, offset: int = 0, encoding: str = "utf-8") -> str | InputError:
    """Bytes to text, or the error that names what is wrong and where."""
    if not data:
        return _error("A102", origin)
    if b"\0" in data:
        return _error("A103", origin)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        detail = f"byte 0x{data[exc.start]:02x} at byte offset {offset + exc.start}"
        return _error("A104", origin, detail=detail)
    return text.removeprefix("\ufeff")


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _record(
    text: str,
    origin: str,
    max_chars: int,
    *,
    record_id: str | None = None,
    title: str | None = None,
    date: str | None = None,
    url: str | None = None,
    publisher: str | None = None,
) -> Item:
    """A Record, or the error for a blank or oversized text; the id defaults to a hash of the text."""
    if not text.strip():
        return _error("A108", origin, id=record_id)
    if len(text) > max_chars:
        return _error("A110", origin, id=record_id, size=len(text), limit=max_chars)
    return Record(
        id=record_id or _text_id(text),
        text=text,
        title=title,
        date=date,
        url=url,
        publisher=publisher,
        origin=origin,
    )


def _text_id(text: str) -> str:
    """A stable id for a record that brings none: the same text always gets the same id."""
    return "sha1:" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _error(code: str, origin: str, id: str | None = None, **fields: object) -> InputError:
    message = getattr(Errors, code).format(origin=origin, **fields)
    return InputError(origin=origin, code=code, message=message, id=id)
