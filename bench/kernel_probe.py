"""The matrix-product kernel against numpy (and TensorFlow.js) inside Pyodide: the measuring half
of bench/engine_browser.py, run in the page's Python (numpy and nnviz.engine only).

``measure(kernel, tfjs, seconds, rounds)`` times, in alternating rounds so that a busy machine
hits every side alike:
  product   (32 x 784) @ (784 x 128) float32 into a preallocated out: numpy's np.matmul, the
            kernel through the seam (engine.linalg.KernelBackend.x_w, Python overhead included),
            and ``tfjs(n)`` (a JS function running n tf.matMul and returning elapsed ms);
  training  the 784-128-64-32-10 MLP's Network.step (bench/engine_core.py's workload) with numpy
            behind the seam, then with the kernel.
Returns medians (µs per product, steps/s) and the median of the per-round ratios, and the same
from each side's fastest round ("best_…": on a shared machine, other work only ever adds time,
so the fastest of many short rounds is the least disturbed figure).
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from engine_core import mlp_runners
from nnviz.engine import linalg


def _rate(run, n):
    start = time.perf_counter()
    run(n)
    return n / (time.perf_counter() - start)


def _count_for(run, seconds):
    n = 1
    while True:
        start = time.perf_counter()
        run(n)
        elapsed = time.perf_counter() - start
        if elapsed >= seconds / 4 or n >= 1 << 16:
            return max(1, round(n * seconds / max(elapsed, 1e-9)))
        n *= 2


def measure(kernel, tfjs=None, seconds: float = 1.0, rounds: int = 31) -> dict:
    rng = np.random.default_rng(0)
    a = rng.random((32, 784), dtype=np.float32)
    b = rng.random((784, 128), dtype=np.float32)
    out = np.empty((32, 128), np.float32)
    backend = linalg.KernelBackend(kernel)
    backend.x_w(a, b, out)
    assert backend.calls == 1 and np.array_equal(out, a @ b)

    def numpy_products(n):
        for _ in range(n):
            np.matmul(a, b, out=out)

    def kernel_products(n):
        for _ in range(n):
            backend.x_w(a, b, out)

    def tfjs_products(n):
        tfjs(n)

    sides = {"numpy": numpy_products, "kernel": kernel_products}
    if tfjs is not None:
        sides["tfjs"] = tfjs_products
    per = seconds / (len(sides) * rounds)
    counts = {name: _count_for(run, per) for name, run in sides.items()}
    rates = {name: [] for name in sides}
    for _ in range(rounds):
        for name, run in sides.items():
            rates[name].append(_rate(run, counts[name]))
    result = {f"{name}_us": 1e6 / statistics.median(r) for name, r in rates.items()}
    result |= {f"best_{name}_us": 1e6 / max(r) for name, r in rates.items()}
    result["kernel_vs_numpy"] = statistics.median(k / n for k, n in zip(rates["kernel"], rates["numpy"], strict=True))
    result["best_kernel_vs_numpy"] = max(rates["kernel"]) / max(rates["numpy"])
    if tfjs is not None:
        result["kernel_vs_tfjs"] = statistics.median(k / t for k, t in zip(rates["kernel"], rates["tfjs"], strict=True))
        result["best_kernel_vs_tfjs"] = max(rates["kernel"]) / max(rates["tfjs"])

    # training steps/s, numpy behind the seam vs the kernel, alternating
    step = mlp_runners()["engine"]
    previous = linalg.backend()
    steps = {"numpy": [], "kernel": []}
    try:
        linalg.install(None)
        n_numpy = _count_for(step, seconds / (2 * rounds))
        linalg.install(backend)
        n_kernel = _count_for(step, seconds / (2 * rounds))
        for _ in range(rounds):
            linalg.install(None)
            steps["numpy"].append(_rate(step, n_numpy))
            linalg.install(backend)
            steps["kernel"].append(_rate(step, n_kernel))
    finally:
        linalg.install(previous)
    result["steps_numpy"] = statistics.median(steps["numpy"])
    result["steps_kernel"] = statistics.median(steps["kernel"])
    result["steps_ratio"] = statistics.median(k / n for k, n in zip(steps["kernel"], steps["numpy"], strict=True))
    result["best_steps_numpy"] = max(steps["numpy"])
    result["best_steps_kernel"] = max(steps["kernel"])
    result["numpy"] = np.__version__
    return result
