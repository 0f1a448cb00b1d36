"""The same engine measurement inside Pyodide (Chromium) and in native CPython, as ratios.

Runs bench/engine_core.py's ``steps_per_second()`` in a bare Pyodide page (the runtime and
the nnviz bundle from dist/, served on localhost) and natively in this process, then prints
browser / native for each workload. Issue 3 aims for >= 0.35x on the 784-128-64-32-10 MLP.

The same page also loads nnviz's matrix-product kernel (dist/js/kernel.js and its .wasm, as the
site does) and TensorFlow.js with its WebAssembly backend (bench/tfjs/: pinned by its
package-lock.json, installed there by this script with `npm ci`, never shipped), and
bench/kernel_probe.py times, in alternating rounds, the bare (32x784)@(784x128) float32 product
(numpy in Pyodide, the kernel through engine.linalg, TF.js) and the MLP's training steps with
numpy and with the kernel behind the seam. Issue 20's goals: kernel >= 15x numpy in Pyodide and
ahead of TF.js; training >= 4x numpy in the browser and >= 0.25x native single-thread.

    .venv/bin/python bench/engine_browser.py [seconds]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")  # Pyodide's numpy is single-threaded: compare like with like

from _browser import ROOT, run_in_bare_pyodide  # noqa: E402
from build import DIST, require_npm, sha256_of  # noqa: E402

TFJS = ROOT / "bench" / "tfjs"
TFJS_FILES = {
    "tf-core.min.js": "@tensorflow/tfjs-core/dist/tf-core.min.js",
    "tf-backend-wasm.min.js": "@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.min.js",
    **{
        f"tfjs-backend-wasm{v}.wasm": f"@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm{v}.wasm"
        for v in ("", "-simd", "-threaded-simd")
    },
}

SCRIPT = """
for (const name of ["engine_core.py", "matmul_probe.py", "kernel_probe.py"]) {
  py.FS.writeFile("/home/pyodide/" + name, await text("./" + name));
}
const script = (src) => new Promise((ok, fail) => {
  const s = document.createElement("script"); s.src = src; s.onload = ok; s.onerror = fail;
  document.head.appendChild(s);
});
// nnviz's kernel, loaded as the site loads it (kernel.js finds Pyodide's Memory)
(0, eval)((await text("./kernel.js")).replace(/py\\/matmul-[0-9a-f]+\\.wasm/, "./matmul.wasm"));
const kernel = await window.nnvizKernel.attach(py);
if (kernel !== "ready") throw new Error("kernel " + kernel);
// TensorFlow.js, WebAssembly backend (SIMD; one thread: this page is not cross-origin isolated)
await script("./tf-core.min.js");
await script("./tf-backend-wasm.min.js");
tf.wasm.setWasmPaths(new URL("./", location.href).href);
await tf.setBackend("wasm");
await tf.ready();
const A = tf.randomUniform([32, 784]), B = tf.randomUniform([784, 128]);
window.tfjsProducts = (n) => {
  for (let i = 0; i < n; i++) tf.matMul(A, B).dispose();
};
const tfjsInfo = { backend: tf.getBackend(), simd: await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT"),
                   threads: await tf.env().getAsync("WASM_HAS_MULTITHREAD_SUPPORT"), version: tf.version_core };
window.RESULT = py.runPython(`
import json, engine_core, matmul_probe, kernel_probe, js
import nnviz_kernel
r = engine_core.steps_per_second(__SECONDS__)
r["matmul"] = matmul_probe.matmuls_per_second(__SECONDS__)
r["kernel"] = kernel_probe.measure(nnviz_kernel.matmul, js.tfjsProducts, __SECONDS__ * 3)
json.dumps(r)
`).slice(0, -1) + ', "tfjs": ' + JSON.stringify(tfjsInfo) + "}";
"""


def ensure_tfjs() -> None:
    """Install bench/tfjs's pinned packages (package-lock.json has their hashes) once."""
    stamp = TFJS / "node_modules" / ".lock-sha256"
    wanted = sha256_of(TFJS / "package-lock.json")
    if stamp.exists() and stamp.read_text() == wanted:
        return
    print("[bench] installing TensorFlow.js for the comparison (npm ci, pinned by bench/tfjs/package-lock.json)")
    subprocess.run([require_npm(), "ci", "--silent", "--no-audit", "--no-fund"], cwd=TFJS, check=True)
    stamp.write_text(wanted)


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
    ensure_tfjs()
    bench = ROOT / "bench"
    from build import build

    build()
    wasm = next((DIST / "py").glob("matmul-*.wasm"))
    files = {name: bench / name for name in ("engine_core.py", "matmul_probe.py", "kernel_probe.py")}
    files |= {"kernel.js": DIST / "js" / "kernel.js", "matmul.wasm": wasm}
    files |= {name: TFJS / "node_modules" / rel for name, rel in TFJS_FILES.items()}
    web = json.loads(run_in_bare_pyodide(SCRIPT.replace("__SECONDS__", str(seconds)), files))
    sys.path[:0] = [str(ROOT / "pysrc"), str(ROOT / "bench")]
    from engine_core import steps_per_second
    from matmul_probe import matmuls_per_second

    native = steps_per_second(seconds)
    native["matmul"] = matmuls_per_second(seconds)
    # the browser's clock is wall time; on a busy machine compare with native wall time too
    native_wall = steps_per_second(seconds, cpu_time=False)["mlp_engine"]
    print(f"engine steps/s, Pyodide {web['numpy']} in Chromium vs native numpy {native['numpy']}:")
    for key, label in (("mlp_engine", "784-128-64-32-10, batch 32"), ("tiny_engine", "25-32-10, batch 1 (Trainer)")):
        print(f"  {label:30s} browser {web[key]:8.1f}  native {native[key]:8.1f}  ratio {web[key] / native[key]:.2f}x")
    print(
        f"  bare (32x784)@(784x128) float32 matmul: browser {web['matmul']:.0f}/s, native {native['matmul']:.0f}/s, "
        f"ratio {web['matmul'] / native['matmul']:.2f}x  <- the MLP gap is numpy's matrix product in wasm"
    )
    print(f"  engine / hand-written loop in the browser: mlp {web['mlp_ratio']:.3f}, tiny {web['tiny_ratio']:.3f}")

    k, tfjs = web["kernel"], web["tfjs"]
    native_us = 1e6 / native["matmul"]
    print("\nmatrix-product kernel (WebAssembly SIMD128, buildlib/kernels/matmul.wat), same Chromium run,")
    print("alternating rounds; median of the rounds [fastest round in brackets]:")
    print(f"  (32x784)@(784x128) float32, us/product (TF.js {tfjs['version']} {tfjs['backend']}, SIMD {tfjs['simd']}, threads {tfjs['threads']}):")
    for name, label in (("numpy", "numpy in Pyodide"), ("kernel", "kernel via engine.linalg"), ("tfjs", "TF.js wasm backend")):
        print(f"    {label:26s} {k[name + '_us']:8.0f}  [{k['best_' + name + '_us']:6.0f}]")
    print(f"    {'native numpy+BLAS, 1 thread':26s} {native_us:8.0f}")
    print(f"  kernel vs numpy in Pyodide   {k['kernel_vs_numpy']:6.1f}x [{k['best_kernel_vs_numpy']:5.1f}x]  (goal >= 15x)")
    print(f"  kernel vs TF.js wasm backend {k['kernel_vs_tfjs']:6.2f}x [{k['best_kernel_vs_tfjs']:5.2f}x]  (goal > 1x)")
    print(f"  kernel GFLOP/s {2 * 32 * 784 * 128 / k['kernel_us'] / 1e3:.1f} [{2 * 32 * 784 * 128 / k['best_kernel_us'] / 1e3:.1f}]")
    print("  784-128-64-32-10 training, batch 32, steps/s:")
    print(f"    browser, numpy behind the seam (as before) {k['steps_numpy']:8.1f} [{k['best_steps_numpy']:7.1f}]")
    print(
        f"    browser, kernel behind the seam            {k['steps_kernel']:8.1f} [{k['best_steps_kernel']:7.1f}]  "
        f"{k['steps_ratio']:.2f}x before [{k['best_steps_kernel'] / k['best_steps_numpy']:.2f}x]  (goal >= 4x)"
    )
    print(
        f"    native CPython, numpy + BLAS, 1 thread     {native['mlp_engine']:8.1f}            "
        f"kernel / native {k['steps_kernel'] / native['mlp_engine']:.2f}x [{k['best_steps_kernel'] / native['mlp_engine']:.2f}x]"
        f"  (goal >= 0.25x; native in {native['clock']})"
    )
    print(
        f"    native, timed in wall time as the browser  {native_wall:8.1f}            "
        f"kernel / native {k['steps_kernel'] / native_wall:.2f}x"
    )

if __name__ == "__main__":
    main()
