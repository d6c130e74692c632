"""Findings as LSP diagnostics, pushed (``publishDiagnostics``) or pulled (``textDocument/diagnostic``).

Which of the two a client gets is decided once, at ``initialize`` (:class:`ClientFlags`): a client
that can pull is never pushed to, so no editor shows a finding twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types as lsp

from hamdsl.core.diagnostics import CORE_CHECKS
from hamdsl.server.positions import to_range

if TYPE_CHECKING:
    from pygls.workspace import PositionCodec

    from hamdsl.core.diagnostics import Diagnostic
    from hamdsl.server.session import Analysis, ClientFlags

#: Where each rule is documented: its section of docs/rules.md in the repository, whose anchors
#: are ``<code>-<name>`` in lower case (``#ham001-unknown-exercise``); docs/editors.md says so.
RULES_URL = "https://github.com/hamdsl/hamdsl/blob/main/docs/rules.md"
#: The core's own codes (E001 syntax-error … W002 invalid-noqa) are listed in docs/output.md.
CORE_CODES_URL = "https://github.com/hamdsl/hamdsl/blob/main/docs/output.md"
SOURCE = "hamdsl"

_SEVERITY = {
    "error": lsp.DiagnosticSeverity.Error,
    "warning": lsp.DiagnosticSeverity.Warning,
    "info": lsp.DiagnosticSeverity.Information,
}
_CORE = frozenset(check.code for check in CORE_CHECKS)


def doc_url(code: str, name: str) -> str:
    """The documentation of a code: its section of docs/rules.md, or docs/output.md for a core code."""
    if code in _CORE:
        return CORE_CODES_URL
    return f"{RULES_URL}#{code.lower()}-{name}"


def to_lsp(d: Diagnostic, analysis: Analysis, codec: PositionCodec, flags: ClientFlags) -> lsp.Diagnostic:
    """One finding as the client sees it: the rule's code and documentation link, the hint in the
    message, and the source document cited in ``relatedInformation`` (in the message for a client
    that does not show related information)."""
    where = to_range(analysis, d.span, codec)
    message = d.message
    if d.hint:
        message += f"\nhint: {d.hint}"
    related = None
    if d.source:
        if flags.related_information:
            related = [
                lsp.DiagnosticRelatedInformation(
                    location=lsp.Location(uri=analysis.uri, range=where), message=f"source: {d.source}"
                )
            ]
        else:
            message += f"\nsource: {d.source}"
    return lsp.Diagnostic(
        range=where,
        message=message,
        severity=_SEVERITY.get(d.severity, lsp.DiagnosticSeverity.Error),
        code=d.code,
        code_description=lsp.CodeDescription(href=doc_url(d.code, d.name)),
        source=SOURCE,
        related_information=related,
    )


def diagnostics(
    analysis: Analysis,
    codec: PositionCodec,
    flags: ClientFlags,
    shown: dict[tuple[Diagnostic, str, str], lsp.Diagnostic] | None = None,
) -> list[lsp.Diagnostic]:
    """The buffer's findings for the client. ``shown`` holds what the last call made for this
    buffer: a finding an edit left as it was (same finding, same text on its lines) is not
    converted again, which is most of them. It is refilled with this call's findings only."""
    if shown is None:
        return [to_lsp(d, analysis, codec, flags) for d in analysis.lint.diagnostics]
    before = dict(shown)
    shown.clear()
    found = []
    for d in analysis.lint.diagnostics:
        span = d.span
        key = (d, analysis.line(span.line), analysis.line(span.end_line)) if span else (d, "", "")
        converted = before.get(key)
        if converted is None:
            converted = to_lsp(d, analysis, codec, flags)
        shown[key] = converted
        found.append(converted)
    return found
