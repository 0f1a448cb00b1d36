"""Seven loss surfaces over two parameters, each with its gradient, box, formula and good rates.

    s = get("bowl")
    s.f(X, Y)                 # vectorised loss over arrays of one shape: X² + 10·Y²
    s.grad(1.0, 2.0)          # (2.0, 40.0): the gradient at one point, as floats
    s.x_range, s.y_range      # ((-5, 5), (-3, 3)): the box shown, and the one paths must stay in
    s.rates["adam"]           # 0.3: a learning rate that works well here for Adam
    s.preset                  # (0.005, 0.05, 0.095, 0.104): SGD too small, good, too large, diverging

``bowl``, ``rosenbrock``, ``saddle`` and ``himmelblau`` are textbook functions with closed-form
gradients. ``house`` is the mean squared error of price = w·area + b over twelve houses
(``data.houses``); ``logistic`` the cross-entropy of p = σ(w₁x₁ + w₂x₂) on 100 seeded points of
the engine's "gauss" set; ``net`` a trained network's loss on a 2-D slice (``netslice``).
Gradients of the data surfaces are the exact sums over the data (tests check every surface
against finite differences).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from nnviz.chapters.landscape import data
from nnviz.engine import make_dataset
from nnviz.kit.heatmap import HeatGrid

GRID = 150  # the map's grid: GRID × GRID cells
NAMES = ("bowl", "rosenbrock", "saddle", "himmelblau", "house", "logistic", "net")
BOXES = {  # (x_range, y_range) of each surface, known without building it
    "bowl": ((-5.0, 5.0), (-3.0, 3.0)),
    "rosenbrock": ((-2.0, 2.0), (-1.0, 3.0)),
    "saddle": ((-2.0, 2.0), (-2.0, 2.0)),
    "himmelblau": ((-5.0, 5.0), (-5.0, 5.0)),
    "house": ((0.0, 300.0), (-200.0, 300.0)),
    "logistic": ((-4.0, 8.0), (-4.0, 8.0)),
    "net": ((-1.5, 1.5), (-1.5, 1.5)),
}


@dataclass(frozen=True)
class Surface:
    """One loss surface and what the chapter needs to show it."""

    name: str
    label: str
    formula: str  # shown above the map
    f: Callable[[np.ndarray, np.ndarray], np.ndarray]
    grad: Callable[[float, float], tuple[float, float]]
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    x_label: str
    y_label: str
    start: tuple[float, float]
    rates: dict[str, float]  # a good learning rate per optimiser
    preset: tuple[float, float, float, float]  # SGD: too small, good, too large, diverging
    log: bool = True  # colour (and loss chart) on a log scale
    bounded: bool = True  # has a minimum inside the box (the saddle has none)
    minima: tuple[tuple[float, float], ...] = ()
    about: str = ""
    extra: dict = field(default_factory=dict)
    point: Callable[[float, float], float] | None = None  # the loss at one point (float64), if not f
    # the gradient and the loss at k points at once, (k,) arrays in and out (float64), for surfaces
    # whose one-point gradient is a few numpy calls: the race steps all its runners in one call
    grads: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]] | None = None
    values: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None

    def contains(self, x: float, y: float) -> bool:
        """Whether (x, y) lies in the box (edges included)."""
        return self.x_range[0] <= x <= self.x_range[1] and self.y_range[0] <= y <= self.y_range[1]

    def clamp(self, x: float, y: float) -> tuple[float, float]:
        """The nearest point of the box."""
        return (min(max(x, self.x_range[0]), self.x_range[1]), min(max(y, self.y_range[0]), self.y_range[1]))

    def value(self, x: float, y: float) -> float:
        """The loss at one point, as a float (float64 even where the grid is float32)."""
        if self.point is not None:
            return float(self.point(x, y))
        return float(self.f(x, y))


def _rates(sgd, momentum, nesterov, adagrad, rmsprop, adam) -> dict[str, float]:
    return {"sgd": sgd, "momentum": momentum, "nesterov": nesterov, "adagrad": adagrad,
            "rmsprop": rmsprop, "adam": adam}


# ----- textbook functions ------------------------------------------------------------------------


def _bowl() -> Surface:
    return Surface(
        "bowl", "Long bowl", "f(x, y) = x² + 10·y²",
        lambda X, Y: X * X + 10 * Y * Y,
        lambda x, y: (2 * x, 20 * y),
        *BOXES["bowl"], "x", "y", (-4.5, 2.0),
        _rates(0.08, 0.02, 0.02, 1.5, 0.1, 0.3), (0.005, 0.05, 0.095, 0.104), log=True,
        minima=((0.0, 0.0),),
        about="Ten times steeper across (y) than along (x): plain gradient descent zig-zags across "
              "the valley while it crawls along it. Gradient descent on it is stable only for a "
              "learning rate below 2 / 20 = 0.1.",
    )


def _rosenbrock() -> Surface:
    def grad(x, y):
        return (-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x))

    return Surface(
        "rosenbrock", "Rosenbrock's valley", "f(x, y) = (1 − x)² + 100·(y − x²)²",
        lambda X, Y: (1 - X) ** 2 + 100 * (Y - X * X) ** 2,
        grad,
        *BOXES["rosenbrock"], "x", "y", (-1.2, 1.0),
        _rates(0.002, 0.0005, 0.0005, 0.3, 0.005, 0.05), (0.0002, 0.003, 0.0055, 0.01), log=True,
        minima=((1.0, 1.0),),
        about="A curved, flat-bottomed valley: finding the valley is easy, following it to the "
              "minimum at (1, 1) is slow.",
    )


def _saddle() -> Surface:
    return Surface(
        "saddle", "Saddle", "f(x, y) = x² − y²",
        lambda X, Y: X * X - Y * Y,
        lambda x, y: (2 * x, -2 * y),
        *BOXES["saddle"], "x", "y", (-1.8, 0.02),
        _rates(0.05, 0.02, 0.02, 0.2, 0.02, 0.05), (0.005, 0.05, 0.9, 1.1), log=False, bounded=False,
        about="Downhill along y, uphill along x: the centre is flat (zero gradient) but it is no "
              "minimum. Started almost on the ridge, plain gradient descent lingers near the centre "
              "before it escapes; there is no minimum to find, so every path leaves the map.",
    )


def _himmelblau() -> Surface:
    def grad(x, y):
        a, b = x * x + y - 11, x + y * y - 7
        return (4 * x * a + 2 * b, 2 * a + 4 * y * b)

    return Surface(
        "himmelblau", "Himmelblau's function", "f(x, y) = (x² + y − 11)² + (x + y² − 7)²",
        lambda X, Y: (X * X + Y - 11) ** 2 + (X + Y * Y - 7) ** 2,
        grad,
        *BOXES["himmelblau"], "x", "y", (-0.3, -0.9),
        _rates(0.01, 0.003, 0.003, 1.0, 0.05, 0.2), (0.0004, 0.01, 0.02, 0.032), log=True,
        minima=((3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)),
        about="Four minima, all with loss 0: which one an optimiser ends in depends on where it "
              "starts and on how it moves.",
    )


# ----- data surfaces -----------------------------------------------------------------------------


def _house() -> Surface:
    pts = data.houses()
    x, y = pts.x, pts.y

    # mean (w·xᵢ + b − yᵢ)² expanded into moments of the data, so a grid cell costs O(1)
    sx, sy, sxx, sxy, syy = (float(v) for v in (x.mean(), y.mean(), (x * x).mean(), (x * y).mean(), (y * y).mean()))

    def f(W, B):
        return W * W * sxx + 2 * W * B * sx + B * B - 2 * W * sxy - 2 * B * sy + syy

    def grad(w, b):  # the same moments: two floats, no numpy call per step
        w, b = float(w), float(b)
        return (2 * (w * sxx + b * sx - sxy), 2 * (w * sx + b - sy))

    A = np.column_stack([x, np.ones_like(x)])
    (w_best, b_best), *_ = np.linalg.lstsq(A, y, rcond=None)
    return Surface(
        "house", "House prices (MSE)", "L(w, b) = mean over 12 houses of (w·area + b − price)²",
        f, grad,
        *BOXES["house"], "weight w ($1,000 per 1,000 sq ft)", "bias b ($1,000)", (20.0, 250.0),
        _rates(0.1, 0.02, 0.02, 40.0, 2.0, 8.0), (0.005, 0.1, 0.15, 0.165), log=True,
        minima=((float(w_best), float(b_best)),),
        about="The error of a straight line through twelve house prices. The areas are not centred "
              "at zero, so w and b pull against each other: the valley is long and tilted.",
        extra={"points": pts},
    )


def _logistic() -> Surface:
    X, labels = make_dataset("gauss", 100, noise=50, seed=5)
    X = X / 2.0  # inputs in about [−3, 3]
    t = labels.astype(np.float64)

    X32 = X.astype(np.float32)
    tx = (t[:, None] * X).mean(axis=0)  # mean of t·x: the linear part of the loss, exact

    def f(W1, W2):
        """The grid: float32 (the softplus over 150² × 100 numbers is most of the cost)."""
        W1, W2 = np.asarray(W1, dtype=np.float32), np.asarray(W2, dtype=np.float32)
        z = W1[..., None] * X32[:, 0] + W2[..., None] * X32[:, 1]  # (..., N)
        return np.logaddexp(np.float32(0), z).mean(axis=-1, dtype=np.float64) - (W1 * tx[0] + W2 * tx[1])

    def point(w1, w2):
        z = w1 * X[:, 0] + w2 * X[:, 1]
        return float(np.mean(np.logaddexp(0.0, z) - t * z))

    def grad(w1, w2):
        z = w1 * X[:, 0] + w2 * X[:, 1]
        r = 1.0 / (1.0 + np.exp(-z)) - t
        return (float(np.mean(r * X[:, 0])), float(np.mean(r * X[:, 1])))

    def grads(w1, w2):
        z = X @ np.stack([w1, w2])  # (N, k)
        g = X.T @ (1.0 / (1.0 + np.exp(-z)) - t[:, None]) / len(t)  # (2, k)
        return g[0], g[1]

    def values(w1, w2):
        z = X @ np.stack([w1, w2])
        return np.mean(np.logaddexp(0.0, z) - t[:, None] * z, axis=0)

    return Surface(
        "logistic", "Logistic regression", "L(w₁, w₂) = mean cross-entropy of σ(w₁x₁ + w₂x₂) on 100 points",
        f, grad,
        *BOXES["logistic"], "weight w₁", "weight w₂", (-1.0, 5.5),
        _rates(8.0, 0.2, 0.2, 2.0, 0.1, 0.3), (0.5, 8.0, 24.0, 32.0), log=True,
        about="Two overlapping clouds of points, classified by a line through the origin. The loss "
              "is convex (one minimum) and almost flat far from it: small gradients, slow progress, and a "
              "learning rate large enough to be quick there jumps right across the map near the minimum.",
        extra={"X": X, "labels": labels}, point=point, grads=grads, values=values,
    )


def _net(sl=None) -> Surface:
    """The network slice's surface: ``sl`` (a ``NetSlice``; the page passes the shipped one),
    else trained here."""
    if sl is None:
        from nnviz.chapters.landscape.netslice import NetSlice

        sl = NetSlice.build()
    return Surface(
        "net", "A real network (2-D slice)", "L(θ* + α·d + β·e): a trained 2-4-1 network's cross-entropy",
        sl.loss, sl.grad,
        *BOXES["net"], "α (along direction d)", "β (along direction e)", (-1.2, 1.2),
        _rates(0.05, 0.01, 0.01, 0.2, 0.01, 0.03), (0.01, 0.05, 0.075, 0.12), log=True,
        minima=((0.0, 0.0),),
        about="A 2-4-1 network trained on 40 xor points; the centre is its trained weights, the two "
              "axes are random directions scaled to each neuron's weights (Li et al., 2018). "
              "Not a bowl: from the start, AdaGrad, RMSProp and Adam settle in a second valley close by "
              "(loss about 0.5); SGD, bouncing across the ravine, and the momentum methods, carried by "
              "their velocity, get out and reach the trained weights (loss 0.004). Try SGD at 0.02.",
        extra={"slice": sl}, point=sl.value, grads=sl.grads, values=sl.values,
    )


_MAKERS = {"bowl": _bowl, "rosenbrock": _rosenbrock, "saddle": _saddle, "himmelblau": _himmelblau,
           "house": _house, "logistic": _logistic, "net": _net}


_BUILT: dict[str, Surface] = {}


def get(name: str) -> Surface:
    """Return the surface called ``name`` (built once; ``net`` trains its network here unless
    :func:`use_net_slice` gave it one)."""
    if name not in _BUILT:
        _BUILT[name] = _MAKERS[name]()
    return _BUILT[name]


def use_net_slice(sl) -> None:
    """Make ``get("net")`` the surface of the network slice ``sl`` (the page's: the one the
    build step trained and shipped, so the page trains nothing)."""
    built = _BUILT.get("net")
    if built is None or built.extra["slice"] is not sl:
        _BUILT["net"] = _net(sl)


def sample(s: Surface, n: int = GRID) -> HeatGrid:
    """The loss of ``s`` on an n × n grid over its box: what the map draws (row 0 the top row).

        sample(get("bowl")).values.shape   # (150, 150)

    The build step ships ``sample(get("net"))`` (``netdata``); the page computes the others.
    """
    with np.errstate(all="ignore"):
        return HeatGrid.sample(s.f, s.x_range, s.y_range, (n, n))


def math_ok(v: float) -> bool:
    """Whether a loss value is a finite number."""
    return math.isfinite(v)
