"""The house rules the code itself can check: no import cycle, function-level imports included."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "linkage"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _targets(node: ast.AST, modules: set[str]) -> list[str]:
    """The linkage modules one import statement loads (`from linkage import names` loads the
    package linkage.names; `from linkage.names.keys import x` loads linkage.names.keys)."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name in modules]
    if not isinstance(node, ast.ImportFrom) or node.level or not node.module:
        return []
    found = [f"{node.module}.{a.name}" for a in node.names if f"{node.module}.{a.name}" in modules]
    if len(found) < len(node.names) and node.module in modules:
        found.append(node.module)
    return found


def import_graph() -> nx.DiGraph:
    """Module → the linkage modules it imports anywhere in its body (functions included)."""
    files = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = nx.DiGraph()
    graph.add_nodes_from(files)
    for name, path in files.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            for target in _targets(node, set(files)):
                if target != name:
                    graph.add_edge(name, target)
    return graph


def test_the_graph_sees_function_level_imports():
    graph = import_graph()
    assert graph.has_edge("linkage.pipeline", "linkage.schema")
    assert graph.has_edge("linkage.names", "linkage.names.keys")


def test_no_import_cycle():
    cycles = sorted(nx.simple_cycles(import_graph()), key=len)
    assert not cycles, f"import cycles: {cycles[:5]}"


def test_schema_is_the_ground_floor():
    assert not list(import_graph().successors("linkage.schema"))
