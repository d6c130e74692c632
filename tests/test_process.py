"""The ``hamdsl`` command line and process: the command table, help and usage errors, how the
process starts (collector off) and ends (exit handlers run, output flushed, a failed write is
exit 2), and the data the built-in plugins ship."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hamdsl.cli import main as cli
from tests.conftest import EXAMPLES


@pytest.mark.parametrize("name", sorted(cli.COMMANDS))
def test_the_command_table_repeats_each_modules_help(name: str) -> None:
    module_name, summary = cli.COMMANDS[name]
    assert summary == importlib.import_module(module_name).HELP


def test_top_level_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    for name, (_module, summary) in cli.COMMANDS.items():
        assert name in out
        assert summary.split()[0] in out


def test_a_commands_help_and_usage_errors_show_its_own_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["lint", "--help"]) == 0
    assert "--no-cache" in capsys.readouterr().out
    assert cli.main(["lint"]) == 2
    err = capsys.readouterr().err
    assert "usage: hamdsl lint" in err
    assert "PATH" in err


def test_a_global_option_whose_value_is_a_command_name_is_not_taken_for_the_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["--disable-plugin", "rules", "rule", "HAM101"]) == 2
    captured = capsys.readouterr()
    # With the rules plugin disabled there is no HAM101: the `rule` command ran and said so.
    assert "HAM101" in captured.err


def _entry_script(setup: str, *args: str) -> list[str]:
    """A Python command line that runs ``setup``, then the console script's entry with ``args``."""
    code = f"import sys\n{setup}\nsys.argv = ['hamdsl', *{list(args)!r}]\n"
    code += "from hamdsl.__main__ import entry\nentry()\n"
    return [sys.executable, "-c", code]


def test_the_command_runs_exit_handlers_and_writes_it_all(tmp_path: Path) -> None:
    import io

    from hamdsl.cli.main import main

    mark = tmp_path / "handler-ran"
    setup = (
        "import atexit\n"
        f"atexit.register(lambda: open({str(mark)!r}, 'w').write('ran'))\n"
    )
    files = sorted(str(p) for p in EXAMPLES.glob("*.ham"))
    args = ["lint", "--no-cache", "--format", "concise", *files]
    result = subprocess.run(_entry_script(setup, *args), capture_output=True, text=True)
    expected = io.StringIO()
    assert result.returncode == main(args, out=expected, err=io.StringIO()) == 1
    assert result.stdout == expected.getvalue() and result.stdout.count("\n") > 5
    assert mark.read_text() == "ran"


def test_the_process_starts_up_without_the_collector(tmp_path: Path) -> None:
    """The ``hamdsl`` process turns the collector off before importing anything of its own: a
    command that loads every plugin and never works through files runs no collection at all."""
    mark = tmp_path / "collections"
    setup = (
        "import atexit, gc\n"
        "import hamdsl.__main__\n"  # counted from here: the module that turns the collector off
        "runs = []\n"
        "gc.callbacks.append(lambda phase, info: runs.append(phase) if phase == 'start' else None)\n"
        f"atexit.register(lambda: open({str(mark)!r}, 'w').write(f'{{len(runs)}} {{gc.isenabled()}}'))\n"
    )
    result = subprocess.run(_entry_script(setup, "rules", "--format", "json"), capture_output=True, text=True)
    assert result.returncode == 0 and '"code"' in result.stdout
    assert mark.read_text() == "0 False"


def test_a_forked_worker_checks_with_the_collector_on() -> None:
    """A worker turns the collector on for its checks, with the raised threshold, even if it
    started with the collector off (as a process forked from the ``hamdsl`` process outside the
    checks would)."""
    code = (
        "import gc, os\n"
        "gc.disable()\n"
        "from hamdsl.cli import lint as lint_command\n"
        "from hamdsl.cli.main import GC_THRESHOLD\n"
        "setup = lint_command._Setup(frozenset(), None, (), ())\n"
        "lint_command._worker_start(setup)\n"
        "print(gc.isenabled(), gc.get_threshold()[0] == GC_THRESHOLD, gc.get_freeze_count() > 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.split() == ["True", "True", "True"], result.stderr


def test_a_running_thread_is_waited_for_as_a_normal_exit_would(tmp_path: Path) -> None:
    mark = tmp_path / "thread-done"
    setup = (
        "import threading, time\n"
        f"late = lambda: (time.sleep(0.3), open({str(mark)!r}, 'w').write('done'))\n"
        "threading.Thread(target=late).start()\n"
    )
    result = subprocess.run(_entry_script(setup, "--version"), capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("hamdsl ")
    assert mark.read_text() == "done"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("fmt", ["concise", "full"])
def test_output_that_cannot_be_written_is_an_error_not_a_crash(fmt: str) -> None:
    """``concise`` on one file fits in the stream's buffer, so it fails when flushed at exit;
    ``full`` on all the examples fails while it is being written."""
    files = [str(EXAMPLES / "000-routine-1.ham")] if fmt == "concise" else [str(EXAMPLES)]
    command = _entry_script("", "lint", "--no-cache", "--format", fmt, *files)
    with open("/dev/full", "w") as full:
        result = subprocess.run(command, stdout=full, stderr=subprocess.PIPE, text=True)
    assert result.returncode == 2
    assert "hamdsl: error: could not write the output: [Errno 28]" in result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"HAMDSL_CACHE_DIR": "/somewhere/else"}, "/somewhere/else"),
        ({"XDG_CACHE_HOME": "/xdg"}, "/xdg/hamdsl"),
        ({"HOME": "/home/coach"}, "/home/coach/.cache/hamdsl"),
    ],
)
def test_the_cache_folder_follows_the_environment(
    env: dict[str, str], expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hamdsl.core.datacache import cache_dir

    for name in ("HAMDSL_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert cache_dir() == os.path.normpath(expected)


def test_the_catalog_is_read_through_importlib_resources_where_it_is_not_a_plain_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from importlib import resources

    from hamdsl_plugins import catalog

    text = resources.files(catalog).joinpath(catalog.DATA_FILE).read_text(encoding="utf-8")
    monkeypatch.setattr(catalog, "__file__", "/nonexistent/site.zip/hamdsl_plugins/catalog/__init__.py")
    assert catalog.data_text() == text


def test_every_hamdsl_dataclass_has_a_docstring() -> None:
    """The project's rule, and a start-up cost: for a class without one, ``dataclasses`` writes
    one from ``inspect.signature`` at import."""
    import ast

    root = Path(__file__).resolve().parent.parent
    missing = []
    for path in (root / "src" / "hamdsl").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                "dataclass" in ast.unparse(d) for d in node.decorator_list
            ) and ast.get_docstring(node) is None:
                missing.append(f"{path.name}:{node.name}")
    assert missing == []
