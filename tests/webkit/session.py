"""One WebKit (WebKitGTK's MiniBrowser) session, headless under Xvfb, driven over WebDriver.

WebKitWebDriver speaks classic W3C WebDriver only: no console log endpoint, no BiDi, no
request interception. So this module watches the page in three other ways:

- console errors: ``console.error``, uncaught errors and unhandled rejections are recorded by a
  script put into the page as soon as it has loaded (``RECORDER``); errors before that are
  uncaught ones, and boot.js shows those in the error panel, which every check reads;
- requests: every URL in the Resource Timing list must be on the site (same origin, or file:);
- requests the Resource Timing list cannot show (failed ones; from file:// WebKit lists none at
  all): the browser's proxy is a local trap (``Trap``) and every connection it gets is a
  request that tried to leave the site; localhost bypasses it.

Nothing waits without a limit: Xvfb has XVFB_TIMEOUT_S to say its display, the session start is
watched (tests/webkit/watchdog.py: a start that hangs is killed with the driver's process group
and tried again, SESSION_ATTEMPTS times), and every later request to the driver has
COMMAND_TIMEOUT_S.

    with WebKitSession(driver="/usr/bin/WebKitWebDriver", xvfb="/usr/bin/Xvfb") as wk:
        wk.open("http://127.0.0.1:8000/", "explorer", "layers=3,4,2")   # ready marker reached
        wk.problems("http://127.0.0.1:8000/")   # -> [] when the page is clean
"""

from __future__ import annotations

import os
import select
import socketserver
import subprocess
import threading
from urllib.parse import urlsplit

from tests.webkit.watchdog import Started, start_session

BOOT_TIMEOUT_S = 120
XVFB_TIMEOUT_S = 20
SESSION_ATTEMPTS, SESSION_TIMEOUT_S = 3, 45  # a session start that hangs: killed, tried again
# Every request to the driver has this limit, so no wait can hang (the longest command is a page
# load, which the driver itself ends after BOOT_TIMEOUT_S).
COMMAND_TIMEOUT_S = BOOT_TIMEOUT_S + 30

RECORDER = """
if (!window.nnvizWebkitErrors) {
  const errors = window.nnvizWebkitErrors = [];
  const original = console.error;
  console.error = function (...args) { errors.push(args.map(String).join(" ")); return original.apply(this, args); };
  window.addEventListener("error", (e) => errors.push("uncaught: " + (e.error && e.error.stack || e.message)));
  window.addEventListener("unhandledrejection", (e) => errors.push("unhandled rejection: " + e.reason));
}
"""

STATE = """
const panel = document.getElementById("error-panel");
return {
  ready: document.documentElement.dataset.ready || "",
  errorPanel: panel && !panel.hidden ? document.getElementById("error-text").textContent : "",
  errors: (window.nnvizWebkitErrors || []).splice(0),
  resources: performance.getEntriesByType("resource").map((e) => e.name),
  loader: window.nnvizBoot ? window.nnvizBoot.loader : null,
  snapshot: window.nnvizBoot ? window.nnvizBoot.snapshot : null,
};
"""


class TrapHandler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        self.request.settimeout(2)
        try:
            first = self.request.recv(200)
        except OSError:
            first = b""
        line = first.split(b"\r\n")[0].decode("latin-1")
        self.server.hits.append("https (TLS to the proxy)" if first[:1] == b"\x16" else line)


class Trap(socketserver.ThreadingTCPServer):
    """A TCP listener used as the browser's http and https proxy: it records the first line of
    every connection ("GET http://host/path HTTP/1.1", or a TLS hello for https) and hangs up."""

    daemon_threads = True

    def __init__(self):
        self.hits: list[str] = []
        super().__init__(("127.0.0.1", 0), TrapHandler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.server_address[1]}"


def start_xvfb(xvfb: str) -> tuple[subprocess.Popen, str]:
    """Start Xvfb on a free display (it writes the number it took to a pipe); return it and ":N"."""
    read, write = os.pipe()
    proc = subprocess.Popen(
        [xvfb, "-displayfd", str(write), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:  # bounded: an Xvfb that never says its display fails the run
        ready, _, _ = select.select([pipe], [], [], XVFB_TIMEOUT_S)
        number = pipe.readline().strip() if ready else ""
    if not number:
        proc.kill()
        raise RuntimeError(f"{xvfb} did not start within {XVFB_TIMEOUT_S} s (no display number)")
    return proc, f":{number}"


def attach(started: Started, options):
    """A Selenium client for the session the watchdog started (no second POST /session), with
    COMMAND_TIMEOUT_S on every request."""
    from selenium import webdriver
    from selenium.webdriver.remote.client_config import ClientConfig

    class Attached(webdriver.Remote):
        def start_session(self, capabilities: dict) -> None:
            self.session_id, self.caps = started.session_id, started.capabilities

    config = ClientConfig(remote_server_addr=started.url, timeout=COMMAND_TIMEOUT_S)
    return Attached(command_executor=started.url, options=options, client_config=config)


class WebKitSession:
    """Xvfb + WebKitWebDriver + one MiniBrowser window, for the whole test session."""

    def __init__(self, driver: str, xvfb: str):
        self.driver_path, self.xvfb_path = driver, xvfb
        self.document = ""  # base URL of the page loaded now ("" before the first load)

    def __enter__(self) -> WebKitSession:
        from selenium.webdriver.common.proxy import Proxy
        from selenium.webdriver.webkitgtk.options import Options

        self.xvfb, display = start_xvfb(self.xvfb_path)
        self.trap = Trap()
        options = Options()
        options.proxy = Proxy({
            "proxyType": "manual", "httpProxy": self.trap.address, "sslProxy": self.trap.address,
            "noProxy": ["127.0.0.1"],
        })
        try:  # the watchdog: a session start that hangs kills the driver and tries again
            self.started = start_session(self.driver_path, options.to_capabilities(), env={"DISPLAY": display},
                                         attempts=SESSION_ATTEMPTS, session_timeout=SESSION_TIMEOUT_S)
            self.driver = attach(self.started, options)
        except BaseException:
            if getattr(self, "started", None):
                self.started.stop()
            self.trap.shutdown()
            self.xvfb.kill()
            raise
        self.driver.set_window_rect(0, 0, 1280, 900)
        self.driver.set_page_load_timeout(BOOT_TIMEOUT_S)  # a hung load fails, not waits forever
        self.driver.set_script_timeout(30)
        return self

    def __exit__(self, *exc) -> None:
        self.started.stop()  # bounded DELETE /session, then the driver's process group is killed
        self.trap.shutdown()
        self.xvfb.terminate()
        self.xvfb.wait(timeout=10)

    # -- pages ----------------------------------------------------------------------------------

    def open(self, base: str, route: str, sample: str = "") -> None:
        """Show chapter ``route`` of the site at ``base`` through its link ``#/route?sample``:
        a page load the first time, then a hash change (one Python per site); wait until ready."""
        link = f"#/{route}" + (f"?{sample}" if sample else "")
        if self.document != base:
            self.driver.get(base + link)
            self.driver.execute_script(RECORDER)
            self.document = base
        else:
            self.driver.execute_script("location.hash = arguments[0];", link)
        self.wait_ready(route)

    def wait_ready(self, route: str, timeout: float = BOOT_TIMEOUT_S) -> None:
        from selenium.webdriver.support.ui import WebDriverWait

        def ready(driver):
            state = driver.execute_script(
                "const p = document.getElementById('error-panel');"
                "return [document.documentElement.dataset.ready || '', !!p && !p.hidden];"
            )
            return state[0] == route or state[1]  # an error ends the wait at once

        WebDriverWait(self.driver, timeout, poll_frequency=0.1).until(ready)

    def settled(self, route: str, timeout: float = 30) -> None:
        """Wait until the chapter owes no render (``data-pending`` gone from ``#widget-<route>``)."""
        from selenium.webdriver.support.ui import WebDriverWait

        WebDriverWait(self.driver, timeout, poll_frequency=0.05).until(
            lambda d: d.execute_script(
                "const w = document.getElementById('widget-' + arguments[0]);"
                "return !!w && !w.hasAttribute('data-pending');", route
            )
        )

    def state(self) -> dict:
        """Ready marker, error panel text, recorded errors (taken), Resource Timing URLs, loader."""
        return self.driver.execute_script(STATE)

    def problems(self, base: str, state: dict | None = None) -> list[str]:
        """Everything wrong with the page now: error panel, console errors, requests off the site."""
        state = state or self.state()
        found = [f"error panel: {state['errorPanel']}"] if state["errorPanel"] else []
        found += [f"console: {e}" for e in state["errors"]]
        found += [f"request off the site: {u}" for u in state["resources"] if not on_site(u, base)]
        found += [f"request off the site (proxy): {h}" for h in self.take_trap_hits()]
        return found

    def take_trap_hits(self) -> list[str]:
        hits, self.trap.hits[:] = list(self.trap.hits), []
        return hits


def on_site(url: str, base: str) -> bool:
    """Whether ``url`` stays on the site at ``base``: same origin over http; from file://, a
    file in the site's own folder."""
    scheme = urlsplit(url).scheme
    if scheme in ("data", "blob"):
        return True
    if urlsplit(base).scheme == "file":
        return url.startswith(base.rsplit("/", 1)[0] + "/")
    return (scheme, urlsplit(url).netloc) == (urlsplit(base).scheme, urlsplit(base).netloc)
