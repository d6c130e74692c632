"""``hamdsl server``: a Language Server Protocol server on stdio (pygls, the ``server`` extra)."""
