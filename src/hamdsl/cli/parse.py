"""``hamdsl parse FILE``: show the syntax tree, for checking how a line was read."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from argparse import ArgumentParser, Namespace

    from hamdsl.cli.main import Context

HELP = "print the syntax tree of a routine (JSON with --format json)"


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a routine file")
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )


def run(args: Namespace, ctx: Context) -> int:

    from hamdsl.cli.main import EXIT_CLEAN, read_routine
    from hamdsl.core.serialize import to_data
    from hamdsl.core.text import json_text

    _, program = read_routine(args.file, ctx)
    data = to_data(program)
    if args.format == "json":
        ctx.out.write(json_text(data))
        ctx.out.write("\n")
    else:
        _print_tree(data, ctx.out)
    return EXIT_CLEAN


def _print_tree(data: object, out: TextIO, indent: int = 0) -> None:
    """An indented outline of the tree; empty fields are left out to keep it readable."""
    from hamdsl.core.text import safe

    pad = "  " * indent
    if isinstance(data, dict):
        for key, value in data.items():
            if value in (None, [], (), False) or key == "span":
                continue
            if isinstance(value, (dict, list)):
                if isinstance(value, dict) and set(value) == {"low", "high"}:
                    low, high = value["low"], value["high"]
                    out.write(f"{pad}{key}: {low if low == high else f'{low}-{high}'}\n")
                    continue
                out.write(f"{pad}{key}:\n")
                _print_tree(value, out, indent + 1)
            else:
                out.write(f"{pad}{key}: {safe(str(value))}\n")
    elif isinstance(data, list):
        for item in data:
            if isinstance(item, (dict, list)):
                out.write(f"{pad}-\n")
                _print_tree(item, out, indent + 1)
            else:
                out.write(f"{pad}- {safe(str(item))}\n")
