"""The apps are layered (docs/architecture.md, .importlinter): nothing imports an app above it, and no import of
a project module hides inside a function to dodge a cycle."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

APPS = ("core", "accounts", "shop", "policies", "prices", "orders", "payments", "fraud", "checkout", "reviews",
        "returns", "support", "trust", "demo", "config")  # fmt: skip


def test_the_layers_contract_is_kept():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([lint_imports, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "Contracts: 1 kept, 0 broken." in result.stdout


def _function_level_project_imports(path: Path) -> list[str]:
    """Imports of our apps inside a function body, except ``AppConfig.ready()`` (Django's place for them)."""
    found = []

    def visit(node: ast.AST, inside: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                visit(child, child.name)
                continue
            if inside and inside != "ready" and isinstance(child, ast.Import | ast.ImportFrom):
                names = [child.module or ""] if isinstance(child, ast.ImportFrom) else [a.name for a in child.names]
                if any(name.split(".")[0] in APPS for name in names):
                    found.append(f"{path.relative_to(ROOT)}:{child.lineno} in {inside}()")
            visit(child, inside)

    visit(ast.parse(path.read_text()), None)
    return found


@pytest.mark.parametrize("app", APPS)
def test_no_function_level_imports_of_project_modules(app):
    offenders = [hit for path in sorted((ROOT / app).rglob("*.py")) for hit in _function_level_project_imports(path)]
    assert offenders == []
