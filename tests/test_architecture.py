"""The import graph of the portal's code: dependencies point one way only (docs/architecture.md).

Every ``import`` in the packages below is read with ``ast`` (also the ones inside functions), and each module is
placed in a layer:

- the portal-wide building blocks, sub-packages of ``regionportal`` (``BUILDING_BLOCKS``, lowest first), import
  nothing from the apps and only blocks listed before them;
- the apps import the building blocks and the apps below them: news and decisions → projects → contacts;
- the project package's own modules (settings, URLs, the portal's own pages, the back-office site, open data,
  management commands) sit on top and may import everything.

And no two modules import each other, directly or around a circle.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Lowest first: a block may import the blocks before it.
BUILDING_BLOCKS = [
    "regionportal.search",
    "regionportal.caching",
    "regionportal.security",
    "regionportal.publishing",
    "regionportal.media",
    "regionportal.backoffice",
    "regionportal.legal",
]
# An app may import the apps it names, and every building block.
APPS = {
    "contacts": set(),
    "projects": {"contacts"},
    "decisions": {"projects", "contacts"},
    "news": {"projects", "contacts"},
}
TOP = "regionportal"  # the project package's other modules and sub-packages


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_modules():
    modules = {}
    for package in (TOP, *APPS):
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" not in path.parts:
                modules[module_name(path)] = path
    return modules


MODULES = source_modules()


def imported_modules(name, path):
    """The portal's modules ``name`` imports (the module itself for ``from package import module``)."""
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                package = name.split(".") if is_package else name.split(".")[:-1]
                base = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else []))
            else:
                base = node.module
            targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


GRAPH = {name: imported_modules(name, path) for name, path in MODULES.items()}


def layer(name):
    """``("block", rank)``, ``("app", app)`` or ``("top", None)``."""
    for rank, block in enumerate(BUILDING_BLOCKS):
        if name == block or name.startswith(block + "."):
            return "block", rank
    app = name.split(".")[0]
    if app in APPS:
        return "app", app
    return "top", None


def may_import(importer, imported):
    kind, where = layer(importer)
    target_kind, target = layer(imported)
    if kind == "top":
        return True
    if kind == "app":
        return target_kind == "block" or (target_kind == "app" and (target == where or target in APPS[where]))
    return target_kind == "block" and target <= where


def test_the_graph_reads_every_package():
    assert {"regionportal.publishing.models", "projects.models", "news.views", "regionportal.pages.views"} <= set(GRAPH)
    assert "contacts.models" in GRAPH["projects.models"]  # the reader finds real imports


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_imports_point_one_way(module):
    upward = sorted(target for target in GRAPH[module] if not may_import(module, target))
    assert upward == [], f"{module} imports {', '.join(upward)} against the layers of docs/architecture.md"


def test_no_import_cycles():
    """Tarjan's strongly connected components: any component of two or more modules is a cycle."""
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in GRAPH[module]:
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while not component or component[-1] != module:
                component.append(stack.pop())
                on_stack.discard(component[-1])
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(GRAPH):
        if module not in index:
            visit(module)
    assert cycles == []


def test_an_upward_import_is_refused():
    """The rule itself: a building block importing an app, or an app importing one above it, is flagged."""
    assert not may_import("regionportal.backoffice.permissions", "projects.models")
    assert not may_import("contacts.views", "projects.models")
    assert not may_import("regionportal.publishing.models", "regionportal.media.models")
    assert may_import("news.models", "projects.models")
    assert may_import("regionportal.pages.views", "news.models")


def test_readme_and_architecture_name_every_package():
    """README's "What is where" and docs/architecture.md name every app and every sub-package of the project."""
    packages = [*APPS] + [
        f"regionportal/{path.parent.name}/"
        for path in (ROOT / TOP).glob("*/__init__.py")
        if path.parent.name not in ("migrations", "management", "templatetags", "settings", "formats")
    ]
    readme = (ROOT / "README.md").read_text()
    what_is_where = readme[readme.index("## What is where") :].split("\n## ")[0]
    architecture = (ROOT / "docs" / "architecture.md").read_text()
    assert [package for package in packages if f"`{package.rstrip('/')}" not in what_is_where] == []
    assert [package for package in BUILDING_BLOCKS if package.split(".")[-1] not in architecture] == []
