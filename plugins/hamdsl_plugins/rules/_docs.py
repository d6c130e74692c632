"""docs/rules.md, generated from the rules themselves.

The page has the table of principles P1-P18 of the source documents (../shared/principles.md) with
the rule(s) each became, or why none did, and then every rule's doc. Generating it means the page
cannot contradict ``hamdsl rule NAME``; tests/test_rules.py fails when the file is stale.

Regenerate with ``python -m hamdsl_plugins.rules._docs > docs/rules.md``.
"""

from __future__ import annotations

from ._base import DOC_000, DOC_001, DOC_002, DOC_003

#: (principle, rules or "—", default, source). Rules are names; the reason replaces them when no
#: rule checks the principle.
PRINCIPLES: tuple[tuple[str, str, str, str], ...] = (
    ("P1", "`missing-knee-flexion`, `missing-hip-extension`",
     'both functions in every session that trains the hamstrings (`scope = "session"`); '
     '`scope = "week"` follows 001',
     f"{DOC_000}, {DOC_003} (session); {DOC_001} (week); {DOC_002}"),
    ("P2", "`hip-extension-before-knee-flexion`",
     'knee flexion first (`order = "knee-flexion-first"`); 002\'s chart: `"hip-extension-first"`',
     f"{DOC_003}, {DOC_000}; {DOC_002} disagrees"),
    ("P3", "`rep-range`",
     'preset "any": curls 4-30, hip extension 5-20 (what at least one document supports); presets '
     '"000", "001", "002"',
     f"{DOC_000}, {DOC_001}, {DOC_002}"),
    ("P4", "`weekly-volume-below-landmark`, `weekly-volume-above-landmark`, `beginner-volume`, "
     "`volume-jump`",
     "below MEV 6 or above the top of MAV 16 hard sets a week (`[volume]` landmarks); above 12 for a "
     "beginner; in a block, no week adds more than 2 sets over the week before",
     f"{DOC_001} (6-12, add sets slowly), {DOC_002} (10-16)"),
    ("P5", "`hamstring-frequency`", "2-3 sessions a week with direct hamstring work",
     f"{DOC_001}, {DOC_002}"),
    ("P6", "`too-many-exercises`",
     "2 direct hamstring exercises per session when trained twice a week or more, 4 on a dedicated day",
     DOC_002),
    ("P7", "`giant-set-structure`", "rest of 30 s at most inside a giant set, 3-5 rounds, one body part",
     DOC_000),
    ("P8", "`eccentric-needs-experience`", "2 years of training for eccentric-overload methods",
     DOC_000),
    ("P9", "`quad-dominant`, `phase-ratio`",
     "at least 1:1 hamstring to quad exercises over the week; 2:1 when correcting; in a block, each "
     "week's own `ratio:`",
     f"{DOC_003}; {DOC_002} (week scope)"),
    ("P10", "`no-unilateral-work`",
     "at least one single-leg leg exercise; matching the weaker side's reps is about how a set is "
     "done and cannot be read from a routine",
     f"{DOC_002}, {DOC_003}"),
    ("P11", "— (no rule)",
     "Alternating which muscle group goes first each week would need week-by-week sessions; a "
     "block can now write them, but no rule checks the alternation yet. The push/pull/legs advice "
     "(a quad day and a hamstring day) is why `quad-dominant` counts the whole week by default",
     DOC_002),
    ("P12", "`no-direct-hamstring-work`", "a routine with leg work needs a direct hamstring exercise",
     DOC_002),
    ("P13", "`dropset-drop`", "drop 20-40% (about 30%)", DOC_002),
    ("P14", "`uncontrolled-eccentric`",
     "eccentric phase at least 1 s (not X); swinging and partial range cannot be seen in a routine",
     f"{DOC_001}, {DOC_002}"),
    ("P15", "`missing-warm-up` (off by default)",
     "a routine should carry a warm-up block; warm-up work never counts as hard sets (interpreter)",
     DOC_001),
    ("P16", "`session-length`", "a giant-set session estimated at 40 minutes at most after the warm-up",
     DOC_000),
    ("P17", "`giant-set-failure`", "no set to failure or AMRAP inside a giant set",
     f"{DOC_000}; {DOC_003} (RIR)"),
    ("P18", "`giant-set-recovery`",
     "a giant set of 20 or more hard sets needs `recovery: average` or better",
     DOC_000),
)

INTRO = """\
# Rules

`hamdsl lint` checks a routine against the programming principles of the four source documents.
Each rule belongs to the built-in `rules` plugin, has a code (HAM0xx catalog and notation, HAM1xx
the two hamstring functions, HAM2xx volume and frequency, HAM3xx reps and methods, HAM4xx balance)
and a name; either selects it in `select`, `ignore`, `extend-select`, `per-file-ignores` and `# noqa`.

Where the documents disagree, the rule has an option and the default is chosen and explained in
its section. Options of a rule live in a table named after the rule: `[rep-range]` in
`hamdsl.toml`, `[tool.hamdsl.rep-range]` in `pyproject.toml`. The source documents are cited by
file name:

- `000_4ffba709e68b8adb.txt`: three hypertrophy routines (giant sets, eccentrics, pre-exhaust)
- `001_0099f3787b808e50.txt`: beginner-friendly weekly plans and volume landmarks
- `002_07ab0ecea4df5d46.txt`: commercial-gym guide with a workout chart
- `003_dd2db63edd4a1a04.txt`: coaching guide (anatomy, ratios, exercise order)

Weekly rules (`weekly-volume-*`, `hamstring-frequency`) skip a file that is one session with no
weekday, such as 000's routines or 002's chart: such a file is one workout of a week it does not
show. Set `standalone-workouts = true` on a rule to check it anyway.

A block of several weeks (week headers, `weeks:`, `progress:` lines; see docs/language.md) is
checked week by week. The weekly rules (volume landmarks, frequency, exercises per session,
balance) check each distinct week and start their findings with the weeks they hold for
(`weeks 1-4: ...`); weeks that prescribe the same thing are checked once, and a finding that
several weeks share is reported once, naming them all (`weeks 1-10: ...`). The other rules report a
line once, whichever weeks it appears in. A file with one distinct week reads exactly as a
one-week file always has. The documents say nothing about deloads, so no rule asks for one.

## Principles and rules

| Principle | Rule | Default | Source |
|---|---|---|---|
"""


#: What `hamdsl lint examples/` reports under the defaults, and why each finding is fair to the
#: routine's own document. tests/test_rules.py pins the same list.
EXAMPLES_SECTION = """
## The documents' own routines

Under the defaults, `hamdsl lint examples/` reports only findings that either follow the routine's
own document or come from a default taken from another document (a disagreement named in the
rule's section):

- `000-routine-1.ham`, `000-routine-3.ham`, `001-option-1.ham`: `no-unilateral-work` (advice of 002
  and 003; 000 and 001's option 1 say nothing about single-leg work).
- `000-routine-3.ham`: `too-many-exercises` (002's three to four exercises on a hamstring day
  against 000's five-exercise giant set).
- `001-option-1.ham`, `001-option-2.ham`: `missing-knee-flexion` / `missing-hip-extension` on the
  sessions that train one function (000 and 003 want both in each session; 001 spreads them over
  the week: set `scope = "week"`).
- `002-chart.ham`: `hip-extension-before-knee-flexion` (000 and 003 put curls first; 002's chart
  starts with the Romanian deadlift: set `order = "hip-extension-first"`).
- `003-problem.ham`: `quad-dominant` and `missing-hip-extension`, which is exactly what 003 says is
  wrong with it.

The other routines (000 #2 with and without quads, 001's warm-up, 003's three workouts) give no
finding.
"""


def _demote(doc: str) -> str:
    """A rule doc's ``## Section`` headings become ``### Section`` under the rule's own heading."""
    return "\n".join("#" + line if line.startswith("## ") else line for line in doc.splitlines())


def render() -> str:
    """The whole of docs/rules.md."""
    from . import all_rules

    parts = [INTRO]
    for principle, rules, default, source in PRINCIPLES:
        parts.append(f"| {principle} | {rules} | {default} | {source} |\n")
    parts.append(EXAMPLES_SECTION)
    parts.append("\n## Rule index\n\n| Code | Name | Severity | Enabled by default |\n|---|---|---|---|\n")
    rules_list = all_rules()
    for rule in rules_list:
        enabled = "yes" if rule.default_enabled else "no"
        parts.append(f"| {rule.code} | [`{rule.name}`](#{rule.code.lower()}-{rule.name}) | "
                     f"{rule.severity} | {enabled} |\n")
    for rule in rules_list:
        enabled = "" if rule.default_enabled else " Off by default."
        parts.append(
            f"\n## {rule.code} `{rule.name}`\n\n{rule.summary}\n\n"
            f"Severity: {rule.severity}.{enabled} Source: {rule.source}.\n\n{_demote(rule.doc).rstrip()}\n"
        )
    return "".join(parts)


if __name__ == "__main__":  # pragma: no cover - the command documented above
    import sys

    sys.stdout.write(render())
