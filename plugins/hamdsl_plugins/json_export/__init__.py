"""Built-in plugin: ``hamdsl export FILE --format json``, the whole program as data.

The document's shape is the JSON Schema in ``schema.json`` next to this file (shipped in the
wheel, printed by ``hamdsl schema``); ``schema_version`` changes when a key is removed or changes
meaning, not when one is added.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import hamdsl
from hamdsl_plugins.json_export.version import SCHEMA_VERSION

if TYPE_CHECKING:
    from hamdsl.plugins.api import ExportContext, Exporter

__all__ = ["SCHEMA_FILE", "SCHEMA_VERSION"]

SCHEMA_FILE = "schema.json"


def schema_text() -> str:
    """The JSON Schema of the export, as shipped."""
    from hamdsl.core.datacache import package_text

    return package_text(__name__, SCHEMA_FILE)


def schema() -> dict[str, Any]:
    import json

    return json.loads(schema_text())


def _write(ctx: ExportContext) -> str:
    from hamdsl_plugins.json_export.render import render

    return render(ctx)


@hamdsl.hookimpl
def hamdsl_exporters() -> list[Exporter]:
    from hamdsl.plugins.api import Exporter

    return [
        Exporter(
            format="json",
            extension=".json",
            media_type="application/json",
            dated=False,
            write=_write,
            description="the syntax tree and the interpreted figures as JSON (schema: hamdsl schema)",
            schema=schema_text,
        )
    ]
