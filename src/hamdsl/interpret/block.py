"""A block, week by week: which sessions each week holds, and how its sets, reps and RIR change.

This is the part of the interpreter that reads week headers, ``weeks:``, ``deload:`` and
``progress:`` lines (docs/language.md, "Blocks, loads and progression"). It works on the syntax
tree only and returns syntax-tree sessions whose schemes carry the week's figures, so the rest of
the interpreter (hard sets, durations, groups) treats every week exactly as it treats a one-week
file. Loads are worked out later, by the interpreter, from :attr:`WeekSource.steps` and
:attr:`WeekSource.deload`, because a percentage needs the catalog to find its ``1rm:`` line.

How a week is chosen (the meaning the issue gives):

* The block is ``weeks:`` long, or as long as the last week header's number, or one week.
* A week under a header with sessions of its own has those. Any other week has the template, the
  sessions written before the first header; except a ``(deload)`` week without sessions, which
  repeats the week before it changed as ``deload:`` says (by default half the sets, rounded up,
  the same reps and load, and 2 more RIR where an RIR is written).
* Progression (``progress:``) counts the weeks since the sessions' first week (week 1 for the
  template, the header's first week for a header's own sessions), leaving deload weeks out: a
  deload week repeats the week before it, and the week after a deload goes on from there.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from hamdsl.language.nodes import Deload, Range, Span

if TYPE_CHECKING:
    from hamdsl.language.nodes import Exercise, Program, Progression, Scheme, Session, WarmUp, Week

__all__ = ["DEFAULT_DELOAD", "WeekSource", "block_length", "expand_sessions", "week_sources"]

#: A deload week when the file has no ``deload:`` line: half the sets (rounded up), the same
#: load, 2 more RIR where an RIR is given (the issue's default; the four articles say nothing of
#: deloads, so this is the project's choice and no rule depends on it).
DEFAULT_DELOAD = Deload(sets=0.5, load=1.0, rir=2, span=Span(1, 1, 1, 1))


@dataclass(frozen=True, slots=True)
class WeekSource:
    """Where one week's sessions come from, before they are interpreted.

    ``steps`` is how many weeks of progression the sessions have had; ``deload`` is the change a
    deload week without sessions of its own makes to the week before it (``None`` otherwise)."""

    number: int
    header: Week | None
    sessions: tuple[Session, ...]
    warmups: tuple[WarmUp, ...]
    steps: int
    deload: Deload | None
    name: str | None
    ratio: tuple[int, int] | None
    is_deload: bool


def block_length(program: Program) -> int:
    """``weeks:``, else the last week header's number, else 1."""
    block = program.block
    if block is not None and block.weeks:
        return max(1, block.weeks)
    if program.weeks:
        return max(1, max(w.last for w in program.weeks))
    return 1


def week_sources(program: Program) -> tuple[WeekSource, ...]:
    """Every week of the block, in order, with the sessions it holds."""
    length = block_length(program)
    headers: dict[int, Week] = {}
    for week in program.weeks:
        for number in range(week.first, week.last + 1):
            headers.setdefault(number, week)  # a week two headers claim keeps the first
    block = program.block
    deload = (block.deload if block is not None else None) or DEFAULT_DELOAD
    block_ratio = block.ratio if block is not None else None
    deload_weeks = {n for n, h in headers.items() if h.deload}

    def steps(origin: int, number: int) -> int:
        return sum(1 for k in range(origin, number) if k not in deload_weeks)

    result: list[WeekSource] = []
    for number in range(1, length + 1):
        header = headers.get(number)
        is_deload = header is not None and header.deload
        name = header.name if header is not None else None
        ratio = (header.ratio if header is not None else None) or block_ratio
        warmups = header.warmups if header is not None and header.warmups else program.warmups
        if header is not None and header.sessions:
            source = WeekSource(number, header, header.sessions, warmups, steps(header.first, number), None,
                                name, ratio, is_deload)
        elif is_deload and result:
            before = result[-1]
            source = replace(before, number=number, header=header, deload=deload, name=name, ratio=ratio,
                             is_deload=True, warmups=warmups)
        else:
            source = WeekSource(number, header, program.sessions, warmups,
                                0 if is_deload else steps(1, number), deload if is_deload else None,
                                name, ratio, is_deload)
        result.append(source)
    return tuple(result)


def _capped(value: int, step: float, cap: int | None) -> int:
    changed = round(value + step)
    if cap is not None and step > 0 and value < cap:
        changed = min(changed, cap)
    elif cap is not None and step < 0 and value > cap:
        changed = max(changed, cap)
    return max(0, changed)


def _range_step(r: Range, step: float, cap: int | None) -> Range:
    return Range(_capped(r.low, step, cap), _capped(r.high, step, cap))


def progress_scheme(scheme: Scheme, progressions: tuple[Progression, ...], steps: int) -> Scheme:
    """The first set group's scheme after ``steps`` weeks of its ``progress:`` lines.

    ``sets`` and ``reps`` add their amount each week up to the cap; ``rir`` adds its (negative)
    amount, never below 0. Load, double and conditional progressions leave the scheme alone: the
    load is the interpreter's business, and a double progression climbs only as reps are made, so
    a plan shows the range as written."""
    if steps <= 0:
        return scheme
    for p in progressions:
        amount = p.amount if p.amount is not None else 1.0
        if p.condition:
            continue
        if p.kind == "sets":
            scheme = replace(scheme, sets=_range_step(scheme.sets, amount * steps, p.cap))
        elif p.kind == "reps" and scheme.reps is not None:
            scheme = replace(scheme, reps=_range_step(scheme.reps, amount * steps, p.cap))
        elif p.kind == "rir" and scheme.rir is not None:
            change = amount * steps
            scheme = replace(scheme, rir=Range(max(0, round(scheme.rir.low + change)),
                                               max(0, round(scheme.rir.high + change))))
    return scheme


def deload_scheme(scheme: Scheme, deload: Deload) -> Scheme:
    """A scheme in a deload week: sets times the factor, rounded up (at least one), the same reps,
    ``deload.rir`` more RIR where an RIR is written."""
    sets = Range(max(1, math.ceil(scheme.sets.low * deload.sets - 1e-9)),
                 max(1, math.ceil(scheme.sets.high * deload.sets - 1e-9)))
    rir = scheme.rir
    if rir is not None:
        rir = Range(max(0, rir.low + deload.rir), max(0, rir.high + deload.rir))
    return replace(scheme, sets=sets, rir=rir)


def _exercise(ex: Exercise, steps: int, deload: Deload | None) -> Exercise:
    scheme = ex.scheme
    if scheme is None or (not ex.progress and deload is None) or (steps <= 0 and deload is None):
        return ex
    scheme = progress_scheme(scheme, ex.progress, steps)
    then = ex.then
    if deload is not None:
        scheme = deload_scheme(scheme, deload)
        then = tuple(replace(g, scheme=deload_scheme(g.scheme, deload)) for g in then)
    if scheme is ex.scheme and then is ex.then:
        return ex
    return replace(ex, scheme=scheme, then=then)


def expand_sessions(source: WeekSource) -> tuple[Session, ...]:
    """The week's sessions with each exercise's scheme as that week prescribes it. Sessions and
    exercises that do not change are returned as they are (the same objects)."""
    if source.steps <= 0 and source.deload is None:
        return source.sessions
    out: list[Session] = []
    for session in source.sessions:
        exercises = tuple(_exercise(ex, source.steps, source.deload) for ex in session.exercises)
        changed = any(a is not b for a, b in zip(exercises, session.exercises, strict=True))
        out.append(replace(session, exercises=exercises) if changed else session)
    return tuple(out)
