"""The ``Option`` type: a configuration option the core or a plugin declares, checked by the
settings loader. Plugin authors import it from :mod:`hamdsl.plugins.api`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

OptionKind = Literal["int", "float", "str", "bool", "choice", "range", "list"]


@dataclass(frozen=True, slots=True)
class Option:
    """A configuration option a plugin (or the core) declares.

    It is read from ``[tool.hamdsl.<section>]`` in ``pyproject.toml`` or ``[<section>]`` in
    ``hamdsl.toml``. Declaring it lets hamdsl reject a misspelt key or a wrong type with a clear
    message, and list it in the docs. ``source`` cites where a default figure comes from.
    ``range`` values are two numbers ``[low, high]``; ``choice`` values must be in ``choices``, and
    so must every item of a ``list`` that has ``choices`` (each at most once).
    """

    section: str
    name: str
    kind: OptionKind
    default: Any
    help: str
    choices: tuple[str, ...] = ()
    source: str | None = None
