"""The network picture's geometry and the map colours (pure parts of the playground's pictures)."""

from __future__ import annotations

import numpy as np

from nnviz.chapters.playground import colors
from nnviz.chapters.playground import layout as lay
from nnviz.engine import Network


def test_links_follow_the_engines_weight_order():
    active = ("x1", "x2", "sinx1")
    L = lay.layout(active, (4, 2), 1)
    net = Network([3, 4, 2, 1], seed=3)
    assert len(L.links) == 3 * 4 + 4 * 2 + 2 * 1 == len(L.link_ids)
    w = lay.link_weights(net.weights)
    for k, (layer, i, j) in enumerate(L.link_ids):
        assert w[k] == net.weights[layer][i, j]
    # the input links start at the active features' rows (sin x1 is row 5 of the seven)
    _, y_first, _, _ = L.links[2 * 4]  # i = 2 (sin x1), j = 0
    assert y_first == L.columns[0][5][1] + lay.NODE / 2
    # every link ends at its target node's left edge
    layer, i, j = L.link_ids[-1]
    assert L.links[-1][2] == L.columns[layer + 1][j][0]
    widths = lay.link_widths(net.weights)
    np.testing.assert_allclose(widths, np.minimum(0.5 + np.abs(w), 5.0))


def test_layout_sizes_grow_with_the_network():
    small = lay.layout(("x1",), (), 1)
    big = lay.layout(("x1",), (16,) * 6, 5)
    assert len(small.columns) == 2 and len(big.columns) == 8
    assert big.width > small.width and big.height >= lay.HEAD + 16 * lay.PITCH_Y


def test_value_colours_run_orange_light_blue_and_clip():
    rgba = colors.value_rgba(np.array([-5.0, -1.0, 0.0, 1.0, 7.0, np.nan]))
    assert rgba.shape == (6, 4) and (rgba[:, 3] == 255).all()
    assert tuple(rgba[0, :3]) == tuple(rgba[1, :3])  # beyond −1 clips
    assert tuple(rgba[3, :3]) == tuple(rgba[4, :3])
    assert rgba[1, 0] > rgba[1, 2] and rgba[3, 2] > rgba[3, 0]  # orange: red > blue; blue: blue > red
    assert rgba[2, :3].min() > 200  # light in the middle
    assert tuple(rgba[5, :3]) == (200, 200, 200)
    d = colors.value_rgba(np.array([-0.01, 0.01]), discrete=True)
    assert d[0, 0] > d[0, 2] and d[1, 2] > d[1, 0]


def test_class_colours_pale_with_doubt():
    p = np.array([[1.0, 0.0, 0.0], [1 / 3, 1 / 3, 1 / 3], [0.0, 0.2, 0.8], [0.0, 0.6, 0.4]])
    rgba = colors.class_rgba(p)
    green = np.array([0, 0x9E, 0x73])
    white = np.array([246, 247, 248])
    # a sure class-0 place is (nearly) the class colour, a three-way tie is white
    assert np.abs(rgba[0, :3] - (white + 0.9 * (np.array([0xE6, 0x9F, 0x00]) - white))).max() <= 1
    assert np.abs(rgba[1, :3] - white).max() <= 1
    # class 2 at confidence (0.8 − 1/3) / (2/3) = 0.7
    assert np.abs(rgba[2, :3] - (white + 0.9 * 0.7 * (green - white))).max() <= 1
    assert rgba[3, 2] > rgba[3, 0]  # class 1 wins: blue


def test_value_colours_of_a_transposed_grid_match_the_contiguous_ones():
    v = np.linspace(-1.2, 1.2, 3 * 4 * 5, dtype=np.float32).reshape(3, 4, 5)
    t = v.transpose(2, 1, 0)  # not C-contiguous
    assert np.array_equal(colors.value_rgba(t), colors.value_rgba(np.ascontiguousarray(t)))
    assert np.array_equal(colors.value_rgba(t, discrete=True), colors.value_rgba(np.ascontiguousarray(t), discrete=True))
