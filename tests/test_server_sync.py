"""The server's document bookkeeping (``hamdsl.server.protocol``), in process: the server runs on a
thread behind two pipes, as ``benchmarks/server.py`` runs it, so the test can look at its workspace
and at the objects it keeps alive."""

from __future__ import annotations

import asyncio
import concurrent.futures
import gc
import json
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

import pytest
from pygls.lsp.server import LanguageServer

from hamdsl.server.protocol import HamProtocol
from hamdsl.server.server import HamServer, build_server
from hamdsl.server.session import Session

TEXT = "session Monday:\nA1: lying leg curl 3x8 rest 90s\nA2: RDL 3x8 rest 2min\n"


class Wire:
    """The client's end of the two pipes: JSON-RPC frames out, frames in."""

    def __init__(self, send: BinaryIO, receive: BinaryIO) -> None:
        self.send, self.receive = send, receive

    def write(self, payload: dict[str, Any]) -> None:
        body = json.dumps(payload).encode()
        self.send.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.send.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self.write({"jsonrpc": "2.0", "method": method, "params": params})

    def wait_for(self, wanted: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        while True:
            length = 0
            while (line := self.receive.readline().strip()) != b"":
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
            message: dict[str, Any] = json.loads(self.receive.read(length))
            if wanted(message):
                return message


@contextmanager
def serving() -> Iterator[tuple[HamServer, Wire, dict[str, Any]]]:
    """A server on a thread, initialized; with it the client's end and the ``initialize`` answer."""
    to_server_r, to_server_w = os.pipe()
    from_server_r, from_server_w = os.pipe()
    server = build_server(Session(), debounce=0)
    thread = threading.Thread(
        target=server.start_io,
        args=(os.fdopen(to_server_r, "rb"), os.fdopen(from_server_w, "wb")),
        daemon=True,
    )
    thread.start()
    wire = Wire(os.fdopen(to_server_w, "wb"), os.fdopen(from_server_r, "rb"))
    wire.write({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    answer = wire.wait_for(lambda m: m.get("id") == 1)
    wire.notify("initialized", {})
    yield server, wire, answer["result"]
    wire.write({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    wire.wait_for(lambda m: m.get("id") == 2)
    wire.notify("exit", {})
    thread.join(timeout=10)


@pytest.fixture
def served() -> Iterator[tuple[HamServer, Wire]]:
    with serving() as (server, wire, _):
        yield server, wire


def published(version: int) -> Callable[[dict[str, Any]], bool]:
    return lambda m: (
        m.get("method") == "textDocument/publishDiagnostics" and m["params"].get("version") == version
    )


def replace(line: int, start: int, end: int, text: str) -> dict[str, Any]:
    return {
        "range": {"start": {"line": line, "character": start}, "end": {"line": line, "character": end}},
        "text": text,
    }


def open_plan(wire: Wire, uri: str) -> None:
    wire.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "ham", "version": 1, "text": TEXT}},
    )
    wire.wait_for(published(1))


def live_futures() -> int:
    gc.collect()
    return sum(isinstance(o, (asyncio.Future, concurrent.futures.Future)) for o in gc.get_objects())


def test_changes_apply_in_order_and_close_forgets_the_buffer(
    served: tuple[HamServer, Wire], tmp_path: Path
) -> None:
    server, wire = served
    uri = (tmp_path / "plan.ham").as_uri()
    open_plan(wire, uri)
    # Two changes in one notification: the second is written against the text the first left.
    changes = [replace(1, 19, 22, "4x6"), replace(1, 19, 20, "5")]
    wire.notify(
        "textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": changes}
    )
    wire.wait_for(published(2))
    assert server.workspace.get_text_document(uri).source == TEXT.replace("3x8 rest 90s", "5x6 rest 90s")

    wire.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    cleared = wire.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics")
    assert cleared["params"] == {"uri": uri, "diagnostics": []}
    assert uri not in server.workspace.text_documents


def test_an_edit_leaves_nothing_behind(served: tuple[HamServer, Wire], tmp_path: Path) -> None:
    """pygls's own handlers left one future per didOpen/didChange/didClose (``benchmarks/README.md``,
    the server's memory); the replacements leave none, so the count of live futures is flat."""
    _server, wire = served
    uri = (tmp_path / "plan.ham").as_uri()
    open_plan(wire, uri)
    version = 1

    def edits(count: int) -> None:
        nonlocal version
        for _ in range(count):
            version += 1
            sets = "3" if version % 2 else "4"
            change = replace(1, 19, 20, sets)
            wire.notify(
                "textDocument/didChange",
                {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]},
            )
            wire.wait_for(published(version))

    edits(20)
    before = live_futures()
    edits(200)
    assert live_futures() - before < 10


def test_the_server_still_asks_for_incremental_changes_and_open_and_close() -> None:
    """No ``@server.feature`` registers didOpen, didChange or didClose: the capability comes from
    the protocol's own handlers, and didSave's from its feature."""
    with serving() as (_server, _wire, answer):
        sync = answer["capabilities"]["textDocumentSync"]
    assert sync["openClose"] is True
    assert sync["change"] == 2  # TextDocumentSyncKind.Incremental
    assert sync["save"]


def test_the_protocol_refuses_a_server_that_cannot_take_the_document_events() -> None:
    with pytest.raises(TypeError, match="opened, changed and closed"):
        LanguageServer("other", "1", protocol_cls=HamProtocol)
