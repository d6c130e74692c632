"""The typed syntax tree of a `.ham` routine.

Every node is a frozen, slotted dataclass that carries the span it was read from, so a rule, an
exporter or an error message can always point back at the text. Values are normalised once, here,
so that nothing downstream re-reads notation: ranges are ``Range(low, high)``, rests and durations
are in seconds, a tempo is four phases with an explosive phase kept as ``"X"`` rather than a number.

The tree says what was *written*. What it *means* (groups, hard sets, time under tension) is the
interpreter's business and lives in the model, not here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from hamdsl.core.span import Span

__all__ = ["WEEKDAYS", "Phase", "Span"]  # Span: defined in the base layer, named here too

#: One tempo phase: seconds, or ``"X"`` for explosive (as fast as possible).
Phase = int | Literal["X"]

WEEKDAYS: tuple[str, ...] = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)


@dataclass(frozen=True, slots=True)
class Range:
    """An inclusive range; a single number is a range whose ends are equal."""

    low: int
    high: int

    @property
    def is_single(self) -> bool:
        return self.low == self.high

    def __str__(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}-{self.high}"


@dataclass(frozen=True, slots=True)
class Comment:
    """A ``#`` comment; ``text`` excludes the ``#`` and surrounding whitespace."""

    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Note:
    """A ``note:`` line, attached to the exercise, session or program above it."""

    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Label:
    """``A1:`` — exercises sharing a letter are performed back to back as one group."""

    letter: str
    index: int | None
    span: Span

    def __str__(self) -> str:
        return self.letter if self.index is None else f"{self.letter}{self.index}"


@dataclass(frozen=True, slots=True)
class ExerciseName:
    """One exercise name as written; an entry holds several when they are alternatives."""

    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Modifier:
    """One item of the parenthesised list after a name: grip, stance, foot or load position."""

    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Scheme:
    """Sets and reps.

    ``reps`` is ``None`` when the set is taken to failure, as many reps as possible, to an RIR
    target only, or (for warm-up drills and rounds) not counted at all. ``amrap`` with ``reps``
    is ``1x5+``: at least that many reps, then as many as possible.
    """

    sets: Range
    reps: Range | None
    to_failure: bool
    amrap: bool
    rir: Range | None
    per_side: bool
    span: Span
    #: How it was spelt, for the formatter only (not part of its meaning, not serialised): the word
    #: of a sets-only scheme ("set" or "round") and the body part of one-sided work ("leg").
    count_word: str | None = field(default=None, compare=False, metadata={"layout": True})
    side_word: str | None = field(default=None, compare=False, metadata={"layout": True})


@dataclass(frozen=True, slots=True)
class Tempo:
    """Eccentric / bottom pause / concentric / top pause, or a description in words."""

    phases: tuple[Phase, Phase, Phase, Phase] | None
    description: str | None
    span: Span

    @property
    def eccentric(self) -> Phase | None:
        return self.phases[0] if self.phases else None

    @property
    def bottom(self) -> Phase | None:
        return self.phases[1] if self.phases else None

    @property
    def concentric(self) -> Phase | None:
        return self.phases[2] if self.phases else None

    @property
    def top(self) -> Phase | None:
        return self.phases[3] if self.phases else None


@dataclass(frozen=True, slots=True)
class Rest:
    """Rest in seconds after a set and, for one-sided work, between the two sides."""

    between_sets: Range | None
    between_sides: Range | None
    span: Span
    #: The body part of a rest between sides as written ("leg", "side", "arm"); for the formatter.
    side_word: str | None = field(default=None, compare=False, metadata={"layout": True})


@dataclass(frozen=True, slots=True)
class Method:
    """A training method applied to an exercise (``with 2-1 method, dropset 30%``).

    ``kind`` is one of :data:`METHOD_KINDS`; ``percent`` is a dropset's drop, ``seconds`` and
    ``positions`` describe pauses.
    """

    kind: str
    text: str
    span: Span
    percent: int | None = None
    seconds: int | None = None
    positions: tuple[str, ...] = ()


#: Methods the notation knows. The documents name all of these (principles.md, "Methods").
METHOD_KINDS: tuple[str, ...] = (
    "2-1",
    "eccentric-emphasis",
    "accentuated-eccentric",
    "dropset",
    "pause",
    "pre-exhaust",
    "rest-pause",
)


#: Units of weight a load is written in.
WEIGHT_UNITS: tuple[str, ...] = ("kg", "lb")
#: What a percentage load is a share of: the one-rep max or the training max.
PERCENT_BASES: tuple[str, ...] = ("1rm", "tm")
#: The kinds of load: ``100kg``; ``75%`` / ``75% tm``; ``bw`` / ``bw+10kg``; ``rpe 8``; ``-10%``
#: after ``then`` (relative to the set group before).
LOAD_KINDS: tuple[str, ...] = ("weight", "percent", "bodyweight", "rpe", "relative")


@dataclass(frozen=True, slots=True)
class Load:
    """How heavy a set group is, as written; the interpreter turns it into kg or lb where it can.

    - ``weight``: ``amount`` in ``unit`` (``100kg``, ``225lb``);
    - ``percent``: ``amount`` per cent of the exercise's ``basis`` (``75%`` of the 1RM, ``75% tm``);
    - ``bodyweight``: ``amount`` in ``unit`` added to the body (``bw+20kg``; ``bw`` alone is 0);
    - ``rpe``: a rating of perceived exertion, ``rpe`` (low, high) (``rpe 8`` is (8, 8));
    - ``relative``: ``amount`` per cent (``-10%``), or ``amount`` in ``unit``, added to the load of
      the set group before it (only after ``then``).
    """

    kind: str
    span: Span
    amount: float | None = None
    unit: str | None = None
    basis: str | None = None
    rpe: tuple[float, float] | None = None


@dataclass(frozen=True, slots=True)
class SetGroup:
    """One more set group of an exercise after ``then``: ``then 3x5 -10%``."""

    scheme: Scheme
    load: Load | None
    span: Span


#: The kinds of progression a ``progress:`` line can give.
PROGRESSION_KINDS: tuple[str, ...] = ("sets", "reps", "load", "rir", "double", "none")


@dataclass(frozen=True, slots=True)
class Progression:
    """A ``progress:`` line under an exercise: how it changes from week to week.

    - ``sets`` / ``reps``: ``amount`` more each week (``+1 set each week to 5 sets``: ``cap`` 5);
    - ``load``: ``amount`` more each week in ``unit`` (kg, lb) or per cent (``unit`` ``"%"``);
      with ``condition`` (``"all reps made"``) it depends on what was done, so a plan shows the
      load it starts from;
    - ``rir``: ``amount`` (negative) RIR each week, never below 0;
    - ``double``: double progression: reps climb through ``reps`` (10-15), then ``amount`` in
      ``unit`` is added and the reps start again;
    - ``none``: the exercise stays as written.
    """

    kind: str
    span: Span
    amount: float | None = None
    unit: str | None = None
    cap: int | None = None
    reps: Range | None = None
    condition: str | None = None
    #: The line as written after ``progress:``; a spelling, so not part of the data (a program
    #: read back from JSON has it empty, and the formatter then writes the canonical form).
    text: str = field(default="", compare=False, metadata={"layout": True})


@dataclass(frozen=True, slots=True)
class Exercise:
    """One exercise line of a session or warm-up."""

    label: Label | None
    names: tuple[ExerciseName, ...]
    modifiers: tuple[Modifier, ...]
    scheme: Scheme | None
    tempo: Tempo | None
    rest: Rest | None
    duration: Range | None
    methods: tuple[Method, ...]
    notes: tuple[Note, ...]
    comment: Comment | None
    span: Span
    #: The load of the first set group (``3x8 70%``), the set groups after ``then``, and the
    #: ``progress:`` lines under the exercise (blocks, loads and progression: docs/language.md).
    load: Load | None = None
    then: tuple[SetGroup, ...] = ()
    progress: tuple[Progression, ...] = ()

    @property
    def name(self) -> str:
        """The name as a reader would say it, alternatives joined with "or"."""
        names = self.names
        if len(names) == 1:  # nearly always; rules ask for the name in every message
            return names[0].text
        return " or ".join(n.text for n in names)


@dataclass(frozen=True, slots=True)
class WarmUp:
    """A warm-up block. Its work is preparation and never counts as hard sets."""

    name: str | None
    exercises: tuple[Exercise, ...]
    notes: tuple[Note, ...]
    comment: Comment | None
    span: Span
    #: The ``warmup …:`` line alone, as written: where a finding about the block is shown.
    header_span: Span | None = field(default=None, compare=False, metadata={"layout": True})


@dataclass(frozen=True, slots=True)
class Session:
    """A training day. ``weekdays`` are lower-case English day names, in the order written."""

    name: str | None
    weekdays: tuple[str, ...]
    exercises: tuple[Exercise, ...]
    notes: tuple[Note, ...]
    comment: Comment | None
    span: Span
    #: The ``session …:`` line alone, as written (``None`` without a header): a finding about the
    #: session is shown there, not under the whole block that ``span`` covers.
    header_span: Span | None = field(default=None, compare=False, metadata={"layout": True})


@dataclass(frozen=True, slots=True)
class Meta:
    """A ``key: value`` line of program metadata, as written."""

    key: str
    value: str
    span: Span


@dataclass(frozen=True, slots=True)
class Program:
    """A whole routine file.

    The typed metadata fields are read from ``metadata``; ``experience_years`` is the lifter's
    training age in years (``6 months`` is 0.5). ``comments`` holds every comment in file order,
    trailing ones included, so that suppressions and the formatter can find them.
    """

    name: str | None
    metadata: tuple[Meta, ...]
    level: str | None
    experience_years: float | None
    goal: str | None
    source: str | None
    recovery: str | None
    split: str | None
    warmups: tuple[WarmUp, ...]
    sessions: tuple[Session, ...]
    notes: tuple[Note, ...]
    comments: tuple[Comment, ...]
    span: Span
    #: Blocks (docs/language.md, "Blocks, loads and progression"). ``sessions`` above are the
    #: template: the sessions written before any week header, for every week without its own.
    block: Block | None = None
    weeks: tuple[Week, ...] = ()
    declarations: tuple[Declaration, ...] = ()


@dataclass(frozen=True, slots=True)
class OneRepMax:
    """``1rm: romanian deadlift 140kg``: the heaviest single of an exercise, for % loads."""

    exercise: str
    amount: float
    unit: str
    span: Span


@dataclass(frozen=True, slots=True)
class Deload:
    """``deload: half the sets, same load``: what a ``(deload)`` week without sessions of its own
    does to the week before it. ``sets`` and ``load`` are factors (0.5 is half); ``rir`` is added
    where an RIR is given."""

    sets: float
    load: float
    rir: int
    span: Span


@dataclass(frozen=True, slots=True)
class Block:
    """The block's settings from its metadata lines; ``None`` fields were not written.

    ``start`` is an ISO date (``2027-01-04``), the first day of week 1; ``weeks`` the block's
    length when no week header says otherwise; ``training_max`` the training max as a per cent of
    the 1RM (``tm: 90%``); ``rounding`` the step loads are rounded to, in ``units``."""

    units: str | None = None
    start: str | None = None
    weeks: int | None = None
    one_rep_maxes: tuple[OneRepMax, ...] = ()
    training_max: float | None = None
    rounding: float | None = None
    deload: Deload | None = None
    ratio: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class Week:
    """A week header (``week 5 (deload):``, ``weeks 1-2, introduction:``) and what is under it.

    Weeks ``first`` to ``last`` (inclusive, 1-based). Without sessions of its own a week repeats
    the template, or for a deload week the week before it, changed as ``deload:`` says.
    ``ratio`` is ``ratio: 2:1`` under the header: the hamstring-to-quad target for these weeks."""

    first: int
    last: int
    deload: bool
    name: str | None
    ratio: tuple[int, int] | None
    sessions: tuple[Session, ...]
    warmups: tuple[WarmUp, ...]
    notes: tuple[Note, ...]
    comment: Comment | None
    span: Span


@dataclass(frozen=True, slots=True)
class Declaration:
    """``exercise: cable pull-through = hip extension``: an exercise the catalog lacks, with its
    movement functions (``knee-flexion``, ``hip-extension``, ``knee-extension``, ``other``)."""

    name: str
    functions: tuple[str, ...]
    span: Span


#: Training levels the ``level:`` line accepts.
LEVELS: tuple[str, ...] = ("beginner", "intermediate", "advanced")
#: Recovery abilities the ``recovery:`` line accepts (000 routine #3 asks for at least average).
RECOVERY: tuple[str, ...] = ("low", "average", "high")
