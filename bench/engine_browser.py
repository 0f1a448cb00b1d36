"""The same engine measurement inside Pyodide (Chromium) and in native CPython, as a ratio.

Runs bench/engine_core.py's ``steps_per_second()`` in a bare Pyodide page (the runtime and
the nnviz bundle from dist/, served on localhost) and natively in this process, then prints
browser / native for each workload. Issue 3 aims for >= 0.35x on the 784-128-64-32-10 MLP.

    .venv/bin/python bench/engine_browser.py [seconds]
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import threading
from pathlib import Path

for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")  # Pyodide's numpy is single-threaded: compare like with like

from _browser import ROOT, chromium  # noqa: E402
from build import CACHE, DIST, PYODIDE_DIR, build, make_server  # noqa: E402

PAGE = """<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module">
import { loadPyodide } from "./vendor/pyodide.mjs";
const py = await loadPyodide({ indexURL: new URL("./vendor/", location.href).href, packages: ["numpy"] });
const zip = await (await fetch("./bundle.zip")).arrayBuffer();
py.unpackArchive(zip, "zip", { extractDir: "/home/pyodide" });
py.FS.writeFile("/home/pyodide/engine_core.py", await (await fetch("./engine_core.py")).text());
window.RESULT = py.runPython(`
import json, engine_core
json.dumps(engine_core.steps_per_second(SECONDS))
`.replace("SECONDS", String(__SECONDS__)));
</script>"""


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
    build()
    bundle = (CACHE / f"{DIST.name}.bundle-name").read_text()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "vendor").symlink_to(DIST / PYODIDE_DIR)
        (folder / "bundle.zip").symlink_to(DIST / "py" / bundle)
        (folder / "engine_core.py").symlink_to(ROOT / "bench" / "engine_core.py")
        (folder / "index.html").write_text(PAGE.replace("__SECONDS__", str(seconds)))
        server = make_server(folder, port=0)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        with chromium() as browser:
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
            page.wait_for_function("window.RESULT !== undefined", timeout=600_000)
            web = json.loads(page.evaluate("window.RESULT"))
        server.shutdown()
    sys.path[:0] = [str(ROOT / "pysrc"), str(ROOT / "bench")]
    from engine_core import steps_per_second

    native = steps_per_second(seconds)
    print(f"engine steps/s, Pyodide {web['numpy']} in Chromium vs native numpy {native['numpy']}:")
    for key, label in (("mlp_engine", "784-128-64-32-10, batch 32"), ("tiny_engine", "25-32-10, batch 1 (Trainer)")):
        print(f"  {label:30s} browser {web[key]:8.1f}  native {native[key]:8.1f}  ratio {web[key] / native[key]:.2f}x")
    print(f"  engine / hand-written loop in the browser: mlp {web['mlp_ratio']:.3f}, tiny {web['tiny_ratio']:.3f}")


if __name__ == "__main__":
    main()
