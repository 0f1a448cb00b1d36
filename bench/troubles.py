"""Measure "When training goes wrong" while playing the 8-layer experiment in headless Chromium.

Targets (issue 16): the monitor (all per-layer charts and histograms) updates at >= 30 times a
second while training the 8-layer ``vanishing`` experiment (ReLU + He, so it trains), and the
training throughput with the monitor on is >= 70 % of that with it off.

Monitor updates are counted in the page by MutationObservers: on layer 1's line of each of the
four per-layer charts (its ``points``) and on layer 1's bars of both histograms (their ``d``);
the figure is the slowest of the six, so every chart and histogram must keep up. The viewport
is tall enough to show the whole monitor (it is scrolled into view), as a student watching it
sees it. Frames are counted by a requestAnimationFrame counter; iterations from the chapter's
"Iteration" readout at both ends of the window. The two settings alternate (on, off, on, off …)
so that a change in the machine's load hits both alike; the ratio is of the medians.

On a loaded machine wall-clock rates fall with the load, so one "on" round per run also records
Chrome's trace and reports the renderer main thread's *thread time* (CPU actually spent): per
frame with a monitor update and per frame without one (the frames are told apart by a
performance mark the bench puts before each monitor render), split into the animation-frame
callback (Python: training, measuring, drawing calls) and style, layout and paint. Their
difference is what one monitor update costs. One run, no assertions:

    .venv/bin/python bench/troubles.py [rounds]
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time

from _browser import chromium, open_ready, served

SECONDS = 5.0
WARMUP = 1.0
URL = "#/troubles?experiment=vanishing&act=relu&init=he&epochs=2000&monitor={}"
VIEWPORT = (1280, 2000)
TARGET_UPS, TARGET_RATIO = 30.0, 0.70
WATCHED = [("#troubles-grad-norm-svg polyline.mon-layer-0", "points"),
           ("#troubles-weight-norm-svg polyline.mon-layer-0", "points"),
           ("#troubles-update-ratio-svg polyline.mon-layer-0", "points"),
           ("#troubles-dead-svg polyline.mon-layer-0", "points"),
           ("#troubles-act-hist-svg path.mon-bar", "d"),
           ("#troubles-grad-hist-svg path.mon-bar", "d")]
NAMES = ["gradient norm", "weight norm", "update ratio", "dead units", "activation hist.", "gradient hist."]

COUNT = """(watched) => {
  window.__frames = 0;
  window.__updates = watched.map(() => 0);
  const tick = () => { window.__frames++; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  watched.forEach(([sel, attr], k) => {
    const el = document.querySelector(sel);
    if (el) new MutationObserver((m) => { window.__updates[k] += m.length; })
      .observe(el, { attributes: true, attributeFilter: [attr] });
  });
}"""

# a performance mark before each monitor render that draws the per-layer part (for the trace)
MARK = """
from nnviz.dom import entry
import js
_mon = entry.APP.current.monitor
_render = type(_mon).render
def _marked(per_layer=True, all_charts=True, loss=True):
    if per_layer:
        js.performance.mark("nnviz-monitor")
    _render(_mon, per_layer, all_charts, loss)
_mon.render = _marked
"""

DOM = ("UpdateLayoutTree", "Layout", "PrePaint", "Paint", "Layerize", "UpdateLayer", "CompositeLayers",
       "Commit", "HitTest", "IntersectionObserverController::computeIntersections")


def iteration(page) -> int:
    return int(page.locator("#troubles-iteration").inner_text().replace(",", ""))


def frames_from_trace(trace: bytes) -> dict:
    """Thread time (ms) per frame of the renderer main thread, frames with and without a monitor update."""
    events = json.loads(trace)["traceEvents"]
    main = {(e["pid"], e["tid"]) for e in events if e.get("name") == "thread_name"
            and e.get("args", {}).get("name") == "CrRendererMain"}
    rows = sorted((e for e in events if (e.get("pid"), e.get("tid")) in main), key=lambda e: e["ts"])
    frames: list[dict] = []
    for e in rows:
        name = e.get("name")
        if name == "nnviz-monitor" and frames:
            frames[-1]["mon"] = True
        if e.get("ph") != "X" or "tdur" not in e:
            continue
        if name == "FireAnimationFrame":  # a frame runs every callback (the page's, the counter's), then renders
            if not frames or frames[-1]["rendered"]:
                frames.append({"raf": 0.0, "dom": 0.0, "mon": False, "rendered": False})
            frames[-1]["raf"] += e["tdur"] / 1000
        elif frames and name in DOM:
            frames[-1]["dom"] += e["tdur"] / 1000
            frames[-1][name] = frames[-1].get(name, 0.0) + e["tdur"] / 1000
            frames[-1]["rendered"] = True
    out = {}
    for key, pick in (("update", True), ("plain", False)):
        fs = [f for f in frames if f["mon"] == pick]
        out[key] = {k: statistics.mean(f.get(k, 0.0) for f in fs) if fs else float("nan") for k in ("raf", "dom", *DOM)}
        out[key]["n"] = len(fs)
    return out


def measure(browser, base: str, monitor: str, trace: bool = False) -> dict:
    context, page = open_ready(browser, base + URL.format(monitor), "troubles", viewport=VIEWPORT)
    try:
        page.wait_for_selector("#widget-troubles:not([data-pending])", state="attached")
        page.evaluate("document.querySelector('#widget-troubles section.mon').scrollIntoView()")
        if trace:
            page.evaluate("(c) => nnvizBoot.pyodide.runPython(c)", MARK)
        page.locator("#widget-troubles").get_by_role("button", name="Play", exact=True).click()
        time.sleep(WARMUP)
        page.evaluate(COUNT, WATCHED)
        if trace:
            browser.start_tracing(page=page, categories=["devtools.timeline", "blink.user_timing"])
        n0, t0 = iteration(page), time.perf_counter()
        time.sleep(SECONDS)
        n1, t1 = iteration(page), time.perf_counter()
        frames, updates = page.evaluate("[window.__frames, window.__updates]")
        cpu = frames_from_trace(browser.stop_tracing()) if trace else None
    finally:
        context.close()
    span = t1 - t0
    return {"its": (n1 - n0) / span, "fps": frames / span, "ups": [u / span for u in updates], "cpu": cpu}


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    runs = {"on": [], "off": []}
    load = os.getloadavg()
    with served() as base, chromium() as browser:
        for k in range(rounds):
            for monitor in ("on", "off"):
                runs[monitor].append(measure(browser, base, monitor, trace=monitor == "on" and k == 0))
    print(f"troubles, 8 hidden layers of 16 (ReLU, He), playing {SECONDS:.0f} s per round, {rounds} rounds each; "
          f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} (2 cores)")
    med = {}
    for m in ("on", "off"):
        rs = runs[m]
        med[m] = {"its": statistics.median(r["its"] for r in rs), "fps": statistics.median(r["fps"] for r in rs)}
        each = ", ".join(f"{r['its']:.0f}" for r in rs)
        print(f"monitor {m:>3}: {med[m]['its']:7.0f} iterations/s (rounds: {each}), {med[m]['fps']:5.1f} frames/s")
    per = [statistics.median(r["ups"][k] for r in runs["on"]) for k in range(len(WATCHED))]
    print("monitor updates/s per picture: " + ", ".join(f"{n} {u:.1f}" for n, u in zip(NAMES, per, strict=True)))
    cpu = runs["on"][0]["cpu"]
    if cpu:
        u, p = cpu["update"], cpu["plain"]
        print(f"thread time per frame (trace, 1 round): with a monitor update ({u['n']} frames) "
              f"frame callback {u['raf']:.2f} ms + style/layout/paint {u['dom']:.2f} ms; without ({p['n']} frames) "
              f"{p['raf']:.2f} + {p['dom']:.2f} ms -> one update costs "
              f"{u['raf'] - p['raf'] + u['dom'] - p['dom']:.2f} ms of thread time")
        print("  style/layout/paint per frame, with / without an update: " + ", ".join(
            f"{k} {u[k]:.2f}/{p[k]:.2f}" for k in DOM if u[k] + p[k] >= 0.05))
    ups = min(per)
    ratio = med["on"]["its"] / med["off"]["its"] if med["off"]["its"] else float("nan")
    ok_ups, ok_ratio = ups >= TARGET_UPS, ratio >= TARGET_RATIO
    print(f"monitor updates: {ups:.1f}/s, the slowest picture (budget >= {TARGET_UPS:.0f}): {'PASS' if ok_ups else 'FAIL'}")
    print(f"throughput with the monitor on / off: {ratio:.2f} (budget >= {TARGET_RATIO:.2f}): "
          f"{'PASS' if ok_ratio else 'FAIL'}")
    print("PASS: both budgets met" if ok_ups and ok_ratio else "FAIL: a budget is missed (see the load above)")


if __name__ == "__main__":
    main()
