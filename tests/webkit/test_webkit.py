"""Every chapter in WebKit (Safari's engine), over http and from the portable build on file://.

One MiniBrowser session runs everything: the site over http boots once (PyScript, snapshot
restored), then each chapter is opened by its link; then the same from dist-portable/ on
file:// (plain Pyodide). Each chapter must reach its ready marker with no error panel, no
console error and no request off the site, and keep working after one of its controls is used.
The chapter list is the registry's, so a new chapter is tested here without a new line.
"""

from __future__ import annotations

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.actions import interaction
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.actions.pointer_input import PointerInput
from selenium.webdriver.support.ui import WebDriverWait

from nnviz.chapters.registry import CHAPTERS

MODES = ("http", "file")
LOADER = {"http": "pyscript", "file": "pyodide-offline"}
pytestmark = pytest.mark.filterwarnings("ignore:setting remote_server_addr:DeprecationWarning")  # Selenium's own
CASES = [(mode, info) for mode in MODES for info in CHAPTERS]  # http first: one boot per site

# A fingerprint of a widget: its markup and the values of its inputs.
SIGNATURE = """
const el = document.getElementById(arguments[0]);
const s = el.innerHTML + "|" + Array.from(el.querySelectorAll("input, select")).map((i) => i.value).join(",");
let h = 0;
for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
return h;
"""
# The buttons a visitor can press now, in page order.
BUTTONS = """
return Array.from(document.querySelectorAll("#" + arguments[0] + " button"))
  .filter((b) => !b.disabled && b.offsetParent !== null && b.getClientRects().length > 0);
"""


def operate_a_control(wk, route: str) -> str:
    """Click the widget's first enabled button that changes it (a button with nothing to do
    yet, like Clear on an empty canvas, is passed over); return its label."""
    widget = f"widget-{route}"
    tried = []
    for button in wk.driver.execute_script(BUTTONS, widget)[:4]:
        before = wk.driver.execute_script(SIGNATURE, widget)
        label = button.text.strip() or button.get_attribute("aria-label") or "?"
        button.click()
        try:
            WebDriverWait(wk.driver, 5, poll_frequency=0.05).until(
                lambda d, before=before: d.execute_script(SIGNATURE, widget) != before
            )
            return label
        except TimeoutException:
            tried.append(label)
    raise AssertionError(f"no button of #{widget} changed it (tried {tried})")


@pytest.mark.parametrize(("mode", "info"), CASES, ids=[f"{m}-{i.route}" for m, i in CASES])
def test_chapter_opens_from_its_link_and_answers_a_control(webkit, sites, mode, info):
    base = sites[mode]
    webkit.open(base, info.route, getattr(info, "sample", ""))
    state = webkit.state()
    assert state["ready"] == info.route
    assert webkit.problems(base, state) == []
    assert (state["loader"], state["snapshot"]) == (LOADER[mode], "restored")
    if mode == "http":  # the Resource Timing list is live: it shows the runtime's own downloads
        assert any(u.endswith("/pyodide.asm.wasm") for u in state["resources"]), state["resources"]

    label = operate_a_control(webkit, info.route)
    state = webkit.state()
    assert state["ready"] == info.route, f"after pressing {label!r}"
    assert webkit.problems(base, state) == [], f"after pressing {label!r}"


def prediction(wk) -> str:
    return wk.driver.execute_script("return document.getElementById('mnist-predictions').dataset.prediction || ''")


def test_touch_drawing_on_the_mnist_canvas_is_read(webkit, sites):
    """A finger (WebDriver touch actions, so WebKit's own touch → pointer events) draws a
    vertical stroke; the network reads a 1, as it does for the same stroke in Chromium."""
    base = sites["file"]  # the page loaded last: no second boot
    webkit.open(base, "mnist")
    driver = webkit.driver
    clear = next(b for b in driver.execute_script(BUTTONS, "widget-mnist") if b.text.strip() == "Clear")
    clear.click()
    WebDriverWait(driver, 5, poll_frequency=0.05).until(lambda d: prediction(webkit) == "")
    canvas = driver.find_element("id", "mnist-canvas")
    reach = int(canvas.rect["height"] * 0.35)
    finger = ActionBuilder(driver, mouse=PointerInput(interaction.POINTER_TOUCH, "finger"))
    finger.pointer_action.move_to(canvas, 0, -reach).pointer_down()
    for step in range(-reach + reach // 4, reach + 1, reach // 4):
        finger.pointer_action.move_to(canvas, 0, step)
    finger.pointer_action.pointer_up()
    finger.perform()
    WebDriverWait(driver, 10, poll_frequency=0.05).until(lambda d: prediction(webkit) != "")
    assert prediction(webkit) == "1"
    assert webkit.problems(base) == []


def test_a_request_off_the_site_would_be_caught(webkit, sites):
    """The checks above can see a request leave the site: WebKit sends it to the trap proxy."""
    webkit.open(sites["file"], "explorer")
    webkit.driver.execute_script("new Image().src = 'http://nnviz-test.invalid/probe.png';")
    WebDriverWait(webkit.driver, 10, poll_frequency=0.05).until(lambda d: webkit.trap.hits)
    assert webkit.take_trap_hits()[0] == "GET http://nnviz-test.invalid/probe.png HTTP/1.1"
