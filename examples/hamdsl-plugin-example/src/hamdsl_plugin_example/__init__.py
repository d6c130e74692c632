"""An example hamdsl plugin: one rule, one exporter and one exercise.

Each hook imports what it needs inside the function, so installing this plugin adds nothing to
the start-up time of a hamdsl command that does not use it.
"""

from __future__ import annotations

from collections.abc import Iterator

import hamdsl
from hamdsl.plugins.api import (
    KNEE_FLEXION,
    MUSCLES,
    ExerciseSpec,
    ExportContext,
    Exporter,
    Finding,
    Option,
    Rule,
    RuleContext,
)

DEFAULT_MAX_REST = 300


def _long_rest(ctx: RuleContext) -> Iterator[Finding]:
    limit = ctx.options["max-seconds"]
    for session in ctx.program.sessions:
        for exercise in session.exercises:
            rest = exercise.rest
            if rest is not None and rest.between_sets is not None and rest.between_sets.high > limit:
                yield Finding(
                    f"a rest of {rest.between_sets.high} s after '{exercise.name}' is over {limit} s",
                    rest.span,
                    f"shorten the rest, or raise [tool.hamdsl.long-rest] max-seconds above {limit}",
                )


LONG_REST = Rule(
    code="EX001",
    name="long-rest",
    summary="A rest between sets is longer than the configured limit.",
    check=_long_rest,
    severity="info",
    source=None,
    doc=(
        "## What it checks\nEvery rest between sets against `max-seconds`.\n\n"
        "## Why\nAn example of a rule with an option; very long rests usually mean a typo.\n\n"
        "## Example\n```\nA1: lying leg curl 3x8 rest 10min\n```\n\n"
        "## Use instead\n```\nA1: lying leg curl 3x8 rest 2min\n```\n\n"
        f"## Options\n`max-seconds` (default {DEFAULT_MAX_REST})."
    ),
    options=(
        Option("long-rest", "max-seconds", "int", DEFAULT_MAX_REST, "the longest rest allowed, in seconds"),
    ),
)


def _csv(ctx: ExportContext) -> str:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["session", "label", "exercise", "sets", "reps"])
    for session in ctx.program.sessions:
        for exercise in session.exercises:
            scheme = exercise.scheme
            writer.writerow(
                [
                    session.name or "",
                    str(exercise.label) if exercise.label else "",
                    exercise.name,
                    str(scheme.sets) if scheme else "",
                    str(scheme.reps) if scheme and scheme.reps else "",
                ]
            )
    return buffer.getvalue()


@hamdsl.hookimpl
def hamdsl_rules() -> list[Rule]:
    return [LONG_REST]


@hamdsl.hookimpl
def hamdsl_exporters() -> list[Exporter]:
    return [Exporter("csv", ".csv", "text/csv", _csv, "one row per exercise")]


@hamdsl.hookimpl
def hamdsl_exercises() -> list[ExerciseSpec]:
    return [
        ExerciseSpec(
            name="hamstring razor curl",
            functions=frozenset({KNEE_FLEXION}),
            aliases=("razor curl",),
            muscles=frozenset(MUSCLES),
            direct_hamstring=True,
            equipment=("glute-ham developer",),
        )
    ]
