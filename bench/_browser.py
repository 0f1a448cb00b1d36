"""Shared plumbing for the browser benchmarks: serve dist/ on localhost, drive Chromium.

Benchmarks print figures measured in one run; they are not tests and never fail on a
slow machine. Run them after `python3 build.py build`, with the project's venv:
    .venv/bin/python bench/startup.py
"""

from __future__ import annotations

import contextlib
import statistics
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from build import CACHE, DIST, PYODIDE_DIR, build, find_chromium, make_server  # noqa: E402
from tests.e2e.harness import BOOT_TIMEOUT_MS, CHROMIUM_ARGS  # noqa: E402


@contextlib.contextmanager
def served(directory: Path = DIST) -> Iterator[str]:
    """Build if needed, serve ``directory`` on a free localhost port, yield the base URL."""
    build()
    server = make_server(directory, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@contextlib.contextmanager
def chromium():
    """Yield a launched headless Chromium (the same binary and flags as the e2e tests)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def open_ready(browser, url: str, route: str, viewport=(1280, 800)):
    """Open ``url`` in a fresh context (fresh profile, empty cache); wait for data-ready."""
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(f'html[data-ready="{route}"]', timeout=BOOT_TIMEOUT_MS, state="attached")
    return context, page


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


median = statistics.median

BARE_PAGE = """<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module">
import { loadPyodide } from "./vendor/pyodide.mjs";
const py = await loadPyodide({ indexURL: new URL("./vendor/", location.href).href, packages: ["numpy"] });
py.unpackArchive(await (await fetch("./bundle.zip")).arrayBuffer(), "zip", { extractDir: "/home/pyodide" });
const text = async (name) => (await fetch(name)).text();
__SCRIPT__
</script>"""


def run_in_bare_pyodide(script: str, files: dict[str, Path | str]) -> str:
    """Run ``script`` in a bare Pyodide page (numpy loaded, the nnviz bundle unpacked) and
    return the ``window.RESULT`` it sets, as a string.

    ``script`` is the tail of a JS module where ``py`` is the Pyodide instance and
    ``text(name)`` fetches a served file; ``files`` are served beside the page (name -> a
    path, linked, or a str, written). For benchmarks that compare Pyodide with native
    CPython on the same code, without the chapter UI around it.
    """
    build()
    bundle = (CACHE / f"{DIST.name}.bundle-name").read_text()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "vendor").symlink_to(DIST / PYODIDE_DIR)
        (folder / "bundle.zip").symlink_to(DIST / "py" / bundle)
        for name, content in files.items():
            if isinstance(content, Path):
                (folder / name).symlink_to(content)
            else:
                (folder / name).write_text(content)
        (folder / "index.html").write_text(BARE_PAGE.replace("__SCRIPT__", script))
        server = make_server(folder, port=0)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with chromium() as browser:
                page = browser.new_page()
                page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
                page.wait_for_function("window.RESULT !== undefined", timeout=1_200_000)
                return str(page.evaluate("window.RESULT"))
        finally:
            server.shutdown()
