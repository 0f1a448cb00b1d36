"""House chapter drag budget: a slider drag updates the line, table, chart and heatmap marker in one frame.

Sets the "Weight" and "Bias" sliders to 200 seeded random values (alternating) and dispatches
`input` as a drag does. For each drag it measures, in the page: the input handler (state update),
plus the work of the next animation frame (the chapter's redraw runs first in that frame; a
callback queued after it reads performance.now() against the frame's start time), plus a forced
style + layout ("redraw" is the chapter's frame callback, "layout" the forced style + layout;
"frame" is both, "total" adds the handler). It also counts changes to the heatmap image during the drags (it is computed once
per data set, so this must be 0) and times a fresh mount of the chapter (heatmap included).

    NNVIZ_DIST=/tmp/dist-house .venv/bin/python bench/house.py
"""

from __future__ import annotations

from _browser import chromium, open_ready, percentile, served

DRAGS = """async (n) => {
  const w = document.querySelector('#house-one-w'), b = document.querySelector('#house-one-b');
  const img = document.querySelector('#house-one-heat image');
  let imageChanges = 0;
  const watch = new MutationObserver(list => { imageChanges += list.length; });
  watch.observe(img, {attributes: true});
  const mse = document.querySelector('#house-one-mse');
  let seed = 11;
  const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const handler = [], frame = [], total = [], redraw = [], layout = [];
  let stale = 0;
  for (let k = 0; k < n; k++) {
    await new Promise(r => requestAnimationFrame(r));
    const slider = k % 2 ? b : w;
    const old = slider.value;
    slider.value = String(+slider.min + rand() * (slider.max - slider.min));
    const moved = slider.value !== old;  // the bias slider's step of 1 can land on the same value
    const before = mse.dataset.mse;
    const t0 = performance.now();
    slider.dispatchEvent(new Event('input', {bubbles: true}));
    const t1 = performance.now();
    const work = await new Promise(r => requestAnimationFrame(ts => {
      const t2 = performance.now();
      document.body.getBoundingClientRect();
      getComputedStyle(mse).color;
      const t3 = performance.now();
      redraw.push(t2 - ts); layout.push(t3 - t2);
      r(t3 - ts);
    }));
    if (moved && mse.dataset.mse === before) stale++;
    handler.push(t1 - t0); frame.push(work); total.push(t1 - t0 + work);
  }
  watch.disconnect();
  return {handler, redraw, layout, frame, total, imageChanges, stale};
}"""

MOUNT = """async () => {
  location.hash = '#/explorer';
  while (document.documentElement.dataset.ready !== 'explorer') await new Promise(r => setTimeout(r, 5));
  const t0 = performance.now();
  location.hash = '#/house';
  while (document.documentElement.dataset.ready !== 'house') await new Promise(r => setTimeout(r, 1));
  return performance.now() - t0;
}"""

GD = """async () => {
  const btn = [...document.querySelectorAll('#house-one .gd-buttons button')].find(b => b.textContent === '100 GD Steps');
  const mse = document.querySelector('#house-one-mse');
  const times = [];
  for (let k = 0; k < 10; k++) {
    const before = mse.dataset.mse;
    const t0 = performance.now();
    btn.click();
    while (mse.dataset.mse === before) await new Promise(r => requestAnimationFrame(r));
    times.push(performance.now() - t0);
  }
  return times;
}"""


def main() -> None:
    with served() as base, chromium() as browser:
        context, page = open_ready(browser, f"{base}#/house", "house")
        r = page.evaluate(DRAGS, 200)
        mounts = [page.evaluate(MOUNT) for _ in range(5)]
        gd = page.evaluate(GD)
        context.close()
    print("house chapter, one-input section, 200 simulated slider drags (Weight / Bias alternating):")
    for name in ("handler", "redraw", "layout", "frame", "total"):
        v = r[name]
        print(f"  {name:8s} p50 {percentile(v, 50):5.1f} ms   p95 {percentile(v, 95):5.1f} ms   max {max(v):5.1f} ms")
    p95 = percentile(r["total"], 95)
    print(f"budget: p95 {p95:.1f}/16 ms ({p95 / 16:.2f}x); readout stale after a frame: {r['stale']} of 200")
    print(f"heatmap image changes during the drags: {r['imageChanges']} (computed once per data set)")
    print(f"chapter mount (5 route switches, heatmap included): median {sorted(mounts)[2]:.0f} ms, max {max(mounts):.0f} ms")
    print(f"'100 GD Steps' click to new readout (10 presses): p50 {percentile(gd, 50):.0f} ms, max {max(gd):.0f} ms")


if __name__ == "__main__":
    main()
