"""The Markdown coach's sheet.

Every piece of text from the routine goes through :func:`escape`, which backslash-escapes each
character CommonMark or GFM could read as markup. CommonMark allows a backslash before any ASCII
punctuation and then shows the character literally, so a note with ``<script>``, ``[a](b)``,
``*bold*`` or ``|`` shows those characters as written and produces no HTML, link, emphasis or
extra table cell. Control characters (ANSI escapes) and bidi overrides are written as visible
``\\x1b`` / ``\\u202e`` escapes, so the sheet cannot drive a terminal or reorder what a reader
sees. Only text the exporter writes itself is markup.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from hamdsl_plugins._wording import (
    exercise_title,
    group_text,
    minutes_text,
    prescription_text,
    rest_text,
    scheme_text,
    tempo_text,
)

if TYPE_CHECKING:
    from hamdsl.interpret.model import GroupModel, Model
    from hamdsl.language.nodes import Note
    from hamdsl.plugins.api import ExportContext

# Characters with a meaning somewhere in CommonMark or GFM: emphasis, code, links and images,
# raw HTML and entities, table cells, headings, strikethrough, and backslash itself. "-", "+",
# "=", "." and ")" only matter at the start of a line and are handled there.
_MARKUP = re.compile(r"([\\`*_\[\]<>|&#~!{}])")
_LIST_OR_RULE = re.compile(r"^([-+=]|\d+(?=[.)]))")
_BLANKS = re.compile(r"\s+")

_FUNCTION_WORDS = {
    "knee-flexion": "Knee flexion",
    "hip-extension": "Hip extension",
    "knee-extension": "Knee extension (quads)",
    "other": "Other",
}
_TABLE_HEAD = ("Label", "Exercise", "Sets x reps", "Tempo", "Rest", "Notes")


def escape(text: str) -> str:
    """Routine text made inert in Markdown: one line, control and bidi characters shown as
    ``\\x1b`` / ``\\u202e`` (as on the terminal), every markup character escaped."""
    from hamdsl.core.text import safe

    text = _BLANKS.sub(" ", safe(text)).strip()
    text = _MARKUP.sub(r"\\\1", text)
    # "- x", "+ x", "1. x" or "===" at the start would open a list or underline a heading when
    # the text starts a bullet; escaping the marker keeps it a character.
    match = _LIST_OR_RULE.match(text)
    if match is None:
        return text
    if match.group(1) in "-+=":
        return "\\" + text
    end = match.end()
    return text[:end] + "\\" + text[end:]


def render(ctx: ExportContext) -> str:
    """The whole sheet: title and metadata, warm-ups, sessions, then the weekly figures."""
    model = ctx.model
    program = ctx.program
    out: list[str] = [f"# {escape(program.name or _stem(ctx.filename))}", ""]
    meta = [m for m in program.metadata if m.key != "program"]
    if meta:
        out += [f"- **{escape(m.key.capitalize())}:** {escape(m.value)}" for m in meta]
        out.append("")
    out += _notes(program.notes)
    for warmup in model.warmups:
        title = "Warm-up" + (f": {warmup.warmup.name}" if warmup.warmup.name else "")
        out += [
            f"## {escape(title)}",
            "",
            f"Estimated duration: {minutes_text(warmup.duration)}. Warm-up work does not count as hard sets.",
            "",
        ]
        out += _groups(warmup.groups)
        out += _table(warmup.groups)
        out += _notes(warmup.warmup.notes)
    runs = model.distinct_weeks()
    if len(runs) > 1:
        out += _block(model)
        return "\n".join(out).rstrip("\n") + "\n"
    out += _sessions(model, "##")
    if model.sessions:
        out += _week(model)
    return "\n".join(out).rstrip("\n") + "\n"


def _sessions(model: Model, level: str) -> list[str]:
    out: list[str] = []
    for session in model.sessions:
        days = ", ".join(d.capitalize() for d in session.weekdays)
        title = session.name
        if days and days.lower() != session.name.lower():
            title += f" ({days})"
        out += [f"{level} {escape(title)}", "", f"Estimated duration: {minutes_text(session.duration)}.", ""]
        out += _groups(session.groups)
        out += _table(session.groups)
        out += _notes(session.session.notes)
    return out


def _block(model: Model) -> list[str]:
    """A block whose weeks differ: the progression table (each exercise's sets x reps @ load, week
    by week), then each distinct week's sessions under a heading naming the weeks it holds for."""
    plans = model.plans
    rows: dict[tuple[str, int, int], dict[int, str]] = {}
    names: dict[tuple[str, int, int], str] = {}
    for plan in plans:
        for session in plan.sessions:
            for em in session.exercises:
                key = (session.name, em.span.line, em.span.column)
                names[key] = f"{em.name} ({session.name})"
                rows.setdefault(key, {})[plan.number] = prescription_text(em)
    head = ["Exercise", *(f"Week {p.number}" + (" (deload)" if p.deload else "") for p in plans)]
    out = [
        "## Progression",
        "",
        "Sets x reps @ load in each week of the block; a dash where the exercise is not done that week.",
        "",
        _row(head),
        _row(["---"] * len(head)),
    ]
    for key, by_week in rows.items():
        out.append(_row([escape(names[key]), *(escape(by_week.get(p.number, "-")) for p in plans)]))
    out.append("")
    for run in model.distinct_weeks():
        plan = run.plan
        title = run.label.capitalize()
        if plan.name:
            title += f": {plan.name}"
        if plan.deload:
            title += " (deload)"
        view = model.week_view(plan)
        week = plan.week
        out += [
            f"## {escape(title)}",
            "",
            f"Sessions per week: {week.sessions_per_week}; hamstring hard sets per week: "
            f"{week.hamstring_hard_sets}.",
            "",
        ]
        if plan.ratio is not None:
            out += [f"Hamstring to quad exercises: at least {plan.ratio[0]}:{plan.ratio[1]}.", ""]
        out += _sessions(view, "###")
    out += [
        "Durations are estimates from the written sets, reps, tempo and rest, with the "
        "interpreter's assumptions where the routine is silent; warm-ups are not included.",
    ]
    return out


def _stem(filename: str) -> str:
    from pathlib import PurePath

    return PurePath(filename).stem


def _notes(notes: tuple[Note, ...]) -> list[str]:
    if not notes:
        return []
    return [*(f"- {escape(n.text)}" for n in notes), ""]


def _groups(groups: tuple[GroupModel, ...]) -> list[str]:
    """A line per superset, tri-set or giant set, so the sheet shows what is done back to back."""
    lines = [
        f"- **{_upper_first(escape(group_text(g)))}**, back to back" for g in groups if len(g.exercises) > 1
    ]
    return [*lines, ""] if lines else []


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _row(cells: tuple[str, ...] | list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(groups: tuple[GroupModel, ...]) -> list[str]:
    lines = [_row(_TABLE_HEAD), _row(["---"] * len(_TABLE_HEAD))]
    for group in groups:
        for em in group.exercises:
            ex = em.exercise
            cells = [
                escape(str(ex.label)) if ex.label is not None else "",
                escape(exercise_title(ex)),
                escape(prescription_text(em) if em.set_groups else scheme_text(ex)),
                escape(tempo_text(ex.tempo)),
                escape(rest_text(ex.rest)),
                # The progress rule too: one that depends on the lifter (double progression,
                # "when all reps made") changes no week's load in the tables, so say it here.
                "; ".join(
                    [
                        *(escape(n.text) for n in ex.notes),
                        *(escape(f"progress: {p.text or p.kind}") for p in ex.progress),
                    ]
                ),
            ]
            lines.append(_row(cells))
    return [*lines, ""]


def _week(model: Model) -> list[str]:
    week = model.week
    lines = [
        "## Week",
        "",
        f"Sessions per week: {week.sessions_per_week}; hamstring hard sets per week: "
        f"{week.hamstring_hard_sets}.",
        "",
        _row(("Movement function", "Hard sets per week")),
        _row(("---", "---:")),
    ]
    for function, sets in week.hard_sets_by_function.items():
        lines.append(_row((_FUNCTION_WORDS.get(function, escape(function)), str(sets))))
    lines += ["", _row(("Session", "Times a week", "Estimated duration")), _row(("---", "---:", "---:"))]
    for session in model.sessions:
        lines.append(_row((escape(session.name), str(session.occurrences), minutes_text(session.duration))))
    lines += [
        "",
        "Durations are estimates from the written sets, reps, tempo and rest, with the "
        "interpreter's assumptions where the routine is silent; warm-ups are not included.",
    ]
    return lines
