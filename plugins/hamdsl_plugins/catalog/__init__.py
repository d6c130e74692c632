"""The built-in exercise catalog: hamdsl's exercises, delivered through the ``hamdsl_exercises`` hook.

The entries live in ``exercises.toml`` next to this module, as data rather than code, so a coach can
read what an exercise counts as (its functions, whether it is direct hamstring work) and a plugin can
add or extend entries through the same hook. The file is read inside the hook, so loading the
plugin costs nothing until a command interprets a routine; each entry is then checked
(:func:`spec_arguments`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import hamdsl
from hamdsl.plugins.api import FUNCTIONS, HIP_EXTENSION, KNEE_FLEXION, MUSCLES, ExerciseSpec

DATA_FILE = "exercises.toml"

#: Muscles worked through hip extension: every hamstring except the biceps femoris short head, which
#: does not cross the hip (principle A2, document 003).
HIP_EXTENSION_MUSCLES = frozenset(m for m in MUSCLES if m != "biceps-femoris-short-head")


def default_muscles(functions: frozenset[str], direct_hamstring: bool) -> frozenset[str]:
    """The hamstring muscles an entry trains when the data file does not list them."""
    if not direct_hamstring:
        return frozenset()
    if KNEE_FLEXION in functions:
        return frozenset(MUSCLES)
    if HIP_EXTENSION in functions:
        return HIP_EXTENSION_MUSCLES
    return frozenset()


def spec_from_entry(entry: Mapping[str, Any]) -> ExerciseSpec:
    """One ``[[exercise]]`` table as an :class:`ExerciseSpec`; a bad entry raises ``ValueError``
    naming it, which the plugin host turns into a warning for this plugin only."""
    return ExerciseSpec(**spec_arguments(entry))


def spec_arguments(entry: Mapping[str, Any]) -> dict[str, Any]:
    """The arguments of the :class:`ExerciseSpec` an ``[[exercise]]`` table describes, checked,
    as plain data; a bad entry raises ``ValueError`` naming it."""
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"{DATA_FILE}: an entry has no name: {dict(entry)!r}")
    functions = frozenset(entry.get("functions", ()))
    unknown = functions - set(FUNCTIONS)
    if not functions or unknown:
        raise ValueError(
            f"{DATA_FILE}: '{name}' has functions {sorted(functions)}; each must be one of "
            f"{', '.join(FUNCTIONS)}"
        )
    direct = bool(entry.get("direct_hamstring", False))
    if "muscles" in entry:
        muscles = frozenset(entry["muscles"])
        if muscles - set(MUSCLES):
            raise ValueError(f"{DATA_FILE}: '{name}' names unknown muscles {sorted(muscles - set(MUSCLES))}")
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
    }


def _parse_toml(text: str) -> dict[str, Any]:
    import tomllib

    return tomllib.loads(text)


def _entries(data: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    entries = data.get("exercise", ())
    if not isinstance(entries, list):
        raise ValueError(f"{DATA_FILE}: 'exercise' must be an array of tables ([[exercise]])")
    return entries


def specs_from_data(data: Mapping[str, Any]) -> list[ExerciseSpec]:
    """The parsed catalog's ``[[exercise]]`` tables as specs, in file order."""
    return [spec_from_entry(entry) for entry in _entries(data)]


def load_catalog(text: str) -> list[ExerciseSpec]:
    """Parse the catalog's TOML text into specs, in file order."""
    return specs_from_data(_parse_toml(text))


def _checked(text: str) -> list[dict[str, Any]]:
    """Every entry of the catalog's text, parsed and checked."""
    return [spec_arguments(entry) for entry in _entries(_parse_toml(text))]


def data_text() -> str:
    """The text of ``exercises.toml`` as shipped (read cheaply: see ``package_text``)."""
    from hamdsl.core.datacache import package_text

    return package_text(__name__, DATA_FILE)


@hamdsl.hookimpl
def hamdsl_exercises() -> Sequence[ExerciseSpec]:
    """Every exercise of the built-in catalog (``exercises.toml``)."""
    return [ExerciseSpec(**arguments) for arguments in _checked(data_text())]
