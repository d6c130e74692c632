"""Reading routine files and finding them in folders: the one place that turns paths into text.

Every command that reads routines goes through here, so every command gives the same messages for
a missing path, a folder without routines, a binary file or text that is not UTF-8.

Paths are strings here, handled with ``os.path``, as everywhere on the lint path: importing
``pathlib`` costs a cold ``hamdsl lint`` about 4 ms, since it brings ``urllib.parse`` and
``ipaddress`` with it (measured in an earlier session: benchmarks/README.md at 01ef558).
Functions take a ``pathlib.Path`` as well.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
from collections.abc import Iterable

SUFFIX = ".ham"
#: Files above this size are refused before reading, so a stray log file cannot exhaust memory
#: (docs/language.md, "Limits").
MAX_FILE_BYTES = 1024 * 1024


class SourceError(Exception):
    """A path that cannot be read as a routine; the message (``str()``) starts with the path.

    ``reason`` is the message without the path, for a diagnostic that names the file on its
    own. ``undecodable`` tells text that is binary or not UTF-8 (a finding about the file's
    content, E003) from a file that could not be read at all (an I/O error, E004); for the
    former, ``line`` and ``column`` point at the first offending byte.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        reason: str,
        *,
        hint: str | None = None,
        line: int = 1,
        column: int = 1,
        undecodable: bool = False,
    ) -> None:
        where = f"{os.fspath(path)}:{line}:{column}" if undecodable else os.fspath(path)
        super().__init__(f"{where}: {reason}" + (f"; {hint}" if hint else ""))
        self.path = os.fspath(path)
        self.reason = reason
        self.hint = hint
        self.line = line
        self.column = column
        self.undecodable = undecodable


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
        else:
            # A file named explicitly, even one that is not there: reading it reports it (E004),
            # so it has its row in every output format, as ruff reports a missing path (E902).
            found = [path]
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
    is taken when its target is a file. A ``*.ham`` that is a device, a pipe or a socket is
    taken too (see :func:`_special`): :func:`read_source` refuses it without opening it.

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
                elif os.path.normcase(name).endswith(SUFFIX) and (entry.is_file() or _special(entry)):
                    found.append(((*parts, os.path.normcase(name)), path))
            except OSError:
                continue
    found.sort()
    return [path for _, path in found]


def _special(entry: os.DirEntry[str]) -> bool:
    """Whether ``entry`` is (or links to) something that exists but is neither a file nor a
    folder: a device, a named pipe, a socket. Such a ``*.ham`` is taken, so that reading it
    refuses it (unopened) and the run reports it like any file it cannot read, instead of
    leaving it out unsaid. A broken link is left out, as ``Path.rglob`` leaves it."""
    try:
        return not entry.is_dir() and not stat.S_ISREG(entry.stat().st_mode)
    except OSError:
        return False


def read_source(path: str | os.PathLike[str]) -> str:
    """The text of a routine file; :class:`SourceError` with a clear message when it is not one.

    The path is checked with ``stat`` (links followed) before it is opened: a device, a named pipe
    or a socket is refused unopened, since opening one can block (a pipe without a writer) or
    never end (``/dev/zero``). The file is then opened without blocking and checked again on the
    open handle, so a path swapped for such a thing in between is refused as well. At most
    :data:`MAX_FILE_BYTES` plus one byte is read whatever ``stat`` said, so a file that grows
    while it is read, or reports a wrong size, is still refused at the limit.
    """
    try:
        info = os.stat(path)
        _check_kind(path, info.st_mode)
        if info.st_size > MAX_FILE_BYTES:
            raise too_large(path, info.st_size)
        with open(path, "rb", buffering=0, opener=_open_nonblocking) as handle:
            _check_kind(path, os.fstat(handle.fileno()).st_mode)
            data = _read_at_most(handle, info.st_size)
    except SourceError:
        raise
    except FileNotFoundError:
        reason = "no such file (a broken link)" if os.path.islink(path) else "no such file or folder"
        raise SourceError(path, reason) from None
    except PermissionError:
        raise SourceError(path, "permission denied; check the file's read permission") from None
    except OSError as exc:
        raise SourceError(path, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise too_large(path, len(data))
    return decode(path, data)


def decode(path: str | os.PathLike[str], data: bytes) -> str:
    """``data`` as text, or a :class:`SourceError` with ``undecodable`` set that points at the
    first NUL byte or the first byte that is not UTF-8 (line and column as the parser counts
    them: characters, 1-based)."""
    nul = data.find(b"\0")
    if nul >= 0:
        line, column = _position(data, nul)
        raise SourceError(
            path,
            "this is a binary file, not a routine (it contains NUL bytes)",
            hint="hamdsl reads routines written as UTF-8 text; is this the file you meant?",
            line=line,
            column=column,
            undecodable=True,
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position(data, exc.start)
        raise SourceError(
            path,
            f"the file is not valid UTF-8 (byte 0x{data[exc.start]:02x})",
            hint="save it as UTF-8 in your editor",
            line=line,
            column=column,
            undecodable=True,
        ) from None


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """Line and column of byte ``offset``: the column counts the characters before it on its
    line (an undecodable byte counts as one), as a column in the parser's text would."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    return line, len(data[line_start:offset].decode("utf-8", errors="replace")) + 1


#: What a path that is not a regular file is, for the message refusing it.
_KINDS = (
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
)


def _check_kind(path: str | os.PathLike[str], mode: int) -> None:
    """Refuse anything but a regular file, saying what it is."""
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise SourceError(path, "is a folder, not a routine file")
    kind = next((name for test, name in _KINDS if test(mode)), "a special file")
    raise SourceError(path, f"not a regular file ({kind}); hamdsl reads routine files only")


def _open_nonblocking(path: str, flags: int) -> int:
    """``os.open`` that cannot hang on a named pipe without a writer (the handle's kind is checked
    right after, before anything is read); no effect on a regular file."""
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))


def _read_at_most(handle: io.RawIOBase, size: int) -> bytes:
    """At most ``MAX_FILE_BYTES + 1`` bytes of ``handle``. The first read asks for the size
    ``stat`` gave plus one, so a normal file takes one read and the read that sees its end."""
    chunks: list[bytes] = []
    total = 0
    want = min(size, MAX_FILE_BYTES) + 1
    while total <= MAX_FILE_BYTES:
        chunk = handle.read(want)
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        want = max(MAX_FILE_BYTES + 1 - total, 1)
    return b"".join(chunks)


def too_large(path: str | os.PathLike[str], size: int) -> SourceError:
    """The refusal of a file over the limit; ``size`` is what ``stat`` said, or, for a file
    found larger than it said, the limit plus one (then the size is not known). Public so that
    text that never was a file (an editor's buffer, in ``hamdsl server``) is refused alike."""
    limit = MAX_FILE_BYTES // (1024 * 1024)
    # One decimal: a whole number would round 1.9 MiB down to "1 MiB", which reads as allowed.
    told = f"{size / (1024 * 1024):.1f} MiB" if size > MAX_FILE_BYTES + 1 else f"over {limit} MiB"
    return SourceError(path, f"the file is {told}; routines over {limit} MiB are refused")


def write_atomic(path: str | os.PathLike[str], data: bytes, *, durable: bool = True) -> None:
    """Replace (or create) a file's content atomically: a temporary file in the same folder,
    fsync, then rename. A crash or a full disk leaves the old file or the new one, never half,
    and no temporary file is left behind, not even after Ctrl-C.

    An existing file keeps its permission bits; a symbolic link is followed, so the link stays a
    link and its target gets the new content. :class:`SourceError` says what went wrong.
    ``durable=False`` skips the two fsyncs, for files that may be lost in a power cut without
    harm (the lint cache): the rename is still atomic.
    """
    import tempfile  # only writers need it (with shutil and random): not on the lint path

    target = os.path.realpath(path)
    if os.path.islink(target):  # realpath stops at a link it cannot resolve: a loop
        raise SourceError(path, "cannot write: the symbolic link is a loop (it leads back to itself)")
    folder, name = os.path.split(target)
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode) if os.path.exists(target) else 0o666 & ~_umask()
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise SourceError(path, f"cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, mode)  # mkstemp creates 0600
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise SourceError(path, f"cannot write: {exc.strerror or exc}") from None
        raise
    if durable:
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
