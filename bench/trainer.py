"""Measure the "Digit trainer" while playing in headless Chromium: frames/s and SGD iterations/s.

Targets (issue 4): with H = 32, at least 55 frames per second and 1,000 SGD iterations per
second. Frames are counted by a requestAnimationFrame counter in the page (every frame the
browser produced, whether or not Python drew in it); iterations are read from the chapter's
"Iterations" readout at both ends of the window. Also printed: the frame-interval
percentiles, and the same figures for the default H = 16. One run, no assertions:

    NNVIZ_DIST=/tmp/dist-trainer .venv/bin/python bench/trainer.py
"""

from __future__ import annotations

import time
from itertools import pairwise

from _browser import chromium, open_ready, percentile, served

SECONDS = 6.0
WARMUP = 1.5

COUNT_FRAMES = """() => {
  window.__frames = [];
  const tick = (t) => { window.__frames.push(t); if (window.__frames.length < 100000) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
}"""


def iterations(page) -> int:
    return int(page.get_by_label("Iterations", exact=True).inner_text().replace(",", ""))


def measure(browser, base: str, hidden: int) -> dict:
    context, page = open_ready(browser, f"{base}#/trainer?hidden={hidden}&lr=0.5&seed=7", "trainer")
    try:
        page.get_by_role("button", name="Play", exact=True).click()
        time.sleep(WARMUP)
        page.evaluate(COUNT_FRAMES)
        n0, t0 = iterations(page), time.perf_counter()
        time.sleep(SECONDS)
        n1, t1 = iterations(page), time.perf_counter()
        frames = page.evaluate("window.__frames")
        page.get_by_role("button", name="Pause", exact=True).click()
        edges = 25 * hidden + hidden * 10  # connections drawn (as 20 paths)
    finally:
        context.close()
    gaps = [b - a for a, b in pairwise(frames)]
    span_s = (frames[-1] - frames[0]) / 1000 if len(frames) > 1 else float("nan")
    return {
        "hidden": hidden,
        "edges": edges,
        "fps": (len(frames) - 1) / span_s,
        "its": (n1 - n0) / (t1 - t0),
        "p50": percentile(gaps, 50),
        "p95": percentile(gaps, 95),
        "max": max(gaps) if gaps else float("nan"),
    }


def main() -> None:
    with served() as base, chromium() as browser:
        rows = [measure(browser, base, h) for h in (32, 16)]
    print(f"Digit trainer, playing for {SECONDS:.0f} s after {WARMUP} s warm-up (headless Chromium)")
    print(f"{'H':>3} {'links':>6} {'frames/s':>9} {'SGD it/s':>9} {'frame p50':>10} {'p95':>7} {'max':>7}")
    for r in rows:
        print(f"{r['hidden']:>3} {r['edges']:>6} {r['fps']:>9.1f} {r['its']:>9.0f} "
              f"{r['p50']:>8.1f}ms {r['p95']:>5.1f}ms {r['max']:>5.1f}ms")
    h32 = rows[0]
    verdict = "meets" if h32["fps"] >= 55 and h32["its"] >= 1000 else "MISSES"
    print(f"H = 32 {verdict} the targets (>= 55 frames/s and >= 1,000 iterations/s).")


if __name__ == "__main__":
    main()
