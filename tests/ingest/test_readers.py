"""read_inputs: every format, every error code, order, folders and standard input."""

from __future__ import annotations

import hashlib
import io
import json
import os
import sys
from pathlib import Path

import pytest

from accord.errors import InputPathError
from accord.ingest import count_records, read_inputs
from accord.ingest.readers import text_record
from accord.records import InputError, Record

SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "seed" / "vienna-2015-11-14.txt"
STORY = "LONDON (Reuters) - Ministers met on Saturday to discuss a ceasefire in the region."


def write(path: Path, content: str | bytes) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return str(path)


def items(*paths: str, **kwargs: int) -> list[Record | InputError]:
    return list(read_inputs(list(paths), **kwargs))


def only(*paths: str, **kwargs: int) -> Record | InputError:
    [item] = items(*paths, **kwargs)
    return item


def jsonl(*objects: object) -> str:
    return "".join(json.dumps(obj) + "\n" for obj in objects)


def test_text_file_keeps_title_in_text_and_normalises_newlines(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "\ufeffTalks resume\r\n\r\n" + STORY + "\r\n")
    record = only(path)
    assert isinstance(record, Record)
    assert record.text == "Talks resume\n\n" + STORY + "\n"
    assert record.title == "Talks resume"
    assert record.id == "sha1:" + hashlib.sha1(record.text.encode()).hexdigest()[:16]
    assert record.origin == path
    assert record.date is None


def test_text_title_needs_a_blank_line_and_a_short_line(tmp_path: Path) -> None:
    assert only(write(tmp_path / "a.txt", "First line\nsecond line\n\nmore")).title is None
    assert only(write(tmp_path / "b.txt", "x" * 300 + "\n\nbody")).title is None
    assert only(write(tmp_path / "c.txt", "x" * 299 + "\n\nbody")).title == "x" * 299


def test_same_text_gets_same_id(tmp_path: Path) -> None:
    first = only(write(tmp_path / "a.txt", STORY))
    second = only(write(tmp_path / "b.text", STORY))
    other = only(write(tmp_path / "c.txt", STORY + "!"))
    assert first.id == second.id != other.id


def test_explicit_file_with_other_suffix_is_text(tmp_path: Path) -> None:
    record = only(write(tmp_path / "story.md", STORY))
    assert isinstance(record, Record) and record.text == STORY


def test_jsonl_fields_aliases_and_dates(tmp_path: Path) -> None:
    path = write(
        tmp_path / "a.jsonl",
        jsonl(
            {"id": "x1", "text": STORY, "title": "T", "date": "2015-11-14T10:00:00Z",
             "url": "https://e.org/1", "publisher": "Reuters"},
            {"id": 42, "body": "Body text.", "headline": "H", "published": "14 November 2015",
             "link": "https://e.org/2", "source": "AP"},
            {"content": "Content text.", "pubdate": "Nov 14, 2015", "source": {"name": "AFP"}},
            {"full_text": "Full text.", "date": "sometime soon"},
        ),
    )
    first, second, third, fourth = items(path)
    assert (first.id, first.text, first.title, first.date, first.url, first.publisher, first.origin) == (
        "x1", STORY, "T", "2015-11-14", "https://e.org/1", "Reuters", f"{path}:1")
    assert (second.id, second.text, second.title, second.date, second.url, second.publisher) == (
        "42", "Body text.", "H", "2015-11-14", "https://e.org/2", "AP")
    assert third.id == "sha1:" + hashlib.sha1(b"Content text.").hexdigest()[:16]
    assert (third.date, third.publisher, third.origin) == ("2015-11-14", None, f"{path}:3")
    assert (fourth.text, fourth.date) == ("Full text.", None)


def test_jsonl_bad_line_in_the_middle_keeps_order(tmp_path: Path) -> None:
    path = write(tmp_path / "a.ndjson", jsonl({"id": "a", "text": "One."}) + "{not json\n\n"
                 + jsonl({"id": "c", "text": "Three."}))
    first, second, third = items(path)
    assert isinstance(first, Record) and first.id == "a"
    assert isinstance(second, InputError) and second.code == "A105"
    assert second.origin == f"{path}:2" and f"{path}:2" in second.message
    assert isinstance(third, Record) and third.id == "c" and third.origin == f"{path}:4"


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ('{"id": "n", "headline": "no text"}', "A106"),
        ('[1, 2]', "A107"),
        ('"just a string"', "A107"),
        ('{"id": "e", "text": "  \\n "}', "A108"),
    ],
)
def test_jsonl_record_errors(tmp_path: Path, line: str, code: str) -> None:
    path = write(tmp_path / "a.jsonl", jsonl({"text": "ok"}) + line + "\n")
    good, bad = items(path)
    assert isinstance(good, Record)
    assert isinstance(bad, InputError)
    assert bad.code == code and bad.message.startswith(f"[{code}] {path}:2:")


def test_jsonl_error_keeps_record_id(tmp_path: Path) -> None:
    error = only(write(tmp_path / "a.jsonl", jsonl({"id": 7, "title": "no text"})))
    assert isinstance(error, InputError) and (error.code, error.id) == ("A106", "7")
    assert "text, body, content" in error.message


def test_jsonl_invalid_utf8_names_line_and_offset(tmp_path: Path) -> None:
    first = b'{"text": "fine"}\n'
    path = write(tmp_path / "a.jsonl", first + b'{"text": "caf\xe9"}\n')
    good, bad = items(path)
    assert isinstance(good, Record)
    assert isinstance(bad, InputError) and bad.code == "A104" and bad.origin == f"{path}:2"
    assert f"byte 0xe9 at byte offset {len(first) + 13}" in bad.message


def test_jsonl_lone_surrogate_escapes_become_replacement_characters(tmp_path: Path) -> None:
    # '"\\ud83d"' is half an emoji, as a string cut in UTF-16 leaves it; spaCy and UTF-8 writers refuse it.
    line = '{"id": "s\\udc00", "text": "Rebels \\ud83d attacked.", "title": "cut \\ud83d"}\n'
    path = write(tmp_path / "a.jsonl", line)
    record = only(path)
    assert isinstance(record, Record)
    assert (record.id, record.text, record.title) == ("s\ufffd", "Rebels \ufffd attacked.", "cut \ufffd")


def test_jsonl_streams_without_reading_the_whole_file(tmp_path: Path) -> None:
    path = write(tmp_path / "a.jsonl", jsonl(*({"text": f"Story {i}."} for i in range(3))))
    stream = read_inputs([path])
    first = next(stream)
    assert isinstance(first, Record) and first.text == "Story 0."
    assert [r.text for r in stream] == ["Story 1.", "Story 2."]


def test_json_file_list_and_object(tmp_path: Path) -> None:
    listed = write(tmp_path / "a.json", json.dumps([{"id": "a", "text": "One."}, 5, {"story": "Three."}]))
    first, second, third = items(listed)
    assert (first.id, first.origin) == ("a", f"{listed}[0]")
    assert isinstance(second, InputError) and second.code == "A107" and "a number" in second.message
    assert isinstance(third, Record) and third.text == "Three."
    single = write(tmp_path / "b.json", json.dumps({"id": "b", "article": "Alone."}))
    record = only(single)
    assert (record.id, record.text, record.origin) == ("b", "Alone.", single)


def test_malformed_json_file_names_line(tmp_path: Path) -> None:
    path = write(tmp_path / "a.json", '[\n{"text": "One."},\n{"text": }\n]')
    error = only(path)
    assert isinstance(error, InputError) and error.code == "A105" and error.origin == f"{path}:3"


HTML = """<html><head><title>Kerry talks peace - Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2015-11-14T10:00:00Z">
<link rel="canonical" href="https://example.org/kerry">
</head><body><nav>Home | World</nav><article><h1>Kerry talks peace</h1>
<p>VIENNA (Reuters) - Secretary of State John Kerry said on Saturday that talks in Vienna
had produced a plan for Syria, with elections within two years.</p>
<p>Foreign ministers from more than a dozen countries agreed to seek a ceasefire across
the country, officials said after the meeting ended.</p>
</article><footer>Copyright notice</footer></body></html>"""


def test_html_text_and_metadata(tmp_path: Path) -> None:
    path = write(tmp_path / "a.html", HTML)
    record = only(path)
    assert isinstance(record, Record)
    assert "Kerry said on Saturday" in record.text and "Home | World" not in record.text
    assert (record.title, record.date, record.url, record.publisher, record.origin) == (
        "Kerry talks peace", "2015-11-14", "https://example.org/kerry", "Example News", path)


def test_html_in_declared_charset(tmp_path: Path) -> None:
    page = HTML.replace("<head>", '<head><meta charset="windows-1252">').replace("Vienna", "Wien café")
    record = only(write(tmp_path / "a.htm", page.encode("cp1252")))
    assert isinstance(record, Record) and "Wien café" in record.text


def test_html_without_text(tmp_path: Path) -> None:
    error = only(write(tmp_path / "a.html", "<html><head><title>x</title></head><body></body></html>"))
    assert isinstance(error, InputError) and error.code == "A109"


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("empty.txt", b"", "A102"),
        ("empty.jsonl", b"\n\n", "A102"),
        ("empty.json", b"  \n", "A102"),
        ("empty-list.json", b"[]", "A102"),
        ("empty.html", b"", "A102"),
        ("binary.txt", b"PK\x03\x04\x00\x00data", "A103"),
        ("binary.jsonl", b"\x00\x01\x02\n{}\n", "A103"),
        ("blank.txt", b" \n\t\n", "A108"),
    ],
)
def test_file_errors(tmp_path: Path, name: str, content: bytes, code: str) -> None:
    path = write(tmp_path / name, content)
    error = only(path)
    assert isinstance(error, InputError)
    assert (error.code, error.origin) == (code, path)
    assert error.message.startswith(f"[{code}] {path}:")


def test_invalid_utf8_text_names_offset(tmp_path: Path) -> None:
    error = only(write(tmp_path / "a.txt", b"Caf\xe9 au lait"))
    assert isinstance(error, InputError) and error.code == "A104"
    assert "byte 0xe9 at byte offset 3" in error.message


def test_over_max_chars_is_refused_else_kept_whole(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "word " * 40)
    error = only(path, max_chars=100)
    assert isinstance(error, InputError) and error.code == "A110" and "200 characters" in error.message
    record = only(path, max_chars=200)
    assert isinstance(record, Record) and len(record.text) == 200


def test_missing_path_raises_before_reading(tmp_path: Path) -> None:
    good = write(tmp_path / "a.txt", STORY)
    missing = str(tmp_path / "nope.txt")
    with pytest.raises(InputPathError) as raised:
        read_inputs([good, missing])  # raises on the call, not on the first item
    assert "[A101]" in str(raised.value) and missing in str(raised.value)


def test_symbolic_link_loop_given_is_named_a_loop(tmp_path: Path) -> None:
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    with pytest.raises(InputPathError, match=r"^\[A115\] .*loop.txt: a symbolic link loop"):
        read_inputs([str(loop)])


def test_dangling_link_given_names_its_target(tmp_path: Path) -> None:
    link = tmp_path / "a.txt"
    link.symlink_to(tmp_path / "gone.txt")
    with pytest.raises(InputPathError, match=r"^\[A111\] .*a.txt: cannot be read \(a symbolic link to '.*gone.txt'"):
        read_inputs([str(link)])


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_pipe_or_device_given_is_refused_before_reading(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "feed.jsonl"
    if kind == "fifo":
        os.mkfifo(path)  # opening it would wait for a writer forever
    else:
        path.symlink_to("/dev/zero")  # reading it would never end
    with pytest.raises(InputPathError, match=r"^\[A116\] .*feed.jsonl: not a regular file but a (named|character)"):
        read_inputs([str(path)])


def test_links_pipes_and_devices_in_a_folder_are_error_records(tmp_path: Path) -> None:
    (tmp_path / "a-loop.txt").symlink_to(tmp_path / "a-loop.txt")
    (tmp_path / "b-gone.txt").symlink_to(tmp_path / "nowhere.txt")
    os.mkfifo(tmp_path / "c-pipe.jsonl")
    (tmp_path / "d-zero.txt").symlink_to("/dev/zero")
    write(tmp_path / "e.txt", STORY)
    found = items(str(tmp_path))
    assert [(item.code, Path(item.origin).name) for item in found[:4]] == [
        ("A115", "a-loop.txt"), ("A111", "b-gone.txt"), ("A116", "c-pipe.jsonl"), ("A116", "d-zero.txt")]
    assert isinstance(found[4], Record)
    assert count_records([str(tmp_path)]) == 5  # the progress bar neither hangs nor fails on them


def test_folder_that_cannot_be_listed_is_an_error_in_its_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "a.txt", "A.")
    write(tmp_path / "b" / "hidden-by-permissions.txt", "B.")
    write(tmp_path / "c.txt", "C.")
    locked = str(tmp_path / "b")
    scandir = os.scandir

    def no_entry(path: str = "."):  # chmod 000 does not stop root, so the refusal is simulated
        if str(path) == locked:
            raise PermissionError(13, "Permission denied", locked)
        return scandir(path)

    monkeypatch.setattr(os, "scandir", no_entry)
    first, error, last = items(str(tmp_path))
    assert (first.text, last.text) == ("A.", "C.")
    assert isinstance(error, InputError) and (error.code, error.origin) == ("A111", locked)
    assert "Permission denied" in error.message
    assert count_records([str(tmp_path)]) == 3


def test_unreadable_file_in_a_folder(tmp_path: Path) -> None:
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")  # listed, but cannot be opened
    write(tmp_path / "ok.txt", STORY)
    error, record = items(str(tmp_path))
    assert isinstance(error, InputError) and error.code == "A111"
    assert error.origin == str(tmp_path / "gone.txt")
    assert isinstance(record, Record)


def test_file_name_that_is_not_utf8_is_an_origin_writers_take(tmp_path: Path) -> None:
    folder = str(tmp_path).encode()
    Path((folder + b"/caf\xe9.txt").decode("utf-8", "surrogateescape")).write_bytes(b"")
    error = only(str(tmp_path))
    assert isinstance(error, InputError) and error.code == "A102"
    assert error.origin == str(tmp_path / "caf\\xe9.txt")
    json.dumps(error.to_json(), ensure_ascii=False).encode("utf-8")  # raised UnicodeEncodeError: '\udce9'


def test_directory_recursion_sorting_and_filtering(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", "B.")
    write(tmp_path / "a" / "z.jsonl", jsonl({"text": "AZ1."}, {"text": "AZ2."}))
    write(tmp_path / "a" / "c.TXT", "AC.")
    write(tmp_path / "a.json", json.dumps({"text": "A-json."}))
    write(tmp_path / ".hidden.txt", "hidden")
    write(tmp_path / ".git" / "x.txt", "hidden folder")
    write(tmp_path / "notes.md", "not an article suffix")
    write(tmp_path / "c.html", HTML)
    texts = [r.text for r in items(str(tmp_path))]
    assert texts[:5] == ["AC.", "AZ1.", "AZ2.", "A-json.", "B."]
    assert len(texts) == 6 and "Kerry said" in texts[5]


def test_paths_keep_their_order(tmp_path: Path) -> None:
    second = write(tmp_path / "a.txt", "Second.")
    first = write(tmp_path / "b.txt", "First.")
    assert [r.text for r in items(first, second)] == ["First.", "Second."]


def stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_stdin_text(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin(monkeypatch, ("\n\nHeadline\n\n" + STORY).encode())
    record = only("-")
    assert isinstance(record, Record)
    assert record.text == "\n\nHeadline\n\n" + STORY and record.origin == "<stdin>"


def test_stdin_jsonl(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    stdin(monkeypatch, b"\n" + jsonl({"id": "s1", "text": "One."}, {"id": "s2"}).encode())
    after = write(tmp_path / "z.txt", "After.")
    first, second, third = items("-", after)
    assert (first.id, first.origin) == ("s1", "<stdin>:2")
    assert isinstance(second, InputError) and (second.code, second.origin) == ("A106", "<stdin>:3")
    assert third.text == "After."


def test_empty_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin(monkeypatch, b"")
    error = only("-")
    assert isinstance(error, InputError) and error.code == "A102"


def test_text_record_matches_a_text_file(tmp_path: Path) -> None:
    from_file = only(write(tmp_path / "a.txt", "Headline\r\n\r\n" + STORY))
    from_code = text_record("Headline\n\n" + STORY)
    assert (from_code.id, from_code.text, from_code.title) == (from_file.id, from_file.text, from_file.title)


def test_seed_article() -> None:
    if not SEED.exists():
        pytest.skip("shared seed article absent")
    record = only(str(SEED))
    assert isinstance(record, Record)
    assert record.title == "Kerry says he has been told Assad means to enter real negotiation"
    assert record.text.startswith(record.title + "\n\n")
