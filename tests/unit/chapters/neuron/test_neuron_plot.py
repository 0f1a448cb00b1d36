"""The neuron chapter's plot geometry: frames, polylines, the jump of step, pins, colours."""

from itertools import pairwise

import numpy as np
import pytest

from nnviz.chapters.neuron import plot
from nnviz.kit.colormap import SEQUENTIAL, ColorScale, Norm


def test_curve_frame_maps_z_across_and_y_up():
    f = plot.curve_frame(360, 220, (-1.0, 1.0))
    assert f.to_px(-6, -1) == (f.left, f.bottom)
    assert f.to_px(6, 1) == (f.right, f.top)


def test_polyline_points_and_the_vertical_jump_of_step():
    f = plot.curve_frame(360, 220, (0.0, 1.0))
    zs = np.linspace(-6, 6, 241)
    ys = (zs > 0).astype(float)
    pts = [tuple(map(float, p.split(","))) for p in plot.step_polyline(f, zs, ys).split()]
    x0 = f.x_scale(0.0)
    vertical = [(a, b) for a, b in pairwise(pts) if abs(a[0] - b[0]) < 1e-9 and abs(a[1] - b[1]) > 1]
    assert len(vertical) == 1 and vertical[0][0][0] == pytest.approx(x0, abs=0.06)
    assert len(plot.polyline(f, zs, np.tanh(zs)).split()) == 241


def test_far_values_are_clipped_and_off_plot_z_is_pinned():
    f = plot.curve_frame(360, 220, (0.0, 1.0))
    pts = [tuple(map(float, p.split(","))) for p in plot.polyline(f, np.array([0.0, 1.0]), np.array([1e9, -1e9])).split()]
    assert pts[0][1] == f.top - 40 and pts[1][1] == f.bottom + 40
    assert plot.pinned(f, 9.0) == (f.right, True)
    assert plot.pinned(f, 0.0) == (pytest.approx(f.x_scale(0.0)), False)


def test_colour_table_matches_the_colour_map():
    cmap = SEQUENTIAL["viridis"]
    table = plot.lut(cmap)
    t = np.linspace(-0.2, 1.2, 500)
    diff = np.abs(plot.colour(table, t).astype(int) - cmap(np.clip(t, 0, 1)).astype(int))
    assert diff.max() <= 2  # the nearest of 256 samples


def test_plane_norm_uses_the_range_of_bounded_functions():
    assert plot.plane_norm("sigmoid", np.array([0.4, 0.6])) == Norm(0.0, 1.0)
    assert plot.plane_norm("tanh", np.array([0.0])) == Norm(-1.0, 1.0)
    assert plot.plane_norm("relu", np.array([0.0, 2.5])) == Norm(0.0, 2.5)
    n = plot.plane_norm("relu", np.zeros(4))  # a flat picture still gets a proper scale
    assert n.lo < 0 < n.hi


def test_styles_are_distinct():
    assert len({c for c, _ in plot.STYLE.values()}) == len(plot.STYLE)
    assert plot.edge_width(0) == 1.5 and plot.edge_width(-3) == plot.edge_width(50) == 9.0


def test_pins_agree_with_the_frame_scales():
    f = plot.curve_frame(480, 280, (-1.5, 3.0))
    for z in (-6.0, -1.3, 0.0, 2.2, 6.0):
        assert plot.pinned(f, z)[0] == pytest.approx(float(f.x_scale(z)))
    for y in (-1.5, 0.0, 0.7, 3.0):
        assert plot.pinned_y(f, y) == pytest.approx(float(f.y_scale(y)))
    assert plot.pinned_y(f, 99.0) == pytest.approx(f.top)


@pytest.mark.parametrize(("w1", "w2", "b"), [(0.5, -0.3, 0.0), (1.0, 0.0, 0.5), (0.0, -2.0, 1.0), (-3.0, 2.5, -0.7)])
def test_the_plane_gradient_puts_every_point_of_the_square_at_its_own_z(w1, w2, b):
    # the gradient's colour position t of a point p is the projection (p − A)·(B − A)/|B − A|²;
    # it must equal (z(p) − z_lo)/(z_hi − z_lo) everywhere in the square, corners included
    (ax, ay), (bx, by), z_lo, z_hi = plot.plane_gradient(w1, w2, b, 3.0)
    rng = np.random.default_rng(3)
    points = np.vstack([rng.uniform(-3, 3, (200, 2)), [[-3, -3], [-3, 3], [3, -3], [3, 3]]])
    z = w1 * points[:, 0] + w2 * points[:, 1] + b
    assert z.min() == pytest.approx(z_lo) and z.max() == pytest.approx(z_hi)
    d = np.array([bx - ax, by - ay])
    t = ((points - [ax, ay]) @ d) / (d @ d)
    np.testing.assert_allclose(t, (z - z_lo) / (z_hi - z_lo), atol=1e-12)


def test_the_plane_gradient_with_both_weights_zero_is_flat_at_the_bias():
    assert plot.plane_gradient(0.0, 0.0, 0.4, 3.0) == ((-3.0, 0.0), (3.0, 0.0), 0.4, 0.4)
    assert plot.plane_gradient(1.0, 0.0, 0.5) == ((-3.0, 0.0), (3.0, 0.0), -2.5, 3.5)


@pytest.mark.parametrize("lo, hi", [(0.0, 1.0), (-1.0, 1.0), (0.0, 7.3), (-0.3, 12.9), (-2.81, 0.004), (0.5, 0.5001),
                                    (-250.0, 1730.0)])
def test_bar_labels_are_the_colour_scales_axis(lo, hi):
    norm = Norm(lo, hi)
    axis = ColorScale(SEQUENTIAL["viridis"], norm).axis(1.0)
    labels = plot.bar_labels(norm)
    assert [t for t, _ in labels] == pytest.approx(list(axis.positions), abs=1e-15)
    assert [text for _, text in labels] == [text.replace("-", "−") for text in axis.labels]
    assert labels[0][0] == 0.0 and labels[-1][0] == 1.0
