"""Text fit for a terminal, and JSON that stays so: used by reports, commands and exporters."""

from __future__ import annotations

import re
from typing import Any

# C0 and C1 controls except tab, and the Unicode bidirectional controls (Trojan Source).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def safe(text: str) -> str:
    """Text fit for a terminal: control and bidi characters shown as ``\\x..`` / ``\\u....``."""
    if text.isascii() and text.isprintable():  # nearly every line: nothing to escape, no scan
        return text
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def json_text(data: Any) -> str:
    """``data`` as indented JSON that is safe on a terminal and still means the same.

    ``json`` escapes C0 controls but, with ``ensure_ascii=False`` (kept so names stay readable),
    lets C1 controls and bidi overrides through raw. Outside strings JSON holds only ASCII, so
    each such character can be replaced by its ``\\uXXXX`` escape: a JSON reader gets the same
    value back, a terminal never sees the character.
    """
    import json

    text = json.dumps(data, indent=2, ensure_ascii=False)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
