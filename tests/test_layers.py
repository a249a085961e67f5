"""The package's layers point one way (docs/design/architecture.md).

Every module's imports, function-local ones included, are read with `ast` and held against
the layer table below: a module imports only from its own layer or the layers before it,
the import graph has no circle, and no name with a leading underscore is imported from
another module.  A planted violation of each kind must be caught, naming file and line.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "minckt"

#: The layers, bottom first: a module's layer is that of the longest prefix listed.  The
#: package root (`minckt/__init__.py`) is the public API, above every layer.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("base", ("minckt.errors", "minckt.lifecycle", "minckt.version")),
    ("core", ("minckt.core",)),
    ("bounds", ("minckt.bounds",)),
    ("encode", ("minckt.encode",)),
    ("verify", ("minckt.verify",)),
    ("solve", ("minckt.solve",)),
    ("io", ("minckt.io",)),
    ("run", ("minckt.run",)),
    ("report", ("minckt.report",)),
    ("cli", ("minckt.cli",)),
    ("api", ("minckt",)),
)

#: Modules allowed past the size limits, and why (each a candidate for a later split).
LONG_MODULES = {
    "minckt.report.superposition": "one study: records, fits, table and figure; its figure "
                                   "reads the study's fits, so a split needs a data module",
}
LONG_FUNCTIONS = {
    "minckt.encode.cpsat.CpSatSession._build": "one CP-SAT model, stated in order",
    "minckt.solve.walks.size_walk": "the two-lane walk: its helpers share its state",
    "minckt.solve.walks.minimize_walk": "the walks of one minimisation over a shared runner",
    "minckt.encode.symmetry.add_breaks": "every symmetry break posted through one interface",
    "minckt.cli.parser": "the argparse table of every verb",
}
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80


def _layer(module: str) -> int:
    best, found = -1, None
    for rank, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, found = len(prefix), rank
    if found is None:
        raise AssertionError(f"module {module} is in no layer of tests/test_layers.py")
    return found


def _modules(package: Path) -> dict[str, Path]:
    found = {}
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(module: str, path: Path, modules: dict[str, Path]):
    """(line, imported module, imported name or None) for every import of the package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = module if path.name == "__init__.py" else module.rpartition(".")[0]
    root = next(iter(modules)).split(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [(alias.name, None) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here.split(".")[: len(here.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            targets = [(f"{source}.{a.name}", None) if f"{source}.{a.name}" in modules
                       else (source, a.name) for a in node.names]
        else:
            continue
        for target, name in targets:
            if target.split(".")[0] != root:
                continue
            while target not in modules and "." in target:
                target = target.rpartition(".")[0]
            if target in modules and target != module:
                yield node.lineno, target, name


def _circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(edges.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def violations(package: Path) -> list[str]:
    """Every upward import, private name crossing modules and import circle of `package`,
    each as 'file:line: what'."""
    modules = _modules(package)
    edges: dict[str, set[str]] = {m: set() for m in modules}
    found = []
    for module, path in modules.items():
        where = path.relative_to(package.parent)
        for line, target, name in _imports(module, path, modules):
            edges[module].add(target)
            if _layer(target) > _layer(module):
                found.append(f"{where}:{line}: {module} ({LAYERS[_layer(module)][0]}) imports "
                             f"{target} ({LAYERS[_layer(target)][0]}), a layer above it")
            if name and name.startswith("_") and not name.startswith("__"):
                found.append(f"{where}:{line}: {module} imports the private name {name} "
                             f"from {target}")
    for circle in _circles(edges):
        found.append(f"{modules[circle[0]].relative_to(package.parent)}:1: import circle "
                     f"{' -> '.join(circle)}")
    return found


def test_layers_point_one_way():
    assert violations(PACKAGE) == []


def test_every_module_has_a_layer():
    for module in _modules(PACKAGE):
        _layer(module)


def test_modules_and_functions_stay_short():
    long = []
    for module, path in _modules(PACKAGE).items():
        source = path.read_text(encoding="utf-8")
        lines = source.count("\n")
        if lines > MAX_MODULE_LINES and module not in LONG_MODULES:
            long.append(f"{path}: {lines} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    item.parent_class = node.name  # type: ignore[attr-defined]
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                size = node.end_lineno - node.lineno + 1
                owner = getattr(node, "parent_class", None)
                name = f"{module}.{owner + '.' if owner else ''}{node.name}"
                if size > MAX_FUNCTION_LINES and name not in LONG_FUNCTIONS:
                    long.append(f"{path}:{node.lineno}: {name} is {size} lines")
    assert long == []


def _planted(tmp_path: Path, relative: str, text: str) -> list[str]:
    copy = tmp_path / "minckt"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    target = copy / relative
    target.write_text(target.read_text(encoding="utf-8") + text, encoding="utf-8")
    return violations(copy)


@pytest.mark.parametrize("relative, text, expected", [
    # a function-local import of the command line from the core
    ("core/spec.py", "\n\ndef _planted():\n    from minckt.cli import main\n    return main\n",
     "minckt/core/spec.py:{line}: minckt.core.spec (core) imports minckt.cli (cli)"),
    # a private name taken from another module
    ("solve/walks.py", "\nfrom minckt.solve.runner import _planted_private\n",
     "minckt/solve/walks.py:{line}: minckt.solve.walks imports the private name "
     "_planted_private from minckt.solve.runner"),
    # a circle inside one layer: caps already imports result
    ("solve/result.py", "\nfrom minckt.solve import caps\n", "import circle"),
])
def test_a_planted_violation_is_caught(tmp_path, relative, text, expected):
    line = (PACKAGE / relative).read_text(encoding="utf-8").count("\n") + \
        text[: text.index("from")].count("\n") + 1
    found = _planted(tmp_path, relative, text)
    assert any(expected.format(line=line) in v for v in found), found
