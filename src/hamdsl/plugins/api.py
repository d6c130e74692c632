"""The types a plugin exchanges with hamdsl: rules, findings, exporters, exercises and options.

Built-in plugins and third-party plugins use exactly these, through the hooks in
:mod:`hamdsl.plugins.hookspecs`. They are plain frozen dataclasses so a plugin can build them without
subclassing anything, and the core can list, document and check them (``hamdsl plugins``,
``hamdsl rules``) without running them.

This module is the plugin author's import path. ``Option`` (:mod:`hamdsl.config.options`), the
exercise vocabulary and ``ExerciseSpec`` (:mod:`hamdsl.interpret.exercises`) are defined in the
lower layers that use them and re-exported here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from hamdsl.config.options import Option, OptionKind
from hamdsl.core.diagnostics import Fix, Severity
from hamdsl.interpret.exercises import (
    FUNCTIONS,
    HIP_EXTENSION,
    KNEE_EXTENSION,
    KNEE_FLEXION,
    MUSCLES,
    OTHER,
    REGIONS,
    ExerciseSpec,
    default_muscles,
)
from hamdsl.language.nodes import Span

__all__ = [
    "FUNCTIONS",
    "HIP_EXTENSION",
    "KNEE_EXTENSION",
    "KNEE_FLEXION",
    "MUSCLES",
    "OTHER",
    "REGIONS",
    "CannotExport",
    "ExerciseSpec",
    "ExportContext",
    "Exporter",
    "Finding",
    "Fix",
    "Option",
    "OptionKind",
    "Rule",
    "RuleContext",
    "Severity",
    "Span",
    "default_muscles",
]

if TYPE_CHECKING:
    from hamdsl.config.settings import Settings
    from hamdsl.interpret.model import Model
    from hamdsl.language.nodes import Program

@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule reports; the runner adds the rule's code, name, severity and source.

    ``fixes`` are the edits that would fix it, best first (for example the catalog names an unknown
    exercise is closest to); ``hamdsl server`` offers them as quick fixes, and the first one is the
    preferred fix when it is the only one. Optional, so findings built without it keep working.
    """

    message: str
    span: Span | None
    hint: str | None = None
    fixes: tuple[Fix, ...] = ()


@dataclass(frozen=True, slots=True)
class RuleContext:
    """Everything a rule may look at for one file. ``options`` are this rule's resolved options."""

    filename: str
    program: Program
    model: Model
    options: Mapping[str, Any]
    settings: Settings


@dataclass(frozen=True, slots=True)
class Rule:
    """A lint rule.

    ``code`` is a family prefix and digits (``HAM101``), ``name`` kebab-case. ``doc`` is the
    text ``hamdsl rule`` prints, with the sections *What it checks*, *Why*, *Example*, *Use
    instead* and *Options*. ``source`` cites the document file and principle. ``options`` are
    declared under the section named after the rule.
    """

    code: str
    name: str
    summary: str
    check: Callable[[RuleContext], Iterable[Finding]]
    severity: Severity = "warning"
    source: str | None = None
    doc: str = ""
    options: tuple[Option, ...] = ()
    default_enabled: bool = True


@dataclass(frozen=True, slots=True)
class ExportContext:
    """What an exporter gets: the parsed and the interpreted program, and the export parameters
    the command line gave (``start``, ``weeks``, ``time``, ``tz`` for calendars)."""

    filename: str
    program: Program
    model: Model
    settings: Settings
    params: Mapping[str, Any] = field(default_factory=dict)


class CannotExport(Exception):
    """What an exporter raises when this routine has nothing its format can hold (a calendar of a
    warm-up alone): not a bug, so ``export`` prints the message as it is, names no plugin and no
    exception, and exits with 2."""


@dataclass(frozen=True, slots=True)
class Exporter:
    """An output format: ``hamdsl export FILE --format <format>``.

    ``write`` returns the whole document; text is written as UTF-8.
    """

    format: str
    extension: str
    media_type: str
    write: Callable[[ExportContext], str | bytes]
    description: str = ""
    #: The JSON Schema (as text) of what ``write`` returns, for ``hamdsl schema --format NAME``;
    #: ``None`` for a format that has none.
    schema: Callable[[], str] | None = None
    #: Whether the format places sessions at dates and times (``--start``, ``--time``, ``--tz``).
    #: ``export`` mentions a time-zone fallback only for a format that is.
    dated: bool = True
