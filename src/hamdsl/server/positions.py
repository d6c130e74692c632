"""hamdsl's spans (1-based lines and columns in code points, end column exclusive) to LSP ranges
(0-based, in the client's units: UTF-16 unless the client chose otherwise) and back.

The client's units come from pygls's documented ``PositionCodec`` of the buffer, fed with the
buffer's own lines (:attr:`Analysis.lines`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types as lsp
from pygls.workspace import PositionCodec, ServerTextPosition

from hamdsl.core.span import Span

if TYPE_CHECKING:
    from hamdsl.server.session import Analysis


def _point(analysis: Analysis, line: int, column: int, codec: PositionCodec) -> lsp.Position:
    lines = analysis.lines
    row = min(max(line, 1), len(lines)) - 1
    text = lines[row]
    character = max(column, 1) - 1 + (1 if row == 0 and analysis.bom else 0)
    character = min(character, len(text))
    if text.isascii():  # one unit a character in every encoding: nothing to convert
        return lsp.Position(line=row, character=character)
    return codec.position_to_client_units(lines, ServerTextPosition(row, character))


def to_range(analysis: Analysis, span: Span | None, codec: PositionCodec) -> lsp.Range:
    """The LSP range of ``span``; a finding about the whole file (no span) sits at the start."""
    if span is None:
        start = lsp.Position(line=0, character=0)
        return lsp.Range(start=start, end=start)
    start = _point(analysis, span.line, span.column, codec)
    end = _point(analysis, span.end_line, span.end_column, codec)
    if (end.line, end.character) < (start.line, start.character):
        end = start
    return lsp.Range(start=start, end=end)


def from_position(analysis: Analysis, position: lsp.Position, codec: PositionCodec) -> tuple[int, int]:
    """An LSP position as hamdsl's (line, column), both 1-based, the column in code points."""
    lines = analysis.lines
    if not lines:
        return 1, 1
    row = min(max(position.line, 0), len(lines) - 1)
    # The codec may change the position it is given; it gets a copy.
    point = codec.position_from_client_units(lines, lsp.Position(line=row, character=position.character))
    column = point.character + 1 - (1 if row == 0 and analysis.bom else 0)
    return row + 1, max(column, 1)


def contains(span: Span, line: int, column: int) -> bool:
    """Whether (line, column) is inside ``span``; its end counts as inside, as an editor's cursor
    right after a word is on that word."""
    return (span.line, span.column) <= (line, column) <= (span.end_line, span.end_column)


def whole_document(analysis: Analysis, codec: PositionCodec) -> lsp.Range:
    """From the start of the buffer to its end, for an edit that replaces all of it."""
    lines = analysis.lines
    last = len(lines) - 1
    end = codec.position_to_client_units(lines, ServerTextPosition(last, len(lines[last])))
    return lsp.Range(start=lsp.Position(line=0, character=0), end=end)
