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


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the string constants that are docstrings (module, class, function)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def modules_naming(file_name: str) -> set[str]:
    """The modules whose code (not docstrings) spells out a run-folder file name."""
    naming = set()
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and id(node) not in skip and file_name in node.value:
                naming.add(_module_name(path))
    return naming


def test_only_schema_spells_the_run_folders_main_files():
    # the reader (runs.py) and the writer (pipeline.py, runfolder.py) take the names from schema
    for name in ("clusters.csv", "pairs.parquet"):
        assert modules_naming(name) == {"linkage.schema"}, name
