"""The lint pipeline for one file: parse → interpret → transform hooks → rules → suppressions.

Nothing here knows a rule. Rules come from plugins; each runs inside its own ``try`` so a rule
that raises becomes an ``internal-error`` diagnostic naming the plugin and the rule, and the file's
other rules still run (sqlfluff's ``core/rules/base.py`` does the same).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hamdsl import suppression
from hamdsl.api import Finding, Rule, RuleContext
from hamdsl.diagnostics import INTERNAL_ERROR, Diagnostic
from hamdsl.files import SourceError, read_source

if TYPE_CHECKING:
    from hamdsl.interpreter import Catalog
    from hamdsl.model import Model
    from hamdsl.nodes import Program
    from hamdsl.parser import Parser
    from hamdsl.plugins import Contribution, PluginHost
    from hamdsl.settings import Settings, SettingsCache


@dataclass(frozen=True, slots=True)
class FileReport:
    """The outcome for one file. ``error`` is set when the file could not be read at all."""

    filename: str
    source: str | None
    diagnostics: tuple[Diagnostic, ...]
    error: str | None = None

    @property
    def crashed(self) -> bool:
        """A plugin raised while checking: the run must exit with 2."""
        return any(d.code == INTERNAL_ERROR[0] for d in self.diagnostics)


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


class Linter:
    """Checks files with the rules of one run. Build one per run; it is not shared between runs."""

    def __init__(self, host: PluginHost, settings: SettingsCache, parser: Parser | None = None) -> None:
        from hamdsl.parser import default_parser

        self.host = host
        self.settings = settings
        self._parser = parser or default_parser()
        self._rules: list[Contribution[Rule]] = host.rules()
        self._catalog: Catalog | None = None

    def prepare(self) -> None:
        """Build what every check needs (the parser's tables, the catalog) now rather than on the
        first file: worker processes forked afterwards inherit it."""
        _ = self._parser.lark, self.catalog

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            from hamdsl.interpreter import Catalog

            self._catalog = Catalog.from_contributions(self.host.exercises())
        return self._catalog

    def check_path(self, path: Path) -> FileReport:
        filename = str(path)
        try:
            text = read_source(path)
        except SourceError as exc:
            return FileReport(filename, None, (), error=str(exc))
        return FileReport(filename, text, tuple(self.check_text(text, filename)))

    def check_text(self, text: str, filename: str) -> list[Diagnostic]:
        settings = self.settings.for_file(filename)
        result = self._parser.parse(text)
        if not result.ok:
            return list(result.problems)
        diagnostics = self._run_rules(result.program, filename, settings)
        kept = suppression.apply(diagnostics, result.program.comments)
        kept = [
            d
            for d in kept
            if d.code == INTERNAL_ERROR[0] or settings.is_enabled(d.code, d.name, True, filename)
        ]
        kept.sort(key=lambda d: (d.span.line, d.span.column) if d.span else (0, 0))
        return kept

    def _run_rules(self, program: Program, filename: str, settings: Settings) -> list[Diagnostic]:
        active = [
            c
            for c in self._rules
            if settings.is_enabled(c.item.code, c.item.name, c.item.default_enabled, filename)
        ]
        if not active:
            return []
        diagnostics: list[Diagnostic] = []
        model = self._model(program, settings, diagnostics)
        for contribution in active:
            rule = contribution.item
            context = RuleContext(
                filename=filename,
                program=program,
                model=model,
                options=settings.section(rule.name),
                settings=settings,
            )
            try:
                findings: Sequence[Finding] = list(rule.check(context))
            except (KeyboardInterrupt, SystemExit):
                raise
            except Exception as exc:
                diagnostics.append(
                    internal_error(contribution.plugin, f"rule {rule.code} ({rule.name})", exc)
                )
                continue
            for finding in findings:
                diagnostics.append(
                    Diagnostic(
                        code=rule.code,
                        name=rule.name,
                        severity=rule.severity,
                        message=finding.message,
                        span=finding.span,
                        hint=finding.hint,
                        source=rule.source,
                        plugin=contribution.plugin,
                    )
                )
        return diagnostics

    def _model(self, program: Program, settings: Settings, diagnostics: list[Diagnostic]) -> Model:
        from hamdsl import pipeline

        model, failures = pipeline.interpret(program, self.host, settings, self.catalog)
        for plugin, exc in failures:
            diagnostics.append(internal_error(plugin, "the transform hook", exc))
        return model
