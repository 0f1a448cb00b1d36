"""Landscape chapter budgets: six optimisers racing at ≥ 55 fps on every surface; switching
surface (150 × 150 grid, contours, colour bar, 3-D mesh) ≤ 100 ms, the network slice ≤ 300 ms.

Race: for each surface, opens the chapter with all six optimisers on (1 step per frame), presses
Play and records requestAnimationFrame timestamps for 2 s (or until every runner has stopped):
frames per second and the p95 frame interval. Switch: chooses each surface from the menu
(from the bowl, and back) and times the change event to the moment the chapter owes no render
(``data-pending`` removed: the frame that draws the new surface has run). The network's first
switch also trains it (600 Adam steps on 40 points); later switches reuse it.

    .venv/bin/python bench/landscape.py
"""

from __future__ import annotations

from _browser import chromium, open_ready, percentile, served

NAMES = ("bowl", "rosenbrock", "saddle", "himmelblau", "house", "logistic", "net")  # surfaces.NAMES

ALL = "sgd,momentum,nesterov,adagrad,rmsprop,adam"

RACE = """async (ms) => {
  const status = document.querySelector('#landscape-status');
  const play = [...document.querySelectorAll('#widget-landscape button')].find(b => b.textContent === 'Play');
  const stamps = [];
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


def main() -> None:
    with served() as base, chromium() as browser:
        print("race: six optimisers, 1 step per frame, Play for up to 2 s")
        for name in NAMES:
            context, page = open_ready(browser, f"{base}#/landscape?surface={name}&opt={ALL}&speed=1", "landscape")
            page.wait_for_selector("#widget-landscape:not([data-pending])", state="attached")
            r = page.evaluate(RACE, 2000)
            fps = (r["frames"] - 1) / r["seconds"] if r["seconds"] else float("nan")
            print(f"  {name:10s} {fps:5.1f} fps  p95 frame {percentile(r['gaps'], 95):5.1f} ms  "
                  f"({r['frames']} frames; {r['status']})")
            context.close()
        context, page = open_ready(browser, f"{base}#/landscape?opt={ALL}", "landscape")
        page.wait_for_selector("#widget-landscape:not([data-pending])", state="attached")
        print("switch surface (select -> drawn):")
        for name in [n for n in NAMES if n != "bowl"]:
            times = []
            for _ in range(3):
                times.append(page.evaluate(SWITCH, name))
                page.evaluate(SWITCH, "bowl")
            budget = 300 if name == "net" else 100
            extra = f" (first {times[0]:.0f} ms, includes training)" if name == "net" else ""
            print(f"  {name:10s} median {sorted(times)[1]:5.0f} ms  max {max(times):5.0f} ms  "
                  f"budget {budget} ms: {sorted(times)[1] / budget:.2f}x{extra}")
        back = [page.evaluate(SWITCH, "bowl") for _ in range(1)]
        print(f"  (bowl after net: {back[0]:.0f} ms)")
        context.close()


if __name__ == "__main__":
    main()
