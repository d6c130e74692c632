"""Text to syntax tree: the Lark grammar, the token readers, and the builder that adds structure.

Three stages, each kept simple:

1. Each line is cut into coarse tokens. A clause such as ``3-5x6-8`` or ``rest 2min, 30s between
   sides`` is a single token. An ordinary line is cut by ``_FastReader``, one regular expression
   compiled from the grammar's own terminals; any other line by Lark (LALR, contextual lexer),
   which also words the syntax errors.
2. ``_LineReader`` reads the numbers out of each token (as a Lark transformer run inline, or
   called by the fast reader with the same tokens). This is where most friendly errors come from,
   because it knows exactly which character of the clause is wrong.
3. ``_build`` walks the lines in order and builds the tree: which session an exercise belongs to,
   which exercise a note follows, whether a working set is missing its sets and reps.

Every line is read on its own, so every broken line is reported and the good lines still make a
(partial) program.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from hamdsl.core.diagnostics import Diagnostic, syntax_error
from hamdsl.language.nodes import (
    LEVELS,
    RECOVERY,
    WEEKDAYS,
    Comment,
    Exercise,
    ExerciseName,
    Label,
    Meta,
    Method,
    Modifier,
    Note,
    Program,
    Range,
    Rest,
    Scheme,
    Session,
    Span,
    Tempo,
    WarmUp,
)

if TYPE_CHECKING:
    from lark import Lark, Token
    from lark.exceptions import UnexpectedInput, UnexpectedToken

#: Upper bounds on numbers, so that ``1-999999999x1-999999999`` is a clear error instead of a
#: nonsense duration. They are far above anything a routine needs (docs/language.md, "Limits").
MAX_SETS = 100
MAX_REPS = 1000
MAX_SECONDS = 6 * 60 * 60
#: A file with more broken lines than this stops being reported line by line.
MAX_ERRORS = 200
#: Size limits, so that a huge or generated file stops at once with a clear message instead of
#: taking minutes: the longest example is under 60 lines and 250 characters a line.
MAX_LINES = 10_000
MAX_LINE_LENGTH = 1_000

GRAMMAR_FILE = "hamdsl.lark"


@dataclass(frozen=True, slots=True)
class ParseResult:
    """The program that could be read, and every syntax problem found on the way.

    ``program`` is always present: with errors it holds the lines that did parse.
    """

    program: Program
    problems: tuple[Diagnostic, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


# ------------------------------------------------------------------------------------------ lines
@dataclass(frozen=True, slots=True)
class SessionHeader:
    """A ``session NAME:`` line (weekdays in the name are read out), before the lines below it
    are grouped into its session."""

    name: str | None
    weekdays: tuple[str, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class WarmUpHeader:
    """A ``warm-up NAME:`` line, before the lines below it are grouped into its warm-up."""

    name: str | None
    span: Span


Statement = Meta | SessionHeader | WarmUpHeader | Note | Exercise


@dataclass(frozen=True, slots=True)
class Line:
    """One source line as the parser read it: a statement, a trailing comment, or neither.

    The formatter works on lines, the builder turns them into a program.
    """

    number: int
    statement: Statement | None
    comment: Comment | None
    problems: tuple[Diagnostic, ...] = ()



# Lark types a token's positions ``int | None``: a token made by hand may lack them. Every token
# hamdsl reads comes from Lark's lexer or the fast reader, which set all four, hence the ignores
# (a cast would cost a call per token on the hot path).


def _span(token: Token) -> Span:
    return Span(token.line, token.column, token.end_line, token.end_column)  # type: ignore[arg-type]


def _sub_span(token: Token, start: int, end: int) -> Span:
    """The span of ``token.value[start:end]``; tokens never cross a line."""
    return Span(token.line, token.column + start, token.line, token.column + end)  # type: ignore[arg-type, operator]


def _join(first: Span, last: Span) -> Span:
    return Span(first.line, first.column, last.end_line, last.end_column)


class _Problem(Exception):
    """Raised inside a token reader; becomes one syntax error for the line."""

    def __init__(self, message: str, span: Span, hint: str | None = None) -> None:
        super().__init__(message)
        self.diagnostic = syntax_error(message, span, hint)


_RANGE_SEP = r"\s*(?:-|–|to)\s*"
_SCHEME_RE = re.compile(
    rf"""
    (?P<s1>\d+)(?:{_RANGE_SEP}(?P<s2>\d+))?\s*
    (?:
        [x×]\s*(?:
            (?P<r1>\d+)(?:{_RANGE_SEP}(?P<r2>\d+))?(?P<rironly>\s*rir\b)?
            | (?P<failure>failure) | (?P<amrap>amrap)
        )(?:\s*reps?)?
      | sets?\s+of\s+(?P<o1>\d+)(?:{_RANGE_SEP}(?P<o2>\d+))?(?:\s*reps?)?
      | (?:sets?|rounds?)
    )
    (?P<side>\s*(?:per|each|/)\s*(?:legs?|sides?|arms?))?
    (?:\s+(?P<t1>\d+)(?:{_RANGE_SEP}(?P<t2>\d+))?\s*rir)?
    """,
    re.IGNORECASE | re.VERBOSE,
)
_DURATION_RE = re.compile(
    rf"(?P<a>\d[\d.]*)(?:{_RANGE_SEP}(?P<b>\d[\d.]*))?\s*(?P<unit>[^\W\d_]*)"
    r"(?:\s+between\s+(?P<between>[^\W\d_]+))?",
    re.IGNORECASE,
)
#: Larger than any float a number can be read as, but one that overflowed (``math`` is not imported
#: for ``isfinite``: a cold start would pay for loading it).
_INFINITY = float("inf")
_UNITS: dict[str, int] = {
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds"), 1),
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), 60),
}
_BETWEEN_SETS = frozenset({"set", "sets", "round", "rounds", "exercise", "exercises"})
_BETWEEN_SIDES = frozenset({"side", "sides", "leg", "legs", "arm", "arms"})
_TEMPO_SLASHED = re.compile(r"^(\d+|[xX])/(\d+|[xX])/(\d+|[xX])/(\d+|[xX])$")
_TEMPO_DIGITS = re.compile(r"^[0-9xX]{4}$")
_TEMPO_PART = re.compile(r"\d+|[xX]")
_OR = re.compile(r"(?:^|\s+)or(?:\s+|$)", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_POSITIONS = re.compile(r"bottom|top")
_FOR_SECONDS = re.compile(r"\bfor\s+\d")
_EXPERIENCE = re.compile(r"^(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>years?|yrs?|y|months?|mos?)?$", re.IGNORECASE)
_DAY_NAMES: dict[str, str] = {}
for _day in WEEKDAYS:
    for _alias in (_day, _day[:3], _day[:4] if _day[:3] in ("tue", "thu") else _day[:3]):
        _DAY_NAMES[_alias] = _day
_DAY_NAMES.update({"tues": "tuesday", "weds": "wednesday", "thur": "thursday", "thurs": "thursday"})
_DAY_SPLIT = re.compile(r"\s*(?:,|/|&|\band\b|\s)\s*", re.IGNORECASE)
_ON_DAYS = re.compile(r"^(?P<name>.*?)\s+on\s+(?P<days>[^:]+)$", re.IGNORECASE)
_METHODS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(?:2-1|two-one)(?:\s+method)?$"), "2-1"),
    (re.compile(r"^eccentric[\s-]+emphasis$"), "eccentric-emphasis"),
    (re.compile(r"^accentuated[\s-]+eccentrics?$"), "accentuated-eccentric"),
    (re.compile(r"^pre[\s-]?exhaust(?:ion)?$"), "pre-exhaust"),
    (re.compile(r"^rest[\s-]pause$"), "rest-pause"),
    (re.compile(r"^drop[\s-]?sets?(?:\s+(?:of\s+)?-?\s*(?P<percent>\d+)\s*%)?$"), "dropset"),
    (
        re.compile(
            r"^pauses?(?:\s+(?:for\s+)?(?P<seconds>\d+)\s*(?:s|secs?|seconds?))?"
            r"(?:\s+(?:at\s+)?(?:the\s+)?(?P<where>(?:bottom|top)(?:\s+and\s+(?:bottom|top))?))?$"
        ),
        "pause",
    ),
)
_LABEL_LIKE = re.compile(r"^[A-Za-z](?:\d{1,3}\.?|\.)$")
_KEYWORDS_NEEDING_COLON = ("program", "level", "experience", "goal", "source", "recovery", "split")


def _int_range(low: str, high: str | None, limit: int, what: str, where: Callable[[], Span]) -> Range:
    """``where`` gives the span for an error; it is only called when there is one."""
    a = int(low)
    b = int(high) if high is not None else a
    if a <= b <= limit:
        return Range(a, b)
    span = where()
    if a > limit or b > limit:
        raise _Problem(
            f"{what} of {max(a, b)} is over the limit of {limit}",
            span,
            "hamdsl caps numbers so that a typo cannot produce nonsense; see 'Limits' in the language guide",
        )
    if a > b:
        raise _Problem(
            f"the {what} range {a}-{b} is written backwards",
            span,
            f"write the smaller number first: {b}-{a}",
        )
    return Range(a, b)


def _seconds(value: str) -> float:
    try:
        return float(value)
    except ValueError:  # "1.2.3"
        return -1.0


def _read_duration(token: Token, start: int, text: str, what: str) -> tuple[Range, str | None]:
    """Read ``30-60s [between sides]`` found at ``start`` within the token."""
    stripped = text.strip()
    m = _DURATION_RE.fullmatch(stripped)
    offset = start + (len(text) - len(text.lstrip()))

    def where() -> Span:
        return _sub_span(token, offset, offset + len(stripped))

    if m is None:
        raise _Problem(f"cannot read the {what} '{stripped}'", where(), "write it like 90s or 2-3min")
    unit = m["unit"].lower()
    if not unit:
        raise _Problem(
            f"the {what} '{stripped}' has no unit",
            where(),
            f"add s or min: {m.group(0).strip()}s or {m.group(0).strip()}min",
        )
    if unit not in _UNITS:
        unit_span = _sub_span(token, offset + m.start("unit"), offset + m.end("unit"))
        raise _Problem(
            f"unknown time unit '{m['unit']}' in the {what}",
            unit_span,
            "use s (seconds) or min (minutes), for example 90s or 2-3min",
        )
    factor = _UNITS[unit]
    a = _seconds(m["a"])
    b = _seconds(m["b"]) if m["b"] else a
    if a < 0 or b < 0:
        raise _Problem(
            f"cannot read the number in the {what} '{stripped}'", where(), "write it like 90s or 2.5min"
        )
    if not (a * factor < _INFINITY and b * factor < _INFINITY):  # 400 nines overflow a float
        raise _Problem(
            f"the {what} '{stripped}' is over the limit of {MAX_SECONDS} seconds",
            where(),
            "a rest or duration above six hours is almost certainly a typo",
        )
    low, high = round(a * factor), round(b * factor)
    if high > MAX_SECONDS:
        raise _Problem(
            f"a {what} of {high} seconds is over the limit of {MAX_SECONDS} seconds",
            where(),
            "a rest or duration above six hours is almost certainly a typo",
        )
    if low > high:
        raise _Problem(
            f"the {what} range {m['a']}-{m['b']} is written backwards",
            where(),
            f"write the smaller number first: {m['b']}-{m['a']}{m['unit']}",
        )
    return Range(low, high), (m["between"].lower() if m["between"] else None)


def _respan_scheme(node: Scheme, span: Span) -> Scheme:
    return Scheme(node.sets, node.reps, node.to_failure, node.amrap, node.rir, node.per_side, span)


def _respan_tempo(node: Tempo, span: Span) -> Tempo:
    return Tempo(node.phases, node.description, span)


def _respan_rest(node: Rest, span: Span) -> Rest:
    return Rest(node.between_sets, node.between_sides, span)


class _LineReader:
    """Turns the tokens of one statement into a node. One instance serves every parse of a parser.

    Lark calls a method named after each grammar rule with the rule's tokens (the fast reader
    calls the same methods). A problem in a token becomes a ``Line`` that carries the error
    instead of a statement.
    """

    def _clause(self, token: Token, read: Any, respan: Any) -> Any:
        return read(token)

    def line(self, children: list[Any]) -> Line:
        statement: Statement | None = None
        comment: Comment | None = None
        problems: tuple[Diagnostic, ...] = ()
        line_no = 0
        for child in children:
            if isinstance(child, Line):
                statement, problems, line_no = child.statement, child.problems, child.number
            elif isinstance(child, str):  # a Token: the only bare token a line has is its comment
                token = cast("Token", child)
                comment = Comment(token.value[1:].strip(), _span(token))
                line_no = token.line  # type: ignore[assignment]
            else:  # a bare statement
                statement = child
                line_no = child.span.line
        return Line(line_no, statement, comment, problems)

    @staticmethod
    def _guard(read: Any, tokens: list[Token]) -> Any:
        try:
            return read(tokens)
        except _Problem as problem:
            return Line(tokens[0].line, None, None, (problem.diagnostic,))  # type: ignore[arg-type]

    def meta(self, tokens: list[Token]) -> Any:
        return self._guard(self._meta, tokens)

    def session(self, tokens: list[Token]) -> Any:
        return self._guard(self._session, tokens)

    def warmup(self, tokens: list[Token]) -> Any:
        return self._guard(self._warmup, tokens)

    def note(self, tokens: list[Token]) -> Any:
        return self._guard(self._note, tokens)

    def entry(self, tokens: list[Token]) -> Any:
        return self._guard(self._entry, tokens)

    # -- statements ------------------------------------------------------------------------------
    @staticmethod
    def _meta(tokens: list[Token]) -> Meta:
        key_token = tokens[0]
        key = key_token.value.rstrip(": \t").lower()
        if len(tokens) < 2 or not tokens[1].value.strip():
            raise _Problem(
                f"'{key}:' needs a value",
                _span(key_token),
                f"write it like '{key}: {_META_EXAMPLES.get(key, 'value')}'",
            )
        value = tokens[1].value.strip()
        return Meta(key, value, _join(_span(key_token), _text_span(tokens[1])))

    @staticmethod
    def _session(tokens: list[Token]) -> SessionHeader:
        name: str | None = None
        weekdays: tuple[str, ...] = ()
        if len(tokens) == 3:
            name, weekdays = _session_name(tokens[1].value.strip())
        return SessionHeader(name, weekdays, _join(_span(tokens[0]), _span(tokens[-1])))

    @staticmethod
    def _warmup(tokens: list[Token]) -> WarmUpHeader:
        name = tokens[1].value.strip() if len(tokens) == 3 else None
        return WarmUpHeader(name or None, _join(_span(tokens[0]), _span(tokens[-1])))

    @staticmethod
    def _note(tokens: list[Token]) -> Note:
        if len(tokens) < 2 or not tokens[1].value.strip():
            raise _Problem("the note is empty", _span(tokens[0]), "write the note after 'note:'")
        return Note(tokens[1].value.strip(), _join(_span(tokens[0]), _text_span(tokens[1])))

    def _entry(self, tokens: list[Token]) -> Exercise:
        label: Label | None = None
        names: tuple[ExerciseName, ...] = ()
        modifiers: list[Modifier] = []
        scheme = tempo = rest = duration = None
        methods: tuple[Method, ...] = ()
        seen: dict[str, Token] = {}  # the clauses after the sets and reps, which may repeat
        first, last = tokens[0], tokens[-1]
        for token in tokens:
            kind = token.type
            if kind in _REPEATABLE:  # the grammar allows one label, name and scheme at most
                if kind in seen:
                    raise _Problem(
                        f"a second {_CLAUSE_WORDS[kind]} on one line",
                        _span(token),
                        f"keep one {_CLAUSE_WORDS[kind]}; the first is at column {seen[kind].column}",
                    )
                seen[kind] = token
            if kind == "NAME":
                names = _names(token)
            elif kind == "LABEL":
                label = Label(
                    token.value[0].upper(),
                    int(token.value[1:-1]) if len(token.value) > 2 else None,
                    _span(token),
                )
            elif kind == "MODS":
                modifiers.extend(_modifiers(token))
            elif kind == "SCHEME":
                scheme = self._clause(token, _scheme, _respan_scheme)
            elif kind == "TEMPO":
                tempo = self._clause(token, _tempo, _respan_tempo)
            elif kind == "REST":
                rest = self._clause(token, _rest, _respan_rest)
            elif kind == "FOR":
                duration = _read_duration(token, 3, token.value[3:], "duration")[0]
            elif kind == "WITH":
                methods = _methods(token)
        return Exercise(  # positional, in field order: a third cheaper than keywords, per line
            label,
            names,
            tuple(modifiers),
            scheme,
            tempo,
            rest,
            duration,
            methods,
            (),
            None,
            Span(first.line, first.column, last.line, last.column + len(last.value.rstrip())),  # type: ignore[arg-type, operator]
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
#: The clauses after the sets and reps, in the order the contextual lexer tries them. The
#: grammar lets a line repeat them (to be reported here); a label, name or scheme comes once.
_TAIL_TERMINALS = ("TEMPO", "REST", "WITH", "FOR")
_REPEATABLE = frozenset(_TAIL_TERMINALS)
_CLAUSE_WORDS = {
    "LABEL": "label",
    "NAME": "exercise name",
    "SCHEME": "sets x reps",
    "TEMPO": "tempo",
    "REST": "rest",
    "FOR": "duration",
    "WITH": "method list",
}


def _text_span(token: Token) -> Span:
    """Span of a free-text token without the trailing blanks it swallows before a comment."""
    stripped = len(token.value.rstrip())
    return Span(token.line, token.column, token.line, token.column + stripped)  # type: ignore[arg-type, operator]


def _session_name(text: str) -> tuple[str | None, tuple[str, ...]]:
    """``Day 1 on Mon, Thu`` → (``Day 1``, monday, thursday); ``Monday`` → (``Monday``, monday)."""
    text = _SPACES.sub(" ", text)
    days = _weekdays(text)
    if days:
        return text, days
    m = _ON_DAYS.match(text)
    if m:
        days = _weekdays(m["days"])
        if days:
            return m["name"].strip() or None, days
    return text or None, ()


def _weekdays(text: str) -> tuple[str, ...]:
    parts = [p for p in _DAY_SPLIT.split(text.strip().lower()) if p]
    days = tuple(_DAY_NAMES.get(p.rstrip(".")) for p in parts)
    if not parts or None in days:
        return ()
    return days  # type: ignore[return-value]


def _names(token: Token) -> tuple[ExerciseName, ...]:
    value = token.value
    if "or" not in value.lower():  # one name, the common case; _OR cannot match
        text = _SPACES.sub(" ", value) if "  " in value or "\t" in value else value
        return (ExerciseName(text, _sub_span(token, 0, len(value))),)
    names: list[ExerciseName] = []
    start = 0
    for m in [*_OR.finditer(value), None]:
        end = m.start() if m else len(value)
        text = _SPACES.sub(" ", value[start:end])
        if not text:
            raise _Problem(
                "'or' needs an exercise on each side",
                _sub_span(token, start, max(end, start + 1)),
                "write alternatives like 'seated leg curl or lying leg curl'",
            )
        names.append(ExerciseName(text, _sub_span(token, start, end)))
        if m:
            start = m.end()
    return tuple(names)


def _modifiers(token: Token) -> list[Modifier]:
    inner = token.value[1:-1]
    result: list[Modifier] = []
    pos = 1
    for part in inner.split(","):
        text = _SPACES.sub(" ", part.strip())
        if text:
            lead = len(part) - len(part.lstrip())
            result.append(Modifier(text, _sub_span(token, pos + lead, pos + lead + len(part.strip()))))
        pos += len(part) + 1
    if not result:
        raise _Problem("the parentheses are empty", _span(token), "remove them or list modifiers inside")
    return result


def _scheme(token: Token) -> Scheme:
    m = _SCHEME_RE.fullmatch(token.value)
    span = _span(token)
    if m is None:  # the lexer's pattern and this one agree; this is a safety net
        raise _Problem(
            f"cannot read the sets and reps '{token.value}'", span, "write them like 3x8 or 3-5x6-8"
        )

    def part(a: str, b: str) -> Callable[[], Span]:
        return lambda: _sub_span(token, m.start(a), m.end(b) if m[b] else m.end(a))

    s1, s2, r1, r2, t1 = m.group("s1", "s2", "r1", "r2", "t1")
    sets = _int_range(s1, s2, MAX_SETS, "set", part("s1", "s2"))
    if sets.low < 1:
        raise _Problem("a scheme needs at least one set", part("s1", "s2")(), "write 1x8 or more")
    reps = rir = None
    if r1 and m["rironly"]:
        rir = _int_range(r1, r2, MAX_REPS, "RIR", part("r1", "r2"))
    elif r1:
        reps = _int_range(r1, r2, MAX_REPS, "rep", part("r1", "r2"))
    elif m["o1"]:
        reps = _int_range(m["o1"], m["o2"], MAX_REPS, "rep", part("o1", "o2"))
    if reps is not None and reps.low < 1:
        raise _Problem(
            "a set needs at least one rep", part("r1", "r2")() if r1 else span, "write 3x1 or more"
        )
    if t1:
        if rir is not None:
            raise _Problem("two RIR targets in one scheme", part("t1", "t2")(), "keep one, like 3x8 1-2 rir")
        rir = _int_range(t1, m["t2"], MAX_REPS, "RIR", part("t1", "t2"))
    return Scheme(
        sets=sets,
        reps=reps,
        to_failure=bool(m["failure"]),
        amrap=bool(m["amrap"]),
        rir=rir,
        per_side=bool(m["side"]),
        span=span,
    )


def _tempo(token: Token) -> Tempo:
    body = token.value[1:]
    span = _span(token)
    if body.startswith('"'):
        if len(body) < 2 or not body.endswith('"'):
            raise _Problem(
                "the tempo's closing quote is missing", span, 'write it like @"as slow as possible"'
            )
        text = body[1:-1].strip()
        if not text:
            raise _Problem("the tempo in quotes is empty", span, 'describe it, like @"as slow as possible"')
        return Tempo(None, text, span)
    if not body:
        raise _Problem(
            "'@' must be followed by a tempo",
            span,
            "write four phases: eccentric/bottom pause/concentric/top pause, like @3/0/1/0",
        )
    m = _TEMPO_SLASHED.match(body)
    if m:
        digits: tuple[str, ...] = m.groups()
    elif _TEMPO_DIGITS.match(body):
        digits = tuple(body)
    else:
        parts = body.split("/") if "/" in body else list(body)
        if all(_TEMPO_PART.fullmatch(p) for p in parts) and len(parts) != 4:
            raise _Problem(
                f"the tempo @{body} has {len(parts)} phase{'s' if len(parts) != 1 else ''}, not 4",
                span,
                "a tempo gives eccentric/bottom pause/concentric/top pause, like @3/0/1/0; "
                "write 0 for a phase without a pause",
            )
        raise _Problem(
            f"cannot read the tempo @{body}",
            span,
            "use seconds or X (explosive) for each phase, like @4/0/X/0 or @3110, or words in "
            'quotes, like @"as slow as possible"',
        )
    phases = tuple("X" if d in "xX" else int(d) for d in digits)
    for phase in phases:
        if phase != "X" and int(phase) > 60:
            raise _Problem(
                f"a tempo phase of {phase} seconds is over the limit of 60",
                span,
                "give each phase in seconds (0 to 60) or X for explosive, like @4/0/X/0",
            )
    return Tempo(phases, None, span)  # type: ignore[arg-type]


def _rest(token: Token) -> Rest:
    between_sets = between_sides = None
    pos = 4  # after "rest"
    for segment in token.value[4:].split(","):
        value, between = _read_duration(token, pos, segment, "rest")
        if between is None:
            between = "sets" if between_sets is None else "?"
        if between in _BETWEEN_SETS:
            if between_sets is not None:
                raise _Problem(
                    "two rests between sets",
                    _sub_span(token, pos, pos + len(segment)),
                    "keep one, like rest 2min, 30s between sides",
                )
            between_sets = value
        elif between in _BETWEEN_SIDES:
            if between_sides is not None:
                raise _Problem(
                    "two rests between sides", _sub_span(token, pos, pos + len(segment)), "keep one"
                )
            between_sides = value
        elif between == "?":
            raise _Problem(
                "a second rest needs to say what it is between",
                _sub_span(token, pos, pos + len(segment)),
                "write it like rest 2min, 30-60s between sides",
            )
        else:
            raise _Problem(
                f"a rest can be between sets or between sides, not between {between}",
                _sub_span(token, pos, pos + len(segment)),
                "write it like rest 2min, 30-60s between sides",
            )
        pos += len(segment) + 1
    return Rest(between_sets, between_sides, _span(token))


def _methods(token: Token) -> tuple[Method, ...]:
    result: list[Method] = []
    pos = 4  # after "with"
    for part in token.value[4:].split(","):
        text = _SPACES.sub(" ", part.strip()).lower()
        lead = len(part) - len(part.lstrip())
        span = _sub_span(token, pos + lead, pos + lead + len(part.strip()))
        pos += len(part) + 1
        for pattern, kind in _METHODS:
            m = pattern.match(text)
            if m:
                groups = m.groupdict()
                percent = int(groups["percent"]) if groups.get("percent") else None
                if percent is not None and not 0 < percent < 100:
                    raise _Problem(
                        f"a dropset of {percent}% is not a drop",
                        span,
                        "write a drop between 1% and 99%, like dropset 30%",
                    )
                where = groups.get("where")
                result.append(
                    Method(
                        kind=kind,
                        text=_SPACES.sub(" ", part.strip()),
                        span=span,
                        percent=percent,
                        seconds=int(groups["seconds"]) if groups.get("seconds") else None,
                        positions=tuple(_POSITIONS.findall(where)) if where else (),
                    )
                )
                break
        else:
            if _FOR_SECONDS.search(text):
                raise _Problem(
                    f"unknown method '{part.strip()}'",
                    span,
                    "a 'with' list runs to the end of the line, so put 'for ...' before 'with'",
                )
            raise _Problem(
                f"unknown method '{part.strip()}'",
                span,
                "known methods: 2-1 method, eccentric emphasis, accentuated eccentric, pre-exhaust, "
                "dropset 30%, pause 1s bottom and top, rest-pause; separate several with commas",
            )
    return tuple(result)


# ------------------------------------------------------------------------------------ the builder
class _Block:
    """A session or warm-up being filled while the builder walks the lines."""

    __slots__ = ("comment", "exercises", "header", "last", "notes")

    def __init__(
        self,
        header: SessionHeader | WarmUpHeader | None,
        comment: Comment | None = None,
        last: Span | None = None,
    ) -> None:
        self.header = header
        self.exercises: list[Exercise] = []
        self.notes: list[Note] = []
        self.comment = comment
        self.last = last


def _build(lines: Iterable[Line], problems: list[Diagnostic]) -> Program:
    """Give the flat lines their structure, and report what only structure reveals."""
    metadata: list[Meta] = []
    program_notes: list[Note] = []
    comments: list[Comment] = []
    blocks: list[_Block] = []
    current: _Block | None = None
    last_line = 1
    for line in lines:
        if line.statement is not None or line.comment is not None or line.problems:
            last_line = line.number  # a file's span ends at its last line with content
        problems.extend(line.problems)
        if line.comment is not None:
            comments.append(line.comment)
        statement = line.statement
        if statement is None:
            continue
        if isinstance(statement, Meta):
            if any(m.key == statement.key for m in metadata):
                problems.append(
                    syntax_error(f"'{statement.key}:' is given twice", statement.span, "keep one of them")
                )
            else:
                metadata.append(statement)
        elif isinstance(statement, (SessionHeader, WarmUpHeader)):
            current = _Block(statement, comment=line.comment, last=statement.span)
            blocks.append(current)
        elif isinstance(statement, Note):
            if current is None:
                program_notes.append(statement)
            elif current.exercises:
                ex = current.exercises[-1]
                current.exercises[-1] = _with_note(ex, statement)
            else:
                current.notes.append(statement)
        else:
            in_warmup = current is not None and isinstance(current.header, WarmUpHeader)
            problem = _check_entry(statement, in_warmup)
            if problem is not None:
                problems.append(problem)
                continue
            if current is None:  # exercises before any header: one unnamed session
                current = _Block(None)
                blocks.append(current)
            if line.comment is not None:
                statement = _replace_comment(statement, line.comment)
            current.exercises.append(statement)
    meta = {m.key: m for m in metadata}
    program = Program(
        name=meta["program"].value if "program" in meta else None,
        metadata=tuple(metadata),
        level=_level(meta.get("level"), problems),
        experience_years=_experience(meta.get("experience"), problems),
        goal=meta["goal"].value if "goal" in meta else None,
        source=meta["source"].value if "source" in meta else None,
        recovery=_recovery(meta.get("recovery"), problems),
        split=meta["split"].value if "split" in meta else None,
        warmups=tuple(
            WarmUp(b.header.name, tuple(b.exercises), tuple(b.notes), b.comment, _block_span(b))
            for b in blocks
            if isinstance(b.header, WarmUpHeader)
        ),
        sessions=tuple(
            Session(
                b.header.name if b.header else None,
                b.header.weekdays if b.header else (),
                tuple(b.exercises),
                tuple(b.notes),
                b.comment,
                _block_span(b),
            )
            for b in blocks
            if not isinstance(b.header, WarmUpHeader)
        ),
        notes=tuple(program_notes),
        comments=tuple(comments),
        span=Span(1, 1, last_line, 1),
    )
    return program


def _block_span(block: _Block) -> Span:
    first = block.header.span if block.header else block.exercises[0].span
    last = first
    for ex in block.exercises:
        last = ex.notes[-1].span if ex.notes else ex.span
    for note in block.notes:
        if (note.span.line, note.span.column) > (last.line, last.column):
            last = note.span
    return _join(first, last)


def _with_note(ex: Exercise, note: Note) -> Exercise:
    e = ex  # positional, in field order: dataclasses.replace costs several times as much
    return Exercise(
        e.label, e.names, e.modifiers, e.scheme, e.tempo, e.rest, e.duration, e.methods,
        (*e.notes, note), e.comment, e.span,
    )  # fmt: skip


def _replace_comment(ex: Exercise, comment: Comment) -> Exercise:
    e = ex
    return Exercise(
        e.label, e.names, e.modifiers, e.scheme, e.tempo, e.rest, e.duration, e.methods,
        e.notes, comment, e.span,
    )  # fmt: skip


def _check_entry(ex: Exercise, in_warmup: bool) -> Diagnostic | None:
    words = ex.names[0].text.split(" ")
    first = ex.names[0].span
    if ex.label is None and len(words) > 1 and _LABEL_LIKE.match(words[0]):
        return syntax_error(
            f"'{words[0]}' looks like a label without its colon",
            Span(first.line, first.column, first.line, first.column + len(words[0])),
            f"write '{words[0].rstrip('.').upper()}: {' '.join(words[1:])}'",
        )
    if ex.scheme is None and ex.duration is None and not in_warmup:
        end = ex.names[-1].span
        if words[0].lower() in _KEYWORDS_NEEDING_COLON:
            return syntax_error(
                f"'{words[0]}' needs a colon",
                Span(first.line, first.column, first.line, first.column + len(words[0])),
                f"write '{words[0].lower()}: {' '.join(words[1:])}'",
            )
        if words[0].lower() in ("session", "warmup", "warm-up", "note"):
            return syntax_error(f"'{words[0]}' needs a colon at the end of the line", first)
        return syntax_error(
            "expected sets x reps after the exercise name",
            Span(end.end_line, end.end_column, end.end_line, end.end_column + 1),
            "write the sets and reps after the name, like 'lying leg curl 3x8'",
        )
    return None


def _level(meta: Meta | None, problems: list[Diagnostic]) -> str | None:
    if meta is None:
        return None
    value = meta.value.lower()
    if value not in LEVELS:
        problems.append(
            syntax_error(f"unknown level '{meta.value}'", meta.span, f"use one of: {', '.join(LEVELS)}")
        )
        return None
    return value


def _recovery(meta: Meta | None, problems: list[Diagnostic]) -> str | None:
    if meta is None:
        return None
    value = meta.value.lower()
    if value not in RECOVERY:
        problems.append(
            syntax_error(f"unknown recovery '{meta.value}'", meta.span, f"use one of: {', '.join(RECOVERY)}")
        )
        return None
    return value


def _experience(meta: Meta | None, problems: list[Diagnostic]) -> float | None:
    if meta is None:
        return None
    m = _EXPERIENCE.match(meta.value.strip())
    if m is None:
        problems.append(
            syntax_error(
                f"cannot read the experience '{meta.value}'",
                meta.span,
                "give the years of serious training, like 'experience: 2 years' or '6 months'",
            )
        )
        return None
    n = float(m["n"])
    unit = (m["unit"] or "years").lower()
    return round(n / 12, 2) if unit.startswith("m") else n


# ---------------------------------------------------------------------------- syntax error words
_TOKEN_WORDS: dict[str, str] = {
    "NAME": "an exercise name",
    "SCHEME": "sets x reps (like 3x8)",
    "TEMPO": "a tempo (like @3/0/1/0)",
    "REST": "a rest (like rest 90s)",
    "WITH": "a method (like with dropset 30%)",
    "FOR": "a duration (like for 10min)",
    "MODS": "modifiers in parentheses",
    "COLON": "a colon",
    "_NL": "the end of the line",
    "$END": "the end of the file",
    "COMMENT": "a comment",
    "LABEL": "a label (like A1:)",
    "TEXT": "a value",
    "NAME_TEXT": "a name",
    "META_KEY": "a setting such as 'program:'",
    "SESSION_KW": "'session'",
    "WARMUP_KW": "'warmup'",
    "NOTE_KW": "'note:'",
}

#: Common mistakes, each with lines that make it. ``match_examples`` finds the one whose parser
#: state matches the error, so the message names the mistake rather than the tokens.
_MISTAKES: dict[tuple[str, str], list[str]] = {
    (
        "the sets and reps need an 'x' between them",
        "write 3x8 (sets x reps), or 3-5x6-8 for ranges",
    ): ["leg curl 3 8", "A1: leg curl 3-5 6-8"],
    (
        "a colon after an exercise name is not needed",
        "write the sets and reps straight after the name: 'seated leg curl 3x10-15'",
    ): ["leg curl: 3x8", "A1: leg curl: 3x8"],
    (
        "a session header ends with a colon",
        "write it like 'session Monday:'",
    ): ["session Monday", "session"],
    (
        "a warm-up header ends with a colon",
        "write it like 'warmup:'",
    ): ["warmup", "warmup activation"],
    (
        "the label has no exercise after it",
        "write the exercise on the same line: 'A1: lying leg curl 3x8'",
    ): ["A1:", "B:"],
    (
        "a rest needs the word 'rest' before it",
        "write it like 'rest 90s'",
    ): ["leg curl 3x8 90s", "leg curl 3x8 @3/0/1/0 90s", "leg curl 3x8 rest 10s 10s"],
    (
        "a line cannot start with sets and reps",
        "put the exercise name first: 'lying leg curl 3x8'",
    ): ["3x8", "A1: 3x8"],
    (
        "modifiers in parentheses go right after the exercise name",
        "write 'lying leg curl (toes in) 3x8'",
    ): ["leg curl 3x8 (toes in)"],
    (
        "'rest' needs a time",
        "write it like 'rest 90s' or 'rest 2-3min'",
    ): ["leg curl 3x8 rest", "leg curl 3x8 rest long"],
    (
        "the sets and reps come before the tempo, rest and methods",
        "write 'name sets x reps @tempo rest ... with ...'",
    ): ["leg curl @3/0/1/0 3x8", "leg curl rest 10s 3x8"],
}


_WORD_MISTAKES: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (
        re.compile(r"^,"),
        "clauses are separated by spaces, not commas",
        "write 'leg curl 3x8 rest 90s'; commas belong inside a rest or a method list",
    ),
    (
        re.compile(r"^[\[{]"),
        "modifiers go in round brackets",
        "write them like 'lying leg curl (toes in) 3x8'",
    ),
    (re.compile(r"^rest\s*:", re.I), "'rest' takes no colon", "write it like 'rest 90s' or 'rest 2-3min'"),
    (re.compile(r"^rest\b", re.I), "'rest' needs a time", "write it like 'rest 90s' or 'rest 2-3min'"),
    (re.compile(r"^for\b", re.I), "'for' needs a time", "write it like 'for 10min' or 'for 30-45s'"),
    (
        re.compile(r"^with\b", re.I),
        "'with' needs a method after it",
        "write it like 'with dropset 30%' or 'with 2-1 method, eccentric emphasis'",
    ),
    (re.compile(r"^tempo\b", re.I), "a tempo starts with '@'", "write it like @3010 or @3/0/1/0"),
    (
        re.compile(r"^\d+(?:\s*(?:-|–|to)\s*\d+)?\s*reps?\b", re.I),
        "the reps need 'of' after 'sets'",
        "write '3 sets of 8 reps', or 3x8",
    ),
    (
        re.compile(r"^\d[\d.]*(?:\s*(?:-|–)\s*\d[\d.]*)?\s*(?:s|secs?|seconds?|m|mins?|minutes?)\b", re.I),
        "a rest needs the word 'rest' before it",
        "write it like 'rest 90s'",
    ),
)
_HEADER_START = re.compile(r"^\s*(?:session|warm[ -]?up)\b", re.I)


def _explain_token(error: UnexpectedToken, text_line: str, parser: Lark) -> tuple[str, str | None] | None:
    """Words for a stray token whose text, not only the parser state, tells what went wrong."""
    token = error.token
    accepts = set(error.accepts or error.expected)
    value = token.value.strip()
    after_clause = "TEMPO" in accepts and "SCHEME" not in accepts
    after_name = "SCHEME" in accepts and "MODS" in accepts
    if token.type == "SCHEME" and after_clause:
        scheme = re.compile(parser.get_terminal("SCHEME").pattern.to_regexp())
        if scheme.search(text_line, 0, max(token.column - 1, 0)):
            return "the sets and reps are given twice", "keep one sets x reps per line"
        return None
    if token.type not in ("NAME", "NAME_TEXT", "TEXT"):
        return None
    if accepts <= {"$END", "COMMENT", "_NL"} and _HEADER_START.match(text_line):
        return (
            "an exercise goes on its own line, below the header",
            "end the header at its colon and write the exercise on the next line",
        )
    if not (after_clause or after_name):
        return None
    rest_of_line = text_line[max(token.column - 1, 0) :].strip()  # "rest: 90s" lexes as "rest"
    for pattern, message, hint in _WORD_MISTAKES:
        if pattern.match(rest_of_line):
            return message, hint
    if token.type == "NAME" and after_clause:
        return (
            f"unexpected words '{value}' after the sets and reps",
            "after the sets and reps a line takes only @tempo, rest ..., for ... and with ...; "
            "put anything else in a 'note:' line or a # comment",
        )
    if token.type == "NAME" and after_name:
        return (
            f"unexpected words '{value}' after the modifiers",
            "write the whole exercise name first, then the modifiers: 'leg curl (toes in) 3x8'",
        )
    return None


def _describe(error: UnexpectedInput, text_line: str, parser: Lark) -> tuple[str, str | None]:
    """Words for a grammar error: a known mistake if one matches, else what was expected."""
    from lark.exceptions import UnexpectedCharacters, UnexpectedToken

    if isinstance(error, UnexpectedToken):
        known = _explain_token(error, text_line, parser)
        if known is not None:
            return known
    elif isinstance(error, UnexpectedCharacters):
        char = text_line[error.column - 1 : error.column]
        if char in "[{":
            return "modifiers go in round brackets", "write them like 'lying leg curl (toes in) 3x8'"
        if char == '"':
            return "quotes are only for a tempo in words", 'write it like @"as slow as possible"'
    examples: Any = dict(_MISTAKES)  # Lark's annotation of the examples' keys does not fit a tuple
    label = error.match_examples(parser.parse, examples, use_accepts=True)
    if label is not None:
        return label
    if isinstance(error, UnexpectedToken):
        expected = error.accepts or error.expected
        found = _TOKEN_WORDS.get(error.token.type, repr(error.token.value))
        if error.token.type not in ("_NL", "$END"):
            found = f"'{error.token.value.strip()}'"
    elif isinstance(error, UnexpectedCharacters):
        expected = error.allowed or set()
        found = (
            f"'{text_line[error.column - 1 : error.column + 9].split(' ')[0] or text_line[error.column - 1]}'"
        )
    else:  # UnexpectedEOF
        expected, found = getattr(error, "expected", set()), "the end of the line"
    words = sorted({_TOKEN_WORDS.get(t, t) for t in expected if t != "COMMENT"})
    guide = "see the language guide (docs/language.md) for the line's layout"
    if not words or len(words) > 4:
        return f"unexpected {found}", guide
    return f"unexpected {found}; expected {' or '.join(words)}", guide


# ------------------------------------------------------------------------------- the fast reader
if TYPE_CHECKING:

    class _Piece(NamedTuple):
        """A token cut by the fast reader: the fields of Lark's ``Token`` that the readers use."""

        type: str
        value: str
        line: int
        column: int
        end_line: int
        end_column: int

else:
    # The same tuple without typing.NamedTuple, which costs a start 0.8 M instructions more
    # (annotations made into forward references and compiled; benchmarks/README.md).
    from collections import namedtuple

    _Piece = namedtuple("_Piece", ("type", "value", "line", "column", "end_line", "end_column"))


_KEYWORD_TERMINALS = ("META_KEY", "SESSION_KW", "WARMUP_KW", "NOTE_KW")
#: Every terminal the fast reader is made of.
_FAST_TERMINALS = (
    *_KEYWORD_TERMINALS,
    "LABEL",
    "NAME",
    "MODS",
    "SCHEME",
    *_TAIL_TERMINALS,
    "COMMENT",
    "TEXT",
    "NAME_TEXT",
    "COLON",
)
_BLANK = r"[ \t]*"


class _FastReader:
    """Reads an ordinary line with one regular expression instead of Lark's token loop.

    Lark spends several microseconds on every token; an exercise line has five to seven. The
    grammar is regular within a line, so its rules compile to one expression. Each terminal is
    taken from the loaded grammar (defined once, in ``hamdsl.lark``) and wrapped in an atomic
    group, and the alternatives at each point are tried in the order the contextual lexer tries
    them, so the expression cuts a line exactly where Lark's lexer would. Whatever the expression
    does not read (a mistake, or a line it was not written for) goes to Lark, which reads it or
    words the error. ``tests/test_examples.py`` holds both paths to the same result.
    """

    def __init__(self, patterns: dict[str, str]) -> None:
        """``patterns`` maps each of :data:`_FAST_TERMINALS` to its regular expression."""

        def pattern(name: str) -> str:
            return patterns[name]

        def atom(name: str) -> str:
            return f"(?>{pattern(name)})"

        keywords = "|".join(atom(n) for n in _KEYWORD_TERMINALS)
        clauses = "|".join(pattern(n) for n in _TAIL_TERMINALS)
        b = _BLANK
        statements = (
            # LABEL? NAME MODS* SCHEME? (TEMPO | REST | WITH | FOR)*, where no keyword would win.
            # First because most lines are exercises; the look-ahead keeps the order immaterial.
            rf"(?!{keywords})(?:(?P<label>{atom('LABEL')}){b})?+(?P<name>{atom('NAME')})"
            rf"(?P<mods>(?:{b}{atom('MODS')})*+)(?:{b}(?P<scheme>{atom('SCHEME')}))?+"
            rf"(?P<tail>(?:{b}(?>{clauses}))*+)",
            # META_KEY TEXT?
            rf"(?P<meta>{atom('META_KEY')}){b}(?P<meta_text>{atom('TEXT')})?+",
            # NOTE_KW TEXT?
            rf"(?P<note>{atom('NOTE_KW')}){b}(?P<note_text>{atom('TEXT')})?+",
            # SESSION_KW NAME_TEXT? COLON, and the same for a warm-up
            rf"(?P<session>{atom('SESSION_KW')}){b}(?:(?P<session_name>{atom('NAME_TEXT')}){b})?+"
            rf"(?P<session_colon>{atom('COLON')})",
            rf"(?P<warmup>{atom('WARMUP_KW')}){b}(?:(?P<warmup_name>{atom('NAME_TEXT')}){b})?+"
            rf"(?P<warmup_colon>{atom('COLON')})",
        )
        # line: _statement? COMMENT?  (blanks between tokens are ignored, as %ignore says)
        self._line = re.compile(rf"{b}(?:{'|'.join(statements)})?+{b}(?P<comment>{atom('COMMENT')})?+{b}")
        self._mods = re.compile(pattern("MODS"))
        self._tail = re.compile("|".join(f"(?P<{n}>{pattern(n)})" for n in _TAIL_TERMINALS))
        group = self._line.groupindex
        self._comment_group = group["comment"]
        mods, tail = self._mods, self._tail
        # For each statement: the group that tells it is there, the reader method, and its
        # tokens in order as (group, token type, how to cut a run of repeated tokens or None).
        # A cut run takes its token type from the cutting expression's group name, if it has one.
        self._statements: tuple[tuple[int, Any, tuple[tuple[int, str, re.Pattern[str] | None], ...]], ...] = (
            (
                group["name"],
                _LineReader.entry,
                (
                    (group["label"], "LABEL", None),
                    (group["name"], "NAME", None),
                    (group["mods"], "MODS", mods),
                    (group["scheme"], "SCHEME", None),
                    (group["tail"], "", tail),
                ),
            ),
            (
                group["meta"],
                _LineReader.meta,
                ((group["meta"], "META_KEY", None), (group["meta_text"], "TEXT", None)),
            ),
            (
                group["note"],
                _LineReader.note,
                ((group["note"], "NOTE_KW", None), (group["note_text"], "TEXT", None)),
            ),
            (
                group["session"],
                _LineReader.session,
                (
                    (group["session"], "SESSION_KW", None),
                    (group["session_name"], "NAME_TEXT", None),
                    (group["session_colon"], "COLON", None),
                ),
            ),
            (
                group["warmup"],
                _LineReader.warmup,
                (
                    (group["warmup"], "WARMUP_KW", None),
                    (group["warmup_name"], "NAME_TEXT", None),
                    (group["warmup_colon"], "COLON", None),
                ),
            ),
        )

    def read(self, source: str, number: int, reader: _LineReader) -> Line | None:
        """The line as Lark would read it, or ``None`` when only Lark can tell."""
        if not source.strip(" \t"):  # blank: what the expression would say, for a sixth of the cost
            return Line(number, None, None)
        m = self._line.fullmatch(source)
        if m is None:
            return None
        regs = m.regs  # (start, end) of every group at once; -1 where a group did not take part
        new = tuple.__new__  # a _Piece without the Python-level __new__ of a NamedTuple
        result: Any = None
        for decider, method, parts in self._statements:
            if regs[decider][0] < 0:
                continue
            pieces: list[_Piece] = []
            for index, kind, cut in parts:
                start, end = regs[index]
                if start < 0 or start == end:
                    continue
                if cut is None:
                    pieces.append(new(_Piece, (kind, source[start:end], number, start + 1, number, end + 1)))
                else:  # a run of repeated tokens: cut it as the lexer would
                    for x in cut.finditer(source, start, end):
                        token = (x.lastgroup or kind, x.group(), number, x.start() + 1, number, x.end() + 1)
                        pieces.append(new(_Piece, token))
            result = method(reader, pieces)
            break
        comment = None
        start, end = regs[self._comment_group]
        if start >= 0:
            text = source[start + 1 : end].strip()
            comment = Comment(text, Span(number, start + 1, number, end + 1))
        if isinstance(result, Line):  # the line's statement had a problem
            return Line(number, None, comment, result.problems)
        return Line(number, result, comment)


# --------------------------------------------------------------------------------------- parsing
def _grammar_text() -> str:
    """The grammar as shipped; every run reads it, since it keys the caches."""
    from hamdsl.core.datacache import package_text

    return package_text("hamdsl.language", "grammar", GRAMMAR_FILE)


class Parser:
    """The .ham parser. Building the Lark parser costs tens of milliseconds, so build one and reuse it.

    The analysed grammar is cached on disk (see :func:`hamdsl.core.datacache.cache_dir`); a cache that
    cannot be read or written is ignored.
    """

    def __init__(self, *, use_cache: bool = True, fast: bool = True) -> None:
        """``fast=False`` sends every line through Lark: the reference the fast reader is tested
        against, and a way to rule it out when a line reads oddly."""
        self._use_cache = use_cache
        self._use_fast = fast
        self._lark: Lark | None = None
        self._fast: _FastReader | None = None
        self._reader = _LineReader()

    @property
    def lark(self) -> Lark:
        if self._lark is None:
            self._lark = self._build_lark()
        return self._lark

    @property
    def fast(self) -> _FastReader | None:
        if self._fast is None and self._use_fast:
            self._fast = _FastReader(self._terminal_patterns())
        return self._fast

    def _terminal_patterns(self) -> dict[str, str]:
        """The fast reader's terminals as regular expressions, as Lark compiled them."""
        lark = self.lark
        return {name: str(lark.get_terminal(name).pattern.to_regexp()) for name in _FAST_TERMINALS}

    def _build_lark(self) -> Lark:
        from lark import Lark

        grammar = _grammar_text()
        options: dict[str, Any] = {
            "parser": "lalr",
            "lexer": "contextual",
            "start": "line",
            "transformer": self._reader,
            "maybe_placeholders": False,
        }
        from hamdsl.core.datacache import cache_dir as user_cache_dir

        cache_dir = user_cache_dir() if self._use_cache else None
        if cache_dir is not None:
            try:
                os.makedirs(cache_dir, exist_ok=True)
                import hashlib

                digest = hashlib.sha256(grammar.encode()).hexdigest()[:16]
                options["cache"] = os.path.join(cache_dir, f"grammar-{digest}.lark-cache")
            except OSError:
                pass
        try:
            lark = Lark(grammar, **options)
        except OSError:  # an unwritable cache file
            options.pop("cache", None)
            return Lark(grammar, **options)
        if "cache" in options:  # each edit of the grammar (each release) leaves a file behind
            from hamdsl.core.datacache import remove_stale

            own = re.compile(r"grammar-[0-9a-f]{16}\.lark-cache")
            remove_stale(options["cache"], "grammar-", only=lambda name: own.fullmatch(name) is not None)
        return lark

    def parse(self, text: str) -> ParseResult:
        """Parse a routine's text. Never raises for bad input: problems are in the result."""
        text = normalise_text(text)
        problems: list[Diagnostic] = []
        lines = self._lines(text, problems)
        program = _build(lines, problems)
        if (
            not problems
            and not any(s.exercises for s in program.sessions)
            and not any(w.exercises for w in program.warmups)
        ):
            problems.append(
                syntax_error(
                    "the file holds no exercises",
                    Span(1, 1, 1, 1),
                    "a routine needs at least one exercise line, like 'A1: lying leg curl 3x8'",
                )
            )
        problems.sort(key=lambda d: (d.span.line, d.span.column) if d.span else (0, 0))
        return ParseResult(program, tuple(problems))

    def lines(self, text: str) -> tuple[list[Line], list[Diagnostic]]:
        """The lines of a routine as read, for tools (the formatter) that keep the layout."""
        problems: list[Diagnostic] = []
        lines = self._lines(normalise_text(text), problems)
        for line in lines:
            problems.extend(line.problems)
        return lines, problems

    def _lines(self, text: str, problems: list[Diagnostic]) -> list[Line]:
        sources = text.split("\n")
        count = len(sources) - (sources[-1] == "")
        if count > MAX_LINES:
            problems.append(
                syntax_error(
                    f"the file has {count} lines; routines over {MAX_LINES} lines are refused",
                    Span(MAX_LINES + 1, 1, MAX_LINES + 1, 1),
                    "split it into several files; see 'Limits' in the language guide",
                )
            )
            return []
        fast = self.fast
        reader = self._reader
        result: list[Line] = []
        errors = 0
        for number, source in enumerate(sources, start=1):
            if len(source) > MAX_LINE_LENGTH:
                problems.append(
                    syntax_error(
                        f"the line is {len(source)} characters long; lines over {MAX_LINE_LENGTH} "
                        "characters are refused",
                        Span(number, MAX_LINE_LENGTH + 1, number, MAX_LINE_LENGTH + 2),
                        "shorten it; a long note can be split over several 'note:' lines",
                    )
                )
                continue
            if fast is not None:
                read = fast.read(source, number, reader)
                if read is not None:
                    result.append(read)
                    continue
            from lark.exceptions import UnexpectedInput  # only a line the fast reader left needs Lark

            lark = self.lark
            try:
                line: Line = lark.parse(source)  # type: ignore[assignment]
            except UnexpectedInput as error:
                errors += 1
                if errors > MAX_ERRORS:
                    problems.append(
                        syntax_error(
                            f"more than {MAX_ERRORS} lines cannot be read; stopped reporting",
                            Span(number, 1, number, 1),
                            "is this a routine file?",
                        )
                    )
                    break
                message, hint = _describe(error, source, lark)
                column = getattr(error, "column", 1) or 1
                token = getattr(error, "token", None)
                if column < 0 or (token is not None and token.type == "$END"):  # point past the content
                    column = len(source.rstrip()) + 1
                width = 1
                if token is not None and token.type not in ("_NL", "$END"):
                    width = max(1, len(token.value.rstrip()))
                problems.append(syntax_error(message, Span(number, column, number, column + width), hint))
                continue
            result.append(_renumber(line, number))
        return result


def _renumber(line: Line, number: int) -> Line:
    """Move a line parsed on its own to its real line number."""
    if number == 1:
        return Line(1, line.statement, line.comment, line.problems)
    shift = number - 1

    def move(value: Any) -> Any:
        if isinstance(value, Span):
            return Span(value.line + shift, value.column, value.end_line + shift, value.end_column)
        if isinstance(value, tuple):
            return tuple(move(v) for v in value)
        if hasattr(value, "__dataclass_fields__"):
            from dataclasses import fields, replace

            return replace(value, **{f.name: move(getattr(value, f.name)) for f in fields(value)})
        return value

    return Line(number, move(line.statement), move(line.comment), move(line.problems))


def normalise_text(text: str) -> str:
    """Accept what editors write: a BOM, CRLF or CR line ends, a missing final newline.

    Public because the formatter must split a file into the very lines the parser numbered."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


@functools.cache
def default_parser() -> Parser:
    """The parser shared by one process. Memoised construction, not mutable state: a parser
    holds only its (immutable, once built) Lark tables."""
    return Parser()


def parse(text: str) -> ParseResult:
    """Parse a routine with the process's shared parser."""
    return default_parser().parse(text)
