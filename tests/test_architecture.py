"""The direction of the code: `api` imports `ingest`, never the reverse, and nothing imports in a
circle.

The import graph is read from the source with `ast`, every import counted wherever it stands (a
function-level import that closes a circle is still a circle); only imports under
`if TYPE_CHECKING:` are left out of the cycle check, since they never run. Importing a submodule
runs its package's `__init__.py` first, so `a.b.c` also counts as an import of the package
`a.b` for importers outside it. Each module must also import alone, in a fresh interpreter
state, which catches an order that only works because something else was imported first.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("ingest", "api")  # the lower layer first: each may import only those before it
OUTSIDE = ("bench", "tests")  # may import both layers; neither layer imports them
# A string in ingest that names a module of api ("api.app:create_app") or its folder.
_API_REFERENCE = re.compile(r"^api$|(?<![\w/.-])api\.[A-Za-z_]")


@dataclass
class Module:
    """One module of the code: its name, file and what it imports."""

    name: str
    path: Path
    is_package: bool
    imports: set[str] = field(default_factory=set)  # every import, TYPE_CHECKING ones included
    runtime: set[str] = field(default_factory=set)  # the imports that run
    strings: list[str] = field(default_factory=list)


def _module_name(path: Path) -> tuple[str, bool]:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    if is_package:
        parts.pop()
    return ".".join(parts), is_package


def _source_files(top: str) -> Iterator[Path]:
    for path in sorted((ROOT / top).rglob("*.py")):
        rel = path.relative_to(ROOT).parts
        if "node_modules" in rel or "static" in rel or "__pycache__" in rel:
            continue
        yield path


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported(node: ast.Import | ast.ImportFrom, module: Module, known: set[str]) -> set[str]:
    """The modules of the code an import statement names (absolute names)."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names}
    if node.level:
        package = module.name if module.is_package else module.name.rpartition(".")[0]
        for _ in range(node.level - 1):
            package = package.rpartition(".")[0]
        origin = f"{package}.{node.module}" if node.module else package
    else:
        origin = node.module or ""
    found = set()
    for alias in node.names:
        candidate = f"{origin}.{alias.name}"
        found.add(candidate if candidate in known else origin)
    return found


def _scan(module: Module, known: set[str]) -> None:
    tree = ast.parse(module.path.read_text(encoding="utf-8"), filename=str(module.path))

    def visit(node: ast.AST, runtime: bool) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.body:
                visit(child, False)
            for child in node.orelse:
                visit(child, runtime)
            return
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = _imported(node, module, known)
            module.imports |= names
            if runtime:
                module.runtime |= names
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            module.strings.append(node.value)
        for child in ast.iter_child_nodes(node):
            visit(child, runtime)

    visit(tree, True)


@lru_cache(maxsize=1)
def code() -> dict[str, Module]:
    """Every module of ingest/, api/, bench/ and tests/, with its imports."""
    modules = {}
    for top in (*LAYERS, *OUTSIDE):
        for path in _source_files(top):
            name, is_package = _module_name(path)
            modules[name] = Module(name, path, is_package)
    known = set(modules)
    for module in modules.values():
        _scan(module, known)
    return modules


def _targets(importer: str, names: set[str], modules: dict[str, Module]) -> set[str]:
    """The modules of the code that `names` load: each one and the packages it runs first."""
    found = set()
    for name in names:
        parts = name.split(".")
        for end in range(1, len(parts) + 1):
            target = ".".join(parts[:end])
            if target not in modules or target == importer:
                continue
            inside = importer.startswith(f"{target}.")
            if end == len(parts) or (modules[target].is_package and not inside):
                found.add(target)
    return found


def import_graph(runtime_only: bool = True) -> dict[str, set[str]]:
    """Module → the modules of the code it imports (and the packages those run)."""
    modules = code()
    return {
        name: _targets(name, m.runtime if runtime_only else m.imports, modules)
        for name, m in modules.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each strongly connected group of more than one module, as one circle through it."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def connect(node: str) -> None:  # Tarjan's algorithm
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for node in sorted(graph):
        if node not in index:
            connect(node)
    return [_circle(group, graph) for group in groups]


def _circle(group: set[str], graph: dict[str, set[str]]) -> list[str]:
    """A shortest circle through the group's first module (breadth-first)."""
    start = min(group)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for nxt in sorted(graph[node] & group):
            if nxt == start:
                return [*paths[node], start]
            if nxt not in paths:
                paths[nxt] = [*paths[node], nxt]
                queue.append(nxt)
    return sorted(group)  # pragma: no cover (a strongly connected group has a circle)


def _layer(name: str) -> str:
    return name.split(".", 1)[0]


def test_no_import_cycles() -> None:
    found = cycles(import_graph())
    assert found == [], "import cycles:\n" + "\n".join(" → ".join(c) for c in found)


def test_ingest_never_imports_or_names_api() -> None:
    graph = import_graph(runtime_only=False)
    offenders = sorted(
        f"{name} imports {target}"
        for name, targets in graph.items()
        if _layer(name) == "ingest"
        for target in targets
        if _layer(target) == "api"
    )
    offenders += sorted(
        f"{name} names {text!r}"
        for name, module in code().items()
        if _layer(name) == "ingest"
        for text in module.strings
        if _API_REFERENCE.search(text)
    )
    assert offenders == []


def test_the_layers_never_import_bench_or_tests() -> None:
    graph = import_graph(runtime_only=False)
    offenders = sorted(
        f"{name} imports {target}"
        for name, targets in graph.items()
        if _layer(name) in LAYERS
        for target in targets
        if _layer(target) in OUTSIDE
    )
    assert offenders == []


_IMPORT_EACH_ALONE = """
import importlib, json, sys, traceback
failed = {}
for name in json.loads(sys.argv[1]):
    for loaded in [m for m in sys.modules if m.split(".", 1)[0] in ("ingest", "api")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception:
        failed[name] = traceback.format_exc(limit=-3)
print(json.dumps(failed))
"""


def test_each_module_imports_alone() -> None:
    names = sorted(n for n in code() if _layer(n) in LAYERS)
    halves = [names[0::2], names[1::2]]  # two interpreters side by side, one per core
    running = [
        subprocess.Popen(
            [sys.executable, "-c", _IMPORT_EACH_ALONE, json.dumps(half)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for half in halves
    ]
    failed: dict[str, str] = {}
    for process in running:
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, err
        failed |= json.loads(out.strip().splitlines()[-1])
    assert failed == {}, "\n".join(f"{n}:\n{t}" for n, t in failed.items())
