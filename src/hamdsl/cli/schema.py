"""``hamdsl schema``: print the JSON Schema of an export format (``hamdsl export --format json``).

An exporter describes its own output (``Exporter.schema``): the built-in JSON exporter ships its
schema in its package, and a plugin's format can do the same. The core knows no exporter, so it
asks the loaded ones, and a disabled plugin's schema is not there either.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from argparse import ArgumentParser, Namespace

    from hamdsl.cli.main import Context

HELP = "print the JSON Schema of an export format's output (default: json)"


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--format", default="json", metavar="NAME", help="the export format (default: json)"
    )


def run(args: Namespace, ctx: Context) -> int:
    from hamdsl.cli.export import _unknown_format
    from hamdsl.cli.main import EXIT_CLEAN, UsageError

    exporters = ctx.host().exporters()
    contribution = exporters.get(args.format)
    if contribution is None:
        raise UsageError(_unknown_format(args.format, sorted(exporters)))
    schema = contribution.item.schema
    if schema is None:
        with_schema = sorted(name for name, c in exporters.items() if c.item.schema is not None)
        raise UsageError(
            f"the export format '{args.format}' has no schema; formats with one: "
            + (", ".join(with_schema) or "none")
        )
    text = schema()
    ctx.out.write(text if text.endswith("\n") else text + "\n")
    return EXIT_CLEAN
