"""atomic_output writes a file whole or not at all; check_output refuses an output that is an input."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from accord.errors import InputPathError
from accord.outfiles import atomic_output, check_output


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def test_atomic_output_writes_the_file_whole(tmp_path: Path) -> None:
    out = tmp_path / "new" / "out.jsonl"
    with atomic_output(str(out)) as f:
        f.write("one\n")
        assert not out.exists()  # nothing at the target until the block ends
    assert out.read_text() == "one\n" and leftovers(out.parent) == []


@pytest.mark.parametrize("stop", [RuntimeError("a bug"), KeyboardInterrupt()])
def test_atomic_output_leaves_the_old_file_when_the_run_stops(tmp_path: Path, stop: BaseException) -> None:
    out = tmp_path / "out.csv"
    out.write_text("old rows\n")
    with pytest.raises(type(stop)):
        with atomic_output(str(out)) as f:
            f.write("half of the new rows")
            raise stop
    assert out.read_text() == "old rows\n" and leftovers(tmp_path) == []


def test_atomic_output_keeps_the_mode_and_writes_through_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old")
    real.chmod(0o640)
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    with atomic_output(str(link), binary=True) as f:
        f.write(b"new")
    assert link.is_symlink() and real.read_text() == "new"
    assert real.stat().st_mode & 0o777 == 0o640


def test_atomic_output_new_file_gets_the_usual_mode(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        with atomic_output(str(tmp_path / "a.csv")) as f:
            f.write("x")
    finally:
        os.umask(umask)
    assert (tmp_path / "a.csv").stat().st_mode & 0o777 == 0o644


def test_atomic_output_standard_output_streams(capsys: pytest.CaptureFixture[str]) -> None:
    with atomic_output("-") as f:
        f.write("row\n")
    assert capsys.readouterr().out == "row\n"


def test_atomic_output_that_cannot_be_written_is_a_coded_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    with pytest.raises(InputPathError, match=r"^\[A117\] .*file/out.csv: cannot write"):
        with atomic_output(str(tmp_path / "file" / "out.csv")):
            pass
    (tmp_path / "folder").mkdir()
    with pytest.raises(InputPathError, match=r"^\[A117\]"):
        with atomic_output(str(tmp_path / "folder")) as f:
            f.write("rows")
    assert leftovers(tmp_path) == []


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    (tmp_path / "feed" / ".hidden").mkdir(parents=True)
    (tmp_path / "feed" / "a.jsonl").write_text("{}\n")
    (tmp_path / "x.jsonl").write_text("{}\n")
    os.link(tmp_path / "x.jsonl", tmp_path / "hard.jsonl")
    (tmp_path / "soft.jsonl").symlink_to(tmp_path / "x.jsonl")
    return tmp_path


@pytest.mark.parametrize(
    ("out", "why"),
    [
        ("x.jsonl", "the input itself"),
        ("./x.jsonl", "the input itself"),
        ("hard.jsonl", "the input x.jsonl under another name"),
        ("soft.jsonl", "the input x.jsonl under another name"),
        ("feed/a.jsonl", "a file that the input folder feed reads"),
        ("feed/new/b.txt", "a file that the input folder feed reads"),  # read by the next run
    ],
)
def test_check_output_refuses_an_input(inputs: Path, monkeypatch: pytest.MonkeyPatch, out: str, why: str) -> None:
    monkeypatch.chdir(inputs)
    with pytest.raises(InputPathError) as raised:
        check_output(out, ["-", "x.jsonl", "feed"])
    assert str(raised.value).startswith(f"[A114] {out}: the output is {why};")


@pytest.mark.parametrize("out", [None, "-", "y.jsonl", "feed/events.csv", "feed/.hidden/out.jsonl",
                                 "feed/.out.jsonl"])
def test_check_output_lets_other_paths_through(inputs: Path, monkeypatch: pytest.MonkeyPatch, out: str) -> None:
    monkeypatch.chdir(inputs)
    check_output(out, ["-", "x.jsonl", "feed"])


def test_check_output_refuses_a_folder(inputs: Path) -> None:
    with pytest.raises(InputPathError, match=r"^\[A117\] .*feed: cannot write the output there \(it is a folder\)"):
        check_output(str(inputs / "feed"), [str(inputs / "x.jsonl")])
