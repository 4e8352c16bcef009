"""The dependency rules of docs/architecture.md: no import cycle, jobs -> webapp only, and packages
that do not register their routes on import (create_app lists every blueprint)."""

import ast
import subprocess
import sys

from tests.import_graph import ROOT, cycles, import_graph, module_files

# The app factory imports every area inside create_app; nothing else in webapp/ may import jobs/.
APP_FACTORY = "webapp"


def test_webapp_and_jobs_have_no_import_cycle():
    found = cycles(import_graph())
    assert not found, "import cycles (each module imports the next):\n" + "\n".join(" -> ".join(c) for c in found)


def test_the_cycle_check_names_a_cycle_it_finds():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c", "a"]]


def test_jobs_import_webapp_and_webapp_never_imports_jobs():
    upward = sorted(f"{module} -> {target}" for module, targets in import_graph().items()
                    if module.startswith("webapp") and module != APP_FACTORY
                    for target in targets if target.startswith("jobs"))
    assert upward == []


def test_no_package_init_imports_a_blueprint():
    """A package's __init__.py never imports its routes: create_app imports and registers them."""
    graph, files = import_graph(), module_files()
    with_blueprint = {module for module, path in files.items() if _defines_bp(path)}
    packages = [module for module, path in files.items() if path.name == "__init__.py" and module != APP_FACTORY]
    assert sorted(f"{package} -> {target}" for package in packages
                  for target in graph[package] & with_blueprint) == []


def test_every_module_imports_on_its_own():
    result = subprocess.run([sys.executable, str(ROOT / "tests" / "import_each_module.py")],
                            capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def _defines_bp(path) -> bool:
    """True when the module has a top-level name `bp` (a blueprint it defines or adds pages to)."""
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign) and any(getattr(target, "id", None) == "bp" for target in node.targets):
            return True
        if isinstance(node, ast.ImportFrom) and any((alias.asname or alias.name) == "bp" for alias in node.names):
            return True
    return False
