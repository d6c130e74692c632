"""Bounded memos for answers that are pure functions of written text.

The parser (a clause's reading) and the catalog (a name's resolution, a line's facts) see the same
few texts on line after line and file after file, so each keeps what it has worked out. Every memo
belongs to an object (a parser, a catalog), never to the module, and is bounded by
:data:`MEMO_LIMIT`, so machine-made input with endless new texts cannot grow memory with the run.
"""

from __future__ import annotations

from typing import Any

#: How many entries a memo keeps before it starts afresh. A run over real routines meets a few
#: hundred distinct names and clauses; the cap only matters for endless new ones.
MEMO_LIMIT = 4096


def remember(memo: dict[Any, Any], key: Any, value: Any) -> None:
    """Store ``value``, first emptying ``memo`` when it holds :data:`MEMO_LIMIT` entries."""
    if len(memo) >= MEMO_LIMIT:
        memo.clear()
    memo[key] = value
