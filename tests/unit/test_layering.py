"""The layering rules, checked on the source (AST), so a stray import anywhere (even inside a
function) fails here before it can break the CPython tests or the plain-Pyodide loader:

- only ``nnviz.dom`` imports the browser (js, pyodide, pyscript); it never imports ``pyscript``;
- ``nnviz.engine`` imports nothing of nnviz but itself;
- the shared kit (``nnviz.kit``) and ``nnviz.urlstate`` import no ``dom`` and no chapter;
- inside a chapter, only ``ui.py`` and modules under ``ui/`` import ``nnviz.dom``;
- no chapter imports another chapter;
- no file outside a chapter's folder is named after a chapter.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from nnviz.chapters.registry import CHAPTERS

PKG = Path(__file__).resolve().parents[2] / "pysrc" / "nnviz"
BROWSER_MODULES = {"js", "pyodide", "pyodide_js", "pyscript"}
SOURCES = sorted(p for p in PKG.rglob("*.py") if "__pycache__" not in p.parts)


def imports_of(path: Path) -> list[str]:
    """Every module name ``path`` imports, made absolute (``from a.b import c`` gives ``a.b``
    and ``a.b.c``; ``from .x import y`` inside ``nnviz/engine`` gives ``nnviz.engine.x``...)."""
    package = ["nnviz", *path.relative_to(PKG).parts[:-1]]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.append(module)
            found += [f"{module}.{a.name}" for a in node.names]
    return found


def browser_imports(path: Path) -> list[str]:
    return [n for n in imports_of(path) if n.split(".")[0] in BROWSER_MODULES]


def rel(path: Path) -> tuple[str, ...]:
    return path.relative_to(PKG).parts


def is_ui(path: Path) -> bool:
    """``chapters/<route>/ui.py`` or anything under ``chapters/<route>/ui/``."""
    parts = rel(path)
    return parts[0] == "chapters" and len(parts) >= 3 and (parts[2] == "ui" or parts[2] == "ui.py")


def chapter_of(path: Path) -> str | None:
    parts = rel(path)
    return parts[1] if parts[0] == "chapters" and len(parts) >= 3 else None


def ids(p: Path) -> str:
    return "/".join(rel(p))


@pytest.mark.parametrize("path", SOURCES, ids=ids)
def test_only_dom_imports_browser_modules(path):
    if rel(path)[0] == "dom":
        assert not [n for n in browser_imports(path) if n.startswith("pyscript")], (
            "the same dom code must run under the plain-Pyodide loader (file://, sandboxed iframes)"
        )
        return
    assert browser_imports(path) == [], f"{ids(path)} imports {browser_imports(path)}: go through nnviz.dom"


@pytest.mark.parametrize("path", [p for p in SOURCES if rel(p)[0] == "engine"], ids=ids)
def test_engine_imports_nothing_of_nnviz_but_itself(path):
    bad = [n for n in imports_of(path) if n.startswith("nnviz.") and not n.startswith("nnviz.engine")]
    assert bad == [], f"{ids(path)} imports {bad}"


@pytest.mark.parametrize("path", [p for p in SOURCES if rel(p)[0] in ("kit", "urlstate.py")], ids=ids)
def test_kit_imports_no_dom_and_no_chapter(path):
    bad = [n for n in imports_of(path) if n.startswith(("nnviz.dom", "nnviz.chapters", "nnviz.app"))]
    assert bad == [], f"{ids(path)} imports {bad}"


@pytest.mark.parametrize("path", [p for p in SOURCES if chapter_of(p)], ids=ids)
def test_only_ui_modules_of_a_chapter_import_dom(path):
    dom = [n for n in imports_of(path) if n.startswith("nnviz.dom")]
    if not is_ui(path):
        assert dom == [], f"{ids(path)} imports {dom}: only the chapter's ui modules may"


@pytest.mark.parametrize("path", [p for p in SOURCES if chapter_of(p)], ids=ids)
def test_no_chapter_imports_another(path):
    own = f"nnviz.chapters.{chapter_of(path)}"
    others = [n for n in imports_of(path)
              if n.startswith("nnviz.chapters.") and not n.startswith(own)
              and n not in ("nnviz.chapters.base", "nnviz.chapters.registry")
              and not n.startswith(("nnviz.chapters.base.", "nnviz.chapters.registry."))]
    assert others == [], f"{ids(path)} imports {others}: move what is shared into the kit"


def test_no_file_outside_a_chapter_is_named_after_one():
    routes = {c.route.replace("-", "_") for c in CHAPTERS}
    # engine/trainer.py is the machine-learning concept (engine.Trainer), not the chapter
    stray = [ids(p) for p in SOURCES if not chapter_of(p) and rel(p)[0] != "engine"
             and (p.stem in routes or p.stem.split("_")[0] in routes)]
    assert stray == [], f"named after a chapter but outside its folder: {stray}"


def test_every_chapter_folder_is_registered_and_has_its_prose():
    folders = {p.name for p in (PKG / "chapters").iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders == {c.route.replace("-", "_") for c in CHAPTERS}
    for c in CHAPTERS:
        assert (PKG / "chapters" / c.route.replace("-", "_") / "prose.html").exists(), c.route


def test_the_rules_are_checked_on_real_imports():
    # guard against tests that can never fail
    assert "js" in browser_imports(PKG / "dom" / "page.py")
    assert any(n.startswith("nnviz.dom") for n in imports_of(PKG / "chapters" / "explorer" / "ui.py"))
    assert is_ui(PKG / "chapters" / "explorer" / "ui.py")
    assert not is_ui(PKG / "chapters" / "explorer" / "state.py")
