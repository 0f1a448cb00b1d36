"""The app shell: loading screen, ready marker, routing, embed mode, errors, no external requests."""

from __future__ import annotations

import gzip

import pytest

from tests.e2e.harness import BOOT_TIMEOUT_MS, go, open_route, watch


def test_text_and_progress_are_visible_before_python_is_ready(fresh):
    page = fresh.page
    page.goto(fresh.base + "#/explorer", wait_until="domcontentloaded")
    assert page.evaluate("document.documentElement.dataset.ready") is None
    assert page.locator("h1").inner_text().strip().endswith("nnviz")
    assert page.get_by_role("navigation", name="Chapters").is_visible()
    assert page.locator("#chapter-explorer .prose").is_visible()
    assert page.locator("#loading").is_visible()
    bar = page.get_by_role("progressbar", name="Loading the Python runtime")
    assert bar.is_visible()
    page.wait_for_selector('html[data-ready="explorer"]', timeout=BOOT_TIMEOUT_MS, state="attached")
    assert not page.locator("#loading").is_visible()
    # the bar went through every stage on its way to 100 %
    stages = [m[0] for m in page.evaluate("nnvizBoot.marks")]
    assert stages[0] == "python" and stages[-1] == "chapter" and "numpy" in stages


def test_every_chapter_tab_is_in_sight_at_1280_px(fresh):
    """The chapter tabs wrap instead of scrolling sideways on a laptop screen: every chapter of
    the registry has a tab, and each one lies inside the window without scrolling."""
    page = fresh.page
    page.goto(fresh.base + "#/neuron", wait_until="domcontentloaded")
    tabs = page.locator(".chapter-nav a[data-route]")
    assert tabs.count() == len(page.evaluate("NNVIZ_BOOT.routes"))
    nav = page.evaluate("(() => { const n = document.querySelector('.chapter-nav');"
                        " return [n.scrollWidth, n.clientWidth]; })()")
    assert nav[0] <= nav[1], f"the tab row scrolls sideways: {nav}"
    for i in range(tabs.count()):
        box = tabs.nth(i).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 1280, (tabs.nth(i).inner_text(), box)


def test_starting_python_uses_no_deprecated_browser_feature(fresh):
    """Chrome reports a deprecated feature as an Audits issue (Lighthouse's best practices count
    it): Pyodide 0.29.5 creates a shared WebAssembly.Memory when it loads, and a page that is
    not cross-origin isolated gets "SharedArrayBuffer will require cross-origin isolation";
    snapshot.js creates that one unshared. Nothing else may be deprecated either."""
    cdp = fresh.page.context.new_cdp_session(fresh.page)
    issues = []
    cdp.on("Audits.issueAdded", lambda e: issues.append(e["issue"]))
    cdp.send("Audits.enable")
    open_route(fresh, fresh.base, "#/explorer")
    assert fresh.page.evaluate("crossOriginIsolated") is False  # the case the warning is about
    assert fresh.page.evaluate("nnvizBoot.snapshot") == "restored"
    cdp.send("Runtime.evaluate", {"expression": "1"})  # a round trip: issues raised so far have arrived
    deprecated = [i["details"].get("deprecationIssueDetails", {}).get("type") for i in issues
                  if i["code"] == "DeprecationIssue"]
    assert deprecated == []
    # the runtime still has its memory: numpy computes, and the kernel found the heap
    assert fresh.page.evaluate("nnvizBoot.matmul") in ("wasm-simd", "numpy")


def test_empty_route_shows_the_course_map(fresh):
    open_route(fresh, fresh.base, "#/", route="course")
    assert fresh.page.locator("#course").is_visible()
    assert fresh.page.locator("article.chapter:visible").count() == 0


def test_unknown_route_shows_the_course_map_with_a_note(fresh):
    open_route(fresh, fresh.base, "#/no-such-chapter", route="course")
    note = fresh.page.locator("#course-note")
    assert note.is_visible()
    assert "no-such-chapter" in note.inner_text()


def test_a_route_in_capitals_mounts_that_chapter_under_its_own_text(fresh):
    # one route rule for boot.js and Python: #/Trainer is the trainer, text and widget alike
    open_route(fresh, fresh.base, "#/Trainer", route="trainer")
    page = fresh.page
    assert page.locator("#chapter-trainer").is_visible()
    assert page.locator("#chapter-explorer").is_hidden()
    assert page.locator("#widget-trainer > *").count() > 0


def test_route_change_does_not_restart_python(app):
    page = app.page
    page.evaluate("window.__sameDocument = 42")
    before = page.evaluate("nnvizBoot.readyMs")
    go(app, "#/explorer?layers=2,2", "explorer")
    assert page.locator("#explorer-svg circle.node").count() == 4
    assert page.evaluate("window.__sameDocument") == 42
    assert page.evaluate("nnvizBoot.readyMs") == before


def test_embed_mode_shows_only_the_widget(fresh):
    open_route(fresh, fresh.base, "#/explorer?layers=3,4,2", query="?embed=1")
    page = fresh.page
    for selector in (".site-head", ".site-foot", "#chapter-explorer .prose", "#chapter-explorer .chapter-head"):
        assert not page.locator(selector).is_visible(), selector
    assert page.locator("#explorer-svg").is_visible()
    assert page.get_by_label("Neurons per layer").is_visible()


def test_uncaught_errors_show_in_an_alert_panel(app):
    page = app.page
    page.evaluate("setTimeout(() => { throw new Error('deliberate test failure'); })")
    alert = page.get_by_role("alert")
    alert.wait_for(state="visible")
    assert "deliberate test failure" in alert.inner_text()
    # the deliberate error is the only one logged; dismiss it and leave the page clean
    assert len(app.errors) == 1 and "deliberate test failure" in app.errors[0]
    app.errors.clear()
    page.get_by_role("button", name="Dismiss").click()
    assert not alert.is_visible()


def test_python_errors_in_handlers_show_in_the_alert_panel(app):
    page = app.page
    # An event handler that raises: the guarded() wrapper must surface the traceback.
    page.evaluate("""() => {
        const field = document.getElementById('explorer-layers');
        Object.defineProperty(field, 'value', { get() { throw new Error('broken field'); }, configurable: true });
        field.dispatchEvent(new Event('input'));
        delete field.value;
    }""")
    alert = page.get_by_role("alert")
    alert.wait_for(state="visible")
    assert "broken field" in alert.inner_text() and "Traceback" in alert.inner_text()
    assert any("broken field" in e for e in app.errors)
    app.errors.clear()
    page.get_by_role("button", name="Dismiss").click()


def _random_bits(page) -> int:
    return int(page.evaluate("nnvizBoot.pyodide.runPython('import random; random.getrandbits(62)')"))


def test_python_starts_from_the_build_snapshot_with_this_hosts_values(fresh, browser, site):
    open_route(fresh, fresh.base, "#/explorer")
    page = fresh.page
    assert page.evaluate("nnvizBoot.snapshot") == "restored"
    footer = page.locator("#runtime-info")
    assert "Python 3.13" in footer.inner_text() and "numpy 2.2.5" in footer.inner_text()
    # what the snapshot froze on the build machine (Node) is reset for this browser
    user_agent = page.evaluate("navigator.userAgent")
    assert page.evaluate("nnvizBoot.pyodide.runPython('import sys; sys._emscripten_info.runtime')") == user_agent
    assert user_agent in footer.get_attribute("title") and "snapshot: restored" in footer.get_attribute("title")
    assert page.evaluate("nnvizBoot.pyodide.runPython(\"import os; os.environ['_']\")") == "./this.program"
    # two visitors restoring the same memory image must not share a random stream
    other = watch(browser.new_context(), site.rstrip("/"))
    try:
        open_route(other, site, "#/explorer")
        assert _random_bits(page) != _random_bits(other.page)
        other.assert_clean()
    finally:
        other.page.context.close()


def _snapshot_from_another_build() -> bytes:
    """The real snapshot with one byte of its build id changed (as if Pyodide were updated)."""
    from build import DIST

    raw = bytearray(gzip.decompress(next((DIST / "py").glob("python-*.snapshot")).read_bytes()))
    raw[16] ^= 0xFF  # header: magic, header length, JSON length, reserved, then the build id
    return gzip.compress(bytes(raw))


@pytest.mark.parametrize(
    ("damage", "reason"),
    [("not a snapshot", "is not a Pyodide memory snapshot"), ("another build", "build id mismatch")],
)
def test_a_bad_snapshot_falls_back_to_a_normal_start(fresh, damage, reason):
    page = fresh.page
    body = b"\x00" * 4096 if damage == "not a snapshot" else _snapshot_from_another_build()
    page.route("**/py/python-*.snapshot", lambda route: route.fulfill(status=200, body=body))
    open_route(fresh, fresh.base, "#/explorer?layers=3,4,2")
    assert page.evaluate("nnvizBoot.snapshot").startswith("not used:")
    assert reason in page.evaluate("nnvizBoot.snapshot")
    assert page.locator("#explorer-svg circle.node").count() == 9
    page.locator("#node-1-0").hover()
    assert page.locator("#explorer-svg .focus-edges line.up").count() == 3
    assert "not used" in page.locator("#runtime-info").get_attribute("title")
