"""Shared pieces of the built-in rules: document names, doc assembly, spans and the questions
several rules ask of the model ("is this direct hamstring work?", "is this file a whole week?").

Kept in one place so that two rules never answer the same question differently: if
``missing-knee-flexion`` and ``rep-range`` disagreed about what counts as a hamstring exercise, a
coach would get findings that contradict each other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from hamdsl.language.nodes import Span
from hamdsl.plugins.api import HIP_EXTENSION, KNEE_EXTENSION, KNEE_FLEXION, Finding, Option, Rule, RuleContext

if TYPE_CHECKING:
    from hamdsl.core.diagnostics import Severity
    from hamdsl.interpret.model import ExerciseModel, Model, SessionModel
    from hamdsl.language.nodes import Program, Session

#: The four source documents, by the file names the findings cite.
DOC_000 = "000_4ffba709e68b8adb.txt"
DOC_001 = "001_0099f3787b808e50.txt"
DOC_002 = "002_07ab0ecea4df5d46.txt"
DOC_003 = "003_dd2db63edd4a1a04.txt"

#: What a function is called in a message.
FUNCTION_WORDS: dict[str, str] = {
    KNEE_FLEXION: "knee flexion",
    HIP_EXTENSION: "hip extension",
    KNEE_EXTENSION: "knee extension (quads)",
}

#: Methods that overload the lowering phase. 000 routine #2 builds its "accentuated eccentric"
#: routine from exactly the 2-1 method and eccentric emphasis with a longer lever.
ECCENTRIC_METHODS: frozenset[str] = frozenset({"2-1", "eccentric-emphasis", "accentuated-eccentric"})

Check = Callable[[RuleContext], Iterable[Finding]]


# --------------------------------------------------------------------------------------------------
# Rules and their docs
# --------------------------------------------------------------------------------------------------


def _format_default(value: Any) -> str:
    if value is None:
        return "unset"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return "[" + ", ".join(_format_default(v) for v in value) + "]"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


def options_section(name: str, options: tuple[Option, ...], note: str = "") -> str:
    """The ``## Options`` text, generated from the declared options so the doc cannot drift from
    what the settings loader accepts."""
    lines: list[str] = []
    if options:
        lines.append(
            f"Set in `hamdsl.toml` under `[{name}]`, or in `pyproject.toml` under "
            f"`[tool.hamdsl.{name}]`."
        )
        lines.append("")
        for opt in options:
            kind = opt.kind if opt.kind != "choice" else "one of " + ", ".join(f'"{c}"' for c in opt.choices)
            line = f"- `{opt.name}` ({kind}, default `{_format_default(opt.default)}`): {opt.help}"
            if opt.source:
                line += f" Source: {opt.source}."
            lines.append(line)
    else:
        lines.append("None of its own.")
    if note:
        lines.append("")
        lines.append(note)
    return "\n".join(lines)


def make_rule(
    *,
    code: str,
    name: str,
    summary: str,
    check: Check,
    severity: Severity,
    source: str,
    what: str,
    why: str,
    example: str,
    use_instead: str,
    options: tuple[Option, ...] = (),
    options_note: str = "",
    default_enabled: bool = True,
) -> Rule:
    """A :class:`~hamdsl.plugins.api.Rule` whose doc has the five fixed sections.

    ``example`` and ``use_instead`` are routines in .ham notation; tests/test_rules.py lints both,
    so a doc example that stops failing (or a "use instead" that starts failing) breaks the build.
    """
    doc = (
        f"## What it checks\n{what.strip()}\n\n"
        f"## Why\n{why.strip()}\n\n"
        f"## Example\n```ham\n{example.strip()}\n```\n\n"
        f"## Use instead\n```ham\n{use_instead.strip()}\n```\n\n"
        f"## Options\n{options_section(name, options, options_note.strip())}\n"
    )
    return Rule(
        code=code,
        name=name,
        summary=summary,
        check=check,
        severity=severity,
        source=source,
        doc=doc,
        options=options,
        default_enabled=default_enabled,
    )


def option(rule: str, name: str, kind: Any, default: Any, help: str, *, choices: tuple[str, ...] = (),
           source: str | None = None) -> Option:
    """An option in the section named after its rule (how :mod:`hamdsl.lint.linter` hands them over)."""
    return Option(rule, name, kind, default, help, choices=choices, source=source)


# --------------------------------------------------------------------------------------------------
# Spans
# --------------------------------------------------------------------------------------------------


def session_header_span(session: Session) -> Span:
    """The ``session NAME:`` line only. A session's own span covers all its exercises, which would
    underline a whole block in the full output; a finding about the session belongs on its header.
    A session without a header gets its first exercise."""
    if session.header_span is not None:
        return session.header_span
    if session.exercises:
        return session.exercises[0].span
    start = session.span
    return Span(start.line, start.column, start.line, start.column + 1)


def program_span(program: Program) -> Span:
    """Where a finding about the whole routine goes: the ``program:`` line if there is one, else the
    first session's header, else the first line."""
    for meta in program.metadata:
        if meta.key == "program":
            return meta.span
    if program.sessions:
        return session_header_span(program.sessions[0])
    return Span(1, 1, 1, 1)


def label_or_line(ex: ExerciseModel) -> Span:
    """The label of an exercise (``A1:``) when it has one, else the whole line."""
    label = ex.exercise.label
    return label.span if label is not None else ex.span


# --------------------------------------------------------------------------------------------------
# Questions about the model
# --------------------------------------------------------------------------------------------------


def is_direct(ex: ExerciseModel) -> bool:
    """Working hamstring work that counts (principle A5): squats, lunges and presses do not, and
    neither does anything in a warm-up (P15)."""
    return ex.direct_hamstring and not ex.in_warmup


def trains(ex: ExerciseModel, function: str) -> bool:
    """Whether ``ex`` is direct hamstring work for ``function`` (knee flexion or hip extension)."""
    return is_direct(ex) and function in ex.functions


def trains_quads(ex: ExerciseModel) -> bool:
    return not ex.in_warmup and KNEE_EXTENSION in ex.functions


def direct_exercises(session: SessionModel) -> list[ExerciseModel]:
    """The session's exercises for which :func:`is_direct` holds (its test written out, since
    several rules ask this of every session of every file)."""
    return [e for e in session.exercises if e.direct_hamstring and not e.in_warmup]


def is_standalone_workout(model: Model) -> bool:
    """A file with one session that names no weekday and no split is a single workout, not a week.

    000's three routines, 002's chart and 003's workouts are written that way: each is one workout
    to slot into the reader's own week. Weekly figures (volume, frequency) would be computed as if
    the lifter trained once a week, and the rules would report that as a fact about the routine.
    The weekly rules skip such files unless told otherwise (``standalone-workouts = true``).
    """
    program = model.program
    return (
        len(model.sessions) == 1
        and not model.sessions[0].weekdays
        and not program.split
    )


#: The most names a message lists; the rest are counted ("and 12 more").
MAX_NAMES = 5


def names(exercises: Iterable[ExerciseModel]) -> str:
    """``'squats', 'lunges' and 'leg extension'``: each name once, in order, and at most
    :data:`MAX_NAMES` of them, so a message stays one readable line in any file."""
    quoted = [f"'{name}'" for name in dict.fromkeys(e.name for e in exercises)]
    if len(quoted) > MAX_NAMES:
        quoted = [*quoted[:MAX_NAMES], f"{len(quoted) - MAX_NAMES} more"]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"


# --------------------------------------------------------------------------------------------------
# Weeks
# --------------------------------------------------------------------------------------------------


def each_week(check: Check, *, name_week: bool = True) -> Check:
    """``check`` run on every distinct week of the block (weeks that prescribe the same thing are
    checked once), each as if the file were that week alone (:meth:`Model.week_view`).

    When the block has one distinct week (every file without week headers or progression) the
    check runs on the model as it is, so its findings read exactly as before. Otherwise a finding
    that several weeks share is reported once; a ``name_week`` check's findings start with the
    weeks they hold for (``weeks 1-4: ...``), the others are about lines rather than weeks.
    """
    from dataclasses import replace

    def run(ctx: RuleContext) -> Iterable[Finding]:
        from hamdsl.interpret.model import weeks_label

        runs = ctx.model.distinct_weeks()
        if len(runs) <= 1:
            yield from check(ctx)
            return
        # The same finding in several weeks is one finding naming all of them ("weeks 1-5: ..."),
        # not one per week: a rule that fails the whole block says so once.
        found: dict[tuple[str, Span | None], tuple[Finding, list[int]]] = {}
        for week_run in runs:
            view = replace(ctx, model=ctx.model.week_view(week_run.plan))
            for finding in check(view):
                key = (finding.message, finding.span)
                if key in found:
                    found[key][1].extend(week_run.numbers)
                else:
                    found[key] = (finding, list(week_run.numbers))
        for finding, numbers in found.values():
            if name_week:
                finding = replace(finding, message=f"{weeks_label(numbers)}: {finding.message}")
            yield finding

    run.__name__ = getattr(check, "__name__", "check")
    run.__doc__ = check.__doc__
    return run


def week_ratio(model: Model) -> tuple[int, int] | None:
    """The hamstring-to-quad target written for the week a model shows (``ratio: 2:1`` under its
    week header, or at the top of the file); ``None`` when none is written."""
    weeks = model.weeks
    return weeks[0].ratio if weeks else None
