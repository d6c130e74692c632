"""``hamdsl lint PATH...``: check routines and report findings."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hamdsl.cli import Context

HELP = "check routines against the training principles and report findings"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from hamdsl.report import FORMATS

    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="routine files, or folders searched for *.ham"
    )
    parser.add_argument(
        "--format",
        "--output-format",
        dest="format",
        choices=FORMATS,
        default="full",
        help="output format (default: full; machine formats are documented in docs/output.md)",
    )
    parser.add_argument("--config", metavar="FILE", help="use this configuration file instead of searching")
    parser.add_argument(
        "--statistics", action="store_true", help="count findings per rule instead of listing them"
    )
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    parser.add_argument(
        "--select",
        action="append",
        default=[],
        metavar="CODE",
        help="check only these codes, prefixes or names (comma-separated, repeatable)",
    )
    parser.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="CODE",
        help="skip these codes, prefixes or names (comma-separated, repeatable)",
    )


def run(args: argparse.Namespace, ctx: Context) -> int:
    from pathlib import Path

    from hamdsl import report
    from hamdsl.cli import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS
    from hamdsl.core_options import all_options
    from hamdsl.files import collect
    from hamdsl.lint import Linter
    from hamdsl.settings import SettingsCache
    from hamdsl.terminal import is_terminal

    collected = collect(args.paths)
    for error in collected.errors:
        ctx.err.write(f"hamdsl: error: {report.safe(error)}\n")
    host = ctx.host()
    explicit = Path(args.config) if args.config else None
    if explicit is not None and not explicit.is_file():
        ctx.err.write(f"hamdsl: error: {args.config}: no such configuration file\n")
        return EXIT_ERROR
    select = [s.strip() for value in args.select for s in value.split(",") if s.strip()]
    ignore = [s.strip() for value in args.ignore for s in value.split(",") if s.strip()]
    cache = SettingsCache(all_options(host), explicit=explicit, select=select, ignore=ignore)
    linter = Linter(host, cache)
    reports = []
    failed = bool(collected.errors)
    for path in collected.files:
        file_report = linter.check_path(path)
        ctx.flush_warnings()
        if file_report.error is not None:
            ctx.err.write(f"hamdsl: error: {report.safe(file_report.error)}\n")
            failed = True
            continue
        failed = failed or file_report.crashed
        reports.append(file_report)
    if args.statistics:
        report.statistics(reports, ctx.out)
    else:
        rules = {
            c.item.code: {"name": c.item.name, "summary": c.item.summary, "severity": c.item.severity}
            for c in host.rules()
        }
        from hamdsl.diagnostics import CORE_CHECKS

        rules.update(
            {c.code: {"name": c.name, "summary": c.summary, "severity": c.severity} for c in CORE_CHECKS}
        )
        report.write(reports, args.format, ctx.out, color=is_terminal(ctx.out), rules=rules)
    found = sum(len(r.diagnostics) for r in reports)
    if args.format in ("full", "concise") and not args.statistics and is_terminal(ctx.err):
        checked = len(reports)
        ctx.err.write(
            f"{found} finding{'s' if found != 1 else ''} in {checked} file{'s' if checked != 1 else ''}\n"
        )
    if failed:
        return EXIT_ERROR
    if found and not args.exit_zero:
        return EXIT_FINDINGS
    return EXIT_CLEAN
