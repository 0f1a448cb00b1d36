"""2-D data sets: determinism, shapes, balance and ranges, and each label rule checked against the
definition written out independently here (angles, radii, signs), at zero noise."""

import math

import numpy as np
import pytest

from nnviz.engine import Adam, Network, Trainer, accuracy
from nnviz.engine.datasets import (
    DATASETS,
    DOMAIN,
    as_targets,
    make_dataset,
    one_hot,
    train_test_split,
)

NAMES = sorted(DATASETS)
PLAYGROUND = {"circle", "xor", "gauss", "spiral", "reg-plane", "reg-gauss"}


def test_registry_lists_the_playground_six_and_the_additions():
    assert {n for n, d in DATASETS.items() if d.playground} == PLAYGROUND
    assert {"moons", "checkerboard", "blobs-3", "blobs-5", "spiral-3", "spiral-5"} <= set(DATASETS)
    for name, d in DATASETS.items():
        assert d.name == name and d.label
        if d.kind == "regression":
            assert d.classes == 0 and d.samples == 1200
        else:
            assert d.kind == "classification" and d.classes >= 2 and d.samples == 500
    assert DATASETS["blobs-4"].classes == 4 and DATASETS["spiral-5"].classes == 5


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("noise", [0, 25, 50])
def test_seeded_shapes_and_determinism(name, noise):
    X, y = make_dataset(name, 301, noise, seed=7)
    X2, y2 = make_dataset(name, 301, noise, seed=7)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    X3, _ = make_dataset(name, 301, noise, seed=8)
    assert not np.array_equal(X, X3)
    assert X.shape == (301, 2) and X.dtype == np.float64 and y.shape == (301,)
    assert np.isfinite(X).all() and np.isfinite(y).all()
    d = DATASETS[name]
    if d.classes:
        assert y.dtype == np.int64 and set(np.unique(y)) <= set(range(d.classes))
    else:
        assert y.dtype == np.float64
    # The Playground's domain: every point within it at zero noise, nearly all at any noise.
    inside = np.all((DOMAIN[0] <= X) & (DOMAIN[1] >= X), axis=1).mean()
    assert inside == 1.0 if noise == 0 else inside > 0.95
    # DataSet rows are callable with the default size
    Xd, _ = d(noise=noise, seed=7)
    assert len(Xd) == d.samples


BALANCED = ["circle", "gauss", "spiral", "moons", "blobs-3", "blobs-4", "blobs-5", "spiral-3",
            "spiral-4", "spiral-5"]  # fmt: skip


@pytest.mark.parametrize("name", BALANCED)
@pytest.mark.parametrize("n", [500, 503])
def test_classes_balanced_to_one_point(name, n):
    # circle's labels depend on noise, so balance holds at zero noise there; others at any noise.
    noise = 0 if name == "circle" else 30
    counts = np.bincount(make_dataset(name, n, noise, seed=1)[1], minlength=DATASETS[name].classes)
    assert counts.sum() == n and counts.max() - counts.min() <= 1


@pytest.mark.parametrize("name", ["xor", "checkerboard"])
def test_uniform_label_sets_are_about_even(name):
    y = make_dataset(name, 4000, 0, seed=2)[1]
    assert abs(y.mean() - 0.5) < 0.05


def test_points_come_shuffled():
    y = make_dataset("spiral", 400, 0, seed=0)[1]
    assert 0 < y[:100].mean() < 1 and 0 < y[-100:].mean() < 1


def test_circle_definition():
    X, y = make_dataset("circle", 2000, 0, seed=3)
    r = np.hypot(X[:, 0], X[:, 1])
    assert np.all((r <= 2.5) | ((r >= 3.5) & (r <= 5)))
    np.testing.assert_array_equal(y, (r < 2.5).astype(int))
    # label noise: at 50 % some labels disagree with the radius, at 0 % none do
    Xn, yn = make_dataset("circle", 2000, 50, seed=3)
    wrong = (yn != (np.hypot(Xn[:, 0], Xn[:, 1]) < 2.5)).mean()
    assert 0.05 < wrong < 0.5


def test_xor_definition():
    X, y = make_dataset("xor", 2000, 0, seed=4)
    assert np.all((np.abs(X) >= 0.3) & (np.abs(X) <= 5.3))
    np.testing.assert_array_equal(y, (np.sign(X[:, 0]) == np.sign(X[:, 1])).astype(int))


@pytest.mark.parametrize("noise", [0, 20, 50])
def test_gauss_definition(noise):
    X, y = make_dataset("gauss", 20000, noise, seed=5)
    variance = 0.5 + 3.5 * (noise / 100) / 0.5  # the Playground's scale: 0 … 0.5 -> 0.5 … 4
    for c, centre in ((1, 2.0), (0, -2.0)):
        pts = X[y == c]
        np.testing.assert_allclose(pts.mean(axis=0), [centre, centre], atol=0.08)
        np.testing.assert_allclose(pts.var(axis=0), [variance, variance], rtol=0.05)


def arm_phase(X):
    """Return (r, t − 1.75·2π·r/5) mod 2π: the arm's turn, for points x = r sin t, y = r cos t."""
    r = np.hypot(X[:, 0], X[:, 1])
    t = np.arctan2(X[:, 0], X[:, 1])
    return r, np.mod(t - 1.75 * 2 * math.pi * r / 5, 2 * math.pi)


def circular_distance(a, b):
    d = np.mod(a - b, 2 * math.pi)
    return np.minimum(d, 2 * math.pi - d)


def test_spiral_definition():
    X, y = make_dataset("spiral", 1000, 0, seed=6)
    r, phase = arm_phase(X)
    assert r.max() < 5
    keep = r > 1e-9  # the first point of each arm sits at the origin
    turn = np.where(y == 1, 0.0, math.pi)
    assert circular_distance(phase, turn)[keep].max() < 1e-9
    # radii are evenly spaced per arm: 0, 5/m, 10/m, …
    m = (y == 1).sum()
    np.testing.assert_allclose(np.sort(r[y == 1]), 5 * np.arange(m) / m, atol=1e-12)


@pytest.mark.parametrize("k", [3, 4, 5])
def test_k_arm_spiral_definition(k):
    X, y = make_dataset(f"spiral-{k}", 600, 0, seed=k)
    r, phase = arm_phase(X)
    keep = r > 1e-9
    assert circular_distance(phase, 2 * math.pi * y / k)[keep].max() < 1e-9


def test_reg_plane_definition():
    X, y = make_dataset("reg-plane", 1200, 0, seed=7)
    np.testing.assert_allclose(y, (X[:, 0] + X[:, 1]) / 10, rtol=1e-15)
    Xn, yn = make_dataset("reg-plane", 1200, 30, seed=7)
    assert np.abs(yn - (Xn[:, 0] + Xn[:, 1]) / 10).max() > 0.1


def test_reg_gauss_definition():
    bumps = [(-4, 2.5, 1), (0, 2.5, -1), (4, 2.5, 1), (-4, -2.5, -1), (0, -2.5, 1), (4, -2.5, -1)]
    X, y = make_dataset("reg-gauss", 1200, 0, seed=8)
    for (px, py), value in zip(X, y, strict=True):
        best = 0.0
        for cx, cy, sign in bumps:
            v = sign * min(max(1 - math.hypot(px - cx, py - cy) / 2, 0.0), 1.0)
            if abs(v) > abs(best):
                best = v
        assert value == pytest.approx(best, abs=1e-12)
    assert y.max() > 0.8 and y.min() < -0.8 and (y == 0).any()


def test_moons_definition():
    X, y = make_dataset("moons", 1000, 0, seed=9)
    u = X / 3.5 + (0.5, 0.25)  # back to the unit half circles
    top, bottom = u[y == 1], u[y == 0]
    np.testing.assert_allclose(np.hypot(*top.T), 1, atol=1e-12)
    assert (top[:, 1] >= -1e-12).all()
    np.testing.assert_allclose(np.hypot(bottom[:, 0] - 1, bottom[:, 1] - 0.5), 1, atol=1e-12)
    assert (bottom[:, 1] <= 0.5 + 1e-12).all()


def test_checkerboard_definition():
    X, y = make_dataset("checkerboard", 3000, 0, seed=10)
    for (px, py), c in zip(X, y, strict=True):
        assert c == (math.floor(px / 3) + math.floor(py / 3) + 1) % 2


@pytest.mark.parametrize("k", [3, 4, 5])
def test_blobs_are_k_separated_gaussians(k):
    X, y = make_dataset(f"blobs-{k}", 3000, 0, seed=k)
    means = np.array([X[y == c].mean(axis=0) for c in range(k)])
    np.testing.assert_allclose(np.hypot(*means.T), 3.5, atol=0.1)
    angles = np.sort(np.mod(np.arctan2(means[:, 1], means[:, 0]), 2 * math.pi))
    np.testing.assert_allclose(np.diff(angles), 2 * math.pi / k, atol=0.05)
    nearest = np.argmin(((X[:, None, :] - means[None]) ** 2).sum(axis=2), axis=1)
    assert (nearest == y).mean() > 0.97


def test_split_is_a_seeded_partition():
    X, y = make_dataset("gauss", 101, 10, seed=0)
    part = train_test_split(X, y, ratio=0.3, seed=4)
    assert len(part.x_train) == len(part.y_train) == 30
    assert len(part.x_test) == len(part.y_test) == 71
    rows = np.concatenate([part.x_train, part.x_test])
    labels = np.concatenate([part.y_train, part.y_test])
    order = np.lexsort(X.T)
    back = np.lexsort(rows.T)
    np.testing.assert_array_equal(rows[back], X[order])
    np.testing.assert_array_equal(labels[back], y[order])
    again = train_test_split(X, y, ratio=0.3, seed=4)
    for a, b in zip(part, again, strict=True):
        np.testing.assert_array_equal(a, b)
    other = train_test_split(X, y, ratio=0.3, seed=5)
    assert not np.array_equal(part.x_train, other.x_train)
    x_tr, _, x_te, y_te = train_test_split(X, y, ratio=1.0)
    assert len(x_tr) == 101 and len(x_te) == 0 and len(y_te) == 0
    assert len(train_test_split(X, as_targets(y, 2), 0.5).y_train[0]) == 1


def test_targets_for_the_network():
    y = np.array([2, 0, 1])
    np.testing.assert_array_equal(one_hot(y, 3), [[0, 0, 1], [1, 0, 0], [0, 1, 0]])
    np.testing.assert_array_equal(as_targets(y, 3), one_hot(y, 3))
    np.testing.assert_array_equal(as_targets([1, 0], 2), [[1.0], [0.0]])
    np.testing.assert_array_equal(as_targets([0.25, -1.0], 0), [[0.25], [-1.0]])
    with pytest.raises(ValueError):
        one_hot([3], 3)
    with pytest.raises(ValueError):
        as_targets([2], 2)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("nope", 10), "unknown data set"),
        (("xor", 0), "number of points"),
        (("xor", True), "number of points"),
        (("xor", 2.5), "number of points"),
        (("xor", 10**12), "at most 1000000 points"),
        (("xor", 10, -1), "noise"),
        (("xor", 10, 101), "noise"),
        (("xor", 10, float("nan")), "noise"),
        (("xor", 10, "5"), "noise"),
    ],
)
def test_bad_arguments_are_explained(args, message):
    with pytest.raises(ValueError, match=message):
        make_dataset(*args)


def test_split_rejects_bad_input():
    X, y = make_dataset("xor", 10)
    with pytest.raises(ValueError, match="rows"):
        train_test_split(X, y[:5])
    with pytest.raises(ValueError, match="ratio"):
        train_test_split(X, y, 1.5)


def test_a_network_learns_the_three_blobs():
    X, y = make_dataset("blobs-3", 300, 0, seed=1)
    part = train_test_split(X, y, 0.5, seed=1)
    net = Network([2, 3], output="softmax", loss="cross_entropy", seed=0)
    Trainer(net, Adam(0.05), part.x_train, as_targets(part.y_train, 3), batch_size=10).run(300)
    assert accuracy(net.forward(part.x_test), as_targets(part.y_test, 3)) > 0.95
