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

for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")  # Pyodide's numpy is single-threaded: compare like with like

from _browser import ROOT, run_in_bare_pyodide  # noqa: E402

SCRIPT = """
py.FS.writeFile("/home/pyodide/engine_core.py", await text("./engine_core.py"));
py.FS.writeFile("/home/pyodide/matmul_probe.py", await text("./matmul_probe.py"));
window.RESULT = py.runPython(`
import json, engine_core, matmul_probe
r = engine_core.steps_per_second(__SECONDS__)
r["matmul"] = matmul_probe.matmuls_per_second(__SECONDS__)
json.dumps(r)
`);
"""


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
    bench = ROOT / "bench"
    web = json.loads(
        run_in_bare_pyodide(
            SCRIPT.replace("__SECONDS__", str(seconds)),
            {"engine_core.py": bench / "engine_core.py", "matmul_probe.py": bench / "matmul_probe.py"},
        )
    )
    sys.path[:0] = [str(ROOT / "pysrc"), str(ROOT / "bench")]
    from engine_core import steps_per_second
    from matmul_probe import matmuls_per_second

    native = steps_per_second(seconds)
    native["matmul"] = matmuls_per_second(seconds)
    print(f"engine steps/s, Pyodide {web['numpy']} in Chromium vs native numpy {native['numpy']}:")
    for key, label in (("mlp_engine", "784-128-64-32-10, batch 32"), ("tiny_engine", "25-32-10, batch 1 (Trainer)")):
        print(f"  {label:30s} browser {web[key]:8.1f}  native {native[key]:8.1f}  ratio {web[key] / native[key]:.2f}x")
    print(
        f"  bare (32x784)@(784x128) float32 matmul: browser {web['matmul']:.0f}/s, native {native['matmul']:.0f}/s, "
        f"ratio {web['matmul'] / native['matmul']:.2f}x  <- the MLP gap is numpy's matrix product in wasm"
    )
    print(f"  engine / hand-written loop in the browser: mlp {web['mlp_ratio']:.3f}, tiny {web['tiny_ratio']:.3f}")


if __name__ == "__main__":
    main()
