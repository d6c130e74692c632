"""`hamdsl lint` as a user runs it: odd inputs and their exit codes, configuration errors, the
result cache, and parallel runs giving the same output as serial ones."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hamdsl.lint.cache import CACHE_FORMAT
from tests.conftest import EXAMPLES, example_copies, make_distribution, run_hamdsl, site_env

GOOD = "session Monday:\nA1: lying leg curl 3x8 @3/0/1/0 rest 90s\nA2: romanian deadlift 3x8 rest 2min\n"


@pytest.fixture
def cache_env(tmp_path: Path) -> dict[str, str]:
    return {"HAMDSL_CACHE_DIR": str(tmp_path / "cache")}


# ------------------------------------------------------------------------------------ odd inputs
@pytest.mark.parametrize(
    ("content", "expected_exit", "expected"),
    [
        (b"", 1, "1:1: E001 [error] the file holds no exercises"),
        (b"# just a comment\n\n", 1, "1:1: E001 [error] the file holds no exercises"),
        # Binary or not UTF-8: an E003 finding at the first offending byte (exit 1), not an error.
        (
            b"\x00\x01\x02binary",
            1,
            "odd.ham:1:1: E003 [error] this is a binary file, not a routine (it contains NUL bytes)",
        ),
        (
            b"session Monday:\nA1: leg curl 3x8 rest 90s \xff\n",
            1,
            "odd.ham:2:27: E003 [error] the file is not valid UTF-8 (byte 0xff)",
        ),
        (b"\xef\xbb\xbfA1: lying leg curl 3x8\r\nA2: romanian deadlift\t3x8\r\n", 0, ""),
        (b"A1: lying leg curl 3-5x6-8 @4/0/1/0 rest 10s", 0, ""),
    ],
    ids=["empty", "comments-only", "binary", "invalid-utf8", "bom-crlf-tabs", "no-final-newline"],
)
def test_odd_inputs(tmp_path: Path, content: bytes, expected_exit: int, expected: str) -> None:
    path = tmp_path / "odd.ham"
    path.write_bytes(content)
    result = run_hamdsl("lint", "--no-cache", "--format", "concise", "--select", "E", str(path))
    assert result.returncode == expected_exit, result.stdout + result.stderr
    assert expected in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = run_hamdsl("lint", str(tmp_path / "nope.ham"))
    assert result.returncode == 2
    assert result.stderr == f"hamdsl: error: {tmp_path / 'nope.ham'}: no such file or folder\n"


def test_a_folder_without_routines_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("nothing here")
    result = run_hamdsl("lint", str(tmp_path))
    assert result.returncode == 2
    assert f"hamdsl: error: {tmp_path}: no .ham files found in this folder" in result.stderr


def test_folders_are_searched_recursively_in_a_stable_order(tmp_path: Path) -> None:
    for name in ("b/two.ham", "a/one.ham", "a/deeper/three.ham", ".hidden/skip.ham"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("A1: lying leg curl 3 8\n")
    result = run_hamdsl("lint", "--no-cache", "--format", "concise", str(tmp_path))
    files = [line.split(":")[0] for line in result.stdout.splitlines()]
    assert files == [str(tmp_path / n) for n in ("a/deeper/three.ham", "a/one.ham", "b/two.ham")]


def test_debug_shows_a_traceback_only_when_asked(tmp_path: Path) -> None:
    config = tmp_path / "hamdsl.toml"
    config.write_text("[interpreter]\nx-phase-seconds = 'fast'\n")
    (tmp_path / "r.ham").write_text(GOOD)
    plain = run_hamdsl("lint", str(tmp_path / "r.ham"))
    debug = run_hamdsl("lint", "--debug", str(tmp_path / "r.ham"))
    assert plain.returncode == debug.returncode == 2
    assert "Traceback" not in plain.stderr
    assert "Traceback" in debug.stderr


# ------------------------------------------------------------------------------------ configuration
@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            "selct = ['HAM']\n",
            "selct: unknown key; allowed keys: select, ignore, extend-select, per-file-ignores",
        ),
        ("select = 'HAM'\n", "select: expected a list of rule codes or names, got a string"),
        ("[rep-range]\npreset = '004'\n", "rep-range.preset: expected one of"),
        (
            "[missing-knee-flexion]\nscop = 'week'\n",
            "missing-knee-flexion.scop: unknown option; 'missing-knee-flexion' accepts: scope",
        ),
        (
            "[interpreter]\nx-phase-seconds = 'fast'\n",
            "interpreter.x-phase-seconds: expected a number, got a string 'fast'",
        ),
        ("select = [\n", "not valid TOML"),
    ],
    ids=["unknown-key", "wrong-type", "bad-choice", "unknown-option", "wrong-option-type", "bad-toml"],
)
def test_a_bad_configuration_stops_with_the_file_and_key(tmp_path: Path, config: str, message: str) -> None:
    (tmp_path / "hamdsl.toml").write_text(config)
    (tmp_path / "r.ham").write_text(GOOD)
    result = run_hamdsl("lint", str(tmp_path / "r.ham"))
    assert result.returncode == 2
    assert result.stderr.startswith(f"hamdsl: error: {tmp_path / 'hamdsl.toml'}")
    assert message in result.stderr


def test_pyproject_tool_table_is_found_walking_up(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.hamdsl]\nignore = ["no-unilateral-work"]\n')
    routine = tmp_path / "clients" / "ann" / "r.ham"
    routine.parent.mkdir(parents=True)
    routine.write_text(GOOD)
    with_config = run_hamdsl("lint", "--no-cache", "--format", "json", str(routine))
    names = {d["name"] for d in json.loads(with_config.stdout)}
    assert "no-unilateral-work" not in names
    (tmp_path / "pyproject.toml").write_text("[tool.other]\nx = 1\n")
    without = run_hamdsl("lint", "--no-cache", "--format", "json", str(routine))
    assert "no-unilateral-work" in {d["name"] for d in json.loads(without.stdout)}


def test_per_file_ignores_and_select_by_prefix(tmp_path: Path) -> None:
    (tmp_path / "hamdsl.toml").write_text('[per-file-ignores]\n"beginners/*.ham" = ["HAM4"]\n')
    for folder in ("beginners", "advanced"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "r.ham").write_text(GOOD)
    result = run_hamdsl("lint", "--no-cache", "--format", "json", str(tmp_path))
    by_file = {}
    for d in json.loads(result.stdout):
        by_file.setdefault(Path(d["filename"]).parent.name, set()).add(d["code"])
    assert "HAM402" in by_file["advanced"]
    assert not any(code.startswith("HAM4") for code in by_file.get("beginners", set()))


# ------------------------------------------------------------------------------------ cache and -j
COUNTER = """
    import os
    from pathlib import Path

    import hamdsl
    from hamdsl.plugins.api import Finding, Rule

    def _count(ctx):
        with open(os.environ["COUNT_FILE"], "a") as handle:
            handle.write(ctx.filename + "\\n")
        yield Finding("checked", None)

    @hamdsl.hookimpl
    def hamdsl_rules():
        return [Rule(code="CNT001", name="counts-checks", summary="records each check", check=_count)]
"""


def test_unchanged_files_are_not_checked_again(
    tmp_path: Path, plugin_site: Path, cache_env: dict[str, str]
) -> None:
    env, count = _counter_env(tmp_path, plugin_site, cache_env)
    folder = tmp_path / "routines"
    folder.mkdir()
    for i in range(3):
        (folder / f"r{i}.ham").write_text(GOOD)
    first = run_hamdsl("lint", "--format", "concise", "--select", "CNT", str(folder), env=env)
    assert len(count.read_text().splitlines()) == 3
    second = run_hamdsl("lint", "--format", "concise", "--select", "CNT", str(folder), env=env)
    assert second.stdout == first.stdout and second.returncode == first.returncode == 1
    assert len(count.read_text().splitlines()) == 3, "an unchanged file was checked again"
    # An edit, or other settings, check again; --no-cache always checks.
    (folder / "r1.ham").write_text(GOOD + "A3: nordic hamstring curl 3x5\n")
    run_hamdsl("lint", "--select", "CNT", str(folder), env=env)
    assert count.read_text().splitlines()[3:] == [str(folder / "r1.ham")]
    run_hamdsl("lint", "--select", "CNT", "--ignore", "HAM", str(folder), env=env)
    assert len(count.read_text().splitlines()) == 7
    run_hamdsl("lint", "--no-cache", "--select", "CNT", str(folder), env=env)
    assert len(count.read_text().splitlines()) == 10


def test_a_corrupt_cache_is_ignored_and_rebuilt(tmp_path: Path, cache_env: dict[str, str]) -> None:
    routine = tmp_path / "r.ham"
    routine.write_text(GOOD)
    first = run_hamdsl("lint", "--format", "concise", str(routine), env=cache_env)
    cache_files = list(Path(cache_env["HAMDSL_CACHE_DIR"]).glob("lint-*.cache"))
    assert cache_files
    for path in cache_files:
        path.write_bytes(b"\x00{not a cache")
    again = run_hamdsl("lint", "--format", "concise", str(routine), env=cache_env)
    assert again.stdout == first.stdout and again.returncode == first.returncode
    assert "Traceback" not in again.stderr
    assert cache_files[0].read_bytes().startswith(b"hamdsl-lint-cache %d " % CACHE_FORMAT)


def _counter_env(tmp_path: Path, plugin_site: Path, cache_env: dict[str, str]) -> tuple[dict[str, str], Path]:
    """An environment with the check-counting plugin installed, and the file it counts into."""
    make_distribution(
        plugin_site,
        "hamdsl-counter",
        entry_points={"counter": "counter_plugin"},
        modules={"counter_plugin": COUNTER},
    )
    count = tmp_path / "count.txt"
    count.write_text("")
    return {**site_env(plugin_site), **cache_env, "COUNT_FILE": str(count)}, count


def test_a_change_of_the_configuration_file_checks_again(
    tmp_path: Path, plugin_site: Path, cache_env: dict[str, str]
) -> None:
    env, count = _counter_env(tmp_path, plugin_site, cache_env)
    folder = tmp_path / "routines"
    (folder / "inner").mkdir(parents=True)
    for name in ("r0.ham", "inner/r1.ham"):
        (folder / name).write_text(GOOD)
    run_hamdsl("lint", "--select", "CNT", str(folder), env=env)
    assert len(count.read_text().splitlines()) == 2
    config = folder / "hamdsl.toml"
    config.write_text("[interpreter]\nx-phase-seconds = 1.5\n")  # an option no finding shows
    run_hamdsl("lint", "--select", "CNT", str(folder), env=env)
    assert len(count.read_text().splitlines()) == 4, "a new configuration file must check again"
    run_hamdsl("lint", "--select", "CNT", str(folder), env=env)
    assert len(count.read_text().splitlines()) == 4
    config.write_text("[interpreter]\nx-phase-seconds = 2.5\n")
    run_hamdsl("lint", "--select", "CNT", str(folder), env=env)
    assert len(count.read_text().splitlines()) == 6, "an edited configuration must check again"
    # A configuration in a sub-folder applies to its files only.
    (folder / "inner" / "hamdsl.toml").write_text("[interpreter]\nx-phase-seconds = 0.5\n")
    run_hamdsl("lint", "--select", "CNT", str(folder), env=env)
    assert count.read_text().splitlines()[6:] == [str(folder / "inner" / "r1.ham")]


def test_re_checking_a_few_files_keeps_every_other_entry_of_the_cache(
    tmp_path: Path, plugin_site: Path, cache_env: dict[str, str]
) -> None:
    """A run that checks one edited file rewrites the cache by copying the other rows a column at
    a time (cache._IndexWriter.carry_rows); every one of them must survive, with its findings and
    its own settings, whichever rows were replaced."""
    env, count = _counter_env(tmp_path, plugin_site, cache_env)
    folder = tmp_path / "routines"
    examples = sorted(EXAMPLES.glob("*.ham"))
    for sub, config in (("plain", None), ("slow", "[interpreter]\ntransition-seconds = [60, 90]\n")):
        (folder / sub).mkdir(parents=True)
        if config:
            (folder / sub / "hamdsl.toml").write_text(config)
        for i, example in enumerate(examples[:6]):
            (folder / sub / f"r{i}.ham").write_text(example.read_text())
    expected = run_hamdsl("lint", "--no-cache", "--format", "concise", str(folder), env=env).stdout
    run_hamdsl("lint", "--format", "concise", str(folder), env=env)  # fills the cache: 12 checks
    for edited in ("slow/r0.ham", "plain/r5.ham", "slow/r3.ham"):  # first, last, middle row
        path = folder / edited
        path.write_text(path.read_text() + "# edited\n")
        before = len(count.read_text().splitlines())
        one = run_hamdsl("lint", "--format", "concise", str(path), env=env)
        assert one.returncode == 1 and len(count.read_text().splitlines()) == before + 1
        whole = run_hamdsl("lint", "--format", "concise", str(folder), env=env)
        assert len(count.read_text().splitlines()) == before + 1, f"after {edited}: rows were lost"
        assert whole.stdout == expected


def test_parallel_checks_fill_the_cache(tmp_path: Path, plugin_site: Path, cache_env: dict[str, str]) -> None:
    env, count = _counter_env(tmp_path, plugin_site, cache_env)
    folder = example_copies(tmp_path / "many", 40)
    first = run_hamdsl("lint", "-j", "2", "--format", "concise", str(folder), env=env)
    assert len(count.read_text().splitlines()) == 40
    second = run_hamdsl("lint", "-j", "2", "--format", "concise", str(folder), env=env)
    assert len(count.read_text().splitlines()) == 40, "files checked in workers were not cached"
    assert second.stdout == first.stdout and second.returncode == first.returncode == 1
    full = run_hamdsl("lint", "-j", "2", str(folder), env=env)  # excerpts read for cached files
    assert full.stdout == run_hamdsl("lint", "--no-cache", "-j", "1", str(folder), env=env).stdout


def test_two_concurrent_runs_share_the_cache_safely(
    tmp_path: Path, plugin_site: Path, cache_env: dict[str, str]
) -> None:
    env, count = _counter_env(tmp_path, plugin_site, cache_env)
    folder = example_copies(tmp_path / "many", 60)
    expected = run_hamdsl("lint", "--no-cache", "--format", "concise", str(folder), env=env).stdout
    assert len(count.read_text().splitlines()) == 60
    full_env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "HAMDSL_DISABLE_PLUGINS")}
    full_env.update(env, NO_COLOR="1")
    command = [sys.executable, "-m", "hamdsl", "lint", "-j", "1", "--format", "concise", str(folder)]
    runs = [
        subprocess.Popen(command, env=full_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    for (stdout, stderr), run in zip(outputs, runs, strict=True):
        assert run.returncode == 1 and stdout == expected and "Traceback" not in stderr
    checked = len(count.read_text().splitlines())
    # The cache left behind is whole (the later rename wins), so a third run checks nothing.
    third = run_hamdsl("lint", "--format", "concise", str(folder), env=env)
    assert third.stdout == expected
    assert len(count.read_text().splitlines()) == checked


def test_parallel_output_equals_serial_output(tmp_path: Path) -> None:
    folder = example_copies(tmp_path / "many", 40)
    serial = run_hamdsl("lint", "--no-cache", "-j", "1", "--format", "concise", str(folder))
    parallel = run_hamdsl("lint", "--no-cache", "-j", "2", "--format", "concise", str(folder))
    assert serial.returncode == parallel.returncode == 1
    assert parallel.stdout == serial.stdout
    assert serial.stdout.count("\n") >= 30
    # Every field of every finding survives the trip from the workers (hint, source, plugin, span).
    serial_json = run_hamdsl("lint", "--no-cache", "-j", "1", "--format", "json", str(folder))
    parallel_json = run_hamdsl("lint", "--no-cache", "-j", "2", "--format", "json", str(folder))
    assert json.loads(parallel_json.stdout) == json.loads(serial_json.stdout)


@pytest.mark.parametrize("fmt", ["concise", "github"])
def test_findings_workers_write_themselves_match_a_serial_run(tmp_path: Path, fmt: str) -> None:
    """Without the cache, workers write the machine formats themselves (lint_command._Written);
    the parent must still report unreadable files, count findings and choose the exit code."""
    folder = example_copies(tmp_path / "many", 40)
    (folder / "r05.ham").write_bytes(b"\xff\xfe not text")  # E003: a finding, in the output
    (folder / "r06.ham").write_text("A1: lying leg curl 3x8\n")  # no findings
    (folder / "r07.ham").unlink()
    os.mkfifo(folder / "r07.ham")  # E004: cannot be read, in the output and on stderr
    serial = run_hamdsl("lint", "--no-cache", "-j", "1", "--format", fmt, str(folder))
    parallel = run_hamdsl("lint", "--no-cache", "-j", "2", "--format", fmt, str(folder))
    assert serial.returncode == parallel.returncode == 2  # the file that cannot be read
    assert parallel.stdout == serial.stdout and serial.stdout.count("\n") >= 30
    assert "r05.ham" in serial.stdout and "E003" in serial.stdout
    assert "r07.ham" in serial.stdout and "E004" in serial.stdout
    assert parallel.stderr == serial.stderr and "r07.ham" in serial.stderr
    assert "r05.ham" not in serial.stderr
    (folder / "r07.ham").unlink()
    parallel = run_hamdsl("lint", "--no-cache", "-j", "2", "--format", fmt, str(folder))
    assert parallel.returncode == 1 and not parallel.stderr  # findings, counted by the parent


@pytest.mark.parametrize("enabled", [True, False], ids=["collector-on", "collector-off"])
def test_the_collector_is_tuned_for_the_checks_and_restored_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, enabled: bool
) -> None:
    """A lint run checks with the collector on and its threshold raised, whether it was on (a
    ``main()`` called in-process: tests, an editor integration) or off (the ``hamdsl`` process,
    which starts with it off); either way the collector is left as it was found."""
    import gc

    from hamdsl.cli import lint as lint_command
    from hamdsl.cli.main import GC_THRESHOLD, main

    seen: list[tuple[int, bool]] = []
    check_all = lint_command._check_all

    def recording(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        seen.append((gc.get_threshold()[0], gc.isenabled()))
        yield from check_all(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(lint_command, "_check_all", recording)
    monkeypatch.setenv("HAMDSL_CACHE_DIR", str(tmp_path))
    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    was = gc.isenabled()
    if not enabled:
        gc.disable()
    try:
        args = ["lint", "--no-cache", "--exit-zero", str(EXAMPLES / "001-option-1.ham")]
        code = main(args, out=io.StringIO())
        after = gc.isenabled()
    finally:
        if was:
            gc.enable()
    assert code in (0, 1)
    assert seen == [(GC_THRESHOLD, True)]
    assert after is enabled
    assert (gc.get_threshold(), gc.get_freeze_count()) == (before, frozen)


# --------------------------------------------------------------------------------------------------
# Whole programs: exercises declared in a file or in the configuration (issue 26)
# --------------------------------------------------------------------------------------------------

WHOLE_PROGRAM = """\
program: Upper and lower
session Monday:
  lying leg curl 3x8
  romanian deadlift 3x8
  barbell curl 3x10
  dumbbell curls 3x10
  cable curl 3x12
  hammer curls 3x10
  bench press 3x5
  weighted pull-ups 3x5
  face pulls 3x15
  plank 3 sets
  farmer's walk 3 rounds
  power clean 5x3
session Thursday:
  seated leg curl 3x10
  good morning 3x8
  overhead press 3x5
  barbell rows 3x8
  skull crushers 3x10
  hanging leg raises 3x10
  seated calf raise 3x15
"""


def _lint_json(*args: str) -> list[dict[str, object]]:
    result = run_hamdsl("lint", "--no-cache", "--format", "json", *args)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_a_whole_program_knows_every_lift_and_counts_none_of_the_upper_body(tmp_path: Path) -> None:
    routine = tmp_path / "r.ham"
    routine.write_text(WHOLE_PROGRAM)
    assert [d for d in _lint_json(str(routine)) if d["code"] == "HAM001"] == []
    summary = json.loads(run_hamdsl("summary", "--format", "json", str(routine)).stdout)
    # Four leg curls and hinges of 3 sets each: the arm curls, presses and pulls add nothing.
    assert summary["week"]["hamstring_hard_sets"] == {"low": 12, "high": 12}
    assert summary["week"]["hard_sets"]["knee-flexion"] == {"low": 6, "high": 6}


def test_a_bare_curl_is_unknown_with_both_curls_suggested(tmp_path: Path) -> None:
    routine = tmp_path / "r.ham"
    routine.write_text("program: Curls\nsession:\n  romanian deadlift 3x8\n  curls 3x10\n")
    found = [d for d in _lint_json(str(routine)) if d["code"] == "HAM001"]
    assert [d["message"] for d in found] == [
        "unknown exercise 'curls'; did you mean 'leg curl' or 'barbell curl'?"
    ]


def test_a_declared_exercise_resolves_and_counts(tmp_path: Path) -> None:
    routine = tmp_path / "r.ham"
    routine.write_text(
        "program: Declared\n"
        "exercise: sliding hamstring thing = knee flexion, hip extension\n"
        "session:\n  sliding hamstring thing 3x8\n"
    )
    found = _lint_json(str(routine))
    assert not [d for d in found if d["code"] in ("HAM001", "HAM101", "HAM102")]
    summary = json.loads(run_hamdsl("summary", "--format", "json", str(routine)).stdout)
    assert summary["week"]["hamstring_hard_sets"] == {"low": 3, "high": 3}


def test_declaring_a_known_exercise_is_a_warning_and_changes_nothing(tmp_path: Path) -> None:
    routine = tmp_path / "r.ham"
    routine.write_text(
        "program: Declared\nexercise: nordic = other\nsession:\n  lying leg curl 3x8\n  nordics 3x5\n"
    )
    found = [d for d in _lint_json(str(routine)) if d["code"] == "HAM003"]
    assert len(found) == 1 and found[0]["location"] == {"row": 2, "column": 1}
    assert "already in the catalog as 'nordic hamstring curl'" in found[0]["message"]


def test_an_unknown_function_in_a_declaration_is_a_syntax_error(tmp_path: Path) -> None:
    routine = tmp_path / "r.ham"
    routine.write_text("exercise: sled pull = pulling\nsession:\n  lying leg curl 3x8\n")
    found = _lint_json(str(routine))
    assert [(d["code"], d["message"]) for d in found] == [("E001", "unknown movement function 'pulling'")]


@pytest.mark.parametrize("file", ["hamdsl.toml", "pyproject.toml"])
def test_configured_exercises_resolve_in_every_file(tmp_path: Path, file: str) -> None:
    table = '[tool.hamdsl.exercises]' if file == "pyproject.toml" else "[exercises]"
    (tmp_path / file).write_text(
        f'{table}\n"sliding hamstring thing" = ["knee-flexion", "hip extension"]\n"tire flip" = ["other"]\n'
    )
    for name in ("a.ham", "b.ham"):
        (tmp_path / name).write_text("session:\n  sliding hamstring things 3x8\n  tire flips 3 sets\n")
    found = _lint_json(str(tmp_path / "a.ham"), str(tmp_path / "b.ham"))
    assert not [d for d in found if d["code"] in ("HAM001", "HAM101", "HAM102")]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('exercises = ["sled pull"]\n', 'exercises: expected a table of "exercise name" = ['),
        ('[exercises]\n"tire flip" = "other"\n', 'exercises."tire flip": expected a list of movement'),
        ('[exercises]\n"tire flip" = []\n', 'exercises."tire flip": expected a list of movement functions'),
        ('[exercises]\n"tire flip" = ["pushing"]\n', "exercises.\"tire flip\": unknown movement function"),
        ('[exercises]\n"  " = ["other"]\n', "an exercise needs a name"),
        ('[exercises]\n"Tire flip" = ["other"]\n"tire  FLIP" = ["other"]\n', "is already declared here"),
        (
            '[exercises]\n"RDL" = ["hip-extension"]\n',
            "exercises: 'RDL' is already in the exercise catalog as 'romanian deadlift'",
        ),
    ],
    ids=["not-a-table", "not-a-list", "empty", "unknown-function", "no-name", "twice", "known"],
)
def test_a_bad_exercises_table_stops_the_run(tmp_path: Path, table: str, message: str) -> None:
    (tmp_path / "hamdsl.toml").write_text(table)
    (tmp_path / "r.ham").write_text(GOOD)
    result = run_hamdsl("lint", "--no-cache", str(tmp_path / "r.ham"))
    assert result.returncode == 2, result.stdout
    assert result.stderr.startswith(f"hamdsl: error: {tmp_path / 'hamdsl.toml'}")
    assert message in result.stderr


@pytest.mark.parametrize(
    ("flag", "selector", "hint"),
    [
        ("--select", "HAM999", "'hamdsl rules' lists them"),
        ("--select", "ham001", "did you mean 'HAM001'?"),
        ("--ignore", "quad-dominat", "did you mean 'quad-dominant'?"),
    ],
)
def test_a_selector_that_selects_no_rule_is_a_usage_error(
    tmp_path: Path, flag: str, selector: str, hint: str
) -> None:
    """A typo in --select would otherwise switch every check off and pass CI in silence."""
    routine = tmp_path / "r.ham"
    routine.write_text("session A:\n  leg curll 3x8\n")
    result = run_hamdsl("lint", "--no-cache", flag, selector, str(routine))
    assert result.returncode == 2
    assert result.stderr.startswith(f"hamdsl: error: {flag} {selector}: no rule has this code")
    assert hint in result.stderr and result.stdout == ""
    assert run_hamdsl("lint", "--no-cache", "--select", "HAM0,quad-dominant", str(routine)).returncode == 1


def test_statistics_follow_the_json_format_and_refuse_the_listing_formats() -> None:
    result = run_hamdsl("lint", "--no-cache", "--statistics", "--format", "json", "examples")
    assert result.returncode == 1, result.stderr
    table = json.loads(result.stdout)
    assert table and set(table[0]) == {"code", "name", "count"}
    counts = [row["count"] for row in table]
    assert counts == sorted(counts, reverse=True)
    listed = json.loads(run_hamdsl("lint", "--no-cache", "--format", "json", "examples").stdout)
    assert sum(counts) == len(listed)
    refused = run_hamdsl("lint", "--statistics", "--format", "sarif", "examples")
    assert refused.returncode == 2 and "--statistics prints a table or JSON" in refused.stderr


def test_a_deload_week_is_not_reported_below_the_mev(tmp_path: Path) -> None:
    block = (
        "weeks: 4\nsession Monday:\nlying leg curl 3x8\nsession Thursday:\nromanian deadlift 3x8\n"
        "week 4{}:\nsession Monday:\nlying leg curl 2x8\nsession Thursday:\nromanian deadlift 2x8\n"
    )
    routine = tmp_path / "r.ham"
    routine.write_text(block.format(" (deload)"))
    assert [d for d in _lint_json(str(routine)) if d["code"] == "HAM201"] == []
    routine.write_text(block.format(""))
    below = [d["message"] for d in _lint_json(str(routine)) if d["code"] == "HAM201"]
    assert below == ["week 4: 4 hard sets of direct hamstring work a week, below the MEV of 6"]


@pytest.mark.parametrize(
    ("config", "key"),
    [
        ('select = ["HAM1", "HAM999"]\n', "select"),
        ('[per-file-ignores]\n"*.ham" = ["quad-dominat"]\n', "per-file-ignores"),
    ],
)
def test_a_configured_selector_that_selects_no_rule_stops_the_run(
    tmp_path: Path, config: str, key: str
) -> None:
    (tmp_path / "hamdsl.toml").write_text(config)
    routine = tmp_path / "r.ham"
    routine.write_text("session A:\n  lying leg curl 3x8\n")
    result = run_hamdsl("lint", "--no-cache", str(routine))
    assert result.returncode == 2
    assert f"hamdsl.toml: {key}: " in result.stderr and "no rule has this code" in result.stderr
