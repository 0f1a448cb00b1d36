"""kit.describe: the words a screen reader hears for a chart, bars, a heatmap, a network."""

from __future__ import annotations

import numpy as np

from nnviz.kit.describe import (
    bars_summary,
    grid_summary,
    layers_summary,
    line_summary,
    place,
    trend,
)


def test_trend_of_closed_forms():
    x = np.linspace(0, 5, 200)
    assert trend(np.exp(-x)) == "falling"
    assert trend(x**2) == "rising"
    assert trend(np.full(50, 3.0)) == "level"
    # a wiggle under 2 % of the range around a plateau reached long ago is level
    plateau = np.concatenate([np.linspace(10, 1, 100), 1 + 0.001 * np.sin(np.arange(100))])
    assert trend(plateau) == "level"
    assert trend([1.0, 0.0, 0.0, 0.0, 0.0]) == "level"  # settled at exactly 0
    assert trend([1.0]) == "" and trend([]) == ""
    assert trend([2.0, np.nan, 1.0]) == "falling"  # non-finite points are skipped


def test_line_summary_states_latest_value_trend_and_extremes():
    xs = np.arange(1, 9, dtype=float)
    ys = 1.0 / xs  # 1, 0.5, ..., 0.125: falling; 2 of the 7 steps back is x = 6
    text = line_summary("Loss", "Iteration", [("loss", xs, ys)])
    assert text.startswith("Loss: 8 points, iteration 1 to 8.")
    assert "Now 0.125 at iteration 8, falling (0.166667 at iteration 6)." in text
    assert text.endswith("Lowest 0.125, highest 1.")


def test_line_summary_names_each_series_and_skips_empty_ones():
    text = line_summary("Loss", "Epoch", [("train", [0, 1], [2.0, 3.0]), ("test", [], [])])
    assert text == "train: 2 points, epoch 0 to 1. Now 3 at epoch 1, rising (2 at epoch 0)."
    assert line_summary("Loss", "Epoch", [("a", [], [])], empty_text="Nothing yet.") == "Nothing yet."
    flat = line_summary("Rate", "Step", [("r", [0, 1, 2], [1.0, 1.0, 1.0])])
    assert flat == "Rate: 3 points, step 0 to 2. Now 1 at step 2, level (1 at step 1). Every point 1."
    # a kept subset of a longer series (kit.chart.SeriesBuffer) is counted as what it stands for
    assert line_summary("Loss", "Step", [("l", [0, 9], [2.0, 1.0])], counts=[10]).startswith("Loss: 10 points,")


def test_bars_summary_orders_the_largest_first():
    p = [0.01, 0.04, 0.93, 0.02]
    assert bars_summary(["0", "1", "2", "3"], p, lambda v: f"{100 * v:.1f}%") == \
        "Highest: 2 at 93.0%, then 1 at 4.0%, 3 at 2.0%."
    assert bars_summary(["a"], [0.5]) == "Highest: a at 0.5."


def test_grid_summary_places_the_extremes():
    yy, xx = np.mgrid[0:9, 0:9]
    g = (xx - yy).astype(float)  # row 0 on top: highest top right, lowest bottom left
    assert grid_summary(g) == "Values from -8 (bottom left) to 8 (top right)."
    assert grid_summary(g, top_row_first=False) == "Values from -8 (top left) to 8 (bottom right)."
    assert grid_summary(np.full((3, 3), 2.0)) == "Every value 2."
    assert grid_summary(np.full((2, 2), np.nan)) == "No values yet."
    assert place(4, 4, 9, 9) == "centre" and place(0, 4, 9, 9) == "top"


def test_layers_summary():
    assert layers_summary([2, 4, 1]) == "3 layers: 2 inputs, 4 neurons in 1 hidden layer, 1 output."
    assert layers_summary([784, 128, 64, 32, 10]) == \
        "5 layers: 784 inputs, hidden layers of 128, 64, 32 neurons, 10 outputs."
    assert layers_summary([2, 8, 8, 1]) == "4 layers: 2 inputs, 8 neurons in each of 2 hidden layers, 1 output."
    assert layers_summary([3, 1]) == "2 layers: 3 inputs, 1 output."
