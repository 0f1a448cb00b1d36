"""Chapter "Backpropagation, step by step" end to end: stepping fills the picture, the table's two
gradient columns agree, an edited weight changes the loss, a link with explicit w reproduces the
numbers, the keyboard alone can step, train and edit, and a diverging run is undone in one click.

References are computed here: Mazur's 2-2-2 network by hand (``math`` only), and the chapter's
pure model in CPython for links (the page runs the same code in Pyodide: the numbers must be equal).
"""

from __future__ import annotations

import math
from urllib.parse import parse_qsl

import pytest

from nnviz import urlstate
from nnviz.chapters.backprop.model import Snapshot
from nnviz.chapters.backprop.state import FIELDS, State
from nnviz.chapters.registry import BY_ROUTE
from tests.e2e.harness import go, settled

ROUTE = "backprop"
W = "#widget-backprop"


def sigma(z):
    return 1 / (1 + math.exp(-z))


def mazur_forward(w):
    """Outputs and loss of the 2-2-2 sigmoid network for a w list (per neuron: weights, bias)."""
    x, y = (0.05, 0.1), (0.01, 0.99)
    h = [sigma(w[3 * j] * x[0] + w[3 * j + 1] * x[1] + w[3 * j + 2]) for j in range(2)]
    o = [sigma(w[6 + 3 * j] * h[0] + w[7 + 3 * j] * h[1] + w[8 + 3 * j]) for j in range(2)]
    return h, o, 0.5 * sum((t - a) ** 2 for t, a in zip(y, o, strict=True))


def number(text: str) -> float:
    return float(text.strip().replace("−", "-").split()[-1])


@pytest.fixture()
def page(app):
    go(app, "#/backprop", ROUTE)
    settled(app, ROUTE)
    return app.page


def click(page, selector):
    page.click(selector)
    settled_page(page)


def settled_page(page):
    page.wait_for_selector(f"{W}:not([data-pending])", state="attached")


def link(page) -> State:
    route, params = urlstate.parse_hash(page.evaluate("location.hash"))
    assert route == ROUTE
    state, notes = urlstate.decode(State, FIELDS, params)
    assert notes == []
    return state


def test_stepping_forward_fills_every_node(page):
    assert page.locator("#backprop-svg .neuron").count() == 6
    assert page.locator("#node-2-0 .bp-a").text_content() == ""
    steps = 0
    while page.locator("#backprop-forward").is_enabled():
        click(page, "#backprop-forward")
        steps += 1
    assert steps == 9  # z and a of four neurons, then the loss
    h, o, loss = mazur_forward(State().w)
    for l, values in ((1, h), (2, o)):
        for j, v in enumerate(values):
            assert number(page.locator(f"#node-{l}-{j} .bp-a").text_content()) == pytest.approx(v, abs=5e-5)
            assert page.locator(f"#node-{l}-{j} .bp-z").text_content().startswith("z ")
    assert number(page.locator("#backprop-cost").text_content()) == pytest.approx(loss, abs=5e-7)
    assert "C = ½" in page.locator("#backprop-numeric").inner_text()
    assert page.locator("#backprop-backward").is_enabled()


def test_the_tables_analytic_and_numerical_columns_agree(page):
    rows = page.locator("#backprop-table tbody tr")
    assert rows.count() == 12
    for i in range(12):
        cells = rows.nth(i).locator("td")
        analytic, numeric = number(cells.nth(1).inner_text()), number(cells.nth(2).inner_text())
        assert numeric == pytest.approx(analytic, rel=1e-6, abs=1e-9), i
    assert "agree to 6 significant digits for all 12" in page.locator("#backprop-agree").inner_text()
    assert rows.nth(6).locator("th").inner_text() == "w²₁₁"
    assert number(rows.nth(6).locator("td").nth(1).inner_text()) == pytest.approx(0.082167041, abs=5e-10)
    assert number(rows.nth(6).locator("td").nth(3).inner_text()) == pytest.approx(0.35891648, abs=5e-9)


def test_editing_a_weight_changes_the_loss(page):
    for _ in range(9):
        click(page, "#backprop-forward")
    before = number(page.locator("#backprop-cost").text_content())
    page.click("#edge-2-0-0")
    editor = page.locator("#backprop-editor")
    assert editor.is_visible() and editor.input_value() == "0.4"
    editor.fill("1.5")
    editor.press("Enter")
    settled_page(page)
    assert editor.is_hidden()
    w = list(State().w)
    w[6] = 1.5
    assert link(page).w == tuple(w)
    after = number(page.locator("#backprop-cost").text_content())
    assert after != before and after == pytest.approx(mazur_forward(w)[2], abs=5e-7)
    assert page.locator("#edge-2-0-0 .bp-w").text_content() == "1.5"
    # bad text is refused with a reason; the weight stays
    page.click("#edge-2-0-0")
    editor.fill("NaN")
    editor.press("Enter")
    assert editor.is_visible() and "not a number" in page.locator("#backprop-editor-msg").inner_text()
    editor.press("Escape")
    settled_page(page)
    assert link(page).w == tuple(w)


def test_a_link_with_explicit_w_reproduces_the_same_numbers(app):
    sample = BY_ROUTE[ROUTE].sample
    go(app, f"#/backprop?{sample}", ROUTE)
    settled(app, ROUTE)
    page = app.page
    state, _ = urlstate.decode(State, FIELDS, dict(parse_qsl(sample)))
    snap = Snapshot(state)
    table = page.locator("#backprop-table tbody tr")
    assert table.count() == len(snap.params) == 17
    for i in range(17):
        cells = table.nth(i).locator("td")
        assert number(cells.nth(0).inner_text()) == pytest.approx(snap.w[i], abs=1e-12)
        assert number(cells.nth(1).inner_text()) == pytest.approx(snap.grad[i], rel=1e-7, abs=1e-12)
    # train, then open the link the page wrote: the same table again
    click(page, "#backprop-update")
    trained = link(page)
    assert trained.w != state.w
    shown = [table.nth(i).locator("td").nth(1).inner_text() for i in range(17)]
    go(app, "#/explorer", "explorer")
    go(app, "#/backprop?" + "&".join(f"{k}={v}" for k, v in urlstate.encode(FIELDS, trained).items()), ROUTE)
    settled(app, ROUTE)
    assert [table.nth(i).locator("td").nth(1).inner_text() for i in range(17)] == shown
    expected = Snapshot(trained)
    assert number(table.nth(0).locator("td").nth(1).inner_text()) == pytest.approx(expected.grad[0], rel=1e-7)


def test_keyboard_only_stepping_training_and_editing(page):
    page.focus("#backprop-forward")
    for _ in range(9):
        page.keyboard.press("Enter")
        settled_page(page)
    # the forward pass is done: the focus moved on to "Backward step"
    assert page.evaluate("document.activeElement.id") == "backprop-backward"
    for _ in range(2 + 12):  # δ², six gradients, δ¹, six gradients
        page.keyboard.press("Enter")
        settled_page(page)
    assert page.evaluate("document.activeElement.id") == "backprop-update"
    assert all(t.startswith("δ ") for t in page.locator("#backprop-svg .neuron .bp-d").all_text_contents()[2:])
    page.keyboard.press("Enter")
    settled_page(page)
    assert link(page).w[6] == 0.35891648
    assert "0.298371" in page.locator("#backprop-numeric").inner_text()
    # Back one step undoes the update
    page.focus("#backprop-back")
    page.keyboard.press("Enter")
    settled_page(page)
    assert link(page).w == State().w
    # into the picture with Tab, along the parameters with the arrows, Enter to edit
    page.focus("#backprop-run")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "edge-2-0-0"  # w²₁₁, the picked weight
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.id") == "edge-2-0-1"
    assert "w²₁₂" in page.locator("#backprop-chain-title").inner_text()
    page.keyboard.press("Enter")
    page.keyboard.type("0.9")
    page.keyboard.press("Enter")
    settled_page(page)
    assert link(page).w[7] == 0.9
    assert page.evaluate("document.activeElement.id") == "edge-2-0-1"


def test_run_100_iterations_trains_and_a_diverging_rate_is_undone_in_one_click(app, page):
    click(page, "#backprop-run")
    outputs = page.locator("#backprop-outputs tbody tr")
    for j, target in enumerate((0.01, 0.99)):
        now = number(outputs.nth(j).locator("td").nth(0).inner_text())
        was = number(outputs.nth(j).locator("td").nth(1).inner_text())
        assert abs(now - target) < abs(was - target)
    assert page.locator("#backprop-loss-chart polyline").get_attribute("points").count(",") == 101
    go(app, "#/explorer", "explorer")
    go(app, "#/backprop?f=linear&lr=2", ROUTE)
    settled_page(page)
    click(page, "#backprop-run")
    trouble = page.locator("#backprop-trouble")
    assert trouble.is_visible() and "overshoots" in trouble.inner_text()
    click(page, "#backprop-recover")
    assert trouble.is_hidden()
    state = link(page)
    assert state.lr == 0.2 and state.w == State().w


def test_play_advances_on_its_own_and_pauses(page):
    page.select_option("#backprop-speed", "16")
    page.click("#backprop-play")  # while playing, a render is always owed: no settled() here
    page.wait_for_function("document.getElementById('backprop-play').textContent === 'Pause'")
    # inputs count as done; three more neurons means at least six operations
    page.wait_for_function("document.querySelectorAll('#backprop-svg .neuron.done').length >= 5")
    page.click("#backprop-play")
    page.wait_for_function("document.getElementById('backprop-play').textContent === 'Play'")
    settled_page(page)
    where = page.locator("#backprop-where").text_content()  # (shown in capitals by CSS)
    assert "operation" in where
    done = int(where.split("operation ")[1].split(" ")[0])
    assert 6 <= done <= 24
    assert page.locator(f"{W}").get_attribute("data-pending") is None


def test_a_link_whose_counts_do_not_fit_the_layers_gives_a_note_and_a_working_network(app):
    go(app, "#/explorer", "explorer")
    go(app, "#/backprop?layers=3,2&x=1,2&w=0.1,0.2", ROUTE)
    settled(app, ROUTE)
    note = app.page.locator(f"{W} .url-note").inner_text()
    assert "2 inputs for 3 input neurons" in note and "has 8" in note
    state = link(app.page)
    assert state.layers == (3, 2) and len(state.x) == 3 and len(state.w) == 8
    assert app.page.locator("#backprop-table tbody tr").count() == 8


def test_after_one_iteration_no_step_moves_the_picture_or_the_panels(page):
    """The formula box and the readout keep the height of their longest text (dom.steady): once a
    whole iteration has been shown, stepping through the next one never moves what is below them,
    while every formula is still there in full (nothing is cut off)."""
    def where():
        return page.evaluate("""() => ['backprop-svg', 'backprop-chain', 'backprop-table'].map(
            id => document.getElementById(id).getBoundingClientRect().top)""")

    def step():
        button = next(b for b in ("#backprop-forward", "#backprop-backward", "#backprop-update")
                      if page.locator(b).is_enabled())
        click(page, button)
        box = page.evaluate("""() => { const b = document.getElementById('backprop-stepbox');
            return [b.scrollHeight, b.clientHeight]; }""")
        assert box[0] <= box[1] + 1, f"the formula box cuts its text off: {box}"

    n = 24  # the 2-2-2 network: 8 forward operations, the loss, 2 δ, 12 gradients, the update
    for _ in range(n):
        step()
    settled_page(page)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")  # settled sizes
    before = where()
    for _ in range(n):
        step()
        assert where() == before
