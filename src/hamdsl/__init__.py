"""hamdsl: a plain-text language for hamstring and leg training routines.

The core parses, interprets and runs hooks; every rule, exporter and exercise comes from a plugin
(see docs/plugins.md). Importing this package stays cheap: heavy modules load when first used.
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__", "hookimpl"]

# Not ``typing.TYPE_CHECKING``: importing ``typing`` here would happen before the ``hamdsl``
# process turns the garbage collector off for its start-up (``hamdsl.__main__``).
TYPE_CHECKING = False
if TYPE_CHECKING:
    import pluggy

    hookimpl: pluggy.HookimplMarker


def __getattr__(name: str) -> object:
    # `hamdsl.hookimpl` for plugin authors, created on first use so `import hamdsl` stays free of
    # pluggy for commands that never load plugins.
    if name == "hookimpl":
        import pluggy

        from hamdsl.plugins.hookspecs import PROJECT

        marker = pluggy.HookimplMarker(PROJECT)
        globals()["hookimpl"] = marker
        return marker
    raise AttributeError(f"module 'hamdsl' has no attribute {name!r}")
