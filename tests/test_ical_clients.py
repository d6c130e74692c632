"""The iCal export read by real calendar software: ``icalendar``, the strict ``ical`` package, and
khal, a terminal calendar from PyPI, imported into a throwaway configuration and vdir.

The issue's acceptance example is 001 option 1 (Monday, Wednesday, Friday) from 2026-12-07 for four
weeks at 18:00 in Berlin: twelve events, each on its weekday at 18:00 local time (17:00 UTC, since
December is winter time), and a second import of a re-export must not add any.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import EXAMPLES

BERLIN = ZoneInfo("Europe/Berlin")
OPTION_1 = EXAMPLES / "001-option-1.ham"
ARGS = ("--format", "ical", "--start", "2026-12-07", "--weeks", "4", "--tz", "Europe/Berlin")
#: The twelve dates: Monday, Wednesday and Friday of the four weeks from 2026-12-07.
DATES = [dt.date(2026, 12, 7) + dt.timedelta(days=7 * week + day) for week in range(4) for day in (0, 2, 4)]


def with_more_sets(text: str, sets: int) -> str:
    """The routine with its first exercise's scheme replaced by ``{sets}x8``, found through the
    parser so the edit does not depend on how the example is laid out."""
    from hamdsl.language.parser import parse

    scheme = parse(text).program.sessions[0].exercises[0].scheme
    assert scheme is not None and scheme.span.line == scheme.span.end_line
    lines = text.split("\n")
    line = lines[scheme.span.line - 1]
    lines[scheme.span.line - 1] = (
        line[: scheme.span.column - 1] + f"{sets}x8" + line[scheme.span.end_column - 1 :]
    )
    edited = "\n".join(lines)
    assert edited != text
    return edited


def export_bytes(path: Path, *extra: str, env: dict[str, str] | None = None) -> bytes:
    """The export as the bytes a user's shell would get, through the real console entry point."""
    full_env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    full_env.update(env or {})
    result = subprocess.run(
        [sys.executable, "-m", "hamdsl", "export", str(path), *ARGS, *extra],
        capture_output=True,
        env=full_env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout


@pytest.fixture(scope="module")
def ics() -> bytes:
    return export_bytes(OPTION_1)


def test_icalendar_reads_twelve_events_on_the_right_days_and_time(ics: bytes) -> None:
    from icalendar import Calendar

    calendar = Calendar.from_ical(ics)
    events = calendar.walk("VEVENT")
    assert len(events) == 12
    starts = [e.decoded("DTSTART") for e in events]
    assert [s.date() for s in starts] == DATES
    for start, event in zip(starts, events, strict=True):
        assert start.tzinfo is not None and str(start.tzinfo) == "Europe/Berlin"
        assert (start.hour, start.minute) == (18, 0)
        assert start.astimezone(dt.UTC).hour == 17  # CET, UTC+1, in December
        assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
        assert event.decoded("DURATION") > dt.timedelta(0)
        assert str(event["SUMMARY"]).startswith("Option 1: three focused hamstring sessions: ")
        assert " x " in str(event["DESCRIPTION"])
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Berlin"]
    assert calendar.get_missing_tzids() == set()
    assert len({str(e["UID"]) for e in events}) == 12
    assert str(calendar["PRODID"]) == "-//hamdsl//hamdsl iCal export//EN"
    assert b"\r\n" in ics and all(len(line) <= 75 for line in ics.split(b"\r\n"))


def test_the_strict_ical_package_reads_the_same_events(ics: bytes) -> None:
    from ical.calendar_stream import IcsCalendarStream

    calendar = IcsCalendarStream.calendar_from_ics(ics.decode("utf-8"))
    assert len(calendar.events) == 12
    assert [e.dtstart.date() for e in calendar.events] == DATES
    for event in calendar.events:
        assert event.dtstart.utcoffset() == dt.timedelta(hours=1)
        assert (event.dtstart.hour, event.dtstart.minute) == (18, 0)
        assert event.end > event.start
    assert len(calendar.timezones) == 1


def test_two_exports_are_byte_identical(ics: bytes, tmp_path: Path) -> None:
    assert export_bytes(OPTION_1) == ics  # DTSTAMP from the file's time, unchanged
    with_epoch = export_bytes(OPTION_1, env={"SOURCE_DATE_EPOCH": "1800000000"})
    assert export_bytes(OPTION_1, env={"SOURCE_DATE_EPOCH": "1800000000"}) == with_epoch
    assert b"DTSTAMP:20270115T080000Z" in with_epoch


def test_uids_survive_edits_but_not_another_routine(ics: bytes, tmp_path: Path) -> None:
    from icalendar import Calendar

    def uids(data: bytes) -> list[str]:
        return [str(e["UID"]) for e in Calendar.from_ical(data).walk("VEVENT")]

    edited = tmp_path / OPTION_1.name
    edited.write_text(with_more_sets(OPTION_1.read_text(encoding="utf-8"), 4))
    assert uids(export_bytes(edited)) == uids(ics)
    renamed = tmp_path / "someone-else.ham"
    renamed.write_text(OPTION_1.read_text(encoding="utf-8"))
    assert not set(uids(export_bytes(renamed))) & set(uids(ics))


# -- khal -------------------------------------------------------------------------------------------

KHAL_CONFIG = """\
[calendars]
[[training]]
path = {vdir}
type = calendar

[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = Europe/Berlin
default_timezone = Europe/Berlin

[sqlite]
path = {db}
"""


class Khal:
    """khal with its own configuration, database and vdir, and no access to the user's."""

    def __init__(self, root: Path) -> None:
        self.vdir = root / "calendar"
        self.vdir.mkdir(parents=True)
        self.config = root / "khal.conf"
        self.config.write_text(KHAL_CONFIG.format(vdir=self.vdir, db=root / "khal.db"), encoding="utf-8")
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "KHAL"))},
            "HOME": str(root),
            "XDG_CONFIG_HOME": str(root / "config"),
            "XDG_DATA_HOME": str(root / "data"),
            "TZ": "Europe/Berlin",
            "LC_ALL": "C.UTF-8",
        }

    def __call__(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "khal", "-c", str(self.config), *args],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def events(self) -> list[str]:
        out = self(
            "list",
            "--format",
            "{start-date} {start-time} {end-time} {uid} {title}",
            "--day-format",
            "",
            "2026-12-01",
            "2027-01-31",
        )
        return [line for line in out.splitlines() if line.strip()]

    def stored(self) -> list[Path]:
        return sorted(self.vdir.glob("*.ics"))


def test_khal_imports_every_session_at_the_right_time_and_reimport_updates(
    ics: bytes, tmp_path: Path
) -> None:
    khal = Khal(tmp_path / "khal")
    first = tmp_path / "first.ics"
    first.write_bytes(ics)
    khal("import", "--batch", str(first))
    events = khal.events()
    assert len(events) == 12, events
    assert [line.split()[0] for line in events] == [d.isoformat() for d in DATES]
    assert all(line.split()[1] == "18:00" for line in events)
    assert all("Option 1: three focused hamstring sessions" in line for line in events)
    assert len(khal.stored()) == 12

    # A re-export after an edit (one more set on Monday) imported again replaces, never adds.
    edited = tmp_path / OPTION_1.name
    edited.write_text(with_more_sets(OPTION_1.read_text(encoding="utf-8"), 6))
    second = tmp_path / "second.ics"
    second.write_bytes(export_bytes(edited))
    khal("import", "--batch", str(second))
    again = khal.events()
    assert len(again) == 12, again
    assert len(khal.stored()) == 12
    assert [line.split()[3] for line in again] == [line.split()[3] for line in events]
    # The Monday events now end later: the longer session replaced the old one.
    assert again[0].split()[2] > events[0].split()[2]
