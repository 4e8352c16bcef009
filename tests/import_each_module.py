"""Import every module of webapp/ and jobs/ on its own, each in a fresh child process; print the
ones that fail and exit 1 if any does. Run by tests/test_dependencies.py (python tests/import_each_module.py).

A child is forked from a parent that has already imported the third-party libraries (the same for
every module, and most of the time), so each child imports only our own code: the module and what
it imports, from nothing. The models package, which nearly everything needs, is first imported
alone (with what it needs), then loaded in the parent for the remaining modules.
"""

import ast
import importlib
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.import_graph import PACKAGES, import_graph, module_files  # noqa: E402


def third_party_modules(files: dict[str, Path]) -> set[str]:
    names = set()
    for path in files.values():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names.add(node.module)
    return {name for name in names if name.split(".")[0] not in PACKAGES}


def reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(graph[node])
    return seen


def failures(modules: list[str], at_once: int = os.cpu_count() or 2) -> list[str]:
    """The modules that fail to import, each alone in a forked child (a few children at a time)."""
    running, failed = {}, []
    for module in [*modules, *[None] * at_once]:
        if len(running) >= at_once or (module is None and running):
            child, status = os.wait()
            if status:
                failed.append(running[child])
            del running[child]
        if module is None:
            continue
        child = os.fork()
        if child == 0:
            try:
                importlib.import_module(module)
            except BaseException as error:  # noqa: B036 - report anything, then leave the child
                print(f"{module}: {type(error).__name__}: {error}", flush=True)
                os._exit(1)
            os._exit(0)
        running[child] = module
    return failed


def main() -> int:
    files = module_files()
    for name in sorted(third_party_modules(files)):
        importlib.import_module(name)
    # Importing any webapp.models.x runs webapp/models/__init__.py first, which imports them all:
    # importing the package alone covers each of its modules.
    first = {module for module in reachable(import_graph(), "webapp.models") if not module.startswith("webapp.models.")}
    failed = failures(sorted(first))
    importlib.import_module("webapp.models")
    failed += failures(sorted(module for module in set(files) - first if not module.startswith("webapp.models.")))
    print(f"{len(files)} modules, {len(failed)} failed to import on their own", *sorted(failed), sep="\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
