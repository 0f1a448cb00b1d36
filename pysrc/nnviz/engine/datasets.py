"""Seeded 2-D data sets: TensorFlow Playground's six, and five more for multi-class problems.

    X, y = make_dataset("spiral", 500, noise=10, seed=3)   # X (500, 2) in about [-6, 6]², y (500,)
    part = train_test_split(X, y, ratio=0.5, seed=3)        # part.x_train (250, 2), part.y_test …
    Y = as_targets(y, DATASETS["spiral"].classes)           # (500, 1) 0/1 floats for a sigmoid output

``noise`` is a percentage as on the Playground's slider (0 … 50; up to 100 accepted), used as the
fraction s = noise / 100. Labels are class numbers 0 … K − 1 (the Playground's +1 is class 1, its
−1 class 0) or, for regression, floats in about [−1, 1]. The same (name, n, noise, seed) always
gives the same arrays (numpy Generator, seeded); points come in shuffled order.

The Playground's definitions, written out (they are re-implemented here, not copied):

  circle      half the points at radius U(0, 2.5), half at U(3.5, 5), uniform angle; class 1 when
              the point moved by s·(u, v), u, v ~ U(−5, 5), lies within 2.5 of the origin (so
              noise flips labels near the gap; the points themselves do not move)
  xor         x, y ~ U(−5, 5) pushed 0.3 away from the axes; class 1 when (x + s·u)(y + s·v) ≥ 0,
              u, v ~ U(−5, 5)
  gauss       two Gaussians at (2, 2) (class 1) and (−2, −2) (class 0), variance 0.5 + 7s
  spiral      two arms, point i of m at radius r = 5i/m and angle t = 3.5πi/m (+ π for class 0),
              x = r sin t, y = r cos t, moved by s·(u, v), u, v ~ U(−1, 1)
  reg-plane   x, y ~ U(−6, 6); target (x + y) / 10, taken at the point moved by s·(u, v),
              u, v ~ U(−6, 6)
  reg-gauss   x, y ~ U(−6, 6); target ±max(0, 1 − d/2) of the strongest of six bumps at
              (−4|0|4, ±2.5) with alternating signs, taken at the point moved as in reg-plane

Added here (same domain and noise scale):

  moons        two interleaved half circles, scaled by 3.5 and centred; Gaussian jitter, sd 2s
  checkerboard x, y ~ U(−6, 6); 4 × 4 squares of side 3, class by square parity, label noise as xor
  blobs-K      K Gaussians (K = 3, 4, 5) evenly spaced on a circle of radius 3.5, variance 0.2 + 2s
  spiral-K     K spiral arms (K = 3, 4, 5) as in spiral, arm k turned by 2πk/K, class k

Classes are balanced to within one point where the definition draws points per class (circle,
gauss, spiral, moons, blobs, spiral-K); xor and checkerboard label uniform points, so their balance
is only about even. Left out on purpose: the Playground's derived features (x², sin x, …), which
belong to the model's input, not to the data.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

DOMAIN = (-6.0, 6.0)
KINDS = ("classification", "regression")
MAX_NOISE = 100
MAX_POINTS = 1_000_000  # a link asking for more gets a ValueError, not a frozen tab


@dataclass(frozen=True)
class DataSet:
    """One registry row: how to make the data set and what problem it poses."""

    name: str
    label: str
    kind: str  # "classification" or "regression"
    classes: int  # K for classification, 0 for regression
    make: Callable[[int, float, np.random.Generator], tuple[np.ndarray, np.ndarray]]
    samples: int  # the Playground's default size: 500 to classify, 1200 to regress
    playground: bool  # one of TF Playground's six

    def __call__(self, n: int | None = None, noise: float = 0, seed: int | None = 0):
        """Return (X, y) for n points (default ``samples``); see make_dataset."""
        return make_dataset(self.name, self.samples if n is None else n, noise, seed)


class Split(NamedTuple):
    """A train/test split: x_train (n_train, 2), y_train (n_train,), x_test, y_test."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray


def _counts(n: int, k: int) -> list[int]:
    """Split n points over k classes as evenly as possible: (5, 2) -> [3, 2]."""
    return [n // k + (c < n % k) for c in range(k)]


def _labelled(parts) -> tuple[np.ndarray, np.ndarray]:
    """Stack [(points (m, 2), class), …] into X (n, 2) and int labels y (n,)."""
    X = np.concatenate([p for p, _ in parts])
    y = np.concatenate([np.full(len(p), c, dtype=np.int64) for p, c in parts])
    return X, y


def _polar(r, t) -> np.ndarray:
    return np.column_stack([r * np.sin(t), r * np.cos(t)])


def _circle(n, s, rng):
    radius = 5.0
    inner, outer = _counts(n, 2)
    points = []
    for m, lo, hi in ((inner, 0.0, 0.5 * radius), (outer, 0.7 * radius, radius)):
        points.append(_polar(rng.uniform(lo, hi, m), rng.uniform(0, 2 * math.pi, m)))
    X = np.concatenate(points)
    moved = X + rng.uniform(-radius, radius, X.shape) * s
    y = (np.hypot(moved[:, 0], moved[:, 1]) < 0.5 * radius).astype(np.int64)
    return X, y


def _xor(n, s, rng):
    X = rng.uniform(-5, 5, (n, 2))
    X += np.where(X > 0, 0.3, -0.3)
    moved = X + rng.uniform(-5, 5, X.shape) * s
    return X, (moved[:, 0] * moved[:, 1] >= 0).astype(np.int64)


def _gauss(n, s, rng):
    sd = math.sqrt(0.5 + 7.0 * s)
    one, zero = _counts(n, 2)
    return _labelled(
        [(rng.normal((2, 2), sd, (one, 2)), 1), (rng.normal((-2, -2), sd, (zero, 2)), 0)]
    )


def _arms(n, s, rng, turns: list[float], classes: list[int]):
    parts = []
    for m, turn, c in zip(_counts(n, len(turns)), turns, classes, strict=True):
        i = np.arange(m)
        r = 5.0 * i / max(m, 1)
        t = 1.75 * 2 * math.pi * i / max(m, 1) + turn
        parts.append((_polar(r, t) + rng.uniform(-1, 1, (m, 2)) * s, c))
    return _labelled(parts)


def _spiral(n, s, rng):
    return _arms(n, s, rng, [0.0, math.pi], [1, 0])


def _k_spiral(k):
    def make(n, s, rng):
        return _arms(n, s, rng, [2 * math.pi * c / k for c in range(k)], list(range(k)))

    return make


def _reg_plane(n, s, rng):
    X = rng.uniform(-6, 6, (n, 2))
    moved = X + rng.uniform(-6, 6, X.shape) * s
    return X, (moved[:, 0] + moved[:, 1]) / 10.0


_BUMPS = np.array([[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1], [-4, -2.5, -1], [0, -2.5, 1],
                   [4, -2.5, -1]])  # fmt: skip


def _reg_gauss(n, s, rng):
    X = rng.uniform(-6, 6, (n, 2))
    moved = X + rng.uniform(-6, 6, X.shape) * s
    d = np.hypot(moved[:, :1] - _BUMPS[:, 0], moved[:, 1:] - _BUMPS[:, 1])  # (n, 6)
    values = _BUMPS[:, 2] * np.clip(1 - d / 2, 0, 1)
    strongest = np.argmax(np.abs(values), axis=1)  # the first bump wins a tie
    return X, values[np.arange(n), strongest] + 0.0  # + 0.0 turns −0.0 into 0.0


def _moons(n, s, rng):
    upper, lower = _counts(n, 2)
    t1, t2 = rng.uniform(0, math.pi, upper), rng.uniform(0, math.pi, lower)
    a = np.column_stack([np.cos(t1), np.sin(t1)])
    b = np.column_stack([1 - np.cos(t2), 0.5 - np.sin(t2)])
    X, y = _labelled([(a, 1), (b, 0)])
    X = (X - (0.5, 0.25)) * 3.5
    return X + rng.normal(0, 2 * s, X.shape), y


def _checkerboard(n, s, rng):
    X = rng.uniform(-6, 6, (n, 2))
    moved = X + rng.uniform(-6, 6, X.shape) * s
    cells = np.floor(moved / 3.0).astype(np.int64)
    return X, ((cells[:, 0] + cells[:, 1]) % 2 == 0).astype(np.int64)


def _blobs(k):
    centres = [(3.5 * math.cos(math.pi / 2 + 2 * math.pi * c / k),
                3.5 * math.sin(math.pi / 2 + 2 * math.pi * c / k)) for c in range(k)]  # fmt: skip

    def make(n, s, rng):
        sd = math.sqrt(0.2 + 2.0 * s)
        counts = _counts(n, k)
        return _labelled([(rng.normal(centres[c], sd, (counts[c], 2)), c) for c in range(k)])

    return make


def _row(name, label, kind, classes, make, playground=False):
    samples = 500 if kind == "classification" else 1200
    return name, DataSet(name, label, kind, classes, make, samples, playground)


K_CLASSES = (3, 4, 5)  # class counts of the blobs-K and spiral-K rows
DATASETS: dict[str, DataSet] = dict(
    [
        _row("circle", "Circle", "classification", 2, _circle, True),
        _row("xor", "Exclusive or", "classification", 2, _xor, True),
        _row("gauss", "Two Gaussians", "classification", 2, _gauss, True),
        _row("spiral", "Spiral", "classification", 2, _spiral, True),
        _row("reg-plane", "Plane", "regression", 0, _reg_plane, True),
        _row("reg-gauss", "Multi Gaussian", "regression", 0, _reg_gauss, True),
        _row("moons", "Two moons", "classification", 2, _moons),
        _row("checkerboard", "Checkerboard", "classification", 2, _checkerboard),
        *[_row(f"blobs-{k}", f"{k} blobs", "classification", k, _blobs(k)) for k in K_CLASSES],
        *[
            _row(f"spiral-{k}", f"{k}-arm spiral", "classification", k, _k_spiral(k))
            for k in K_CLASSES
        ],
    ]
)


def _check_int(value, what: str, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise ValueError(f"{what} must be a whole number ≥ {low}, got {value!r}")
    return int(value)


def make_dataset(name: str, n: int, noise: float = 0, seed: int | None = 0):
    """Return (X, y) for the data set ``name``: X (n, 2) float64, y (n,) int64 class numbers or
    float64 targets. noise is a percentage, 0 … 100 (the Playground's slider stops at 50)."""
    if name not in DATASETS:
        raise ValueError(f"unknown data set {name!r}; choose from {sorted(DATASETS)}")
    n = _check_int(n, "the number of points", 1)
    if n > MAX_POINTS:
        raise ValueError(f"at most {MAX_POINTS} points, got {n}")
    if not (isinstance(noise, (int, float, np.number)) and 0 <= noise <= MAX_NOISE):
        raise ValueError(f"noise must be a percentage from 0 to {MAX_NOISE}, got {noise!r}")
    rng = np.random.default_rng(seed)
    X, y = DATASETS[name].make(n, float(noise) / 100, rng)
    order = rng.permutation(n)
    return np.ascontiguousarray(X[order], dtype=np.float64), y[order]


def train_test_split(X, y, ratio: float = 0.5, seed: int | None = 0) -> Split:
    """Shuffle (X, y) with ``seed`` and cut it: the first round(ratio · n) points train.

    ratio is the training fraction, 0 … 1 (the Playground's "ratio of training to test data",
    10 … 90 %, divided by 100). X (n, d) and y (n,) or (n, k) keep their trailing shapes.
    """
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"X has {len(X)} rows but y has {len(y)}")
    if not 0.0 <= ratio <= 1.0:
        raise ValueError(f"ratio must be between 0 and 1, got {ratio!r}")
    order = np.random.default_rng(seed).permutation(len(X))
    cut = round(ratio * len(X))
    train, test = order[:cut], order[cut:]
    return Split(X[train], y[train], X[test], y[test])


def one_hot(y, classes: int) -> np.ndarray:
    """Return (n, classes) float rows with a 1 at each label: one_hot([2, 0], 3) -> [[0, 0, 1],
    [1, 0, 0]]."""
    y = np.asarray(y)
    if y.size and (y.min() < 0 or y.max() >= classes):
        raise ValueError(f"labels must be in 0 … {classes - 1}")
    return np.eye(classes)[y.astype(np.int64)]


def as_targets(y, classes: int) -> np.ndarray:
    """Return the network targets for labels y (n,): (n, 1) for regression (classes = 0) and for
    two classes (0/1, for a sigmoid output), one-hot (n, K) for K > 2 (a softmax output)."""
    y = np.asarray(y, dtype=float if classes == 0 else np.int64)
    if classes in (0, 2):
        if classes == 2 and y.size and not np.isin(y, (0, 1)).all():
            raise ValueError("two-class labels must be 0 or 1")
        return y.astype(float).reshape(-1, 1)
    return one_hot(y, classes)
