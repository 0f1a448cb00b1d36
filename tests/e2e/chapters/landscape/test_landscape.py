"""Landscape chapter in Chromium: the start point drags the paths' origin along; switching an
optimiser on adds its table row, path and chart line; a diverging learning rate stops that
optimiser with an explanation while another keeps going, and the undo restores a working rate."""

from __future__ import annotations

from urllib.parse import parse_qsl

import pytest

from tests.e2e.harness import go, settled

R = "landscape"


def widget(app):
    return app.page.locator(f"#widget-{R}")


def params(app) -> dict[str, str]:
    return dict(parse_qsl(app.page.evaluate("location.hash").partition("?")[2]))


def first_point(app, slot: int) -> tuple[float, float]:
    pts = app.page.locator(f"#landscape-map-path-{slot}").get_attribute("points").split()
    x, y = pts[0].split(",")
    return float(x), float(y)


def handle_centre(app) -> tuple[float, float]:
    t = app.page.locator("#landscape-map-start").get_attribute("transform")
    x, y = t.removeprefix("translate(").removesuffix(")").split()
    return float(x), float(y)


def press(app, name: str, times: int = 1) -> None:
    button = widget(app).get_by_role("button", name=name, exact=True)
    for _ in range(times):
        button.click()
    settled(app, R)


def rows(app) -> list[str]:
    return app.page.locator("#landscape-positions tbody tr th").all_inner_texts()


def test_dragging_the_start_moves_the_paths_origin(app):
    go(app, f"#/{R}?surface=bowl&opt=sgd,adam", R)
    settled(app, R)
    press(app, "Step", 2)
    before = first_point(app, 0)
    assert before == pytest.approx(handle_centre(app), abs=0.2)
    handle = app.page.locator("#landscape-map-start")
    box = handle.bounding_box()
    sx, sy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page = app.page
    page.mouse.move(sx, sy)
    page.mouse.down()
    for k in range(1, 6):
        page.mouse.move(sx + 30 * k, sy + 20 * k)
    page.mouse.up()
    settled(app, R)
    start = params(app)["start"]
    assert start != "auto"
    x, y = (float(v) for v in start.split(","))
    assert x > -4.5 and y < 2.0  # moved right and down from the bowl's default (−4.5, 2)
    press(app, "Step")
    for slot in (0, 5):  # SGD and Adam both start from the new point
        assert first_point(app, slot) == pytest.approx(handle_centre(app), abs=0.2)
        assert first_point(app, slot) != pytest.approx(before, abs=5)
    # the keyboard moves it too: focus the handle, press →
    handle.focus()
    page.keyboard.press("ArrowRight")
    settled(app, R)
    x2, _ = (float(v) for v in params(app)["start"].split(","))
    assert x2 == pytest.approx(x + 0.2, abs=0.01)  # 2 % of the bowl's width of 10
    assert "Start point" in page.locator("#landscape-map-readout").inner_text()


def test_switching_an_optimiser_on_adds_its_row_and_its_line(app):
    go(app, f"#/{R}?surface=rosenbrock&opt=sgd", R)
    settled(app, R)
    assert rows(app) == ["SGD"]
    assert app.page.locator("#landscape-map-path-1").get_attribute("display") == "none"
    widget(app).get_by_role("checkbox", name="Momentum", exact=True).check()
    settled(app, R)
    assert rows(app) == ["SGD", "Momentum"]
    assert params(app)["opt"] == "sgd,momentum"
    press(app, "Step", 3)
    assert app.page.locator("#landscape-map-path-1").get_attribute("display") is None
    assert len(app.page.locator("#landscape-map-path-1").get_attribute("points").split()) == 4  # start + 3 steps
    line = app.page.locator('#landscape-loss .chart-line[data-series="Momentum"]')
    assert len((line.get_attribute("points") or "").split()) >= 2
    cells = app.page.locator('#landscape-positions tr[data-runner="momentum"] td').all_inner_texts()
    assert cells[0] == "3" and cells[-1] == "running"
    widget(app).get_by_role("checkbox", name="SGD", exact=True).uncheck()
    settled(app, R)
    assert rows(app) == ["Momentum"]
    assert app.page.locator("#landscape-map-path-0").get_attribute("display") == "none"


def test_a_diverging_rate_is_explained_and_undone(app):
    go(app, f"#/{R}?surface=bowl&opt=sgd,adam", R)
    settled(app, R)
    box = widget(app).get_by_role("textbox", name="SGD learning rate", exact=True)
    assert box.input_value() == "0.08"
    box.fill("0.5")
    box.press("Enter")
    settled(app, R)
    assert params(app)["sgd_lr"] == "0.5"
    press(app, "Step", 4)
    alert = app.page.locator('.ls-alert-diverged[data-runner="sgd"]')
    alert.wait_for()
    text = alert.inner_text()
    assert "SGD left the map" in text and "learning rate 0.5" in text and "smaller learning rate" in text
    sgd = app.page.locator('#landscape-positions tr[data-runner="sgd"] td').all_inner_texts()
    adam = app.page.locator('#landscape-positions tr[data-runner="adam"] td').all_inner_texts()
    assert sgd[-1] == "diverged" and int(sgd[0]) < 4
    assert adam[-1] == "running" and adam[0] == "4"  # the other optimiser kept going
    press(app, "Step", 2)
    assert app.page.locator('#landscape-positions tr[data-runner="adam"] td').first.inner_text() == "6"
    assert app.page.locator('#landscape-positions tr[data-runner="sgd"] td').first.inner_text() == sgd[0]
    undo = alert.get_by_role("button", name="Undo: SGD learning rate back to 0.08")
    undo.click()
    settled(app, R)
    assert app.page.locator(".ls-alert-diverged").count() == 0
    assert box.input_value() == "0.08" and params(app)["sgd_lr"] == "auto"
    press(app, "Step", 5)
    assert app.page.locator('#landscape-positions tr[data-runner="sgd"] td').all_inner_texts()[-1] == "running"
    assert app.page.locator(".ls-alert-diverged").count() == 0


def test_a_learning_rate_below_zero_is_clamped_with_a_note(app):
    go(app, f"#/{R}?surface=bowl&opt=sgd", R)
    settled(app, R)
    box = widget(app).get_by_role("textbox", name="SGD learning rate", exact=True)
    box.fill("-3")
    box.press("Enter")
    settled(app, R)
    assert app.page.locator("#landscape-sgd-lr-msg").inner_text() == "0.000001 is the smallest value; −3 was set to 0.000001."
    assert params(app)["sgd_lr"] == "1e-06"


def test_the_preset_runs_four_rates_and_explains_the_diverging_one(app):
    go(app, f"#/{R}?surface=bowl&mode=rates", R)
    settled(app, R)
    assert rows(app) == ["SGD lr 0.005 (too small)", "SGD lr 0.05 (good)", "SGD lr 0.095 (too large)",
                         "SGD lr 0.104 (diverging)"]
    press(app, "Step", 8)
    assert "SGD lr 0.104 (diverging) left the map" in app.page.locator(".ls-alert-diverged").inner_text()
    assert app.page.locator('#landscape-positions tr[data-runner="rate-1"] td').first.inner_text() == "8"


def test_switching_surface_redraws_the_map_and_resets_the_rates(app):
    go(app, f"#/{R}?surface=bowl&opt=sgd&sgd_lr=0.01", R)
    settled(app, R)
    before = app.page.locator("#landscape-map-heat").get_attribute("href")
    app.page.locator("#landscape-surface").select_option("net")
    settled(app, R)
    assert app.page.locator("#landscape-map-heat").get_attribute("href") != before
    assert "A real network" in app.page.locator("#landscape-map-title").inner_text()
    p = params(app)
    assert p["surface"] == "net" and p["sgd_lr"] == "auto" and p["start"] == "auto"
    assert app.page.locator("#landscape-map-contours").get_attribute("d").startswith("M")


def test_batches_count_steps_per_epoch(app):
    go(app, f"#/{R}?batch=50", R)
    settled(app, R)
    app.page.locator("#landscape-batches").get_by_role("button", name="Run 1 epoch").click()
    settled(app, R)
    cells = [app.page.locator("#landscape-batch-table tbody tr").nth(k).locator("td").all_inner_texts() for k in range(3)]
    assert [c[0] for c in cells] == ["1", "6", "300"]  # steps per epoch: 300/300, 300/50, 300/1
    assert [c[2] for c in cells] == ["1", "6", "300"]
    assert "A small-batch step is cheap but noisy" in app.page.locator("#landscape-batch-summary").inner_text()
