"""The JSON export: ``program`` is the syntax tree exactly as ``hamdsl parse --format json`` gives
it (:func:`hamdsl.core.serialize.to_data`), so :func:`hamdsl.core.serialize.from_data` reads it back;
``model`` holds the interpreted figures: ``sessions``, ``warmups`` and ``week`` are week 1's (a file
without week headers is one week), ``weeks`` every week of the block with that week's sets, reps,
RIR and loads (schema version 2; docs/export.md lists what changed from version 1).

The model is not dumped wholesale: it embeds the tree again in every exercise, and its tallies
are pairs rather than objects. Each model exercise instead points at its line by ``position`` (the
index in its session's or warm-up's ``exercises``), and tallies become ``{function: range}``
objects. Time estimates stay ``[low, high]`` seconds, as in the model.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from hamdsl.core.serialize import to_data

if TYPE_CHECKING:
    from hamdsl.interpret.model import ExerciseModel, GroupModel, Model, SessionModel, Tally, WeekModel
    from hamdsl.plugins.api import ExportContext


def render(ctx: ExportContext) -> str:
    """The document as text: two-space indented, keys in a fixed order, non-ASCII kept (but
    control and bidi characters written as ``\\uXXXX`` escapes, the same value to a reader)."""
    from hamdsl.core.text import json_text

    return json_text(document(ctx)) + "\n"


def document(ctx: ExportContext) -> dict[str, Any]:
    from hamdsl_plugins.json_export.version import SCHEMA_VERSION

    return {
        "schema_version": SCHEMA_VERSION,
        "file": PurePath(ctx.filename).name,
        "program": to_data(ctx.program),
        "model": model_data(ctx.model),
    }


def model_data(model: Model) -> dict[str, Any]:
    return {
        "sessions": [_session(s) for s in model.sessions],
        "warmups": [
            {
                "index": i,
                "name": w.warmup.name,
                "duration_seconds": to_data(w.duration),
                "groups": _groups(w.groups),
            }
            for i, w in enumerate(model.warmups)
        ],
        "week": _week(model.week),
        "block_length": model.block_length,
        "weeks": [
            {
                "number": plan.number,
                "name": plan.name,
                "deload": plan.deload,
                "ratio": list(plan.ratio) if plan.ratio is not None else None,
                "sessions": [_session(s) for s in plan.sessions],
                "warmups": [
                    {
                        "index": i,
                        "name": w.warmup.name,
                        "duration_seconds": to_data(w.duration),
                        "groups": _groups(w.groups),
                    }
                    for i, w in enumerate(plan.warmups)
                ],
                "week": _week(plan.week),
            }
            for plan in model.plans
        ],
        "unresolved": to_data(model.unresolved),
        "assumptions": to_data(model.assumptions),
        "landmarks": to_data(model.landmarks),
    }


def _tally(tally: Tally) -> dict[str, Any]:
    return {key: to_data(value) for key, value in tally.items()}


def _session(s: SessionModel) -> dict[str, Any]:
    return {
        "index": s.index,
        "name": s.name,
        "weekdays": list(s.weekdays),
        "occurrences": s.occurrences,
        "duration_seconds": to_data(s.duration),
        "hard_sets_by_function": _tally(s.hard_sets_by_function),
        "hard_sets_by_muscle": _tally(s.hard_sets_by_muscle),
        "hamstring_hard_sets": to_data(s.hamstring_hard_sets),
        "exercise_count": s.exercise_count,
        "hamstring_exercise_count": s.hamstring_exercise_count,
        "quad_exercise_count": s.quad_exercise_count,
        "function_order": list(s.function_order),
        "trains_hamstrings_directly": s.trains_hamstrings_directly,
        "groups": _groups(s.groups),
    }


def _groups(groups: tuple[GroupModel, ...]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    position = 0
    for g in groups:
        exercises = []
        for em in g.exercises:
            exercises.append(_exercise(em, position))
            position += 1
        out.append(
            {
                "letter": g.letter,
                "kind": g.kind,
                "rounds": to_data(g.rounds),
                "duration_seconds": to_data(g.duration),
                "exercises": exercises,
            }
        )
    return out


def _exercise(em: ExerciseModel, position: int) -> dict[str, Any]:
    return {
        "position": position,
        "label": str(em.exercise.label) if em.exercise.label is not None else None,
        "name": em.name,
        "resolutions": [
            {
                "text": r.name.text,
                "exercise": r.spec.name if r.spec is not None else None,
                "matched": r.matched,
                "plugin": r.plugin,
            }
            for r in em.resolutions
        ],
        "in_warmup": em.in_warmup,
        "functions": sorted(em.functions),
        "muscles": sorted(em.muscles),
        "direct_hamstring": em.direct_hamstring,
        "unilateral": em.unilateral,
        "per_side": em.per_side,
        "sides": em.sides,
        "hard_sets": to_data(em.hard_sets),
        "reps": to_data(em.reps),
        "reps_assumed": em.reps_assumed,
        "rep_seconds": to_data(em.rep_seconds),
        "tut_per_set": to_data(em.tut_per_set),
        "tut_total": to_data(em.tut_total),
        "rest_after_set": to_data(em.rest_after_set),
        "duration_seconds": to_data(em.duration),
        "modifiers": to_data(em.modifiers),
        "set_groups": [
            {
                "scheme": to_data(g.scheme),
                "load": {**to_data(g.load), "text": str(g.load)} if g.load is not None else None,
            }
            for g in em.set_groups
        ],
        "progression_steps": em.progression_steps,
    }


def _week(w: WeekModel) -> dict[str, Any]:
    return {
        "hard_sets_by_function": _tally(w.hard_sets_by_function),
        "hard_sets_by_muscle": _tally(w.hard_sets_by_muscle),
        "hamstring_hard_sets": to_data(w.hamstring_hard_sets),
        "sessions_per_week": w.sessions_per_week,
        "frequency": w.frequency,
        "exercise_count": w.exercise_count,
        "hamstring_exercise_count": w.hamstring_exercise_count,
        "quad_exercise_count": w.quad_exercise_count,
        "duration_seconds": to_data(w.duration),
    }
