"""End-to-end fixtures: dist/ served on localhost by the test session, driven in Chromium.

Every page opened through these fixtures records its console errors, page errors and
every request; a test fails if any error was logged or any request left the site's
origin (external requests are also aborted, so nothing can leak even by mistake).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.harness import CHROMIUM_ARGS, Watched, open_route, watch

ROOT = Path(__file__).resolve().parents[2]
DIST = Path(os.environ.get("NNVIZ_DIST", ROOT / "dist")).resolve()


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def site() -> Iterator[str]:
    """Serve dist/ on 127.0.0.1 (free port); yield its base URL."""
    from build import make_server

    if not (DIST / "index.html").exists():
        pytest.fail("dist/ is not built: run `python3 build.py test` (it builds first).")
    server = make_server(DIST, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from build import find_chromium  # NNVIZ_CHROMIUM, else a Chromium on the machine

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def app(browser, site) -> Iterator[Watched]:
    """One booted app per test module (Python starts once; tests navigate by hash)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    w = watch(context, site.rstrip("/"))
    w.base = site
    open_route(w, site, "#/explorer")
    yield w
    w.assert_clean()
    context.close()


@pytest.fixture()
def fresh(browser, site) -> Iterator[Watched]:
    """A brand-new browser context for tests that need their own page load."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    w = watch(context, site.rstrip("/"))
    w.base = site
    yield w
    w.assert_clean()
    context.close()
