"""Plain-English wording of an exercise line, shared by the Markdown and iCal exporters.

A coach's sheet and a calendar entry must say the same thing about the same line (``3-5 x 6-8``,
``tempo 4/0/1/0``, ``rest 10 s``), so the wording lives here once. It works on the syntax tree
only (what was written), never re-reads notation, and returns unescaped text: each exporter
escapes for its own format.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hamdsl.interpret.model import ExerciseModel, GroupModel, Seconds
    from hamdsl.language.nodes import Exercise, Range, Rest, Scheme, Tempo

#: Group kinds as a reader says them.
GROUP_WORDS: dict[str, str] = {
    "straight": "straight sets",
    "superset": "superset",
    "tri-set": "tri-set",
    "giant-set": "giant set",
}


def exercise_title(ex: Exercise) -> str:
    """The name with its alternatives, modifiers and methods: ``seated leg curl (toes out), with
    2-1 method``."""
    text = ex.name
    if ex.modifiers:
        text += " (" + ", ".join(m.text for m in ex.modifiers) + ")"
    if ex.methods:
        text += ", with " + ", ".join(m.text for m in ex.methods)
    return text


def scheme_text(ex: Exercise) -> str:
    """``3-5 x 6-8``, ``3 x failure``, ``2-3 x 1-2 RIR``, ``3 x 8-12 per side``, ``3 rounds``,
    ``10 min``; an empty string when the line gives neither sets nor a duration."""
    scheme = ex.scheme
    if scheme is None:
        return duration_text(ex.duration) if ex.duration is not None else ""
    return _scheme(scheme) + (f", {duration_text(ex.duration)}" if ex.duration is not None else "")


def _scheme(scheme: Scheme) -> str:
    if scheme.to_failure:
        body = f"{scheme.sets} x failure"
    elif scheme.amrap and scheme.reps is not None:
        body = f"{scheme.sets} x {scheme.reps}+"  # 1x5+: at least 5, as many as possible
    elif scheme.amrap:
        body = f"{scheme.sets} x AMRAP"
    elif scheme.reps is not None:
        body = f"{scheme.sets} x {scheme.reps}"
    elif scheme.rir is not None:
        body = f"{scheme.sets} x {scheme.rir} RIR"
    else:
        body = f"{scheme.sets} {'round' if scheme.sets.high == 1 else 'rounds'}"
    if scheme.rir is not None and (scheme.reps is not None or scheme.to_failure or scheme.amrap):
        body += f" @ {scheme.rir} RIR"
    if scheme.per_side:
        body += " per side"
    return body


def prescription_text(em: ExerciseModel) -> str:
    """This week's sets, reps and loads of an interpreted exercise: ``3 x 8 @ 97.5kg``,
    ``1 x 5+ @ 115kg then 3 x 5 @ 102.5kg``; as :func:`scheme_text` when no load or ``then`` is
    written."""
    groups = em.set_groups
    if not groups or (len(groups) == 1 and groups[0].load is None):
        return scheme_text(em.exercise)
    parts = []
    for group in groups:
        text = _scheme(group.scheme)
        if group.load is not None:
            # "@" already introduces an RIR target ("3 x 8 @ 2 RIR"); the load then follows a comma.
            text += f"{',' if ' @ ' in text else ' @'} {group.load}"
        parts.append(text)
    ex = em.exercise
    return " then ".join(parts) + (f", {duration_text(ex.duration)}" if ex.duration is not None else "")


def model_line_text(em: ExerciseModel) -> str:
    """:func:`line_text` with this week's sets, reps and loads (:func:`prescription_text`)."""
    return line_text(em.exercise, prescription_text(em))


def tempo_text(tempo: Tempo | None) -> str:
    """``4/0/X/0`` (eccentric/bottom/concentric/top) or the tempo as described in words."""
    if tempo is None:
        return ""
    if tempo.phases is None:
        return tempo.description or ""
    return "/".join(str(p) for p in tempo.phases)


def rest_text(rest: Rest | None) -> str:
    """``90 s``, ``2-3 min``, ``2 min; 30-60 s between sides``."""
    if rest is None:
        return ""
    parts: list[str] = []
    if rest.between_sets is not None:
        parts.append(duration_text(rest.between_sets))
    if rest.between_sides is not None:
        parts.append(f"{duration_text(rest.between_sides)} between sides")
    return "; ".join(parts)


def duration_text(seconds: Range) -> str:
    """Seconds, or whole minutes from two minutes up (``90 s``, ``3 min``), never rounded."""
    from hamdsl.language.nodes import Range

    if seconds.low % 60 == 0 and seconds.high % 60 == 0 and seconds.high >= 120:
        return f"{Range(seconds.low // 60, seconds.high // 60)} min"
    return f"{seconds} s"


def minutes_text(estimate: Seconds) -> str:
    """A ``(low, high)`` estimate in seconds as whole minutes, rounded outwards: ``31-42 min``."""
    low = math.floor(estimate[0] / 60)
    high = math.ceil(estimate[1] / 60)
    return f"{low} min" if low == high else f"{low}-{high} min"


def group_text(group: GroupModel) -> str:
    """``giant set A1-A4, 3-5 rounds``; only for groups of two or more exercises."""
    first, last = group.exercises[0].exercise.label, group.exercises[-1].exercise.label
    labels = f"{first}-{last}" if first is not None and last is not None else (group.letter or "")
    rounds = group.rounds
    word = "round" if rounds.high == 1 else "rounds"
    return f"{GROUP_WORDS.get(group.kind, group.kind)} {labels}, {rounds} {word}".strip()


def line_text(ex: Exercise, prescription: str | None = None) -> str:
    """One exercise line in words, for plain-text outputs:
    ``A1 lying leg curl (feet neutral): 3-5 x 6-8, tempo 4/0/1/0, rest 10 s``; ``prescription``
    replaces the written sets and reps (a week's figures, with loads)."""
    label = f"{ex.label} " if ex.label is not None else ""
    details = [scheme_text(ex) if prescription is None else prescription]
    if ex.tempo is not None:
        details.append(f"tempo {tempo_text(ex.tempo)}")
    if ex.rest is not None:
        details.append(f"rest {rest_text(ex.rest)}")
    details = [d for d in details if d]
    return f"{label}{exercise_title(ex)}" + (": " + ", ".join(details) if details else "")
