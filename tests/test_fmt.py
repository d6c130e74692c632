"""`hamdsl fmt`: the canonical layout, its promises (same tree, comments kept, idempotent) and the
command's behaviour on files (atomic rewrite, --check, --diff, exit codes).

The property tests generate routines from the grammar's pieces with random spacing, case, blank
lines and comments, because a formatter's bugs live in the combinations nobody writes by hand.
"""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hamdsl.cli.fmt import run_fmt
from hamdsl.core.serialize import to_data
from hamdsl.language.formatter import format_text
from hamdsl.language.parser import parse
from tests.conftest import refuse_reading

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def fmt(text: str) -> str:
    result = format_text(text)
    assert result.text is not None, result.problems
    return result.text


def tree(text: str) -> Any:
    result = parse(text)
    assert result.ok, result.problems
    return to_data(result.program, spans=False)


def comments(text: str) -> list[str]:
    return [c.text for c in parse(text).program.comments]


def assert_same_meaning(before: str, after: str) -> None:
    assert tree(after) == tree(before)
    assert comments(after) == comments(before)


# ----------------------------------------------------------------------------------- the layout
CANONICAL = """\
# Hamstring day, written by coach K.
program: Hamstrings #1  # the name keeps its case
level: intermediate
note: Free text Keeps Its    spacing.

warmup:
  bike          for 10min
  A1: knee hugs 3 rounds

# the main work
session Day 1 on Mon, Thu:  # twice a week
  note: A block note sits under the header.
  A1: lying leg curl (feet neutral) 3-5x6-8 @4/0/1/0 rest 10s
    note: An exercise note sits under its exercise.
  # a comment between exercises
  A2: good morning                  3-5x8-10 @2/0/X/0 rest 3min with 2-1 method, dropset 30%
  B:  nordic curl                   2-3x1-2 rir @"as slow as possible" rest 2-3min  # hamdsl: noqa: H001

  C: split squat 3x8-12 per leg 1-2 rir rest 2min, 30-60s between sides
"""


def test_canonical_text_is_left_alone() -> None:
    assert fmt(CANONICAL) == CANONICAL


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("leg curl 3 - 5 x 6 - 8", "3-5x6-8"),
        ("leg curl 3 to 5 X 6 to 8 reps", "3-5x6-8"),
        ("leg curl 3–5×6–8", "3-5x6-8"),
        ("leg curl 3 sets of 5 to 10 reps", "3x5-10"),
        ("leg curl 3 X FAILURE", "3xfailure"),
        ("leg curl 3x AMRAP", "3xamrap"),
        ("leg curl 2-3 x 1-2 RIR", "2-3x1-2 rir"),
        ("leg curl 3 sets 2 rir", "3x2 rir"),
        ("leg curl 3x8   1 - 2 rir", "3x8 1-2 rir"),
        ("leg curl 3x8-12 each leg", "3x8-12 per leg"),
        ("leg curl 3x8/arm", "3x8 per arm"),
        ("leg curl 3xfailure per side 1 rir", "3xfailure per side 1 rir"),
        ("leg curl 3 ROUNDS", "3 rounds"),
        ("leg curl 1 sets", "1 set"),
        ("leg curl 3-3x8-8", "3x8"),
        ("leg curl 3x8 @3110", "3x8 @3/1/1/0"),
        ("leg curl 3x8 @4/0/x/0", "3x8 @4/0/X/0"),
        ('leg curl 3x8 @"  very slow "', '3x8 @"very slow"'),
        ("leg curl 3x8 REST 90 S", "3x8 rest 90s"),
        ("leg curl 3x8 rest 60s", "3x8 rest 60s"),
        ("leg curl 3x8 rest 1min", "3x8 rest 60s"),
        ("leg curl 3x8 rest 180 seconds", "3x8 rest 3min"),
        ("leg curl 3x8 rest 150s", "3x8 rest 150s"),
        ("leg curl 3x8 rest 1.5min", "3x8 rest 90s"),
        ("leg curl 3x8 rest 2 - 3 min", "3x8 rest 2-3min"),
        ("leg curl 3x8 rest 1-2 minutes", "3x8 rest 1-2min"),
        ("leg curl 3x8 rest 2min between sets", "3x8 rest 2min"),
        ("leg curl 3x8 rest 30-60s between legs, 2min", "3x8 rest 2min, 30-60s between legs"),
        ("leg curl 3x8 rest 30s between side", "3x8 rest 30s between sides"),
        ("plank 3 rounds FOR 30 - 45 S", "3 rounds for 30-45s"),
        ("bike for 10 min", "for 10min"),
        ("leg curl 3x8 WITH  2-1 method ,Dropset 30%", "3x8 with 2-1 method, Dropset 30%"),
        ("leg curl 3x8 with pause @3/0/1/0 rest 10s", "3x8 @3/0/1/0 rest 10s with pause"),
        ("leg curl 3x8 rest 10s @3/0/1/0 for 30s", "3x8 for 30s @3/0/1/0 rest 10s"),
    ],
)
def test_clause_spelling(line: str, expected: str) -> None:
    source = f"session:\n{line}\n"
    name = "plank" if line.startswith("plank") else "bike" if line.startswith("bike") else "leg curl"
    assert fmt(source) == f"session:\n  {name} {expected}\n"
    assert_same_meaning(source, fmt(source))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("a1) Leg  Curl\tOR  Nordic 3x8", "A1: Leg Curl or Nordic 3x8"),
        ("b: curl (toes in) (  feet   out ) 3x8", "B: curl (toes in, feet out) 3x8"),
        ("A01: curl 3x8", "A1: curl 3x8"),
    ],
)
def test_label_names_and_modifiers(source: str, expected: str) -> None:
    assert fmt(f"session:\n{source}\n") == f"session:\n  {expected}\n"


def test_keywords_are_lower_case_and_free_text_keeps_its_case() -> None:
    source = (
        "PROGRAM :  My  Routine\nLevel: Beginner\nNOTE:  Keep It Slow\n"
        "SESSION   Leg  DAY :\nWarm-Up  Pre  Lift:\nCurl 3X8\n"
    )
    assert fmt(source) == (
        "program: My  Routine\nlevel: Beginner\nnote: Keep It Slow\n\n"
        "session Leg DAY:\n\nwarmup Pre  Lift:\n  Curl 3x8\n"
    )


def test_weekday_session_names_keep_their_spelling() -> None:
    source = "session   Monday :\ncurl 3x8\nsession day 1 on mon,  THU:\ncurl 3x8\n"
    assert fmt(source) == "session Monday:\n  curl 3x8\n\nsession day 1 on mon, THU:\n  curl 3x8\n"


def test_scheme_column_is_aligned_per_paragraph() -> None:
    source = (
        "warmup:\nA: squat 3x5\nA1: romanian deadlift 3x8 rest 2min\n  note: slow\n"
        "# comment\nleg press (high feet) 3x10\nbike\n\nB1: curl 3x8\nB2: nordic curl 3x3\n"
    )
    assert fmt(source) == (
        "warmup:\n"
        "  A:  squat             3x5\n"
        "  A1: romanian deadlift 3x8 rest 2min\n"
        "    note: slow\n"
        "  # comment\n"
        "  leg press (high feet) 3x10\n"
        "  bike\n"  # nothing after the name: no padding, no trailing blanks
        "\n"
        "  B1: curl        3x8\n"  # a new paragraph has its own columns
        "  B2: nordic curl 3x3\n"
    )


def test_blank_lines() -> None:
    source = (
        "\n\nprogram: P\n\n\n\ngoal: g\nsession A:\n\n\ncurl 3x8\n\n\n\ncurl 3x9\n"
        "# about B\n# more\nsession B:\ncurl 3x8\n\n\n"
    )
    assert fmt(source) == (
        "program: P\n\ngoal: g\n\nsession A:\n  curl 3x8\n\n  curl 3x9\n\n"
        "# about B\n# more\nsession B:\n  curl 3x8\n"
    )


def test_crlf_tabs_trailing_spaces_and_missing_final_newline() -> None:
    source = "program:\tP  \r\n\r\nsession:\t \r\n\tA1:\tcurl\t3x8\t# tab\t \r\n\tnote:\tslow  "
    out = fmt(source)
    assert out == "program: P\n\nsession:\n  A1: curl 3x8  # tab\n    note: slow\n"
    assert_same_meaning(source, out)


def test_byte_order_mark_is_dropped() -> None:
    assert fmt("\ufeffsession:\ncurl 3x8\n") == "session:\n  curl 3x8\n"


def test_comments_on_every_kind_of_line() -> None:
    source = (
        "#top\n"
        "program: P #1 # on metadata\n"
        "note: program note   #   on a program note\n"
        "   #   standalone, indented oddly\n"
        "WARMUP: # on a warm-up header\n"
        "bike for 10min # on a warm-up exercise\n"
        "session A:#on a session header\n"
        "note: block note # on a block note\n"
        "curl 3x8#on an exercise\n"
        "note: ex note # on an exercise note\n"
        "# hamdsl: noqa: H001\n"
        "curl 3x9  # noqa: H002, H003\n"
        "\n"
        "#    end of file   "
    )
    out = fmt(source)
    assert out == (
        "#top\n"
        "program: P #1  # on metadata\n"
        "note: program note  #   on a program note\n"
        "\n"
        "#   standalone, indented oddly\n"
        "warmup:  # on a warm-up header\n"
        "  bike for 10min  # on a warm-up exercise\n"
        "\n"
        "session A:  #on a session header\n"
        "  note: block note  # on a block note\n"
        "  curl 3x8  #on an exercise\n"
        "    note: ex note  # on an exercise note\n"
        "  # hamdsl: noqa: H001\n"
        "  curl 3x9  # noqa: H002, H003\n"
        "\n"
        "  #    end of file\n"
    )
    assert_same_meaning(source, out)


def test_standalone_comment_indentation() -> None:
    source = "# a\nsession:\n# b\ncurl 3x8\nnote: n\n# c\n\n# d\n\nsession:\ncurl 3x8\n"
    assert fmt(source) == (
        "# a\nsession:\n  # b\n  curl 3x8\n    note: n\n    # c\n\n  # d\n\nsession:\n  curl 3x8\n"
    )


def test_exercises_before_any_header() -> None:
    source = "program: P\ncurl 3x8\nnote: n\nsession:\ncurl 3x8\n"
    assert fmt(source) == "program: P\ncurl 3x8\n  note: n\n\nsession:\n  curl 3x8\n"


def test_declarations_are_printed_canonically() -> None:
    source = (
        "program: Declared\n"
        "EXERCISE :  Sliding   Curl =  hip_extension , Knee-Flexion  # mine\n"
        "exercise: sled thing=other\n"
        "session:\n"
        "  exercise: tire flip =other, hip extension\n"
        "  sliding curl 3x8\n"
    )
    assert fmt(source) == (
        "program: Declared\n"
        "exercise: Sliding Curl = knee flexion, hip extension  # mine\n"
        "exercise: sled thing = other\n"
        "\n"
        "session:\n"
        "exercise: tire flip = hip extension, other\n"
        "  sliding curl 3x8\n"
    )
    assert_same_meaning(source, fmt(source))


def test_syntax_error_is_not_formatted() -> None:
    result = format_text("session:\n  curl 3 8\n")
    assert result.text is None
    assert not result.ok
    assert result.problems[0].span is not None and result.problems[0].span.line == 2


def test_a_valid_file_near_the_line_limit_is_formatted(tmp_path: Path) -> None:
    """7,602 lines of three-line sessions: the blank line the layout puts between sessions takes
    the formatted text to 10,135 lines, over MAX_LINES. The safety check compares meanings and
    must not refuse the file for that ("formatting would change the routine's meaning")."""
    from hamdsl.language.parser import MAX_LINES

    source = "".join(
        f"session S{i}:\nA{i % 9 + 1}: lying leg curl 3x8\nB: romanian deadlift 3x{i % 5 + 6}\n"
        for i in range(2534)
    )
    assert MAX_LINES // 2 < source.count("\n") == 7602 < MAX_LINES
    path = tmp_path / "long.ham"
    path.write_text(source)
    out, err = io.StringIO(), io.StringIO()
    assert run_fmt([str(path)], check=False, diff=False, out=out, err=err) == 0, err.getvalue()
    assert out.getvalue() == "1 file reformatted\n" and err.getvalue() == ""
    formatted = path.read_text()
    assert formatted.count("\n") == 10_135 > MAX_LINES
    assert formatted.startswith("session S0:\n  A1: lying leg curl    3x8\n")
    again = parse(formatted, max_lines=None)
    assert again.ok and to_data(again.program, spans=False) == tree(source)
    # The limit still holds for what hamdsl is asked to read: only the check lifts it.
    assert [p.message for p in parse(formatted).problems] == [
        "the file has 10135 lines; routines over 10000 lines are refused"
    ]


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.ham")), ids=lambda p: p.name)
def test_examples_keep_their_meaning(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    out = fmt(source)
    assert_same_meaning(source, out)
    assert fmt(out) == out


# ------------------------------------------------------------------------ generated routines
def _cased(word: str) -> st.SearchStrategy[str]:
    return st.sampled_from([word.lower(), word.upper(), word.capitalize()])


SP = st.sampled_from([" ", "  ", "\t", " \t "])
OPT_SP = st.sampled_from(["", " ", "  ", "\t"])
INDENT = st.sampled_from(["", "", "  ", "    ", "\t"])
WORD = st.text(alphabet="abcdefghijKLMNOP0123456789-'./%&", min_size=1, max_size=8)
NAME_WORDS = st.sampled_from(
    ["leg", "curl", "Lying", "seated", "Nordic", "romanian", "DEADLIFT", "45-degree", "glute-ham",
     "good", "morning", "hip", "thrust", "DB", "single-leg", "back", "extension"]
)  # fmt: skip
MOD_WORDS = st.sampled_from(["toes", "in", "feet", "neutral", "Poliquin", "method", "DB", "at", "chest"])


@st.composite
def spaced(draw: st.DrawFn, words: st.SearchStrategy[str], min_size: int = 1, max_size: int = 4) -> str:
    parts = draw(st.lists(words, min_size=min_size, max_size=max_size))
    out = parts[0]
    for part in parts[1:]:
        out += draw(SP) + part
    return out


def _range(draw: st.DrawFn, low: int, high: int) -> str:
    a = draw(st.integers(low, high))
    if draw(st.booleans()):
        return str(a)
    b = draw(st.integers(a, high))
    sep = draw(st.sampled_from(["-", " - ", "–", " to "]))
    return f"{a}{sep}{b}"


@st.composite
def schemes(draw: st.DrawFn) -> str:
    sets = _range(draw, 1, 6)
    x = draw(OPT_SP) + draw(st.sampled_from(["x", "X", "×"])) + draw(OPT_SP)
    kind = draw(st.sampled_from(["reps", "failure", "amrap", "rir-only", "of", "sets-only"]))
    side = ""
    if draw(st.booleans()):
        word = draw(st.sampled_from(["per", "each", "/", "PER"]))
        noun = draw(st.sampled_from(["leg", "legs", "side", "arm", "Side"]))
        side = draw(SP) + word + (draw(OPT_SP) if word == "/" else draw(SP)) + noun
    rir = ""
    if kind != "rir-only" and draw(st.booleans()):
        rir = draw(SP) + _range(draw, 0, 4) + draw(OPT_SP) + draw(_cased("rir"))
    if kind == "reps":
        body = sets + x + _range(draw, 1, 20) + draw(st.sampled_from(["", " reps", "reps", " rep"]))
    elif kind == "failure":
        body = sets + x + draw(_cased("failure"))
    elif kind == "amrap":
        body = sets + x + draw(_cased("amrap"))
    elif kind == "rir-only":
        body = sets + x + _range(draw, 0, 4) + draw(OPT_SP) + draw(_cased("rir"))
    elif kind == "of":
        body = f"{sets} {draw(st.sampled_from(['sets', 'set', 'SETS']))} of {_range(draw, 1, 20)}"
        body += draw(st.sampled_from(["", " reps"]))
    else:
        body = f"{sets}{draw(SP)}{draw(st.sampled_from(['sets', 'set', 'rounds', 'round', 'Rounds']))}"
    return body + side + rir


def _time(draw: st.DrawFn) -> str:
    unit = draw(st.sampled_from(["s", "sec", "seconds", "min", "m", "minutes", "MIN", "S"]))
    top = 300 if unit.lower().startswith("s") else 5
    value = _range(draw, 0, top)
    if unit.lower().startswith("m") and draw(st.booleans()) and "-" not in value and "to" not in value:
        value += ".5"
    return value + draw(OPT_SP) + unit


@st.composite
def rests(draw: st.DrawFn) -> str:
    segments = []
    shape = draw(st.sampled_from(["sets", "sides", "both", "both-swapped", "explicit"]))
    sides = f"{_time(draw)} between {draw(st.sampled_from(['sides', 'side', 'legs', 'arms', 'Sides']))}"
    if shape == "sets":
        segments = [_time(draw)]
    elif shape == "sides":
        segments = [sides]
    elif shape == "both":
        segments = [_time(draw), sides]
    elif shape == "both-swapped":
        segments = [sides, _time(draw)]
    else:
        segments = [f"{_time(draw)} between sets"]
    sep = draw(st.sampled_from([", ", ",", " , "]))
    return draw(_cased("rest")) + draw(SP) + sep.join(segments)


@st.composite
def tempos(draw: st.DrawFn) -> str:
    if draw(st.integers(0, 4)) == 0:
        return '@"' + draw(OPT_SP) + draw(spaced(WORD)) + draw(OPT_SP) + '"'
    phases = draw(
        st.lists(st.sampled_from(["0", "1", "2", "3", "4", "10", "X", "x"]), min_size=4, max_size=4)
    )
    if all(len(p) == 1 for p in phases) and draw(st.booleans()):
        return "@" + "".join(phases)
    return "@" + "/".join(phases)


METHODS = st.sampled_from(
    ["2-1 method", "two-one", "eccentric emphasis", "Accentuated Eccentrics", "dropset 30%",
     "drop set of 20 %", "pause 1s bottom and top", "pause", "rest-pause", "pre-exhaust"]
)  # fmt: skip


@st.composite
def exercises(draw: st.DrawFn, *, needs_work: bool) -> str:
    parts: list[str] = []
    if draw(st.booleans()):
        letter = draw(st.sampled_from("ABCDabcz"))
        parts.append(letter + draw(st.sampled_from(["", "1", "2", "12", "01"])) + draw(st.sampled_from(":)")))
    names = draw(st.lists(spaced(NAME_WORDS, 1, 3), min_size=1, max_size=2))
    parts.append((draw(SP) + draw(_cased("or")) + draw(SP)).join(names))
    has_mods = draw(st.booleans())
    if has_mods:
        for _ in range(draw(st.integers(1, 2))):
            mods = draw(st.lists(spaced(MOD_WORDS, 1, 2), min_size=1, max_size=3))
            parts.append("(" + draw(OPT_SP) + ",".join(m + draw(OPT_SP) for m in mods) + ")")
    scheme = draw(st.booleans()) or needs_work
    duration = False
    if scheme and (not needs_work or draw(st.integers(0, 5)) > 0):
        parts.append(draw(schemes()))
    elif needs_work:
        scheme = False
        duration = True
    clauses: list[str] = []
    if duration or draw(st.integers(0, 4)) == 0:
        clauses.append(draw(_cased("for")) + draw(SP) + _time(draw))
    if draw(st.booleans()):
        clauses.append(draw(tempos()))
    if draw(st.booleans()):
        clauses.append(draw(rests()))
    clauses = draw(st.permutations(clauses))
    if draw(st.booleans()) and (has_mods or scheme or clauses):
        methods = draw(st.lists(METHODS, min_size=1, max_size=2, unique=True))
        with_clause = draw(_cased("with")) + draw(SP) + draw(st.sampled_from([",", ", ", " ,"])).join(methods)
        # A method list runs on to a tempo, a rest or the line's end, so it may only sit before those.
        tail = 0
        while tail < len(clauses) and not clauses[len(clauses) - 1 - tail].lower().startswith("for"):
            tail += 1
        cut = len(clauses) - draw(st.integers(0, tail))
        if cut == 0 and not (has_mods or scheme):
            cut = len(clauses)
        clauses.insert(cut, with_clause)
    parts.extend(clauses)
    return draw(SP).join(parts)


COMMENT_TEXT = st.sampled_from(
    ["", "todo", "noqa: H001", "hamdsl: noqa: H002, H003", "coach's note: go slow", "#double", "x  y"]
)


@st.composite
def trailing_comments(draw: st.DrawFn) -> str:
    if draw(st.integers(0, 3)) > 0:
        return ""
    text = draw(COMMENT_TEXT)
    return draw(SP) + "#" + (draw(st.sampled_from([" ", "  "])) + text if text else "")


@st.composite
def comment_lines(draw: st.DrawFn) -> str:
    return draw(INDENT) + "#" + draw(st.sampled_from(["", " ", "\t"])) + draw(COMMENT_TEXT)


@st.composite
def routines(draw: st.DrawFn) -> str:
    """A valid routine: metadata, program notes, optional top-level exercises, then blocks."""
    lines: list[str] = []

    def emit(statement: str) -> None:
        for _ in range(draw(st.integers(0, 2)) if draw(st.integers(0, 3)) == 0 else 0):
            lines.append(draw(st.sampled_from(["", "  ", "\t"])))
        if draw(st.integers(0, 5)) == 0:
            lines.append(draw(comment_lines()))
        lines.append(
            draw(INDENT) + statement + draw(trailing_comments()) + draw(st.sampled_from(["", " ", "\t"]))
        )

    for key in draw(
        st.lists(st.sampled_from(["program", "goal", "source", "split", "level", "recovery"]), unique=True)
    ):
        value = {"level": "Intermediate", "recovery": "average"}.get(key) or draw(spaced(WORD))
        emit(draw(_cased(key)) + draw(OPT_SP) + ":" + draw(SP) + value)
    for _ in range(draw(st.integers(0, 2))):
        emit(draw(_cased("note")) + draw(OPT_SP) + ":" + draw(SP) + draw(spaced(WORD)))
    function_words = st.sampled_from(
        ["hip extension", "Hip-Extension", "knee  flexion", "knee_flexion", "knee-extension", "OTHER"]
    )
    for number in range(draw(st.integers(0, 2))):
        functions = draw(st.lists(function_words, min_size=1, max_size=3))
        emit(
            draw(_cased("exercise")) + draw(OPT_SP) + ":" + draw(SP) + f"declared  move {number}"
            + draw(SP) + "=" + draw(SP) + (draw(OPT_SP) + "," + draw(SP)).join(functions)
        )
    count = 0

    def body(in_warmup: bool) -> None:
        nonlocal count
        for _ in range(draw(st.integers(0, 4))):
            if count and draw(st.integers(0, 3)) == 0:
                emit(draw(_cased("note")) + draw(OPT_SP) + ":" + draw(SP) + draw(spaced(WORD)))
            else:
                emit(draw(exercises(needs_work=not in_warmup)))
                count += 1

    if draw(st.booleans()):
        body(False)
    for _ in range(draw(st.integers(0, 3))):
        if draw(st.booleans()):
            name = draw(
                st.sampled_from(["", "", "Monday", "mon,  thu", "Day 1 on Tue/Fri", "Heavy  day", "A"])
            )
            emit(draw(_cased("session")) + (draw(SP) + name if name else "") + draw(OPT_SP) + ":")
            body(False)
        else:
            keyword = draw(st.sampled_from(["warmup", "warm-up", "warm up", "WarmUp"]))
            name = draw(st.sampled_from(["", "", "activation  drills", "Pre Lift"]))
            emit(keyword + (draw(SP) + name if name else "") + draw(OPT_SP) + ":")
            body(True)
    if not count:
        emit("session:")
        emit(draw(exercises(needs_work=True)))
    if draw(st.integers(0, 3)) == 0:
        lines.append(draw(comment_lines()))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return newline.join(lines) + draw(st.sampled_from(["", newline, newline * 2]))


PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(routines())
def test_generated_routines_are_valid(source: str) -> None:
    """The generator itself: every routine it makes parses, so the properties below test something."""
    assert parse(source).ok, (source, parse(source).problems)


@PROPERTY
@given(routines())
def test_fmt_keeps_the_tree_apart_from_spans(source: str) -> None:
    assert_same_meaning(source, fmt(source))


@PROPERTY
@given(routines())
def test_fmt_is_idempotent(source: str) -> None:
    once = fmt(source)
    assert fmt(once) == once


@PROPERTY
@given(routines())
def test_fmt_keeps_every_comment_and_the_layout_rules(source: str) -> None:
    out = fmt(source)
    position = 0
    for comment in parse(source).program.comments:
        position = out.index(comment.text, position)  # in order, each one present
    assert out.endswith("\n") and not out.endswith("\n\n")
    assert "\n\n\n" not in out and not out.startswith("\n")
    assert all(line == line.rstrip() for line in out.split("\n"))
    assert "\t" not in "".join(line[: len(line) - len(line.lstrip())] for line in out.split("\n"))
    assert "\r" not in out


# ----------------------------------------------------------------------------------- the command
UGLY = "session:\nA1: curl   3 x 8\n"
PRETTY = "session:\n  A1: curl 3x8\n"


def run(paths: list[str | Path], *, check: bool = False, diff: bool = False) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_fmt([str(p) for p in paths], check=check, diff=diff, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_rewrites_only_files_that_change(tmp_path: Path) -> None:
    ugly, pretty = tmp_path / "a.ham", tmp_path / "b.ham"
    ugly.write_text(UGLY)
    pretty.write_text(PRETTY)
    os.utime(pretty, (1_000_000, 1_000_000))
    code, out, err = run([tmp_path])
    assert (code, out, err) == (0, "1 file reformatted, 1 file left unchanged\n", "")
    assert ugly.read_text() == PRETTY
    assert pretty.stat().st_mtime == 1_000_000  # untouched, not rewritten with the same bytes
    assert run([tmp_path]) == (0, "2 files left unchanged\n", "")


def test_atomic_write_keeps_mode_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "r.ham"
    path.write_text(UGLY)
    path.chmod(0o640)
    assert run([path])[0] == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.ham"]


def test_a_symbolic_link_stays_a_link(tmp_path: Path) -> None:
    target = tmp_path / "real.ham"
    target.write_text(UGLY)
    link = tmp_path / "link.ham"
    link.symlink_to(target)
    assert run([link])[0] == 0
    assert link.is_symlink() and target.read_text() == PRETTY


def test_check_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "r.ham"
    path.write_text(UGLY)
    code, out, err = run([path], check=True)
    assert (code, out, err) == (1, f"would reformat: {path}\n1 file would be reformatted\n", "")
    assert path.read_text() == UGLY
    path.write_text(PRETTY)
    assert run([path], check=True) == (0, "1 file already formatted\n", "")


def test_diff_prints_a_unified_diff_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "r.ham"
    path.write_text(UGLY.rstrip("\n"))  # no final newline: the diff must still be well formed
    code, out, err = run([path], diff=True)
    assert code == 1
    assert out == (
        f"--- {path}\n+++ {path}\n@@ -1,2 +1,2 @@\n session:\n-A1: curl   3 x 8\n+  A1: curl 3x8\n"
    )
    assert err == "1 file would be reformatted\n"
    assert path.read_text() == UGLY.rstrip("\n")


def test_syntax_error_is_reported_and_left_untouched(tmp_path: Path) -> None:
    bad, good = tmp_path / "bad.ham", tmp_path / "good.ham"
    bad.write_text("session:\n  curl 3 8\n")
    good.write_text(UGLY)
    code, out, err = run([tmp_path])
    assert code == 1
    assert err.startswith(f"{bad}:2:")
    assert "x" in err
    assert out == "1 file reformatted, 1 file could not be formatted\n"
    assert bad.read_text() == "session:\n  curl 3 8\n"
    assert good.read_text() == PRETTY


def test_missing_path_and_bad_encoding_exit_2(tmp_path: Path) -> None:
    latin = tmp_path / "latin.ham"
    latin.write_bytes("session:\ncurl 3x8 # caf\xe9\n".encode("latin-1"))
    bad = tmp_path / "bad.ham"
    bad.write_text("session:\ncurl 3 8\n")
    code, _, err = run([tmp_path, tmp_path / "missing.ham"])
    assert code == 2  # 2 wins over the syntax error's 1
    assert f"{latin}:2:" in err and "not valid UTF-8" in err
    assert f"{tmp_path / 'missing.ham'}: no such file or folder" in err


def test_folder_without_routines_and_explicit_file_of_any_suffix(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text(UGLY)
    assert run([tmp_path])[0] == 2
    assert run([tmp_path / "notes.txt"])[0] == 0
    assert (tmp_path / "notes.txt").read_text() == PRETTY


def test_folders_are_searched_recursively_sorted_skipping_hidden(tmp_path: Path) -> None:
    for name in ("b/z.ham", "a.ham", "b/c/y.ham", ".git/x.ham"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(UGLY)
    code, out, _ = run([tmp_path, tmp_path / "a.ham"], check=True)
    assert code == 1
    assert out.splitlines() == [
        f"would reformat: {tmp_path / 'a.ham'}",
        f"would reformat: {tmp_path / 'b/c/y.ham'}",
        f"would reformat: {tmp_path / 'b/z.ham'}",
        "3 files would be reformatted",
    ]


def test_unreadable_file_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "r.ham"
    path.write_text(UGLY)

    refuse_reading(monkeypatch, path)  # chmod 0 does not stop root, which CI may be
    code, _, err = run([path])
    assert code == 2 and "permission denied" in err


def test_failed_write_leaves_the_original_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "r.ham"
    path.write_text(UGLY)

    def full_disk(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    code, _, err = run([path])
    assert code == 2 and f"{path}: cannot write: No space left on device" in err
    assert path.read_text() == UGLY
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.ham"]


def test_the_documented_example_is_what_fmt_does() -> None:
    """docs/language.md ("Canonical layout") shows a routine before and after; keep the page honest."""
    doc = (Path(__file__).resolve().parent.parent / "docs" / "language.md").read_text(encoding="utf-8")
    section = doc.split("## Canonical layout", 1)[1]
    example = section.split("### Example", 1)[1].split("### The layout", 1)[0]
    blocks = example.split("```")[1::2]
    before, after = (block.lstrip("\n") for block in blocks[:2])
    assert fmt(before) == after


def test_command_module_interface(tmp_path: Path) -> None:
    """fmt_command has the HELP/add_arguments/run trio of every hamdsl command module."""
    import argparse
    from types import SimpleNamespace

    from hamdsl.cli import fmt as fmt_command

    parser = argparse.ArgumentParser()
    fmt_command.add_arguments(parser)
    path = tmp_path / "r.ham"
    path.write_text(UGLY)
    args = parser.parse_args([str(path), "--check"])
    ctx = SimpleNamespace(out=io.StringIO(), err=io.StringIO())
    assert fmt_command.run(args, ctx) == 1  # type: ignore[arg-type]
    assert ctx.out.getvalue().startswith(f"would reformat: {path}")
    assert fmt_command.HELP


def test_through_the_real_command_line(tmp_path: Path) -> None:
    """`python -m hamdsl fmt`, as a user runs it: arguments, exit codes and both streams."""
    import subprocess
    import sys

    path = tmp_path / "r.ham"
    path.write_text(UGLY)

    def hamdsl(*args: str) -> tuple[int, str, str]:
        done = subprocess.run(
            [sys.executable, "-m", "hamdsl", "fmt", *args], capture_output=True, text=True, cwd=tmp_path
        )
        return done.returncode, done.stdout, done.stderr

    assert hamdsl("r.ham", "--check") == (1, "would reformat: r.ham\n1 file would be reformatted\n", "")
    code, out, err = hamdsl("--diff", "r.ham")
    assert (code, err) == (1, "1 file would be reformatted\n") and out.startswith("--- r.ham\n+++ r.ham\n")
    assert hamdsl("r.ham") == (0, "1 file reformatted\n", "")
    assert path.read_text() == PRETTY
    assert hamdsl(".") == (0, "1 file left unchanged\n", "")
    assert hamdsl("missing.ham")[0] == 2


def test_no_break_spaces_pasted_from_a_web_page_read_as_spaces() -> None:
    source = "session A:\nlying\u00a0leg curl 3x8\u00a0rest 90s  # note\u00a0kept\n"
    assert parse(source).ok
    assert parse(source).program.sessions[0].exercises[0].name == "lying leg curl"
    assert fmt(source) == "session A:\n  lying leg curl 3x8 rest 90s  # note kept\n"
