"""Finding routines in folders (``hamdsl.core.files.collect``) and the configuration in force for each
(``hamdsl.config.settings.SettingsCache``): the order and the skipped files every command relies on, and
the per-folder configuration search the result cache keys on."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hamdsl.config.settings import SettingsCache
from hamdsl.core.files import collect
from hamdsl.plugins.api import Option
from hamdsl.plugins.core_options import all_options
from hamdsl.plugins.host import load


def touch(folder: Path, *names: str) -> None:
    for name in names:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("A1: lying leg curl 3x8\n")


def test_a_folder_is_walked_in_path_component_order(tmp_path: Path) -> None:
    touch(tmp_path, "a-c/y.ham", "a/z.ham", "a/b/q.ham", "B.ham", "top.ham", "x.ham/inner.ham")
    found = collect([str(tmp_path)])
    # As sorting Path objects gives: component by component, so "a/..." comes before "a-c/...".
    names = [Path(p).relative_to(tmp_path).as_posix() for p in found.files]
    assert names == ["B.ham", "a/b/q.ham", "a/z.ham", "a-c/y.ham", "top.ham", "x.ham/inner.ham"]
    assert all(isinstance(p, str) for p in found.files) and found.errors == ()


def test_hidden_entries_and_other_suffixes_are_skipped(tmp_path: Path) -> None:
    touch(tmp_path, ".hidden/a.ham", "sub/.b.ham", "sub/c.ham", "notes.txt", "sub/d.ham.bak")
    assert [os.path.basename(p) for p in collect([str(tmp_path)]).files] == ["c.ham"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_linked_files_are_taken_and_linked_folders_are_not_walked(tmp_path: Path) -> None:
    touch(tmp_path, "real/r.ham")
    (tmp_path / "linked-folder").symlink_to(tmp_path / "real", target_is_directory=True)
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "link.ham").symlink_to(tmp_path / "real" / "r.ham")
    (tmp_path / "broken.ham").symlink_to(tmp_path / "nowhere.ham")
    names = [Path(p).relative_to(tmp_path).as_posix() for p in collect([str(tmp_path)]).files]
    assert names == ["link.ham", "real/r.ham"]


def test_repeated_paths_are_listed_once_in_first_seen_order(tmp_path: Path) -> None:
    touch(tmp_path, "a/one.ham", "b/two.ham")
    found = collect([str(tmp_path / "b" / "two.ham"), str(tmp_path), str(tmp_path / "a")])
    assert [Path(p).relative_to(tmp_path).as_posix() for p in found.files] == ["b/two.ham", "a/one.ham"]


def test_the_current_folder_gives_relative_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    touch(tmp_path, "r.ham", "sub/s.ham")
    monkeypatch.chdir(tmp_path)
    assert [str(p) for p in collect(["."]).files] == ["r.ham", os.path.join("sub", "s.ham")]
    assert [str(p) for p in collect(["./sub/"]).files] == [os.path.join("sub", "s.ham")]


def test_a_missing_path_is_kept_for_its_report_and_an_empty_folder_is_an_error(tmp_path: Path) -> None:
    """A missing path is taken as a file, so that reading it reports it in every output format."""
    (tmp_path / "empty").mkdir()
    found = collect([str(tmp_path / "nope.ham"), str(tmp_path / "empty")])
    assert found.files == (str(tmp_path / "nope.ham"),)
    assert found.errors == (f"{tmp_path / 'empty'}: no .ham files found in this folder",)


@pytest.mark.parametrize("output", ["json", "sarif", "concise", "github"])
def test_a_missing_path_has_its_row_in_every_format(tmp_path: Path, output: str) -> None:
    import subprocess
    import sys

    good = tmp_path / "good.ham"
    good.write_text("session A:\n  lying leg curl 3x8\n  romanian deadlift 3x8\n")
    missing = tmp_path / "nope.ham"
    command = [sys.executable, "-m", "hamdsl", "lint", "--no-cache", "--format", output]
    result = subprocess.run([*command, str(missing), str(good)], capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert str(missing) in result.stdout and "no such file or folder" in result.stdout


# ------------------------------------------------------------------------------------ settings
@pytest.fixture(scope="module")
def options() -> list[Option]:
    return list(all_options(load(frozenset())))


def test_each_folder_gets_its_nearest_configuration(tmp_path: Path, options: list[Option]) -> None:
    (tmp_path / "hamdsl.toml").write_text('ignore = ["HAM101"]\n')
    (tmp_path / "inner").mkdir()
    (tmp_path / "inner" / "hamdsl.toml").write_text('ignore = ["HAM202"]\n')
    (tmp_path / "other").mkdir()
    settings = SettingsCache(options)
    assert settings.for_file(str(tmp_path / "r.ham")).ignore == ("HAM101",)
    assert settings.for_file(str(tmp_path / "inner" / "r.ham")).ignore == ("HAM202",)
    assert settings.for_file(str(tmp_path / "other" / "r.ham")).ignore == ("HAM101",)
    assert settings.for_file(str(tmp_path / "inner" / "s.ham")).ignore == ("HAM202",)


def test_settings_keys_follow_the_configuration(tmp_path: Path, options: list[Option]) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "hamdsl.toml").write_text("[interpreter]\nx-phase-seconds = 1.5\n")
    settings = SettingsCache(options)
    in_a = settings.key_for(str(tmp_path / "a" / "r.ham"))
    assert in_a == settings.key_for(str(tmp_path / "a" / "s.ham"))
    in_b = settings.key_for(str(tmp_path / "b" / "r.ham"))
    assert in_b != in_a
    # Another run (a new cache) gives the same keys for the same configuration, and another key
    # once the file says something else.
    assert SettingsCache(options).key_for(str(tmp_path / "b" / "r.ham")) == in_b
    (tmp_path / "b" / "hamdsl.toml").write_text("[interpreter]\nx-phase-seconds = 2.5\n")
    assert SettingsCache(options).key_for(str(tmp_path / "b" / "r.ham")) != in_b
    assert SettingsCache(options, ignore=["HAM1"]).key_for(str(tmp_path / "a" / "r.ham")) != in_a


@pytest.mark.parametrize(
    "raw",
    ["", ".", "./", "/", "//", "///", "a", "a/", "./a", "a//b", "a/./b/", "//a/b", "///a", "a/..", "../x",
     ".a", "a/.b/", ".//a", "a/b/c.ham"],
)
def test_a_path_is_spelled_as_pathlib_spells_it(raw: str) -> None:
    """The lint path keeps paths as strings (no pathlib import), but prints them as before."""
    from hamdsl.core.files import clean

    assert clean(raw) == str(Path(raw))
