"""Colour maps and norms: endpoints, interpolation, inverses, ticks and legend stops."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnviz.kit.colormap import (
    DIVERGING,
    NAN_COLOR,
    SEQUENTIAL,
    ColorMap,
    ColorScale,
    Norm,
    label,
    legend_stops,
    nice_step,
    rgb_hex,
)


def test_endpoints_and_midpoints_are_the_anchors():
    cmap = SEQUENTIAL["viridis"]
    out = cmap(np.linspace(0, 1, len(cmap.anchors)))
    assert [rgb_hex(c) for c in out] == list(cmap.anchors)


def test_linear_interpolation_between_two_anchors():
    cmap = ColorMap("test", ("#000000", "#ff8040"))
    assert cmap(0.5).tolist() == [128, 64, 32]  # 127.5, 64, 32 rounded half to even -> 128
    assert cmap(0.25).tolist() == [64, 32, 16]


def test_out_of_range_is_clipped_and_nan_is_grey():
    cmap = SEQUENTIAL["greys"]
    out = cmap(np.array([[-3.0, 7.0], [np.nan, 0.0]]))
    assert out.shape == (2, 2, 3) and out.dtype == np.uint8
    assert out[0, 0].tolist() == [255, 255, 255] and out[0, 1].tolist() == [0, 0, 0]
    assert tuple(out[1, 0]) == NAN_COLOR


def test_diverging_blue_red_matches_app_css_at_the_quarter_points():
    cmap = DIVERGING["blue-red"]
    # anchors every 1/6: t = 1/6 is --neg, 5/6 is --pos, the middle is near white
    assert cmap.hex(1 / 6) == "#2f6fd1" and cmap.hex(5 / 6) == "#d13b3b"
    assert min(cmap(0.5)) > 240


def test_css_gradient_lists_every_anchor_with_its_position():
    g = SEQUENTIAL["blues"].css_gradient()
    assert g.startswith("linear-gradient(to right, #f7fbff 0%")
    assert g.endswith("#08306b 100%)")
    assert g.count("#") == 5


def test_log_norm_maps_decades_evenly():
    norm = Norm(10.0, 10_000.0, log=True)
    assert norm([10, 100, 1000, 10_000]).tolist() == pytest.approx([0, 1 / 3, 2 / 3, 1])


def test_diverging_norm_sends_zero_to_the_middle_even_when_asymmetric():
    norm = Norm(-1.0, 4.0, center=0.0)
    assert norm([-1, 0, 2, 4]).tolist() == pytest.approx([0, 0.5, 0.75, 1])
    assert Norm.diverging(2.0)([-2, 0, 1]).tolist() == pytest.approx([0, 0.5, 0.75])


@given(st.floats(0, 1), st.sampled_from(["lin", "log", "div"]))
def test_inverse_undoes_the_norm(t, kind):
    norm = {"lin": Norm(-3, 5), "log": Norm(0.5, 2e5, log=True), "div": Norm(-1, 9, center=0)}[kind]
    assert float(norm(norm.inverse(t))) == pytest.approx(t, abs=1e-12)


@pytest.mark.parametrize(("args", "kwargs"), [((1, 1), {}), ((2, 1), {}), ((0, 5), {"log": True}),
                                              ((0, 1), {"center": 2}), ((math.nan, 1), {})])
def test_bad_norms_raise(args, kwargs):
    with pytest.raises(ValueError):
        Norm(*args, **kwargs)


def test_log_ticks_are_powers_of_ten_inside_the_range():
    assert Norm(447.3, 827_176, log=True).ticks() == [1000.0, 10_000.0, 100_000.0]


def test_log_ticks_fall_back_to_1_2_5_when_the_range_is_narrow():
    assert Norm(3, 60, log=True).ticks() == [5.0, 10.0, 20.0, 50.0]


def test_linear_ticks_are_round_and_strictly_inside():
    assert Norm(0, 1).ticks(5) == [0.2, 0.4, 0.6, 0.8]
    assert Norm(-0.37, 0.81).ticks(4) == [0.0, 0.5]  # step 0.5: the first of 1, 2, 5 × 10ᵏ ≥ 1.18 / 4
    assert Norm(-0.37, 0.81).ticks(8) == [-0.2, 0.0, 0.2, 0.4, 0.6, 0.8]


@pytest.mark.parametrize(("raw", "step"), [(0.07, 0.1), (130, 200), (1, 1), (3, 5), (0.0021, 0.005), (7, 10)])
def test_nice_step(raw, step):
    assert nice_step(raw) == pytest.approx(step)


@pytest.mark.parametrize(("value", "text"), [(827176.2, "827,176"), (447.29, "447.3"), (0.05, "0.05"),
                                             (1000.0, "1,000"), (0, "0"), (3e9, "3e+09"), (2.0, "2")])
def test_labels(value, text):
    assert label(value) == text


def test_legend_stops_keep_exact_ends_and_drop_ticks_too_close_to_them():
    norm = Norm(447.3, 827_176.0, log=True)
    stops = legend_stops(norm, SEQUENTIAL["viridis"])
    assert stops[0].value == 447.3 and stops[0].t == 0 and stops[0].color == "#440154"
    assert stops[-1].value == 827_176.0 and stops[-1].t == 1 and stops[-1].color == "#fde725"
    # 1,000 sits at t ≈ 0.12 < 0.15 from the low end: dropped so the labels do not collide
    assert [s.label for s in stops] == ["447.3", "10,000", "100,000", "827,176"]
    ts = [s.t for s in stops]
    assert ts == sorted(ts)
    for s in stops[1:-1]:
        assert float(norm(s.value)) == pytest.approx(s.t)


# ----- colour scales ----------------------------------------------------------------------------


def test_a_colour_scale_is_the_map_after_the_norm():
    norm = Norm(447.3, 8.3e5, log=True)
    scale = ColorScale(SEQUENTIAL["viridis"], norm)
    values = np.array([[447.3, 1e4], [8.3e5, np.nan]])
    assert np.array_equal(scale(values), SEQUENTIAL["viridis"](norm(values)))
    assert scale.domain == (447.3, 8.3e5)
    assert scale.hex(447.3) == "#440154" and scale.hex(8.3e5) == "#fde725"
    assert ColorScale.sequential(447.3, 8.3e5, log=True) == scale
    assert ColorScale.diverging(2.0) == ColorScale(DIVERGING["blue-red"], Norm(-2.0, 2.0, center=0.0))


def test_the_colour_bar_axis_puts_ticks_where_the_norm_does():
    scale = ColorScale.sequential(447.3, 8.3e5, log=True)
    axis = scale.axis(300.0)
    assert axis.labels == ["447.3", "10,000", "100,000", "830,000"]  # 1,000 is too close to the end
    span = math.log(8.3e5) - math.log(447.3)
    expected = [0.0, 300 * (math.log(1e4) - math.log(447.3)) / span, 300 * (math.log(1e5) - math.log(447.3)) / span, 300.0]
    assert axis.positions == pytest.approx(expected)
    inner = scale.axis(1.0, ends=False)
    assert inner.values.tolist() == [1e3, 1e4, 1e5]
    linear = ColorScale.sequential(0.0, 1.0).axis(100.0, ends=False)
    assert linear.values == pytest.approx([0.2, 0.4, 0.6, 0.8]) and linear.positions == pytest.approx([20, 40, 60, 80])


def test_the_gradient_runs_through_the_anchors_evenly_whatever_the_norm():
    for scale in (ColorScale.sequential(1.0, 1e6, log=True), ColorScale.diverging(3.0)):
        stops = scale.gradient()
        assert [c for _, c in stops] == list(scale.cmap.anchors)
        assert [o for o, _ in stops] == pytest.approx(np.linspace(0, 1, len(stops)))
        # the colour at a bar position t is the colour of the value the norm sends to t
        for t in (0.0, 0.37, 1.0):
            value = float(scale.norm.inverse(t))
            assert scale.hex(value) == scale.cmap.hex(t)
