"""Built-in plugin: ``hamdsl export FILE --format markdown``, a coach's sheet.

The hook only describes the exporter; the renderer is imported when an export actually runs, so
``hamdsl lint`` never pays for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import hamdsl

if TYPE_CHECKING:
    from hamdsl.plugins.api import ExportContext, Exporter


def _write(ctx: ExportContext) -> str:
    from hamdsl_plugins.markdown_export.render import render

    return render(ctx)


@hamdsl.hookimpl
def hamdsl_exporters() -> list[Exporter]:
    from hamdsl.plugins.api import Exporter

    return [
        Exporter(
            format="markdown",
            extension=".md",
            media_type="text/markdown; charset=utf-8",
            dated=False,
            write=_write,
            description="a coach's sheet: one GFM table per session, groups, weekly hard sets and "
            "estimated durations (CommonMark with GFM tables)",
        )
    ]
