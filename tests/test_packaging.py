"""hamdsl as a user installs it: a built wheel in a fresh virtual environment, used from a folder
outside the checkout, and a third-party plugin installed next to it with pip.

These tests build and install for real (tens of seconds), because a green run in the development
checkout can hide a file that never made it into the wheel (the grammar, the catalog data, the
built-in plugins).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class FreshEnv:
    """A virtual environment with only the hamdsl wheel (and its dependencies) installed."""

    root: Path
    workdir: Path

    @property
    def bin(self) -> Path:
        return self.root / ("Scripts" if os.name == "nt" else "bin")

    def run(self, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "FORCE_COLOR")}
        env["NO_COLOR"] = "1"
        env["HAMDSL_CACHE_DIR"] = str(self.workdir / ".cache")
        return subprocess.run(
            [str(self.bin / args[0]), *args[1:]],
            cwd=self.workdir,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=check,
        )


def _pip(env: FreshEnv, *args: str) -> None:
    result = env.run("python", "-m", "pip", "install", "--quiet", *args)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def fresh_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FreshEnv]:
    base = tmp_path_factory.mktemp("fresh")
    dist = base / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    (wheel,) = dist.glob("hamdsl-*.whl")
    subprocess.run([sys.executable, "-m", "venv", str(base / "venv")], check=True, timeout=300)
    workdir = base / "work"
    workdir.mkdir()
    env = FreshEnv(base / "venv", workdir)
    _pip(env, str(wheel))
    yield env
    shutil.rmtree(base, ignore_errors=True)


def test_the_wheel_carries_the_grammar_and_the_built_in_plugins(fresh_env: FreshEnv) -> None:
    files = fresh_env.run(
        "python",
        "-c",
        "import importlib.metadata as m; print('\\n'.join(str(f) for f in m.files('hamdsl')))",
        check=True,
    ).stdout.splitlines()
    assert "hamdsl/language/grammar/hamdsl.lark" in files
    assert any(f.startswith("hamdsl_plugins/") for f in files)


def test_the_installed_command_lints_an_example_outside_the_checkout(fresh_env: FreshEnv) -> None:
    routine = fresh_env.workdir / "routine.ham"
    shutil.copy(EXAMPLES / "000-routine-1.ham", routine)
    assert ROOT not in routine.parents
    version = fresh_env.run("hamdsl", "--version", check=True)
    assert version.stdout.startswith("hamdsl ")
    # Syntax and plugin health only: the rules' verdicts are tested elsewhere.
    result = fresh_env.run("hamdsl", "lint", "--format", "json", "--select", "E", "routine.ham")
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout) == []
    assert "warning" not in result.stderr
    plugins = json.loads(fresh_env.run("hamdsl", "plugins", "--format", "json", check=True).stdout)
    assert {p["name"] for p in plugins} >= {"catalog"}
    assert all(p["distribution"] == "hamdsl" for p in plugins)


def test_the_example_plugin_installs_with_pip_and_takes_part(fresh_env: FreshEnv) -> None:
    _pip(fresh_env, "--no-deps", str(EXAMPLES / "hamdsl-plugin-example"))
    routine = fresh_env.workdir / "slides.ham"
    routine.write_text(
        "session Monday:\nA1: hamstring razor curl 3x10 rest 10min\nA2: romanian deadlift 3x8 rest 2min\n"
    )

    plugins = {
        p["name"]: p
        for p in json.loads(fresh_env.run("hamdsl", "plugins", "--format", "json", check=True).stdout)
    }
    example = plugins["example"]
    assert example["distribution"] == "hamdsl-plugin-example"
    assert example["version"] == "1.0.0"
    assert example["rules"] == ["EX001 long-rest"]
    assert example["exporters"] == ["csv"]
    assert example["exercises"] == ["hamstring razor curl"]

    # Its rule fires, with its option's default.
    lint = fresh_env.run(
        "hamdsl", "lint", "--format", "concise", "--select", "long-rest,unknown-exercise", "slides.ham"
    )
    assert (
        "slides.ham:2:31: EX001 [info] a rest of 600 s after 'hamstring razor curl' is over 300 s"
        in lint.stdout
    )
    # Its exercise resolves: no unknown-exercise finding for the hamstring razor curl.
    assert "unknown" not in lint.stdout
    # Its exporter writes.
    export = fresh_env.run("hamdsl", "export", "slides.ham", "--format", "csv")
    assert export.returncode == 0, export.stderr
    assert export.stdout.splitlines()[1] == "Monday,A1,hamstring razor curl,3,10"

    # --disable-plugin removes all three.
    off = ("--disable-plugin", "example")
    listed = json.loads(fresh_env.run("hamdsl", "plugins", "--format", "json", *off, check=True).stdout)
    assert "example" not in {p["name"] for p in listed}
    # Its rule is gone, so selecting it is an unknown selector (exit 2), and its exercise with it.
    select_off = fresh_env.run("hamdsl", "lint", "--select", "long-rest", *off, "slides.ham")
    assert select_off.returncode == 2 and "--select long-rest: no rule has this code" in select_off.stderr
    lint_off = fresh_env.run(
        "hamdsl", "lint", "--format", "concise", "--select", "unknown-exercise", *off, "slides.ham"
    )
    assert "EX001" not in lint_off.stdout
    assert "unknown exercise 'hamstring razor curl'" in lint_off.stdout
    export_off = fresh_env.run("hamdsl", "export", "slides.ham", "--format", "csv", *off)
    assert export_off.returncode == 2
    assert "csv" in export_off.stderr
