"""The import graph of webapp/ and jobs/, read from the source (AST), for tests/test_dependencies.py.

An arrow A -> B means A's code imports B, at the top of the file or inside a function: an import
inside a function is still a dependency, so counting it stops a cycle from being hidden by moving
an import into a function (how notify/backends.py <-> smtp_backend.py and privacy/purge.py <->
account_deletion.py hid theirs). `from package import name` points at package.name when that is
a module, else at the package. A package's own __init__.py is not counted as a dependency of every
module inside it: Python runs it first, but the package __init__s import no routes (a test holds
that) and most are only a docstring; the app factory's imports run only when an app is built.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("webapp", "jobs")


def module_files() -> dict[str, Path]:
    """{"webapp.plans.routes": path, "webapp.plans": path of its __init__.py, ...}"""
    files = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            files[".".join(parts)] = path
    return files


def imported_modules(module: str, path: Path, files: dict[str, Path]) -> set[str]:
    """The modules of ours (keys of `files`) that `module` imports anywhere in its file."""
    tree = ast.parse(path.read_text(), str(path))
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from . import x, from ..y import z
                base = ".".join(package[:len(package) - node.level + 1] + ([node.module] if node.module else []))
            # `from webapp.plans import routes` imports the module webapp.plans.routes;
            # `from webapp.models import User` imports the package webapp.models.
            names.update(f"{base}.{alias.name}" if f"{base}.{alias.name}" in files else base for alias in node.names)
    return {name for name in names if name in files and name != module}


def import_graph() -> dict[str, set[str]]:
    """{module: the modules of ours it imports}."""
    files = module_files()
    return {module: imported_modules(module, path, files) for module, path in files.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each as a list of
    modules in import order, starting and ending at the same module."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while (member := stack.pop()) != node:
                component.add(member)
                on_stack.discard(member)
            on_stack.discard(node)
            if component:
                found.append(_path_round(graph, component | {node}))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _path_round(graph: dict[str, set[str]], component: set[str]) -> list[str]:
    """One cycle through the component's first module, by a breadth-first search inside it."""
    start = min(component)
    paths = {target: [start, target] for target in graph[start] if target in component}
    queue = list(paths)
    while start not in paths:
        node = queue.pop(0)
        for target in sorted(graph[node] & component):
            if target not in paths:
                paths[target] = paths[node] + [target]
                queue.append(target)
    return paths[start]
