"""The interpreter on the twelve example routines: groups, hard sets, frequency, time, schedule.

Expected figures are worked out by hand from the articles (see each comment), not copied from the
program's output.
"""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

import pytest

from hamdsl.config.settings import load_settings
from hamdsl.interpret.interpreter import INTERPRETER_OPTIONS, VOLUME_OPTIONS, Catalog, interpret
from hamdsl.interpret.model import Model
from hamdsl.interpret.schedule import schedule
from hamdsl.language.nodes import Range
from hamdsl.language.parser import parse
from tests.conftest import builtin_catalog

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CATALOG = builtin_catalog()
KF, HE, KE = "knee-flexion", "hip-extension", "knee-extension"


def model_of(name: str, settings_text: str | None = None, tmp_path: Path | None = None) -> Model:
    result = parse((EXAMPLES / f"{name}.ham").read_text(encoding="utf-8"))
    assert result.ok, result.problems
    settings = None
    if settings_text is not None:
        assert tmp_path is not None
        config = tmp_path / "hamdsl.toml"
        config.write_text(settings_text, encoding="utf-8")
        settings = load_settings(config, [*INTERPRETER_OPTIONS, *VOLUME_OPTIONS])
    return interpret(result.program, CATALOG, settings)


def model_text(text: str) -> Model:
    result = parse(text)
    assert result.ok, result.problems
    return interpret(result.program, CATALOG)


def R(low: int, high: int | None = None) -> Range:
    return Range(low, low if high is None else high)


# name → per session: (group kinds, {function: hard sets}, hamstring hard sets); then the week's
# hamstring hard sets and frequency.
EXPECTED: dict[str, tuple[list[tuple[list[str], dict[str, Range], Range]], Range, int]] = {
    # one giant set of four, 3-5 rounds: 1 curl + 3 hip extensions
    "000-routine-1": ([(["giant-set"], {KF: R(3, 5), HE: R(9, 15), KE: R(0)}, R(12, 20))], R(12, 20), 1),
    # A1 and B1 are each alone under their letter: straight sets
    "000-routine-2": ([(["straight", "straight"], {KF: R(4, 6), HE: R(4)}, R(8, 10))], R(8, 10), 1),
    # A1/A2 and B1/B2 supersets; squat and leg press are quad work, not hamstring sets (A5)
    "000-routine-2-quads": ([(["superset", "superset"], {KF: R(4, 6), HE: R(4), KE: R(8, 10)}, R(8, 10))],
                            R(8, 10), 1),
    # giant set of five, 4 rounds: 2 curls (8) + 3 hip extensions (12)
    "000-routine-3": ([(["giant-set"], {KF: R(8), HE: R(12)}, R(20))], R(20), 1),
    # three sessions of 3 sets each
    "001-option-1": ([(["straight"], {HE: R(3), KF: R(0)}, R(3)),
                      (["straight"], {KF: R(3)}, R(3)),
                      (["straight"], {KF: R(3)}, R(3))], R(9), 3),
    # day 1: 3 + 3 hinge; day 2: 3 curls + 2-3 single-leg RDL per leg (counted once per set)
    "001-option-2": ([(["straight", "straight"], {HE: R(6), KF: R(0)}, R(6)),
                      (["straight", "straight"], {KF: R(3), HE: R(2, 3)}, R(5, 6))], R(11, 12), 2),
    # warm-up only: no session, no hard sets
    "001-warmup": ([], R(0), 0),
    # RDL 3-4, seated curl 3-4, split squat 3 (quads), Nordic or GHR 3 (first alternative: Nordic)
    "002-chart": ([(["straight"] * 4, {HE: R(3, 4), KF: R(6, 7), KE: R(3)}, R(9, 11))], R(9, 11), 1),
    # the 3:1 problem day
    "003-problem": ([(["straight"] * 4, {KE: R(9), KF: R(3), HE: R(0)}, R(3))], R(3), 1),
    "003-workout-1": ([(["straight"] * 3, {KF: R(3), HE: R(2, 3), KE: R(2, 3)}, R(5, 6))], R(5, 6), 1),
    "003-workout-2": ([(["straight"] * 3, {KF: R(3), HE: R(2, 3), KE: R(2, 3)}, R(5, 6))], R(5, 6), 1),
    # the glute-ham raise is knee flexion and hip extension: its 2-3 sets count for both
    "003-workout-3": ([(["straight"] * 3, {KF: R(5, 6), HE: R(2, 3), KE: R(2, 3)}, R(5, 6))], R(5, 6), 1),
}


def test_every_example_is_covered() -> None:
    assert {p.stem for p in EXAMPLES.glob("*.ham")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_figures(name: str) -> None:
    sessions, week_hamstring, frequency = EXPECTED[name]
    model = model_of(name)
    assert not model.unresolved, [u.message() for u in model.unresolved]
    assert len(model.sessions) == len(sessions)
    for session, (kinds, by_function, hamstring) in zip(model.sessions, sessions, strict=True):
        assert [g.kind for g in session.groups] == kinds
        for function, sets in by_function.items():
            assert session.hard_sets_by_function[function] == sets, (session.name, function)
        assert session.hamstring_hard_sets == hamstring
    assert model.week.hamstring_hard_sets == week_hamstring
    assert model.week.frequency == frequency


def test_week_sums_functions_across_sessions() -> None:
    week = model_of("001-option-2").week
    assert week.hard_sets_by_function[HE] == R(8, 9)
    assert week.hard_sets_by_function[KF] == R(3)
    assert week.sessions_per_week == 2 and week.exercise_count == 4


def test_short_head_counts_only_knee_flexion() -> None:
    """A2: in routine #1 only the leg curl (3-5 sets) reaches the biceps femoris short head."""
    muscles = model_of("000-routine-1").week.hard_sets_by_muscle
    assert muscles["biceps-femoris-short-head"] == R(3, 5)
    assert muscles["biceps-femoris-long-head"] == R(12, 20)


def test_quad_to_hamstring_ratio_of_the_problem_day() -> None:
    session = model_of("003-problem").sessions[0]
    assert (session.quad_exercise_count, session.hamstring_exercise_count) == (3, 1)
    assert session.function_order == (KE, KF)
    assert model_of("003-workout-1").sessions[0].hamstring_to_quad_ratio == 2.0


def test_function_order_and_knee_flexion_first() -> None:
    assert model_of("000-routine-1").sessions[0].knee_flexion_first is True
    assert model_of("002-chart").sessions[0].knee_flexion_first is False
    assert model_of("001-option-1").sessions[0].knee_flexion_first is None


def test_foot_position_emphasis() -> None:
    """A3: toes in → semitendinosus and semimembranosus; toes out → biceps femoris."""
    exercises = model_of("000-routine-3").sessions[0].exercises
    assert exercises[0].modifiers.foot_position == "toes-in"
    assert exercises[0].modifiers.plantarflexed
    assert exercises[0].modifiers.emphasised_muscles == {"semitendinosus", "semimembranosus"}
    assert exercises[2].modifiers.foot_position == "toes-out"
    assert "biceps-femoris-short-head" in exercises[2].modifiers.emphasised_muscles
    assert exercises[1].modifiers.grip == "snatch"
    assert exercises[3].modifiers.load_position == "back"
    assert model_of("000-routine-1").sessions[0].exercises[0].modifiers.foot_position == "neutral"


@pytest.mark.parametrize("name", ["000-routine-1", "000-routine-3"])
def test_giant_set_durations_match_the_article(name: str) -> None:
    """000: each routine takes 30-40 minutes after warming up; the estimate stays in 20-45."""
    low, high = model_of(name).sessions[0].duration
    assert 20 * 60 <= low <= high <= 45 * 60, (low / 60, high / 60)


def test_per_side_counts_once_but_takes_twice_as_long() -> None:
    one = model_text("session S:\nlying leg curl 3x8 @2/0/1/0 rest 60s\n").sessions[0]
    per_leg = model_text("session S:\nlying leg curl 3x8 per leg @2/0/1/0 rest 60s, 30s between sides\n")
    both = per_leg.sessions[0]
    assert one.hard_sets_by_function[KF] == both.hard_sets_by_function[KF] == R(3)
    assert both.exercises[0].tut_per_set == (48.0, 48.0) and one.exercises[0].tut_per_set == (24.0, 24.0)
    # per set: 24 s more work and a 30 s rest between sides
    assert both.duration[0] - one.duration[0] == pytest.approx(3 * (24 + 30))


def test_warm_up_never_counts() -> None:
    model = model_text("warmup:\nA1: romanian deadlift 3x10\nA2: lying leg curl 3x10\n"
                       "session S:\nseated leg curl 3x10\n")
    assert all(e.hard_sets == R(0) for w in model.warmups for e in w.exercises)
    assert model.week.hamstring_hard_sets == R(3)
    assert model.week.hard_sets_by_function[HE] == R(0)
    assert model_of("001-warmup").warmups[0].groups[1].kind == "giant-set"


def test_tut_from_tempo_and_x_phase() -> None:
    exercise = model_of("000-routine-3").sessions[0].exercises[0]  # 4x6 @3/0/X/0
    assert exercise.rep_seconds == (4.0, 4.0)  # X counts 1 s
    assert exercise.tut_total == (96.0, 96.0)


def test_failure_sets_use_the_assumed_reps() -> None:
    nordic = model_of("002-chart").sessions[0].exercises[3]
    assert nordic.reps_assumed and nordic.reps == R(5, 10)


def test_unknown_names_are_collected_not_raised() -> None:
    model = model_text("session S:\nA1: lying leg curll 3x8\nA2: seated leg curl or zzqx 3x8\n")
    assert [u.text for u in model.unresolved] == ["lying leg curll", "zzqx"]
    assert model.unresolved[0].message() == (
        "unknown exercise 'lying leg curll'; did you mean 'lying leg curl', 'slider leg curl' or "
        "'kneeling leg curl'?"
    )
    # the second line still counts through its resolved alternative
    assert model.sessions[0].hard_sets_by_function[KF] == R(3)
    assert model.sessions[0].groups[0].kind == "superset"


def test_same_letter_must_be_consecutive() -> None:
    model = model_text("session S:\nA1: lying leg curl 3x8\nB1: romanian deadlift 3x8\n"
                       "A2: seated leg curl 3x8\n")
    assert [g.kind for g in model.sessions[0].groups] == ["straight"] * 3


def test_tri_set_kind() -> None:
    model = model_text("session S:\nA1: lying leg curl 3x8\nA2: romanian deadlift 3x8\n"
                       "A3: glute bridge 3x8\n")
    assert model.sessions[0].groups[0].kind == "tri-set"


def test_config_override_changes_the_estimate(tmp_path: Path) -> None:
    base = model_of("000-routine-1").sessions[0].duration
    slower = model_of("000-routine-1", "[interpreter]\ntransition-seconds = [60, 90]\n", tmp_path)
    assert slower.sessions[0].duration[0] > base[0]
    assert slower.assumptions.transition_seconds == (60.0, 90.0)
    no_final = model_of("000-routine-1", "[interpreter]\ncount-final-rest = false\n", tmp_path)
    assert base[0] - no_final.sessions[0].duration[0] == pytest.approx(180)


def test_volume_landmarks_from_config(tmp_path: Path) -> None:
    model = model_of("001-option-2", "[volume]\nmev = 8\nmav = [12, 18]\n", tmp_path)
    assert model.landmarks.mev == 8 and model.landmarks.mav == R(12, 18)
    assert model.landmarks.zone(11) == "mev"


def test_schedule_from_weekdays() -> None:
    """001 option 1 on Mondays, Wednesdays and Fridays: 4 weeks from Monday 2026-12-07."""
    dated = schedule(model_of("001-option-1"), datetime.date(2026, 12, 7), 4)
    assert len(dated) == 12
    assert {d.date.weekday() for d in dated} == {0, 2, 4}
    assert dated[0].date == datetime.date(2026, 12, 7) and dated[-1].date == datetime.date(2027, 1, 1)
    assert not any(d.default_spread for d in dated)
    assert [d.week for d in dated[:4]] == [1, 1, 1, 2]


def test_schedule_default_spread_is_flagged() -> None:
    dated = schedule(model_of("001-option-2"), datetime.date(2026, 12, 7), 2)
    assert [d.date.strftime("%a") for d in dated] == ["Mon", "Thu", "Mon", "Thu"]
    assert all(d.default_spread and d.note for d in dated)


def test_schedule_starting_midweek() -> None:
    dated = schedule(model_of("001-option-1"), datetime.date(2026, 12, 9), 1)  # a Wednesday
    assert [d.date.day for d in dated] == [9, 11, 14]


def test_model_is_frozen() -> None:
    model = model_of("000-routine-1")
    with pytest.raises(dataclasses.FrozenInstanceError):
        model.week = model.week  # type: ignore[misc]
    hash(model.week.hard_sets_by_function)


# --------------------------------------------------------------------------------------------------
# A catalog serves a whole run: what it remembers must never leak into another line, settings or
# catalog (issue 8 made it remember names, lines and settings).
# --------------------------------------------------------------------------------------------------


def test_repeated_lines_keep_their_own_figures() -> None:
    model = model_text(
        "session S:\n"
        "lying leg curl (toes in) 3x8 rest 90s\n"
        "lying leg curl (toes in) 4x6 @3/0/1/0\n"
        "lying leg curll 3x8\n"
        "lying leg curll 2x8\n"
    )
    first, second, typo, again = model.sessions[0].exercises
    assert (first.hard_sets, second.hard_sets) == (R(3), R(4))
    assert first.rest_after_set == (90.0, 90.0) and second.rest_after_set == (90.0, 150.0)
    assert second.tut_per_set == (24.0, 24.0)  # 6 reps of 3+0+1+0 s
    assert first.modifiers == second.modifiers and first.modifiers.foot_position == "toes-in"
    assert [r.name.span.line for r in (*first.resolutions, *second.resolutions)] == [2, 3]
    assert not typo.resolved and not again.resolved
    assert [(u.text, u.span.line) for u in model.unresolved] == [("lying leg curll", 4),
                                                                  ("lying leg curll", 5)]
    assert model.unresolved[0].suggestions == model.unresolved[1].suggestions != ()


def test_one_catalog_serves_different_settings_in_turn(tmp_path: Path) -> None:
    options = [*INTERPRETER_OPTIONS, *VOLUME_OPTIONS]
    slow, fast = tmp_path / "slow.toml", tmp_path / "fast.toml"
    slow.write_text("[interpreter]\ntransition-seconds = [60, 90]\n[volume]\nmev = 8\n", encoding="utf-8")
    fast.write_text("[interpreter]\ntransition-seconds = [0, 0]\n", encoding="utf-8")
    program = parse((EXAMPLES / "000-routine-1.ham").read_text(encoding="utf-8")).program
    catalog = builtin_catalog()
    slow_settings, fast_settings = load_settings(slow, options), load_settings(fast, options)
    seen = [interpret(program, catalog, s) for s in (slow_settings, None, fast_settings, slow_settings)]
    assert [m.assumptions.transition_seconds for m in seen] == [(60.0, 90.0), (20.0, 30.0), (0.0, 0.0),
                                                               (60.0, 90.0)]
    assert [m.landmarks.mev for m in seen] == [8, 6, 6, 8]
    durations = [m.sessions[0].duration[0] for m in seen]
    assert durations[0] > durations[1] > durations[2] and durations[3] == durations[0]


def test_catalogs_do_not_share_what_they_remember() -> None:
    from hamdsl.plugins.api import ExerciseSpec

    builtin = builtin_catalog()
    custom = Catalog.from_specs([ExerciseSpec("zorro curl", frozenset({KF}), direct_hamstring=True)])
    for _ in range(2):  # the second round answers from memory
        assert builtin.resolve("lying leg curl") is not None and custom.resolve("lying leg curl") is None
        assert custom.resolve("zorro curls") is not None and builtin.resolve("zorro curls") is None
        assert builtin.suggest("zorro curl") != custom.suggest("zorro curl") == ("zorro curl",)


def test_a_flood_of_new_names_does_not_change_the_answers() -> None:
    from hamdsl.interpret.interpreter import MEMO_LIMIT

    catalog = builtin_catalog()
    assert catalog.resolve("lying leg curl") is not None
    for i in range(MEMO_LIMIT + 10):
        assert catalog.resolve(f"made up exercise {i}") is None
    assert catalog.resolve("lying leg curl") is not None
    assert catalog.resolve("made up exercise 3") is None


def test_derived_exercises_follow_replace() -> None:
    """Transform hooks build new models with dataclasses.replace; the exercises lists (worked out
    once when a model is built) must follow the new sessions and groups, not the old ones."""
    model = model_of("001-option-1")
    assert model.exercises == tuple(e for s in model.sessions for e in s.exercises)
    fewer = dataclasses.replace(model, sessions=model.sessions[1:])
    assert fewer.exercises == model.exercises[1:]
    session = model.sessions[0]
    empty = dataclasses.replace(session, groups=())
    assert empty.exercises == () and session.exercises != ()
    assert empty != session and dataclasses.replace(session) == session
    warmup = model_of("001-warmup").warmups[0]
    assert dataclasses.replace(warmup, groups=warmup.groups[:1]).exercises == warmup.groups[0].exercises
