"""Bad input gives one clear syntax error each: the exact words, where it is, and a hint to fix it.

Also: text editors' habits (BOM, CRLF, tabs, no final newline) are accepted, and no text at all can
make the parser raise.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hamdsl.core.diagnostics import Diagnostic
from hamdsl.language.nodes import Range
from hamdsl.language.parser import MAX_SETS, ParseResult, parse

# (id, text, message, line, column)
CASES: list[tuple[str, str, str, int, int]] = [
    ("missing-x", "leg curl 3 8", "the sets and reps need an 'x' between them", 1, 10),
    ("missing-x-ranges", "A1: leg curl 3-5 6-8", "the sets and reps need an 'x' between them", 1, 14),
    ("tempo-three-phases", "leg curl 3x8 @4/0/1", "the tempo @4/0/1 has 3 phases, not 4", 1, 14),
    ("tempo-five-phases", "leg curl 3x8 @3/0/1/0/0", "the tempo @3/0/1/0/0 has 5 phases, not 4", 1, 14),
    ("tempo-dashes", "leg curl 3x8 @3-0-1-0", "cannot read the tempo @3-0-1-0", 1, 14),
    (
        "tempo-phase-over-limit",
        "leg curl 3x8 @99/0/1/0",
        "a tempo phase of 99 seconds is over the limit of 60",
        1,
        14,
    ),
    ("tempo-empty", "leg curl 3x8 @", "'@' must be followed by a tempo", 1, 14),
    ("tempo-open-quote", 'leg curl 3x8 @"slow', "the tempo's closing quote is missing", 1, 14),
    ("tempo-word-instead-of-at", "leg curl 3x8 tempo 3010", "a tempo starts with '@'", 1, 14),
    ("rest-unknown-unit", "leg curl 3x8 rest 10 parsecs", "unknown time unit 'parsecs' in the rest", 1, 22),
    ("rest-hours", "leg curl 3x8 rest 7h", "unknown time unit 'h' in the rest", 1, 20),
    ("rest-no-unit", "leg curl 3x8 rest 10", "the rest '10' has no unit", 1, 19),
    ("rest-backwards", "leg curl 3x8 rest 3-2min", "the rest range 3-2 is written backwards", 1, 19),
    ("rest-without-word-rest", "leg curl 3x8 90s", "a rest needs the word 'rest' before it", 1, 14),
    ("rest-without-time", "leg curl 3x8 rest", "'rest' needs a time", 1, 14),
    ("rest-with-colon", "leg curl 3x8 rest: 90s", "'rest' takes no colon", 1, 14),
    (
        "second-rest-unexplained",
        "leg curl 3x8 rest 2min, 30s",
        "a second rest needs to say what it is between",
        1,
        25,
    ),
    ("two-rests", "leg curl 3x8 rest 10s rest 20s", "a second rest on one line", 1, 23),
    ("comma-between-clauses", "leg curl 3x8, rest 90s", "clauses are separated by spaces, not commas", 1, 13),
    ("label-without-colon", "A1 lying leg curl 3x8", "'A1' looks like a label without its colon", 1, 1),
    ("label-with-full-stop", "A1. lying leg curl 3x8", "'A1.' looks like a label without its colon", 1, 1),
    ("label-alone", "A1:", "the label has no exercise after it", 1, 4),
    ("label-then-scheme", "A1: 3x8", "a line cannot start with sets and reps", 1, 5),
    ("reps-backwards", "leg curl 3x8-6", "the rep range 8-6 is written backwards", 1, 12),
    ("sets-backwards", "leg curl 5-3x8", "the set range 5-3 is written backwards", 1, 10),
    ("zero-sets", "leg curl 0x8", "a scheme needs at least one set", 1, 10),
    ("zero-reps", "leg curl 3x0", "a set needs at least one rep", 1, 12),
    ("sets-without-of", "leg curl 3 sets 8 reps", "the reps need 'of' after 'sets'", 1, 17),
    ("colon-after-name", "leg curl: 3x8", "a colon after an exercise name is not needed", 1, 9),
    ("session-without-colon", "session Monday\nleg curl 3x8", "a session header ends with a colon", 1, 15),
    ("warmup-without-colon", "warmup\nknee hugs 3 rounds", "a warm-up header ends with a colon", 1, 7),
    (
        "exercise-on-header-line",
        "session Monday: leg curl 3x8",
        "an exercise goes on its own line, below the header",
        1,
        17,
    ),
    (
        "modifiers-after-scheme",
        "leg curl 3x8 (toes in)",
        "modifiers in parentheses go right after the exercise name",
        1,
        14,
    ),
    ("square-brackets", "leg curl [toes in] 3x8", "modifiers go in round brackets", 1, 10),
    ("empty-parentheses", "leg curl () 3x8", "the parentheses are empty", 1, 10),
    ("no-scheme", "leg curl", "expected sets x reps after the exercise name", 1, 9),
    ("scheme-without-sets", "leg curl x8", "expected sets x reps after the exercise name", 1, 12),
    (
        "scheme-after-tempo",
        "leg curl @3/0/1/0 3x8",
        "the sets and reps come before the tempo, rest and methods",
        1,
        19,
    ),
    ("scheme-twice", "leg curl 3x8 @3/0/1/0 rest 10s 3x8", "the sets and reps are given twice", 1, 32),
    (
        "stray-words",
        "leg curl 3x8 slowly",
        "unexpected words 'slowly' after the sets and reps",
        1,
        14,
    ),
    ("dangling-or", "leg curl or 3x8", "'or' needs an exercise on each side", 1, 10),
    ("meta-without-colon", "level intermediate\nleg curl 3x8", "'level' needs a colon", 1, 1),
    ("meta-without-value", "program:\nleg curl 3x8", "'program:' needs a value", 1, 1),
    ("empty-note", "leg curl 3x8\nnote:", "the note is empty", 2, 1),
    ("duplicate-meta", "program: a\nprogram: b\nleg curl 3x8", "'program:' is given twice", 2, 1),
    (
        "number-over-limit",
        "leg curl 1-999999999x1-999999999",
        f"set of 999999999 is over the limit of {MAX_SETS}",
        1,
        10,
    ),
    ("reps-over-limit", "leg curl 3x5000", "rep of 5000 is over the limit of 1000", 1, 12),
    (
        "rest-over-limit",
        "leg curl 3x8 rest 999min",
        "a rest of 59940 seconds is over the limit of 21600 seconds",
        1,
        19,
    ),
    ("unknown-method", "leg curl 3x8 with superslow", "unknown method 'superslow'", 1, 19),
    (
        "duration-after-methods",
        "plank 3 sets with pause for 10min",
        "unknown method 'pause for 10min'",
        1,
        19,
    ),
    ("method-missing", "leg curl 3x8 with", "'with' needs a method after it", 1, 14),
    ("dropset-over-100", "leg curl 3x8 with dropset 130%", "a dropset of 130% is not a drop", 1, 19),
    ("for-without-time", "leg curl 3x8 for", "'for' needs a time", 1, 14),
    ("duplicate-tempo", "leg curl 3x8 @3/0/1/0 @2/0/1/0", "a second tempo on one line", 1, 23),
    ("unknown-level", "level: expert\nleg curl 3x8", "unknown level 'expert'", 1, 1),
    ("unknown-recovery", "recovery: superb\nleg curl 3x8", "unknown recovery 'superb'", 1, 1),
    ("unreadable-experience", "experience: lots\nleg curl 3x8", "cannot read the experience 'lots'", 1, 1),
    # a key without its colon: every key of the grammar, read as a mistake of the grammar
    ("units-without-colon", "units kg\nleg curl 3x8", "'units' needs a colon", 1, 1),
    ("one-rep-max-without-colon", "1rm back squat 150kg\nleg curl 3x8", "'1rm' needs a colon", 1, 1),
    ("progress-without-colon", "leg curl 3x8\nprogress +1 set each week", "'progress' needs a colon", 2, 1),
    ("note-without-colon", "leg curl 3x8\nnote slow down", "'note' needs a colon", 2, 1),
    ("week-header-without-colon", "weeks 1-4\nleg curl 3x8", "a week header ends with a colon", 1, 10),
    ("label-letter-with-full-stop", "A. leg curl 3x8", "'A.' looks like a label without its colon", 1, 1),
    ("label-after-indent", "  b2 leg curl 3x8", "'b2' looks like a label without its colon", 1, 3),
    ("empty-file", "", "the file holds no exercises", 1, 1),
    ("comments-only", "# only a comment\n\n   # another one\n", "the file holds no exercises", 1, 1),
    ("metadata-only", "program: nothing to do\nlevel: beginner\n", "the file holds no exercises", 1, 1),
]


@pytest.mark.parametrize(
    ("text", "message", "line", "column"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_input_reports_one_exact_error(text: str, message: str, line: int, column: int) -> None:
    result = parse(text)
    assert [p.message for p in result.problems] == [message]
    (problem,) = result.problems
    assert problem.span is not None
    assert (problem.span.line, problem.span.column) == (line, column)
    assert problem.hint, "every syntax error says how to fix it"
    assert (problem.code, problem.name, problem.severity) == ("E001", "syntax-error", "error")


def test_case_ids_are_unique() -> None:
    ids = [c[0] for c in CASES]
    assert len(ids) == len(set(ids))


def test_every_broken_line_is_reported_in_order_and_good_lines_survive() -> None:
    text = (
        "program: several mistakes\n"
        "session Monday:\n"
        "A1: lying leg curl 3x8 @4/0/1 rest 10s\n"  # 3: tempo with three phases
        "A2: good morning 3x10 @2/0/1/0 rest 10s\n"  # good
        "romanian deadlift 3 8\n"  # 5: missing x
        "note: keep the back flat\n"  # good, follows the good A2
        "seated leg curl 3x10 rest 10 parsecs\n"  # 7: unknown unit
        "session Friday\n"  # 8: no colon
        "nordic hamstring curl 3xfailure\n"  # good
        "leg press 3x12-8\n"  # 10: backwards
    )
    result = parse(text)
    assert [(p.span.line, p.message) for p in result.problems if p.span] == [
        (3, "the tempo @4/0/1 has 3 phases, not 4"),
        (5, "the sets and reps need an 'x' between them"),
        (7, "unknown time unit 'parsecs' in the rest"),
        (8, "a session header ends with a colon"),
        (10, "the rep range 12-8 is written backwards"),
    ]
    assert all(p.hint for p in result.problems)
    program = result.program
    assert program.name == "several mistakes"
    (session,) = program.sessions  # "session Friday" was not read, so the curl stays on Monday
    assert session.weekdays == ("monday",)
    assert [ex.name for ex in session.exercises] == ["good morning", "nordic hamstring curl"]
    good_morning, nordic = session.exercises
    assert good_morning.span.line == 4
    assert [n.text for n in good_morning.notes] == ["keep the back flat"]
    assert nordic.span.line == 9
    assert nordic.scheme is not None and nordic.scheme.to_failure


# ------------------------------------------------------------------------ what editors write
ROUTINE = "program: editor habits\nsession Monday:\nA1: lying leg curl 3x8 @3/0/1/0 rest 90s\n"


def _assert_routine(result: ParseResult) -> None:
    assert result.problems == ()
    program = result.program
    assert program.name == "editor habits"
    (session,) = program.sessions
    assert session.weekdays == ("monday",)
    (ex,) = session.exercises
    assert ex.name == "lying leg curl"
    assert ex.scheme is not None and ex.scheme.reps == Range(8, 8)
    assert ex.tempo is not None and ex.tempo.phases == (3, 0, 1, 0)
    assert ex.rest is not None and ex.rest.between_sets == Range(90, 90)
    assert ex.span.line == 3


def test_byte_order_mark_is_ignored() -> None:
    result = parse("\ufeff" + ROUTINE)
    _assert_routine(result)
    assert result.program.metadata[0].span.column == 1


def test_crlf_line_ends() -> None:
    _assert_routine(parse(ROUTINE.replace("\n", "\r\n")))


def test_old_mac_line_ends() -> None:
    _assert_routine(parse(ROUTINE.replace("\n", "\r")))


def test_tabs_count_as_spaces() -> None:
    text = "program:\teditor habits\nsession\tMonday:\n\tA1:\tlying leg curl\t3x8\t@3/0/1/0\trest\t90s\n"
    result = parse(text)
    _assert_routine(result)
    assert result.program.sessions[0].exercises[0].names[0].text == "lying leg curl"


def test_missing_final_newline() -> None:
    _assert_routine(parse(ROUTINE.rstrip("\n")))


# ------------------------------------------------------------------------------ never raises
@settings(max_examples=300, deadline=None)
@given(st.text())
def test_parse_never_raises_on_arbitrary_text(text: str) -> None:
    result = parse(text)
    assert isinstance(result, ParseResult)
    assert all(isinstance(p, Diagnostic) for p in result.problems)


_WORDS = (
    'A1:|B)|leg curl|45 degree|3x8|3-5x6-8|3 sets of|5 to 10|reps|x|@3/0/1/0|@3110|@"slow|@|rest|10s|'
    "2-3min|,|between sides|with|dropset 30%|2-1 method|for 10min|(toes in)|(|)|#|# note|note:|session|"
    "Monday|:|warmup|program:|level:|or|failure|rir|per leg|-|999999999"
)
_PIECES = st.sampled_from([*_WORDS.split("|"), " ", " ", "\t", "\n", "\n", "\r\n", "\ufeff"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_parse_never_raises_on_near_miss_routines(text: str) -> None:
    result = parse(text)
    assert isinstance(result, ParseResult)
    for problem in result.problems:
        assert problem.span is not None and problem.span.line >= 1 and problem.span.column >= 1
        assert problem.message


@pytest.mark.parametrize(
    ("text", "hint_part"),
    [
        ("leg curl 3x8 with dropset 30% for 10min", "put 'for ...' before 'with'"),
        ("A1 lying leg curl 3x8", "write 'A1: lying leg curl"),
        ("leg curl 3x8-6", "6-8"),
        ("leg curl 3x8 rest 3-2min", "2-3min"),
        ("level intermediate\nleg curl 3x8", "level: intermediate"),
        ("level: expert\nleg curl 3x8", "beginner, intermediate, advanced"),
        ("leg curl 3x8 90s", "rest 90s"),
        ("units kg\nleg curl 3x8", "write 'units: kg'"),
        ("1rm back squat 150kg\nleg curl 3x8", "write '1rm: back squat 150kg'"),
        ("leg curl 3x8\nprogress +1 set each week", "write 'progress: +1 set each week'"),
        ("B2. leg curl 3x8", "write 'B2: leg curl'"),
    ],
)
def test_hints_show_the_fix(text: str, hint_part: str) -> None:
    (problem,) = parse(text).problems
    assert problem.hint is not None and hint_part in problem.hint


def test_every_terminal_has_words_so_no_grammar_name_reaches_a_user() -> None:
    from hamdsl.language.parser import default_parser
    from hamdsl.language.syntax_errors import TERMINAL_WORDS

    names = {t.name for t in default_parser().lark.terminals}
    assert sorted(names - set(TERMINAL_WORDS)) == []


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("units: stone", "unexpected 'stone'; expected 'kg' or 'lb'"),
        ("1rm: back squat", "the line ends too early; expected a number or a weight (like 100kg) or a word"),
        ("round: 2.5", "unexpected '2.5'; expected a weight (like 100kg)"),
    ],
)
def test_block_settings_are_worded_in_the_users_terms(line: str, message: str) -> None:
    (problem,) = parse(line).problems
    assert problem.message == message


# ------------------------------------------------------------------- a key without its colon
#: A line of each key of the grammar, its colon left out, and the hint that puts it back.
KEYS_WITHOUT_COLONS = [
    ("program Hamstrings #1", "program: Hamstrings"),
    ("level intermediate", "level: intermediate"),
    ("experience 2-3 years", "experience: 2-3 years"),
    ("goal hypertrophy, strength", "goal: hypertrophy, strength"),
    ("source 000_4ffba709e68b8adb.txt", "source: 000_4ffba709e68b8adb.txt"),
    ("recovery average", "recovery: average"),
    ("split push/pull/legs", "split: push/pull/legs"),
    ("units kg", "units: kg"),
    ("start 2027-01-04", "start: 2027-01-04"),
    ("weeks six", "weeks: six"),
    ("1RM back squat 150kg", "1rm: back squat 150kg"),
    ("tm 90%", "tm: 90%"),
    ("round 2.5kg", "round: 2.5kg"),
    ("ratio 2:1", "ratio: 2:1"),
    ("deload half the sets, same load", "deload: half the sets, same load"),
    ("exercise cable pull-through = hip extension", "exercise: cable pull-through = hip extension"),
    ("note slow on the way down", "note: slow on the way down"),
    ("progress -1 rir each week", "progress: -1 rir each week"),
    ("progress", "progress:"),
]


@pytest.mark.parametrize(("text", "fix"), KEYS_WITHOUT_COLONS)
def test_a_key_without_its_colon_is_named_and_the_hint_writes_the_line(text: str, fix: str) -> None:
    key = text.split(" ")[0]
    (problem,) = parse(f"leg curl 3x8\n{text}").problems
    assert problem.message == f"'{key}' needs a colon"
    assert problem.span is not None
    assert (problem.span.line, problem.span.column, problem.span.end_column) == (2, 1, 1 + len(key))
    assert problem.hint is not None and f"write '{fix}" in problem.hint


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("split squat 3x8", ["split squat"]),
        ("exercise ball leg curl 3x10", ["exercise ball leg curl"]),
        ("Round back extension 3x12 rest 60s", ["Round back extension"]),
        ("split squat or lunge 3x8 per leg", ["split squat", "lunge"]),
        ("A1: split squat 3x8", ["split squat"]),
        ("leg curl or split squat 3x8", ["leg curl", "split squat"]),
        ("start position hold for 30s", ["start position hold"]),
        ("A1 3x8", ["A1"]),
    ],
)
def test_a_name_may_start_with_a_key_s_word_or_look_like_a_label(text: str, names: list[str]) -> None:
    result = parse(text)
    assert result.problems == ()
    (ex,) = result.program.sessions[0].exercises
    assert [n.text for n in ex.names] == names


def test_a_line_of_a_key_s_word_alone_needs_its_colon_in_a_warm_up_too() -> None:
    """The grammar reads "split squat" (a key's word, words, nothing more) as the key without its
    colon wherever it stands; a warm-up's exercise with such a name says how long or how often."""
    result = parse("warmup:\nsplit squat\nsplit squat hold for 30s\nsession:\nleg curl 3x8")
    assert [(p.span.line, p.message) for p in result.problems if p.span] == [(2, "'split' needs a colon")]
    assert [ex.name for ex in result.program.warmups[0].exercises] == ["split squat hold"]
