"""The hooks of hamdsl: the only way rules, exporters, exercises and options reach the core.

Every built-in feature is a plugin that implements these hooks and is found through the
``hamdsl`` entry-point group, exactly as a third-party plugin is (see docs/plugins.md). A plugin
module implements any subset of them with functions decorated by :data:`hamdsl.hookimpl`.

The core calls each plugin's implementation separately (not through one pluggy call for all), so
that every result can be attributed to the plugin that gave it and one plugin that raises does not
hide the others' results.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from collections.abc import Sequence

    from hamdsl.config.options import Option
    from hamdsl.config.settings import Settings
    from hamdsl.interpret.exercises import ExerciseSpec
    from hamdsl.interpret.model import Model
    from hamdsl.plugins.api import Exporter, Rule

PROJECT = "hamdsl"
hookspec = pluggy.HookspecMarker(PROJECT)


@hookspec
def hamdsl_rules() -> Sequence[Rule]:
    """Contribute lint rules.

    Called once per run, before any file is checked, when a command needs rules (``lint``,
    ``rules``, ``rule``, ``plugins``). Takes no arguments. Returns the plugin's rules; an empty
    sequence is fine. Every result is used (not first-result). A rule's code and name must be
    unique across all plugins: a clash stops the run with exit code 2.
    """


@hookspec
def hamdsl_exporters() -> Sequence[Exporter]:
    """Contribute output formats for ``hamdsl export``.

    Called once per run when a command needs exporters (``export``, ``plugins``). Takes no
    arguments. Returns the plugin's exporters. Every result is used. A format name must be unique
    across all plugins: a clash stops the run with exit code 2.
    """


@hookspec
def hamdsl_exercises() -> Sequence[ExerciseSpec]:
    """Contribute exercises to the catalog that names are resolved against.

    Called once per run, before interpreting any file. Takes no arguments. Returns the plugin's
    exercises. Every result is used; when two plugins name the same exercise, the one registered
    later adds its aliases and functions to the earlier entry rather than replacing it.
    """


@hookspec
def hamdsl_options() -> Sequence[Option]:
    """Declare configuration options of the plugin.

    Called once per run, before the configuration is read, so that hamdsl can check every key of
    ``[tool.hamdsl]`` and reject unknown keys and wrong types. Takes no arguments. Returns the
    plugin's options; each names its section. Every result is used. Options of a rule may also
    be declared on the rule itself (:attr:`hamdsl.plugins.api.Rule.options`).
    """


@hookspec
def hamdsl_transform(model: Model, settings: Settings) -> Model | None:
    """Change the interpreted program before the rules see it.

    Called once per checked file, after interpretation and before the rules run. ``model`` is
    the program as interpreted so far (earlier plugins' transforms included); ``settings`` is
    the configuration in force for the file. Returns a new model to pass on, or ``None`` to leave
    it unchanged. Implementations run one after the other, each seeing the previous result; the
    model is frozen, so build a new one with ``dataclasses.replace``.
    """
