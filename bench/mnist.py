"""Measure the "Handwritten digits" chapter in headless Chromium, in one run (not a test).

    NNVIZ_DIST=/tmp/dist-mnist .venv/bin/python bench/mnist.py [seconds]

Prints:
  1. stroke -> updated bars: for every pointermove the browser delivers while a digit is drawn
     with real (Playwright) mouse input, the time from the event's timestamp to the next change
     of the prediction bars (a MutationObserver in the page); p50 / p95 / max. Target p95 ≤ 16 ms.
  2. training in the chapter (pretrained weights, batch 32, lr 0.05): SGD steps/s and digits/s
     read from the page's iteration counter, and frames/s from a requestAnimationFrame counter,
     with frame-interval percentiles. Target ≥ 30 fps.
  3. the same TrainingSession with no page around it, in a bare Pyodide page and in this
     native CPython process, on the shipped data: steps/s and the browser / native ratio.
"""

from __future__ import annotations

import json
import os
import sys
import time
from itertools import pairwise

for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")  # Pyodide's numpy is single-threaded: compare like with like

from _browser import (  # noqa: E402
    ROOT,
    chromium,
    open_ready,
    percentile,
    run_in_bare_pyodide,
    served,
)
from build import DIST  # noqa: E402

WATCH = """() => {
  window.__ev = []; window.__up = []; window.__frames = [];
  window.addEventListener('pointermove', e => window.__ev.push(e.timeStamp), {capture: true});
  new MutationObserver(() => window.__up.push(performance.now()))
    .observe(document.getElementById('mnist-predictions'), {attributes: true, subtree: true, characterData: true});
}"""

COUNT_FRAMES = """() => {
  window.__frames = [];
  const tick = (t) => { window.__frames.push(t); if (window.__frames.length < 100000) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
}"""

# The training measurement, run natively (exec) and in Pyodide (runPython) alike.
CORE = """
import io, time
import numpy as np
from nnviz.chapters.mnist import model as mm
from nnviz.chapters.mnist.session import TrainingSession

def measure_training(digits_bytes, model_bytes, seconds):
    digits = mm.Digits.from_arrays(np.load(io.BytesIO(digits_bytes)))
    net = mm.make_network()
    mm.load_params(net, mm.snapshot(mm.read_model(np.load(io.BytesIO(model_bytes))).network))
    session = TrainingSession(net, digits, lr=0.05, batch_size=32, epochs=1000)
    session.start_run()
    session.run_for(0.5)  # warm-up: scratch arrays, caches
    n0, t0 = session.iteration, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        session.run_for(0.05)
    return (session.iteration - n0) / (time.perf_counter() - t0)
"""

SCRIPT = """
const meta = JSON.parse(await text("./data/mnist.json"));
py.globals.set("digits_js", new Uint8Array(await (await fetch("./data/" + meta.digits)).arrayBuffer()));
py.globals.set("model_js", new Uint8Array(await (await fetch("./data/" + meta.model)).arrayBuffer()));
py.runPython(await text("./core.py"));
window.RESULT = py.runPython(`measure_training(digits_js.to_bytes(), model_js.to_bytes(), __SECONDS__)`);
"""


def stroke_latency(page) -> dict:
    """Draw loops over the canvas with real mouse input; latency of each event to the next bars update."""
    page.evaluate(WATCH)
    canvas = page.get_by_label("Drawing canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    cx, cy, r = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, box["width"] * 0.3
    import math

    for loop in range(3):
        page.get_by_role("button", name="Clear").click()
        page.mouse.move(cx + r, cy)
        page.mouse.down()
        for k in range(1, 121):
            a = 2 * math.pi * k / 120
            page.mouse.move(cx + r * math.cos(a) * (1 - 0.2 * loop), cy + r * 1.3 * math.sin(a))
            time.sleep(0.004)
        page.mouse.up()
    page.wait_for_timeout(100)
    events, updates = page.evaluate("window.__ev"), page.evaluate("window.__up")
    latencies = []
    j = 0
    for t in events:
        while j < len(updates) and updates[j] < t:
            j += 1
        if j < len(updates):
            latencies.append(updates[j] - t)
    return {"events": len(events), "updates": len(updates), "p50": percentile(latencies, 50),
            "p95": percentile(latencies, 95), "max": max(latencies)}


def chapter_training(page, seconds: float) -> dict:
    def its():
        return int(page.locator("#mnist-iteration").inner_text().replace(",", ""))

    page.get_by_role("button", name="Train", exact=True).click()
    time.sleep(1.0)
    page.evaluate(COUNT_FRAMES)
    n0, t0 = its(), time.perf_counter()
    time.sleep(seconds)
    n1, t1 = its(), time.perf_counter()
    frames = page.evaluate("window.__frames")
    page.get_by_role("button", name="Pause").click()
    gaps = [b - a for a, b in pairwise(frames)]
    span = (frames[-1] - frames[0]) / 1000
    return {"steps": (n1 - n0) / (t1 - t0), "fps": (len(frames) - 1) / span, "p50": percentile(gaps, 50),
            "p95": percentile(gaps, 95), "max": max(gaps)}


def bare_training(seconds: float) -> tuple[float, float]:
    """Steps/s of the chapter's TrainingSession in a bare Pyodide page and natively."""
    web = float(run_in_bare_pyodide(SCRIPT.replace("__SECONDS__", str(seconds)), {"data": DIST / "data", "core.py": CORE}))
    sys.path.insert(0, str(ROOT / "pysrc"))
    scope: dict = {}
    exec(CORE, scope)
    meta = json.loads((DIST / "data" / "mnist.json").read_text())
    native = scope["measure_training"]((DIST / "data" / meta["digits"]).read_bytes(),
                                       (DIST / "data" / meta["model"]).read_bytes(), seconds)
    return web, native


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 8.0
    with served() as base, chromium() as browser:
        context, page = open_ready(browser, f"{base}#/mnist?epochs=20&batch=32&lr=0.05", "mnist")
        try:
            lat = stroke_latency(page)
            train = chapter_training(page, seconds)
        finally:
            context.close()
    web, native = bare_training(seconds)
    print("Handwritten digits (#/mnist), headless Chromium, one run:")
    print(f"  stroke -> updated bars: {lat['events']} pointer events, {lat['updates']} bar updates; "
          f"latency p50 {lat['p50']:.1f} ms, p95 {lat['p95']:.1f} ms, max {lat['max']:.1f} ms (target p95 <= 16 ms)")
    print(f"  training in the chapter (batch 32): {train['steps']:.1f} steps/s = {32 * train['steps']:,.0f} digits/s; "
          f"{train['fps']:.1f} frames/s (target >= 30); frame interval p50 {train['p50']:.1f} ms, "
          f"p95 {train['p95']:.1f} ms, max {train['max']:.1f} ms")
    print(f"  TrainingSession alone: Pyodide {web:.1f} steps/s, native CPython {native:.1f} steps/s, "
          f"ratio {web / native:.2f}x; the chapter keeps {train['steps'] / web:.0%} of the bare browser rate")


if __name__ == "__main__":
    main()
