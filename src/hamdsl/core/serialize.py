"""Plain data (dicts, lists, numbers, strings) from the frozen node and model dataclasses, and back.

One function serves `hamdsl parse --format json`, the JSON exporter and the test snapshots, so the
shape of a node in JSON is defined once: field names as in the dataclass, spans as
``{"line", "column", "end_line", "end_column"}``, tuples as lists, ``None`` kept as ``null``.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Mapping
from enum import Enum
from typing import Any, Literal, TypeVar, Union, get_args, get_origin, get_type_hints

T = TypeVar("T")


def to_data(value: Any, *, spans: bool = True) -> Any:
    """Convert a dataclass tree to JSON-ready data; ``spans=False`` drops every ``span`` field,
    which is how two trees are compared "apart from positions"."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for field in dataclasses.fields(value):
            if (not spans and field.name == "span") or field.metadata.get("layout"):
                continue  # a spelling kept for the formatter is not part of the data
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


def from_data(cls: type[T], data: Any) -> T:
    """The inverse of :func:`to_data` for the node dataclasses: rebuild ``cls`` from plain data.

    Driven by the dataclasses' type hints, so it stays in step with :mod:`hamdsl.language.nodes` without a
    hand-written reader per node. Strict: a missing or unknown key, or a value of the wrong type,
    raises :class:`ValueError` naming the path to it (``program.sessions[0].exercises[2].scheme``),
    since a JSON document that does not round-trip is a bug to report, not to paper over.
    """
    return _build(cls, data, cls.__name__.lower())


def _build(tp: Any, data: Any, path: str) -> Any:
    origin = get_origin(tp)
    if tp is Any:
        return data
    if origin in (Union, types.UnionType):
        options = get_args(tp)
        if data is None and type(None) in options:
            return None
        problems: list[str] = []
        for option in options:
            if option is type(None):
                continue
            try:
                return _build(option, data, path)
            except ValueError as exc:
                problems.append(str(exc))
        raise ValueError("; ".join(problems) or f"{path}: unexpected null")
    if origin is Literal:
        if data in get_args(tp) and not isinstance(data, bool):
            return data
        raise ValueError(f"{path}: expected one of {get_args(tp)!r}, got {data!r}")
    if origin in (tuple, frozenset, set, list):
        if not isinstance(data, list):
            raise ValueError(f"{path}: expected a list, got {type(data).__name__}")
        args = get_args(tp)
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            if len(args) != len(data):
                raise ValueError(f"{path}: expected {len(args)} items, got {len(data)}")
            return tuple(
                _build(a, d, f"{path}[{i}]") for i, (a, d) in enumerate(zip(args, data, strict=True))
            )
        items = [_build(args[0] if args else Any, d, f"{path}[{i}]") for i, d in enumerate(data)]
        return origin(items)
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        if not isinstance(data, Mapping):
            raise ValueError(f"{path}: expected an object, got {type(data).__name__}")
        hints = get_type_hints(tp)
        names = {f.name for f in dataclasses.fields(tp)}
        unknown = sorted(set(data) - names)
        if unknown:
            raise ValueError(f"{path}: unknown keys {', '.join(unknown)}")
        values: dict[str, Any] = {}
        for field in dataclasses.fields(tp):
            if field.name in data:
                values[field.name] = _build(hints[field.name], data[field.name], f"{path}.{field.name}")
            elif field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
                raise ValueError(f"{path}: missing key '{field.name}'")
        return tp(**values)
    if tp is float:
        if isinstance(data, (int, float)) and not isinstance(data, bool):
            return float(data)
    elif tp is int:
        if isinstance(data, int) and not isinstance(data, bool):
            return data
    elif isinstance(tp, type) and isinstance(data, tp):
        return data
    raise ValueError(f"{path}: expected {getattr(tp, '__name__', tp)}, got {data!r}")
