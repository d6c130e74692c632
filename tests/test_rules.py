"""The built-in rules: data-driven cases, the verdicts the documents' routines must give, the
rules' docs, and docs/rules.md.

Cases live in ``tests/rule_cases/<rule-name>.toml`` (as sqlfluff's ``test/rules/test_cases``), one
``[[case]]`` per snippet with the line and column of every finding *of that rule*; other rules'
findings in the same snippet are ignored, so a case only has to be right about its own rule. Each
case runs through the real pipeline: plugins loaded from entry points, settings from a
``hamdsl.toml`` written next to the snippet, the Linter used by ``hamdsl lint``.

The verdicts run the real CLI in a subprocess on the example files, because that is how a coach
will meet them.
"""

from __future__ import annotations

import io
import json
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from hamdsl.cli.main import main
from hamdsl.config.settings import SettingsCache
from hamdsl.core.diagnostics import Diagnostic
from hamdsl.lint.linter import Linter
from hamdsl.plugins import host as plugins
from hamdsl.plugins.api import Rule
from hamdsl.plugins.core_options import all_options
from hamdsl.plugins.host import PluginHost
from tests.conftest import EXAMPLES, ROOT, run_hamdsl

CASES = Path(__file__).resolve().parent / "rule_cases"
SECTIONS = ("## What it checks", "## Why", "## Example", "## Use instead", "## Options")

#: The rule names issue 5 fixes; users and tools rely on them.
REQUIRED_NAMES = (
    "missing-knee-flexion",
    "missing-hip-extension",
    "hip-extension-before-knee-flexion",
    "rep-range",
    "weekly-volume-below-landmark",
    "weekly-volume-above-landmark",
    "hamstring-frequency",
    "too-many-exercises",
    "giant-set-structure",
    "eccentric-needs-experience",
    "quad-dominant",
    "no-unilateral-work",
    "no-direct-hamstring-work",
    "dropset-drop",
    "unknown-exercise",
)


# --------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def host() -> PluginHost:
    return plugins.load()


def builtin_rules(host: PluginHost) -> dict[str, Rule]:
    return {c.item.name: c.item for c in host.rules() if c.plugin == "rules"}


def _toml_value(value: Any) -> str:
    """Enough TOML for option values (the standard library reads TOML but does not write it)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"no TOML for {value!r}")


def write_config(folder: Path, sections: Mapping[str, Mapping[str, Any]], extend_select: list[str]) -> Path:
    lines = []
    if extend_select:
        lines.append(f"extend-select = {_toml_value(extend_select)}")
    for section, values in sections.items():
        lines.append(f"[{section}]")
        lines.extend(f"{key} = {_toml_value(value)}" for key, value in values.items())
    path = folder / "hamdsl.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def lint(host: PluginHost, folder: Path, text: str, *, rule: Rule,
         options: Mapping[str, Any] | None = None) -> list[Diagnostic]:
    """Lint ``text`` as ``folder/case.ham`` with ``options`` for ``rule``; only its findings."""
    folder.mkdir(parents=True, exist_ok=True)
    extend = [] if rule.default_enabled else [rule.name]
    config = write_config(folder, {rule.name: options} if options else {}, extend)
    linter = Linter(host, SettingsCache(all_options(host), explicit=config))
    diagnostics = linter.check_text(text, str(folder / "case.ham"))
    crashes = [d for d in diagnostics if d.code in ("E001", "E002")]
    assert not crashes, [(d.code, d.message, d.span) for d in crashes]
    return [d for d in diagnostics if d.name == rule.name]


def load_cases() -> list[tuple[str, dict[str, Any]]]:
    cases = []
    for path in sorted(CASES.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for case in data["case"]:
            cases.append((path.stem, case))
    return cases


ALL_CASES = load_cases()


# --------------------------------------------------------------------------------------------------
# The rule set
# --------------------------------------------------------------------------------------------------


def test_every_required_name_is_a_builtin_rule(host: PluginHost) -> None:
    names = builtin_rules(host)
    assert set(REQUIRED_NAMES) <= set(names)


def test_codes_are_a_family_prefix_and_digits_and_names_are_kebab_case(host: PluginHost) -> None:
    families = {"0": "catalog", "1": "functions", "2": "volume", "3": "methods", "4": "balance"}
    for rule in builtin_rules(host).values():
        assert re.fullmatch(r"HAM[0-4]\d\d", rule.code), rule.code
        assert rule.code[3] in families
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name), rule.name


def test_every_rule_cites_a_document_and_a_principle(host: PluginHost) -> None:
    for rule in builtin_rules(host).values():
        assert rule.source and re.search(r"00[0-3]_[0-9a-f]{16}\.txt", rule.source), rule.name
        assert re.search(r"\b[PA]\d+\b", rule.source), rule.name


def test_every_rule_doc_has_the_five_sections_in_order(host: PluginHost) -> None:
    for rule in builtin_rules(host).values():
        positions = [rule.doc.find(section) for section in SECTIONS]
        assert -1 not in positions, (rule.name, positions)
        assert positions == sorted(positions), rule.name


def test_every_option_is_in_its_rules_section_and_documented(host: PluginHost) -> None:
    for rule in builtin_rules(host).values():
        for opt in rule.options:
            assert opt.section == rule.name
            assert f"`{opt.name}`" in rule.doc, (rule.name, opt.name)
            assert opt.source, (rule.name, opt.name)


def _snippets(doc: str) -> tuple[str, str]:
    example = doc.split("## Example", 1)[1].split("## Use instead", 1)[0]
    instead = doc.split("## Use instead", 1)[1].split("## Options", 1)[0]
    block = re.compile(r"```ham\n(.*?)```", re.S)
    return block.search(example).group(1), block.search(instead).group(1)  # type: ignore[union-attr]


def test_each_doc_example_fails_and_its_use_instead_passes(host: PluginHost, tmp_path: Path) -> None:
    """A doc that shows a wrong example would teach the wrong thing; lint both snippets."""
    for rule in builtin_rules(host).values():
        failing, passing = _snippets(rule.doc)
        assert lint(host, tmp_path / rule.name / "bad", failing, rule=rule), rule.name
        assert not lint(host, tmp_path / rule.name / "good", passing, rule=rule), rule.name


# --------------------------------------------------------------------------------------------------
# Data-driven cases
# --------------------------------------------------------------------------------------------------


def test_every_rule_has_a_failing_and_a_passing_case(host: PluginHost) -> None:
    by_rule: dict[str, list[dict[str, Any]]] = {}
    for name, case in ALL_CASES:
        by_rule.setdefault(name, []).append(case)
    assert set(by_rule) == set(builtin_rules(host)), "a case file per rule, named after it"
    for name, cases in by_rule.items():
        assert any(c["expect"] for c in cases), f"{name}: no failing case"
        assert any(not c["expect"] for c in cases), f"{name}: no passing case"


@pytest.mark.parametrize(("rule_name", "case"), ALL_CASES, ids=[f"{r}:{c['name']}" for r, c in ALL_CASES])
def test_rule_case(host: PluginHost, tmp_path: Path, rule_name: str, case: dict[str, Any]) -> None:
    rule = builtin_rules(host)[rule_name]
    found = lint(host, tmp_path, case["code"], rule=rule, options=case.get("options"))
    got = [[d.span.line, d.span.column] for d in found if d.span is not None]
    assert got == case["expect"], [(d.span, d.message) for d in found]
    for d in found:
        assert d.hint, "every finding says how to fix it"
        assert d.source == rule.source
        assert d.severity == rule.severity
        if "message" in case:
            assert case["message"] in d.message


# --------------------------------------------------------------------------------------------------
# Verdicts through the CLI
# --------------------------------------------------------------------------------------------------


def run_lint(tmp_path: Path, *paths: Path | str, cwd: Path | None = None) -> tuple[int, list[dict[str, Any]]]:
    result = run_hamdsl(
        "lint", "--no-cache", "--format", "json", *(str(p) for p in paths),
        cwd=cwd, env={"HAMDSL_CACHE_DIR": str(tmp_path / "cache")},
    )
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(result.stdout)


def names_of(findings: list[dict[str, Any]]) -> list[str]:
    return [f["name"] for f in findings]


def copy_example(tmp_path: Path, name: str, text: str | None = None) -> Path:
    target = tmp_path / "routines" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text if text is not None else (EXAMPLES / name).read_text(encoding="utf-8"),
                      encoding="utf-8")
    return target


def test_verdict_003_problem_is_quad_dominant_and_misses_hip_extension(tmp_path: Path) -> None:
    code, findings = run_lint(tmp_path, EXAMPLES / "003-problem.ham")
    assert code == 1
    assert {"quad-dominant", "missing-hip-extension"} <= set(names_of(findings))


@pytest.mark.parametrize("example", ["000-routine-1.ham", "000-routine-3.ham"])
def test_verdict_000_giant_sets_train_both_functions_in_order(tmp_path: Path, example: str) -> None:
    _code, findings = run_lint(tmp_path, EXAMPLES / example)
    unwanted = {"missing-knee-flexion", "missing-hip-extension", "hip-extension-before-knee-flexion"}
    assert not unwanted & set(names_of(findings)), findings


def test_verdict_000_routine_2_needs_two_years(tmp_path: Path) -> None:
    text = (EXAMPLES / "000-routine-2.ham").read_text(encoding="utf-8")
    as_written = copy_example(tmp_path / "a", "000-routine-2.ham")
    code, findings = run_lint(tmp_path, as_written)
    assert "eccentric-needs-experience" not in names_of(findings)
    assert code == 0, findings

    assert "experience: 2 years" in text
    beginner = text.replace("experience: 2 years", "level: beginner\nexperience: 1 year")
    edited = copy_example(tmp_path / "b", "000-routine-2.ham", beginner)
    code, findings = run_lint(tmp_path, edited)
    assert code == 1
    hits = [f for f in findings if f["name"] == "eccentric-needs-experience"]
    # Both eccentric methods of the routine: the 2-1 method (A1) and the eccentric emphasis (B1).
    assert [f["location"]["row"] for f in hits] == [12, 14]


def test_verdict_001_option_1_per_session_and_per_week(tmp_path: Path) -> None:
    routine = copy_example(tmp_path, "001-option-1.ham")
    _code, findings = run_lint(tmp_path, routine)
    sessions = {
        "missing-hip-extension": [13, 16],  # Wednesday, Friday
        "missing-knee-flexion": [10],  # Monday
    }
    for name, rows in sessions.items():
        assert [f["location"]["row"] for f in findings if f["name"] == name] == rows, findings

    (routine.parent / "hamdsl.toml").write_text(
        '[missing-knee-flexion]\nscope = "week"\n\n[missing-hip-extension]\nscope = "week"\n',
        encoding="utf-8",
    )
    _code, findings = run_lint(tmp_path, routine)
    assert not {"missing-knee-flexion", "missing-hip-extension"} & set(names_of(findings)), findings


def test_verdict_002_chart_order_is_a_documented_disagreement(tmp_path: Path, host: PluginHost) -> None:
    routine = copy_example(tmp_path, "002-chart.ham")
    _code, findings = run_lint(tmp_path, routine)
    hits = [f for f in findings if f["name"] == "hip-extension-before-knee-flexion"]
    assert [f["location"]["row"] for f in hits] == [10]  # the Romanian deadlift

    (routine.parent / "hamdsl.toml").write_text(
        '[hip-extension-before-knee-flexion]\norder = "hip-extension-first"\n', encoding="utf-8"
    )
    _code, findings = run_lint(tmp_path, routine)
    assert "hip-extension-before-knee-flexion" not in names_of(findings)

    doc = builtin_rules(host)["hip-extension-before-knee-flexion"].doc
    assert "002_07ab0ecea4df5d46.txt" in doc and "disagrees" in doc


def test_verdict_squats_and_lunges_are_not_hamstring_work(tmp_path: Path) -> None:
    routine = copy_example(
        tmp_path, "squats.ham",
        "program: Leg day\nsession Legs:\nback squat 4x6-8\nlunge 3x10 per leg\nwalking lunges 3x12\n",
    )
    code, findings = run_lint(tmp_path, routine)
    assert code == 1
    assert "no-direct-hamstring-work" in names_of(findings)


def test_every_example_lints_without_crashing_and_agrees_with_its_own_document(tmp_path: Path) -> None:
    """The findings on the documents' own routines, pinned: each is either true to that document
    or a documented disagreement with another one (docs/rules.md says which)."""
    code, findings = run_lint(tmp_path, EXAMPLES)
    assert code == 1
    # examples/programs/ holds published programs, pinned in tests/test_programs.py
    got = sorted((Path(f["filename"]).name, f["location"]["row"], f["name"]) for f in findings
                 if Path(f["filename"]).parent.name != "programs")
    assert got == sorted([
        ("000-routine-1.ham", 3, "no-unilateral-work"),  # 002/003 advice; 000 is silent
        ("000-routine-3.ham", 3, "no-unilateral-work"),
        ("000-routine-3.ham", 10, "too-many-exercises"),  # 002's 3-4 vs 000's five-exercise giant set
        ("001-option-1.ham", 3, "no-unilateral-work"),
        ("001-option-1.ham", 10, "missing-knee-flexion"),  # 000/003 per session vs 001 per week
        ("001-option-1.ham", 13, "missing-hip-extension"),
        ("001-option-1.ham", 16, "missing-hip-extension"),
        ("001-option-2.ham", 8, "missing-knee-flexion"),
        ("002-chart.ham", 10, "hip-extension-before-knee-flexion"),  # 000/003 order vs 002's chart
        ("003-problem.ham", 8, "missing-hip-extension"),
        ("003-problem.ham", 8, "quad-dominant"),
    ])


# --------------------------------------------------------------------------------------------------
# The rules and rule commands
# --------------------------------------------------------------------------------------------------


def test_rules_command_lists_every_builtin_rule_with_plugin_rules(host: PluginHost) -> None:
    result = run_hamdsl("rules", "--format", "json")
    assert result.returncode == 0, result.stderr
    listed = {e["name"]: e for e in json.loads(result.stdout)}
    for rule in builtin_rules(host).values():
        entry = listed[rule.name]
        assert entry["plugin"] == "rules"
        assert entry["code"] == rule.code
        assert entry["severity"] == rule.severity
        assert entry["source"] == rule.source


@pytest.mark.parametrize("name", ["missing-knee-flexion", "HAM301", "quad-dominant"])
def test_rule_command_prints_the_doc(host: PluginHost, name: str) -> None:
    result = run_hamdsl("rule", name)
    assert result.returncode == 0, result.stderr
    rules = builtin_rules(host)
    rule = rules.get(name) or next(r for r in rules.values() if r.code == name)
    assert rule.doc.strip() in result.stdout
    for section in SECTIONS:
        assert section in result.stdout


# --------------------------------------------------------------------------------------------------
# docs/rules.md
# --------------------------------------------------------------------------------------------------


def test_docs_rules_md_covers_every_rule_and_every_principle(host: PluginHost) -> None:
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    table = text.split("## Principles and rules", 1)[1].split("\n## ", 1)[0]
    for number in range(1, 19):
        assert re.search(rf"^\| P{number} \|", table, re.M), f"P{number} missing from the table"
    for rule in builtin_rules(host).values():
        assert re.search(rf"^## {rule.code} `{rule.name}`", text, re.M), rule.name


def test_docs_rules_md_is_generated_from_the_rules() -> None:
    """docs/rules.md is written by hamdsl_plugins.rules._docs; regenerate it when a rule changes
    (`python -m hamdsl_plugins.rules._docs > docs/rules.md`)."""
    from hamdsl_plugins.rules._docs import render

    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == render()


def test_names_in_a_message_are_listed_once_and_at_most_five(tmp_path: Path) -> None:
    curls = ["lying leg curl", "seated leg curl", "lying leg curl", "nordic hamstring curl",
             "standing leg curl", "kneeling leg curl", "band leg curl", "cable leg curl"]
    path = tmp_path / "curls.ham"
    path.write_text("session A:\n" + "".join(f"{c} 2x8\n" for c in curls))
    out = io.StringIO()
    argv = ["lint", "--no-cache", "--format", "json", "--select", "HAM102", str(path)]
    main(argv, out=out, err=io.StringIO())
    (finding,) = json.loads(out.getvalue())
    assert finding["message"] == (
        "session 'A' trains the hamstrings only through knee flexion ('lying leg curl', 'seated leg curl', "
        "'nordic hamstring curl', 'standing leg curl', 'kneeling leg curl' and 2 more), never through hip "
        "extension"
    )
