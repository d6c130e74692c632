"""Project-wide standards that a reviewer would otherwise check by hand."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


def test_ruff_finds_nothing() -> None:
    ruff = shutil.which("ruff") or str(ROOT / ".venv" / "bin" / "ruff")
    if not shutil.which(ruff):
        pytest.skip("ruff is not installed (it is in the test extra)")
    result = subprocess.run(
        [ruff, "check", "--no-cache", "src", "plugins", "tests", "examples/hamdsl-plugin-example"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing(tmp_path: Path) -> None:
    """The type hints are checked, not only written: ``[tool.mypy]`` in pyproject.toml says what.
    mypy's cache goes to a temporary folder: a new folder in the checkout would make the plugin
    cache distrust the import path for a few seconds (docs/plugins.md) in the tests after this."""
    pytest.importorskip("mypy", reason="mypy is not installed (it is in the test extra)")
    command = [sys.executable, "-m", "mypy", "--python-executable", sys.executable]
    result = subprocess.run(
        [*command, "--cache-dir", str(tmp_path / "mypy-cache")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_importing_hamdsl_loads_none_of_the_heavy_libraries() -> None:
    """`import hamdsl` and building the CLI's argument parser must not pay for rich, lark,
    icalendar or pluggy: commands import what they use when they run."""
    code = (
        "import sys, hamdsl.cli.main; hamdsl.cli.main.build_parser();"
        "print(sorted(m for m in ('rich', 'lark', 'icalendar', 'pluggy') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
