"""Code actions and formatting.

Quick fixes (kind ``quickfix``) for the findings on the lines asked about: the fixes a rule
attached to its finding (an unknown exercise: the catalog's closest names), ``3 8`` → ``3x8`` for
sets and reps without their ``x``, and "Add ``# noqa: CODE``" for a rule's finding. A finding's
one obvious fix is marked ``isPreferred``: Eglot's ``M-x eglot-code-actions`` applies the preferred
action, else the first; Neovim applies a ``quickfix``. "Format document" (kind ``source``) gives
what ``hamdsl fmt`` writes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types as lsp

from hamdsl.core.diagnostics import CORE_CHECKS, Diagnostic, Fix
from hamdsl.core.span import Span
from hamdsl.language.formatter import format_text
from hamdsl.language.transformer import MISSING_TIMES
from hamdsl.lint import suppression
from hamdsl.server.positions import to_range, whole_document

if TYPE_CHECKING:
    from pygls.workspace import PositionCodec

    from hamdsl.server.session import Analysis, ClientFlags

_CORE = frozenset(check.code for check in CORE_CHECKS)
_RANGE_WORDS = ("-", "–", "to")


def formatted(analysis: Analysis, codec: PositionCodec) -> list[lsp.TextEdit]:
    """``hamdsl fmt``'s result as one edit over the buffer; none when the text is already in the
    canonical layout, or cannot be parsed (no error: the diagnostics say what is wrong)."""
    if analysis.parsed is None:
        return []
    result = format_text(analysis.text)
    if result.text is None or result.text == analysis.text:
        return []
    return [lsp.TextEdit(range=whole_document(analysis, codec), new_text=result.text)]


def with_times(written: str) -> str | None:
    """``3 8`` → ``3x8``, ``3-5 6-8`` → ``3-5x6-8``: the two numbers or ranges joined by an ``x``."""
    groups: list[list[str]] = []
    joining = False
    for word in written.split():
        joins = word.lower() in _RANGE_WORDS or word[0] in "-–"
        if groups and (joining or joins):
            groups[-1].append(word)
        else:
            groups.append([word])
        joining = word.lower() in _RANGE_WORDS or word[-1] in "-–"
    if len(groups) != 2:
        return None
    parts = [" ".join(g) if any(w.lower() == "to" for w in g) else "".join(g) for g in groups]
    return "x".join(parts)


def _fixes(analysis: Analysis, d: Diagnostic, fixes: tuple[Fix, ...]) -> list[Fix]:
    found = list(fixes)
    if d.message == MISSING_TIMES and d.span is not None and d.span.line == d.span.end_line:
        written = analysis.line(d.span.line)[d.span.column - 1 : d.span.end_column - 1]
        joined = with_times(written)
        if joined is not None:
            found.append(Fix(f"Write {joined} (sets x reps)", d.span, joined))
    return found


def _noqa(analysis: Analysis, d: Diagnostic) -> Fix | None:
    """``# noqa: CODE`` for a rule's finding: added to the line's suppression, or at its end."""
    if d.code in _CORE or d.span is None or analysis.parsed is None:
        return None
    line = d.span.line
    title = f"Add `# noqa: {d.code}`"
    for comment in analysis.parsed.program.comments:
        if comment.span.line != line:
            continue
        codes = suppression.codes(comment)
        if not codes:
            return None  # another comment, or a blanket noqa: nothing to add to
        end = comment.span.column + len(analysis.line(line)[comment.span.column - 1 :].rstrip())
        return Fix(title, Span(line, end, line, end), f", {d.code}")
    text = analysis.line(line)
    end = len(text.rstrip()) + 1
    return Fix(title, Span(line, end, line, len(text) + 1), f"  # noqa: {d.code}")


def code_actions(
    analysis: Analysis, first: int, last: int, codec: PositionCodec, flags: ClientFlags
) -> list[lsp.CodeAction]:
    """The actions for lines ``first`` to ``last`` (1-based)."""
    from hamdsl.server.diagnostics import to_lsp

    actions: list[lsp.CodeAction] = []
    for d, fixes in zip(analysis.lint.diagnostics, analysis.lint.fixes, strict=True):
        if d.span is None or d.span.end_line < first or d.span.line > last:
            continue
        shown = [to_lsp(d, analysis, codec, flags)]
        offered = _fixes(analysis, d, fixes)
        for fix in offered:
            actions.append(_action(analysis, fix, codec, shown, preferred=len(offered) == 1))
        noqa = _noqa(analysis, d)
        if noqa is not None:
            actions.append(_action(analysis, noqa, codec, shown, preferred=False))
    edits = formatted(analysis, codec)
    if edits:
        actions.append(
            lsp.CodeAction(
                title="Format document",
                kind=lsp.CodeActionKind.Source,
                edit=lsp.WorkspaceEdit(changes={analysis.uri: edits}),
            )
        )
    return actions


def _action(
    analysis: Analysis, fix: Fix, codec: PositionCodec, shown: list[lsp.Diagnostic], *, preferred: bool
) -> lsp.CodeAction:
    edit = lsp.TextEdit(range=to_range(analysis, fix.span, codec), new_text=fix.replacement)
    return lsp.CodeAction(
        title=fix.title,
        kind=lsp.CodeActionKind.QuickFix,
        diagnostics=shown,
        is_preferred=preferred or None,
        edit=lsp.WorkspaceEdit(changes={analysis.uri: [edit]}),
    )
