"""Measure "When training goes wrong" while playing the 8-layer experiment in headless Chromium.

Targets (issue 16): the monitor (all per-layer charts and histograms) updates at >= 30 times a
second while training the 8-layer ``vanishing`` experiment (ReLU + He, so it trains), and the
training throughput with the monitor on is >= 70 % of that with it off.

Monitor updates are counted in the page by a MutationObserver on layer 1's line of the
gradient-norm chart (its ``points`` change once per monitor update); frames by a
requestAnimationFrame counter; iterations from the chapter's "Iteration" readout at both ends
of the window. The two settings alternate (on, off, on, off …) so that a change in the
machine's load hits both alike; the ratio is of the medians. One run, no assertions:

    .venv/bin/python bench/troubles.py [rounds]
"""

from __future__ import annotations

import statistics
import sys
import time

from _browser import chromium, open_ready, served

SECONDS = 5.0
WARMUP = 1.0
URL = "#/troubles?experiment=vanishing&act=relu&init=he&epochs=2000&monitor={}"

COUNT = """() => {
  window.__frames = 0; window.__updates = 0;
  const tick = () => { window.__frames++; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  const line = document.querySelector('#troubles-grad-norm-svg polyline.mon-layer-0');
  new MutationObserver((m) => { window.__updates += m.length; })
    .observe(line, { attributes: true, attributeFilter: ['points'] });
}"""


def iteration(page) -> int:
    return int(page.locator("#troubles-iteration").inner_text().replace(",", ""))


def measure(browser, base: str, monitor: str) -> dict:
    context, page = open_ready(browser, base + URL.format(monitor), "troubles")
    try:
        page.wait_for_selector("#widget-troubles:not([data-pending])", state="attached")
        page.locator("#widget-troubles").get_by_role("button", name="Play", exact=True).click()
        time.sleep(WARMUP)
        page.evaluate(COUNT)
        n0, t0 = iteration(page), time.perf_counter()
        time.sleep(SECONDS)
        n1, t1 = iteration(page), time.perf_counter()
        frames, updates = page.evaluate("[window.__frames, window.__updates]")
    finally:
        context.close()
    span = t1 - t0
    return {"its": (n1 - n0) / span, "fps": frames / span, "ups": updates / span}


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    runs = {"on": [], "off": []}
    with served() as base, chromium() as browser:
        for _ in range(rounds):
            for monitor in ("on", "off"):
                runs[monitor].append(measure(browser, base, monitor))
    med = {m: {k: statistics.median(r[k] for r in rs) for k in ("its", "fps", "ups")} for m, rs in runs.items()}
    print(f"troubles, 8 hidden layers of 16 (ReLU, He), playing {SECONDS:.0f} s per round, {rounds} rounds each")
    for m in ("on", "off"):
        r = med[m]
        each = ", ".join(f"{x['its']:.0f}" for x in runs[m])
        print(f"monitor {m:>3}: {r['its']:7.0f} iterations/s (rounds: {each}), {r['fps']:5.1f} frames/s, "
              f"{r['ups']:5.1f} monitor updates/s")
    ratio = med["on"]["its"] / med["off"]["its"] if med["off"]["its"] else float("nan")
    ups = med["on"]["ups"]
    print(f"throughput with the monitor on / off: {ratio:.2f} (target >= 0.70)")
    print(f"monitor updates: {ups:.1f}/s (target >= 30)")
    print("meets both targets" if ratio >= 0.7 and ups >= 30 else "MISSES a target (see the load: uptime)")


if __name__ == "__main__":
    main()
