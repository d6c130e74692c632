"""Rules about a block as a whole: how volume changes from week to week, how much a beginner does,
and whether a percentage load can be worked out.

``volume-jump`` and ``beginner-volume`` (HAM2xx) read every week of the block
(:attr:`hamdsl.interpret.model.Model.weeks`); ``missing-one-rep-max`` (HAM0xx, like
``unknown-exercise``) is about the notation: a percentage whose base the file does not give.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from typing import TYPE_CHECKING

from hamdsl.plugins.api import Finding, Rule, RuleContext

from ._base import DOC_001, DOC_002, is_standalone_workout, make_rule, option, plural, program_span

if TYPE_CHECKING:
    from hamdsl.interpret.model import WeekPlan
    from hamdsl.language.nodes import Span


def _week_span(plan: WeekPlan, ctx: RuleContext) -> Span:
    """A finding about one week goes on its header when it has one, else on the program line."""
    if plan.header is not None:
        return plan.header.span
    return program_span(ctx.model.program)


# --------------------------------------------------------------------------------------------------
# P4 over weeks: add sets slowly
# --------------------------------------------------------------------------------------------------


def check_volume_jump(ctx: RuleContext) -> Iterator[Finding]:
    """Compares each week with the one before, leaving out the step out of a deload week (going
    back to normal volume after a lighter week is not adding volume)."""
    plans = ctx.model.plans
    if len(plans) < 2:
        return
    limit = int(ctx.options.get("max-increase", 2))
    for before, after in pairwise(plans):
        if before.deload:
            continue
        was, now = before.week.hamstring_hard_sets, after.week.hamstring_hard_sets
        rise = min(now.low - was.low, now.high - was.high)
        if rise <= limit:
            continue
        yield Finding(
            message=f"week {after.number} has {plural(rise, 'more hard set')} of direct hamstring work "
            f"than week {before.number} ({was} to {now}); the limit is {limit} a week",
            span=_week_span(after, ctx),
            hint=f"spread the increase over more weeks; {DOC_001} advises adding sets slowly, and "
            "only while recovery keeps up",
        )


VOLUME_JUMP: Rule = make_rule(
    code="HAM206",
    name="volume-jump",
    summary="The weekly hamstring hard sets rise too fast from one week of a block to the next.",
    check=check_volume_jump,
    severity="warning",
    source=f"{DOC_001} (P4: add sets slowly)",
    what="""
In a block of several weeks, the direct hamstring hard sets of each week against those of the week
before. A rise of more than `max-increase` sets (2 by default) is reported on the later week; when
the counts are ranges, both ends must rise by more. The week after a deload week is not compared
with the deload.
""",
    why=f"""
{DOC_001} tells a lifter to start at the low end of 6 to 12 weekly sets and to add sets slowly, as
long as recovery keeps up. It gives no figure for "slowly"; two sets a week is this project's
choice (a block that adds one or two sets a week, the usual way a volume block climbs from its
minimum towards its maximum, passes). Raise `max-increase` for a different pace.
""",
    example="""
program: Too fast
weeks: 2
session Monday:
lying leg curl 2x10
progress: +3 sets each week
session Thursday:
romanian deadlift 3x8
""",
    use_instead="""
program: Slowly
weeks: 2
session Monday:
lying leg curl 2x10
progress: +1 set each week
session Thursday:
romanian deadlift 3x8
""",
    options=(
        option("volume-jump", "max-increase", "int", 2,
               "Most weekly hard sets a week may add over the week before.",
               source=f"project choice ({DOC_001}: add sets slowly, no figure given)"),
    ),
)


# --------------------------------------------------------------------------------------------------
# P4 for beginners: 001's 6-12
# --------------------------------------------------------------------------------------------------


def _is_beginner(ctx: RuleContext) -> str | None:
    program = ctx.program
    years = float(ctx.options.get("experience-years", 1.0))
    if program.level == "beginner":
        return "level: beginner"
    if program.experience_years is not None and program.experience_years < years:
        return f"under {years:g} year{'s' if years != 1 else ''} of training"
    return None


def check_beginner_volume(ctx: RuleContext) -> Iterator[Finding]:
    """Reports only a week that is certainly above: even its lowest count exceeds the ceiling."""
    who = _is_beginner(ctx)
    if who is None:
        return
    model = ctx.model
    if is_standalone_workout(model):
        return
    ceiling = int(ctx.options.get("max", 12))
    for week_run in model.distinct_weeks():
        sets = week_run.plan.week.hamstring_hard_sets
        if sets.low <= ceiling:
            continue
        where = f"{week_run.label}: " if len(model.plans) > 1 else ""
        yield Finding(
            message=f"{where}{sets} hard sets of direct hamstring work a week for a beginner ({who}); "
            f"{DOC_001} suggests at most {ceiling}",
            span=program_span(model.program),
            hint=f"start at the low end of 6 to 12 sets and add sets slowly ({DOC_001}); the more "
            f"generous 10 to 16 of {DOC_002} is for lifters with more training behind them",
        )


BEGINNER_VOLUME: Rule = make_rule(
    code="HAM207",
    name="beginner-volume",
    summary="More weekly hamstring hard sets for a beginner than 001's 6-12.",
    check=check_beginner_volume,
    severity="warning",
    source=f"{DOC_001} (P4); {DOC_002} (P4)",
    what="""
For a program marked `level: beginner`, or with less than a year of `experience:`, the direct
hamstring hard sets of each week against a ceiling of 12 (`max`). Only a week whose lowest count is
above it is reported. Files that are a single unscheduled workout are skipped, as the other weekly
rules skip them.
""",
    why=f"""
{DOC_001} is written for people new to lifting: about 6 to 12 hard sets a week over two sessions,
starting at the low end. {DOC_002}'s 10 to 16, which `weekly-volume-above-landmark` uses whatever
the level, suits trained lifters better. The two documents disagree on the figure, so the ceiling
for beginners and what counts as a beginner are both options.
""",
    example="""
program: Eager start
level: beginner
session Monday:
lying leg curl 4x10
romanian deadlift 4x8
session Thursday:
seated leg curl 4x12
romanian deadlift 4x8
""",
    use_instead="""
program: Easy start
level: beginner
session Monday:
lying leg curl 3x10
romanian deadlift 2x8
session Thursday:
seated leg curl 3x12
romanian deadlift 2x8
""",
    options=(
        option("beginner-volume", "max", "int", 12,
               "Most weekly direct hamstring hard sets for a beginner.",
               source=f"{DOC_001}: about 6 to 12 hard sets a week, start low"),
        option("beginner-volume", "experience-years", "float", 1.0,
               "Below this many years of `experience:` a lifter counts as a beginner.",
               source="project choice (the documents name no cut-off)"),
    ),
)


# --------------------------------------------------------------------------------------------------
# Notation: a percentage needs its base
# --------------------------------------------------------------------------------------------------


def check_missing_one_rep_max(ctx: RuleContext) -> Iterator[Finding]:
    model = ctx.model
    block = ctx.program.block
    unit = (block.units if block is not None else None) or "kg"
    seen: set[tuple[Span, str]] = set()
    for plan in model.plans:
        for ex in plan.exercises:
            for group in ex.set_groups:
                load = group.load
                if load is None or load.missing not in ("1rm", "tm"):
                    continue
                key = (ex.span, load.missing)
                if key in seen:
                    continue
                seen.add(key)
                name = ex.name
                if load.missing == "1rm":
                    yield Finding(
                        message=f"'{name}' is loaded as a percentage, but the file has no one-rep max "
                        f"for it; add '1rm: {name} <weight>{unit}'",
                        span=ex.span,
                        hint=f"write the heaviest single, e.g. '1rm: {name} 100{unit}', so the "
                        f"percentage becomes a weight in {unit}",
                    )
                else:
                    yield Finding(
                        message=f"'{name}' is loaded as a percentage of the training max, but the file "
                        "has no 'tm:' line; add 'tm: 90%' (or your own share of the 1RM)",
                        span=ex.span,
                        hint="the training max is a share of the one-rep max; with 'tm:' and '1rm:' "
                        "lines the percentage becomes a weight",
                    )


MISSING_ONE_REP_MAX: Rule = make_rule(
    code="HAM002",
    name="missing-one-rep-max",
    summary="A percentage load with no '1rm:' line (or no 'tm:' line) to work it out from.",
    check=check_missing_one_rep_max,
    severity="warning",
    source=f"project notation (docs/language.md, loads); {DOC_002} (P13) is the only document that "
    "sets a load by percentage (the dropset's 30% drop)",
    what="""
Every load written as a percentage (`3x8 70%`, `1x5+ 85% tm`) against the file's `1rm:` lines:
an exercise with a percentage and no `1rm:` line of its own is reported, with the line to add. A
percentage of the training max (`tm`) also needs a `tm:` line.
""",
    why="""
A percentage is only a weight once the one-rep max it is a share of is known. Without it, the
summary, the Markdown sheet and the calendar can show the percentage but not the kilograms or
pounds to load, and nothing downstream can compare one week's load with the next. Like
`unknown-exercise`, this is about the notation, not a programming principle: of the four documents
only 002 sets a load by percentage (its dropset drops the weight by about 30%), and none gives a
one-rep max.
""",
    example="""
program: Percentages
1rm: back squat 150kg
session Monday:
romanian deadlift 3x8 70%
lying leg curl 3x10
session Thursday:
romanian deadlift 3x8 70%
seated leg curl 3x12
""",
    use_instead="""
program: Percentages
1rm: back squat 150kg
1rm: romanian deadlift 140kg
session Monday:
romanian deadlift 3x8 70%
lying leg curl 3x10
session Thursday:
romanian deadlift 3x8 70%
seated leg curl 3x12
""",
)


RULES: tuple[Rule, ...] = (MISSING_ONE_REP_MAX, VOLUME_JUMP, BEGINNER_VOLUME)
