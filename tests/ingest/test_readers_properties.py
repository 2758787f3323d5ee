"""Property tests of the readers: any bytes, any JSON value, any record ends as Records or coded
InputErrors, one per input record, each naming its file (and line), and never as an exception."""

from __future__ import annotations

import io
import os
import json
import re
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.ingest import read_inputs
from accord.ingest.readers import json_record
from accord.records import InputError, Record

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
CODE = re.compile(r"A1\d\d")
ALIASES = ["id", "text", "body", "content", "article", "story", "full_text", "title", "headline", "date",
           "published", "pubdate", "url", "link", "publisher", "source"]
# Bytes that are mostly text, with the characters that matter to the readers (newlines, NUL, BOM,
# braces, quotes, bad UTF-8) often enough to meet each other.
PIECES = st.sampled_from([b"\n", b"\r\n", b"\r", b" ", b"\0", b"\xef\xbb\xbf", b"{", b"}", b"[", b"]", b'"',
                          b'"text": ', b",", b"\xe9", b"\xff", b"\\ud800", b"BEIRUT (Reuters) - ", b"<p>"])
TEXTISH = st.lists(st.one_of(PIECES, st.binary(max_size=8)), max_size=30).map(b"".join)
# Strings as JSON can write them: lone surrogates (\ud800) included.
STRING = st.text() | st.lists(st.characters() | st.characters(categories=["Cs"]), max_size=5).map("".join)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | STRING,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=12,
)
RECORD = st.fixed_dictionaries({}, optional={key: STRING | JSON for key in ALIASES}) | st.dictionaries(
    st.sampled_from(ALIASES) | st.text(max_size=5), JSON, max_size=6)


def check_item(item: Record | InputError, origin: str, max_chars: int) -> None:
    """A coded error naming ``origin``, or a record the writers can write."""
    if isinstance(item, InputError):
        assert CODE.fullmatch(item.code)
        assert item.origin == origin
        assert item.message.startswith(f"[{item.code}] {origin}")
        return
    assert isinstance(item, Record)
    assert item.origin == origin
    assert item.text.strip() and len(item.text) <= max_chars and "\r" not in item.text
    assert isinstance(item.id, str) and item.id
    assert item.date is None or date.fromisoformat(item.date)
    for value in (item.id, item.text, item.title, item.url, item.publisher):
        if value is not None:  # an analysis is written as UTF-8 JSON: every field must encode
            json.dumps(value, ensure_ascii=False).encode("utf-8")


def read(path: Path, data: bytes, max_chars: int = 5_000_000) -> list[Record | InputError]:
    path.write_bytes(data)
    return list(read_inputs([str(path)], max_chars=max_chars))


@PROPERTY
@given(data=TEXTISH | st.binary(), suffix=st.sampled_from([".txt", ".md"]), max_chars=st.integers(1, 64))
def test_any_bytes_as_a_text_file_is_one_item(tmp_path: Path, data: bytes, suffix: str, max_chars: int) -> None:
    path = tmp_path / f"a{suffix}"
    [item] = read(path, data, max_chars)
    check_item(item, str(path), max_chars)


@PROPERTY
@given(data=TEXTISH | st.binary())
def test_any_bytes_as_json_lines_is_one_item_per_line(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "a.jsonl"
    found = read(path, data)
    lines = [n for n, raw in enumerate(io.BytesIO(data), 1) if raw.strip()]
    if b"\0" in io.BytesIO(data).readline() or not lines:  # binary or empty: one error for the file
        [item] = found
        assert isinstance(item, InputError) and item.code in ("A102", "A103")
        check_item(item, str(path), 5_000_000)
        return
    assert len(found) == len(lines)
    for item, lineno in zip(found, lines):
        check_item(item, f"{path}:{lineno}", 5_000_000)


@PROPERTY
@given(data=TEXTISH | st.binary() | JSON.map(lambda value: json.dumps(value).encode()))
def test_any_bytes_as_a_json_file(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "a.json"
    found = read(path, data)
    assert found
    if len(found) > 1 or found[0].origin.startswith(f"{path}["):  # a list: one item per element
        for i, item in enumerate(found):
            check_item(item, f"{path}[{i}]", 5_000_000)
    else:
        [item] = found
        origin = item.origin if re.fullmatch(re.escape(str(path)) + r":\d+", item.origin) else str(path)
        check_item(item, origin, 5_000_000)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=TEXTISH | st.binary() | st.text().map(lambda text: f"<html><body><p>{text}</p></body></html>".encode()))
def test_any_bytes_as_an_html_file_is_one_item(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "a.html"
    [item] = read(path, data)
    check_item(item, str(path), 5_000_000)


@PROPERTY
@given(value=JSON | RECORD)
def test_any_json_value_as_a_line_is_one_item(tmp_path: Path, value: object) -> None:
    path = tmp_path / "a.jsonl"
    [item] = read(path, json.dumps(value).encode() + b"\n")
    check_item(item, f"{path}:1", 5_000_000)


@PROPERTY
@given(record=RECORD, max_chars=st.integers(1, 64))
def test_any_record_dict(record: dict, max_chars: int) -> None:
    item = json_record(record, "post", max_chars)
    check_item(item, "post", max_chars)
    if isinstance(item, Record):
        texts = [record[key] for key in ("text", "body", "content", "article", "story", "full_text")
                 if isinstance(record.get(key), str)]
        expected = re.sub("[\ud800-\udfff]", "\ufffd", texts[0])  # lone surrogates: U+FFFD
        assert item.text == expected.replace("\r\n", "\n").replace("\r", "\n")


@PROPERTY
@given(data=TEXTISH | st.binary())
def test_any_bytes_on_standard_input(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    found = list(read_inputs(["-"]))
    assert found
    for item in found:
        check_item(item, item.origin if item.origin.startswith("<stdin>:") else "<stdin>", 5_000_000)


@PROPERTY
@given(name=st.binary(min_size=1, max_size=12).filter(lambda name: b"/" not in name and b"\0" not in name),
       data=TEXTISH)
def test_any_file_name_in_a_folder(tmp_path_factory: pytest.TempPathFactory, name: bytes, data: bytes) -> None:
    folder = tmp_path_factory.mktemp("names")
    path = Path(os.fsdecode(bytes(folder) + b"/" + name + b".txt"))
    path.write_bytes(data)
    for item in read_inputs([str(folder)]):
        assert item.origin.startswith(str(folder))
        json.dumps(item.to_json() if isinstance(item, InputError) else item.origin, ensure_ascii=False).encode()
