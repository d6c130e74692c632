"""``# noqa`` comments: silencing a finding on one line or in a whole file, and reporting the
suppressions that silence nothing or cannot be read (``unused-noqa``, ``invalid-noqa``).

Forms, as in ruff and flake8:

- ``# noqa: HAM101, too-many-exercises`` — on the line of the finding; codes or names.
- ``# noqa`` — on the line; silences every finding on it.
- ``# hamdsl: noqa: HAM101`` — anywhere; silences those codes in the whole file.
- ``# hamdsl: noqa`` — anywhere; silences the whole file.

Syntax errors are never silenced: a file that cannot be read cannot be vouched for.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from hamdsl.core.diagnostics import INTERNAL_ERROR, INVALID_NOQA, SYNTAX_ERROR, UNUSED_NOQA, Diagnostic
from hamdsl.language.nodes import Comment, Span

#: What no comment silences: a line that could not be read, and a rule or plugin that crashed.
#: Silencing a crash would make the run's exit code 0 and put the file in the cache as clean.
_NEVER_SILENCED = frozenset({SYNTAX_ERROR[0], INTERNAL_ERROR[0]})

_NOQA = re.compile(r"^(?P<file>hamdsl\s*:\s*)?noqa\b(?P<rest>.*)$", re.IGNORECASE)
_CODES = re.compile(r"^:\s*(?P<codes>[A-Za-z][\w-]*(?:\s*[,\s]\s*[A-Za-z][\w-]*)*)\s*,?\s*$")
_SEPARATORS = re.compile(r"[,\s]+")


class _Suppression:
    """One ``noqa`` comment while a file's findings are filtered; ``used`` collects the codes it
    silenced, so the ones that silence nothing can be reported."""

    __slots__ = ("codes", "comment", "used", "whole_file")

    def __init__(self, comment: Comment, whole_file: bool, codes: tuple[str, ...]) -> None:
        self.comment = comment
        self.whole_file = whole_file
        self.codes = codes  # empty: everything
        self.used: set[str] = set()

    def covers(self, diagnostic: Diagnostic) -> str | None:
        """The code of this comment that silences the diagnostic, ``"*"`` for a blanket one."""
        if not self.whole_file and (
            diagnostic.span is None or diagnostic.span.line != self.comment.span.line
        ):
            return None
        if not self.codes:
            return "*"
        for code in self.codes:
            if code in (diagnostic.code, diagnostic.name):
                return code
        return None


def _read(comments: Sequence[Comment]) -> tuple[list[_Suppression], list[Diagnostic]]:
    suppressions: list[_Suppression] = []
    invalid: list[Diagnostic] = []
    for comment in comments:
        m = _NOQA.match(comment.text)
        if m is None:
            continue
        rest = m["rest"].strip()
        whole_file = bool(m["file"])
        if not rest:
            suppressions.append(_Suppression(comment, whole_file, ()))
            continue
        codes = _CODES.match(rest)
        if codes is None:
            form = "# hamdsl: noqa: CODE" if whole_file else "# noqa: CODE"
            invalid.append(
                Diagnostic(
                    code=INVALID_NOQA[0],
                    name=INVALID_NOQA[1],
                    severity="warning",
                    message=f"cannot read the suppression '# {comment.text}'",
                    span=comment.span,
                    hint=f"write it as '{form}[, CODE]' with rule codes or names",
                )
            )
            continue
        names = tuple(c for c in _SEPARATORS.split(codes["codes"]) if c)
        suppressions.append(_Suppression(comment, whole_file, names))
    return suppressions, invalid


def codes(comment: Comment) -> tuple[str, ...] | None:
    """The codes or names a ``noqa`` comment names (empty for a blanket ``# noqa``); ``None`` when
    the comment is not a suppression or cannot be read. For an editor's hover on a code."""
    suppressions, _ = _read((comment,))
    return suppressions[0].codes if suppressions else None


def apply(diagnostics: Sequence[Diagnostic], comments: Sequence[Comment]) -> list[Diagnostic]:
    """The diagnostics left after suppression, plus ``unused-noqa`` and ``invalid-noqa`` findings.

    The two suppression checks are returned like any finding; the caller filters them by the
    configuration, as it does every other code.
    """
    suppressions, invalid = _read(comments)
    if not suppressions:
        return [*diagnostics, *invalid]
    kept: list[Diagnostic] = []
    for diagnostic in diagnostics:
        if diagnostic.code in _NEVER_SILENCED:
            kept.append(diagnostic)
            continue
        silenced = False
        for suppression in suppressions:
            code = suppression.covers(diagnostic)
            if code is not None:
                suppression.used.add(code)
                silenced = True
        if not silenced:
            kept.append(diagnostic)
    for suppression in suppressions:
        unused = [c for c in suppression.codes if c not in suppression.used]
        if suppression.codes and unused:
            kept.append(_unused(suppression.comment.span, unused))
        elif not suppression.codes and not suppression.used:
            kept.append(_unused(suppression.comment.span, []))
    return [*kept, *invalid]


def _unused(span: Span, codes: list[str]) -> Diagnostic:
    what = f"'{', '.join(codes)}'" if codes else "this blanket noqa"
    return Diagnostic(
        code=UNUSED_NOQA[0],
        name=UNUSED_NOQA[1],
        severity="warning",
        message=f"unused suppression: {what} silences nothing here",
        span=span,
        hint="remove the code from the comment, or the comment itself",
    )
