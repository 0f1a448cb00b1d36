"""The chapter contract, checked for every chapter in the registry (a new chapter is covered on
day one): ready marker, URL round trip of the chapter's sample link, a bad link gives a note and
the defaults, no sideways scroll at phone width, leaving while something runs and coming back,
embed mode, every control reachable by keyboard with an accessible name, declared control
groups, and (for chapters with data files) a failed load offers a working retry.

Console errors and requests leaving the site fail every test here (the fixtures check them).
"""

from __future__ import annotations

import importlib
from urllib.parse import parse_qsl

import pytest

from nnviz import urlstate
from nnviz.chapters.registry import CHAPTERS
from tests.e2e.harness import BOOT_TIMEOUT_MS, go, open_route, settled, watch

IDS = [c.route for c in CHAPTERS]


def state_module(info):
    """Every chapter keeps ``State`` and ``FIELDS`` in a pure ``state`` module (CPython-importable)."""
    return importlib.import_module(f"{info.module}.state")


def current_hash(w) -> str:
    return w.page.evaluate("location.hash")


@pytest.mark.parametrize("info", CHAPTERS, ids=IDS)
def test_sample_link_round_trips(app, info):
    go(app, f"#/{info.route}?{info.sample}", info.route)
    settled(app, info.route)
    assert current_hash(app) == f"#/{info.route}?{info.sample}"
    assert not app.page.locator(f"#widget-{info.route} .url-note").is_visible()
    assert app.page.locator(f"#chapter-{info.route}").is_visible()


@pytest.mark.parametrize("info", CHAPTERS, ids=IDS)
def test_bad_link_gives_a_note_and_the_defaults(app, info):
    go(app, f"#/{info.route}?{info.bad_sample}&zz-unknown=1", info.route)
    settled(app, info.route)
    note = app.page.locator(f"#widget-{info.route} .url-note")
    assert note.is_visible()
    text = note.inner_text()
    assert "zz-unknown" in text
    mod = state_module(info)
    bad = dict(parse_qsl(info.bad_sample))
    state, notes = urlstate.decode(mod.State, mod.FIELDS, bad)
    assert len(notes) >= len(bad), "the bad sample must be bad in every key it names"
    _, written = urlstate.parse_hash(current_hash(app))
    assert written == urlstate.encode(mod.FIELDS, state), "the page must use what the notes say"
    for key, raw in bad.items():
        assert written[key] != raw or key not in written


@pytest.mark.parametrize("info", CHAPTERS, ids=IDS)
def test_declared_control_groups_exist(app, info):
    go(app, f"#/{info.route}", info.route)
    for key, _label in info.groups:
        assert app.page.locator(f'#widget-{info.route} [data-group="{key}"]').count() >= 1, key


@pytest.mark.parametrize("info", [c for c in CHAPTERS if c.groups], ids=lambda c: c.route)
def test_every_control_group_can_be_hidden_and_shown_again(app, info):
    page = app.page
    widget = page.locator(f"#widget-{info.route}")
    for key, _label in info.groups:
        go(app, f"#/{info.route}?{info.sample}&hide={key}", info.route)
        settled(app, info.route)
        group = widget.locator(f'[data-group="{key}"]')
        assert group.count() >= 1 and all(not group.nth(i).is_visible() for i in range(group.count())), key
        for other, _ in info.groups:
            if other != key:
                assert widget.locator(f'[data-group="{other}"]').first.is_visible(), (key, other)
        assert current_hash(app).endswith(f"&hide={key}"), "the link keeps what is hidden"
        assert not widget.locator(".url-note").is_visible()
        go(app, f"#/{info.route}?{info.sample}", info.route)
        settled(app, info.route)
        assert group.first.is_visible(), key


@pytest.mark.parametrize("info", CHAPTERS, ids=IDS)
def test_every_control_is_reachable_by_keyboard_and_named(app, info):
    go(app, f"#/{info.route}?{info.sample}", info.route)
    settled(app, info.route)
    page = app.page
    controls = page.evaluate(
        """(route) => {
          const root = document.getElementById('widget-' + route);
          const sel = 'button, input, select, textarea, a[href], [tabindex]';
          const name = (el) => {
            if (el.getAttribute('aria-label')) return el.getAttribute('aria-label');
            const by = el.getAttribute('aria-labelledby');
            if (by) return by.split(/\\s+/).map(id => (document.getElementById(id) || {}).textContent || '').join(' ');
            if (el.labels && el.labels.length) return [...el.labels].map(l => l.textContent).join(' ');
            if (el.tagName === 'BUTTON' || el.tagName === 'A') return el.textContent;
            return el.getAttribute('title') || '';
          };
          const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length)
              && getComputedStyle(el).visibility !== 'hidden';
          return [...root.querySelectorAll(sel)]
            .filter(el => visible(el) && !el.disabled && el.tabIndex >= 0 && el.type !== 'hidden')
            .map((el, i) => { el.dataset.contractId = String(i);
              return {id: String(i), tag: el.tagName, name: (name(el) || '').trim()}; });
        }""",
        info.route,
    )
    assert controls, "a chapter has controls"
    unnamed = [c for c in controls if not c["name"]]
    assert unnamed == [], f"controls without an accessible name: {unnamed}"
    # Tab from the top of the widget through all of it: every control takes the focus once.
    page.evaluate(
        """(route) => { const r = document.getElementById('widget-' + route);
           r.setAttribute('tabindex', '-1'); r.focus(); r.removeAttribute('tabindex'); }""",
        info.route,
    )
    reached = set()
    for _ in range(len(controls) + 40):
        page.keyboard.press("Tab")
        cid = page.evaluate("document.activeElement && document.activeElement.dataset.contractId")
        inside = page.evaluate(
            "(r) => document.getElementById('widget-' + r).contains(document.activeElement)", info.route
        )
        if cid is not None:
            reached.add(cid)
        if not inside and reached:
            break
    missing = [c for c in controls if c["id"] not in reached]
    assert missing == [], f"not reachable with Tab: {missing}"


@pytest.mark.parametrize("info", CHAPTERS, ids=IDS)
def test_leaving_while_running_and_coming_back_is_clean(app, info):
    other = next(c for c in CHAPTERS if c.route != info.route)
    go(app, f"#/{info.route}", info.route)
    page = app.page
    runner = page.locator(f"#widget-{info.route}").get_by_role("button", name="Play", exact=True)
    if runner.count():
        runner.first.click()
    go(app, f"#/{other.route}", other.route)
    assert page.locator(f"#widget-{info.route} > *").count() == 0, "the chapter left nothing behind"
    assert page.evaluate(f"document.getElementById('widget-{info.route}').hasAttribute('data-pending')") is False
    go(app, f"#/{info.route}?{info.sample}", info.route)
    settled(app, info.route)
    assert current_hash(app) == f"#/{info.route}?{info.sample}"
    assert page.locator("#error-panel").is_hidden(), page.locator("#error-text").inner_text()


@pytest.mark.parametrize("info", CHAPTERS, ids=IDS)
def test_embed_mode_shows_only_the_chapter(fresh, info):
    open_route(fresh, fresh.base, f"#/{info.route}?{info.sample}", route=info.route, query="?embed=1")
    page = fresh.page
    for selector in (".site-head", ".site-foot", f"#chapter-{info.route} .prose"):
        assert not page.locator(selector).is_visible(), selector
    assert page.locator(f"#widget-{info.route}").is_visible()


@pytest.mark.parametrize("info", CHAPTERS, ids=IDS)
def test_no_sideways_scroll_at_phone_width(browser, site, info):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    w = watch(context, site.rstrip("/"))
    try:
        open_route(w, site, f"#/{info.route}?{info.sample}", route=info.route)
        settled(w, info.route)
        width = w.page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the page is {width} px wide at a 390 px viewport"
        w.assert_clean()
    finally:
        context.close()


@pytest.mark.parametrize("info", [c for c in CHAPTERS if c.build_step], ids=lambda c: c.route)
def test_a_failed_load_offers_a_retry_that_works(browser, site, info):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    w = watch(context, site.rstrip("/"))
    blocked = {"on": True}

    def data(route):
        if blocked["on"]:
            route.fulfill(status=503, body="unavailable")
        else:
            route.continue_()

    context.route("**/data/**", data)
    try:
        w.page.goto(site + f"#/{info.route}")
        alert = w.page.locator(f"#widget-{info.route} .load-error")
        alert.wait_for(timeout=BOOT_TIMEOUT_MS)
        assert "could not be loaded" in alert.inner_text()
        blocked["on"] = False
        alert.get_by_role("button", name="Try again").click()
        w.page.wait_for_selector(f'html[data-ready="{info.route}"]', timeout=BOOT_TIMEOUT_MS, state="attached")
        settled(w, info.route)
        assert alert.count() == 0
        # the failed requests were logged by the browser as resource errors: those, and only those
        w.errors[:] = [e for e in w.errors if "503" not in e and "Failed to load resource" not in e]
        w.assert_clean()
    finally:
        context.close()
