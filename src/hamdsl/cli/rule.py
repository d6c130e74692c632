"""``hamdsl rule CODE-or-NAME``: print one rule's documentation."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from argparse import ArgumentParser, Namespace

    from hamdsl.cli.main import Context

HELP = "print the documentation of one rule, by code or name"


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("rule", metavar="CODE-or-NAME", help="a rule code such as HAM101, or its name")


def run(args: Namespace, ctx: Context) -> int:
    import difflib

    from hamdsl.cli.main import UsageError
    from hamdsl.cli.rules import catalogue

    entries = catalogue(ctx)
    wanted = args.rule.strip()
    for e in entries:
        if wanted.upper() == e["code"] or wanted.lower() == e["name"]:
            ctx.out.write(f"# {e['name']} ({e['code']})\n\n")
            ctx.out.write(f"{e['summary']}\n\n")
            ctx.out.write(f"Severity: {e['severity']}. Plugin: {e['plugin']}.")
            ctx.out.write(f" Source: {e['source']}.\n\n" if e["source"] else "\n\n")
            ctx.out.write(e["doc"].rstrip() + "\n")
            return 0
    names = [e["name"] for e in entries] + [e["code"] for e in entries]
    close = difflib.get_close_matches(wanted, names, n=3)
    hint = f"; did you mean {' or '.join(close)}?" if close else "; 'hamdsl rules' lists them all"
    raise UsageError(f"no rule '{wanted}'{hint}")
