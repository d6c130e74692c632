"""The lint pipeline for one file: parse → interpret → transform hooks → rules → suppressions.

Nothing here knows a rule. Rules come from plugins; each runs inside its own ``try`` so a rule
that raises becomes an ``internal-error`` diagnostic naming the plugin and the rule, and the file's
other rules still run (sqlfluff's ``core/rules/base.py`` does the same).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hamdsl.config.settings import ConfigError
from hamdsl.core.diagnostics import INTERNAL_ERROR, IO_ERROR, UNDECODABLE_TEXT, Diagnostic, Fix
from hamdsl.core.files import SourceError, read_source
from hamdsl.lint import suppression
from hamdsl.plugins.api import Finding, Rule, RuleContext
from hamdsl.plugins.host import PluginError

if TYPE_CHECKING:
    from hamdsl.config.settings import Settings, SettingsCache
    from hamdsl.core.contribution import Contribution
    from hamdsl.interpret.interpreter import Catalog
    from hamdsl.interpret.model import Model
    from hamdsl.language.nodes import Program
    from hamdsl.language.parser import Parser, ParseResult
    from hamdsl.plugins.host import PluginHost


@dataclass(frozen=True, slots=True)
class FileReport:
    """The outcome for one file. ``error`` is set when the file could not be read at all."""

    filename: str
    source: str | None
    diagnostics: tuple[Diagnostic, ...]
    #: Why the file could not be read (an I/O error: the run exits with 2); ``diagnostics`` then
    #: holds the matching E004 finding, so the machine formats list the file too.
    error: str | None = None

    @property
    def crashed(self) -> bool:
        """A plugin raised while checking: the run must exit with 2."""
        return any(d.code == INTERNAL_ERROR[0] for d in self.diagnostics)


@dataclass(frozen=True, slots=True)
class LintedText:
    """What :meth:`Linter.lint_text` found in one text: the diagnostics ``hamdsl lint`` reports for
    it, in the same order, and the fixes the rules attached to them.

    ``fixes[i]`` belongs to ``diagnostics[i]`` (empty when its rule offered none). The fixes live
    beside the diagnostics rather than in them, so that :class:`Diagnostic` keeps exactly the
    fields the result cache stores."""

    diagnostics: tuple[Diagnostic, ...]
    fixes: tuple[tuple[Fix, ...], ...]
    #: The parse the findings come from (``None`` when the text was not parsed at all).
    parsed: ParseResult | None = None


def build_linter(
    host: PluginHost,
    *,
    config: str | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    parser: Parser | None = None,
) -> Linter:
    """The linter ``hamdsl lint`` builds: ``host``'s rules, every option the run knows, and the
    settings found from each file's folder (or ``config``), ``select``/``ignore`` on top;
    ``parser`` is the process's shared one unless given."""
    from hamdsl.config.settings import SettingsCache
    from hamdsl.plugins.core_options import all_options

    cache = SettingsCache(all_options(host), explicit=config or None, select=select, ignore=ignore)
    return Linter(host, cache, parser)


def _position(d: Diagnostic) -> tuple[int, int]:
    """Sort key: line, then column; diagnostics without a place first."""
    span = d.span
    return (span.line, span.column) if span else (0, 0)


def internal_error(plugin: str, what: str, exc: BaseException, span: Any = None) -> Diagnostic:
    """The diagnostic for a plugin that raised: names the plugin and what it was doing."""
    code, name = INTERNAL_ERROR
    return Diagnostic(
        code=code,
        name=name,
        severity="error",
        message=f"{what} of plugin '{plugin}' raised {type(exc).__name__}: {exc}",
        span=span,
        hint=f"report this to the plugin's authors, or run with --disable-plugin {plugin}",
        plugin=plugin,
    )


def interpreter_error(exc: BaseException) -> Diagnostic:
    """The diagnostic for a file hamdsl's interpreter could not give a meaning to: a bug in hamdsl,
    not in a plugin or the file."""
    code, name = INTERNAL_ERROR
    return Diagnostic(
        code=code,
        name=name,
        severity="error",
        message=f"interpreting the file raised {type(exc).__name__}: {exc}",
        span=None,
        hint="this is a bug in hamdsl; please report it with the file",
    )


def unreadable(error: SourceError) -> Diagnostic:
    """The finding for a file :func:`~hamdsl.core.files.read_source` refused: E003 for bytes that are
    not UTF-8 text, at the first offending byte; E004 for a file that could not be read, at 1:1
    (ruff's E902). The path is not repeated in the message: every format names the file."""
    from hamdsl.language.nodes import Span

    code, name = UNDECODABLE_TEXT if error.undecodable else IO_ERROR
    span = Span(error.line, error.column, error.line, error.column + 1)
    return Diagnostic(code, name, "error", error.reason, span, error.hint)


def unknown_selector(selector: str, rules: dict[str, Any]) -> str | None:
    """Why ``selector`` selects no rule of ``rules`` (code → ``{"name": ...}``, as the CLI's rule
    table), with the closest codes and names; ``None`` when it selects some. ruff refuses an unknown selector
    for the same reason: a typo in ``--select`` would otherwise switch every check off in silence."""
    import difflib

    names = {entry["name"] for entry in rules.values()}
    if selector == "ALL" or selector in names or any(code.startswith(selector) for code in rules):
        return None
    if selector.upper() != selector and any(code.startswith(selector.upper()) for code in rules):
        close = [selector.upper()]  # codes are upper case
    else:
        close = difflib.get_close_matches(selector, [*sorted(rules), *sorted(names)], n=3, cutoff=0.6)
    hint = f"did you mean {' or '.join(repr(c) for c in close)}?" if close else "'hamdsl rules' lists them"
    return f"no rule has this code, code prefix or name; {hint}"


class _RuleSetup:
    """A rule, its plugin, and its options under one configuration (``settings.section``)."""

    __slots__ = ("options", "plugin", "rule")

    def __init__(self, rule: Rule, plugin: str, options: Mapping[str, Any]) -> None:
        self.rule = rule
        self.plugin = plugin
        self.options = options


class _Prepared:
    """What one :class:`~hamdsl.config.settings.Settings` decides for every file it covers, worked out
    on its first file instead of on each: the rules it enables with their options, and whether a
    code it reports is kept.

    Measured before: asking for each rule's options (a pass over every option value) and whether
    it is enabled, for every rule of every file, was a third of the time the rules took.
    Only ``per_file_ignores`` make the answers depend on the file's name (:meth:`Settings.is_enabled`
    reads the name for nothing else); with them, ``rules`` is ``None``, ``kept`` stays empty, and
    :class:`Linter` asks the settings for every file as before.
    """

    __slots__ = ("kept", "rules", "setups")

    def __init__(self, settings: Settings, contributions: Sequence[Contribution[Rule]]) -> None:
        _check_selectors(settings, contributions)
        self.setups = tuple(
            _RuleSetup(c.item, c.plugin, settings.section(c.item.name)) for c in contributions
        )
        self.rules: tuple[_RuleSetup, ...] | None = None
        if not settings.per_file_ignores:
            self.rules = tuple(
                s
                for s in self.setups
                if settings.is_enabled(s.rule.code, s.rule.name, s.rule.default_enabled, filename="")
            )
        self.kept: dict[tuple[str, str], bool] = {}


def _check_selectors(settings: Settings, contributions: Sequence[Contribution[Rule]]) -> None:
    """A configuration's selector that selects no rule stops the run, naming the file and key, as
    an unknown option does (the command line's own are checked before, by the CLI)."""
    from hamdsl.core.diagnostics import CORE_CHECKS

    rules: dict[str, Any] = {c.code: {"name": c.name} for c in CORE_CHECKS}
    rules.update({c.item.code: {"name": c.item.name} for c in contributions})
    lists = [("select", settings.select or ()), ("extend-select", settings.extend_select),
             ("ignore", settings.ignore)]
    lists += [("per-file-ignores", codes) for _, codes in settings.per_file_ignores]
    for key, selectors in lists:
        for selector in selectors:
            problem = unknown_selector(selector, rules)
            if problem is not None:
                raise ConfigError(f"{settings.where(key)}: {selector!r}: {problem}")


class Linter:
    """Checks files with the rules of one run. Build one per run; it is not shared between runs."""

    def __init__(self, host: PluginHost, settings: SettingsCache, parser: Parser | None = None) -> None:
        self.host = host
        self.settings = settings
        #: The parser, the process's shared one unless given; looked up on the first check, so a
        #: run whose every file comes from the result cache never imports Lark or the grammar.
        self._given_parser = parser
        self._rules: list[Contribution[Rule]] = host.rules()
        self._catalog: Catalog | None = None
        # Keyed by the settings object's id; the value holds the object, so the id stays its own.
        self._prepared: dict[int, tuple[Settings, _Prepared]] = {}

    def prepare(self) -> None:
        """Build what every check needs (the parser's Lark tables, the catalog) now rather than on
        the first file: worker processes forked afterwards inherit them instead of each building
        its own."""
        _ = self.parser.lark, self.catalog

    @property
    def parser(self) -> Parser:
        if self._given_parser is None:
            from hamdsl.language.parser import default_parser

            self._given_parser = default_parser()
        return self._given_parser

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            from hamdsl.interpret.interpreter import Catalog

            self._catalog = Catalog.from_contributions(self.host.exercises())
        return self._catalog

    def check_path(self, path: str | os.PathLike[str]) -> FileReport:
        filename = os.fspath(path)
        try:
            text = read_source(path)
        except SourceError as exc:
            # Text that is not UTF-8 is a finding (exit 1); a file not read at all is also an
            # error of the run (exit 2). Neither is cached: there is no text to hash.
            return FileReport(filename, None, (unreadable(exc),), error=None if exc.undecodable else str(exc))
        return FileReport(filename, text, tuple(self.check_text(text, filename)))

    def check_text(self, text: str, filename: str) -> list[Diagnostic]:
        """The findings in ``text``, checked as the file ``filename`` (whose folder decides the
        settings); the file itself is not read."""
        return self._check(text, filename, None)[0]

    def lint_text(self, text: str, filename: str) -> LintedText:
        """:meth:`check_text` with the fixes the rules offered, for an editor: ``hamdsl server``
        lints an unsaved buffer's text with this, as the file ``filename``."""
        fixes: dict[int, tuple[Fix, ...]] = {}
        diagnostics, parsed = self._check(text, filename, fixes)
        return LintedText(tuple(diagnostics), tuple(fixes.get(id(d), ()) for d in diagnostics), parsed)

    def _check(
        self, text: str, filename: str, fixes: dict[int, tuple[Fix, ...]] | None
    ) -> tuple[list[Diagnostic], ParseResult]:
        """``fixes``, when given, collects each diagnostic's fixes by the diagnostic's ``id``."""
        settings = self.settings.for_file(filename)
        result = self.parser.parse(text)
        if not result.ok:
            return list(result.problems), result
        prepared = self._prepare(settings)
        diagnostics = self._run_rules(result.program, filename, settings, prepared, fixes)
        kept = suppression.apply(diagnostics, result.program.comments)
        if prepared.rules is None:
            kept = [
                d
                for d in kept
                if d.code == INTERNAL_ERROR[0] or settings.is_enabled(d.code, d.name, True, filename)
            ]
        else:
            # Without per-file ignores the answer depends on the code and name alone.
            memo = prepared.kept
            filtered: list[Diagnostic] = []
            for d in kept:
                keep = memo.get((d.code, d.name))
                if keep is None:
                    keep = memo[(d.code, d.name)] = d.code == INTERNAL_ERROR[0] or settings.is_enabled(
                        d.code, d.name, True, filename
                    )
                if keep:
                    filtered.append(d)
            kept = filtered
        kept.sort(key=_position)
        return kept, result

    def _prepare(self, settings: Settings) -> _Prepared:
        """The :class:`_Prepared` answers of ``settings``, worked out on its first file."""
        entry = self._prepared.get(id(settings))
        if entry is None or entry[0] is not settings:
            entry = (settings, _Prepared(settings, self._rules))
            self._prepared[id(settings)] = entry
        return entry[1]

    def _run_rules(
        self,
        program: Program,
        filename: str,
        settings: Settings,
        prepared: _Prepared,
        fixes: dict[int, tuple[Fix, ...]] | None = None,
    ) -> list[Diagnostic]:
        active = prepared.rules
        if active is None:
            active = tuple(
                s
                for s in prepared.setups
                if settings.is_enabled(s.rule.code, s.rule.name, s.rule.default_enabled, filename)
            )
        if not active:
            return []
        diagnostics: list[Diagnostic] = []
        try:
            model = self._model(program, settings, diagnostics)
        except (KeyboardInterrupt, SystemExit, ConfigError, PluginError):
            raise  # the run's own errors: a bad configuration or plugin set stops it with exit 2
        except Exception as exc:
            # hamdsl's own interpreter failed on this file: the file gets the error and no rule
            # runs on it; the run goes on to the other files, as ruff does after a panic.
            return [interpreter_error(exc)]
        for setup in active:
            rule = setup.rule
            # A fresh dict per rule and file, as before: a rule may not see another's options, nor
            # change what the next file sees.
            context = RuleContext(
                filename=filename,
                program=program,
                model=model,
                options=dict(setup.options),
                settings=settings,
            )
            try:
                findings: Sequence[Finding] = list(rule.check(context))
                for finding in findings:
                    if not isinstance(finding, Finding):
                        raise TypeError(f"it gave a {type(finding).__name__}, not a Finding")
            except (KeyboardInterrupt, SystemExit):
                raise
            except Exception as exc:
                diagnostics.append(internal_error(setup.plugin, f"rule {rule.code} ({rule.name})", exc))
                continue
            if not findings:
                continue
            code, name, severity, source, plugin = (
                rule.code,
                rule.name,
                rule.severity,
                rule.source,
                setup.plugin,
            )
            for finding in findings:
                # Positional: keyword arguments cost a third more, once per finding.
                diagnostic = Diagnostic(
                    code, name, severity, finding.message, finding.span, finding.hint, source, plugin
                )
                diagnostics.append(diagnostic)
                if fixes is not None and finding.fixes:
                    fixes[id(diagnostic)] = tuple(finding.fixes)
        return diagnostics

    def _model(self, program: Program, settings: Settings, diagnostics: list[Diagnostic]) -> Model:
        from hamdsl.plugins import pipeline

        model, failures = pipeline.interpret(program, self.host, settings, self.catalog)
        for plugin, exc in failures:
            diagnostics.append(internal_error(plugin, "the transform hook", exc))
        return model
