"""The steps every command shares after parsing: settings for a file, and the interpreted model
passed through the plugins' transform hooks. ``lint``, ``summary`` and ``export`` all use these,
so a summary or a calendar shows exactly the figures the rules judged."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hamdsl.config.settings import Settings
    from hamdsl.interpret.interpreter import Catalog
    from hamdsl.interpret.model import Model
    from hamdsl.language.nodes import Program
    from hamdsl.plugins.host import PluginHost


def settings_for(host: PluginHost, filename: str, config: str | None = None) -> Settings:
    """The settings in force for one file: ``config`` if given, else the nearest config file.
    A ``config`` that does not exist is a :class:`~hamdsl.config.settings.ConfigError` (exit 2)."""
    from hamdsl.config.settings import ConfigError, SettingsCache
    from hamdsl.plugins.core_options import all_options

    if config and not os.path.isfile(config):
        raise ConfigError(f"{config}: no such configuration file")
    return SettingsCache(all_options(host), explicit=config or None).for_file(filename)


def interpret(
    program: Program, host: PluginHost, settings: Settings, catalog: Catalog | None = None
) -> tuple[Model, list[tuple[str, Exception]]]:
    """Interpret, then run each plugin's transform hook in turn.

    A transform that raises, or returns something other than a model or ``None``, is skipped and
    returned with its plugin's name; the caller decides
    what that means (an ``internal-error`` finding for ``lint``, a warning for ``summary``, a
    refusal for ``export``). Ctrl-C is never caught.
    """
    from hamdsl.interpret.interpreter import Catalog
    from hamdsl.interpret.interpreter import interpret as interpret_program
    from hamdsl.interpret.model import Model

    if catalog is None:
        catalog = Catalog.from_contributions(host.exercises())
    model = interpret_program(program, catalog, settings)
    failures: list[tuple[str, Exception]] = []
    for plugin, transform in host.transforms():
        try:
            changed = transform(model=model, settings=settings)
        except (KeyboardInterrupt, SystemExit):
            raise
        except Exception as exc:
            failures.append((plugin, exc))
            continue
        if changed is None:
            continue
        if not isinstance(changed, Model):
            # Blamed on its own plugin here, not on every rule that would trip over it later.
            failures.append((plugin, TypeError(f"it returned {type(changed).__name__}, not a Model or None")))
            continue
        model = changed
    return model, failures
