"""Shared test helpers: run the real CLI in a subprocess, and fake installed plugins.

CLI tests go through `python -m hamdsl` in a subprocess, as a user's shell would, so entry-point
discovery, exit codes and the split between stdout and stderr are all real.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from hamdsl.interpret.interpreter import Catalog

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

CliRunner = Callable[..., subprocess.CompletedProcess[str]]


def example_copies(folder: Path, count: int) -> Path:
    """``folder`` filled with ``count`` routines, ``r00.ham`` onwards, copied from the examples in
    turn: enough files for worker processes and the cache to matter."""
    folder.mkdir(parents=True, exist_ok=True)
    examples = sorted(EXAMPLES.glob("*.ham"))
    for i in range(count):
        (folder / f"r{i:02d}.ham").write_text(examples[i % len(examples)].read_text())
    return folder


def run_hamdsl(
    *args: str,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    stdin: str | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """Run `python -m hamdsl ARGS` and capture its text output."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "HAMDSL_DISABLE_PLUGINS")}
    full_env["NO_COLOR"] = "1"
    if env:
        full_env.update(env)
    return subprocess.run(
        [sys.executable, "-m", "hamdsl", *args],
        cwd=cwd,
        env=full_env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def hamdsl_cli() -> CliRunner:
    return run_hamdsl


def make_distribution(
    site: Path,
    name: str,
    *,
    version: str = "1.0",
    entry_points: Mapping[str, str],
    modules: Mapping[str, str],
) -> None:
    """Write a minimal installed distribution (dist-info with entry points) into ``site``.

    Putting ``site`` on PYTHONPATH makes importlib.metadata find it exactly as it finds a package
    installed by pip, without the cost of building and installing one.
    """
    site.mkdir(parents=True, exist_ok=True)
    info = site / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    lines = ["[hamdsl]", *(f"{ep} = {target}" for ep, target in entry_points.items())]
    (info / "entry_points.txt").write_text("\n".join(lines) + "\n")
    for module, source in modules.items():
        (site / f"{module}.py").write_text(textwrap.dedent(source))


@pytest.fixture
def plugin_site(tmp_path: Path) -> Path:
    return tmp_path / "site"


def site_env(site: Path) -> dict[str, str]:
    existing = os.environ.get("PYTHONPATH")
    return {"PYTHONPATH": f"{site}{os.pathsep}{existing}" if existing else str(site)}


def builtin_catalog() -> Catalog:
    """The built-in catalog plugin's exercises alone, without loading entry points. A test helper:
    the core knows no plugin by name."""
    from hamdsl.interpret.interpreter import Catalog
    from hamdsl_plugins.catalog import hamdsl_exercises

    return Catalog.from_specs(hamdsl_exercises())


def refuse_reading(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """Make hamdsl's reading of ``path`` fail as an unreadable file does. Tests run as root,
    where ``chmod 000`` does not stop a read, so the refusal is simulated where hamdsl opens
    routines (:mod:`hamdsl.core.files`); every other file opens as usual."""
    import builtins
    import errno

    from hamdsl.core import files

    def refusing(file: Any, *args: Any, **kwargs: Any) -> Any:
        if os.fspath(file) == os.fspath(path):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(file))
        return builtins.open(file, *args, **kwargs)

    monkeypatch.setattr(files, "open", refusing, raising=False)
