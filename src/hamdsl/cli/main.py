"""The ``hamdsl`` command line.

Each command lives in its own module with three names: ``HELP`` (one line), ``add_arguments``
(its arguments, added to the command's argparse parser) and ``run(args, ctx) -> int``, which gets
the ``argparse.Namespace``. argparse alone reads the command line (:func:`build_parser`): it
writes ``--help``, usage and every usage error (exit 2). Command modules keep their heavy imports
inside ``run``: ``hamdsl lint`` must not pay for rich, icalendar or exporters it does not use.

Exit codes, for every command: 0 clean, 1 findings, 2 usage, I/O, configuration or internal error.
A traceback is shown only with ``--debug``.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import importlib
import os
import sys
from typing import TYPE_CHECKING, NoReturn, TextIO

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Iterator, Sequence

    from hamdsl.language.nodes import Program
    from hamdsl.plugins.host import PluginHost

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2

#: The cyclic garbage collector's youngest-generation threshold while a command works through files
#: (Python's default is 700). Checking a file allocates tens of thousands of objects and keeps almost
#: none, and they are freed by reference counting, not by the collector; at the default the collector
#: runs every few lines for next to nothing, about 3 % of a run. mypy raises it for the same reason.
GC_THRESHOLD = 20_000

#: Command name → (module, one-line help). The help is repeated here, not read from the module's
#: ``HELP``, so that ``hamdsl --help`` lists every command without importing all of them; a test
#: keeps the two equal.
COMMANDS: dict[str, tuple[str, str]] = {
    "lint": (
        "hamdsl.cli.lint",
        "check routines against the training principles and report findings",
    ),
    "fmt": (
        "hamdsl.cli.fmt",
        "rewrite routines in the canonical layout (docs/language.md, 'Canonical layout')",
    ),
    "parse": ("hamdsl.cli.parse", "print the syntax tree of a routine (JSON with --format json)"),
    "plugins": (
        "hamdsl.cli.plugins",
        "list the loaded plugins with their rules, exporters and exercises",
    ),
    "rules": ("hamdsl.cli.rules", "list every rule with its code, name, severity, plugin and source"),
    "rule": ("hamdsl.cli.rule", "print the documentation of one rule, by code or name"),
    "export": (
        "hamdsl.cli.export",
        "export a routine as a coach's sheet (markdown), data (json), a calendar (ical) or a plugin's format",
    ),
    "schema": (
        "hamdsl.cli.schema",
        "print the JSON Schema of an export format's output (default: json)",
    ),
    "summary": (
        "hamdsl.cli.summary",
        "summarise a routine: hard sets per function, frequency, duration, weekly volume",
    ),
    "server": (
        "hamdsl.cli.server",
        "run the language server for editors on stdin/stdout (needs: pip install 'hamdsl[server]')",
    ),
}


class UsageError(Exception):
    """Bad input that is the caller's to fix (a missing path, an unknown format): exit 2."""


class CommandExit(Exception):
    """Stop a command with an exit code; what went wrong has already been reported on stderr."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class Context:
    """What every command gets: its streams, the plugins it may load, and ``--debug``.

    A plain class: one a run makes once and never compares or prints needs no dataclass.
    """

    __slots__ = ("_host", "debug", "disabled_plugins", "err", "out")

    def __init__(
        self, out: TextIO, err: TextIO, debug: bool = False, disabled_plugins: tuple[str, ...] = ()
    ) -> None:
        self.out = out
        self.err = err
        self.debug = debug
        self.disabled_plugins = disabled_plugins
        self._host: PluginHost | None = None

    def host(self) -> PluginHost:
        """The run's plugins, loaded on first use; load warnings go to stderr once."""
        if self._host is None:
            from hamdsl.plugins import host as plugins

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
    ``export``). A file that cannot be read stops the command with 2; one with syntax errors, or
    whose bytes are not UTF-8 text (E003), with 1, after the problem is reported on stderr in the
    ``full`` format."""
    from hamdsl.core.files import SourceError, read_source
    from hamdsl.core.text import safe
    from hamdsl.language.parser import parse
    from hamdsl.lint.linter import FileReport, unreadable
    from hamdsl.lint.report import write

    try:
        text = read_source(filename)
    except SourceError as exc:
        if exc.undecodable:
            write([FileReport(filename, None, (unreadable(exc),))], "full", ctx.err, color=False, rules={})
            raise CommandExit(EXIT_FINDINGS) from None
        ctx.err.write(f"hamdsl: error: {safe(str(exc))}\n")
        raise CommandExit(EXIT_ERROR) from None
    result = parse(text)
    if not result.ok:
        write([FileReport(filename, text, result.problems)], "full", ctx.err, color=False, rules={})
        raise CommandExit(EXIT_FINDINGS)
    return text, result.program


def add_common(parser: argparse.ArgumentParser, prefix: str) -> None:
    """``--disable-plugin`` and ``--debug``, accepted before and after the command name.

    The main parser and the command's parser store them under different names (``prefix``):
    argparse copies a subparser's values over the main parser's, so one shared name would
    silently drop ``hamdsl --disable-plugin x lint``. :func:`main` merges the two.
    """
    parser.add_argument(
        "--disable-plugin",
        dest=f"{prefix}disable_plugin",
        action="append",
        default=[],
        metavar="NAME",
        help="do not load this plugin (repeatable; also HAMDSL_DISABLE_PLUGINS=a,b)",
    )
    parser.add_argument(
        "--debug", dest=f"{prefix}debug", action="store_true", help="show tracebacks of internal errors"
    )


def build_parser() -> argparse.ArgumentParser:
    """The whole command line: the global options and one subparser per command, whose module
    adds its own arguments (command modules import nothing heavy at module level)."""
    import argparse

    from hamdsl import __version__

    parser = argparse.ArgumentParser(
        prog="hamdsl",
        description="Lint, format, summarise and export hamstring training routines (.ham files).",
    )
    add_common(parser, "global_")
    parser.add_argument("--version", action="version", version=f"hamdsl {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, summary) in COMMANDS.items():
        command = sub.add_parser(name, help=summary, description=summary)
        add_common(command, "")
        importlib.import_module(module).add_arguments(command)
    return parser


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the CLI and return its exit code (the console script exits with it)."""
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(sys.argv[1:] if argv is None else list(argv))
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
        return int(importlib.import_module(COMMANDS[args.command][0]).run(args, ctx))
    except CommandExit as stop:
        return stop.code
    except KeyboardInterrupt:
        err.write("hamdsl: interrupted\n")
        return 130
    except BrokenPipeError:
        # The reader went away (`hamdsl lint | head`); nothing useful is left to say.
        return EXIT_CLEAN
    except OSError as exc:
        if exc.filename is None and exc.errno in _WRITE_FAILURES:  # the output's disk, not a bug
            _output_failed(exc, err)
            return EXIT_ERROR
        return _report_crash(exc, ctx)
    except Exception as exc:
        return _report_crash(exc, ctx)


#: Errors a write to a stream can end in that no bug of hamdsl's causes: a full disk, a quota, a
#: file-size limit, a failing device. Reading a routine or a configuration fails differently
#: (with the file's name, and reported as such), so such an error here is the output's.
_WRITE_FAILURES = frozenset(
    getattr(errno, name) for name in ("ENOSPC", "EDQUOT", "EFBIG", "EIO") if hasattr(errno, name)
)


def _output_failed(exc: Exception, err: TextIO) -> None:
    """Say that the output could not be written; if stderr cannot take it either, stay silent."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        err.write(f"hamdsl: error: could not write the output: {exc}\n")
        err.flush()


def _report_crash(exc: Exception, ctx: Context) -> int:
    from hamdsl.config.settings import ConfigError
    from hamdsl.core.text import safe
    from hamdsl.plugins.host import PluginError

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


def tune_collector() -> Callable[[], None]:
    """Set the garbage collector up for work through files, and return what undoes it.

    What exists by then (modules, plugins, the catalog) lives as long as the run, so it is frozen
    out of the collector's walks; the threshold is raised to :data:`GC_THRESHOLD`; and the
    collector is turned on, since the ``hamdsl`` process starts with it off (``hamdsl.__main__``).
    """
    enabled, before = gc.isenabled(), gc.get_threshold()
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, *before[1:])
    gc.enable()

    def undo() -> None:
        gc.set_threshold(*before)
        gc.unfreeze()
        if not enabled:
            gc.disable()

    return undo


@contextlib.contextmanager
def collector_tuned() -> Iterator[None]:
    """:func:`tune_collector` for the time of a block, so that ``main()`` called in-process (tests,
    an editor integration) leaves the collector as it found it."""
    undo = tune_collector()
    try:
        yield
    finally:
        undo()


def exit_now(code: int) -> NoReturn:
    """End the process with ``code`` once the standard streams are flushed.

    Output that cannot be written (a full disk) is an error, exit 2; a reader that went away
    (``hamdsl lint | head``) is not. A stream that failed is pointed at ``os.devnull``, as the
    Python documentation advises for ``SIGPIPE``, so that the interpreter's own flush at exit
    does not fail on it again.
    """
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except BrokenPipeError:
            _silence(stream)
        except (OSError, ValueError) as exc:  # ValueError: a stream closed by someone else
            if stream is sys.stdout:
                code = EXIT_ERROR
                _output_failed(exc, sys.stderr)
            _silence(stream)
    sys.exit(code)


def _silence(stream: TextIO) -> None:
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
