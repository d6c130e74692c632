"""The built-in exercise catalog: hamdsl's exercises, delivered through the ``hamdsl_exercises`` hook.

The entries live next to this module, as data rather than code, so a coach can read what an
exercise counts as (its functions, whether it is direct hamstring work, its region) and a plugin can
add or extend entries through the same hook. ``exercises.toml`` holds the legs (the hamstring work
the four documents are about, and the quad and hip work around it); ``whole-body.toml`` holds every
other region, so that a whole program (presses, rows, curls, core, carries) resolves too. The files
are read inside the hook, so loading the plugin costs nothing until a command interprets a
routine; each entry is then checked (:func:`spec_arguments`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import hamdsl
from hamdsl.plugins.api import FUNCTIONS, MUSCLES, REGIONS, ExerciseSpec, default_muscles

DATA_FILE = "exercises.toml"
#: Every data file of the catalog, in the order their entries are added.
DATA_FILES: tuple[str, ...] = (DATA_FILE, "whole-body.toml")

def spec_from_entry(entry: Mapping[str, Any], source: str = DATA_FILE) -> ExerciseSpec:
    """One ``[[exercise]]`` table as an :class:`ExerciseSpec`; a bad entry raises ``ValueError``
    naming it, which the plugin host turns into a warning for this plugin only."""
    return ExerciseSpec(**spec_arguments(entry, source))


def spec_arguments(entry: Mapping[str, Any], source: str = DATA_FILE) -> dict[str, Any]:
    """The arguments of the :class:`ExerciseSpec` an ``[[exercise]]`` table describes, checked,
    as plain data; a bad entry raises ``ValueError`` naming it and ``source``, its data file."""
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"{source}: an entry has no name: {dict(entry)!r}")
    functions = frozenset(entry.get("functions", ()))
    unknown = functions - set(FUNCTIONS)
    if not functions or unknown:
        raise ValueError(
            f"{source}: '{name}' has functions {sorted(functions)}; each must be one of "
            f"{', '.join(FUNCTIONS)}"
        )
    region = entry.get("region", "legs")
    if region not in REGIONS:
        raise ValueError(f"{source}: '{name}' has region {region!r}; it must be one of {', '.join(REGIONS)}")
    direct = bool(entry.get("direct_hamstring", False))
    if "muscles" in entry:
        muscles = frozenset(entry["muscles"])
        if muscles - set(MUSCLES):
            raise ValueError(f"{source}: '{name}' names unknown muscles {sorted(muscles - set(MUSCLES))}")
    else:
        muscles = default_muscles(functions, direct)
    return {
        "name": name.strip(),
        "functions": functions,
        "aliases": tuple(str(a) for a in entry.get("aliases", ())),
        "muscles": muscles,
        "direct_hamstring": direct,
        "unilateral": bool(entry.get("unilateral", False)),
        "equipment": tuple(str(e) for e in entry.get("equipment", ())),
        "description": str(entry.get("description", "")),
        "region": region,
        "abbreviations": tuple(str(a) for a in entry.get("abbreviations", ())),
    }


def _parse_toml(text: str) -> dict[str, Any]:
    import tomllib

    return tomllib.loads(text)


def _entries(data: Mapping[str, Any], source: str = DATA_FILE) -> list[Mapping[str, Any]]:
    entries = data.get("exercise", ())
    if not isinstance(entries, list):
        raise ValueError(f"{source}: 'exercise' must be an array of tables ([[exercise]])")
    return entries


def specs_from_data(data: Mapping[str, Any], source: str = DATA_FILE) -> list[ExerciseSpec]:
    """The parsed catalog's ``[[exercise]]`` tables as specs, in file order."""
    return [spec_from_entry(entry, source) for entry in _entries(data, source)]


def load_catalog(text: str, source: str = DATA_FILE) -> list[ExerciseSpec]:
    """Parse one data file's TOML text into specs, in file order."""
    return specs_from_data(_parse_toml(text), source)


def _checked(text: str, source: str = DATA_FILE) -> list[dict[str, Any]]:
    """Every entry of one data file's text, parsed and checked."""
    return [spec_arguments(entry, source) for entry in _entries(_parse_toml(text), source)]


def data_text(name: str = DATA_FILE) -> str:
    """The text of one data file as shipped (read cheaply: see ``package_text``)."""
    from hamdsl.core.datacache import package_text

    return package_text(__name__, name)


@hamdsl.hookimpl
def hamdsl_exercises() -> Sequence[ExerciseSpec]:
    """Every exercise of the built-in catalog, in the order of :data:`DATA_FILES`."""
    return [
        ExerciseSpec(**arguments) for name in DATA_FILES for arguments in _checked(data_text(name), name)
    ]
