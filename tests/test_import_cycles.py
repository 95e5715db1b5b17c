"""No module of restcore imports another that imports it back.

The import graph is read from the source (``ast``), so it sees every import a
module can run: at module level and deferred inside functions. Imports under
``if TYPE_CHECKING:`` never run and are left out, as are imports of a module's
own parent packages (always initialised before the module itself). A cycle
through a deferred import is allowed only when it is listed below with its
reason; a cycle through module-level imports never is.
"""

from __future__ import annotations

import ast
from pathlib import Path

import restcore

PACKAGE_DIR = Path(restcore.__file__).parent

# Deferred imports that close a cycle on purpose: edge -> reason.
ALLOWED_DEFERRED: dict[tuple[str, str], str] = {
    # (none: multipart's part handlers are set by media.handlers, as in Falcon)
}


def _module_names() -> dict[str, tuple[Path, bool]]:
    modules = {}
    for path in PACKAGE_DIR.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        modules[".".join(parts)] = (path, is_package)
    return modules


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


class _ImportFinder(ast.NodeVisitor):
    """Collect ``(import node, deferred)`` for every import that can run."""

    def __init__(self) -> None:
        self.found: list[tuple[ast.Import | ast.ImportFrom, bool]] = []
        self.depth = 0

    def visit_If(self, node: ast.If) -> None:
        if _is_type_checking(node.test):
            for child in node.orelse:
                self.visit(child)
        else:
            self.generic_visit(node)

    def _visit_body(self, node: ast.AST) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._visit_body(node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self._visit_body(node)

    def visit_Import(self, node: ast.Import) -> None:
        self.found.append((node, self.depth > 0))

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        self.found.append((node, self.depth > 0))


def _targets(
    node: ast.Import | ast.ImportFrom, package: str, modules: dict[str, object]
) -> set[str]:
    """The restcore modules an import statement loads (submodules by name)."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name in modules}
    base = node.module or ""
    if node.level:
        parts = package.split(".")[: len(package.split(".")) - node.level + 1]
        base = ".".join([*parts, node.module] if node.module else parts)
    targets = set()
    for alias in node.names:
        submodule = f"{base}.{alias.name}"
        if submodule in modules:
            targets.add(submodule)
        elif base in modules:
            targets.add(base)
    return targets


def import_graph() -> dict[str, dict[str, bool]]:
    """Module -> {imported module: whether every import of it is deferred}."""
    modules = _module_names()
    graph: dict[str, dict[str, bool]] = {}
    for name, (path, is_package) in modules.items():
        package = name if is_package else name.rpartition(".")[0]
        finder = _ImportFinder()
        finder.visit(ast.parse(path.read_text(encoding="utf-8")))
        edges: dict[str, bool] = {}
        for node, deferred in finder.found:
            for target in _targets(node, package, modules):
                if target == name or name.startswith(target + "."):
                    continue  # itself, or a parent package: already initialised
                edges[target] = edges.get(target, True) and deferred
        graph[name] = edges
    return graph


def _reachable(graph: dict[str, dict[str, bool]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for target in graph[todo.pop()]:
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def cycles(graph: dict[str, dict[str, bool]]) -> list[list[str]]:
    """The groups of modules that reach each other through imports."""
    reach = {module: _reachable(graph, module) for module in graph}
    groups: list[list[str]] = []
    for module in graph:
        group = sorted(other for other in reach[module] if module in reach[other])
        if len(group) > 1 and group not in groups:
            groups.append(group)
    return groups


def test_graph_sees_the_package() -> None:
    graph = import_graph()
    assert "restcore.request" in graph["restcore.app"]
    assert graph["restcore.cli.serve"]["restcore.cli.reload"] is True  # deferred
    assert "restcore.cli.serve" not in graph["restcore.cli.reload"]


def test_no_module_level_cycle() -> None:
    graph = import_graph()
    module_level = {
        name: {target: False for target, deferred in edges.items() if not deferred}
        for name, edges in graph.items()
    }
    assert cycles(module_level) == []


def test_no_cycle_but_the_listed_deferred_imports() -> None:
    graph = import_graph()
    for (source, target), reason in ALLOWED_DEFERRED.items():
        assert graph[source].get(target) is True, reason  # still deferred, still there
        del graph[source][target]
    assert cycles(graph) == []


def test_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b": True}, "b": {"c": False}, "c": {"a": False}, "d": {}}
    assert cycles(graph) == [["a", "b", "c"]]
