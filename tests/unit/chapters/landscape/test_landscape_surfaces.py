"""Every surface's gradient against central differences; the house surface's minimum against
least squares; the network slice against the engine's own network."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.chapters.landscape import data, surfaces
from nnviz.chapters.landscape.netslice import NetSlice, train_network
from nnviz.engine import Network


def points_in(s, n=6, seed=0):
    rng = np.random.default_rng(seed)
    (x0, x1), (y0, y1) = s.x_range, s.y_range
    return zip(rng.uniform(x0, x1, n), rng.uniform(y0, y1, n), strict=True)


def net_loss64(sl, a, b):
    """The slice's loss through a float64 engine network (a reference independent of NetSlice.loss)."""
    net = Network([2, 4, 1], hidden="tanh", output="sigmoid", loss="bce", dtype="float64")
    W1, b1, W2, b2 = sl.parameters(a, b)
    net.weights[0][...], net.biases[0][...], net.weights[1][...], net.biases[1][...] = W1, b1, W2, b2
    net.parameters_changed()
    return net.evaluate(sl.X, sl.Y[:, None])


@pytest.mark.parametrize("name", surfaces.NAMES)
def test_gradient_matches_finite_differences(name):
    s = surfaces.get(name)
    value = s.value
    if name == "net":  # the grid loss is float32 (as the engine's network); differentiate in float64
        sl = s.extra["slice"]
        value = lambda a, b: net_loss64(sl, a, b)  # noqa: E731
    hx = 1e-6 * (s.x_range[1] - s.x_range[0])
    hy = 1e-6 * (s.y_range[1] - s.y_range[0])
    for x, y in points_in(s):
        gx, gy = s.grad(x, y)
        fx = (value(x + hx, y) - value(x - hx, y)) / (2 * hx)
        fy = (value(x, y + hy) - value(x, y - hy)) / (2 * hy)
        tol = 1e-5
        scale = max(1.0, abs(gx), abs(gy))
        assert abs(gx - fx) <= tol * scale, (x, y, gx, fx)
        assert abs(gy - fy) <= tol * scale, (x, y, gy, fy)


@pytest.mark.parametrize("name", surfaces.NAMES)
def test_vectorised_values_equal_pointwise_ones(name):
    s = surfaces.get(name)
    pts = list(points_in(s, 5, seed=1))
    X = np.array([[p[0] for p in pts]])
    Y = np.array([[p[1] for p in pts]])
    grid = s.f(X, Y)
    assert grid.shape == (1, 5)
    for k, (x, y) in enumerate(pts):
        # the grids of the data surfaces are float32 (as the engine's networks), the points float64
        assert grid[0, k] == pytest.approx(s.value(x, y), rel=1e-5 if name in ("logistic", "net") else 1e-12)


def test_house_minimum_is_the_least_squares_fit():
    s = surfaces.get("house")
    pts = data.houses()
    A = np.column_stack([pts.x, np.ones_like(pts.x)])
    (w, b), *_ = np.linalg.lstsq(A, pts.y, rcond=None)
    assert s.minima[0] == pytest.approx((w, b), rel=1e-9)
    assert s.grad(w, b) == pytest.approx((0.0, 0.0), abs=1e-8)
    best = s.value(w, b)
    assert best == pytest.approx(np.mean((w * pts.x + b - pts.y) ** 2), rel=1e-9)
    for dw, db in ((1, 0), (-1, 0), (0, 1), (0, -1), (0.5, -2)):
        assert s.value(w + dw, b + db) > best
    # and nowhere on a fine grid over the map is the loss lower than at the fit
    X, Y = np.meshgrid(np.linspace(*s.x_range, 301), np.linspace(*s.y_range, 501))
    assert s.f(X, Y).min() >= best - 1e-9


def test_every_start_lies_in_its_box_and_every_minimum_too():
    for name in surfaces.NAMES:
        s = surfaces.get(name)
        assert s.contains(*s.start), name
        for m in s.minima:
            assert s.contains(*m), name
        assert (s.x_range, s.y_range) == surfaces.BOXES[name]


def test_himmelblau_minima_are_zeros():
    s = surfaces.get("himmelblau")
    for m in s.minima:
        assert s.value(*m) == pytest.approx(0.0, abs=1e-9)


def test_net_slice_is_the_engines_network_moved_along_the_directions():
    sl = NetSlice.build()
    net, X, Y = train_network()
    assert sl.accuracy >= 0.95
    assert float(sl.loss(0.0, 0.0)) == pytest.approx(net.evaluate(X, Y), rel=1e-4)
    moved = Network([2, 4, 1], hidden="tanh", output="sigmoid", loss="bce", dtype="float64")
    for a, b in ((0.3, -0.2), (-0.7, 0.5), (1.0, 1.0)):
        W1, b1, W2, b2 = sl.parameters(a, b)
        moved.weights[0][...], moved.biases[0][...] = W1, b1
        moved.weights[1][...], moved.biases[1][...] = W2, b2
        moved.parameters_changed()
        assert float(sl.loss(a, b)) == pytest.approx(moved.evaluate(X.astype(np.float64), Y.astype(np.float64)), rel=1e-4)


def test_net_directions_are_filter_normalised_and_skip_biases():
    sl = NetSlice.build()
    for D, W in ((sl.D1, sl.W1), (sl.E1, sl.W1)):
        np.testing.assert_allclose(np.linalg.norm(D, axis=0), np.linalg.norm(W, axis=0), rtol=1e-12)
    for d in (sl.d2, sl.e2):  # the output neuron's incoming weights: one filter
        assert np.linalg.norm(d) == pytest.approx(np.linalg.norm(sl.w2), rel=1e-12)
    _, b1, _, b2 = sl.parameters(0.5, -0.5)
    np.testing.assert_array_equal(b1, sl.b1)
    assert b2[0] == sl.b2


def test_training_in_idle_slices_gives_the_same_network_as_in_one_go():
    """The net surface's network may be trained ahead in idle slices: a slice stops when its time
    is up (after at least one step), and the slices together give exactly the one-go result."""
    from nnviz.chapters.landscape.netslice import TRAIN_STEPS, Training

    whole, _, _ = train_network()
    sliced, slices = Training(), 0
    while sliced.run(0.0):  # a zero-second slice still makes one step
        slices += 1
    assert sliced.done and sliced.steps == TRAIN_STEPS and slices == TRAIN_STEPS - 1
    for a, b in zip(whole.weights + whole.biases, sliced.net.weights + sliced.net.biases, strict=True):
        np.testing.assert_array_equal(a, b)
    assert not sliced.run()  # nothing left
