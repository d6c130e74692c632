"""``python -m hamdsl``: the same as the ``hamdsl`` command."""

from hamdsl.cli import entry

entry()
