"""Small files in the user cache directory that spare each run work done by the last one.

Start-up is the whole cost of linting one file from an editor or a pre-commit hook, and part of it
is the same every time: finding the installed plugins, parsing a data file a plugin ships. This
module keeps such results between runs. Each cache is safe to lose: it is keyed by everything its
value depends on, written atomically, and a file that is missing, unreadable, corrupt or stale is
ignored and rewritten, never an error. ``$HAMDSL_CACHE_DIR`` moves the directory (see
:func:`cache_dir`); deleting it is always safe.

Plugins may use :func:`cached_parse` for their own data files (docs/plugins.md).
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Callable
from typing import Any


def cache_dir() -> str | None:
    """The user cache directory hamdsl writes to: ``$HAMDSL_CACHE_DIR``, else
    ``%LOCALAPPDATA%\\hamdsl`` on Windows and ``$XDG_CACHE_HOME/hamdsl`` or ``~/.cache/hamdsl``
    elsewhere; ``None`` where there is none.

    Every cache uses this one folder: the grammar's, the lint results', the plugin list and the
    data files. It is defined here, not in the parser, so that finding plugins does not import
    the parser. Paths on the lint path are strings, handled with ``os.path``: importing
    ``pathlib`` costs a cold start about 4 ms (it brings ``urllib.parse`` and ``ipaddress``).
    """
    explicit = os.environ.get("HAMDSL_CACHE_DIR")
    if explicit:
        return explicit
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return os.path.join(base, "hamdsl") if base else None
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return os.path.join(xdg, "hamdsl")
    home = os.path.expanduser("~")
    if home == "~" or not os.path.isabs(home):  # no home directory to be found: no caches
        return None
    return os.path.join(home, ".cache", "hamdsl")


def package_text(package: str, *parts: str) -> str:
    """The text of a data file shipped inside ``package`` (already imported), such as the grammar
    or a plugin's catalog.

    Start-up reads such files on every run, so a plain file next to the package's module (every
    ordinary installation) is opened directly: ``importlib.resources`` costs milliseconds of
    imports, more than the read. An installation that is not a folder of files (a zip) is read
    through ``importlib.resources``.
    """
    folder = os.path.dirname(getattr(sys.modules[package], "__file__", None) or "")
    try:
        with open(os.path.join(folder, *parts), encoding="utf-8") as handle:
            return handle.read()
    except OSError:
        from importlib import resources

        return resources.files(package).joinpath(*parts).read_text(encoding="utf-8")


#: First bytes of every file :func:`write_data` writes; the number changes with the layout.
_DATA_HEADER = b"hamdsl data 1\n"


def read_data(
    path: str | os.PathLike[str], *, header: bytes = _DATA_HEADER, limit: int | None = None
) -> Any:
    """The value :func:`write_data` stored in ``path`` under ``header``, or ``None`` when it is
    missing, unreadable, larger than ``limit`` bytes or not such a file.

    The files are ``marshal`` data, the format of Python's own ``.pyc`` files: reading one is a
    copy into objects, where JSON would first need ``json`` imported (about 2 ms of a cold start)
    and then parsed. hamdsl's code cache (:mod:`hamdsl.compiled`) is such a file too, with a
    header of its own.
    """
    import marshal

    try:
        with open(path, "rb") as handle:
            data = handle.read() if limit is None else handle.read(limit + 1)
        if not data.startswith(header) or (limit is not None and len(data) > limit):
            return None
        return marshal.loads(memoryview(data)[len(header) :])
    except (OSError, EOFError, ValueError, TypeError):
        return None


def write_data(path: str | os.PathLike[str], value: Any, *, header: bytes = _DATA_HEADER) -> bool:
    """Write ``value`` (plain data: see :func:`cached_parse`) to ``path`` after ``header``,
    atomically (a reader sees the old file or the new one, never half); a directory that cannot
    be created or written, or a value ``marshal`` cannot store, is ignored. True if it was
    written."""
    import marshal

    from hamdsl.files import SourceError, write_atomic

    try:
        data = header + marshal.dumps(value)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        write_atomic(path, data)
    except (OSError, SourceError, TypeError, ValueError):
        return False
    return True


#: A cache file of another version, interpreter or environment that nothing has written for this
#: long is deleted when a file of its kind is written.
STALE_AFTER_DAYS = 30


def remove_stale(
    keep: str,
    prefix: str,
    *,
    also: Callable[[str], bool] | None = None,
    only: Callable[[str], bool] | None = None,
) -> None:
    """Delete the files next to ``keep`` whose names start with ``prefix`` (and pass ``only``)
    and that nothing has written for :data:`STALE_AFTER_DAYS` (and those ``also`` names, whatever
    their age).

    Each version of hamdsl or of a plugin, each environment and each edit of an editable install
    starts cache files of its own; without this they would pile up. They are left for a month,
    not deleted at once: two environments that share the cache folder (an editor's, pre-commit's)
    would otherwise delete each other's files on every run and redo the work each time. A file
    still in use elsewhere that is deleted is only made again by its next run.
    """
    import time

    cutoff = time.time() - STALE_AFTER_DAYS * 86400
    with contextlib.suppress(OSError):
        folder, kept = os.path.split(keep)
        with os.scandir(folder) as entries:
            for entry in entries:
                name = entry.name
                if not name.startswith(prefix) or name == kept or (only is not None and not only(name)):
                    continue
                with contextlib.suppress(OSError):
                    if (also is not None and also(name)) or entry.stat().st_mtime < cutoff:
                        os.unlink(entry.path)


def digest(data: bytes) -> str:
    """A 40-hex-digit BLAKE2b digest of ``data``, for cache keys.

    Taken from ``_blake2``, the module ``hashlib`` itself takes BLAKE2 from, when it is there:
    importing ``hashlib`` also loads OpenSSL, which costs a cold start more than the hashing.
    """
    try:
        from _blake2 import blake2b
    except ImportError:  # an interpreter without it still has hashlib's
        from hashlib import blake2b
    return blake2b(data, digest_size=20).hexdigest()


#: Characters a cache file name may contain; any other in a ``name`` becomes ``_``.
_NAME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")

#: Changes when the layout of the files :func:`cached_parse` writes changes.
_PARSE_FORMAT = 2


def cached_parse(name: str, text: str, parse: Callable[[str], Any], *, version: str = "") -> Any:
    """``parse(text)``, kept in the user cache directory between runs.

    Meant for a data file a plugin ships and parses on every run (the built-in catalog parses its
    TOML this way): the result is stored (see :func:`write_data`), keyed by ``name``, ``version``
    and a hash of ``text``, so an edited file is parsed again. Bump ``version`` when what
    ``parse`` returns for the same text changes. The result must be plain data: dicts, lists,
    tuples, sets, strings, bytes, numbers, booleans and ``None``, nested as deep as need be.
    Anything else (a date, an instance of a class, a subclass of ``str``) or anything that would
    not come back equal to itself (a NaN) is returned uncached. Exceptions from ``parse``
    propagate.
    """
    key = digest(f"{_PARSE_FORMAT}\0{name}\0{version}\0".encode() + text.encode("utf-8", "surrogatepass"))
    folder = cache_dir()
    stem = "data-" + "".join(c if c in _NAME_CHARS else "_" for c in name[:64]) + "-"
    path = os.path.join(folder, f"{stem}{key}.bin") if folder is not None else None
    if path is not None:
        cached = read_data(path)
        if type(cached) is tuple and len(cached) == 2 and cached[0] == key:
            return cached[1]
    value = parse(text)
    if path is not None and _round_trips(value) and write_data(path, (key, value)):
        from hamdsl.compiled import regex

        # Only this name's files: "data-catalog-" also begins the files of "catalog-keys".
        own = regex(re.escape(stem) + r"[0-9a-f]{40}\.(?:bin|json)")
        remove_stale(path, stem, only=lambda name: own.fullmatch(name) is not None)
    return value


def _round_trips(value: Any) -> bool:
    """Whether ``value`` comes back from the cache file equal to itself and of the same types, so
    a cached run sees what an uncached one would. ``marshal`` stores only plain data, refusing
    the rest (subclasses too), so equality after a round trip is the whole test."""
    import marshal

    try:
        return bool(marshal.loads(marshal.dumps(value)) == value)
    except (TypeError, ValueError, RecursionError):
        return False
