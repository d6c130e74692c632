"""``hamdsl rules``: every rule (and core check) with code, name, severity, plugin and source."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from argparse import ArgumentParser, Namespace

    from hamdsl.cli.main import Context

HELP = "list every rule with its code, name, severity, plugin and source"


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )


def catalogue(ctx: Context) -> list[dict[str, Any]]:
    """Core checks first, then the plugins' rules sorted by code."""
    from hamdsl.core.diagnostics import CORE_CHECKS

    entries: list[dict[str, Any]] = [
        {
            "code": c.code,
            "name": c.name,
            "severity": c.severity,
            "plugin": "hamdsl",
            "source": None,
            "summary": c.summary,
            "default_enabled": True,
            "doc": c.doc,
        }
        for c in CORE_CHECKS
    ]
    for contribution in sorted(ctx.host().rules(), key=lambda c: c.item.code):
        rule = contribution.item
        entries.append(
            {
                "code": rule.code,
                "name": rule.name,
                "severity": rule.severity,
                "plugin": contribution.plugin,
                "source": rule.source,
                "summary": rule.summary,
                "default_enabled": rule.default_enabled,
                "doc": rule.doc,
            }
        )
    return entries


def run(args: Namespace, ctx: Context) -> int:
    import json

    entries = catalogue(ctx)
    if args.format == "json":
        json.dump([{k: v for k, v in e.items() if k != "doc"} for e in entries], ctx.out, indent=2)
        ctx.out.write("\n")
        return 0
    for e in entries:
        flag = "" if e["default_enabled"] else " (off by default)"
        ctx.out.write(f"{e['code']:<8} {e['name']:<36} {e['severity']:<8} {e['plugin']}{flag}\n")
        if e["source"]:
            ctx.out.write(f"{'':<8} source: {e['source']}\n")
    return 0
