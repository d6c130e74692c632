"""What the server keeps between requests: the client's capabilities (read once, at
``initialize``), the plugins and linter of the session, and the last analysis of each open buffer.

As in ruff's ``session/``: the handlers read these, and an open buffer is only ever checked from
the text the editor sent, never from the file on disk.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lsprotocol import types as lsp
from pygls import uris

from hamdsl.core.diagnostics import INTERNAL_ERROR, Diagnostic
from hamdsl.core.files import MAX_FILE_BYTES, too_large
from hamdsl.core.span import Span
from hamdsl.language.parser import Parser, ParseResult, default_parser, normalise_text
from hamdsl.lint.linter import LintedText, Linter, build_linter, internal_error, unreadable

if TYPE_CHECKING:
    from hamdsl.interpret.interpreter import Catalog
    from hamdsl.interpret.model import Model
    from hamdsl.plugins.host import PluginHost

#: Where an ``untitled:`` buffer (no file yet) is checked from: settings are looked up from here.
UNTITLED = "untitled.ham"


@dataclass(frozen=True, slots=True)
class ClientFlags:
    """What the client can do, resolved once at ``initialize`` (ruff's ``capabilities.rs``).

    ``pull_diagnostics``: the client declared ``textDocument.diagnostic``, so it asks for
    diagnostics and is never sent ``publishDiagnostics`` (Neovim 0.11 would show both copies).
    ``refresh_diagnostics``: it accepts ``workspace/diagnostic/refresh``, the only way to make a
    pulling client ask again when a configuration file changes. ``watch_files``: it lets the server
    register file watchers, so it reports edits of ``hamdsl.toml`` made outside the editor too.
    """

    pull_diagnostics: bool = False
    related_information: bool = False
    refresh_diagnostics: bool = False
    watch_files: bool = False

    @classmethod
    def from_capabilities(cls, capabilities: lsp.ClientCapabilities | None) -> ClientFlags:
        workspace = capabilities.workspace if capabilities else None
        refresh = workspace is not None and bool(
            workspace.diagnostics is not None and workspace.diagnostics.refresh_support
        )
        watch = workspace is not None and bool(
            workspace.did_change_watched_files is not None
            and workspace.did_change_watched_files.dynamic_registration
        )
        text = capabilities.text_document if capabilities else None
        if text is None:
            return cls(refresh_diagnostics=refresh, watch_files=watch)
        publish = text.publish_diagnostics
        pull = text.diagnostic
        related = bool(
            (publish is not None and publish.related_information)
            or (pull is not None and pull.related_information)
        )
        return cls(
            pull_diagnostics=pull is not None,
            related_information=related,
            refresh_diagnostics=refresh,
            watch_files=watch,
        )


@dataclass(frozen=True, slots=True)
class Analysis:
    """One version of one buffer, checked: its lines as hamdsl numbers them, the parse, and the
    findings ``hamdsl lint`` gives for it (with the rules' fixes)."""

    uri: str
    version: int | None
    text: str
    filename: str
    #: The buffer's lines as the editor counts them (LSP: split at CRLF, CR or LF), for turning
    #: hamdsl's columns (code points) into the client's units.
    lines: tuple[str, ...]
    #: The buffer starts with a byte-order mark: hamdsl drops it, so line 1's columns shift by one.
    bom: bool
    parsed: ParseResult | None
    lint: LintedText

    def line(self, number: int) -> str:
        """Line ``number`` (1-based) as hamdsl reads it (no byte-order mark), or ``""``."""
        if not 1 <= number <= len(self.lines):
            return ""
        text = self.lines[number - 1]
        return text[1:] if number == 1 and self.bom else text


def filename_for(uri: str) -> str:
    """The file a buffer is checked as: its path for a ``file:`` URI; otherwise (``untitled:``,
    a URI that is not one) a name in the current folder, so that settings are still found."""
    try:
        path = uris.to_fs_path(uri) if uri.startswith("file:") else None
    except Exception:  # a malformed URI: checked as an untitled buffer
        path = None
    return path or os.path.join(os.getcwd(), UNTITLED)


class Session:
    """The server's state. A plain class: one object per server, mutated only by its handlers."""

    __slots__ = ("_analyses", "_catalogs", "_disabled", "_host", "_linter", "_parser", "flags", "log")

    def __init__(self, disabled: frozenset[str] = frozenset()) -> None:
        self.flags = ClientFlags()
        self._disabled = disabled
        self._host: PluginHost | None = None
        self._linter: Linter | None = None
        self._analyses: dict[str, Analysis] = {}
        #: Per buffer, the analysis a catalog was made for and that catalog (:meth:`catalog_of`).
        self._catalogs: dict[str, tuple[Analysis, Catalog]] = {}
        #: Remembers the lines it read, so a check after a one-line edit parses one line.
        self._parser = Parser(remember_lines=True)
        #: Messages for the client's log (plugin warnings, crashes), taken by the server.
        self.log: list[str] = []

    # -- plugins and settings ----------------------------------------------------------------------
    @property
    def host(self) -> PluginHost:
        if self._host is None:
            from hamdsl.plugins import host as plugins

            self._host = plugins.load(plugins.disabled_names(self._disabled))
            self.log.extend(self._host.warnings)
            self._host.warnings.clear()
        return self._host

    @property
    def linter(self) -> Linter:
        if self._linter is None:
            self._linter = build_linter(self.host, parser=self._parser)
        return self._linter

    @property
    def catalog(self) -> Catalog:
        """The plugins' exercises alone; a buffer's names are read with :meth:`catalog_of`."""
        return self.linter.catalog

    def catalog_of(self, analysis: Analysis) -> Catalog:
        """The catalog ``hamdsl lint`` reads the buffer's names with: the plugins' exercises, the
        configuration's ``exercises`` and the buffer's ``exercise:`` lines (``catalog_for``), so
        that hover and completion know every name the linter accepts.

        A configuration that cannot be used is already the buffer's one finding; until it is
        fixed the buffer's own declarations still count, so hover does not call a name the file
        declares unknown."""
        from hamdsl.config.settings import ConfigError
        from hamdsl.interpret.interpreter import catalog_for

        if analysis.parsed is None:
            return self.catalog
        known = self._catalogs.get(analysis.uri)
        if known is not None and known[0] is analysis:
            return known[1]
        program = analysis.parsed.program
        try:
            settings = self.linter.settings.for_file(analysis.filename)
            catalog, _ = catalog_for(program, self.catalog, settings)
        except ConfigError:
            catalog, _ = catalog_for(program, self.catalog, None)
        self._catalogs[analysis.uri] = (analysis, catalog)
        return catalog

    def reload_settings(self) -> None:
        """Read configuration files again on the next check (a file may have been saved)."""
        if self._linter is not None:
            self._linter = build_linter(self.host, parser=self._parser)
        self._analyses.clear()
        self._catalogs.clear()

    # -- buffers -----------------------------------------------------------------------------------
    def analyse(self, uri: str, version: int | None, text: str) -> Analysis:
        """The analysis of this version of the buffer, made on first request and then kept."""
        known = self._analyses.get(uri)
        if known is not None and known.version == version and known.text == text:
            return known
        analysis = self._analyse(uri, version, text)
        self._analyses[uri] = analysis
        return analysis

    def forget(self, uri: str) -> None:
        self._analyses.pop(uri, None)
        self._catalogs.pop(uri, None)

    def _analyse(self, uri: str, version: int | None, text: str) -> Analysis:
        filename = filename_for(uri)
        bom = text.startswith("\ufeff")
        lines = tuple(normalise_text(text).split("\n"))
        if bom:
            lines = ("\ufeff" + lines[0], *lines[1:])
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > MAX_FILE_BYTES:
            found = LintedText((unreadable(too_large(filename, size)),), ((),))
        else:
            found = self._lint(text, filename)
        parsed = found.parsed
        if parsed is None and size <= MAX_FILE_BYTES:  # the check failed before parsing
            parsed = default_parser().parse(text)
        return Analysis(uri, version, text, filename, lines, bom, parsed, found)

    def _lint(self, text: str, filename: str) -> LintedText:
        """The linter's findings; a configuration or plugin that fails becomes one finding at 1:1
        and a line in the client's log, and the server carries on."""
        from hamdsl.config.settings import ConfigError

        try:
            return self.linter.lint_text(text, filename)
        except (KeyboardInterrupt, SystemExit):
            raise
        except ConfigError as exc:
            self.log.append(f"configuration error: {exc}")
            code, name = INTERNAL_ERROR
            found = Diagnostic(
                code,
                name,
                "error",
                f"configuration error: {exc}",
                Span(1, 1, 1, 1),
                "fix the configuration file; until then hamdsl cannot check this file",
            )
        except Exception as exc:
            self.log.append(f"checking {filename} failed: {type(exc).__name__}: {exc}")
            found = internal_error("hamdsl", "the check", exc, Span(1, 1, 1, 1))
        return LintedText((found,), ((),))

    def model(self, analysis: Analysis) -> Model | None:
        """The interpreted routine of a buffer (what ``hamdsl summary`` counts), or ``None`` when it
        cannot be made (refused text, a configuration or plugin that fails)."""
        from hamdsl.plugins import pipeline

        if analysis.parsed is None:
            return None
        try:
            settings = self.linter.settings.for_file(analysis.filename)
            model, _ = pipeline.interpret(analysis.parsed.program, self.host, settings, self.catalog)
        except (KeyboardInterrupt, SystemExit):
            raise
        except Exception as exc:
            self.log.append(f"interpreting {analysis.filename} failed: {type(exc).__name__}: {exc}")
            return None
        return model
