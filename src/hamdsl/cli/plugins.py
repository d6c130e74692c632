"""``hamdsl plugins``: which plugins are loaded and what each contributes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from argparse import ArgumentParser, Namespace

    from hamdsl.cli.main import Context

HELP = "list the loaded plugins with their rules, exporters and exercises"


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )


def describe(ctx: Context) -> list[dict[str, Any]]:
    """One entry per plugin; the JSON format prints exactly this (docs/plugins.md)."""
    host = ctx.host()
    rules = host.rules()
    exporters = host.exporters()
    exercises = host.exercises()
    result = []
    for name, info in host.infos.items():
        result.append(
            {
                "name": name,
                "distribution": info.distribution,
                "version": info.version,
                "module": info.module,
                "hooks": list(info.hooks),
                "rules": [f"{c.item.code} {c.item.name}" for c in rules if c.plugin == name],
                "exporters": [fmt for fmt, c in exporters.items() if c.plugin == name],
                "exercises": [c.item.name for c in exercises if c.plugin == name],
            }
        )
    return result


def run(args: Namespace, ctx: Context) -> int:

    from hamdsl.cli.terminal import is_terminal
    from hamdsl.core.text import json_text, safe

    plugins = describe(ctx)
    if args.format == "json":
        ctx.out.write(json_text(plugins))
        ctx.out.write("\n")
        return 0
    if not plugins:
        ctx.out.write("no plugins loaded\n")
        return 0
    if is_terminal(ctx.out):
        from rich.console import Console
        from rich.table import Table

        table = Table("plugin", "distribution", "hooks", "contributes")
        for p in plugins:
            table.add_row(
                p["name"],
                f"{p['distribution'] or '-'} {p['version'] or ''}".strip(),
                "\n".join(p["hooks"]),
                _contributes(p),
            )
        Console(file=ctx.out).print(table)
        return 0
    for p in plugins:
        ctx.out.write(
            f"{p['name']} ({p['distribution'] or 'not installed'} {p['version'] or ''}".rstrip() + ")\n"
        )
        ctx.out.write(f"  hooks: {', '.join(p['hooks']) or '-'}\n")
        for key in ("rules", "exporters", "exercises"):
            if p[key]:
                ctx.out.write(f"  {key} ({len(p[key])}): {safe(', '.join(p[key]))}\n")
    return 0


def _contributes(p: dict[str, Any]) -> str:
    parts = []
    for key in ("rules", "exporters", "exercises"):
        if p[key]:
            parts.append(f"{len(p[key])} {key}")
    return ", ".join(parts) or "-"
