"""Writing diagnostics: ``full``, ``concise``, ``json``, ``github`` and ``sarif``.

The machine formats (``concise``, ``json``, ``github``, ``sarif``) are stable and documented in
docs/output.md; ``full`` is for people and may change. Colour comes only from rich and only when
the stream is a terminal, so piping output never carries escape codes. Text from a routine is
passed through :func:`safe` before it reaches a terminal, so a routine cannot send escape
sequences or bidirectional-override characters to it.

``lint`` imports this module to build its ``--format`` choices, so it imports nothing at module
level beyond ``re``: ``json`` is imported by the formats that write it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from hamdsl import __version__
from hamdsl.core.text import json_text, safe

if TYPE_CHECKING:
    from hamdsl.core.diagnostics import Diagnostic
    from hamdsl.lint.linter import FileReport

FORMATS = ("full", "concise", "json", "github", "sarif")
JSON_SCHEMA_VERSION = 1
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/hamdsl/"

#: The ``full`` format shows at most this many characters of a long line, around the problem.
EXCERPT_WIDTH = 120

def _location(d: Diagnostic) -> str:
    return f"{d.span.line}:{d.span.column}" if d.span else "1:1"


def write(
    reports: Sequence[FileReport], fmt: str, out: TextIO, *, color: bool, rules: dict[str, Any]
) -> None:
    """Write every report's diagnostics in ``fmt``. ``rules`` maps code → rule metadata for SARIF."""
    if fmt == "json":
        out.write(json_text(to_json(reports)) + "\n")
    elif fmt == "sarif":
        out.write(json_text(to_sarif(reports, rules)) + "\n")
    elif fmt == "github":
        for report in reports:
            for d in report.diagnostics:
                out.write(_github(report.filename, d) + "\n")
    elif fmt == "concise":
        for report in reports:  # one write per file: a cached re-lint is mostly this loop
            name = report.filename
            out.write(
                "".join(
                    safe(f"{name}:{_location(d)}: {d.code} [{d.severity}] {d.message}") + "\n"
                    for d in report.diagnostics
                )
            )
    else:
        _full(reports, out, color=color)


def to_json(reports: Sequence[FileReport]) -> list[dict[str, Any]]:
    """The ``json`` format: one object per diagnostic (schema in docs/output.md)."""
    items: list[dict[str, Any]] = []
    for report in reports:
        for d in report.diagnostics:
            items.append(
                {
                    "code": d.code,
                    "name": d.name,
                    "severity": d.severity,
                    "message": d.message,
                    "hint": d.hint,
                    "source": d.source,
                    "plugin": d.plugin,
                    "filename": report.filename,
                    "location": {"row": d.span.line, "column": d.span.column} if d.span else None,
                    "end_location": {"row": d.span.end_line, "column": d.span.end_column} if d.span else None,
                }
            )
    return items


def _github_escape(text: str, *, prop: bool) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def _github(filename: str, d: Diagnostic) -> str:
    level = {"error": "error", "warning": "warning", "info": "notice"}[d.severity]
    # A control or bidi character in a path is shown escaped like everywhere else (GitHub then
    # cannot match the annotation to that file, a fair price for such a name).
    props = [f"file={_github_escape(safe(filename), prop=True)}"]
    if d.span:
        props += [
            f"line={d.span.line}",
            f"col={d.span.column}",
            f"endLine={d.span.end_line}",
            f"endColumn={d.span.end_column}",
        ]
    props.append(f"title={_github_escape(f'hamdsl {d.code} ({d.name})', prop=True)}")
    message = d.message + (f" Hint: {d.hint}" if d.hint else "")
    return f"::{level} {','.join(props)}::{_github_escape(safe(message), prop=False)}"


def to_sarif(reports: Sequence[FileReport], rules: dict[str, Any]) -> dict[str, Any]:
    """SARIF 2.1.0 with one run; ``rules`` gives each code's name, summary and severity."""
    used = sorted({d.code for r in reports for d in r.diagnostics})
    descriptors = []
    for code in used:
        meta = rules.get(code, {})
        descriptors.append(
            {
                "id": code,
                "name": meta.get("name", code),
                "shortDescription": {"text": meta.get("summary") or meta.get("name", code)},
                "defaultConfiguration": {"level": _sarif_level(meta.get("severity", "warning"))},
            }
        )
    index = {code: i for i, code in enumerate(used)}
    results = []
    for report in reports:
        for d in report.diagnostics:
            region: dict[str, int] = {}
            if d.span:
                region = {
                    "startLine": d.span.line,
                    "startColumn": d.span.column,
                    "endLine": d.span.end_line,
                    "endColumn": max(d.span.end_column, d.span.column),
                }
            location: dict[str, Any] = {"artifactLocation": {"uri": report.filename.replace("\\", "/")}}
            if region:
                location["region"] = region
            results.append(
                {
                    "ruleId": d.code,
                    "ruleIndex": index[d.code],
                    "level": _sarif_level(d.severity),
                    "message": {"text": d.message + (f" Hint: {d.hint}" if d.hint else "")},
                    "locations": [{"physicalLocation": location}],
                }
            )
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "hamdsl",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": descriptors,
                    }
                },
                "results": results,
            }
        ],
    }


def _sarif_level(severity: str) -> str:
    return {"error": "error", "warning": "warning", "info": "note"}.get(severity, "warning")


def _full(reports: Sequence[FileReport], out: TextIO, *, color: bool) -> None:
    """The ``full`` format: location, code and message; the line with carets; hint and source.

    On a terminal the lines go through rich (colour); elsewhere they are plain text, and rich is
    not even imported.
    """
    style = _Style(color)
    emit = style.writer(out)
    for report in reports:
        lines = report.source.split("\n") if report.source is not None else []
        for d in report.diagnostics:
            head = f"{report.filename}:{_location(d)}:"
            emit(
                f"{style('bold', safe(head))} {style(_SEVERITY_STYLE[d.severity], d.code)} "
                f"{style('dim', f'[{d.name}]')} {style('', safe(d.message))}"
            )
            if d.span and 0 < d.span.line <= len(lines):
                text = lines[d.span.line - 1]
                gutter = str(d.span.line)
                pad = " " * len(gutter)
                start = max(d.span.column, 1)
                end = d.span.end_column if d.span.end_line == d.span.line else len(text) + 1
                width = max(1, min(end, len(text) + 1) - start)
                if len(text) > EXCERPT_WIDTH:  # show a window around the problem, not the whole line
                    low = max(0, min(start - 1 - EXCERPT_WIDTH // 2, len(text) - EXCERPT_WIDTH))
                    high = low + EXCERPT_WIDTH
                    text = ("…" if low else "") + text[low:high] + ("…" if high < len(text) else "")
                    start = start - low + (1 if low else 0)
                    width = max(1, min(width, EXCERPT_WIDTH + 1 - (start - 1)))
                # The line is shown escaped (a control or bidi character takes 4 or 6 columns as
                # \x07 or \u202e), so the carets are placed by the escaped text before and under
                # the problem, not by the raw columns. A tab is shown as one space.
                shown = text.expandtabs(1)
                before = safe(shown[: start - 1])
                marked = safe(shown[start - 1 : start - 1 + width])
                emit(style("blue", pad + " |"))
                emit(f"{style('blue', gutter + ' |')} {style('', safe(shown))}")
                carets = style(_SEVERITY_STYLE[d.severity], "^" * max(1, len(marked)))
                emit(f"{style('blue', pad + ' |')} {' ' * len(before)}{carets}")
            if d.hint:
                emit(f"  {style('cyan', '= hint:')} {style('', safe(d.hint))}")
            if d.source:
                emit(f"  {style('dim', '= source:')} {style('', safe(d.source))}")
            emit("")


_SEVERITY_STYLE = {"error": "bold red", "warning": "bold yellow", "info": "bold cyan"}


class _Style:
    """Rich markup on a terminal, plain text elsewhere; call it with a style and a text."""

    def __init__(self, color: bool) -> None:
        self._color = color

    def __call__(self, style: str, text: str) -> str:
        if not self._color:
            return text
        from rich.markup import escape

        return f"[{style}]{escape(text)}[/]" if style else escape(text)

    def writer(self, out: TextIO) -> Any:
        if not self._color:
            return lambda line: out.write(line + "\n")
        from rich.console import Console

        console = Console(file=out, force_terminal=True, highlight=False, soft_wrap=True)
        return lambda line: console.print(line)


def statistics(reports: Sequence[FileReport], out: TextIO, output_format: str = "full") -> None:
    """``--statistics``: how often each code fired, most frequent first; with ``--format json``
    a list of ``{"code", "name", "count"}`` objects in the same order, as ruff gives it."""
    counts: Counter[tuple[str, str]] = Counter()
    for report in reports:
        for d in report.diagnostics:
            counts[(d.code, d.name)] += 1
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if output_format == "json":
        from hamdsl.core.text import json_text

        out.write(json_text([{"code": c, "name": n, "count": k} for (c, n), k in ordered]) + "\n")
        return
    for (code, name), count in ordered:
        out.write(f"{count:>5}  {code:<8} {name}\n")
