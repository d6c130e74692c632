"""HAM2xx: how much and how often (P4, P5, P6, P16).

The weekly figures come from the interpreter's week model, which counts a session once per
weekday it names. A file that is one unscheduled workout (000's routines, 002's chart, 003's
workouts) is not a week, so the weekly rules leave it alone unless ``standalone-workouts`` is
set; reporting "9 sets a week" for a workout meant to be slotted into the reader's own week would
be a finding about an assumption, not about the routine.

The volume thresholds are the interpreter's landmarks (section ``[volume]``, declared once in
:data:`hamdsl.interpret.model.VOLUME_OPTIONS`); these rules only choose which landmark to compare with.
"""

from __future__ import annotations

from collections.abc import Iterator

from hamdsl.language.nodes import Range
from hamdsl.plugins.api import Finding, Option, Rule, RuleContext

from ._base import (
    DOC_000,
    DOC_001,
    DOC_002,
    direct_exercises,
    is_standalone_workout,
    make_rule,
    option,
    plural,
    program_span,
    session_header_span,
)


def _standalone_option(rule: str) -> Option:
    return option(
        rule,
        "standalone-workouts",
        "bool",
        False,
        "Also check a file that is a single session naming no weekday, as if it were done once a "
        "week. Off by default: such a file is one workout of an unknown week.",
        source="project choice (000, 002 and 003 publish single workouts, not weeks)",
    )


def _skip_week(ctx: RuleContext) -> bool:
    return is_standalone_workout(ctx.model) and not ctx.options.get("standalone-workouts", False)


def _sets(r: Range) -> str:
    return f"{r} hard set{'s' if r.high != 1 else ''}"


_VOLUME_NOTE = (
    "The landmark values themselves are the interpreter's, shared by every command, and set in the "
    f"`[volume]` section: `mv` (default 4, project assumption), `mev` (default 6, {DOC_001}), `mav` (default "
    f"[10, 16], {DOC_002}), `mrv` (default 20, project assumption). To follow {DOC_001} throughout, "
    "set `[volume] mav = [6, 12]`."
)

# --------------------------------------------------------------------------------------------------
# P4: weekly volume
# --------------------------------------------------------------------------------------------------

BELOW_LANDMARKS = ("mv", "mev")
ABOVE_LANDMARKS = ("mav", "mrv")


def check_volume_below(ctx: RuleContext) -> Iterator[Finding]:
    """Reports only a week that is *certainly* below: the top of its range is under the landmark.
    "3-5 sets" with a landmark of 4 is the coach's call, not a finding."""
    if _skip_week(ctx):
        return
    model = ctx.model
    if any(plan.deload for plan in model.weeks) and len(model.weeks) == 1:
        return  # a deload week is light on purpose (as volume-jump leaves it out)
    week = model.week
    if week.hamstring_exercise_count == 0:
        return  # no direct work at all: no-direct-hamstring-work says it better
    landmark = ctx.options.get("landmark", "mev")
    threshold = model.landmarks.mv if landmark == "mv" else model.landmarks.mev
    if week.hamstring_hard_sets.high >= threshold:
        return
    yield Finding(
        message=f"{_sets(week.hamstring_hard_sets)} of direct hamstring work a week, below the "
        f"{landmark.upper()} of {threshold}",
        span=program_span(model.program),
        hint=f"add sets or a session until the week reaches {threshold} hard sets "
        f"({DOC_001}: about 6-12 a week, starting low)",
    )


def check_volume_above(ctx: RuleContext) -> Iterator[Finding]:
    """Reports only a week that is *certainly* above: even the bottom of its range exceeds."""
    if _skip_week(ctx):
        return
    model = ctx.model
    week = model.week
    landmark = ctx.options.get("landmark", "mav")
    threshold = model.landmarks.mav.high if landmark == "mav" else model.landmarks.mrv
    if week.hamstring_hard_sets.low <= threshold:
        return
    label = "top of the MAV" if landmark == "mav" else "MRV"
    yield Finding(
        message=f"{_sets(week.hamstring_hard_sets)} of direct hamstring work a week, above the "
        f"{label} of {threshold}",
        span=program_span(model.program),
        hint=f"remove sets or an exercise; {DOC_002} finds more than 16 a week gives diminishing "
        "returns and eats into recovery",
    )


WEEKLY_VOLUME_BELOW_LANDMARK: Rule = make_rule(
    code="HAM201",
    name="weekly-volume-below-landmark",
    summary="Fewer weekly hard sets for the hamstrings than the minimum effective volume.",
    check=check_volume_below,
    severity="warning",
    source=f"{DOC_001} (P4); {DOC_002} (P4)",
    what="""
The hard sets of direct hamstring work in a week (each session counted once per weekday it names,
warm-ups excluded) against a volume landmark, by default the minimum effective volume (MEV). Only
a week whose highest count is still below the landmark is reported. A deload week of a block
(`week 5 (deload):`) is left out: it is meant to be light.
""",
    why=f"""
{DOC_001} names the four volume landmarks (MV, MEV, MAV, MRV) and suggests about 6 to 12 hard sets
a week over two sessions, starting at the low end; below that, training maintains rather than
builds. {DOC_002} puts the sweet spot higher, at 10 to 16. The default threshold is 001's low end
(6), which both documents can live with; a coach following 002 can raise `[volume] mev` to 10.
""",
    example="""
program: Light week
session Monday:
lying leg curl 2x8
session Thursday:
romanian deadlift 2x8
""",
    use_instead="""
program: Light week
session Monday:
lying leg curl 3x8
romanian deadlift 2x8
session Thursday:
seated leg curl 2x10
romanian deadlift 3x8
""",
    options=(
        option("weekly-volume-below-landmark", "landmark", "choice", "mev",
               "Which landmark the week must reach.", choices=BELOW_LANDMARKS,
               source=f'"mev" ({DOC_001}: about 6 hard sets a week to make progress)'),
        _standalone_option("weekly-volume-below-landmark"),
    ),
    options_note=_VOLUME_NOTE,
)

WEEKLY_VOLUME_ABOVE_LANDMARK: Rule = make_rule(
    code="HAM202",
    name="weekly-volume-above-landmark",
    summary="More weekly hard sets for the hamstrings than the top of the adaptive range.",
    check=check_volume_above,
    severity="warning",
    source=f"{DOC_002} (P4); {DOC_001} (P4)",
    what="""
The hard sets of direct hamstring work in a week against a volume landmark, by default the top of
the maximum adaptive volume (MAV). Only a week whose lowest count is already above is reported.
""",
    why=f"""
{DOC_002} calls 10 to 16 hard sets a week the sweet spot and warns that more gives diminishing
returns and cuts into recovery for the big compound lifts. {DOC_001} is lower still (6 to 12) and
says to add sets only while recovery keeps up. The default threshold is 002's 16, the more generous
of the two; set `[volume] mav = [6, 12]` to follow 001, or `landmark = "mrv"` to report only
what exceeds the maximum recoverable volume.
""",
    example="""
program: Too much
session Monday:
lying leg curl 4x8
romanian deadlift 4x8
seated leg curl 3x10
session Thursday:
lying leg curl 4x8
romanian deadlift 4x8
seated leg curl 3x10
""",
    use_instead="""
program: Enough
session Monday:
lying leg curl 3x8
romanian deadlift 3x8
session Thursday:
seated leg curl 3x10
romanian deadlift 3x8
""",
    options=(
        option("weekly-volume-above-landmark", "landmark", "choice", "mav",
               "Which landmark the week must stay under: the top of the MAV, or the MRV.",
               choices=ABOVE_LANDMARKS,
               source=f'"mav" ({DOC_002}: more than 16 hard sets a week yields diminishing returns)'),
        _standalone_option("weekly-volume-above-landmark"),
    ),
    options_note=_VOLUME_NOTE,
)

# --------------------------------------------------------------------------------------------------
# P5: frequency
# --------------------------------------------------------------------------------------------------


def check_frequency(ctx: RuleContext) -> Iterator[Finding]:
    if _skip_week(ctx):
        return
    model = ctx.model
    frequency = model.week.frequency
    if frequency == 0:
        return  # no direct hamstring work: no-direct-hamstring-work reports it
    low, high = int(ctx.options.get("min", 2)), int(ctx.options.get("max", 3))
    if low <= frequency <= high:
        return
    trained = plural(frequency, "session")
    if frequency < low:
        message = f"the hamstrings are trained directly in {trained} a week; at least {low} are advised"
        hint = "spread the hamstring work over two sessions (001 and 002 both suggest twice a week)"
    else:
        message = f"the hamstrings are trained directly in {trained} a week; at most {high} are advised"
        hint = "merge sessions; a third session works if it is a lighter one (001)"
    yield Finding(message=message, span=program_span(model.program), hint=hint)


HAMSTRING_FREQUENCY: Rule = make_rule(
    code="HAM203",
    name="hamstring-frequency",
    summary="Hamstrings trained directly fewer than 2 or more than 3 times a week.",
    check=check_frequency,
    severity="warning",
    source=f"{DOC_001} (P5); {DOC_002} (P5)",
    what="""
The number of sessions in the week that train the hamstrings directly (a session naming two
weekdays counts twice) against a range, 2 to 3 by default. Files that are a single unscheduled
workout are skipped unless `standalone-workouts = true`.
""",
    why=f"""
{DOC_001} finds that most people do well training the hamstrings twice a week and that some handle
three, especially when one of the days is lighter. {DOC_002} calls twice a week optimal for most
natural lifters. Once a week leaves too long a gap for the volume both recommend; four or more
leaves too little recovery.
""",
    example="""
program: Once a week
session Monday:
lying leg curl 3x8
romanian deadlift 3x8
session Thursday:
back squat 4x6
""",
    use_instead="""
program: Twice a week
session Monday:
lying leg curl 3x8
romanian deadlift 3x8
session Thursday:
seated leg curl 3x10
back squat 4x6
""",
    options=(
        option("hamstring-frequency", "min", "int", 2, "Fewest weekly sessions with direct hamstring work.",
               source=f"{DOC_001} and {DOC_002}: twice a week for most"),
        option("hamstring-frequency", "max", "int", 3, "Most weekly sessions with direct hamstring work.",
               source=f"{DOC_001}: three is possible, especially with one lighter day"),
        _standalone_option("hamstring-frequency"),
    ),
)

# --------------------------------------------------------------------------------------------------
# P6: exercises per session
# --------------------------------------------------------------------------------------------------


def check_too_many_exercises(ctx: RuleContext) -> Iterator[Finding]:
    """The limit depends on the week: twice-a-week training gets 002's two exercises per session,
    a week with one hamstring session is a dedicated hamstring day and gets three to four."""
    model = ctx.model
    twice = model.week.frequency >= 2
    limit = int(ctx.options.get("per-session" if twice else "dedicated-day", 2 if twice else 4))
    for session in model.sessions:
        direct = direct_exercises(session)
        if len(direct) <= limit:
            continue
        if twice:
            context = (f"with the hamstrings trained in {model.week.frequency} sessions a week, "
                       f"002 suggests {limit} per session")
        else:
            context = f"002 suggests at most {limit} for a dedicated hamstring day"
        yield Finding(
            message=f"session '{session.name}' has {len(direct)} direct hamstring exercises; {context}",
            span=session_header_span(session.session),
            hint="drop the exercises that repeat a function already trained, or move them to another "
            "session",
        )


TOO_MANY_EXERCISES: Rule = make_rule(
    code="HAM204",
    name="too-many-exercises",
    summary="More direct hamstring exercises in a session than 002 recommends.",
    check=check_too_many_exercises,
    severity="warning",
    source=f"{DOC_002} (P6)",
    what="""
The number of direct hamstring exercises in each session (an alternative such as `seated or lying
leg curl` is one exercise). When the week trains the hamstrings in two or more sessions the limit
is `per-session` (2); when it has only one hamstring session, that session is a dedicated
hamstring day and the limit is `dedicated-day` (4).
""",
    why=f"""
{DOC_002} answers "how many hamstring exercises should I do?" with two direct movements per
session when legs are trained twice a week, and three to four on a dedicated hamstring day. More
exercises add sets without adding a new stimulus. {DOC_000} disagrees in practice: its routine #3
is a single giant set of five hamstring exercises, which this rule reports under the default;
raise `dedicated-day` to 5 to follow 000.
""",
    example="""
program: Curl marathon
session Hamstrings:
lying leg curl 3x8
seated leg curl 3x10
romanian deadlift 3x8
good morning 3x10
45 degree back extension 3x12
""",
    use_instead="""
program: Hamstring day
session Hamstrings:
lying leg curl 3x8
seated leg curl 3x10
romanian deadlift 3x8
45 degree back extension 3x12
""",
    options=(
        option("too-many-exercises", "per-session", "int", 2,
               "Most direct hamstring exercises per session when the week has two or more hamstring "
               "sessions.", source=f"{DOC_002}: two direct movements per session when training legs "
               "twice a week"),
        option("too-many-exercises", "dedicated-day", "int", 4,
               "Most direct hamstring exercises in the single hamstring session of a week.",
               source=f"{DOC_002}: three to four on a dedicated hamstring day"),
    ),
)

# --------------------------------------------------------------------------------------------------
# P16: session length
# --------------------------------------------------------------------------------------------------


def check_session_length(ctx: RuleContext) -> Iterator[Finding]:
    """Uses the low end of the interpreter's estimate, so only a session that overruns even on the
    quickest assumptions is reported."""
    limit = float(ctx.options.get("max-minutes", 40))
    giant_only = bool(ctx.options.get("giant-sets-only", True))
    for session in ctx.model.sessions:
        if giant_only and not any(g.kind == "giant-set" for g in session.groups):
            continue
        low, high = session.duration
        if low <= limit * 60:
            continue
        yield Finding(
            message=f"session '{session.name}' is estimated at {low / 60:.0f}-{high / 60:.0f} minutes "
            f"after the warm-up, over the {limit:g} minutes 000 gives a giant-set routine",
            span=session_header_span(session.session),
            hint="do fewer rounds, shorten the rests, or split the work into two sessions; the "
            "estimate's assumptions are in [interpreter]",
        )


SESSION_LENGTH: Rule = make_rule(
    code="HAM205",
    name="session-length",
    summary="A giant-set session estimated to run longer than 40 minutes after the warm-up.",
    check=check_session_length,
    severity="warning",
    source=f"{DOC_000} (P16)",
    what="""
The interpreter's estimate of a session's duration (work, rests, moving between stations; the
warm-up excluded) against a ceiling, for sessions that contain a giant set. The lower end of the
estimate is compared, so a finding means the session overruns even on quick assumptions.
""",
    why=f"""
{DOC_000} says both of its giant-set routines take 30 to 40 minutes at most after warming up, which
leaves time to train the quads afterwards. A giant-set session that runs much longer has lost the
short rests that make it a giant set, or has more rounds than the 3-5 the article prescribes.
The other documents give no session length, so other sessions are only checked with
`giant-sets-only = false`.
""",
    example="""
program: Long giant set
session Giant set:
A1: lying leg curl 6x8 @4/0/1/0 rest 10s
A2: good morning 6x10 @3/0/1/0 rest 10s
A3: romanian deadlift 6x10 @3/0/1/0 rest 10s
A4: 45 degree back extension 6x10 @3/0/1/2 rest 240s
""",
    use_instead="""
program: Giant set
session Giant set:
A1: lying leg curl 3x8 @4/0/1/0 rest 10s
A2: good morning 3x10 @3/0/1/0 rest 10s
A3: romanian deadlift 3x10 @3/0/1/0 rest 10s
A4: 45 degree back extension 3x10 @3/0/1/2 rest 180s
""",
    options=(
        option("session-length", "max-minutes", "int", 40,
               "Longest estimated session, in minutes, after the warm-up.",
               source=f"{DOC_000}: routines #1 and #3 take 30-40 minutes"),
        option("session-length", "giant-sets-only", "bool", True,
               "Check only sessions that contain a giant set (the only ones the documents time).",
               source=f"{DOC_000} times its giant-set routines only"),
    ),
    options_note="The duration estimate's own assumptions (seconds per rep, transitions) are "
    "options of the `[interpreter]` section.",
)

#: Rules about a week's totals: checked for each week of a block, their findings naming it.
WEEKLY: tuple[Rule, ...] = (
    WEEKLY_VOLUME_BELOW_LANDMARK,
    WEEKLY_VOLUME_ABOVE_LANDMARK,
    HAMSTRING_FREQUENCY,
    TOO_MANY_EXERCISES,
)
#: Rules about one session at a time.
PER_SESSION: tuple[Rule, ...] = (SESSION_LENGTH,)
RULES: tuple[Rule, ...] = (*WEEKLY, *PER_SESSION)
