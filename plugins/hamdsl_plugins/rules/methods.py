"""HAM3xx: reps, tempo and training methods (P3, P7, P8, P13, P14, P15, P17, P18).

Rep ranges are where the documents disagree most (P3), so ``rep-range`` ships the three
documents' figures as presets. Its default preset, ``any``, accepts a range if *some* document
supports it for that movement function: with one document's figures as the default, the routines
of the other two (and even 000's own routine #3, six reps on back extensions against its own
8-20) would be reported for following their own author.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from hamdsl.interpret.model import add_ranges
from hamdsl.plugins.api import HIP_EXTENSION, KNEE_FLEXION, Finding, Rule, RuleContext

from ._base import (
    DOC_000,
    DOC_001,
    DOC_002,
    DOC_003,
    ECCENTRIC_METHODS,
    FUNCTION_WORDS,
    is_direct,
    label_or_line,
    make_rule,
    option,
    program_span,
)

if TYPE_CHECKING:
    from hamdsl.interpret.model import GroupModel

# --------------------------------------------------------------------------------------------------
# P3: rep ranges
# --------------------------------------------------------------------------------------------------

#: Rep ranges per movement function, by document. "any" spans all three: its low end is the lowest
#: any document advises, its high end the highest.
PRESETS: dict[str, dict[str, tuple[int, int]]] = {
    "000": {KNEE_FLEXION: (4, 8), HIP_EXTENSION: (8, 20)},
    "001": {KNEE_FLEXION: (10, 30), HIP_EXTENSION: (5, 10)},
    "002": {KNEE_FLEXION: (10, 15), HIP_EXTENSION: (6, 10)},
    "any": {KNEE_FLEXION: (4, 30), HIP_EXTENSION: (5, 20)},
}
PRESET_SOURCES: dict[str, str] = {
    "000": f"{DOC_000} (principle #2: curls 4-8, hip extension 8-20)",
    "001": f"{DOC_001} (hinges 5-10, curls 10-30)",
    "002": f"{DOC_002} (chart: Romanian deadlift 6-10, seated leg curl 10-15)",
    "any": f"all three documents together ({DOC_000}, {DOC_001}, {DOC_002})",
}


def _allowed(ctx: RuleContext, function: str) -> tuple[tuple[int, int], str]:
    """The range for ``function`` and where it comes from (an override, or the preset)."""
    override = ctx.options.get(function)
    if override is not None:
        low, high = override
        return (int(low), int(high)), f"your [rep-range] {function} setting"
    preset = ctx.options.get("preset", "any")
    return PRESETS[preset][function], PRESET_SOURCES[preset]


def check_rep_range(ctx: RuleContext) -> Iterator[Finding]:
    """Sets without a rep count (to failure, AMRAP, an RIR target only) are not checked; an
    exercise that trains both functions passes if it fits either range."""
    # The options are the same for every exercise of the file: look each function's range up once.
    allowed: dict[str, tuple[tuple[int, int], str]] = {}
    for ex in ctx.model.exercises:
        scheme = ex.exercise.scheme
        if not is_direct(ex) or scheme is None or scheme.reps is None:
            continue
        functions = [f for f in (KNEE_FLEXION, HIP_EXTENSION) if f in ex.functions]
        if not functions:
            continue
        reps = scheme.reps
        ranges = []
        for f in functions:
            found = allowed.get(f)
            if found is None:
                found = allowed[f] = _allowed(ctx, f)
            ranges.append((found, f))
        if any(low <= reps.low and reps.high <= high for ((low, high), _), _f in ranges):
            continue
        (low, high), source = ranges[0][0]
        function = ranges[0][1]
        yield Finding(
            message=f"{reps} reps on '{ex.name}', a {FUNCTION_WORDS[function]} exercise, outside the "
            f"{low}-{high} that {source} supports",
            span=scheme.span,
            hint=f"write reps within {low}-{high}, or pick the preset of the document you follow "
            '([rep-range] preset = "000", "001" or "002")',
        )


REP_RANGE: Rule = make_rule(
    code="HAM301",
    name="rep-range",
    summary="Reps per set outside the range advised for the exercise's movement function.",
    check=check_rep_range,
    severity="warning",
    source=f"{DOC_000} (P3); {DOC_001} (P3); {DOC_002} (P3)",
    what="""
The written reps of each direct hamstring exercise against a range for its movement function:
knee flexion (curls) or hip extension (hinges, back extensions). The whole written range must fit.
Sets to failure, AMRAP and RIR-only targets have no rep count and are not checked; warm-ups are
not checked.
""",
    why=f"""
The documents agree that curls and hinges want different reps and disagree on which want more.
{DOC_000} (principle #2) finds the hamstrings act fast-twitch in curls and slow-twitch in hip
extension: 4-8 reps on curls, 8-20 on hip extension. {DOC_001} says the opposite, 5-10 on hinges
(lower-back fatigue limits them) and 10-30 on curls. {DOC_002}'s chart uses 6-10 on the Romanian
deadlift and 10-15 on the seated curl. The default preset, "any", accepts what at least one of
them supports (curls 4-30, hip extension 5-20), so it only reports ranges none of them would
write; choose a document's preset to hold a routine to that document.
""",
    example="""
program: Endless curls
session Monday:
lying leg curl 3x40-50
romanian deadlift 3x8-10
""",
    use_instead="""
program: Curls
session Monday:
lying leg curl 3x10-15
romanian deadlift 3x8-10
""",
    options=(
        option("rep-range", "preset", "choice", "any",
               "Whose rep ranges to apply: one document's, or any that one of them supports.",
               choices=tuple(PRESETS), source="; ".join(f'"{k}": {v}' for k, v in PRESET_SOURCES.items())),
        option("rep-range", "knee-flexion", "range", None,
               "Reps [low, high] for knee-flexion exercises, overriding the preset.",
               source="unset: taken from the preset"),
        option("rep-range", "hip-extension", "range", None,
               "Reps [low, high] for hip-extension exercises, overriding the preset.",
               source="unset: taken from the preset"),
    ),
)

# --------------------------------------------------------------------------------------------------
# P7: giant sets
# --------------------------------------------------------------------------------------------------


def check_giant_set_structure(ctx: RuleContext) -> Iterator[Finding]:
    max_rest = float(ctx.options.get("max-rest", 30))
    low_rounds, high_rounds = ctx.options.get("rounds", (3, 5))
    for session in ctx.model.sessions:
        for group in session.groups:
            if group.kind != "giant-set":
                continue
            letter = group.letter or "?"
            first = group.exercises[0]
            rounds = group.rounds
            if rounds.low < low_rounds or rounds.high > high_rounds:
                yield Finding(
                    message=f"giant set {letter} is done {rounds} times; 000 does {low_rounds:g}-"
                    f"{high_rounds:g} rounds",
                    span=label_or_line(first),
                    hint=f"write {low_rounds:g}-{high_rounds:g} sets on each exercise of the giant set",
                )
            for ex, following in zip(group.exercises, group.exercises[1:], strict=False):
                rest = ex.exercise.rest
                if rest is None or rest.between_sets is None or rest.between_sets.low <= max_rest:
                    continue
                yield Finding(
                    message=f"{rest.between_sets}s rest between '{ex.name}' and '{following.name}' "
                    f"inside giant set {letter}; a giant set moves on with very little rest",
                    span=rest.span,
                    hint=f"rest {max_rest:g}s or less between the exercises of a giant set ({DOC_000} "
                    "rests 10s) and take the long rest after the last one",
                )
            if any(is_direct(e) for e in group.exercises):
                for ex in group.exercises:
                    if not is_direct(ex) and ex.resolved:
                        yield Finding(
                            message=f"'{ex.name}' in giant set {letter} does not train the hamstrings; "
                            "a giant set works one body part",
                            span=ex.span,
                            hint="give it its own label letter (a superset or straight sets) or "
                            "replace it with a hamstring exercise",
                        )


GIANT_SET_STRUCTURE: Rule = make_rule(
    code="HAM302",
    name="giant-set-structure",
    summary="A giant set with long rests inside, too few or many rounds, or another body part.",
    check=check_giant_set_structure,
    severity="warning",
    source=f"{DOC_000} (P7)",
    what="""
Groups of four or more exercises under one label letter (`A1:` to `A4:`) are giant sets. Each is
checked for: a rest longer than `max-rest` between two of its exercises (the rest after the last
one is the rest between rounds and is not limited); a number of rounds outside `rounds`; and,
when it holds hamstring work, an exercise that does not train the hamstrings.
""",
    why=f"""
{DOC_000} (principle #4) defines a giant set as four or more exercises in a row for one body part
with very little rest in between, and finds the hamstrings respond very well to it, especially
with curls and hip extension together. Its routines rest 10 seconds between exercises and do 3-5
rounds (routine #1; routine #3 does 4). With long rests it is just straight sets; with a quad
exercise inside it is no longer a hamstring giant set ({DOC_000} trains quads after it).
""",
    example="""
program: Slow giant set
session Giant set:
A1: lying leg curl 3x6-8 rest 90s
A2: good morning 3x8-10 rest 10s
A3: romanian deadlift 3x8-10 rest 10s
A4: 45 degree back extension 3x8-10 rest 180s
""",
    use_instead="""
program: Giant set
session Giant set:
A1: lying leg curl 3x6-8 rest 10s
A2: good morning 3x8-10 rest 10s
A3: romanian deadlift 3x8-10 rest 10s
A4: 45 degree back extension 3x8-10 rest 180s
""",
    options=(
        option("giant-set-structure", "max-rest", "int", 30,
               "Longest rest, in seconds, between two exercises of a giant set.",
               source=f"project figure for 'very little rest' ({DOC_000} rests 10 s)"),
        option("giant-set-structure", "rounds", "range", (3, 5),
               "Rounds [low, high] of a giant set.", source=f"{DOC_000} routine #1: 3-5 giant sets"),
    ),
)

# --------------------------------------------------------------------------------------------------
# P8: eccentric methods need training experience
# --------------------------------------------------------------------------------------------------


def check_eccentric_experience(ctx: RuleContext) -> Iterator[Finding]:
    program = ctx.program
    needed = float(ctx.options.get("min-years", 2))
    years = program.experience_years
    if years is not None:
        if years >= needed:
            return
        who = f"the routine gives {years:g} year{'s' if years != 1 else ''} of training"
    elif program.level == "beginner":
        who = "the routine is for a beginner"
    elif ctx.options.get("flag-unstated", False):
        who = "the routine does not state the lifter's training experience"
    else:
        return
    for ex in ctx.model.exercises:
        for method in ex.exercise.methods:
            if method.kind not in ECCENTRIC_METHODS:
                continue
            yield Finding(
                message=f"'{method.text}' overloads the eccentric on '{ex.name}', but {who}; "
                f"000 asks for at least {needed:g} years of serious training first",
                span=method.span,
                hint="use a normal tempo until the lifter has built the connective-tissue strength, or "
                "correct the `experience:` line if it is wrong",
            )


ECCENTRIC_NEEDS_EXPERIENCE: Rule = make_rule(
    code="HAM303",
    name="eccentric-needs-experience",
    summary="Accentuated eccentric methods in a routine for a lifter with too little experience.",
    check=check_eccentric_experience,
    severity="warning",
    source=f"{DOC_000} (P8)",
    what="""
Exercises with an eccentric-overload method (`with 2-1 method`, `with eccentric emphasis`, `with
accentuated eccentric`) in a routine whose `experience:` is under `min-years`, or whose `level:` is
beginner when no experience is written. A routine that states neither is only reported with
`flag-unstated = true`. Slow tempos and Nordic curls alone are not eccentric overload here.
""",
    why=f"""
Eccentric training works well for the hamstrings ({DOC_000} principle #5; {DOC_002} teaches the
2-1 method on the seated curl; {DOC_003} uses accentuated eccentrics). But {DOC_000}, after its
routine #2, asks for at least two years of serious training before an accentuated eccentric
routine: it takes that long to build the connective-tissue strength to train this way without
injury. 002 and 003 set no such condition, so a routine that is silent about experience is not
reported by default. Nordic curls and slow tempos are left out because 001 and 002 recommend them
without a condition.
""",
    example="""
program: Eccentric curls
level: beginner
experience: 1 year
session Monday:
A1: seated leg curl 4x4-6 @8/0/1/0 with 2-1 method
B1: romanian deadlift 3x8-10
""",
    use_instead="""
program: Eccentric curls
level: intermediate
experience: 2 years
session Monday:
A1: seated leg curl 4x4-6 @8/0/1/0 with 2-1 method
B1: romanian deadlift 3x8-10
""",
    options=(
        option("eccentric-needs-experience", "min-years", "float", 2.0,
               "Years of serious training an eccentric-overload method needs.",
               source=f"{DOC_000} routine #2: at least 2 years"),
        option("eccentric-needs-experience", "flag-unstated", "bool", False,
               "Also report eccentric methods in a routine that states no experience and no beginner "
               "level.", source=f"off: {DOC_002} and {DOC_003} prescribe these methods without a condition"),
    ),
)

# --------------------------------------------------------------------------------------------------
# P13: dropsets
# --------------------------------------------------------------------------------------------------


def check_dropset(ctx: RuleContext) -> Iterator[Finding]:
    low, high = ctx.options.get("drop", (20, 40))
    for ex in ctx.model.exercises:
        for method in ex.exercise.methods:
            if method.kind != "dropset":
                continue
            if method.percent is None:
                yield Finding(
                    message=f"the dropset on '{ex.name}' does not say how much weight to drop",
                    span=method.span,
                    hint=f"write the drop, e.g. `with dropset 30%` ({DOC_002} drops about 30%)",
                )
            elif not low <= method.percent <= high:
                yield Finding(
                    message=f"the dropset on '{ex.name}' drops {method.percent}%; 002 drops about "
                    f"30% (accepted: {low:g}-{high:g}%)",
                    span=method.span,
                    hint="drop about 30%: enough to keep going straight after failure, not so much that "
                    "the extra reps stop being hard",
                )


DROPSET_DROP: Rule = make_rule(
    code="HAM304",
    name="dropset-drop",
    summary="A dropset that drops far more or less than about 30%, or does not say.",
    check=check_dropset,
    severity="warning",
    source=f"{DOC_002} (P13)",
    what="""
Every `with dropset N%` method: the drop must be written and lie within `drop` (20-40% by
default, around 002's 30%).
""",
    why=f"""
{DOC_002} uses dropsets on the lying leg curl for stubborn hamstrings: take the set to failure,
take off about 30% of the weight and carry straight on, for a large pump and metabolic stress. A
small drop leaves the weight too heavy to continue; a large one turns the rest of the set into a
light one. A dropset without a figure cannot be checked or followed the same way twice.
""",
    example="""
program: Dropsets
session Monday:
lying leg curl 3x8-10 with dropset 60%
romanian deadlift 3x8-10
""",
    use_instead="""
program: Dropsets
session Monday:
lying leg curl 3x8-10 with dropset 30%
romanian deadlift 3x8-10
""",
    options=(
        option("dropset-drop", "drop", "range", (20, 40), "Accepted drop in percent, [low, high].",
               source=f"{DOC_002}: drop the weight by 30%; ±10 points is this project's tolerance"),
    ),
)

# --------------------------------------------------------------------------------------------------
# P14: controlled eccentric
# --------------------------------------------------------------------------------------------------


def check_uncontrolled_eccentric(ctx: RuleContext) -> Iterator[Finding]:
    minimum = int(ctx.options.get("min-seconds", 1))
    for ex in ctx.model.exercises:
        tempo = ex.exercise.tempo
        if not is_direct(ex) or tempo is None or tempo.phases is None:
            continue
        eccentric = tempo.eccentric
        if eccentric == "X" or (isinstance(eccentric, int) and eccentric < minimum):
            shown = "explosive (X)" if eccentric == "X" else f"{eccentric} s"
            yield Finding(
                message=f"the lowering phase of '{ex.name}' is {shown}; the hamstrings need a "
                "controlled eccentric",
                span=tempo.span,
                hint=f"lower in at least {minimum} s, e.g. @3/0/1/0; a fast concentric (X in the third "
                "place) is fine",
            )


UNCONTROLLED_ECCENTRIC: Rule = make_rule(
    code="HAM305",
    name="uncontrolled-eccentric",
    summary="A hamstring exercise whose tempo drops the weight instead of lowering it.",
    check=check_uncontrolled_eccentric,
    severity="warning",
    source=f"{DOC_001} (P14); {DOC_002} (P14)",
    what="""
The eccentric (first) phase of a written tempo on a direct hamstring exercise: `X` (explosive) or
fewer than `min-seconds` seconds is reported. Tempos in words are not checked. The concentric is
not checked: an explosive lift is not swinging, and 000's routine #3 curls with `3/0/X/0`.
""",
    why=f"""
{DOC_001} asks to control the return to full extension on leg curls instead of letting the weight
drop, and to move through a full range of motion; {DOC_002} names momentum as the most frequent
hamstring mistake and asks to control the eccentric, where the hamstrings are strongest and most
of the growth stimulus lies. A tempo that lowers explosively writes that mistake into the routine.
The other part of P14, swinging the body, cannot be seen in a routine's text.
""",
    example="""
program: Fast curls
session Monday:
lying leg curl 3x8 @X/0/1/0
romanian deadlift 3x8 @3/0/1/0
""",
    use_instead="""
program: Controlled curls
session Monday:
lying leg curl 3x8 @3/0/X/0
romanian deadlift 3x8 @3/0/1/0
""",
    options=(
        option("uncontrolled-eccentric", "min-seconds", "int", 1,
               "Shortest eccentric phase, in seconds, that counts as controlled.",
               source=f"project figure: {DOC_001} and {DOC_002} ask for control without a number; the "
               "documents' own tempos lower in 2-8 s"),
    ),
)

# --------------------------------------------------------------------------------------------------
# P17, P18: giant-set effort and recovery
# --------------------------------------------------------------------------------------------------


def _giant_sets(ctx: RuleContext) -> Iterator[GroupModel]:
    for session in ctx.model.sessions:
        for group in session.groups:
            if group.kind == "giant-set":
                yield group


def check_giant_set_failure(ctx: RuleContext) -> Iterator[Finding]:
    for group in _giant_sets(ctx):
        for ex in group.exercises:
            scheme = ex.exercise.scheme
            if scheme is None or not (scheme.to_failure or scheme.amrap):
                continue
            yield Finding(
                message=f"'{ex.name}' in giant set {group.letter} is taken to failure; "
                "000 stops each giant-set exercise just short of failure",
                span=scheme.span,
                hint="write a rep target and stop a rep or two short, e.g. `4x6 1-2 rir`",
            )


GIANT_SET_FAILURE: Rule = make_rule(
    code="HAM306",
    name="giant-set-failure",
    summary="An exercise of a giant set taken to failure.",
    check=check_giant_set_failure,
    severity="warning",
    source=f"{DOC_000} (P17); {DOC_003} (P17, RIR targets)",
    what="""
Exercises inside a giant set whose sets are written to failure (`xfailure`) or as many reps as
possible (`xamrap`).
""",
    why=f"""
{DOC_000} asks, for its routine #3 giant set, to aim for the target reps and stop just before
failure on each exercise: the next exercise follows after ten seconds, and failing on the first
ruins the rest of the round. {DOC_003} writes the same idea as an RIR target (`1-2 RIR`). Failure
outside a giant set (002's Nordic curls) is not reported.
""",
    example="""
program: Giant set to failure
session Giant set:
A1: lying leg curl 4xfailure rest 10s
A2: good morning 4x6 rest 10s
A3: romanian deadlift 4x6 rest 10s
A4: 45 degree back extension 4x6 rest 180s
""",
    use_instead="""
program: Giant set
session Giant set:
A1: lying leg curl 4x6 1-2 rir rest 10s
A2: good morning 4x6 rest 10s
A3: romanian deadlift 4x6 rest 10s
A4: 45 degree back extension 4x6 rest 180s
""",
)

RECOVERY_OK = ("average", "high")


def check_giant_set_recovery(ctx: RuleContext) -> Iterator[Finding]:
    minimum = int(ctx.options.get("min-hard-sets", 20))
    recovery = ctx.program.recovery
    if recovery in RECOVERY_OK:
        return
    if recovery is None and not ctx.options.get("flag-unstated", True):
        return
    for group in _giant_sets(ctx):
        exercises = group.exercises
        sets = add_ranges(e.hard_sets for e in exercises if is_direct(e))
        if sets.low < minimum:
            continue
        said = ("the routine says recovery: low" if recovery is not None
                else "the routine does not state the lifter's recovery")
        yield Finding(
            message=f"giant set {group.letter} totals {sets} hard sets, a higher-volume routine "
            f"000 keeps for lifters with at least average recovery; {said}",
            span=label_or_line(exercises[0]),
            hint="add `recovery: average` if that is true of the lifter, or do fewer rounds "
            "(a hardgainer should pick a lower-volume routine)",
        )


GIANT_SET_RECOVERY: Rule = make_rule(
    code="HAM307",
    name="giant-set-recovery",
    summary="A high-volume giant set in a routine not meant for at least average recovery.",
    check=check_giant_set_recovery,
    severity="warning",
    source=f"{DOC_000} (P18)",
    what="""
A giant set whose direct hamstring hard sets add up to at least `min-hard-sets` (counting the
lowest written sets), in a routine whose `recovery:` line says low, or is missing (unless
`flag-unstated = false`).
""",
    why=f"""
{DOC_000} calls its routine #3 (a five-exercise giant set, 4 rounds: 20 hard sets) a higher-volume
routine that should be kept for lifters with at least average recovery ability, and not for
"hardgainers". Routine #1 (four exercises, 3-5 rounds, from 12 sets) carries no such warning,
which is where the default threshold of 20 comes from.
""",
    example="""
program: Big giant set
session Giant set:
A1: seated leg curl 4x6 rest 10s
A2: deficit snatch grip deadlift 4x6 rest 10s
A3: lying leg curl 4x6 rest 10s
A4: 90 degree back extension 4x6 rest 10s
A5: 45 degree back extension 4x6 rest 180s
""",
    use_instead="""
program: Big giant set
recovery: average
session Giant set:
A1: seated leg curl 4x6 rest 10s
A2: deficit snatch grip deadlift 4x6 rest 10s
A3: lying leg curl 4x6 rest 10s
A4: 90 degree back extension 4x6 rest 10s
A5: 45 degree back extension 4x6 rest 180s
""",
    options=(
        option("giant-set-recovery", "min-hard-sets", "int", 20,
               "Hard sets in one giant set from which it counts as higher-volume.",
               source=f"{DOC_000}: routine #3 has 20 (5 exercises x 4 sets)"),
        option("giant-set-recovery", "flag-unstated", "bool", True,
               "Report a higher-volume giant set when the routine has no `recovery:` line.",
               source=f"on: {DOC_000} attaches the condition to exactly this kind of routine"),
    ),
)

# --------------------------------------------------------------------------------------------------
# P15: warm-up
# --------------------------------------------------------------------------------------------------


def check_missing_warm_up(ctx: RuleContext) -> Iterator[Finding]:
    model = ctx.model
    if not model.sessions or model.warmups:
        return
    yield Finding(
        message="the routine has no warm-up block",
        span=program_span(model.program),
        hint=f"add a `warmup:` block: about 10 minutes of light cardio, then three rounds of "
        f"bodyweight drills such as knee hugs, glute bridges and leg swings ({DOC_001})",
    )


MISSING_WARM_UP: Rule = make_rule(
    code="HAM308",
    name="missing-warm-up",
    summary="A routine without a warm-up block (off by default).",
    check=check_missing_warm_up,
    severity="info",
    source=f"{DOC_001} (P15)",
    what="""
A routine with sessions but no `warmup:` block. Off by default; turn it on with
`extend-select = ["missing-warm-up"]`.
""",
    why=f"""
{DOC_001} warms up for about 10 minutes with light cardio and then three rounds of bodyweight
activation drills (knee hugs, glute bridges, lunges with elbow to instep, leg swings) before
loading the hamstrings. The other documents assume a warm-up without writing it ({DOC_000} times
its routines "after warming up"), and most published routines, theirs included, leave it out; so
the rule is opt-in, for coaches who want every program to carry its warm-up. Warm-up work never
counts as hard sets, whether or not this rule is on.
""",
    example="""
program: Cold start
session Monday:
lying leg curl 3x8
romanian deadlift 3x8
""",
    use_instead="""
program: Warm start
warmup:
light cardio for 10min
A1: knee hugs 3 rounds
A2: glute bridges 3 rounds
A3: leg swings 3 rounds
session Monday:
lying leg curl 3x8
romanian deadlift 3x8
""",
    default_enabled=False,
)

RULES: tuple[Rule, ...] = (
    REP_RANGE,
    GIANT_SET_STRUCTURE,
    ECCENTRIC_NEEDS_EXPERIENCE,
    DROPSET_DROP,
    UNCONTROLLED_ECCENTRIC,
    GIANT_SET_FAILURE,
    GIANT_SET_RECOVERY,
    MISSING_WARM_UP,
)
