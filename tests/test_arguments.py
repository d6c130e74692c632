"""The quick argument reader (``hamdsl.arguments.read``) against argparse, the authority.

Whenever the quick reader gives an answer, argparse must accept the same list and give the same
values; whenever argparse would say anything else (help, an error), the quick reader must have
declined. Argument lists are generated from each command's own options, with the forms that
trip readers up: abbreviations, ``=`` values, attached short values, ``--``, values that look
like options, words after options.
"""

from __future__ import annotations

import contextlib
import io
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hamdsl import cli
from hamdsl.argparser import build_parser
from hamdsl.arguments import Arguments, read


def _quick(argv: list[str]) -> dict[str, Any] | None:
    return read(argv, cli.main_arguments(), cli.command_arguments)


def _argparse(argv: list[str]) -> dict[str, Any] | None:
    """argparse's values, or ``None`` when it prints help or an error and exits."""
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        try:
            return vars(build_parser().parse_args(argv))
        except SystemExit:
            return None


def _names(name: str) -> list[str]:
    arguments = cli.command_arguments(name)
    assert arguments is not None
    return [n for _title, names, _keywords in arguments.calls for n in names if n.startswith("-")]


#: Values of every kind the commands take, right and wrong, and words that look like options.
VALUES = [
    "a.ham", "b.ham", "", "-", "--", "-1", "0", "2", "x", "full", "concise", "json", "text", "sarif",
    "markdown", "ical", "2026-12-07", "2026-13-01", "18:00", "25:99", "3", "99", "HAM101", "rules",
    "Europe/Berlin", "-x", "--unknown", "-h", "--help", "--version", "a b", "-j 2",
]  # fmt: skip


def _accepts(keywords: dict[str, Any], value: str) -> bool:
    try:
        converted = keywords["type"](value) if "type" in keywords else value
    except Exception:
        return False
    return "choices" not in keywords or converted in keywords["choices"]


def _noise(name: str) -> list[str]:
    """Words that trip readers up: abbreviations, ``=`` and attached values, unknown options."""
    names = _names(name)
    return [
        *VALUES,
        *(n[:-2] for n in names if len(n) > 4),
        *(f"{n}={v}" for n in names for v in ("json", "2", "")),
        *(f"{n}{v}" for n in names if not n.startswith("--") for v in ("2", "json", "x")),
    ]


@st.composite
def _argv(draw: st.DrawFn, name: str) -> list[str]:
    """A mostly well-formed argument list for command ``name``, now and then with a word of noise
    put in, taken out, or in place of the command's name."""
    arguments = cli.command_arguments(name)
    assert arguments is not None
    items: list[list[str]] = []
    for _title, names, keywords in arguments.calls:
        if not names[0].startswith("-"):
            count = 1 if keywords.get("nargs") is None else draw(st.integers(1, 3))
            items.append([draw(st.sampled_from(["a.ham", "b.ham", "HAM101", "", "x"])) for _ in range(count)])
        elif draw(st.booleans()):
            option = draw(st.sampled_from(names))
            if keywords.get("action") == "store_true":
                items.append([option])
                continue
            value = draw(st.sampled_from([v for v in VALUES if _accepts(keywords, v)] or VALUES))
            style = draw(st.sampled_from(["apart", "equals", "attached"]))
            if style == "equals":
                items.append([f"{option}={value}"])
            elif style == "attached" and not option.startswith("--"):
                items.append([f"{option}{value}"])
            else:
                items.append([option, value])
    items = draw(st.permutations(items))
    before = draw(st.lists(st.sampled_from([["--debug"], ["--disable-plugin", "x"], ["--disable-plugin=y"]])))
    argv = [word for item in [*before, [name], *items] for word in item]
    change = draw(st.sampled_from(["none", "none", "insert", "remove", "command"]))
    if change == "insert":
        argv.insert(draw(st.integers(0, len(argv))), draw(st.sampled_from(_noise(name))))
    elif change == "remove":
        del argv[draw(st.integers(0, len(argv) - 1))]
    elif change == "command":
        argv[argv.index(name)] = draw(st.sampled_from(["lin", "nope", "-h", name[:-1]]))
    return argv


@pytest.mark.parametrize("name", sorted(cli.COMMANDS))
@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_quick_reader_agrees_with_argparse_or_leaves_it_the_list(name: str, data: st.DataObject) -> None:
    argv = data.draw(_argv(name))
    quick = _quick(argv)
    if quick is not None:
        assert quick == _argparse(argv)


EVERYDAY = [
    ["lint", "a.ham"],
    ["lint", "--no-cache", "a.ham", "b.ham"],
    ["lint", "a.ham", "--format", "json"],
    ["lint", "--format=concise", "--select", "HAM1", "--select=HAM2", "--ignore", "HAM402", "folder"],
    ["lint", "-j", "2", "--statistics", "--exit-zero", "--config", "hamdsl.toml", "a.ham"],
    ["lint", "-j2", "--output-format", "github", "a.ham"],
    ["--disable-plugin", "rules", "lint", "--disable-plugin", "extra", "--debug", "a.ham"],
    ["--debug", "fmt", "--check", "--diff", "a.ham", "b.ham"],
    ["parse", "a.ham", "--format", "json"],
    ["summary", "--format", "json", "--config", "c.toml", "a.ham"],
    ["export", "a.ham", "-f", "ical", "-o", "out.ics", "--start", "2026-12-07", "--weeks", "6"],
    ["export", "a.ham", "--format=markdown", "--time", "07:30", "--tz", "Europe/Berlin"],
    ["plugins", "--format", "json"],
    ["rules"],
    ["rule", "HAM101"],
    ["schema", "--format", "ical"],
]


@pytest.mark.parametrize("argv", EVERYDAY, ids=" ".join)
def test_everyday_argument_lists_are_read_without_argparse(argv: list[str]) -> None:
    quick = _quick(argv)
    assert quick is not None
    assert quick == _argparse(argv)


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--help"],
        ["--version"],
        ["lint", "-h"],
        ["lint"],  # PATH is required
        ["lint", "--form", "json", "a.ham"],  # an abbreviation
        ["lint", "a.ham", "--no-cache", "b.ham"],  # argparse rejects the second run of paths
        ["lint", "--", "-a.ham"],
        ["lint", "--format", "yaml", "a.ham"],  # not a choice
        ["lint", "-j", "-1", "a.ham"],  # argparse reads -1 as a value; left to it
        ["lint", "--no-cache=yes", "a.ham"],
        ["export", "a.ham"],  # --format is required
        ["export", "a.ham", "-f", "ical", "--weeks", "0"],  # its type rejects it
        ["rule", "HAM101", "HAM102"],
        ["rules", "extra"],
        ["nope"],
    ],
    ids=" ".join,
)
def test_the_quick_reader_leaves_help_errors_and_odd_forms_to_argparse(argv: list[str]) -> None:
    assert _quick(argv) is None


def test_other_declarations_are_read_as_argparse_reads_them_or_left_to_it() -> None:
    import argparse

    plain = Arguments()
    plain.add_argument("rule-name")  # a positional keeps its dashes
    plain.add_argument("--level", "-l", type=int, default="3")  # a default string goes through type
    plain.add_argument("-q", action="store_true")
    parser = argparse.ArgumentParser()
    plain.apply(parser)
    for argv in (["r"], ["r", "-l", "5", "-q"], ["-q", "--level=7", "r"]):
        assert read(["odd", *argv], Arguments(), lambda _name: plain) == {
            "command": "odd",
            **vars(parser.parse_args(argv)),
        }
    odd = Arguments()
    odd.add_argument("--count", "-c", action="count", default=0)
    assert read(["odd"], Arguments(), lambda _name: odd) is None


def test_arguments_replay_onto_argparse_with_their_groups() -> None:
    import argparse

    arguments = Arguments()
    arguments.add_argument("file")
    group = arguments.add_argument_group("calendar")
    group.add_argument("--weeks", type=int, default=4)
    group.add_argument("--tz")
    parser = argparse.ArgumentParser(prog="x")
    arguments.apply(parser)
    assert vars(parser.parse_args(["f", "--weeks", "6"])) == {"file": "f", "weeks": 6, "tz": None}
    _before, calendar = parser.format_help().split("\ncalendar:\n")
    assert calendar.split() == ["--weeks", "WEEKS", "--tz", "TZ"]
