"""kit.plot: one plot frame (margins, scales, axes from the scales), checked against closed forms."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnviz.kit.plot import Margins, PlotFrame, axis_for
from nnviz.kit.scale import LinearScale

FRAME = PlotFrame(400, 300, x_domain=(0.0, 0.4), y_domain=(0.0, 460.0), margins=Margins(50, 50, 10, 90))


def test_plot_area_and_rect_come_from_the_margins():
    assert FRAME.plot == (50, 10, 350, 210)
    assert FRAME.rect == (50, 10, 300, 200)


def test_corners_map_with_y_up_and_back():
    assert FRAME.to_px(0.0, 0.0) == (50.0, 210.0)
    assert FRAME.to_px(0.4, 460.0) == pytest.approx((350.0, 10.0))
    assert FRAME.from_px(200.0, 110.0) == pytest.approx((0.2, 230.0))
    xs, ys = FRAME.to_px(np.array([0.1, 0.3]), np.array([100.0, 400.0]))
    assert xs == pytest.approx([125.0, 275.0]) and ys == pytest.approx([210 - 100 / 460 * 200, 210 - 400 / 460 * 200])
    assert FRAME.from_px(xs, ys)[0] == pytest.approx([0.1, 0.3])
    assert FRAME.contains(0.4, 0.0) and not FRAME.contains(0.41, 10) and not FRAME.contains(0.1, -1)


@given(st.floats(-1e4, 1e4), st.floats(-1e4, 1e4))
def test_from_px_inverts_to_px(x, y):
    f = PlotFrame(560, 340, x_domain=(-50.0, 3000.0), y_domain=(10.0, 600.0))
    assert f.from_px(*f.to_px(x, y)) == pytest.approx((x, y), abs=1e-6)


def test_axes_are_ticks_of_the_scales_at_their_positions():
    f = PlotFrame(560, 340, x_domain=(0.0, 3000.0), y_domain=(0.0, 600.0), margins=Margins(54, 16, 14, 44),
                  x_ticks=6, y_ticks=6)
    assert f.x_axis.labels == ["0", "500", "1,000", "1,500", "2,000", "2,500", "3,000"]
    assert f.y_axis.values.tolist() == [0, 100, 200, 300, 400, 500, 600]
    assert f.x_axis.positions == pytest.approx(54 + np.arange(7) * (560 - 70) / 6)
    assert f.y_axis.positions[0] == 340 - 44 and f.y_axis.positions[-1] == 14  # 0 at the bottom
    assert FRAME.x_axis.labels == ["0.0", "0.1", "0.2", "0.3", "0.4"]
    assert axis_for(LinearScale((0, 1), (0, 100)), 5).positions == pytest.approx([0, 20, 40, 60, 80, 100])


def test_line_and_vertical_segments():
    f = PlotFrame(560, 340, x_domain=(0.0, 3000.0), y_domain=(0.0, 600.0))
    x1, y1, x2, y2 = f.line(0.18, 30.0)
    assert f.from_px(x1, y1) == pytest.approx((0.0, 30.0))
    assert f.from_px(x2, y2) == pytest.approx((3000.0, 0.18 * 3000 + 30))
    seg = f.segments([1600.0, 2400.0], [329.9, 369.0], [288.0, 432.0])
    assert seg.shape == (2, 4) and np.allclose(seg[:, 0], seg[:, 2])
    assert f.y_scale.invert(seg[:, 1]).tolist() == pytest.approx([329.9, 369.0])
    assert f.y_scale.invert(seg[:, 3]).tolist() == pytest.approx([288.0, 432.0])
    assert f.svg_points([1500.0], [300.0]).tolist() == [list(f.to_px(1500.0, 300.0))]


def test_resized_keeps_domains_and_margins_and_a_new_frame_has_new_axes():
    narrow = FRAME.resized(width=200)
    assert narrow.plot == (50, 10, 150, 210) and narrow.x_domain == FRAME.x_domain and narrow.height == 300
    wider = dataclasses.replace(FRAME, y_domain=(0.0, 1000.0))
    assert wider.y_axis.values.tolist() == [0, 200, 400, 600, 800, 1000]
    assert FRAME.y_axis.values.tolist() == [0, 100, 200, 300, 400]
    assert hash(FRAME) == hash(PlotFrame(400, 300, (0.0, 0.4), (0.0, 460.0), Margins(50, 50, 10, 90)))
