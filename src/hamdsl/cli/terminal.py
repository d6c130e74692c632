"""Whether output is for a person at a terminal: the one decision behind colour, tables and bars.

``NO_COLOR`` (any value) turns colour off and ``FORCE_COLOR`` turns it on, as https://no-color.org
and most command-line tools agree.
"""

from __future__ import annotations

import os
from typing import TextIO


def is_terminal(stream: TextIO) -> bool:
    """True when ``stream`` is an interactive terminal (or FORCE_COLOR asks us to pretend)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False
