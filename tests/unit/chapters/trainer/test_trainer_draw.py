"""The digit trainer's drawing maths: layout, the edge buckets, hit testing, labels."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnviz.chapters.trainer import draw as td
from nnviz.kit import network_diagram as nd


@pytest.mark.parametrize("hidden", [1, 7, 32])
def test_layout_has_every_connection_between_the_right_neurons(hidden):
    lay = td.layout(hidden)
    assert lay.sizes == (25, hidden, 10) and not lay.sampled
    assert lay.drawn_edges == len(lay.lines) == 25 * hidden + hidden * 10
    assert lay.node_xy[1].shape == (hidden, 2) and lay.node_xy[2].shape == (10, 2)
    for k in range(lay.drawn_edges):
        gap, i, j = lay.edge_key(k)
        assert lay.edge_index(gap, i, j) == k
        start = lay.node_xy[gap][i]
        end = lay.node_xy[gap + 1][j]
        assert np.allclose(lay.lines[k], [*start, *end])
    # the pixel grid is 5×5 squares of side CELL, row by row
    cells = lay.node_xy[0]
    assert lay.squares == (0,) and lay.radius_of(0) * 2 == td.CELL
    assert np.allclose(cells[1] - cells[0], [td.CELL, 0])
    assert np.allclose(cells[5] - cells[0], [0, td.CELL])
    assert np.all(lay.lines[:, [0, 2]] >= 0) and np.all(lay.lines[:, [0, 2]] <= td.WIDTH)
    assert np.all(lay.lines[:, [1, 3]] >= 0) and np.all(lay.lines[:, [1, 3]] <= td.HEIGHT)


def test_edge_order_lines_up_with_the_flattened_weight_matrices():
    lay = td.layout(3)
    W0 = np.arange(75).reshape(25, 3)
    W1 = 1000 + np.arange(30).reshape(3, 10)
    flat = np.concatenate([W0.ravel(), W1.ravel()])
    assert flat[lay.edge_index(0, 7, 2)] == W0[7, 2]
    assert flat[lay.edge_index(1, 2, 9)] == W1[2, 9]
    assert nd.edge_id(0, 7, 2) == "edge-0-7-2"


def brute_distance(line, px, py):
    """Distance from a point to a segment, by sampling the segment densely (independent)."""
    x1, y1, x2, y2 = line
    t = np.linspace(0, 1, 4001)
    return float(np.min(np.hypot(x1 + t * (x2 - x1) - px, y1 + t * (y2 - y1) - py)))


@settings(max_examples=60, deadline=None)
@given(st.floats(0, td.WIDTH), st.floats(0, td.HEIGHT))
def test_nearest_segment_matches_brute_force(px, py):
    lines = td.layout(4).lines
    k, d = nd.nearest_segment(lines, px, py)
    brute = [brute_distance(line, px, py) for line in lines]
    assert d == pytest.approx(min(brute), abs=0.05)
    assert brute[k] == pytest.approx(min(brute), abs=0.05)


def test_hit_finds_neurons_first_then_connections_within_the_slack():
    lay = td.layout(8)
    for layer, n in ((0, 25), (1, 8), (2, 10)):
        for i in range(n):
            assert lay.hit(*lay.node_xy[layer][i]) == ("node", layer, i)
    # a point on the hidden 3 -> output 9 line, a third of the way along, away from the crowd
    k = lay.edge_index(1, 3, 9)
    x1, y1, x2, y2 = lay.lines[k]
    hit = lay.hit(x1 + (x2 - x1) * 0.34, y1 + (y2 - y1) * 0.34)
    assert hit[0] == "edge"
    assert brute_distance(lay.lines[lay.edge_index(*hit[1:])], x1 + (x2 - x1) * 0.34, y1 + (y2 - y1) * 0.34) < 0.05
    assert lay.hit(td.WIDTH - 2, 2) is None  # an empty corner


def test_edge_buckets_split_by_sign_and_strength():
    w = np.array([-10.0, -0.01, 0.0, 0.01, 0.5, 4.0, 100.0])
    b = td.edge_buckets(w)
    assert np.all(b[w < 0] < td.LEVELS) and np.all(b[w >= 0] >= td.LEVELS)
    assert b[0] == td.LEVELS - 1 and b[-1] == 2 * td.LEVELS - 1  # saturated at |w| >= W_REF
    assert b[2] == td.LEVELS and b[1] == 0
    s = td.strength(w)
    assert np.all(np.diff(s[2:]) >= 0) and s[5] == 1.0 and s[2] == 0.0
    styles = td.bucket_styles()
    assert len(styles) == 2 * td.LEVELS
    assert styles[0][0] == "rgb({},{},{})".format(*td.NEG_RGB)
    assert styles[-1][0] == "rgb({},{},{})".format(*td.POS_RGB)
    widths = [w for _, w, _ in styles[: td.LEVELS]]
    opacities = [o for _, _, o in styles[: td.LEVELS]]
    assert widths == sorted(widths) and opacities == sorted(opacities)  # stronger = thicker, darker


def parse_path(d):
    """Segments of an "M x y L x y" path, as rounded tuples."""
    nums = [float(v) for v in re.findall(r"-?\d+\.?\d*", d)]
    return [tuple(nums[i : i + 4]) for i in range(0, len(nums), 4)]


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 12), st.integers(0, 2**32 - 1))
def test_every_connection_is_drawn_exactly_once_in_its_own_bucket(hidden, seed):
    lay = td.layout(hidden)
    w = np.random.default_rng(seed).normal(0, 2, lay.drawn_edges)
    buckets = td.edge_buckets(w)
    paths = nd.bucket_paths(nd.segment_strings(lay.lines), buckets, 2 * td.LEVELS)
    assert len(paths) == 2 * td.LEVELS
    rounded = [tuple(float(f"{v:.0f}") for v in line) for line in lay.lines.tolist()]
    for b, d in enumerate(paths):
        expected = sorted(rounded[k] for k in np.flatnonzero(buckets == b))
        assert sorted(parse_path(d)) == expected


def test_activation_colours_go_from_light_to_dark():
    rgb = td.activation_rgb(np.array([0.0, 0.5, 1.0, -3.0, 7.0]))
    assert rgb.dtype == np.uint8
    assert rgb[0].tolist() == td.WEAK_RGB.astype(int).tolist() == rgb[3].tolist()
    assert rgb[2].tolist() == td.STRONG_RGB.astype(int).tolist() == rgb[4].tolist()
    assert np.all(rgb[0].astype(int) > rgb[1]) and np.all(rgb[1] > rgb[2])


def test_hover_texts_give_exact_values_with_a_true_minus_sign():
    assert td.describe_edge(0, 7, 2, -0.482134) == "w = −0.4821 (input pixel 8 (row 2, column 3) → hidden 3)"
    assert td.describe_edge(1, 0, 9, 1.5) == "w = 1.5000 (hidden 1 → output 9)"
    assert td.describe_node(1, 2, 0.81234, -0.12) == "Hidden 3: activation 0.8123, bias −0.1200"
    assert td.describe_node(0, 0, 1.0).endswith("(black pixel)")
    assert td.signed(-0.00001) == "−0.0000" and td.signed(2.0, 1) == "2.0"
    assert td.describe_node(2, 4, 0.5) == "Output 4: activation 0.5000"
