"""The chapter's network and every number it shows, read from the engine's backward trace.

    net = build(state)                       # an engine Network (float64) with the state's w
    snap = Snapshot.of(state)                # trace + numerical check, in the chapter's notation
    snap.a[2][0], snap.delta[2][0]           # a²₁ and δ²₁ (layers counted 0 … L, neurons from 0)
    snap.grad[6], snap.numeric[6]            # ∂C/∂w²₁₁ by backpropagation and by finite differences

Notation (seed 002's): zˡ = Wˡ aˡ⁻¹ + bˡ, aˡ = f(zˡ), where Wˡⱼₖ joins neuron k of layer l − 1 to
neuron j of layer l. The engine stores the transpose (rows are samples: its ``weights[l − 1][k, j]``
is our Wˡⱼₖ); :class:`Params` maps the chapter's ``w`` list (state.py) to engine entries and back.
No number here is computed twice: a, z, f′, δ, ∇ₐC, ∂C/∂W, ∂C/∂b and C are the trace's, the
check column is the engine's central finite difference, and "Update" is the engine's SGD step.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import pairwise

import numpy as np

from nnviz.chapters.backprop.state import ACTIVATIONS, LOSSES, State, keep
from nnviz.chapters.backprop.text import sub, sup
from nnviz.engine import SGD, Network, backward_trace, numerical_gradient
from nnviz.engine.tiny import batched_numerical_gradient, supported


@dataclass(frozen=True)
class Param:
    """One entry of the ``w`` list: a weight Wˡⱼₖ (``k`` ≥ 0) or a bias bˡⱼ (``k`` = −1)."""

    index: int  # position in the w list
    layer: int  # l = 1 … L
    j: int  # the neuron it belongs to, from 0
    k: int  # the neuron of layer l − 1 it reads, from 0; −1 for the bias

    @property
    def is_bias(self) -> bool:
        return self.k < 0

    @cached_property  # these two are read for every parameter on every step: made once
    def name(self) -> str:
        """Return "w²₁₂" (from neuron 2 of layer 1 into neuron 1 of layer 2) or "b²₁"."""
        if self.is_bias:
            return f"b{sup(self.layer)}{sub(self.j + 1)}"
        return f"w{sup(self.layer)}{sub(self.j + 1)}{sub(self.k + 1)}"

    @cached_property
    def element_id(self) -> str:
        """Return the SVG id of its edge or bias: "edge-2-1-0" (layer, j, k) or "bias-2-1"."""
        return f"bias-{self.layer}-{self.j}" if self.is_bias else f"edge-{self.layer}-{self.j}-{self.k}"


def params_of(sizes) -> list[Param]:
    """Return the Params in ``w`` order: for (2, 2, 2), w¹₁₁ w¹₁₂ b¹₁ w¹₂₁ w¹₂₂ b¹₂ w²₁₁ …"""
    return list(_params(tuple(sizes)))


@lru_cache(maxsize=32)
def _params(sizes: tuple[int, ...]) -> tuple[Param, ...]:
    """The Params of one shape, made once: every snapshot of that shape shares them, and so their
    names and element ids, formatted on first use (an update or a run reads all of them)."""
    out = []
    for l, (n_in, n_out) in enumerate(pairwise(sizes), start=1):
        for j in range(n_out):
            out += [Param(len(out) + k, l, j, k) for k in range(n_in)]
            out.append(Param(len(out), l, j, -1))
    return tuple(out)


def to_engine(sizes, w) -> np.ndarray:
    """Return the engine's flat order [W⁰ (n_in, n_out) row-major, b⁰, W¹, b¹, …] of a ``w`` list."""
    out, start = [], 0
    for n_in, n_out in pairwise(sizes):
        block = np.asarray(w[start:start + n_out * (n_in + 1)], dtype=np.float64).reshape(n_out, n_in + 1)
        out += [block[:, :n_in].T.ravel(), block[:, n_in]]  # our row j (Wⱼ· then bⱼ) is the engine's column j
        start += n_out * (n_in + 1)
    return np.concatenate(out)


def from_engine(sizes, weights, biases) -> list[float]:
    """Return the ``w`` list of engine arrays (``weights[l]`` (n_in, n_out), ``biases[l]`` (n_out,))."""
    out: list[float] = []
    for W, b in zip(weights, biases, strict=True):
        for column, bias in zip(np.asarray(W).T.tolist(), np.asarray(b).tolist(), strict=True):  # no numpy call per entry
            out += column
            out.append(bias)
    return out


def build(state: State) -> Network:
    """Return the engine network of ``state`` (float64): f on every layer, softmax at the output
    for cross-entropy, and the state's weights."""
    f = ACTIVATIONS[state.f]
    ce = state.loss == "ce"
    net = Network(list(state.layers), hidden=f, output="softmax" if ce else f, loss=LOSSES[state.loss],
                  init="zeros", seed=0, dtype="float64")
    flat = to_engine(state.layers, state.w)
    start = 0
    for W, b in zip(net.weights, net.biases, strict=True):
        W[...] = flat[start:start + W.size].reshape(W.shape)
        start += W.size
        b[...] = flat[start:start + b.size]
        start += b.size
    net.parameters_changed()
    return net


AGREE_REL, AGREE_ABS = 1e-6, 1e-9  # 6 significant digits; an absolute floor for gradients ≈ 0


def agrees(analytic: float, numeric: float) -> bool:
    """True when the two agree to 6 significant digits (or both are within 10⁻⁹ of zero)."""
    return abs(analytic - numeric) <= AGREE_REL * max(abs(analytic), abs(numeric)) + AGREE_ABS


class Snapshot:
    """Every number of one forward and backward pass of the state's network, per layer 0 … L.

    Lists are indexed by the layer l (index 0 is the input layer, so ``z[0]`` and ``delta[0]`` are
    None); each entry is a 1-D array over that layer's neurons. ``grad``, ``numeric`` and
    ``after`` are in ``w`` order.
    """

    def __init__(self, state: State, net: Network | None = None):
        self.state = state
        self.sizes = tuple(state.layers)
        self.net = net or build(state)
        x, y = np.asarray(state.x, float), np.asarray(state.y, float)
        self.trace = tr = backward_trace(self.net, x, y)
        self.params = params_of(self.sizes)
        self.a = [tr.inputs[0], *tr.outputs]
        self.z = [None, *tr.zs]
        self.fprime = [None, *tr.fprimes]
        self.delta = [None, *tr.deltas]
        self.grad_out = tr.grad_out  # ∇ₐC at the output
        self.y = tr.targets
        self.loss = float(tr.loss)
        self.rule = tr.rule  # "elementwise" (half squared error) or "fused" (softmax + cross-entropy)
        self.w = list(state.w)
        self.grad = from_engine(self.sizes, tr.grad_w, tr.grad_b)
        self.lr = state.lr

    @classmethod
    def of(cls, state: State) -> Snapshot:
        return cls(state)

    @cached_property
    def numeric(self) -> list[float]:
        """∂C/∂p for every parameter by central finite differences (the engine's, ε = 10⁻⁶)."""
        x, y = np.asarray(self.state.x, float), np.asarray(self.state.y, float)
        # the same central differences with every ±ε copy in one numpy pass (engine.tiny), where supported
        num = batched_numerical_gradient(self.net, x, y) if supported(self.net) else numerical_gradient(self.net, x, y)
        return from_engine(self.sizes, num.grad_w, num.grad_b)

    @property
    def after(self) -> list[float]:
        """Each parameter after one update, p − η ∂C/∂p (what the "Update" step writes)."""
        return [p - self.lr * g for p, g in zip(self.w, self.grad, strict=True)]

    def weight(self, layer: int, j: int, k: int) -> float:
        """Return Wˡⱼₖ (from neuron k of layer l − 1 to neuron j of layer l)."""
        return float(self.net.weights[layer - 1][k, j])

    def bias(self, layer: int, j: int) -> float:
        return float(self.net.biases[layer - 1][j])

    def param(self, index: int) -> Param:
        return self.params[index]

    def agreement(self) -> tuple[list[int], float]:
        """Return the indices where backpropagation and the check disagree, and the largest
        relative difference over all parameters."""
        bad, worst = [], 0.0
        for i, (g, n) in enumerate(zip(self.grad, self.numeric, strict=True)):
            if not agrees(g, n):
                bad.append(i)
            scale = max(abs(g), abs(n))
            if scale > AGREE_ABS:
                worst = max(worst, abs(g - n) / scale)
        return bad, worst


def update(state: State) -> tuple[tuple[float, ...], float, bool]:
    """Take one engine SGD step with η = state.lr; return (new w as the link keeps it, the loss
    before the step, diverged). A diverged step leaves the weights as they were."""
    net = build(state)
    x, y = np.asarray([state.x], float), np.asarray([state.y], float)
    metrics = net.step(x, y, SGD(state.lr))
    w = tuple(keep(v) for v in from_engine(state.layers, net.weights, net.biases))
    return (state.w if metrics.diverged else w), float(metrics.loss), bool(metrics.diverged)
