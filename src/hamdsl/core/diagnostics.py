"""What every check reports: one diagnostic type for syntax errors, rule findings and plugin failures.

Keeping a single type means every output format (full, concise, JSON, GitHub, SARIF) and every
suppression mechanism treats a syntax error and a rule finding alike, as ruff does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from hamdsl.core.span import Span

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")

#: Code and name of the diagnostic for text the grammar cannot read.
SYNTAX_ERROR = ("E001", "syntax-error")
#: Code and name of the diagnostic for a plugin that raised while checking or exporting.
INTERNAL_ERROR = ("E002", "internal-error")
#: A file whose bytes are not UTF-8 text (a NUL byte, an invalid sequence): a finding, exit 1.
UNDECODABLE_TEXT = ("E003", "undecodable-text")
#: A file that could not be read at all (permission, size, not a regular file, gone): exit 2.
IO_ERROR = ("E004", "io-error")
#: A suppression comment that silenced nothing, and one that cannot be read.
UNUSED_NOQA = ("W001", "unused-noqa")
INVALID_NOQA = ("W002", "invalid-noqa")


class CoreCheck:
    """A diagnostic the core itself reports. These are about the file and the tool, never about
    training, so they are not rules of a plugin; they are listed with the rules all the same."""

    __slots__ = ("code", "doc", "name", "severity", "summary")

    def __init__(self, code: str, name: str, severity: Severity, summary: str, doc: str) -> None:
        self.code = code
        self.name = name
        self.severity = severity
        self.summary = summary
        self.doc = doc


CORE_CHECKS: tuple[CoreCheck, ...] = (
    CoreCheck(
        *SYNTAX_ERROR,
        "error",
        "The text is not valid .ham notation.",
        "## What it checks\nThat every line is a statement of the language (docs/language.md).\n\n"
        "## Why\nA line that cannot be read cannot be checked; rules do not run on a file with "
        "syntax errors.\n\n## Example\n```\nA1: lying leg curl 3 8\n```\n\n## Use instead\n"
        "```\nA1: lying leg curl 3x8\n```\n\n## Options\nNone. A syntax error cannot be suppressed.",
    ),
    CoreCheck(
        *INTERNAL_ERROR,
        "error",
        "A plugin raised an exception while checking the file.",
        "## What it checks\nNothing: it reports that a rule or exporter of a plugin crashed. The other "
        "rules still ran.\n\n## Why\nA crash must not hide the other findings, nor pass silently: the "
        "run exits with 2.\n\n## Use instead\nUpdate the plugin, report the bug to its authors, or "
        "disable it with --disable-plugin NAME.\n\n## Options\nNone.",
    ),
    CoreCheck(
        *UNDECODABLE_TEXT,
        "error",
        "The file is binary or not valid UTF-8.",
        "## What it checks\nThat a routine file is UTF-8 text: no NUL byte, no byte sequence that is "
        "not UTF-8. The finding points at the first offending byte (its line, and its column in "
        "characters).\n\n## Why\nText hamdsl cannot decode cannot be read, so nothing else is "
        "checked in the file. It is reported as a finding, in every output format, so that a CI job "
        "reading the report sees it; the run exits with 1.\n\n## Example\nA routine saved as Latin-1 "
        "(`caf\\xe9`), or a binary file named `*.ham`.\n\n## Use instead\nSave the file as UTF-8 in "
        "your editor, or leave the binary file out.\n\n## Options\nNone. It cannot be suppressed, "
        "since a `# noqa` comment in such a file cannot be read either.",
    ),
    CoreCheck(
        *IO_ERROR,
        "error",
        "The file could not be read.",
        "## What it checks\nNothing in the file: it reports that the file could not be read at all. "
        "Permission denied, a file over 1 MiB, a path that is a device, a named pipe or a socket, a "
        "broken link, a file removed while hamdsl ran. It points at 1:1.\n\n## Why\nEvery file "
        "named, or found in a folder, gets a result in every output format, so a CI job reading the "
        "report sees the files that were not checked. The same message goes to stderr, and the run "
        "exits with 2, since a file that was not checked is an error of the run, not a finding "
        "(ruff reports E902 alike).\n\n## Use instead\nFix the permission, split the file, or "
        "leave the path out.\n\n## Options\nNone. It cannot be suppressed.",
    ),
    CoreCheck(
        *UNUSED_NOQA,
        "warning",
        "A `# noqa` comment names a code that reports nothing on its line.",
        "## What it checks\nEvery code in `# noqa: CODE` and `# hamdsl: noqa: CODE` suppresses a "
        "finding.\n\n## Why\nA stale suppression hides the next real finding on that line.\n\n"
        "## Example\n```\nA1: lying leg curl 3x6-8  # noqa: HAM301\n```\nwhen HAM301 reports "
        "nothing there.\n\n## Use instead\nRemove the code (or the whole comment).\n\n## Options\n"
        "None.",
    ),
    CoreCheck(
        *INVALID_NOQA,
        "warning",
        "A `# noqa` comment cannot be read.",
        "## What it checks\nThat a suppression comment has the form `# noqa: CODE[, CODE]` (line) or "
        "`# hamdsl: noqa: CODE[, CODE]` (whole file), each CODE a rule code or name.\n\n## Why\n"
        "A malformed suppression suppresses nothing and misleads the reader.\n\n## Example\n```\n"
        "A1: lying leg curl 3x6  # noqa HAM301\n```\n\n## Use instead\n```\n"
        "A1: lying leg curl 3x6  # noqa: HAM301\n```\n\n## Options\nNone.",
    ),
)


@dataclass(frozen=True, slots=True)
class Fix:
    """One way to fix a finding: write ``replacement`` in place of the text at ``span``.

    ``title`` says what it does, as an editor's quick-fix menu shows it ("Replace with 'lying leg
    curl'"). A rule attaches fixes to its :class:`~hamdsl.plugins.api.Finding`; ``hamdsl server``
    offers them as code actions.
    """

    title: str
    span: Span
    replacement: str


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding about one file.

    ``hint`` says how to fix it, ``source`` cites the document and principle behind it (empty for
    syntax errors) and ``plugin`` names the plugin that reported it.
    """

    # hamdsl.lint.linter builds one per finding with positional arguments (a third cheaper than
    # keywords): keep this order, or change it there too.
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
