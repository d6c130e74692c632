"""Where something was written in a routine: shared by the syntax tree and every diagnostic."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    """Where a node was written: 1-based lines and columns, the end column exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int
