"""Issue 9: no input crashes hamdsl, no output can be injected, nothing is lost.

Everything goes through the real command line, in-process (``hamdsl.cli.main.main`` with string
streams) so that hundreds of inputs fit in the normal test run; the subprocess tests elsewhere
already cover entry points and the stdout/stderr split. The long fuzz run (100,000+ inputs) is
``tests/fuzz/run_long.py``; its last result is in ``tests/fuzz/README.md``.

What is not repeated here: "parse never raises" (test_syntax_errors.py), fmt's atomic rewrite and
simulated full disk (test_fmt.py), Markdown/JSON/iCal structure under hostile names
(test_export.py), odd CLI inputs (test_lint_cli.py).
"""

from __future__ import annotations

import errno
import io
import json
import os
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hamdsl.cli.main import main
from hamdsl.core import files
from hamdsl.language.parser import MAX_LINE_LENGTH, MAX_LINES
from tests.conftest import refuse_reading
from tests.test_fmt import routines

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.ham"))
EXAMPLE_BYTES = [p.read_bytes() for p in EXAMPLES]

#: Every command and output format that reads a routine (``--no-cache``: the lint cache is not
#: what is under test, and writing it for every input would be slow).
COMMANDS: list[list[str]] = [
    ["lint", "--no-cache"],
    ["lint", "--no-cache", "--output-format", "concise"],
    ["lint", "--no-cache", "--output-format", "github"],
    ["lint", "--no-cache", "--output-format", "json"],
    ["lint", "--no-cache", "--output-format", "sarif"],
    ["fmt", "--check"],
    ["fmt", "--diff"],
    ["summary"],
    ["summary", "--format", "json"],
    ["parse"],
    ["parse", "--format", "json"],
    ["export", "-f", "markdown"],
    ["export", "-f", "json"],
    ["export", "-f", "ical", "--start", "2024-01-01", "--tz", "UTC", "--time", "18:00"],
]

# What must never reach a terminal raw: C0/C1 controls (ESC starts ANSI sequences) and the
# bidirectional controls (Trojan Source). Same set as hamdsl.lint.report.safe.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")

#: Exit 2 is documented for input that is not a routine at all and for an iCal export without
#: sessions; any other 2 from a routine's content is a bug.
DOCUMENTED_EXIT_2 = (
    "is not valid UTF-8",
    "this is a binary file",
    "routines over 1 MiB are refused",
    "the routine has no training sessions",
)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def assert_sound(command: list[str], path: Path) -> tuple[int, str, str]:
    """The fuzz oracle: exit 0/1 (2 only where documented), no internal error, no raw control
    or bidi character on either stream."""
    code, out, err = run(*command, str(path))
    assert "internal error" not in err, (command, err)
    assert code in (0, 1, 2), (command, code, err)
    if code == 2:
        assert any(reason in err for reason in DOCUMENTED_EXIT_2), (command, err)
    if "ical" in command:
        out = out.replace("\r\n", "\n")  # RFC 5545 line ends
    for name, text in (("stdout", out), ("stderr", err)):
        found = UNSAFE.search(text)
        assert found is None, (command, name, found and found.group(), text[:2000])
    return code, out, err


# ------------------------------------------------------------------------------------ 1. fuzzing

HOSTILE = [
    "\u202e", "\u2066", "\x1b[31m", "\x1b]8;;http://x\x1b\\", "\x07", "\x85", "\x9b", "\u2028", "\ufeff",
    "\x0b", "\x0c", "\r", "\t", "𝕏", "×", "–", "ﬁ", "İ", "é", "END:VEVENT", "BEGIN:VALARM", "|",
    "<script>", "[x](javascript:alert(1))", "#", ":", "@", "x", "-", "(", ")", "rest ", "for ",
    "with ", "session:", "warmup:", "note:", "A1:",
]  # fmt: skip
HUGE = st.sampled_from(["0", "999999999", str(2**63), "1" * 40, "1-999999999x1-999999999", "9" * 400])


@st.composite
def mutated_examples(draw: st.DrawFn) -> bytes:
    """An example with one to four edits: characters or lines deleted, duplicated or swapped,
    random bytes, huge numbers, hostile unicode."""
    data = bytearray(draw(st.sampled_from(EXAMPLE_BYTES)))
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            data = bytearray(b"x")
        i = draw(st.integers(0, len(data) - 1))
        lines = bytes(data).split(b"\n")
        a = draw(st.integers(0, len(lines) - 1))
        b = draw(st.integers(0, len(lines) - 1))
        kind = draw(
            st.sampled_from(["del", "dup", "swap", "byte", "lines", "dupline", "delline", "num", "text"])
        )
        if kind == "del":
            del data[i : i + draw(st.integers(1, 3))]
        elif kind == "dup":
            data[i:i] = data[i : i + draw(st.integers(1, 8))]
        elif kind == "swap":
            j = draw(st.integers(0, len(data) - 1))
            data[i], data[j] = data[j], data[i]
        elif kind == "byte":
            data[i] = draw(st.integers(0, 255))
        elif kind == "lines":
            lines[a], lines[b] = lines[b], lines[a]
            data = bytearray(b"\n".join(lines))
        elif kind == "dupline":
            lines.insert(a, lines[b])
            data = bytearray(b"\n".join(lines))
        elif kind == "delline":
            del lines[a]
            data = bytearray(b"\n".join(lines))
        elif kind == "num":
            data[i:i] = draw(HUGE).encode()
        else:
            data[i:i] = draw(st.sampled_from(HOSTILE) | st.text(max_size=5)).encode("utf-8", "surrogatepass")
    return bytes(data)


FUZZ = settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@FUZZ
@given(data=mutated_examples(), command=st.sampled_from(COMMANDS))
def test_mutated_examples_never_crash(tmp_path: Path, data: bytes, command: list[str]) -> None:
    path = tmp_path / "routine.ham"
    path.write_bytes(data)
    assert_sound(command, path)
    if command[0] == "fmt":  # --check and --diff write nothing
        assert path.read_bytes() == data


@settings(FUZZ, max_examples=150)
@given(
    data=st.binary(max_size=300) | st.text(max_size=200).map(str.encode), command=st.sampled_from(COMMANDS)
)
def test_random_bytes_and_text_never_crash(tmp_path: Path, data: bytes, command: list[str]) -> None:
    path = tmp_path / "routine.ham"
    path.write_bytes(data)
    assert_sound(command, path)


@settings(FUZZ, max_examples=25)
@given(source=routines())
def test_valid_routines_pass_every_command(tmp_path: Path, source: str) -> None:
    """A generated valid routine: every command runs, none reports a syntax error or exits 2
    (except iCal for a routine that is only warm-ups)."""
    path = tmp_path / "routine.ham"
    path.write_text(source, encoding="utf-8", newline="")
    for command in COMMANDS:
        code, _, err = assert_sound(command, path)
        assert "E001" not in err and "syntax-error" not in err, (command, err)
        if command[0] in ("parse", "summary", "export"):
            assert code in (0, 2), (command, code, err)


def test_every_example_passes_every_command(tmp_path: Path) -> None:
    for example in EXAMPLES:
        for command in COMMANDS:
            code, _, err = assert_sound(command, example)
            assert code != 2 or "no training sessions" in err, (example.name, command, err)


# ------------------------------------------------------------------------------------- 2. limits


def test_a_50_mb_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.ham"
    with path.open("wb") as handle:  # sparse: 50 MB on paper, nothing on disk
        handle.truncate(50 * 1000 * 1000)
    for command in COMMANDS:  # the size in the message comes from the file's status, not a read
        code, _out, err = run(*command, str(path))
        assert code == 2, (command, err)
        assert "huge.ham: the file is 47.7 MiB; routines over 1 MiB are refused" in err, (command, err)


def test_a_10000_character_exercise_name_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "long.ham"
    source = "session:\n  A1: lying leg curl 3x8\n  A2: " + "curl " * 2000 + "3x8\n"
    path.write_text(source, encoding="utf-8")
    length = len(source.split("\n")[2])
    code, out, err = run("lint", "--no-cache", str(path))
    assert code == 1
    assert (
        f"long.ham:3:{MAX_LINE_LENGTH + 1}: E001 [syntax-error] the line is {length} characters long; "
        f"lines over {MAX_LINE_LENGTH} characters are refused" in out
    )
    assert max(len(line) for line in out.split("\n")) < 300  # the excerpt is a window, not the line
    code, _, err = run("fmt", str(path))
    assert code == 1 and "lines over 1000 characters are refused" in err
    assert path.read_text(encoding="utf-8") == source


def test_a_name_just_under_the_line_limit_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "long.ham"
    name = ("curl " * 200)[: MAX_LINE_LENGTH - 20].strip()
    path.write_text(f"session:\n  A1: {name} 3x8\n", encoding="utf-8")
    code, out, _ = run("parse", "--format", "json", str(path))
    assert code == 0 and name in out


def test_100000_exercises_in_one_session_stop_at_the_line_limit(tmp_path: Path) -> None:
    path = tmp_path / "many.ham"
    source = "session:\n" + "  a 3x8\n" * 100_000
    path.write_text(source, encoding="utf-8")
    for command in (["lint", "--no-cache"], ["fmt"], ["summary"], ["export", "-f", "json"]):
        code, out, err = run(*command, str(path))
        assert code == 1, (command, err)
        message = f"the file has 100001 lines; routines over {MAX_LINES} lines are refused"
        assert f"many.ham:{MAX_LINES + 1}:1: E001 [syntax-error] {message}" in out + err, command
    assert path.read_text(encoding="utf-8") == source  # fmt did not touch it


def test_a_huge_range_is_a_limit_message(tmp_path: Path) -> None:
    path = tmp_path / "range.ham"
    path.write_text(
        "session:\n  A1: lying leg curl 1-999999999x1-999999999\n  A2: nordic curl 3x5 rest 999999999min\n"
    )
    code, out, _ = run("lint", "--no-cache", "--output-format", "concise", str(path))
    assert code == 1
    assert "range.ham:2:22: E001 [error] set of 999999999 is over the limit of 100" in out
    assert "over the limit of 21600 seconds" in out


def test_a_rest_too_big_for_a_float_is_a_limit_message(tmp_path: Path) -> None:
    """Found by the fuzz tests: 400 nines made float('inf') and round() raised OverflowError."""
    path = tmp_path / "inf.ham"
    path.write_text("session:\n  A: curl 3x6 rest " + "9" * 400 + "min\n")
    code, out, err = run("lint", "--no-cache", "--output-format", "concise", str(path))
    assert code == 1 and "internal error" not in err
    assert (
        "inf.ham:2:20: E001 [error] the rest '999" in out and "min' is over the limit of 21600 seconds" in out
    )


NINES = "9" * 400


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (f"1rm: lying leg curl {NINES}kg", "1:21: E001 [error] a weight of 999999999999…kg is over"),
        (f"round: {NINES}lb", "1:8: E001 [error] a weight of 999999999999…lb is over the limit of 10000lb"),
        (f"progress: +{NINES}% each week", "1:12: E001 [error] a weekly step of 999999999999…% is not a"),
        (f"progress: +{NINES} sets each week", "1:12: E001 [error] 999999999999… sets is over the"),
        ("progress: +1 set each week to 500 sets", "1:31: E001 [error] 500 sets is over the limit of 100"),
        (f"progress: +{NINES} reps each week", "1:12: E001 [error] 999999999999… reps is over the"),
        (f"progress: -{NINES} rir each week", "1:12: E001 [error] 999999999999… RIR is over the"),
    ],
)
def test_block_numbers_too_big_to_plan_are_limit_messages(tmp_path: Path, line: str, message: str) -> None:
    """Found by review: a 1RM and a rounding step of 400 nines made inf / inf, and the rounding of
    NaN stopped the whole run with an internal error."""
    path = tmp_path / "block.ham"
    block = "weeks: 4\n1rm: lying leg curl 100kg\nsession:\n  A1: lying leg curl 3x8 80%\n"
    path.write_text(line + "\n" + block)
    code, out, err = run("lint", "--no-cache", "--output-format", "concise", str(path))
    assert code == 1 and "internal error" not in err, err
    assert f"block.ham:{message}" in out


# ---------------------------------------------------------------------------------- 3. injection

# Valid .ham (it parses) carrying every kind of hostile text where the grammar lets text be: the
# program name, notes, session names and exercise names. ESC cannot be in an exercise name (its
# "[" is not a name character), so names carry ESC 7 and bidi overrides instead.
HOSTILE_ROUTINE = (
    "program: Evil \x1b[31mRED\x1b[0m END:VEVENT BEGIN:VALARM | <script>alert(1)</script> "
    "[x](javascript:alert(1)) \u202egnp.exe\n"
    "goal: hypertrophy\n"
    "note: \x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\ \x07 \x9b31m \u2066isolate\u2069\n"
    "session Day \u202e1 \x1b[2J <b>x</b> | END;VEVENT:\n"
    "  note: BEGIN:VALARM <script>x</script> [link](http://evil) \u202e\n"
    "  A1: lying leg curl \u202egnp.exe\x1b7 3x8 @4/0/1/0 rest 10s\n"
    "  note: END:VEVENT \x1b[31m\n"
    "  A2: \u202eweird| thing 3x8\n"
)


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.ham"
    path.write_text(HOSTILE_ROUTINE, encoding="utf-8")
    return path


def test_hostile_routine_is_valid_so_every_output_path_is_reached(hostile: Path) -> None:
    code, _out, err = run("parse", str(hostile))
    assert code == 0, err


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:3]))
def test_no_raw_control_or_bidi_character_reaches_the_terminal(hostile: Path, command: list[str]) -> None:
    code, out, err = assert_sound(command, hostile)
    assert code in (0, 1)
    assert out or err


def test_text_outputs_show_the_characters_escaped(hostile: Path) -> None:
    _, out, _ = run("parse", str(hostile))
    assert "\\x1b[31mRED\\x1b[0m" in out and "\\u202egnp.exe" in out
    _, out, _ = run("summary", str(hostile))
    assert "\\u202e" in out


def test_json_outputs_keep_the_exact_text(hostile: Path) -> None:
    """JSON writes the characters as \\uXXXX escapes: safe to print, and the same value to a reader."""
    for command in (["parse", "--format", "json"], ["export", "-f", "json"], ["summary", "--format", "json"]):
        code, out, _ = run(*command, str(hostile))
        assert code == 0
        assert "\\u202e" in out
        assert "\u202egnp.exe" in json.dumps(json.loads(out), ensure_ascii=False), command
    _, out, _ = run("parse", "--format", "json", str(hostile))
    assert json.loads(out)["name"].startswith("Evil \x1b[31mRED\x1b[0m END:VEVENT BEGIN:VALARM | <script>")


def test_ical_export_keeps_its_structure(hostile: Path) -> None:
    from icalendar import Calendar

    code, out, _ = run(
        "export", "-f", "ical", "--start", "2024-01-01", "--tz", "UTC", "--weeks", "1", str(hostile)
    )
    assert code == 0
    lines = out.split("\r\n")
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 1
    assert not any(line.startswith("BEGIN:VALARM") for line in lines)
    calendar = Calendar.from_ical(out)
    (event,) = calendar.walk("VEVENT")
    assert "END:VEVENT" in str(event["description"]) and "\\u202e" in str(event["summary"])


def test_markdown_export_shows_escapes_and_no_markup(hostile: Path) -> None:
    code, out, _ = run("export", "-f", "markdown", str(hostile))
    assert code == 0
    assert "<script>" not in out and "[x](javascript" not in out
    assert "\\\\x1b" in out or "\\\\u202e" in out  # a backslash-escaped visible escape


def test_hostile_file_names_are_escaped_in_messages(tmp_path: Path) -> None:
    name = "evil\x1b[31m\u202e.ham"
    path = tmp_path / name
    path.write_text("session:\n  A1: lying leg curl 3x8 3x8\n", encoding="utf-8")
    missing = tmp_path / "gone\x1b[2J.ham"
    for command in COMMANDS:
        for target in (path, missing):
            code, out, err = run(*command, str(target))
            assert code in (1, 2), (command, err)
            assert UNSAFE.search(out + err) is None, (command, out, err)
    code, out, err = run("fmt", "--check", str(tmp_path))
    assert UNSAFE.search(out + err) is None


# -------------------------------------------------------------------------------------- 4. files

ROUTINE = "session:\n  A1: lying leg curl 3x8\n"
SINGLE_FILE = [c for c in COMMANDS if c[0] != "fmt"] + [["fmt"]]


def test_unreadable_file_is_a_clear_error_for_every_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests run as root, where chmod 000 does not stop a read; the refusal is simulated."""
    path = tmp_path / "locked.ham"
    path.write_text(ROUTINE)

    refuse_reading(monkeypatch, path)
    for command in SINGLE_FILE:
        code, _out, err = run(*command, str(path))
        assert code == 2, (command, err)
        assert "locked.ham: permission denied; check the file's read permission" in err, (command, err)
    monkeypatch.undo()
    assert path.read_text() == ROUTINE


def test_export_to_a_read_only_folder_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "r.ham"
    source.write_text(ROUTINE)
    target = tmp_path / "out.md"
    target.write_text("old export\n")

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)  # hamdsl.core.files imports it when writing
    code, _, err = run("export", "-f", "markdown", "-o", str(target), str(source))
    assert code == 2
    assert "out.md: cannot write: Permission denied" in err
    assert target.read_text() == "old export\n" and source.read_text() == ROUTINE


@pytest.mark.parametrize("command", [["export", "-f", "json", "-o", "OUT"], ["fmt"]])
def test_full_disk_keeps_the_original_and_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    source = tmp_path / "r.ham"
    source.write_text("session:\n    A1:   lying leg curl 3x8\n")  # fmt would change it
    before = source.read_bytes()
    target = tmp_path / "out.json"
    target.write_text("old\n")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full)
    argv = [str(target) if a == "OUT" else a for a in command]
    code, _, err = run(*argv, str(source))
    assert code == 2
    assert "cannot write: No space left on device" in err
    assert source.read_bytes() == before and target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json", "r.ham"]


def test_fmt_in_place_keeps_the_mode_and_nothing_else_touches_the_input(tmp_path: Path) -> None:
    source = tmp_path / "r.ham"
    source.write_text("session:\n    A1:   lying leg curl 3x8\n")
    source.chmod(0o640)
    before = source.read_bytes()
    for command in [c for c in COMMANDS if c[0] != "fmt"] + [["fmt", "--check"], ["fmt", "--diff"]]:
        run(*command, str(source))
        assert source.read_bytes() == before, command
    code, _out, err = run("export", "-f", "markdown", "-o", str(source), str(source))
    assert code == 2 and "that is the input file; refusing to overwrite the routine" in err
    assert source.read_bytes() == before
    assert run("fmt", str(source))[0] == 0
    assert source.read_bytes() != before and (source.stat().st_mode & 0o777) == 0o640


def test_symlink_to_a_file_is_followed_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real.ham"
    real.write_text("session:\n    A1:   lying leg curl 3x8\n")
    link = tmp_path / "link.ham"
    link.symlink_to(real)
    assert run("lint", "--no-cache", str(link))[0] in (0, 1)
    code, _, err = run("export", "-f", "json", "-o", str(link), str(real))
    assert code == 2 and "that is the input file" in err
    assert run("fmt", str(link))[0] == 0
    assert link.is_symlink() and real.read_text() == "session:\n  A1: lying leg curl 3x8\n"


def test_dangling_symlink_is_a_clear_error(tmp_path: Path) -> None:
    link = tmp_path / "dangling.ham"
    link.symlink_to(tmp_path / "nowhere.ham")
    for command in SINGLE_FILE:
        code, _, err = run(*command, str(link))
        assert code == 2, command
        assert "dangling.ham: no such file (a broken link)" in err, (command, err)
    assert link.is_symlink() and not link.exists()


def test_symlink_loop_is_a_clear_error_to_read_and_to_write(tmp_path: Path) -> None:
    a, b = tmp_path / "a.ham", tmp_path / "b.ham"
    a.symlink_to(b)
    b.symlink_to(a)
    for command in SINGLE_FILE:
        code, _, err = run(*command, str(a))
        assert code == 2, command
        assert "a.ham: cannot read: Too many levels of symbolic links" in err, (command, err)
    source = tmp_path / "r.ham"
    source.write_text(ROUTINE)
    # Path.resolve raised RuntimeError here (an internal error) before issue 9.
    code, _, err = run("export", "-f", "json", "-o", str(a), str(source))
    assert code == 2
    assert "a.ham: cannot write: the symbolic link is a loop (it leads back to itself)" in err
    assert a.is_symlink() and b.is_symlink() and os.readlink(a) == str(b)
