"""The types a plugin exchanges with hamdsl: rules, findings, exporters, exercises and options.

Built-in plugins and third-party plugins use exactly these, through the hooks in
:mod:`hamdsl.hookspecs`. They are plain frozen dataclasses so a plugin can build them without
subclassing anything, and the core can list, document and check them (``hamdsl plugins``,
``hamdsl rules``) without running them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from hamdsl.diagnostics import Severity
from hamdsl.nodes import Span

if TYPE_CHECKING:
    from hamdsl.model import Model
    from hamdsl.nodes import Program
    from hamdsl.settings import Settings

#: The movement functions the interpreter counts hard sets for (principles A2, A5).
KNEE_FLEXION = "knee-flexion"
HIP_EXTENSION = "hip-extension"
KNEE_EXTENSION = "knee-extension"  # quads
OTHER = "other"
FUNCTIONS: tuple[str, ...] = (KNEE_FLEXION, HIP_EXTENSION, KNEE_EXTENSION, OTHER)

#: The hamstring muscles (principle A1, 003). The short head only flexes the knee (A2).
MUSCLES: tuple[str, ...] = (
    "biceps-femoris-long-head",
    "biceps-femoris-short-head",
    "semitendinosus",
    "semimembranosus",
)

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


@dataclass(frozen=True, slots=True)
class ExerciseSpec:
    """One exercise of the catalog.

    ``functions`` are movement functions (see :data:`FUNCTIONS`); ``muscles`` the hamstring
    muscles it trains; ``direct_hamstring`` is false for squats, lunges and presses, which work
    the hamstrings without changing their length enough to count (principle A5).
    """

    name: str
    functions: frozenset[str]
    aliases: tuple[str, ...] = ()
    muscles: frozenset[str] = frozenset()
    direct_hamstring: bool = False
    unilateral: bool = False
    equipment: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule reports; the runner adds the rule's code, name, severity and source."""

    message: str
    span: Span | None
    hint: str | None = None


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
