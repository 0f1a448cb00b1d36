"""Landscape chapter in Chromium: the net surface draws the network and the loss grid the build
step shipped (dist/data), that grid is what the page's own Python computes from the network, and
the portable build (file://, no network) has them too."""

from __future__ import annotations

import json

from tests.e2e.harness import go, open_portable, settled

R = "landscape"

ARRIVED = """() => nnvizBoot.pyodide.runPython(
  "from nnviz.chapters.landscape.ui import shipped; shipped.shipped_grid() is not None")"""
CHECK = """
import json
import numpy as np
from nnviz.chapters.landscape import surfaces
from nnviz.chapters.landscape.ui import chapter, shipped
g, s = shipped.shipped_grid(), surfaces.get("net")
own = surfaces.sample(s)  # the page computing the grid itself from the shipped network
json.dumps({
    "arrived": g is not None,
    "drawn": chapter._SAMPLED["net"][0] is g,
    "network": s.extra["slice"] is shipped._slice,
    "max_rel": float(np.max(np.abs(own.values - g.values) / g.values)),
    "cells": int(g.values.size),
    "centre": float(g.values[74:76, 74:76].max()),
})
"""


def check(page) -> dict:
    got = json.loads(page.evaluate("(code) => nnvizBoot.pyodide.runPython(code)", CHECK))
    assert got["arrived"] and got["drawn"] and got["network"], got
    assert got["cells"] == 150 * 150
    # float32 losses: the browser's numpy may round a mean of 40 terms an ulp or so differently
    assert got["max_rel"] < 1e-5, got
    assert got["centre"] < 0.01  # the trained weights: loss about 0.004
    assert "A real network" in page.locator("#landscape-map-title").inner_text()
    assert page.locator("#landscape-map-contours").get_attribute("d").startswith("M")
    return got


def test_the_net_surface_draws_the_shipped_grid_and_it_equals_the_pages_own(app):
    fetched: list[str] = []

    def seen(request):
        if "/data/landscape" in request.url:
            fetched.append(request.url)

    app.page.on("request", seen)
    try:
        go(app, f"#/{R}?surface=bowl&opt=sgd", R)
        go(app, "#/explorer", "explorer")  # leave and come back: the files are not fetched again
        go(app, f"#/{R}?surface=bowl&opt=sgd", R)
        settled(app, R)
        app.page.wait_for_function(ARRIVED)  # fetched in the background since the chapter opened
        app.page.locator("#landscape-surface").select_option("net")
        settled(app, R)
        check(app.page)
    finally:
        app.page.remove_listener("request", seen)
    assert len(fetched) == len(set(fetched)) <= 2, fetched  # the manifest and the grid, once a page


def test_a_link_to_the_net_surface_opens_offline_from_file_url_with_the_shipped_files(browser):
    context, w = open_portable(browser, f"#/{R}?surface=net&opt=sgd,adam", R)
    try:
        settled(w, R)
        assert w.page.evaluate("nnvizBoot.loader") == "pyodide-offline"
        check(w.page)  # opened on the net surface: the chapter waited for the grid file
        assert all(u.startswith(("file://", "data:")) for u in w.requests)
        w.assert_clean()
    finally:
        context.close()
