"""The command line as argparse reads it: everyday argument lists, help, and usage errors (exit 2)."""

from __future__ import annotations

import contextlib
import io

import pytest

from hamdsl.cli import main as cli


def _parse(argv: list[str]) -> dict[str, object]:
    return vars(cli.build_parser().parse_args(argv))


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        code = cli.main(argv, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


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
def test_everyday_argument_lists_are_read(argv: list[str]) -> None:
    values = _parse(argv)
    assert values["command"] in argv


def test_global_and_command_options_are_kept_apart_and_merged() -> None:
    values = _parse(["--disable-plugin", "rules", "lint", "--disable-plugin", "extra", "--debug", "a.ham"])
    assert values["global_disable_plugin"] == ["rules"]
    assert values["disable_plugin"] == ["extra"]
    assert values["debug"] is True and values["global_debug"] is False


@pytest.mark.parametrize("argv", [["--help"], ["--version"], ["lint", "-h"]], ids=" ".join)
def test_help_and_version_exit_0(argv: list[str]) -> None:
    code, out, _err = _run(argv)
    assert code == 0
    assert out


def test_no_command_prints_the_help_and_exits_2() -> None:
    code, out, _err = _run([])
    assert code == 2
    assert out.startswith("usage: hamdsl")


@pytest.mark.parametrize(
    "argv",
    [
        ["lint"],  # PATH is required
        ["lint", "a.ham", "--no-cache", "b.ham"],  # argparse rejects the second run of paths
        ["lint", "--format", "yaml", "a.ham"],  # not a choice
        ["lint", "--no-cache=yes", "a.ham"],
        ["export", "a.ham"],  # --format is required
        ["export", "a.ham", "-f", "ical", "--weeks", "0"],  # its type rejects it
        ["rule", "HAM101", "HAM102"],
        ["rules", "extra"],
        ["nope"],
    ],
    ids=" ".join,
)
def test_usage_errors_exit_2(argv: list[str]) -> None:
    code, _out, err = _run(argv)
    assert code == 2
    assert "usage: hamdsl" in err
