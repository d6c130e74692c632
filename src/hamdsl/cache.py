"""The lint result cache: a file that has not changed is not checked again.

One cache file per combination of hamdsl version and plugin versions, in the user cache folder
(``$HAMDSL_CACHE_DIR`` or ``~/.cache/hamdsl``). Each entry is keyed by the file's absolute path and
remembers the file's size, modification time and content hash, a fingerprint of the settings in
force, and the diagnostics. An entry is used when the settings fingerprint matches and either the
size and modification time match or, when only the time changed, the content hash does.

Safety: the cache is read once and written once per run, atomically (temporary file, then
rename), so two concurrent runs can only overwrite each other with a valid cache. A cache file that
cannot be read or does not have the expected shape is ignored and rebuilt; it never stops a run.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hamdsl import __version__
from hamdsl.diagnostics import Diagnostic
from hamdsl.nodes import Span

CACHE_FORMAT = 1


def cache_root() -> Path | None:
    """``$HAMDSL_CACHE_DIR``, else the platform's user cache folder (shared with the grammar)."""
    from hamdsl.parser import _cache_dir

    return _cache_dir()


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def fingerprint(value: Any) -> str:
    """A stable short hash of settings (or anything with a deterministic ``repr``)."""
    return hashlib.blake2b(repr(value).encode(), digest_size=12).hexdigest()


def code_stamp(modules: Iterable[tuple[str, str | None, str]]) -> list[Any]:
    """What identifies the code that produced cached findings: hamdsl's version, each plugin's
    name and version, and the modification times of hamdsl's and the plugins' source files.

    Versions alone are not enough: an editable install (a plugin author's, or ours) changes the
    code without changing the version, and old findings must not survive that.
    """
    import sys

    stamps: list[Any] = [("hamdsl", __version__)]
    folders = {Path(__file__).parent}
    for name, version, module_name in modules:
        stamps.append((name, version or ""))
        module = sys.modules.get(module_name)
        file = getattr(module, "__file__", None)
        if file:
            path = Path(file)
            folders.add(path.parent if path.name == "__init__.py" else path)
    for folder in sorted(folders):
        files = folder.rglob("*") if folder.is_dir() else [folder]
        for path in files:
            if path.suffix in (".py", ".toml", ".lark", ".json"):
                try:
                    stamps.append((str(path), path.stat().st_mtime_ns))
                except OSError:
                    continue
    return stamps


def _encode(d: Diagnostic) -> list[Any]:
    span = [d.span.line, d.span.column, d.span.end_line, d.span.end_column] if d.span else None
    return [d.code, d.name, d.severity, d.message, span, d.hint, d.source, d.plugin]


def _decode(item: list[Any]) -> Diagnostic:
    code, name, severity, message, span, hint, source, plugin = item
    return Diagnostic(
        code=code,
        name=name,
        severity=severity,
        message=message,
        span=Span(*span) if span else None,
        hint=hint,
        source=source,
        plugin=plugin,
    )


@dataclass
class LintCache:
    """The cache of one run. ``plugins`` (name, version) pairs become part of the file name."""

    path: Path | None
    entries: dict[str, Any] = field(default_factory=dict)
    dirty: bool = False

    @classmethod
    def open(cls, code: Iterable[Any]) -> LintCache:
        """The cache for this code: ``code`` is :func:`code_stamp` of the run's plugins."""
        root = cache_root()
        if root is None:
            return cls(None)
        key = fingerprint((__version__, CACHE_FORMAT, sorted(code, key=repr)))
        path = root / f"lint-{key}.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
                raise ValueError("unexpected cache shape")
            entries = data["entries"]
            if not isinstance(entries, dict):
                raise ValueError("unexpected cache shape")
        except (OSError, ValueError, KeyError, TypeError):
            entries = {}
        return cls(path, entries)

    def lookup(
        self, path: Path, settings_key: str
    ) -> tuple[Sequence[Diagnostic] | None, os.stat_result | None]:
        """Cached diagnostics for an unchanged file, else ``None``; also the file's stat."""
        try:
            stat = path.stat()
        except OSError:
            return None, None
        entry = self.entries.get(str(path.resolve()))
        if not isinstance(entry, dict) or entry.get("settings") != settings_key:
            return None, stat
        try:
            if entry["size"] != stat.st_size:
                return None, stat
            if entry["mtime"] != stat.st_mtime_ns:
                if entry["hash"] != content_hash(path.read_bytes()):
                    return None, stat
                entry["mtime"] = stat.st_mtime_ns
                self.dirty = True
            return [_decode(item) for item in entry["diagnostics"]], stat
        except (OSError, KeyError, TypeError, ValueError):
            return None, stat

    def store(
        self,
        path: Path,
        stat: os.stat_result,
        text: str,
        settings_key: str,
        diagnostics: Sequence[Diagnostic],
    ) -> None:
        self.entries[str(path.resolve())] = {
            "size": stat.st_size,
            "mtime": stat.st_mtime_ns,
            "hash": content_hash(text.encode("utf-8")),
            "settings": settings_key,
            "diagnostics": [_encode(d) for d in diagnostics],
        }
        self.dirty = True

    def save(self) -> None:
        """Write the cache atomically; a folder that cannot be written just means no cache."""
        if self.path is None or not self.dirty:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".lint-", suffix=".tmp", dir=self.path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump(
                        {"format": CACHE_FORMAT, "entries": self.entries}, handle, separators=(",", ":")
                    )
                os.replace(tmp, self.path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            pass
