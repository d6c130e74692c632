"""``hamdsl summary FILE``: what a routine adds up to, per session and per week.

It prints the interpreted figures (:mod:`hamdsl.interpret.model`): hard sets per movement function as
``min-max``, exercise counts, frequency, estimated duration, and the weekly hamstring hard sets
drawn against the volume landmarks (MV, MEV, MAV, MRV). Plain text goes to pipes and files; a
terminal gets rich tables and a coloured bar. ``--format json`` gives the same figures as data,
documented key by key in docs/summary.md.

An exercise the catalog does not know is a warning on stderr (with its suggestion) and the summary
is still printed: a typo should not hide the rest of the routine's figures.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from argparse import ArgumentParser, Namespace

    from hamdsl.cli.main import Context
    from hamdsl.interpret.model import Model, VolumeLandmarks
    from hamdsl.language.nodes import Range

HELP = "summarise a routine: hard sets per function, frequency, duration, weekly volume"

#: Width of the volume bar, in characters, in both plain and rich output.
BAR_WIDTH = 40


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a routine file")
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="output format (default: text; the JSON keys are documented in docs/summary.md)",
    )
    parser.add_argument("--config", metavar="FILE", help="use this configuration file instead of searching")
    parser.add_argument(
        "--week",
        type=_week_number,
        metavar="N",
        help="show week N of a block in full (default: week 1, with a table of every week when the "
        "block has more than one)",
    )


def _week_number(text: str) -> int:
    from argparse import ArgumentTypeError

    try:
        value = int(text)
    except ValueError:
        raise ArgumentTypeError(f"'{text}' is not a week number") from None
    if value < 1:
        raise ArgumentTypeError(f"{value}: weeks count from 1")
    return value


def run(args: Namespace, ctx: Context) -> int:
    from hamdsl.cli.main import EXIT_CLEAN, read_routine
    from hamdsl.cli.terminal import is_terminal
    from hamdsl.core.text import json_text, safe
    from hamdsl.plugins import pipeline

    _, program = read_routine(args.file, ctx)
    host = ctx.host()
    settings = pipeline.settings_for(host, args.file, args.config)
    model, failures = pipeline.interpret(program, host, settings)
    for plugin, exc in failures:
        ctx.err.write(
            f"hamdsl: warning: plugin '{plugin}' failed in hamdsl_transform: "
            f"{type(exc).__name__}: {safe(str(exc))}; its change is skipped\n"
        )
    ctx.flush_warnings()
    for name in model.unresolved:
        where = f"{safe(args.file)}:{name.span.line}:{name.span.column}"
        ctx.err.write(f"{where}: warning: {safe(name.message())}\n")
    week = getattr(args, "week", None)
    if week is not None and week > model.block_length:
        from hamdsl.cli.main import EXIT_ERROR

        ctx.err.write(
            f"hamdsl: error: the block has {model.block_length} week"
            f"{'s' if model.block_length != 1 else ''}; there is no week {week}\n"
        )
        return EXIT_ERROR
    data = summary_data(model, args.file, week)
    shown = model.week_view(model.plans[week - 1]) if week is not None else model
    if args.format == "json":
        ctx.out.write(json_text(data))
        ctx.out.write("\n")
    elif is_terminal(ctx.out):
        _write_rich(data, shown, ctx.out)
    else:
        write_text(data, model.landmarks, ctx.out)
        _write_weeks_text(data, ctx.out)
    return EXIT_CLEAN


# --------------------------------------------------------------------------------------------------
# Data (the JSON shape; the text outputs are drawn from it so both always agree)
# --------------------------------------------------------------------------------------------------


def _range(r: Range) -> dict[str, int]:
    return {"low": r.low, "high": r.high}


def _seconds(s: tuple[float, float]) -> dict[str, float]:
    return {"low": round(s[0], 1), "high": round(s[1], 1)}


def _minutes(s: tuple[float, float]) -> dict[str, float]:
    return {"low": round(s[0] / 60, 1), "high": round(s[1] / 60, 1)}


def _tally(tally: Any) -> dict[str, dict[str, int]]:
    return {key: _range(value) for key, value in tally.items()}


def summary_data(model: Model, filename: str, week_number: int | None = None) -> dict[str, Any]:
    """The summary as JSON-ready data. Every key is documented in docs/summary.md.

    ``sessions``, ``warmups`` and ``week`` are week 1's, or week ``week_number``'s when given.
    A block of more than one week adds ``weeks``, a row of figures per week, and ``shown_week``."""
    plans = model.plans
    full = model
    if week_number is not None:
        model = model.week_view(plans[week_number - 1])
    data = _summary_data(model, filename)
    if len(plans) > 1 or week_number is not None:
        data["shown_week"] = week_number or 1
        data["weeks"] = [_week_row(plan, full) for plan in plans]
    return data


def _week_row(plan: Any, model: Model) -> dict[str, Any]:
    """One week of a block: its totals, its hard sets per region, and the load of each lift."""
    week = plan.week
    regions: dict[str, list[int]] = {}
    loads: list[dict[str, Any]] = []
    for session in plan.sessions:
        n = session.occurrences
        for e in session.exercises:
            spec = e.spec
            region = spec.region if spec is not None else "unknown"
            totals = regions.setdefault(region, [0, 0])
            totals[0] += e.hard_sets.low * n
            totals[1] += e.hard_sets.high * n
            for i, group in enumerate(e.set_groups):
                if group.load is None:
                    continue
                load = group.load
                loads.append(
                    {
                        "session": session.name,
                        "exercise": e.name,
                        "line": e.span.line,
                        "group": i,
                        "sets": _range(group.scheme.sets),
                        "reps": _range(group.scheme.reps) if group.scheme.reps is not None else None,
                        "amrap": group.scheme.amrap,
                        "load": str(load),
                        "kind": load.kind,
                        "amount": load.amount,
                        "unit": load.unit,
                    }
                )
    return {
        "week": plan.number,
        "name": plan.name,
        "deload": plan.deload,
        "ratio": list(plan.ratio) if plan.ratio is not None else None,
        "sessions_per_week": week.sessions_per_week,
        "frequency": week.frequency,
        "hard_sets": _tally(week.hard_sets_by_function),
        "hamstring_hard_sets": _range(week.hamstring_hard_sets),
        "hard_sets_by_region": {k: {"low": v[0], "high": v[1]} for k, v in regions.items()},
        "volume_zone": {
            "low": model.landmarks.zone(week.hamstring_hard_sets.low),
            "high": model.landmarks.zone(week.hamstring_hard_sets.high),
        },
        "duration_minutes": _minutes(week.duration),
        "loads": loads,
    }


def _summary_data(model: Model, filename: str) -> dict[str, Any]:
    from dataclasses import fields

    from hamdsl.interpret.interpreter import INTERPRETER_OPTIONS

    assumptions = {}
    by_field = {o.name.replace("-", "_"): o.name for o in INTERPRETER_OPTIONS}
    for f in fields(model.assumptions):
        value = getattr(model.assumptions, f.name)
        if hasattr(value, "low"):
            value = [value.low, value.high]
        elif isinstance(value, tuple):
            value = list(value)
        assumptions[by_field.get(f.name, f.name)] = value
    landmarks = model.landmarks
    week = model.week
    return {
        "file": filename,
        "program": model.program.name,
        "sessions": [
            {
                "name": s.name,
                "line": s.session.span.line,
                "weekdays": list(s.weekdays),
                "occurrences": s.occurrences,
                "exercise_count": s.exercise_count,
                "hamstring_exercise_count": s.hamstring_exercise_count,
                "quad_exercise_count": s.quad_exercise_count,
                "hamstring_to_quad_ratio": s.hamstring_to_quad_ratio,
                "hard_sets": _tally(s.hard_sets_by_function),
                "hamstring_hard_sets": _range(s.hamstring_hard_sets),
                "hard_sets_by_muscle": _tally(s.hard_sets_by_muscle),
                "function_order": list(s.function_order),
                "trains_hamstrings_directly": s.trains_hamstrings_directly,
                "duration_seconds": _seconds(s.duration),
                "duration_minutes": _minutes(s.duration),
                "groups": [
                    {
                        "label": g.letter,
                        "kind": g.kind,
                        "rounds": _range(g.rounds),
                        "duration_seconds": _seconds(g.duration),
                        "exercises": [_exercise(e) for e in g.exercises],
                    }
                    for g in s.groups
                ],
            }
            for s in model.sessions
        ],
        "warmups": [
            {
                "name": w.warmup.name,
                "line": w.warmup.span.line,
                "exercises": [_exercise(e) for e in w.exercises],
                "duration_seconds": _seconds(w.duration),
                "duration_minutes": _minutes(w.duration),
            }
            for w in model.warmups
        ],
        "week": {
            "sessions_per_week": week.sessions_per_week,
            "frequency": week.frequency,
            "exercise_count": week.exercise_count,
            "hamstring_exercise_count": week.hamstring_exercise_count,
            "quad_exercise_count": week.quad_exercise_count,
            "hamstring_to_quad_ratio": week.hamstring_to_quad_ratio,
            "hard_sets": _tally(week.hard_sets_by_function),
            "hamstring_hard_sets": _range(week.hamstring_hard_sets),
            "hard_sets_by_muscle": _tally(week.hard_sets_by_muscle),
            "volume_zone": {
                "low": landmarks.zone(week.hamstring_hard_sets.low),
                "high": landmarks.zone(week.hamstring_hard_sets.high),
            },
            "duration_seconds": _seconds(week.duration),
            "duration_minutes": _minutes(week.duration),
        },
        "landmarks": {
            "mv": landmarks.mv,
            "mev": landmarks.mev,
            "mav": _range(landmarks.mav),
            "mrv": landmarks.mrv,
        },
        "assumptions": assumptions,
        "unresolved": [
            {
                "text": u.text,
                "line": u.span.line,
                "column": u.span.column,
                "suggestions": list(u.suggestions),
                "message": u.message(),
            }
            for u in model.unresolved
        ],
    }


def _exercise(e: Any) -> dict[str, Any]:
    return {
        "name": e.name,
        "line": e.span.line,
        "resolved": [r.spec.name if r.spec is not None else None for r in e.resolutions],
        "functions": [f for f in _function_order() if f in e.functions],
        "direct_hamstring": e.direct_hamstring,
        "unilateral": e.unilateral,
        "per_side": e.per_side,
        "hard_sets": _range(e.hard_sets),
        "reps_assumed": e.reps_assumed,
        "tut_per_set_seconds": _seconds(e.tut_per_set),
        "tut_total_seconds": _seconds(e.tut_total),
        "duration_seconds": _seconds(e.duration),
        "foot_position": e.modifiers.foot_position,
        "emphasised_muscles": sorted(e.modifiers.emphasised_muscles),
    }


Lifts = list[tuple[str, dict[int, str]]]


def _weeks_table(data: dict[str, Any]) -> tuple[list[str], list[list[str]], Lifts]:
    """The week-by-week table of a block, shared by the plain and the rich output: its head, a row
    per week (hamstring hard sets, hard sets per function and region, sessions, training time),
    and each loaded lift's sets and load by week number. No rows for a one-week file."""
    weeks = data.get("weeks")
    if not weeks:
        return [], [], []
    functions = list(weeks[0]["hard_sets"])
    regions = list(dict.fromkeys(r for w in weeks for r in w["hard_sets_by_region"]))
    short = {"knee-flexion": "knee flex", "hip-extension": "hip ext", "knee-extension": "knee ext"}
    head = ["week", "ham", *(short.get(f, f) for f in functions), *regions, "sessions", "minutes"]
    rows = []
    for w in weeks:
        label = str(w["week"]) + (" deload" if w["deload"] else "")
        rows.append(
            [
                label,
                _r(w["hamstring_hard_sets"]),
                *(_r(w["hard_sets"][f]) for f in functions),
                *(_r(w["hard_sets_by_region"].get(r, {"low": 0, "high": 0})) for r in regions),
                str(w["sessions_per_week"]),
                _min(w["duration_minutes"]).removesuffix(" min"),
            ]
        )
    # A lift is the same from week to week when it is the same set group of the same exercise in
    # the same session, counted in order: week sections written out in full have other lines.
    lifts: dict[tuple[str, str, int, int], dict[int, str]] = {}
    for w in weeks:
        seen: dict[tuple[str, str, int], int] = {}
        for item in w["loads"]:
            lift = (item["session"], item["exercise"], item["group"])
            seen[lift] = seen.get(lift, 0) + 1
            reps = "" if item["reps"] is None else "x" + _r(item["reps"]) + ("+" if item["amrap"] else "")
            lifts.setdefault((*lift, seen[lift]), {})[w["week"]] = f"{_r(item['sets'])}{reps} {item['load']}"
    names = {key: f"{key[1]} ({key[0]})" + (f", set group {key[2] + 1}" if key[2] else "") for key in lifts}
    return head, rows, [(names[key], cells) for key, cells in lifts.items()]


def _weeks_title(data: dict[str, Any]) -> str:
    return f"Week by week ({len(data['weeks'])} weeks; showing week {data['shown_week']} above)"


def _write_weeks_text(data: dict[str, Any], out: TextIO) -> None:
    from hamdsl.core.text import safe

    head, rows, loads = _weeks_table(data)
    if not rows:
        return
    widths = [max(len(str(c)) for c in col) for col in zip(head, *rows, strict=True)]
    out.write(f"\n{_weeks_title(data)}\n")
    for row in (head, *rows):
        out.write("  " + "  ".join(str(c).ljust(n) for c, n in zip(row, widths, strict=True)).rstrip() + "\n")
    if loads:
        out.write("\nLoads\n")
        for name, cells in loads:
            by_week = "; ".join(f"{n}: {cells[n]}" for n in sorted(cells))
            out.write(f"  {safe(name)}: {safe(by_week)}\n")


def _write_weeks_rich(data: dict[str, Any], console: Any) -> None:
    """The same table as :func:`_write_weeks_text`, as rich tables, deload weeks dimmed."""
    from rich.table import Table
    from rich.text import Text

    from hamdsl.core.text import safe

    head, rows, loads = _weeks_table(data)
    if not rows:
        return
    table = Table(title=_weeks_title(data))
    for i, name in enumerate(head):  # a header is never cut short: min_width
        table.add_column(
            name, justify="left" if i == 0 else "right", min_width=len(name), style="bold" if i == 1 else None
        )
    for row in rows:
        table.add_row(*row, style="dim" if row[0].endswith("deload") else None)
    console.print(table)
    if loads:
        weeks = sorted({n for _, cells in loads for n in cells})
        lifts = Table(title="Loads by week (sets x reps, load)")
        lifts.add_column("lift", overflow="fold")
        for n in weeks:
            lifts.add_column(f"week {n}", overflow="fold")
        for name, cells in loads:  # Text: a name is shown as written, never read as rich markup
            lifts.add_row(Text(safe(name)), *(Text(safe(cells.get(n, ""))) for n in weeks))
        console.print(lifts)


def _function_order() -> tuple[str, ...]:
    from hamdsl.plugins.api import FUNCTIONS

    return FUNCTIONS


# --------------------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------------------


def _r(d: dict[str, int]) -> str:
    return str(d["low"]) if d["low"] == d["high"] else f"{d['low']}-{d['high']}"


def _min(d: dict[str, float]) -> str:
    """Whole minutes, rounded outwards as the exports round them: the range holds the estimate."""
    low, high = math.floor(d["low"]), math.ceil(d["high"])
    return f"{low} min" if low == high else f"{low}-{high} min"


def _sets_line(sets: dict[str, dict[str, int]]) -> str:
    return ", ".join(f"{name} {_r(r)}" for name, r in sets.items())


def _ratio(value: float | None) -> str:
    return "no quad exercise" if value is None else f"{value:.2g}:1"


def bar_cells(sets: Range | dict[str, int], landmarks: VolumeLandmarks) -> tuple[str, str, list[str], int]:
    """The plain volume bar: the bar, a line of landmark ticks, label lines (a label that would
    overlap its left neighbour drops to the next line) and the scale in sets per character.
    ``#`` is certain volume (the low end), ``+`` what the high end adds."""
    low, high = (sets["low"], sets["high"]) if isinstance(sets, dict) else (sets.low, sets.high)
    top = max(landmarks.mrv, high) + 2
    per_cell = max(1, -(-top // BAR_WIDTH))  # ceiling division: sets per character

    def col(n: int) -> int:
        return min(BAR_WIDTH, n // per_cell)

    bar = "#" * col(low) + "+" * (col(high) - col(low))
    ticks = [" "] * (BAR_WIDTH + 1)
    rows: list[list[str]] = []
    free_from: list[int] = []
    marks = (
        (f"MV {landmarks.mv}", landmarks.mv, "|"),
        (f"MEV {landmarks.mev}", landmarks.mev, "|"),
        (f"MAV {landmarks.mav}", landmarks.mav.low, "["),
        ("", landmarks.mav.high, "]"),
        (f"MRV {landmarks.mrv}", landmarks.mrv, "|"),
    )
    for label, value, tick in marks:
        c = col(value)
        ticks[c] = tick
        if not label:
            continue
        row = next((i for i, start in enumerate(free_from) if c >= start), None)
        if row is None:
            rows.append([" "] * (BAR_WIDTH + 12))
            free_from.append(0)
            row = len(rows) - 1
        rows[row][c : c + len(label)] = list(label)
        free_from[row] = c + len(label) + 1
    return bar, "".join(ticks).rstrip(), ["".join(r).rstrip() for r in rows], per_cell


def write_text(data: dict[str, Any], landmarks: VolumeLandmarks, out: TextIO) -> None:
    """The plain-text summary: stable, uncoloured, meant for pipes, files and diffs."""
    from hamdsl.core.text import safe

    title = f"{data['program']} ({data['file']})" if data["program"] else data["file"]
    out.write(f"{safe(title)}\n")
    for i, s in enumerate(data["sessions"], 1):
        days = f" [{', '.join(d.capitalize() for d in s['weekdays'])}]" if s["weekdays"] else ""
        out.write(f"\nSession {i}: {safe(s['name'])}{days}\n")
        for g in s["groups"]:
            names = "; ".join(safe(e["name"]) for e in g["exercises"])
            label = g["label"] or "-"
            out.write(f"  {label} {g['kind']} x{_r(g['rounds'])}: {names}\n")
        ratio = _ratio(s["hamstring_to_quad_ratio"])
        out.write(
            f"  exercises: {s['exercise_count']} (hamstring {s['hamstring_exercise_count']}, "
            f"quad {s['quad_exercise_count']}; hamstring:quad {ratio})\n"
        )
        out.write(f"  hard sets: {_sets_line(s['hard_sets'])}\n")
        out.write(f"  hamstring hard sets: {_r(s['hamstring_hard_sets'])}\n")
        order = " > ".join(s["function_order"]) or "none"
        out.write(f"  order: {order}\n")
        out.write(f"  estimated duration: {_min(s['duration_minutes'])}\n")
    for w in data["warmups"]:
        name = f": {safe(w['name'])}" if w["name"] else ""
        out.write(
            f"\nWarm-up{name}: {len(w['exercises'])} drill{'s' if len(w['exercises']) != 1 else ''}, "
            f"{_min(w['duration_minutes'])} "
            f"(no hard sets, not in session durations)\n"
        )
    week = data["week"]
    out.write(f"\nWeek {data['shown_week']}\n" if "shown_week" in data else "\nWeek\n")
    out.write(
        f"  sessions: {week['sessions_per_week']}; frequency (sessions training hamstrings "
        f"directly): {week['frequency']}\n"
    )
    out.write(
        f"  exercises: {week['exercise_count']} (hamstring {week['hamstring_exercise_count']}, "
        f"quad {week['quad_exercise_count']})\n"
    )
    out.write(f"  hard sets: {_sets_line(week['hard_sets'])}\n")
    out.write(f"  estimated training time: {_min(week['duration_minutes'])}\n")
    zone = week["volume_zone"]
    zone_text = zone["low"] if zone["low"] == zone["high"] else f"{zone['low']} to {zone['high']}"
    out.write(f"  hamstring hard sets: {_r(week['hamstring_hard_sets'])} ({zone_text})\n")
    bar, ticks, labels, per_cell = bar_cells(week["hamstring_hard_sets"], landmarks)
    out.write(f"    {bar}\n    {ticks}\n")
    for line in labels:
        out.write(f"    {line}\n")
    scale = "one character per set" if per_cell == 1 else f"one character per {per_cell} sets"
    out.write(f"    (# certain sets, + up to the high end; {scale})\n")


def _write_rich(data: dict[str, Any], model: Model, out: TextIO) -> None:
    """Tables and a coloured bar for a person at a terminal; rich is imported only on this path."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from hamdsl.core.text import safe
    from hamdsl.plugins.api import FUNCTIONS

    console = Console(file=out, highlight=False)
    if data["program"]:
        console.print(Text(safe(data["program"]), style="bold"), Text(f"({safe(data['file'])})", style="dim"))
    else:
        console.print(Text(safe(data["file"]), style="bold"))
    headers = {
        "knee-flexion": "knee flex",
        "hip-extension": "hip ext",
        "knee-extension": "knee ext",
        "other": "other",
    }
    table = Table(
        title="Hard sets per session",
        caption="ham = direct hamstring hard sets; H/Q = hamstring/quad exercises",
    )
    table.add_column("Session", overflow="fold")
    for function in FUNCTIONS:
        table.add_column(headers.get(function, function), justify="right", no_wrap=True)
    table.add_column("ham", justify="right", style="bold", no_wrap=True)
    table.add_column("H/Q", justify="right", no_wrap=True)
    table.add_column("minutes", justify="right", no_wrap=True)
    for s in data["sessions"]:
        table.add_row(
            Text(safe(s["name"])),
            *(_r(s["hard_sets"][f]) for f in FUNCTIONS),
            _r(s["hamstring_hard_sets"]),
            f"{s['hamstring_exercise_count']}/{s['quad_exercise_count']}",
            _min(s["duration_minutes"]).removesuffix(" min"),
        )
    week = data["week"]
    table.add_section()
    table.add_row(
        Text("Week", style="bold"),
        *(_r(week["hard_sets"][f]) for f in FUNCTIONS),
        _r(week["hamstring_hard_sets"]),
        f"{week['hamstring_exercise_count']}/{week['quad_exercise_count']}",
        _min(week["duration_minutes"]).removesuffix(" min"),
    )
    console.print(table)
    for i, s in enumerate(data["sessions"], 1):
        groups = ", ".join(f"{g['label'] or '-'} {g['kind']} x{_r(g['rounds'])}" for g in s["groups"])
        order = " > ".join(s["function_order"]) or "none"
        console.print(Text.assemble((f"{i}. {s['name']}: ", "bold"), f"{groups}; order {order}"))
    for w in data["warmups"]:
        console.print(
            Text(f"Warm-up {w['name'] or ''}: {_min(w['duration_minutes'])}, no hard sets", style="dim")
        )
    sessions = week["sessions_per_week"]
    plural = "s" if sessions != 1 else ""
    console.print(
        Text(
            f"{sessions} session{plural} a week; frequency {week['frequency']} "
            "(sessions that train the hamstrings directly)"
        )
    )
    bar, ticks, labels, _ = bar_cells(week["hamstring_hard_sets"], model.landmarks)
    colours = {
        "below-mv": "red",
        "mv": "yellow",
        "mev": "yellow",
        "mav": "green",
        "above-mav": "yellow",
        "above-mrv": "red",
    }
    zone = week["volume_zone"]
    certain = bar.count("#")
    styled = Text("  ")
    styled.append(bar[:certain], style=colours[zone["low"]])
    styled.append(bar[certain:], style=f"dim {colours[zone['high']]}")
    console.print(Text(f"Weekly hamstring hard sets: {_r(week['hamstring_hard_sets'])}", style="bold"))
    console.print(styled)
    console.print(Text("  " + ticks, style="dim"))
    for line in labels:
        console.print(Text("  " + line, style="dim"))
    _write_weeks_rich(data, console)
