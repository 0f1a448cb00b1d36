"""Charts and pictures for screen readers (issue 19): every kit chart, bar list, heatmap and
network picture has a text alternative that says what it shows now, and a chart's is rewritten
on demand (focus) or at most every 2 s while it changes, never every frame.
"""

from __future__ import annotations

import math
import re

from nnviz.chapters.registry import BY_ROUTE, CHAPTERS
from tests.e2e.harness import go, open_route, settled

ALTERNATIVES = """() => ({
  charts: [...document.querySelectorAll('figure.chart')].filter(f => f.offsetParent).map(f => {
    const svg = f.querySelector('svg.chart-svg');
    const first = (svg.getAttribute('aria-describedby') || '').split(' ')[0];
    const el = first && document.getElementById(first);
    return [f.id, el ? el.textContent : null];
  }),
  bars: [...document.querySelectorAll('ol.bars')].map(b => b.getAttribute('aria-label')),
  heatmaps: [...document.querySelectorAll('canvas.heatmap[role=img]')].map(c => c.getAttribute('aria-label')),
  nets: [...document.querySelectorAll('svg.net')].map(s => {
    const d = document.getElementById(s.getAttribute('aria-describedby') || '');
    return d ? d.textContent : null;
  }),
})"""
SENTENCE = re.compile(r"^\S.*\.$")


def test_every_kit_picture_in_every_chapter_has_a_text_alternative(app):
    found = {"charts": 0, "nets": 0, "bars": 0}
    for info in CHAPTERS:
        go(app, f"#/{info.route}", info.route)
        settled(app, info.route)
        alt = app.page.evaluate(ALTERNATIVES)
        for chart_id, text in alt["charts"]:
            assert text and SENTENCE.match(text), f"#/{info.route}: chart {chart_id} has no summary: {text!r}"
        for text in alt["nets"]:
            assert text and re.match(r"^\d+ layers: \d+ inputs?, ", text), f"#/{info.route}: network picture: {text!r}"
        for text in alt["bars"] + alt["heatmaps"]:
            assert text and text.strip(), f"#/{info.route}: a bar list or heatmap has no name"
        for key in found:
            found[key] += len(alt[key])
    # the kit pieces are in use: the check above looked at real pictures
    assert found["charts"] >= 5 and found["nets"] >= 2 and found["bars"] >= 1, found


def test_a_chart_states_its_latest_value_from_a_closed_form(app):
    """The landscape's sample link plots a cosine schedule, lr(t)/lr₀ = ½(1 + cos(π·min(t, P)/P)),
    over 3·P steps (P = 400): it starts at 1 and has been 0 since step 400."""
    info = BY_ROUTE["landscape"]
    go(app, f"#/landscape?{info.sample}", "landscape")
    settled(app, "landscape")
    assert "schedule=cosine" in info.sample and "period=400" in info.sample
    period, steps = 400, 1200
    last = 0.5 * (1 + math.cos(math.pi * min(steps - 1, period) / period))
    first = 0.5 * (1 + math.cos(0.0))
    summary = app.page.locator("#landscape-schedule-chart-summary")
    summary.wait_for(state="attached")
    app.page.wait_for_function(
        "() => document.getElementById('landscape-schedule-chart-summary').textContent.includes('1,200 points')"
    )
    text = summary.text_content()
    assert text.startswith(f"lr(t) / lr₀: 1,200 points, step 0 to 1,199. Now {last:g} at step 1,199, level ("), text
    assert text.endswith(f"Lowest {last:g}, highest {first:g}."), text


def test_a_running_chart_is_described_at_most_every_two_seconds_and_at_once_on_focus(browser, site):
    from tests.e2e.harness import watch

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    w = watch(context, site.rstrip("/"))
    try:
        open_route(w, site, "#/trainer", route="trainer")
        page = w.page
        page.locator("#widget-trainer").get_by_role("button", name="Play", exact=True).click()
        # watch the summary for 150 frames while training runs: it may change at most once per 2 s
        seen = page.evaluate("""() => new Promise(resolve => {
          const el = document.getElementById('trainer-loss-summary');
          const t0 = performance.now(), texts = [el.textContent];
          let frames = 0;
          function frame() {
            if (el.textContent !== texts[texts.length - 1]) texts.push(el.textContent);
            if (++frames < 150) requestAnimationFrame(frame);
            else resolve({texts, ms: performance.now() - t0, frames});
          }
          requestAnimationFrame(frame);
        })""")
        changes = len(seen["texts"]) - 1
        assert changes >= 1, seen  # it does follow the training
        assert changes <= 1 + seen["ms"] / 2000, f"{changes} rewrites in {seen['ms']:.0f} ms over {seen['frames']} frames"
        page.locator("#widget-trainer").get_by_role("button", name="Pause", exact=True).click()
        settled(w, "trainer")
        # focusing the chart describes it at once; the readout then shows the latest point too
        page.locator("#trainer-loss-svg").focus()
        readout = page.locator("#trainer-loss-readout").text_content()
        m = re.match(r"Iteration ([\d,]+): Loss (\S+)$", readout)
        assert m, readout
        text = page.locator("#trainer-loss-summary").text_content()
        assert f"Now {m.group(2)} at iteration {m.group(1)}" in text, (text, readout)
        assert re.search(r", (falling|rising|level) \(", text), text
        w.assert_clean()
    finally:
        context.close()
