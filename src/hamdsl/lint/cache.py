"""The lint result cache: a file that has not changed is not checked again.

One cache file per combination of hamdsl version and plugin versions (and the modification times
of their source files), in the user cache folder (``$HAMDSL_CACHE_DIR`` or ``~/.cache/hamdsl``).
Each entry is keyed by the file's absolute path and remembers the file's size, modification time
and content hash, a fingerprint of the settings in force, and the file's findings. An entry is
used when the settings fingerprint matches and either the size and modification time match or,
when only the time changed, the content hash does.

The layout is chosen so that re-linting 10,000 unchanged files costs little more than a ``stat``
of each (issue 8 asks for at most a second, with the findings printed). Format 1 stored every
finding in full in one JSON document: 77 MB for the benchmark corpus, seconds to parse. Now:

- a first line naming the format and the length of a small ``marshal``-ed *directory*: the byte
  order, the length of each section below with a checksum (BLAKE2b) of each of the two parts,
  and a lower bound of the distinct findings the index refers to (which spares a write
  counting them);
- the *index* part, which every run reads: the files' paths, sizes, modification times, content
  hashes and settings keys, and per file the ids of its findings, as packed arrays (Python's
  ``array``, read with one ``frombytes`` each; no per-value parsing, no code executed on load,
  unlike ``pickle``);
- the *tables* part, read only when a cached file has findings: each distinct string once, and
  each distinct rule, span and finding once, as packed integers. The 10,000-file benchmark corpus
  has 221,754 findings but 98,684 distinct ones and 12,851 distinct messages. A finding is
  turned into a :class:`~hamdsl.core.diagnostics.Diagnostic` on first use and then shared by every
  file that has it (``Diagnostic`` is frozen, so sharing is safe).

Safety: the cache is read once and written at most once per run, only when something changed,
atomically (temporary file, then rename), so two concurrent runs can only overwrite each other
with a valid cache (the later one's). A cache file that cannot be read, fails its checksum, was
written on a machine of the other byte order or does not have the expected shape is ignored and
rebuilt; it never stops a run. A write keeps the old tables as they are and adds the run's new
findings after them (re-checking one file of 10,000 does not re-encode the other 9,999); once the
findings no entry refers to outnumber the others, a write compacts the tables instead.
"""

from __future__ import annotations

import marshal
import os
import sys
from array import array
from collections.abc import Iterable, Iterator, Sequence
from hashlib import blake2b
from itertools import accumulate, pairwise
from stat import S_ISREG
from typing import Any

from hamdsl import __version__
from hamdsl.core.datacache import fingerprint
from hamdsl.core.diagnostics import SEVERITIES, Diagnostic, Severity
from hamdsl.core.files import MAX_FILE_BYTES, SourceError, write_atomic
from hamdsl.language.nodes import Span

CACHE_FORMAT = 3
_MAGIC = b"hamdsl-lint-cache"
#: Source files whose modification time is part of the code stamp.
_SOURCE_SUFFIXES = (".py", ".toml", ".lark", ".json")
#: Bytes of a content hash (BLAKE2b).
HASH_BYTES = 16
#: Bytes of the checksum of each part of the file (BLAKE2b).
_CHECKSUM_BYTES = 8
#: The fields of a :class:`Diagnostic`, in order; the tables store each of them (a test checks
#: that this is still the whole of ``Diagnostic``, so a new field cannot be silently dropped).
DIAGNOSTIC_FIELDS = ("code", "name", "severity", "message", "span", "hint", "source", "plugin")
#: Integers per rule (code, name, severity, source, plugin), per span (line, column, end line,
#: end column) and per finding (rule, message, hint, span) in the tables; -1 stands for ``None``.
_RULE_WIDTH = 5
_SPAN_WIDTH = 4
_FINDING_WIDTH = 4
_NONE = -1
#: A severity as read back, by its text (an unknown one makes the tables unreadable).
_SEVERITY: dict[str, Severity] = {severity: severity for severity in SEVERITIES}
#: Array type codes: 64-bit sizes and times, 32-bit ids and table values.
_INT64, _UINT32, _INT32 = "q", "I", "i"
#: The range of a 64-bit item.
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
#: The range of a signed 32-bit item.
_INT32_MIN, _INT32_MAX = -(2**31), 2**31 - 1
#: Bytes per 32-bit item.
_ITEM = 4
#: Whether this platform's arrays have the sizes above (all common ones do); if not, no cache.
_SIZES_AS_EXPECTED = (
    array(_INT64).itemsize == 8 and array(_UINT32).itemsize == array(_INT32).itemsize == _ITEM
)
#: Unreferenced findings tolerated in the tables (beyond as many as are referenced) before a
#: write compacts them.
_COMPACT_SLACK = 1000


def cache_root() -> str | None:
    """``$HAMDSL_CACHE_DIR``, else the platform's user cache folder (shared with the grammar)."""
    from hamdsl.core.datacache import cache_dir

    return cache_dir()


def content_hash(data: bytes) -> bytes:
    """The content hash the cache compares when a file's modification time changed."""
    return blake2b(data, digest_size=HASH_BYTES).digest()


def code_stamp(modules: Iterable[tuple[str, str | None, str]]) -> list[Any]:
    """What identifies the code that produced cached findings: hamdsl's version, each plugin's
    name and version, and the modification times of hamdsl's and the plugins' source files.

    Versions alone are not enough: an editable install (a plugin author's, or ours) changes the
    code without changing the version, and old findings must not survive that. Bytecode folders
    are not walked: ``.pyc`` files follow their sources.
    """
    stamps: list[Any] = [("hamdsl", __version__)]
    folders = {os.path.dirname(os.path.dirname(os.path.abspath(__file__)))}  # the whole hamdsl package
    for name, version, module_name in modules:
        stamps.append((name, version or ""))
        module = sys.modules.get(module_name)
        file = getattr(module, "__file__", None)
        if file:
            folders.add(os.path.dirname(file) if os.path.basename(file) == "__init__.py" else file)
    for folder in sorted(folders):
        if not os.path.isdir(folder):
            stamps.extend(_stamps([folder]))
            continue
        # followlinks: in a checkout, hamdsl/language/grammar is a link to the top-level grammar/
        for directory, subfolders, names in os.walk(folder, followlinks=True):
            subfolders[:] = [d for d in subfolders if d != "__pycache__" and not d.startswith(".")]
            stamps.extend(_stamps(os.path.join(directory, n) for n in names if n.endswith(_SOURCE_SUFFIXES)))
    return stamps


def _stamps(paths: Iterable[str]) -> Iterator[tuple[str, int]]:
    for path in paths:
        try:
            yield (path, os.stat(path).st_mtime_ns)
        except OSError:
            continue


class LintCache:
    """The cache of one run: read by :meth:`open`, consulted per file, written by :meth:`save`.

    A run calls :meth:`lookup` for each file; a hit (an index row) goes to :meth:`diagnostics`, a
    miss is checked and handed to :meth:`store` with the ``stat`` that :meth:`lookup` took
    *before* the file was read (so an edit made while it is checked is seen next time).
    """

    def __init__(
        self,
        path: str | None,
        index: _Index | None = None,
        tables: bytes = b"",
        layout: tuple[bytes, list[int]] = (b"", []),
        referenced: int | None = None,
    ) -> None:
        self.path = path
        self._index = index or _Index.empty()
        self._raw_tables = tables
        self._tables_layout = layout
        #: At most the number of distinct findings the index refers to (see :meth:`_encode`);
        #: ``None`` when the file does not say.
        self._referenced = referenced
        self._tables_valid: bool | None = None  # not checked yet
        self._tables: _Tables | None = None
        self._tables_broken = False
        self._seen: set[int] = set()
        self._new: dict[str, tuple[int, int, bytes, str, tuple[Diagnostic, ...]]] = {}
        self._cwd: str | None = None
        self.dirty = False

    @classmethod
    def open(cls, code: Iterable[Any]) -> LintCache:
        """The cache for this code: ``code`` is :func:`code_stamp` of the run's plugins."""
        root = cache_root()
        if root is None or not _SIZES_AS_EXPECTED:
            return cls(None)
        key = fingerprint((__version__, CACHE_FORMAT, sorted(code, key=repr)))
        path = os.path.join(root, f"lint-{key}.cache")
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError:
            return cls(path)
        try:
            index, tables, layout, referenced = _read(data)
        except (ValueError, TypeError, KeyError, IndexError, UnicodeDecodeError, OverflowError):
            return cls(path)
        return cls(path, index, tables, layout, referenced)

    # ------------------------------------------------------------------------------------ reading
    def lookup(self, filename: str, settings_key: str) -> tuple[int | None, os.stat_result | None]:
        """A handle on the cached findings of an unchanged file, else ``None``; also the file's
        ``stat`` (``None`` when the file cannot be reached, and then nothing is to be stored).

        Only a regular file the process may read can hit: a path that is now a device or a pipe,
        or a file whose read permission was taken away (``chmod`` leaves the modification time
        alone), is checked again, so it gets the same E004 finding and exit 2 as without the
        cache rather than the verdict remembered from when it could be read."""
        try:
            stat = os.stat(filename)
        except (OSError, ValueError):
            return None, None
        if not S_ISREG(stat.st_mode) or not os.access(filename, os.R_OK):
            return None, None
        index = self._index
        row = index.rows.get(self._key(filename))
        if row is None:
            return None, stat
        self._seen.add(row)
        if index.settings[index.settings_ids[row]] != settings_key or index.sizes[row] != stat.st_size:
            return None, stat
        if index.mtimes[row] != stat.st_mtime_ns:
            # Touched (a checkout, a copy): the content decides.
            try:
                with open(filename, "rb") as handle:
                    data = handle.read(MAX_FILE_BYTES + 1)  # never more than a check would read
            except OSError:
                return None, stat
            if len(data) > MAX_FILE_BYTES:
                return None, stat
            digest = content_hash(data)
            if digest != index.hashes[row * HASH_BYTES : (row + 1) * HASH_BYTES]:
                return None, stat
            if not _INT64_MIN <= stat.st_mtime_ns <= _INT64_MAX:
                return None, stat  # a time the layout cannot hold: checked, not remembered
            index.mtimes[row] = stat.st_mtime_ns
            self.dirty = True
        if index.starts[row] != index.starts[row + 1] and self._load_tables() is None:
            return None, stat
        return row, stat

    def diagnostics(self, row: int) -> tuple[Diagnostic, ...] | None:
        """The findings of a file :meth:`lookup` found unchanged; ``None`` if the cache cannot
        give them (the caller then checks the file)."""
        index = self._index
        start, end = index.starts[row], index.starts[row + 1]
        if start == end:
            return ()
        tables = self._load_tables()
        if tables is None:
            return None
        decoded = tables.decoded
        try:
            return tuple([decoded[i] or tables.decode(i) for i in index.ids[start:end]])
        except (IndexError, TypeError, ValueError):
            return None

    def _load_tables(self) -> _Tables | None:
        if self._tables is None and not self._tables_broken:
            try:
                if not self._tables_intact():
                    raise ValueError("the tables do not match their checksum")
                self._tables = _Tables(self._raw_tables, self._tables_layout[1])
            except (ValueError, TypeError, IndexError, UnicodeDecodeError):
                self._tables_broken = True
        return self._tables

    def _tables_intact(self) -> bool:
        """Whether the tables part matches its checksum and has the expected sections (checked
        once; reading them is :meth:`_load_tables`)."""
        if self._tables_valid is None:
            checksum, sizes = self._tables_layout
            self._tables_valid = (
                _checksum(self._raw_tables) == checksum
                and len(sizes) == _TABLE_SECTIONS
                and sum(sizes) == len(self._raw_tables)
                and all(n % _ITEM == 0 for n in (sizes[0], *sizes[2:]))
            )
        return self._tables_valid

    def _key(self, filename: str) -> str:
        """The absolute path of ``filename``, the entry's key. ``Path.resolve`` per file was a
        tenth of a cached run; a path without ``..`` is made absolute by joining the working
        folder, which names the same file. A linked file has its own entry under each name."""
        if ".." in filename and ".." in filename.split(os.sep):
            return os.path.realpath(filename)
        if os.path.isabs(filename):
            return filename
        if self._cwd is None:
            self._cwd = os.getcwd()
        return os.path.join(self._cwd, filename)

    # ------------------------------------------------------------------------------------ writing
    def store(
        self,
        filename: str,
        stat: os.stat_result,
        digest: bytes,
        settings_key: str,
        diagnostics: Sequence[Diagnostic],
    ) -> None:
        """Remember a checked file's findings; ``digest`` is :func:`content_hash` of the text
        that was checked, ``stat`` the one :meth:`lookup` took before it was read."""
        self._new[self._key(filename)] = (
            stat.st_size,
            stat.st_mtime_ns,
            digest,
            settings_key,
            tuple(diagnostics),
        )
        self.dirty = True

    def save(self) -> None:
        """Write the cache atomically, if anything changed; a folder that cannot be written just
        means no cache."""
        if self.path is None or not self.dirty:
            return
        data = self._encode()
        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            write_atomic(self.path, data, durable=False)  # a cache lost in a power cut is rebuilt
        except (OSError, SourceError):
            return
        _remove_stale(self.path)

    def _encode(self) -> bytes:
        """The cache file to write: the old tables as they are, with this run's findings added
        after them, and a new index. Findings of replaced entries stay in the tables until they
        are more than half of them; then :meth:`_encode_compact` rewrites everything.

        So a run that re-checks one file of 10,000 copies the old tables instead of decoding and
        encoding every finding again (which took most of a second)."""
        index = self._index
        intact = bool(index.rows) and self._tables_intact()
        sizes = self._tables_layout[1] if intact else [0] * _TABLE_SECTIONS
        encoder = _Encoder(
            strings=sizes[0] // _ITEM,
            rules=sizes[2] // (_ITEM * _RULE_WIDTH),
            spans=sizes[3] // (_ITEM * _SPAN_WIDTH),
            findings=sizes[4] // (_ITEM * _FINDING_WIDTH),
        )
        out = _IndexWriter()
        run = 0  # the first row of the run of kept rows that ends before ``row``
        dropped = 0  # finding ids of the rows left out
        for key, row in index.rows.items():
            start, end = index.starts[row], index.starts[row + 1]
            # Replaced by this run, or its findings lost with the tables (checked again next time).
            if key in self._new or (start != end and not intact):
                out.carry_rows(index, run, row)
                run = row + 1
                dropped += end - start
        out.carry_rows(index, run, len(index.paths))
        carried = len(out.ids)
        self._add_new(out, encoder)
        # Compact once the findings no entry refers to outnumber the others. Counting the distinct
        # ids referred to is a pass over all of them (about 10 ms for the benchmark corpus), so a
        # lower bound is tried first: the last write's count, less every id of a row left out,
        # plus this run's (new findings get new ids). Only when the bound cannot rule compaction
        # out is the exact count taken; the bound is what the file records for the next write.
        referenced = None
        if self._referenced is not None and intact:
            referenced = self._referenced - dropped + len(set(out.ids[carried:]))
        if referenced is None or encoder.total_findings > 2 * referenced + _COMPACT_SLACK:
            referenced = len(set(out.ids))
            if encoder.total_findings > 2 * referenced + _COMPACT_SLACK:
                return self._encode_compact()
        old = _split(memoryview(self._raw_tables), sizes) if intact else [b""] * _TABLE_SECTIONS
        tables = [bytes(before) + after for before, after in zip(old, encoder.sections(), strict=True)]
        return _write(out.sections(), tables, referenced)

    def _encode_compact(self) -> bytes:
        """Every entry, old and new, with fresh tables: what no entry refers to is dropped, and
        so are the entries of files this run did not see that no longer exist."""
        encoder = _Encoder()
        index = self._index
        old = self._load_tables() if index.rows else None
        carried: dict[int, int] = {}
        out = _IndexWriter()
        for key, row in index.rows.items():
            if key in self._new or (row not in self._seen and not os.path.exists(key)):
                continue
            ids = []
            try:
                for i in index.ids[index.starts[row] : index.starts[row + 1]]:
                    j = carried.get(i)
                    if j is None:
                        if old is None:
                            raise ValueError("the tables are unreadable")
                        j = carried[i] = encoder.finding(old.decoded[i] or old.decode(i))
                    ids.append(j)
            except (IndexError, TypeError, ValueError):
                continue  # its findings cannot be carried over: dropped, checked next time
            out.carry(index, key, row, ids)
        self._add_new(out, encoder)
        return _write(out.sections(), encoder.sections(), len(set(out.ids)))

    def _add_new(self, out: _IndexWriter, encoder: _Encoder) -> None:
        """The entries this run checked, their findings added to ``encoder``'s tables."""
        for key, (size, mtime, digest, settings_key, diagnostics) in self._new.items():
            try:
                ids = [encoder.finding(d) for d in diagnostics]
            except (TypeError, ValueError):
                continue  # a plugin's odd finding: this file is checked again next time
            out.add(key, size, mtime, digest, settings_key, ids)


def _remove_stale(keep: str) -> None:
    """Delete other lint caches nobody has written for a month (see
    :func:`hamdsl.core.datacache.remove_stale`), and caches of format 1 (one JSON file each, up to tens
    of MB), whatever their age."""
    from hamdsl.core.datacache import remove_stale

    remove_stale(keep, "lint-", also=lambda name: name.endswith(".json"))


class _Index:
    """The index part of a cache file: per file (a row), its key, size, modification time,
    content hash, settings key and the range of its finding ids."""

    def __init__(self, sections: Sequence[memoryview | bytes]) -> None:
        (path_lengths, path_text, sizes, mtimes, hashes, settings_ids) = sections[:6]
        (settings_lengths, settings_text, starts, ids) = sections[6:]
        paths = _strings(path_lengths, path_text)
        n = len(paths)
        self.paths = paths
        self.rows: dict[str, int] = dict(zip(paths, range(n), strict=True))
        self.sizes = _array(_INT64, sizes)
        self.mtimes = _array(_INT64, mtimes)
        self.hashes = bytes(hashes)
        self.settings_ids = _array(_UINT32, settings_ids)
        self.settings = _strings(settings_lengths, settings_text)
        self.starts = _array(_UINT32, starts)
        self.ids = _array(_UINT32, ids)
        if len(self.rows) != n or not (len(self.sizes) == len(self.mtimes) == len(self.settings_ids) == n):
            raise ValueError("unexpected cache shape")
        if len(self.hashes) != n * HASH_BYTES or len(self.starts) != n + 1:
            raise ValueError("unexpected cache shape")
        if n and max(self.settings_ids) >= len(self.settings):
            raise ValueError("unexpected cache shape")
        bounds = self.starts
        if bounds[0] != 0 or bounds[n] != len(self.ids) or any(a > b for a, b in pairwise(bounds)):
            raise ValueError("unexpected cache shape")

    @classmethod
    def empty(cls) -> _Index:
        return cls(_IndexWriter().sections())


class _IndexWriter:
    """Collects the rows of the index part of a cache file being written."""

    def __init__(self) -> None:
        self.keys: list[str] = []
        self.sizes = array(_INT64)
        self.mtimes = array(_INT64)
        self.hashes = bytearray()
        self.settings_ids = array(_UINT32)
        self.settings: dict[str, int] = {}
        self.starts = array(_UINT32, [0])
        self.ids = array(_UINT32)

    def add(
        self, key: str, size: int, mtime: int, digest: bytes, settings_key: str, ids: Iterable[int]
    ) -> None:
        """One file's entry; an entry the layout cannot hold (a modification time after the
        year 2262, say) is left out, and that file is simply checked again next time."""
        if len(digest) != HASH_BYTES or not (_INT64_MIN <= mtime <= _INT64_MAX and 0 <= size <= _INT64_MAX):
            return
        self.keys.append(key)
        self.sizes.append(size)
        self.mtimes.append(mtime)
        self.hashes += digest
        self.settings_ids.append(self.settings.setdefault(settings_key, len(self.settings)))
        self.ids.extend(ids)
        self.starts.append(len(self.ids))

    def carry(self, index: _Index, key: str, row: int, ids: Iterable[int]) -> None:
        """An entry of the old ``index`` kept as it was, with its findings' ids in the new tables."""
        self.add(
            key,
            index.sizes[row],
            index.mtimes[row],
            index.hashes[row * HASH_BYTES : (row + 1) * HASH_BYTES],
            index.settings[index.settings_ids[row]],
            ids,
        )

    def carry_rows(self, index: _Index, first: int, end: int) -> None:
        """Rows ``first`` to ``end - 1`` of the old ``index`` kept as they were, findings' ids
        included (the old tables are kept too), a column at a time.

        A run that re-checks one file of 10,000 (an editor linting the file just saved) copies
        the other 9,999 rows; row by row in Python that was 35 ms, most of such a run's cost."""
        if first >= end:
            return
        base = len(self.ids) - index.starts[first]
        self.keys += index.paths[first:end]
        self.sizes += index.sizes[first:end]
        self.mtimes += index.mtimes[first:end]
        self.hashes += index.hashes[first * HASH_BYTES : end * HASH_BYTES]
        settings = self.settings
        new_id = [settings.setdefault(key, len(settings)) for key in index.settings]
        old_ids = index.settings_ids[first:end]
        if new_id != list(range(len(new_id))):
            old_ids = array(_UINT32, [new_id[i] for i in old_ids])
        self.settings_ids += old_ids
        self.ids += index.ids[index.starts[first] : index.starts[end]]
        self.starts += array(_UINT32, [start + base for start in index.starts[first + 1 : end + 1]])

    def sections(self) -> list[bytes]:
        return [
            *_pack_strings(self.keys),
            self.sizes.tobytes(),
            self.mtimes.tobytes(),
            bytes(self.hashes),
            self.settings_ids.tobytes(),
            *_pack_strings(list(self.settings)),
            self.starts.tobytes(),
            self.ids.tobytes(),
        ]


class _Tables:
    """The strings, rules, spans and findings of a cache file, and the findings decoded so far."""

    def __init__(self, raw: bytes, sizes: Sequence[int]) -> None:
        sections = _split(memoryview(raw), sizes)
        self._strings: list[str] = _strings(sections[0], sections[1])
        self._rules = _array(_INT32, sections[2])
        self._spans = _array(_INT32, sections[3])
        self._findings = _array(_INT32, sections[4])
        if (
            len(self._rules) % _RULE_WIDTH
            or len(self._spans) % _SPAN_WIDTH
            or len(self._findings) % _FINDING_WIDTH
        ):
            raise ValueError("unexpected cache shape")
        self._decoded_rules: dict[int, tuple[str, str, Severity, str | None, str | None]] = {}
        self._decoded_spans: list[Span | None] = [None] * (len(self._spans) // _SPAN_WIDTH)
        #: Findings decoded so far, by id; each is built once and shared by every file with it.
        self.decoded: list[Diagnostic | None] = [None] * (len(self._findings) // _FINDING_WIDTH)

    def _string(self, i: int) -> str:
        if i < 0:
            raise IndexError(i)
        return self._strings[i]

    def _rule(self, i: int) -> tuple[str, str, Severity, str | None, str | None]:
        if i < 0:
            raise IndexError(i)
        code, name, severity, source, plugin = self._rules[i * _RULE_WIDTH : (i + 1) * _RULE_WIDTH]
        severity_text = self._string(severity)
        known = _SEVERITY.get(severity_text)
        if known is None:
            raise ValueError(severity_text)
        rule = self._decoded_rules[i] = (
            self._string(code),
            self._string(name),
            known,
            None if source == _NONE else self._string(source),
            None if plugin == _NONE else self._string(plugin),
        )
        return rule

    def _span(self, i: int) -> Span:
        if i < 0:
            raise IndexError(i)
        span = self._decoded_spans[i] = Span(*self._spans[i * _SPAN_WIDTH : (i + 1) * _SPAN_WIDTH])
        return span

    def decode(self, i: int) -> Diagnostic:
        """Finding ``i`` as a :class:`Diagnostic` (``IndexError``, ``TypeError`` or
        ``ValueError`` if the tables do not hold a valid one).

        This runs once per distinct finding (~100,000 for the benchmark corpus), so the common
        case calls no helper: rules and spans are decoded once each and then looked up."""
        if i < 0:
            raise IndexError(i)
        start = i * _FINDING_WIDTH
        rule, message, hint, where = self._findings[start : start + _FINDING_WIDTH]
        code, name, severity, source, plugin = self._decoded_rules.get(rule) or self._rule(rule)
        if message < 0 or hint < _NONE:
            raise IndexError(message)
        strings = self._strings
        message_text = strings[message]
        hint_text = None if hint == _NONE else strings[hint]
        if where == _NONE:
            span = None
        else:
            span = self._decoded_spans[where] if where >= 0 else None
            if span is None:
                span = self._span(where)
        d = Diagnostic(code, name, severity, message_text, span, hint_text, source, plugin)
        self.decoded[i] = d
        return d


class _Encoder:
    """Builds the tables of a cache file being written: each string, rule, span and finding once.

    Ids start after the items of the tables written before (``strings`` and the others count
    them), so that new items can be appended to those tables unchanged."""

    def __init__(self, strings: int = 0, rules: int = 0, spans: int = 0, findings: int = 0) -> None:
        self._bases = (strings, rules, spans, findings)
        self.strings: dict[str, int] = {}
        self.rules = array(_INT32)
        self.spans = array(_INT32)
        self.findings = array(_INT32)
        self._rule_ids: dict[tuple[str, str, str, str | None, str | None], int] = {}
        self._span_ids: dict[Span, int] = {}
        self._finding_ids: dict[Diagnostic, int] = {}

    @property
    def total_findings(self) -> int:
        """Findings in the tables once these are added to the earlier ones."""
        return self._bases[3] + len(self._finding_ids)

    def sections(self) -> list[bytes]:
        return [
            *_pack_strings(list(self.strings)),
            self.rules.tobytes(),
            self.spans.tobytes(),
            self.findings.tobytes(),
        ]

    def _text(self, value: str | None) -> int:
        if value is None:
            return _NONE
        i = self.strings.get(value)
        if i is None:
            i = self.strings[value] = self._bases[0] + len(self.strings)
        return i

    def finding(self, d: Diagnostic) -> int:
        """The id of ``d`` in the tables, adding it if new; ``ValueError`` (before anything is
        added) for a finding the layout cannot hold: a plugin's span beyond 32 bits, a message
        that is not a string. Its file is then not remembered, only checked again."""
        i = self._finding_ids.get(d)
        if i is not None:
            return i
        _check_storable(d)
        rule = (d.code, d.name, d.severity, d.source, d.plugin)
        r = self._rule_ids.get(rule)
        if r is None:
            r = self._rule_ids[rule] = self._bases[1] + len(self._rule_ids)
            self.rules.extend([self._text(value) for value in rule])
        where = _NONE
        if d.span is not None:
            where = self._span_ids.get(d.span, _NONE)
            if where == _NONE:
                where = self._span_ids[d.span] = self._bases[2] + len(self._span_ids)
                self.spans.extend([d.span.line, d.span.column, d.span.end_line, d.span.end_column])
        i = self._finding_ids[d] = self._bases[3] + len(self._finding_ids)
        self.findings.extend([r, self._text(d.message), self._text(d.hint), where])
        return i


def _check_storable(d: Diagnostic) -> None:
    if not all(isinstance(text, str) for text in (d.code, d.name, d.message)) or d.severity not in SEVERITIES:
        raise ValueError("a finding the cache cannot hold")
    if not all(text is None or isinstance(text, str) for text in (d.hint, d.source, d.plugin)):
        raise ValueError("a finding the cache cannot hold")
    span = d.span
    if span is not None and not (
        isinstance(span, Span)
        and all(
            type(n) is int and _INT32_MIN <= n <= _INT32_MAX
            for n in (span.line, span.column, span.end_line, span.end_column)
        )
    ):
        raise ValueError("a finding the cache cannot hold")


# ------------------------------------------------------------------------------------ file layout
#: Sections of the index part and of the tables part, in order.
_INDEX_SECTIONS = 10
_TABLE_SECTIONS = 5


def _pack_strings(items: Sequence[str]) -> list[bytes]:
    """Strings as two sections: their lengths (in characters) and their concatenated text.
    Any string survives, a path with a NUL or an undecodable byte included."""
    lengths = array(_UINT32, map(len, items))
    return [lengths.tobytes(), "".join(items).encode("utf-8", "surrogatepass")]


def _strings(lengths: memoryview | bytes, text: memoryview | bytes) -> list[str]:
    counts = _array(_UINT32, lengths)
    joined = bytes(text).decode("utf-8", "surrogatepass")
    ends = list(accumulate(counts))
    if (ends[-1] if ends else 0) != len(joined):
        raise ValueError("unexpected cache shape")
    return list(map(joined.__getitem__, map(slice, [0, *ends[:-1]], ends)))


def _array(code: str, data: memoryview | bytes) -> array[int]:
    values = array(code)
    values.frombytes(data)  # ValueError unless a whole number of items
    return values


def _split(data: memoryview, sizes: Sequence[int]) -> list[memoryview]:
    if any(type(n) is not int or n < 0 for n in sizes) or sum(sizes) != len(data):
        raise ValueError("unexpected cache shape")
    ends = list(accumulate(sizes))
    return [data[start:end] for start, end in zip([0, *ends[:-1]], ends, strict=True)]


def _checksum(part: bytes | memoryview) -> bytes:
    """The checksum of a part of the file: a BLAKE2b digest, as the content hashes (hashing is
    loaded anyway; ``zlib``'s CRC-32, which format 2 used, was an extension module to load)."""
    return blake2b(part, digest_size=_CHECKSUM_BYTES).digest()


def _write(index: list[bytes], tables: list[bytes], referenced: int) -> bytes:
    """A cache file: the format line (with the directory's length), the directory, then the index
    part and the tables part. ``referenced`` is at most the number of distinct findings the index
    refers to."""
    index_part = b"".join(index)
    tables_part = b"".join(tables)
    directory = marshal.dumps(
        {
            "byteorder": sys.byteorder,
            "index": (_checksum(index_part), [len(s) for s in index]),
            "tables": (_checksum(tables_part), [len(s) for s in tables]),
            "referenced": referenced,
        }
    )
    return b"%s %d %d\n" % (_MAGIC, CACHE_FORMAT, len(directory)) + directory + index_part + tables_part


def _read(data: bytes) -> tuple[_Index, bytes, tuple[bytes, list[int]], int | None]:
    """The index of a cache file, its tables part (still unread) with the part's checksum and
    section sizes, and the recorded bound on the findings referred to (``None`` if absent).
    ``ValueError`` (or another error of a malformed file) if it is not one of ours, is of another
    format, was written with the other byte order or does not match its checksum."""
    first = data.index(b"\n")
    magic, written_format, length = data[:first].split(b" ")
    if magic != _MAGIC or written_format != b"%d" % CACHE_FORMAT:
        raise ValueError("not a hamdsl lint cache of this format")
    second = first + 1 + int(length)
    try:
        directory = marshal.loads(data[first + 1 : second])
    except EOFError:
        raise ValueError("a truncated directory") from None
    if type(directory) is not dict:
        raise ValueError("unexpected cache shape")
    if directory["byteorder"] != sys.byteorder:
        raise ValueError("written on a machine of the other byte order")
    index_checksum, index_sizes = directory["index"]
    tables_checksum, tables_sizes = directory["tables"]
    if len(index_sizes) != _INDEX_SECTIONS or len(tables_sizes) != _TABLE_SECTIONS:
        raise ValueError("unexpected cache shape")
    if any(type(n) is not int or n < 0 for n in (*index_sizes, *tables_sizes)):
        raise ValueError("unexpected cache shape")
    body = memoryview(data)[second:]
    index_length = sum(index_sizes)
    index_part = body[:index_length]
    if _checksum(index_part) != index_checksum:
        raise ValueError("the index does not match its checksum")
    tables_part = body[index_length:]
    if len(tables_part) != sum(tables_sizes):
        raise ValueError("unexpected cache shape")
    referenced = directory.get("referenced")
    if type(referenced) is not int or referenced < 0:
        referenced = None
    tables = bytes(tables_part)
    return _Index(_split(index_part, index_sizes)), tables, (tables_checksum, tables_sizes), referenced
