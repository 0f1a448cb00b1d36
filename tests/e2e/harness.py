"""Plain helpers for the end-to-end tests (fixtures live in conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

BOOT_TIMEOUT_MS = 90_000
PORTABLE = Path(__file__).resolve().parents[2] / "dist-portable"  # the USB-stick build
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


@dataclass
class Watched:
    """A page plus everything it logged and requested."""

    page: object
    origin: str
    base: str = ""
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def external_requests(self) -> list[str]:
        return [u for u in self.requests if not (u.startswith(self.origin) or u.startswith(("data:", "blob:")))]

    def assert_clean(self) -> None:
        assert self.errors == [], "console errors:\n" + "\n".join(self.errors)
        assert self.external_requests() == [], f"requests left the origin: {self.external_requests()}"


def watch(context, origin: str) -> Watched:
    page = context.new_page()
    w = Watched(page, origin)
    page.on("console", lambda m: w.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: w.errors.append(f"pageerror: {e}"))
    page.on("request", lambda r: w.requests.append(r.url))

    def guard(route):
        if route.request.url.startswith(origin) or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", guard)
    return w


def open_route(w: Watched, base: str, hash_: str, route: str | None = None, query: str = "") -> None:
    """Load ``base + query + hash_`` and wait for ``data-ready="<route>"``."""
    w.page.goto(base + query + hash_)
    expected = route or hash_.split("?")[0].lstrip("#/")
    w.page.wait_for_selector(f'html[data-ready="{expected}"]', timeout=BOOT_TIMEOUT_MS, state="attached")


def go(w: Watched, hash_: str, route: str) -> None:
    """Navigate within the loaded app (no reload) and wait for the chapter to be ready."""
    w.page.evaluate("h => { location.hash = h; }", hash_)
    w.page.wait_for_selector(f'html[data-ready="{route}"]', timeout=BOOT_TIMEOUT_MS, state="attached")


def settled(w: Watched, route: str) -> None:
    """Wait until the chapter owes no render (``data-pending`` gone from its root).

    Every chapter sets ``data-pending`` on ``#widget-<route>`` synchronously when a control
    changes something and clears it after the render that shows it (chapters/base.py).
    """
    w.page.wait_for_selector(f'#widget-{route}:not([data-pending])', timeout=BOOT_TIMEOUT_MS, state="attached")


def box_when_still(page, selector: str) -> dict:
    """The bounding box of ``selector`` once it has stayed put for two animation frames (rows
    above it that come into view lay out to their real height first, and move it)."""
    page.wait_for_function("""(sel) => new Promise((done) => {
        const el = document.querySelector(sel), a = el && el.getBoundingClientRect();
        requestAnimationFrame(() => requestAnimationFrame(() => {
          const b = el && el.getBoundingClientRect();
          done(Boolean(a && b && a.x === b.x && a.y === b.y && a.width === b.width && b.width > 0));
        }));
      })""", arg=selector)
    return page.locator(selector).bounding_box()


def open_portable(browser, hash_: str, route: str) -> tuple[object, Watched]:
    """Open the portable build from file:// at ``hash_`` in a new context (the caller closes it)
    and wait for ``data-ready="<route>"``; returns (context, watched page)."""
    index = PORTABLE / "index.html"
    assert index.exists(), "dist-portable/ is missing: `python3 build.py test` builds it"
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    w = watch(context, index.parent.as_uri())
    try:
        w.page.goto(index.as_uri() + hash_)
        w.page.wait_for_selector(f'html[data-ready="{route}"]', timeout=BOOT_TIMEOUT_MS, state="attached")
    except Exception:
        context.close()
        raise
    return context, w
