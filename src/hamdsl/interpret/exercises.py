"""What an exercise is to the interpreter: the movement functions, the hamstring muscles, the body
regions, and a catalog entry (``ExerciseSpec``). Plugin authors import these from
:mod:`hamdsl.plugins.api`.

The function words are defined in :mod:`hamdsl.core.functions`, because the language and the
configuration read them as well; they are named here too, where the rest of the vocabulary is."""

from __future__ import annotations

from dataclasses import dataclass

from hamdsl.core.functions import FUNCTIONS, HIP_EXTENSION, KNEE_EXTENSION, KNEE_FLEXION, OTHER

__all__ = [
    "FUNCTIONS",
    "HIP_EXTENSION",
    "KNEE_EXTENSION",
    "KNEE_FLEXION",
    "MUSCLES",
    "OTHER",
    "REGIONS",
    "ExerciseSpec",
    "default_muscles",
]

#: The hamstring muscles (principle A1, 003). The short head only flexes the knee (A2).
MUSCLES: tuple[str, ...] = (
    "biceps-femoris-long-head",
    "biceps-femoris-short-head",
    "semitendinosus",
    "semimembranosus",
)

#: Muscles worked through hip extension: every hamstring except the biceps femoris short head, which
#: does not cross the hip (principle A2, document 003).
HIP_EXTENSION_MUSCLES = frozenset(m for m in MUSCLES if m != "biceps-femoris-short-head")


def default_muscles(functions: frozenset[str], direct_hamstring: bool) -> frozenset[str]:
    """The hamstring muscles an exercise trains when its entry does not list them: all four for
    knee flexion, all but the short head for hip extension alone, none for anything else."""
    if not direct_hamstring:
        return frozenset()
    if KNEE_FLEXION in functions:
        return frozenset(MUSCLES)
    if HIP_EXTENSION in functions:
        return HIP_EXTENSION_MUSCLES
    return frozenset()


#: Where on the body an exercise works, so that a whole program (upper body, core, carries) can be
#: written and a name never resolves to an exercise of another part of the body. ``legs`` is the
#: hamstrings, quads, glutes and hips, which the four documents are about; ``calves`` is apart from
#: it because a calf raise is no leg exercise to the hamstring rules; ``full-body`` is for lifts
#: no single region owns (carries, cleans, snatches, thrusters).
REGIONS: tuple[str, ...] = (
    "legs",
    "calves",
    "chest",
    "back",
    "shoulders",
    "arms",
    "core",
    "full-body",
)


@dataclass(frozen=True, slots=True)
class ExerciseSpec:
    """One exercise of the catalog.

    ``functions`` are movement functions (see :data:`FUNCTIONS`); ``muscles`` the hamstring
    muscles it trains; ``direct_hamstring`` is false for squats, lunges and presses, which work
    the hamstrings without changing their length enough to count (principle A5); ``region`` is
    the part of the body it works (see :data:`REGIONS`).
    """

    name: str
    functions: frozenset[str]
    aliases: tuple[str, ...] = ()
    muscles: frozenset[str] = frozenset()
    direct_hamstring: bool = False
    unilateral: bool = False
    equipment: tuple[str, ...] = ()
    description: str = ""
    #: The part of the body it works, one of :data:`REGIONS`.
    region: str = "legs"
    #: Single words that stand for the name inside longer names: with ``("rdl",)`` on the
    #: Romanian deadlift, "single-leg RDLs" reads as "single-leg Romanian deadlift". An alias
    #: only matches a whole name; an abbreviation is spelled out wherever it is a word.
    abbreviations: tuple[str, ...] = ()
