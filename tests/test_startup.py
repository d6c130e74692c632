"""What a cold start of hamdsl imports and caches (issue 8).

Start-up time itself is measured only by ``benchmarks/run.py``; these tests check the behaviour
that makes it cheap: which modules a command imports, and that every start-up cache gives the
same answer as no cache, notices changes, and survives being corrupted.
"""

from __future__ import annotations

import importlib
import marshal
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from hamdsl import cli, plugins
from hamdsl.datacache import read_data, write_data
from tests.conftest import EXAMPLES, make_distribution


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


def test_a_run_builds_the_parser_of_its_own_command_only() -> None:
    import argparse

    from hamdsl.argparser import build_parser

    parser = build_parser()
    parser.parse_args(["lint", "--no-cache", "routine.ham"])
    (commands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    built = sorted(name for name, sub in commands.choices.items() if "_deferred" not in vars(sub))
    assert built == ["lint"]
    assert "--no-cache" in commands.choices["lint"].format_help()
    assert "--check" in commands.choices["fmt"].format_help()  # built when asked


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


def test_a_lint_imports_neither_argparse_nor_shutil_and_help_still_fits_the_terminal(tmp_path: Path) -> None:
    """A plain lint reads its arguments without argparse (:mod:`hamdsl.arguments`), so neither
    argparse nor the ``locale`` module its messages bring is imported. argparse, for the help,
    would import shutil (and bz2, lzma, zlib) to ask the terminal's width.

    The lint runs twice with a cache folder of its own: a first run finds the plugins through
    ``importlib.metadata``, which imports ``zipfile`` and with it ``shutil``, and ``locale``; the
    second is the warm start under test, whatever state the user's cache folder is in."""
    example = str(EXAMPLES / "000-routine-1.ham")
    unwanted = ("shutil", "bz2", "lzma", "argparse", "gettext", "locale", "hamdsl.argparser")
    code = (
        "import io, sys\nfrom hamdsl.cli import main\n"
        f"main(['lint', '--no-cache', {example!r}], out=io.StringIO())\n"
        f"print([m for m in {unwanted!r} if m in sys.modules])"
    )
    cached = {**os.environ, "HAMDSL_CACHE_DIR": str(tmp_path / "cache")}
    for _ in range(2):
        result = subprocess.run(
            [sys.executable, "-c", code], env=cached, capture_output=True, text=True, check=True
        )
    assert result.stdout.strip() == "[]"
    for columns in (50, 120):
        env = {**os.environ, "COLUMNS": str(columns)}
        result = subprocess.run(
            [sys.executable, "-m", "hamdsl", "lint", "--help"], env=env, capture_output=True, text=True
        )
        (description,) = [line for line in result.stdout.splitlines() if line.startswith("check routines")]
        assert len(description) <= columns - 2
        assert description.endswith("findings") == (columns > 100)  # on one line when it fits


def test_a_global_option_whose_value_is_a_command_name_is_not_taken_for_the_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["--disable-plugin", "rules", "rule", "HAM101"]) == 2
    captured = capsys.readouterr()
    # With the rules plugin disabled there is no HAM101: the `rule` command ran and said so.
    assert "HAM101" in captured.err


# -- finding plugins: the discovery cache ------------------------------------------------------------


def _age(path: Path, seconds: float = 60) -> None:
    """Make ``path`` look modified a while ago, as an installation that is not in progress is."""
    past = time.time() - seconds
    os.utime(path, (past, past))


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder that is the whole import path, so that only the tests change what is installed;
    the user cache directory is in ``tmp_path``."""
    import importlib.metadata

    import hamdsl.datacache
    import hamdsl.parser  # noqa: F401

    folder = tmp_path / "site"
    folder.mkdir()
    monkeypatch.setenv("HAMDSL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv(plugins.NO_CACHE_ENV, raising=False)
    monkeypatch.setattr(sys, "path", [str(folder)])
    importlib.invalidate_caches()
    return folder


def _names(found: list[plugins.Found]) -> list[str]:
    return [f.name for f in found if f.name.startswith("t_")]


def _install(site: Path, name: str, version: str = "1.0") -> None:
    make_distribution(
        site,
        name,
        version=version,
        entry_points={f"t_{name}": f"{name}_plugin"},
        modules={f"{name}_plugin": "import hamdsl\n"},
    )
    importlib.invalidate_caches()


def _cache_files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache").glob("plugins-*.bin"))


def test_found_plugins_are_cached_and_an_installed_one_is_seen_next_time(site: Path, tmp_path: Path) -> None:
    _install(site, "alpha")
    _age(site)
    found, cached = plugins.discover()
    assert (_names(found), cached) == (["t_alpha"], False)
    assert len(_cache_files(tmp_path)) == 1
    found, cached = plugins.discover()
    assert (_names(found), cached) == (["t_alpha"], True)
    assert found[0] == plugins.Found("t_alpha", "alpha_plugin", "alpha", "1.0")

    _install(site, "beta")  # changes the folder: the next run must look again
    found, cached = plugins.discover()
    assert (_names(found), cached) == (["t_alpha", "t_beta"], False)


def test_a_new_plugin_list_removes_the_lists_of_paths_unused_for_a_month(site: Path, tmp_path: Path) -> None:
    """``python -m hamdsl`` puts the current folder on the import path, so each folder it runs in
    has a list of its own: those not used for a month go when a list is written."""
    folder = tmp_path / "cache"
    folder.mkdir()
    unused, recent = folder / "plugins-0badc0de.bin", folder / "plugins-1eaf1e55.bin"
    for path in (unused, recent):
        path.write_bytes(b"x")
    _age(unused, 31 * 86400)
    _age(recent, 29 * 86400)
    _install(site, "alpha")
    _age(site)
    plugins.discover()
    names = [path.name for path in _cache_files(tmp_path)]
    assert recent.name in names and unused.name not in names and len(names) == 2


def test_a_removed_or_upgraded_plugin_is_seen_next_time(site: Path) -> None:
    _install(site, "alpha")
    _install(site, "beta")
    _age(site)
    plugins.discover()
    assert plugins.discover()[1] is True

    for leftover in (site / "alpha-1.0.dist-info").iterdir():
        leftover.unlink()
    (site / "alpha-1.0.dist-info").rmdir()
    (site / "alpha_plugin.py").unlink()
    found, cached = plugins.discover()
    assert (_names(found), cached) == (["t_beta"], False)

    _age(site)
    plugins.discover()
    old = site / "beta-1.0.dist-info"
    new = site / "beta-2.0.dist-info"
    old.rename(new)
    (new / "METADATA").write_text("Metadata-Version: 2.1\nName: beta\nVersion: 2.0\n")
    found, cached = plugins.discover()
    assert (found[0].version, cached) == ("2.0", False)


def test_a_folder_changed_seconds_ago_is_not_trusted_to_the_cache(site: Path, tmp_path: Path) -> None:
    # A second installation within the same tick of the folder's clock would go unseen.
    _install(site, "alpha")
    assert plugins.discover()[1] is False
    assert plugins.discover()[1] is False
    assert _cache_files(tmp_path) == []


_NOT_DISCOVERIES = ([], {"key": 1}, None, {"key": {}, "entry_points": 3})


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x00\xff not a cache",
        b"hamdsl data 1\n\xff",
        *(b"hamdsl data 1\n" + marshal.dumps(v) for v in _NOT_DISCOVERIES),
    ],
)
def test_a_corrupt_discovery_cache_is_ignored_and_rewritten(
    site: Path, tmp_path: Path, content: bytes
) -> None:
    _install(site, "alpha")
    _age(site)
    plugins.discover()
    (cache_file,) = _cache_files(tmp_path)
    cache_file.write_bytes(content)
    assert _names(plugins.discover()[0]) == ["t_alpha"]
    assert plugins.discover() == ([plugins.Found("t_alpha", "alpha_plugin", "alpha", "1.0")], True)


def test_a_cache_with_rows_of_the_wrong_shape_is_ignored(site: Path, tmp_path: Path) -> None:
    _install(site, "alpha")
    _age(site)
    plugins.discover()
    (cache_file,) = _cache_files(tmp_path)
    data = read_data(cache_file)
    data["entry_points"] = [["t_alpha", 5, None, None]]
    assert write_data(cache_file, data)
    assert plugins.discover() == ([plugins.Found("t_alpha", "alpha_plugin", "alpha", "1.0")], False)


def test_a_cached_plugin_that_no_longer_imports_makes_hamdsl_look_again(site: Path, tmp_path: Path) -> None:
    """If something the key cannot see removed a plugin, the cache is not believed over the
    truth: one fresh look, no warning about the ghost, and the cache is corrected."""
    _install(site, "alpha")
    _age(site)
    plugins.discover()
    (cache_file,) = _cache_files(tmp_path)
    data = read_data(cache_file)
    data["entry_points"].append(["t_ghost", "ghost_plugin_gone", "ghost", "1.0"])
    assert write_data(cache_file, data)

    host = plugins.load()
    assert "t_alpha" in host.infos
    assert "t_ghost" not in host.infos
    assert host.warnings == []
    assert "ghost" not in str(read_data(cache_file))


def test_the_discovery_cache_can_be_turned_off(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(plugins.NO_CACHE_ENV, "1")
    _install(site, "alpha")
    _age(site)
    assert plugins.discover() == ([plugins.Found("t_alpha", "alpha_plugin", "alpha", "1.0")], False)
    assert plugins.discover()[1] is False
    assert _cache_files(tmp_path) == []


def test_an_unusable_cache_directory_is_ignored(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("HAMDSL_CACHE_DIR", str(blocker / "cache"))
    _install(site, "alpha")
    _age(site)
    assert _names(plugins.discover()[0]) == ["t_alpha"]
    assert _names(plugins.discover()[0]) == ["t_alpha"]


@pytest.mark.parametrize(
    "value",
    [
        "json",
        "json:dumps",
        "os.path:join",
        "json:JSONDecoder.decode",
        "json : loads [extra]",
        "json:loads[x,y]",
    ],
)
def test_an_entry_point_value_loads_as_importlib_metadata_loads_it(value: str) -> None:
    from importlib.metadata import EntryPoint

    assert plugins.load_entry_point(value) is EntryPoint("x", value, "hamdsl").load()


@pytest.mark.parametrize("value", ["", "not a module!", ":dumps"])
def test_a_malformed_entry_point_value_is_an_error_of_that_plugin(value: str) -> None:
    with pytest.raises(ValueError, match="malformed entry point value"):
        plugins.load_entry_point(value)


def test_hamdsl_plugins_looks_afresh_and_refreshes_the_cache(site: Path, tmp_path: Path) -> None:
    _install(site, "alpha")
    _age(site)
    plugins.discover()
    (cache_file,) = _cache_files(tmp_path)
    data = read_data(cache_file)
    data["entry_points"] = []  # a stale cache that the key cannot catch
    assert write_data(cache_file, data)
    assert _names(plugins.discover()[0]) == []

    from hamdsl.plugins_command import describe

    ctx = cli.Context(out=sys.stdout, err=sys.stderr)
    assert "t_alpha" in [p["name"] for p in describe(ctx)]
    assert _names(plugins.discover()[0]) == ["t_alpha"]


# -- a whole warm start ---------------------------------------------------------------------------

_WARM_RUN = """
import sys
import hamdsl.plugins
hamdsl.plugins.RECENT_SECONDS = 0  # the checkout may have been edited a moment ago
from hamdsl.cli import main
code = main(["lint", *sys.argv[2:], "--format", "concise", sys.argv[1]])
print("exit", code)
watched = ("importlib.metadata", "tomllib", "rich", "json", "lark", "datetime", "pathlib", "zlib")
print("loaded", sorted(m for m in watched if m in sys.modules))
"""


@pytest.mark.parametrize("cache", [["--no-cache"], []], ids=["no result cache", "result cache"])
def test_a_warm_start_reads_neither_installed_metadata_nor_toml(tmp_path: Path, cache: list[str]) -> None:
    """The second run of a lint finds the plugins, the catalog and the grammar's terminals in the
    cache, and reports exactly what the first run did. Nor does it import ``json`` (the caches
    are ``marshal`` files, and the result cache's directory too), ``zlib`` (its checksums are
    BLAKE2b, as its content hashes), ``datetime`` (only :mod:`hamdsl.schedule` dates sessions) or
    ``pathlib`` (paths on the lint path are strings: see :mod:`hamdsl.files`)."""
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", plugins.NO_CACHE_ENV)}
    env.update(HAMDSL_CACHE_DIR=str(tmp_path / "cache"), NO_COLOR="1")
    work = tmp_path / "work"  # the current directory is on the import path of `python -c`
    work.mkdir()
    example = str(EXAMPLES / "000-routine-1.ham")
    runs = [
        subprocess.run(
            [sys.executable, "-c", _WARM_RUN, example, *cache],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
        )
        for _ in range(2)
    ]
    first, second = (r.stdout.splitlines() for r in runs)
    # The first run looks everything up (what importlib.metadata imports in turn varies).
    assert all(f"'{m}'" in first[-1] for m in ("importlib.metadata", "lark", "tomllib")), runs[0].stderr
    assert second[-1] == "loaded []", runs[1].stderr
    assert first[:-1] == second[:-1]
    assert any(": HAM" in line for line in second)


# -- a plugin's parsed data file -------------------------------------------------------------------


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("HAMDSL_CACHE_DIR", str(folder))
    return folder


class _Counting:
    """A parser that counts its calls, to see whether a result came from the cache."""

    def __init__(self, result: object = None) -> None:
        self.calls = 0
        self.result = result

    def __call__(self, text: str) -> object:
        self.calls += 1
        return self.result if self.result is not None else {"text": text, "items": [1, 2.5, None, True]}


def test_a_parse_is_done_once_and_again_when_the_text_or_version_changes(cache: Path) -> None:
    from hamdsl.datacache import cached_parse

    parse = _Counting()
    first = cached_parse("thing", "a = 1", parse)
    assert cached_parse("thing", "a = 1", parse) == first == {"text": "a = 1", "items": [1, 2.5, None, True]}
    assert parse.calls == 1
    assert cached_parse("thing", "a = 2", parse)["text"] == "a = 2"
    assert cached_parse("thing", "a = 2", parse, version="2")["text"] == "a = 2"
    assert parse.calls == 3
    assert cached_parse("other", "a = 2", parse)["text"] == "a = 2"
    assert parse.calls == 4


def test_two_environments_alternating_keep_their_parses_and_month_old_ones_go(cache: Path) -> None:
    """An editor's environment and pre-commit's may ship different data (another plugin, another
    version) into one cache folder: each keeps its file instead of deleting the other's on every
    run. Files of a name that nothing has written for a month are deleted by its next write;
    another name's are left alone, even one that begins alike ("thing-keys")."""
    import os
    import time

    from hamdsl.datacache import cached_parse

    parse = _Counting()
    for _ in range(3):
        cached_parse("thing", "a = 1", parse)
        cached_parse("thing", "a = 2", parse)
    assert parse.calls == 2
    assert len(list(cache.glob("data-thing-*.bin"))) == 2
    cached_parse("thing-keys", "a = 1", parse)
    month_old = time.time() - 31 * 86400
    for path in cache.glob("data-thing*.bin"):
        os.utime(path, (month_old, month_old))
    cached_parse("thing", "a = 3", parse)
    names = sorted(path.name.rsplit("-", 1)[0] for path in cache.glob("data-*.bin"))
    assert names == ["data-thing", "data-thing-keys"]


class _Text(str):
    """A ``str`` subclass: equal to its text, but not plain data."""


@pytest.mark.parametrize(
    "result",
    [{"when": __import__("datetime").date(2026, 1, 1)}, [_Text("x")], {"nan": [float("nan")]}],
    ids=["date", "str subclass", "nan"],
)
def test_a_result_that_is_not_plain_data_is_never_cached(cache: Path, result: object) -> None:
    from hamdsl.datacache import cached_parse

    parse = _Counting(result)
    assert cached_parse("odd", "x", parse) is result
    assert cached_parse("odd", "x", parse) is result
    assert parse.calls == 2
    assert list(cache.glob("data-odd-*")) == []


@pytest.mark.parametrize("result", [(1, 2), {1: "x"}, {"set": frozenset({"a"}), "bytes": b"\x00"}])
def test_tuples_sets_and_non_string_keys_come_back_as_they_were(cache: Path, result: object) -> None:
    from hamdsl.datacache import cached_parse

    parse = _Counting(result)
    cached_parse("plain", "x", parse)
    again = cached_parse("plain", "x", parse)
    assert parse.calls == 1
    assert again == result and type(again) is type(result)


@pytest.mark.parametrize(
    "content",
    [b"", b"{", b"\xff\xfe", b"[]", b"hamdsl data 1\n", b"hamdsl data 1\n\xff\x00", b"hamdsl data 1\nN"],
)
def test_a_corrupt_parse_cache_is_ignored_and_rewritten(cache: Path, content: bytes) -> None:
    from hamdsl.datacache import cached_parse

    parse = _Counting()
    cached_parse("thing", "text", parse)
    (path,) = cache.glob("data-thing-*.bin")
    path.write_bytes(content)
    assert cached_parse("thing", "text", parse)["text"] == "text"
    assert cached_parse("thing", "text", parse)["text"] == "text"
    assert parse.calls == 2


def test_parsing_works_without_a_usable_cache_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hamdsl.datacache import cached_parse

    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("HAMDSL_CACHE_DIR", str(blocker))
    assert cached_parse("thing", "text", _Counting())["text"] == "text"


def test_the_catalog_from_the_cache_is_the_catalog_from_the_toml(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from importlib import resources

    from hamdsl_plugins import catalog

    text = resources.files(catalog).joinpath(catalog.DATA_FILE).read_text(encoding="utf-8")
    assert catalog.data_text() == text
    expected = catalog.load_catalog(text)
    assert catalog.hamdsl_exercises() == expected  # parsed, then stored
    assert len(list(cache.glob("data-catalog-*.bin"))) == 1

    def no_parsing(text: str) -> None:
        raise AssertionError("the TOML was parsed again")

    def no_checking(entry: object) -> None:
        raise AssertionError("an entry was checked again")

    monkeypatch.setattr(catalog, "_parse_toml", no_parsing)
    monkeypatch.setattr(catalog, "spec_arguments", no_checking)
    assert catalog.hamdsl_exercises() == expected  # from the cache, checked when it was stored


def test_a_catalog_with_a_bad_entry_is_refused_on_every_run_and_never_kept(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hamdsl_plugins import catalog

    bad = '[[exercise]]\nname = "wall sit"\nfunctions = ["isometric hold"]\n'
    monkeypatch.setattr(catalog, "data_text", lambda: bad)
    for _run in range(2):
        with pytest.raises(ValueError, match="'wall sit' has functions"):
            catalog.hamdsl_exercises()
    assert not list(cache.glob("data-catalog-*.bin"))


def test_the_catalog_is_read_through_importlib_resources_where_it_is_not_a_plain_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from importlib import resources

    from hamdsl_plugins import catalog

    text = resources.files(catalog).joinpath(catalog.DATA_FILE).read_text(encoding="utf-8")
    monkeypatch.setattr(catalog, "__file__", "/nonexistent/site.zip/hamdsl_plugins/catalog/__init__.py")
    assert catalog.data_text() == text


def test_the_cache_digest_is_blake2b_whichever_module_provides_it() -> None:
    import hashlib

    from hamdsl.datacache import digest

    assert digest(b"hamstrings") == hashlib.blake2b(b"hamstrings", digest_size=20).hexdigest()


def test_an_import_path_entry_that_is_not_text_turns_the_cache_off(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _install(site, "alpha")
    _age(site)
    monkeypatch.setattr(sys, "path", [*sys.path, Path(tmp_path)])
    assert _names(plugins.discover()[0]) == ["t_alpha"]
    assert plugins.discover()[1] is False
    assert _cache_files(tmp_path) == []


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
    from hamdsl.datacache import cache_dir

    for name in ("HAMDSL_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert cache_dir() == os.path.normpath(expected)


def test_without_a_home_directory_the_caches_are_off_and_hamdsl_still_runs(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hamdsl.datacache import cache_dir, cached_parse

    # What os.path.expanduser gives when neither $HOME nor the password database has a home.
    for name in ("HAMDSL_CACHE_DIR", "XDG_CACHE_HOME", "HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(os.path, "expanduser", lambda path: path)
    assert cache_dir() is None
    _install(site, "alpha")
    _age(site)
    assert plugins.discover() == ([plugins.Found("t_alpha", "alpha_plugin", "alpha", "1.0")], False)
    assert cached_parse("thing", "text", lambda text: [text]) == ["text"]


# -- the compiled methods of hamdsl's dataclasses ------------------------------------------------------

_METHODS = ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__")


def _twins(cache: object) -> tuple[type, type]:
    """One class built by ``dataclasses`` and its twin built through ``cache``."""
    from dataclasses import dataclass, field

    from hamdsl.compiled import build

    def declare() -> type:
        class Point:
            x: int
            y: int = 0
            tags: tuple[str, ...] = field(default=(), compare=False)

        return Point

    return dataclass(frozen=True, slots=True)(declare()), build(declare(), cache, frozen=True, slots=True)


def test_a_class_built_through_the_code_cache_is_the_class_dataclasses_builds(tmp_path: Path) -> None:
    import dataclasses
    import inspect

    from hamdsl.compiled import CodeCache

    path = tmp_path / "codes.bin"
    for run in ("cold", "warm"):  # the second cache reads what the first one wrote
        cache = CodeCache(path)
        plain, cached = _twins(cache)
        cache.flush()
        for name in _METHODS[1:]:  # __init__ is rewritten (below)
            assert getattr(cached, name).__code__ == getattr(plain, name).__code__, (run, name)
        assert inspect.signature(cached) == inspect.signature(plain)
        assert cached.__init__.__annotations__ == plain.__init__.__annotations__
        assert cached.__init__.__qualname__ == plain.__init__.__qualname__
        point = cached(1, 2, ("a",))
        assert point == cached(1, 2) and hash(point) == hash(cached(1, 2))
        assert repr(point) == repr(plain(1, 2, ("a",)))
        assert repr(point).endswith("Point(x=1, y=2, tags=('a',))")
        assert [f.name for f in dataclasses.fields(cached)] == ["x", "y", "tags"]
        assert repr(cached.__dataclass_params__) == repr(plain.__dataclass_params__)  # init=True
        assert repr(dataclasses.fields(cached)) == repr(dataclasses.fields(plain))
        with pytest.raises(dataclasses.FrozenInstanceError):
            point.x = 3  # type: ignore[misc]
        assert "exec" not in vars(dataclasses)
        assert path.stat().st_size > 0


def test_the_code_cache_file_is_what_the_methods_are_taken_from(tmp_path: Path) -> None:
    """Shown by putting a different code object under the text of ``__repr__``."""
    import marshal

    from hamdsl import compiled

    path = tmp_path / "codes.bin"
    cache = compiled.CodeCache(path)
    _twins(cache)
    cache.flush()
    codes, programs, recipes = marshal.loads(path.read_bytes()[len(compiled._HEADER) :])
    text = next(t for t in codes if "def __repr__" in t)
    body = text.splitlines()[2]  # def __create_fn__(...): / def __repr__(self): / return ...
    codes[text] = compile(text.replace(body, "  return 'from the cache'"), "<string>", "exec")
    path.write_bytes(compiled._HEADER + marshal.dumps((codes, programs, recipes)))
    _plain, cached = _twins(compiled.CodeCache(path))
    assert repr(cached(1)) == "from the cache"


@pytest.mark.parametrize(
    "content",
    [b"", b"not a cache", b"hamdsl compiled 2", None, "truncated", "wrong types", "format 2", "text recipes"],
)
def test_a_missing_or_corrupt_code_cache_is_ignored_and_rewritten(tmp_path: Path, content: object) -> None:
    import marshal

    from hamdsl import compiled

    path = tmp_path / "codes.bin"
    if content == "truncated":
        cache = compiled.CodeCache(path)
        _twins(cache)
        cache.flush()
        path.write_bytes(path.read_bytes()[:-40])
    elif content == "wrong types":
        wrong = ({"def f(): pass": "not code", 3: None}, [], {1: 2})
        path.write_bytes(compiled._HEADER + marshal.dumps(wrong))
    elif content == "format 2":  # what hamdsl wrote before class verdicts were kept
        header = compiled._HEADER.replace(b"compiled 4", b"compiled 2")
        assert header != compiled._HEADER
        path.write_bytes(header + marshal.dumps(({}, {})))
    elif content == "text recipes":  # recipes as format 3 kept them, under today's header
        recipes = {"a key": ("def __create_fn__():\n def __repr__(self): pass\n return __repr__",)}
        path.write_bytes(compiled._HEADER + marshal.dumps(({}, {}, recipes)))
    elif isinstance(content, bytes):
        path.write_bytes(content)
    cache = compiled.CodeCache(path)
    plain, cached = _twins(cache)
    assert repr(cached(1)) == repr(plain(1)) and repr(cached(1)).endswith("Point(x=1, y=0, tags=())")
    cache.flush()
    again = compiled.CodeCache(path)
    _twins(again)
    assert not again._changed  # everything came from the rewritten file


def test_a_failing_class_leaves_dataclasses_as_it_was(tmp_path: Path) -> None:
    import dataclasses

    from hamdsl.compiled import CodeCache, build

    class Wrong:
        x: int = 0
        y: int  # a field without a default after one with a default

    with pytest.raises(TypeError, match="non-default argument"):
        build(Wrong, CodeCache(tmp_path / "codes.bin"), frozen=True)
    assert "exec" not in vars(dataclasses)


def test_a_frozen_slotted_class_is_filled_through_its_slots_as_dataclasses_would_fill_it(
    tmp_path: Path,
) -> None:
    import copy
    import dataclasses
    import pickle

    from hamdsl.compiled import CodeCache
    from hamdsl.nodes import Span

    plain, cached = _twins(CodeCache(tmp_path / "codes.bin"))
    assert "__hamdsl_self__" in cached.__init__.__code__.co_varnames
    assert "__hamdsl_self__" in Span.__init__.__code__.co_varnames  # hamdsl's own nodes are too
    for args, kwargs in [((1,), {}), ((1, 2), {}), ((), {"x": 1, "tags": ("t",)}), ((1,), {"y": 5})]:
        made = cached(*args, **kwargs)
        assert repr(made) == repr(plain(*args, **kwargs))
        assert dataclasses.replace(made, y=9) == cached(made.x, 9, made.tags)
        assert copy.deepcopy(made) == made and copy.deepcopy(made) is not made
    for args, kwargs in [((), {}), ((1, 2, (), 4), {}), ((1,), {"z": 2}), ((1,), {"x": 2})]:
        with pytest.raises(TypeError) as ours:
            cached(*args, **kwargs)
        with pytest.raises(TypeError) as theirs:
            plain(*args, **kwargs)
        assert str(ours.value) == str(theirs.value)
    with pytest.raises(dataclasses.FrozenInstanceError):
        cached(1).y = 2  # type: ignore[misc]
    span = Span(1, 2, 1, 9)
    assert pickle.loads(pickle.dumps(span)) == span == Span(line=1, column=2, end_line=1, end_column=9)


def test_a_default_factory_is_called_for_each_instance_that_does_not_pass_the_field(tmp_path: Path) -> None:
    import dataclasses
    import inspect

    from hamdsl.compiled import CodeCache, build

    def declare() -> type:
        class Listed:
            name: str
            items: list[int] = dataclasses.field(default_factory=list)

        return Listed

    plain = dataclasses.dataclass(frozen=True, slots=True)(declare())
    cached = build(declare(), CodeCache(tmp_path / "codes.bin"), frozen=True, slots=True)
    assert "__hamdsl_self__" in cached.__init__.__code__.co_varnames
    assert str(inspect.signature(cached)) == str(inspect.signature(plain))
    assert str(inspect.signature(cached)) == "(name: 'str', items: 'list[int]' = <factory>) -> None"
    first, second = cached("a"), cached("b")
    assert first.items == second.items == [] and first.items is not second.items
    assert cached("c", [1]).items == [1]


def test_a_constructor_makes_the_very_instances_the_class_makes(tmp_path: Path) -> None:
    import copy
    import dataclasses
    import inspect

    from hamdsl.compiled import CodeCache, constructor

    plain, cached = _twins(CodeCache(tmp_path / "codes.bin"))
    new = constructor(cached)
    assert inspect.isfunction(new)
    assert inspect.signature(new).parameters == inspect.signature(cached).parameters
    for args, kwargs in [((1,), {}), ((1, 2), {}), ((), {"x": 1, "tags": ("t",)}), ((1,), {"y": 5})]:
        made = new(*args, **kwargs)
        assert type(made) is cached
        assert made == cached(*args, **kwargs) and hash(made) == hash(cached(*args, **kwargs))
        assert repr(made) == repr(plain(*args, **kwargs))
        assert [getattr(made, f.name) for f in dataclasses.fields(cached)] == [
            getattr(cached(*args, **kwargs), f.name) for f in dataclasses.fields(cached)
        ]
        assert dataclasses.replace(made, y=9) == cached(made.x, 9, made.tags)
        assert copy.deepcopy(made) == made and copy.copy(made) == made
        with pytest.raises(dataclasses.FrozenInstanceError):
            made.x = 3  # type: ignore[misc]
        with pytest.raises(dataclasses.FrozenInstanceError):
            del made.y  # type: ignore[misc]
        assert not hasattr(made, "__dict__")
    for args, kwargs in [((), {}), ((1, 2, (), 4), {}), ((1,), {"z": 2}), ((1,), {"x": 2})]:
        with pytest.raises(TypeError):
            new(*args, **kwargs)


def test_a_constructor_calls_a_default_factory_for_each_instance(tmp_path: Path) -> None:
    import dataclasses

    from hamdsl.compiled import CodeCache, build, constructor

    class Listed:
        name: str
        items: list[int] = dataclasses.field(default_factory=list)

    new = constructor(build(Listed, CodeCache(tmp_path / "codes.bin"), frozen=True, slots=True))
    first, second = new("a"), new("b")
    assert first.items == second.items == [] and first.items is not second.items
    assert new("c", [1]).items == [1] and new(name="d", items=[2]).items == [2]


def test_a_class_a_constructor_cannot_make_is_its_own_constructor(tmp_path: Path) -> None:
    """A ``__post_init__``, a base class, a mutable or unslotted class, or no dataclass at all:
    the class itself is returned."""
    from hamdsl.compiled import CodeCache, build, constructor

    cache = CodeCache(tmp_path / "codes.bin")

    class Checked:
        x: int

        def __post_init__(self) -> None:
            pass

    class Mutable:
        x: int

    class Unslotted:
        x: int

    _plain, base = _twins(cache)

    class Derived(base):  # type: ignore[valid-type, misc]
        pass

    for cls, frozen, slots in [(Checked, True, True), (Mutable, False, True), (Unslotted, True, False)]:
        made = build(cls, cache, frozen=frozen, slots=slots)
        assert constructor(made) is made
    assert constructor(Derived) is Derived

    class Plain:  # not a dataclass at all
        __slots__ = ("x",)

    assert constructor(Plain) is Plain


def test_the_per_line_constructors_make_what_their_classes_make() -> None:
    """Every ``_new_*`` of the parser, the interpreter and the linter is a constructor (not the
    class it falls back to, which would only be slower), and makes what its class makes."""
    import dataclasses
    import inspect
    import pickle

    from hamdsl import interpreter, lint, parser

    made = {
        name: value
        for module in (parser, interpreter, lint)
        for name, value in vars(module).items()
        if name.startswith("_new_")
    }
    assert {"_new_span", "_new_exercise", "_new_exercise_model", "_new_diagnostic"} <= set(made)
    for name, new in made.items():
        assert inspect.isfunction(new), name
        fields = list(inspect.signature(new).parameters)
        values = [object() for _ in fields]
        instance = new(*values)
        kind = type(instance)
        assert dataclasses.is_dataclass(kind) and kind.__qualname__ == new.__qualname__.split(".<")[0]
        assert instance == kind(*values)
        assert [getattr(instance, f) for f in fields] == values
    span = parser._new_span(1, 2, 1, 9)  # what -j sends between processes
    assert pickle.loads(pickle.dumps(span)) == span == parser.Span(1, 2, 1, 9)


def test_a_class_whose_init_does_more_than_store_keeps_the_init_dataclasses_wrote(tmp_path: Path) -> None:
    from dataclasses import InitVar, field

    from hamdsl.compiled import CodeCache, build

    class Checked:
        x: int

        def __post_init__(self) -> None:
            if self.x < 0:
                raise ValueError("negative")

    class Keyed:
        x: int = field(kw_only=True)

    class Derived:
        x: int
        scale: InitVar[int] = 1

    class Mutable:
        x: int

    cache = CodeCache(tmp_path / "codes.bin")
    built = {
        cls: build(cls, cache, frozen=cls is not Mutable, slots=slots)
        for cls, slots in [(Checked, True), (Keyed, True), (Derived, False), (Mutable, True)]
    }
    for made in built.values():
        assert "__hamdsl_self__" not in made.__init__.__code__.co_varnames, made
    with pytest.raises(ValueError, match="negative"):
        built[Checked](-1)


def test_dataclasses_writes_no_init_only_where_hamdsl_is_sure_to_write_it(tmp_path: Path) -> None:
    """Where hamdsl will replace ``__init__``, ``dataclasses`` is asked for none (it would be thrown
    away); every other class keeps what ``dataclasses`` writes, and each can be made."""
    import dataclasses
    from typing import ClassVar

    from hamdsl.compiled import CodeCache, _fills_slots, build

    class Plain:
        plain_x: int
        plain_y: str = ""

    class Counted:
        x: int
        made: ClassVar[int] = 0

    class Keyed:
        x: int = dataclasses.field(kw_only=True)

    class Hidden:
        x: int
        y: int = dataclasses.field(default=0, init=False)

    class Checked:
        x: int

        def __post_init__(self) -> None:
            pass

    @dataclasses.dataclass(frozen=True, slots=True)
    class Base:
        x: int

    class Derived(Base):
        y: int = 0

    frozen = {"frozen": True, "slots": True}
    assert _fills_slots(Plain, frozen)
    assert not _fills_slots(Plain, {"frozen": True})
    assert not _fills_slots(Plain, {**frozen, "init": False})
    assert not _fills_slots(Plain, {**frozen, "kw_only": True})
    for cls in (Counted, Keyed, Hidden, Checked, Derived):
        assert not _fills_slots(cls, frozen), cls
    cache = CodeCache(tmp_path / "codes.bin")
    made = {cls: build(cls, cache, **frozen) for cls in (Plain, Counted, Keyed, Hidden, Checked, Derived)}
    assert made[Plain](1).plain_y == "" and made[Counted](1).x == 1 and made[Keyed](x=2).x == 2
    assert made[Hidden](3).y == 0 and made[Checked](4).x == 4 and made[Derived](5, 6).y == 6
    for cls in made.values():
        assert cls.__dataclass_params__.init, cls  # type: ignore[attr-defined]
    # The one class built with init=False left no __init__ text of dataclasses' in the cache.
    written = "__dataclass_builtins_object__.__setattr__(self,'plain_x',plain_x)"
    assert not any(written in text for text in cache._codes or {})
    assert any("__dataclass_builtins_object__.__setattr__(self,'x',x)" in text for text in cache._codes or {})


# -- classes replayed -------------------------------------------------------------------------------

_REPLAYED = {"frozen": True, "slots": True}


def _declare_reading() -> type:
    """A class of the kind :func:`hamdsl.compiled.replay` makes (documented, frozen, slotted)."""
    from dataclasses import field

    class Reading:
        """One reading."""

        label: str
        sets: int = 3
        tags: tuple[str, ...] = field(default=(), compare=False)
        notes: list[str] = field(default_factory=list, repr=False, compare=False)

        def total(self) -> int:
            return self.sets * 2

    return Reading


def _count_dataclasses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the classes ``dataclasses`` builds from now on."""
    import dataclasses

    built: list[str] = []
    real = dataclasses._process_class  # type: ignore[attr-defined]

    def counted(cls: type, *args: Any) -> type:
        built.append(cls.__name__)
        return real(cls, *args)  # type: ignore[no-any-return]

    monkeypatch.setattr(dataclasses, "_process_class", counted)
    return built


def _record_then_replay(
    declare: Any, path: Path
) -> tuple[type, type, tuple[type, type], object, Any]:
    """A class built (and recorded) by a first cache, then by a second cache reading its file:
    both classes, their two bodies, the recipe the first kept, and the second cache."""
    from hamdsl.compiled import CodeCache, build, class_key

    first_cache = CodeCache(path)
    bodies = (declare(), declare())
    first = build(bodies[0], first_cache, **_REPLAYED)
    key = class_key(declare(), _REPLAYED)
    recipe = first_cache.recipe(key) if key is not None else None
    first_cache.flush()
    second_cache = CodeCache(path)
    return first, build(bodies[1], second_cache, **_REPLAYED), bodies, recipe, second_cache


def _made_by(maker: object) -> list[str]:
    """The names of the functions whose code the function ``maker`` makes them from holds."""
    from types import CodeType

    assert isinstance(maker, CodeType)
    return [const.co_name for const in maker.co_consts if isinstance(const, CodeType)]


def test_a_class_checked_once_is_replayed_and_is_the_class_dataclasses_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import copy
    import dataclasses
    import inspect

    from hamdsl.compiled import same_class

    built = _count_dataclasses(monkeypatch)
    first, replayed, bodies, recipe, second_cache = _record_then_replay(_declare_reading, tmp_path / "c.bin")
    assert isinstance(recipe, tuple) and len(recipe) == 2
    assert _made_by(recipe[0]) == ["__repr__", "__eq__", "__setattr__", "__delattr__", "__hash__"]
    assert _made_by(recipe[1]) == ["__init__"]  # hamdsl's own, through the slots
    assert built == ["Reading"]  # dataclasses did not build it again
    assert not second_cache._changed  # and nothing had to be compiled
    assert second_cache._codes == {}  # the recipe holds the code: the texts were not kept
    assert same_class(first, replayed, bodies) and replayed is not first
    assert not same_class(first, replayed)  # each frozen class's __setattr__ refers to its own body
    plain = dataclasses.dataclass(frozen=True, slots=True)(_declare_reading())
    reading = replayed("a", 4, ("x",), ["n"])
    assert repr(reading) == repr(plain("a", 4, ("x",), ["n"]))
    assert repr(reading).endswith("Reading(label='a', sets=4, tags=('x',))")
    assert reading == replayed("a", 4, ("other",)) and hash(reading) == hash(replayed("a", 4))
    assert reading != replayed("b", 4) and reading.total() == 8
    with pytest.raises(dataclasses.FrozenInstanceError):
        reading.sets = 1  # type: ignore[misc]
    assert dataclasses.replace(reading, sets=5) == replayed("a", 5)
    assert repr(dataclasses.fields(replayed)) == repr(dataclasses.fields(plain))
    assert repr(replayed.__dataclass_params__) == repr(plain.__dataclass_params__)  # type: ignore[attr-defined]
    assert str(inspect.signature(replayed)) == str(inspect.signature(plain))
    assert (replayed.__match_args__, replayed.__slots__) == (plain.__match_args__, plain.__slots__)  # type: ignore[attr-defined]
    assert copy.copy(reading) == reading == copy.deepcopy(reading)  # through __getstate__/__setstate__
    assert replayed("a").notes == [] and replayed("a").notes is not replayed("a").notes
    assert not hasattr(reading, "__dict__") and dataclasses.is_dataclass(replayed)


def test_a_class_with_a_post_init_and_a_derived_field_is_replayed_with_the_init_dataclasses_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dataclasses

    from hamdsl.compiled import same_class

    def declare() -> type:
        class Totalled:
            """Parts and their sum, worked out when the object is made."""

            parts: tuple[int, ...]
            label: str = ""
            total: int = dataclasses.field(init=False, repr=False, compare=False)

            def __post_init__(self) -> None:
                object.__setattr__(self, "total", sum(self.parts))

        return Totalled

    built = _count_dataclasses(monkeypatch)
    first, replayed, bodies, recipe, _second = _record_then_replay(declare, tmp_path / "codes.bin")
    assert isinstance(recipe, tuple) and recipe[1] is None
    assert _made_by(recipe[0])[0] == "__init__"  # the one dataclasses wrote
    assert built == ["Totalled"] and same_class(first, replayed, bodies)
    made = replayed((1, 2, 3), "a")
    assert made.total == 6 and repr(made).endswith("Totalled(parts=(1, 2, 3), label='a')")
    assert made == replayed((1, 2, 3), "a") and dataclasses.replace(made, parts=(4,)).total == 4
    with pytest.raises(TypeError):
        replayed((1,), "a", 3)  # not a parameter of __init__


def test_a_recipe_makes_each_method_from_the_code_of_its_own_text_or_is_not_made() -> None:
    """The methods of a recipe come from one function; their code is the code of the texts
    ``dataclasses`` wrote, and where the one function would change what a method takes from
    outside (a global of one text is a parameter of another), no recipe is made."""
    from hamdsl import compiled

    cache = compiled.CodeCache(None)
    uses_global = "def __create_fn__():\n def first(self):\n  return (cls, self)\n return first"
    takes_it = "def __create_fn__(cls, extra):\n def second(self):\n  return (cls, extra)\n return second"
    assert compiled._recipe([uses_global, takes_it], None, cache) is None
    assert compiled._recipe([takes_it, uses_global], None, cache) is None
    other = "def __create_fn__(extra):\n def third(self, n=1):\n  return (extra, n)\n return third"
    recipe = compiled._recipe([takes_it, other], None, cache)
    assert recipe is not None and recipe[1] is None
    second, third = compiled._call(recipe[0], {}, {"cls": int, "extra": "x"})
    for made, text in ((second, takes_it), (third, other)):
        alone = compiled._call(compiled._maker(cache.code(text)), {}, {"cls": int, "extra": "x"})
        assert made.__code__ == alone.__code__ and made.__code__.co_firstlineno == 2
    assert (second(None), third(None), third.__defaults__) == ((int, "x"), ("x", 1), (1,))


def test_a_code_cache_mostly_of_entries_no_run_asks_for_is_written_with_what_this_run_used(
    tmp_path: Path,
) -> None:
    import marshal

    from hamdsl import compiled

    path = tmp_path / "codes.bin"
    first = compiled.CodeCache(path)
    compiled.build(_declare_reading(), first, **_REPLAYED)
    for number in range(3):  # a few entries of classes that have changed since: kept
        first.code(f"def __create_fn__():\n def old_{number}(self): pass\n return old_{number}")
    first.flush()
    before = marshal.loads(path.read_bytes()[len(compiled._HEADER) :])
    second = compiled.CodeCache(path)
    for number in range(40):  # many more of them: the file is rewritten without them
        second.code(f"def __create_fn__():\n def gone_{number}(self): pass\n return gone_{number}")
    second._used[0].clear()
    compiled.build(_declare_reading(), second, **_REPLAYED)
    second.regex("a+b")
    second.flush()
    codes, programs, recipes = marshal.loads(path.read_bytes()[len(compiled._HEADER) :])
    assert len(before[0]) == len(codes) + 3 and not any("gone_" in text or "old_" in text for text in codes)
    assert list(programs) == [("a+b", 0)] and list(recipes) == list(before[2])


def test_each_installation_keeps_a_code_cache_file_of_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two environments sharing the cache folder (an editor's, pre-commit's) must not throw out
    each other's recipes on every run; files no run has written for a month are deleted."""
    import os
    import time

    from hamdsl import compiled

    monkeypatch.setenv("HAMDSL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv(compiled.NO_CACHE_ENV, raising=False)
    ours = compiled.cache_path()
    assert ours is not None and os.path.basename(ours).startswith("compiled-")
    monkeypatch.setattr(compiled, "_replay_stamp", lambda: "another installation")
    theirs = compiled.cache_path()
    assert theirs is not None and theirs != ours and os.path.dirname(theirs) == os.path.dirname(ours)
    os.makedirs(os.path.dirname(ours))
    month_old = time.time() - 31 * 86400
    for path in (theirs, ours.replace("compiled-", "compiled-old-")):
        with open(path, "wb") as handle:
            handle.write(b"x")
    os.utime(ours.replace("compiled-", "compiled-old-"), (month_old, month_old))
    cache = compiled.CodeCache(ours)
    compiled.build(_declare_reading(), cache, **_REPLAYED)
    cache.flush()
    left = sorted(os.listdir(os.path.dirname(ours)))
    assert left == sorted([os.path.basename(ours), os.path.basename(theirs)])


def test_without_a_cache_file_no_class_is_checked_for_a_replay(monkeypatch: pytest.MonkeyPatch) -> None:
    """With the code cache off, a recipe could not be kept: checking one would only cost time."""
    from hamdsl.compiled import CodeCache, build

    built = _count_dataclasses(monkeypatch)
    cache = CodeCache(None)
    first, second = (build(_declare_reading(), cache, **_REPLAYED) for _run in range(2))
    assert built == ["Reading", "Reading"] and cache._recipes == {}
    assert repr(first("a")) == repr(second("a"))


def test_a_class_whose_replay_differs_is_always_built_by_dataclasses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hamdsl import compiled

    built = _count_dataclasses(monkeypatch)
    real = compiled.replay

    def differs(cls: type, namespace: dict[str, Any], recipe: Any) -> type | None:
        made = real(cls, namespace, recipe)
        if made is not None:
            made.__match_args__ = ("label",)  # type: ignore[attr-defined]
        return made

    monkeypatch.setattr(compiled, "replay", differs)
    path = tmp_path / "codes.bin"
    cache = compiled.CodeCache(path)
    compiled.build(_declare_reading(), cache, **_REPLAYED)
    key = compiled.class_key(_declare_reading(), _REPLAYED)
    assert key is not None and cache.recipe(key) is False
    cache.flush()
    monkeypatch.setattr(compiled, "replay", real)
    again = compiled.build(_declare_reading(), compiled.CodeCache(path), **_REPLAYED)
    assert built == ["Reading", "Reading"] and again.__match_args__ == ("label", "sets", "tags", "notes")


def test_a_recipe_that_fails_is_given_up_and_the_class_built_by_dataclasses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hamdsl import compiled

    key = compiled.class_key(_declare_reading(), _REPLAYED)
    assert key is not None
    cache = compiled.CodeCache(tmp_path / "codes.bin")
    asks_for_nobody = compiled._maker(compile("def __create_fn__(nobody):\n return ()", "", "exec"))
    cache.keep_recipe(key, (asks_for_nobody, None))  # no replay passes a name "nobody"
    built = _count_dataclasses(monkeypatch)
    made = compiled.build(_declare_reading(), cache, **_REPLAYED)
    assert built == ["Reading"] and repr(made("a")).endswith("Reading(label='a', sets=3, tags=())")
    assert cache.recipe(key) is False


def test_same_class_tells_apart_classes_that_differ_in_any_part() -> None:
    import dataclasses

    from hamdsl.compiled import same_class

    def declare(
        default: int = 3, compare: bool = True, more: bool = False, order: bool = False
    ) -> tuple[type, type]:
        class Reading:
            """One reading."""

            label: str
            sets: int = default
            tags: tuple[str, ...] = dataclasses.field(default=(), compare=compare)

            def total(self) -> int:
                return self.sets

        if more:
            Reading.__annotations__["more"] = "int"
            Reading.more = 0  # type: ignore[attr-defined]
        return Reading, dataclasses.dataclass(frozen=True, slots=True, order=order)(Reading)

    body, first = declare()
    other_body, again = declare()  # built alike twice: the same, though not identical
    assert same_class(first, again, (body, other_body))
    variants = [declare(default=4), declare(compare=False), declare(more=True), declare(order=True)]
    for changed_body, changed in variants:
        assert not same_class(first, changed, (body, changed_body))


def test_a_class_key_changes_with_what_dataclasses_decides_by() -> None:
    import dataclasses

    from hamdsl.compiled import class_key

    def declare(annotation: str = "int", default: object = 0, doc: str | None = "Doc.", **more: Any) -> type:
        body = {"__doc__": doc, "__annotations__": {"label": "str", "sets": annotation}, "sets": default}
        return type("Reading", (), {**body, **more})

    key = class_key(declare(), _REPLAYED)
    assert key is not None and class_key(declare(default=5), _REPLAYED) == key  # values are read each run
    changed = [
        declare(annotation="float"),
        declare(default=[]),
        declare(default=dataclasses.field(default=0)),
        declare(default=dataclasses.field(default=0, repr=False)),
        declare(default=dataclasses.field(default_factory=int)),
        declare(total=lambda self: 0),
    ]
    keys = [class_key(cls, _REPLAYED) for cls in changed]
    assert None not in keys and len({key, *keys}) == len(changed) + 1
    assert class_key(declare(doc=None), _REPLAYED) is None
    assert class_key(declare(__repr__=lambda self: ""), _REPLAYED) is None
    assert class_key(declare(), {"frozen": True}) is None
    assert class_key(type("Sub", (declare(),), {"__doc__": "A subclass."}), _REPLAYED) is None


def test_hamdsl_s_own_classes_are_replayed_after_the_first_run(tmp_path: Path) -> None:
    import marshal

    from hamdsl import compiled

    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "HAMDSL_NO_CODE_CACHE")}
    env.update(HAMDSL_CACHE_DIR=str(tmp_path / "cache"), NO_COLOR="1")
    lint = [sys.executable, "-m", "hamdsl", "lint", "--no-cache", str(EXAMPLES / "000-routine-1.ham")]
    subprocess.run(lint, env=env, capture_output=True, check=False)
    (written,) = (tmp_path / "cache").glob("compiled-*.bin")
    _codes, _programs, recipes = marshal.loads(written.read_bytes()[len(compiled._HEADER) :])
    assert len(recipes) >= 30 and all(type(recipe) is tuple for recipe in recipes.values())
    script = (
        "import dataclasses\n"
        "built = []\n"
        "real = dataclasses._process_class\n"
        "dataclasses._process_class = lambda cls, *a: built.append(cls.__name__) or real(cls, *a)\n"
        "import hamdsl.nodes, hamdsl.model, hamdsl.api\n"
        "mods = (hamdsl.nodes, hamdsl.model, hamdsl.api)\n"
        "made = [v for m in mods for v in vars(m).values() if dataclasses.is_dataclass(v)]\n"
        "print(len(made), ' '.join(sorted(built)))\n"
    )
    command = [sys.executable, "-c", script]
    shown = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    count, *by_dataclasses = shown.stdout.split()
    assert int(count) >= 30 and by_dataclasses == [], by_dataclasses


def test_the_code_cache_can_be_turned_off_and_follows_the_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hamdsl.compiled import NO_CACHE_ENV, cache_path

    monkeypatch.setenv("HAMDSL_CACHE_DIR", str(tmp_path))
    path = cache_path()
    assert path is not None and os.path.dirname(path) == str(tmp_path)
    assert f"{sys.hexversion:x}" in os.path.basename(path)
    monkeypatch.setenv(NO_CACHE_ENV, "1")
    assert cache_path() is None


def test_an_unwritable_code_cache_costs_nothing_but_time(tmp_path: Path) -> None:
    from hamdsl.compiled import CodeCache

    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would be")
    cache = CodeCache(blocker / "codes.bin")
    plain, cached = _twins(cache)
    cache.flush()
    assert repr(cached(1)) == repr(plain(1))


def test_a_first_lint_writes_the_code_cache_and_a_second_compiles_nothing(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "HAMDSL_NO_CODE_CACHE")}
    env.update(HAMDSL_CACHE_DIR=str(tmp_path / "cache"), NO_COLOR="1")
    command = [sys.executable, "-m", "hamdsl", "lint", "--no-cache", str(EXAMPLES / "000-routine-1.ham")]
    first = subprocess.run(command, env=env, capture_output=True, text=True)
    (written,) = (tmp_path / "cache").glob("compiled-*.bin")
    stamp = written.stat().st_mtime_ns
    second = subprocess.run(command, env=env, capture_output=True, text=True)
    assert written.stat().st_mtime_ns == stamp
    assert (first.returncode, first.stdout) == (second.returncode, second.stdout)
    assert "HAM" in second.stdout


# -- regular expressions ----------------------------------------------------------------------------

_PATTERNS = [
    (r"(?P<sets>\d+)(?:\s*-\s*(?P<top>\d+))?\s*x\s*(?P<reps>\d+)", 0),
    (r"rest\s+(\d+)\s*(s|sec|min)\b", re.IGNORECASE),
    (r"""
        ^(?P<label>[A-Z]\d*):   # a label
        \s*(?P<name>[^@#]+?)\s*$
     """, re.VERBOSE | re.MULTILINE),
    (r"(?<=@)(?:[0-9X]/){3}[0-9X]|(?>a+)b|c++", 0),
    ("[\u200e\u202a-\u202e]", 0),
]


def test_a_pattern_through_the_code_cache_is_the_pattern_re_compiles(tmp_path: Path) -> None:
    from hamdsl.compiled import CodeCache

    path = tmp_path / "codes.bin"
    for run in ("cold", "warm"):  # the second cache reads what the first one wrote
        cache = CodeCache(path)
        for text, flags in _PATTERNS:
            made = cache.regex(text, flags)
            expected = re.compile(text, flags)
            # Patterns compare equal when their text, flags and the engine's program are equal.
            assert made == expected, (run, text)
            assert (made.flags, made.groupindex) == (expected.flags, expected.groupindex)
        assert cache._changed is (run == "cold")
        cache.flush()
    sample = CodeCache(path).regex(*_PATTERNS[0]).match("3-5 x 8")
    assert sample is not None and sample.group("top", "reps") == ("5", "8")


def test_the_code_cache_file_is_what_the_patterns_are_taken_from(tmp_path: Path) -> None:
    """Shown by storing the program of one pattern under the text of another."""
    import marshal

    from hamdsl import compiled

    path = tmp_path / "codes.bin"
    cache = compiled.CodeCache(path)
    cache.regex("apple")
    cache.regex("pear")
    cache.flush()
    codes, programs, recipes = marshal.loads(path.read_bytes()[len(compiled._HEADER) :])
    programs[("apple", 0)] = programs[("pear", 0)]
    path.write_bytes(compiled._HEADER + marshal.dumps((codes, programs, recipes)))
    swapped = compiled.CodeCache(path).regex("apple")
    assert swapped.pattern == "apple" and swapped.match("pear") and not swapped.match("apple")


@pytest.mark.parametrize(
    "program",
    [(), ("not", "a", "program"), (32, [999_999, 1, 2], 0, {}, (None,)), (32, [17, 97, 1], 0, {}, (None,))],
    ids=["empty", "wrong types", "bad opcode", "bad program"],
)
def test_a_program_the_engine_refuses_is_compiled_afresh(tmp_path: Path, program: tuple[object, ...]) -> None:
    import marshal

    from hamdsl import compiled

    path = tmp_path / "codes.bin"
    path.write_bytes(compiled._HEADER + marshal.dumps(({}, {("a+b", 0): program})))
    cache = compiled.CodeCache(path)
    made = cache.regex("a+b")
    assert made == re.compile("a+b") and made.fullmatch("aab")
    cache.flush()
    assert compiled.CodeCache(path).regex("a+b") == re.compile("a+b")  # the entry was replaced


def test_a_bad_pattern_raises_as_re_does_and_leaves_the_engine_as_it_was(tmp_path: Path) -> None:
    import _sre

    from hamdsl.compiled import CodeCache

    engine = _sre.compile
    with pytest.raises(re.error, match="unterminated character set"):
        CodeCache(tmp_path / "codes.bin").regex("[a-")
    assert _sre.compile is engine


def test_every_hamdsl_dataclass_is_built_through_the_code_cache() -> None:
    import ast

    root = Path(__file__).resolve().parent.parent
    offenders = []
    for path in [*(root / "src").rglob("*.py"), *(root / "plugins").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if path.name == "compiled.py":
                break
            if isinstance(node, ast.ImportFrom) and node.module == "dataclasses":
                if any(alias.name == "dataclass" for alias in node.names):
                    offenders.append(f"{path.name}:{node.lineno}")
            elif (
                isinstance(node, ast.Attribute)
                and node.attr == "dataclass"
                and isinstance(node.value, ast.Name)
                and node.value.id == "dataclasses"
            ):
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []


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


def test_every_hamdsl_regular_expression_is_compiled_through_the_code_cache() -> None:
    """``re.compile`` and the module functions that take a pattern text compile it in Python on
    every run; hamdsl's modules use ``hamdsl.compiled.regex`` instead."""
    import ast

    compiling = {"compile", "match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer"}
    root = Path(__file__).resolve().parent.parent
    offenders = []
    for path in (root / "src" / "hamdsl").rglob("*.py"):
        if path.name == "compiled.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in compiling
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "re"
            ):
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []


# -- ending the process ----------------------------------------------------------------------------


def _entry_script(setup: str, *args: str) -> list[str]:
    """A Python command line that runs ``setup``, then the console script's entry with ``args``."""
    code = f"import sys\n{setup}\nsys.argv = ['hamdsl', *{list(args)!r}]\n"
    code += "from hamdsl.__main__ import entry\nentry()\n"
    return [sys.executable, "-c", code]


def test_the_command_ends_without_teardown_yet_runs_exit_handlers_and_writes_it_all(tmp_path: Path) -> None:
    import io

    from hamdsl.cli import main

    mark = tmp_path / "handler-ran"
    setup = (
        "import atexit\n"
        f"atexit.register(lambda: open({str(mark)!r}, 'w').write('ran'))\n"
        "class Teardown:\n"
        "    def __del__(self):\n"
        "        sys.stderr.write('torn down\\n')\n"
        "kept = Teardown()\n"
    )
    files = sorted(str(p) for p in EXAMPLES.glob("*.ham"))
    args = ["lint", "--no-cache", "--format", "concise", *files]
    result = subprocess.run(_entry_script(setup, *args), capture_output=True, text=True)
    expected = io.StringIO()
    assert result.returncode == main(args, out=expected, err=io.StringIO()) == 1
    assert result.stdout == expected.getvalue() and result.stdout.count("\n") > 5
    assert mark.read_text() == "ran"
    # The object would say so if the interpreter had been torn down (a normal exit frees it).
    assert "torn down" not in result.stderr


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
        "from hamdsl import lint_command\n"
        "from hamdsl.cli import GC_THRESHOLD\n"
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
