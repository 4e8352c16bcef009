"""The dependency rules of docs/architecture.md: no import cycle; the layers import downwards only
(foundation <- models <- notify <- the areas <- create_app <- jobs); routes modules are imported by
create_app alone, never by a package's __init__.py or another area."""

import ast
import subprocess
import sys

from tests.import_graph import ROOT, cycles, import_graph, module_files

# The app factory imports every area inside create_app; nothing else in webapp/ may import jobs/.
APP_FACTORY = "webapp"
# Plumbing any area may use; it imports nothing above itself.
FOUNDATION = {f"webapp.{name}" for name in (
    "at_rest", "clock", "config", "daylight", "errors", "extensions", "fields", "htmx", "navigation", "passwords",
    "phones", "security", "sqlite", "stopping", "templating", "timeutil", "tokens", "upsert", "validators")}
# Each lower layer and what it may import besides itself.
LAYERS = {
    "foundation": (lambda module: module in FOUNDATION, set()),
    "models": (lambda module: module.startswith("webapp.models"), {"foundation"}),
    "notify": (lambda module: module.startswith("webapp.notify"), {"foundation", "models"}),
}


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


def test_each_lower_layer_imports_only_the_layers_below_it():
    graph = import_graph()
    layer_of = {module: name for module in graph for name, (holds, _) in LAYERS.items() if holds(module)}
    upward = sorted(f"{module} -> {target}" for module, layer in layer_of.items() for target in graph[module]
                    if layer_of.get(target) != layer and layer_of.get(target) not in LAYERS[layer][1])
    assert upward == []


def test_nothing_but_create_app_imports_a_routes_module():
    """Routes are the top of an area: no package __init__.py or other area imports them; only the
    three modules that add pages to their area's blueprint import that blueprint."""
    graph, files = import_graph(), module_files()
    with_blueprint = {module for module, path in files.items() if _defines_bp(path)}
    importers = sorted(f"{module} -> {target}" for module, targets in graph.items() if module != APP_FACTORY
                       for target in targets & with_blueprint)
    assert importers == ["webapp.feoa.incident_routes -> webapp.feoa.routes",
                         "webapp.sessions.links_routes -> webapp.sessions.routes",
                         "webapp.staff.councils -> webapp.staff.routes"]


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
