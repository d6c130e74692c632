"""Every option a run knows: the core's own (interpreter assumptions, volume landmarks, weekday
spreads) and the plugins'. The settings loader checks configuration files against this one list."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hamdsl.plugins.api import Option
    from hamdsl.plugins.host import PluginHost


def all_options(host: PluginHost) -> list[Option]:
    from hamdsl.interpret.interpreter import INTERPRETER_OPTIONS, SCHEDULE_OPTIONS, VOLUME_OPTIONS

    return [*INTERPRETER_OPTIONS, *VOLUME_OPTIONS, *SCHEDULE_OPTIONS, *host.options()]
