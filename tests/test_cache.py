"""The lint result cache on its own (``hamdsl.lint.cache``): what is stored comes back equal, a change of
file, settings or code is a miss, a damaged cache file is ignored, writes are atomic and the file
does not grow without bound. The CLI's use of it is tested in tests/test_lint_cli.py."""

from __future__ import annotations

import marshal
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import fields
from itertools import pairwise
from pathlib import Path

import pytest

from hamdsl.core.diagnostics import Diagnostic
from hamdsl.language.nodes import Span
from hamdsl.lint import cache as cache_module
from hamdsl.lint.cache import DIAGNOSTIC_FIELDS, LintCache, content_hash

CODE = [("hamdsl", "test")]


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("HAMDSL_CACHE_DIR", str(folder))
    return folder


def finding(message: str, line: int | None = 1, **extra: str | None) -> Diagnostic:
    values: dict[str, str | None] = {"hint": "fix it", "source": "doc (P1)", "plugin": "rules", **extra}
    return Diagnostic(
        code="HAM101",
        name="some-rule",
        severity="warning",
        message=message,
        span=Span(line, 1, line, 5) if line is not None else None,
        **values,
    )


def routine(folder: Path, name: str, text: str = "A1: lying leg curl 3x8\n") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def remember(files: dict[Path, Sequence[Diagnostic]], key: str = "settings-1") -> None:
    """One run that checks ``files`` (all misses) and stores what it found."""
    cache = LintCache.open(CODE)
    for path, diagnostics in files.items():
        hit, stat = cache.lookup(str(path), key)
        assert hit is None and stat is not None
        cache.store(str(path), stat, content_hash(path.read_bytes()), key, diagnostics)
    cache.save()


def cached(path: Path, key: str = "settings-1") -> tuple[Diagnostic, ...] | None:
    """What a new run gets from the cache for ``path`` (``None``: a miss)."""
    cache = LintCache.open(CODE)
    hit, _ = cache.lookup(str(path), key)
    return None if hit is None else cache.diagnostics(hit)


def cache_file(cache_dir: Path) -> Path:
    (path,) = cache_dir.glob("lint-*.cache")
    return path


def test_the_stored_fields_are_all_of_a_diagnostic() -> None:
    assert tuple(f.name for f in fields(Diagnostic)) == DIAGNOSTIC_FIELDS


def test_findings_come_back_equal(tmp_path: Path, cache_dir: Path) -> None:
    odd = [
        finding("plain"),
        finding("no span, no hint, no source", line=None, hint=None, source=None, plugin=None),
        finding("naïve × ünïcode — 'quoted' \"double\" \\ back"),
        finding("a NUL \x00 and a lone surrogate \udcff survive", line=10_000),
        finding(""),
        finding("long " * 2000, hint=""),
    ]
    other = [finding("plain"), finding("shared span, other text")]
    files = {
        routine(tmp_path, "a.ham"): odd,
        routine(tmp_path, "é clients/b.ham"): other,
        routine(tmp_path, "clean.ham"): [],
    }
    remember(files)
    for path, diagnostics in files.items():
        back = cached(path)
        assert back == tuple(diagnostics)
        assert back is not None and all(type(d) is Diagnostic for d in back)


def test_relative_and_absolute_names_share_an_entry(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = routine(tmp_path, "sub/r.ham")
    monkeypatch.chdir(tmp_path)
    remember({Path("sub/r.ham"): [finding("x")]})
    assert cached(path) == (finding("x"),)
    assert cached(tmp_path / "sub" / ".." / "sub" / "r.ham") == (finding("x"),)


def test_other_settings_or_other_content_is_a_miss(tmp_path: Path, cache_dir: Path) -> None:
    path = routine(tmp_path, "r.ham")
    remember({path: [finding("x")]})
    assert cached(path) == (finding("x"),)
    assert cached(path, key="settings-2") is None
    path.write_text("A1: lying leg curl 3x9\n", encoding="utf-8")  # same size, new content
    assert cached(path) is None


def test_a_touched_file_is_compared_by_content_once(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = routine(tmp_path, "r.ham")
    remember({path: [finding("x")]})
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    cache = LintCache.open(CODE)
    hit, _ = cache.lookup(str(path), "settings-1")
    assert hit is not None and cache.diagnostics(hit) == (finding("x"),)
    cache.save()  # remembers the new modification time

    def no_hashing(data: bytes) -> bytes:
        raise AssertionError("the content was hashed again")

    monkeypatch.setattr(cache_module, "content_hash", no_hashing)
    assert cached(path) == (finding("x"),)


def test_a_change_of_code_is_another_cache(tmp_path: Path, cache_dir: Path) -> None:
    path = routine(tmp_path, "r.ham")
    remember({path: [finding("x")]})
    cache = LintCache.open([("hamdsl", "test"), ("a-plugin", "2.0")])
    assert cache.lookup(str(path), "settings-1")[0] is None


def test_the_code_stamp_covers_the_grammar_through_the_checkout_link() -> None:
    """In a checkout ``hamdsl/language/grammar`` links to the top-level ``grammar/``: an edit of the
    grammar must change the stamp, or an editable install serves findings of the old syntax."""
    stamped = {os.path.realpath(path) for path, _ in cache_module.code_stamp([])[1:]}
    grammar = Path(cache_module.__file__).resolve().parent.parent / "language" / "grammar" / "hamdsl.lark"
    assert os.path.realpath(grammar) in stamped


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


def _body_start(data: bytes) -> int:
    first = data.index(b"\n")
    return first + 1 + int(data[:first].split(b" ")[2])  # the format line gives the directory's length


def _other_byte_order(data: bytes) -> bytes:
    first, body = data.index(b"\n"), _body_start(data)
    directory = marshal.loads(data[first + 1 : body])
    directory["byteorder"] = "big" if sys.byteorder == "little" else "little"
    written = marshal.dumps(directory)
    return b"hamdsl-lint-cache %d %d\n" % (cache_module.CACHE_FORMAT, len(written)) + written + data[body:]


CORRUPTIONS: dict[str, Callable[[bytes], bytes]] = {
    "empty": lambda data: b"",
    "garbage": lambda data: b"\x00{not a cache" * 100,
    "format-1-json": lambda data: b'{"format": 1, "entries": {}}',
    "other-format": lambda data: data.replace(b"hamdsl-lint-cache 3", b"hamdsl-lint-cache 9", 1),
    "format-2": lambda data: b'hamdsl-lint-cache 2\n{"byteorder": "little"}\n' + data,
    "truncated-head": lambda data: data[:10],
    "truncated-index": lambda data: data[: _body_start(data) + 20],
    "truncated-tables": lambda data: data[:-7],
    "flipped-index-byte": lambda data: _flip(data, _body_start(data) + 3),
    "flipped-tables-byte": lambda data: _flip(data, len(data) - 30),
    "bad-directory": lambda data: data.replace(b"index", b"indey", 1),
    "wrong-directory-length": lambda data: data.replace(b"hamdsl-lint-cache 3 ", b"hamdsl-lint-cache 3 1", 1),
    "other-byte-order": _other_byte_order,
}


@pytest.mark.parametrize("corrupt", CORRUPTIONS.values(), ids=CORRUPTIONS.keys())
def test_a_damaged_cache_file_gives_no_wrong_answer_and_is_rebuilt(
    tmp_path: Path, cache_dir: Path, corrupt: Callable[[bytes], bytes]
) -> None:
    with_findings = routine(tmp_path, "a.ham")
    clean = routine(tmp_path, "b.ham")
    remember({with_findings: [finding("x"), finding("y", line=None)], clean: []})
    path = cache_file(cache_dir)
    path.write_bytes(corrupt(path.read_bytes()))
    # Never an exception, never findings that were not stored: a hit is right or it is a miss.
    assert cached(with_findings) in (None, (finding("x"), finding("y", line=None)))
    assert cached(clean) in (None, ())
    cache = LintCache.open(CODE)
    for routine_path, diagnostics in ((with_findings, [finding("z")]), (clean, [])):
        hit, stat = cache.lookup(str(routine_path), "settings-1")
        if hit is None or cache.diagnostics(hit) is None:
            assert stat is not None
            cache.store(
                str(routine_path), stat, content_hash(routine_path.read_bytes()), "settings-1", diagnostics
            )
    cache.save()
    assert cached(with_findings) in ((finding("z"),), (finding("x"), finding("y", line=None)))
    assert cached(clean) == ()


def test_entries_of_files_a_run_did_not_see_are_kept(tmp_path: Path, cache_dir: Path) -> None:
    a, b, c = (routine(tmp_path, name) for name in ("a.ham", "b.ham", "c.ham"))
    remember({a: [finding("a")], b: [finding("b"), finding("shared")]})
    remember({c: [finding("c"), finding("shared")]})
    assert cached(a) == (finding("a"),)
    assert cached(b) == (finding("b"), finding("shared"))
    assert cached(c) == (finding("c"), finding("shared"))


def test_replaced_findings_do_not_pile_up(tmp_path: Path, cache_dir: Path) -> None:
    keep = routine(tmp_path, "keep.ham")
    busy = routine(tmp_path, "busy.ham")
    remember({keep: [finding("kept", line=n) for n in range(1, 50)]})
    sizes = []
    for round_ in range(12):
        busy.write_text(f"A1: lying leg curl 3x{round_ + 10}\n", encoding="utf-8")
        remember({busy: [finding(f"round {round_} #{n}", line=n) for n in range(1, 400)]})
        sizes.append(cache_file(cache_dir).stat().st_size)
        assert cached(busy) == tuple(finding(f"round {round_} #{n}", line=n) for n in range(1, 400))
    assert cached(keep) == tuple(finding("kept", line=n) for n in range(1, 50))
    # Each round replaces 400 findings; unreferenced ones are dropped before they outnumber the
    # referenced ones by much (so the file does not grow with every edit).
    assert max(sizes) < 5 * sizes[0]
    assert any(later < earlier for earlier, later in pairwise(sizes)), "never compacted"


def test_the_recorded_count_of_referred_findings_never_exceeds_the_true_one(
    tmp_path: Path, cache_dir: Path
) -> None:
    """Each write records a lower bound of the distinct findings its index refers to, so that the
    next write can rule out compacting without counting; a bound above the true count would put
    compaction off for ever."""
    files = [routine(tmp_path, f"r{i}.ham") for i in range(4)]
    remember({f: [finding(f"{f.name} #{n}", line=n) for n in range(1, 30)] for f in files})
    for round_ in range(8):
        busy = files[round_ % 4]
        busy.write_text(f"A1: lying leg curl 3x{round_ + 10}\n", encoding="utf-8")
        shared = [finding(f"shared #{n}", line=n) for n in range(1, 20)]  # the same in every round
        remember({busy: [*shared, finding(f"round {round_}")]})
        index, _tables, _layout, recorded = cache_module._read(cache_file(cache_dir).read_bytes())
        assert recorded is not None and 0 <= recorded <= len(set(index.ids)), round_
    for f in files:
        assert cached(f) is not None


def test_a_compacting_write_drops_files_that_are_gone(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache_module, "_COMPACT_SLACK", 0)
    gone = routine(tmp_path, "gone-file.ham")
    busy = routine(tmp_path, "busy.ham")
    remember({gone: [finding("g")], busy: [finding(f"old {n}") for n in range(10)]})
    gone.unlink()
    busy.write_text("A1: nordic hamstring curl 3x5\n", encoding="utf-8")
    remember({busy: [finding("new")]})  # ten unreferenced findings: the write compacts
    assert b"gone-file.ham" not in cache_file(cache_dir).read_bytes()
    assert b"old 3" not in cache_file(cache_dir).read_bytes()
    assert cached(busy) == (finding("new"),)


def test_nothing_is_written_when_nothing_changed(tmp_path: Path, cache_dir: Path) -> None:
    path = routine(tmp_path, "r.ham")
    remember({path: [finding("x")]})
    before = cache_file(cache_dir).stat().st_mtime_ns
    os.utime(cache_file(cache_dir), ns=(before - 10**9, before - 10**9))
    cache = LintCache.open(CODE)
    hit, _ = cache.lookup(str(path), "settings-1")
    assert hit is not None and cache.diagnostics(hit) == (finding("x"),)
    cache.save()
    assert cache_file(cache_dir).stat().st_mtime_ns == before - 10**9


def test_a_cache_folder_that_cannot_be_written_is_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("HAMDSL_CACHE_DIR", str(blocker))
    path = routine(tmp_path, "r.ham")
    remember({path: [finding("x")]})  # no exception
    assert cached(path) is None
    assert blocker.read_text() == "a file where the cache folder should be"


def test_a_write_leaves_no_temporary_file(tmp_path: Path, cache_dir: Path) -> None:
    path = routine(tmp_path, "r.ham")
    remember({path: [finding("x")]})
    remember({routine(tmp_path, "s.ham"): []})
    assert sorted(p.name for p in cache_dir.iterdir() if p.name.startswith("lint-")) == [
        cache_file(cache_dir).name
    ]
    assert not list(cache_dir.glob(".lint-*"))


def test_a_write_removes_stale_caches_of_other_versions_only(tmp_path: Path, cache_dir: Path) -> None:
    cache_dir.mkdir()
    old = 40 * 86400
    files = {
        "lint-0123456789abcdef01234567.cache": old,  # another version's, unused for 40 days
        "lint-fedcba9876543210fedcba98.cache": 0,  # another version's, in use
        "lint-aaaaaaaaaaaaaaaaaaaaaaaa.json": 0,  # format 1
        "grammar-0123.lark-cache": old,  # not a lint cache
        "plugins-0123.json": old,
    }
    for name, age in files.items():
        path = cache_dir / name
        path.write_bytes(b"x")
        mtime = path.stat().st_mtime - age
        os.utime(path, (mtime, mtime))
    remember({routine(tmp_path, "r.ham"): [finding("x")]})
    ours = LintCache.open(CODE).path
    assert ours is not None and os.path.exists(ours)
    left = sorted(p.name for p in cache_dir.iterdir())
    assert left == sorted(
        [
            os.path.basename(ours),
            "lint-fedcba9876543210fedcba98.cache",
            "grammar-0123.lark-cache",
            "plugins-0123.json",
        ]
    )


def test_a_modification_time_beyond_the_layout_is_no_error(tmp_path: Path, cache_dir: Path) -> None:
    far = 10**19  # nanoseconds: the year 2286, past what 64 bits hold
    future = routine(tmp_path, "future.ham")
    touched = routine(tmp_path, "touched.ham")
    remember({touched: [finding("t")]})
    try:
        os.utime(future, ns=(far, far))
        os.utime(touched, ns=(far, far))
    except (OSError, OverflowError):
        pytest.skip("this file system cannot hold such a time")
    remember({future: [finding("f")]})  # not remembered, and no error
    assert cached(future) is None
    assert cached(touched) is None  # same content, but the new time cannot be recorded


def test_a_finding_the_layout_cannot_hold_is_checked_again_not_an_error(
    tmp_path: Path, cache_dir: Path
) -> None:
    """A plugin's finding with a span beyond 32 bits or a message that is not a string: that file
    is not remembered; the others are."""
    huge = Diagnostic("X1", "x", "warning", "far away", Span(2**40, 1, 2**40, 2))
    odd = Diagnostic("X2", "x", "warning", 42, None)  # type: ignore[arg-type]
    files = {routine(tmp_path, "huge.ham"): [huge], routine(tmp_path, "odd.ham"): [odd]}
    fine = routine(tmp_path, "fine.ham")
    remember({**files, fine: [finding("ok")]})
    assert [cached(path) for path in files] == [None, None]
    assert cached(fine) == (finding("ok"),)


def test_rows_carried_a_column_at_a_time_keep_their_own_settings_and_findings() -> None:
    """``_IndexWriter.carry_rows`` after rows the writer already holds: the old settings ids are
    renumbered into the writer's, and the finding ids of each row stay its own."""
    from hamdsl.lint.cache import HASH_BYTES, _Index, _IndexWriter

    old = _IndexWriter()
    for i, settings in enumerate(["s-a", "s-b", "s-a", "s-c"]):
        old.add(f"/f{i}", 10 + i, 100 + i, bytes([i]) * HASH_BYTES, settings, range(i))
    index = _Index(old.sections())
    new = _IndexWriter()
    new.add("/new", 1, 2, b"\xff" * HASH_BYTES, "s-c", [7, 8])  # "s-c" gets the writer's id 0
    new.carry_rows(index, 1, 3)
    new.carry_rows(index, 3, 4)
    result = _Index(new.sections())
    assert result.paths == ["/new", "/f1", "/f2", "/f3"]
    assert [result.settings[result.settings_ids[row]] for row in range(4)] == ["s-c", "s-b", "s-a", "s-c"]
    assert [list(result.ids[result.starts[r] : result.starts[r + 1]]) for r in range(4)] == [
        [7, 8], [0], [0, 1], [0, 1, 2],
    ]  # fmt: skip
    assert list(result.sizes) == [1, 11, 12, 13] and list(result.mtimes) == [2, 101, 102, 103]
    assert result.hashes[HASH_BYTES : 2 * HASH_BYTES] == bytes([1]) * HASH_BYTES
