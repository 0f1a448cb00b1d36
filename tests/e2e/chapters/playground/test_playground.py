"""Chapter "Playground" end to end: training, own points by pointer and keyboard, a CSV with word
labels, a TensorFlow Playground link, export/import, divergence and its recovery, per-layer links."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from nnviz import urlstate
from nnviz.chapters.playground import owndata
from nnviz.chapters.playground import state as ps
from nnviz.chapters.playground.tfplink import translate
from tests.e2e.harness import BOOT_TIMEOUT_MS, go, open_route, settled

W = "#widget-playground"
METRICS = "#playground-metrics"
TRAIN_MS = 240_000  # generous: the test machine is shared (load 10-20 is common)


def open_pg(app, query: str = ""):
    go(app, "#/explorer", "explorer")
    go(app, "#/playground" + (f"?{query}" if query else ""), "playground")
    settled(app, "playground")
    return app.page


def metric(page, name: str) -> float:
    return float(page.locator(METRICS).get_attribute(f"data-{name}"))


def state_of(page) -> ps.State:
    _, params = urlstate.parse_hash(page.evaluate("location.hash"))
    st, notes = urlstate.decode(ps.State, ps.FIELDS, params)
    assert notes == []
    return st


def button(page, name: str):
    return page.locator(W).get_by_role("button", name=name, exact=True)


def pause(page) -> None:
    if button(page, "Pause").count():
        button(page, "Pause").click()
    settled_page(page)


def settled_page(page) -> None:
    page.wait_for_selector(f"{W}:not([data-pending])", state="attached", timeout=BOOT_TIMEOUT_MS)


def test_play_trains_the_default_set_up_to_a_low_test_loss(app):
    page = open_pg(app)
    start = metric(page, "test-loss")
    assert start > 0.3 and metric(page, "epoch") == 0
    button(page, "Play").click()
    page.wait_for_function(
        f"+document.querySelector('{METRICS}').dataset.testLoss < 0.08", timeout=TRAIN_MS)
    pause(page)
    assert metric(page, "epoch") > 0
    assert metric(page, "test-accuracy") >= 0.95
    assert page.locator("#playground-epoch").inner_text().replace(",", "") == str(int(metric(page, "epoch")))
    # Reset replays the same initial weights: the loss is the starting one again
    button(page, "Reset").click()
    settled_page(page)
    assert metric(page, "epoch") == 0 and metric(page, "test-loss") == start


def dot_count(page) -> int:
    return page.locator(f"{W} .pg-dot").count()


def test_adding_points_by_click_and_keyboard(app):
    page = open_pg(app, "test=1")
    button(page, "Remove all points").click()
    settled_page(page)
    assert state_of(page).data == "own" and dot_count(page) == 0
    plot = page.locator("#playground-plot")
    plot.scroll_into_view_if_needed()
    box = plot.bounding_box()
    # a click in the middle of the picture adds a point of the chosen class at about (0, 0)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    settled_page(page)
    own = owndata.decode(state_of(page).pts)
    assert len(own.X) == 1 and np.allclose(own.X[0], [0, 0], atol=0.1) and own.y[0] == 0
    # the keyboard: pick the other class, focus the picture, move the cross right, Enter adds
    page.select_option("#playground-add-class", "1")
    plot.focus()
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    settled_page(page)
    own = owndata.decode(state_of(page).pts)
    assert len(own.X) == 2 and own.y.tolist() == [0, 1]
    assert np.allclose(own.X[1], [10 * 12 / 40, 0], atol=0.02)  # 10 steps of 1/40 of the width
    assert dot_count(page) == 2
    # Delete removes the point nearest to the cross; Shift+click removes the nearest to the pointer
    page.keyboard.press("Delete")
    settled_page(page)
    assert len(owndata.decode(state_of(page).pts).X) == 1
    plot.scroll_into_view_if_needed()
    box = plot.bounding_box()
    page.keyboard.down("Shift")
    page.mouse.click(box["x"] + box["width"] / 2 + 3, box["y"] + box["height"] / 2 + 3)
    page.keyboard.up("Shift")
    settled_page(page)
    assert state_of(page).pts == "" and dot_count(page) == 0


def three_word_csv() -> str:
    rng = np.random.default_rng(5)
    rows = ["x1,x2,label"]
    for name, (cx, cy) in (("cat", (-30, 10)), ("dog", (10, 40)), ("bird", (40, -20))):
        for _ in range(60):
            rows.append(f"{cx + rng.normal() * 6:.3f},{cy + rng.normal() * 6:.3f},{name}")
    return "\n".join(rows)


def test_a_pasted_csv_with_three_word_labels_trains_a_three_class_model(app):
    page = open_pg(app, "layers=6&lr=0.1")
    page.get_by_label("CSV data", exact=True).fill("x1,x2,label\n1,2,cat\n1,abc,dog\n3,4,cat\n5,6,dog\n7,8,cat\n")
    button(page, "Load CSV").click()
    assert "row 3" in page.locator("#playground-csv-msg").inner_text()
    assert state_of(page).data == "circle", "a bad file changes nothing"
    page.get_by_label("CSV data", exact=True).fill(three_word_csv())
    button(page, "Load CSV").click()
    settled_page(page)
    msg = page.locator("#playground-csv-msg").inner_text()
    assert "180 points in 3 classes (bird, cat, dog)" in msg and "in the link" in msg
    st = state_of(page)
    assert st.data == "own"
    own = owndata.decode(st.pts)  # the link holds the data in its own units, with its words
    assert own.names == ("bird", "cat", "dog") and len(own.X) == 180 and own.X[:, 0].min() < -30
    assert page.locator(f"{W} #node-2-2").count() == 1 and page.locator(f"{W} #node-2-3").count() == 0
    assert page.locator(f"{W} .pg-cm th", has_text="bird").count() == 2  # the confusion matrix uses the words
    # shown in its own units: the axis labels run over the data's range, not ±6
    ticks = [float(t) for t in page.locator(f"{W} .pg-ticks text").evaluate_all("els => els.map(e => e.textContent)")]
    assert max(ticks) > 15
    button(page, "Play").click()
    page.wait_for_function(
        f"+document.querySelector('{METRICS}').dataset.testAccuracy >= 0.95", timeout=TRAIN_MS)
    pause(page)


def test_a_tensorflow_playground_link_opens_the_same_experiment(app):
    page = open_pg(app)
    link = ("https://playground.tensorflow.org/#activation=relu&batchSize=17&dataset=spiral&regDataset=reg-plane"
            "&learningRate=0.1&regularizationRate=0.003&noise=15&networkShape=6,5,3&seed=0.61234&showTestData=true"
            "&discretize=false&percTrainData=70&x=true&y=true&xTimesY=false&xSquared=true&ySquared=false"
            "&cosX=false&sinX=true&cosY=false&sinY=false&collectStats=false&problem=classification"
            "&initZero=false&hideText=false&regularization=L2")
    page.get_by_label("TensorFlow Playground link", exact=True).fill(link)
    button(page, "Open").click()
    settled_page(page)
    params, _notes = translate(link)
    expected, _ = urlstate.decode(ps.State, ps.FIELDS, params)
    st = state_of(page)
    assert st == expected
    assert (st.data, st.layers, st.act, st.lr, st.batch, st.noise, st.train, st.reg, st.rate) == (
        "spiral", (6, 5, 3), ("relu",), 0.1, 17, 15, 70, "l2", 0.003)
    assert st.features == ("x1", "x2", "x1sq", "sinx1") and st.test == 1
    assert "same experiment" in page.locator("#playground-tfp-msg").inner_text()
    assert page.locator(f"{W} #node-3-2").count() == 1 and page.locator(f"{W} #node-1-5").count() == 1
    assert page.locator(f"{W} #node-0-2").get_attribute("aria-pressed") == "true"  # x1² on


def test_export_then_import_gives_the_same_predictions(app):
    page = open_pg(app, "data=xor&layers=5,3&features=x1,x2,x1x2")
    for _ in range(3):
        button(page, "Step").click()
        settled_page(page)
    trained = metric(page, "test-loss")
    with page.expect_download() as dl:
        button(page, "Export model (JSON)").click()
    assert dl.value.suggested_filename == "playground-model.json"
    text = page.locator("#playground-model-json").input_value()
    saved = json.loads(text)
    assert saved["sizes"] == [3, 5, 3, 1] and saved["metadata"]["features"] == ["x1", "x2", "x1x2"]
    button(page, "New weights").click()
    settled_page(page)
    assert metric(page, "test-loss") != trained
    # a broken file is refused and changes nothing
    broken = dict(saved, sizes=[3, 5, 4, 1])
    page.get_by_label("Model JSON to import", exact=True).fill(json.dumps(broken))
    button(page, "Import model").click()
    assert "Not imported" in page.locator("#playground-model-msg").inner_text()
    page.get_by_label("Model JSON to import", exact=True).fill(text)
    button(page, "Import model").click()
    settled_page(page)
    assert metric(page, "test-loss") == trained
    with page.expect_download() as dl:
        button(page, "Download script").click()
    assert dl.value.suggested_filename == "playground_model.py"


def test_divergence_is_explained_and_recovered(app):
    page = open_pg(app, "data=reg-gauss&layers=8,8&act=relu&lr=10&batch=1")
    button(page, "Play").click()
    alert = page.locator("#playground-diverged")
    alert.wait_for(state="visible", timeout=TRAIN_MS)
    text = alert.inner_text()
    assert "learning rate of 10" in text and "last good weights" in text
    assert button(page, "Play").count() == 1, "training stopped"
    alert.get_by_role("button", name="Back, and divide the learning rate by 10").click()
    settled_page(page)
    assert not alert.is_visible()
    assert state_of(page).lr == 1.0
    assert math.isfinite(metric(page, "train-loss")) and math.isfinite(metric(page, "test-loss"))


def test_hidden_and_per_layer_settings_survive_the_link(app):
    page = open_pg(app, "layers=5,3,2&act=relu,tanh,elu&drop=0.2,0,0.5")
    sel = lambda n: page.get_by_label(f"Activation of layer {n}", exact=True)  # noqa: E731
    drop = lambda n: page.get_by_label(f"Dropout of layer {n}", exact=True)  # noqa: E731
    assert [sel(n).input_value() for n in (1, 2, 3)] == ["relu", "tanh", "elu"]
    assert [drop(n).input_value() for n in (1, 2, 3)] == ["0.2", "0", "0.5"]
    page.get_by_label("Add a neuron to layer 2", exact=True).click()
    sel(1).select_option("leaky")
    drop(2).select_option("0.3")
    settled_page(page)
    st = state_of(page)
    assert (st.layers, st.act, st.drop) == ((5, 4, 2), ("leaky", "tanh", "elu"), (0.2, 0.3, 0.5))
    hash_ = page.evaluate("location.hash")
    open_route(app, app.base, hash_)
    settled(app, "playground")
    assert [sel(n).input_value() for n in (1, 2, 3)] == ["leaky", "tanh", "elu"]
    assert [drop(n).input_value() for n in (1, 2, 3)] == ["0.2", "0.3", "0.5"]
    assert page.locator(f"{W} #node-2-3").count() == 1
    page.get_by_label("Remove a hidden layer", exact=True).click()
    settled_page(page)
    assert state_of(page).layers == (5, 4)


@pytest.mark.parametrize("feature", ["x1²", "sin x2"])
def test_features_are_keyboard_toggles(app, feature):
    page = open_pg(app)
    toggle = page.locator(W).get_by_role("button", name=feature, exact=True)
    toggle.focus()
    page.keyboard.press("Enter")
    settled_page(page)
    assert toggle.get_attribute("aria-pressed") == "true"
    assert len(state_of(page).features) == 3


def py(page, code: str):
    """A value from the running chapter (its Python, through the page's Pyodide)."""
    return json.loads(page.evaluate("(c) => nnvizBoot.pyodide.runPython(c)", "import json\n"
                                    "from nnviz.dom import entry\nch = entry.APP.current\n" + code))


def weight(page, layer: int, i: int, j: int) -> float:
    return py(page, f"json.dumps(float(ch.model.net.weights[{layer}][{i}, {j}]))")


def test_edited_weights_are_in_the_link_and_bad_ones_are_noted(app):
    page = open_pg(app, "layers=3&wseed=7")
    start = metric(page, "test-loss")
    page.locator(f"{W} #node-1-0").click()
    field = page.get_by_label("Weight from x2", exact=True)
    field.fill("1.5")
    field.press("Enter")
    settled_page(page)
    field = page.get_by_label("Bias of neuron 1 of layer 1", exact=True)
    field.fill("-0.25")
    field.press("Enter")
    settled_page(page)
    st = state_of(page)
    assert st.edit == ((0, 1, 0, 1.5), (0, -1, 0, -0.25))
    assert weight(page, 0, 1, 0) == 1.5
    edited = metric(page, "test-loss")
    assert edited != start
    # reopening the link gives the edited network: the same weight and the same loss
    hash_ = page.evaluate("location.hash")
    assert "edit=0.1.0:1.5,0.b.0:-0.25" in hash_
    open_route(app, app.base, hash_)
    settled(app, "playground")
    assert weight(page, 0, 1, 0) == 1.5 and metric(page, "test-loss") == edited
    # Reset replays the seed and the edits; a change of shape drops them
    button(page, "Step").click()
    settled_page(page)
    button(page, "Reset").click()
    settled_page(page)
    assert metric(page, "test-loss") == edited
    page.get_by_label("Add a neuron to layer 1", exact=True).click()
    settled_page(page)
    assert state_of(page).edit == ()
    # bad entries: a note each, the good ones still applied
    open_route(app, app.base, "#/playground?layers=3&wseed=7&edit=0.1.0:1.5,abc,4.0.0:2")
    settled(app, "playground")
    assert "Edited weights" in page.locator(f"{W} .url-note").inner_text()
    assert "4.0.0" in page.locator("#playground-notice").inner_text()
    assert weight(page, 0, 1, 0) == 1.5


def focused_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def test_the_picture_is_one_tab_stop_with_arrow_keys_over_neurons_and_links(app):
    page = open_pg(app, "layers=3,2")
    stops = page.locator("#playground-network .pg-node[tabindex='0'], #playground-network .pg-link[tabindex='0']")
    assert stops.count() == 1
    # keyboard only: Tab from the top of the widget until the picture's stop has the focus
    page.evaluate("() => { const r = document.getElementById('widget-playground');"
                  " r.setAttribute('tabindex', '-1'); r.focus(); r.removeAttribute('tabindex'); }")
    for _ in range(80):
        page.keyboard.press("Tab")
        if focused_id(page) == "node-0-0":
            break
    assert focused_id(page) == "node-0-0"
    page.keyboard.press("ArrowRight")  # x1 → its first link, to neuron 1 of layer 1
    assert focused_id(page) == "link-0-0-0"
    tip = page.locator("#playground-tip")
    tip.wait_for(state="visible")
    assert tip.inner_text().startswith("Weight from x1 to neuron 1 of layer 1: ")
    assert float(tip.inner_text().split(": ")[1].split(" ")[0]) == pytest.approx(weight(page, 0, 0, 0), rel=1e-5)
    page.keyboard.press("ArrowDown")
    assert focused_id(page) == "link-0-0-1"
    page.keyboard.press("ArrowRight")  # the link → the neuron it feeds
    assert focused_id(page) == "node-1-1"
    page.keyboard.press("ArrowLeft")  # → its first incoming link, from x1
    assert focused_id(page) == "link-0-0-1"
    assert stops.count() == 1 and stops.first.get_attribute("id") == "link-0-0-1"
    # the value is live: a step of training rewrites it while the link keeps the focus
    before = tip.inner_text()
    page.evaluate("() => [...document.querySelectorAll('#widget-playground button')]"
                  ".find(b => b.textContent === 'Step').click()")
    settled_page(page)
    page.wait_for_function("(t) => document.querySelector('#playground-tip').textContent !== t", arg=before)
    assert focused_id(page) == "link-0-0-1"
    assert float(tip.inner_text().split(": ")[1].split(" ")[0]) == pytest.approx(weight(page, 0, 0, 1), rel=1e-5)
    # Enter opens the edit on that weight; typing a value and Enter writes it (and into the link)
    page.keyboard.press("Enter")
    assert focused_id(page) == "playground-ins-w-0"
    page.keyboard.press("Control+a")
    page.keyboard.type("0.75")
    page.keyboard.press("Enter")
    settled_page(page)
    assert weight(page, 0, 0, 1) == 0.75 and state_of(page).edit == ((0, 0, 1, 0.75),)
    # a neuron: Enter opens it; an input: Enter toggles it
    page.locator("#link-0-0-1").focus()
    page.keyboard.press("ArrowLeft")
    assert focused_id(page) == "node-0-0"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert focused_id(page) == "node-0-2"
    page.keyboard.press("Enter")  # x1² on
    settled_page(page)
    assert state_of(page).features == ("x1", "x2", "x1sq") and focused_id(page) == "node-0-2"
