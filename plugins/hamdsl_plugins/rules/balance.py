"""HAM4xx: balance between quads and hamstrings, and between the two legs (P9, P10).

Ratios are counted in exercises, as 003 counts them ("THREE exercises that target the quads,
while only ONE targets the hamstrings"), not in sets.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from hamdsl.plugins.api import HIP_EXTENSION, KNEE_EXTENSION, KNEE_FLEXION, Finding, Rule, RuleContext

from ._base import (
    DOC_002,
    DOC_003,
    direct_exercises,
    is_direct,
    make_rule,
    names,
    option,
    program_span,
    session_header_span,
    trains_quads,
    week_ratio,
)

if TYPE_CHECKING:
    from hamdsl.interpret.model import ExerciseModel, SessionModel

# --------------------------------------------------------------------------------------------------
# P9: quad dominance
# --------------------------------------------------------------------------------------------------


def _ratio_text(value: float) -> str:
    return f"{value:g}:1" if value >= 1 else f"1:{1 / value:g}"


def _counts(session: SessionModel) -> tuple[list[ExerciseModel], list[ExerciseModel]]:
    return direct_exercises(session), [e for e in session.exercises if trains_quads(e)]


def check_quad_dominant(ctx: RuleContext) -> Iterator[Finding]:
    """With ``scope = "week"`` (the default) a quad-only day is fine when the week makes up for it
    (002's push/pull/legs split has one quad day and one hamstring day); when the week as a whole
    falls short, each session that falls short is reported, so the finding still points at a day.
    A week with its own ``ratio:`` line is phase-ratio's to check."""
    if week_ratio(ctx.model) is not None:
        return
    yield from _quad_findings(ctx, float(ctx.options.get("ratio", 1.0)), ctx.options.get("scope", "week"))


def check_phase_ratio(ctx: RuleContext) -> Iterator[Finding]:
    """The week's written ``ratio: H:Q`` is its target (003's correction phase, then 1:1)."""
    written = week_ratio(ctx.model)
    if written is None or written[1] == 0:
        return
    yield from _quad_findings(ctx, written[0] / written[1], ctx.options.get("scope", "week"),
                              written=f"{written[0]}:{written[1]}")


def _quad_findings(ctx: RuleContext, target: float, scope: str, written: str | None = None
                   ) -> Iterator[Finding]:
    sessions = ctx.model.sessions
    counts = [_counts(s) for s in sessions]
    if scope == "week":
        hams = sum(len(h) for h, _ in counts)
        quads = sum(len(q) for _, q in counts)
        if quads == 0 or hams / quads >= target:
            return
    for session, (hams_here, quads_here) in zip(sessions, counts, strict=True):
        if not quads_here or len(hams_here) / len(quads_here) >= target:
            continue
        yield Finding(
            message=f"session '{session.name}' has {len(quads_here)} quad exercise"
            f"{'s' if len(quads_here) != 1 else ''} ({names(quads_here)}) to {len(hams_here)} direct "
            f"hamstring exercise{'s' if len(hams_here) != 1 else ''}; the target is at least "
            + (f"{_ratio_text(target)} hamstrings to quads" if written is None
               else f"the {written} hamstrings to quads its 'ratio:' line asks for"),
            span=session_header_span(session.session),
            hint="add hamstring exercises or drop quad ones; to correct quad dominance, 003 goes to "
            "2:1 for hamstrings and puts them first in the session",
        )


QUAD_DOMINANT: Rule = make_rule(
    code="HAM401",
    name="quad-dominant",
    summary="More quad exercises than hamstring exercises (below the hamstring:quad target).",
    check=check_quad_dominant,
    severity="warning",
    source=f"{DOC_003} (P9); {DOC_002} (P11, quad and hamstring days)",
    what="""
The number of direct hamstring exercises per quad exercise (squats, lunges, split squats, presses,
leg extensions), against `ratio` (1:1 by default). By default the whole week is counted and, when
it falls short, every session that falls short is reported; with `scope = "session"` every session
is held to the ratio on its own.
""",
    why=f"""
{DOC_003} shows a typical leg day (squats, lunges, leg extension, leg curl) as the problem: three
quad exercises to one for the hamstrings, which builds strength imbalances that stress the knees
and lower back. Its fix is a temporary, deliberate imbalance the other way, 2:1 in favour of the
hamstrings with the hamstrings first, and then back to 1:1. The default target is the balanced
1:1; set `ratio = 2.0` while correcting. The week is the default scope because {DOC_002} suggests
a quad-focused and a hamstring-focused leg day in a push/pull/legs split, each fine as a pair.
""",
    example="""
program: Leg day
session Legs:
A) squats 3x8-12
B) lunges 3x8-12
C) leg extension 3x8-12
D) leg curl 3x8-12
""",
    use_instead="""
program: Leg day
session Legs:
A) leg curl 3x8-12
B) romanian deadlift 3x8-10
C) squats 3x8-12
""",
    options=(
        option("quad-dominant", "ratio", "float", 1.0,
               "Fewest direct hamstring exercises per quad exercise (1.0 is 1:1, 2.0 is 2:1).",
               source=f"{DOC_003}: 1:1 when balanced, 2:1 for hamstrings while correcting quad dominance"),
        option("quad-dominant", "scope", "choice", "week",
               "Count the ratio over the whole week, or hold every session to it.",
               choices=("week", "session"),
               source=f"\"week\": {DOC_002} allows a quad day balanced by a hamstring day"),
    ),
)

# --------------------------------------------------------------------------------------------------
# P10: unilateral work
# --------------------------------------------------------------------------------------------------


def _is_unilateral(ex: ExerciseModel, hamstring_only: bool) -> bool:
    """One leg at a time: a unilateral exercise, a line written ``per leg``, or the 2-1 method
    (both legs lift, one lowers: the eccentric is single-leg)."""
    one_leg = ex.unilateral or ex.per_side or any(m.kind == "2-1" for m in ex.exercise.methods)
    if not one_leg or ex.in_warmup:
        return False
    if hamstring_only:
        return is_direct(ex)
    return bool(ex.functions & {KNEE_FLEXION, HIP_EXTENSION, KNEE_EXTENSION})


def check_no_unilateral_work(ctx: RuleContext) -> Iterator[Finding]:
    model = ctx.model
    working = model.exercises
    if not any(is_direct(e) for e in working):
        return  # no hamstring training at all: no-direct-hamstring-work reports that
    hamstring_only = bool(ctx.options.get("hamstring-only", False))
    if any(_is_unilateral(e, hamstring_only) for e in working):
        return
    kind = "single-leg hamstring exercise" if hamstring_only else "single-leg exercise"
    yield Finding(
        message=f"the routine has no {kind}; every leg exercise works both legs at once",
        span=program_span(model.program),
        hint="add single-leg work, e.g. a single-leg Romanian deadlift or a standing (one-leg) leg "
        "curl; with a weaker side, match the stronger side's reps to it (003)",
    )


NO_UNILATERAL_WORK: Rule = make_rule(
    code="HAM402",
    name="no-unilateral-work",
    summary="A routine with hamstring work but no single-leg exercise.",
    check=check_no_unilateral_work,
    severity="warning",
    source=f"{DOC_002} (P10); {DOC_003} (P10)",
    what="""
A routine that trains the hamstrings directly but has no leg exercise done one leg at a time: a
single-leg exercise of the catalog, a line written `per leg`, or the 2-1 method (whose lowering is
single-leg). With `hamstring-only = true`, only single-leg hamstring exercises count (a lunge or a
split squat does not).
""",
    why=f"""
{DOC_002} lists neglecting unilateral work among the common mistakes: most people have a stronger
leg, and over years the difference can lead to injury; single-leg RDLs or curls keep both sides
developing evenly. {DOC_003} adds that one-leg-at-a-time work exposes a left/right imbalance and
lets you correct it, and that unilateral knee flexion does so most precisely. By default any
single-leg leg exercise counts, since 002's own chart relies on the Bulgarian split squat; choose
`hamstring-only = true` to follow 003's stricter preference. The other half of P10 (hold the
stronger side to the weaker side's reps) is about how a set is performed and cannot be seen in a
routine.
""",
    example="""
program: Both legs
session Monday:
lying leg curl 3x8
romanian deadlift 3x8
""",
    use_instead="""
program: One leg at a time
session Monday:
standing leg curl 3x8 per leg
romanian deadlift 3x8
""",
    options=(
        option("no-unilateral-work", "hamstring-only", "bool", False,
               "Count only single-leg exercises that train the hamstrings directly.",
               source=f"off: {DOC_002}'s chart counts on the Bulgarian split squat; on: {DOC_003} "
               "prefers unilateral knee flexion"),
    ),
)

PHASE_RATIO: Rule = make_rule(
    code="HAM403",
    name="phase-ratio",
    summary="A week falls short of the hamstring:quad ratio its 'ratio:' line sets.",
    check=check_phase_ratio,
    severity="warning",
    source=f"{DOC_003} (P9)",
    what="""
In a block, a `ratio: 2:1` line under a week header (or at the top of the file) sets the
hamstring-to-quad target, in exercises, for those weeks. This rule holds each such week to its own
target, counted as `quad-dominant` counts (the week as a whole by default, then each session that
falls short). Weeks without a `ratio:` line are left to `quad-dominant` and its `ratio` option.
""",
    why=f"""
{DOC_003} corrects quad dominance in two phases: first a deliberate 2:1 in favour of the
hamstrings, with hamstring work first in the session, and once the two sides are closer in
strength and size, back to a balanced 1:1. A block that writes those phases says which ratio each
week is meant to have; a week whose exercises do not reach it does not do what its phase is for.
""",
    example="""
program: Correction block
weeks 1-4, hamstrings first:
ratio: 2:1
session Monday:
lying leg curl 3x8
back squat 3x6
session Thursday:
seated leg curl 3x10
leg press 3x10
""",
    use_instead="""
program: Correction block
weeks 1-4, hamstrings first:
ratio: 2:1
session Monday:
lying leg curl 3x8
romanian deadlift 3x8
back squat 3x6
session Thursday:
seated leg curl 3x10
nordic curl 3x5
leg press 3x10
""",
    options=(
        option("phase-ratio", "scope", "choice", "week",
               "Count the ratio over the whole week, or hold every session to it.",
               choices=("week", "session"),
               source=f"\"week\": as quad-dominant ({DOC_002} allows a quad day balanced by a "
               "hamstring day)"),
    ),
)

RULES: tuple[Rule, ...] = (QUAD_DOMINANT, NO_UNILATERAL_WORK, PHASE_RATIO)
