"""A rule, exporter, exercise or option with the plugin that gave it: made by the plugin host,
read by the catalog and the linter."""

from __future__ import annotations

from typing import Generic, TypeVar

T = TypeVar("T")


class Contribution(Generic[T]):
    """A rule, exporter, exercise or option together with the plugin that gave it."""

    __slots__ = ("item", "plugin")

    def __init__(self, plugin: str, item: T) -> None:
        self.plugin = plugin
        self.item = item
