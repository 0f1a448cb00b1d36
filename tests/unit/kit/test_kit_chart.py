"""The line chart's pure maths: scales, nice ticks, the bounded buffer, hover lookup.

Checked against brute force: every multiple of the step inside the domain, the minimum and
maximum of every bucket of raw samples, the nearest point by exhaustive search.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from nnviz.kit import chart as vc
from nnviz.kit import scale as vs
from nnviz.kit.plot import PlotFrame

finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


# ----- scales and ticks -----------------------------------------------------------------------


def test_linear_scale_maps_and_inverts_including_reversed_ranges():
    s = vs.LinearScale((0.0, 10.0), (40.0, 540.0))
    assert s(5.0) == pytest.approx(290.0)
    assert np.allclose(s([0, 10]), [40, 540])
    y = vs.LinearScale((0.0, 2.0), (200.0, 10.0))  # y axis: bigger values higher up
    assert y(2.0) == pytest.approx(10.0) and y(0.0) == pytest.approx(200.0)
    assert y.invert(105.0) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("span", "count", "step"),
    [(1.0, 5, 0.2), (1000.0, 4, 500.0), (1000.0, 5, 200.0), (2.447, 5, 0.5), (7.0, 6, 2.0), (0.003, 5, 0.001)],
)
def test_nice_step_examples(span, count, step):
    assert vs.nice_step(span, count) == pytest.approx(step)


@settings(max_examples=300)
@given(finite, st.floats(1e-6, 1e6), st.integers(2, 10))
def test_nice_step_is_the_smallest_1_2_5_step_giving_at_most_count_intervals(lo, span, count):
    step = vs.nice_step(span, count)
    mantissa = step / 10 ** math.floor(math.log10(step) + 1e-12)
    assert min(abs(mantissa - m) for m in (1, 2, 5)) < 1e-6
    assert span / step <= count * (1 + 1e-6)
    # the next smaller 1-2-5 step would need more than `count` intervals
    smaller = {1: 0.5, 2: 0.5, 5: 0.4}[round(mantissa)] * step
    assert span / smaller > count * (1 - 1e-6)


@settings(max_examples=300)
@given(finite, st.floats(1e-3, 1e5), st.integers(2, 8))
def test_ticks_are_exactly_the_multiples_of_the_step_in_the_domain(lo, span, count):
    assume(span > 1e-6 * abs(lo))  # an axis spanning 1e-9 of its own magnitude is not a chart
    hi = lo + span
    values = vs.ticks(lo, hi, count)
    step = vs.nice_step(hi - lo, count)  # the axis's own span (lo + span - lo need not be span)
    k0, k1 = math.ceil(lo / step), math.floor(hi / step)
    brute = [k * step for k in range(k0 - 1, k1 + 2) if lo - 1e-9 * step <= k * step <= hi + 1e-9 * step]
    assert np.allclose(values, brute, rtol=0, atol=step * 1e-6)
    assert len(values) <= count + 1


def test_nice_domain_widens_to_tick_multiples_and_handles_degenerate_input():
    assert vs.nice_domain(0.013, 2.46) == pytest.approx((0.0, 2.5))
    assert vs.nice_domain(-0.3, 0.7) == pytest.approx((-0.4, 0.8))
    lo, hi = vs.nice_domain(3.0, 3.0)  # one value: still an interval around it
    assert lo < 3.0 < hi
    assert vs.nice_domain(math.nan, 1.0) == (0.0, 1.0)


@pytest.mark.parametrize(
    ("value", "step", "text"),
    [(0.25, 0.05, "0.25"), (0.0, 0.2, "0.0"), (1.0, 0.5, "1.0"), (1500.0, 500.0, "1,500"), (20000.0, 5000.0, "20k"),
     (0.0, 5000.0, "0"), (2_500_000.0, 500_000.0, "2,500k"), (3_000_000.0, 1_000_000.0, "3M"), (400.0, 100.0, "400"),
     (0.003, 0.001, "0.003"), (-0.4, 0.2, "-0.4")],
)
def test_format_tick(value, step, text):
    assert vs.format_tick(value, step) == text


def test_format_value_is_exact_enough_to_read():
    assert vs.format_value(1234.0) == "1,234"
    assert vs.format_value(0.0123456789) == "0.0123457"
    assert vs.format_value(2.5) == "2.5"


# ----- the bounded buffer -----------------------------------------------------------------


def feed(ys, max_points=16, chunks=None):
    """Build a buffer from samples y_i at x = i, appended one by one or in chunks."""
    buf = vc.SeriesBuffer(max_points)
    xs = np.arange(len(ys), dtype=float)
    if chunks is None:
        for x, y in zip(xs, ys, strict=True):
            buf.append(x, y)
    else:
        i = 0
        for size in chunks:
            buf.extend(xs[i : i + size], ys[i : i + size])
            i += size
        buf.extend(xs[i:], ys[i:])
    return buf


samples = st.lists(st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False), min_size=1, max_size=600)


@settings(max_examples=150)
@given(samples, st.sampled_from([16, 20, 64]))
def test_buffer_is_bounded_keeps_real_samples_first_latest_and_global_extremes(ys, max_points):
    ys = np.array(ys)
    buf = feed(ys, max_points)
    xs_k, ys_k = buf.points()
    assert 1 <= len(xs_k) <= max_points
    assert buf.count == len(ys)
    assert (xs_k[0], ys_k[0]) == (0.0, ys[0])
    assert (xs_k[-1], ys_k[-1]) == (len(ys) - 1.0, ys[-1]) == buf.latest
    assert np.all(np.diff(xs_k) >= 0)
    idx = xs_k.astype(int)
    assert np.array_equal(ys[idx], ys_k), "every kept point is a real sample at its own x"
    assert ys_k.min() == ys.min() and ys_k.max() == ys.max()


@settings(max_examples=150)
@given(samples)
def test_every_closed_bucket_keeps_its_own_min_and_max(ys):
    """Brute force: bucket j of size B covers raw samples 1 + jB … (j + 1)B."""
    ys = np.array(ys)
    buf = feed(ys, 16)
    kept_x, kept_y = buf._x[: buf._n], buf._y[: buf._n]  # the closed buckets (internal view)
    b = buf.bucket
    if b == 1:
        assert np.array_equal(kept_y, ys[1 : 1 + buf._n])
        return
    for j in range(buf._n // 2):
        raw = ys[1 + j * b : 1 + (j + 1) * b]
        pair = kept_y[2 * j : 2 * j + 2]
        assert sorted(pair) == [raw.min(), raw.max()]
        assert np.all((kept_x[2 * j : 2 * j + 2] >= 1 + j * b) & (kept_x[2 * j : 2 * j + 2] < 1 + (j + 1) * b))
    pending = len(ys) - 1 - (buf._n // 2) * b
    assert 0 <= pending < b


@settings(max_examples=100)
@given(samples, st.lists(st.integers(0, 120), max_size=8))
def test_extend_in_any_chunks_equals_appending_one_by_one(ys, chunks):
    ys = np.array(ys)
    one, many = feed(ys, 20), feed(ys, 20, chunks)
    for a, b in zip(one.points(), many.points(), strict=True):
        assert np.array_equal(a, b)
    assert (one.bucket, one.count, one.latest) == (many.bucket, many.count, many.latest)


def _reference_points(buf):
    """points() by brute force from the buffer's parts: first, closed buckets, the open
    bucket's min and max, latest, then every point equal to the one before it dropped."""
    if buf.first is None:
        return [], []
    pts = [buf.first, *zip(buf._x[: buf._n].tolist(), buf._y[: buf._n].tolist(), strict=True)]
    if buf._pending:
        pts += sorted((buf._pmin, buf._pmax))
    pts.append(buf.latest)
    out = [pts[0]] + [p for q, p in itertools.pairwise(pts) if p != q]
    return [p[0] for p in out], [p[1] for p in out]


@settings(max_examples=150)
@given(st.lists(st.sampled_from([0.0, 0.0, 1.0, 2.5, -3.0]), min_size=1, max_size=300))
def test_points_drop_repeats_and_their_settled_start_stays_while_the_epoch_holds(ys):
    """Few distinct values, so buckets of equal samples (a kept point repeated) are common."""
    buf = vc.SeriesBuffer(16)
    before = None
    for i, y in enumerate(ys):
        buf.append(i // 2, y)  # each x twice: whole repeated points happen too
        xs, yv = buf.points()
        rx, ry = _reference_points(buf)
        assert xs.tolist() == rx and yv.tolist() == ry
        assert 1 <= buf.settled <= len(xs)
        if before is not None and before[0] == buf.epoch:
            n = before[1]
            assert xs[:n].tolist() == before[2][:n] and yv[:n].tolist() == before[3][:n]
        before = (buf.epoch, buf.settled, xs.tolist(), yv.tolist())
    epoch = buf.epoch
    buf.clear()
    assert buf.epoch != epoch and buf.points()[0].size == 0 and buf.settled == 0


def test_memory_and_drawn_points_stay_constant_for_a_million_samples():
    rng = np.random.default_rng(0)
    ys = np.exp(-np.arange(1_000_000) / 2e5) + rng.random(1_000_000) * 0.1
    buf = vc.SeriesBuffer(500)
    for start in range(0, len(ys), 997):  # odd chunk size: crosses bucket boundaries
        buf.extend(np.arange(start, min(start + 997, len(ys))), ys[start : start + 997])
    xs_k, ys_k = buf.points()
    assert len(xs_k) <= 500 and buf._x.size <= 500
    assert len(xs_k) >= 250  # after a compaction at least half the capacity is still in use
    assert ys_k.max() == ys.max() and ys_k.min() == ys.min()
    assert ys_k[-1] == ys[-1]


def test_non_finite_points_are_skipped_and_counted():
    buf = vc.SeriesBuffer(16)
    buf.append(0, 1.0)
    buf.append(1, math.nan)
    buf.extend([2, 3, 4], [math.inf, 0.5, 0.25])
    xs, ys = buf.points()
    assert xs.tolist() == [0.0, 3.0, 4.0] and ys.tolist() == [1.0, 0.5, 0.25]
    assert buf.skipped == 2 and buf.count == 3
    buf.clear()
    assert len(buf) == 0 and buf.latest is None and buf.skipped == 0


def test_extend_refuses_mismatched_lengths():
    with pytest.raises(ValueError, match="differ"):
        vc.SeriesBuffer(16).extend([1, 2], [1.0])


# ----- frame and hover ------------------------------------------------------------------------


def test_empty_frame_is_the_unit_square():
    frame = vc.chart_frame(PlotFrame(560, 260), [(np.empty(0), np.empty(0))])
    assert frame.empty
    assert frame.x_scale.domain == (0.0, 1.0) and frame.y_scale.domain == (0.0, 1.0)
    assert frame.y_axis.labels[0] == "0.0" and frame.y_axis.labels[-1] == "1.0"


def test_frame_fits_the_data_to_nice_ticks_with_zero():
    box = PlotFrame(560, 260)
    xs, ys = np.array([1.0, 50.0, 100.0]), np.array([2.3, 0.4, 0.013])
    frame = vc.chart_frame(box, [(xs, ys)], include_zero=True)
    assert frame.x_scale.domain == pytest.approx((0.0, 100.0))
    assert frame.y_scale.domain == pytest.approx((0.0, 2.5))
    assert frame.x_axis.labels == ["0", "20", "40", "60", "80", "100"]
    pts = frame.svg_points(xs, ys)
    x0, y0, x1, y1 = box.plot
    assert pts[0, 0] == pytest.approx(x0 + (x1 - x0) / 100) and pts[-1, 0] == pytest.approx(x1)
    assert np.all((pts[:, 1] >= y0) & (pts[:, 1] <= y1))
    assert frame.y_axis.positions[0] == pytest.approx(y1)  # 0 sits on the x axis
    fixed = vc.chart_frame(box, [(xs, ys)], y_fixed=(0.0, 10.0))
    assert fixed.y_scale.domain == (0.0, 10.0)


@settings(max_examples=200)
@given(st.lists(st.integers(-1000, 1000), min_size=1, max_size=40, unique=True), st.floats(-1200, 1200))
def test_nearest_index_matches_exhaustive_search(values, x):
    xs = np.sort(np.array(values, dtype=float))
    k = vc.nearest_index(xs, x)
    d = np.abs(xs - x)
    assert d[k] == d.min()
    assert k == int(np.flatnonzero(d == d.min())[0])  # ties go to the earlier point
    assert vc.nearest_index(np.empty(0), x) == -1


def test_a_growing_series_changes_the_domains_only_at_tick_steps():
    """While a curve grows from 1 to 1,000 points, the frame needs rebuilding only a few times."""
    buf = vc.SeriesBuffer(64)
    seen = set()
    for i in range(1, 1001):
        buf.append(i, 2.0 / i)
        seen.add(vc.fit_domains([buf.points()], include_zero=True))
    assert len(seen) < 40


def test_pointer_over_a_drawn_point_returns_that_exact_sample():
    buf = feed(np.linspace(3.0, 0.1, 1000) ** 2, 64)
    xs, ys = buf.points()
    frame = vc.chart_frame(PlotFrame(560, 260), [(xs, ys)])
    pts = frame.svg_points(xs, ys)
    for k in (0, 7, len(xs) // 2, len(xs) - 1):
        assert vc.nearest_point(frame, xs, ys, float(pts[k, 0]) + 0.01) == (k, xs[k], ys[k])


def test_a_single_x_starts_the_axis_there_and_a_single_y_sits_in_the_middle():
    # one point at epoch 0 (a chart before training): the x axis runs 0 … 1, not −1 … 1
    (x_lo, x_hi), (y_lo, y_hi) = vc.fit_domains([(np.array([0.0]), np.array([0.7]))])
    assert (x_lo, x_hi) == (0.0, 1.0)
    assert y_lo < 0.7 < y_hi
    # at a later iteration the axis starts at that iteration
    (x_lo, x_hi), _ = vc.fit_domains([(np.array([40.0, 40.0]), np.array([0.2, 0.3]))])
    assert x_lo == 40.0 and x_hi > 40.0
    # two different x values: fitted as usual
    (x_lo, x_hi), _ = vc.fit_domains([(np.array([3.0, 17.0]), np.array([1.0, 2.0]))])
    assert x_lo <= 3.0 and x_hi >= 17.0 and x_hi - x_lo < 30
