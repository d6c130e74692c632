"""``hamdsl export`` and ``hamdsl schema``: every example in every format (golden snapshots), the
Markdown read back by markdown-it-py, the JSON validated against its schema and loaded back into
the same syntax tree, hostile text in all three formats, and the ``-o`` guarantees (atomic, never
the input, nothing on error).

Calendar-client checks (icalendar, the strict ``ical`` package, khal) are in test_ical_clients.py.
"""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from markdown_it import MarkdownIt

from hamdsl.cli.main import main
from hamdsl.core.serialize import from_data, to_data
from hamdsl.language import nodes
from hamdsl.language.nodes import Program
from hamdsl.language.parser import parse
from tests.conftest import make_distribution, run_hamdsl, site_env

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
EXAMPLE_NAMES = sorted(p.name for p in EXAMPLES.glob("*.ham"))
#: With the published programs: blocks, loads and back-off sets (examples/programs/).
ALL_EXAMPLES = sorted(str(p.relative_to(EXAMPLES)) for p in EXAMPLES.glob("**/*.ham"))
FORMATS = ("markdown", "json", "ical")
#: Fixed calendar options and DTSTAMP, so snapshots do not depend on today, the machine's zone or
#: the checkout's file times.
FIXED = ("--start", "2026-12-07", "--weeks", "2", "--time", "18:00", "--tz", "Europe/Berlin")
EPOCH = "1800000000"

#: A routine whose names and notes try to break out of every format: an iCal line that ends the
#: event or opens an alarm, a table pipe, HTML, Markdown links, images, emphasis and list markers,
#: commas, semicolons and non-ASCII. (The .ham parser reads line by line, so a raw newline cannot
#: be inside one value; the literal text ``\n`` and a following ``END:VEVENT`` note stand in.)
HOSTILE = """\
program: Evil, Inc.; "hostile" END:VEVENT <b>x</b> Übung *bold* [x](http://evil.test)
source: END:VEVENT\\nBEGIN:VALARM
note: Line one END:VEVENT BEGIN:VALARM | <script>alert(1)</script> [link](http://x.test) *bold* \
`code` _u_ &amp; \\

session Montag; evil, name | <i>x</i> on Monday:
A1: lying leg curl (feet <in>, toes | out) 3x8 @3/0/1/0 rest 60s
note: END:VEVENT
note: BEGIN:VALARM | <script>alert("x")</script> [a](javascript:alert(1)) *bold* ![img](http://x.test/i.png)
A2: nordic hamstring curl 3x5 rest 90s
note: - not a list; 1. not a list either, <!-- comment --> &lt; <https://autolink.test>
"""


@dataclasses.dataclass
class Run:
    code: int
    out: str
    err: str


def run(*argv: str) -> Run:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return Run(code, out.getvalue(), err.getvalue())


@pytest.fixture(autouse=True)
def _fixed_stamp(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.ham"
    path.write_text(HOSTILE, encoding="utf-8")
    assert parse(HOSTILE).ok, parse(HOSTILE).problems
    return path


def export(path: Path | str, fmt: str, *extra: str) -> Run:
    return run("export", str(path), "--format", fmt, *FIXED, *extra)


# -- snapshots ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_example_in_every_format(
    name: str, fmt: str, snapshot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Relative path, so the JSON's "file" and the iCal UIDs do not depend on the checkout folder.
    monkeypatch.chdir(EXAMPLES.parent)
    result = export(f"examples/{name}", fmt)
    assert {"code": result.code, "stdout": result.out, "stderr": result.err} == snapshot


def test_a_warmup_alone_is_not_a_calendar() -> None:
    result = export(EXAMPLES / "001-warmup.ham", "ical")
    assert result.code == 2
    assert result.out == ""
    assert "no training sessions" in result.err and "nothing was written" in result.err
    assert "plugin 'ical'" not in result.err and "NothingToSchedule" not in result.err  # not a crash


# -- Markdown ---------------------------------------------------------------------------------------


def _tables(markdown: str) -> list[list[list[str]]]:
    """Each GFM table as rows of cell texts (header first), as markdown-it-py parses them."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    tables: list[list[list[str]]] = []
    row: list[str] | None = None
    for i, token in enumerate(tokens):
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            row = []
        elif token.type in ("th_open", "td_open"):
            inline = tokens[i + 1]
            assert row is not None
            row.append(inline.content if inline.type == "inline" else "")
            if inline.type == "inline":
                row[-1] = "".join(c.content for c in inline.children or () if c.type in ("text", "softbreak"))
        elif token.type == "tr_close":
            assert row is not None
            tables[-1].append(row)
    return tables


def _inline_types(markdown: str) -> set[str]:
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    kinds = {t.type for t in tokens}
    for token in tokens:
        kinds.update(c.type for c in token.children or ())
    return kinds


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_markdown_tables_hold_every_exercise_line(name: str) -> None:
    result = export(EXAMPLES / name, "markdown")
    assert result.code == 0, result.err
    program = parse((EXAMPLES / name).read_text(encoding="utf-8")).program
    blocks = [*program.warmups, *program.sessions]
    tables = _tables(result.out)
    exercise_tables = [t for t in tables if t[0][:2] == ["Label", "Exercise"]]
    assert len(exercise_tables) == len(blocks)
    for table, block in zip(exercise_tables, blocks, strict=True):
        assert table[0] == ["Label", "Exercise", "Sets x reps", "Tempo", "Rest", "Notes"]
        rows = table[1:]
        assert len(rows) == len(block.exercises)
        for row, ex in zip(rows, block.exercises, strict=True):
            assert len(row) == 6
            assert row[0] == (str(ex.label) if ex.label else "")
            assert row[1].startswith(ex.name)
            assert row[5] == "; ".join(n.text for n in ex.notes)
    assert not {"html_inline", "html_block", "link_open", "image", "em_open"} & _inline_types(result.out)


def test_markdown_shows_groups_hard_sets_and_durations() -> None:
    text = export(EXAMPLES / "000-routine-1.ham", "markdown").out
    assert "**Giant set A1-A4, 3-5 rounds**" in text
    assert "Estimated duration:" in text
    tables = _tables(text)
    functions = next(t for t in tables if t[0][0] == "Movement function")
    assert ["Knee flexion", "3-5"] in functions and ["Hip extension", "9-15"] in functions


def test_markdown_escapes_hostile_text(hostile: Path) -> None:
    result = export(hostile, "markdown")
    assert result.code == 0, result.err
    kinds = _inline_types(result.out)
    for markup in (
        "html_inline",
        "html_block",
        "link_open",
        "image",
        "em_open",
        "strong_open",
        "code_inline",
    ):
        if markup == "strong_open":
            continue  # the sheet's own "**Source:**" labels are bold on purpose
        assert markup not in kinds, markup
    html = MarkdownIt("commonmark").enable("table").render(result.out)
    assert "<script" not in html and "<i>" not in html and "<b>" not in html and 'href="' not in html
    table = next(t for t in _tables(result.out) if t[0][:2] == ["Label", "Exercise"])
    assert table[1] == [
        "A1",
        "lying leg curl (feet <in>, toes | out)",
        "3 x 8",
        "3/0/1/0",
        "60 s",
        'END:VEVENT; BEGIN:VALARM | <script>alert("x")</script> [a](javascript:alert(1)) *bold* '
        "![img](http://x.test/i.png)",
    ]
    assert table[2][5] == "- not a list; 1. not a list either, <!-- comment --> &lt; <https://autolink.test>"
    # The only strong text is the sheet's own labels; the routine's *bold* stays literal.
    bold = [
        c.content
        for t in MarkdownIt("commonmark").parse(result.out)
        for i, c in enumerate(t.children or ())
        if i > 0 and (t.children or ())[i - 1].type == "strong_open"
    ]
    assert all(b.endswith(":") or "back to back" in b or "rounds" in b for b in bold), bold


# -- JSON -------------------------------------------------------------------------------------------


def _schema() -> dict[str, Any]:
    return json.loads(run("schema").out)


def test_schema_command_prints_the_shipped_schema() -> None:
    shipped = Path(__file__).resolve().parent.parent / "plugins/hamdsl_plugins/json_export/schema.json"
    result = run("schema")
    assert result.code == 0
    assert json.loads(result.out) == json.loads(shipped.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(json.loads(result.out))


def test_schema_comes_from_the_exporter_and_goes_with_its_plugin() -> None:
    """The core knows no exporter: ``hamdsl schema`` asks the loaded ones."""
    assert run("schema", "--format", "json").out == run("schema").out
    no_schema = run("schema", "--format", "ical")
    assert no_schema.code == 2
    assert "the export format 'ical' has no schema; formats with one: json" in no_schema.err
    disabled = run("--disable-plugin", "json", "schema")
    assert disabled.code == 2 and disabled.out == ""
    assert "unknown export format 'json'" in disabled.err


def test_schema_names_every_field_of_the_syntax_tree() -> None:
    """A field added to a node must be added to the schema (which forbids unknown keys)."""
    defs = _schema()["$defs"]
    names = {
        "Span": "span", "Range": "range", "Comment": "comment", "Note": "note", "Label": "label",
        "ExerciseName": "exercise_name", "Modifier": "modifier", "Scheme": "scheme", "Tempo": "tempo",
        "Rest": "rest", "Method": "method", "Exercise": "exercise", "WarmUp": "warmup",
        "Session": "session", "Meta": "meta", "Program": "program",
        "Load": "load", "SetGroup": "set_group", "Progression": "progression", "Block": "block",
        "OneRepMax": "one_rep_max", "Deload": "deload", "Week": "week_header", "Declaration": "declaration",
    }  # fmt: skip
    for cls_name, def_name in names.items():
        cls = getattr(nodes, cls_name)
        data_fields = {f.name for f in dataclasses.fields(cls) if not f.metadata.get("layout")}
        assert set(defs[def_name]["properties"]) == data_fields, cls_name


@pytest.mark.parametrize("name", ALL_EXAMPLES)
def test_json_is_valid_and_loads_back_into_the_same_program(name: str) -> None:
    result = export(EXAMPLES / name, "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    jsonschema.validate(data, _schema(), cls=jsonschema.Draft202012Validator)
    assert data["schema_version"] == 2
    parsed = parse((EXAMPLES / name).read_text(encoding="utf-8")).program
    assert from_data(Program, data["program"]) == parsed
    first_week = parsed.sessions or (parsed.weeks[0].sessions if parsed.weeks else ())  # by weeks
    assert len(data["model"]["sessions"]) == len(first_week)


def test_json_keeps_hostile_text_as_data(hostile: Path) -> None:
    result = export(hostile, "json")
    data = json.loads(result.out)
    jsonschema.validate(data, _schema(), cls=jsonschema.Draft202012Validator)
    assert from_data(Program, data["program"]) == parse(HOSTILE).program
    assert data["program"]["sessions"][0]["exercises"][0]["notes"][0]["text"] == "END:VEVENT"


def test_from_data_rejects_unknown_and_missing_keys() -> None:
    data = to_data(parse(HOSTILE).program)
    with pytest.raises(ValueError, match="unknown keys"):
        from_data(Program, {**data, "extra": 1})
    broken = dict(data)
    del broken["sessions"]
    with pytest.raises(ValueError, match="missing key 'sessions'"):
        from_data(Program, broken)


# -- iCal text safety -----------------------------------------------------------------------------


def test_ical_keeps_hostile_text_inside_its_properties(hostile: Path) -> None:
    from icalendar import Calendar

    result = export(hostile, "ical", "--weeks", "1")
    assert result.code == 0, result.err
    lines = result.out.replace("\r\n ", "").split("\r\n")  # unfold
    assert lines.count("BEGIN:VEVENT") == 1 and lines.count("END:VEVENT") == 1
    assert "BEGIN:VALARM" not in lines
    calendar = Calendar.from_ical(result.out)
    (event,) = calendar.walk("VEVENT")
    assert not event.subcomponents
    assert str(event["SUMMARY"]).startswith('Evil, Inc.; "hostile" END:VEVENT <b>x</b> Übung')
    assert str(event["SUMMARY"]).endswith("Montag; evil, name | <i>x</i>")
    assert "  Note: END:VEVENT\n  Note: BEGIN:VALARM | <script>" in str(event["DESCRIPTION"])
    assert any(line.startswith('X-WR-CALNAME:Evil\\, Inc.\\; "hostile"') for line in lines)


# -- the command: formats, options, -o ------------------------------------------------------------


def test_unknown_format_suggests_the_closest_and_lists_all() -> None:
    result = run("export", str(EXAMPLES / "001-option-1.ham"), "--format", "markdwn")
    assert result.code == 2
    assert "did you mean 'markdown'?" in result.err
    assert "ical" in result.err and "json" in result.err


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--start", "07.12.2026", "YYYY-MM-DD"),
        ("--weeks", "0", "between 1 and"),
        ("--time", "6pm", "HH:MM"),
    ],
)
def test_bad_calendar_options_are_usage_errors(
    option: str, value: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["export", str(EXAMPLES / "001-option-1.ham"), "--format", "ical", option, value])
    assert code == 2
    assert message in capsys.readouterr().err


def test_unknown_time_zone_is_a_usage_error() -> None:
    result = run("export", str(EXAMPLES / "001-option-1.ham"), "--format", "ical", "--tz", "Mars/Olympus")
    assert result.code == 2
    assert "unknown time zone" in result.err


def test_output_file_is_written_and_replaced(tmp_path: Path) -> None:
    target = tmp_path / "sheet.md"
    target.write_text("old", encoding="utf-8")
    result = export(EXAMPLES / "001-option-1.ham", "markdown", "-o", str(target))
    assert result.code == 0 and result.out == ""
    assert target.read_text(encoding="utf-8").startswith("# Option 1")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sheet.md"]  # no temporary file left


def test_output_refuses_the_input_file(tmp_path: Path) -> None:
    routine = tmp_path / "r.ham"
    original = (EXAMPLES / "001-option-1.ham").read_text(encoding="utf-8")
    routine.write_text(original, encoding="utf-8")
    for target in (routine, tmp_path / "." / "r.ham"):
        result = export(routine, "markdown", "-o", str(target))
        assert result.code == 2
        assert "that is the input file" in result.err
    link = tmp_path / "link.ham"
    link.symlink_to(routine)
    assert export(link, "json", "-o", str(routine)).code == 2
    assert routine.read_text(encoding="utf-8") == original


def test_syntax_error_reports_and_writes_nothing(tmp_path: Path) -> None:
    routine = tmp_path / "broken.ham"
    routine.write_text("program: x\nsession A:\nlying leg curl 3 by 8\n", encoding="utf-8")
    target = tmp_path / "out.json"
    result = export(routine, "json", "-o", str(target))
    assert result.code == 1
    assert f"{routine}:3:" in result.err
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.ham"]


def test_failed_export_keeps_the_existing_target(tmp_path: Path) -> None:
    target = tmp_path / "cal.ics"
    target.write_text("previous calendar", encoding="utf-8")
    result = export(EXAMPLES / "001-warmup.ham", "ical", "-o", str(target))
    assert result.code == 2
    assert target.read_text(encoding="utf-8") == "previous calendar"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cal.ics"]


BOOM_MODULE = """
    import hamdsl
    from hamdsl.plugins.api import Exporter

    def _write(ctx):
        raise RuntimeError("the printer is on fire")

    @hamdsl.hookimpl
    def hamdsl_exporters():
        return [Exporter("boom", ".txt", "text/plain", _write)]
"""


def test_exporter_that_raises_names_its_plugin(tmp_path: Path) -> None:
    site = tmp_path / "site"
    make_distribution(
        site, "hamdsl-boom", entry_points={"boom-plugin": "boom_plugin"}, modules={"boom_plugin": BOOM_MODULE}
    )
    out = tmp_path / "out"
    out.mkdir()
    target = out / "out.txt"
    result = run_hamdsl(
        "export",
        str(EXAMPLES / "001-option-1.ham"),
        "--format",
        "boom",
        "-o",
        str(target),
        env=site_env(site),
    )
    assert result.returncode == 2
    assert "exporter of plugin 'boom-plugin' failed" in result.stderr
    assert "RuntimeError: the printer is on fire" in result.stderr
    assert list(out.iterdir()) == []


def test_default_start_is_the_next_monday() -> None:
    import datetime as dt

    from hamdsl.cli.export import next_monday

    assert next_monday(dt.date(2026, 12, 7)) == dt.date(2026, 12, 14)  # a Monday: the next one
    assert next_monday(dt.date(2026, 12, 9)) == dt.date(2026, 12, 14)
    assert next_monday(dt.date(2026, 12, 13)) == dt.date(2026, 12, 14)


def test_local_zone_from_tz_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from hamdsl.cli.export import local_zone_name

    monkeypatch.setenv("TZ", "America/New_York")
    assert local_zone_name() == ("America/New_York", None)
    monkeypatch.setenv("TZ", "/usr/share/zoneinfo/Asia/Tokyo")
    assert local_zone_name()[0] == "Asia/Tokyo"


def test_output_into_a_missing_folder_is_an_error(tmp_path: Path) -> None:
    result = export(EXAMPLES / "001-option-1.ham", "json", "-o", str(tmp_path / "nope" / "out.json"))
    assert result.code == 2
    assert "cannot write" in result.err
    assert not (tmp_path / "nope").exists()


# -- the weekday spread ------------------------------------------------------------------------------

THREE_UNNAMED = "session A:\nleg curl 3x8\nsession B:\nromanian deadlift 3x8\nsession C:\nnordic curl 3x5\n"


def _event_days(ical: str) -> list[str]:
    """The dates of a calendar's events (the time zone's own DTSTART lines have no TZID)."""
    return [line.split(":")[1][:8] for line in ical.splitlines() if line.startswith("DTSTART;TZID=")]


@pytest.mark.parametrize(
    ("config", "days"),
    [
        ("", ["20261207", "20261209", "20261211"]),  # Monday, Wednesday, Friday by default
        (
            '[schedule]\nspread-3 = ["tuesday", "thursday", "saturday"]\n',
            ["20261208", "20261210", "20261212"],
        ),
        # A shorter list: the rest of the week, in order, supplies the other days.
        ('[schedule]\nspread-3 = ["sunday"]\n', ["20261207", "20261208", "20261213"]),
    ],
)
def test_sessions_naming_no_weekday_follow_the_configured_spread(
    tmp_path: Path, config: str, days: list[str]
) -> None:
    routine = tmp_path / "routine.ham"
    routine.write_text(THREE_UNNAMED)
    if config:
        (tmp_path / "hamdsl.toml").write_text(config)
    result = export(routine, "ical", "--weeks", "1")
    assert result.code == 0, result.err
    assert sorted(_event_days(result.out)) == days
    assert "placed on" in result.out  # each such event still says it was placed for the coach


@pytest.mark.parametrize("value", ['["funday"]', '["monday", "monday"]', '"monday"', "[1, 2]"])
def test_a_spread_that_is_not_different_weekdays_is_a_configuration_error(tmp_path: Path, value: str) -> None:
    routine = tmp_path / "routine.ham"
    routine.write_text(THREE_UNNAMED)
    (tmp_path / "hamdsl.toml").write_text(f"[schedule]\nspread-3 = {value}\n")
    result = export(routine, "ical")
    assert result.code == 2
    assert "schedule.spread-3: expected a list" in result.err
    assert "Traceback" not in result.err


def test_the_sheet_states_each_progress_rule_beside_its_exercise(tmp_path: Path) -> None:
    """A rule that depends on the lifter changes no week's load in the tables; the sheet says it."""
    routine = tmp_path / "dp.ham"
    routine.write_text(
        "weeks: 3\nunits: kg\nsession Monday:\nlying leg curl 3x10-15 30kg\nprogress: double 10-15 +2.5kg\n"
        "romanian deadlift 3x8 100kg\nprogress: +2.5kg when all reps made\n"
    )
    result = export(routine, "markdown")
    assert result.code == 0, result.err
    rows = {row[1]: row for row in _tables(result.out)[0][1:]}
    assert rows["lying leg curl"][5] == "progress: double 10-15 +2.5kg"
    assert rows["romanian deadlift"][5] == "progress: +2.5kg when all reps made"
