"""Where nnviz is used: iframes in course pages, a GitHub Pages sub-path, a USB stick (file://).

Two loopback origins stand for two sites: the app on 127.0.0.1:A, a course page on
localhost:B. Every check also asserts no console errors and no request to any other origin.
"""

from __future__ import annotations

import threading

import pytest

from tests.e2e.harness import BOOT_TIMEOUT_MS, open_portable, watch


def visit_every_chapter(page) -> None:
    """Switch to each chapter by its hash (no reload) and wait until it is ready."""
    from nnviz.chapters.registry import CHAPTERS

    for chapter in CHAPTERS:
        page.evaluate("h => { location.hash = h; }", f"#/{chapter.route}")
        page.wait_for_selector(f'html[data-ready="{chapter.route}"]', timeout=BOOT_TIMEOUT_MS, state="attached")
        assert page.locator(f"#widget-{chapter.route}").is_visible()

COURSE_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Course</title>
<link rel="icon" href="data:,"></head><body><h1>Course page</h1>
<iframe data-nnviz id="frame" {sandbox} src="{app}?embed=1#/explorer?layers=3,4,2"
        title="nnviz" style="width:100%;border:0;height:150px"></iframe>
<script src="{app}embed.js"></script></body></html>"""


@pytest.fixture(scope="module")
def course_site(tmp_path_factory, site):
    """Serve course pages from a second origin (localhost, another port)."""
    from build import make_server

    folder = tmp_path_factory.mktemp("course")
    for name, sandbox in (("cross.html", ""), ("sandboxed.html", 'sandbox="allow-scripts"')):
        (folder / name).write_text(COURSE_PAGE.format(app=site, sandbox=sandbox))
    server = make_server(folder, host="localhost", port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://localhost:{server.server_address[1]}/"
    server.shutdown()


def frame_ready(page):
    frame = page.frame_locator("iframe[data-nnviz]")
    frame.locator('html[data-ready="explorer"]').wait_for(state="attached", timeout=BOOT_TIMEOUT_MS)
    return frame


def assert_height_fitted(page):
    """The course page resized the iframe to the height the chapter posted."""
    page.wait_for_function(
        "() => parseFloat(document.querySelector('iframe[data-nnviz]').style.height) > 300", timeout=10_000
    )
    assert page.evaluate("document.querySelector('iframe[data-nnviz]').dataset.nnvizRoute") == "explorer"


@pytest.mark.parametrize("setup", ["same-origin", "cross-origin", "sandboxed"])
def test_chapter_works_in_an_iframe(browser, site, course_site, setup):
    context = browser.new_context(viewport={"width": 1000, "height": 800})
    w = watch(context, site.rstrip("/"))
    course_origin = course_site.rstrip("/")
    url = {
        "same-origin": site + "embed-example.html",
        "cross-origin": course_site + "cross.html",
        "sandboxed": course_site + "sandboxed.html",
    }[setup]
    if setup != "same-origin":
        # the course page itself lives on the second origin: allow exactly that one
        context.unroute("**/*")
        context.route(
            "**/*",
            lambda r: r.continue_() if r.request.url.startswith((w.origin, course_origin, "data:")) else r.abort(),
        )
    page = w.page
    page.goto(url)
    frame = frame_ready(page)
    assert_height_fitted(page)
    # the widget works inside the frame: hover a neuron and see its connections light up
    frame.locator("#node-1-0").hover()
    assert frame.locator("#explorer-svg .focus-edges line.up").count() == 3
    # chrome is hidden in embed mode
    assert not frame.locator(".site-head").is_visible()
    loader = page.frames[1].evaluate("nnvizBoot.loader")
    if setup == "sandboxed":
        assert loader == "pyodide"  # no storage in an opaque-origin frame: plain Pyodide
    assert page.frames[1].evaluate("nnvizBoot.snapshot") == "restored"
    assert w.errors == [], w.errors
    outside = [u for u in w.requests if not u.startswith((w.origin, course_origin, "data:", "blob:"))]
    assert outside == []
    context.close()


def test_a_sandboxed_frame_on_a_host_without_cors_says_what_the_host_must_send(browser, tmp_path):
    """sandbox="allow-scripts" gives the frame the origin "null", so its files are cross-origin
    requests; a host that sends no Access-Control-Allow-Origin (plain `python3 -m http.server`)
    makes the runtime's module import fail. The page must say why in words, and the two fixes."""
    import functools
    import http.server

    from build import DIST, StaticHandler, make_server

    class NoCorsHandler(StaticHandler):
        def end_headers(self) -> None:  # what a plain static server sends: no ACAO header
            self.send_header("Cache-Control", "no-store")
            http.server.SimpleHTTPRequestHandler.end_headers(self)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(NoCorsHandler, directory=str(DIST)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    app = f"http://127.0.0.1:{server.server_address[1]}/"
    (tmp_path / "course.html").write_text(COURSE_PAGE.format(app=app, sandbox='sandbox="allow-scripts"'))
    course = make_server(tmp_path, host="localhost", port=0)
    threading.Thread(target=course.serve_forever, daemon=True).start()
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"http://localhost:{course.server_address[1]}/course.html")
        frame = page.frame_locator("iframe[data-nnviz]")
        panel = frame.locator("#error-panel")
        panel.wait_for(state="visible", timeout=BOOT_TIMEOUT_MS)
        text = frame.locator("#error-text").text_content()
        assert "Access-Control-Allow-Origin: *" in text
        assert 'sandbox="allow-scripts allow-same-origin"' in text
        assert "sandboxed frame" in text
        assert page.frames[1].evaluate("nnvizBoot.cors") == "blocked"
        # the same app from a host that sends the header starts (test_chapter_works_in_an_iframe)
    finally:
        context.close()
        server.shutdown()
        course.shutdown()


def test_site_works_under_a_sub_path(browser):
    """GitHub Pages serves a project at /<repo>/: everything must be relative."""
    from build import DIST, make_server

    server = make_server(DIST, port=0, prefix="/nnviz/")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/nnviz/"
    context = browser.new_context()
    w = watch(context, base.rstrip("/"))
    try:
        w.page.goto(base + "#/explorer?layers=2,3,2")
        w.page.wait_for_selector('html[data-ready="explorer"]', timeout=BOOT_TIMEOUT_MS, state="attached")
        assert w.page.locator("#explorer-svg circle.node").count() == 7
        visit_every_chapter(w.page)  # data files (mnist) load from the sub-path too
        assert all(u.startswith(base) or u.startswith("data:") for u in w.requests), w.requests
        w.assert_clean()
    finally:
        context.close()
        server.shutdown()


BIG_FILES = """() => performance.getEntriesByType('resource')
    .filter(e => /\\.(wasm|whl|zip)$/.test(e.name) && e.decodedBodySize > 100000)
    .map(e => [e.name.split('/').pop(), e.transferSize])"""


def test_big_files_download_once_and_come_from_the_cache_on_the_next_visit(browser, site, tmp_path):
    # A persistent profile, as a visitor has: incognito contexts keep a small in-memory cache
    # that cannot hold the 8-12 MB runtime files. Playwright turns the HTTP cache off when
    # requests are routed, so this context only records requests (and fails on any that
    # leaves the origin).
    from build import find_chromium
    from tests.e2e.harness import CHROMIUM_ARGS

    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=find_chromium(), args=CHROMIUM_ARGS
    )
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto(site + "#/explorer")
        page.wait_for_selector('html[data-ready="explorer"]', timeout=BOOT_TIMEOUT_MS, state="attached")
        first = page.evaluate(BIG_FILES)
        downloaded = {}
        for name, size in first:
            downloaded[name] = downloaded.get(name, 0) + (size > 0)
        assert len(downloaded) >= 3 and all(n == 1 for n in downloaded.values()), first
        page.reload()
        page.wait_for_selector('html[data-ready="explorer"]', timeout=BOOT_TIMEOUT_MS, state="attached")
        second = page.evaluate(BIG_FILES)
        assert len(second) >= 3 and all(size == 0 for _, size in second), f"downloaded again: {second}"
        assert errors == []
        assert all(u.startswith((site, "data:", "blob:")) for u in requests)
    finally:
        context.close()


def test_portable_build_runs_from_file_url_with_no_network(browser):
    context, w = open_portable(browser, "#/explorer?layers=4,3,2", "explorer")
    try:
        assert w.page.evaluate("nnvizBoot.loader") == "pyodide-offline"
        assert w.page.evaluate("nnvizBoot.snapshot") == "restored"  # embedded too: fast from a USB stick
        assert w.page.locator("#explorer-svg circle.node").count() == 9
        w.page.locator("#node-2-1").hover()
        assert w.page.locator("#explorer-svg .focus-edges line.up").count() == 3
        visit_every_chapter(w.page)  # every chapter, its data files included, runs offline
        w.page.evaluate("h => { location.hash = h; }", "#/mnist")  # its model came from an embedded file
        w.page.wait_for_selector('html[data-ready="mnist"]', timeout=BOOT_TIMEOUT_MS, state="attached")
        assert w.page.locator("#widget-mnist [data-prediction]").count() == 1
        assert all(u.startswith(("file://", "data:")) for u in w.requests)
        w.assert_clean()
    finally:
        context.close()
