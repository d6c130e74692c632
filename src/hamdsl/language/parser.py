"""Text to syntax tree: the grammar's parser, line by line, then the structure the lines make.

1. Lark parses each line with ``grammar/hamdsl.lark`` (LALR, contextual lexer) and, as it goes,
   :class:`~hamdsl.language.transformer.AstBuilder` turns the rules into nodes. A line that cannot be read
   becomes one syntax error, worded by :mod:`hamdsl.language.syntax_errors`.
2. :func:`_build` walks the lines in order and builds the program: which session an exercise
   belongs to, which exercise a note follows, whether a working set lacks its sets and reps.

Every line is read on its own, so every broken line is reported and the good lines still make a
(partial) program.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from hamdsl.core.diagnostics import Diagnostic, syntax_error
from hamdsl.language.nodes import (
    LEVELS,
    RECOVERY,
    Block,
    Comment,
    Declaration,
    Exercise,
    Meta,
    Note,
    OneRepMax,
    Program,
    Session,
    Span,
    WarmUp,
    Week,
)
from hamdsl.language.transformer import (
    MAX_REPS,
    MAX_SECONDS,
    MAX_SETS,
    AstBuilder,
    BlockSetting,
    Experience,
    Line,
    ProgressLine,
    SessionHeader,
    WarmUpHeader,
    WeekHeader,
)

if TYPE_CHECKING:
    from lark import Lark

__all__ = [
    "MAX_ERRORS",
    "MAX_LINES",
    "MAX_LINE_LENGTH",
    "MAX_REPS",
    "MAX_SECONDS",
    "MAX_SETS",
    "Line",
    "LineContext",
    "ParseResult",
    "Parser",
    "SessionHeader",
    "WarmUpHeader",
    "default_parser",
    "normalise_text",
    "parse",
]

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


@dataclass(frozen=True, slots=True)
class Token:
    """A token of a line as the grammar's lexer read it: its terminal's name (``WORD``, ``REST``,
    ``NUMBER`` … in ``grammar/hamdsl.lark``), its text and its 1-based columns (end exclusive)."""

    type: str
    text: str
    column: int
    end_column: int


@dataclass(frozen=True, slots=True)
class LineContext:
    """What the grammar has read of the start of a line, and what it accepts next: for an editor
    that completes the line at its end (``hamdsl server``). ``accepts`` holds terminal names;
    ``$END`` means the line may end there."""

    tokens: tuple[Token, ...]
    accepts: frozenset[str]


def grammar_text() -> str:
    """The grammar as shipped in the package (``grammar/hamdsl.lark``)."""
    from hamdsl.core.datacache import package_text

    return package_text("hamdsl.language", "grammar", GRAMMAR_FILE)


class Parser:
    """The .ham parser. Building Lark's tables costs tens of milliseconds, so build one and reuse it.

    Lark's analysed grammar is kept in the user cache with Lark's documented ``cache=`` option,
    in a file named after the grammar's hash; a cache that cannot be written is left out. A
    parser reads one line at a time and is used from one thread at a time.
    """

    def __init__(self, *, use_cache: bool = True, remember_lines: bool = False) -> None:
        self._use_cache = use_cache
        self._lark: Lark | None = None
        self._builder = AstBuilder()
        #: With ``remember_lines``, each line read (by its number and text) is kept until a parse
        #: no longer has it, so that parsing a buffer again after a one-line edit reads one line
        #: (``hamdsl server``, on every change). A line's nodes carry its number, hence the key.
        self._remembered: dict[tuple[int, str], Line] | None = {} if remember_lines else None

    @property
    def lark(self) -> Lark:
        if self._lark is None:
            self._lark = self._build_lark()
        return self._lark

    def _build_lark(self) -> Lark:
        from lark import Lark

        grammar = grammar_text()
        options: dict[str, Any] = {
            "parser": "lalr",
            "lexer": "contextual",
            "start": "line",
            "transformer": self._builder,
            "maybe_placeholders": False,
        }
        cache_file = self._cache_file(grammar) if self._use_cache else None
        if cache_file is not None:
            try:
                return Lark(grammar, cache=cache_file, **options)
            except OSError:  # an unwritable cache: parse without it
                pass
        return Lark(grammar, **options)

    @staticmethod
    def _cache_file(grammar: str) -> str | None:
        """Where Lark keeps the analysed grammar; older grammars' files are swept after 30 days."""
        from hamdsl.core.datacache import cache_dir, remove_stale

        folder = cache_dir()
        if folder is None:
            return None
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError:
            return None
        digest = hashlib.sha256(grammar.encode()).hexdigest()[:16]
        path = os.path.join(folder, f"grammar-{digest}.lark-cache")
        own = re.compile(r"grammar-[0-9a-f]{16}\.lark-cache")
        remove_stale(path, "grammar-", only=lambda name: own.fullmatch(name) is not None)
        return path

    def parse(self, text: str, *, max_lines: int | None = MAX_LINES) -> ParseResult:
        """Parse a routine's text. Never raises for bad input: problems are in the result.

        ``max_lines=None`` lifts the line limit: for text hamdsl made itself (the formatter's
        check of its own output), which was read within the limit once already."""
        problems: list[Diagnostic] = []
        lines = self._lines(normalise_text(text), problems, max_lines)
        program = _build(lines, problems)
        if (
            not problems
            and not any(s.exercises for s in program.sessions)
            and not any(w.exercises for w in program.warmups)
            and not any(s.exercises for week in program.weeks for s in week.sessions)
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

    def line_context(self, prefix: str) -> LineContext | None:
        """The tokens of ``prefix`` (the start of one line, up to an editor's cursor) and the
        terminals the grammar accepts after them, from Lark's interactive parser; ``None`` when
        the prefix cannot start a statement (it is not a line of the language so far)."""
        from lark.exceptions import LarkError

        if "\n" in prefix or len(prefix) > MAX_LINE_LENGTH:
            return None
        self._builder.start_line(1, prefix)
        try:
            interactive = self.lark.parse_interactive(prefix)
            read = interactive.exhaust_lexer()
            accepts = interactive.accepts()
        except (LarkError, ValueError, TypeError):  # a clause the builder refuses reads as a problem
            return None
        tokens = tuple(
            Token(t.type, str(t), t.column or 1, (t.end_column or t.column or 1)) for t in read or ()
        )
        return LineContext(tokens, frozenset(accepts))

    def lines(self, text: str, *, max_lines: int | None = MAX_LINES) -> tuple[list[Line], list[Diagnostic]]:
        """The lines of a routine as read, for tools (the formatter) that keep the layout."""
        problems: list[Diagnostic] = []
        lines = self._lines(normalise_text(text), problems, max_lines)
        for line in lines:
            problems.extend(line.problems)
        return lines, problems

    def _lines(self, text: str, problems: list[Diagnostic], max_lines: int | None) -> list[Line]:
        sources = text.split("\n")
        count = len(sources) - (sources[-1] == "")
        if max_lines is not None and count > max_lines:
            problems.append(
                syntax_error(
                    f"the file has {count} lines; routines over {max_lines} lines are refused",
                    Span(max_lines + 1, 1, max_lines + 1, 1),
                    "split it into several files; see 'Limits' in the language guide",
                )
            )
            return []
        from lark.exceptions import UnexpectedInput

        lark = self.lark
        builder = self._builder
        result: list[Line] = []
        errors = 0
        remembered = self._remembered
        kept: dict[tuple[int, str], Line] = {}
        for number, source in enumerate(sources, start=1):
            if remembered is not None:
                known = remembered.get((number, source))
                if known is not None:
                    kept[(number, source)] = known
                    result.append(known)
                    continue
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
            builder.start_line(number, source)
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
                from hamdsl.language.syntax_errors import describe

                problems.append(describe(error, source, number, lark))
                continue
            result.append(line)
            if remembered is not None:
                kept[(number, source)] = line
        if remembered is not None:
            self._remembered = kept
        return result


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


class _WeekGroup:
    """A week header and the blocks and notes under it, while the builder walks the lines."""

    __slots__ = ("blocks", "comment", "header", "notes", "ratio")

    def __init__(self, header: WeekHeader, comment: Comment | None) -> None:
        self.header = header
        self.comment = comment
        self.blocks: list[_Block] = []
        self.notes: list[Note] = []
        self.ratio: tuple[int, int] | None = None


def _build(lines: Iterable[Line], problems: list[Diagnostic]) -> Program:
    """Give the flat lines their structure, and report what only structure reveals."""
    metadata: list[Meta] = []
    declarations: dict[str, Declaration] = {}
    program_notes: list[Note] = []
    comments: list[Comment] = []
    template: list[_Block] = []  # the blocks before any week header
    weeks: list[_WeekGroup] = []
    blocks = template
    current: _Block | None = None
    settings: dict[str, BlockSetting] = {}
    maxes: list[OneRepMax] = []
    last_line = 1
    experience: float | None = None
    for line in lines:
        if line.statement is not None or line.comment is not None or line.problems:
            last_line = line.number  # a file's span ends at its last line with content
        problems.extend(line.problems)
        if line.comment is not None:
            comments.append(line.comment)
        statement = line.statement
        if statement is None:
            continue
        if isinstance(statement, Experience):
            if any(m.key == "experience" for m in metadata):
                problems.append(
                    syntax_error("'experience:' is given twice", statement.meta.span, "keep one of them")
                )
            else:
                metadata.append(statement.meta)
                experience = statement.years
        elif isinstance(statement, Meta):
            if any(m.key == statement.key for m in metadata):
                problems.append(
                    syntax_error(f"'{statement.key}:' is given twice", statement.span, "keep one of them")
                )
            else:
                metadata.append(statement)
        elif isinstance(statement, WeekHeader):
            problem = _check_week(statement, [w.header for w in weeks])
            if problem is not None:
                problems.append(problem)
                continue
            weeks.append(_WeekGroup(statement, line.comment))
            blocks, current = weeks[-1].blocks, None
        elif isinstance(statement, BlockSetting) and statement.field == "ratio" and weeks:
            if weeks[-1].ratio is not None:
                problems.append(
                    syntax_error("'ratio:' is given twice for one week", statement.span, "keep one")
                )
            weeks[-1].ratio = statement.value
        elif isinstance(statement, BlockSetting):
            if weeks and statement.field != "ratio":
                problems.append(
                    syntax_error(
                        f"'{_SETTING_KEYS[statement.field]}:' is a setting of the whole block",
                        statement.span,
                        "move it to the top of the file, before the first week header",
                    )
                )
            elif statement.field in settings:
                key = _SETTING_KEYS[statement.field]
                problems.append(syntax_error(f"'{key}:' is given twice", statement.span, "keep one of them"))
            else:
                settings[statement.field] = statement
        elif isinstance(statement, OneRepMax):
            if any(_same_name(m.exercise, statement.exercise) for m in maxes):
                problems.append(
                    syntax_error(
                        f"'1rm:' is given twice for {statement.exercise}", statement.span, "keep one of them"
                    )
                )
            else:
                maxes.append(statement)
        elif isinstance(statement, Declaration):
            key = " ".join(statement.name.lower().split())
            first = declarations.get(key)
            if first is not None:
                problems.append(
                    syntax_error(
                        f"the exercise '{statement.name}' is declared twice",
                        statement.span,
                        f"keep one of them; the first is on line {first.span.line}",
                    )
                )
            else:
                declarations[key] = statement
        elif isinstance(statement, (SessionHeader, WarmUpHeader)):
            current = _Block(statement, comment=line.comment, last=statement.span)
            blocks.append(current)
        elif isinstance(statement, Note):
            if current is None:
                (weeks[-1].notes if weeks else program_notes).append(statement)
            elif current.exercises:
                ex = current.exercises[-1]
                current.exercises[-1] = _with_note(ex, statement)
            else:
                current.notes.append(statement)
        elif isinstance(statement, ProgressLine):
            problem = _check_progress(statement, current)
            if problem is not None:
                problems.append(problem)
            elif current is not None:
                ex = current.exercises[-1]
                current.exercises[-1] = replace(ex, progress=(*ex.progress, statement.progression))
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
    warmups, sessions = _blocks(template)
    block = None
    if settings or maxes:
        values = {name: setting.value for name, setting in settings.items()}
        if "rounding" in values:  # "round: 2.5kg": the step, in the block's units
            amount, unit = values["rounding"]
            if values.setdefault("units", unit) != unit:
                problems.append(
                    syntax_error(
                        f"loads are rounded in {unit} but the block's units are {values['units']}",
                        settings["rounding"].span,
                        f"write the step in {values['units']}, like 'round: 2.5{values['units']}'",
                    )
                )
            values["rounding"] = amount
        block = Block(one_rep_maxes=tuple(maxes), **values)
        if "weeks" in settings:  # a week past the block's length would be silently left out
            length = settings["weeks"]
            for group in weeks:
                header = group.header
                if header.last > length.value:
                    one = header.first == header.last
                    shown = f"week {header.last} is" if one else f"weeks {header.first}-{header.last} are"
                    where = f"'weeks: {length.value}' on line {length.span.line}"
                    problems.append(
                        syntax_error(
                            f"{shown} past the block's end: {where}",
                            header.span,
                            f"raise it to 'weeks: {header.last}', or leave the week out",
                        )
                    )
    program = Program(
        name=meta["program"].value if "program" in meta else None,
        metadata=tuple(metadata),
        level=_choice(meta.get("level"), LEVELS, problems),
        experience_years=experience,
        goal=meta["goal"].value if "goal" in meta else None,
        source=meta["source"].value if "source" in meta else None,
        recovery=_choice(meta.get("recovery"), RECOVERY, problems),
        split=meta["split"].value if "split" in meta else None,
        warmups=warmups,
        sessions=sessions,
        notes=tuple(program_notes),
        comments=tuple(comments),
        span=Span(1, 1, last_line, 1),
        block=block,
        weeks=tuple(_week(w) for w in weeks),
        declarations=tuple(declarations.values()),
    )
    return program


#: The metadata key of each block setting, for messages.
_SETTING_KEYS = {
    "units": "units",
    "start": "start",
    "weeks": "weeks",
    "training_max": "tm",
    "rounding": "round",
    "deload": "deload",
    "ratio": "ratio",
}


def _blocks(blocks: Sequence[_Block]) -> tuple[tuple[WarmUp, ...], tuple[Session, ...]]:
    warmups = tuple(
        WarmUp(b.header.name, tuple(b.exercises), tuple(b.notes), b.comment, _block_span(b), b.header.span)
        for b in blocks
        if isinstance(b.header, WarmUpHeader)
    )
    sessions = tuple(
        Session(
            b.header.name if b.header else None,
            b.header.weekdays if b.header else (),
            tuple(b.exercises),
            tuple(b.notes),
            b.comment,
            _block_span(b),
            b.header.span if b.header else None,
        )
        for b in blocks
        if not isinstance(b.header, WarmUpHeader)
    )
    return warmups, sessions


def _week(group: _WeekGroup) -> Week:
    warmups, sessions = _blocks(group.blocks)
    header = group.header
    last = header.span
    for block in group.blocks:
        end = _block_span(block)
        if (end.end_line, end.end_column) > (last.end_line, last.end_column):
            last = end
    span = Span(header.span.line, header.span.column, last.end_line, last.end_column)
    return Week(
        header.first, header.last, header.deload, header.name, group.ratio, sessions, warmups,
        tuple(group.notes), group.comment, span,
    )  # fmt: skip


def _check_week(header: WeekHeader, before: Sequence[WeekHeader]) -> Diagnostic | None:
    """Week ranges are written in order and never share a week."""
    for other in before:
        if header.first <= other.last and other.first <= header.last:
            shared = max(header.first, other.first)
            return syntax_error(
                f"week {shared} is already planned on line {other.span.line}",
                header.span,
                "give each week one header; a range like 'weeks 1-4:' covers several",
            )
    if before and header.first < before[-1].first:
        return syntax_error(
            f"week {header.first} comes after week {before[-1].first}",
            header.span,
            "write the weeks in order, so the file reads like the block",
        )
    return None


def _check_progress(line: ProgressLine, current: _Block | None) -> Diagnostic | None:
    span = line.progression.span
    if current is not None and isinstance(current.header, WarmUpHeader):
        return syntax_error(
            "a warm-up does not progress",
            span,
            "progression belongs to working sets; move the exercise out of the warm-up, or drop the line",
        )
    if current is None or not current.exercises:
        return syntax_error(
            "'progress:' has no exercise above it",
            span,
            "write it on the line under the exercise it changes, as a 'note:' is",
        )
    return None


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.lower().split()) == " ".join(b.lower().split())


def _block_span(block: _Block) -> Span:
    first = block.header.span if block.header else block.exercises[0].span
    last = first
    for ex in block.exercises:
        last = ex.notes[-1].span if ex.notes else ex.span
    for note in block.notes:
        if (note.span.line, note.span.column) > (last.line, last.column):
            last = note.span
    return Span(first.line, first.column, last.end_line, last.end_column)


def _with_note(ex: Exercise, note: Note) -> Exercise:
    return replace(ex, notes=(*ex.notes, note))


def _replace_comment(ex: Exercise, comment: Comment) -> Exercise:
    return replace(ex, comment=comment)


def _check_entry(ex: Exercise, in_warmup: bool) -> Diagnostic | None:
    """A working set needs its sets and reps, or a duration; a warm-up's line may go without.
    (A label or a key without its colon is a mistake the grammar reads: see the transformer.)"""
    if ex.scheme is None and ex.duration is None and not in_warmup:
        end = ex.names[-1].span
        return syntax_error(
            "expected sets x reps after the exercise name",
            Span(end.end_line, end.end_column, end.end_line, end.end_column + 1),
            "write the sets and reps after the name, like 'lying leg curl 3x8'",
        )
    return None


def _choice(meta: Meta | None, choices: Sequence[str], problems: list[Diagnostic]) -> str | None:
    """The value of a ``level:`` or ``recovery:`` line, which must be one of ``choices``."""
    if meta is None:
        return None
    value = meta.value.lower()
    if value not in choices:
        problems.append(
            syntax_error(f"unknown {meta.key} '{meta.value}'", meta.span, f"use one of: {', '.join(choices)}")
        )
        return None
    return value


def normalise_text(text: str) -> str:
    """Accept what editors write: a BOM, CRLF or CR line ends, a missing final newline, and the
    no-break spaces (U+00A0) that text pasted from a web page carries between words, read as the
    plain spaces they look like (one character for one, so columns do not move).

    Public because the formatter must split a file into the very lines the parser numbered."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\u00a0" in text:
        text = text.replace("\u00a0", " ")
    return text


@functools.cache
def default_parser() -> Parser:
    """The parser shared by one process: built once, on first use."""
    return Parser()


def parse(text: str, *, max_lines: int | None = MAX_LINES) -> ParseResult:
    """Parse a routine with the process's shared parser."""
    return default_parser().parse(text, max_lines=max_lines)
