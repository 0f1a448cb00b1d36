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
    yet, like Clear on an empty canvas, is passed over, and Play, which never settles);
    return its label."""
    widget = f"widget-{route}"
    tried = []
    for button in wk.driver.execute_script(BUTTONS, widget)[:5]:
        before = wk.driver.execute_script(SIGNATURE, widget)
        label = button.text.strip() or button.get_attribute("aria-label") or "?"
        if label == "Play":  # a running chapter owes a render every frame: it never settles
            continue
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
    sample = getattr(info, "sample", "")
    webkit.open(base, info.route, sample)
    webkit.settled(info.route)
    state = webkit.state()
    problems = webkit.problems(base, state)
    assert state["ready"] == info.route, problems
    assert problems == []
    if sample:  # the chapter took the link's state as it is and wrote it back unchanged
        assert webkit.driver.execute_script("return location.hash") == f"#/{info.route}?{sample}"
        assert not webkit.driver.execute_script(
            "return Array.from(document.querySelectorAll(arguments[0])).some((n) => n.offsetParent !== null);",
            f"#widget-{info.route} .url-note",
        ), "the sample link gave a note"
    booted = (state["loader"], state["snapshot"])
    if mode == "http":  # the Resource Timing list is live: it shows the runtime's own downloads
        assert any(u.endswith("/pyodide.asm.wasm") for u in state["resources"]), state["resources"]

    label = operate_a_control(webkit, info.route)
    webkit.settled(info.route)
    state = webkit.state()
    problems = webkit.problems(base, state)
    assert state["ready"] == info.route, f"after pressing {label!r}: {problems}"
    assert problems == [], f"after pressing {label!r}"
    # last, so that a fallback loader (see docs/architecture.md, "WebKit") hides no other check
    assert booted == (LOADER[mode], "restored")


def prediction(wk) -> str:
    return wk.driver.execute_script("return document.getElementById('mnist-predictions').dataset.prediction || ''")


# A stroke as the browser reports a finger or a pen: PointerEvents of that pointerType.
SYNTHETIC_STROKE = """
const [type, points] = arguments, c = document.getElementById("mnist-canvas"), r = c.getBoundingClientRect();
const ev = (name, p) => c.dispatchEvent(new PointerEvent(name, {pointerId: 7, pointerType: type, isPrimary: true,
  bubbles: true, cancelable: true, button: 0, buttons: name === "pointerup" ? 0 : 1,
  clientX: r.left + p[0] * r.width, clientY: r.top + p[1] * r.height}));
ev("pointerdown", points[0]);
for (const p of points.slice(1)) ev("pointermove", p);
ev("pointerup", points[points.length - 1]);
"""
VERTICAL = [(0.5, 0.15 + 0.07 * i) for i in range(11)]  # top to bottom through the middle


def clear_and_draw(wk, draw) -> str:
    """Clear the MNIST canvas, draw with ``draw()``; return the prediction it leads to."""
    driver = wk.driver
    clear = next(b for b in driver.execute_script(BUTTONS, "widget-mnist") if b.text.strip() == "Clear")
    clear.click()
    WebDriverWait(driver, 5, poll_frequency=0.05).until(lambda d: prediction(wk) == "")
    draw()
    WebDriverWait(driver, 10, poll_frequency=0.05).until(lambda d: prediction(wk) != "")
    # the bars answer the first dot at once and the whole stroke on the next frame
    driver.execute_async_script("requestAnimationFrame(() => requestAnimationFrame(arguments[0]));")
    return prediction(wk)


def test_touch_and_pen_drawing_on_the_mnist_canvas_is_read(webkit, sites):
    """A vertical stroke is read as a 1 (as in Chromium) when drawn by a WebDriver finger
    (WebKitGTK turns it into mouse pointer events) and by touch and pen PointerEvents."""
    base = sites["file"]  # the page loaded last: no second boot
    webkit.open(base, "mnist")
    driver = webkit.driver
    canvas = driver.find_element("id", "mnist-canvas")
    size = canvas.rect["height"]

    def finger():
        touch = ActionBuilder(driver, mouse=PointerInput(interaction.POINTER_TOUCH, "finger"))
        x0, y0 = VERTICAL[0]
        touch.pointer_action.move_to(canvas, int((x0 - 0.5) * size), int((y0 - 0.5) * size)).pointer_down()
        for x, y in VERTICAL[1:]:
            touch.pointer_action.move_to(canvas, int((x - 0.5) * size), int((y - 0.5) * size))
        touch.pointer_action.pointer_up()
        touch.perform()

    assert clear_and_draw(webkit, finger) == "1"
    for pointer in ("touch", "pen"):
        drawn = clear_and_draw(webkit, lambda p=pointer: driver.execute_script(SYNTHETIC_STROKE, p, VERTICAL))
        assert drawn == "1", pointer
    assert webkit.problems(base) == []


def test_a_console_error_and_an_uncaught_error_would_be_caught(webkit, sites):
    """The checks above can see errors: console.error is recorded, an uncaught error also
    opens the error panel; the panel's Dismiss button closes it again."""
    base = sites["file"]
    webkit.open(base, "explorer")
    driver = webkit.driver
    # thrown by a script of the page: an error of WebDriver's own script would be "Script error."
    driver.execute_script(
        "console.error('nnviz-test probe'); const s = document.createElement('script');"
        "s.textContent = \"setTimeout(() => { throw new Error('nnviz-test uncaught'); });\"; document.head.append(s);"
    )
    seen: list[str] = []

    def both_seen(d) -> bool:
        seen.extend(webkit.problems(base))
        return any("error panel" in p for p in seen) and any("uncaught: " in p for p in seen)

    WebDriverWait(driver, 10, poll_frequency=0.05).until(both_seen)
    assert "console: nnviz-test probe" in seen
    # from file://, WebKit 2.50 hands every uncaught error to window.onerror as "Script error."
    # (the page's own scripts' too: file: is an opaque origin); over http it gives the message
    said = ("nnviz-test uncaught", "Script error.")
    uncaught = [p for p in seen if p.startswith("console: uncaught: ")]
    panel = [p for p in seen if p.startswith("error panel: ")]
    assert len(uncaught) == 1 and any(w in uncaught[0] for w in said), seen
    assert panel and any(w in panel[-1] for w in said), seen
    driver.find_element("id", "error-dismiss").click()
    webkit.wait_ready("explorer")
    assert webkit.state()["errorPanel"] == ""


def test_a_request_off_the_site_would_be_caught(webkit, sites):
    """The checks above can see a request leave the site: WebKit sends it to the trap proxy."""
    webkit.open(sites["file"], "explorer")
    webkit.driver.execute_script("new Image().src = 'http://nnviz-test.invalid/probe.png';")
    WebDriverWait(webkit.driver, 10, poll_frequency=0.05).until(lambda d: webkit.trap.hits)
    assert webkit.take_trap_hits()[0] == "GET http://nnviz-test.invalid/probe.png HTTP/1.1"
