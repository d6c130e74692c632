"""The built-in lint rules: every programming principle of the four source documents (P1-P18 in
docs/rules.md) that a routine's text can show, as rules of the ``rules`` plugin.

The rule modules are imported inside the hook, not here, so that commands which never lint
(``fmt``, ``parse``, ``export``) do not pay for building fifteen-odd rules and their docs, as
sqlfluff's bundled rule plugins do.

Families: HAM0xx catalog, HAM1xx the two hamstring functions, HAM2xx volume and frequency,
HAM3xx reps and methods, HAM4xx balance.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import hamdsl

if TYPE_CHECKING:
    from hamdsl.plugins.api import Rule


def all_rules() -> tuple[Rule, ...]:
    """Every built-in rule, in code order."""
    from . import balance, catalog, functions, methods, volume

    rules = (*catalog.RULES, *functions.RULES, *volume.RULES, *methods.RULES, *balance.RULES)
    return tuple(sorted(rules, key=lambda r: r.code))


@hamdsl.hookimpl
def hamdsl_rules() -> Sequence[Rule]:
    """Contribute the built-in rules; their options travel on ``Rule.options``."""
    return all_rules()
