"""The layers of ``../DESIGN``: data flows down, never up, and no module imports itself in a circle.

Every module's imports are read from its source (at any level, function bodies
included; only ``if TYPE_CHECKING:`` blocks are skipped). ``importlib.import_module``
counts as an import: a constant name is one edge, an f-string with a constant
``awsbasics.`` prefix (or ``{__name__}.``) an edge to every module under that
prefix, and any other dynamic import is a violation because it cannot be checked.
``from awsbasics.network import cidr`` is an edge to the submodule ``cidr``;
``from awsbasics.network import Cidr`` is an edge to the package's ``__init__``.

The checker proves it can fail on a small synthetic tree with a deliberate
violation of each rule and a deliberate cycle.
"""

from __future__ import annotations

import ast
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PACKAGE_DIR = Path(__file__).resolve().parents[1] / "awsbasics"

DISPLAY, WIDGETS, TEACHING, DATA, ERRORS, NEUTRAL, ROOT, ENGINE = (
    "display",
    "widgets",
    "teaching",
    "data",
    "errors",
    "neutral",
    "root",
    "engine",
)

# Which layers each layer may import at run time (always its own as well).
ALLOWED = {
    DATA: set(),
    ERRORS: set(),
    NEUTRAL: {DATA, ERRORS, DISPLAY},  # display only lazily, inside a function (checked below)
    ENGINE: {DATA, ERRORS, NEUTRAL},
    DISPLAY: {DATA, ERRORS, NEUTRAL},
    WIDGETS: {DATA, ERRORS, NEUTRAL, ENGINE, DISPLAY},
    TEACHING: {DATA, ERRORS, NEUTRAL, ENGINE, DISPLAY, WIDGETS},
    ROOT: {DATA, ERRORS, NEUTRAL, ENGINE, DISPLAY, WIDGETS, TEACHING},
}
NEUTRAL_FORBIDDEN_AT_TOP = {DISPLAY}


def layer_of(module: str) -> str:
    """The layer of a dotted module name under the package."""
    parts = module.split(".")
    if len(parts) == 1:
        return ROOT
    first = parts[1]
    if first == "display":
        return DISPLAY
    if first == "widgets":
        return WIDGETS
    if first in {"chapters", "exercises", "glossary"}:
        return TEACHING
    if first == "data":
        return DATA
    if first == "errors":
        return ERRORS
    if first.startswith("_"):
        return NEUTRAL
    return ENGINE


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    line: int
    top_level: bool
    names: tuple[str, ...] = ()  # names imported with ``from target import ...``


@dataclass
class Graph:
    modules: dict[str, Path]
    edges: list[Edge] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _module_names(package_dir: Path) -> dict[str, Path]:
    root = package_dir.name
    names = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = [root, *path.relative_to(package_dir).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(node: ast.AST, top_level: bool = True):
    """Every node with whether it runs at import time; ``if TYPE_CHECKING:`` bodies skipped."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child.test):
            for other in child.orelse:
                yield other, top_level
                yield from _walk(other, top_level)
            continue
        inner = top_level and not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        yield child, inner
        yield from _walk(child, inner)


def _dynamic_prefix(arg: ast.expr, module: str) -> str | None:
    """The constant prefix of an f-string module name, ``{__name__}`` resolved."""
    if not isinstance(arg, ast.JoinedStr) or not arg.values:
        return None
    prefix = ""
    for value in arg.values:
        if isinstance(value, ast.Constant):
            prefix += str(value.value)
        elif (
            isinstance(value, ast.FormattedValue) and isinstance(value.value, ast.Name) and value.value.id == "__name__"
        ):
            prefix += module
        else:
            break
    return prefix


def build_graph(package_dir: Path) -> Graph:
    """Read every module under ``package_dir`` and list its imports of the package's modules."""
    graph = Graph(_module_names(package_dir))
    root = package_dir.name
    for module, path in graph.modules.items():
        is_package = path.name == "__init__.py"
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node, top_level in _walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] == root:
                        graph.edges.append(Edge(module, alias.name, node.lineno, top_level))
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = module.split(".") if is_package else module.split(".")[:-1]
                    base = base[: len(base) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                if target.split(".")[0] != root:
                    continue
                plain = []
                for alias in node.names:
                    if f"{target}.{alias.name}" in graph.modules:
                        graph.edges.append(Edge(module, f"{target}.{alias.name}", node.lineno, top_level))
                    else:
                        plain.append(alias.name)
                if plain:
                    graph.edges.append(Edge(module, target, node.lineno, top_level, tuple(plain)))
            elif isinstance(node, ast.Call) and (
                (isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")
                or (isinstance(node.func, ast.Name) and node.func.id in {"import_module", "__import__"})
            ):
                arg = node.args[0] if node.args else None
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    if arg.value.split(".")[0] == root:
                        graph.edges.append(Edge(module, arg.value, node.lineno, top_level))
                    continue
                prefix = _dynamic_prefix(arg, module) if arg is not None else None
                if prefix and prefix.startswith(root + ".") and prefix.endswith("."):
                    for other in graph.modules:
                        if other.startswith(prefix):
                            graph.edges.append(Edge(module, other, node.lineno, top_level))
                else:
                    graph.problems.append(f"{module}:{node.lineno}: dynamic import that cannot be checked")
    return graph


def _resolve(graph: Graph, target: str) -> str | None:
    """The module an import runs: the name itself or the nearest package above it."""
    while target and target not in graph.modules:
        target = target.rpartition(".")[0]
    return target or None


def violations(graph: Graph) -> list[str]:
    """Every import that breaks a layer rule, plus the unreadable dynamic imports."""
    found = list(graph.problems)
    for edge in graph.edges:
        target = _resolve(graph, edge.target)
        if target is None or target == edge.source:
            continue
        source_layer, target_layer = layer_of(edge.source), layer_of(target)
        where = f"{edge.source}:{edge.line}"
        if target_layer != source_layer and target_layer not in ALLOWED[source_layer]:
            found.append(f"{where}: {source_layer} module imports {target_layer} module {target}")
        elif source_layer == NEUTRAL and target_layer in NEUTRAL_FORBIDDEN_AT_TOP and edge.top_level:
            found.append(f"{where}: neutral helper imports {target} at import time (only inside a function)")
        if source_layer == WIDGETS and target_layer != WIDGETS:
            private = [n for n in edge.names if n.startswith("_")]
            if any(part.startswith("_") for part in target.split(".")[1:]) and target_layer != NEUTRAL:
                private.append(target)
            if private:
                found.append(f"{where}: widget uses private names {private} of {target}")
    return found


def cycles(graph: Graph) -> list[list[str]]:
    """Every import cycle among the package's modules (strongly connected components), any level."""
    succ: dict[str, set[str]] = {m: set() for m in graph.modules}
    for edge in graph.edges:
        target = _resolve(graph, edge.target)
        if target is not None and target != edge.source:
            succ[edge.source].add(target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(node: str) -> None:  # Tarjan's algorithm; the package is small enough to recurse
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(succ[node]):
            if other not in index:
                connect(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(succ):
        if node not in index:
            connect(node)
    return found


@pytest.fixture(scope="module")
def package_graph() -> Graph:
    return build_graph(PACKAGE_DIR)


def test_every_module_keeps_to_its_layer(package_graph):
    assert violations(package_graph) == []


def test_no_import_cycle_at_any_level(package_graph):
    assert cycles(package_graph) == []


def test_the_graph_sees_the_package(package_graph):
    # A reader that found nothing would pass every rule: prove it read real edges of each kind.
    pairs = {(e.source, _resolve(package_graph, e.target)) for e in package_graph.edges}
    assert ("awsbasics.infra", "awsbasics._protocol") in pairs
    assert ("awsbasics.network.vpc", "awsbasics.network.cidr") in pairs
    assert any(s.startswith("awsbasics.widgets.") and t == "awsbasics.display" for s, t in pairs)
    assert any(s == "awsbasics._protocol" and t.startswith("awsbasics.display.") for s, t in pairs)
    assert {layer_of(m) for m in package_graph.modules} == set(ALLOWED)


def test_only_the_bundle_module_writes_repr_mimebundle():
    # One `_repr_mimebundle_`, honouring include/exclude; everything else inherits it.
    writers = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name == "_repr_mimebundle_":
                writers.append(path.relative_to(PACKAGE_DIR).as_posix())
    assert writers == ["_bundle.py"]


# --- the checker can fail -------------------------------------------------------------

SYNTHETIC = {
    "__init__.py": "",
    "errors.py": "",
    "data/__init__.py": "",
    "_protocol.py": "import importlib\n\ndef view(name):\n    return importlib.import_module(f'pkg.display.{name}')\n",
    "_eager.py": "from pkg.display import helper\n",
    "display/__init__.py": "",
    "display/helper.py": "from pkg.area import engine  # violation: display imports an engine at run time\n",
    "display/typed.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.area import engine\n",
    "widgets/__init__.py": "",
    "widgets/tool.py": "from pkg.area.engine import _private_rule\nfrom pkg.area import _internals\n",
    "area/__init__.py": "",
    "area/engine.py": (
        "from pkg import _protocol\n\n"
        "def show():\n    from pkg.display import helper  # violation, even inside a function\n\n"
        "def sneak(name):\n    import importlib\n    return importlib.import_module(name)  # unreadable\n"
    ),
    "area/_internals.py": "",
    "area/first.py": "def late():\n    from pkg.area import second\n",
    "area/second.py": "from pkg.area import first\n",
}


@pytest.fixture()
def synthetic(tmp_path) -> Graph:
    package = tmp_path / "pkg"
    for name, source in SYNTHETIC.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source), encoding="utf-8")
    return build_graph(package)


def test_checker_finds_each_deliberate_violation(synthetic):
    found = "\n".join(violations(synthetic))
    assert "pkg.display.helper:1: display module imports engine module pkg.area.engine" in found
    assert "pkg.area.engine:4: engine module imports display module pkg.display.helper" in found
    assert "pkg.area.engine:8: dynamic import that cannot be checked" in found
    assert "pkg._eager:1: neutral helper imports pkg.display.helper at import time" in found
    assert "widget uses private names ['_private_rule']" in found
    assert "widget uses private names ['pkg.area._internals']" in found
    assert "pkg.display.typed" not in found  # a TYPE_CHECKING import is not a run-time edge
    assert "pkg._protocol" not in found  # the protocol reaches display lazily, as allowed
    assert len(violations(synthetic)) == 6


def test_checker_finds_the_deliberate_cycles(synthetic):
    found = cycles(synthetic)
    assert ["pkg.area.first", "pkg.area.second"] in found  # through a function-level import
    # display.helper -> engine -> display.helper (inside a function) and engine -> _protocol -> display.*
    assert any({"pkg.area.engine", "pkg.display.helper"} <= set(c) for c in found)
    assert len(found) == 2
