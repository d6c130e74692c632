"""The iCalendar export, built with ``icalendar`` and never by hand.

Re-import must update, not duplicate, and two exports of the same routine must be identical, so
nothing in the file depends on when or where the export ran:

* **UID** — ``uuid5`` of the routine's identity (file name without folder and suffix, and the
  program name), the session's name and the date, plus a counter when one session falls twice on
  a day, and for a block of several weeks the week's number. Editing sets, reps, notes or times
  keeps every UID, so a re-import replaces the events;
  renaming the file or the program, or another ``--start``, makes new events.
* **DTSTAMP** — ``SOURCE_DATE_EPOCH`` when set (reproducible builds), otherwise the routine
  file's modification time: it changes when the routine changes, which is what "this version of
  the event" means, and not between two exports of an unchanged file.
* **PRODID** is fixed; **DTSTART** is a local time with a ``TZID`` and the matching
  ``VTIMEZONE`` (``add_missing_timezones``), never a floating time; **DURATION** is the upper
  bound of the session's estimated duration, rounded up to whole minutes.

Text (names, notes) is passed as Python strings; ``to_ical`` escapes commas, semicolons,
backslashes and newlines and folds long lines, so no routine text can end an event early.
Control characters (not allowed in TEXT, RFC 5545 3.3.11) and bidi overrides are first written
as visible ``\\x1b`` / ``\\u202e`` escapes with :func:`hamdsl.lint.report.safe`, as on the terminal.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import uuid
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from hamdsl.plugins.api import CannotExport
from hamdsl_plugins._wording import group_text, minutes_text, model_line_text

if TYPE_CHECKING:
    from hamdsl.interpret.schedule import DatedSession
    from hamdsl.plugins.api import ExportContext

PRODID = "-//hamdsl//hamdsl iCal export//EN"
#: The namespace of every event UID (a fixed uuid5 of the project's URL namespace).
UID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://pypi.org/project/hamdsl/#ical-export")
#: DTSTAMP when neither SOURCE_DATE_EPOCH nor the file's time can be read.
FALLBACK_STAMP = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


class NothingToSchedule(CannotExport):
    """The routine has no training sessions (a warm-up only), so there is no event to write."""


def render(ctx: ExportContext) -> bytes:
    """The calendar as bytes (CRLF line ends, folded at 75 octets, as RFC 5545 asks)."""
    from zoneinfo import ZoneInfo

    from icalendar import Calendar, Event, vText

    from hamdsl.interpret.interpreter import spreads_from_settings
    from hamdsl.interpret.schedule import schedule

    params = ctx.params
    start: dt.date = params["start"]
    weeks: int = params["weeks"]
    at: dt.time = params["time"]
    zone = ZoneInfo(params["tz"])
    if not ctx.model.sessions:
        raise NothingToSchedule(
            "the routine has no training sessions to put in a calendar (a warm-up alone is not "
            "scheduled); export it as markdown or json instead"
        )
    dated = schedule(ctx.model, start, weeks, spreads_from_settings(ctx.settings))
    from hamdsl.core.text import safe

    program = safe(ctx.program.name or PurePath(ctx.filename).stem)
    identity = routine_identity(ctx.filename, ctx.program.name)
    stamp = dtstamp(ctx.filename)

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # An X- property's value is not typed by icalendar; vText makes it escaped TEXT (RFC 5545
    # 3.8.8.2), so a comma or semicolon in the program's name stays part of the name.
    calendar.add("x-wr-calname", vText(program))
    seen: dict[tuple[str, dt.date], int] = {}
    blocked = ctx.model.block_length > 1
    for item in dated:
        key = (item.session.name, item.date)
        seen[key] = seen.get(key, 0) + 1
        event = Event()
        week = item.week if blocked else None
        event.add("uid", event_uid(identity, item.session.name, item.date, seen[key], week))
        event.add("dtstamp", stamp)
        event.add("dtstart", dt.datetime.combine(item.date, at, tzinfo=zone))
        event.add("duration", dt.timedelta(minutes=max(1, math.ceil(item.session.duration[1] / 60))))
        event.add("summary", f"{program}: {safe(item.session.name)}")
        event.add("description", safe(description(item, weeks)))
        event.add("categories", ["Training"])
        calendar.add_component(event)
    # VTIMEZONE rules for the span of the export only; a year's margin covers DST at both ends.
    calendar.add_missing_timezones(
        first_date=start - dt.timedelta(days=366),
        last_date=start + dt.timedelta(weeks=weeks, days=366),
    )
    return calendar.to_ical()


def routine_identity(filename: str, program_name: str | None) -> str:
    """What makes two exports "the same routine": the file's name (no folder, no suffix, so a
    copy elsewhere or a CI checkout agrees) and the program's name."""
    return f"{PurePath(filename).stem}\x1f{program_name or ''}"


def event_uid(identity: str, session: str, date: dt.date, occurrence: int = 1,
              week: int | None = None) -> str:
    """A UID from stable facts only: routine, session, date (and which of the day's same-named
    sessions, from 1), and for a block of several weeks the week of the block, so that week 3's
    session keeps its UID when week 3's sets change. A one-week file's UIDs are as they were."""
    name = f"{identity}\x1f{session}\x1f{date.isoformat()}\x1f{occurrence}"
    if week is not None:
        name += f"\x1fweek {week}"
    return f"{uuid.uuid5(UID_NAMESPACE, name)}@hamdsl"


def dtstamp(filename: str) -> dt.datetime:
    """``SOURCE_DATE_EPOCH`` if set, else the file's modification time, in UTC, whole seconds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except (ValueError, OverflowError, OSError):
            raise ValueError(f"SOURCE_DATE_EPOCH={epoch!r} is not a whole number of seconds") from None
    try:
        return dt.datetime.fromtimestamp(int(os.stat(filename).st_mtime), tz=dt.UTC)
    except (OSError, ValueError, OverflowError):
        return FALLBACK_STAMP


def _week_words(item: DatedSession) -> str:
    """`` (deload)`` / ``, introduction`` after the week's number, as its header says."""
    plan = item.plan
    if plan is None:
        return ""
    words = f": {plan.name}" if plan.name else ""
    return words + (" (deload)" if plan.deload else "")


def description(item: DatedSession, weeks: int) -> str:
    """Plain text: week, estimated duration, then each exercise line with sets x reps, tempo and
    rest, the groups done back to back, and the notes."""
    session = item.session
    lines: list[str] = [
        f"Week {item.week} of {weeks}{_week_words(item)}, {item.date.strftime('%A')}",
        f"Estimated duration: {minutes_text(session.duration)}",
    ]
    if item.note:
        lines.append(f"Note: {item.note}")
    lines.append("")
    for group in session.groups:
        if len(group.exercises) > 1:
            lines.append(f"{group_text(group)[:1].upper()}{group_text(group)[1:]}, back to back:")
        for em in group.exercises:
            lines.append(model_line_text(em))
            lines.extend(f"  Note: {n.text}" for n in em.exercise.notes)
    if session.session.notes:
        lines.append("")
        lines.extend(f"Note: {n.text}" for n in session.session.notes)
    return "\n".join(lines)


__all__: list[Any] = ["render"]
