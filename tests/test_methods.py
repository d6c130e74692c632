"""Methods after ``with`` and the items of a ``deload:`` line, read from the grammar's rules: each
spelling the language guide allows, and the ones hamdsl cannot read, named with one clear error.
"""

from __future__ import annotations

import pytest

from hamdsl.language.nodes import Method
from hamdsl.language.parser import parse


def _methods(clause: str) -> tuple[Method, ...]:
    result = parse(f"leg curl 3x8 {clause}")
    assert result.problems == ()
    (ex,) = result.program.sessions[0].exercises
    return ex.methods


@pytest.mark.parametrize(
    ("clause", "kind", "percent", "seconds", "positions"),
    [
        ("with 2-1 method", "2-1", None, None, ()),
        ("with 2 - 1", "2-1", None, None, ()),
        ("with two-one method", "2-1", None, None, ()),
        ("with two one", "2-1", None, None, ()),
        ("with eccentric emphasis", "eccentric-emphasis", None, None, ()),
        ("with Eccentric-Emphasis", "eccentric-emphasis", None, None, ()),
        ("with accentuated eccentrics", "accentuated-eccentric", None, None, ()),
        ("with pre-exhaust", "pre-exhaust", None, None, ()),
        ("with pre exhaustion", "pre-exhaust", None, None, ()),
        ("with preexhaust", "pre-exhaust", None, None, ()),
        ("with rest-pause", "rest-pause", None, None, ()),
        ("with dropset", "dropset", None, None, ()),
        ("with dropset 30%", "dropset", 30, None, ()),
        ("with drop set of 30 %", "dropset", 30, None, ()),
        ("with drop-sets of -25%", "dropset", 25, None, ()),
        ("with pause", "pause", None, None, ()),
        ("with pause 1s bottom and top", "pause", None, 1, ("bottom", "top")),
        ("with pause 2 seconds at the top", "pause", None, 2, ("top",)),
        ("with pause for 3 sec", "pause", None, 3, ()),
        ("with pauses at the bottom", "pause", None, None, ("bottom",)),
        ("with pause Top Bottom", "pause", None, None, ("top", "bottom")),
    ],
)
def test_each_spelling_of_a_method_reads_as_its_kind(
    clause: str, kind: str, percent: int | None, seconds: int | None, positions: tuple[str, ...]
) -> None:
    (method,) = _methods(clause)
    read = (method.kind, method.percent, method.seconds, method.positions)
    assert read == (kind, percent, seconds, positions)
    assert method.text == clause.removeprefix("with ")


def test_several_methods_keep_their_text_and_end_at_a_rest() -> None:
    methods = _methods("with 2-1 method, dropset 30 %, pause 1s bottom and top rest 90s")
    assert [(m.kind, m.text) for m in methods] == [
        ("2-1", "2-1 method"),
        ("dropset", "dropset 30 %"),
        ("pause", "pause 1s bottom and top"),
    ]
    assert methods[1].span.column == 31 and methods[1].span.end_column == 43


@pytest.mark.parametrize(
    ("clause", "message"),
    [
        ("with superslow", "unknown method 'superslow'"),
        ("with dropset 30.5%", "unknown method 'dropset 30.5%'"),
        ("with pause 2min", "unknown method 'pause 2min'"),
        ("with pause 30%", "unknown method 'pause 30%'"),
        ("with dropset for 2s", "unknown method 'dropset for 2s'"),
        ("with eccentric emphasis 2s", "unknown method 'eccentric emphasis 2s'"),
        ("with dropset at the top", "unknown method 'dropset at the top'"),
        ("with 30% dropset", "unknown method '30% dropset'"),
        ("with 3 sets", "unknown method '3 sets'"),
        ("with dropset 0%", "a dropset of 0% is not a drop"),
    ],
)
def test_a_method_hamdsl_cannot_read_is_one_error_at_the_method(clause: str, message: str) -> None:
    (problem,) = parse(f"leg curl 3x8 {clause}").problems
    assert problem.message == message
    assert problem.span is not None and problem.span.column == 19
    assert problem.hint


@pytest.mark.parametrize(
    ("line", "figures"),
    [
        ("deload: half the sets, same load, +2 rir", (0.5, 1.0, 2)),
        ("deload: 60% sets, 90% load", (0.6, 0.9, 2)),
        ("deload: 60% of the sets, -10% load, same rir", (0.6, 0.9, 0)),
        ("deload: the same load, half of the load", (0.5, 0.5, 2)),
        ("deload: same reps, Half The Sets", (0.5, 1.0, 2)),
    ],
)
def test_the_items_of_a_deload_line(line: str, figures: tuple[float, float, int]) -> None:
    result = parse(f"{line}\nleg curl 3x8")
    assert result.problems == ()
    deload = result.program.block.deload if result.program.block else None
    assert deload is not None
    assert (deload.sets, pytest.approx(deload.load), deload.rir) == figures


@pytest.mark.parametrize("item", ["lots", "half rir", "+2 sets", "half", "2 sets", "+2.5 rir", "90% rir"])
def test_a_deload_item_that_cannot_be_read_is_named(item: str) -> None:
    (problem,) = parse(f"deload: half the sets, {item}\nleg curl 3x8").problems
    assert problem.message == f"cannot read '{item}' in the deload"
    assert problem.span is not None
    assert (problem.span.column, problem.span.end_column) == (24, 24 + len(item))
