"""Document synchronisation that keeps nothing per notification.

pygls 2.1.1 tracks the open buffers with its own handlers for ``didOpen``, ``didChange`` and
``didClose``. Those handlers are generators (they update the workspace, then ``yield`` to the
server's handler), and pygls files a future for every generator it runs in a table that only
responses and cancellations empty. A notification gets no response, so each edit left about 2 KiB
behind: +18.7 MiB over the 10,000 edits of ``benchmarks/server.py``.

pygls documents the way to change its protocol: subclass ``LanguageServerProtocol`` and pass the
class as ``protocol_cls``, which pygls builds as ``protocol_cls(server, converter)`` (its guide
"How To Send Custom Messages", and the ``LanguageServer`` docstring). This subclass redefines the
three public handlers as plain functions with the same effect: the workspace bookkeeping through
the workspace's public methods, then the server's own method for the event. pygls runs a plain
function without filing anything.

The protocol keeps the server it was built with and calls it directly, rather than finding a
handler registered with ``@server.feature`` in pygls's table of features: that table is pygls's
business, and the three events need no registration to be advertised (pygls counts its own
handlers when it builds the ``textDocumentSync`` capability).

The server's methods must therefore be synchronous, as hamdsl's are: a coroutine returned here
would never be awaited. The debounce is hamdsl's own task (``HamServer.publish_later``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from lsprotocol import types as lsp
from pygls.protocol import LanguageServerProtocol, lsp_method

if TYPE_CHECKING:
    from cattrs import Converter
    from pygls.lsp.server import LanguageServer


@runtime_checkable
class DocumentEvents(Protocol):
    """What the server does when a buffer opens, changes or closes, after the workspace has been
    brought up to date. A protocol rather than ``HamServer`` itself, because ``server.py`` imports
    this module and hamdsl allows no import circle."""

    def opened(self, uri: str) -> None: ...

    def changed(self, uri: str) -> None: ...

    def closed(self, uri: str) -> None: ...


class HamProtocol(LanguageServerProtocol):
    """pygls's protocol with synchronous document bookkeeping (see the module's docstring)."""

    def __init__(self, server: LanguageServer, converter: Converter) -> None:
        if not isinstance(server, DocumentEvents):
            # Fails when the server is built, not at the first didOpen of a session.
            raise TypeError(f"{type(server).__name__} lacks opened, changed and closed")
        super().__init__(server, converter)
        #: The server the events go to.
        self.ham: DocumentEvents = server

    @lsp_method(lsp.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params: lsp.DidOpenTextDocumentParams) -> None:
        """Start tracking the buffer, then check it."""
        self.workspace.put_text_document(params.text_document)
        self.ham.opened(params.text_document.uri)

    @lsp_method(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: lsp.DidChangeTextDocumentParams) -> None:
        """Apply each change in order (the server asks for incremental changes), then check."""
        for change in params.content_changes:
            self.workspace.update_text_document(params.text_document, change)
        self.ham.changed(params.text_document.uri)

    @lsp_method(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: lsp.DidCloseTextDocumentParams) -> None:
        """Stop tracking the buffer, then clear what the server showed for it."""
        self.workspace.remove_text_document(params.text_document.uri)
        self.ham.closed(params.text_document.uri)
