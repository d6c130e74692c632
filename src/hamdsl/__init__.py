"""hamdsl: a plain-text language for hamstring and leg training routines.

The core parses, interprets and runs hooks; every rule, exporter and exercise comes from a plugin
(see docs/plugins.md). Importing this package stays cheap: heavy modules load when first used.
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__"]
