"""`hamdsl fmt`: one canonical layout for a routine, changing layout and spelling, never meaning.

The formatter works on the parser's *lines* (``Parser.lines``), not on the built program, because a
program has lost what a formatter must keep: blank lines, standalone comments, and where each
comment was. Each line is printed again from its node, so spelling is canonical by construction
(``3 - 5 X 6 - 8 reps`` becomes ``3-5x6-8``). A few spellings are kept as written, because a coach
would notice their loss, and the nodes keep them for this: the word of a sets-only scheme (``3
rounds`` stays rounds), the body part of one-sided work (``per leg``, ``between sides``), a session
header's name (``Monday`` is both name and weekday), and comments, byte for byte apart from
trailing blanks, so ``# noqa: H001`` is never rewritten.

As black does, the result is checked before it is returned: the formatted text must parse without
problems to the same tree apart from spans. If it does not, the formatter refuses (an internal
error) instead of writing a file whose meaning changed. The layout itself is documented in
the "Canonical layout" section of docs/language.md; keep the two in step.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hamdsl.core.diagnostics import INTERNAL_ERROR, Diagnostic
from hamdsl.core.functions import functions_phrase
from hamdsl.core.serialize import to_data
from hamdsl.language.nodes import (
    Declaration,
    Deload,
    Exercise,
    Load,
    Meta,
    Note,
    OneRepMax,
    Progression,
    Range,
    Rest,
    Scheme,
    Span,
    Tempo,
)

# The parser's own normalisation (BOM, CRLF, CR): spans are columns into *its* text, so the
# formatter must slice exactly the same text.
from hamdsl.language.parser import Line, SessionHeader, WarmUpHeader, default_parser, normalise_text
from hamdsl.language.transformer import BlockSetting, Experience, ProgressLine, WeekHeader

__all__ = ["FormatResult", "format_text"]

#: Indentation of one level: exercises and block notes inside a session or warm-up.
INDENT = "  "
#: Between a statement and its trailing comment, as in PEP 8 and black.
COMMENT_GAP = "  "

#: From this many seconds up, a whole number of minutes is written in minutes (``rest 3min``).
MINUTES_FROM = 120


@dataclass(frozen=True, slots=True)
class FormatResult:
    """The formatted text, or why there is none.

    ``text`` is ``None`` exactly when ``problems`` is not empty: a file with a syntax error is never
    formatted, because a formatter that guesses at broken lines can silently change a routine.
    """

    text: str | None
    problems: tuple[Diagnostic, ...] = ()

    @property
    def ok(self) -> bool:
        return self.text is not None


def format_text(text: str) -> FormatResult:
    """Format a routine's text. Never raises for bad input: syntax problems are in the result."""
    parsed = default_parser().parse(text)
    if parsed.problems:
        return FormatResult(None, parsed.problems)
    source = normalise_text(text)
    lines, problems = default_parser().lines(source)
    source_lines = source.split("\n")
    if problems or len(lines) != len(source_lines):  # cannot happen when parse() was clean
        return FormatResult(None, (_internal("the parser's lines do not match the file's lines"),))
    formatted = _Formatter(lines, source_lines).render()
    # The safety net: same meaning, or no result at all. Without the line limit: the layout
    # adds blank lines, so a valid file near the limit comes out over it, and what is checked
    # here is the meaning, not the size (the source was within the limit).
    again = default_parser().parse(formatted, max_lines=None)
    if again.problems or to_data(again.program, spans=False) != to_data(parsed.program, spans=False):
        return FormatResult(
            None, (_internal("formatting would change the routine's meaning; the file is left as it is"),)
        )
    return FormatResult(formatted)


def _internal(message: str) -> Diagnostic:
    code, name = INTERNAL_ERROR
    return Diagnostic(
        code=code,
        name=name,
        severity="error",
        message=f"hamdsl fmt: {message}",
        span=Span(1, 1, 1, 1),
        hint="this is a bug in hamdsl; please report it with the file",
    )


# ------------------------------------------------------------------------------- the layout pass
@dataclass(slots=True)
class _Item:
    """One non-blank source line on its way out."""

    line: Line
    blank_before: bool  # the source had at least one blank line just above it
    indent: str = ""
    text: str = ""  # the statement, canonical; empty for a comment-only line
    comment: str | None = None  # the comment as written, trailing blanks removed


class _Formatter:
    """Lays out one file's lines. One instance per file; the passes run in order in :meth:`render`."""

    def __init__(self, lines: Sequence[Line], source_lines: Sequence[str]) -> None:
        self.source_lines = source_lines
        self.items: list[_Item] = []
        blank = False
        for line in lines:
            if line.statement is None and line.comment is None:
                blank = True
                continue
            self.items.append(_Item(line, blank_before=blank and bool(self.items)))
            blank = False

    def render(self) -> str:
        self._blank_lines()
        self._statements()
        self._comments()
        self._align()
        out: list[str] = []
        for item in self.items:
            if item.blank_before:
                out.append("")
            body = item.text
            if item.comment is not None:
                body = f"{body}{COMMENT_GAP}{item.comment}" if body else item.comment
            out.append(f"{item.indent}{body}")
        return "\n".join(out) + "\n"

    # -- pass 1: which blank lines survive
    def _blank_lines(self) -> None:
        """At most one blank line anywhere; none right after a header; exactly one before a header.

        A header's *lead* comments (comment lines directly above it) belong to it, so the blank line
        goes above them, not between them and the header.
        """
        items = self.items
        lead_starts: set[int] = set()
        for k, item in enumerate(items):
            if _is_header(item.line):
                j = k
                while j > 0 and _is_comment_only(items[j - 1].line) and not items[j].blank_before:
                    j -= 1
                lead_starts.add(j)
        for k, item in enumerate(items):
            if k == 0:
                item.blank_before = False
            elif k in lead_starts:
                item.blank_before = True
            elif _is_header(items[k - 1].line):
                item.blank_before = False

    # -- pass 2: statements, canonical text and indentation
    def _statements(self) -> None:
        in_block = False  # under a session or warm-up header
        has_exercise = False  # the current block (or the implicit top-level session) has one
        for item in self.items:
            statement = item.line.statement
            if isinstance(statement, Experience):
                statement = statement.meta
            if item.line.comment is not None:
                item.comment = self._raw(item.line.comment.span).rstrip()
            if statement is None:
                continue
            body = INDENT if in_block else ""
            if isinstance(statement, Meta):
                item.indent, item.text = "", f"{statement.key}: {statement.value}"
            elif isinstance(statement, Declaration):
                # Like metadata, a declaration belongs to the whole file wherever it is written.
                item.indent, item.text = "", _declaration(statement)
            elif isinstance(statement, SessionHeader):
                in_block, has_exercise = True, False
                item.text = self._session(statement)
            elif isinstance(statement, WarmUpHeader):
                in_block, has_exercise = True, False
                item.text = f"warmup {statement.name}:" if statement.name else "warmup:"
            elif isinstance(statement, WeekHeader):
                in_block, has_exercise = False, False
                item.text = _week(statement)
            elif isinstance(statement, BlockSetting):
                item.indent, item.text = "", _setting(statement)
            elif isinstance(statement, OneRepMax):
                item.indent = ""
                item.text = f"1rm: {statement.exercise} {_number(statement.amount)}{statement.unit}"
            elif isinstance(statement, ProgressLine):
                # Like a note, a progress line belongs to the exercise above it.
                item.indent = body + INDENT if has_exercise else body
                item.text = f"progress: {_progression(statement.progression)}"
            elif isinstance(statement, Note):
                # A note after an exercise belongs to that exercise: indenting it says so.
                item.indent = body + INDENT if has_exercise else body
                item.text = f"note: {statement.text}"
            elif isinstance(statement, Exercise):
                has_exercise = True
                item.indent = body
                # The text is put together in _align, which needs the columns of its neighbours.

    # -- pass 3: standalone comments
    def _comments(self) -> None:
        """A comment line is indented like the statement it touches: the one below it, else the
        one above it (no blank line between), else the body of the block it sits in."""
        items = self.items
        in_block = False
        for k, item in enumerate(items):
            if _is_header(item.line):
                in_block = True
            if not _is_comment_only(item.line):
                continue
            indent: str | None = None
            j = k + 1
            while j < len(items) and not items[j].blank_before and _is_comment_only(items[j].line):
                j += 1
            if j < len(items) and not items[j].blank_before:
                indent = items[j].indent
            else:
                j = k
                while j > 0 and not items[j].blank_before and _is_comment_only(items[j - 1].line):
                    j -= 1
                if j > 0 and not items[j].blank_before:
                    indent = items[j - 1].indent
            item.indent = indent if indent is not None else (INDENT if in_block else "")

    # -- pass 4: exercise lines, with their scheme column aligned per paragraph
    def _align(self) -> None:
        """Within a paragraph (lines with no blank between them), labels get one column width
        and the first clause after the name starts in one column, so schemes read as a table."""
        paragraph: list[_Item] = []
        for item in self.items:
            if item.blank_before:
                self._align_paragraph(paragraph)
                paragraph = []
            if isinstance(item.line.statement, Exercise):
                paragraph.append(item)
        self._align_paragraph(paragraph)

    def _align_paragraph(self, items: list[_Item]) -> None:
        if not items:
            return
        exercises = [item.line.statement for item in items]
        labels = [_label(ex) for ex in exercises if isinstance(ex, Exercise)]
        label_width = max((len(label) for label in labels if label), default=0)
        heads: list[str] = []
        for ex in exercises:
            assert isinstance(ex, Exercise)
            label = _label(ex)
            head = _names(ex)
            if label:
                head = f"{label.ljust(label_width)} {head}"
            heads.append(head)
        width = max(len(head) for head in heads)
        for item, ex, head in zip(items, exercises, heads, strict=True):
            assert isinstance(ex, Exercise)
            clauses = self._clauses(ex)
            item.text = f"{head.ljust(width)} {' '.join(clauses)}" if clauses else head

    # -- pieces
    def _raw(self, span: Span) -> str:
        """The source text of a one-line span."""
        line = self.source_lines[span.line - 1]
        end = span.end_column - 1 if span.end_line == span.line else len(line)
        return line[span.column - 1 : end]

    def _session(self, header: SessionHeader) -> str:
        """``session NAME:``, the name as written with its blanks collapsed.

        Rebuilding it from ``name`` and ``weekdays`` would be wrong: in ``session Monday:`` the
        word is both the name and the weekday, and ``Day 1 on Mon, Thu`` would lose its spelling.
        """
        name = header.text or header.name or ""
        return f"session {name}:" if name else "session:"

    def _clauses(self, ex: Exercise) -> list[str]:
        """Sets x reps, duration, tempo, rest, methods: the order a coach reads them in.

        ``with`` comes last because the grammar lets a method list run on to the end of the line
        (it stops only at a tempo, a rest or a comment).
        """
        clauses: list[str] = []
        if ex.scheme is not None:
            clauses.append(_scheme(ex.scheme))
        if ex.load is not None:
            clauses.append(_load(ex.load))
        for group in ex.then:
            clauses.append(f"then {_scheme(group.scheme)}")
            if group.load is not None:
                clauses.append(_load(group.load))
        if ex.duration is not None:
            clauses.append(f"for {_time(ex.duration)}")
        if ex.tempo is not None:
            clauses.append(_tempo(ex.tempo))
        if ex.rest is not None:
            clauses.append(_rest(ex.rest))
        if ex.methods:
            clauses.append("with " + ", ".join(m.text for m in ex.methods))
        return clauses


def _is_header(line: Line) -> bool:
    return isinstance(line.statement, (SessionHeader, WarmUpHeader, WeekHeader))


def _is_comment_only(line: Line) -> bool:
    return line.statement is None and line.comment is not None


def _declaration(declaration: Declaration) -> str:
    """``exercise: cable pull-through = hip extension``: functions in words, in the order of
    ``FUNCTIONS`` (knee flexion, hip extension, knee extension, other), separated by commas."""
    return f"exercise: {declaration.name} = {functions_phrase(declaration.functions)}"


def _label(ex: Exercise) -> str:
    """``A1:`` / ``A:``; ``A)`` is accepted on input but one form is enough."""
    if ex.label is None:
        return ""
    return f"{ex.label}:"


def _names(ex: Exercise) -> str:
    head = " or ".join(name.text for name in ex.names)
    if ex.modifiers:
        head += " (" + ", ".join(m.text for m in ex.modifiers) + ")"
    return head


def _scheme(scheme: Scheme) -> str:
    """``3-5x6-8``, ``3xfailure``, ``3xamrap``, ``2-3x1-2 rir``, ``3x8 1-2 rir``, ``3x8-12 per leg``,
    ``3 rounds``. The words of ``3 sets`` or ``3 rounds`` and ``per leg`` or ``per arm`` are the
    ones written, which the scheme keeps for this (``count_word``, ``side_word``)."""
    sets = str(scheme.sets)
    side = ""
    if scheme.per_side:
        side = f" per {scheme.side_word or 'side'}"
    if scheme.to_failure:
        body = f"{sets}xfailure"
    elif scheme.amrap and scheme.reps is not None:  # 1x5+: at least 5
        body = f"{sets}x{scheme.reps}+"
    elif scheme.amrap:
        body = f"{sets}xamrap"
    elif scheme.reps is not None:
        body = f"{sets}x{scheme.reps}"
    elif scheme.rir is not None:  # an RIR target instead of reps: "3 sets 2 rir" is "3x2 rir"
        return f"{sets}x{scheme.rir} rir{side}"
    else:
        word = scheme.count_word or "set"
        body = f"{sets} {word}" if scheme.sets == Range(1, 1) else f"{sets} {word}s"
    rir = f" {scheme.rir} rir" if scheme.rir is not None else ""
    return f"{body}{side}{rir}"


def _tempo(tempo: Tempo) -> str:
    """``@4/0/X/0`` (the digit form ``@40X0`` is read but slashes are unambiguous past 9 s)."""
    if tempo.phases is None:
        return f'@"{tempo.description}"'
    return "@" + "/".join(str(phase) for phase in tempo.phases)


def _rest(rest: Rest) -> str:
    """``rest 90s``, ``rest 2-3min``, ``rest 2min, 30-60s between sides``."""
    parts: list[str] = []
    if rest.between_sets is not None:
        parts.append(_time(rest.between_sets))
    if rest.between_sides is not None:
        parts.append(f"{_time(rest.between_sides)} between {rest.side_word or 'side'}s")
    return "rest " + ", ".join(parts)


def _time(seconds: Range) -> str:
    """Seconds, or whole minutes from two minutes up: ``90s``, ``60s``, ``2min``, ``1-2min``.

    Minutes only when every end is a whole minute, so no value is ever rounded; the two-minute
    threshold keeps the short rests of supersets in the seconds coaches count them in.
    """
    if seconds.low % 60 == 0 and seconds.high % 60 == 0 and seconds.high >= MINUTES_FROM:
        return f"{Range(seconds.low // 60, seconds.high // 60)}min"
    return f"{seconds}s"


def _number(value: float) -> str:
    """``140.0`` as ``140``, ``2.5`` as ``2.5``: figures as a coach writes them."""
    return str(int(value)) if value == int(value) else f"{value:g}"


def _week(header: WeekHeader) -> str:
    """``week 5 (deload):``, ``weeks 1-2, introduction:``."""
    number = str(header.first) if header.first == header.last else f"{header.first}-{header.last}"
    text = f"week {number}" if header.first == header.last else f"weeks {number}"
    if header.deload:
        text += " (deload)"
    if header.name:
        text += f", {header.name}"
    return text + ":"


def _setting(setting: BlockSetting) -> str:
    value = setting.value
    if setting.field == "training_max":
        return f"tm: {_number(value)}%"
    if setting.field == "rounding":
        amount, unit = value
        return f"round: {_number(amount)}{unit}"
    if setting.field == "ratio":
        return f"ratio: {value[0]}:{value[1]}"
    if setting.field == "deload":
        return f"deload: {_deload(value)}"
    return f"{setting.field}: {value}"  # units, start, weeks


def _deload(deload: Deload) -> str:
    """All three figures, in words where there are words for them: ``half the sets, same load,
    +2 rir``. Written out in full, so the line says what the week does without the defaults."""
    sets = {0.5: "half the sets", 1.0: "same sets"}.get(deload.sets, f"{_number(deload.sets * 100)}% sets")
    load = "same load" if deload.load == 1.0 else f"{_number(round(deload.load * 100, 2))}% load"
    rir = "same rir" if deload.rir == 0 else f"+{deload.rir} rir"
    return f"{sets}, {load}, {rir}"


def _load(load: Load) -> str:
    """``100kg``, ``75%``, ``85% tm``, ``bw``, ``bw+20kg``, ``rpe 7-8``, ``-10%``."""
    amount = load.amount or 0.0
    if load.kind == "weight":
        return f"{_number(amount)}{load.unit}"
    if load.kind == "percent":
        return f"{_number(amount)}%" + (" tm" if load.basis == "tm" else "")
    if load.kind == "bodyweight":
        return f"bw+{_number(amount)}{load.unit}" if amount else "bw"
    if load.kind == "rpe" and load.rpe is not None:
        low, high = load.rpe
        return f"rpe {_number(low)}" if low == high else f"rpe {_number(low)}-{_number(high)}"
    unit = load.unit if load.unit != "%" else "%"
    return f"-{_number(-amount)}{unit}"


def _progression(progression: Progression) -> str:
    """``+1 set each week to 5 sets``, ``-1 rir each week``, ``double 10-15 +2.5kg``, ``none``."""
    p = progression
    amount = _number(abs(p.amount or 0.0))
    if p.kind in ("sets", "reps"):
        word = p.kind if amount != "1" else p.kind[:-1]
        cap = f" to {p.cap} sets" if p.cap is not None else ""
        return f"+{amount} {word} each week{cap}"
    if p.kind == "load":
        when = f"when {p.condition}" if p.condition else "each week"
        return f"+{amount}{p.unit} {when}"
    if p.kind == "rir":
        return f"-{amount} rir each week"
    if p.kind == "double":
        return f"double {p.reps} +{amount}{p.unit}"
    return "none"
