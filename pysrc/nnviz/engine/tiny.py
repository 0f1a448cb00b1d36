"""A fast path for tiny networks trained on one example: plain Python floats instead of numpy.

With a handful of neurons per layer (a teaching network such as 2-2-2 or 4-4-4-4-4) and one
training example, each numpy call of ``Network.step`` costs far more than its arithmetic (a
few µs of call overhead for four multiplications, several times more in the browser's
Pyodide). This module does the same SGD steps and the same finite-difference check with Python
floats, for the networks it supports, and writes the result back into the Network:

    tiny = Tiny.of(net)                    # None unless supported(net)
    run = tiny.sgd(x, y, lr=0.5, n=100)    # x (sizes[0],), y (sizes[-1],)
    run.losses                             # [C before update 1, …, C before the last update made]
    run.diverged                           # True: stopped before a step that would be non-finite
    tiny.store(net)                        # net's weights and biases := the trained ones
    tiny.numerical_gradient(x, y)          # trace.Gradient by central differences (ε = 1e-6)
    batched_numerical_gradient(net, x, y)  # the same, every ±ε copy of the network in one numpy pass

The arithmetic is the engine's, in the same order: zˡ = aˡ⁻¹ Wˡ + bˡ, aˡ = fˡ(zˡ) with f from
the activation table's formulas (sigmoid as (1 + tanh(z/2)) / 2, f′(0) = 0 for ReLU, leaky
slope ``net.leaky_slope``); half_sse with any of those outputs, or softmax + cross_entropy by
the fused rule (log-sum-exp, δᴸ = a − y); SGD folds η into δᴸ as ``Network.step`` does (loss
scale η), so each update is w − (∂(ηC)/∂w). Results agree with ``Network.step`` and
``numerical_gradient`` to rounding (tests/unit/engine/test_engine_tiny.py).

Supported: float64 networks without regularisation or dropout, activations sigmoid, tanh,
relu, leaky_relu, linear, losses half_sse (elementwise output) and softmax + cross_entropy.
Anything else: ``Tiny.of`` returns None and the caller uses ``Network.step``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from operator import mul

import numpy as np

from .network import Network
from .trace import Gradient

ELEMENTWISE = ("sigmoid", "tanh", "relu", "leaky_relu", "linear")


def _f(name: str, slope: float):
    """Return (f, backward) on lists of floats for an activation of the table: f(z) -> a, and
    backward(g, z, a) -> g ⊙ f′(z) (one call per layer, not per neuron)."""
    tanh = math.tanh
    if name == "sigmoid":
        return ((lambda z: [tanh(v * 0.5) * 0.5 + 0.5 for v in z]),
                (lambda g, z, a: [gi * (ai * (1 - ai)) for gi, ai in zip(g, a, strict=True)]))
    if name == "tanh":
        return ((lambda z: list(map(tanh, z))),
                (lambda g, z, a: [gi * (1 - ai * ai) for gi, ai in zip(g, a, strict=True)]))
    if name == "relu":  # f′(0) = 0, as the engine takes it
        return ((lambda z: [v if v > 0 else 0.0 for v in z]),
                (lambda g, z, a: [gi * (zi > 0) for gi, zi in zip(g, z, strict=True)]))
    if name == "leaky_relu":
        return ((lambda z: [v if v > 0 else v * slope for v in z]),
                (lambda g, z, a: [gi * (1.0 if zi > 0 else slope) for gi, zi in zip(g, z, strict=True)]))
    return (lambda z: list(z)), (lambda g, z, a: g)


def supported(net: Network) -> bool:
    """True when :class:`Tiny` computes exactly what ``net.step`` with SGD would."""
    acts = [*net.hidden, net.output]
    loss_ok = (net.output == "softmax" and net.loss == "cross_entropy") or (
        net.loss == "half_sse" and net.output in ELEMENTWISE)
    return (net.dtype == np.float64 and loss_ok and all(a in ELEMENTWISE for a in acts[:-1])
            and (net.regularization is None or net.reg_rate == 0.0)
            and not any(net.dropout_rates))


@dataclass(frozen=True)
class SgdRun:
    losses: list  # the loss before each update made
    diverged: bool  # stopped at a step whose loss, gradient or new weights were not finite


class Tiny:
    """A network's weights as lists of floats: ``w[l][j]`` is the list of neuron j's incoming
    weights (the engine's column ``weights[l][:, j]``), ``b[l][j]`` its bias."""

    def __init__(self, net: Network):
        self.sizes = tuple(net.sizes)
        self.w = [W.T.tolist() for W in net.weights]
        self.b = [b.tolist() for b in net.biases]
        slope = net.leaky_slope
        self.fs = [_f(name, slope) for name in net.hidden]
        self.softmax = net.output == "softmax"
        self.fs.append(None if self.softmax else _f(net.output, slope))

    @classmethod
    def of(cls, net: Network) -> Tiny | None:
        return cls(net) if supported(net) else None

    def store(self, net: Network) -> None:
        """Write the weights and biases into ``net`` (its views, in place)."""
        for W, b, w_l, b_l in zip(net.weights, net.biases, self.w, self.b, strict=True):
            W[...] = np.asarray(w_l).T
            b[...] = b_l
        net.parameters_changed()

    # ----- forward and backward on one example -------------------------------------------------
    def _forward(self, x, y, w, b):
        """Return (zs, activations, loss) for weights w, b: activations[0] is x."""
        acts, zs = [x], []
        a = x
        last = len(w) - 1
        for l, (w_l, b_l) in enumerate(zip(w, b, strict=True)):
            z = [sum(map(mul, row, a)) + bj for row, bj in zip(w_l, b_l, strict=True)]
            zs.append(z)
            if l == last and self.softmax:
                top = max(z)
                zm = [v - top for v in z]
                e = [math.exp(v) for v in zm]
                s = sum(e)
                a = [v / s for v in e]
                loss = math.log(s) - sum(map(mul, y, zm))
            else:
                a = self.fs[l][0](z)
            acts.append(a)
        if not self.softmax:
            loss = 0.5 * sum((ai - yi) * (ai - yi) for ai, yi in zip(a, y, strict=True))
        return zs, acts, loss

    def loss(self, x, y) -> float:
        """Return C for one example x (sizes[0],), targets y (sizes[-1],)."""
        return self._forward(list(map(float, x)), list(map(float, y)), self.w, self.b)[2]

    def sgd(self, x, y, lr: float, n: int) -> SgdRun:
        """Make up to ``n`` SGD updates with learning rate ``lr`` on the one example (x, y)."""
        x, y = [float(v) for v in x], [float(v) for v in y]
        scale = float(lr) or 1.0
        lr_zero = float(lr) == 0.0
        w, b, fs, softmax = self.w, self.b, self.fs, self.softmax
        last = len(w) - 1
        losses: list[float] = []
        isfinite = math.isfinite
        for _ in range(n):
            zs, acts, loss = self._forward(x, y, w, b)
            if not isfinite(loss):
                return SgdRun(losses, True)
            out = acts[-1]
            delta = [(ai - yi) * scale for ai, yi in zip(out, y, strict=True)]
            if not softmax:
                delta = fs[last][1](delta, zs[last], out)
            new_w, new_b = [None] * len(w), [None] * len(w)
            for l in range(last, -1, -1):
                a_in, w_l = acts[l], w[l]
                if lr_zero:
                    new_w[l], new_b[l] = [list(r) for r in w_l], list(b[l])
                else:
                    new_w[l] = [[wk - d * ak for wk, ak in zip(row, a_in, strict=True)]
                                for row, d in zip(w_l, delta, strict=True)]
                    new_b[l] = [bj - d for bj, d in zip(b[l], delta, strict=True)]
                if l:  # δˡ⁻¹ = (δˡ Wˡᵀ) ⊙ f′(zˡ⁻¹): column k of the rows is input k's weights
                    back = [sum(map(mul, col, delta)) for col in zip(*w_l, strict=True)]
                    delta = fs[l - 1][1](back, zs[l - 1], a_in)
            # a NaN or ±inf anywhere makes the sum non-finite (so may a finite sum beyond 1e308:
            # then the caller's careful path, Network.step, decides)
            if not isfinite(sum(sum(map(sum, layer)) for layer in new_w) + sum(map(sum, new_b))):
                return SgdRun(losses, True)
            losses.append(loss)
            w, b = new_w, new_b
            self.w, self.b = w, b
        return SgdRun(losses, False)

    def numerical_gradient(self, x, y, eps: float = 1e-6) -> Gradient:
        """Return ∂C/∂Wˡ, ∂C/∂bˡ by central differences, shaped as engine.numerical_gradient's."""
        if not eps > 0:
            raise ValueError(f"eps must be positive, got {eps}")
        x, y = [float(v) for v in x], [float(v) for v in y]
        forward = self._forward

        def slope(values: list, k: int) -> float:
            """(C(v + ε) − C(v − ε)) / 2ε for the parameter values[k], put back afterwards."""
            old = values[k]
            values[k] = old + eps
            up = forward(x, y, self.w, self.b)[2]
            values[k] = old - eps
            down = forward(x, y, self.w, self.b)[2]
            values[k] = old
            return (up - down) / (2 * eps)

        grad_w, grad_b = [], []
        for w_l, b_l in zip(self.w, self.b, strict=True):
            gw = np.empty((len(w_l[0]), len(w_l)))
            for j, row in enumerate(w_l):
                for k in range(len(row)):
                    gw[k, j] = slope(row, k)
            gb = np.array([slope(b_l, j) for j in range(len(b_l))])
            gw.flags.writeable = gb.flags.writeable = False
            grad_w.append(gw)
            grad_b.append(gb)
        return Gradient(tuple(grad_w), tuple(grad_b), forward(x, y, self.w, self.b)[2])


def batched_numerical_gradient(net: Network, x, y, eps: float = 1e-6) -> Gradient:
    """Return ∂C/∂Wˡ, ∂C/∂bˡ of a supported network on one example by central differences, as
    engine.numerical_gradient does, but with all 2P copies of the network (each parameter +ε,
    then −ε) stacked and passed forward together: a few numpy calls per layer instead of 2P
    forward passes. E.g. 4-4-4-4-4 (80 parameters): 160 copies, stacks (160, 4, 4) per layer.
    """
    if not supported(net):
        raise ValueError("batched_numerical_gradient needs a network that engine.tiny supports")
    if not eps > 0:
        raise ValueError(f"eps must be positive, got {eps}")
    flat = np.concatenate([p.ravel() for p in net.parameters()]).astype(np.float64)
    n = flat.size
    copies = np.repeat(flat[None, :], 2 * n, axis=0)  # (2P, P): row i is p + ε eᵢ, row P + i is p − ε eᵢ
    at = np.arange(n)
    copies[at, at] += eps
    copies[n + at, at] -= eps
    a = np.asarray(x, dtype=np.float64).reshape(1, 1, -1)
    y = np.asarray(y, dtype=np.float64).reshape(1, 1, -1)
    start = 0
    for l, (n_in, n_out) in enumerate(zip(net.sizes[:-1], net.sizes[1:], strict=True)):
        mid, end = start + n_in * n_out, start + n_in * n_out + n_out
        z = np.matmul(a, copies[:, start:mid].reshape(-1, n_in, n_out)) + copies[:, mid:end].reshape(-1, 1, n_out)
        start = end
        if l < net.n_layers - 1 or net.output != "softmax":
            a = net.activations[l].fn(z)
    with np.errstate(all="ignore"):
        if net.output == "softmax":  # cross-entropy from the logits: log Σ e^z − Σ y z (log-sum-exp)
            zm = z - z.max(axis=-1, keepdims=True)
            loss = np.log(np.exp(zm).sum(axis=-1)) - (y * zm).sum(axis=-1)
        else:  # half_sse: ½ Σ (a − y)²
            loss = 0.5 * ((a - y) ** 2).sum(axis=-1)
    loss = loss.reshape(2 * n)
    grad = (loss[:n] - loss[n:]) / (2 * eps)
    grad_w, grad_b = [], []
    start = 0
    for n_in, n_out in zip(net.sizes[:-1], net.sizes[1:], strict=True):
        mid, end = start + n_in * n_out, start + n_in * n_out + n_out
        gw, gb = grad[start:mid].reshape(n_in, n_out).copy(), grad[mid:end].copy()
        gw.flags.writeable = gb.flags.writeable = False
        grad_w.append(gw)
        grad_b.append(gb)
        start = end
    return Gradient(tuple(grad_w), tuple(grad_b), Tiny(net).loss(np.ravel(x), np.ravel(y)))
