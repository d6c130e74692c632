"""Reading routine files and finding them in folders: the one place that turns paths into text.

Every command that reads routines goes through here, so every command gives the same messages for
a missing path, a folder without routines, a binary file or text that is not UTF-8.

Paths are strings here, handled with ``os.path``, as everywhere on the lint path: importing
``pathlib`` costs a cold ``hamdsl lint`` about 4 ms, since it brings ``urllib.parse`` and
``ipaddress`` with it (benchmarks/README.md). Functions take a ``pathlib.Path`` as well.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable

SUFFIX = ".ham"
#: Files above this size are refused before reading, so a stray log file cannot exhaust memory
#: (docs/language.md, "Limits").
MAX_FILE_BYTES = 1024 * 1024


class SourceError(Exception):
    """A path that cannot be read as a routine; the message starts with the path."""


class Collected:
    """The files found for some paths, in a stable order, and the paths that were not usable."""

    __slots__ = ("errors", "files")

    def __init__(self, files: tuple[str, ...], errors: tuple[str, ...]) -> None:
        self.files = files
        self.errors = errors


def collect(paths: Iterable[str]) -> Collected:
    """Files as given, and ``*.ham`` files found recursively (sorted) under folders.

    A file named explicitly is taken whatever its suffix, as ruff does: the user asked for it.
    """
    files: list[str] = []
    errors: list[str] = []
    seen: set[str] = set()
    raws = list(paths)
    # One argument cannot name a file twice (a folder walk finds each file once): no bookkeeping.
    track = len(raws) > 1
    for raw in raws:
        path = clean(raw)
        if os.path.isdir(path):
            found = _routines_under(path)
            if not found:
                errors.append(f"{raw}: no {SUFFIX} files found in this folder")
        elif os.path.lexists(path):
            found = [path]
        else:
            errors.append(f"{raw}: no such file or folder")
            continue
        if not track:
            files.extend(found)
            continue
        for p in found:
            if p not in seen:
                seen.add(p)
                files.append(p)
    return Collected(tuple(files), tuple(errors))


def clean(raw: str) -> str:
    """``raw`` spelled as ``str(pathlib.Path(raw))`` spells it, so that ``./a.ham``, ``a.ham`` and
    ``a//b/`` name a file once and print alike: repeated separators and ``.`` parts dropped, no
    trailing separator, ``.`` for nothing. ``..`` stays, since what it means depends on links.
    Elsewhere than POSIX (drives, two separators) ``pathlib`` itself does it."""
    if os.sep != "/" or os.altsep:
        from pathlib import Path

        return str(Path(raw))
    parts = [part for part in raw.split("/") if part and part != "."]
    root = "//" if raw.startswith("//") and not raw.startswith("///") else "/" if raw.startswith("/") else ""
    return root + "/".join(parts) or "."


def _routines_under(folder: str) -> list[str]:
    """The ``*.ham`` files under ``folder``, in the order of their path components (as sorting
    ``Path`` objects gives). Hidden files and folders are skipped, and so are linked folders
    (as ``Path.rglob`` does, which also keeps a link loop from walking forever); a linked file
    is taken when its target is a file.

    A walk with ``os.scandir`` rather than ``rglob``: for 10,000 files the ``pathlib`` version
    spent most of a cached re-lint's time building and comparing ``Path`` objects.
    """
    found: list[tuple[tuple[str, ...], str]] = []
    stack: list[tuple[str, tuple[str, ...]]] = [(folder, ())]
    while stack:
        directory, parts = stack.pop()
        try:
            with os.scandir(directory) as entries:
                listing = list(entries)
        except OSError:
            continue
        for entry in listing:
            name = entry.name
            if name.startswith("."):
                continue
            # Under the current folder, "a.ham" rather than "./a.ham", as pathlib spells it.
            path = name if directory == os.curdir else entry.path
            try:
                if entry.is_dir() and not entry.is_symlink():
                    stack.append((path, (*parts, os.path.normcase(name))))
                elif os.path.normcase(name).endswith(SUFFIX) and entry.is_file():
                    found.append(((*parts, os.path.normcase(name)), path))
            except OSError:
                continue
    found.sort()
    return [path for _, path in found]


def read_source(path: str | os.PathLike[str]) -> str:
    """The text of a routine file; :class:`SourceError` with a clear message when it is not one."""
    try:
        if os.path.isdir(path):
            raise SourceError(f"{path}: is a folder, not a routine file")
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            raise SourceError(
                f"{path}: the file is {size // (1024 * 1024)} MiB; routines over "
                f"{MAX_FILE_BYTES // (1024 * 1024)} MiB are refused"
            )
        with open(path, "rb") as handle:
            data = handle.read()
    except SourceError:
        raise
    except FileNotFoundError:
        raise SourceError(f"{path}: no such file (a broken link?)") from None
    except PermissionError:
        raise SourceError(f"{path}: permission denied; check the file's read permission") from None
    except OSError as exc:
        raise SourceError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if b"\0" in data:
        raise SourceError(f"{path}: this is a binary file, not a routine (it contains NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceError(
            f"{path}:{line}:{column}: the file is not valid UTF-8 (byte 0x{data[exc.start]:02x}); "
            "save it as UTF-8 in your editor"
        ) from None


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace (or create) a file's content atomically: a temporary file in the same folder,
    fsync, then rename. A crash or a full disk leaves the old file or the new one, never half.

    An existing file keeps its permission bits; a symbolic link is followed, so the link stays a
    link and its target gets the new content. :class:`SourceError` says what went wrong.
    """
    import tempfile  # only writers need it (with shutil and random): not on the lint path

    target = os.path.realpath(path)
    if os.path.islink(target):  # realpath stops at a link it cannot resolve: a loop
        raise SourceError(f"{path}: cannot write: the symbolic link is a loop (it leads back to itself)")
    folder, name = os.path.split(target)
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode) if os.path.exists(target) else 0o666 & ~_umask()
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise SourceError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)  # mkstemp creates 0600
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise SourceError(f"{path}: cannot write: {exc.strerror or exc}") from None
    _fsync_dir(folder)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _fsync_dir(folder: str) -> None:
    """Make the rename itself durable; best effort, as not every system can open a folder."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
