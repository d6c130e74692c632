"""Hover: what is under the cursor, found through the parsed tree's spans.

- an exercise name: its entry in the catalog the buffer is read with, the exercises the
  configuration and the buffer declare included (region, source, functions, hamstring share, aliases);
- sets and reps: the hard sets the interpreter counts for them;
- a load (``70%``, ``85% tm``, ``rpe 8``, ``-10%``): what it means and, where the interpreter
  worked it out, the weight of the first week that has the exercise;
- a tempo: what each of the four phases means;
- a code in a ``# noqa:`` comment, or a finding's range: the rule's documentation and source.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from hamdsl.core.diagnostics import CORE_CHECKS
from hamdsl.interpret.exercises import MUSCLES
from hamdsl.interpret.interpreter import CONFIG_SOURCE, FILE_SOURCE
from hamdsl.lint import suppression
from hamdsl.plugins.host import PluginError
from hamdsl.server.completion import functions_text
from hamdsl.server.positions import contains

if TYPE_CHECKING:
    from hamdsl.interpret.interpreter import Catalog
    from hamdsl.interpret.model import ExerciseModel, LoadModel
    from hamdsl.language.nodes import Exercise, Load, Program, Scheme, Tempo, Week
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
                    return _exercise(session.catalog_of(analysis), name.text)
            if exercise.scheme is not None and contains(exercise.scheme.span, line, column):
                return _scheme(session, analysis, exercise, exercise.scheme)
            if exercise.tempo is not None and contains(exercise.tempo.span, line, column):
                return _tempo(exercise.tempo)
            loads = [exercise.load, *(group.load for group in exercise.then)]
            for index, load in enumerate(loads):
                if load is not None and contains(load.span, line, column):
                    return _load(session, analysis, exercise, index, load)
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
    owners: tuple[Program | Week, ...] = (program, *program.weeks)
    for owner in owners:
        for warmup in owner.warmups:
            yield from warmup.exercises
        for session in owner.sessions:
            yield from session.exercises


def _interpreted(
    session: Session, analysis: Analysis, exercise: Exercise
) -> tuple[int, ExerciseModel] | None:
    """The exercise as the interpreter read it in the first week that has it, with that week's
    number; ``None`` when the routine cannot be interpreted."""
    model = session.model(analysis)
    if model is None:
        return None
    for plan in model.plans:
        for item in (*plan.exercises, *(e for w in plan.warmups for e in w.exercises)):
            if item.exercise.span == exercise.span:
                return plan.number, item
    return None


def _origin(plugin: str) -> str:
    """Where an entry comes from: a declaration is no plugin, though the catalog files it under
    a source name of its own."""
    if plugin == FILE_SOURCE:
        return "declared in this routine"
    if plugin == CONFIG_SOURCE:
        return "declared in the configuration"
    return f"from plugin `{plugin}`"


def _exercise(catalog: Catalog, text: str) -> str:
    match = catalog.resolve(text)
    if match is None:
        suggestions = catalog.suggest(text)
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
        f"**{spec.name}** ({spec.region}; {_origin(match.plugin)})",
        f"- functions: {functions_text(spec)}",
        f"- hamstring share: {share}",
    ]
    if spec.unilateral:
        parts.append("- one leg at a time")
    if spec.aliases:
        parts.append(f"- aliases: {', '.join(spec.aliases)}")
    if spec.description and match.plugin not in (FILE_SOURCE, CONFIG_SOURCE):
        # A declaration's description only says where it was declared, which the title says.
        parts.append(f"\n{spec.description}")
    return "\n".join(parts)


def _scheme(session: Session, analysis: Analysis, exercise: Exercise, scheme: Scheme) -> str:
    interpreted = _interpreted(session, analysis, exercise)
    written = f"**{scheme.sets} sets**" + (f" of {scheme.reps} reps" if scheme.reps else "")
    if interpreted is None:
        return written + ": the hard sets cannot be counted while the routine cannot be interpreted."
    _, found = interpreted
    if found.in_warmup:
        return written + ": warm-up work, 0 hard sets counted."
    functions = ", ".join(f.replace("-", " ") for f in sorted(found.functions)) or "no counted function"
    return f"{written}: **{found.hard_sets} hard sets** counted ({functions})."


def _number(value: float) -> str:
    return f"{value:g}"


def load_meaning(load: Load) -> str:
    """What a written load means, in words."""
    amount = _number(load.amount) if load.amount is not None else "?"
    if load.kind == "weight":
        return f"**{amount} {load.unit}** on the bar"
    if load.kind == "percent":
        if load.basis == "tm":
            return f"**{amount}% of the training max** (`tm:` times the exercise's `1rm:`)"
        return f"**{amount}% of the one-rep max** (the exercise's `1rm:` line)"
    if load.kind == "bodyweight":
        if not load.amount:
            return "**bodyweight**: no weight added"
        return f"**bodyweight with {amount} {load.unit} added**"
    if load.kind == "rpe" and load.rpe is not None:
        low, high = load.rpe
        rpe = _number(low) if low == high else f"{_number(low)}-{_number(high)}"
        return f"**RPE {rpe}**: a rating of perceived exertion, 10 being a maximal effort"
    if load.kind == "relative" and load.amount is not None:
        lighter = "lighter" if load.amount < 0 else "heavier"
        size = (
            f"{_number(abs(load.amount))}%"
            if load.unit == "%"
            else f"{_number(abs(load.amount))} {load.unit}"
        )
        return f"**{size} {lighter}** than the set group before it"
    return f"**{load.kind} load**"


_MISSING = {
    "1rm": "the exercise has no `1rm:` line, so the weight cannot be worked out",
    "tm": "there is no `tm:` line, so the training max is not known",
    "base": "the load of the set group before it is not known",
}


def _load(session: Session, analysis: Analysis, exercise: Exercise, index: int, load: Load) -> str:
    """A load (``index`` 0 is the first set group's, then one per ``then``) and its weight."""
    text = load_meaning(load)
    if load.kind in ("weight", "rpe", "bodyweight"):  # nothing to work out
        return text + "."
    interpreted = _interpreted(session, analysis, exercise)
    if interpreted is None:
        return text + "."
    week, found = interpreted
    worked: LoadModel | None = found.set_groups[index].load if index < len(found.set_groups) else None
    if worked is None:
        return text + "."
    if worked.missing is not None:
        return f"{text}: {_MISSING.get(worked.missing, 'the weight cannot be worked out')}."
    if worked.amount is None:
        return text + "."
    return f"{text}: **{worked}** in week {week}."


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
    except PluginError:  # clashing rules: the check already reports it, as one finding
        return ""
    for contribution in rules:
        rule = contribution.item
        if code in (rule.code, rule.name):
            source = f"\n\nSource: {rule.source}" if rule.source else ""
            return f"**{rule.code} `{rule.name}`**: {rule.summary}{source}\n\n{rule.doc}".rstrip()
    return ""
