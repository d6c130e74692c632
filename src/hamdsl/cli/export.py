"""``hamdsl export FILE --format FORMAT [-o PATH]``: a routine as a sheet, data or a calendar.

Formats come from plugins (the built-in ``markdown``, ``json`` and ``ical`` are plugins too), so
``--format`` is checked against the loaded exporters at run time, not by argparse.

Output goes to stdout unless ``-o`` is given. With ``-o`` nothing is written until the export has
succeeded, and then atomically (a temporary file in the target's folder, fsync, ``os.replace``):
a reader of the target sees the old file or the new one, never half of one, and an error leaves
no file behind. ``-o`` refuses the input file itself, since a typo there would destroy the
routine.

The calendar options (``--start``, ``--weeks``, ``--time``, ``--tz``) reach every exporter through
:attr:`hamdsl.plugins.api.ExportContext.params`, always filled in with the defaults documented in
docs/export.md: the next Monday after today, 4 weeks, 18:00, the local time zone.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from argparse import ArgumentParser, Namespace

    from hamdsl.cli.main import Context
    from hamdsl.language.nodes import Program

HELP = "export a routine as a coach's sheet (markdown), data (json), a calendar (ical) or a plugin's format"

DEFAULT_WEEKS = 4
DEFAULT_TIME = dt.time(18, 0)
#: More weeks than this is almost certainly a typo (10 years of sessions in one calendar file).
MAX_WEEKS = 520
ZONEINFO_MARKER = "zoneinfo/"


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a routine file")
    parser.add_argument(
        "--format",
        "-f",
        required=True,
        metavar="FORMAT",
        help="markdown, json, ical, or a format a plugin adds (hamdsl plugins lists them)",
    )
    parser.add_argument("-o", "--output", metavar="PATH", help="write here (atomically) instead of stdout")
    parser.add_argument("--config", metavar="FILE", help="use this configuration file instead of searching")
    calendar = parser.add_argument_group("calendar options (ical)")
    calendar.add_argument(
        "--start",
        type=_date,
        metavar="YYYY-MM-DD",
        help="first day of week 1 (default: the routine's 'start:' line, else the next Monday after today)",
    )
    calendar.add_argument(
        "--weeks",
        type=_weeks,
        default=None,
        metavar="N",
        help=f"number of weeks (default: the block's length for a routine with 'weeks:' or week "
        f"headers, else {DEFAULT_WEEKS})",
    )
    calendar.add_argument(
        "--time",
        type=_time,
        default=DEFAULT_TIME,
        metavar="HH:MM",
        help="start time of each session (default: 18:00)",
    )
    calendar.add_argument(
        "--tz", metavar="Area/City", help="IANA time zone of --time (default: the local zone, else UTC)"
    )


# -- argument types: argparse turns ArgumentTypeError into "usage: ..." and exit 2 -----------------


def _type_error(message: str) -> Exception:
    """argparse's error for a value its ``type`` rejects, worded by us. argparse is imported only
    here: a valid value never needs it (:mod:`hamdsl.arguments`)."""
    import argparse

    return argparse.ArgumentTypeError(message)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise _type_error(f"'{text}' is not a date; write it as YYYY-MM-DD, e.g. 2026-12-07") from None


def _weeks(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise _type_error(f"'{text}' is not a whole number of weeks") from None
    if not 1 <= value <= MAX_WEEKS:
        raise _type_error(f"{value} weeks: give between 1 and {MAX_WEEKS}")
    return value


def _time(text: str) -> dt.time:
    try:
        hours, minutes = text.split(":")
        if len(minutes) != 2:
            raise ValueError
        return dt.time(int(hours), int(minutes))
    except ValueError:
        raise _type_error(f"'{text}' is not a time; write it as HH:MM, e.g. 18:00") from None


# -- defaults ---------------------------------------------------------------------------------------


def next_monday(today: dt.date) -> dt.date:
    """The Monday after ``today`` (a week later when today is a Monday): week 1 starts fresh."""
    return today + dt.timedelta(days=7 - today.weekday())


def local_zone_name() -> tuple[str, str | None]:
    """The local IANA zone name and, when it could not be found, a note saying UTC is used.

    The standard library has no "local zone name", and an iCal TZID must be a name, not an
    offset. So, without a dependency such as tzlocal: ``TZ`` (``Europe/Berlin`` or a path into a
    zoneinfo folder), then the ``/etc/localtime`` link, then Debian's ``/etc/timezone``.
    """
    candidates: list[str] = []
    env = os.environ.get("TZ", "").strip().removeprefix(":")
    if env:
        candidates.append(_zone_from_path(env) if "/" in env and env.startswith("/") else env)
    with contextlib.suppress(OSError):
        candidates.append(_zone_from_path(os.readlink("/etc/localtime")))
    with contextlib.suppress(OSError, UnicodeDecodeError):
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    for name in candidates:
        if name and _valid_zone(name):
            return name, None
    return "UTC", "could not tell the local time zone; times are in UTC (give --tz Area/City)"


def _zone_from_path(path: str) -> str:
    marker = path.rfind(ZONEINFO_MARKER)
    return path[marker + len(ZONEINFO_MARKER) :] if marker >= 0 else ""


def _valid_zone(name: str) -> bool:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def _zone(name: str) -> str:
    """Check ``--tz``; a fixed offset or an abbreviation is refused because it has no DST rules."""
    from hamdsl.cli.main import UsageError

    if not _valid_zone(name):
        raise UsageError(
            f"--tz '{name}': unknown time zone; give an IANA name such as Europe/Berlin or "
            "America/New_York (install the tzdata package if your system has no zone database)"
        )
    return name


# -- the command ------------------------------------------------------------------------------------


def run(args: Namespace, ctx: Context) -> int:
    from hamdsl.cli.main import EXIT_CLEAN, EXIT_ERROR, CommandExit, UsageError, read_routine
    from hamdsl.core.files import SourceError, write_atomic
    from hamdsl.core.text import safe
    from hamdsl.plugins import pipeline
    from hamdsl.plugins.api import CannotExport, ExportContext
    from hamdsl.plugins.host import PluginError

    source = Path(args.file)
    output = Path(args.output) if args.output else None
    host = ctx.host()
    exporters = host.exporters()
    contribution = exporters.get(args.format)
    if contribution is None:
        raise UsageError(_unknown_format(args.format, sorted(exporters)))
    if output is not None:
        _check_output(source, output)
    try:
        _, program = read_routine(args.file, ctx)
    except CommandExit:
        ctx.err.write(f"hamdsl: error: nothing was exported from {safe(args.file)}\n")
        raise
    settings = pipeline.settings_for(host, str(source), args.config)
    model, failures = pipeline.interpret(program, host, settings)
    if failures:
        plugin, exc = failures[0]
        raise PluginError(
            f"the transform hook of plugin '{plugin}' raised {type(exc).__name__}: {exc}; "
            f"nothing was exported. Run with --disable-plugin {plugin} to skip it"
        )
    params = _params(args, ctx, program, model.block_length, dated=contribution.item.dated)
    export = ExportContext(
        filename=args.file, program=program, model=model, settings=settings, params=params
    )
    exporter = contribution.item
    try:
        document = exporter.write(export)
    except (KeyboardInterrupt, SystemExit):
        raise
    except CannotExport as exc:
        ctx.err.write(f"hamdsl: error: {safe(args.file)}: {safe(str(exc))}; nothing was written\n")
        return EXIT_ERROR
    except Exception as exc:
        ctx.err.write(
            f"hamdsl: error: the '{exporter.format}' exporter of plugin '{contribution.plugin}' failed "
            f"on {safe(args.file)}: {type(exc).__name__}: {safe(str(exc))}; nothing was written\n"
        )
        if ctx.debug:
            import traceback

            traceback.print_exception(exc, file=ctx.err)
        return EXIT_ERROR
    if isinstance(document, str):
        data = document.encode("utf-8")
    elif isinstance(document, bytes):
        data = document
    else:
        ctx.err.write(
            f"hamdsl: error: the '{exporter.format}' exporter of plugin '{contribution.plugin}' returned "
            f"{type(document).__name__}, not text or bytes; nothing was written\n"
        )
        return EXIT_ERROR
    if output is None:
        _write_stdout(ctx, data)
    else:
        try:
            write_atomic(output, data)
        except SourceError as exc:
            ctx.err.write(f"hamdsl: error: {safe(str(exc))}\n")
            return EXIT_ERROR
    return EXIT_CLEAN


def _unknown_format(name: str, known: list[str]) -> str:
    import difflib

    message = f"unknown export format '{name}'"
    close = difflib.get_close_matches(name.lower(), known, n=1, cutoff=0.5)
    message += f"; did you mean '{close[0]}'?" if close else "."
    listed = ", ".join(known) if known else "none (are the built-in plugins disabled?)"
    return f"{message} Known formats: {listed}"


def _check_output(source: Path, output: Path) -> None:
    """Refuse ``-o`` onto the routine itself (also through a link) or onto a folder."""
    from hamdsl.cli.main import UsageError

    # realpath, not Path.resolve: resolve raises RuntimeError on a loop of links (write_atomic
    # then refuses the loop with a clear message).
    same = os.path.realpath(output) == os.path.realpath(source)
    if not same and output.exists() and source.exists():
        with contextlib.suppress(OSError):
            same = os.path.samefile(output, source)
    if same:
        raise UsageError(f"-o {output}: that is the input file; refusing to overwrite the routine")
    if output.is_dir():
        raise UsageError(f"-o {output}: is a folder; give a file name, e.g. {output / source.stem}.ics")


def _params(
    args: Namespace,
    ctx: Context,
    program: Program | None = None,
    block_length: int = 1,
    *,
    dated: bool = True,
) -> dict[str, Any]:
    """The export parameters, defaults filled in, so every exporter sees concrete values. A block
    (``weeks:`` or week headers) gives the default ``weeks`` and its ``start:`` line the default
    ``start``; a routine without them keeps the documented defaults."""
    from zoneinfo import ZoneInfo

    from hamdsl.core.text import safe

    if args.tz is not None:
        tz = _zone(args.tz)
    else:
        tz, note = local_zone_name()
        # The sheet and the data do not place sessions in time; only say so where it matters.
        if note is not None and dated:
            ctx.err.write(f"hamdsl: note: {safe(note)}\n")
    block = program.block if program is not None else None
    start = args.start
    if start is None and block is not None and block.start:
        try:
            start = dt.date.fromisoformat(block.start)
        except ValueError:
            ctx.err.write(f"hamdsl: note: 'start: {safe(block.start)}' is not a date (YYYY-MM-DD); "
                          "starting next Monday\n")
    if start is None:
        start = next_monday(dt.datetime.now(ZoneInfo(tz)).date())
    weeks = args.weeks
    if weeks is None:
        is_block = program is not None and (bool(program.weeks) or bool(block is not None and block.weeks))
        weeks = block_length if is_block else DEFAULT_WEEKS
    return {"start": start, "weeks": weeks, "time": args.time, "tz": tz}


def _write_stdout(ctx: Context, data: bytes) -> None:
    """Bytes as they are where stdout has a buffer (no newline translation for iCal's CRLF)."""
    buffer = getattr(ctx.out, "buffer", None)
    if buffer is not None:
        ctx.out.flush()
        buffer.write(data)
        buffer.flush()
    else:
        ctx.out.write(data.decode("utf-8", errors="replace"))
