"""What an exercise is to the interpreter: the movement functions, the hamstring muscles, and a
catalog entry (``ExerciseSpec``). Plugin authors import these from :mod:`hamdsl.plugins.api`."""

from __future__ import annotations

from dataclasses import dataclass

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
    region: str = "legs"
