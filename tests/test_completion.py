"""Completion's reading of a line being typed (``hamdsl.server.completion``), without an editor:
what is offered where, after the grammar learned keys without colons, labels and method figures.
The end-to-end completion tests over LSP are in tests/test_server.py."""

from __future__ import annotations

import pytest

from hamdsl.interpret.interpreter import Catalog
from hamdsl.plugins.host import load
from hamdsl.server.completion import complete


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.from_contributions(load().exercises())


@pytest.mark.parametrize(
    ("prefix", "offered"),
    [
        ("progress", "progress:"),
        ("units", "units:"),
        ("note", "note:"),
        ("split sq", "split squat"),  # a name that starts with a key's word
        ("A1: split sq", "split squat"),
        ("A1: roma", "romanian deadlift"),
        ("leg curl 3x8 with pause 1s, ecc", "eccentric emphasis"),  # after a method with a time
        ("leg curl 3x8 with drop set of 30%, 2-", "2-1 method"),
    ],
)
def test_what_is_offered_where(catalog: Catalog, prefix: str, offered: str) -> None:
    assert offered in [item.label for item in complete(prefix, catalog)]
