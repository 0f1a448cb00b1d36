"""Backprop chapter budgets: one step redraws within a frame (p95 ≤ 8 ms); "Run 100 iterations" ≤ 100 ms.

Steps: presses "Forward step" / "Backward step" through whole iterations of the default 2-2-2
network (and of a 4-4-4-4-4 one), as a click does, and measures in the page the click handler
plus the work of the next animation frame (the chapter's redraw runs first in that frame; a
callback queued after it reads performance.now() against the frame's start), plus a forced style
and layout. "Update" (an engine step, a new trace and the numerical check of every parameter) is
timed the same way but reported on its own. "Run 100 iterations": click to the frame that shows
the new loss, 10 presses.

    .venv/bin/python bench/backprop.py
"""

from __future__ import annotations

from _browser import chromium, open_ready, percentile, served

STEPS = """async (n) => {
  const fwd = document.getElementById('backprop-forward'), bwd = document.getElementById('backprop-backward');
  const upd = document.getElementById('backprop-update');
  const frame = (r) => requestAnimationFrame(ts => {
    const t2 = performance.now();
    document.body.getBoundingClientRect();
    r([t2 - ts, performance.now() - t2]);
  });
  const steps = [], updates = [];
  for (let k = 0; k < n; k++) {
    await new Promise(r => requestAnimationFrame(r));
    const btn = !fwd.disabled ? fwd : !bwd.disabled ? bwd : upd;
    const t0 = performance.now();
    btn.click();
    const t1 = performance.now();
    const [redraw, layout] = await new Promise(frame);
    (btn === upd ? updates : steps).push(t1 - t0 + redraw + layout);
  }
  return {steps, updates};
}"""

RUN = """async () => {
  const btn = document.getElementById('backprop-run');
  const out = document.getElementById('backprop-train-summary');
  const times = [];
  for (let k = 0; k < 10; k++) {
    await new Promise(r => requestAnimationFrame(r));
    const before = out.textContent;
    const t0 = performance.now();
    btn.click();
    while (out.textContent === before) await new Promise(r => requestAnimationFrame(r));
    times.push(performance.now() - t0);
  }
  return times;
}"""


# The Python side alone, inside the page's Pyodide, best of several runs (robust on a busy machine).
MODEL = """
import time
from nnviz.chapters.backprop.model import Snapshot, update
from nnviz.chapters.backprop.scene import scene
from nnviz.chapters.backprop.state import State
from nnviz.chapters.backprop.steps import Progress, plan
from nnviz.chapters.backprop.training import run

def best(f, n=10):
    low = 1e9
    for _ in range(n):
        t0 = time.perf_counter(); f(); low = min(low, time.perf_counter() - t0)
    return low * 1e3

st = State(); snap = Snapshot(st); steps = plan(st.layers, False)
"; ".join(f"{k} {v:.1f} ms" for k, v in dict(
    trace=best(lambda: Snapshot(st)), step_scene=best(lambda: scene(snap, Progress(steps, 12))),
    update=best(lambda: update(st)), numerical_check=best(lambda: Snapshot(st).numeric),
    run_100=best(lambda: run(st, 100), 5)).items())
"""


def report(name: str, values: list[float], budget: float) -> None:
    p95 = percentile(values, 95)
    print(f"  {name:34s} n={len(values):3d}  p50 {percentile(values, 50):5.1f} ms  p95 {p95:5.1f} ms  "
          f"max {max(values):5.1f} ms   budget {budget:g} ms: {p95 / budget:.2f}x")


def main() -> None:
    with served() as base, chromium() as browser:
        print("backprop chapter (Chromium headless):")
        for label, query in (("2-2-2 (default)", ""), ("4-4-4-4-4", "?layers=4,4,4,4,4")):
            context, page = open_ready(browser, f"{base}#/backprop{query}", "backprop")
            if not query:
                model = page.evaluate("(code) => nnvizBoot.pyodide.runPython(code)", MODEL)
            r = page.evaluate(STEPS, 240)
            run = page.evaluate(RUN)
            context.close()
            print(f" {label}:")
            report("one step (click to drawn frame)", r["steps"], 8)
            report("Update (engine step + trace + check)", r["updates"], 16)
            report("Run 100 iterations (click to frame)", run, 100)
        print(f" Python alone in Pyodide, 2-2-2, best of 10: {model}")


if __name__ == "__main__":
    main()
