"""The ``hamdsl`` command line.

Each command lives in its own module with three names: ``HELP`` (one line), ``add_arguments``
(argparse set-up) and ``run(args, ctx) -> int``. Modules keep their heavy imports inside ``run`` so
that building the argument parser stays cheap; ``hamdsl lint`` must not pay for rich, icalendar or
exporters it does not use.

Exit codes, for every command: 0 clean, 1 findings, 2 usage, I/O, configuration or internal error.
A traceback is shown only with ``--debug``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO

from hamdsl import __version__

if TYPE_CHECKING:
    from collections.abc import Sequence

    from hamdsl.nodes import Program
    from hamdsl.plugins import PluginHost

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2

#: Command name → module. A command module is imported when the parser is built, so it must
#: import nothing heavy at module level.
COMMANDS: dict[str, str] = {
    "lint": "hamdsl.lint_command",
    "fmt": "hamdsl.fmt_command",
    "parse": "hamdsl.parse_command",
    "plugins": "hamdsl.plugins_command",
    "rules": "hamdsl.rules_command",
    "rule": "hamdsl.rule_command",
    "export": "hamdsl.export_command",
    "schema": "hamdsl.schema_command",
    "summary": "hamdsl.summary_command",
}


class UsageError(Exception):
    """Bad input that is the caller's to fix (a missing path, an unknown format): exit 2."""


class CommandExit(Exception):
    """Stop a command with an exit code; what went wrong has already been reported on stderr."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


@dataclass
class Context:
    """What every command gets: its streams, the plugins it may load, and ``--debug``."""

    out: TextIO
    err: TextIO
    debug: bool = False
    disabled_plugins: tuple[str, ...] = ()
    _host: PluginHost | None = field(default=None, repr=False)

    def host(self) -> PluginHost:
        """The run's plugins, loaded on first use; load warnings go to stderr once."""
        if self._host is None:
            from hamdsl import plugins

            self._host = plugins.load(plugins.disabled_names(self.disabled_plugins))
            self.flush_warnings()
        return self._host

    def flush_warnings(self) -> None:
        if self._host is not None:
            for warning in self._host.warnings:
                self.err.write(f"hamdsl: warning: {warning}\n")
            self._host.warnings.clear()


def read_routine(filename: str, ctx: Context) -> tuple[str, Program]:
    """Read and parse the one routine of a single-file command (``parse``, ``summary``,
    ``export``). A file that cannot be read stops the command with 2, one with syntax errors with
    1, after the problem is reported on stderr in the ``full`` format."""
    from pathlib import Path

    from hamdsl.files import SourceError, read_source
    from hamdsl.lint import FileReport
    from hamdsl.parser import parse
    from hamdsl.report import safe, write

    try:
        text = read_source(Path(filename))
    except SourceError as exc:
        ctx.err.write(f"hamdsl: error: {safe(str(exc))}\n")
        raise CommandExit(EXIT_ERROR) from None
    result = parse(text)
    if not result.ok:
        write([FileReport(filename, text, result.problems)], "full", ctx.err, color=False, rules={})
        raise CommandExit(EXIT_FINDINGS)
    return text, result.program


def _common(prefix: str) -> argparse.ArgumentParser:
    """``--disable-plugin`` and ``--debug``, accepted before and after the command name.

    The main parser and the command's parser store them under different names (``prefix``):
    argparse copies a subparser's defaults over the main parser's values, so one shared name
    would silently drop ``hamdsl --disable-plugin x lint``. :func:`main` merges the two.
    """
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--disable-plugin",
        dest=f"{prefix}disable_plugin",
        action="append",
        default=[],
        metavar="NAME",
        help="do not load this plugin (repeatable; also HAMDSL_DISABLE_PLUGINS=a,b)",
    )
    common.add_argument(
        "--debug", dest=f"{prefix}debug", action="store_true", help="show tracebacks of internal errors"
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common("")
    parser = argparse.ArgumentParser(
        prog="hamdsl",
        description="Lint, format, summarise and export hamstring training routines (.ham files).",
        parents=[_common("global_")],
    )
    parser.add_argument("--version", action="version", version=f"hamdsl {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(module_name)
        command = sub.add_parser(name, help=module.HELP, description=module.HELP, parents=[common])
        module.add_arguments(command)
        command.set_defaults(_module=module)
    return parser


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the CLI and return its exit code (the console script exits with it)."""
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help, --version (0) and usage errors (2)
        return int(exc.code or 0)
    if args.command is None:
        parser.print_help(out)
        return EXIT_ERROR
    ctx = Context(
        out=out,
        err=err,
        debug=args.debug or args.global_debug,
        disabled_plugins=(*args.global_disable_plugin, *args.disable_plugin),
    )
    try:
        return int(args._module.run(args, ctx))
    except CommandExit as stop:
        return stop.code
    except KeyboardInterrupt:
        err.write("hamdsl: interrupted\n")
        return 130
    except BrokenPipeError:
        # The reader went away (`hamdsl lint | head`); nothing useful is left to say.
        return EXIT_CLEAN
    except Exception as exc:
        return _report_crash(exc, ctx)


def _report_crash(exc: Exception, ctx: Context) -> int:
    from hamdsl.plugins import PluginError
    from hamdsl.report import safe
    from hamdsl.settings import ConfigError

    if isinstance(exc, (UsageError, ConfigError, PluginError)):
        ctx.err.write(f"hamdsl: error: {safe(str(exc))}\n")
    else:
        ctx.err.write(
            f"hamdsl: internal error: {type(exc).__name__}: {safe(str(exc))}\n"
            "This is a bug in hamdsl; run again with --debug for the traceback and report it.\n"
        )
    if ctx.debug:
        import traceback

        traceback.print_exception(exc, file=ctx.err)
    return EXIT_ERROR


def entry() -> None:
    """Console-script entry point."""
    sys.exit(main())
