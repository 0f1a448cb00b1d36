"""Outside judge: no layout shift while Python starts (issue 19, goal CLS < 0.05).

Every chapter in the registry (and the course map) is opened in a fresh context at desktop
width; the browser's own layout-shift entries (the ones Lighthouse adds up into CLS) are
collected from the first paint until the chapter is ready and has settled. The space each
widget takes is reserved from the registry's ``min_height`` before Python exists; when a
chapter's measured height drifts from it, the failure says the figures to put there.
"""

from __future__ import annotations

import pytest

from nnviz.chapters.registry import CHAPTERS
from tests.e2e.harness import open_route, settled, watch

GOAL = 0.05
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}

# Installed before any script of the page runs: every layout shift, with what moved.
OBSERVE = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    window.__shifts.push({value: e.value, input: e.hadRecentInput, t: e.startTime,
      nodes: (e.sources || []).map(s => s.node ? (s.node.id || s.node.className || s.node.nodeName) : '?')});
  }
}).observe({type: 'layout-shift', buffered: true});
"""
FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def cls(shifts: list[dict]) -> float:
    """Cumulative layout shift as Chromium defines it: the largest session window (shifts at
    most 1 s apart, a window at most 5 s long) of shifts not caused by input."""
    best = current = 0.0
    start = last = None
    for s in sorted((s for s in shifts if not s["input"]), key=lambda s: s["t"]):
        if last is None or s["t"] - last > 1000 or s["t"] - start > 5000:
            start, current = s["t"], 0.0
        current += s["value"]
        last = s["t"]
        best = max(best, current)
    return best


def measure(browser, site, hash_: str, route: str, size: str):
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height}, reduced_motion="reduce")
    context.add_init_script(OBSERVE)
    w = watch(context, site.rstrip("/"))
    try:
        open_route(w, site, hash_, route=route)
        if route != "course":
            settled(w, route)
        w.page.evaluate(FRAMES)
        shifts = w.page.evaluate("window.__shifts")
        built = None if route == "course" else w.page.evaluate(
            f"document.getElementById('widget-{route}').getBoundingClientRect().height")
        w.assert_clean()
        return shifts, built
    finally:
        context.close()


@pytest.mark.parametrize("size", list(SIZES), ids=list(SIZES))
@pytest.mark.parametrize("info", CHAPTERS, ids=[c.route for c in CHAPTERS])
def test_a_chapter_does_not_move_while_it_starts(browser, site, info, size):
    shifts, built = measure(browser, site, f"#/{info.route}", info.route, size)
    score = cls(shifts)
    wide, phone = info.min_height
    reserved = wide if size == "desktop" else phone
    moved = sorted({n for s in shifts for n in s["nodes"]})
    wanted = (round(built), phone) if size == "desktop" else (wide, round(built))
    assert score < GOAL, (
        f"#/{info.route} at {size} width: layout shift {score:.3f} (goal < {GOAL}); moved: {moved}. "
        f"The widget is {built:.0f} px tall once built, {reserved} px were reserved: set min_height in "
        f"chapters/registry.py to {wanted}."
    )


def test_the_course_map_does_not_move_while_python_starts(browser, site):
    shifts, _ = measure(browser, site, "#/", "course", "desktop")
    assert cls(shifts) < GOAL, shifts
