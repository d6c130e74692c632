"""HAM1xx: the two functions of the hamstrings (P1, P2, P12).

The hamstrings flex the knee and extend the hip. Every document says both must be trained; they
disagree on *where* (in each session, 000 and 003; somewhere in the week, 001) and on *which
first* (knee flexion, 000 and 003; hip work, 002's chart). Both are options here, with the
session-level, knee-flexion-first reading as the default because two of the documents give it as
an explicit recommendation while 001 and 002 only imply the alternative.
"""

from __future__ import annotations

from collections.abc import Iterator

from hamdsl.plugins.api import HIP_EXTENSION, KNEE_FLEXION, Finding, Rule, RuleContext

from ._base import (
    DOC_000,
    DOC_001,
    DOC_002,
    DOC_003,
    FUNCTION_WORDS,
    direct_exercises,
    is_direct,
    make_rule,
    names,
    option,
    program_span,
    session_header_span,
    trains,
    trains_quads,
)

SCOPES = ("session", "week")


def _scope_option(rule: str) -> tuple:
    return (
        option(
            rule,
            "scope",
            "choice",
            "session",
            "Where both functions must appear: in every session that trains the hamstrings "
            '("session"), or anywhere in the week ("week").',
            choices=SCOPES,
            source=(
                f'"session" from {DOC_000} (principle #1: both functions in the same workout) and '
                f'{DOC_003}; "week" is {DOC_001} ("combine at least one hip hinge and one curl" '
                "across its weekly plan)"
            ),
        ),
    )


def _missing(ctx: RuleContext, wanted: str, other: str, suggestion: str) -> Iterator[Finding]:
    """Findings for sessions (or a week) that train the hamstrings but never through ``wanted``."""
    scope = ctx.options.get("scope", "session")
    model = ctx.model
    word, other_word = FUNCTION_WORDS[wanted], FUNCTION_WORDS[other]
    if scope == "week":
        direct = [e for e in model.exercises if is_direct(e)]
        if direct and not any(trains(e, wanted) for e in direct):
            yield Finding(
                message=f"no exercise in the week trains {word}; the hamstring work is all {other_word} "
                f"({names(direct)})",
                span=program_span(model.program),
                hint=f"add {suggestion} to one of the sessions",
            )
        return
    for session in model.sessions:
        direct = direct_exercises(session)
        if not direct or any(wanted in e.functions for e in direct):  # trains(), as e is direct
            continue
        yield Finding(
            message=f"session '{session.name}' trains the hamstrings only through {other_word} "
            f"({names(direct)}), never through {word}",
            span=session_header_span(session.session),
            hint=f"add {suggestion} to this session, or set scope = \"week\" if the week covers "
            f"{word} elsewhere (as {DOC_001} plans it)",
        )


def check_missing_knee_flexion(ctx: RuleContext) -> Iterator[Finding]:
    return _missing(ctx, KNEE_FLEXION, HIP_EXTENSION, "a leg curl (seated, lying or Nordic)")


def check_missing_hip_extension(ctx: RuleContext) -> Iterator[Finding]:
    return _missing(ctx, HIP_EXTENSION, KNEE_FLEXION, "a hip hinge (Romanian deadlift, good morning or back "
                    "extension)")


_P1_WHY = f"""
The hamstrings cross the hip and the knee, so they have two jobs: bending the knee and extending
the hip. {DOC_000} (principle #1) says to train both, and in the same workout; {DOC_003} makes the
same point from the anatomy (knee flexion reaches all four muscles, hip extension all but the short
head of the biceps femoris). {DOC_001} asks for at least one hinge and one curl but spreads them
over the week (its Option 1 puts a deadlift on Monday and curls on Wednesday and Friday), and
{DOC_002} calls a routine with both "balanced". That is the disagreement the `scope` option settles.
Sessions with no direct hamstring work at all (a quad day of a push/pull/legs split) are not
checked.
"""

MISSING_KNEE_FLEXION: Rule = make_rule(
    code="HAM101",
    name="missing-knee-flexion",
    summary="Hamstring work that never flexes the knee (no leg curl) in a session or week.",
    check=check_missing_knee_flexion,
    severity="warning",
    source=f"{DOC_000} (P1); {DOC_003} (P1); {DOC_001} (P1, per week)",
    what="""
A session that trains the hamstrings directly, but only with hip-extension exercises (hinges,
back extensions, bridges), and no knee-flexion exercise. With `scope = "week"`, the whole week
instead of each session.
""",
    why=_P1_WHY,
    example="""
program: Hinge day
session Monday:
romanian deadlift 3x8-10
good morning 3x8-10
""",
    use_instead="""
program: Hinge day
session Monday:
seated leg curl 3x6-8
romanian deadlift 3x8-10
""",
    options=_scope_option("missing-knee-flexion"),
    options_note="`missing-hip-extension` has its own `scope`; set both to follow 001.",
)

MISSING_HIP_EXTENSION: Rule = make_rule(
    code="HAM102",
    name="missing-hip-extension",
    summary="Hamstring work that never extends the hip (no hinge) in a session or week.",
    check=check_missing_hip_extension,
    severity="warning",
    source=f"{DOC_000} (P1); {DOC_003} (P1); {DOC_001} (P1, per week)",
    what="""
A session that trains the hamstrings directly, but only with knee-flexion exercises (leg curls,
Nordics), and no hip-extension exercise. With `scope = "week"`, the whole week instead of each
session. Squats and lunges do not count as hip extension for the hamstrings (A5).
""",
    why=_P1_WHY,
    example="""
program: Curl day
session Wednesday:
lying leg curl 3x6-8
seated leg curl 3x8-10
""",
    use_instead="""
program: Curl day
session Wednesday:
lying leg curl 3x6-8
45 degree back extension 3x10-12
""",
    options=_scope_option("missing-hip-extension"),
    options_note="`missing-knee-flexion` has its own `scope`; set both to follow 001.",
)


# --------------------------------------------------------------------------------------------------
# P2: order
# --------------------------------------------------------------------------------------------------

ORDERS = ("knee-flexion-first", "hip-extension-first", "any")


def check_order(ctx: RuleContext) -> Iterator[Finding]:
    """An exercise that trains both functions (a glute-ham raise) satisfies either order: it is
    never "before" itself."""
    order = ctx.options.get("order", "knee-flexion-first")
    if order == "any":
        return
    first, second = (KNEE_FLEXION, HIP_EXTENSION) if order == "knee-flexion-first" else (
        HIP_EXTENSION, KNEE_FLEXION)
    for session in ctx.model.sessions:
        direct = direct_exercises(session)
        # Where each function first appears, in one pass (every e is direct: trains() is membership).
        first_idx = second_idx = None
        for i, e in enumerate(direct):
            if first_idx is None and first in e.functions:
                first_idx = i
            if second_idx is None and second in e.functions:
                second_idx = i
            if first_idx is not None and second_idx is not None:
                break
        if first_idx is None or second_idx is None or second_idx >= first_idx:
            continue
        early, due = direct[second_idx], direct[first_idx]
        if order == "knee-flexion-first":
            why = (f"{DOC_000} and {DOC_003} put knee flexion first: it reaches all four hamstring "
                   "muscles before the glutes and lower back join in")
        else:
            why = f'order = "hip-extension-first" follows {DOC_002}, heavy hip work first'
        yield Finding(
            message=f"'{early.name}' ({FUNCTION_WORDS[second]}) comes before the session's first "
            f"{first} exercise, '{due.name}' (line {due.span.line})",
            span=early.span,
            hint=f"move '{due.name}' above '{early.name}' ({why}), or set order = \"any\" or the "
            "order of the document you follow",
        )


HIP_EXTENSION_BEFORE_KNEE_FLEXION: Rule = make_rule(
    code="HAM103",
    name="hip-extension-before-knee-flexion",
    summary="A hip-extension exercise placed before the session's first knee-flexion exercise.",
    check=check_order,
    severity="warning",
    source=f"{DOC_003} (P2); {DOC_000} (P2); {DOC_002} disagrees (hip work first)",
    what="""
Within a session, the first direct hamstring exercise for knee flexion should come before the
first one for hip extension. The finding points at the hip-extension exercise that comes too early.
With `order = "hip-extension-first"` the check is reversed (and the finding points at the leg curl
that comes too early); with `order = "any"` nothing is checked.
""",
    why=f"""
{DOC_003} recommends always training knee flexion first: it loads all four hamstring muscles with
little help from other muscles, while hinges bring in the glutes and lower back. {DOC_000}
(routine #1) pre-exhausts with leg curls before three hip-extension movements, to recruit the
higher-threshold motor units first. {DOC_002} disagrees: its workout chart starts with the Romanian
deadlift and moves to knee flexion "once the heavy hip work is done". The default follows 000 and
003 because both state the order as advice; 002 only shows it in a chart. Choose
`order = "hip-extension-first"` to follow 002.
""",
    example="""
program: Hamstring day
session Hamstrings:
romanian deadlift 3-4x6-10
seated leg curl 3-4x10-15
""",
    use_instead="""
program: Hamstring day
session Hamstrings:
seated leg curl 3-4x10-15
romanian deadlift 3-4x6-10
""",
    options=(
        option(
            "hip-extension-before-knee-flexion",
            "order",
            "choice",
            "knee-flexion-first",
            "Which function comes first in a session; \"any\" turns the check off.",
            choices=ORDERS,
            source=(
                f'"knee-flexion-first" from {DOC_003} (recommendation) and {DOC_000} (routine #1, '
                f'pre-exhaust); "hip-extension-first" from {DOC_002} (workout chart)'
            ),
        ),
    ),
)


# --------------------------------------------------------------------------------------------------
# P12: squats are not hamstring training
# --------------------------------------------------------------------------------------------------


def check_no_direct_hamstring_work(ctx: RuleContext) -> Iterator[Finding]:
    model = ctx.model
    working = model.exercises
    if any(is_direct(e) for e in working):
        return
    legs = [e for e in working if trains_quads(e)]
    if not legs:
        return  # nothing that looks like leg work (or nothing resolved): unknown-exercise speaks
    yield Finding(
        message=f"no exercise in this routine trains the hamstrings directly: {names(legs)} "
        "work the hamstrings only as stabilisers, without changing their length enough to count",
        span=program_span(model.program),
        hint="add at least one knee-flexion exercise (a leg curl) and one hip-extension exercise "
        "(a Romanian deadlift or back extension)",
    )


NO_DIRECT_HAMSTRING_WORK: Rule = make_rule(
    code="HAM104",
    name="no-direct-hamstring-work",
    summary="A leg routine whose only 'hamstring' work is squats, lunges or presses.",
    check=check_no_direct_hamstring_work,
    severity="warning",
    source=f"{DOC_002} (P12, A5)",
    what="""
A routine with leg work but not a single exercise that trains the hamstrings directly: every leg
exercise is a squat, lunge, split squat, step-up or press. Routines without any leg work are not
checked, and warm-up drills do not count either way.
""",
    why=f"""
{DOC_002} answers "are squats enough for hamstring development?" with no: the hamstrings steady the
knee during a squat but barely change length, which is not enough for growth. It asks for direct
knee flexion (curls) and hip extension (deadlifts). The check is on the whole routine, not each
session, because {DOC_002} also suggests a quad-only day in a push/pull/legs split.
""",
    example="""
program: Leg day
session Legs:
back squat 4x6-8
lunge 3x10-12
""",
    use_instead="""
program: Leg day
session Legs:
lying leg curl 3x6-8
back squat 4x6-8
romanian deadlift 3x8-10
""",
)

RULES: tuple[Rule, ...] = (
    MISSING_KNEE_FLEXION,
    MISSING_HIP_EXTENSION,
    HIP_EXTENSION_BEFORE_KNEE_FLEXION,
    NO_DIRECT_HAMSTRING_WORK,
)
