"""The example routines: every routine of the four source documents parses, says what the article says,
and keeps the same syntax tree (golden snapshots in tests/__snapshots__/).

Also checks the grammar itself: it builds conflict-free in Lark's strict mode, and every rule has a
reader method.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hamdsl.core.serialize import to_data
from hamdsl.language.nodes import Exercise, Program, Range
from hamdsl.language.parser import ParseResult, parse

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

#: file name → (sessions, warm-ups, exercises in all blocks)
SHAPES: dict[str, tuple[int, int, int]] = {
    "000-routine-1.ham": (1, 0, 4),
    "000-routine-2.ham": (1, 0, 2),
    "000-routine-2-quads.ham": (1, 0, 4),
    "000-routine-3.ham": (1, 0, 5),
    "001-option-1.ham": (3, 0, 3),
    "001-option-2.ham": (2, 0, 4),
    "001-warmup.ham": (0, 1, 5),
    "002-chart.ham": (1, 0, 4),
    "003-problem.ham": (1, 0, 4),
    "003-workout-1.ham": (1, 0, 3),
    "003-workout-2.ham": (1, 0, 3),
    "003-workout-3.ham": (1, 0, 3),
}


def _parse(name: str) -> ParseResult:
    return parse((EXAMPLES / name).read_text(encoding="utf-8"))


def _program(name: str) -> Program:
    result = _parse(name)
    assert result.problems == (), [(p.message, p.span) for p in result.problems]
    return result.program


def _exercises(program: Program) -> list[Exercise]:
    blocks = [*program.warmups, *program.sessions]
    return [ex for block in blocks for ex in block.exercises]


def _by_label(program: Program) -> dict[str, Exercise]:
    return {str(ex.label): ex for ex in _exercises(program) if ex.label is not None}


def test_the_example_set_is_exactly_the_twelve_routines() -> None:
    assert sorted(p.name for p in EXAMPLES.glob("*.ham")) == sorted(SHAPES)


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_example_parses_cleanly_with_its_shape(name: str) -> None:
    program = _program(name)
    sessions, warmups, exercises = SHAPES[name]
    assert len(program.sessions) == sessions
    assert len(program.warmups) == warmups
    assert len(_exercises(program)) == exercises
    assert program.source is not None and name[:3] == program.source[:3]
    assert program.name


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_example_snapshot(name: str, snapshot) -> None:  # type: ignore[no-untyped-def]
    result = _parse(name)
    assert result.problems == ()
    assert to_data(result.program) == snapshot


# --------------------------------------------------------------------------------- 000: routines
def test_000_routine_1_is_one_giant_set_with_short_rests() -> None:
    program = _program("000-routine-1.ham")
    ex = _by_label(program)
    assert list(ex) == ["A1", "A2", "A3", "A4"]
    assert {e.label.letter for e in ex.values() if e.label} == {"A"}
    a1 = ex["A1"]
    assert a1.name == "lying leg curl"
    assert [m.text for m in a1.modifiers] == ["Poliquin method", "feet neutral"]
    assert a1.scheme is not None and (a1.scheme.sets, a1.scheme.reps) == (Range(3, 5), Range(6, 8))
    assert a1.tempo is not None and a1.tempo.phases == (4, 0, 1, 0)
    assert [e.rest.between_sets for e in ex.values() if e.rest] == [Range(10, 10)] * 3 + [Range(180, 180)]
    assert ex["A4"].tempo is not None and ex["A4"].tempo.phases == (2, 0, 1, 2)
    assert any("pre-exhaust" in n.text.lower() for n in program.notes)


def test_000_routine_2_uses_eccentric_methods_and_asks_for_two_years() -> None:
    program = _program("000-routine-2.ham")
    ex = _by_label(program)
    assert program.experience_years == 2.0
    assert [m.kind for m in ex["A1"].methods] == ["2-1"]
    assert [m.kind for m in ex["B1"].methods] == ["eccentric-emphasis"]
    assert ex["A1"].tempo is not None and ex["A1"].tempo.eccentric == 8
    assert ex["B1"].scheme is not None and ex["B1"].scheme.reps == Range(10, 12)
    # the footnotes (** and ****) follow the exercise they explain
    assert ex["A1"].notes[0].text.startswith("**")
    assert ex["B1"].notes[0].text.startswith("****")


def test_000_routine_2_with_quads_pairs_and_shortens_rests() -> None:
    ex = _by_label(_program("000-routine-2-quads.ham"))
    assert list(ex) == ["A1", "A2", "B1", "B2"]
    assert ex["A2"].name == "back squat"
    assert [m.text for m in ex["A2"].modifiers] == ["heels medium / elevated"]
    assert ex["A2"].tempo is not None and ex["A2"].tempo.phases == (4, 0, "X", 0)
    rests = {label: e.rest.between_sets for label, e in ex.items() if e.rest}
    assert rests == {"A1": Range(100, 100), "A2": Range(100, 100), "B1": Range(75, 75), "B2": Range(75, 75)}
    assert ex["B2"].scheme is not None and ex["B2"].scheme.reps == Range(12, 15)


def test_000_routine_3_is_a_five_exercise_giant_set_for_average_recovery() -> None:
    program = _program("000-routine-3.ham")
    ex = _by_label(program)
    assert program.recovery == "average"
    assert list(ex) == ["A1", "A2", "A3", "A4", "A5"]
    assert all(e.scheme is not None and e.scheme.sets == Range(4, 4) for e in ex.values())
    assert all(e.scheme is not None and e.scheme.reps == Range(6, 6) for e in ex.values())
    assert ex["A1"].tempo is not None and ex["A1"].tempo.concentric == "X"
    assert ex["A2"].tempo is not None and ex["A2"].tempo.phases == (4, 0, 2, 0)
    assert ex["A5"].rest is not None and ex["A5"].rest.between_sets == Range(180, 180)
    assert [m.text for m in ex["A3"].modifiers] == ["feet plantarflexed / pointed out"]


# -------------------------------------------------------------------------------- 001: week plans
def test_001_option_1_puts_one_exercise_on_each_weekday() -> None:
    program = _program("001-option-1.ham")
    assert [s.weekdays for s in program.sessions] == [("monday",), ("wednesday",), ("friday",)]
    assert [len(s.exercises) for s in program.sessions] == [1, 1, 1]
    deadlift = program.sessions[0].exercises[0]
    assert deadlift.name == "barbell stiff leg deadlift"
    assert deadlift.scheme is not None and deadlift.scheme.reps == Range(5, 10)
    friday = program.sessions[2].exercises[0]
    assert friday.scheme is not None and friday.scheme.reps == Range(20, 30)


def test_001_option_2_has_alternatives_and_one_sided_work() -> None:
    program = _program("001-option-2.ham")
    assert [s.name for s in program.sessions] == [
        "Day 1, heavy hinge focus",
        "Day 2, curl and accessory focus",
    ]
    first = program.sessions[0].exercises[0]
    assert [n.text for n in first.names] == ["conventional deadlift", "hex bar deadlift"]
    assert first.notes and "hex bar" in first.notes[0].text
    single_leg = program.sessions[1].exercises[1]
    assert single_leg.scheme is not None
    assert single_leg.scheme.sets == Range(2, 3)
    assert single_leg.scheme.reps == Range(8, 12)
    assert single_leg.scheme.per_side is True


def test_001_warmup_is_cardio_then_three_activation_rounds() -> None:
    program = _program("001-warmup.ham")
    assert program.sessions == ()
    (warmup,) = program.warmups
    cardio, *drills = warmup.exercises
    assert cardio.duration == Range(600, 600)
    assert cardio.scheme is None
    assert [d.name for d in drills] == [
        "knee hugs",
        "glute bridges",
        "lunges with elbow to instep",
        "hip flexion or leg swings",
    ]
    assert all(
        d.scheme is not None and d.scheme.sets == Range(3, 3) and d.scheme.reps is None for d in drills
    )


# ------------------------------------------------------------------------------------ 002: chart
def test_002_chart_rows_and_their_notes() -> None:
    (session,) = _program("002-chart.ham").sessions
    rdl, curl, split_squat, nordic = session.exercises
    assert [m.text for m in rdl.modifiers] == ["barbell or dumbbell"]
    assert rdl.scheme is not None and (rdl.scheme.sets, rdl.scheme.reps) == (Range(3, 4), Range(6, 10))
    (pause,) = curl.methods
    assert (pause.kind, pause.seconds, pause.positions) == ("pause", 1, ("bottom", "top"))
    assert split_squat.scheme is not None and split_squat.scheme.reps == Range(8, 12)
    assert [n.text for n in nordic.names] == ["nordic hamstring curl", "eccentric glute-ham raise"]
    assert nordic.scheme is not None and nordic.scheme.to_failure and nordic.scheme.reps is None
    assert all(len(ex.notes) == 1 for ex in session.exercises)


# --------------------------------------------------------------------------------- 003: workouts
def test_003_problem_day_is_three_quad_exercises_and_one_curl() -> None:
    (session,) = _program("003-problem.ham").sessions
    assert [str(ex.label) for ex in session.exercises] == ["A", "B", "C", "D"]
    assert [ex.name for ex in session.exercises] == ["squats", "lunges", "leg extension", "leg curl"]
    assert all(ex.label is not None and ex.label.index is None for ex in session.exercises)


def test_003_workout_1_tempos_and_two_part_rests() -> None:
    (session,) = _program("003-workout-1.ham").sessions
    curl, back_ext, split_squat = session.exercises
    assert curl.tempo is not None and curl.tempo.phases == (2, 0, 1, 2)
    assert curl.rest is not None
    assert (curl.rest.between_sets, curl.rest.between_sides) == (Range(120, 120), Range(30, 60))
    assert back_ext.tempo is not None and back_ext.tempo.phases == (2, 1, 1, 1)
    assert back_ext.rest is not None and back_ext.rest.between_sets == Range(120, 180)
    assert split_squat.rest is not None and split_squat.rest.between_sides == Range(60, 60)
    assert split_squat.comment is not None and "Repos" in split_squat.comment.text


def test_003_workout_2_accentuated_eccentric_curl() -> None:
    (session,) = _program("003-workout-2.ham").sessions
    curl, deadlift, hack = session.exercises
    assert curl.name == "lying leg curl"
    assert [m.kind for m in curl.methods] == ["accentuated-eccentric"]
    assert curl.tempo is not None and curl.tempo.phases == (6, 1, 1, 0)
    assert curl.scheme is not None and curl.scheme.reps == Range(4, 5)
    assert deadlift.rest is not None and deadlift.rest.between_sets == Range(180, 180)
    assert hack.name == "reverse-band hack squat"


def test_003_workout_3_tempo_in_words_and_rir_target() -> None:
    (session,) = _program("003-workout-3.ham").sessions
    curl, ghr, step_up = session.exercises
    assert curl.scheme is not None and curl.scheme.reps == Range(6, 8)
    assert ghr.tempo is not None and ghr.tempo.phases is None
    assert ghr.tempo.description == "as slow as possible"
    assert ghr.scheme is not None and ghr.scheme.rir == Range(1, 2) and ghr.scheme.reps is None
    assert step_up.tempo is not None and step_up.tempo.phases == (2, 0, 1, 0)


# --------------------------------------------------------------------------- the language guide
def test_language_guide_first_and_complete_routines_parse() -> None:
    guide = (EXAMPLES.parent / "docs" / "language.md").read_text(encoding="utf-8")
    blocks = guide.split("```\n")[1::2]
    first, complete = parse(blocks[0]), parse(blocks[-1])
    assert first.problems == () and complete.problems == ()
    assert complete.program.experience_years == 2.0
    assert len(complete.program.warmups) == 1
    (session,) = complete.program.sessions
    assert session.weekdays == ("monday",)
    assert [str(ex.label) for ex in session.exercises] == ["A1", "A2", "B1", "B2"]
