"""What may import what (docs/architecture.md, «Layers»), checked over lk_portal/ with `ast`.

A module's imports under `if TYPE_CHECKING:` are annotations only and not counted; relative
imports are resolved against the module's package.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "lk_portal"

HTTP = ("django.http", "django.shortcuts", "django.views", "django.contrib.auth.mixins")
ABOVE_SELECTORS = ("lk_portal.services", "lk_portal.views", "lk_portal.admin_views", "lk_portal.tasks")

# layer → the imports it may not make
FORBIDDEN = {
    "lk_portal.domain": (
        *HTTP,
        "django.db",
        "django.template",
        "lk_portal.models",
        "lk_portal.selectors",
        "lk_portal.presentation",
        "lk_portal.exports",
        "lk_portal.grid",
        *ABOVE_SELECTORS,
    ),
    "lk_portal.formatting": ("django.db", *HTTP, "lk_portal.models", "lk_portal.domain", "lk_portal.selectors"),
    "lk_portal.selectors": (
        *HTTP,
        "django.template",
        "lk_portal.formatting",  # selectors build no display text
        "lk_portal.presentation",
        "lk_portal.exports",
        "lk_portal.grid",
        *ABOVE_SELECTORS,
    ),
    "lk_portal.presentation": (*HTTP, "django.db", "lk_portal.selectors", "lk_portal.exports", *ABOVE_SELECTORS),
    "lk_portal.exports": (
        *HTTP,
        "django.db",
        "lk_portal.models",
        "lk_portal.selectors",
        "lk_portal.grid",
        *ABOVE_SELECTORS,
    ),
    "lk_portal.grid": (*HTTP, "lk_portal.models", "lk_portal.selectors", "lk_portal.presentation", *ABOVE_SELECTORS),
    "lk_portal.services": (*HTTP, "lk_portal.views", "lk_portal.admin_views"),
    "lk_portal.exchange": (*HTTP, "lk_portal.services", "lk_portal.views", "lk_portal.admin_views", "lk_portal.tasks"),
    "lk_portal.tasks": (*HTTP, "lk_portal.views", "lk_portal.admin_views"),
    "lk_portal.models": ("lk_portal.selectors", "lk_portal.services", "lk_portal.views", "lk_portal.exports"),
    # forms validate and read; they write nothing, so they do not reach the services
    "lk_portal.forms": ("lk_portal.services", "lk_portal.views"),
    "lk_portal.account_forms": ("lk_portal.services", "lk_portal.views"),
    "lk_portal.readings_forms": ("lk_portal.services", "lk_portal.views"),
    "lk_portal.request_forms": ("lk_portal.services", "lk_portal.views"),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.stmt) -> bool:
    return isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def imports_of(path: Path) -> set[str]:
    """Every module `path` imports at run time (function-level imports included)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if _is_type_checking(child):
                continue
            if isinstance(child, ast.Import):
                found.update(alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                found.add(base)
                found.update(f"{base}.{alias.name}" for alias in child.names)
            visit(child)

    visit(tree)
    return found


def layer_of(name: str) -> str | None:
    matches = [layer for layer in FORBIDDEN if name == layer or name.startswith(layer + ".")]
    return max(matches, key=len) if matches else None


MODULES = sorted(p for p in ROOT.rglob("*.py") if "migrations" not in p.parts)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_a_module_imports_only_what_its_layer_may(path):
    layer = layer_of(module_name(path))
    if layer is None:
        return
    wrong = sorted(
        name
        for name in imports_of(path)
        for forbidden in FORBIDDEN[layer]
        if name == forbidden or name.startswith(forbidden + ".")
    )
    assert not wrong, f"{module_name(path)} ({layer}) imports {wrong}"


def test_the_checker_sees_relative_and_late_imports(tmp_path):
    assert "lk_portal.grid.filters" in imports_of(ROOT / "grid" / "state.py")
    assert "lk_portal.tasks.outbox" in imports_of(ROOT / "services" / "outbox.py")  # inside a function
    assert "lk_portal.models" not in imports_of(ROOT / "domain" / "payment_calendar.py")  # annotations only
