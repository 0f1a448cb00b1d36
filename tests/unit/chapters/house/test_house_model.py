"""The house chapter's regression numbers, checked against independent references.

The references below are written from the formulas, not from the code under test: the
least-squares line from the 2 × 2 normal equations (Cramer's rule), gradient descent as a
plain loop in scaled coordinates, the gradient by central differences.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnviz.chapters.house.data import ONE, TWO
from nnviz.chapters.house.model import (
    ONE_DESCENT,
    TARGET,
    TWO_DESCENT,
    History,
    curvature,
    encouragement,
    error_table,
    fmt_error,
    gradient,
    least_squares,
    level_set,
    mse,
    surface,
    thin,
)

X1, Y1 = ONE.X[:, 0], ONE.y


def reference_line():
    """Least squares for y ≈ w x + b: solve [[Σx², Σx], [Σx, N]] [w, b] = [Σxy, Σy] by Cramer's rule."""
    a, b_, c, d = float((X1 * X1).sum()), float(X1.sum()), float(X1.sum()), float(len(X1))
    e, f = float((X1 * Y1).sum()), float(Y1.sum())
    det = a * d - b_ * c
    return (e * d - b_ * f) / det, (a * f - e * c) / det


def test_the_worked_example_weight_018_bias_0():
    t = error_table(ONE.X, ONE.y, [0.18], 0.0)
    assert np.round(t.predictions).tolist() == [379, 288, 432]
    assert np.round(t.diffs).tolist() == [21, 42, -63]
    assert np.round(t.squares).tolist() == [449, 1756, 3969]
    assert t.mse == pytest.approx((21.18**2 + 41.9**2 + 63.0**2) / 3)
    assert fmt_error(t.mse) == "2,058"


def test_least_squares_matches_the_normal_equations():
    w, b = reference_line()
    fit = least_squares(ONE.X, ONE.y)
    assert fit.w[0] == pytest.approx(w, rel=1e-10) and fit.b == pytest.approx(b, rel=1e-10)
    assert fit.mse == pytest.approx(mse(ONE.X, ONE.y, [w], b))
    assert fit.mse < TARGET  # the challenge can be met
    # and no nearby point does better
    for dw, db in [(1e-4, 0), (-1e-4, 0), (0, 0.1), (0, -0.1), (1e-4, -0.2)]:
        assert mse(ONE.X, ONE.y, [w + dw], b + db) > fit.mse


def test_two_input_least_squares_solves_the_normal_equations():
    fit = least_squares(TWO.X, TWO.y)
    A = np.column_stack([TWO.X, np.ones(TWO.n)])
    coef = np.append(fit.w, fit.b)
    assert np.allclose(A.T @ (A @ coef - TWO.y), 0, atol=1e-6)  # residual orthogonal to the columns


def test_surface_equals_the_mean_of_squares_on_a_grid():
    f = surface(ONE.X, ONE.y)
    W, B = np.meshgrid(np.linspace(0, 0.4, 7), np.linspace(0, 460, 5))
    direct = np.array([[np.mean((w * X1 + b - Y1) ** 2) for w, b in zip(rw, rb, strict=True)]
                       for rw, rb in zip(W, B, strict=True)])
    assert np.allclose(f(W, B), direct, rtol=1e-12)


def test_the_799_contour_lies_on_the_error_799():
    ring = level_set(ONE.X, ONE.y, TARGET)
    assert ring.shape == (240, 2)
    errors = [mse(ONE.X, ONE.y, [w], b) for w, b in ring]
    assert np.allclose(errors, TARGET, rtol=1e-6)
    assert level_set(ONE.X, ONE.y, 100.0).shape == (0, 2)  # no line is that good


def test_gradient_matches_central_differences():
    w, b, h = 0.123, 45.6, 1e-6
    gw, gb = gradient(ONE.X, ONE.y, [w], b)
    num_w = (mse(ONE.X, ONE.y, [w + h], b) - mse(ONE.X, ONE.y, [w - h], b)) / (2 * h)
    num_b = (mse(ONE.X, ONE.y, [w], b + 1e-3) - mse(ONE.X, ONE.y, [w], b - 1e-3)) / 2e-3
    assert gw[0] == pytest.approx(num_w, rel=1e-5) and gb == pytest.approx(num_b, rel=1e-6)


def reference_descent(w, b, lr, steps, scale=1000.0):
    """Plain gradient descent on the MSE of ŷ = v·(x/scale) + b, reported in original units w = v/scale."""
    xs = X1 / scale
    v = w * scale
    for _ in range(steps):
        r = v * xs + b - Y1
        v, b = v - lr * 2 * np.mean(r * xs), b - lr * 2 * np.mean(r)
    return v / scale, b


def test_descent_run_equals_a_hand_written_loop():
    run = ONE_DESCENT.run(ONE.X, ONE.y, [0.18], 0.0, 37)
    w, b = reference_descent(0.18, 0.0, ONE_DESCENT.lr, 37)
    assert run.w[-1, 0] == pytest.approx(w, rel=1e-12) and run.b[-1] == pytest.approx(b, rel=1e-12)
    assert run.errors[-1] == pytest.approx(mse(ONE.X, ONE.y, [w], b))
    assert len(run.errors) == 37 and not run.diverged


def test_every_100_step_press_lowers_the_error_and_beats_799_within_ten():
    w, b = np.array([0.18]), 0.0
    error = mse(ONE.X, ONE.y, w, b)
    assert round(error) == 2058
    below_at = None
    for press in range(1, 11):
        run = ONE_DESCENT.run(ONE.X, ONE.y, w, b, 100)
        assert run.errors[-1] < error, f"press {press} did not lower the error"
        assert np.all(np.diff(run.errors) < 0)  # every single step lowers it too
        w, b, error = run.w[-1], run.b[-1], run.errors[-1]
        if below_at is None and error < TARGET:
            below_at = press
    assert below_at is not None and below_at <= 10
    assert below_at > 1  # ... but not instantly: the presses visibly help
    fit = least_squares(ONE.X, ONE.y)
    assert error - fit.mse < 1.0


def test_one_input_descent_converges_to_least_squares_from_the_sliders_corners():
    fit = least_squares(ONE.X, ONE.y)
    for w0 in (0.0, 0.4):
        for b0 in (0.0, 460.0):
            run = ONE_DESCENT.run(ONE.X, ONE.y, [w0], b0, 4000)
            assert run.w[-1, 0] == pytest.approx(fit.w[0], rel=1e-6)
            assert run.b[-1] == pytest.approx(fit.b, rel=1e-6)


def test_two_input_descent_lowers_the_error_each_press_and_converges():
    fit = least_squares(TWO.X, TWO.y)
    w, b = np.array([0.1, 20.0]), 0.0
    error = mse(TWO.X, TWO.y, w, b)
    for _ in range(10):
        run = TWO_DESCENT.run(TWO.X, TWO.y, w, b, 100)
        assert run.errors[-1] < error
        w, b, error = run.w[-1], run.b[-1], run.errors[-1]
    run = TWO_DESCENT.run(TWO.X, TWO.y, w, b, 8000)
    assert np.allclose(run.w[-1], fit.w, rtol=1e-5) and run.b[-1] == pytest.approx(fit.b, rel=1e-4)


def test_scaling_is_what_makes_the_learning_rate_workable():
    lo_raw, hi_raw = curvature(ONE.X, (1.0,))
    lo, hi = curvature(ONE.X, ONE_DESCENT.scale)
    assert hi_raw / lo_raw > 1e8  # square feet: a hopeless valley
    assert hi / lo < 300  # thousands of square feet: a workable one
    assert ONE_DESCENT.lr < 2 / hi  # the chosen rate is stable
    _, hi2 = curvature(TWO.X, TWO_DESCENT.scale)
    assert TWO_DESCENT.lr < 2 / hi2


def test_a_too_large_learning_rate_is_reported_not_hidden():
    from nnviz.chapters.house.model import Descent

    run = Descent((1.0,), 1.0).run(ONE.X, ONE.y, [0.18], 0.0, 2000)
    assert run.diverged and run.reason
    assert len(run.errors) < 2000 and np.isfinite(run.errors).all()


def test_history_is_bounded_and_counts_what_it_dropped():
    hist = History(1, limit=5)
    hist.reset([0.1], 2.0, 10.0)
    hist.add(np.arange(7).reshape(7, 1), np.arange(7), np.arange(7) * 1.0)
    assert len(hist) == 5 and hist.first_index == 3
    assert hist.points[:, 0].tolist() == [2, 3, 4, 5, 6]
    w, b, e = hist.last
    assert (w.tolist(), b, e) == ([6.0], 6.0, 6.0)


@settings(max_examples=50)
@given(st.integers(1, 3000), st.integers(2, 500))
def test_thin_keeps_the_ends_and_the_limit(n, limit):
    pts = np.arange(n * 2, dtype=float).reshape(n, 2)
    out = thin(pts, limit)
    assert len(out) <= max(limit, 2) or len(out) == n
    assert np.array_equal(out[0], pts[0]) and np.array_equal(out[-1], pts[-1])
    assert np.all(np.diff(out[:, 0]) > 0)


def test_encouragement_tones_and_hint():
    best = least_squares(ONE.X, ONE.y).mse
    g = gradient(ONE.X, ONE.y, [0.18], 0.0)
    text, tone = encouragement(2057.7, best, g, (0.4, 460.0), ("Weight", "Bias"))
    assert tone == "far" and "below 799" in text and "lower weight" in text
    assert encouragement(900.0, best)[1] == "close"
    text, tone = encouragement(700.0, best)
    assert tone == "good" and "447" in text
    assert encouragement(best + 0.1, best)[1] == "best"
