"""Single-neuron chapter drag budget: one slider event redraws everything within one frame.

Drags the "Input x1" slider (moves z, a, the point, every marker and text) and the "Weight w1"
slider (also re-colours the (x1, x2) heatmap and moves the line) to 200 seeded random values
each, alternating, by setting the value and dispatching `input` as a drag does (from a task
between two frames, so the event and its redraw share one frame, as in a drag). For each event
it measures, in the page: the input handler (state update), the chapter's redraw in the next
animation frame (between two frame callbacks requested just before and just after it), and a
forced style + layout. "total" is all three; the budget is p95 total ≤ 8 ms. It repeats
the Weight drags with sigmoid and with softmax (the Jacobian panel), and checks after each
event that data-z changed to the value the slider set.

Wall-clock times grow with the machine's load (a busy core deschedules the page), so the same
run also records Chrome's trace and reports the renderer's *thread time* (CPU actually spent)
per event, in three phases: "script" (the input handler and the frame callbacks up to the next
event: the chapter's redraw), "style+layout" and "paint" (UpdateLayoutTree and Layout; PrePaint
and Paint), each trace event counted once (see cpu_per_event). The last lines are the budget:
p95 wall-clock total and p95 thread time per event for relu, sigmoid and softmax against 8 ms,
PASS or FAIL, with the load average they were measured at.

    .venv/bin/python bench/neuron.py
"""

from __future__ import annotations

import json
import os

from _browser import chromium, open_ready, percentile, served

BUDGET_MS = 8.0

DRAGS = """async ([n, which]) => {
  const x1 = document.querySelector('#neuron-x1'), w1 = document.querySelector('#neuron-w1');
  const calc = document.querySelector('#neuron-calc');
  let seed = 7;
  const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const out = {handler: [], redraw: [], layout: [], total: [], stale: 0};
  for (let k = 0; k < n; k++) {
    await new Promise(r => requestAnimationFrame(r));
    // a real drag's input events are handled before the frame that draws them (one frame per
    // event): dispatch from a task after this frame, not from inside its callback (which would
    // give the slider's own change a frame of its own before the chapter's redraw)
    await new Promise(r => setTimeout(r, 0));
    const slider = which === 'both' ? (k % 2 ? w1 : x1) : w1;
    slider.value = (-3 + 6 * rand()).toFixed(2);
    const before = calc.dataset.z;
    // frame callbacks run in the order they were requested: `start` (requested before the
    // event) runs just before the chapter's redraw and `end` just after it, so end − start is
    // the redraw alone, without the wait for the frame (long on a loaded machine)
    let start = 0;
    requestAnimationFrame(() => { start = performance.now(); });
    const t0 = performance.now();
    slider.dispatchEvent(new Event('input', {bubbles: true}));
    const t1 = performance.now();
    const [redraw, layout] = await new Promise(r => requestAnimationFrame(() => {
      const t2 = performance.now();
      document.body.getBoundingClientRect();
      getComputedStyle(calc).color;
      r([t2 - start, performance.now() - t2]);
    }));
    if (calc.dataset.z === before) out.stale++;
    out.handler.push(t1 - t0); out.redraw.push(redraw); out.layout.push(layout);
    out.total.push(t1 - t0 + redraw + layout);
  }
  return out;
}"""


PHASES = {"EventDispatch": "script", "FireAnimationFrame": "script", "UpdateLayoutTree": "style+layout",
          "Layout": "style+layout", "PrePaint": "paint", "Paint": "paint"}


def cpu_per_event(trace: bytes) -> list[dict[str, float]]:
    """Thread time (ms) per input event, by phase: its dispatch and the frame callbacks up to the
    next event ("script": the handler and the redraw), style and layout, and paint.

    Each trace event is counted once: an event inside another counted one (the bench dispatches
    the input inside a frame callback; its forced layout runs inside one too) is already in that
    one's thread time, so it is not added again; a frame callback that dispatches an input starts
    that input's share.
    """
    events = json.loads(trace)["traceEvents"]
    main = {(e["pid"], e["tid"]) for e in events if e.get("name") == "thread_name"
            and e.get("args", {}).get("name") == "CrRendererMain"}
    rows = sorted((e for e in events if (e.get("pid"), e.get("tid")) in main and e.get("ph") == "X" and "tdur" in e
                   and e["name"] in PHASES), key=lambda e: (e["ts"], -e["dur"]))
    def is_input(e) -> bool:
        return e["name"] == "EventDispatch" and e.get("args", {}).get("data", {}).get("type") == "input"

    tops: list[list] = []  # [top-level event, whether an input is dispatched in it, the events nested in it]
    for e in rows:
        if tops and e["ts"] < tops[-1][0]["ts"] + tops[-1][0]["dur"]:
            tops[-1][1] = tops[-1][1] or is_input(e)
            tops[-1][2].append(e)  # its time is in the enclosing event's
        elif e["name"] != "EventDispatch" or is_input(e):  # other events (focus …) are not the drag's
            tops.append([e, is_input(e), []])
    per_event: list[dict[str, float]] = []
    for e, starts, nested in tops:
        if starts:
            per_event.append({"script": 0.0, "style+layout": 0.0, "paint": 0.0})
        if not per_event:
            continue
        share, phase = per_event[-1], PHASES[e["name"]]
        share[phase] += e["tdur"] / 1000
        for inner in nested:  # a forced layout inside a frame callback is layout, not script
            if PHASES[inner["name"]] != phase:
                share[PHASES[inner["name"]]] += inner["tdur"] / 1000
                share[phase] -= inner["tdur"] / 1000
    return per_event


def report(name: str, r: dict, n: int) -> tuple[float, float]:
    """Print one run's figures; return (p95 wall total, p95 thread time) in ms."""
    print(f"{name}: {n} slider events")
    for part in ("handler", "redraw", "layout", "total"):
        v = r[part]
        print(f"  wall {part:8s} p50 {percentile(v, 50):5.2f} ms   p95 {percentile(v, 95):5.2f} ms   max {max(v):5.1f} ms")
    print(f"  data-z unchanged after a frame: {r['stale']}")
    cpu = r["cpu"]
    for phase in ("script", "style+layout", "paint"):
        v = [c[phase] for c in cpu]
        print(f"  thread {phase:12s} p50 {percentile(v, 50):5.2f} ms   p95 {percentile(v, 95):5.2f} ms")
    total = [sum(c.values()) for c in cpu]
    print(f"  thread total        p50 {percentile(total, 50):5.2f} ms   p95 {percentile(total, 95):5.2f} ms   "
          f"max {max(total):5.1f} ms   ({len(cpu)} events in the trace)")
    return percentile(r["total"], 95), percentile(total, 95)


def main() -> None:
    n = 200
    with served() as base, chromium() as browser:
        runs = []
        for f, which in (("relu", "both"), ("sigmoid", "w1"), ("softmax", "w1")):
            context, page = open_ready(browser, f"{base}#/neuron?f={f}", "neuron")
            page.evaluate(DRAGS, [20, which])  # warm up
            browser.start_tracing(page=page, categories=["devtools.timeline"])
            r = page.evaluate(DRAGS, [n, which])
            r["cpu"] = cpu_per_event(browser.stop_tracing())
            runs.append((f"{f}, " + ("Input x1 / Weight w1 alternating" if which == "both" else "Weight w1"), r))
            context.close()
    figures = [(name.split(",")[0], *report(name, r, n)) for name, r in runs]
    print(f"load: {os.getloadavg()[0]:.2f} (1-minute average; wall-clock times grow with it, thread times much less)")
    print(f"BUDGET: p95 per input event <= {BUDGET_MS:g} ms (issue 12, one frame)")
    for f, wall, cpu in figures:
        print(f"  {f:8s} wall p95 {wall:6.2f} ms {'PASS' if wall <= BUDGET_MS else 'FAIL'}   "
              f"thread p95 {cpu:6.2f} ms {'PASS' if cpu <= BUDGET_MS else 'FAIL'}")
    worst = max(cpu for _, _, cpu in figures)
    print(f"worst p95 thread time {worst:.2f} ms of the {BUDGET_MS:g} ms budget ({worst / BUDGET_MS:.2f}x): "
          f"{'PASS' if worst <= BUDGET_MS else 'FAIL'}")

if __name__ == "__main__":
    main()
