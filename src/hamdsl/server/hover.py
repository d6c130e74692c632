"""Hover: what is under the cursor, found through the parsed tree's spans.

- an exercise name: its catalog entry (functions, hamstring share, aliases, description);
- sets and reps: the hard sets the interpreter counts for them;
- a tempo: what each of the four phases means;
- a code in a ``# noqa:`` comment, or a finding's range: the rule's documentation and source.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from hamdsl.core.diagnostics import CORE_CHECKS
from hamdsl.interpret.exercises import MUSCLES
from hamdsl.lint import suppression
from hamdsl.server.completion import functions_text, region
from hamdsl.server.positions import contains

if TYPE_CHECKING:
    from hamdsl.language.nodes import Exercise, Program, Scheme, Tempo
    from hamdsl.server.session import Analysis, Session

_PHASES = (
    "lowering (eccentric)",
    "pause at the bottom",
    "lifting (concentric)",
    "pause at the top",
)


def hover(session: Session, analysis: Analysis, line: int, column: int) -> str | None:
    """Markdown for the thing at (line, column), 1-based; ``None`` for nothing."""
    parsed = analysis.parsed
    if parsed is not None:
        for exercise in _exercises(parsed.program):
            if not contains(exercise.span, line, column):
                continue
            for name in exercise.names:
                if contains(name.span, line, column):
                    return _exercise(session, name.text)
            if exercise.scheme is not None and contains(exercise.scheme.span, line, column):
                return _scheme(session, analysis, exercise, exercise.scheme)
            if exercise.tempo is not None and contains(exercise.tempo.span, line, column):
                return _tempo(exercise.tempo)
        for comment in parsed.program.comments:
            if contains(comment.span, line, column):
                found = _noqa(session, analysis, comment.span.line, column, suppression.codes(comment))
                if found is not None:
                    return found
    for d in analysis.lint.diagnostics:
        if d.span is not None and contains(d.span, line, column):
            return f"**{d.code}** {d.message}\n\n" + rule_doc(session, d.code)
    return None


def _exercises(program: Program) -> Iterator[Exercise]:
    for warmup in program.warmups:
        yield from warmup.exercises
    for session in program.sessions:
        yield from session.exercises


def _exercise(session: Session, text: str) -> str:
    match = session.catalog.resolve(text)
    if match is None:
        suggestions = session.catalog.suggest(text)
        tail = f" Did you mean {', '.join(suggestions)}?" if suggestions else ""
        return f"**{text}**: not in the exercise catalog.{tail}"
    spec = match.spec
    if spec.direct_hamstring:
        share = f"direct hamstring work: {len(spec.muscles)} of {len(MUSCLES)} hamstring muscles"
        if spec.muscles:
            share += f" ({', '.join(m.replace('-', ' ') for m in sorted(spec.muscles))})"
    else:
        share = "no direct hamstring work (not counted as hamstring sets)"
    parts = [
        f"**{spec.name}** ({region(spec)}; from plugin `{match.plugin}`)",
        f"- functions: {functions_text(spec)}",
        f"- hamstring share: {share}",
    ]
    if spec.unilateral:
        parts.append("- one leg at a time")
    if spec.aliases:
        parts.append(f"- aliases: {', '.join(spec.aliases)}")
    if spec.description:
        parts.append(f"\n{spec.description}")
    return "\n".join(parts)


def _scheme(session: Session, analysis: Analysis, exercise: Exercise, scheme: Scheme) -> str:
    model = session.model(analysis)
    found = None
    if model is not None:
        for item in (*model.exercises, *(e for w in model.warmups for e in w.exercises)):
            if item.exercise.span == exercise.span:
                found = item
                break
    written = f"**{scheme.sets} sets**" + (f" of {scheme.reps} reps" if scheme.reps else "")
    if found is None:
        return written + ": the hard sets cannot be counted while the routine cannot be interpreted."
    if found.in_warmup:
        return written + ": warm-up work, 0 hard sets counted."
    functions = ", ".join(f.replace("-", " ") for f in sorted(found.functions)) or "no counted function"
    return f"{written}: **{found.hard_sets} hard sets** counted ({functions})."


def _tempo(tempo: Tempo) -> str:
    if tempo.phases is None:
        return f"**Tempo** described in words: {tempo.description}"
    lines = ["**Tempo**, in seconds per phase:"]
    for phase, meaning in zip(tempo.phases, _PHASES, strict=True):
        value = "as fast as possible (X)" if phase == "X" else f"{phase} s"
        lines.append(f"- {meaning}: {value}")
    return "\n".join(lines)


def _noqa(
    session: Session, analysis: Analysis, line: int, column: int, codes: tuple[str, ...] | None
) -> str | None:
    if not codes:
        return None
    text = analysis.line(line)
    start = end = column - 1
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "-"):
        start -= 1
    while end < len(text) and (text[end].isalnum() or text[end] == "-"):
        end += 1
    word = text[start:end]
    if word not in codes:
        return None
    return rule_doc(session, word)


def rule_doc(session: Session, code: str) -> str:
    """A rule's documentation (``hamdsl rule CODE``) and the documents it follows, by code or name."""
    for check in CORE_CHECKS:
        if code in (check.code, check.name):
            return f"**{check.code} `{check.name}`**: {check.summary}\n\n{check.doc}"
    try:
        rules = session.host.rules()
    except Exception:  # clashing plugins: nothing to show
        return ""
    for contribution in rules:
        rule = contribution.item
        if code in (rule.code, rule.name):
            source = f"\n\nSource: {rule.source}" if rule.source else ""
            return f"**{rule.code} `{rule.name}`**: {rule.summary}{source}\n\n{rule.doc}".rstrip()
    return ""
