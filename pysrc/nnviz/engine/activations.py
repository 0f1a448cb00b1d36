"""Activation functions: one name -> Activation table shared by the network, the UI and the URL.

Each entry holds the function, its derivative, a human label, formula strings, the output range,
and the numpy source that the exported script uses (``code``; a test checks it matches ``fn``).

Conventions, for z of shape (batch, units), e.g. (32, 128):
  fn(z, out=None) -> a         a = f(z), written into ``out`` when given (linear returns z itself).
  der(z, a)       -> f′(z)     elementwise derivative; a = fn(z) is passed so sigmoid and tanh
                               can reuse it (σ′ = a(1 − a)). Softmax returns the Jacobian's diagonal.
  backward(z, a, g) -> g ⊙ f′  the vector-Jacobian product ∂L/∂z from g = ∂L/∂a, in place in g;
                               softmax uses its full Jacobian here.

Also in the table, for the single-neuron chapter: step (the perceptron's; its derivative is 0
wherever it exists, and the code uses 0 at z = 0 too), ELU with α = 1, softplus, GELU in its tanh
approximation (numpy has no erf) and SiLU/Swish. Left out on purpose: other parameters than the
leaky-ReLU slope, and the fused softmax + cross-entropy delta, which lives with the losses (losses.py).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

DEFAULT_LEAKY_SLOPE = 0.01


@dataclass(frozen=True)
class Activation:
    """Describe one activation: function, derivative, and what the UI shows about it."""

    name: str
    label: str
    formula: str
    derivative: str
    range: str
    bounds: tuple[float, float]
    fn: Callable[..., np.ndarray]
    der: Callable[[np.ndarray, np.ndarray], np.ndarray]
    code: str
    hidden_ok: bool = True
    slope: float | None = None

    def __call__(self, z):
        """Apply the activation to a number, list or array of pre-activations z, e.g. (4, 3)."""
        z = np.asarray(z, dtype=float)
        return self.fn(np.atleast_1d(z)).reshape(z.shape)

    def prime(self, z):
        """Return f′(z) for a number, list or array z, e.g. to plot the derivative next to f."""
        z = np.atleast_1d(np.asarray(z, dtype=float))
        return self.der(z, self.fn(z.copy()))

    def backward(self, z, a, g):
        """Turn g = ∂L/∂a into ∂L/∂z = g ⊙ f′(z), in place in g; return g."""
        np.multiply(g, self.der(z, a), out=g)
        return g


# σ(z) = (1 + tanh(z/2)) / 2 is the same function as 1 / (1 + e^(−z)), but tanh never overflows,
# so z = ±1e4 gives exactly 0 or 1 with no warning.
def _sigmoid(z, out=None):
    out = np.multiply(z, 0.5, out=out)
    np.tanh(out, out=out)
    out *= 0.5
    out += 0.5
    return out


def _sigmoid_der(z, a):
    return a * (1 - a)


def _tanh(z, out=None):
    return np.tanh(z, out=out)


def _tanh_der(z, a):
    return 1 - a * a


def _relu(z, out=None):
    return np.maximum(z, 0, out=out)


def _relu_der(z, a):
    # f′(0) is taken as 0 (a subgradient), so zero-initialised ReLU units start with no gradient.
    return np.greater(z, 0).astype(z.dtype)


class _ReLU(Activation):
    def backward(self, z, a, g):
        """Zero g where z ≤ 0 (f′ is 1 or 0, so a mask is enough), in place in g."""
        np.multiply(g, np.greater(z, 0), out=g)
        return g


def _linear(z, out=None):
    return z


def _linear_der(z, a):
    return np.ones_like(z)


class _Linear(Activation):
    def backward(self, z, a, g):
        """Return g unchanged: f′ = 1."""
        return g


def _softmax(z, out=None):
    # Subtracting the row maximum leaves softmax unchanged and keeps every exponent ≤ 0.
    out = np.subtract(z, np.maximum.reduce(z, axis=-1, keepdims=True), out=out)
    np.exp(out, out=out)
    out /= np.add.reduce(out, axis=-1, keepdims=True)
    return out


def _softmax_der(z, a):
    return a * (1 - a)


class _Softmax(Activation):
    def backward(self, z, a, g):
        """Apply the softmax Jacobian: ∂L/∂z_i = a_i (g_i − Σ_j g_j a_j), in place in g."""
        g -= np.add.reduce(g * a, axis=-1, keepdims=True)
        g *= a
        return g


def _into(out, result):
    """Copy ``result`` into ``out`` when one is given (computed first, so out may alias z)."""
    if out is None:
        return result
    out[...] = result
    return out


def _step(z, out=None):
    return _into(out, (z > 0).astype(z.dtype))


def _step_der(z, a):
    # 0 wherever the derivative exists; at z = 0 it does not (a jump), and 0 is used there too.
    return np.zeros_like(z)


def _elu(z, out=None):
    # e^z − 1 only where z ≤ 0 (expm1 of min(z, 0)), so a large positive z never overflows.
    return _into(out, np.where(z > 0, z, np.expm1(np.minimum(z, 0))))


def _elu_der(z, a):
    return np.where(z > 0, z.dtype.type(1), a + 1)  # α e^z = a + α for z ≤ 0, with α = 1


def _softplus(z, out=None):
    return _into(out, np.logaddexp(0, z))  # log(1 + e^z) without overflow


def _softplus_der(z, a):
    return _sigmoid(z)


def _silu(z, out=None):
    return _into(out, z * (np.tanh(z * 0.5) * 0.5 + 0.5))


def _silu_der(z, a):
    s = _sigmoid(z)
    return s * (1 + z * (1 - s))


GELU_C = 0.7978845608028654  # √(2/π)
GELU_K = 0.044715


def _gelu(z, out=None):
    return _into(out, 0.5 * z * (1 + np.tanh(GELU_C * (z + GELU_K * z**3))))


def _gelu_der(z, a):
    t = np.tanh(GELU_C * (z + GELU_K * z**3))
    return 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * GELU_C * (1 + 3 * GELU_K * z * z)


def leaky_relu(slope: float = DEFAULT_LEAKY_SLOPE) -> Activation:
    """Build the leaky ReLU f(z) = z for z > 0, slope·z otherwise (0 ≤ slope < 1)."""
    slope = float(slope)
    if not 0.0 <= slope < 1.0:
        raise ValueError(f"leaky_relu slope must be in [0, 1), got {slope}")

    def fn(z, out=None):
        # For 0 ≤ α < 1, max(z, αz) is z when z > 0 and αz otherwise.
        out = np.multiply(z, slope, out=out)
        return np.maximum(z, out, out=out)

    def der(z, a):
        return np.where(z > 0, z.dtype.type(1), z.dtype.type(slope))

    return Activation(
        name="leaky_relu",
        label="Leaky ReLU",
        formula=f"f(z) = max(αz, z), α = {slope:g}",
        derivative=f"f′(z) = 1 if z > 0 else α = {slope:g}",
        range="(−∞, ∞)",
        bounds=(-math.inf, math.inf),
        fn=fn,
        der=der,
        code=f"def leaky_relu(z):\n    return np.maximum(z, z * {slope!r})\n",
        slope=slope,
    )


ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Activation(
        name="sigmoid",
        label="Sigmoid",
        formula="σ(z) = 1 / (1 + e^(−z))",
        derivative="σ′(z) = σ(z)(1 − σ(z))",
        range="(0, 1)",
        bounds=(0.0, 1.0),
        fn=_sigmoid,
        der=_sigmoid_der,
        code="def sigmoid(z):\n    return np.tanh(z * 0.5) * 0.5 + 0.5\n",
    ),
    "tanh": Activation(
        name="tanh",
        label="Tanh",
        formula="tanh(z) = (e^z − e^(−z)) / (e^z + e^(−z))",
        derivative="tanh′(z) = 1 − tanh²(z)",
        range="(−1, 1)",
        bounds=(-1.0, 1.0),
        fn=_tanh,
        der=_tanh_der,
        code="def tanh(z):\n    return np.tanh(z)\n",
    ),
    "relu": _ReLU(
        name="relu",
        label="ReLU",
        formula="ReLU(z) = max(0, z)",
        derivative="ReLU′(z) = 1 if z > 0 else 0",
        range="[0, ∞)",
        bounds=(0.0, math.inf),
        fn=_relu,
        der=_relu_der,
        code="def relu(z):\n    return np.maximum(z, 0)\n",
    ),
    "leaky_relu": leaky_relu(DEFAULT_LEAKY_SLOPE),
    "linear": _Linear(
        name="linear",
        label="Linear",
        formula="f(z) = z",
        derivative="f′(z) = 1",
        range="(−∞, ∞)",
        bounds=(-math.inf, math.inf),
        fn=_linear,
        der=_linear_der,
        code="def linear(z):\n    return z\n",
    ),
    "step": Activation(
        name="step",
        label="Step",
        formula="step(z) = 1 if z > 0 else 0",
        derivative="step′(z) = 0 for z ≠ 0; undefined at 0 (0 is used)",
        range="{0, 1}",
        bounds=(0.0, 1.0),
        fn=_step,
        der=_step_der,
        code="def step(z):\n    return (z > 0).astype(z.dtype)\n",
    ),
    "elu": Activation(
        name="elu",
        label="ELU",
        formula="ELU(z) = z if z > 0 else α(e^z − 1), α = 1",
        derivative="ELU′(z) = 1 if z > 0 else αe^z",
        range="(−1, ∞)",
        bounds=(-1.0, math.inf),
        fn=_elu,
        der=_elu_der,
        code="def elu(z):\n    return np.where(z > 0, z, np.expm1(np.minimum(z, 0)))\n",
    ),
    "softplus": Activation(
        name="softplus",
        label="Softplus",
        formula="softplus(z) = ln(1 + e^z)",
        derivative="softplus′(z) = σ(z)",
        range="(0, ∞)",
        bounds=(0.0, math.inf),
        fn=_softplus,
        der=_softplus_der,
        code="def softplus(z):\n    return np.logaddexp(0, z)\n",
    ),
    "gelu": Activation(
        name="gelu",
        label="GELU",
        formula="GELU(z) ≈ ½z(1 + tanh(√(2/π)(z + 0.044715z³)))",
        derivative="GELU′(z) = ½(1 + t) + ½z(1 − t²)√(2/π)(1 + 0.134145z²), t = tanh(…)",
        range="about [−0.17, ∞)",
        bounds=(-0.171, math.inf),
        fn=_gelu,
        der=_gelu_der,
        code=(
            "def gelu(z):\n"
            f"    return 0.5 * z * (1 + np.tanh({GELU_C!r} * (z + {GELU_K!r} * z**3)))\n"
        ),
    ),
    "silu": Activation(
        name="silu",
        label="SiLU (Swish)",
        formula="SiLU(z) = z·σ(z)",
        derivative="SiLU′(z) = σ(z)(1 + z(1 − σ(z)))",
        range="about [−0.28, ∞)",
        bounds=(-0.2785, math.inf),
        fn=_silu,
        der=_silu_der,
        code="def silu(z):\n    return z * (np.tanh(z * 0.5) * 0.5 + 0.5)\n",
    ),
    "softmax": _Softmax(
        name="softmax",
        label="Softmax",
        formula="softmax(z)ᵢ = e^(zᵢ) / Σⱼ e^(zⱼ)",
        derivative="∂aᵢ/∂zⱼ = aᵢ(δᵢⱼ − aⱼ)",
        range="(0, 1), summing to 1",
        bounds=(0.0, 1.0),
        fn=_softmax,
        der=_softmax_der,
        code=(
            "def softmax(z):\n"
            "    e = np.exp(z - np.max(z, axis=-1, keepdims=True))\n"
            "    return e / np.sum(e, axis=-1, keepdims=True)\n"
        ),
        hidden_ok=False,
    ),
}


def get_activation(name: str, slope: float = DEFAULT_LEAKY_SLOPE) -> Activation:
    """Look up an activation by name; leaky_relu is built with the given slope."""
    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; choose from {sorted(ACTIVATIONS)}")
    if name == "leaky_relu" and slope != DEFAULT_LEAKY_SLOPE:
        return leaky_relu(slope)
    return ACTIVATIONS[name]


def softmax(values, axis: int = -1) -> np.ndarray:
    """Turn scores into probabilities: softmax([2, 4]) -> array([0.119, 0.881]).

    Works on plain lists and on arrays (along ``axis``) in float64, for any finite values
    (1e4 included): the maximum is subtracted first, so no exponent is positive.
    """
    z = np.asarray(values, dtype=np.float64)
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)
