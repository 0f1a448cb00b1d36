"""Chapter "A single neuron" end to end: seed 002's numbers, seed 003's worked example, every
function chosen by keyboard, the draggable input point, typed and linked bad values, softmax
mode, the plots' readouts and the comparison toggles.

Expected numbers are computed here from the formulas, independently of the chapter's code.
"""

from __future__ import annotations

import math
from urllib.parse import parse_qsl

import pytest
from playwright.sync_api import expect

from nnviz.chapters.registry import CHAPTERS
from tests.e2e.harness import box_when_still, go, settled

OTHER = next(c.route for c in CHAPTERS if c.route != "neuron")
ORDER = ["relu", "leaky", "sigmoid", "tanh", "softmax", "linear", "step", "elu", "softplus", "gelu", "silu"]


def sig(z):
    return 1 / (1 + math.exp(-z))


def closed_form(f: str, z: float, l2: float = 0.5, l3: float = -1.0) -> float:
    return {
        "relu": max(0.0, z),
        "leaky": z if z > 0 else 0.01 * z,
        "sigmoid": sig(z),
        "tanh": math.tanh(z),
        "softmax": math.exp(z) / (math.exp(z) + math.exp(l2) + math.exp(l3)),
        "linear": z,
        "step": 1.0 if z > 0 else 0.0,
        "elu": z if z > 0 else math.exp(z) - 1,
        "softplus": math.log1p(math.exp(z)),
        "gelu": 0.5 * z * (1 + math.tanh(math.sqrt(2 / math.pi) * (z + 0.044715 * z**3))),
        "silu": z * sig(z),
    }[f]


def url_params(page) -> dict[str, str]:
    return dict(parse_qsl(page.evaluate("location.hash").split("?", 1)[1]))


def calc(page) -> tuple[float, float]:
    panel = page.locator("#neuron-calc")
    return float(panel.get_attribute("data-z")), float(panel.get_attribute("data-a"))


@pytest.fixture()
def neuron(app):
    """The chapter freshly mounted with its defaults (via another route, so it really remounts)."""
    go(app, f"#/{OTHER}", OTHER)
    go(app, "#/neuron", "neuron")
    settled(app, "neuron")
    return app.page


def test_seed_002_numbers_appear(neuron):
    page = neuron
    z, a = calc(page)
    assert z == pytest.approx(0.5 * 0.7 + (-0.3) * 0.4 + 0, abs=1e-12)
    assert a == pytest.approx(max(0.0, z))
    panel = page.locator("#neuron-calc")
    assert "z = w₁×x₁ + w₂×x₂ + b" in panel.inner_text()
    assert page.locator("#neuron-eq-z").inner_text() == "z = 0.5×0.7 + (−0.3)×0.4 + 0 = 0.23"
    assert page.locator("#neuron-eq-a").inner_text() == "a = ReLU(0.23) = 0.23"
    assert page.get_by_role("radio", name="ReLU", exact=True).is_checked()
    assert page.get_by_role("radiogroup", name="Activation function").is_visible()
    for label, value in [("Input x1", "0.7"), ("Input x2", "0.4"), ("Weight w1", "0.5"), ("Weight w2", "-0.3"), ("Bias b", "0")]:
        assert page.get_by_role("slider", name=label, exact=True).input_value() == value
        assert page.get_by_role("textbox", name=f"{label}, exact value").input_value() == value
    assert "0.23" in page.locator("#neuron-svg").inner_html()


def test_the_worked_example_button_computes_seed_003(neuron):
    page = neuron
    page.get_by_role("button", name="Load the worked example").click()
    settled(_w(page), "neuron")
    z, a = calc(page)
    assert z == pytest.approx(0.3 * 1.0 + 0.7 * 0.5 + 0.1, abs=1e-12)
    assert round(z, 2) == 0.75 and round(a, 2) == 0.68
    assert a == pytest.approx(sig(z), rel=1e-12)
    assert page.locator("#neuron-eq-a").inner_text() == "a = Sigmoid(0.75) = 0.68"
    assert page.get_by_role("radio", name="Sigmoid", exact=True).is_checked()
    params = url_params(page)
    assert (params["x1"], params["x2"], params["w1"], params["w2"], params["b"], params["f"]) == (
        "1", "0.5", "0.3", "0.7", "0.1", "sigmoid")
    # scoring against y = 1: cross-entropy's slope is a − y, squared error's has the factor a(1 − a)
    assert float(page.locator("#neuron-bce").inner_text()) == pytest.approx(-math.log(a), abs=1e-4)
    assert page.locator("#neuron-bce-dz").inner_text() == f"a − y = {a - 1:.4f}".replace("-", "−")


class _W:
    def __init__(self, page):
        self.page = page


def _w(page):
    return _W(page)


def test_each_function_can_be_chosen_by_keyboard(neuron):
    page = neuron
    page.get_by_role("radio", name="ReLU", exact=True).focus()
    z = 0.5 * 0.7 + (-0.3) * 0.4
    for key in ORDER[1:]:
        page.keyboard.press("ArrowDown")
        page.wait_for_function(f"document.getElementById('neuron-calc').dataset.f === '{key}'")
        settled(_w(page), "neuron")
        assert calc(page)[1] == pytest.approx(closed_form(key, z), rel=1e-9, abs=1e-12), key
        assert url_params(page)["f"] == key
        assert page.locator("#neuron-props-title").inner_text().startswith("Function properties:")
    # the keyboard wraps around to the first one
    page.keyboard.press("ArrowDown")
    page.wait_for_function("document.getElementById('neuron-calc').dataset.f === 'relu'")


def test_softmax_mode_says_the_neuron_is_one_of_three(neuron):
    page = neuron
    page.get_by_role("radio", name="Softmax", exact=True).check()
    settled(_w(page), "neuron")
    box = page.locator("#neuron-softmax")
    assert box.is_visible() and "output 1 of three" in box.inner_text()
    assert page.get_by_role("slider", name="Logit z₂ of output 2", exact=True).is_visible()
    z, a = calc(page)
    assert a == pytest.approx(closed_form("softmax", z), rel=1e-12)
    assert "add up to 1" in page.locator("#neuron-probs").inner_text()


def test_dragging_the_point_changes_x1_and_x2(neuron):
    page = neuron
    page.locator("#neuron-plane").scroll_into_view_if_needed()
    image = box_when_still(page, "#neuron-plane .plane-image")

    def at(x1, x2):  # the square shows x1, x2 from −3 to 3, x2 upwards
        return image["x"] + (x1 + 3) / 6 * image["width"], image["y"] + (3 - x2) / 6 * image["height"]

    page.mouse.move(*at(0.7, 0.4))
    page.mouse.down()
    page.mouse.move(*at(1.5, 0.0), steps=4)
    page.mouse.move(*at(2.0, -1.0), steps=4)
    page.mouse.up()
    settled(_w(page), "neuron")
    params = url_params(page)
    assert float(params["x1"]) == pytest.approx(2.0, abs=0.03)
    assert float(params["x2"]) == pytest.approx(-1.0, abs=0.03)
    x1 = float(page.get_by_role("textbox", name="Input x1, exact value").input_value())
    assert x1 == float(params["x1"])
    z, _ = calc(page)
    assert z == pytest.approx(0.5 * x1 + (-0.3) * float(params["x2"]), abs=1e-12)
    # and with the arrow keys
    point = page.get_by_role("slider", name="Input point (x1, x2): drag it, or use the arrow keys")
    point.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowUp")
    settled(_w(page), "neuron")
    params2 = url_params(page)
    assert float(params2["x1"]) == pytest.approx(x1 + 0.1, abs=1e-9)
    assert float(params2["x2"]) == pytest.approx(float(params["x2"]) + 0.1, abs=1e-9)


def test_a_slider_moves_by_keyboard_and_redraws(neuron):
    page = neuron
    page.get_by_role("slider", name="Weight w1", exact=True).focus()
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    settled(_w(page), "neuron")
    z, _ = calc(page)
    assert z == pytest.approx(0.6 * 0.7 - 0.3 * 0.4, abs=1e-9)
    assert page.get_by_role("textbox", name="Weight w1, exact value").input_value() == "0.6"
    assert page.locator("#neuron-eq-z").inner_text() == "z = 0.6×0.7 + (−0.3)×0.4 + 0 = 0.3"


DRAG_X1 = """([value, event]) => {
  const slider = document.querySelector('#neuron-x1');
  slider.value = value;
  slider.dispatchEvent(new Event(event, {bubbles: true}));
}"""


def test_rows_out_of_view_are_drawn_when_seen_and_when_the_drag_ends(neuron):
    # while x1's slider is dragged (input events), the rows below may wait: each is drawn as it
    # scrolls into view, and the released slider (change) draws every row wherever it is
    page = neuron
    page.evaluate("scrollTo(0, 0)")
    page.evaluate(DRAG_X1, ["2", "input"])
    settled(_w(page), "neuron")
    assert calc(page)[0] == pytest.approx(0.5 * 2 - 0.3 * 0.4, abs=1e-9)
    page.locator("#neuron-plane").scroll_into_view_if_needed()
    expect(page.locator("#neuron-plane-caption")).to_contain_text("(x1 = 2, x2 = 0.4)")
    expect(page.locator("#neuron-se")).to_have_text(f"{(0.88 - 1) ** 2:.4f}")  # ReLU: a = z = 0.88, y = 1

    page.evaluate("scrollTo(0, 0)")
    page.evaluate(DRAG_X1, ["-1", "input"])  # z = −0.62, a = 0
    page.evaluate(DRAG_X1, ["-1", "change"])
    settled(_w(page), "neuron")
    assert page.locator("#neuron-se").inner_text() == "1"
    assert "(x1 = −1, x2 = 0.4), on the z < 0 side" in page.locator("#neuron-plane-caption").inner_text()
    assert page.locator("#neuron-fplot-readout").inner_text() == "At the current z = −0.62: ReLU(z) = 0"


def test_typed_250_is_clamped_to_100_with_a_visible_reason(neuron):
    page = neuron
    field = page.get_by_role("textbox", name="Input x1, exact value")
    field.fill("250")
    field.press("Enter")
    settled(_w(page), "neuron")
    message = page.locator("#neuron-x1-msg")
    assert message.is_visible()
    assert message.inner_text() == "100 is the largest value; 250 was set to 100."
    assert field.input_value() == "100"
    assert field.get_attribute("aria-invalid") is None
    z, _ = calc(page)
    assert z == pytest.approx(0.5 * 100 - 0.3 * 0.4, abs=1e-9)
    assert url_params(page)["x1"] == "100"
    # not a number: refused, marked invalid, the last good value kept
    for bad in ("abc", "NaN", "-inf"):
        field.fill(bad)
        field.press("Enter")
        settled(_w(page), "neuron")
        assert field.get_attribute("aria-invalid") == "true"
        assert message.inner_text().endswith("Input x1 stays 100.")
        assert calc(page)[0] == pytest.approx(z)
    assert url_params(page)["x1"] == "100"
    # a good value clears the message
    field.fill("-1.5")
    field.press("Enter")
    settled(_w(page), "neuron")
    assert field.get_attribute("aria-invalid") is None and message.inner_text() == ""
    assert calc(page)[0] == pytest.approx(-0.75 - 0.12, abs=1e-9)


def test_hostile_link_values_give_notes_and_keep_the_defaults(app):
    go(app, f"#/{OTHER}", OTHER)
    go(app, "#/neuron?x1=abc&w1=1e999&f=cubic&y=NaN&x2=250&cmp=relu,sin", "neuron")
    settled(app, "neuron")
    page = app.page
    note = page.locator("#widget-neuron .url-note")
    assert note.is_visible()
    text = note.inner_text()
    for words in ("“abc” is not a number", "“1e999” is not a finite number", "“cubic” is not one of",
                  "“NaN” is not a number", "100 is the largest value; 250 was set to 100.", "“sin” is not one of"):
        assert words in text, words
    params = url_params(page)
    assert (params["x1"], params["w1"], params["f"], params["y"], params["x2"]) == ("0.7", "0.5", "relu", "1", "100")
    z, _ = calc(page)
    assert z == pytest.approx(0.5 * 0.7 - 0.3 * 100, abs=1e-9)
    # the point is outside the square: the page says where it is drawn
    assert "outside this square" in page.locator("#neuron-plane").inner_html()


def test_plot_readouts_by_focus_and_arrows(neuron):
    page = neuron
    plot = page.locator("#neuron-fplot-svg")
    plot.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    settled(_w(page), "neuron")
    z = round(0.23 + 0.2, 2)
    assert page.locator("#neuron-fplot-readout").inner_text() == f"At z = {z:g}: ReLU(z) = {z:g}"
    assert page.locator("#neuron-dplot-readout").inner_text() == f"At z = {z:g}: slope = 1"
    page.keyboard.press("Home")
    settled(_w(page), "neuron")
    assert page.locator("#neuron-fplot-readout").inner_text() == "At z = −6: ReLU(z) = 0"
    page.locator("#neuron-dplot-svg").scroll_into_view_if_needed()
    box = box_when_still(page, "#neuron-dplot-svg")
    page.mouse.move(box["x"] + box["width"] * 0.9, box["y"] + box["height"] / 2)
    settled(_w(page), "neuron")
    assert page.locator("#neuron-dplot-readout").inner_text().startswith("At z = ")


def test_comparison_toggles_and_derivatives(neuron):
    page = neuron
    relu = page.locator('#neuron-cmp-svg polyline[data-curve="relu"]')
    assert relu.get_attribute("visibility") == "visible"
    page.get_by_role("checkbox", name="ReLU", exact=True).uncheck()
    page.get_by_role("checkbox", name="GELU", exact=True).check()
    page.get_by_role("checkbox", name="also plot their derivatives").check()
    settled(_w(page), "neuron")
    assert relu.get_attribute("visibility") == "hidden"
    assert page.locator('#neuron-cmp-svg polyline[data-curve="gelu"]').get_attribute("visibility") == "visible"
    assert page.locator("#neuron-cmp-der").is_visible()
    assert page.locator('#neuron-cmp-der-svg polyline[data-curve="gelu"]').get_attribute("visibility") == "visible"
    params = url_params(page)
    assert params["cmp"] == "leaky,sigmoid,tanh,gelu" and params["deriv"] == "1"
    readout = page.locator("#neuron-cmp-readout").inner_text()
    z = 0.5 * 0.7 - 0.3 * 0.4
    values = readout.split(": ", 1)[1].split("; ")
    assert [v.split(" (")[0].rsplit(" ", 1)[0] for v in values] == ["Leaky ReLU", "Sigmoid", "Tanh", "GELU"]
    assert f"GELU {closed_form('gelu', z):.6g}" in readout
