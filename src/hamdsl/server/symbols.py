"""Document symbols (an outline: week headers, their sessions and warm-ups as children and those
sessions' exercises below them; sessions before any week header at the top level) and folding
ranges (one per week, session or warm-up), from the parsed tree."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types as lsp

from hamdsl.core.span import Span
from hamdsl.server.positions import to_range

if TYPE_CHECKING:
    from pygls.workspace import PositionCodec

    from hamdsl.language.nodes import Exercise, Program, Session, WarmUp, Week
    from hamdsl.server.session import Analysis


def _first_line(analysis: Analysis, span: Span) -> Span:
    text = analysis.line(span.line)
    return Span(span.line, span.column, span.line, max(len(text.rstrip()) + 1, span.column))


def _exercise(analysis: Analysis, exercise: Exercise, codec: PositionCodec) -> lsp.DocumentSymbol:
    name = exercise.name if exercise.label is None else f"{exercise.label}: {exercise.name}"
    where = to_range(analysis, exercise.span, codec)
    return lsp.DocumentSymbol(
        name=name,
        kind=lsp.SymbolKind.Method,
        range=where,
        selection_range=to_range(analysis, exercise.names[0].span, codec),
    )


def _block(
    analysis: Analysis, block: Session | WarmUp, warmup: bool, codec: PositionCodec
) -> lsp.DocumentSymbol:
    name = block.name or "session"
    if warmup:
        name = f"warm-up {block.name}" if block.name else "warm-up"
    weekdays = getattr(block, "weekdays", ())
    header = _first_line(analysis, block.span)
    span = block.span
    whole = Span(span.line, span.column, span.end_line, max(span.end_column, 1))
    if (whole.end_line, whole.end_column) < (header.end_line, header.end_column):
        whole = header
    return lsp.DocumentSymbol(
        name=name,
        detail=", ".join(d.capitalize() for d in weekdays) or None,
        kind=lsp.SymbolKind.Namespace,
        range=to_range(analysis, whole, codec),
        selection_range=to_range(analysis, header, codec),
        children=[_exercise(analysis, e, codec) for e in block.exercises],
    )


def _blocks(analysis: Analysis, owner: Program | Week, codec: PositionCodec) -> list[lsp.DocumentSymbol]:
    """The warm-ups and sessions of the program (those before any week header) or of one week."""
    blocks = [(w, True) for w in owner.warmups] + [(s, False) for s in owner.sessions]
    blocks.sort(key=lambda b: (b[0].span.line, b[0].span.column))
    return [_block(analysis, block, warmup, codec) for block, warmup in blocks]


def week_title(week: Week) -> str:
    """A week header as a reader says it: ``weeks 1-2, introduction``, ``week 5 (deload)``."""
    title = f"week {week.first}" if week.first == week.last else f"weeks {week.first}-{week.last}"
    if week.deload:
        title += " (deload)"
    if week.name:
        title += f", {week.name}"
    return title


def _week(analysis: Analysis, week: Week, codec: PositionCodec) -> lsp.DocumentSymbol:
    header = _first_line(analysis, week.span)
    span = week.span
    whole = Span(span.line, span.column, span.end_line, max(span.end_column, 1))
    if (whole.end_line, whole.end_column) < (header.end_line, header.end_column):
        whole = header
    return lsp.DocumentSymbol(
        name=week_title(week),
        kind=lsp.SymbolKind.Module,
        range=to_range(analysis, whole, codec),
        selection_range=to_range(analysis, header, codec),
        children=_blocks(analysis, week, codec),
    )


def document_symbols(analysis: Analysis, codec: PositionCodec) -> list[lsp.DocumentSymbol]:
    if analysis.parsed is None:
        return []
    program = analysis.parsed.program
    found = _blocks(analysis, program, codec) + [_week(analysis, w, codec) for w in program.weeks]
    found.sort(key=lambda s: (s.range.start.line, s.range.start.character))
    return found


def folding_ranges(analysis: Analysis) -> list[lsp.FoldingRange]:
    if analysis.parsed is None:
        return []
    program = analysis.parsed.program
    ranges = []
    spans = [w.span for w in program.warmups] + [s.span for s in program.sessions]
    for week in program.weeks:
        spans.append(week.span)
        spans.extend(w.span for w in week.warmups)
        spans.extend(s.span for s in week.sessions)
    for span in spans:
        if span.end_line > span.line:
            ranges.append(
                lsp.FoldingRange(
                    start_line=span.line - 1,
                    end_line=span.end_line - 1,
                    kind=lsp.FoldingRangeKind.Region,
                )
            )
    ranges.sort(key=lambda r: (r.start_line, -r.end_line))
    return ranges
