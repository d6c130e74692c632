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
    target only, or (for warm-up drills and rounds) not counted at all.
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


@dataclass(frozen=True, slots=True)
class Session:
    """A training day. ``weekdays`` are lower-case English day names, in the order written."""

    name: str | None
    weekdays: tuple[str, ...]
    exercises: tuple[Exercise, ...]
    notes: tuple[Note, ...]
    comment: Comment | None
    span: Span


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


#: Training levels the ``level:`` line accepts.
LEVELS: tuple[str, ...] = ("beginner", "intermediate", "advanced")
#: Recovery abilities the ``recovery:`` line accepts (000 routine #3 asks for at least average).
RECOVERY: tuple[str, ...] = ("low", "average", "high")
