"""The pygls wiring of ``hamdsl server``: one handler per LSP method, each calling the feature
module that does the work (ruff's ``server/api/``), and the push-or-pull choice made at
``initialize``.

Settings are read again when a buffer is saved and when the client reports a changed
``hamdsl.toml`` or ``pyproject.toml``; after the latter every open buffer is checked again, since a
configuration covers many files and the editor shows findings of buffers nobody is typing in.

Faults stay contained: a rule or plugin that raises is one ``E002`` finding (the linter's), any
other failure of a handler is a line in the client's log and an empty answer; the server keeps
serving. It exits with 0 after ``shutdown`` and ``exit``, and when its client goes away (stdin
closed).
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer

from hamdsl import __version__
from hamdsl.config.settings import CONFIG_FILES
from hamdsl.server import actions, completion, diagnostics, hover, symbols
from hamdsl.server.positions import from_position
from hamdsl.server.protocol import HamProtocol
from hamdsl.server.session import Analysis, ClientFlags, Session, filename_for

T = TypeVar("T")
NAME = "hamdsl"
#: How long the server waits after a change before checking the buffer: typing is not interrupted
#: by a check of every keystroke.
DEBOUNCE_SECONDS = 0.3
#: The files a client that lets servers register watchers is asked to report: the ones
#: ``hamdsl lint`` takes its settings from, in any folder of the workspace.
WATCHED = tuple(f"**/{name}" for name in CONFIG_FILES)


class HamServer(LanguageServer):
    """A pygls ``LanguageServer`` with the hamdsl :class:`Session` it serves from."""

    def __init__(self, session: Session, debounce: float = DEBOUNCE_SECONDS) -> None:
        super().__init__(
            NAME,
            __version__,
            text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental,
            protocol_cls=HamProtocol,
        )
        self.session = session
        self.debounce = debounce
        self.exit_requested = False
        self.shutdown_requested = False
        self._pending: dict[str, asyncio.Task[None]] = {}
        #: Per buffer, the diagnostics last sent, by finding (see :func:`diagnostics.diagnostics`).
        self.shown: dict[str, dict[Any, lsp.Diagnostic]] = {}

    # -- document events (called by HamProtocol, after the workspace is up to date) ---------------
    def opened(self, uri: str) -> None:
        guarded(self, "checking", lambda: self.publish(uri))

    def changed(self, uri: str) -> None:
        guarded(self, "checking", lambda: self.publish_later(uri))

    def closed(self, uri: str) -> None:
        guarded(self, "closing", lambda: self.clear(uri))

    # -- configuration -----------------------------------------------------------------------------
    def watch_configuration(self) -> None:
        """Ask the client to report changes of configuration files: an edit of ``hamdsl.toml``
        is seldom made in a buffer the server sees, and never saved through one."""
        watchers = [lsp.FileSystemWatcher(glob_pattern=pattern) for pattern in WATCHED]
        registration = lsp.Registration(
            id=f"{NAME}-configuration",
            method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=lsp.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
        )
        sent = self.client_register_capability(lsp.RegistrationParams(registrations=[registration]))
        sent.add_done_callback(self.log_refusal("registering file watchers"))

    def configuration_changed(self) -> None:
        """Read the settings again and show every open buffer's findings under them: a changed
        ``select`` or ``exercises`` table changes the findings of buffers nobody is editing."""
        self.session.reload_settings()
        if not self.session.flags.pull_diagnostics:
            for uri in list(self.workspace.text_documents):
                guarded(self, "checking", lambda uri=uri: self.publish(uri))
        elif self.session.flags.refresh_diagnostics:
            refreshed = self.workspace_diagnostic_refresh(None)
            refreshed.add_done_callback(self.log_refusal("asking the client to pull diagnostics again"))
        # A client that pulls and cannot be asked to refresh gets the new findings at its next pull.

    def log_refusal(self, what: str) -> Callable[[Future[Any]], None]:
        """A callback for a request to the client: an error answer becomes a line in its log
        (nothing else waits for the answer, so nothing else would see it)."""

        def check(answer: Future[Any]) -> None:
            if answer.cancelled():  # at shutdown, pygls cancels what is still unanswered
                return
            error = answer.exception()
            if error is not None:
                self.log(f"{what} failed: {error}", lsp.MessageType.Warning)

        return check

    # -- helpers for the handlers -------------------------------------------------------------------
    def diagnostics(self, uri: str, analysis: Analysis) -> list[lsp.Diagnostic]:
        return diagnostics.diagnostics(
            analysis, self.codec(uri), self.session.flags, self.shown.setdefault(uri, {})
        )

    def analysis(self, uri: str) -> Analysis | None:
        """The analysis of an open buffer; ``None`` for a document the client has not opened (the
        server never checks a buffer from the file on disk)."""
        document = self.workspace.text_documents.get(uri)
        if document is None:
            self.log(f"{uri} is not open in the editor; nothing to check", lsp.MessageType.Warning)
            return None
        try:
            return self.session.analyse(uri, document.version, document.source)
        finally:
            self.flush_log()

    def codec(self, uri: str) -> Any:
        return self.workspace.get_text_document(uri).position_codec

    def log(self, message: str, kind: lsp.MessageType = lsp.MessageType.Info) -> None:
        self.window_log_message(lsp.LogMessageParams(type=kind, message=f"hamdsl: {message}"))

    def flush_log(self) -> None:
        while self.session.log:
            self.log(self.session.log.pop(0), lsp.MessageType.Warning)

    def publish(self, uri: str) -> None:
        """Push the buffer's findings, to a client that does not pull them."""
        if self.session.flags.pull_diagnostics:
            return
        analysis = self.analysis(uri)
        if analysis is None:
            return
        found = self.diagnostics(uri, analysis)
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, version=analysis.version, diagnostics=found)
        )

    def publish_later(self, uri: str) -> None:
        """:meth:`publish` once the buffer has not changed for :attr:`debounce` seconds."""
        if self.session.flags.pull_diagnostics:
            return
        pending = self._pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        if self.debounce <= 0:
            self.publish(uri)
            return
        self._pending[uri] = asyncio.ensure_future(self._publish_after(uri))

    async def _publish_after(self, uri: str) -> None:
        await asyncio.sleep(self.debounce)
        self._pending.pop(uri, None)
        guarded(self, "publishing diagnostics", lambda: self.publish(uri))

    def clear(self, uri: str) -> None:
        pending = self._pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        self.session.forget(uri)
        self.shown.pop(uri, None)
        if not self.session.flags.pull_diagnostics:
            self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


def guarded(server: HamServer, what: str, work: Any, default: Any = None) -> Any:
    """Run a handler's work; an exception becomes a line in the client's log and ``default``."""
    try:
        return work()
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:
        server.log(f"{what} failed: {type(exc).__name__}: {exc}", lsp.MessageType.Error)
        return default


def answer(server: HamServer, uri: str, what: str, work: Callable[[Analysis], T], default: T) -> T:
    """A request about an open buffer: ``work`` on its analysis, guarded (:func:`guarded`);
    ``default`` for a buffer the client has not opened."""

    def run() -> T:
        analysis = server.analysis(uri)
        return default if analysis is None else work(analysis)

    result: T = guarded(server, what, run, default)
    return result


def build_server(session: Session | None = None, debounce: float = DEBOUNCE_SECONDS) -> HamServer:
    """The server with every feature registered."""
    server = HamServer(session or Session(), debounce)

    @server.feature(lsp.INITIALIZE)
    def initialize(ls: HamServer, params: lsp.InitializeParams) -> None:
        ls.session.flags = ClientFlags.from_capabilities(params.capabilities)

    @server.feature(lsp.INITIALIZED)
    def initialized(ls: HamServer, params: lsp.InitializedParams) -> None:
        mode = "pulls" if ls.session.flags.pull_diagnostics else "gets pushed"
        ls.log(f"hamdsl {__version__} serving; the client {mode} diagnostics")
        if ls.session.flags.watch_files:
            guarded(ls, "registering file watchers", ls.watch_configuration)

    # didOpen, didChange and didClose are HamProtocol's, which calls HamServer.opened, .changed
    # and .closed (see hamdsl.server.protocol).

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: HamServer, params: lsp.DidSaveTextDocumentParams) -> None:
        ls.session.reload_settings()  # a configuration file may have changed with it
        guarded(ls, "checking", lambda: ls.publish(params.text_document.uri))

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched_files(ls: HamServer, params: lsp.DidChangeWatchedFilesParams) -> None:
        # A client may report other files too (a watcher of its own): only settings matter here.
        names = {os.path.basename(filename_for(change.uri)) for change in params.changes}
        if names & set(CONFIG_FILES):
            guarded(ls, "reading the configuration", ls.configuration_changed)

    @server.feature(
        lsp.TEXT_DOCUMENT_DIAGNOSTIC,
        lsp.DiagnosticOptions(identifier=NAME, inter_file_dependencies=False, workspace_diagnostics=False),
    )
    def pull(ls: HamServer, params: lsp.DocumentDiagnosticParams) -> lsp.RelatedFullDocumentDiagnosticReport:
        uri = params.text_document.uri
        none: list[lsp.Diagnostic] = []
        items = answer(ls, uri, "checking", lambda a: ls.diagnostics(uri, a), none)
        return lsp.RelatedFullDocumentDiagnosticReport(items=items)

    @server.feature(lsp.TEXT_DOCUMENT_FORMATTING)
    def formatting(ls: HamServer, params: lsp.DocumentFormattingParams) -> list[lsp.TextEdit]:
        uri = params.text_document.uri
        return answer(ls, uri, "formatting", lambda a: actions.formatted(a, ls.codec(uri)), [])

    @server.feature(
        lsp.TEXT_DOCUMENT_COMPLETION,
        lsp.CompletionOptions(trigger_characters=[" ", ","], resolve_provider=False),
    )
    def complete(ls: HamServer, params: lsp.CompletionParams) -> lsp.CompletionList:
        uri = params.text_document.uri

        def work(analysis: Analysis) -> list[lsp.CompletionItem]:
            line, column = from_position(analysis, params.position, ls.codec(uri))
            catalog = ls.session.catalog_of(analysis)
            return completion.complete(analysis.line(line)[: column - 1], catalog)

        return lsp.CompletionList(is_incomplete=False, items=answer(ls, uri, "completion", work, []))

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def on_hover(ls: HamServer, params: lsp.HoverParams) -> lsp.Hover | None:
        uri = params.text_document.uri

        def work(analysis: Analysis) -> lsp.Hover | None:
            line, column = from_position(analysis, params.position, ls.codec(uri))
            text = hover.hover(ls.session, analysis, line, column)
            ls.flush_log()
            if not text:
                return None
            return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=text))

        return answer(ls, uri, "hover", work, None)

    @server.feature(
        lsp.TEXT_DOCUMENT_CODE_ACTION,
        lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix, lsp.CodeActionKind.Source]),
    )
    def code_action(ls: HamServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        uri = params.text_document.uri

        def work(analysis: Analysis) -> list[lsp.CodeAction]:
            codec = ls.codec(uri)
            first, _ = from_position(analysis, params.range.start, codec)
            last, _ = from_position(analysis, params.range.end, codec)
            found = actions.code_actions(analysis, first, last, codec, ls.session.flags)
            only = params.context.only
            if only:
                found = [a for a in found if a.kind and any(a.kind.startswith(k) for k in only)]
            return found

        return answer(ls, uri, "code actions", work, [])

    @server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def document_symbol(ls: HamServer, params: lsp.DocumentSymbolParams) -> list[lsp.DocumentSymbol]:
        uri = params.text_document.uri
        return answer(ls, uri, "document symbols", lambda a: symbols.document_symbols(a, ls.codec(uri)), [])

    @server.feature(lsp.TEXT_DOCUMENT_FOLDING_RANGE)
    def folding_range(ls: HamServer, params: lsp.FoldingRangeParams) -> list[lsp.FoldingRange]:
        return answer(ls, params.text_document.uri, "folding ranges", symbols.folding_ranges, [])

    @server.feature(lsp.SHUTDOWN)
    def shutdown(ls: HamServer, params: None) -> None:
        ls.shutdown_requested = True

    @server.feature(lsp.EXIT)
    def on_exit(ls: HamServer, params: None) -> None:
        ls.exit_requested = True

    return server


def serve(disabled: frozenset[str] = frozenset()) -> int:
    """Serve on stdin/stdout until the client says ``exit`` or goes away; the exit code.

    stdout carries the protocol alone: anything else written to it (a plugin's ``print``) would
    break the client's reading, so ``sys.stdout`` points at stderr while the server runs.
    """
    import gc

    gc.enable()  # a long-lived process makes garbage on every edit (hamdsl.__main__ starts it off)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr
    server = build_server(Session(disabled))
    server.start_io(stdin, stdout)
    # LSP: exit without shutdown first is exit code 1; a client that went away is not an error.
    return 1 if server.exit_requested and not server.shutdown_requested else 0
