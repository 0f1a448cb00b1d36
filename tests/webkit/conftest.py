"""WebKit fixtures: one MiniBrowser session (headless, under Xvfb) for every test in tests/webkit,
and the two sites it opens: dist/ on localhost and dist-portable/ from file://.

``python3 build.py test`` runs this folder only where WebKitWebDriver and Xvfb exist (it says
why it left it out otherwise); run directly without them, the tests fail and say what is missing.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.webkit.session import WebKitSession

ROOT = Path(__file__).resolve().parents[2]
DIST = Path(os.environ.get("NNVIZ_DIST", ROOT / "dist")).resolve()
PORTABLE = ROOT / "dist-portable"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/webkit" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def sites() -> Iterator[dict[str, str]]:
    """{"http": base URL of dist/ served on 127.0.0.1, "file": file:// URL of dist-portable/}."""
    from build import make_server

    for folder in (DIST, PORTABLE):
        if not (folder / "index.html").exists():
            pytest.fail(f"{folder.name}/ is not built: run `python3 build.py test` (it builds first).")
    server = make_server(DIST, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield {"http": f"http://127.0.0.1:{server.server_address[1]}/", "file": (PORTABLE / "index.html").as_uri()}
    server.shutdown()


@pytest.fixture(scope="session")
def webkit() -> Iterator[WebKitSession]:
    from build import find_webkit

    tools, missing = find_webkit()
    if missing:
        pytest.fail(f"the WebKit run needs WebKitWebDriver and Xvfb: {missing}")
    with WebKitSession(driver=tools["NNVIZ_WEBKIT_DRIVER"], xvfb=tools["NNVIZ_XVFB"]) as session:
        yield session
