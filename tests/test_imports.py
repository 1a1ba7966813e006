"""The generator's modules import in one direction: spine → check → graph → render →
publish → tools → the orchestrator (pipeline) → the entry points (the CLI and the MkDocs
plugin). Nothing imports an entry point, no import runs in a circle, and no chain of
imports is more than ten modules tall. Read from the source, so it costs no imports."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "generator"
LAYERS = ("spine", "check", "graph", "render", "publish", "tools", "orchestrator", "entry")
ENTRY = {"generator.cli", "generator.plugin", "generator.preview", "generator.mkdocs_files"}
"""`preview` is the plugin's own state between rebuilds: part of the adapter."""
MAX_FLOORS = 10


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


MODULES = _modules()


def layer(module: str) -> int:
    if module in ENTRY:
        return LAYERS.index("entry")
    if module == "generator.pipeline":
        return LAYERS.index("orchestrator")
    sub = module.split(".")[1] if module.count(".") else ""
    return LAYERS.index(sub) if sub in LAYERS else LAYERS.index("spine")


def _type_only(tree: ast.Module) -> set[int]:
    """Nodes under `if TYPE_CHECKING:`: names for annotations, no import at run time."""
    return {id(n) for node in ast.walk(tree) if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
            for n in ast.walk(node)}


@cache
def imports(module: str) -> frozenset[str]:
    """The package's modules this one imports (in functions too), and the packages that
    importing them runs first."""
    path = MODULES[module]
    tree = ast.parse(path.read_text("utf-8"))
    skip = _type_only(tree)
    here = module if path.name == "__init__.py" else module.rpartition(".")[0]
    named: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            named |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*here.split(".")[:len(here.split(".")) - node.level + 1], *([base] if base else [])])
            named |= {f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names}
    found = set()
    for name in named:  # importing a.b.c runs the packages a.b first, unless this module is inside them
        parts = name.split(".")
        found |= {p for i in range(2, len(parts) + 1) if not module.startswith((p := ".".join(parts[:i])) + ".")}
    return frozenset((found & MODULES.keys()) - {module})


def _longest(module: str, trail: tuple[str, ...] = ()) -> tuple[str, ...]:
    assert module not in trail, "import circle: " + " → ".join((*trail, module))
    below = [_longest(m, (*trail, module)) for m in sorted(imports(module))]
    return (module, *max(below, key=len, default=()))


def test_the_package_is_read():
    assert {"generator.cli", "generator.plugin", "generator.pipeline", "generator.domain"} <= MODULES.keys()
    assert "generator.registry" in imports("generator.domain")


def test_no_module_imports_against_the_order():
    against = [f"{m} ({LAYERS[layer(m)]}) imports {t} ({LAYERS[layer(t)]})"
               for m in sorted(MODULES) for t in sorted(imports(m)) if layer(t) > layer(m)]
    assert against == []


def test_nothing_imports_an_entry_point_or_the_orchestrator():
    found = [f"{m} imports {t}" for m in sorted(MODULES) if m not in ENTRY for t in sorted(imports(m))
             if t in ENTRY | {"generator.pipeline"} and m != "generator.pipeline"]
    assert found == []


def test_no_circle_and_at_most_ten_floors():
    tallest = max((_longest(m) for m in sorted(MODULES)), key=len)
    assert len(tallest) <= MAX_FLOORS, " → ".join(tallest)
