"""The program's sessions on calendar dates, for exporters that place them (the iCal export).

Apart from :mod:`hamdsl.interpret.model` so that a lint, which never dates a session, does not import
``datetime`` (about 1.5 ms of a cold start: the module runs its pure-Python classes before their
C versions replace them). Where sessions that name no weekday land is configurable:
:data:`hamdsl.interpret.model.DEFAULT_SPREADS` and the ``[tool.hamdsl.schedule]`` options
(``hamdsl.interpret.interpreter.spreads_from_settings``).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass

from hamdsl.interpret.model import DEFAULT_SPREADS, Model, SessionModel, WeekPlan
from hamdsl.language.nodes import WEEKDAYS


@dataclass(frozen=True, slots=True)
class DatedSession:
    """One session on one date. ``week`` counts from 1. ``default_spread`` is true when the
    routine did not name this session's weekday and :data:`DEFAULT_SPREADS` placed it. ``plan``
    is the week of the block the date falls in (its sessions carry that week's prescription)."""

    date: _dt.date
    week: int
    session: SessionModel
    default_spread: bool
    note: str | None = None
    plan: WeekPlan | None = None


def _session_days(
    sessions: tuple[SessionModel, ...], spreads: Mapping[int, tuple[str, ...]]
) -> list[tuple[SessionModel, str, bool]]:
    """Each (session, weekday, placed-by-default) of one week, named days first."""
    placed: list[tuple[SessionModel, str, bool]] = []
    unnamed: list[SessionModel] = []
    for s in sessions:
        if s.weekdays:
            placed.extend((s, day, False) for day in s.weekdays)
        else:
            unnamed.append(s)
    if unnamed:
        total = len(placed) + len(unnamed)
        taken = {day for _, day, _ in placed}
        spread = spreads.get(min(total, 7), WEEKDAYS)
        free = [d for d in spread if d not in taken] + [d for d in WEEKDAYS if d not in taken
                                                        and d not in spread]
        if not free:
            free = list(WEEKDAYS)
        for i, s in enumerate(unnamed):
            placed.append((s, free[i % len(free)], True))
    return placed


def schedule(
    model: Model, start: _dt.date, weeks: int, spreads: Mapping[int, tuple[str, ...]] = DEFAULT_SPREADS
) -> tuple[DatedSession, ...]:
    """The program's sessions on concrete dates, from ``start`` for ``weeks`` weeks.

    A session that names weekdays lands on each of them; sessions that name none are placed on the
    spread for the week's number of sessions (``spreads``, by default :data:`DEFAULT_SPREADS`;
    ``hamdsl.interpret.interpreter.spreads_from_settings`` reads the configured ones), skipping days already
    taken, and flagged with a note.
    Week 1 is the seven days starting at ``start``, so a Wednesday start puts a Monday session in
    the following Monday. Sessions on the same date keep their order in the file.

    Week ``n`` has the sessions of week ``n`` of the block (:attr:`Model.weeks`), with that
    week's sets, reps and loads; past the block's end it starts again from week 1, as a file
    without week headers repeats its one week.
    """
    plans = model.plans
    placed = [(_session_days(plan.sessions, spreads), plan) for plan in plans]
    result: list[DatedSession] = []
    for week in range(max(0, weeks)):
        placements, plan = placed[week % len(placed)]
        for offset in range(7):
            date = start + _dt.timedelta(days=7 * week + offset)
            day = WEEKDAYS[date.weekday()]
            for session, weekday, default in placements:
                if weekday != day:
                    continue
                note = (
                    f"no weekday written; placed on {weekday.capitalize()} by the default spread "
                    f"for {len(placements)} session(s) a week"
                    if default else None
                )
                result.append(DatedSession(date, week + 1, session, default, note, plan))
    return tuple(result)


__all__ = ["DatedSession", "schedule"]
