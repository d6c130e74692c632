"""Finding, loading and asking plugins, with one broken plugin never taking the others down.

Plugins are entry points of the ``hamdsl`` group. The built-ins in ``plugins/`` are declared in
hamdsl's own ``pyproject.toml`` and load through this same path, so ``--disable-plugin`` and
``HAMDSL_DISABLE_PLUGINS`` block a built-in exactly as they block a third-party plugin.

As in sqlfluff's plugin host, each entry point is loaded on its own inside ``try``: one that fails
to import is reported once (name, version, error, what to do) and skipped. Each hook is then called
plugin by plugin, so results are attributed and a raising hook costs only that plugin's share.

Finding the entry points through ``importlib.metadata`` reads every installed distribution's
metadata and costs more than linting a file, so the list found is kept in the user cache
directory (:func:`discover`), keyed by ``sys.path`` and the modification times of its folders:
installing, upgrading or removing a distribution changes its folder, and the next run looks
afresh. ``hamdsl plugins`` always looks afresh; ``HAMDSL_NO_PLUGIN_CACHE`` (any value) turns the
cache off.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from hamdsl.api import ExerciseSpec, Exporter, Option, Rule

if TYPE_CHECKING:

    import pluggy

ENTRY_POINT_GROUP = "hamdsl"
DISABLE_ENV = "HAMDSL_DISABLE_PLUGINS"
NO_CACHE_ENV = "HAMDSL_NO_PLUGIN_CACHE"
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


class Contribution(Generic[T]):
    """A rule, exporter, exercise or option together with the plugin that gave it."""

    __slots__ = ("item", "plugin")

    def __init__(self, plugin: str, item: T) -> None:
        self.plugin = plugin
        self.item = item


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


@dataclass(frozen=True, slots=True)
class Found:
    """One entry point of the ``hamdsl`` group, as found installed (not yet imported)."""

    name: str
    value: str
    distribution: str | None
    version: str | None


#: Changes whenever the discovery cache's layout or meaning changes.
_DISCOVERY_FORMAT = 1
#: A folder changed less than this many seconds ago may change again within the same tick of
#: its modification time (FAT keeps two seconds), unseen; a key that includes one is neither
#: stored nor matched (stored keys never have ``recent`` set), so such a run always looks afresh.
RECENT_SECONDS = 3.0


def discover(*, rescan: bool = False) -> tuple[list[Found], bool]:
    """The installed ``hamdsl`` entry points sorted by name, and whether they came from the cache.

    The cache is used unless ``rescan`` or ``$HAMDSL_NO_PLUGIN_CACHE`` asks otherwise and is
    written after every scan it can safely key; a cache that cannot be used is ignored.
    """
    key = None if os.environ.get(NO_CACHE_ENV) else _discovery_key()
    path = _discovery_file(key) if key is not None else None
    if key is not None and path is not None and not rescan:
        found = _read_discovery(path, key)
        if found is not None:
            return found, True
    found = _scan()
    if key is not None and path is not None and not key["recent"]:
        from hamdsl.datacache import remove_stale, write_data

        entry_points = [[f.name, f.value, f.distribution, f.version] for f in found]
        if write_data(path, {"key": key, "entry_points": entry_points}):
            # One file per environment and import path (python -m hamdsl puts the current folder
            # on it): the lists of environments and folders not used for a month go.
            remove_stale(path, "plugins-")
    return found, False


def _scan() -> list[Found]:
    """Ask ``importlib.metadata`` (slow: it reads every installed distribution's metadata)."""
    from importlib.metadata import entry_points

    found = []
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        dist = getattr(ep, "dist", None)
        found.append(
            Found(
                name=ep.name,
                value=ep.value,
                distribution=dist.metadata["Name"] if dist is not None else None,
                version=dist.version if dist is not None else None,
            )
        )
    return found


def _discovery_key() -> dict[str, Any] | None:
    """What the installed entry points depend on, cheaply: the interpreter, the import path
    and its folders' modification times, and the import finders. ``None`` if unknowable."""
    paths = []
    recent = False
    now = time.time()
    try:
        for entry in sys.path:
            if not isinstance(entry, str):  # unusual (bytes, a Path): do not guess, do not cache
                return None
            where = os.path.abspath(entry or os.curdir)  # "" is the current directory
            try:
                mtime: int | None = os.stat(where).st_mtime_ns
            except OSError:
                mtime = None  # absent now; a folder created later changes the key
            if mtime is not None and now - mtime / 1e9 < RECENT_SECONDS:
                recent = True
            paths.append([where, mtime])
    except (OSError, ValueError):  # a deleted current directory, a NUL in a path
        return None
    finders = [f"{type(f).__module__}.{type(f).__qualname__}" for f in sys.meta_path]
    return {
        "format": _DISCOVERY_FORMAT,
        "python": sys.version,
        "executable": sys.executable,
        "paths": paths,
        "finders": finders,
        "recent": recent,
    }


def _discovery_file(key: dict[str, Any]) -> str | None:
    """One file per interpreter and import path, so virtual environments sharing the user cache
    directory do not overwrite each other's; the file holds the whole key to check."""
    from hamdsl.datacache import cache_dir, digest

    folder = cache_dir()
    if folder is None:
        return None
    paths = [p for p, _ in key["paths"]]
    identity = "\0".join([key["python"], key["executable"], *paths, "", *key["finders"]])
    return os.path.join(folder, f"plugins-{digest(identity.encode('utf-8', 'surrogatepass'))[:8]}.bin")


def _read_discovery(path: str, key: dict[str, Any]) -> list[Found] | None:
    """The cached entry points if ``path`` holds them for exactly ``key``, else ``None``."""
    from hamdsl.datacache import read_data

    data = read_data(path)
    if not isinstance(data, dict) or data.get("key") != key:
        return None
    rows = data.get("entry_points")
    if not isinstance(rows, list):
        return None
    found = []
    for row in rows:
        if not (
            isinstance(row, list)
            and len(row) == 4
            and isinstance(row[0], str)
            and isinstance(row[1], str)
            and all(v is None or isinstance(v, str) for v in row[2:])
        ):
            return None
        found.append(Found(*row))
    return found


# The syntax of an entry point's value, as importlib.metadata.EntryPoint reads it.
_VALUE = r"(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?((?P<extras>\[.*\])\s*)?$"


def load_entry_point(value: str) -> object:
    """Import what an entry point's value (``module`` or ``module:attr.attr``) names, exactly as
    ``importlib.metadata.EntryPoint.load`` does, without importing importlib.metadata."""
    import importlib

    module, colon, attr = value.partition(":")
    if not all(part.isidentifier() for part in (*module.split("."), *(attr.split(".") if colon else ()))):
        # Not the plain form every real plugin uses: read it with importlib.metadata's own
        # pattern (compiled only here, as compiling it costs more than loading a plugin).
        match = re.compile(_VALUE).match(value)
        if match is None:
            raise ValueError(f"malformed entry point value {value!r}; expected 'module' or 'module:object'")
        module, attr = match["module"], match["attr"] or ""
    target: object = importlib.import_module(module)
    for name in filter(None, attr.split(".")):
        target = getattr(target, name)
    return target


def load(
    disabled: Iterable[str] = (), *, extra: Iterable[tuple[str, object]] = (), rescan: bool = False
) -> PluginHost:
    """Load every ``hamdsl`` entry point not in ``disabled``; ``extra`` registers in-process
    plugins (name, module or object), which is how tests add a plugin without installing it.
    ``rescan`` finds the entry points afresh instead of trusting the discovery cache."""
    import pluggy

    blocked = frozenset(disabled)
    found, cached = discover(rescan=rescan)
    host, missing = _load_found(found, blocked)
    if cached and missing:
        # A plugin the cache names cannot be imported: perhaps it was removed in a way the key
        # cannot see. Look afresh once before reporting it (this also rewrites the cache).
        found, _ = discover(rescan=True)
        host, _ = _load_found(found, blocked)
    for name, plugin in extra:
        if name not in blocked:
            _register(host, name, plugin, None, None)
    manager = host.manager
    try:
        manager.check_pending()
    except pluggy.PluginValidationError as exc:
        name = manager.get_name(exc.plugin) or "?"
        raise PluginError(
            f"plugin '{name}' implements a hook that does not exist ({exc}); check the spelling "
            f"against the hooks listed in docs/plugins.md, or disable it with --disable-plugin {name}"
        ) from None
    return host


def _load_found(found: Sequence[Found], blocked: frozenset[str]) -> tuple[PluginHost, bool]:
    """A host with every found entry point not blocked registered, sorted by name, the first of
    two with one name winning; and whether one failed with ``ImportError``."""
    from hamdsl import hookspecs
    from hamdsl.manager import PluginManager

    manager = PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    host = PluginHost(manager=manager, disabled=blocked)
    seen: set[str] = set()
    missing = False
    for ep in found:
        if ep.name in blocked or ep.name in seen:
            continue
        seen.add(ep.name)
        try:
            plugin = load_entry_point(ep.value)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:
            missing = missing or isinstance(exc, ImportError)
            host.warnings.append(
                f"plugin '{ep.name}' ({ep.distribution or 'unknown distribution'} {ep.version or ''}".rstrip()
                + f") could not be loaded: {type(exc).__name__}: {exc}; skipped. Reinstall or "
                f"update it, or disable it with --disable-plugin {ep.name}"
            )
            continue
        _register(host, ep.name, plugin, ep.distribution, ep.version)
    return host, missing


def _register(host: PluginHost, name: str, plugin: object, dist: str | None, version: str | None) -> None:
    import pluggy

    try:
        host.manager.register(plugin, name=name)
    except (pluggy.PluginValidationError, ValueError) as exc:
        raise PluginError(f"plugin '{name}' cannot be registered: {exc}") from None
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
