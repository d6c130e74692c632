"""Built-in plugin: ``hamdsl export FILE --format ical``, the sessions in a calendar.

``icalendar`` is imported only when an export runs (in :mod:`.render`), so other commands do not
load it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import hamdsl

if TYPE_CHECKING:
    from hamdsl.plugins.api import ExportContext, Exporter


def _write(ctx: ExportContext) -> bytes:
    from hamdsl_plugins.ical_export.render import render

    return render(ctx)


@hamdsl.hookimpl
def hamdsl_exporters() -> list[Exporter]:
    from hamdsl.plugins.api import Exporter

    return [
        Exporter(
            format="ical",
            extension=".ics",
            media_type="text/calendar; charset=utf-8",
            write=_write,
            description="one calendar event per session and date (--start, --weeks, --time, --tz); "
            "stable UIDs, so a re-import updates instead of duplicating",
        )
    ]
