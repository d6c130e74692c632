"""HAM0xx: names the catalog does not know, and declarations it did not need.

Every other rule sees an exercise through its catalog entry (functions, direct hamstring work,
one leg or two). An unknown name is invisible to all of them, so this rule is the only thing that
stands between a typo and a silently wrong verdict; that is why it is an error, not a warning. A
declaration (``exercise: NAME = hip extension``) of a name the catalog already has is ignored, so
the functions it gives are not the ones counted: HAM003 says so.
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
                "fix the spelling or write the whole name (a bare 'curl' or 'press' can be an exercise "
                "of more than one body part), or declare the exercise with a line such as "
                "'exercise: cable pull-through = hip extension'; until then no other rule can see it"
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
an entry of the exercise catalog, or to an exercise the file or the configuration declares. A
name that resolves to nothing is reported, with the closest known names as suggestions.

A short name that could be an exercise of more than one body part is reported too, rather than
guessed: `curl` could be a leg curl or an arm curl, so it gets `did you mean 'leg curl' or
'barbell curl'?`, one suggestion per region. For the same reason a name is never matched by
dropping words from it when the shorter name could belong to another region or movement:
`cable curl` is an arm curl, never a leg curl.
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
        "Matching ignores case, hyphens and plurals; the suggestions come from the catalog. Add an "
        "exercise for one file with an `exercise:` line (docs/language.md), for every file under a "
        "configuration with `[tool.hamdsl.exercises]` (README), or for everyone with a plugin "
        "(docs/plugins.md)."
    ),
)


def check_known_exercise_declared(ctx: RuleContext) -> Iterator[Finding]:
    for known in ctx.model.known_declarations:
        yield Finding(
            message=known.message(),
            span=known.declaration.span,
            hint="remove the line; to count the exercise differently, give it a name of its own",
        )


KNOWN_EXERCISE_DECLARED: Rule = make_rule(
    code="HAM003",
    name="known-exercise-declared",
    summary="An exercise: line declares a name the catalog already has.",
    check=check_known_exercise_declared,
    severity="warning",
    source=f"{DOC_003} (A1, A2); {DOC_002} (A5)",
    what="""
An `exercise:` line whose name is already a name or an alias in the exercise catalog (or was
declared by the configuration or by an earlier line). A declaration adds an exercise; it never
replaces one, so the line is ignored and the catalog's entry is what every rule counts.
""",
    why="""
The catalog's functions for an exercise come from 003 (A1, A2) and 002's FAQ (A5). A declaration
that silently lost to the catalog would leave the coach believing the exercise counts the way
the line says, when the figures follow the catalog.
""",
    example="""
program: Pull-through day
exercise: cable pull-through = knee flexion
session Monday:
A1: lying leg curl 3x8
B1: cable pull-through 3x12
""",
    use_instead="""
program: Pull-through day
session Monday:
A1: lying leg curl 3x8
B1: cable pull-through 3x12
""",
    options_note="No options.",
)

RULES: tuple[Rule, ...] = (UNKNOWN_EXERCISE, KNOWN_EXERCISE_DECLARED)
