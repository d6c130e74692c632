"""Plain data (dicts, lists, numbers, strings) from the frozen node and model dataclasses.

One function serves `hamdsl parse --format json`, the JSON exporter and the test snapshots, so the
shape of a node in JSON is defined once: field names as in the dataclass, spans as
``{"line", "column", "end_line", "end_column"}``, tuples as lists, ``None`` kept as ``null``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from enum import Enum
from typing import Any


def to_data(value: Any, *, spans: bool = True) -> Any:
    """Convert a dataclass tree to JSON-ready data; ``spans=False`` drops every ``span`` field,
    which is how two trees are compared "apart from positions"."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for field in dataclasses.fields(value):
            if not spans and field.name == "span":
                continue
            out[field.name] = to_data(getattr(value, field.name), spans=spans)
        return out
    if isinstance(value, (tuple, list, frozenset, set)):
        items = [to_data(v, spans=spans) for v in value]
        return sorted(items, key=repr) if isinstance(value, (frozenset, set)) else items
    if isinstance(value, Mapping):
        return {str(k): to_data(v, spans=spans) for k, v in value.items()}
    if isinstance(value, Enum):
        return value.value
    return value
