"""A real network's loss on a 2-D slice through its trained weights (Li et al., 2018).

    sl = NetSlice.build()            # trains a 2-4-1 tanh/sigmoid network with the engine
    sl.loss(alpha, beta)             # arrays of any shape P -> loss (P), α, β the slice coordinates
    sl.grad(0.3, -0.2)               # (∂L/∂α, ∂L/∂β) at one point, as floats

The network (``nnviz.engine.Network([2, 4, 1], "tanh", "sigmoid", "bce")``) is trained with the
engine's Adam on 40 seeded "xor" points from ``nnviz.engine.datasets`` (inputs divided by 6,
so they lie in [−1, 1]). Its trained parameters θ* are the centre (0, 0) of the slice; the
point (α, β) stands for the network with parameters θ* + α·d + β·e. The directions d and e are
random Gaussian vectors, **filter-normalised** as Li et al. propose: each neuron's incoming
weights in d are rescaled to the norm of that neuron's incoming weights in θ*, so a step of 1
changes every neuron by "its own size"; the biases are not perturbed (their direction is 0).

Because the first layer's pre-activation X·W₁ is linear in α and β, it is computed once as
three (N, H) arrays: Z₁(α, β) = (X W₁* + b₁) + α·(X D₁) + β·(X E₁). The grid then costs one
tanh and one weighted sum over (P, N, H) numbers, done in chunks so memory stays small.

The page trains nothing: the build step (``build_data.py``) trains the network and draws the
directions in CPython and ships them (``netdata``); the page rebuilds the slice from them with
:meth:`NetSlice.from_arrays` (``NetSlice.from_arrays(sl.arrays())`` is ``sl`` again).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from nnviz.engine import Adam, Network, make_dataset

SIZES = (2, 4, 1)
POINTS, DATA_SEED, NET_SEED, DIRECTION_SEED = 40, 7, 3, 3
TRAIN_STEPS, TRAIN_LR = 600, 0.05
CHUNK = 2500  # grid points per chunk: CHUNK × N × H float32 numbers at a time


class Training:
    """The network's training (at build time), resumable in slices of time:

        t = Training(); t.run(0.005)   # steps for about 5 ms; True while steps are left
        t.run()                        # the rest; t.net is then trained

    The steps are the same whichever way they are split, so the result is too.
    """

    def __init__(self):
        self.X, self.Y = slice_data()
        self.net = Network(list(SIZES), hidden="tanh", output="sigmoid", loss="bce", seed=NET_SEED)
        self.opt = Adam(TRAIN_LR)
        self.steps = 0

    @property
    def done(self) -> bool:
        return self.steps >= TRAIN_STEPS

    def run(self, seconds: float = math.inf) -> bool:
        """Train until the steps are done or ``seconds`` have passed (at least one step); return
        whether steps are left."""
        end = time.perf_counter() + seconds
        while self.steps < TRAIN_STEPS:
            self.net.step(self.X, self.Y, self.opt)
            self.steps += 1
            if time.perf_counter() >= end:
                break
        return not self.done


def slice_data() -> tuple[np.ndarray, np.ndarray]:
    """The network's data: X (40, 2) float32 in [−1, 1] and Y (40, 1) float32 labels 0/1 (seeded)."""
    X, y = make_dataset("xor", POINTS, noise=0, seed=DATA_SEED)
    return (X / 6.0).astype(np.float32), y.reshape(-1, 1).astype(np.float32)


def train_network() -> tuple[Network, np.ndarray, np.ndarray]:
    """Train the 2-4-1 network on the seeded xor points; return (network, X (40, 2), Y (40, 1))."""
    t = Training()
    t.run()
    return t.net, t.X, t.Y


def filter_normalised(weight: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A random direction shaped like ``weight`` (n_in, n_out), each column (a neuron's incoming
    weights) scaled to the norm of the same column of ``weight``."""
    d = rng.standard_normal(weight.shape)
    return d * (np.linalg.norm(weight, axis=0) / np.linalg.norm(d, axis=0))[None, :]


@dataclass(frozen=True)
class NetSlice:
    """The slice: data, trained parameters, and the two directions (float64 copies)."""

    X: np.ndarray  # (N, 2)
    Y: np.ndarray  # (N,)
    W1: np.ndarray  # (2, H)
    b1: np.ndarray  # (H,)
    w2: np.ndarray  # (H,)
    b2: float
    D1: np.ndarray  # direction d, first layer (2, H); second layer d2 (H,)
    d2: np.ndarray
    E1: np.ndarray  # direction e
    e2: np.ndarray
    accuracy: float  # of the trained network on its data

    @classmethod
    def build(cls) -> NetSlice:
        """Train the network (600 Adam steps) and draw the two filter-normalised directions (seeded)."""
        net, X, Y = train_network()
        W1, W2 = (w.astype(np.float64) for w in net.weights)
        b1, b2 = (b.astype(np.float64) for b in net.biases)
        rng = np.random.default_rng(DIRECTION_SEED)
        D1, D2 = filter_normalised(W1, rng), filter_normalised(W2, rng)
        E1, E2 = filter_normalised(W1, rng), filter_normalised(W2, rng)
        acc = float(np.mean((net.forward(X)[:, 0] > 0.5) == (Y[:, 0] > 0.5)))
        return cls(X.astype(np.float64), Y[:, 0].astype(np.float64), W1, b1, W2[:, 0], float(b2[0]),
                   D1, D2[:, 0], E1, E2[:, 0], acc)

    ARRAYS = ("W1", "b1", "w2", "D1", "d2", "E1", "e2")  # the arrays :meth:`arrays` gives

    def arrays(self) -> dict:
        """What the slice is made of besides its data: ``{"W1": (2, H) array, …, "b2": float,
        "accuracy": float}`` (float64; the network's own numbers are float32 values)."""
        return {**{k: getattr(self, k) for k in self.ARRAYS}, "b2": self.b2, "accuracy": self.accuracy}

    @classmethod
    def from_arrays(cls, arrays: dict) -> NetSlice:
        """The slice :meth:`arrays` describes, on the seeded data (:func:`slice_data`); raise
        ValueError if an array is not of the network's shape."""
        X, Y = slice_data()
        h = SIZES[1]
        shapes = {"W1": (SIZES[0], h), "b1": (h,), "w2": (h,), "D1": (SIZES[0], h), "d2": (h,), "E1": (SIZES[0], h),
                  "e2": (h,)}
        got = {k: np.asarray(arrays[k], dtype=np.float64) for k in cls.ARRAYS}
        for k, shape in shapes.items():
            if got[k].shape != shape or not np.isfinite(got[k]).all():
                raise ValueError(f"{k} should be {shape} finite numbers, got shape {got[k].shape}")
        return cls(X.astype(np.float64), Y[:, 0].astype(np.float64), got["W1"], got["b1"], got["w2"],
                   float(arrays["b2"]), got["D1"], got["d2"], got["E1"], got["e2"], float(arrays["accuracy"]))

    def parameters(self, alpha: float, beta: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """θ* + α·d + β·e as (W1 (2, H), b1 (H,), W2 (H, 1), b2 (1,)), e.g. to load into a Network."""
        W1 = self.W1 + alpha * self.D1 + beta * self.E1
        w2 = self.w2 + alpha * self.d2 + beta * self.e2
        return W1, self.b1.copy(), w2[:, None], np.array([self.b2])

    @cached_property
    def _parts(self):
        """X·W₁* + b₁, X·D₁, X·E₁: the first layer's pre-activation is their α, β combination."""
        base = self.X @ self.W1 + self.b1  # (N, H)
        return base, self.X @ self.D1, self.X @ self.E1

    def value(self, alpha: float, beta: float) -> float:
        """The loss at one point, in float64 (for the optimisers and the readouts)."""
        base, dz_a, dz_b = self._parts
        hidden = np.tanh(base + alpha * dz_a + beta * dz_b)
        z = hidden @ (self.w2 + alpha * self.d2 + beta * self.e2) + self.b2
        return float(np.mean(np.logaddexp(0.0, z) - self.Y * z))

    def loss(self, alpha, beta) -> np.ndarray:
        """Mean binary cross-entropy of the network at θ* + α·d + β·e; α, β arrays of one shape.

        Computed in float32 (as the engine's network is) over chunks of grid points.
        """
        alpha = np.asarray(alpha, dtype=np.float64)
        beta = np.asarray(beta, dtype=np.float64)
        shape = np.broadcast(alpha, beta).shape
        a = np.broadcast_to(alpha, shape).reshape(-1).astype(np.float32)
        b = np.broadcast_to(beta, shape).reshape(-1).astype(np.float32)
        base, dz_a, dz_b = (p.astype(np.float32) for p in self._parts)
        w2, d2, e2 = (v.astype(np.float32) for v in (self.w2, self.d2, self.e2))
        y = self.Y.astype(np.float32)
        out = np.empty(len(a))
        for s in range(0, len(a), CHUNK):
            aa, bb = a[s:s + CHUNK, None, None], b[s:s + CHUNK, None, None]
            hidden = np.tanh(base + aa * dz_a + bb * dz_b)  # (P, N, H)
            w = w2 + aa[:, 0] * d2 + bb[:, 0] * e2  # (P, H): the second layer's weights
            z = np.einsum("pnh,ph->pn", hidden, w)
            z += self.b2
            # bce from logits, stable: log(1 + eᶻ) − y·z
            out[s:s + CHUNK] = np.mean(np.logaddexp(0.0, z) - y * z, axis=1)
        return out.reshape(shape)

    def grad(self, alpha: float, beta: float) -> tuple[float, float]:
        """(∂L/∂α, ∂L/∂β) at one point: the directional derivatives d·∇L(θ) and e·∇L(θ)."""
        base, dz_a, dz_b = self._parts
        hidden = np.tanh(base + alpha * dz_a + beta * dz_b)  # (N, H)
        w2 = self.w2 + alpha * self.d2 + beta * self.e2
        z = hidden @ w2 + self.b2
        r = (1.0 / (1.0 + np.exp(-z)) - self.Y) / len(self.Y)  # ∂L/∂z, (N,)
        slope = (1.0 - hidden * hidden) * w2  # ∂z/∂(first-layer pre-activation), (N, H)
        ga = float(r @ (hidden @ self.d2 + (slope * dz_a).sum(axis=1)))
        gb = float(r @ (hidden @ self.e2 + (slope * dz_b).sum(axis=1)))
        return ga, gb

    def _batch(self, alpha: np.ndarray, beta: np.ndarray):
        """Hidden activations (k, N, H), second-layer weights (k, H) and logits (k, N) at k points."""
        base, dz_a, dz_b = self._parts
        a, b = np.asarray(alpha, dtype=np.float64), np.asarray(beta, dtype=np.float64)
        hidden = np.tanh(base + a[:, None, None] * dz_a + b[:, None, None] * dz_b)
        w2 = self.w2 + a[:, None] * self.d2 + b[:, None] * self.e2
        z = (hidden * w2[:, None, :]).sum(axis=2) + self.b2
        return hidden, w2, z

    def values(self, alpha: np.ndarray, beta: np.ndarray) -> np.ndarray:
        """:meth:`value` at k points at once: (k,) arrays in, (k,) out (float64)."""
        _, _, z = self._batch(alpha, beta)
        return np.mean(np.logaddexp(0.0, z) - self.Y * z, axis=1)

    def grads(self, alpha: np.ndarray, beta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`grad` at k points at once: (k,) arrays in, two (k,) arrays out."""
        _, dz_a, dz_b = self._parts
        hidden, w2, z = self._batch(alpha, beta)
        r = (1.0 / (1.0 + np.exp(-z)) - self.Y) / len(self.Y)  # (k, N)
        slope = (1.0 - hidden * hidden) * w2[:, None, :]  # (k, N, H)
        ga = (r * (hidden @ self.d2 + (slope * dz_a).sum(axis=2))).sum(axis=1)
        gb = (r * (hidden @ self.e2 + (slope * dz_b).sum(axis=2))).sum(axis=1)
        return ga, gb
