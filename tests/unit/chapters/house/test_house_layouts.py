"""Layouts of the house chapter's pictures: scatter geometry, neuron diagrams, the shape explorer."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.chapters.house.plot import HEAT, SCATTER
from nnviz.chapters.house.shapes import parameter_text, shape_layout
from nnviz.chapters.house.single_neuron import dense_layout, edge_signs, edge_texts
from nnviz.chapters.house.state import COUNTS, SLIDERS
from nnviz.kit.numbers import Checked, check


def test_scatter_line_passes_through_the_prediction_at_both_ends():
    x1, y1, x2, y2 = SCATTER.line(0.18, 30.0)
    assert SCATTER.x_scale.invert(x1) == pytest.approx(0.0) and SCATTER.y_scale.invert(y1) == pytest.approx(30.0)
    assert SCATTER.x_scale.invert(x2) == pytest.approx(3000.0) and SCATTER.y_scale.invert(y2) == pytest.approx(0.18 * 3000 + 30)


def test_error_segments_are_vertical_from_house_to_line():
    seg = SCATTER.segments([1600.0, 2400.0], [329.9, 369.0], [288.0, 432.0])
    assert np.allclose(seg[:, 0], seg[:, 2])
    assert SCATTER.y_scale.invert(seg[:, 1]).tolist() == pytest.approx([329.9, 369.0])
    assert SCATTER.y_scale.invert(seg[:, 3]).tolist() == pytest.approx([288.0, 432.0])


def test_price_axis_grows_upwards_and_ticks_are_round():
    assert SCATTER.y_scale(600.0) < SCATTER.y_scale(0.0)
    assert SCATTER.x_axis.labels == ["0", "500", "1,000", "1,500", "2,000", "2,500", "3,000"]
    assert SCATTER.y_axis.values.tolist() == [0, 100, 200, 300, 400, 500, 600]
    # the heatmap spans exactly the sliders' box: weight 0–0.4, bias 0–460
    assert HEAT.x_domain == (0.0, 0.4) and HEAT.y_domain == (0.0, 460.0)
    assert HEAT.y_axis.values.tolist() == [0, 100, 200, 300, 400]


def test_dense_layout_wires_every_input_and_the_bias_to_every_output():
    lay = dense_layout(2, 2, prefix="p-")
    assert lay.sizes == (3, 2) and lay.bias
    assert [lay.is_bias(0, i) for i in range(3)] == [False, False, True] and not lay.is_bias(1, 1)
    src, dst = lay.edges[0]
    assert list(zip(src.tolist(), dst.tolist(), strict=True)) == [(0, 0), (0, 1), (1, 0), (1, 1), (2, 0), (2, 1)]
    assert lay.edge_ids(0)[-1] == "p-edge-0-2-1"
    for i, j, e in zip(src, dst, lay.edge_lines(0, trim=True), strict=True):
        # each edge starts and ends on the circles' rims
        assert np.hypot(*(e[:2] - lay.node_xy[0][i])) == pytest.approx(lay.radius)
        assert np.hypot(*(e[2:] - lay.node_xy[1][j])) == pytest.approx(lay.radius)


def test_labels_sit_on_their_edges_and_apart():
    lay = dense_layout(2, 2)
    points = lay.label_points(0)
    for i, j, (x, y) in zip(*lay.edges[0], points, strict=True):
        a, b = lay.node_xy[0][i], lay.node_xy[1][j]
        t = (x - a[0]) / (b[0] - a[0])
        assert 0 < t < 1
        assert y == pytest.approx(a[1] + t * (b[1] - a[1]))  # on the line through both centres
    d = np.hypot(*(points[:, None, :] - points[None, :, :]).transpose(2, 0, 1))
    assert d[np.triu_indices(len(d), 1)].min() > 20


def test_edge_texts_and_signs():
    assert edge_texts([0.18], 0.0) == ["×0.180", "+0.000"]
    assert edge_texts([0.1861, -10.0124], 3.5754) == ["×0.186", "×−10.01", "+3.58"]
    assert edge_texts(np.array([[1.5, -0.25]]), np.array([-120.0, 0.05])) == ["×1.50", "×−0.250", "−120.0", "+0.0500"]
    assert edge_signs([0.2, -1.0], 0.0) == ["pos", "neg", "zero"]


@pytest.mark.parametrize(("f", "k"), [(1, 1), (2, 2), (3, 4), (10, 10)])
def test_shape_layout_counts(f, k):
    lay = shape_layout(f, k)
    assert lay.net.sizes == (f, k) and lay.net.total_edges == f * k == lay.net.drawn_edges
    assert lay.outputs.shape == (k, 2)
    assert np.allclose(lay.outputs[:, 1], lay.net.node_xy[1][:, 1])  # each y sits level with its score
    x, y, w, h = lay.box
    assert x > lay.net.node_xy[1][0, 0] and x + w < lay.outputs[0, 0] < lay.width
    assert y < lay.net.node_xy[1][:, 1].min() and y + h > lay.net.node_xy[1][:, 1].max()


def test_shape_layout_refuses_out_of_range():
    with pytest.raises(ValueError):
        shape_layout(0, 2)
    with pytest.raises(ValueError):
        shape_layout(2, 11)


@pytest.mark.parametrize(("text", "reason"), [("", "the field is empty"), ("abc", "is not a number"),
                                              ("2.5", "is not a whole number")])
def test_counters_refuse_with_a_reason(text, reason):
    checked = check(text, COUNTS["features"], 4)
    assert checked.refused and checked.value is None
    assert reason in checked.message and checked.message.endswith("Features stays 4.")


@pytest.mark.parametrize(("text", "value", "message"), [(" 7 ", 7, ""), ("3.0", 3, ""),
                                                         ("0", 1, "1 is the smallest value; 0 was set to 1."),
                                                         ("11", 10, "10 is the largest value; 11 was set to 10."),
                                                         ("-3", 1, "1 is the smallest value; −3 was set to 1.")])
def test_counters_clamp_with_the_reason(text, value, message):
    assert check(text, COUNTS["classes"], 2) == Checked(value, message, False)


def test_sliders_clamp_typed_values_to_their_range():
    spec = SLIDERS["w"].number
    assert (spec.lo, spec.hi, spec.slider_range, spec.label) == (0.0, 0.4, (0.0, 0.4), "Weight")
    assert check("0.5", spec, 0.18) == Checked(0.4, "0.4 is the largest value; 0.5 was set to 0.4.", False)
    assert check("0.0585", spec, 0.18) == Checked(0.0585, "", False)


def test_parameter_text():
    assert parameter_text(3, 4) == "3 × 4 weights + 4 biases = 16 parameters"
    assert parameter_text(1, 1) == "1 × 1 weights + 1 bias = 2 parameters"
