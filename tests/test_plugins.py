"""The plugin system: discovery, isolation of broken plugins, conflicts, control and docs.

Plugins here are real installed distributions (a dist-info folder with entry points on
PYTHONPATH), found by the same importlib.metadata lookup that finds the built-ins.
"""

from __future__ import annotations

import ast
import importlib.metadata
import json
import re
from pathlib import Path

import pluggy
import pytest

import hamdsl
from hamdsl.plugins import hookspecs
from tests.conftest import EXAMPLES, ROOT, make_distribution, run_hamdsl, site_env

ROUTINE = "session Monday:\nA1: lying leg curl 3x8 @3/0/1/0 rest 90s\nA2: romanian deadlift 3x8 rest 2min\n"

RULES_MODULE = """
    import hamdsl
    from hamdsl.plugins.api import Finding, Rule

    def _boom(ctx):
        raise RuntimeError("boom")

    def _count(ctx):
        for session in ctx.program.sessions:
            for exercise in session.exercises:
                yield Finding(f"saw {exercise.name}", exercise.span)

    @hamdsl.hookimpl
    def hamdsl_rules():
        return [
            Rule(code="TST001", name="always-fails", summary="raises", check=_boom),
            Rule(code="TST002", name="sees-exercises", summary="one finding per exercise", check=_count),
        ]
"""


def install_tester(site: Path, module: str = RULES_MODULE, *, version: str = "1.0") -> None:
    """Install the test plugin ``tester`` (distribution ``hamdsl-tester``) with ``module`` as its
    code: by default one rule that raises and one that reports each exercise."""
    make_distribution(
        site,
        "hamdsl-tester",
        version=version,
        entry_points={"tester": "tester_plugin"},
        modules={"tester_plugin": module},
    )


def builtin_plugins() -> list[str]:
    """The names of hamdsl's own plugins, read from its installed metadata."""
    return sorted(
        ep.name for ep in importlib.metadata.distribution("hamdsl").entry_points if ep.group == "hamdsl"
    )


@pytest.fixture
def routine(tmp_path: Path) -> Path:
    path = tmp_path / "routine.ham"
    path.write_text(ROUTINE)
    return path


def test_a_plugin_that_fails_to_import_is_reported_once_and_skipped(plugin_site: Path, routine: Path) -> None:
    make_distribution(
        plugin_site,
        "hamdsl-broken",
        version="0.3",
        entry_points={"broken": "broken_plugin"},
        modules={"broken_plugin": "raise ImportError('needs the package frobnicate')\n"},
    )
    install_tester(plugin_site, RULES_MODULE.replace("_boom", "_count"))
    result = run_hamdsl(
        "lint", "--format", "concise", "--select", "TST", str(routine), env=site_env(plugin_site)
    )
    assert result.stderr.count("could not be loaded") == 1
    assert (
        "plugin 'broken' (hamdsl-broken 0.3) could not be loaded: ImportError: needs the package frobnicate; "
        "skipped. Reinstall or update it, or disable it with --disable-plugin broken" in result.stderr
    )
    # The other plugin still ran.
    assert "TST002 [warning] saw lying leg curl" in result.stdout
    assert result.returncode == 1


def test_a_rule_that_raises_becomes_an_internal_error_and_the_other_rules_still_run(
    plugin_site: Path, routine: Path
) -> None:
    install_tester(plugin_site)
    result = run_hamdsl(
        "lint", "--format", "concise", "--select", "TST", str(routine), env=site_env(plugin_site)
    )
    assert result.returncode == 2, result.stderr
    lines = result.stdout.splitlines()
    assert (
        f"{routine}:1:1: E002 [error] rule TST001 (always-fails) of plugin 'tester' raised RuntimeError: boom"
        in lines
    )
    assert f"{routine}:2:1: TST002 [warning] saw lying leg curl" in lines
    assert f"{routine}:3:1: TST002 [warning] saw romanian deadlift" in lines
    assert "Traceback" not in result.stderr


def test_a_rule_that_yields_something_else_than_findings_is_an_internal_error(
    plugin_site: Path, routine: Path
) -> None:
    install_tester(plugin_site, RULES_MODULE.replace('raise RuntimeError("boom")', 'return ["oops"]'))
    result = run_hamdsl(
        "lint", "--format", "concise", "--select", "TST", str(routine), env=site_env(plugin_site)
    )
    assert result.returncode == 2, result.stderr
    lines = result.stdout.splitlines()
    assert (
        f"{routine}:1:1: E002 [error] rule TST001 (always-fails) of plugin 'tester' raised TypeError: "
        "it gave a str, not a Finding" in lines
    )
    assert f"{routine}:2:1: TST002 [warning] saw lying leg curl" in lines
    assert "Traceback" not in result.stderr


def test_a_transform_that_returns_no_model_is_blamed_on_its_own_plugin(
    plugin_site: Path, routine: Path
) -> None:
    module = RULES_MODULE + """
    @hamdsl.hookimpl
    def hamdsl_transform(model, settings):
        return {"not": "a model"}
    """
    install_tester(plugin_site, module.replace("_boom", "_count"))
    result = run_hamdsl("lint", "--format", "json", "--no-cache", str(routine), env=site_env(plugin_site))
    assert result.returncode == 2, result.stderr
    errors = [d for d in json.loads(result.stdout) if d["code"] == "E002"]
    assert [e["message"] for e in errors] == [
        "the transform hook of plugin 'tester' raised TypeError: it returned dict, not a Model or None"
    ]
    # the built-in rules ran on the model as it was before the transform
    assert any(d["code"].startswith("HAM") for d in json.loads(result.stdout))


def test_a_file_wide_noqa_does_not_hide_a_crashed_rule(plugin_site: Path, tmp_path: Path) -> None:
    install_tester(plugin_site)
    routine = tmp_path / "quiet.ham"
    routine.write_text("# hamdsl: noqa\n" + ROUTINE)
    env = {**site_env(plugin_site), "HAMDSL_CACHE_DIR": str(tmp_path / "cache")}
    for _ in range(2):  # the second run must not find a clean entry in the cache
        result = run_hamdsl("lint", "--format", "concise", "--select", "TST", str(routine), env=env)
        assert result.returncode == 2, result.stderr
        crashed = "E002 [error] rule TST001 (always-fails) of plugin 'tester' raised RuntimeError: boom"
        assert crashed in result.stdout
        assert "TST002" not in result.stdout


@pytest.mark.parametrize("cache", [["--no-cache"], []])
def test_a_rule_that_raises_in_worker_processes_still_makes_the_run_exit_2(
    plugin_site: Path, tmp_path: Path, cache: list[str]
) -> None:
    install_tester(plugin_site)
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(40):  # enough files for worker processes
        (folder / f"r{i:02d}.ham").write_text(ROUTINE)
    env = {**site_env(plugin_site), "HAMDSL_CACHE_DIR": str(tmp_path / "cache")}
    command = ["lint", *cache, "--format", "concise", "--select", "TST", str(folder)]
    serial = run_hamdsl(*command, "-j", "1", env=env)
    parallel = run_hamdsl(*command, "-j", "2", env=env)
    assert serial.returncode == parallel.returncode == 2, parallel.stderr
    assert parallel.stdout == serial.stdout
    assert parallel.stdout.count("E002 [error] rule TST001 (always-fails)") == 40


def test_ctrl_c_inside_a_rule_still_stops_the_run(plugin_site: Path, routine: Path) -> None:
    module = RULES_MODULE.replace('raise RuntimeError("boom")', "raise KeyboardInterrupt")
    install_tester(plugin_site, module)
    result = run_hamdsl("lint", "--select", "TST", str(routine), env=site_env(plugin_site))
    assert result.returncode == 130
    assert "interrupted" in result.stderr
    assert "internal-error" not in result.stdout


def test_two_rules_with_one_code_stop_the_run_naming_both_plugins(plugin_site: Path, routine: Path) -> None:
    for name in ("first", "second"):
        make_distribution(
            plugin_site,
            f"hamdsl-{name}",
            entry_points={name: f"{name}_plugin"},
            modules={
                f"{name}_plugin": f"""
                import hamdsl
                from hamdsl.plugins.api import Rule

                @hamdsl.hookimpl
                def hamdsl_rules():
                    return [Rule(code="DUP100", name="{name}-rule", summary="s", check=lambda ctx: [])]
            """
            },
        )
    result = run_hamdsl("lint", str(routine), env=site_env(plugin_site))
    assert result.returncode == 2
    assert (
        "hamdsl: error: rule code 'DUP100' is defined by plugins 'first' and 'second'; "
        "disable one with --disable-plugin NAME" in result.stderr
    )


def test_two_rules_with_one_name_stop_the_run(plugin_site: Path, routine: Path) -> None:
    for number, name in ((1, "first"), (2, "second")):
        make_distribution(
            plugin_site,
            f"hamdsl-{name}",
            entry_points={name: f"{name}_plugin"},
            modules={
                f"{name}_plugin": f"""
                import hamdsl
                from hamdsl.plugins.api import Rule

                @hamdsl.hookimpl
                def hamdsl_rules():
                    return [Rule(code="NAM00{number}", name="same-name", summary="s", check=lambda ctx: [])]
            """
            },
        )
    result = run_hamdsl("rules", env=site_env(plugin_site))
    assert result.returncode == 2
    assert "rule name 'same-name' is defined by plugins 'first' and 'second'" in result.stderr


def test_two_exporters_with_one_format_stop_the_run(plugin_site: Path) -> None:
    for name in ("first", "second"):
        make_distribution(
            plugin_site,
            f"hamdsl-{name}",
            entry_points={name: f"{name}_plugin"},
            modules={
                f"{name}_plugin": """
                import hamdsl
                from hamdsl.plugins.api import Exporter

                @hamdsl.hookimpl
                def hamdsl_exporters():
                    return [Exporter("yaml", ".yaml", "application/yaml", lambda ctx: "")]
            """
            },
        )
    result = run_hamdsl("plugins", env=site_env(plugin_site))
    assert result.returncode == 2
    assert "export format 'yaml' is defined by plugins 'first' and 'second'" in result.stderr


def test_a_misspelt_hook_skips_its_plugin_with_a_warning_and_the_others_still_run(
    plugin_site: Path, routine: Path
) -> None:
    make_distribution(
        plugin_site,
        "hamdsl-typo",
        entry_points={"typo": "typo_plugin"},
        modules={
            "typo_plugin": """
            import hamdsl

            @hamdsl.hookimpl
            def hamdsl_rule():
                return []
        """
        },
    )
    install_tester(plugin_site, RULES_MODULE.replace("_boom", "_count"))
    env = site_env(plugin_site)
    result = run_hamdsl("lint", "--format", "concise", "--select", "TST", str(routine), env=env)
    assert result.stderr.count("plugin 'typo' implements a hook that does not exist") == 1
    assert "hamdsl_rule" in result.stderr and "skipped" in result.stderr
    assert "TST002 [warning] saw lying leg curl" in result.stdout
    assert result.returncode == 1
    listed = json.loads(run_hamdsl("plugins", "--format", "json", env=env).stdout)
    assert "typo" not in [p["name"] for p in listed]


def test_disable_plugin_by_flag_and_by_environment(plugin_site: Path, routine: Path) -> None:
    install_tester(plugin_site, RULES_MODULE.replace("_boom", "_count"))
    env = site_env(plugin_site)
    listed = json.loads(run_hamdsl("plugins", "--format", "json", env=env).stdout)
    assert "tester" in [p["name"] for p in listed]
    by_flag = run_hamdsl("plugins", "--format", "json", "--disable-plugin", "tester", env=env)
    assert "tester" not in [p["name"] for p in json.loads(by_flag.stdout)]
    by_env = run_hamdsl(
        "lint", "--select", "TST", str(routine), env={**env, "HAMDSL_DISABLE_PLUGINS": "x,tester"}
    )
    # The plugin is gone, so its code prefix selects no rule: an unknown selector.
    assert by_env.returncode == 2, by_env.stdout
    assert "--select TST: no rule has this code" in by_env.stderr and "TST002" not in by_env.stdout


def test_plugins_lists_name_distribution_version_hooks_and_contributions(plugin_site: Path) -> None:
    install_tester(plugin_site, version="2.5")
    listed = {
        p["name"]: p
        for p in json.loads(run_hamdsl("plugins", "--format", "json", env=site_env(plugin_site)).stdout)
    }
    tester = listed["tester"]
    assert tester["distribution"] == "hamdsl-tester"
    assert tester["version"] == "2.5"
    assert tester["hooks"] == ["hamdsl_rules"]
    assert tester["rules"] == ["TST001 always-fails", "TST002 sees-exercises"]
    assert tester["exporters"] == [] and tester["exercises"] == []
    text = run_hamdsl("plugins", env=site_env(plugin_site)).stdout
    assert "tester (hamdsl-tester 2.5)" in text
    assert "rules (2): TST001 always-fails, TST002 sees-exercises" in text


def test_built_ins_are_entry_points_of_the_hamdsl_distribution() -> None:
    names = builtin_plugins()
    assert names, "hamdsl declares no built-in plugins"
    for ep in importlib.metadata.distribution("hamdsl").entry_points:
        if ep.group == "hamdsl":
            assert ep.value.startswith("hamdsl_plugins."), ep
            assert (ROOT / "plugins" / Path(*ep.value.split("."))).is_dir()


def test_with_every_built_in_disabled_the_core_reports_nothing_and_lists_nothing() -> None:
    env = {"HAMDSL_DISABLE_PLUGINS": ",".join(builtin_plugins())}
    lint = run_hamdsl("lint", "--format", "json", str(EXAMPLES / "003-problem.ham"), env=env)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    assert json.loads(lint.stdout) == []
    plugins = run_hamdsl("plugins", "--format", "json", env=env)
    assert json.loads(plugins.stdout) == []
    rules = json.loads(run_hamdsl("rules", "--format", "json", env=env).stdout)
    assert {r["plugin"] for r in rules} == {"hamdsl"}


def test_the_core_defines_no_rule_exporter_or_exercise() -> None:
    """`src/hamdsl` only declares the types; no instance of them is built there. The one exception
    is the entry an exercise declared by the user (an `exercise:` line, `[tool.hamdsl.exercises]`)
    becomes, which only `hamdsl.interpret.interpreter.declared_spec` builds: it holds no exercise
    of its own."""
    allowed: set[int] = set()
    for path in (ROOT / "src" / "hamdsl").rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name == "declared_spec":
                allowed.update(id(n) for n in ast.walk(node))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and id(node) not in allowed:
                assert node.func.id not in ("Rule", "Exporter", "ExerciseSpec"), f"{path}:{node.lineno}"


def test_hookimpl_is_exported_for_plugin_authors() -> None:
    assert isinstance(hamdsl.hookimpl, pluggy.HookimplMarker)
    assert hamdsl.hookimpl.project_name == "hamdsl"


def test_every_hook_is_prefixed_typed_and_documented() -> None:
    docs = (ROOT / "docs" / "plugins.md").read_text()
    hooks = [name for name in dir(hookspecs) if name.startswith("hamdsl_")]
    assert len(hooks) >= 5
    for name in hooks:
        function = getattr(hookspecs, name)
        assert function.__doc__ and "Called" in function.__doc__, name
        assert "return" in function.__annotations__, name
        assert re.search(rf"^### `{name}\(", docs, re.MULTILINE), (
            f"{name} is not documented in docs/plugins.md"
        )
    # No hook in the docs that does not exist.
    for documented in re.findall(r"^### `(hamdsl_\w+)\(", docs, re.MULTILINE):
        assert documented in hooks, documented


def test_disable_plugin_and_debug_work_before_and_after_the_command() -> None:
    def rule_plugins(*args: str) -> set[str]:
        result = run_hamdsl(*args)
        assert result.returncode == 0, result.stderr
        return {r["plugin"] for r in json.loads(result.stdout)}

    assert "rules" in rule_plugins("rules", "--format", "json")
    assert "rules" not in rule_plugins("--disable-plugin", "rules", "rules", "--format", "json")
    assert "rules" not in rule_plugins("rules", "--disable-plugin", "rules", "--format", "json")
    # Given in both places, both count.
    both = run_hamdsl("--disable-plugin", "json", "plugins", "--disable-plugin", "rules", "--format", "json")
    assert {"json", "rules"}.isdisjoint({p["name"] for p in json.loads(both.stdout)})


def test_plugin_info_lists_the_hooks_pluggy_registered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``hamdsl plugins`` names a hook implemented under another name (``specname=``) and not a
    ``hamdsl_`` function that carries no marker."""
    from hamdsl.plugins.host import load

    (tmp_path / "hamdsl_named_hooks.py").write_text(
        "import hamdsl\n\n"
        "@hamdsl.hookimpl(specname='hamdsl_rules')\n"
        "def my_rules():\n    return []\n\n"
        "def hamdsl_exporters():  # no marker: not a hook\n    return []\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    import importlib

    module = importlib.import_module("hamdsl_named_hooks")
    host = load(extra=[("named", module)])
    assert host.infos["named"].hooks == ("hamdsl_rules",)
    assert host.infos["rules"].hooks == ("hamdsl_rules",)
    assert host.infos["catalog"].hooks == ("hamdsl_exercises",)
