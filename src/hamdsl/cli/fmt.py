"""`hamdsl fmt PATH... [--check] [--diff]`: the formatter applied to files and folders.

The command line module calls :func:`run_fmt`; everything here works on plain paths and two text
streams so it can be tested without a subprocess.

Exit codes follow ruff and the rest of hamdsl: 0 nothing to do or everything formatted, 1 a file
would change (``--check``/``--diff``), has a syntax error or is not UTF-8 text (E003), 2 a path
that cannot be read or written, or an internal error. 2 wins over 1, because "could not even
look" is the worse news.

Writing is atomic (temporary file in the same folder, fsync, ``os.replace``) so that a crash or a
full disk in the middle of ``hamdsl fmt`` never leaves a routine half written: a coach's file is
either the old text or the new one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from hamdsl.core.diagnostics import SYNTAX_ERROR
from hamdsl.core.files import SourceError, collect, read_source, write_atomic
from hamdsl.core.text import safe

if TYPE_CHECKING:
    from argparse import ArgumentParser, Namespace

    from hamdsl.cli.main import Context

__all__ = ["HELP", "add_arguments", "run", "run_fmt"]

#: The three names every ``hamdsl`` command module has (see ``hamdsl.cli.main``), so that wiring the
#: command is one line in ``cli.COMMANDS``: ``"fmt": "hamdsl.cli.fmt"``.
HELP = "rewrite routines in the canonical layout (docs/language.md, 'Canonical layout')"

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


@dataclass(slots=True)
class _Tally:
    """What ``hamdsl fmt`` did to the files of one run, for its summary line and exit code."""

    changed: int = 0
    unchanged: int = 0
    failed: int = 0  # syntax errors: left untouched
    exit: int = EXIT_CLEAN

    def worse(self, code: int) -> None:
        self.exit = max(self.exit, code)


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="routine files or folders (searched for *.ham)"
    )
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if a file would be reformatted"
    )
    parser.add_argument(
        "--diff",
        action="store_true",
        help="write nothing; print a unified diff of the changes (exit 1 if any)",
    )


def run(args: Namespace, ctx: Context) -> int:
    return run_fmt(list(args.paths), check=args.check, diff=args.diff, out=ctx.out, err=ctx.err)


def run_fmt(paths: list[str], *, check: bool, diff: bool, out: TextIO, err: TextIO) -> int:
    """Format ``paths`` (files, or folders searched recursively for ``*.ham``) and return the exit code.

    Without flags, files that change are rewritten in place. ``check`` writes nothing and lists the
    files that would change; ``diff`` writes nothing and prints a unified diff per file (on ``out``,
    so it can be piped to ``patch``; the summary then goes to ``err``).
    """
    tally = _Tally()
    dry = check or diff
    collected = collect(paths)
    for error in collected.errors:
        err.write(f"{safe(error)}\n")
        tally.worse(EXIT_ERROR)
    from hamdsl.cli.main import collector_tuned

    with collector_tuned():
        for path in collected.files:
            _format_one(path, dry=dry, diff=diff, out=out, err=err, tally=tally)
    summary = _summary(tally, dry=dry)
    if summary:
        (err if diff else out).write(summary + "\n")
    return tally.exit


def _format_one(path: str, *, dry: bool, diff: bool, out: TextIO, err: TextIO, tally: _Tally) -> None:
    from hamdsl.language.formatter import format_text  # the parser is heavy; keep importing this module cheap
    from hamdsl.lint import report
    from hamdsl.lint.linter import FileReport, unreadable

    try:
        source = read_source(path)
    except SourceError as exc:
        if exc.undecodable:  # binary or not UTF-8: a finding about the file, like a syntax error
            report.write([FileReport(path, None, (unreadable(exc),))], "full", err, color=False, rules={})
            tally.failed += 1
            tally.worse(EXIT_FINDINGS)
        else:
            err.write(f"{safe(str(exc))}\n")
            tally.worse(EXIT_ERROR)
        return
    data = source.encode("utf-8")
    result = format_text(source)
    if result.text is None:
        tally.failed += 1
        # As lint shows them: code, the line with a caret, the hint.
        report.write([FileReport(path, source, result.problems)], "full", err, color=False, rules={})
        internal = any(p.code != SYNTAX_ERROR[0] for p in result.problems)
        tally.worse(EXIT_ERROR if internal else EXIT_FINDINGS)
        return
    new = result.text.encode("utf-8")
    if new == data:
        tally.unchanged += 1
        return
    if diff:
        import difflib  # only --diff needs it; `hamdsl lint` imports this module for its arguments

        # Shown through safe() like every other text: a line holding an escape sequence or a bidi
        # override appears escaped, so such a diff is for reading, not for `patch`.
        out.writelines(
            safe(line)
            for line in difflib.unified_diff(
                _lines(data.decode("utf-8")),
                _lines(result.text),
                fromfile=str(path),
                tofile=str(path),
            )
        )
    elif dry:
        out.write(f"would reformat: {safe(str(path))}\n")
    if dry:
        tally.changed += 1
        tally.worse(EXIT_FINDINGS)
        return
    try:
        write_atomic(path, new)
    except SourceError as exc:
        err.write(f"{safe(str(exc))}\n")
        tally.worse(EXIT_ERROR)
        return
    tally.changed += 1


def _lines(text: str) -> list[str]:
    """Lines for difflib, each ending in a newline so the diff is well formed even when the old
    file lacked its final newline (difflib itself would glue two lines together)."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += "\n"
    return lines


def _summary(tally: _Tally, *, dry: bool) -> str:
    """``2 files reformatted, 3 files left unchanged``, as ruff words it."""

    def files(n: int) -> str:
        return f"{n} file{'s' if n != 1 else ''}"

    parts: list[str] = []
    if tally.changed:
        verb = "would be reformatted" if dry else "reformatted"
        parts.append(f"{files(tally.changed)} {verb}")
    if tally.unchanged:
        parts.append(f"{files(tally.unchanged)} {'already formatted' if dry else 'left unchanged'}")
    if tally.failed:
        parts.append(f"{files(tally.failed)} could not be formatted")
    return ", ".join(parts)
