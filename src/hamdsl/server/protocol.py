"""Document synchronisation that keeps nothing per notification.

pygls 2.1.1 tracks the open buffers with its own handlers for ``didOpen``, ``didChange`` and
``didClose``. Those handlers are generators (they update the workspace, then ``yield`` to the
server's handler), and pygls files a future for every generator it runs in a table that only
responses and cancellations empty. A notification gets no response, so each edit left about 2 KiB
behind: +18.7 MiB over the 10,000 edits of ``benchmarks/server.py``.

pygls documents the way to change its protocol: subclass ``LanguageServerProtocol`` and pass the
class as ``protocol_cls`` (its guide "How To Send Custom Messages", and the ``LanguageServer``
docstring). This subclass redefines the three public handlers as plain functions with the same
effect: the workspace bookkeeping, then the handler registered with ``@server.feature``, called
directly. pygls runs a plain function without filing anything.

The registered handlers must therefore be synchronous, as hamdsl's are: a coroutine returned here
would never be awaited. The debounce is hamdsl's own task (``HamServer.publish_later``).
"""

from __future__ import annotations

from typing import Any

from lsprotocol import types as lsp
from pygls.protocol import LanguageServerProtocol, lsp_method


class HamProtocol(LanguageServerProtocol):
    """pygls's protocol with synchronous document bookkeeping (see the module's docstring)."""

    def _then_feature(self, method: str, params: Any) -> None:
        handler = self.fm.features.get(method)
        if handler is not None:
            handler(params)

    @lsp_method(lsp.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params: lsp.DidOpenTextDocumentParams) -> None:
        """Start tracking the buffer, then check it."""
        self.workspace.put_text_document(params.text_document)
        self._then_feature(lsp.TEXT_DOCUMENT_DID_OPEN, params)

    @lsp_method(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: lsp.DidChangeTextDocumentParams) -> None:
        """Apply each change in order (the server asks for incremental changes), then check."""
        for change in params.content_changes:
            self.workspace.update_text_document(params.text_document, change)
        self._then_feature(lsp.TEXT_DOCUMENT_DID_CHANGE, params)

    @lsp_method(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: lsp.DidCloseTextDocumentParams) -> None:
        """Stop tracking the buffer, then clear what the server showed for it."""
        self.workspace.remove_text_document(params.text_document.uri)
        self._then_feature(lsp.TEXT_DOCUMENT_DID_CLOSE, params)
