"""``hamdsl server``: the language server for editors, on stdin/stdout (``pip install "hamdsl[server]"``).

Thin: it checks that the ``server`` extra (pygls, lsprotocol) is installed and hands over to
:mod:`hamdsl.server`. Nothing else in hamdsl imports pygls or lsprotocol.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from argparse import ArgumentParser, Namespace

    from hamdsl.cli.main import Context

HELP = "run the language server for editors on stdin/stdout (needs: pip install 'hamdsl[server]')"
#: The modules of the ``server`` extra.
REQUIRES = ("pygls", "lsprotocol")


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--stdio", action="store_true", help="talk LSP on stdin/stdout (the default and only transport)"
    )


def run(args: Namespace, ctx: Context) -> int:
    from hamdsl.cli.main import EXIT_ERROR
    from hamdsl.plugins.host import disabled_names

    try:
        from hamdsl.server.server import serve
    except ImportError as exc:
        if (exc.name or "").split(".")[0] not in REQUIRES:
            raise
        ctx.err.write(
            f"hamdsl: error: the language server needs {', '.join(REQUIRES)} ({exc.name} is not "
            "installed); install them with: pip install 'hamdsl[server]'\n"
        )
        return EXIT_ERROR
    return serve(disabled_names(ctx.disabled_plugins))
