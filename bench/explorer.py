"""Explorer hover budget: the highlight lands within 16 ms on a 12 × 64 network.

Dispatches pointerover on 200 random neurons and measures, in the page, the time from the
event to the end of the next frame's style+layout (performance.now() around dispatch, plus
a forced style recalculation), and prints p50 / p95 / max. Then times re-layouts: the
"Neurons per layer" field set to 12 layers of 60–64 neurons, ten times, from the input event
to the end of the forced layout of the new diagram (no budget; reported for reference).

    .venv/bin/python bench/explorer.py
"""

from __future__ import annotations

from _browser import chromium, open_ready, percentile, served

MEASURE = """async (n) => {
  const nodes = [...document.querySelectorAll('#explorer-svg circle.node')];
  const times = [];
  let seed = 7;
  const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (let k = 0; k < n; k++) {
    const node = nodes[Math.floor(rand() * nodes.length)];
    const t0 = performance.now();
    node.dispatchEvent(new PointerEvent('pointerover', {bubbles: true}));
    document.body.getBoundingClientRect();           // force style + layout now
    getComputedStyle(node).fill;
    times.push(performance.now() - t0);
    await new Promise(r => requestAnimationFrame(r));
  }
  return times;
}"""


RELAYOUT = """async (n) => {
  const field = document.getElementById('explorer-layers');
  const times = [];
  for (let k = 0; k < n; k++) {
    const t0 = performance.now();
    field.value = Array(12).fill(60 + (k % 5)).join(',');
    field.dispatchEvent(new Event('input', {bubbles: true}));
    document.body.getBoundingClientRect();
    times.push(performance.now() - t0);
    await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  }
  return times;
}"""


def main() -> None:
    layers = ",".join(["64"] * 12)
    with served() as base, chromium() as browser:
        context, page = open_ready(browser, f"{base}#/explorer?layers={layers}", "explorer")
        assert page.locator("#explorer-svg circle.node").count() == 768
        times = page.evaluate(MEASURE, 200)
        relayout = page.evaluate(RELAYOUT, 10)
        context.close()
    p50, p95 = percentile(times, 50), percentile(times, 95)
    print("explorer hover highlight, 12 layers x 64 neurons (768 neurons, 2,500 drawn edges), 200 hovers:")
    print(f"  p50 {p50:.1f} ms   p95 {p95:.1f} ms   max {max(times):.1f} ms")
    print(f"budget: p95 {p95:.1f}/16 ms ({p95 / 16:.2f}x)")
    print(f"re-layout after an edit (12 layers of 60-64): p50 {percentile(relayout, 50):.0f} ms, max {max(relayout):.0f} ms")


if __name__ == "__main__":
    main()
