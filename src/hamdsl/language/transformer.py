"""Grammar rules to syntax-tree nodes: the Lark ``Transformer`` of ``grammar/hamdsl.lark``.

Lark calls one method per rule, named after it, with the rule's children: tokens, and the values
the methods of its sub-rules returned. Each method builds a node of :mod:`hamdsl.language.nodes` with its
span, or an internal record that the method of an enclosing rule takes apart. The grammar gives
every clause its structure, so nothing here reads characters: a method looks at the tokens' types
and values, converts numbers, and checks what a grammar cannot (a range written backwards, a tempo
with three phases, an unknown unit).

A problem raises :class:`Problem`; the parser turns it into one syntax error for the line, as it
does a Lark error, so each broken line is reported once and the others are still read.

Lark runs this inline, while it parses a line (``Lark(transformer=...)``), so no parse tree is
built. It parses one line at a time and numbers it line 1, so :attr:`AstBuilder.line_number` says which
line of the file is being read; a :class:`~hamdsl.language.parser.Parser` sets it before each line. That
makes a builder, like the parser that owns it, something to use from one thread at a time.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from lark import Token, Transformer

from hamdsl.core.diagnostics import Diagnostic, syntax_error
from hamdsl.core.functions import FUNCTIONS, function_named
from hamdsl.language.nodes import (
    WEEKDAYS,
    Comment,
    Declaration,
    Deload,
    Exercise,
    ExerciseName,
    Label,
    Load,
    Meta,
    Method,
    Modifier,
    Note,
    OneRepMax,
    Phase,
    Progression,
    Range,
    Rest,
    Scheme,
    SetGroup,
    Span,
    Tempo,
)

#: Upper bounds on numbers, so that ``1-999999999x1-999999999`` is a clear error instead of a
#: nonsense duration. They are far above anything a routine needs (docs/language.md, "Limits").
MAX_SETS = 100
MAX_REPS = 1000
MAX_SECONDS = 6 * 60 * 60
#: The longest tempo phase, in seconds.
MAX_PHASE = 60
#: The longest block, in weeks: a year.
MAX_WEEKS = 52
#: The heaviest weight a load, a 1RM or a rounding step may name, in its unit (kg or lb); ten
#: times any lift on record.
MAX_MASS = 10_000
#: A deload without a ``deload:`` line: half the sets (rounded up), the same load, 2 more RIR
#: (the issue's default; the seeds say nothing about deloads, so this is a choice, documented).
DEFAULT_DELOAD: tuple[float, float, int] = (0.5, 1.0, 2)

_SECONDS_PER_UNIT = {"SECONDS": 1, "MINUTES": 60}
_BETWEEN_SETS = frozenset({"set", "sets", "round", "rounds", "exercise", "exercises"})
_BETWEEN_SIDES = frozenset({"side", "sides", "leg", "legs", "arm", "arms"})
_YEARS = frozenset({"year", "years", "yr", "yrs", "y"})
_MONTHS = frozenset({"month", "months", "mo", "mos"})
_DAY_NAMES: dict[str, str] = {}
for _day in WEEKDAYS:
    _DAY_NAMES.update({_day: _day, _day[:3]: _day})
_DAY_NAMES.update({"tues": "tuesday", "weds": "wednesday", "thur": "thursday", "thurs": "thursday"})
_KNOWN_METHODS = (
    "known methods: 2-1 method, eccentric emphasis, accentuated eccentric, pre-exhaust, "
    "dropset 30%, pause 1s bottom and top, rest-pause; separate several with commas"
)


class Problem(Exception):
    """A line that the grammar accepts but that cannot mean anything; one syntax error."""

    def __init__(self, message: str, span: Span, hint: str | None = None) -> None:
        super().__init__(message)
        self.diagnostic = syntax_error(message, span, hint)


# --------------------------------------------------------------------- records between methods
#: The syntax error for sets and reps without their "x" (``leg curl 3 8``); its span covers the
#: two numbers, so an editor can offer to write ``3x8`` (``hamdsl server``).
MISSING_TIMES = "the sets and reps need an 'x' between them"

@dataclass(frozen=True, slots=True)
class SessionHeader:
    """A ``session NAME:`` line before the lines below it are grouped into its session.

    ``text`` is the header's name exactly as written (blanks collapsed), for the formatter: in
    ``session Monday:`` the word is both the name and the weekday, so it is not rebuilt."""

    name: str | None
    weekdays: tuple[str, ...]
    span: Span
    text: str = ""


@dataclass(frozen=True, slots=True)
class WarmUpHeader:
    """A ``warm-up NAME:`` line, before the lines below it are grouped into its warm-up."""

    name: str | None
    span: Span


@dataclass(frozen=True, slots=True)
class Experience:
    """An ``experience:`` line: the metadata as written, and the training age it gives in years."""

    meta: Meta
    years: float


@dataclass(frozen=True, slots=True)
class WeekHeader:
    """A ``week N:`` / ``weeks N-M:`` line, before the lines below it are grouped into its week."""

    first: int
    last: int
    deload: bool
    name: str | None
    span: Span


@dataclass(frozen=True, slots=True)
class BlockSetting:
    """One of the block's metadata lines (``units:``, ``start:``, ``weeks:``, ``tm:``, ``round:``,
    ``deload:``, ``ratio:``): the field of :class:`~hamdsl.language.nodes.Block` it sets, and the
    value, as the node holds it."""

    field: str
    value: Any
    span: Span


@dataclass(frozen=True, slots=True)
class ProgressLine:
    """A ``progress:`` line, before it is attached to the exercise above it."""

    progression: Progression


Statement = (
    Meta
    | Declaration
    | Experience
    | SessionHeader
    | WarmUpHeader
    | WeekHeader
    | Note
    | Exercise
    | BlockSetting
    | OneRepMax
    | ProgressLine
)


@dataclass(frozen=True, slots=True)
class Line:
    """One source line as read: a statement, a trailing comment, or neither.

    The formatter works on lines; the parser's builder turns them into a program."""

    number: int
    statement: Statement | None
    comment: Comment | None
    problems: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True, slots=True)
class _Number:
    """A range as written: its tokens, before it is known whether it counts sets or seconds."""

    low: Token
    high: Token | None
    span: Span


@dataclass(frozen=True, slots=True)
class _Name:
    """An exercise name and its tokens, which the entry checks for a missing "x"."""

    node: ExerciseName
    tokens: tuple[Token, ...]

    @property
    def span(self) -> Span:
        return self.node.span


@dataclass(frozen=True, slots=True)
class _Time:
    """A duration as written (``2-3min``), before it is known whether it is a rest or a duration."""

    amount: _Number
    unit: Token | None
    span: Span


@dataclass(frozen=True, slots=True)
class _Figure:
    """A number in a method, shaped by the grammar: ``pair`` (``2-1``), ``share`` (``30%``,
    ``-30%``) or ``time`` (``1s``, ``2 seconds``, or a bare number; ``unit`` is its SECONDS or
    MINUTES token). ``number`` is its (first) number; ``tokens`` are all of its tokens."""

    kind: str
    number: Token
    tokens: tuple[Token, ...]
    span: Span
    unit: Token | None = None

    @property
    def written(self) -> str:
        """A pair as a method's name is written: ``2-1``."""
        return f"{self.tokens[0].value}-{self.tokens[-1].value}"


@dataclass(frozen=True, slots=True)
class _DeloadNumber:
    """The number of a deload item: ``60%``, ``-10%``, ``+2``. ``sign`` is the PLUS or DASH token's
    type, if one is written."""

    sign: str | None
    number: Token
    percent: bool
    tokens: tuple[Token, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class _Marker:
    """A clause the entry must see in context: a late sets x reps or a separate RIR target."""

    kind: str
    span: Span
    value: Any = None
    #: The clause's tokens, where an enclosing rule keeps its text as written (a method's place).
    tokens: tuple[Token, ...] = ()


# ------------------------------------------------------------------------------------- helpers
def _token_span(token: Token, line: int) -> Span:
    return Span(line, token.column, line, token.end_column)  # type: ignore[arg-type]


def _shown(number: str) -> str:
    """A number as written, cut short when it is too long to read in a message."""
    return number if len(number) <= 12 else number[:12] + "…"


def _spaced(tokens: Sequence[Token]) -> str:
    """The tokens' text as written, any run of blanks between two tokens made one space."""
    parts: list[str] = []
    previous_end: int | None = None
    for token in tokens:
        if previous_end is not None and token.column != previous_end:
            parts.append(" ")
        parts.append(token.value)
        previous_end = token.end_column
    return "".join(parts)


def _int_range(number: _Number, limit: int, what: str) -> Range:
    if "." in number.low.value or (number.high is not None and "." in number.high.value):
        raise Problem(f"a {what} count must be a whole number", number.span, "write it like 3x8")
    low = int(number.low.value)
    high = int(number.high.value) if number.high is not None else low
    if low > limit or high > limit:
        raise Problem(
            f"{what} of {max(low, high)} is over the limit of {limit}",
            number.span,
            "hamdsl caps numbers so that a typo cannot produce nonsense; see 'Limits' in the language guide",
        )
    if low > high:
        raise Problem(
            f"the {what} range {low}-{high} is written backwards",
            number.span,
            f"write the smaller number first: {high}-{low}",
        )
    return Range(low, high)


def _checked(method: Callable[[Any, list[Any]], Any]) -> Callable[[Any, list[Any]], Any]:
    """A rule's method whose problem is kept for the line instead of ending the parse.

    Lark builds a line bottom-up. Once a clause has a problem, the rules above it are not built
    (their children would be missing); the line's rule still is, so it keeps the line's comment
    beside the problem (``# noqa`` and the formatter see it)."""

    @functools.wraps(method)
    def checked(self: AstBuilder, children: list[Any]) -> Any:
        if self.problem is not None:
            return None
        try:
            return method(self, children)
        except Problem as problem:
            self.problem = problem
            return None

    return checked


def _reps(number: _Number) -> Range:
    reps = _int_range(number, MAX_REPS, "rep")
    if reps.low < 1:
        raise Problem("a set needs at least one rep", number.span, "write 3x1 or more")
    return reps


class AstBuilder(Transformer[Token, Any]):
    """One method per grammar rule (``tests/test_grammar.py`` holds the two lists together)."""

    def __init__(self) -> None:
        super().__init__(visit_tokens=False)
        #: The file's line number of the line being parsed (Lark numbers every line 1).
        self.line_number = 1
        #: The text of that line, for free text that keeps its inner blanks (a warm-up's name).
        self.source = ""
        #: The first problem found in the line, which stops the rules above it from being built.
        self.problem: Problem | None = None

    def _span(self, first: Any, last: Any | None = None) -> Span:
        """From the start of ``first`` to the end of ``last`` (a token or a node with a span)."""
        # One Span per call: a node's span is read, a token's positions are taken as they are.
        if last is None:
            if not isinstance(first, Token):
                return first.span
            last = first
        if isinstance(first, Token):
            line, column = self.line_number, first.column
        else:
            line, column = first.span.line, first.span.column
        if isinstance(last, Token):
            end_line, end_column = self.line_number, last.end_column
        else:
            end_line, end_column = last.span.end_line, last.span.end_column
        return Span(line, column, end_line, end_column)  # type: ignore[arg-type]

    # ------------------------------------------------------------------------------ a line
    def line(self, children: list[Any]) -> Line:
        statement: Statement | None = None
        comment: Comment | None = None
        problems: tuple[Diagnostic, ...] = ()
        for child in children:
            if isinstance(child, Token):  # the only token a line has is its comment
                comment = Comment(child.value[1:].strip(), self._span(child))
            else:
                statement = child
        if self.problem is not None:
            statement, problems = None, (self.problem.diagnostic,)
        return Line(self.line_number, statement, comment, problems)

    def start_line(self, number: int, source: str) -> None:
        """Get ready for line ``number`` of the file, whose text is ``source``."""
        self.line_number, self.source, self.problem = number, source, None

    # ----------------------------------------------------------------------------- metadata
    @_checked
    def meta(self, children: list[Token]) -> Meta:
        key_token = children[0]
        key = key_token.value.lower()
        if len(children) < 3 or not children[2].value.strip():
            raise Problem(
                f"'{key}:' needs a value",
                self._span(key_token),
                f"write it like '{key}: {_META_EXAMPLES.get(key, 'value')}'",
            )
        text = children[2]
        value = text.value.rstrip()
        span = self._span(key_token)
        return Meta(key, value, Span(span.line, span.column, span.line, text.column + len(value)))  # type: ignore[operator]

    @_checked
    def experience(self, children: list[Token]) -> Experience:
        key_token, value_tokens = children[0], children[2:]
        if not value_tokens:
            raise Problem(
                "'experience:' needs a value", self._span(key_token), "write it like 'experience: 2 years'"
            )
        value = _spaced(value_tokens).rstrip()
        last = value_tokens[-1]
        span = self._span(key_token, last)
        span = Span(span.line, span.column, span.line, last.column + len(last.value.rstrip()))  # type: ignore[operator]
        meta = Meta("experience", value, span)
        number, unit = value_tokens[0], (value_tokens[1].value.lower() if len(value_tokens) > 1 else "years")
        if number.type != "NUMBER" or unit not in _YEARS | _MONTHS:
            raise Problem(
                f"cannot read the experience '{value}'",
                span,
                "give the years of serious training, like 'experience: 2 years' or '6 months'",
            )
        years = float(number.value)
        return Experience(meta, round(years / 12, 2) if unit in _MONTHS else years)

    @_checked
    def note(self, children: list[Token]) -> Note:
        if len(children) < 3 or not children[2].value.strip():
            raise Problem("the note is empty", self._span(children[0]), "write the note after 'note:'")
        text = children[2]
        value = text.value.rstrip()
        start = self._span(children[0])
        return Note(value, Span(start.line, start.column, start.line, text.column + len(value)))  # type: ignore[operator]

    @_checked
    def declaration(self, children: list[Any]) -> Declaration:
        """``exercise: NAME = function, function``: the functions in :data:`FUNCTIONS` order, each
        once, so that the node says what was meant however it was spelt."""
        name: _Name = children[2]
        groups: list[list[Token]] = [[]]
        for token in children[4:]:
            if token.type == "COMMA":
                groups.append([])
            else:
                groups[-1].append(token)
        found: set[str] = set()
        for words in groups:
            text = _spaced(words)
            function = function_named(text)
            if function is None:
                raise Problem(
                    f"unknown movement function '{text}'",
                    self._span(words[0], words[-1]),
                    "an exercise is declared with knee flexion, hip extension, knee extension or "
                    "other, several separated by commas: 'exercise: cable pull-through = hip extension'",
                )
            found.add(function)
        return Declaration(
            name.node.text,
            tuple(f for f in FUNCTIONS if f in found),
            self._span(children[0], children[-1]),
        )

    # ------------------------------------------------------------------------------ headers
    @_checked
    def session(self, children: list[Token]) -> SessionHeader:
        words = children[1:-1]
        text = _spaced(words)
        name, weekdays = _session_name(words, text)
        return SessionHeader(name, weekdays, self._span(children[0], children[-1]), text)

    @_checked
    def warmup(self, children: list[Token]) -> WarmUpHeader:
        words = children[1:-1]
        text = self.source[words[0].column - 1 : words[-1].end_column - 1] if words else ""  # type: ignore[operator]
        return WarmUpHeader(text or None, self._span(children[0], children[-1]))

    # ---------------------------------------------------------------------------- exercises
    @_checked
    def label(self, children: list[Token]) -> Label:
        value = children[0].value[:-1]  # the letter and digits, without the ":" or ")"
        index = int(value[1:]) if len(value) > 1 else None
        return Label(value[0].upper(), index, self._span(children[0]))

    @_checked
    def name(self, children: list[Token]) -> _Name:
        return _Name(ExerciseName(_spaced(children), self._span(children[0], children[-1])), tuple(children))

    #: A name that starts with a key's word ("split squat 3x8"), and a one-word name that looks
    #: like a label ("A1 3x8"): names like any other.
    key_name = lone_name = name

    @_checked
    def label_without_colon(self, children: list[Any]) -> Any:
        """``A1 lying leg curl 3x8``: the grammar read ``A1`` (or ``A1.``) as a label that lost its
        colon."""
        label = children[0]
        written = [c for c in children[:2] if isinstance(c, Token)]  # the letter and digits, a full stop
        name: _Name = children[len(written)]
        raise Problem(
            f"'{_spaced(written)}' looks like a label without its colon",
            self._span(written[0], written[-1]),
            f"write '{label.value.upper()}: {name.node.text}'",
        )

    @_checked
    def missing_colon(self, children: list[Any]) -> Any:
        """``units kg``: a key's word, at the start of a line, without its colon."""
        first = children[0]
        key = first.tokens[0] if isinstance(first, _Name) else first
        value = [*first.tokens[1:]] if isinstance(first, _Name) else []
        value.extend(child for child in children[1:] if isinstance(child, Token))
        written = _spaced(value).rstrip()
        word = key.value.lower()
        raise Problem(
            f"'{key.value}' needs a colon",
            self._span(key),
            f"write '{word}: {written}'" if written else f"write '{word}:' and its value",
        )

    @_checked
    def modifiers(self, children: list[Token]) -> _Marker:
        items = tuple(
            Modifier(" ".join(c.value.split()), self._span(c)) for c in children if c.type == "MOD_TEXT"
        )
        span = self._span(children[0], children[-1])
        if not items:
            raise Problem("the parentheses are empty", span, "remove them or list modifiers inside")
        return _Marker("modifiers", span, items)

    @_checked
    def late_modifiers(self, children: list[Any]) -> Any:
        raise Problem(
            "modifiers in parentheses go right after the exercise name",
            children[0].span,
            "write 'lying leg curl (toes in) 3x8'",
        )

    # ------------------------------------------------------------------------ sets and reps
    @_checked
    def range(self, children: list[Token]) -> _Number:
        high = children[2] if len(children) == 3 else None
        return _Number(children[0], high, self._span(children[0], children[-1]))

    count = range

    @_checked
    def scheme(self, children: list[Any]) -> Scheme:
        sets = self._sets(children[0])
        reps = rir = None
        to_failure = amrap = False
        side: str | None = None
        for child in children[2:]:
            if isinstance(child, _Number):
                reps = _reps(child)
            elif isinstance(child, _Marker) and child.kind == "rir":
                rir = child.value
            elif isinstance(child, _Marker) and child.kind == "amrap-min":
                reps, amrap = child.value, True
            elif isinstance(child, Token) and child.type == "FAILURE":
                to_failure = True
            elif isinstance(child, Token) and child.type == "AMRAP":
                amrap = True
            elif isinstance(child, Token) and child.type == "SIDE":
                side = _side(child)
        return Scheme(
            sets,
            reps,
            to_failure,
            amrap,
            rir,
            side is not None,
            self._span(children[0], children[-1]),
            side_word=side,
        )

    @_checked
    def sets_of(self, children: list[Any]) -> Scheme:
        sets = self._sets(children[0])
        reps = _reps(children[3])
        side = _side_of(children)
        return Scheme(
            sets,
            reps,
            False,
            False,
            None,
            side is not None,
            self._span(children[0], children[-1]),
            side_word=side,
        )

    @_checked
    def sets_only(self, children: list[Any]) -> Scheme:
        sets = self._sets(children[0])
        word = "round" if children[1].type == "ROUNDS" else "set"
        side = _side_of(children)
        return Scheme(
            sets, None, False, False, None, side is not None, self._span(children[0], children[-1]),
            count_word=word, side_word=side,
        )  # fmt: skip

    @staticmethod
    def _sets(number: _Number) -> Range:
        sets = _int_range(number, MAX_SETS, "set")
        if sets.low < 1:
            raise Problem("a scheme needs at least one set", number.span, "write 1x8 or more")
        return sets

    @_checked
    def rir_reps(self, children: list[Any]) -> _Marker:
        return _Marker("rir", self._span(children[0], children[-1]), _int_range(children[0], MAX_REPS, "RIR"))

    rir = rir_reps

    @_checked
    def late_scheme(self, children: list[Any]) -> _Marker:
        return _Marker("late-scheme", self._span(children[0], children[-1]))

    @_checked
    def missing_times(self, children: list[_Number]) -> Any:
        raise Problem(
            MISSING_TIMES,
            self._span(children[0], children[-1]),
            "write 3x8 (sets x reps), or 3-5x6-8 for ranges",
        )

    @_checked
    def reps_without_of(self, children: list[Any]) -> Any:
        raise Problem(
            "the reps need 'of' after 'sets'",
            self._span(children[0], children[-1]),
            "write '3 sets of 8 reps', or 3x8",
        )

    @_checked
    def amrap_min(self, children: list[Any]) -> _Marker:
        number = children[0]
        if number.high is not None:
            raise Problem(
                f"an as-many-as-possible set has one minimum, not the range {number.low}-{number.high}",
                self._span(children[0], children[-1]),
                "write the least reps the set must reach, like 1x5+",
            )
        reps = _reps(number)
        return _Marker("amrap-min", self._span(children[0], children[-1]), reps)

    # -------------------------------------------------------------------------------- loads
    @_checked
    def weight(self, children: list[Token]) -> _Marker:
        unit = "kg" if children[1].type == "KG" else "lb"
        span = self._span(children[0], children[1])
        amount = float(children[0].value)
        if amount > MAX_MASS:
            raise Problem(
                f"a weight of {_shown(children[0].value)}{unit} is over the limit of {MAX_MASS}{unit}",
                span,
                f"write the weight in {unit}, like '100{unit}'; percentages go through '1rm:'",
            )
        return _Marker("weight", span, (amount, unit))

    @_checked
    def load(self, children: list[Any]) -> Load:
        amount, unit = children[0].value
        return Load("weight", children[0].span, amount=amount, unit=unit)

    @_checked
    def percent_load(self, children: list[Token]) -> Load:
        span = self._span(children[0], children[-1])
        percent = float(children[0].value)
        if not 0 < percent <= 200:
            raise Problem(
                f"a load of {children[0].value}% is not a share of a maximum",
                span,
                "write a percentage up to 200, like 75% (of the 1RM) or 85% tm (of the training max)",
            )
        basis = "tm" if children[-1].type == "TM" else "1rm"
        return Load("percent", span, amount=percent, basis=basis)

    @_checked
    def bodyweight_load(self, children: list[Any]) -> Load:
        span = self._span(children[0], children[-1])
        if len(children) == 1:
            return Load("bodyweight", span, amount=0.0)
        amount, unit = children[-1].value
        return Load("bodyweight", span, amount=amount, unit=unit)

    @_checked
    def rpe_load(self, children: list[Any]) -> Load:
        number: _Number = children[1]
        low = float(number.low.value)
        high = float(number.high.value) if number.high is not None else low
        span = self._span(children[0], number)
        if not 1 <= low <= high <= 10:
            raise Problem(
                f"an RPE of {_written(number)} is not on the scale of 1 to 10"
                if high <= 10 and low >= 1
                else f"an RPE of {_written(number)} is off the scale of 1 to 10",
                span,
                "write it like rpe 8 or rpe 7-8 (10 is a maximal effort)",
            )
        return Load("rpe", span, rpe=(low, high))

    @_checked
    def relative_load(self, children: list[Any]) -> Load:
        span = self._span(children[0], children[-1])
        if isinstance(children[1], _Marker):
            amount, unit = children[1].value
            return Load("relative", span, amount=-amount, unit=unit)
        return Load("relative", span, amount=-float(children[1].value), unit="%")

    @_checked
    def then(self, children: list[Any]) -> _Marker:
        return _Marker("then", self._span(children[0], children[-1]), children[1])

    # ------------------------------------------------------------------------------- blocks
    @_checked
    def week(self, children: list[Any]) -> WeekHeader:
        number: _Number = children[1]
        first = int(number.low.value)
        last = int(number.high.value) if number.high is not None else first
        span = self._span(children[0], children[-1])
        if "." in _written(number):
            raise Problem("a week is a whole number", number.span, "write it like 'week 3:' or 'weeks 1-4:'")
        if first < 1:
            raise Problem("weeks are counted from 1", number.span, "write the first week as 'week 1:'")
        if last < first:
            raise Problem(
                f"the week range {first}-{last} is written backwards",
                number.span,
                f"write the smaller number first: weeks {last}-{first}",
            )
        if last > MAX_WEEKS:
            raise Problem(
                f"week {last} is over the limit of {MAX_WEEKS}",
                number.span,
                "a block of more than a year is almost certainly a typo",
            )
        deload = any(isinstance(c, Token) and c.type == "DELOAD_WORD" for c in children)
        words = [c for c in children if isinstance(c, Token) and c.type in ("HEADER_WORD", "HEADER_SEP")]
        name = _spaced(words) or None
        return WeekHeader(first, last, deload, name, span)

    @_checked
    def units(self, children: list[Token]) -> BlockSetting:
        unit = "kg" if children[2].type == "KG" else "lb"
        return BlockSetting("units", unit, self._span(children[0], children[-1]))

    @_checked
    def start(self, children: list[Token]) -> BlockSetting:
        import datetime

        span = self._span(children[0], children[-1])
        try:
            day = datetime.date.fromisoformat(children[2].value)
        except ValueError:
            raise Problem(
                f"{children[2].value} is not a date of the calendar",
                self._span(children[2]),
                "write the first day of week 1 as year-month-day, like 'start: 2027-01-04'",
            ) from None
        return BlockSetting("start", day.isoformat(), span)

    @_checked
    def weeks(self, children: list[Token]) -> BlockSetting:
        span = self._span(children[0], children[-1])
        value = children[2].value
        if "." in value or not 1 <= int(value) <= MAX_WEEKS:
            raise Problem(
                f"a block of {value} weeks cannot be planned",
                self._span(children[2]),
                f"give the block's length in whole weeks, 1 to {MAX_WEEKS}",
            )
        return BlockSetting("weeks", int(value), span)

    @_checked
    def one_rep_max(self, children: list[Any]) -> OneRepMax:
        words = [c for c in children[2:-1] if isinstance(c, Token)]
        amount, unit = children[-1].value
        return OneRepMax(_spaced(words), amount, unit, self._span(children[0], children[-1]))

    @_checked
    def training_max(self, children: list[Token]) -> BlockSetting:
        span = self._span(children[0], children[-1])
        percent = float(children[2].value)
        if not 0 < percent <= 100:
            raise Problem(
                f"a training max of {children[2].value}% is not a share of the 1RM",
                self._span(children[2], children[3]),
                "the training max is at most the 1RM: write it like 'tm: 90%'",
            )
        return BlockSetting("training_max", percent, span)

    @_checked
    def rounding(self, children: list[Any]) -> BlockSetting:
        amount, unit = children[2].value
        if amount <= 0:
            raise Problem(
                "loads cannot be rounded to nothing", children[2].span, "write the step, like 'round: 2.5kg'"
            )
        return BlockSetting("rounding", (amount, unit), self._span(children[0], children[-1]))

    @_checked
    def ratio(self, children: list[Token]) -> BlockSetting:
        span = self._span(children[0], children[-1])
        parts = (children[2].value, children[4].value)
        if any("." in part or int(part) < 1 for part in parts):
            raise Problem(
                f"the ratio {parts[0]}:{parts[1]} is not two whole numbers",
                self._span(children[2], children[4]),
                "write hamstrings to quads as whole numbers, like 'ratio: 2:1'",
            )
        return BlockSetting("ratio", (int(parts[0]), int(parts[1])), span)

    @_checked
    def deload(self, children: list[Any]) -> BlockSetting:
        sets, load, rir = DEFAULT_DELOAD
        for part in children[2:]:
            if not isinstance(part, _Marker):
                continue
            kind, value = part.value
            if kind == "sets":
                sets = value
            elif kind == "load":
                load = value
            elif kind == "rir":
                rir = value
        span = self._span(children[0], children[-1])
        return BlockSetting("deload", Deload(sets, load, rir, span), span)

    @_checked
    def deload_part(self, children: list[Any]) -> _Marker:
        span = self._span(children[0], children[-1])
        read = _deload_part(children)
        if read is None:
            raise _unreadable_deload(children, span)
        return _Marker("deload-part", span, read)

    @_checked
    def unknown_deload_part(self, children: list[Token]) -> Any:
        raise _unreadable_deload(children, self._span(children[0], children[-1]))

    @_checked
    def deload_number(self, children: list[Token]) -> _DeloadNumber:
        sign = children[0].type if children[0].type in ("PLUS", "DASH") else None
        number = children[1] if sign is not None else children[0]
        percent = children[-1].type == "PERCENT"
        return _DeloadNumber(sign, number, percent, tuple(children), self._span(children[0], children[-1]))

    @_checked
    def progress(self, children: list[Any]) -> ProgressLine:
        span = self._span(children[0], children[-1])
        body = children[2]
        if isinstance(body, Token):  # none
            return ProgressLine(Progression("none", span, text="none"))
        kind, fields = body.value
        written = " ".join(self.source[body.span.column - 1 : body.span.end_column - 1].split())
        return ProgressLine(Progression(kind, span, **fields, text=written))

    @_checked
    def progress_count(self, children: list[Any]) -> _Marker:
        amount = children[1].value
        kind = "sets" if children[2].type == "SETS" else "reps"
        fields: dict[str, Any] = {"amount": float(amount)}
        if "." in amount:
            raise Problem(
                f"{kind} go up in whole numbers", self._span(children[1]), f"write it like +1 {kind[:-1]}"
            )
        limit = MAX_SETS if kind == "sets" else MAX_REPS
        capped = children[-1].type == "SETS" and len(children) > 5
        for number in (children[1], children[-2]) if capped else (children[1],):
            if int(number.value) > limit:
                raise Problem(
                    f"{_shown(number.value)} {kind} is over the limit of {limit}",
                    self._span(number),
                    f"a weekly step or a cap is at most {limit} {kind}",
                )
        if children[-1].type == "SETS" and len(children) > 5:
            if kind != "sets":
                raise Problem(
                    "a cap in sets needs a progression in sets", self._span(children[-3], children[-1]),
                    "write it like '+1 set each week to 5 sets'",
                )  # fmt: skip
            fields["cap"] = int(children[-2].value)
        return _Marker("progression", self._span(children[0], children[-1]), (kind, fields))

    @_checked
    def progress_load(self, children: list[Any]) -> _Marker:
        fields: dict[str, Any]
        if isinstance(children[1], _Marker):
            amount, unit = children[1].value
            fields = {"amount": amount, "unit": unit}
        else:
            percent = float(children[1].value)
            if not 0 < percent <= 100:
                raise Problem(
                    f"a weekly step of {_shown(children[1].value)}% is not a progression",
                    self._span(children[1], children[2]),
                    "add a small share each week, like '+5% each week' (at most 100%)",
                )
            fields = {"amount": percent, "unit": "%"}
        when = [c for c in children if isinstance(c, Token) and c.type == "WORD"]
        if when:
            fields["condition"] = _spaced(when)
        return _Marker("progression", self._span(children[0], children[-1]), ("load", fields))

    @_checked
    def progress_rir(self, children: list[Any]) -> _Marker:
        amount = children[1].value
        if "." in amount:
            raise Problem(
                "RIR goes down in whole numbers", self._span(children[1]), "write it like -1 rir each week"
            )
        if int(amount) > MAX_REPS:
            raise Problem(
                f"{_shown(amount)} RIR is over the limit of {MAX_REPS}",
                self._span(children[1]),
                "write it like -1 rir each week",
            )
        return _Marker(
            "progression", self._span(children[0], children[-1]), ("rir", {"amount": -float(amount)})
        )

    @_checked
    def progress_double(self, children: list[Any]) -> _Marker:
        reps = _int_range(children[1], MAX_REPS, "rep")
        if reps.is_single:
            raise Problem(
                "double progression climbs through a range of reps",
                children[1].span,
                "write the range the reps climb through, like 'double 10-15 +2.5kg'",
            )
        amount, unit = children[-1].value
        fields = {"amount": amount, "unit": unit, "reps": reps}
        return _Marker("progression", self._span(children[0], children[-1]), ("double", fields))

    # -------------------------------------------------------------------------------- tempo
    @_checked
    def tempo(self, children: list[Any]) -> Tempo:
        span = self._span(children[0], children[-1])
        body = children[1]
        if isinstance(body, Token) and body.type == "QUOTED":
            text = body.value[1:-1].strip()
            if not text:
                raise Problem(
                    "the tempo in quotes is empty", span, 'describe it, like @"as slow as possible"'
                )
            return Tempo(None, text, span)
        if isinstance(body, Token) and body.type == "OPEN_QUOTE":
            raise Problem(
                "the tempo's closing quote is missing", span, 'write it like @"as slow as possible"'
            )
        written = "".join(c.value for c in children[1:])
        if body.type == "COMPACT_TEMPO":
            digits: list[Phase] = ["X" if c in "xX" else int(c) for c in body.value]
            return Tempo(tuple(digits), None, span)  # type: ignore[arg-type]
        phases = [self._phase_value(c) for c in children[1:] if c.type in ("NUMBER", "EXPLOSIVE")]
        if any(c.type == "DASH" for c in children):
            raise Problem(
                f"cannot read the tempo @{written}",
                span,
                "use seconds or X (explosive) for each phase, like @4/0/X/0 or @3110, or words in "
                'quotes, like @"as slow as possible"',
            )
        if len(phases) != 4:
            raise Problem(
                f"the tempo @{written} has {len(phases)} phase{'s' if len(phases) != 1 else ''}, not 4",
                span,
                "a tempo gives eccentric/bottom pause/concentric/top pause, like @3/0/1/0; "
                "write 0 for a phase without a pause",
            )
        for phase in phases:
            if phase != "X" and phase > MAX_PHASE:
                raise Problem(
                    f"a tempo phase of {phase} seconds is over the limit of {MAX_PHASE}",
                    span,
                    "give each phase in seconds (0 to 60) or X for explosive, like @4/0/X/0",
                )
        return Tempo(tuple(phases), None, span)  # type: ignore[arg-type]

    def _phase_value(self, token: Token) -> Phase:
        if token.type == "EXPLOSIVE":
            return "X"
        if "." in token.value:
            raise Problem(
                f"a tempo phase must be whole seconds, not {token.value}",
                self._span(token),
                "write each phase in whole seconds, like @3/0/1/0",
            )
        return int(token.value)

    @_checked
    def empty_tempo(self, children: list[Token]) -> Any:
        raise Problem(
            "'@' must be followed by a tempo",
            self._span(children[0]),
            "write four phases: eccentric/bottom pause/concentric/top pause, like @3/0/1/0",
        )

    @_checked
    def tempo_word(self, children: list[Any]) -> Any:
        raise Problem("a tempo starts with '@'", self._span(children[0]), "write it like @3010 or @3/0/1/0")

    # ------------------------------------------------------------------- rest and durations
    @_checked
    def time(self, children: list[Any]) -> _Time:
        unit = children[1] if len(children) > 1 else None
        return _Time(children[0], unit, self._span(children[0], children[-1]))

    time_with_unit = time

    def _seconds(self, time: _Time, what: str) -> Range:
        amount = time.amount
        written = f"{amount.low.value}-{amount.high.value}" if amount.high is not None else amount.low.value
        if time.unit is None:
            raise Problem(
                f"the {what} '{written}' has no unit", time.span, f"add s or min: {written}s or {written}min"
            )
        if time.unit.type not in _SECONDS_PER_UNIT:
            raise Problem(
                f"unknown time unit '{time.unit.value}' in the {what}",
                self._span(time.unit),
                "use s (seconds) or min (minutes), for example 90s or 2-3min",
            )
        factor = _SECONDS_PER_UNIT[time.unit.type]
        low = float(amount.low.value) * factor
        high = float(amount.high.value) * factor if amount.high is not None else low
        if max(low, high) > MAX_SECONDS:
            over = round(max(low, high)) if max(low, high) < MAX_SECONDS * 1000 else None
            raise Problem(
                f"a {what} of {over} seconds is over the limit of {MAX_SECONDS} seconds"
                if over is not None
                else f"the {what} '{written}{time.unit.value}' is over the limit of {MAX_SECONDS} seconds",
                time.span,
                "a rest or duration above six hours is almost certainly a typo",
            )
        if low > high:
            raise Problem(
                f"the {what} range {amount.low.value}-{amount.high.value} is written backwards",  # type: ignore[union-attr]
                time.span,
                f"write the smaller number first: {amount.high.value}-{amount.low.value}{time.unit.value}",  # type: ignore[union-attr]
            )
        return Range(round(low), round(high))

    @_checked
    def rest(self, children: list[Any]) -> Rest:
        between_sets = between_sides = None
        side: str | None = None
        parts: list[tuple[_Time, Token | None]] = []
        for child in children[1:]:
            if isinstance(child, _Time):
                parts.append((child, None))
            elif isinstance(child, Token) and child.type == "WORD":
                parts[-1] = (parts[-1][0], child)
        for time, between in parts:
            value = self._seconds(time, "rest")
            where = self._span(time, between) if between is not None else time.span
            noun = (
                between.value.lower() if between is not None else ("sets" if between_sets is None else None)
            )
            if noun is None:
                raise Problem(
                    "a second rest needs to say what it is between",
                    where,
                    "write it like rest 2min, 30-60s between sides",
                )
            if noun in _BETWEEN_SETS:
                if between_sets is not None:
                    raise Problem(
                        "two rests between sets", where, "keep one, like rest 2min, 30s between sides"
                    )
                between_sets = value
            elif noun in _BETWEEN_SIDES:
                if between_sides is not None:
                    raise Problem("two rests between sides", where, "keep one")
                between_sides = value
                side = noun.rstrip("s")
            else:
                raise Problem(
                    f"a rest can be between sets or between sides, not between {noun}",
                    where,
                    "write it like rest 2min, 30-60s between sides",
                )
        return Rest(between_sets, between_sides, self._span(children[0], children[-1]), side_word=side)

    @_checked
    def duration(self, children: list[Any]) -> _Marker:
        return _Marker(
            "duration", self._span(children[0], children[-1]), self._seconds(children[1], "duration")
        )

    @_checked
    def bare_duration(self, children: list[Any]) -> Any:
        unit = children[0].unit
        if unit is not None and unit.type == "WORD":
            raise Problem(
                f"unknown unit '{unit.value}'",
                self._span(unit),
                "a load is written like 100kg, 225lb, 75%, 85% tm, bw or rpe 8; "
                "a time needs 'rest' or 'for' before it, like rest 90s",
            )
        raise Problem(
            "a rest needs the word 'rest' before it", self._span(children[0]), "write it like 'rest 90s'"
        )

    # ------------------------------------------------------------------------------ methods
    @_checked
    def methods(self, children: list[Any]) -> _Marker:
        methods = tuple(c for c in children if isinstance(c, Method))
        if not methods:
            raise Problem(
                "'with' needs a method after it",
                self._span(children[0]),
                "write it like 'with dropset 30%' or 'with 2-1 method, eccentric emphasis'",
            )
        return _Marker("methods", self._span(children[0], children[-1]), methods)

    @_checked
    def method(self, children: list[Any]) -> Method:
        tokens = [t for c in children for t in ((c,) if isinstance(c, Token) else c.tokens)]
        text = _spaced(tokens)
        span = self._span(children[0], children[-1])
        known = _method(children)
        if known is None:
            hint = _KNOWN_METHODS
            if any(isinstance(c, Token) and c.type == "FOR" for c in children):  # "for" and a time
                hint = "a 'with' list runs to the end of the line, so put 'for ...' before 'with'"
            raise Problem(f"unknown method '{text}'", span, hint)
        kind, percent, seconds, positions = known
        if percent is not None and not 0 < percent < 100:
            raise Problem(
                f"a dropset of {percent}% is not a drop",
                span,
                "write a drop between 1% and 99%, like dropset 30%",
            )
        return Method(kind=kind, text=text, span=span, percent=percent, seconds=seconds, positions=positions)

    @_checked
    def method_pair(self, children: list[Token]) -> _Figure:
        return _Figure("pair", children[0], tuple(children), self._span(children[0], children[-1]))

    @_checked
    def method_share(self, children: list[Token]) -> _Figure:
        return _Figure("share", children[-2], tuple(children), self._span(children[0], children[-1]))

    @_checked
    def method_time(self, children: list[Token]) -> _Figure:
        unit = children[1] if len(children) > 1 else None
        return _Figure("time", children[0], tuple(children), self._span(children[0], children[-1]), unit)

    @_checked
    def method_where(self, children: list[Token]) -> _Marker:
        """Where a pause is held: ``bottom and top``, ``at the top``."""
        places = tuple(c.value.lower() for c in children if c.type == "PLACE")
        return _Marker("where", self._span(children[0], children[-1]), places, tuple(children))

    # -------------------------------------------------------------------------- the entries
    @_checked
    def entry(self, children: list[Any]) -> Exercise:
        label: Label | None = None
        names: list[_Name] = []
        modifiers: list[Modifier] = []
        scheme: Scheme | None = None
        load: Load | None = None
        groups: list[SetGroup] = []  # after "then"; a load or an RIR target joins the last one
        clauses: dict[str, Any] = {}
        previous: Any = None
        for child in children:
            if isinstance(child, _Marker) and child.kind == "then":
                groups.append(SetGroup(child.value, None, child.span))
                previous = child
                continue
            if isinstance(child, Load):
                if child.kind == "relative" and not groups:
                    raise Problem(
                        "a load relative to the set group before needs one",
                        child.span,
                        "give the first group its own load, then lighten the next: '1x3 rpe 8 then 3x5 -10%'",
                    )
                if groups:
                    group = groups[-1]
                    if group.load is not None:
                        raise Problem(
                            "a second load for one set group", child.span, "keep one load per group"
                        )
                    groups[-1] = SetGroup(group.scheme, child, self._span(group, child))
                elif load is not None:
                    raise Problem("a second load on one line", child.span, "keep one load per set group")
                else:
                    load = child
                previous = child
                continue
            if (
                isinstance(child, _Marker)
                and child.kind == "rir"
                and groups
                and isinstance(previous, _Marker)
            ):
                group = groups[-1]
                if previous.kind == "then" and group.scheme.rir is None:
                    with_rir = replace(group.scheme, rir=child.value, span=self._span(group.scheme, child))
                    groups[-1] = SetGroup(with_rir, group.load, self._span(group, child))
                    previous = child
                    continue
            if isinstance(child, Label):
                label = child
            elif isinstance(child, _Name):
                names.append(child)
            elif isinstance(child, _Marker) and child.kind == "modifiers":
                modifiers.extend(child.value)
            elif isinstance(child, Scheme):
                scheme = child
            elif isinstance(child, _Marker) and child.kind == "late-scheme":
                if scheme is not None:
                    raise Problem(
                        "the sets and reps are given twice", child.span, "keep one sets x reps per line"
                    )
                raise Problem(
                    "the sets and reps come before the tempo, rest and methods",
                    child.span,
                    "write 'name sets x reps @tempo rest ... with ...'",
                )
            elif isinstance(child, _Marker) and child.kind == "rir":
                if scheme is None or previous is not scheme:
                    raise Problem(
                        "an RIR target goes right after the sets and reps",
                        child.span,
                        "write it like 3x8 1-2 rir",
                    )
                if scheme.rir is not None:
                    raise Problem("two RIR targets in one scheme", child.span, "keep one, like 3x8 1-2 rir")
                scheme = Scheme(
                    scheme.sets, scheme.reps, scheme.to_failure, scheme.amrap, child.value, scheme.per_side,
                    self._span(scheme, child), count_word=scheme.count_word, side_word=scheme.side_word,
                )  # fmt: skip
                child = scheme
            elif isinstance(child, (Tempo, Rest, _Marker)):
                kind = child.kind if isinstance(child, _Marker) else type(child).__name__.lower()
                if kind in clauses:
                    word = _CLAUSE_WORDS[kind]
                    raise Problem(
                        f"a second {word} on one line",
                        child.span,
                        f"keep one {word}; the first is at column {clauses[kind].span.column}",
                    )
                clauses[kind] = child
            previous = child
        _check_numbers(names, scheme, clauses)
        duration = clauses.get("duration")
        methods = clauses.get("methods")
        return Exercise(
            label=label,
            names=tuple(n.node for n in names),
            modifiers=tuple(modifiers),
            scheme=scheme,
            tempo=clauses.get("tempo"),
            rest=clauses.get("rest"),
            duration=duration.value if duration is not None else None,
            methods=methods.value if methods is not None else (),
            notes=(),
            comment=None,
            span=self._span(children[0], children[-1]),
            load=load,
            then=tuple(groups),
        )

    @_checked
    def dangling_or(self, children: list[Any]) -> Any:
        token = next(c for c in children if isinstance(c, Token) and c.type == "OR")
        raise Problem(
            "'or' needs an exercise on each side",
            self._span(token),
            "write alternatives like 'seated leg curl or lying leg curl'",
        )

    @_checked
    def nameless(self, children: list[Any]) -> Any:
        first = next(c for c in children if not isinstance(c, Label))
        raise Problem(
            "a line cannot start with sets and reps",
            first.span,
            "put the exercise name first: 'lying leg curl 3x8'",
        )


_META_EXAMPLES = {
    "program": "Hamstring routine #1",
    "level": "intermediate",
    "experience": "2 years",
    "goal": "hypertrophy",
    "source": "000_4ffba709e68b8adb.txt",
    "recovery": "average",
    "split": "push/pull/legs",
}
_CLAUSE_WORDS = {"tempo": "tempo", "rest": "rest", "duration": "duration", "methods": "method list"}


def _check_numbers(names: list[_Name], scheme: Scheme | None, clauses: dict[str, Any]) -> None:
    """``leg curl 3 8``, ``leg curl 3 8 rest 90s``: two bare numbers end the name and no sets and
    reps follow. The grammar reads them as words of the name (``45 degree back extension`` starts
    with one). A duration (``for 30s``) makes sets and reps unnecessary, so the numbers may then
    be part of the name."""
    if scheme is not None or "duration" in clauses or not names:
        return
    tokens = names[-1].tokens
    if len(tokens) >= 3 and tokens[-1].type == tokens[-2].type == "NUMBER":
        first, last = tokens[-2], tokens[-1]
        line = names[-1].node.span.line
        raise Problem(
            MISSING_TIMES,
            Span(line, first.column, line, last.end_column),  # type: ignore[arg-type]
            "write 3x8 (sets x reps), or 3-5x6-8 for ranges",
        )


def _session_name(words: Sequence[Token], text: str) -> tuple[str | None, tuple[str, ...]]:
    """``Day 1 on Mon, Thu`` → (``Day 1``, monday, thursday); ``Monday`` → (``Monday``, monday)."""
    days = _weekdays(words)
    if days:
        return text, days
    for index, token in enumerate(words):
        if index and token.type == "HEADER_WORD" and token.value.lower() == "on":
            days = _weekdays(words[index + 1 :])
            if days:
                return _spaced(words[:index]) or None, days
            break
    return text or None, ()


def _weekdays(words: Sequence[Token]) -> tuple[str, ...]:
    """The days, in order, when every word is a weekday (separators and ``and`` aside)."""
    days: list[str] = []
    for token in words:
        value = token.value.lower()
        if token.type == "HEADER_SEP" or value == "and":
            continue
        day = _DAY_NAMES.get(value.rstrip("."))
        if day is None:
            return ()
        days.append(day)
    return tuple(days)


#: The methods hamdsl knows, by their names as written: the words in lower case joined by "-", so
#: that "pre exhaust" and "pre-exhaust", "drop set" and "drop-set" are one name; "2-1" is the
#: figure 2-1 (docs/language.md, "Methods").
_METHOD_NAMES: dict[str, str] = {
    "2-1": "2-1",
    "2-1-method": "2-1",
    "two-one": "2-1",
    "two-one-method": "2-1",
    "eccentric-emphasis": "eccentric-emphasis",
    "accentuated-eccentric": "accentuated-eccentric",
    "accentuated-eccentrics": "accentuated-eccentric",
    "pre-exhaust": "pre-exhaust",
    "pre-exhaustion": "pre-exhaust",
    "preexhaust": "pre-exhaust",
    "preexhaustion": "pre-exhaust",
    "rest-pause": "rest-pause",
    "dropset": "dropset",
    "dropsets": "dropset",
    "drop-set": "dropset",
    "drop-sets": "dropset",
    "pause": "pause",
    "pauses": "pause",
}
#: The figure a method may have after its name, and the word that may come before the figure: a
#: dropset's drop (``dropset of 30%``), a pause's seconds (``pause for 2s``). The others take none.
_METHOD_FIGURES: dict[str, tuple[str, str]] = {"dropset": ("share", "OF"), "pause": ("time", "FOR")}


def _method(children: Sequence[Any]) -> tuple[str, int | None, int | None, tuple[str, ...]] | None:
    """A method's kind and figures from its rule's children, or ``None`` for a method hamdsl does
    not know. The name is the words (and a pair, ``2-1``) that start the method."""
    name: list[str] = []
    rest: list[Any] = []
    for child in children:
        if not rest and isinstance(child, Token) and child.type == "WORD":
            name.append(child.value.lower())
        elif not rest and isinstance(child, _Figure) and child.kind == "pair":
            name.append(child.written)
        else:
            rest.append(child)
    kind = _METHOD_NAMES.get("-".join(name))
    if kind is None:
        return None
    figures = [c for c in rest if isinstance(c, _Figure)]
    words = [c.type for c in rest if isinstance(c, Token)]  # OF or FOR; a WORD here is out of place
    where = next((c.value for c in rest if isinstance(c, _Marker) and c.kind == "where"), ())
    if where and kind != "pause":
        return None
    if not figures:
        return (kind, None, None, where) if not words else None
    takes = _METHOD_FIGURES.get(kind)
    if takes is None or len(figures) > 1 or any(word != takes[1] for word in words):
        return None
    figure = figures[0]
    if figure.kind != takes[0] or "." in figure.number.value:
        return None
    if figure.kind == "share":
        return kind, int(figure.number.value), None, where
    if figure.unit is None or figure.unit.type != "SECONDS":
        return None
    return kind, None, int(figure.number.value), where


def _written(number: _Number) -> str:
    return number.low.value if number.high is None else f"{number.low.value}-{number.high.value}"


#: The figures a deload item changes, by the grammar's terminal.
_DELOAD_FIGURES = {"SETS": "sets", "LOAD": "load", "RIR": "rir", "REPS": "reps"}


def _deload_part(children: Sequence[Any]) -> tuple[str, float] | None:
    """One item of a ``deload:`` line: which figure it sets and to what, or ``None`` when the
    amount does not fit the figure.

    ``half the sets``, ``same sets``, ``60% sets``, ``60% of the sets``; ``same load``,
    ``90% load``, ``-10% load``; ``+2 rir``, ``same rir``; ``same reps`` changes nothing."""
    last = children[-1]
    figure = _DELOAD_FIGURES.get(last.type) if isinstance(last, Token) else None
    amount = next(c for c in children if not isinstance(c, Token) or c.type in ("HALF", "SAME"))
    if figure is None:
        return None
    if isinstance(amount, Token):
        if amount.type == "SAME":
            return (figure, 0) if figure == "rir" else (figure, 1.0)
        return (figure, 0.5) if figure in ("sets", "load") else None
    if figure in ("sets", "load") and amount.percent and amount.sign != "PLUS":
        share = float(amount.number.value) / 100
        return (figure, 1 - share if amount.sign == "DASH" else share)
    if figure == "rir" and amount.sign == "PLUS" and not amount.percent and "." not in amount.number.value:
        return ("rir", int(amount.number.value))
    return None


def _unreadable_deload(children: Sequence[Any], span: Span) -> Problem:
    tokens = [t for c in children for t in ((c,) if isinstance(c, Token) else c.tokens)]
    return Problem(
        f"cannot read '{_spaced(tokens)}' in the deload",
        span,
        "write what changes, like 'deload: half the sets, same load, +2 rir' or '60% sets, 90% load'",
    )


def _side_of(children: Sequence[Any]) -> str | None:
    """The body part of a scheme that ends in ``per leg`` (or ``each side``, ``/arm``), else ``None``."""
    last = children[-1]
    return _side(last) if isinstance(last, Token) and last.type == "SIDE" else None


def _side(token: Token) -> str:
    """The body part of one-sided work, singular: ``per legs`` is ``leg``."""
    return token.value.lower().removesuffix("s")
