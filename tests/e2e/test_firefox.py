"""The USB-stick build in Firefox: Debian's firefox-esr opens dist-portable/ from file://.

Playwright cannot drive Debian's Firefox (it needs its own patched build), so this test
runs tests/firefox/open_page.mjs, which drives it with puppeteer-core over WebDriver BiDi.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_portable_build_runs_in_firefox_from_file_url():
    from build import find_firefox
    from nnviz.chapters.registry import CHAPTERS

    index = ROOT / "dist-portable" / "index.html"
    assert index.exists(), "dist-portable/ is missing: `python3 build.py test` builds it"
    others = ",".join(c.route for c in CHAPTERS if c.route != "explorer")
    node = shutil.which("node")
    assert node, "node is needed to drive Firefox (build.py test checks this first)"
    result = subprocess.run(
        [node, "open_page.mjs", index.as_uri() + "#/explorer?layers=3,4,2", "explorer", find_firefox(), others],
        cwd=ROOT / "tests" / "firefox",
        capture_output=True,
        text=True,
        timeout=240,
        env={**os.environ, "MOZ_HEADLESS": "1"},
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report.get("failure") is None, report
    assert report["ready"] and report["loader"] == "pyodide-offline"
    assert report["snapshot"] == "restored"  # a snapshot made in Node restores in Firefox too
    assert report["matmul"] == "wasm-simd"  # the SIMD kernel runs in Firefox's file:// page too
    assert report["nodes"] == 9 and report["upEdges"] == 3
    assert report["visited"] == others.split(",")  # every chapter runs offline in Firefox too
    assert report["errors"] == []
    assert all(u.startswith(("file://", "data:")) for u in report["requests"]), report["requests"]
