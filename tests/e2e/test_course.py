"""The course around the chapters: course map, progress marks, previous/next, the share panel,
projector mode, the shortcuts dialog and printing.

Per-chapter parts of the share panel (every declared control group can be hidden and shown
again) are in test_contract.py, which loops over the registry.
"""

from __future__ import annotations

import pytest

from nnviz.chapters.registry import CHAPTERS, PARTS
from tests.e2e.harness import BOOT_TIMEOUT_MS, go, open_route, settled, watch

FIRST, SECOND = CHAPTERS[0], CHAPTERS[1]
WITH_GROUPS = next(c for c in CHAPTERS if c.groups)

DENY_STORAGE = """
Object.defineProperty(window, 'localStorage', {
  configurable: true,
  get() { throw new DOMException('The operation is insecure.', 'SecurityError'); },
});
"""


def test_course_map_lists_every_chapter_in_order_with_its_card(app):
    go(app, "#/", "course")
    page = app.page
    cards = page.locator("#course .card")
    assert [cards.nth(i).get_attribute("data-route") for i in range(cards.count())] == [c.route for c in CHAPTERS]
    for i, c in enumerate(CHAPTERS):
        card = cards.nth(i)
        assert card.locator(".card-title").inner_text() == c.title
        assert card.locator(".card-num").inner_text().lower() == f"chapter {i + 1}"
        assert c.summary in card.inner_text()
        assert f"About {c.minutes} minutes" in card.inner_text()
        assert card.locator("svg.card-pic").count() == 1
    headings = page.locator("#course .course-part h3")
    used = [p for p in PARTS if any(c.part == p for c in CHAPTERS)]
    assert headings.count() == len(used)
    for i, part in enumerate(used):
        assert headings.nth(i).inner_text().strip().endswith(part), (i, part)
    nav = page.get_by_role("navigation", name="Chapters").locator("a[data-route]")
    assert [nav.nth(i).get_attribute("data-route") for i in range(nav.count())] == [c.route for c in CHAPTERS]
    # a card opens its chapter
    cards.nth(1).locator("a.card-link").click()
    page.wait_for_selector(f'html[data-ready="{SECOND.route}"]', timeout=BOOT_TIMEOUT_MS, state="attached")


def test_progress_marks_appear_after_visiting_and_a_corrupt_record_is_replaced(fresh):
    page = fresh.page
    open_route(fresh, fresh.base, "#/", route="course")
    page.evaluate("localStorage.setItem('nnviz.progress', '{not json')")
    go(fresh, f"#/{SECOND.route}", SECOND.route)
    go(fresh, "#/", "course")
    assert page.locator(f'#course .card[data-route="{SECOND.route}"] .card-visited').is_visible()
    assert page.locator(f'#course .card[data-route="{FIRST.route}"] .card-visited').is_hidden()
    record = page.evaluate("JSON.parse(localStorage.getItem('nnviz.progress'))")
    assert record == {"v": 1, "visited": [SECOND.route]}
    page.reload()
    page.wait_for_selector('html[data-ready="course"]', timeout=BOOT_TIMEOUT_MS, state="attached")
    assert page.locator(f'#course .card[data-route="{SECOND.route}"] .card-visited').is_visible()


def test_everything_works_with_storage_denied(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(DENY_STORAGE)
    w = watch(context, site.rstrip("/"))
    try:
        open_route(w, site, "#/", route="course")
        assert w.page.locator("#course .card-visited:visible").count() == 0
        go(w, f"#/{FIRST.route}?{FIRST.sample}", FIRST.route)
        settled(w, FIRST.route)
        go(w, "#/", "course")
        assert w.page.locator("#course .card-visited:visible").count() == 0
        assert w.page.locator("#error-panel").is_hidden()
        w.assert_clean()
    finally:
        context.close()


def test_previous_and_next_follow_the_learning_order(app):
    page = app.page
    go(app, f"#/{SECOND.route}", SECOND.route)
    pager = page.locator(f"#chapter-{SECOND.route} .chapter-pager")
    assert pager.locator(".pager-prev").get_attribute("href") == f"#/{FIRST.route}"
    nxt = CHAPTERS[2] if len(CHAPTERS) > 2 else None
    assert pager.locator(".pager-next").get_attribute("href") == (f"#/{nxt.route}" if nxt else "#/")
    pager.locator(".pager-prev").click()
    page.wait_for_selector(f'html[data-ready="{FIRST.route}"]', timeout=BOOT_TIMEOUT_MS, state="attached")
    first_pager = page.locator(f"#chapter-{FIRST.route} .chapter-pager")
    assert first_pager.locator(".pager-prev").get_attribute("href") == "#/"


def test_the_header_has_previous_and_next_on_a_phone(browser, site):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    w = watch(context, site.rstrip("/"))
    try:
        open_route(w, site, f"#/{SECOND.route}", route=SECOND.route)
        nxt = w.page.locator("#head-next")
        assert w.page.locator("#head-prev").is_visible() and nxt.is_visible()
        assert w.page.locator("#head-prev").get_attribute("href") == f"#/{FIRST.route}"
        assert FIRST.title in w.page.locator("#head-prev").inner_text()
        w.assert_clean()
    finally:
        context.close()


def test_share_panel_link_reproduces_the_state_and_hides_the_chosen_groups(app, browser, site):
    info = WITH_GROUPS
    page = app.page
    go(app, f"#/{info.route}?{info.sample}", info.route)
    settled(app, info.route)
    page.locator(f"#chapter-{info.route} .share-open").click()
    dialog = page.get_by_role("dialog", name="Share this chapter")
    assert dialog.is_visible()
    key, label = info.groups[0]
    dialog.get_by_label(label).uncheck()
    link = dialog.get_by_label("Link to this view").input_value()
    assert link.endswith(f"#/{info.route}?{info.sample}&hide={key}")
    embed = dialog.get_by_label("Embed code for a course page").input_value()
    assert "?embed=1#/" in embed and "embed.js" in embed and f"hide={key}" in embed
    dialog.get_by_role("button", name="Close").click()
    assert not dialog.is_visible()

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    w = watch(context, site.rstrip("/"))
    try:
        w.page.goto(link)
        w.page.wait_for_selector(f'html[data-ready="{info.route}"]', timeout=BOOT_TIMEOUT_MS, state="attached")
        settled(w, info.route)
        widget = w.page.locator(f"#widget-{info.route}")
        assert widget.locator(f'[data-group="{key}"]').first.is_hidden()
        for other, _ in info.groups[1:]:
            assert widget.locator(f'[data-group="{other}"]').first.is_visible()
        assert w.page.evaluate("location.hash") == f"#/{info.route}?{info.sample}&hide={key}"
        w.assert_clean()
    finally:
        context.close()


def test_hide_the_text_gives_the_embed_link(app):
    info = FIRST
    page = app.page
    go(app, f"#/{info.route}?{info.sample}", info.route)
    page.keyboard.press("s")
    dialog = page.get_by_role("dialog", name="Share this chapter")
    assert dialog.is_visible()
    dialog.get_by_label("The chapter's text, header and menu", exact=False).uncheck()
    assert "?embed=1#/" in dialog.get_by_label("Link to this view").input_value()
    page.keyboard.press("Escape")
    assert not dialog.is_visible()


def test_unknown_and_malformed_hide_entries_give_a_note_not_an_error(app):
    info = WITH_GROUPS
    go(app, f"#/{info.route}?{info.sample}&hide=nonsense,,%%,{info.groups[0][0]}", info.route)
    settled(app, info.route)
    note = app.page.locator(f"#widget-{info.route} .url-note")
    assert note.is_visible() and "nonsense" in note.inner_text()
    assert app.page.locator(f'#widget-{info.route} [data-group="{info.groups[0][0]}"]').first.is_hidden()
    assert app.page.locator("#error-panel").is_hidden()


def test_embed_snippet_works_when_pasted_into_a_page(app, browser, site):
    info = FIRST
    page = app.page
    go(app, f"#/{info.route}?{info.sample}", info.route)
    page.locator(f"#chapter-{info.route} .share-open").click()
    snippet = page.get_by_label("Embed code for a course page").input_value()
    page.keyboard.press("Escape")
    context = browser.new_context(viewport={"width": 1000, "height": 800})
    w = watch(context, site.rstrip("/"))
    try:
        # a course page on the same site, as a teacher's page would hold it
        w.page.route(site + "course-page.html", lambda r: r.fulfill(
            status=200, content_type="text/html",
            body=f"<!doctype html><html lang=en><title>Course</title><h1>Week 1</h1>{snippet}"))
        w.page.goto(site + "course-page.html")
        frame = w.page.frame_locator("iframe[data-nnviz]")
        frame.locator(f'html[data-ready="{info.route}"]').wait_for(state="attached", timeout=BOOT_TIMEOUT_MS)
        frame.locator(f"#widget-{info.route}").wait_for()
        w.page.wait_for_function(
            "() => parseInt(document.querySelector('iframe[data-nnviz]').style.height) > 200", timeout=BOOT_TIMEOUT_MS)
        w.assert_clean()
    finally:
        context.close()


def test_projector_mode_enlarges_the_type_and_collapses_the_text(app):
    info = FIRST
    page = app.page
    go(app, f"#/{info.route}", info.route)
    size = f"parseFloat(getComputedStyle(document.querySelector('#chapter-{info.route} .lede')).fontSize)"
    before = page.evaluate(size)
    toggle = page.get_by_role("button", name="Projector mode")
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    assert "present=1" in page.url
    after = page.evaluate(size)
    assert after >= before * 1.2
    hide = page.locator(f"#chapter-{info.route} .prose-toggle")
    hide.click()
    assert page.locator(f"#prose-{info.route}").is_hidden()
    assert hide.get_attribute("aria-expanded") == "false"
    hide.click()
    assert page.locator(f"#prose-{info.route}").is_visible()
    page.keyboard.press("p")
    assert toggle.get_attribute("aria-pressed") == "false" and "present=1" not in page.url


def test_shortcuts_dialog_traps_the_focus_and_escape_closes_it(app):
    page = app.page
    go(app, f"#/{FIRST.route}", FIRST.route)
    page.locator("body").focus()
    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    assert dialog.is_visible()
    for _ in range(6):
        page.keyboard.press("Tab")
        assert page.evaluate("document.getElementById('help-dialog').contains(document.activeElement)")
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    page.keyboard.press("]")
    page.wait_for_selector(f'html[data-ready="{SECOND.route}"]', timeout=BOOT_TIMEOUT_MS, state="attached")
    page.keyboard.press("c")
    page.wait_for_selector('html[data-ready="course"]', timeout=BOOT_TIMEOUT_MS, state="attached")


@pytest.mark.parametrize("info", [FIRST], ids=lambda c: c.route)
def test_a_chapter_prints_as_a_handout_without_controls(app, info):
    page = app.page
    go(app, f"#/{info.route}", info.route)
    page.emulate_media(media="print")
    try:
        assert page.locator(".site-head").is_hidden()
        assert page.locator(f"#chapter-{info.route} .prose").is_visible()
        buttons = page.locator(f"#widget-{info.route} button")
        assert all(buttons.nth(i).is_hidden() for i in range(buttons.count()))
        assert page.locator(f"#widget-{info.route} svg").first.is_visible()
    finally:
        page.emulate_media(media="screen")
