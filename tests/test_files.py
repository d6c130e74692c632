"""Paths that are not routine files: devices, named pipes, files too large or not UTF-8.

Each must end quickly with a clear message, and every file named or found must get its result in
every output format: E003 (binary or not UTF-8: a finding, exit 1) or E004 (not read at all:
exit 2, also said on stderr)."""

from __future__ import annotations

import io
import json
import os
import stat
from pathlib import Path

import jsonschema
import pytest
from sarif_pydantic import Sarif

from hamdsl.cli.main import main
from hamdsl.core import files
from hamdsl.core.files import MAX_FILE_BYTES, SourceError, read_source
from tests.conftest import EXAMPLES, ROOT, refuse_reading, run_hamdsl

#: A routine without findings.
GOOD = (EXAMPLES / "003-workout-1.ham").read_text(encoding="utf-8")
#: Every command that reads routines, with the arguments it needs besides the path.
READERS = [
    ["lint", "--no-cache"],
    ["lint", "--no-cache", "--format", "json"],
    ["fmt"],
    ["fmt", "--check"],
    ["summary"],
    ["parse"],
    ["export", "-f", "json"],
]
FORMATS = ["full", "concise", "json", "github", "sarif"]

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
needs_dev_zero = pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


# ---------------------------------------------------------------------- 1. not a regular file


@needs_dev_zero
def test_lint_dev_zero_exits_2_at_once() -> None:
    """The command as a user types it; the timeout turns the old endless read into a failure."""
    result = run_hamdsl("lint", "/dev/zero", timeout=30)
    assert result.returncode == 2
    assert (
        "hamdsl: error: /dev/zero: not a regular file (a character device); hamdsl reads routine "
        "files only\n" in result.stderr
    )
    assert "Traceback" not in result.stderr


@needs_fifo
def test_lint_fifo_without_writer_exits_2_at_once(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.ham"
    os.mkfifo(pipe)
    result = run_hamdsl("lint", str(pipe), timeout=30)  # open() used to block here for ever
    assert result.returncode == 2
    assert f"{pipe}: not a regular file (a named pipe); hamdsl reads routine files only" in result.stderr


@needs_dev_zero
@needs_fifo
@pytest.mark.parametrize("command", READERS, ids=" ".join)
def test_every_reader_refuses_devices_pipes_and_links_to_them_before_reading(
    tmp_path: Path, command: list[str]
) -> None:
    pipe = tmp_path / "pipe.ham"
    os.mkfifo(pipe)
    link = tmp_path / "zero.ham"
    link.symlink_to("/dev/zero")
    cases = [
        ("/dev/zero", "a character device"),
        (str(link), "a character device"),
        (str(pipe), "a named pipe"),
    ]
    for path, kind in cases:
        code, _out, err = run(*command, path)  # the message says it was refused by its kind, unread
        assert code == 2, (command, path, err)
        assert f"{path}: not a regular file ({kind}); hamdsl reads routine files only" in err, (command, err)
    assert stat.S_ISFIFO(pipe.lstat().st_mode) and link.is_symlink()  # nothing was replaced


@needs_fifo
def test_a_fifo_found_in_a_folder_is_reported_not_skipped_nor_waited_on(tmp_path: Path) -> None:
    (tmp_path / "a.ham").write_text(GOOD)
    os.mkfifo(tmp_path / "b.ham")
    code, out, err = run("lint", "--no-cache", "--format", "json", str(tmp_path))
    assert code == 2
    [row] = json.loads(out)
    assert (row["filename"], row["code"], row["name"]) == (str(tmp_path / "b.ham"), "E004", "io-error")
    assert row["message"] == "not a regular file (a named pipe); hamdsl reads routine files only"
    assert f"{tmp_path / 'b.ham'}: not a regular file" in err


def test_a_file_bigger_than_stat_says_is_refused_at_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The read itself stops at the limit: ``stat`` may say 30 bytes for a file that grew."""
    path = tmp_path / "grown.ham"
    path.write_bytes(b"# " + b"x" * (2 * MAX_FILE_BYTES) + b"\n")
    real_stat = os.stat

    def lying_stat(target: object, *args: object, **kwargs: object) -> os.stat_result:
        result = real_stat(target, *args, **kwargs)  # type: ignore[arg-type]
        if os.fspath(target) == str(path):  # type: ignore[arg-type]
            values = list(result)
            values[stat.ST_SIZE] = 30
            return os.stat_result(values)
        return result

    monkeypatch.setattr(files.os, "stat", lying_stat)
    assert os.stat(path).st_size == 30
    with pytest.raises(SourceError) as caught:
        read_source(path)
    assert str(caught.value) == f"{path}: the file is over 1 MiB; routines over 1 MiB are refused"
    assert not caught.value.undecodable


@needs_dev_zero
def test_a_device_that_passes_stat_is_refused_on_the_open_handle(monkeypatch: pytest.MonkeyPatch) -> None:
    """A path swapped for a device between the ``stat`` and the ``open`` is still refused before
    anything is read (``/dev/zero`` would otherwise be read up to the limit and called binary)."""
    real_stat = os.stat
    regular = real_stat(__file__)

    def swapped(target: object, *args: object, **kwargs: object) -> os.stat_result:
        return regular if os.fspath(target) == "/dev/zero" else real_stat(target, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(files.os, "stat", swapped)
    with pytest.raises(SourceError, match=r"^/dev/zero: not a regular file \(a character device\)"):
        read_source("/dev/zero")


# ----------------------------------------------------------------- 2. every file, every format


def unreadable_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "a-good.ham").write_text(GOOD)
    (folder / "b-latin1.ham").write_bytes("session:\n  A1: curl 3x8  # café\n".encode("latin-1"))
    (folder / "c-binary.ham").write_bytes(b"session:\n  A1: \x00\x01\x02")
    return folder


@pytest.mark.parametrize("fmt", FORMATS)
def test_undecodable_files_are_findings_in_every_format(tmp_path: Path, fmt: str) -> None:
    folder = unreadable_folder(tmp_path)
    code, out, err = run("lint", "--no-cache", "--format", fmt, str(folder))
    assert code == 1, err  # a finding, not an error of the run
    assert err == ""
    assert str(folder / "b-latin1.ham") in out and str(folder / "c-binary.ham") in out
    assert "E003" in out
    if fmt == "concise":
        assert out.splitlines() == [
            f"{folder / 'b-latin1.ham'}:2:22: E003 [error] the file is not valid UTF-8 (byte 0xe9)",
            f"{folder / 'c-binary.ham'}:2:7: E003 [error] this is a binary file, not a routine "
            "(it contains NUL bytes)",
        ]
    if fmt == "github":
        assert "line=2,col=22,endLine=2,endColumn=23,title=hamdsl E003 (undecodable-text)" in out
    assert run("lint", "--no-cache", "--exit-zero", "--format", fmt, str(folder))[0] == 0


@pytest.mark.parametrize("fmt", FORMATS)
def test_files_that_cannot_be_read_are_in_every_format_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    folder = unreadable_folder(tmp_path)
    locked = folder / "d-locked.ham"
    locked.write_text(GOOD)
    refuse_reading(monkeypatch, locked)
    code, out, err = run("lint", "--no-cache", "--exit-zero", "--format", fmt, str(folder))
    assert code == 2  # --exit-zero does not hide a file that was not checked
    assert err == f"hamdsl: error: {locked}: permission denied; check the file's read permission\n"
    for name in ("b-latin1.ham", "c-binary.ham", "d-locked.ham"):
        assert str(folder / name) in out, (fmt, name)
    assert "E004" in out and "permission denied" in out


def test_json_and_sarif_of_unreadable_files_follow_their_schemas(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = unreadable_folder(tmp_path)
    locked = folder / "d-locked.ham"
    locked.write_text(GOOD)
    refuse_reading(monkeypatch, locked)
    _, out, _ = run("lint", "--no-cache", "--format", "json", str(folder))
    data = json.loads(out)
    jsonschema.validate(
        data, json.loads((ROOT / "tests" / "schemas" / "lint-output.schema.json").read_text())
    )
    assert [(Path(d["filename"]).name, d["code"], d["location"]) for d in data] == [
        ("b-latin1.ham", "E003", {"row": 2, "column": 22}),
        ("c-binary.ham", "E003", {"row": 2, "column": 7}),
        ("d-locked.ham", "E004", {"row": 1, "column": 1}),
    ]
    assert data[0]["hint"] == "save it as UTF-8 in your editor"
    _, out, _ = run("lint", "--no-cache", "--format", "sarif", str(folder))
    sarif = Sarif.model_validate_json(out)
    rules = sarif.runs[0].tool.driver.rules or []
    assert {(r.id, r.name) for r in rules} == {("E003", "undecodable-text"), ("E004", "io-error")}
    assert len(sarif.runs[0].results or []) == 3


def test_the_new_core_codes_are_documented_rules() -> None:
    code, out, _ = run("rules")
    assert code == 0 and "E003" in out and "undecodable-text" in out and "E004" in out and "io-error" in out
    for name in ("E003", "undecodable-text", "E004", "io-error"):
        code, out, _ = run("rule", name)
        assert code == 0 and "## What it checks" in out, name


def test_single_file_commands_treat_undecodable_text_as_a_finding(tmp_path: Path) -> None:
    path = tmp_path / "latin.ham"
    path.write_bytes("session:\n  A1: curl 3x8  # café\n".encode("latin-1"))
    for command in READERS:
        code, out, err = run(*command, str(path))
        assert code == 1, (command, err)
        if command[0] == "lint" and "json" in command:
            assert [(d["code"], d["location"]) for d in json.loads(out)] == [
                ("E003", {"row": 2, "column": 22})
            ]
        else:
            assert f"{path}:2:22:" in err + out and "not valid UTF-8 (byte 0xe9)" in err + out, (command, err)


# ------------------------------------------------------------------------- the result cache


@needs_fifo
def test_the_cache_never_answers_for_a_file_that_cannot_be_read_now(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HAMDSL_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "r.ham"
    path.write_text(GOOD)
    assert run("lint", "--format", "concise", str(path))[0] == 0  # now cached as clean

    # Read permission taken away: chmod leaves the modification time, so size and time match.
    refuse_reading(monkeypatch, path)
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode, **kw: os.fspath(p) != str(path) and real_access(p, mode, **kw)
    )
    code, out, err = run("lint", "--format", "concise", str(path))
    reason = "permission denied; check the file's read permission"
    assert (code, out, err) == (
        2,
        f"{path}:1:1: E004 [error] {reason}\n",
        f"hamdsl: error: {path}: {reason}\n",
    )
    monkeypatch.undo()
    monkeypatch.setenv("HAMDSL_CACHE_DIR", str(tmp_path / "cache"))
    assert run("lint", "--format", "concise", str(path)) == (0, "", "")

    # The same name, now a named pipe: refused, not answered from the cache, and no hang.
    path.unlink()
    os.mkfifo(path)
    code, out, _err = run("lint", "--format", "json", str(path))
    assert code == 2 and [d["code"] for d in json.loads(out)] == ["E004"]


def test_undecodable_files_are_never_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HAMDSL_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "r.ham"
    path.write_bytes(b"session:\n  A1: lying leg curl 3x8 \xff\n")
    first = run("lint", "--select", "E", "--format", "concise", str(path))
    assert first[0] == 1 and "E003" in first[1]
    assert run("lint", "--select", "E", "--format", "concise", str(path)) == first
    # Fixed with the same size and modification time: a stale cached E003 would show here.
    before = path.stat()
    path.write_bytes(b"session:\n  A1: lying leg curl 3x8 #\n")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert run("lint", "--select", "E", "--format", "concise", str(path)) == (0, "", "")


def test_an_interrupted_write_keeps_the_old_file_and_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C between writing the temporary file and renaming it (injected at the rename)."""
    from hamdsl.core.files import write_atomic

    path = tmp_path / "plan.ham"
    path.write_text(GOOD)

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(path, b"session:\n  half a file")
    assert path.read_text() == GOOD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.ham"]
