"""``hamdsl lint PATH...``: check routines and report findings.

Files are checked in parallel processes (``-j``), unchanged files come from the result cache, and
findings are written file by file in a stable order (the order the files were found), so memory
stays flat however many files a coach checks.
"""

from __future__ import annotations

import io
import os
import time
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from argparse import ArgumentParser, Namespace

    from hamdsl.cli.main import Context
    from hamdsl.lint.linter import FileReport, Linter
    from hamdsl.plugins.host import PluginHost

HELP = "check routines against the training principles and report findings"

#: Below this many files to check, worker processes cost more than they save.
PARALLEL_THRESHOLD = 32
#: Files handed to a worker at a time: large enough to amortise the hand-over.
CHUNK_SIZE = 64
#: A run that takes longer than this on a terminal shows a progress bar on stderr.
PROGRESS_AFTER_SECONDS = 1.0
#: Formats written file by file; the others need every finding before they can be written.
STREAMING_FORMATS = ("full", "concise", "github")
#: Streaming formats that are plain text whatever the stream: a worker can write them for the
#: parent (``full`` may be coloured and laid out for the parent's terminal).
WORKER_FORMATS = ("concise", "github")


def add_arguments(parser: ArgumentParser) -> None:
    from hamdsl.lint.report import FORMATS

    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="routine files, or folders searched for *.ham"
    )
    parser.add_argument(
        "--format",
        "--output-format",
        dest="format",
        choices=FORMATS,
        default="full",
        help="output format (default: full; machine formats are documented in docs/output.md)",
    )
    parser.add_argument("--config", metavar="FILE", help="use this configuration file instead of searching")
    parser.add_argument(
        "--statistics", action="store_true", help="count findings per rule instead of listing them"
    )
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    parser.add_argument(
        "--select",
        action="append",
        default=[],
        metavar="CODE",
        help="check only these codes, prefixes or names (comma-separated, repeatable)",
    )
    parser.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="CODE",
        help="skip these codes, prefixes or names (comma-separated, repeatable)",
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=0,
        metavar="N",
        help="check files in N processes (default: one per core)",
    )
    parser.add_argument(
        "--no-cache", action="store_true", help="check every file, neither reading nor writing the cache"
    )


class _Setup:
    """What a worker process needs to build the same linter as the parent (it must pickle)."""

    __slots__ = ("config", "disabled", "hash_source", "ignore", "keep_source", "select", "write_format")

    def __init__(
        self,
        disabled: frozenset[str],
        config: str | None,
        select: tuple[str, ...],
        ignore: tuple[str, ...],
        *,
        keep_source: bool = True,
        hash_source: bool = False,
        write_format: str | None = None,
    ) -> None:
        self.disabled = disabled
        self.config = config
        self.select = select
        self.ignore = ignore
        #: Whether the parent needs a file's text back from a worker (the full format's
        #: excerpts); otherwise the text is not pickled across at all.
        self.keep_source = keep_source
        #: Whether the parent needs each checked file's content hash (for the result cache); a
        #: worker sends the hash rather than the text.
        self.hash_source = hash_source
        #: The format a worker writes each file's findings in itself, when the parent would only
        #: pass them on (see :class:`_Written`); ``None`` when the parent needs the findings.
        self.write_format = write_format

    def linter(self, host: PluginHost | None = None) -> Linter:
        """The linter of this run; a worker loads its own plugins, the parent passes its host."""
        from hamdsl.lint.linter import build_linter
        from hamdsl.plugins import host as plugins

        host = host or plugins.load(self.disabled)
        return build_linter(host, config=self.config, select=self.select, ignore=self.ignore)


def _split(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(s.strip() for value in values for s in value.split(",") if s.strip())


def run(args: Namespace, ctx: Context) -> int:
    from hamdsl.cli.main import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, UsageError, collector_tuned
    from hamdsl.cli.terminal import is_terminal
    from hamdsl.core.files import collect
    from hamdsl.lint import report
    from hamdsl.plugins.host import disabled_names

    if args.jobs < 0:
        raise UsageError("-j/--jobs takes a number of processes, 1 or more (0 means one per core)")
    if args.statistics and args.format not in ("full", "concise", "json"):
        raise UsageError(
            f"--statistics prints a table or JSON; --format {args.format} lists findings one by one"
        )
    if args.config and not os.path.isfile(args.config):
        raise UsageError(f"{args.config}: no such configuration file")
    collected = collect(args.paths)
    for error in collected.errors:
        ctx.err.write(f"hamdsl: error: {report.safe(error)}\n")
    streaming = args.format in STREAMING_FORMATS and not args.statistics
    setup = _Setup(
        disabled_names(ctx.disabled_plugins),
        args.config,
        _split(args.select),
        _split(args.ignore),
        keep_source=args.format == "full",
        hash_source=not args.no_cache,
        # With the cache, the parent stores every finding, so it needs them whatever the format.
        write_format=args.format if streaming and args.no_cache and args.format in WORKER_FORMATS else None,
    )
    from hamdsl.lint.linter import unknown_selector

    host = ctx.host()
    rules = _rule_table(host)
    for flag, selectors in (("--select", setup.select), ("--ignore", setup.ignore)):
        for selector in selectors:
            problem = unknown_selector(selector, rules)
            if problem is not None:
                raise UsageError(f"{flag} {selector}: {problem}")
    linter = setup.linter(host)
    color = is_terminal(ctx.out)
    kept: list[FileReport] = []
    failed = bool(collected.errors)
    found = checked = 0
    with collector_tuned():
        for file_report, crashed in _check_all(collected.files, linter, setup, args, ctx):
            if file_report.error is not None:
                # A file that could not be read: said on stderr, exit 2, and its E004 finding is
                # written below like any other, so the machine formats list the file as well.
                ctx.err.write(f"hamdsl: error: {report.safe(file_report.error)}\n")
                failed = True
            checked += 1
            failed = failed or crashed
            if isinstance(file_report, _Written):  # a worker wrote the findings
                found += file_report.count
                ctx.out.write(file_report.text)
                continue
            found += len(file_report.diagnostics)
            if not file_report.diagnostics:
                continue
            if streaming:
                report.write([file_report], args.format, ctx.out, color=color, rules=rules)
            else:
                kept.append(file_report)
    if args.statistics:
        report.statistics(kept, ctx.out, args.format)
    elif not streaming:
        report.write(kept, args.format, ctx.out, color=color, rules=rules)
    if args.format in ("full", "concise") and not args.statistics and is_terminal(ctx.err):
        ctx.err.write(
            f"{found} finding{'s' if found != 1 else ''} in {checked} file{'s' if checked != 1 else ''}\n"
        )
    if failed:
        return EXIT_ERROR
    if found and not args.exit_zero:
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _rule_table(host: PluginHost) -> dict[str, Any]:
    """Code → name, summary and severity of every rule and core check, for SARIF."""
    from hamdsl.core.diagnostics import CORE_CHECKS

    table = {c.code: {"name": c.name, "summary": c.summary, "severity": c.severity} for c in CORE_CHECKS}
    for contribution in host.rules():
        rule = contribution.item
        table[rule.code] = {"name": rule.name, "summary": rule.summary, "severity": rule.severity}
    return table


def _check_all(
    files: Sequence[str], linter: Linter, setup: _Setup, args: Namespace, ctx: Context
) -> Iterator[tuple[FileReport | _Written, bool]]:
    """Reports for ``files`` in their order, each with whether a plugin crashed on the file: from
    the cache where unchanged, else checked here or in worker processes (which send the findings
    already written when ``setup.write_format`` asks them to). The cache is saved at the end, also
    when the run is interrupted.

    Cached findings are decoded file by file as they are written, so a run holds one file's
    findings at a time, whether they come from the cache or from a check."""
    progress = _Progress(ctx, len(files))
    try:
        if args.no_cache:
            for file_report, _ in _check(files, linter, setup, args.jobs):
                progress.advance()
                yield file_report, file_report.crashed
            return
        yield from _check_cached(files, linter, setup, args, progress)
    finally:
        progress.stop()


def _check_cached(
    files: Sequence[str], linter: Linter, setup: _Setup, args: Namespace, progress: _Progress
) -> Iterator[tuple[FileReport, bool]]:
    from hamdsl.lint.cache import LintCache, code_stamp
    from hamdsl.lint.linter import FileReport

    infos = linter.host.infos.values()
    cache = LintCache.open(code_stamp((i.name, i.version, i.module) for i in infos))
    try:
        # First every file's verdict (a stat and a look in the index), so that the files to
        # check can go to the workers while the cached ones are written.
        plan: list[tuple[str, int | None, os.stat_result | None, str]] = []
        pending: list[str] = []
        key_for = linter.settings.key_for
        for path in files:
            filename = str(path)
            key = key_for(filename)
            hit, stat = cache.lookup(filename, key)
            plan.append((filename, hit, stat, key))
            if hit is None:
                pending.append(path)
        checked = _check(pending, linter, setup, args.jobs)
        full = args.format == "full"
        for path, (filename, hit, stat, key) in zip(files, plan, strict=True):
            diagnostics = None if hit is None else cache.diagnostics(hit)
            if diagnostics is not None:
                # A cached file never crashed: such a result is not stored.
                source = _source_for(path) if full and diagnostics else None
                progress.advance()
                yield FileReport(filename, source, diagnostics), False
                continue
            checked_report: FileReport | _Written
            if hit is None:
                checked_report, digest = next(checked)
            else:  # an index entry whose findings cannot be decoded: check the file here
                checked_report, digest = _check_here(path, linter, setup)
            # With the cache the run needs every finding, so workers never write (write_format).
            assert not isinstance(checked_report, _Written)
            file_report = checked_report
            crashed = file_report.crashed
            if stat is not None and digest is not None and not crashed:
                cache.store(file_report.filename, stat, digest, key, file_report.diagnostics)
            progress.advance()
            yield file_report, crashed
    finally:
        cache.save()


def _source_for(path: str) -> str | None:
    """The text behind cached findings, for the full format's excerpts."""
    from hamdsl.core.files import SourceError, read_source

    try:
        return read_source(path)
    except SourceError:
        return None


def _check_here(path: str, linter: Linter, setup: _Setup) -> tuple[FileReport, bytes | None]:
    """Check one file in this process: its report, and its content hash if the run needs it
    (``None`` for a file that could not be read)."""
    file_report = linter.check_path(path)
    digest = None
    if file_report.source is not None:
        if setup.hash_source:
            from hamdsl.lint.cache import content_hash

            digest = content_hash(file_report.source.encode("utf-8"))
        if not file_report.diagnostics or not setup.keep_source:
            # No excerpt to show: do not keep (or, in a worker, ship back) the text.
            file_report = type(file_report)(
                file_report.filename, None, file_report.diagnostics, file_report.error
            )
    return file_report, digest


def _check(
    files: Sequence[str], linter: Linter, setup: _Setup, jobs: int
) -> Iterator[tuple[FileReport | _Written, bytes | None]]:
    """Check files here, or in ``jobs`` worker processes when there are enough of them; each
    report comes with its file's content hash when the run needs it.

    Worker processes start at once, not on the first report asked for: a run with cached files
    before the changed ones writes those while the workers check."""
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(files) < PARALLEL_THRESHOLD:
        return (_check_here(path, linter, setup) for path in files)
    results = _check_in_workers(files, linter, setup, jobs)
    next(results)  # runs up to the workers' start
    return cast("Iterator[tuple[FileReport | _Written, bytes | None]]", results)


def _check_in_workers(
    files: Sequence[str], linter: Linter, setup: _Setup, jobs: int
) -> Iterator[tuple[FileReport | _Written, bytes | None] | None]:
    """``None`` once the workers have their files, then the reports in order."""
    from concurrent.futures import ProcessPoolExecutor

    # Build the parser's expressions and the catalog before the workers fork, so that each
    # inherits them instead of building them again.
    linter.prepare()
    chunks = [files[i : i + CHUNK_SIZE] for i in range(0, len(files), CHUNK_SIZE)]
    unpack = _Unpacker()
    with ProcessPoolExecutor(max_workers=jobs, initializer=_worker_start, initargs=(setup,)) as pool:
        batches = pool.map(_worker_check, chunks)
        yield None
        for batch in batches:
            for packed in batch:
                yield (packed, None) if isinstance(packed, _Written) else unpack(packed)


#: One file's result as a worker sends it: filename, text (``None`` unless the parent shows
#: excerpts), read error, content hash, and each finding as its field values with the span as a
#: tuple. Plain tuples of strings and numbers, because pickling frozen dataclasses runs Python
#: code per object on both sides: for 10,000 files (221,754 findings) that was 1.6 s of the
#: workers' time and 1.8 s of the parent's, which competes with two workers for two cores.
_Packed = tuple[str, str | None, str | None, bytes | None, tuple[tuple[Any, ...], ...]]


def _pack(file_report: FileReport, digest: bytes | None) -> _Packed:
    return (
        file_report.filename,
        file_report.source,
        file_report.error,
        digest,
        tuple(
            (
                d.code,
                d.name,
                d.severity,
                d.message,
                (d.span.line, d.span.column, d.span.end_line, d.span.end_column) if d.span else None,
                d.hint,
                d.source,
                d.plugin,
            )
            for d in file_report.diagnostics
        ),
    )


class _Unpacker:
    """Turns a worker's :data:`_Packed` results back into reports, in the parent. Equal spans
    become one shared ``Span`` (frozen, so sharing is safe): there are few distinct ones."""

    def __init__(self) -> None:
        from hamdsl.core.diagnostics import Diagnostic
        from hamdsl.language.nodes import Span
        from hamdsl.lint.linter import FileReport

        self._diagnostic = Diagnostic
        self._report = FileReport
        self._span_type = Span
        self._spans: dict[tuple[int, int, int, int], Span] = {}

    def __call__(self, packed: _Packed) -> tuple[FileReport, bytes | None]:
        filename, source, error, digest, rows = packed
        diagnostic, spans = self._diagnostic, self._spans
        diagnostics = []
        for code, name, severity, message, where, hint, origin, plugin in rows:
            span = None
            if where is not None:
                span = spans.get(where)
                if span is None:
                    span = spans[where] = self._span_type(*where)
            diagnostics.append(diagnostic(code, name, severity, message, span, hint, origin, plugin))
        return self._report(filename, source, tuple(diagnostics), error), digest


class _Written:
    """One file's findings as a worker wrote them in ``setup.write_format``.

    For ``--no-cache`` runs in a machine format, the parent only passes findings on in file
    order. Rebuilding each finding there from a worker's tuple and writing it again cost the
    parent about 60 ms per 1,000 files of the benchmark corpus, time that competes with the
    workers for the cores; writing it in the worker costs what writing it in the parent did,
    and the parent is left to copy text out.
    """

    __slots__ = ("count", "crashed", "error", "filename", "text")

    def __init__(self, filename: str, error: str | None, crashed: bool, count: int, text: str) -> None:
        self.filename = filename
        self.error = error
        self.crashed = crashed
        self.count = count
        self.text = text


# A worker process builds its linter once, in the initializer, and keeps it for its lifetime.
# This is per-process state of a worker, never touched by the parent.
_worker_linter: list[tuple[_Setup, Linter]] = []


def _worker_start(setup: _Setup) -> None:
    from hamdsl.cli.main import tune_collector

    # What the worker inherited from the parent (modules, the parser, the catalog) lives as long
    # as the worker, which only checks files: the collector is tuned for that, and turned on
    # whatever state the worker started in, for good.
    tune_collector()
    _worker_linter.append((setup, setup.linter()))


def _worker_check(paths: Sequence[str]) -> list[_Packed] | list[_Written]:
    ((setup, linter),) = _worker_linter
    if setup.write_format is None:
        return [_pack(*_check_here(path, linter, setup)) for path in paths]
    from hamdsl.lint import report

    rules = _rule_table(linter.host)
    written = []
    for path in paths:
        file_report, _ = _check_here(path, linter, setup)
        text = io.StringIO()
        report.write([file_report], setup.write_format, text, color=False, rules=rules)
        count = len(file_report.diagnostics)
        written.append(
            _Written(file_report.filename, file_report.error, file_report.crashed, count, text.getvalue())
        )
    return written


class _Progress:
    """A rich progress bar on stderr, shown only on a terminal and only once a run has lasted
    :data:`PROGRESS_AFTER_SECONDS`; rich is imported only then."""

    def __init__(self, ctx: Context, total: int) -> None:
        from hamdsl.cli.terminal import is_terminal

        self._enabled = total > 1 and is_terminal(ctx.err)
        self._ctx = ctx
        self._total = total
        self._done = 0
        self._start = time.monotonic()
        self._bar: Any = None
        self._task: Any = None

    def advance(self) -> None:
        self._done += 1
        if not self._enabled:
            return
        if self._bar is None:
            if time.monotonic() - self._start < PROGRESS_AFTER_SECONDS:
                return
            from rich.console import Console
            from rich.progress import Progress

            self._bar = Progress(console=Console(file=self._ctx.err), transient=True)
            self._bar.start()
            self._task = self._bar.add_task("linting", total=self._total, completed=self._done)
        else:
            self._bar.update(self._task, completed=self._done)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
