"""The lint driver (:class:`hamdsl.lint.linter.Linter`) on its own: one linter checks many files, and what
it works out once per configuration (issue 8) must still follow each file's configuration.

The rules here are test rules on a stand-in plugin host, so each test sees exactly what the driver
hands a rule: its options, and which files it runs on.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hamdsl.config.settings import SettingsCache
from hamdsl.core.contribution import Contribution
from hamdsl.lint.linter import Linter
from hamdsl.plugins.api import Finding, Option, Rule, RuleContext

ROUTINE = "session Monday:\nA1: lying leg curl 3x8\nA2: romanian deadlift 3x8\n"


class Host:
    """The three questions a Linter asks of a plugin host, answered with the built-in catalog."""

    def __init__(self, rules: list[Rule]) -> None:
        self._rules = rules

    def rules(self) -> list[Contribution[Rule]]:
        return [Contribution("tester", r) for r in self._rules]

    def exercises(self) -> list[Contribution[Any]]:
        from hamdsl_plugins.catalog import hamdsl_exercises

        return [Contribution("catalog", spec) for spec in hamdsl_exercises()]

    def transforms(self) -> list[Any]:
        return []


def _tells_its_options(ctx: RuleContext) -> Iterator[Finding]:
    yield Finding(f"limit={ctx.options['limit']}", None)
    ctx.options["limit"] = "changed by the rule"  # type: ignore[index]


TELLS = Rule(code="TST001", name="tells-options", summary="reports its options", check=_tells_its_options,
             options=(Option("tells-options", "limit", "int", 3, "a number"),))
QUIET = Rule(code="TST002", name="off-by-default", summary="reports once when enabled",
             check=lambda ctx: [Finding("on", None)], default_enabled=False)


def _linter(rules: list[Rule]) -> Linter:
    options = [o for r in rules for o in r.options]
    return Linter(Host(rules), SettingsCache(options))  # type: ignore[arg-type]


def _messages(linter: Linter, path: Path) -> list[str]:
    return [f"{d.code} {d.message}" for d in linter.check_text(ROUTINE, str(path))]


def test_each_folder_keeps_its_own_configuration(tmp_path: Path) -> None:
    strict, loose = tmp_path / "strict", tmp_path / "loose"
    strict.mkdir()
    loose.mkdir()
    (strict / "hamdsl.toml").write_text(
        'extend-select = ["off-by-default"]\n[tells-options]\nlimit = 1\n', encoding="utf-8")
    (loose / "hamdsl.toml").write_text('ignore = ["TST001"]\n', encoding="utf-8")
    linter = _linter([TELLS, QUIET])
    seen = [_messages(linter, folder / f"{i}.ham") for i in range(2) for folder in (strict, loose, tmp_path)]
    strict_seen, loose_seen, default_seen = ["TST001 limit=1", "TST002 on"], [], ["TST001 limit=3"]
    assert seen == [strict_seen, loose_seen, default_seen] * 2


def test_a_rule_cannot_change_the_options_of_the_next_file(tmp_path: Path) -> None:
    linter = _linter([TELLS])
    assert [_messages(linter, tmp_path / f"{i}.ham") for i in range(3)] == [["TST001 limit=3"]] * 3


def test_per_file_ignores_are_decided_per_file(tmp_path: Path) -> None:
    (tmp_path / "hamdsl.toml").write_text('[per-file-ignores]\n"beginners/*.ham" = ["TST001"]\n',
                                          encoding="utf-8")
    (tmp_path / "beginners").mkdir()
    linter = _linter([TELLS])
    paths = [tmp_path / "beginners" / "a.ham", tmp_path / "b.ham", tmp_path / "beginners" / "c.ham"]
    assert [_messages(linter, p) for p in paths] == [[], ["TST001 limit=3"], []]


def test_an_interpreter_failure_is_that_files_error_not_the_runs(tmp_path: Path, monkeypatch: Any) -> None:
    """hamdsl's own interpreter failing on one file (a bug, injected here at its seam) gives that
    file one E002 and no rule findings; the linter goes on to the next file, as ruff does after a
    panic, instead of ending the run."""
    from hamdsl.interpret import interpreter

    real = interpreter.interpret

    def fails_on_curls(program: Any, *args: Any, **kwargs: Any) -> Any:
        if any(e.name == "nordic curl" for s in program.sessions for e in s.exercises):
            raise ValueError("cannot convert float NaN to integer")
        return real(program, *args, **kwargs)

    monkeypatch.setattr(interpreter, "interpret", fails_on_curls)
    linter = _linter([TELLS])
    broken = linter.check_text("session:\nnordic curl 3x5\n", str(tmp_path / "a.ham"))
    assert [(d.code, d.message, d.span) for d in broken] == [
        ("E002", "interpreting the file raised ValueError: cannot convert float NaN to integer", None)
    ]
    assert _messages(linter, tmp_path / "b.ham") == ["TST001 limit=3"]
