"""Blocks, loads and progression: the two files of issue 26 parse exactly as written and mean what
docs/language.md says; the formatter knows every new statement; bad input gets one clear error.

The interpretation of blocks (weeks, loads in kg, the rules that read them) is tested with the
interpreter; these tests hold the syntax.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hamdsl.core.serialize import to_data
from hamdsl.language.formatter import format_text
from hamdsl.language.nodes import Deload, Load, OneRepMax, Range
from hamdsl.language.parser import parse

HERE = Path(__file__).parent / "blocks"
BLOCK = (HERE / "issue-block.ham").read_text(encoding="utf-8")
NORDIC = (HERE / "issue-nordic.ham").read_text(encoding="utf-8")


def test_the_five_week_block_reads_as_written() -> None:
    result = parse(BLOCK)
    assert result.problems == ()
    program = result.program
    block = program.block
    assert block is not None
    assert (block.units, block.start, block.weeks, block.training_max, block.rounding) == (
        "kg", "2027-01-04", 5, 90.0, 2.5,
    )  # fmt: skip
    assert [(m.exercise, m.amount, m.unit) for m in block.one_rep_maxes] == [
        ("romanian deadlift", 140.0, "kg"),
        ("back squat", 150.0, "kg"),
    ]
    assert block.deload is not None and (block.deload.sets, block.deload.load, block.deload.rir) == (
        0.5,
        1.0,
        2,
    )
    (deload_week,) = program.weeks
    assert (deload_week.first, deload_week.last, deload_week.deload, deload_week.sessions) == (5, 5, True, ())
    monday, thursday = program.sessions
    curl, rdl, squat, nordic, deadlift, thrust = monday.exercises
    assert curl.scheme is not None and curl.scheme.rir == Range(3, 3)
    assert curl.load == Load("weight", curl.load.span, amount=30.0, unit="kg") if curl.load else False
    assert [(p.kind, p.amount, p.cap) for p in curl.progress] == [("sets", 1.0, 5), ("rir", -1.0, None)]
    assert rdl.load is not None and (rdl.load.kind, rdl.load.amount, rdl.load.basis) == (
        "percent",
        70.0,
        "1rm",
    )
    assert [(p.kind, p.amount, p.unit) for p in rdl.progress] == [("load", 2.5, "kg")]
    assert squat.scheme is not None and (squat.scheme.reps, squat.scheme.amrap) == (Range(5, 5), True)
    assert squat.load is not None and (squat.load.amount, squat.load.basis) == (85.0, "tm")
    (back_off,) = squat.then
    assert back_off.scheme.sets == Range(3, 3) and back_off.load is not None
    assert (back_off.load.kind, back_off.load.amount, back_off.load.unit) == ("relative", -10.0, "%")
    assert nordic.load is not None and (nordic.load.kind, nordic.load.amount) == ("bodyweight", 0.0)
    assert deadlift.load is not None and deadlift.load.rpe == (8.0, 8.0)
    assert thrust.load is not None and (thrust.load.kind, thrust.load.amount, thrust.load.unit) == (
        "bodyweight", 20.0, "kg",
    )  # fmt: skip
    assert [(p.kind, p.condition) for p in thrust.progress] == [("load", "all reps made")]
    (seated,) = thursday.exercises
    assert seated.load is not None and seated.load.rpe == (7.0, 8.0)
    (double,) = seated.progress
    assert (double.kind, double.reps, double.amount, double.unit) == ("double", Range(10, 15), 2.5, "kg")


def test_the_nordic_protocol_reads_week_by_week() -> None:
    result = parse(NORDIC)
    assert result.problems == ()
    program = result.program
    assert program.sessions == ()  # no template: every week has its own sessions
    assert [(w.first, w.last, w.name, w.ratio, [s.weekdays for s in w.sessions]) for w in program.weeks] == [
        (1, 2, "introduction", None, [("monday",)]),
        (3, 4, None, None, [("monday",), ("thursday",)]),
        (5, 10, "correcting quad dominance", (2, 1), [("monday", "wednesday", "friday")]),
    ]


@pytest.mark.parametrize("text", [BLOCK, NORDIC], ids=["block", "nordic"])
def test_blocks_format_to_the_same_program_and_stay_formatted(text: str) -> None:
    result = format_text(text)
    assert result.text is not None, result.problems
    assert to_data(parse(result.text).program, spans=False) == to_data(parse(text).program, spans=False)
    assert format_text(result.text).text == result.text


def test_the_canonical_spelling_of_blocks() -> None:
    text = (
        "UNITS: KG\nTm:90 %\nround : 2.5 kg\n1RM: Back Squat 150 kg\ndeload: 60% sets, -10% load\n"
        "session Monday:\nback squat 1 x 5 + 85 % TM THEN 3 x 5 - 10 % REST 3min\n"
        "Progress:+1 Sets each week TO 5 SETS\nleg curl 3x10 BW + 10 KG\nprogress: DOUBLE 10 - 15 + 2.5KG\n"
        "WEEKS 2 - 3 , heavier:\nRatio: 2:1\nWeek 4 ( DELOAD ):\n"
    )
    result = format_text(text)
    assert result.text == (
        "units: kg\ntm: 90%\nround: 2.5kg\n1rm: Back Squat 150kg\ndeload: 60% sets, 90% load, +2 rir\n"
        "\nsession Monday:\n  back squat 1x5+ 85% tm then 3x5 -10% rest 3min\n"
        "    progress: +1 set each week to 5 sets\n  leg curl   3x10 bw+10kg\n"
        "    progress: double 10-15 +2.5kg\n\nweeks 2-3, heavier:\nratio: 2:1\n\nweek 4 (deload):\n"
    )


# (id, text, message, line, column): issue 26's bad input, one clear error each
BAD: list[tuple[str, str, str, int, int]] = [
    ("week-0", "week 0:\nleg curl 3x8", "weeks are counted from 1", 1, 6),
    ("weeks-backwards", "weeks 4-2:\nleg curl 3x8", "the week range 4-2 is written backwards", 1, 7),
    (
        "week-past-the-block",
        "weeks: 2\nweek 1:\nleg curl 3x8\nweeks 3-4:\nleg curl 4x8",
        "weeks 3-4 are past the block's end: 'weeks: 2' on line 1",
        4,
        1,
    ),
    (
        "weeks-overlap",
        "weeks 1-3:\nleg curl 3x8\nweek 2:\nleg curl 3x8",
        "week 2 is already planned on line 1",
        3,
        1,
    ),
    (
        "progress-alone",
        "progress: +1 set each week\nleg curl 3x8",
        "'progress:' has no exercise above it",
        1,
        1,
    ),
    (
        "progress-in-warm-up",
        "warmup:\nleg swings\nprogress: none\nsession:\nleg curl 3x8",
        "a warm-up does not progress",
        3,
        1,
    ),
    ("then-alone", "leg curl 3x8 then", "'then' needs sets and reps after it", 1, 14),
    (
        "amrap-range",
        "leg curl 1x5-8+",
        "an as-many-as-possible set has one minimum, not the range 5-8",
        1,
        12,
    ),
    ("parsecs", "leg curl 3x8 100 parsecs", "unknown unit 'parsecs'", 1, 18),
    ("tm-over-100", "tm: 190%\nleg curl 3x8", "a training max of 190% is not a share of the 1RM", 1, 5),
    ("no-such-date", "start: 2027-02-30\nleg curl 3x8", "2027-02-30 is not a date of the calendar", 1, 8),
    ("rpe-as-tempo", "leg curl 3x8 @RPE8", "an RPE is a load, not a tempo", 1, 15),
    ("relative-first", "leg curl 3x8 -10%", "a load relative to the set group before needs one", 1, 14),
    ("rpe-off-scale", "leg curl 3x8 rpe 11", "an RPE of 11 is off the scale of 1 to 10", 1, 14),
    ("deload-words", "deload: lots\nleg curl 3x8", "cannot read 'lots' in the deload", 1, 9),
    (
        "round-in-other-units",
        "units: kg\nround: 5lb\nleg curl 3x8",
        "loads are rounded in lb but the block's units are kg",
        2,
        1,
    ),
    (
        "setting-under-a-week",
        "week 1:\ntm: 90%\nleg curl 3x8",
        "'tm:' is a setting of the whole block",
        2,
        1,
    ),
]


@pytest.mark.parametrize(("text", "message", "line", "column"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_block_input_gets_one_clear_error(text: str, message: str, line: int, column: int) -> None:
    (problem,) = parse(text).problems
    assert problem.message == message
    assert problem.span is not None and (problem.span.line, problem.span.column) == (line, column)
    assert problem.hint


def test_a_broken_block_line_loses_nothing_else() -> None:
    text = "week 0:\nsession Monday:\nleg curl 3x8 100kg\nweek 2:\nsession Friday:\nnordic curl 2x5 bw\n"
    result = parse(text)
    assert [p.message for p in result.problems] == ["weeks are counted from 1"]
    (monday,) = result.program.sessions  # week 0 was not read: its session stays in the template
    assert monday.exercises[0].load is not None
    (week,) = result.program.weeks
    assert week.first == 2 and week.sessions[0].exercises[0].name == "nordic curl"


def test_nodes_of_blocks_are_plain_data() -> None:
    deload = Deload(0.5, 1.0, 2, parse("leg curl 3x8").program.span)
    assert deload.sets == 0.5
    assert OneRepMax("squat", 100.0, "kg", deload.span).unit == "kg"
