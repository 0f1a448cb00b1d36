"""The backward trace: every number backpropagation computes, per layer, for chapters to show.

    tr = backward_trace(net, X, Y)     # net.sizes = [2, 3, 1], X (5, 2), Y (5, 1)
    tr.deltas[0]                       # δ¹ = ∂C/∂z¹, (5, 3)
    tr.grad_w[1], tr.grad_b[1]         # ∂C/∂W², (3, 1) and ∂C/∂b², (1,)
    check = numerical_gradient(net, X, Y)
    check.grad_w[1]                    # the same numbers by central finite differences

Notation (Nielsen's), with layers numbered 1 … L in prose and 0 … L − 1 in the lists
(``tr.zs[0]`` is z¹): zˡ = aˡ⁻¹ Wˡ + bˡ, aˡ = fˡ(zˡ), a⁰ = X, and C is the network's loss of the
whole batch (a mean over the samples, see losses.py), plus its weight penalty if it has one.

Weight layout: rows are samples, so Wˡ has shape (n_in, n_out) — ``net.weights[0][i, j]`` is the
weight from input unit i to hidden unit j — and the textbook formulas appear transposed:

  output error   δᴸ = ∇ₐC ⊙ fᴸ′(zᴸ)                 rule "elementwise" (any elementwise fᴸ)
                 δᴸ = (aᴸ − y) / N  or  / NK       rule "fused" (softmax + cross-entropy, or
                                                   sigmoid + bce: the loss table's FUSED forms)
                 δᴸ = ∇ₐC · J_softmax(zᴸ)           rule "jacobian" (softmax with squared errors)
  hidden error   δˡ = (δˡ⁺¹ Wˡ⁺¹ᵀ) ⊙ fˡ′(zˡ)        i.e. Nielsen's (Wˡ⁺¹)ᵀ δˡ⁺¹ ⊙ f′(zˡ) per sample
  gradients      ∂C/∂Wˡ = aˡ⁻¹ᵀ δˡ (+ reg_rate · R′(Wˡ)),   ∂C/∂bˡ = Σₙ δˡ

C is a batch mean, so row n of a batch's δˡ is sample n's own δˡ (its trace as one example)
divided by N; the losses carry no ½ (losses.py), so sse's δ is twice that of C = ½‖a − y‖².

The numbers come from ``Network.backward``, the very pass ``Network.step`` trains with (loss scale
1, no dropout), so the trace's ∂W, ∂b are exactly the training gradients; every f and f′ comes
from the activation table and every loss and ∇ₐC from the loss table.

Shapes for sizes [2, 3, 1] and a batch of 5 (a single example x of shape (2,) gives the same with
the leading 5 dropped, e.g. zs [(3,), (1,)], while grad_w and grad_b keep their shapes):

  inputs   [(5, 2), (5, 3)]    aˡ⁻¹, what layer l reads (inputs[0] is X)
  zs       [(5, 3), (5, 1)]    zˡ
  outputs  [(5, 3), (5, 1)]    aˡ = fˡ(zˡ)
  fprimes  [(5, 3), (5, 1)]    fˡ′(zˡ) (softmax: the Jacobian's diagonal aᵢ(1 − aᵢ))
  deltas   [(5, 3), (5, 1)]    δˡ = ∂C/∂zˡ
  grad_w   [(2, 3), (3, 1)]    ∂C/∂Wˡ
  grad_b   [(3,), (1,)]        ∂C/∂bˡ
  grad_out (5, 1)              ∇ₐC at the output, from the loss table (its logs clipped at 1e-7)
  targets  (5, 1)              y

Left out on purpose: dropout (a trace shows the deterministic network), second derivatives.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .losses import FUSED, get_loss
from .network import Network

RULES = ("fused", "elementwise", "jacobian")


def _frozen(a: np.ndarray) -> np.ndarray:
    a.flags.writeable = False
    return a


@dataclass(frozen=True)
class BackwardTrace:
    """One forward and backward pass through a network, per layer (see the module docstring).

    All arrays are read-only copies in the network's dtype; the lists are tuples.
    """

    sizes: tuple[int, ...]
    activations: tuple[str, ...]  # fˡ's name per layer, e.g. ("tanh", "sigmoid")
    loss_name: str
    rule: str  # how δᴸ was formed: one of RULES
    single: bool  # True when X was one example (d,): per-sample arrays have no batch axis
    inputs: tuple[np.ndarray, ...]
    zs: tuple[np.ndarray, ...]
    outputs: tuple[np.ndarray, ...]
    fprimes: tuple[np.ndarray, ...]
    deltas: tuple[np.ndarray, ...]
    grad_w: tuple[np.ndarray, ...]
    grad_b: tuple[np.ndarray, ...]
    grad_out: np.ndarray
    targets: np.ndarray
    loss: float  # C: the data loss plus the penalty, as net.evaluate(X, Y) gives it
    penalty: float  # the weight penalty's part of ``loss`` (0.0 without regularisation)

    @property
    def n_layers(self) -> int:
        """Return the number of weight layers L: sizes [2, 3, 1] -> 2."""
        return len(self.grad_w)

    @property
    def output(self) -> np.ndarray:
        """Return aᴸ, the network's output: (5, 1) for the example above."""
        return self.outputs[-1]

    @property
    def grad_norms(self) -> list[float]:
        """Return ‖(∂C/∂Wˡ, ∂C/∂bˡ)‖₂ per layer, as StepMetrics.grad_norms reports it."""
        return gradient_norms(self)

    @property
    def weight_grad_norms(self) -> list[float]:
        """Return ‖∂C/∂Wˡ‖ (Frobenius) per layer, biases left out."""
        return [float(np.linalg.norm(w)) for w in self.grad_w]


@dataclass(frozen=True)
class Gradient:
    """∂C/∂Wˡ and ∂C/∂bˡ per layer with the loss C, shaped as in BackwardTrace."""

    grad_w: tuple[np.ndarray, ...]
    grad_b: tuple[np.ndarray, ...]
    loss: float

    def flat(self) -> np.ndarray:
        """Return every entry in the network's order [W⁰ (row-major), b⁰, W¹, b¹, …]."""
        return np.concatenate(
            [p.ravel() for pair in zip(self.grad_w, self.grad_b, strict=True) for p in pair]
        )


def _rule(net: Network) -> str:
    if (net.output, net.loss) in FUSED:
        return "fused"
    return "jacobian" if net.output == "softmax" else "elementwise"


def backward_trace(net: Network, X, Y, dtype=None) -> BackwardTrace:
    """Return the BackwardTrace of ``net`` on inputs X (n, sizes[0]) or (sizes[0],), targets Y.

    Y has one row per sample, (n, sizes[-1]) (or anything of that size, e.g. (n,) for one
    output). E.g. for Mazur's 2-2-2 example, backward_trace(net, [0.05, 0.10], [0.01, 0.99]).
    ``dtype="float64"`` traces a float64 twin of a float32 network (same weights, exactly), for
    displays that print many digits; by default the trace is in the network's own dtype.
    """
    if dtype is not None and np.dtype(dtype) != net.dtype:
        net = twin(net, dtype)
    single = np.ndim(X) == 1
    b = net.backward(X, Y)
    fprimes = [act.der(z, a) for act, z, a in zip(net.activations, b.zs, b.outs, strict=True)]
    with np.errstate(all="ignore"):
        dC_da = np.asarray(get_loss(net.loss).der(b.outs[-1], b.targets), dtype=net.dtype)

    def sample(arrays):
        return tuple(_frozen(a[0].copy() if single else a) for a in arrays)

    return BackwardTrace(
        sizes=tuple(net.sizes),
        activations=tuple(act.name for act in net.activations),
        loss_name=net.loss,
        rule=_rule(net),
        single=single,
        inputs=sample(b.inputs),
        zs=sample(b.zs),
        outputs=sample(b.outs),
        fprimes=sample(fprimes),
        deltas=sample(b.deltas),
        grad_w=tuple(_frozen(g) for g in b.grad_w),
        grad_b=tuple(_frozen(g) for g in b.grad_b),
        grad_out=sample([dC_da])[0],
        targets=sample([b.targets])[0],
        loss=b.loss,
        penalty=b.penalty,
    )


def numerical_partial(net: Network, X, Y, layer: int, kind: str, index, eps: float = 1e-6):
    """Return (C(p + ε) − C(p − ε)) / 2ε for one parameter p of ``net``, evaluated in float64.

    ``kind`` is "W" or "b"; ``index`` is (i, j) into Wˡ (from unit i of layer l − 1 to unit j) or
    j into bˡ; ``layer`` counts from 0. E.g. numerical_partial(net, X, Y, 1, "W", (0, 0)) checks
    ∂C/∂W² from hidden unit 1 to output 1. The network is left exactly as it was.
    """
    return _numerical(net, X, Y, eps, [(layer, kind, index)])[0]


def numerical_gradient(net: Network, X, Y, eps: float = 1e-6) -> Gradient:
    """Return ∂C/∂Wˡ, ∂C/∂bˡ for every parameter by central finite differences (in float64).

    Costs 2 forward passes per parameter (a 2-3-1 network: 13 parameters, 26 passes), so meant for
    the small networks a "numerical check" column shows. Same shapes as backward_trace's grad_w, grad_b.
    """
    where = []
    for l, (W, b) in enumerate(zip(net.weights, net.biases, strict=True)):
        where += [(l, "W", ij) for ij in np.ndindex(W.shape)]
        where += [(l, "b", (j,)) for j in range(b.size)]
    values = iter(_numerical(net, X, Y, eps, where))
    dW, db = [], []
    for W, b in zip(net.weights, net.biases, strict=True):
        dW.append(_frozen(np.fromiter(values, float, W.size).reshape(W.shape)))
        db.append(_frozen(np.fromiter(values, float, b.size)))
    return Gradient(tuple(dW), tuple(db), _float64_copy(net).evaluate(X, Y))


def twin(net: Network, dtype="float64") -> Network:
    """Return a new Network with the settings and weights of ``net`` in another dtype, e.g. a
    float64 twin of a float32 network (float32 values convert to float64 exactly)."""
    from .serialize import from_arrays, to_arrays

    header, arrays = to_arrays(net)
    return from_arrays({**header, "dtype": np.dtype(dtype).name}, arrays).network


def _float64_copy(net: Network) -> Network:
    """A float64 twin, so differences of nearby losses are not swamped by float32 rounding."""
    return twin(net, "float64")


def _numerical(net, X, Y, eps, where) -> list[float]:
    if not eps > 0:
        raise ValueError(f"eps must be positive, got {eps}")
    twin = _float64_copy(net)
    X = np.asarray(X, dtype=np.float64)
    out = []
    for layer, kind, index in where:
        if kind not in ("W", "b"):
            raise ValueError(f'kind must be "W" or "b", got {kind!r}')
        params = (twin.weights if kind == "W" else twin.biases)[layer]
        index = tuple(np.atleast_1d(index))
        old = params[index]
        params[index] = old + eps
        up = twin.evaluate(X, Y)
        params[index] = old - eps
        down = twin.evaluate(X, Y)
        params[index] = old
        out.append((up - down) / (2 * eps))
    return out


def weight_norms(net: Network) -> list[float]:
    """Return ‖Wˡ‖ (Frobenius) per layer, e.g. [1.9, 0.8] for sizes [2, 3, 1]: a monitor's
    "weight size" column (biases left out)."""
    return [float(np.linalg.norm(W)) for W in net.weights]


def gradient_norms(grad) -> list[float]:
    """Return ‖(∂C/∂Wˡ, ∂C/∂bˡ)‖₂ per layer of a BackwardTrace or Gradient (or anything with
    grad_w and grad_b), e.g. to set next to weight_norms."""
    return [
        math.sqrt(float(np.vdot(w, w)) + float(np.vdot(b, b)))
        for w, b in zip(grad.grad_w, grad.grad_b, strict=True)
    ]
