"""The interpreted program: what a routine *means*, as frozen data.

The syntax tree (:mod:`hamdsl.language.nodes`) records what was written. This module holds what the
interpreter (:mod:`hamdsl.interpret.interpreter`) makes of it: which catalog entry every name resolves to,
which lines form a giant set, how many hard sets each movement function and each hamstring muscle
gets per session and per week, and how long a session is likely to take. Lint rules, exporters and
``hamdsl summary`` all read this model, so none of them re-derives a figure on its own.

Conventions used throughout:

* Counts that depend on a written range stay ranges (:class:`~hamdsl.language.nodes.Range`): ``3-5`` sets
  is ``Range(3, 5)``, never an average, so a rule can say "between 9 and 15 hard sets".
* Times are ``(low, high)`` tuples of seconds (:data:`Seconds`), because every estimate rests on
  assumptions and a single number would look more certain than it is.
* Every assumption behind a figure is a field of :class:`Assumptions` whose default is a named
  module constant; the model carries the values actually used so an output can show them.

Nothing here imports a plugin, a rule or an exporter, and nothing is mutable.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from hamdsl.config.options import Option
from hamdsl.interpret.exercises import FUNCTIONS, KNEE_EXTENSION, KNEE_FLEXION, MUSCLES
from hamdsl.language.nodes import WEEKDAYS, Range

if TYPE_CHECKING:
    from hamdsl.interpret.exercises import ExerciseSpec
    from hamdsl.language.nodes import (
        Declaration,
        Exercise,
        ExerciseName,
        Program,
        Scheme,
        Session,
        Span,
        WarmUp,
        Week,
    )

#: A time estimate in seconds, ``(low, high)``.
Seconds = tuple[float, float]

FootPosition = Literal["toes-in", "toes-out", "neutral"]
GroupKind = Literal["straight", "superset", "tri-set", "giant-set"]

#: Group kinds by the number of exercises performed back to back. Four or more is a giant set
#: (principle P7, document 000 principle #4).
GROUP_KINDS: tuple[GroupKind, ...] = ("straight", "superset", "tri-set", "giant-set")
#: The smallest number of exercises that makes a giant set (000: "4 or more exercises").
GIANT_SET_MIN_EXERCISES = 4

ZERO = Range(0, 0)

# --------------------------------------------------------------------------------------------------
# Assumptions: every figure the text does not give. The interpreter declares each as an Option in
# section "interpreter" (hamdsl.interpret.interpreter.INTERPRETER_OPTIONS), so a coach can override it.
# --------------------------------------------------------------------------------------------------

#: Seconds counted for an explosive ("X") tempo phase. A deliberate, fast concentric of a loaded
#: lift still takes most of a second from bottom to top; 1 s keeps TUT honest without inflating it.
X_PHASE_SECONDS = 1.0
#: Seconds per rep when no tempo is written. A controlled rep of a loaded lift (about 2 s down,
#: 1-2 s up, little pause) takes 3-4 s; 001 and 002 ask for control rather than speed.
REP_SECONDS_WITHOUT_TEMPO: Seconds = (3.0, 4.0)
#: Seconds per rep when the tempo is words only (003 workout 3: "as slow as possible"). A slow,
#: mostly eccentric rep of a glute-ham raise or Nordic lasts roughly 4-8 s.
REP_SECONDS_DESCRIBED_TEMPO: Seconds = (4.0, 8.0)
#: Reps assumed for a set whose reps are not a number: to failure, AMRAP, or an RIR target only.
#: Sets of hard bodyweight eccentrics (Nordics, glute-ham raises) usually end between 5 and 10.
UNWRITTEN_REPS = Range(5, 10)
#: Seconds per set spent getting into position: setting a machine pin, unracking, picking up
#: dumbbells, walking to the next station of a giant set. Calibrated so that 000's routines #1
#: and #3 land in the article's "30-40 minutes" (tests/test_interpreter.py).
TRANSITION_SECONDS: Seconds = (20.0, 30.0)
#: Rest after a set (or after a group's round) when none is written: 1.5 to 2.5 minutes, the
#: usual hypertrophy rest for the multi-set work the documents prescribe.
DEFAULT_REST_SECONDS: Seconds = (90.0, 150.0)
#: Rest between two exercises inside a group when none is written: next to none, since a group
#: is done back to back (P7: "very little rest"); moving stations is the transition time.
DEFAULT_GROUP_REST_SECONDS: Seconds = (0.0, 15.0)
#: Pause between the two sides of one-sided work when the routine gives no rest between sides:
#: the time to swap the leg, the dumbbell or the machine pad.
SIDE_SWITCH_SECONDS: Seconds = (5.0, 15.0)
#: Whether the rest after the very last set of a session counts in its duration. It does by
#: default: 000's "30-40 minutes" is for a hamstring block after which quads follow, and the
#: written 180 s after the last round is the recovery before that next block.
COUNT_FINAL_REST = True
#: Seconds per round of a drill written without reps ("knee hugs 3 rounds", 001): about ten
#: unhurried bodyweight reps. Warm-up drills get no transition time; they flow into each other.
WARMUP_DRILL_SECONDS: Seconds = (20.0, 40.0)


@dataclass(frozen=True, slots=True)
class Assumptions:
    """The assumptions behind the model's estimates, as used for this program.

    Defaults are the module constants above; ``[tool.hamdsl.interpreter]`` overrides them (the
    option names are the field names with ``-`` for ``_``).
    """

    x_phase_seconds: float = X_PHASE_SECONDS
    rep_seconds_without_tempo: Seconds = REP_SECONDS_WITHOUT_TEMPO
    rep_seconds_described_tempo: Seconds = REP_SECONDS_DESCRIBED_TEMPO
    unwritten_reps: Range = UNWRITTEN_REPS
    transition_seconds: Seconds = TRANSITION_SECONDS
    default_rest_seconds: Seconds = DEFAULT_REST_SECONDS
    default_group_rest_seconds: Seconds = DEFAULT_GROUP_REST_SECONDS
    side_switch_seconds: Seconds = SIDE_SWITCH_SECONDS
    count_final_rest: bool = COUNT_FINAL_REST
    warmup_drill_seconds: Seconds = WARMUP_DRILL_SECONDS


# --------------------------------------------------------------------------------------------------
# Volume landmarks (weekly hard sets for the hamstrings). Shared by `hamdsl summary` and the volume
# lint rules, so both read one definition from section "volume".
# --------------------------------------------------------------------------------------------------

#: Maintenance volume. Neither document gives a number; 4 is this project's assumption, set below
#: 001's lowest recommendation (6) because maintaining needs less than growing.
MV_SETS = 4
#: Minimum effective volume: 001 (001_0099f3787b808e50.txt) says "about 6 to 12 hard sets per
#: week", starting at the low end; its low end is taken as MEV.
MEV_SETS = 6
#: Maximum adaptive volume: 002 (002_07ab0ecea4df5d46.txt) calls 10-16 hard sets per week "the
#: sweet spot". (001's 6-12 overlaps it at 10-12.)
MAV_SETS = Range(10, 16)
#: Maximum recoverable volume: 002 says more than 16 gives diminishing returns and eats into
#: recovery, but names no ceiling; 20 is this project's assumption.
MRV_SETS = 20

VOLUME_SECTION = "volume"

#: The volume landmarks as configuration options, declared once for every user.
VOLUME_OPTIONS: tuple[Option, ...] = (
    Option(VOLUME_SECTION, "mv", "int", MV_SETS,
           "Maintenance volume: weekly hamstring hard sets that keep what you have.",
           source="project assumption (001 names MV but gives no figure)"),
    Option(VOLUME_SECTION, "mev", "int", MEV_SETS,
           "Minimum effective volume: the fewest weekly hamstring hard sets that still build.",
           source="001_0099f3787b808e50.txt: 6-12 hard sets per week, start low"),
    Option(VOLUME_SECTION, "mav", "range", (MAV_SETS.low, MAV_SETS.high),
           "Maximum adaptive volume: the weekly hard-set range where most growth happens.",
           source="002_07ab0ecea4df5d46.txt: 10-16 hard working sets per week"),
    Option(VOLUME_SECTION, "mrv", "int", MRV_SETS,
           "Maximum recoverable volume: weekly hard sets beyond which recovery suffers.",
           source="project assumption (002: more than 16 gives diminishing returns)"),
)


@dataclass(frozen=True, slots=True)
class VolumeLandmarks:
    """Weekly hamstring hard-set landmarks (001 names them: MV, MEV, MAV, MRV)."""

    mv: int = MV_SETS
    mev: int = MEV_SETS
    mav: Range = MAV_SETS
    mrv: int = MRV_SETS

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> VolumeLandmarks:
        """Build from a ``{name: value}`` mapping, e.g. ``settings.section("volume")``, whose
        values the settings have already checked; missing names keep their defaults."""
        low, high = values.get("mav", (MAV_SETS.low, MAV_SETS.high))
        return cls(
            mv=int(values.get("mv", MV_SETS)),
            mev=int(values.get("mev", MEV_SETS)),
            mav=Range(int(low), int(high)),
            mrv=int(values.get("mrv", MRV_SETS)),
        )

    def zone(self, sets: int) -> str:
        """Where a weekly count falls: ``below-mv``, ``mv``, ``mev``, ``mav``, ``above-mav`` or
        ``above-mrv`` (each zone runs from its landmark up to the next)."""
        if sets > self.mrv:
            return "above-mrv"
        if sets > self.mav.high:
            return "above-mav"
        if sets >= self.mav.low:
            return "mav"
        if sets >= self.mev:
            return "mev"
        if sets >= self.mv:
            return "mv"
        return "below-mv"


# --------------------------------------------------------------------------------------------------
# Small value types
# --------------------------------------------------------------------------------------------------


def add_ranges(ranges: Iterable[Range]) -> Range:
    """The sum of ranges, ends added separately (``3 + 2-3 = 5-6``)."""
    low = high = 0
    for r in ranges:
        low += r.low
        high += r.high
    return Range(low, high)


def scale_range(r: Range, factor: int) -> Range:
    """A range times a whole number (a session done twice a week counts twice)."""
    return Range(r.low * factor, r.high * factor)


def add_seconds(values: Iterable[Seconds]) -> Seconds:
    """The sum of ``(low, high)`` time estimates."""
    low = high = 0.0
    for a, b in values:
        low += a
        high += b
    return (low, high)


@dataclass(frozen=True, slots=True)
class Tally:
    """Hard sets per key (a movement function or a muscle), read-only and hashable.

    A plain ``dict`` would make the frozen model mutable through the back door; this keeps the
    order of keys stable (the order of :data:`~hamdsl.plugins.api.FUNCTIONS` or
    :data:`~hamdsl.plugins.api.MUSCLES`) and answers ``Range(0, 0)`` for a key it holds no sets for.
    """

    entries: tuple[tuple[str, Range], ...] = ()

    @classmethod
    def zeros(cls, keys: Iterable[str]) -> Tally:
        return cls(tuple((k, ZERO) for k in keys))

    def __getitem__(self, key: str) -> Range:
        for k, v in self.entries:
            if k == key:
                return v
        return ZERO

    def __iter__(self) -> Iterator[str]:
        return (k for k, _ in self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def items(self) -> tuple[tuple[str, Range], ...]:
        return self.entries

    def as_dict(self) -> dict[str, Range]:
        return dict(self.entries)

    def plus(self, other: Tally, factor: int = 1) -> Tally:
        """This tally with ``other`` (times ``factor``) added, keys in first-seen order."""
        # One pass over each side (the tallies are looked up per key otherwise: quadratic, and
        # a tenth of a lint run when measured).
        totals = dict(self.entries)
        for k, v in other.entries:
            current = totals.get(k, ZERO)
            totals[k] = Range(current.low + v.low * factor, current.high + v.high * factor)
        return Tally(tuple(totals.items()))


# --------------------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Resolution:
    """One written name (one side of an alternative) and the catalog entry it resolved to.

    ``spec`` is ``None`` when the name is unknown; ``plugin`` names the plugin that contributed
    the entry and ``matched`` the catalog name or alias the text matched after normalising.
    """

    name: ExerciseName
    spec: ExerciseSpec | None
    plugin: str | None = None
    matched: str | None = None


@dataclass(frozen=True, slots=True)
class UnresolvedName:
    """A name the catalog does not know, with the closest known names.

    This is the one place the message is worded; the ``unknown-exercise`` rule and ``hamdsl
    summary`` both print :meth:`message`.
    """

    text: str
    span: Span
    suggestions: tuple[str, ...] = ()

    def message(self) -> str:
        """E.g. ``unknown exercise 'lying leg curll'; did you mean 'lying leg curl'?``"""
        text = f"unknown exercise '{self.text}'"
        if not self.suggestions:
            return text + "; add it to the catalog through the hamdsl_exercises hook"
        quoted = [f"'{s}'" for s in self.suggestions]
        options = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
        return f"{text}; did you mean {options}?"


@dataclass(frozen=True, slots=True)
class KnownDeclaration:
    """An ``exercise:`` line that names an exercise the catalog already has (a name or an alias
    of it). Declarations never replace an entry, so the line is ignored and ``known`` is used;
    ``source`` is the plugin that contributed it, or ``"configuration"``."""

    declaration: Declaration
    known: ExerciseSpec
    source: str

    def message(self) -> str:
        """E.g. ``'cable pull-through' is already in the catalog as 'cable pull-through' (hip
        extension); this declaration is ignored``."""
        from hamdsl.core.functions import functions_phrase

        where = {"configuration": "declared in the configuration", "file": "declared in this file"}.get(
            self.source, "in the catalog"
        )
        return (
            f"'{self.declaration.name}' is already {where} as '{self.known.name}' "
            f"({functions_phrase(self.known.functions)}); this declaration is ignored"
        )


# --------------------------------------------------------------------------------------------------
# Exercises, groups, sessions, week
# --------------------------------------------------------------------------------------------------

def _derived() -> Any:
    """A field worked out from the other fields when the object is built (in ``__post_init__``),
    so ``dataclasses.replace`` recomputes it and the object stays frozen.

    Every rule asks for the exercises of a session or of the whole model, several times per file;
    a property rebuilt that tuple on every access, which was a tenth of a lint run when measured.
    Derived fields take no part in ``==``, ``hash`` or ``repr``: two models are equal when their
    own fields are.
    """
    return field(init=False, repr=False, compare=False)


def _flatten(groups: tuple[GroupModel, ...]) -> tuple[ExerciseModel, ...]:
    if len(groups) == 1:
        return groups[0].exercises
    return tuple(e for g in groups for e in g.exercises)


@dataclass(frozen=True, slots=True)
class Modifiers:
    """The parenthesised modifiers (and the name's own words) that change what an exercise trains.

    ``foot_position`` drives ``emphasised_muscles`` on knee-flexion work (principle A3, 003: toes
    in favours the semitendinosus and semimembranosus, toes out the biceps femoris). ``grip``,
    ``stance`` and ``load_position`` are short normalised words (``snatch``, ``heels-elevated``,
    ``chest``); ``unrecognised`` keeps every modifier text that set none of them, so nothing is
    silently dropped.
    """

    foot_position: FootPosition | None = None
    plantarflexed: bool = False
    grip: str | None = None
    stance: str | None = None
    load_position: str | None = None
    emphasised_muscles: frozenset[str] = frozenset()
    unrecognised: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LoadModel:
    """How heavy a set group is in one week, as the interpreter worked it out.

    ``kind`` is the written load's kind (:data:`hamdsl.language.nodes.LOAD_KINDS`). ``amount`` is
    the absolute weight in ``unit`` (for ``bodyweight``, the weight added to the body), or
    ``None`` when it cannot be computed; ``missing`` then says what was missing: ``"1rm"`` (no
    ``1rm:`` line for the exercise), ``"tm"`` (no ``tm:`` line) or ``"base"`` (a relative load
    after a group whose load is not known). ``percent`` and ``basis`` keep a percentage as
    written (after any weekly progression), ``rpe`` a rating of perceived exertion.
    """

    kind: str
    amount: float | None = None
    unit: str | None = None
    percent: float | None = None
    basis: str | None = None
    rpe: tuple[float, float] | None = None
    missing: str | None = None

    def __str__(self) -> str:
        return load_text(self)


def _number(value: float) -> str:
    return f"{value:g}" if value != int(value) else str(int(value))


def load_text(load: LoadModel) -> str:
    """A load as a coach reads it: ``105kg``, ``bw+20kg``, ``RPE 7-8``, ``75% TM``, ``-10%``."""
    weight = f"{_number(load.amount)}{load.unit or ''}" if load.amount is not None else None
    if load.kind == "bodyweight":
        return "bw" if not load.amount else f"bw+{weight}"
    if load.kind == "rpe" and load.rpe is not None:
        low, high = load.rpe
        return f"RPE {_number(low)}" if low == high else f"RPE {_number(low)}-{_number(high)}"
    if weight is not None:
        return weight
    if load.percent is not None:
        if load.kind == "relative":
            return f"{load.percent:+g}%"
        return f"{_number(load.percent)}% {'TM' if load.basis == 'tm' else '1RM'}"
    return "?"


@dataclass(frozen=True, slots=True)
class SetGroupModel:
    """One set group of an exercise in one week: its scheme (after progression and deload) and
    its load (``None`` when none is written)."""

    scheme: Scheme
    load: LoadModel | None = None


@dataclass(frozen=True, slots=True)
class ExerciseModel:
    """One exercise line, interpreted.

    Alternatives ("seated or lying leg curl") each resolve (``resolutions``), but the movement
    facts (``functions``, ``muscles``, ``direct_hamstring``, ``unilateral``) come from the *first
    resolved* alternative: a coach writes alternatives as interchangeable choices, and counting the
    union would credit one set to functions only one of the options trains. A rule that wants to
    check that alternatives really agree can compare ``resolutions``.

    ``hard_sets`` is the written set range for working sets and ``Range(0, 0)`` for warm-up work.
    One-sided work (``per leg`` or a unilateral exercise) counts once per set, not once per side.
    ``reps`` is the rep range used for time estimates; ``reps_assumed`` says it came from
    :attr:`Assumptions.unwritten_reps` because the routine gave failure, AMRAP or an RIR target.
    ``tut_per_set`` covers both sides of one-sided work; ``duration`` is this exercise's share of
    its session: work, rest after each set, rest between sides and transitions.
    """

    exercise: Exercise
    resolutions: tuple[Resolution, ...]
    in_warmup: bool
    group: str | None
    functions: frozenset[str]
    muscles: frozenset[str]
    direct_hamstring: bool
    unilateral: bool
    per_side: bool
    sides: int
    hard_sets: Range
    reps: Range | None
    reps_assumed: bool
    rep_seconds: Seconds
    tut_per_set: Seconds
    tut_total: Seconds
    rest_after_set: Seconds
    duration: Seconds
    modifiers: Modifiers = field(default_factory=Modifiers)
    #: This week's set groups: the first (``3x8 70%``) and each after ``then``, with their loads.
    #: ``hard_sets`` above adds up the sets of all of them; the exercise still counts once.
    set_groups: tuple[SetGroupModel, ...] = ()
    #: How many weeks of ``progress:`` lines this week's figures include (0 in week 1).
    progression_steps: int = 0

    @property
    def load(self) -> LoadModel | None:
        """The load of the first set group, or ``None`` when none is written."""
        return self.set_groups[0].load if self.set_groups else None

    @property
    def spec(self) -> ExerciseSpec | None:
        """The first alternative that resolved, or ``None`` when none did."""
        for resolution in self.resolutions:
            if resolution.spec is not None:
                return resolution.spec
        return None

    @property
    def name(self) -> str:
        """The name as written (alternatives joined with "or")."""
        return self.exercise.name

    @property
    def resolved(self) -> bool:
        """True when every alternative resolved."""
        return all(r.spec is not None for r in self.resolutions)

    @property
    def trains_quads(self) -> bool:
        return KNEE_EXTENSION in self.functions

    @property
    def span(self) -> Span:
        return self.exercise.span


@dataclass(frozen=True, slots=True)
class GroupModel:
    """Exercises done back to back: consecutive lines sharing a label letter.

    A line without a label, or alone under its letter, is straight sets. Two are a superset,
    three a tri-set, four or more a giant set (P7). ``rounds`` is the range of times the group is
    gone through: the sets of its exercises (lowest low to highest high when they differ).
    """

    letter: str | None
    kind: GroupKind
    exercises: tuple[ExerciseModel, ...]
    rounds: Range
    duration: Seconds

    @property
    def span(self) -> Span:
        from hamdsl.language.nodes import Span

        first, last = self.exercises[0].span, self.exercises[-1].span
        return Span(first.line, first.column, last.end_line, last.end_column)


@dataclass(frozen=True, slots=True)
class SessionModel:
    """A training day, interpreted.

    ``hard_sets_by_function`` credits an exercise's sets to each function it trains (a glute-ham
    raise counts for knee flexion and for hip extension); ``hamstring_hard_sets`` counts each
    direct hamstring exercise's sets once. ``hard_sets_by_muscle`` counts direct hamstring work
    only, and the short head of the biceps femoris only through knee flexion (A2).
    ``function_order`` lists functions by first appearance. ``occurrences`` is how often the
    session happens in a week: the number of weekdays it names, or 1. ``exercises`` are the
    groups' exercises in order; it is derived from ``groups`` when the session is built.
    """

    session: Session
    index: int
    groups: tuple[GroupModel, ...]
    hard_sets_by_function: Tally
    hard_sets_by_muscle: Tally
    hamstring_hard_sets: Range
    exercise_count: int
    hamstring_exercise_count: int
    quad_exercise_count: int
    function_order: tuple[str, ...]
    duration: Seconds
    trains_hamstrings_directly: bool
    exercises: tuple[ExerciseModel, ...] = _derived()

    @property
    def name(self) -> str:
        return self.session.name or f"Session {self.index + 1}"

    @property
    def weekdays(self) -> tuple[str, ...]:
        return self.session.weekdays

    @property
    def occurrences(self) -> int:
        return max(1, len(self.session.weekdays))

    def __post_init__(self) -> None:
        object.__setattr__(self, "exercises", _flatten(self.groups))

    @property
    def hamstring_to_quad_ratio(self) -> float | None:
        """Direct hamstring exercises per quad exercise (003: 1:3 is the problem, 2:1 the fix);
        ``None`` when the session has no quad exercise."""
        if self.quad_exercise_count == 0:
            return None
        return self.hamstring_exercise_count / self.quad_exercise_count

    @property
    def knee_flexion_first(self) -> bool | None:
        """Whether knee flexion appears before hip extension (P2); ``None`` without both."""
        from hamdsl.interpret.exercises import HIP_EXTENSION

        order = self.function_order
        if KNEE_FLEXION not in order or HIP_EXTENSION not in order:
            return None
        return order.index(KNEE_FLEXION) < order.index(HIP_EXTENSION)


@dataclass(frozen=True, slots=True)
class WarmUpModel:
    """A warm-up block: its exercises (all with zero hard sets) and its own duration, which is
    kept out of the sessions' durations (000 times its routines "after warming up")."""

    warmup: WarmUp
    groups: tuple[GroupModel, ...]
    duration: Seconds
    exercises: tuple[ExerciseModel, ...] = _derived()

    def __post_init__(self) -> None:
        object.__setattr__(self, "exercises", _flatten(self.groups))


@dataclass(frozen=True, slots=True)
class WeekModel:
    """The program's sessions taken as one week, each counted as often as it occurs.

    ``frequency`` is the number of weekly sessions that train the hamstrings directly (P5);
    ``sessions_per_week`` counts all of them.
    """

    hard_sets_by_function: Tally
    hard_sets_by_muscle: Tally
    hamstring_hard_sets: Range
    sessions_per_week: int
    frequency: int
    exercise_count: int
    hamstring_exercise_count: int
    quad_exercise_count: int
    duration: Seconds

    @property
    def hamstring_to_quad_ratio(self) -> float | None:
        if self.quad_exercise_count == 0:
            return None
        return self.hamstring_exercise_count / self.quad_exercise_count


@dataclass(frozen=True, slots=True)
class WeekPlan:
    """One week of the block, interpreted: its sessions with that week's sets, reps, RIR and loads.

    ``number`` counts from 1. ``header`` is the week header the week falls under (``None`` for a
    week only the template or ``weeks:`` gives). ``ratio`` is the hamstring-to-quad target written
    for it (``ratio: 2:1`` under its header, else at the top of the file). ``signature`` is what
    the week prescribes, without positions: two weeks with equal signatures are the same week
    (:meth:`Model.distinct_weeks`).
    """

    number: int
    name: str | None
    deload: bool
    ratio: tuple[int, int] | None
    header: Week | None
    sessions: tuple[SessionModel, ...]
    warmups: tuple[WarmUpModel, ...]
    week: WeekModel
    signature: Any = field(default=None, compare=False, repr=False)
    exercises: tuple[ExerciseModel, ...] = _derived()

    def __post_init__(self) -> None:
        object.__setattr__(self, "exercises", tuple(e for s in self.sessions for e in s.exercises))


@dataclass(frozen=True, slots=True)
class WeekRun:
    """Weeks that prescribe the same thing (:meth:`Model.distinct_weeks`): their numbers and the
    first of them."""

    numbers: tuple[int, ...]
    plan: WeekPlan

    @property
    def label(self) -> str:
        """``week 3``, ``weeks 1-4``, ``weeks 1-2 and 4``."""
        return weeks_label(self.numbers)


def weeks_label(numbers: Iterable[int]) -> str:
    """Week numbers in words, runs joined: ``week 3``, ``weeks 1-4``, ``weeks 1-2, 5 and 7``."""
    ordered = sorted(set(numbers))
    runs: list[str] = []
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        runs.append(str(ordered[i]) if i == j else f"{ordered[i]}-{ordered[j]}")
        i = j + 1
    if len(ordered) == 1:
        return f"week {ordered[0]}"
    text = runs[0] if len(runs) == 1 else ", ".join(runs[:-1]) + " and " + runs[-1]
    return f"weeks {text}"


@dataclass(frozen=True, slots=True)
class Model:
    """A whole program, interpreted. Build it with :func:`hamdsl.interpret.interpreter.interpret`.

    ``weeks`` holds every week of the block (:class:`WeekPlan`), at least one. ``sessions``,
    ``warmups`` and ``week`` are week 1's, so a file without week headers (one week that repeats)
    reads as it always has. ``exercises`` is every working exercise of those sessions, in file
    order (warm-ups excluded); it is derived from ``sessions`` when the model is built.
    """

    program: Program
    sessions: tuple[SessionModel, ...]
    warmups: tuple[WarmUpModel, ...]
    week: WeekModel
    unresolved: tuple[UnresolvedName, ...]
    assumptions: Assumptions = field(default_factory=Assumptions)
    landmarks: VolumeLandmarks = field(default_factory=VolumeLandmarks)
    weeks: tuple[WeekPlan, ...] = ()
    exercises: tuple[ExerciseModel, ...] = _derived()
    #: ``exercise:`` lines the catalog already knew, so they changed nothing.
    known_declarations: tuple[KnownDeclaration, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "exercises", tuple(e for s in self.sessions for e in s.exercises))

    @property
    def plans(self) -> tuple[WeekPlan, ...]:
        """The block's weeks; a model built without them (by hand, or by a plugin's transform
        that replaced ``sessions`` of a one-week model) is one week made of ``sessions``."""
        weeks = self.weeks
        if len(weeks) > 1 or (weeks and weeks[0].sessions is self.sessions):
            return weeks
        return (WeekPlan(1, None, False, None, None, self.sessions, self.warmups, self.week),)

    @property
    def block_length(self) -> int:
        return len(self.plans)

    def distinct_weeks(self) -> tuple[WeekRun, ...]:
        """The weeks grouped by what they prescribe, in order of first appearance. One run means
        the block is the same week throughout, and findings need not name a week."""
        plans = self.plans
        if len(plans) == 1:
            return (WeekRun((plans[0].number,), plans[0]),)
        runs: dict[Any, list[int]] = {}
        first: dict[Any, WeekPlan] = {}
        for plan in plans:
            key = plan.signature if plan.signature is not None else id(plan)
            runs.setdefault(key, []).append(plan.number)
            first.setdefault(key, plan)
        return tuple(WeekRun(tuple(numbers), first[key]) for key, numbers in runs.items())

    def week_view(self, plan: WeekPlan) -> Model:
        """This model as if the block were ``plan`` alone: ``sessions``, ``warmups`` and ``week``
        are that week's, so a rule written for one week checks any week unchanged."""
        from dataclasses import replace

        return replace(self, sessions=plan.sessions, warmups=plan.warmups, week=plan.week, weeks=(plan,))


# --------------------------------------------------------------------------------------------------
# Schedule
# --------------------------------------------------------------------------------------------------

#: Weekdays used when a routine names none, by number of sessions per week. They spread sessions
#: so that rest days fall between them where possible (001's Monday/Wednesday/Friday for three).
#: More than seven sessions wrap around and share days. ``[tool.hamdsl.schedule]`` overrides each
#: (:data:`SCHEDULE_OPTIONS`).
DEFAULT_SPREADS: Mapping[int, tuple[str, ...]] = {
    1: ("monday",),
    2: ("monday", "thursday"),
    3: ("monday", "wednesday", "friday"),
    4: ("monday", "tuesday", "thursday", "friday"),
    5: ("monday", "tuesday", "wednesday", "friday", "saturday"),
    6: ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday"),
    7: WEEKDAYS,
}

SCHEDULE_SECTION = "schedule"

#: The spreads as options, one per entry of :data:`DEFAULT_SPREADS` and in its order:
#: ``spread-3 = ["tuesday", "thursday", "saturday"]`` moves the sessions of a three-session week
#: that name no weekday. A shorter list is fine: days it leaves out are taken from the rest of the
#: week, in order.
SCHEDULE_OPTIONS: tuple[Option, ...] = tuple(
    Option(SCHEDULE_SECTION, f"spread-{count}", "list", days,
           f"Weekdays, in order, for the sessions of a {count}-session week that name none.",
           choices=WEEKDAYS,
           source="project assumption (001_0099f3787b808e50.txt: Monday, Wednesday, Friday for three)")
    for count, days in DEFAULT_SPREADS.items()
)


__all__ = [
    "DEFAULT_SPREADS",
    "FUNCTIONS",
    "GIANT_SET_MIN_EXERCISES",
    "MUSCLES",
    "SCHEDULE_OPTIONS",
    "SCHEDULE_SECTION",
    "VOLUME_OPTIONS",
    "Assumptions",
    "ExerciseModel",
    "GroupModel",
    "LoadModel",
    "Model",
    "Modifiers",
    "Resolution",
    "SessionModel",
    "SetGroupModel",
    "Tally",
    "UnresolvedName",
    "VolumeLandmarks",
    "WarmUpModel",
    "WeekModel",
    "WeekPlan",
    "WeekRun",
    "add_ranges",
    "add_seconds",
    "load_text",
    "scale_range",
    "weeks_label",
]
