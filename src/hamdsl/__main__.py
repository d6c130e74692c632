"""The ``hamdsl`` process: the console script and ``python -m hamdsl`` both start here.

Start-up only makes objects that live as long as the process does: modules, classes, plugins,
the catalog. The cyclic garbage collector, run every 700 new objects, walks them again and again
and frees nothing; on a cold ``hamdsl lint`` of one file that was about 5 % of the instructions
(measured in an earlier session: benchmarks/README.md at 01ef558). So the process starts with
the collector off, before any other module is imported, and a command turns it on where it
starts working through files (:func:`hamdsl.cli.main.collector_tuned`), where garbage is made.
A command on one routine (``export``, ``summary``) ends with it still off, as Mercurial runs its
parsers without it. A ``main()`` called in-process leaves the caller's collector alone.
"""

from __future__ import annotations

import gc

TYPE_CHECKING = False  # not from ``typing``, which is imported later, with the collector off
if TYPE_CHECKING:
    from typing import NoReturn


def entry() -> NoReturn:
    """Run the command line in this process, then end it with its exit code (``cli.exit_now``)."""
    gc.disable()
    from hamdsl.cli.main import exit_now, main

    exit_now(main())


if __name__ == "__main__":
    entry()
