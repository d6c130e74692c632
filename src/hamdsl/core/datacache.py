"""The user cache directory, and shipped data files.

hamdsl keeps two caches there, each safe to lose: the lint results (:mod:`hamdsl.lint.cache`) and the
analysed grammar that Lark writes through its ``cache=`` option (:mod:`hamdsl.language.parser`).
``$HAMDSL_CACHE_DIR`` moves the directory (see :func:`cache_dir`); deleting it is always safe.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from hashlib import blake2b
from typing import Any


def cache_dir() -> str | None:
    """The user cache directory hamdsl writes to: ``$HAMDSL_CACHE_DIR``, else
    ``%LOCALAPPDATA%\\hamdsl`` on Windows and ``$XDG_CACHE_HOME/hamdsl`` or ``~/.cache/hamdsl``
    elsewhere; ``None`` where there is none.

    Both caches use this one folder: the grammar's and the lint results'.
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


def fingerprint(value: Any) -> str:
    """A stable short hash, for cache keys, of settings (or anything with a deterministic ``repr``)."""
    return blake2b(repr(value).encode(), digest_size=12).hexdigest()
