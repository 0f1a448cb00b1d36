"""The WebAssembly SIMD matrix-product kernel in Chromium (see docs/architecture.md, "Matrix
products"): it is installed behind engine.linalg at start-up, its products (odd shapes, strided
views, both transposes) agree with numpy to float32 rounding, training uses it, and a build
where Pyodide's Memory cannot be found (or the kernel is broken) runs on numpy, cleanly.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.harness import BOOT_TIMEOUT_MS, open_route, watch

ROOT = Path(__file__).resolve().parents[2]

# Runs in the page's Python. The reference is the exact (float64) product; float32 summation
# of k terms is within k·eps·Σ|a||b| of it (a factor 2 to spare). Also reports whether the
# kernel's result is numpy's own bit for bit, and how many products the kernel computed.
PRODUCTS = r"""
import json
import numpy as np
from nnviz.engine import linalg

installed = linalg.backend()
be = linalg.KernelBackend(installed._kernel, min_work=1)  # every product, however small
rng = np.random.default_rng(7)
eps = np.finfo(np.float32).eps
report = []

def check(label, got, a, b):
    exact = a.astype(np.float64) @ b.astype(np.float64)
    bound = 2 * a.shape[1] * eps * (np.abs(a).astype(np.float64) @ np.abs(b)) + 1e-30
    report.append({
        "label": label, "shape": list(got.shape), "dtype": str(got.dtype),
        "within": bool(np.all(np.abs(got - exact) <= bound)),
        "bitwise": bool(np.array_equal(got, a @ b)),
    })

for m, k, n in [(1, 1, 1), (1, 7, 3), (3, 5, 7), (4, 8, 8), (5, 9, 13), (7, 1, 9), (17, 31, 23), (33, 65, 129), (32, 784, 128)]:
    big = rng.standard_normal((2 * m + 3, 3 * k + n + 4)).astype(np.float32)
    x = big[:m, :k]                                   # rows strided (a view into a wider array)
    w = rng.standard_normal((k, n)).astype(np.float32)
    d = rng.standard_normal((m, n)).astype(np.float32)
    tag = f"{m}x{k}x{n}"
    check("x_w " + tag, be.x_w(x, w), x, w)
    check("delta_wt " + tag, be.delta_wt(d, w), d, w.T)               # B transposed
    check("xt_delta " + tag, be.xt_delta(x, d), x.T, d)              # A transposed
    a2, b2 = big[1:1 + 2 * m:2, 2:2 + k], rng.standard_normal((k + 2, 3 * n)).astype(np.float32)[1:1 + k, ::3]
    check("strided " + tag, be.matmul(a2, b2), a2, b2)               # both strided
    out = np.full((m, n + 5), np.nan, np.float32)[:, 2:2 + n]
    be.x_w(x, w, out=out)
    check("out= " + tag, out, x, w)

json.dumps({"installed": linalg.current(), "kernel_calls": be.calls, "report": report})
"""

TRAIN = r"""
import json
import numpy as np
from nnviz.engine import Adam, Network, linalg

def run():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((32, 784)).astype(np.float32)
    Y = np.eye(10, dtype=np.float32)[rng.integers(0, 10, 32)]
    net = Network([784, 128, 64, 32, 10], hidden="relu", output="softmax", loss="cross_entropy", seed=0)
    opt = Adam(lr=1e-3)
    losses = [net.step(X, Y, opt).loss for _ in range(5)]
    return losses, net.weights[0].copy()

kernel = linalg.backend()
before = getattr(kernel, "calls", 0)
with_kernel, w_kernel = run()
calls = getattr(kernel, "calls", 0) - before
linalg.install(None)
try:
    with_numpy, w_numpy = run()
finally:
    linalg.install(kernel)
json.dumps({
    "calls": calls, "kernel": with_kernel, "numpy": with_numpy,
    "max_weight_diff": float(np.max(np.abs(w_kernel - w_numpy))),
})
"""


def _python(page, code: str) -> dict:
    return json.loads(page.evaluate("code => nnvizBoot.pyodide.runPython(code)", code))


def test_the_kernel_is_installed_at_start_up_and_the_footer_says_so(app):
    page = app.page
    assert page.evaluate("nnvizBoot.matmul") == "wasm-simd"
    assert page.evaluate("nnvizBoot.matmulNote") == ""
    assert "matrix products: WebAssembly SIMD kernel" in page.locator("#runtime-info").inner_text()
    wasm = [u for u in app.requests if u.endswith(".wasm") and "/py/matmul-" in u]
    assert len(wasm) == 1


def test_kernel_products_match_numpy_for_odd_shapes_strides_and_both_transposes(app):
    result = _python(app.page, PRODUCTS)
    assert result["installed"] == "wasm-simd"
    report = result["report"]
    assert result["kernel_calls"] == len(report) == 9 * 5  # not one product left to numpy
    bad = [r for r in report if not r["within"] or r["dtype"] != "float32"]
    assert bad == [], bad
    # The kernel sums in numpy's order with separate multiplies and adds: numpy's bits exactly.
    assert [r["label"] for r in report if not r["bitwise"]] == []


def test_training_runs_through_the_kernel_and_matches_numpy(app):
    result = _python(app.page, TRAIN)
    # each step: 4 forward products, 4 Xᵀ·δ, 3 δ·Wᵀ; the smallest (32·32·10 < 4096, 32·10·32) are numpy's
    assert result["calls"] >= 5 * 8
    assert result["kernel"] == pytest.approx(result["numpy"], rel=1e-5)
    assert result["max_weight_diff"] < 1e-5


def _moved_memory(route):
    """Pyodide's own script with the private name kernel.js looks for renamed throughout (as if
    a new Pyodide had moved it): Pyodide still works, the kernel cannot find the Memory."""
    response = route.fetch()
    body = response.text()
    assert "loadedLibsByName" in body
    route.fulfill(response=response, body=body.replace("loadedLibsByName", "loadedLibsByNameMoved"))


def _broken_kernel(route):
    route.fulfill(status=200, body=b"\0asm\x01\0\0\0\x7f", headers={"Content-Type": "application/wasm"})


@pytest.mark.parametrize(
    ("damage", "pattern", "reason"),
    [
        ("memory moved", "**/pyodide.asm.js", "Memory was not found"),
        ("broken kernel", "**/py/matmul-*.wasm", "not used: "),
    ],
)
def test_without_a_usable_kernel_the_page_runs_on_numpy_cleanly(fresh, damage, pattern, reason):
    page = fresh.page
    page.route(pattern, _moved_memory if damage == "memory moved" else _broken_kernel)
    open_route(fresh, fresh.base, "#/explorer?layers=3,4,2")
    assert page.evaluate("nnvizBoot.matmul") == "numpy"
    assert reason in page.evaluate("nnvizBoot.matmulNote")
    footer = page.locator("#runtime-info")
    assert footer.inner_text().endswith("matrix products: numpy")
    assert reason in footer.get_attribute("title")
    # the engine still trains, on numpy
    losses = _python(page, TRAIN)
    assert losses["calls"] == 0 and losses["kernel"] == losses["numpy"]
    page.locator("#node-1-0").hover()
    assert page.locator("#explorer-svg .focus-edges line.up").count() == 3
    # fresh's teardown checks: no console errors, no request left the origin


def test_the_portable_build_uses_the_kernel_from_file_url(browser):
    index = ROOT / "dist-portable" / "index.html"
    assert index.exists(), "dist-portable/ is missing: `python3 build.py test` builds it"
    context = browser.new_context()
    w = watch(context, index.parent.as_uri())
    try:
        w.page.goto(index.as_uri() + "#/explorer")
        w.page.wait_for_selector('html[data-ready="explorer"]', timeout=BOOT_TIMEOUT_MS, state="attached")
        assert w.page.evaluate("nnvizBoot.loader") == "pyodide-offline"
        assert w.page.evaluate("nnvizBoot.matmul") == "wasm-simd", w.page.evaluate("nnvizBoot.matmulNote")
        result = _python(w.page, PRODUCTS)
        assert all(r["within"] for r in result["report"])
        w.assert_clean()
    finally:
        context.close()
