"""What every check reports: one diagnostic type for syntax errors, rule findings and plugin failures.

Keeping a single type means every output format (full, concise, JSON, GitHub, SARIF) and every
suppression mechanism treats a syntax error and a rule finding alike, as ruff does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from hamdsl.nodes import Span

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")

#: Code and name of the diagnostic for text the grammar cannot read.
SYNTAX_ERROR = ("E001", "syntax-error")
#: Code and name of the diagnostic for a plugin that raised while checking or exporting.
INTERNAL_ERROR = ("E002", "internal-error")


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding about one file.

    ``hint`` says how to fix it, ``source`` cites the document and principle behind it (empty for
    syntax errors) and ``plugin`` names the plugin that reported it.
    """

    code: str
    name: str
    severity: Severity
    message: str
    span: Span | None
    hint: str | None = None
    source: str | None = None
    plugin: str | None = None


def syntax_error(message: str, span: Span, hint: str | None = None) -> Diagnostic:
    """A syntax error; the parser and the tree builder report every problem through this."""
    code, name = SYNTAX_ERROR
    return Diagnostic(code=code, name=name, severity="error", message=message, span=span, hint=hint)
