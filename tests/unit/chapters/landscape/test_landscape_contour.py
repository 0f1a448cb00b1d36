"""Marching squares (nnviz.kit.contour) against closed forms."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.kit.contour import contour_segments, nice_levels, segments_path


def grid(fn, n=101, lo=-1.0, hi=1.0):
    xs = np.linspace(lo, hi, n)
    ys = xs[::-1]
    return fn(xs[None, :], ys[:, None]), xs, ys


@pytest.mark.parametrize("radius", [0.25, 0.5, 0.9])
def test_a_level_of_x2_plus_y2_is_a_circle(radius):
    V, xs, ys = grid(lambda x, y: x * x + y * y, n=100)  # no sample lies exactly on these circles
    seg = contour_segments(V, xs, ys, radius**2)
    r = np.hypot(seg[..., 0], seg[..., 1])
    # linear interpolation of x² between samples h apart errs by at most h²/4 in the value
    h = 2 / 99
    assert np.abs(r - radius).max() < h * h / (4 * radius) + 1e-12
    # segments join end to start into a closed ring: every end appears exactly twice
    ends = np.round(seg.reshape(-1, 2), 9)
    _, counts = np.unique(ends, axis=0, return_counts=True)
    assert (counts == 2).all()
    # and the ring's length approaches the circumference
    length = np.hypot(*(seg[:, 1] - seg[:, 0]).T).sum()
    assert length == pytest.approx(2 * np.pi * radius, rel=2e-3)


def test_the_zero_level_of_a_saddle_is_its_two_diagonals():
    V, xs, ys = grid(lambda x, y: x * x - y * y, n=40)  # even n: no sample on the diagonals' crossing
    seg = contour_segments(V, xs, ys, 0.0)
    assert len(seg) > 0
    np.testing.assert_allclose(np.abs(seg[..., 0]), np.abs(seg[..., 1]), atol=1e-12)


def test_no_line_outside_the_range_and_nan_cells_are_silent():
    V, xs, ys = grid(lambda x, y: x + 0 * y)
    assert contour_segments(V, xs, ys, 5.0).shape == (0, 2, 2)
    V = V.copy()
    V[:, 50] = np.nan
    seg = contour_segments(V, xs, ys, 0.0)  # the level x = 0 runs through the NaN column
    assert len(seg) == 0
    seg = contour_segments(V, xs, ys, 0.5)
    assert np.allclose(seg[..., 0], 0.5)


def test_path_and_levels():
    seg = np.array([[[1.0, 2.0], [3.25, 4.0]], [[0.0, 0.0], [1.0, -1.0]]])
    assert segments_path(seg) == "M1.0 2.0L3.2 4.0M0.0 0.0L1.0 -1.0" or segments_path(seg) == "M1.0 2.0L3.3 4.0M0.0 0.0L1.0 -1.0"
    assert segments_path(np.zeros((0, 2, 2))) == ""
    assert nice_levels(0.0, 50.0, 5) == [10.0, 20.0, 30.0, 40.0]
    assert nice_levels(0.5, 2000.0, 3, log=True) == [1.0, 10.0, 100.0, 1000.0]
    assert nice_levels(1.5, 60.0, 5, log=True) == [2.0, 5.0, 10.0, 20.0, 50.0]
    assert nice_levels(0.005, 115.0, 7, log=True) == pytest.approx([0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100])
