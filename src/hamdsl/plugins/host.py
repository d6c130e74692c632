"""Finding, loading and asking plugins, with one broken plugin never taking the others down.

Plugins are entry points of the ``hamdsl`` group. The built-ins in ``plugins/`` are declared in
hamdsl's own ``pyproject.toml`` and load through this same path, so ``--disable-plugin`` and
``HAMDSL_DISABLE_PLUGINS`` block a built-in exactly as they block a third-party plugin.

The entry points are found through ``importlib.metadata`` on every run and registered with
pluggy's documented ``PluginManager`` API. As in sqlfluff's plugin host, each entry point is
loaded on its own inside ``try``: one that fails to import is reported once (name, version,
error, what to do) and skipped. Each hook is then called plugin by plugin, so results are
attributed and a raising hook costs only that plugin's share.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from hamdsl.config.options import Option
from hamdsl.core.contribution import Contribution
from hamdsl.interpret.exercises import ExerciseSpec
from hamdsl.plugins.api import Exporter, Rule

if TYPE_CHECKING:

    import pluggy

ENTRY_POINT_GROUP = "hamdsl"
DISABLE_ENV = "HAMDSL_DISABLE_PLUGINS"
T = TypeVar("T")


class PluginError(Exception):
    """A plugin problem that stops the run (exit 2): clashing rules or formats, unknown hooks."""


class PluginInfo:
    """What ``hamdsl plugins`` shows about one loaded plugin."""

    __slots__ = ("distribution", "hooks", "module", "name", "version")

    def __init__(
        self, name: str, distribution: str | None, version: str | None, module: str, hooks: tuple[str, ...]
    ) -> None:
        self.name = name
        self.distribution = distribution
        self.version = version
        self.module = module
        self.hooks = hooks


class PluginHost:
    """The loaded plugins of one run.

    ``warnings`` collects one line per plugin that failed to load or to answer a hook; the CLI
    prints them on stderr. Hook results are computed once and kept for the run.
    """

    __slots__ = ("_cache", "disabled", "infos", "manager", "warnings")

    def __init__(self, manager: pluggy.PluginManager, disabled: frozenset[str] = frozenset()) -> None:
        self.manager = manager
        self.infos: dict[str, PluginInfo] = {}
        self.warnings: list[str] = []
        self.disabled = disabled
        self._cache: dict[str, Any] = {}

    # -- hook results ----------------------------------------------------------------------------
    def _collect(self, hook_name: str, kind: type[T]) -> list[Contribution[T]]:
        if hook_name in self._cache:
            return self._cache[hook_name]
        results: list[Contribution[T]] = []
        hook = getattr(self.manager.hook, hook_name)
        # get_hookimpls() lists in registration order (pluggy *calls* them in reverse): entry
        # points are registered sorted by name, so output is stable.
        for impl in hook.get_hookimpls():
            plugin = impl.plugin_name
            try:
                items = impl.function()
                items = list(items or ())
            except (KeyboardInterrupt, SystemExit):
                raise
            except Exception as exc:
                self.warnings.append(
                    f"plugin '{plugin}' ({self._version(plugin)}) failed in {hook_name}: "
                    f"{type(exc).__name__}: {exc}; its contributions are skipped. Update or "
                    f"disable it with --disable-plugin {plugin}"
                )
                continue
            for item in items:
                if not isinstance(item, kind):
                    self.warnings.append(
                        f"plugin '{plugin}' returned {type(item).__name__} from {hook_name}, "
                        f"expected {kind.__name__}; ignored"
                    )
                    continue
                results.append(Contribution(plugin, item))
        self._cache[hook_name] = results
        return results

    def _version(self, plugin: str) -> str:
        info = self.infos.get(plugin)
        if info is None or info.version is None:
            return "unknown version"
        return f"{info.distribution} {info.version}"

    def rules(self) -> list[Contribution[Rule]]:
        """Every rule, checked for clashing codes and names (:class:`PluginError`)."""
        rules = self._collect("hamdsl_rules", Rule)
        _unique(rules, lambda r: r.code, "rule code")
        _unique(rules, lambda r: r.name, "rule name")
        return rules

    def exporters(self) -> dict[str, Contribution[Exporter]]:
        """Exporters by format name, checked for clashing names (:class:`PluginError`)."""
        exporters = self._collect("hamdsl_exporters", Exporter)
        _unique(exporters, lambda e: e.format, "export format")
        return {c.item.format: c for c in exporters}

    def exercises(self) -> list[Contribution[ExerciseSpec]]:
        return self._collect("hamdsl_exercises", ExerciseSpec)

    def options(self) -> list[Option]:
        """Every declared option: the plugins' own and those of their rules."""
        declared = [c.item for c in self._collect("hamdsl_options", Option)]
        for contribution in self.rules():
            declared.extend(contribution.item.options)
        return declared

    def transforms(self) -> list[tuple[str, Callable[..., Any]]]:
        """The transform hook's implementations in registration order, for chaining."""
        hook = self.manager.hook.hamdsl_transform
        return [(impl.plugin_name, impl.function) for impl in hook.get_hookimpls()]


def _unique(items: Sequence[Contribution[Any]], key: Callable[[Any], str], what: str) -> None:
    seen: dict[str, str] = {}
    for contribution in items:
        value = key(contribution.item)
        if value in seen:
            first, second = seen[value], contribution.plugin
            where = f"plugins '{first}' and '{second}'" if first != second else f"plugin '{first}' (twice)"
            raise PluginError(
                f"{what} '{value}' is defined by {where}; disable one with --disable-plugin NAME"
            )
        seen[value] = contribution.plugin


def disabled_names(cli_names: Iterable[str] = ()) -> frozenset[str]:
    """Plugins blocked by ``--disable-plugin`` and by ``HAMDSL_DISABLE_PLUGINS=a,b``."""
    from_env = [n.strip() for n in os.environ.get(DISABLE_ENV, "").split(",")]
    return frozenset(n for n in (*cli_names, *from_env) if n)


def load(disabled: Iterable[str] = (), *, extra: Iterable[tuple[str, object]] = ()) -> PluginHost:
    """Load every ``hamdsl`` entry point not in ``disabled``, sorted by name, the first of two
    with one name winning; ``extra`` registers in-process plugins (name, module or object),
    which is how tests add a plugin without installing it."""
    from importlib.metadata import entry_points

    import pluggy

    from hamdsl.plugins import hookspecs

    blocked = frozenset(disabled)
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    host = PluginHost(manager=manager, disabled=blocked)
    seen: set[str] = set()
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        if ep.name in blocked or ep.name in seen:
            continue
        seen.add(ep.name)
        dist = ep.dist
        distribution = dist.metadata["Name"] if dist is not None else None
        version = dist.version if dist is not None else None
        try:
            plugin = ep.load()
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:
            host.warnings.append(
                f"plugin '{ep.name}' ({distribution or 'unknown distribution'} {version or ''}".rstrip()
                + f") could not be loaded: {type(exc).__name__}: {exc}; skipped. Reinstall or "
                f"update it, or disable it with --disable-plugin {ep.name}"
            )
            continue
        _register(host, ep.name, plugin, distribution, version)
    for name, plugin in extra:
        if name not in blocked:
            _register(host, name, plugin, None, None)
    # A plugin with a misspelled hook is left out, one at a time, so the others still serve.
    while True:
        try:
            manager.check_pending()
        except pluggy.PluginValidationError as exc:
            name = manager.get_name(exc.plugin) or "?"
            manager.unregister(exc.plugin)
            host.infos.pop(name, None)
            host.warnings.append(
                f"plugin '{name}' implements a hook that does not exist ({exc}); skipped. Check the "
                f"spelling against the hooks in docs/plugins.md, or disable it with --disable-plugin {name}"
            )
            continue
        return host


def _register(host: PluginHost, name: str, plugin: object, dist: str | None, version: str | None) -> None:
    import pluggy

    try:
        host.manager.register(plugin, name=name)
    except (pluggy.PluginValidationError, ValueError) as exc:
        host.warnings.append(
            f"plugin '{name}' cannot be registered: {exc}; skipped. Disable it with --disable-plugin {name}"
        )
        return
    # The hooks pluggy registered, by hook name: a function named otherwise (``specname=``)
    # counts, an unmarked ``hamdsl_`` function does not.
    hooks = tuple(sorted(caller.name for caller in host.manager.get_hookcallers(plugin) or ()))
    host.infos[name] = PluginInfo(
        name=name,
        distribution=dist,
        version=version,
        module=getattr(plugin, "__name__", type(plugin).__name__),
        hooks=hooks,
    )
