"""Configuration: ``[tool.hamdsl]`` in ``pyproject.toml`` or a ``hamdsl.toml``, checked strictly.

The file is found by walking up from the file being checked, as ruff does, so a coach's folder of
client programs can carry its own settings. Every key must be known: the core's own keys
(``select``, ``ignore``, ``extend-select``, ``per-file-ignores``) or an option that a plugin or the
core declared (:class:`hamdsl.plugins.api.Option`). A wrong key, type or value is a :class:`ConfigError`,
which the CLI reports with the file and key and exits with 2.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from hamdsl.config.options import Option
from hamdsl.core.functions import FUNCTIONS, function_named

CONFIG_FILES = ("hamdsl.toml", "pyproject.toml")
_LIST_KEYS = ("select", "ignore", "extend-select")
#: The table of exercises the catalog lacks: ``"cable pull-through" = ["hip-extension"]``.
EXERCISES_KEY = "exercises"


class ConfigError(Exception):
    """A configuration file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True, slots=True)
class Settings:
    """The configuration in force for one file.

    ``select`` is ``None`` when the file does not choose, which means every rule enabled by
    default. ``values`` holds every declared option, defaults filled in. ``exercises`` are the
    exercises the configuration adds to the catalog, each a name and its movement functions
    (in ``FUNCTIONS`` order), as ``exercise:`` lines add them to one file.
    """

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    values: Mapping[tuple[str, str], Any] = field(default_factory=dict)
    path: str | None = None
    exercises: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def option(self, section: str, name: str) -> Any:
        """The value of a declared option; a ``KeyError`` here is a plugin bug (undeclared)."""
        return self.values[(section, name)]

    def where(self, key: str) -> str:
        """How a message names ``key`` of this configuration: the file, then the key as the file
        spells it (``pyproject.toml: tool.hamdsl.exercises``)."""
        prefix = "tool.hamdsl." if self.path and os.path.basename(self.path) == "pyproject.toml" else ""
        return f"{self.path}: {prefix}{key}"

    def section(self, section: str) -> dict[str, Any]:
        return {name: value for (sec, name), value in self.values.items() if sec == section}

    def is_enabled(self, code: str, name: str, default_enabled: bool, filename: str) -> bool:
        """ruff's order: select (or the defaults), then extend-select, then ignore, then
        per-file-ignores."""
        if self.select is None:
            enabled = default_enabled
        else:
            enabled = any(_matches(s, code, name) for s in self.select)
        if any(_matches(s, code, name) for s in self.extend_select):
            enabled = True
        if any(_matches(s, code, name) for s in self.ignore):
            enabled = False
        if enabled and self.per_file_ignores:
            relative = self._relative(filename)
            for pattern, selectors in self.per_file_ignores:
                if _glob(relative, pattern) and any(_matches(s, code, name) for s in selectors):
                    return False
        return enabled

    def _relative(self, filename: str) -> str:
        """``filename`` as ``per-file-ignores`` globs see it: relative to the configuration file's
        folder when it is under it, with ``/`` between parts."""
        if self.path is not None:
            try:
                relative = os.path.relpath(
                    os.path.realpath(filename), os.path.dirname(os.path.realpath(self.path))
                )
            except ValueError:  # another drive
                relative = os.pardir
            if relative != os.pardir and not relative.startswith(os.pardir + os.sep):
                return relative.replace(os.sep, "/")
        from hamdsl.core.files import clean

        return clean(filename).replace(os.sep, "/")


def _matches(selector: str, code: str, name: str) -> bool:
    """A selector is a code (``HAM101``), a code prefix (``HAM1``, ``HAM``), a rule name or ALL."""
    return selector == "ALL" or selector == name or code.startswith(selector)


def _glob(path: str, pattern: str) -> bool:
    return fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(path.rpartition("/")[2], pattern)


def find_config(start: str | os.PathLike[str]) -> str | None:
    """The nearest ``hamdsl.toml``, or ``pyproject.toml`` with a ``[tool.hamdsl]`` table, at or
    above ``start`` (a folder, or a file whose folder is meant)."""
    start = os.fspath(start)
    directory = os.path.realpath(start if os.path.isdir(start) else os.path.dirname(start) or os.curdir)
    while True:
        candidate = os.path.join(directory, "hamdsl.toml")
        if os.path.isfile(candidate):
            return candidate
        candidate = os.path.join(directory, "pyproject.toml")
        if os.path.isfile(candidate) and _has_tool_table(candidate):
            return candidate
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def _has_tool_table(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            return b"[tool.hamdsl" in handle.read()
    except OSError:
        return False


def _read_table(path: str) -> dict[str, Any]:
    import tomllib

    try:
        with open(path, encoding="utf-8") as handle:
            data = tomllib.loads(handle.read())
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the configuration: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    if os.path.basename(path) == "pyproject.toml":
        table = data.get("tool", {}).get("hamdsl", {})
        prefix = "tool.hamdsl."
    else:
        table = data
        prefix = ""
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: '{prefix.rstrip('.') or 'hamdsl'}' must be a table")
    return {"__prefix__": prefix, **table}


def load_settings(path: str | os.PathLike[str] | None, options: Sequence[Option]) -> Settings:
    """Read and check one configuration file (or the defaults, for ``None``)."""
    defaults = {(o.section, o.name): o.default for o in options}
    if path is None:
        return Settings(values=defaults)
    path = os.fspath(path)
    table = _read_table(path)
    prefix = table.pop("__prefix__")
    declared: dict[str, dict[str, Option]] = {}
    for opt in options:
        declared.setdefault(opt.section, {})[opt.name] = opt
    values = dict(defaults)
    lists: dict[str, tuple[str, ...]] = {}
    per_file: list[tuple[str, tuple[str, ...]]] = []
    exercises: tuple[tuple[str, tuple[str, ...]], ...] = ()
    for key, value in table.items():
        where = f"{path}: {prefix}{key}"
        if key in _LIST_KEYS:
            lists[key] = _string_list(value, where)
        elif key == EXERCISES_KEY:
            exercises = _exercises(value, where)
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: expected a table of glob = [codes], got {_type(value)}")
            for pattern, codes in value.items():
                per_file.append((pattern, _string_list(codes, f"{where}.{pattern}")))
        elif key in declared:
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: expected a table of options, got {_type(value)}")
            for name, raw in value.items():
                option = declared[key].get(name)
                if option is None:
                    allowed = ", ".join(sorted(declared[key])) or "none"
                    raise ConfigError(f"{where}.{name}: unknown option; '{key}' accepts: {allowed}")
                values[(key, name)] = _check_value(option, raw, f"{where}.{name}")
        else:
            allowed = ", ".join([*_LIST_KEYS, "per-file-ignores", EXERCISES_KEY, *sorted(declared)])
            raise ConfigError(f"{where}: unknown key; allowed keys: {allowed}")
    return Settings(
        select=lists.get("select"),
        ignore=lists.get("ignore", ()),
        extend_select=lists.get("extend-select", ()),
        per_file_ignores=tuple(per_file),
        values=values,
        path=path,
        exercises=exercises,
    )


def _exercises(value: Any, where: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``"cable pull-through" = ["hip-extension"]``: each name with its functions, checked."""
    form = 'a table of "exercise name" = ["hip-extension", ...]'
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: expected {form}, got {_type(value)}")
    exercises: dict[str, tuple[str, tuple[str, ...]]] = {}
    for name, functions in value.items():
        at = f"{where}.{_toml_key(name)}"
        written = " ".join(name.split())
        if not written:
            raise ConfigError(f"{at}: an exercise needs a name")
        if written.lower() in exercises:
            raise ConfigError(f"{at}: '{exercises[written.lower()][0]}' is already declared here")
        if not isinstance(functions, list) or not functions or not all(isinstance(f, str) for f in functions):
            raise ConfigError(
                f"{at}: expected a list of movement functions from {', '.join(FUNCTIONS)}, got "
                f"{_type(functions)} {functions!r}"
            )
        found: set[str] = set()
        for text in functions:
            function = function_named(text)
            if function is None:
                raise ConfigError(
                    f"{at}: unknown movement function {text!r}; use {', '.join(FUNCTIONS)}"
                )
            found.add(function)
        exercises[written.lower()] = (written, tuple(f for f in FUNCTIONS if f in found))
    return tuple(exercises.values())


def _toml_key(name: str) -> str:
    """A table key as TOML would need it written: bare when it can be, else quoted."""
    import json

    return name if name and all(c.isalnum() or c in "-_" for c in name) else json.dumps(name)


def _type(value: Any) -> str:
    return {
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "a table",
    }.get(type(value), type(value).__name__)


def _string_list(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of rule codes or names, got {_type(value)}")
    return tuple(value)


def _check_value(option: Option, value: Any, where: str) -> Any:
    kind = option.kind
    ok: bool
    if kind == "bool":
        ok = isinstance(value, bool)
    elif kind == "int":
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif kind == "float":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    elif kind == "str":
        ok = isinstance(value, str)
    elif kind == "choice":
        if isinstance(value, str) and value in option.choices:
            return value
        raise ConfigError(f"{where}: expected one of {', '.join(option.choices)}, got {value!r}")
    elif kind == "range":
        ok = (
            isinstance(value, list)
            and len(value) == 2
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
            and value[0] <= value[1]
        )
        if not ok:
            raise ConfigError(f"{where}: expected [low, high] with low <= high, got {value!r}")
        return tuple(value)
    elif kind == "list":
        ok = isinstance(value, list)
        if ok and option.choices and not _distinct_choices(value, option.choices):
            raise ConfigError(
                f"{where}: expected a list of different values from "
                f"{', '.join(option.choices)}, got {value!r}"
            )
        if ok:
            return tuple(value)
    else:  # pragma: no cover - Option.kind is a Literal
        ok = False
    if not ok:
        raise ConfigError(f"{where}: expected {_KIND_WORDS[kind]}, got {_type(value)} {value!r}")
    return value


def _distinct_choices(values: list[Any], choices: tuple[str, ...]) -> bool:
    return all(isinstance(v, str) and v in choices for v in values) and len(set(values)) == len(values)


_KIND_WORDS = {
    "bool": "true or false",
    "int": "a whole number",
    "float": "a number",
    "str": "a string",
    "list": "a list",
}


class SettingsCache:
    """Settings per configuration file, read once per run (a folder of files shares one).

    ``select`` and ``ignore`` from the command line override the file: ``--select`` replaces the
    file's selection, ``--ignore`` adds to its ignores (as in ruff).

    The configuration file in force is remembered per folder, so the search up the tree is done
    once per folder rather than once per file (a folder of 10,000 routines is one search, not
    10,000 walks of ``stat`` calls). What is remembered grows with the number of folders and
    configuration files of a run, never with the number of files.
    """

    def __init__(
        self,
        options: Iterable[Option],
        *,
        explicit: str | os.PathLike[str] | None = None,
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
    ) -> None:
        self._options = tuple(options)
        self._explicit = os.fspath(explicit) if explicit is not None else None
        self._select = tuple(select)
        self._ignore = tuple(ignore)
        self._by_path: dict[str | None, Settings] = {}
        self._config_by_folder: dict[str, str | None] = {}
        self._keys: dict[str | None, str] = {}

    def for_file(self, filename: str) -> Settings:
        """The settings in force for ``filename``: the explicit file, else the nearest one."""
        return self._settings(self._config_for(filename))

    def key_for(self, filename: str) -> str:
        """A short fingerprint of :meth:`for_file`'s settings, for the result cache's key: equal
        settings give equal keys across runs, and any change of a value gives another key.

        Computed once per configuration file, not per checked file.
        """
        config = self._config_for(filename)
        key = self._keys.get(config)
        if key is None:
            from hamdsl.core.datacache import fingerprint

            key = self._keys[config] = fingerprint(self._settings(config))
        return key

    def _config_for(self, filename: str) -> str | None:
        if self._explicit is not None:
            return self._explicit
        folder = os.path.dirname(filename) or "."
        try:
            return self._config_by_folder[folder]
        except KeyError:
            config = self._config_by_folder[folder] = find_config(folder)
            return config

    def _settings(self, path: str | None) -> Settings:
        settings = self._by_path.get(path)
        if settings is None:
            settings = load_settings(path, self._options)
            if self._select or self._ignore:
                settings = replace(
                    settings,
                    select=self._select or settings.select,
                    extend_select=() if self._select else settings.extend_select,
                    ignore=(*settings.ignore, *self._ignore),
                )
            self._by_path[path] = settings
        return settings
