"""A block week by week: which sessions each week holds, progression, deloads and loads.

The figures are worked out by hand from the meaning issue 26 gives the notation (docs/language.md,
"Blocks, loads and progression"), not copied from the program's output. The programs are built
from parsed one-week text with the block's parts added as syntax-tree nodes.
"""

from __future__ import annotations

import dataclasses

from hamdsl.interpret.interpreter import interpret
from hamdsl.interpret.model import Model
from hamdsl.language.nodes import (
    Block,
    Load,
    OneRepMax,
    Program,
    Progression,
    Range,
    SetGroup,
    Span,
    Week,
)
from hamdsl.language.parser import parse
from tests.conftest import builtin_catalog

CATALOG = builtin_catalog()
AT = Span(1, 1, 1, 1)


def program(text: str) -> Program:
    result = parse(text)
    assert result.ok, result.problems
    return result.program


def with_lines(prog: Program, session: int, line: int, **changes: object) -> Program:
    s = prog.sessions[session]
    exercises = list(s.exercises)
    exercises[line] = dataclasses.replace(exercises[line], **changes)  # type: ignore[arg-type]
    sessions = list(prog.sessions)
    sessions[session] = dataclasses.replace(s, exercises=tuple(exercises))
    return dataclasses.replace(prog, sessions=tuple(sessions))


def kg(amount: float) -> Load:
    return Load("weight", AT, amount=amount, unit="kg")


def percent(amount: float, basis: str = "1rm") -> Load:
    return Load("percent", AT, amount=amount, basis=basis)


def progress(kind: str, amount: float | None = None, unit: str | None = None, cap: int | None = None,
             condition: str | None = None) -> Progression:
    return Progression(kind, AT, amount=amount, unit=unit, cap=cap, condition=condition, text=kind)


def week(first: int, last: int | None = None, *, deload: bool = False, name: str | None = None,
         ratio: tuple[int, int] | None = None, sessions: tuple = ()) -> Week:  # type: ignore[type-arg]
    return Week(first, first if last is None else last, deload, name, ratio, sessions, (), (), None, AT)


def model(prog: Program) -> Model:
    return interpret(prog, CATALOG)


TEMPLATE = """\
program: Hypertrophy block
session Monday:
lying leg curl 2x10-12 3 rir
romanian deadlift 3x8
session Thursday:
seated leg curl 3x10-15
"""


def rp_block() -> Program:
    prog = program(TEMPLATE)
    prog = with_lines(prog, 0, 0, load=kg(30), progress=(progress("sets", 1, cap=5), progress("rir", -1)))
    prog = with_lines(prog, 0, 1, load=percent(70), progress=(progress("load", 2.5, "kg"),))
    block = Block(units="kg", weeks=5, one_rep_maxes=(OneRepMax("romanian deadlift", 140, "kg", AT),),
                  rounding=2.5)
    return dataclasses.replace(prog, block=block, weeks=(week(5, deload=True),))


def test_a_file_without_weeks_is_one_week_and_reads_as_before() -> None:
    m = model(program(TEMPLATE))
    assert len(m.weeks) == 1
    assert m.weeks[0].sessions is m.sessions
    assert m.weeks[0].week is m.week
    assert len(m.distinct_weeks()) == 1


def test_progression_adds_sets_and_takes_rir_then_the_deload_halves_the_week_before() -> None:
    m = model(rp_block())
    assert [w.number for w in m.weeks] == [1, 2, 3, 4, 5]
    curl = [w.sessions[0].exercises[0] for w in m.weeks]
    # +1 set each week to 5 sets: 2, 3, 4, 5, then the deload halves week 4's 5 (rounded up: 3)
    assert [c.hard_sets for c in curl] == [Range(2, 2), Range(3, 3), Range(4, 4), Range(5, 5), Range(3, 3)]
    # -1 RIR each week from 3, never below 0; the deload adds 2 to week 4's 0
    assert [c.exercise.scheme.rir for c in curl] == [Range(3, 3), Range(2, 2), Range(1, 1), Range(0, 0),
                                                     Range(2, 2)]
    assert m.weeks[4].deload
    # 70% of 140 kg is 98 kg, rounded to 2.5 kg: 97.5; then +2.5 kg a week; the deload keeps the load
    rdl = [w.sessions[0].exercises[1].load for w in m.weeks]
    assert [r.amount for r in rdl if r is not None] == [97.5, 100.0, 102.5, 105.0, 105.0]
    assert str(rdl[0]) == "97.5kg"
    # weekly hamstring sets: 2+3+3, 3+3+3, 4+3+3, 5+3+3, then 3+2+2
    assert [w.week.hamstring_hard_sets.low for w in m.weeks] == [8, 9, 10, 11, 7]
    assert len(m.distinct_weeks()) == 5
    # week 1 is still what Model.sessions holds
    assert m.sessions is m.weeks[0].sessions


def test_load_progression_when_all_reps_made_shows_the_starting_load() -> None:
    prog = with_lines(program(TEMPLATE), 0, 1, load=kg(60),
                      progress=(progress("load", 2.5, "kg", condition="all reps made"),))
    prog = dataclasses.replace(prog, block=Block(weeks=3))
    m = model(prog)
    assert [w.sessions[0].exercises[1].load.amount for w in m.weeks] == [60, 60, 60]  # type: ignore[union-attr]
    assert len(m.distinct_weeks()) == 1


def test_weeks_without_change_are_one_distinct_week() -> None:
    m = model(dataclasses.replace(program(TEMPLATE), block=Block(weeks=4)))
    assert len(m.weeks) == 4
    runs = m.distinct_weeks()
    assert len(runs) == 1 and runs[0].label == "weeks 1-4"


def test_then_counts_every_set_and_a_relative_load_follows_the_group_before() -> None:
    prog = program("program: Top set\nsession Monday:\nback squat 1x5\n")
    first = prog.sessions[0].exercises[0]
    assert first.scheme is not None
    back_off = SetGroup(dataclasses.replace(first.scheme, sets=Range(3, 3), reps=Range(5, 5), amrap=False),
                        Load("relative", AT, amount=-10), AT)
    amrap = dataclasses.replace(first.scheme, amrap=True)  # 1x5+
    prog = with_lines(prog, 0, 0, scheme=amrap, load=percent(85, "tm"), then=(back_off,))
    prog = dataclasses.replace(prog, block=Block(one_rep_maxes=(OneRepMax("back squat", 150, "kg", AT),),
                                                 training_max=90, rounding=2.5))
    m = model(prog)
    squat = m.exercises[0]
    assert squat.hard_sets == Range(4, 4)  # 1 + 3: all its sets count for volume
    assert m.sessions[0].exercise_count == 1  # but it is one exercise
    loads = [g.load for g in squat.set_groups]
    # 85% of the training max (90% of 150 = 135) is 114.75, rounded to 115; 10% less is 103.5 -> 102.5
    assert [ld.amount for ld in loads if ld is not None] == [115.0, 102.5]


def test_a_percentage_without_its_one_rep_max_is_not_computed() -> None:
    prog = with_lines(program(TEMPLATE), 0, 1, load=percent(70))
    m = model(prog)
    load = m.exercises[1].load
    assert load is not None and load.amount is None and load.missing == "1rm"
    assert str(load) == "70% 1RM"


def test_week_headers_with_their_own_sessions_and_phases() -> None:
    intro = program("program: x\nsession Monday:\nnordic curl 2x5\n").sessions
    build = program("program: x\nsession Monday:\nnordic curl 2x6\n"
                    "session Thursday:\nnordic curl 2x6\n").sessions
    base = program("program: Nordic protocol\nsession A:\nnordic curl 1x1\n")
    prog = dataclasses.replace(base, sessions=(), weeks=(
        week(1, 2, name="introduction", sessions=intro),
        week(3, 4, sessions=build),
        week(5, 10, name="correcting", ratio=(2, 1), sessions=build),
    ))
    m = model(prog)
    assert len(m.weeks) == 10
    assert [w.week.frequency for w in m.weeks] == [1, 1, 2, 2, 2, 2, 2, 2, 2, 2]
    assert m.weeks[6].ratio == (2, 1) and m.weeks[2].ratio is None
    runs = m.distinct_weeks()
    # weeks 3-4 and 5-10 hold the same sessions, but 5-10 have their own ratio
    assert [r.label for r in runs] == ["weeks 1-2", "weeks 3-4", "weeks 5-10"]


# --------------------------------------------------------------------------------------------------
# Rules on blocks (the rules' own doc examples and tests/rule_cases run once the grammar reads
# blocks; these run them on hand-built blocks)
# --------------------------------------------------------------------------------------------------


def findings(rule_name: str, prog: Program, **options: object) -> list[str]:
    from hamdsl.config.settings import Settings
    from hamdsl.plugins.api import RuleContext
    from hamdsl_plugins.rules import all_rules

    rule = next(r for r in all_rules() if r.name == rule_name)
    ctx = RuleContext("block.ham", prog, model(prog), options, Settings())
    return [f.message for f in rule.check(ctx)]


def test_volume_jump_passes_one_set_a_week_and_reports_three() -> None:
    assert findings("volume-jump", rp_block()) == []
    prog = with_lines(program(TEMPLATE), 0, 0, progress=(progress("sets", 3),))
    prog = dataclasses.replace(prog, block=Block(weeks=2))
    assert findings("volume-jump", prog) == [
        "week 2 has 3 more hard sets of direct hamstring work than week 1 (8 to 11); the limit is 2 a week"
    ]


def test_the_week_after_a_deload_is_not_a_jump() -> None:
    prog = dataclasses.replace(rp_block(), block=dataclasses.replace(rp_block().block, weeks=6))  # type: ignore[arg-type]
    # week 5 (deload) has 7 sets, week 6 goes on from week 4's 11 plus one: not compared
    assert findings("volume-jump", prog) == []


def test_beginner_volume_holds_a_beginner_to_twelve() -> None:
    text = TEMPLATE.replace("program: Hypertrophy block\n", "program: Eager\nlevel: beginner\n")
    prog = with_lines(program(text), 1, 0, scheme=dataclasses.replace(
        program(text).sessions[1].exercises[0].scheme, sets=Range(8, 8)))  # type: ignore[arg-type]
    # 2 + 3 + 8 = 13 a week
    assert findings("beginner-volume", prog) == [
        "13 hard sets of direct hamstring work a week for a beginner (level: beginner); "
        "001_0099f3787b808e50.txt suggests at most 12"
    ]
    assert findings("beginner-volume", program(text)) == []  # 8 a week


def test_missing_one_rep_max_names_the_line_to_add() -> None:
    prog = with_lines(program(TEMPLATE), 0, 1, load=percent(70))
    assert findings("missing-one-rep-max", prog) == [
        "'romanian deadlift' is loaded as a percentage, but the file has no one-rep max for it; "
        "add '1rm: romanian deadlift <weight>kg'"
    ]
    assert findings("missing-one-rep-max", rp_block()) == []


def test_phase_ratio_and_weekly_findings_name_their_weeks() -> None:
    problem = program("program: x\nsession Monday:\nlying leg curl 3x8\nback squat 3x6\n").sessions
    fixed = program("program: x\nsession Monday:\nlying leg curl 3x8\nromanian deadlift 3x8\n"
                    "back squat 3x6\n").sessions
    base = program("program: Correction\nsession A:\nnordic curl 1x1\n")
    prog = dataclasses.replace(base, sessions=(), weeks=(
        week(1, 4, ratio=(2, 1), sessions=problem),
        week(5, 8, ratio=(1, 1), sessions=problem),
        week(9, 12, ratio=(2, 1), sessions=fixed),
    ))
    assert findings("phase-ratio", prog) == [
        "weeks 1-4: session 'Monday' has 1 quad exercise ('back squat') to 1 direct hamstring exercise; "
        "the target is at least the 2:1 hamstrings to quads its 'ratio:' line asks for"
    ]
    assert findings("quad-dominant", prog) == []  # every week has its own ratio
    # The same finding in every phase is reported once, naming all the weeks it holds for.
    assert findings("hamstring-frequency", prog) == [
        "weeks 1-12: the hamstrings are trained directly in 1 session a week; at least 2 are advised"
    ]


def test_summary_shows_every_week_and_one_week_in_full() -> None:
    import io

    from hamdsl.cli.summary import _write_weeks_text, summary_data, write_text

    m = model(rp_block())
    data = summary_data(m, "block.ham", 3)
    assert data["shown_week"] == 3
    assert data["week"]["hamstring_hard_sets"] == {"low": 10, "high": 10}  # week 3: 4 + 3 + 3
    assert [w["hamstring_hard_sets"]["low"] for w in data["weeks"]] == [8, 9, 10, 11, 7]
    assert data["weeks"][2]["hard_sets_by_region"] == {"legs": {"low": 10, "high": 10}}
    rdl = [item for item in data["weeks"][2]["loads"] if item["exercise"] == "romanian deadlift"]
    assert rdl[0]["load"] == "102.5kg" and rdl[0]["amount"] == 102.5
    out = io.StringIO()
    write_text(data, m.landmarks, out)
    _write_weeks_text(data, out)
    text = out.getvalue()
    assert "\nWeek 3\n" in text
    assert "Week by week (5 weeks; showing week 3 above)" in text
    assert "romanian deadlift (Monday): 1: 3x8 97.5kg; 2: 3x8 100kg; 3: 3x8 102.5kg" in text
    # a one-week file keeps today's keys
    assert "weeks" not in summary_data(model(program(TEMPLATE)), "t.ham")


def _export(fmt: str, prog: Program, **params: object) -> str:
    import datetime as dt

    from hamdsl.config.settings import Settings
    from hamdsl.plugins.api import ExportContext

    defaults: dict[str, object] = {"start": dt.date(2027, 1, 4), "weeks": 5, "time": dt.time(18, 0),
                                   "tz": "UTC"}
    ctx = ExportContext("block.ham", prog, model(prog), Settings(), {**defaults, **params})
    if fmt == "json":
        from hamdsl_plugins.json_export.render import render as render_json

        return render_json(ctx)
    if fmt == "markdown":
        from hamdsl_plugins.markdown_export.render import render as render_markdown

        return render_markdown(ctx)
    from hamdsl_plugins.ical_export.render import render as render_ical

    return render_ical(ctx).decode("utf-8")


def test_exports_of_a_block() -> None:
    import json

    import jsonschema
    from icalendar import Calendar

    from hamdsl_plugins.json_export import schema

    data = json.loads(_export("json", rp_block()))
    jsonschema.validate(data, schema(), cls=jsonschema.Draft202012Validator)
    assert data["schema_version"] == 2 and data["model"]["block_length"] == 5
    assert [w["week"]["hamstring_hard_sets"]["low"] for w in data["model"]["weeks"]] == [8, 9, 10, 11, 7]

    sheet = _export("markdown", rp_block())
    assert "## Progression" in sheet
    assert ("| romanian deadlift (Monday) | 3 x 8 @ 97.5kg | 3 x 8 @ 100kg | 3 x 8 @ 102.5kg | "
            "3 x 8 @ 105kg | 2 x 8 @ 105kg |") in sheet
    assert "## Week 5 (deload)" in sheet

    calendar = Calendar.from_ical(_export("ical", rp_block()))
    events = calendar.walk("VEVENT")
    assert len(events) == 10  # two sessions a week, five weeks
    week3 = [e for e in events if str(e["DESCRIPTION"]).startswith("Week 3 of 5")]
    monday = next(e for e in week3 if "Monday" in str(e["SUMMARY"]))
    assert "lying leg curl: 4 x 10-12 @ 1 RIR, 30kg" in str(monday["DESCRIPTION"])
    assert "romanian deadlift: 3 x 8 @ 102.5kg" in str(monday["DESCRIPTION"])
    assert len({str(e["UID"]) for e in events}) == 10
    again = Calendar.from_ical(_export("ical", rp_block())).walk("VEVENT")
    assert [str(e["UID"]) for e in again] == [str(e["UID"]) for e in events]
