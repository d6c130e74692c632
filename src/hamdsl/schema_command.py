"""``hamdsl schema``: print the JSON Schema of ``hamdsl export --format json``.

The schema ships inside the built-in JSON exporter's package (it describes that plugin's output),
so this command reads it from there rather than keeping a second copy that could drift.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hamdsl.cli import Context

HELP = "print the JSON Schema of the JSON export (hamdsl export --format json)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No arguments: there is one schema."""


def run(args: argparse.Namespace, ctx: Context) -> int:
    from hamdsl.cli import EXIT_CLEAN
    from hamdsl_plugins.json_export import schema_text

    text = schema_text()
    ctx.out.write(text if text.endswith("\n") else text + "\n")
    return EXIT_CLEAN
