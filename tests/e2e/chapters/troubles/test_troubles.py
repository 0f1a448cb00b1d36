"""Chapter "When training goes wrong" end to end: the vanishing gap and its fix, divergence and
Reset, the overfitting gap that dropout narrows, kept runs overlaid, the monitor's table and
readouts, bad input clamped with notes."""

from __future__ import annotations

import re

from tests.e2e.harness import go, settled

W = "#widget-troubles"
LONG = 180_000


def button(page, name: str):
    return page.locator(W).get_by_role("button", name=name, exact=True)


def grad_norms(page) -> list[float]:
    """The "Per-layer gradients" table's gradient-norm column, first layer first."""
    table = page.get_by_role("table", name="Per-layer gradients")
    cells = table.locator("tbody tr td:nth-child(2)").all_inner_texts()
    return [float(c) for c in cells]


def train_to_the_end(w) -> None:
    """Play, then wait until the run has stopped by itself (epoch limit, early stop, divergence)."""
    page = w.page
    button(page, "Play").click()
    page.wait_for_function("document.querySelector('#troubles-status').textContent !== 'training'"
                           " && document.querySelector('#troubles-status').textContent !== 'ready'", timeout=LONG)
    settled(w, "troubles")


def percent(page, key: str) -> float:
    return float(page.locator(f"#troubles-{key}").inner_text().rstrip(" %")) / 100


def test_vanishing_first_layer_gradient_is_tiny_and_relu_he_narrows_the_gap(app):
    go(app, "#/troubles?experiment=vanishing", "troubles")
    settled(app, "troubles")
    page = app.page
    g = grad_norms(page)
    assert len(g) == 9  # 8 hidden layers + the output layer
    assert g[0] < g[-1] / 100
    vanishing_gap = g[0] / g[-1]
    page.locator("#troubles-act").select_option("relu")
    page.locator("#troubles-init").select_option("he")
    settled(app, "troubles")
    g2 = grad_norms(page)
    assert g2[0] / g2[-1] > 1000 * vanishing_gap
    assert "act=relu" in page.evaluate("location.hash") and "init=he" in page.evaluate("location.hash")
    # the gradient chart draws one line per layer, on a log axis labelled in powers of ten
    lines = page.locator("#troubles-grad-norm-svg polyline.mon-layer")
    assert lines.count() == 9
    ticks = page.locator("#troubles-grad-norm-svg .chart-tick-y").evaluate_all("els => els.map(e => e.textContent)")
    assert any(t.startswith("10") for t in ticks), ticks


def test_exploding_run_diverges_by_itself_reset_recovers_and_clipping_tames_it(app):
    go(app, "#/troubles?experiment=exploding", "troubles")
    settled(app, "troubles")
    page = app.page
    train_to_the_end(app)
    alert = page.locator("#troubles-diverged")
    assert alert.is_visible() and "Clip gradients at" in alert.inner_text()
    assert page.locator("#troubles-status").inner_text() == "diverged"
    assert button(page, "Play").is_disabled()
    alert.get_by_role("button", name="Reset").click()
    settled(app, "troubles")
    assert alert.is_hidden() and page.locator("#troubles-iteration").inner_text() == "0"
    clip = page.get_by_label("Clip gradients at, exact value", exact=True)
    clip.fill("1")
    clip.press("Enter")
    page.get_by_label("Epochs to train", exact=True).fill("10")
    page.get_by_label("Epochs to train", exact=True).press("Enter")
    settled(app, "troubles")
    train_to_the_end(app)
    assert alert.is_hidden()
    assert page.locator("#troubles-status").inner_text().startswith("Trained 10 epochs")
    assert percent(page, "val-acc") > 0.7


def overfit_gap(w, dropout: str) -> float:
    page = w.page
    field = page.get_by_label("Dropout, exact value", exact=True)
    field.fill(dropout)
    field.press("Enter")
    settled(w, "troubles")
    button(page, "Reset").click()
    settled(w, "troubles")
    train_to_the_end(w)
    return percent(page, "train-acc") - percent(page, "val-acc")


def test_overfitting_gap_on_real_digits_and_dropout_narrows_it(app):
    go(app, "#/troubles?experiment=overfitting&epochs=40", "troubles")
    settled(app, "troubles")
    page = app.page
    gap = overfit_gap(app, "0")
    assert percent(page, "train-acc") == 1.0 and gap > 0.2
    # the validation loss rose after its best epoch
    button(page, "Keep this run").click()
    gap_dropout = overfit_gap(app, "0.5")
    assert gap_dropout < gap - 0.02
    # the kept run is listed with its settings, and its validation loss is overlaid, dashed
    kept = page.locator("#troubles-kept li")
    assert kept.count() == 1 and "dropout" not in kept.first.inner_text()
    line = page.locator("#troubles-loss-svg polyline.mon-kept-0")
    assert len((line.get_attribute("points") or "").split()) > 10


def test_keeping_two_runs_overlays_two_curves_and_remove_takes_one_away(app):
    go(app, "#/troubles?experiment=dead-relu&epochs=8", "troubles")
    settled(app, "troubles")
    page = app.page
    train_to_the_end(app)
    dead = page.get_by_role("table", name="Per-layer units").locator("tbody tr td:nth-child(2)").all_inner_texts()
    assert max(float(d.rstrip(" %")) for d in dead) > 50  # lr 3 kills most ReLU units
    button(page, "Keep this run").click()
    lr = page.get_by_label("Learning rate, exact value", exact=True)
    lr.fill("0.3")
    lr.press("Enter")
    train_to_the_end(app)
    button(page, "Keep this run").click()
    settled(app, "troubles")
    for k in (0, 1):
        pts = page.locator(f"#troubles-loss-svg polyline.mon-kept-{k}").get_attribute("points") or ""
        assert len(pts.split()) >= 8, k
        grad = page.locator(f"#troubles-grad-norm-svg polyline.mon-kept-{k}").first.get_attribute("points") or ""
        assert len(grad.split()) >= 2, k
    items = page.locator("#troubles-kept li")
    assert items.count() == 2 and "lr 3" in items.nth(0).inner_text() and "lr 0.3" in items.nth(1).inner_text()
    page.get_by_role("button", name="Remove kept run 1").click()
    settled(app, "troubles")
    assert items.count() == 1 and "lr 0.3" in items.first.inner_text()
    assert (page.locator("#troubles-loss-svg polyline.mon-kept-1").get_attribute("points") or "") == ""


def test_init_zeros_shows_one_distinct_unit_per_layer_and_histograms_read_out(app):
    go(app, "#/troubles?experiment=init", "troubles")
    settled(app, "troubles")
    page = app.page
    distinct = page.get_by_role("table", name="Per-layer units").locator("tbody tr td:nth-child(3)").all_inner_texts()
    assert distinct == ["1"] * 6
    page.locator("#troubles-init").select_option("xavier")
    settled(app, "troubles")
    distinct = page.get_by_role("table", name="Per-layer units").locator("tbody tr td:nth-child(3)").all_inner_texts()
    assert distinct == ["32"] * 6
    # every layer's bars are drawn: one path per layer, one "M…z" sub-path per bar above zero
    for picture in ("#troubles-act-hist-svg", "#troubles-grad-hist-svg"):
        paths = page.locator(f"{picture} path.mon-bar").evaluate_all("els => els.map(e => e.getAttribute('d') || '')")
        assert paths and all(p.count("M") >= 1 and p.endswith("z") for p in paths), (picture, paths)
    hist = page.locator("#troubles-act-hist-svg")
    hist.focus()
    page.keyboard.press("ArrowDown")
    readout = page.locator("#troubles-act-hist-readout").inner_text()
    assert re.match(r"Layer 2: activation .+ to .+: [\d.]+ % of the values", readout), readout
    chart = page.locator("#troubles-grad-norm-svg")
    chart.focus()
    assert "Layer 1" in page.locator("#troubles-grad-norm-readout").inner_text()


def test_step_trains_one_iteration_and_bad_numbers_are_clamped_with_notes(app):
    go(app, "#/troubles?experiment=vanishing", "troubles")
    settled(app, "troubles")
    page = app.page
    button(page, "Step").click()
    settled(app, "troubles")
    assert page.locator("#troubles-iteration").inner_text() == "1"
    depth = page.get_by_label("Hidden layers", exact=True)
    depth.fill("40")
    depth.press("Enter")
    settled(app, "troubles")
    assert "10 is the largest value" in page.locator("#troubles-depth-msg").inner_text()
    assert grad_norms(page) and len(grad_norms(page)) == 11
    lr = page.get_by_label("Learning rate, exact value", exact=True)
    lr.fill("fast")
    lr.press("Enter")
    assert "is not a number" in page.locator("#troubles-lr-msg").inner_text()
    assert "lr=0.5" in page.evaluate("location.hash")


def test_loss_chart_is_redrawn_while_playing_and_shows_the_last_epoch_on_pause(app):
    """While playing, the loss chart is redrawn at a pace of its own (not every frame): it must
    still grow during the run, and after Pause its training line must end at the last epoch."""
    go(app, "#/troubles?experiment=vanishing&act=relu&init=he&epochs=2000", "troubles")
    settled(app, "troubles")
    page = app.page
    line = page.locator("#troubles-loss-svg polyline.mon-train-loss")
    before = line.get_attribute("points") or ""
    button(page, "Play").click()
    # grows while the run is still going (the status says so at the moment it is read)
    page.wait_for_function(
        """(before) => {
             const pts = document.querySelector('#troubles-loss-svg polyline.mon-train-loss').getAttribute('points') || '';
             return pts.trim().split(/\\s+/).length >= 10 && pts !== before
               && document.querySelector('#troubles-status').textContent === 'training';
           }""", arg=before, timeout=LONG)
    button(page, "Pause").click()
    settled(app, "troubles")
    epoch = int(page.locator("#troubles-epoch").inner_text().split(" of ")[0].replace(",", ""))
    assert epoch >= 10
    page.locator("#troubles-loss-svg").focus()  # the text alternative is rewritten on focus…
    summary = page.locator("#troubles-loss-summary").text_content() or ""
    # …from the points drawn: it names the last epoch drawn
    assert re.search(rf"\b{epoch}\b", summary.replace(",", "")), (epoch, summary)
