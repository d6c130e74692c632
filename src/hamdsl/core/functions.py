"""The movement functions an exercise can have, as words.

They are the interpreter's vocabulary (``hamdsl.interpret.exercises`` re-exports them for plugin
authors), but two lower stages read them too: the language, for ``exercise: NAME = hip
extension`` lines, and the configuration, for ``[tool.hamdsl.exercises]``. So they live here,
below both.
"""

from __future__ import annotations

import re

#: The movement functions the interpreter counts hard sets for (principles A2, A5).
KNEE_FLEXION = "knee-flexion"
HIP_EXTENSION = "hip-extension"
KNEE_EXTENSION = "knee-extension"  # quads
OTHER = "other"
FUNCTIONS: tuple[str, ...] = (KNEE_FLEXION, HIP_EXTENSION, KNEE_EXTENSION, OTHER)

_GAPS = re.compile(r"[\s_-]+")


def function_named(text: str) -> str | None:
    """The function ``text`` names, whatever its case and however its words are joined
    (``knee flexion``, ``Knee-Flexion``, ``knee_flexion``); ``None`` for any other text."""
    key = _GAPS.sub("-", text.strip().lower())
    return key if key in FUNCTIONS else None


def functions_phrase(functions: tuple[str, ...] | frozenset[str]) -> str:
    """Functions as a reader writes them, in :data:`FUNCTIONS` order: ``knee flexion, hip extension``."""
    return ", ".join(f.replace("-", " ") for f in FUNCTIONS if f in functions)
