"""The built-in lint rules: every programming principle of the four source documents (P1-P18 in
docs/rules.md) that a routine's text can show, as rules of the ``rules`` plugin.

The rule modules are imported inside the hook, not here, so that commands which never lint
(``fmt``, ``parse``, ``export``) do not pay for building fifteen-odd rules and their docs, as
sqlfluff's bundled rule plugins do.

Families: HAM0xx catalog, HAM1xx the two hamstring functions, HAM2xx volume and frequency (and how it
changes from week to week), HAM3xx reps and methods, HAM4xx balance.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import hamdsl

if TYPE_CHECKING:
    from hamdsl.plugins.api import Rule


def all_rules() -> tuple[Rule, ...]:
    """Every built-in rule, in code order."""
    from dataclasses import replace

    from . import balance, block, catalog, functions, methods, volume
    from ._base import each_week

    # Rules written for one week check every distinct week of a block: the weekly ones name the
    # week in their findings, the others report each line once (rules/_base.py, each_week).
    weekly = tuple(replace(r, check=each_week(r.check)) for r in (*volume.WEEKLY, *balance.RULES))
    per_line = tuple(replace(r, check=each_week(r.check, name_week=False))
                     for r in (*functions.RULES, *volume.PER_SESSION, *methods.RULES))
    rules = (*catalog.RULES, *weekly, *per_line, *block.RULES)
    return tuple(sorted(rules, key=lambda r: r.code))


@hamdsl.hookimpl
def hamdsl_rules() -> Sequence[Rule]:
    """Contribute the built-in rules; their options travel on ``Rule.options``."""
    return all_rules()
