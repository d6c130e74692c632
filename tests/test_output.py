"""`hamdsl lint` output formats: full CLI runs snapshotted (arguments, exit code, stdout, stderr),
the JSON checked against its documented schema, SARIF read back by an independent library."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from sarif_pydantic import Sarif

from tests.conftest import ROOT, make_distribution, run_hamdsl, site_env

BROKEN = "session Monday:\nA1: lying leg curl 3x8 @4/0/1\nA2: romanian deadlift 3x8-6 rest 2min\n"
GOOD = (
    "# hamdsl: noqa: TST003\n"
    "session Monday:\n"
    "A1: lying leg curl 3x8 @3/0/1/0 rest 90s  # noqa: TST002\n"
    "A2: romanian deadlift 3x8 rest 2min  # noqa: nothing-here\n"
    "A3: nordic hamstring curl 3xfailure  # noqa HAM\n"
)
PLUGIN = """
    import hamdsl
    from hamdsl.plugins.api import Finding, Rule

    def _each(ctx):
        for session in ctx.program.sessions:
            for exercise in session.exercises:
                yield Finding(f"saw {exercise.name} | <b>", exercise.names[0].span, hint="nothing to fix")

    def _file(ctx):
        yield Finding("file-level finding", None)

    @hamdsl.hookimpl
    def hamdsl_rules():
        return [
            Rule(code="TST002", name="sees-exercises", summary="one finding per exercise", check=_each,
                 source="000_4ffba709e68b8adb.txt (P1)"),
            Rule(code="TST003", name="file-finding", summary="one finding per file", check=_file,
                 severity="info"),
        ]
"""
FORMATS = ("full", "concise", "json", "github", "sarif")


@pytest.fixture
def workdir(tmp_path: Path, plugin_site: Path) -> Path:
    (tmp_path / "broken.ham").write_text(BROKEN)
    (tmp_path / "good.ham").write_text(GOOD)
    make_distribution(
        plugin_site,
        "hamdsl-tester",
        entry_points={"tester": "tester_plugin"},
        modules={"tester_plugin": PLUGIN},
    )
    return tmp_path


def lint(workdir: Path, *args: str) -> dict[str, object]:
    argv = ["lint", "--select", "E,W,TST", *args, "broken.ham", "good.ham"]
    result = run_hamdsl(*argv, cwd=workdir, env=site_env(workdir / "site"))
    return {"args": argv, "exit_code": result.returncode, "stdout": result.stdout, "stderr": result.stderr}


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_of_a_full_cli_run(workdir: Path, fmt: str, snapshot: object) -> None:
    run = lint(workdir, "--format", fmt)
    assert run["exit_code"] == 1
    assert run == snapshot


def test_json_output_follows_its_documented_schema(workdir: Path) -> None:
    schema = json.loads((ROOT / "tests" / "schemas" / "lint-output.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    data = json.loads(str(lint(workdir, "--format", "json")["stdout"]))
    jsonschema.validate(data, schema)
    codes = [(d["filename"], d["code"], d["location"]["row"] if d["location"] else None) for d in data]
    assert ("broken.ham", "E001", 2) in codes and ("broken.ham", "E001", 3) in codes

    assert ("good.ham", "TST002", 3) not in codes
    assert not any(code == "TST003" for _, code, _ in codes)
    assert ("good.ham", "TST002", 4) in codes
    # The unused and the malformed suppression are reported.
    assert ("good.ham", "W001", 4) in codes
    assert ("good.ham", "W002", 5) in codes


def test_sarif_output_is_read_back_by_an_independent_library(workdir: Path) -> None:
    text = str(lint(workdir, "--format", "sarif")["stdout"])
    log = Sarif.model_validate_json(text)
    assert log.version == "2.1.0"
    (run,) = log.runs
    assert run.tool.driver.name == "hamdsl"
    rule_ids = [rule.id for rule in run.tool.driver.rules or []]
    results = run.results or []
    assert {r.rule_id for r in results} <= set(rule_ids)
    first = results[0]
    assert first.rule_id == "E001"
    region = first.locations[0].physical_location.region
    assert (region.start_line, region.start_column) == (2, 24)


def test_statistics_and_exit_zero(workdir: Path) -> None:
    stats = lint(workdir, "--statistics")
    assert stats["exit_code"] == 1
    lines = str(stats["stdout"]).splitlines()
    assert lines[0].split() == ["2", "E001", "syntax-error"]
    assert lint(workdir, "--exit-zero")["exit_code"] == 0


def test_github_annotations_escape_newlines_and_commas(workdir: Path) -> None:
    out = str(lint(workdir, "--format", "github")["stdout"])
    for line in out.splitlines():
        assert line.startswith(("::error ", "::warning ", "::notice "))
    assert "title=hamdsl E001 (syntax-error)" in out


def _excerpt(out: str) -> tuple[str, str]:
    """The shown source line and the caret line of a one-finding ``full`` report, gutters cut."""
    lines = out.splitlines()
    text = next(line for line in lines if line.startswith("2 | ")).removeprefix("2 | ")
    carets = next(line for line in lines if "^" in line).removeprefix("  | ")
    return text, carets


@pytest.mark.parametrize(
    ("line", "marked"),
    [
        # a syntax error after a BEL and a right-to-left override (escaped to 4 and 6 columns)
        ("  A1: lying\x07 leg curl\u202e 3x8 rest 90 parsecs", "parsecs"),
        # a finding whose span holds them: the carets cover the escaped text
        ("  A1: lying\x07 leg curl\u202e 3x8 rest 90s", "lying\\x07 leg curl\\u202e"),
        # a line over EXCERPT_WIDTH, shown as a window; ESC, a C1 control, bidi and a tab before it
        ("  A1: " + "lying\x1b leg\x9b curl\u2066 " * 9 + "3x8\trest 90 parsecs", "parsecs"),
    ],
    ids=["error-after-escapes", "span-over-escapes", "window"],
)
def test_full_carets_line_up_with_escaped_text(tmp_path: Path, line: str, marked: str) -> None:
    import io

    from hamdsl.cli.main import main

    path = tmp_path / "r.ham"
    path.write_text(f"session:\n{line}\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    main(["lint", "--no-cache", "--format", "full", "--select", "E001,HAM001", str(path)], out=out, err=err)
    text, carets = _excerpt(out.getvalue())
    assert "\x07" not in text and "\u202e" not in text and "\x1b" not in text
    column = len(carets) - len(carets.lstrip(" "))
    assert text[column:].startswith(marked), (text, carets)
    assert carets.strip() == "^" * len(marked)
