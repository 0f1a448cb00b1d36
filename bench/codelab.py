"""Measure the "Code lab" in headless Chromium: training steps/s and decision-map redraws/s
while playing the default code, and how long applying edited code takes.

Targets (issue 17): the default code trains at >= 200 steps/s with the map redrawn at >= 30
frames/s; applying edited code takes <= 100 ms. Map redraws are counted by wrapping the
bridge's ``putImages`` (one call per drawn map); steps are read from the "Iterations" readout.
Applying: "Run" is clicked with an edited learning rate, timed in the page from the click to
the status update (a MutationObserver), and as the chapter reports it (compile, one trial
step, a new run). Also the cost of the time limit (sandbox.deadline: sys.monitoring events on
the visitor's code objects only), measured in a bare Pyodide page and in native CPython (where
Python 3.11 falls back to sys.settrace): steps/s of the default code called directly, and
through Lab.run. One run, no assertions:

    .venv/bin/python bench/codelab.py
"""

from __future__ import annotations

import json
import re
import statistics
import time

from _browser import chromium, open_ready, run_in_bare_pyodide, served

GUARD = """
import json, time
import numpy as np
from nnviz.chapters.code import program, sandbox
from nnviz.chapters.code.lab import Lab, make_data

def rates(seconds=2.0):
    lab = Lab(sandbox.compile_program(program.DEFAULT_CODE), make_data("circle", 200, 0, 1), (2, 8, 8, 1), 1)
    P, d = lab.program, lab.data
    out = {}
    for round_ in range(3):
        n, t0 = 0, time.perf_counter()
        while time.perf_counter() - t0 < seconds / 6:
            p, c = P.forward(lab.params, d.X); P.loss(p, d.Y); g = P.backward(lab.params, c, d.Y)
            P.update(lab.params, g, lab.memory, n); n += 1
        out.setdefault("bare", []).append(n / (time.perf_counter() - t0))
        n, t0 = 0, time.perf_counter()
        while time.perf_counter() - t0 < seconds / 6:
            n += lab.run(0.01, 10_000)
        out.setdefault("guarded", []).append(n / (time.perf_counter() - t0))
    return {k: max(v) for k, v in out.items()}
"""

SECONDS = 6.0
WARMUP = 1.5

COUNT = """() => {
  window.__frames = 0; window.__maps = 0;
  const tick = () => { window.__frames++; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  const put = window.nnvizBridge.putImages;
  window.nnvizBridge.putImages = function (...a) { window.__maps++; return put.apply(this, a); };
}"""

APPLY = """(code) => new Promise((done) => {
  const status = document.getElementById('code-status');
  const ed = document.querySelector('#code-editor .cm-editor').nnvizEditor;
  ed.setValue(code);
  const t0 = performance.now();
  // the chapter rewrites the status on every apply, so the first mutation is the answer (its
  // text may equal the last one's: "applied in 7 ms" twice)
  const obs = new MutationObserver(() => { obs.disconnect(); done([performance.now() - t0, status.textContent]); });
  obs.observe(status, {childList: true, characterData: true, subtree: true});
  [...document.querySelectorAll('#widget-code button')].find(b => b.textContent === 'Run').click();
})"""


def iterations(page) -> int:
    return int(page.locator("#code-iterations").inner_text().replace(",", ""))


def main() -> None:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "pysrc"))
    from nnviz.chapters.code.program import DEFAULT_CODE

    with served() as base, chromium() as browser:
        context, page = open_ready(browser, f"{base}#/code", "code")
        try:
            page.get_by_role("button", name="Play", exact=True).click()
            time.sleep(WARMUP)
            page.evaluate(COUNT)
            n0, t0 = iterations(page), time.perf_counter()
            time.sleep(SECONDS)
            n1, t1 = iterations(page), time.perf_counter()
            frames, maps = page.evaluate("[window.__frames, window.__maps]")
            page.get_by_role("button", name="Pause", exact=True).click()
            applied, reported = [], []
            for i in range(7):
                code = DEFAULT_CODE.replace("LEARNING_RATE = 0.1", f"LEARNING_RATE = 0.{i + 2}")
                ms, text = page.evaluate(APPLY, code)
                applied.append(ms)
                m = re.search(r"applied in (\d+) ms", text)
                reported.append(float(m.group(1)) if m else float("nan"))
        finally:
            context.close()
    web = json.loads(run_in_bare_pyodide(
        "try { window.RESULT = py.runPython(" + json.dumps(GUARD + "\njson.dumps(rates())") + "); }"
        " catch (e) { window.RESULT = JSON.stringify({error: String(e)}); }", {}))
    ns: dict = {}
    exec(GUARD, ns)
    native = ns["rates"]()
    span = t1 - t0
    steps, fps, map_fps = (n1 - n0) / span, frames / span, maps / span
    print(f"Code lab, default code playing for {SECONDS:.0f} s after {WARMUP} s warm-up (headless Chromium)")
    print(f"  training steps/s   {steps:8.0f}   (target >= 200)")
    print(f"  frames/s           {fps:8.1f}")
    print(f"  map redraws/s      {map_fps:8.1f}   (target >= 30)")
    print(f"  apply edited code  {statistics.median(applied):8.1f} ms click to status, median of 7 "
          f"(max {max(applied):.1f}); chapter's own figure {statistics.median(reported):.0f} ms (target <= 100)")
    for name, r in (("Pyodide (sys.monitoring)", web), ("native CPython 3.11 (sys.settrace)", native)):
        if "error" in r:
            print(f"  time limit's cost, {name}: failed ({r['error']})")
            continue
        print(f"  time limit's cost, {name}: {r['bare']:.0f} steps/s bare, {r['guarded']:.0f} through Lab.run "
              f"({r['guarded'] / r['bare']:.2f}x; Lab.run also checks shapes and NaN and copies the parameters)")
    ok = steps >= 200 and map_fps >= 30 and statistics.median(applied) <= 100
    print("meets the targets" if ok else "MISSES a target")


if __name__ == "__main__":
    main()
