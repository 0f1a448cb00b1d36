"""The layering rule: only nnviz.dom touches the browser (js, pyodide, pyscript).

Checked on the source (AST), so a stray import anywhere (even inside a function) fails here
before it can break the CPython tests or the plain-Pyodide loader.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[2] / "pysrc" / "nnviz"
BROWSER_MODULES = {"js", "pyodide", "pyodide_js", "pyscript"}


def browser_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        else:
            continue
        found += [n for n in names if n.split(".")[0] in BROWSER_MODULES]
    return found


SOURCES = sorted(p for p in PKG.rglob("*.py") if "__pycache__" not in p.parts)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PKG)))
def test_only_dom_imports_browser_modules(path):
    imports = browser_imports(path)
    if path.relative_to(PKG).parts[0] == "dom":
        return
    assert imports == [], f"{path.relative_to(PKG)} imports {imports}: go through nnviz.dom instead"


def test_dom_never_imports_the_pyscript_module():
    # the same dom code must run under the plain-Pyodide loader (file://, sandboxed iframes)
    for path in (PKG / "dom").glob("*.py"):
        assert not [n for n in browser_imports(path) if n.startswith("pyscript")], path


def test_the_rule_is_checked_on_real_imports():
    # guard against a test that can never fail: dom/page.py does import js
    assert "js" in browser_imports(PKG / "dom" / "page.py")
