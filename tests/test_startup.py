"""What a cold start of hamdsl imports and caches (issue 8).

Start-up time itself is measured only by ``benchmarks/run.py``; these tests check the behaviour
that makes it cheap: which modules a command imports, and that every start-up cache gives the
same answer as no cache, notices changes, and survives being corrupted.
"""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

from hamdsl import cli


def _modules_after(code: str) -> set[str]:
    """The ``hamdsl`` modules loaded after running ``code`` in a fresh interpreter."""
    script = f"import sys\n{code}\nprint(' '.join(sorted(m for m in sys.modules if 'hamdsl' in m)))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return set(result.stdout.split())


# -- the command line ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(cli.COMMANDS))
def test_the_command_table_repeats_each_modules_help(name: str) -> None:
    module_name, summary = cli.COMMANDS[name]
    assert summary == importlib.import_module(module_name).HELP


def test_a_command_imports_its_own_module_and_no_other() -> None:
    loaded = _modules_after(
        "from hamdsl.cli import main\ntry:\n    main(['rule', '--help'])\nexcept SystemExit:\n    pass"
    )
    commands = {m for m in loaded if m.endswith("_command")}
    assert commands == {"hamdsl.rule_command"}


def test_top_level_help_lists_every_command_without_importing_one(capsys: pytest.CaptureFixture[str]) -> None:
    loaded = _modules_after("from hamdsl.cli import main\nmain(['--help'])")
    assert not {m for m in loaded if m.endswith("_command")}
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
