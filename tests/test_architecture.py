"""The shape of the code: no private machinery of other packages (docs/architecture.md).

hamdsl and its built-in plugins use other packages (the standard library, Lark, pluggy, rich,
icalendar) only through their public API: no private module (``_sre``), no private name
(``dataclasses._FIELDS``) and no private attribute of an imported module (``atexit._run_exitfuncs``).
hamdsl's own private names (``hamdsl.x._y``) are fine anywhere in hamdsl and its plugins.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [*sorted((ROOT / "src").rglob("*.py")), *sorted((ROOT / "plugins").rglob("*.py"))]
OWN = frozenset({"hamdsl", "hamdsl_plugins"})
#: Names with a leading underscore that are documented, public API of their module.
DOCUMENTED = frozenset({"os._exit", "sys._getframe"})


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _foreign(module: str) -> bool:
    return module.split(".")[0] not in OWN


def private_uses(tree: ast.AST) -> list[str]:
    """Every private module, name or attribute of another package that ``tree`` reaches for."""
    found: list[str] = []
    modules: dict[str, str] = {}  # local name -> foreign module it is bound to
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if not _foreign(alias.name):
                    continue
                if any(_private(part) for part in alias.name.split(".")):
                    found.append(f"line {node.lineno}: import {alias.name}")
                local = alias.asname or alias.name.split(".")[0]
                modules[local] = alias.name if alias.asname else alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if not _foreign(node.module):
                continue
            if any(_private(part) for part in node.module.split(".")):
                found.append(f"line {node.lineno}: from {node.module} import ...")
            for alias in node.names:
                if _private(alias.name):
                    found.append(f"line {node.lineno}: from {node.module} import {alias.name}")
    for node in ast.walk(tree):
        target, attribute = None, None
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            target, attribute = node.value.id, node.attr
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"getattr", "setattr", "hasattr", "delattr"}
            and len(node.args) >= 2
            and isinstance(node.args[0], ast.Name)
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
        ):
            target, attribute = node.args[0].id, node.args[1].value
        if target in modules and attribute is not None and _private(attribute):
            name = f"{modules[target]}.{attribute}"
            if name not in DOCUMENTED:
                found.append(f"line {getattr(node, 'lineno', '?')}: {name}")
    return found


def test_no_module_reaches_for_private_names_of_other_packages() -> None:
    offenders = {
        str(path.relative_to(ROOT)): uses
        for path in SOURCES
        if (uses := private_uses(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert offenders == {}


def test_the_check_sees_each_kind_of_private_use() -> None:
    code = (
        "import _sre\nimport dataclasses\nimport atexit as a\nfrom pluggy._hooks import X\n"
        "from argparse import _SubParsersAction\nimport os\n"
        "dataclasses._FIELDS\ngetattr(a, '_run_exitfuncs')\nos._exit(0)\nos.__name__\n"
        "from hamdsl.cli.main import _x\nimport hamdsl.lint.linter\nhamdsl._y\n"
    )
    assert private_uses(ast.parse(code)) == [
        "line 1: import _sre",
        "line 4: from pluggy._hooks import ...",
        "line 5: from argparse import _SubParsersAction",
        "line 7: dataclasses._FIELDS",
        "line 8: atexit._run_exitfuncs",
    ]


# -- layers and circles (docs/architecture.md) ------------------------------------------------------


def test_the_import_contracts_hold() -> None:
    """The layers and the plugin boundary declared in pyproject.toml's ``[tool.importlinter]``."""
    import subprocess
    import sys

    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_two_modules_import_each_other_even_through_others() -> None:
    """No import circle at module level, TYPE_CHECKING imports included: the graph of hamdsl's
    modules has no strongly connected component larger than one module."""
    import grimp

    graph = grimp.build_graph("hamdsl", "hamdsl_plugins")
    modules = sorted(graph.modules)
    index = {module: i for i, module in enumerate(modules)}
    edges = {m: sorted(graph.find_modules_directly_imported_by(m) & set(modules)) for m in modules}
    # Tarjan's algorithm, iteratively.
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []
    for root in modules:
        if root in order:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                order[node] = low[node] = len(order)
                stack.append(node)
                on_stack.add(node)
            for j in range(i, len(edges[node])):
                nxt = edges[node][j]
                if nxt not in order:
                    work.append((node, j + 1))
                    work.append((nxt, 0))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], order[nxt])
            else:
                if low[node] == order[node]:
                    component = []
                    while True:
                        top = stack.pop()
                        on_stack.discard(top)
                        component.append(top)
                        if top == node:
                            break
                    if len(component) > 1:
                        circles.append(sorted(component, key=index.__getitem__))
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
    assert circles == []
