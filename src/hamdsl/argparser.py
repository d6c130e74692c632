"""The command line as argparse reads it: ``--help``, usage errors, and every argument list that
the quick reader (:func:`hamdsl.arguments.read`) leaves to it.

Imported only then, so that a plain ``hamdsl lint a.ham`` builds no argparse parser. The
arguments themselves are declared once, in :mod:`hamdsl.cli` and the command modules, and
replayed here (:meth:`hamdsl.arguments.Arguments.apply`).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any, TextIO

from hamdsl import __version__
from hamdsl.cli import COMMANDS, command_arguments, main_arguments


def parse(argv: list[str] | None, out: TextIO) -> dict[str, Any]:
    """The values of ``argv``; ``SystemExit`` for help, ``--version`` and usage errors, with
    argparse's exit codes, and 2 after the help when no command is given."""
    parser = build_parser()
    values = vars(parser.parse_args(argv))
    if values["command"] is None:
        parser.print_help(out)
        raise SystemExit(2)
    return values


class _CommandParser(argparse.ArgumentParser):
    """The parser of one command, made only when that command is used.

    ``hamdsl`` lists nine commands, and argparse makes a parser for each as the command is added:
    argument groups, a dozen registrations and translated titles each, about 1.5 ms of every run
    argparse reads, for eight parsers the run never uses. This parser is an empty shell until
    something asks it for anything (argparse hands it the words after the command name, or asks
    for its usage or help): the first attribute it lacks makes the real parser
    (:meth:`__getattr__`), and the first parse, usage or help also adds ``-h``, the common options
    and the command's own arguments, importing the command's module only then
    (:meth:`complete`). ``hamdsl lint --help`` therefore neither imports the eight other command
    modules nor builds their parsers.
    """

    _command: str

    def __init__(self, *args: Any, command: str = "", **kwargs: Any) -> None:
        # Nothing of ArgumentParser's own state yet: see __getattr__.
        vars(self)["_deferred"] = (args, {**kwargs, "add_help": False})
        vars(self)["_command"] = command

    def __getattr__(self, name: str) -> Any:
        deferred = vars(self).pop("_deferred", None)
        if deferred is None:  # made already: the attribute really is missing
            raise AttributeError(name)
        args, kwargs = deferred
        super().__init__(*args, **kwargs)
        return getattr(self, name)

    def complete(self) -> None:
        """Add ``-h``, the common options and the command's own arguments (once)."""
        if not self._command:
            return
        name, self._command = self._command, ""
        self.add_argument(
            "-h", "--help", action="help", default=argparse.SUPPRESS, help="show this help message and exit"
        )
        arguments = command_arguments(name)
        assert arguments is not None  # a name from COMMANDS
        arguments.apply(self)

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        self.complete()
        return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        self.complete()
        return super().format_usage()

    def format_help(self) -> str:
        self.complete()
        return super().format_help()


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's help layout, given the terminal's width up front.

    Left to itself, argparse asks ``shutil.get_terminal_size`` each time it makes a formatter,
    which it does for every option added; importing ``shutil`` brings ``bz2``, ``lzma`` and
    ``zlib`` with it, a few milliseconds of every run argparse reads (a usage error, say) for
    an answer only ``--help`` needs. The width is worked out as ``shutil`` does: ``$COLUMNS``,
    else the terminal on standard output, else 80.
    """

    def __init__(
        self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None
    ) -> None:
        width = _columns() - 2 if width is None else width
        super().__init__(prog, indent_increment, max_help_position, width)


def _columns() -> int:
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def build_parser() -> argparse.ArgumentParser:
    """The whole command line; no command module is imported until its command is parsed."""
    parser = argparse.ArgumentParser(
        prog="hamdsl",
        description="Lint, format, summarise and export hamstring training routines (.ham files).",
        formatter_class=_HelpFormatter,
    )
    main_arguments().apply(parser)
    parser.add_argument("--version", action="version", version=f"hamdsl {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_CommandParser)
    for name, (_module, summary) in COMMANDS.items():
        sub.add_parser(name, help=summary, description=summary, command=name, formatter_class=_HelpFormatter)
    return parser
