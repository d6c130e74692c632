"""The fast reader and Lark must read every line alike.

``Parser`` reads an ordinary line with one regular expression compiled from the grammar's
terminals (``_FastReader``) and leaves every other line to Lark. That is only an optimisation if
both give the same tree and the same errors, so these tests parse the same text both ways:
``Parser(fast=False)`` sends every line through Lark.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from hamdsl.language.nodes import Span
from hamdsl.language.parser import Parser, ParseResult, default_parser
from tests.test_fmt import routines
from tests.test_reliability import mutated_examples

EXAMPLES = sorted(Path(__file__).parent.parent.joinpath("examples").glob("*.ham"))

#: Lines that exercise each statement kind and the spots where a lexer's choice matters: a
#: keyword without its colon, a label without a name, clauses out of order, tabs, a '#' inside
#: free text, a second clause of a kind.
TRICKY = [
    "session Monday",
    "session Monday: A1: leg curl 3x8",
    "sessions: leg curl 3x8",
    "session:",
    "warm up:",
    "warmup activation",
    "note:",
    "note: keep #1 in mind # but not this",
    "notes: leg curl 3x8",
    "program:",
    "programme: x",
    "level: intermediate # said the coach",
    "A1:",
    "A1: 3x8",
    "A1 leg curl 3x8",
    "A1. leg curl 3x8",
    "B) leg curl (toes in) (slow) 3 sets of 8 reps @3/1/X/0 rest 2min, 30s between sides",
    "leg curl 3x8 3x8",
    "leg curl 3x8 rest 10s rest 20s",
    "leg curl @3/0/1/0 3x8",
    "leg curl 3x8 (toes in)",
    "leg curl 3 8",
    "leg curl: 3x8",
    "leg curl\t3x8\t@3010\t# tabbed",
    "leg curl 3x8 with dropset 30% rest 90s",
    "leg curl 3x8 with rest-pause @2/0/1/0",
    "leg curl 3x8 for 10min",
    "leg curl 3-5x6-8 1-2 rir",
    "leg curl 8-3x8",
    "leg curl 3x8 rest 90",
    "leg curl 3x8 rest 90 parsecs",
    'leg curl 3x8 @"as slow as possible"',
    'leg curl 3x8 @"unterminated',
    "leg curl 3x8 @3/0/1",
    "seated leg curl or lying leg curl 3x10",
    "leg curl or 3x10",
    "walk for 5min",
    "  # only a comment",
    "#",
    "   ",
    " \t ",
    "\f",
    "leg curl 3x8,",
    "leg curl [toes in] 3x8",
    "leg curl () 3x8",
]


@functools.cache
def reference() -> Parser:
    return Parser(fast=False)


def assert_same(text: str) -> ParseResult:
    fast, slow = default_parser().parse(text), reference().parse(text)
    assert fast == slow
    return fast


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_read_alike(path: Path) -> None:
    assert_same(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("line", TRICKY)
def test_tricky_lines_read_alike(line: str) -> None:
    assert_same(f"session Day 1:\n  lying leg curl 3x8\n{line}\n  seated leg curl 3x10\n")


def test_the_fast_reader_takes_every_line_of_the_examples() -> None:
    """Otherwise it would be a no-op that every test above passes trivially."""
    fast = default_parser().fast
    assert fast is not None
    reader = default_parser()._reader
    for path in EXAMPLES:
        for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
            assert fast.read(line, number, reader) is not None, f"{path.name}:{number}: {line}"


def test_a_remembered_clause_keeps_its_own_span() -> None:
    result = assert_same("leg curl 3x8 rest 90s\n  good morning 3x8 rest 90s\n")
    first, second = result.program.sessions[0].exercises
    assert first.scheme is not None and second.scheme is not None
    assert first.scheme.span == Span(1, 10, 1, 13)
    assert second.scheme.span == Span(2, 16, 2, 19)
    assert first.rest is not None and second.rest is not None
    assert first.rest.between_sets == second.rest.between_sets
    assert first.rest.span == Span(1, 14, 1, 22)
    assert second.rest.span == Span(2, 20, 2, 28)


def test_a_clause_with_an_error_is_reported_every_time() -> None:
    result = assert_same("leg curl 8-3x8\nleg curl 8-3x8\n")
    assert [d.span.line for d in result.problems if d.span] == [1, 2]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=routines())
def test_generated_routines_read_alike(source: str) -> None:
    assert_same(source)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=mutated_examples())
def test_mutated_examples_read_alike(data: bytes) -> None:
    assert_same(data.decode("utf-8", errors="replace"))


def test_lark_s_grammar_cache_of_another_grammar_goes_once_unused_for_a_month(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each edit of the grammar (each release) leaves a Lark cache file; building Lark sweeps
    those nothing has written for a month, and nothing else."""
    import os
    import time

    monkeypatch.setenv("HAMDSL_CACHE_DIR", str(tmp_path))
    month_old = time.time() - 31 * 86400
    names = [
        "grammar-0123456789abcdef.lark-cache",
        "grammar-fedcba9876543210.lark-cache",
        "grammar-notes.txt",
    ]
    for name in names:
        (tmp_path / name).write_bytes(b"x")
        os.utime(tmp_path / name, (month_old, month_old))
    os.utime(tmp_path / names[1], None)  # another grammar's, still in use
    Parser().lark  # noqa: B018 (built for its side effects)
    left = sorted(path.name for path in tmp_path.glob("grammar-*"))
    ours = [name for name in left if name not in names]
    assert len(ours) == 1 and ours[0].endswith(".lark-cache")
    assert left == sorted([*ours, names[1], names[2]])


def test_exercise_fields_keep_the_order_the_parser_builds_them_in() -> None:
    """The parser builds ``Exercise`` positionally on its hot path; a reordered field would put
    values in the wrong place without an error."""
    from dataclasses import fields

    from hamdsl.language.nodes import Exercise

    assert [f.name for f in fields(Exercise)] == [
        "label",
        "names",
        "modifiers",
        "scheme",
        "tempo",
        "rest",
        "duration",
        "methods",
        "notes",
        "comment",
        "span",
    ]
