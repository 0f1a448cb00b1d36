"""What one neuron computes, pure numpy: z, a, the slope f′(z), softmax and its Jacobian, and
the two losses with their slopes with respect to z.

Every activation comes from the engine's table (``nnviz.engine.activations``), so this chapter
and the networks of the other chapters use one definition of each function::

    r = forward(State())                 # seed 002: z = 0.5·0.7 + (−0.3)·0.4 + 0 = 0.23
    r.z, r.a, r.slope                    # (0.23, 0.23, 1.0)  (ReLU)
    s = score(r, y=1.0)
    s.se, s.se_dz                        # squared error (a − y)² and ∂/∂z = 2(a − y)·f′(z)
    s.bce, s.bce_dz                      # cross-entropy, and ∂/∂z (= a − y for sigmoid), or None

In softmax mode the neuron is output 1 of three: its logit is z, the other two are ``l2`` and
``l3``; ``a`` is the first probability, ``slope`` is ∂a₁/∂z₁ = a₁(1 − a₁), and ``probs`` and
``jacobian`` (3 × 3, ∂aᵢ/∂zⱼ = aᵢ(δᵢⱼ − aⱼ)) hold the whole vector.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from nnviz.chapters.neuron.state import ENGINE_NAME, State
from nnviz.engine.activations import GELU_C, GELU_K, Activation, get_activation

Z_RANGE = (-6.0, 6.0)  # the z axis of the function plots
PLANE = (-3.0, 3.0)  # the (x1, x2) square of the heatmap (the sliders' range)


@lru_cache(maxsize=64)
def activation(key: str, alpha: float = 0.01) -> Activation:
    """The engine's activation for a chapter key: ``activation("leaky", 0.2)`` (α = 0.2)."""
    return get_activation(ENGINE_NAME[key], alpha)


def pre_activation(x1, x2, w1, w2, b):
    """z = w₁x₁ + w₂x₂ + b, for numbers or arrays of the same shape."""
    return w1 * x1 + w2 * x2 + b


def softmax_jacobian(p) -> np.ndarray:
    """∂aᵢ/∂zⱼ = aᵢ(δᵢⱼ − aⱼ) for probabilities p of shape (K,): a (K, K) matrix."""
    p = np.asarray(p, dtype=np.float64)
    return np.diag(p) - np.outer(p, p)


def softmax3(logits: tuple[float, float, float]) -> tuple[float, float, float]:
    """The engine's softmax of three numbers in plain Python (it runs on every drag event, where
    numpy's per-call cost is most of the time): each exponent shifted by the largest logit, so
    none overflows. ``softmax3((0.0, 0.0, 0.0))`` -> (1/3, 1/3, 1/3)."""
    m = max(logits)
    e0, e1, e2 = (math.exp(v - m) for v in logits)
    total = e0 + e1 + e2
    return e0 / total, e1 / total, e2 / total


@dataclass(frozen=True)
class Result:
    """One forward pass: z, a = f(z), the slope f′(z); in softmax mode all three logits too."""

    z: float
    a: float
    slope: float
    logits: tuple[float, ...] | None = None
    probs: tuple[float, ...] | None = None
    jacobian: np.ndarray | None = None


def forward(state: State) -> Result:
    """The neuron's output for the state's inputs, weights, bias and function."""
    z = float(pre_activation(state.x1, state.x2, state.w1, state.w2, state.b))
    if state.f == "softmax":
        logits = (z, float(state.l2), float(state.l3))
        p = softmax3(logits)
        # ∂aᵢ/∂zⱼ = aᵢ(δᵢⱼ − aⱼ) (softmax_jacobian's formula) in plain Python: one array call
        jac = np.array([[pi * ((i == j) - pj) for j, pj in enumerate(p)] for i, pi in enumerate(p)])
        return Result(z, p[0], float(jac[0, 0]), logits, p, jac)
    a, slope = point(state.f, state.alpha, z)
    return Result(z, a, slope)


def _sigmoid(z: float) -> float:
    return math.tanh(z * 0.5) * 0.5 + 0.5  # the engine's form: never overflows


def _softplus(z: float) -> float:
    return max(z, 0.0) + math.log1p(math.exp(-abs(z)))  # ln(1 + e^z) without overflow


def _silu(z: float, alpha: float) -> tuple[float, float]:
    s = _sigmoid(z)
    return z * s, s * (1 + z * (1 - s))


def _gelu(z: float, alpha: float) -> tuple[float, float]:
    t = math.tanh(GELU_C * (z + GELU_K * z**3))
    return 0.5 * z * (1 + t), 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * GELU_C * (1 + 3 * GELU_K * z * z)


def _elu(z: float, alpha: float) -> tuple[float, float]:
    if z > 0:
        return z, 1.0
    a = math.expm1(z)
    return a, a + 1


def _tanh(z: float, alpha: float) -> tuple[float, float]:
    a = math.tanh(z)
    return a, 1 - a * a


def _sig_pair(z: float, alpha: float) -> tuple[float, float]:
    a = _sigmoid(z)
    return a, a * (1 - a)


# f(z) and f′(z) for one z in plain Python: the engine's formulas (and its choices at the
# corners), for the handful of numbers a frame needs, where numpy's per-call cost (an array
# per value) is most of the time. A unit test holds them to the engine's table.
_POINT = {
    "relu": lambda z, alpha: (max(z, 0.0), 1.0 if z > 0 else 0.0),
    "leaky": lambda z, alpha: (z, 1.0) if z > 0 else (z * alpha, alpha),
    "sigmoid": _sig_pair,
    "tanh": _tanh,
    "linear": lambda z, alpha: (z, 1.0),
    "step": lambda z, alpha: (1.0 if z > 0 else 0.0, 0.0),
    "elu": _elu,
    "softplus": lambda z, alpha: (_softplus(z), _sigmoid(z)),
    "gelu": _gelu,
    "silu": _silu,
}


def point(key: str, alpha: float, z: float, others: tuple[float, float] = (0.0, 0.0)) -> tuple[float, float]:
    """Like :func:`at` (f(z) and f′(z) as floats), in plain Python for the elementwise functions:
    ``point("sigmoid", 0.01, 0.75)`` -> (0.679178…, 0.217894…)."""
    pair = _POINT.get(key)
    if pair is None:
        return at(key, alpha, z, others)
    return pair(float(z), float(alpha))


def at(key: str, alpha: float, z: float, others: tuple[float, float] = (0.0, 0.0)) -> tuple[float, float]:
    """f(z) and f′(z) at one z, as floats: the table's fn and der on a 1-element array (the
    fewest numpy calls, since this runs for every function shown, every frame)."""
    if key == "softmax":
        a, slope = curves("softmax", alpha, np.array([z]), others)
        return float(a[0]), float(slope[0])
    act = activation(key, alpha)
    zz = np.array([float(z)])
    a = act.fn(zz.copy())
    return float(a[0]), float(act.der(zz, a)[0])


def curves(key: str, alpha: float, zs: np.ndarray, others: tuple[float, float] = (0.0, 0.0)):
    """f and f′ over the points ``zs``: ``(a, slope)``, two arrays of zs's shape.

    For softmax: a₁ as z₁ varies with the other logits fixed at ``others``, and ∂a₁/∂z₁.
    """
    zs = np.asarray(zs, dtype=np.float64)
    if key == "softmax":
        logits = np.stack([zs, np.full_like(zs, others[0]), np.full_like(zs, others[1])], axis=-1)
        a = activation("softmax")(logits)[..., 0]
        return a, a * (1 - a)
    act = activation(key, alpha)
    return act(zs), act.prime(zs).reshape(zs.shape)


def outputs(key: str, alpha: float, zs: np.ndarray, others: tuple[float, float] = (0.0, 0.0)) -> np.ndarray:
    """f over the 1-D float array ``zs``, without the derivative (the heatmap's colours):
    the first array :func:`curves` returns."""
    if key == "softmax":
        return curves(key, alpha, zs, others)[0]
    return activation(key, alpha).fn(np.array(zs, dtype=np.float64))


def plane_output(state: State, n: int = 64):
    """The neuron's output a at the centres of an n × n grid over ``PLANE``², row 0 on top.

    Returns ``(values, centres)``; ``values[i, j]`` is at x1 = centres[j], x2 = centres[::-1][i].
    """
    lo, hi = PLANE
    c = lo + (np.arange(n) + 0.5) * (hi - lo) / n
    # z = w1·x1 + w2·x2 + b as an outer sum (one row per x2, top row = largest x2)
    z = (state.w1 * c)[None, :] + (state.w2 * c[::-1])[:, None] + state.b
    if state.f == "softmax":
        # a₁ = e^z / (e^z + e^z₂ + e^z₃), each exponent shifted by the largest logit (never overflows)
        m = np.maximum(np.maximum(z, state.l2), state.l3)
        e = np.exp(z - m)
        a = e / (e + np.exp(state.l2 - m) + np.exp(state.l3 - m))
    else:
        a = activation(state.f, state.alpha).fn(z)
    return a, c


def decision_segment(w1: float, w2: float, b: float, lo: float = PLANE[0], hi: float = PLANE[1]):
    """The part of the line w1·x1 + w2·x2 + b = 0 inside the square [lo, hi]²: ((x1, x2), (x1, x2)) or None."""
    points: list[tuple[float, float]] = []
    if w2 != 0:
        for x1 in (lo, hi):
            x2 = -(w1 * x1 + b) / w2
            if lo <= x2 <= hi:
                points.append((x1, x2))
    if w1 != 0:
        for x2 in (lo, hi):
            x1 = -(w2 * x2 + b) / w1
            if lo <= x1 <= hi:
                points.append((x1, x2))
    unique: list[tuple[float, float]] = []
    for p in points:
        if all(abs(p[0] - q[0]) > 1e-12 or abs(p[1] - q[1]) > 1e-12 for q in unique):
            unique.append(p)
    if len(unique) < 2:
        return None
    # the two points farthest apart (a corner may be found twice, from both edges)
    pairs = [(a, b2) for i, a in enumerate(unique) for b2 in unique[i + 1:]]
    return max(pairs, key=lambda ab: (ab[0][0] - ab[1][0]) ** 2 + (ab[0][1] - ab[1][1]) ** 2)


# ----------------------------------------------------------------------------------------
# Scoring one output against a target y (seed 003's two losses, for n = 1).
# ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    """Squared error and binary cross-entropy of one output, with their slopes.

    ``se = (a − y)²``, ``se_da = 2(a − y)``, ``se_dz = se_da · f′(z)``.
    ``bce = −[y ln a + (1 − y) ln(1 − a)]``, ``bce_da = (a − y) / (a(1 − a))``, ``bce_dz =
    bce_da · f′(z)``; they are None when a is not strictly between 0 and 1 (then ln is not
    defined), except for sigmoid and softmax, where they come from z and never fail.
    """

    y: float
    se: float
    se_da: float
    se_dz: float
    bce: float | None
    bce_da: float | None
    bce_dz: float | None


def _log_sigmoid(z: float) -> float:
    """ln σ(z) = −ln(1 + e^(−z)), for any finite z."""
    return -float(np.logaddexp(0.0, -z))


def score(r: Result, y: float, f: str) -> Score:
    """Score the result ``r`` of function ``f`` against target ``y`` (0…1)."""
    se_da = 2.0 * (r.a - y)
    se = (r.a - y) ** 2
    bce = bce_da = bce_dz = None
    if f == "sigmoid":
        log_a, log_1a = _log_sigmoid(r.z), _log_sigmoid(-r.z)
        bce = -(y * log_a + (1 - y) * log_1a)
        bce_dz = r.a - y  # σ′ = a(1 − a) cancels the denominator
        bce_da = (r.a - y) / r.slope if r.slope > 0 else None
    elif f == "softmax":
        z = np.array(r.logits)
        lse = float(np.logaddexp.reduce(z))
        log_a, log_1a = z[0] - lse, float(np.logaddexp.reduce(z[1:])) - lse
        bce = -(y * log_a + (1 - y) * log_1a)
        bce_dz = r.a - y  # ∂a₁/∂z₁ = a₁(1 − a₁) cancels the denominator too
        bce_da = (r.a - y) / r.slope if r.slope > 0 else None
    elif 0.0 < r.a < 1.0:
        bce = -(y * math.log(r.a) + (1 - y) * math.log(1 - r.a))
        bce_da = (r.a - y) / (r.a * (1 - r.a))
        bce_dz = bce_da * r.slope
    return Score(y, se, se_da, se_da * r.slope, bce, bce_da, bce_dz)
