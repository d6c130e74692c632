"""HAM0xx: names the catalog does not know.

Every other rule sees an exercise through its catalog entry (functions, direct hamstring work,
one leg or two). An unknown name is invisible to all of them, so this rule is the only thing that
stands between a typo and a silently wrong verdict; that is why it is an error, not a warning.
"""

from __future__ import annotations

from collections.abc import Iterator

from hamdsl.plugins.api import Finding, Fix, Rule, RuleContext

from ._base import DOC_002, DOC_003, make_rule


def check_unknown_exercise(ctx: RuleContext) -> Iterator[Finding]:
    for unresolved in ctx.model.unresolved:
        yield Finding(
            message=unresolved.message(),
            span=unresolved.span,
            hint=(
                "fix the spelling, use a name or alias from the catalog, or add the exercise with a "
                "plugin that implements hamdsl_exercises; until then no other rule can see it"
            ),
            fixes=tuple(
                Fix(f"Replace with '{name}'", unresolved.span, name) for name in unresolved.suggestions
            ),
        )


UNKNOWN_EXERCISE: Rule = make_rule(
    code="HAM001",
    name="unknown-exercise",
    summary="An exercise name that the exercise catalog does not know.",
    check=check_unknown_exercise,
    severity="error",
    source=f"{DOC_003} (A1, A2); {DOC_002} (A5)",
    what="""
Every exercise name (each side of an alternative such as `seated or lying leg curl`) resolves to
an entry of the exercise catalog. A name that resolves to nothing is reported, with the closest
known names as suggestions.
""",
    why="""
What an exercise trains comes from the catalog: whether it flexes the knee, extends the hip or
works the quads, and whether it loads the hamstrings directly at all. 003 (A1, A2) is the basis
for the functions and muscles, and 002's FAQ (A5) for the squats and lunges that do not count.
A name the catalog does not know is left out of every count, so without this finding a typo
would quietly change the verdict of every other rule.
""",
    example="""
program: Curl day
session Monday:
A1: lying leg curll 3x6-8
B1: romanian deadlift 3x8-10
""",
    use_instead="""
program: Curl day
session Monday:
A1: lying leg curl 3x6-8
B1: romanian deadlift 3x8-10
""",
    options_note=(
        "Matching ignores case, hyphens and plurals; the suggestions come from the catalog. Add "
        "exercises through a plugin (docs/plugins.md), not through a setting."
    ),
)

RULES: tuple[Rule, ...] = (UNKNOWN_EXERCISE,)
