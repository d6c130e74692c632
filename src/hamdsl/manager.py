"""pluggy's ``PluginManager``, with a quicker look at a plugin module's names.

To register a plugin, pluggy asks :meth:`~pluggy.PluginManager.parse_hookimpl_opts` about every
name ``dir()`` gives, and since pluggy 1.6 each answer starts with ``inspect.getattr_static``,
which walks the class hierarchy of the module object, about 20,000 instructions a name. A plugin
module has dozens of names (its imports, constants, helpers, the module's own dunders) and only
a few hooks, so registering hamdsl's five built-in plugins and its hook specifications cost about
7 M instructions of every cold start, more than checking a short routine.

For a plain module the answer is plain to see for most names: a name that the module type does
not define is looked up in the module's ``__dict__``, and pluggy takes only functions,
``staticmethod``, ``classmethod`` and bound methods, and of those only one carrying the
marker's attribute (``hamdsl_impl``, ``hamdsl_spec``). Every other name is answered ``None``
here, as pluggy answers it; anything else (a hookable value, a name the module type has, a
plugin that is not a plain module) goes to pluggy unchanged. pytest overrides the same method for
the same reason. A test holds both answers equal for every name of every built-in plugin and
of a module made of the odd cases.
"""

from __future__ import annotations

import types
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from pluggy._hooks import HookimplOpts, HookspecOpts

#: What pluggy registers as a hook, if it carries the marker (see ``pluggy._manager``).
_HOOKABLE = (types.FunctionType, staticmethod, classmethod, types.MethodType)
_ABSENT = object()


class PluginManager(pluggy.PluginManager):
    """``pluggy.PluginManager`` that rules out a plain module's unmarked names itself."""

    def parse_hookimpl_opts(self, plugin: Any, name: str) -> HookimplOpts | None:
        if _unmarked(plugin, name, self.project_name + "_impl"):
            return None
        return super().parse_hookimpl_opts(plugin, name)

    def parse_hookspec_opts(self, module_or_class: Any, name: str) -> HookspecOpts | None:
        if _unmarked(module_or_class, name, self.project_name + "_spec"):
            return None
        return super().parse_hookspec_opts(module_or_class, name)


def _unmarked(namespace: object, name: str, marker: str) -> bool:
    """Whether pluggy would surely find no hook under ``name`` of ``namespace``."""
    if type(namespace) is not types.ModuleType or hasattr(types.ModuleType, name):
        return False
    value = vars(namespace).get(name, _ABSENT)
    if value is _ABSENT:  # only ``dir()`` or a module ``__getattr__`` knows it: let pluggy look
        return False
    if not isinstance(value, _HOOKABLE):
        return True
    # A plain function holds the marker itself (pluggy reads it there, then from ``__func__``).
    return (
        type(value) is types.FunctionType
        and getattr(value, marker, None) is None
        and getattr(value, "__func__", None) is None
    )
