"""Landscape chapter budgets: six optimisers racing at ≥ 55 fps on every surface; switching
surface (150 × 150 grid, contours, colour bar, 3-D mesh) ≤ 100 ms, the network slice ≤ 300 ms.

Race: for each surface, opens the chapter with all six optimisers on (1 step per frame), presses
Play and records requestAnimationFrame timestamps for 2 s (or until every runner has stopped):
frames per second (wall clock) and the p95 frame interval. The same run records Chrome's trace
and reports the renderer main thread's *thread time* per frame (CPU actually spent: every
top-level task between Play and the end, divided by the frames), split into script (the frame
callbacks: Python), style + layout, and paint (pre-paint, paint, layerize, commit). On a shared
machine the wall-clock fps falls with the load while the thread time barely moves: a frame of
≤ 8 ms thread time leaves a quiet machine's 60 Hz frame (16.7 ms) half idle; the budget is the
fps, the thread time is printed as headroom (it includes the idle-time training of the ``net``
surface's network, which runs in the frames' spare time). Switch: chooses each surface from the menu
(from the bowl, and back) and times the change event to the moment the chapter owes no render
(``data-pending`` removed: the frame that draws the new surface has run). The network's first
switch also finishes its training (600 Adam steps on 40 points; the chapter trains it in idle
time from the moment it opens, so what is left depends on how long the page has been open: the
first switch comes about a second after the page opened), and again on a page open for 5 s;
later switches reuse it.

    .venv/bin/python bench/landscape.py
"""

from __future__ import annotations

import json
import os
import time

from _browser import chromium, open_ready, percentile, served

FPS_BUDGET = 55.0
THREAD_BUDGET_MS = 8.0
READ_S = 5.0  # seconds between opening the chapter and choosing the net surface, in the second case
TRACE = ["devtools.timeline", "disabled-by-default-devtools.timeline", "toplevel", "blink.user_timing"]
PARTS = {"script": ("FireAnimationFrame", "EventDispatch", "TimerFire"), "style+layout": ("UpdateLayoutTree", "Layout"),
         "paint": ("PrePaint", "Paint", "Layerize", "Commit")}

NAMES = ("bowl", "rosenbrock", "saddle", "himmelblau", "house", "logistic", "net")  # surfaces.NAMES

ALL = "sgd,momentum,nesterov,adagrad,rmsprop,adam"

RACE = """async (ms) => {
  const status = document.querySelector('#landscape-status');
  const play = [...document.querySelectorAll('#widget-landscape button')].find(b => b.textContent === 'Play');
  const stamps = [];
  performance.mark('race:start');
  play.click();
  const t0 = performance.now();
  await new Promise(done => {
    const tick = (ts) => {
      stamps.push(ts);
      const running = !document.querySelector('#widget-landscape button:not([disabled])[data-x]') &&
        [...document.querySelectorAll('#widget-landscape button')].find(b => b.textContent === 'Pause').disabled === false;
      if (performance.now() - t0 < ms && running) requestAnimationFrame(tick); else done();
    };
    requestAnimationFrame(tick);
  });
  performance.mark('race:end');
  const gaps = stamps.slice(1).map((t, i) => t - stamps[i]);
  return {frames: stamps.length, seconds: (stamps[stamps.length - 1] - stamps[0]) / 1000, gaps,
          status: status.textContent};
}"""

SWITCH = """async (name) => {
  const sel = document.querySelector('#landscape-surface');
  const root = document.querySelector('#widget-landscape');
  const t0 = performance.now();
  sel.value = name;
  sel.dispatchEvent(new Event('change', {bubbles: true}));
  while (root.hasAttribute('data-pending')) await new Promise(r => requestAnimationFrame(r));
  return performance.now() - t0;
}"""


def thread_time(trace: bytes) -> dict[str, float]:
    """Main-thread thread time (ms) between the marks race:start and race:end: "total" (every
    top-level task) and the PARTS."""
    events = json.loads(trace)["traceEvents"]
    main = {(e["pid"], e["tid"]) for e in events if e.get("name") == "thread_name"
            and e.get("args", {}).get("name") == "CrRendererMain"}
    rows = [e for e in events if (e.get("pid"), e.get("tid")) in main]
    marks = {e["name"]: e["ts"] for e in rows if e.get("name", "").startswith("race:")}
    t0, t1 = marks["race:start"], marks["race:end"]
    timed = [e for e in rows if e.get("ph") == "X" and "tdur" in e and t0 <= e["ts"] <= t1]
    names = {e["name"] for e in timed}
    top = "ThreadControllerImpl::RunTask" if "ThreadControllerImpl::RunTask" in names else "RunTask"
    out = {"total": sum(e["tdur"] for e in timed if e["name"] == top) / 1000}
    for part, kinds in PARTS.items():  # outermost events only (a layer's Paint nests in the document's)
        total, end = 0.0, -1.0
        for e in sorted((e for e in timed if e["name"] in kinds), key=lambda e: (e["ts"], -e["dur"])):
            if e["ts"] >= end:
                total, end = total + e["tdur"], e["ts"] + e["dur"]
        out[part] = total / 1000
    return out


def main() -> None:
    with served() as base, chromium() as browser:
        print("load average (1, 5, 15 min): " + ", ".join(f"{v:.1f}" for v in os.getloadavg()))
        print(f"race: six optimisers, 1 step per frame, Play for up to 2 s; budget ≥ {FPS_BUDGET:g} fps "
              f"(main thread per frame printed as headroom: ≤ {THREAD_BUDGET_MS:g} ms leaves half a 60 Hz frame idle)")
        worst_fps, worst_ms = float("inf"), 0.0
        for name in NAMES:
            context, page = open_ready(browser, f"{base}#/landscape?surface={name}&opt={ALL}&speed=1", "landscape")
            page.wait_for_selector("#widget-landscape:not([data-pending])", state="attached")
            browser.start_tracing(page=page, categories=TRACE)
            r = page.evaluate(RACE, 2000)
            cpu = thread_time(browser.stop_tracing())
            fps = (r["frames"] - 1) / r["seconds"] if r["seconds"] else float("nan")
            n = max(1, r["frames"] - 1)
            ms = cpu["total"] / n
            worst_fps, worst_ms = min(worst_fps, fps), max(worst_ms, ms)
            parts = ", ".join(f"{k} {cpu[k] / n:.1f}" for k in PARTS)
            print(f"  {name:10s} {fps:5.1f} fps {'PASS' if fps >= FPS_BUDGET else 'FAIL'}  "
                  f"main thread {ms:5.2f} ms/frame ({parts})  "
                  f"p95 frame {percentile(r['gaps'], 95):5.1f} ms  ({r['frames']} frames; {r['status']})")
            context.close()
        print(f"  race budget: worst {worst_fps:.1f} fps vs {FPS_BUDGET:g} ({worst_fps / FPS_BUDGET:.2f}x): "
              f"{'PASS' if worst_fps >= FPS_BUDGET else 'FAIL'}; worst main thread {worst_ms:.2f} ms/frame "
              f"({worst_ms / THREAD_BUDGET_MS:.2f}x the {THREAD_BUDGET_MS:g} ms of headroom)")
        context, page = open_ready(browser, f"{base}#/landscape?opt={ALL}", "landscape")
        page.wait_for_selector("#widget-landscape:not([data-pending])", state="attached")
        print("switch surface (select -> drawn):")
        for name in [n for n in NAMES if n != "bowl"]:
            times = []
            for _ in range(3):
                times.append(page.evaluate(SWITCH, name))
                page.evaluate(SWITCH, "bowl")
            budget = 300 if name == "net" else 100
            extra = f" (median {sorted(times)[1]:.0f} ms)" if name == "net" else ""
            med = times[0] if name == "net" else sorted(times)[1]  # net: the first switch, the one a student waits for
            print(f"  {name:10s} {'first ' if name == 'net' else 'median'} {med:5.0f} ms  max {max(times):5.0f} ms  "
                  f"budget {budget} ms: {med / budget:.2f}x {'PASS' if med <= budget else 'FAIL'}{extra}")
        back = [page.evaluate(SWITCH, "bowl") for _ in range(1)]
        print(f"  (bowl after net: {back[0]:.0f} ms)")
        context.close()
        # a student reads the page before choosing the network: the chapter has trained it in idle time
        context, page = open_ready(browser, f"{base}#/landscape?opt={ALL}", "landscape")
        page.wait_for_selector("#widget-landscape:not([data-pending])", state="attached")
        time.sleep(READ_S)
        ms = page.evaluate(SWITCH, "net")
        print(f"  net, first switch {READ_S:g} s after the chapter opened: {ms:5.0f} ms  budget 300 ms: "
              f"{ms / 300:.2f}x {'PASS' if ms <= 300 else 'FAIL'}")
        print("load average (1, 5, 15 min): " + ", ".join(f"{v:.1f}" for v in os.getloadavg()))
        context.close()


if __name__ == "__main__":
    main()
