"""Backpropagation for one example, written out with the numbers the chapter shows.

For image x with correct digit y, in the chapter's layer numbering (l = 1…4, a⁽⁰⁾ = x):

  forward       z⁽ˡ⁾ = W⁽ˡ⁾ᵀ a⁽ˡ⁻¹⁾ + b⁽ˡ⁾,   a⁽ˡ⁾ = f(z⁽ˡ⁾)   (ReLU; softmax at l = 4)
  cost          C = −log a⁽⁴⁾_y                                (cross-entropy, one example)
  output error  δ⁽⁴⁾ = a⁽⁴⁾ − e_y                              (softmax + cross-entropy)
  hidden error  δ⁽ˡ⁾ = (W⁽ˡ⁺¹⁾ δ⁽ˡ⁺¹⁾) ⊙ f′(z⁽ˡ⁾)
  gradient      ∂C/∂W⁽ˡ⁾ᵢⱼ = a⁽ˡ⁻¹⁾ᵢ δ⁽ˡ⁾ⱼ,   ∂C/∂b⁽ˡ⁾ⱼ = δ⁽ˡ⁾ⱼ
  update        w ← w − η ∂C/∂w

(Stored as in the engine, W⁽ˡ⁾ has shape (n_{l−1}, n_l), so z = Wᵀa is written ``a @ W``.)
:func:`follow` picks one neuron j of one layer and returns every number on its path; a test
checks the gradients against the engine's own backward pass.

Left out on purpose: the quadratic cost of the seed's formulas (with softmax outputs its output
error would need the full softmax Jacobian; the chapter says so in words).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from nnviz.chapters.mnist.model import inspect
from nnviz.engine import Network


@dataclass(frozen=True)
class Term:
    """One product in a sum: ``index`` of the input unit (or pixel), its weight and its value."""

    index: int
    weight: float
    value: float

    @property
    def product(self) -> float:
        return self.weight * self.value


@dataclass(frozen=True)
class Followed:
    """The numbers of one backpropagation step, seen from neuron ``index`` of ``layer``.

    ``terms``: the 3 largest |wᵢ·aᵢ| of its z (out of ``fan_in``); ``back_terms``: the 3 largest
    |Wⱼₖ δₖ| of Σₖ Wⱼₖ δₖ (hidden layers only); ``source``: the input whose weight is updated
    (the one that contributes most to z).
    """

    label: int
    cost: float
    layer: int
    index: int
    z: float
    a: float
    bias: float
    fan_in: int
    terms: tuple[Term, ...]
    probabilities: np.ndarray  # (10,)
    output_delta: np.ndarray  # (10,) = a − e_y
    back_sum: float
    back_terms: tuple[Term, ...]
    fprime: float
    delta: float
    source: int
    source_value: float
    weight: float
    gradient: float
    lr: float
    new_weight: float
    deltas: tuple[np.ndarray, ...]  # δ⁽¹⁾ … δ⁽⁴⁾


def deltas_for(net: Network, zs, acts, label: int) -> list[np.ndarray]:
    """Return [δ⁽¹⁾, …, δ⁽ᴸ⁾] for one example (zs, acts as in mnist_model.Look)."""
    L = len(net.weights)
    y = np.zeros(net.sizes[-1])
    y[label] = 1.0
    deltas = [None] * (L + 1)
    deltas[L] = acts[L].astype(np.float64) - y
    for l in range(L - 1, 0, -1):
        back = net.weights[l].astype(np.float64) @ deltas[l + 1]
        deltas[l] = back * (zs[l] > 0)
    return deltas[1:]


def cost_of(z_out, label: int) -> float:
    """Return −log softmax(z)_label, computed stably (log-sum-exp)."""
    z = np.asarray(z_out, dtype=np.float64)
    m = float(z.max())
    return m + math.log(float(np.exp(z - m).sum())) - float(z[label])


def follow(net: Network, image, label: int, layer: int, index: int, lr: float) -> Followed:
    """Compute every number of the chapter's "backprop with numbers" panel (see module doc)."""
    look = inspect(net, image)
    zs, acts = look.zs, look.acts
    deltas = deltas_for(net, zs, acts, label)
    W = net.weights[layer - 1]
    a_in = acts[layer - 1].astype(np.float64)
    w_col = W[:, index].astype(np.float64)
    products = w_col * a_in
    top = np.argsort(-np.abs(products), kind="stable")[:3]
    terms = tuple(Term(int(i), float(w_col[i]), float(a_in[i])) for i in top)
    delta = float(deltas[layer - 1][index])
    if layer < len(net.weights):
        out_w = net.weights[layer][index].astype(np.float64)  # weights to the next layer
        nxt = deltas[layer]
        back = out_w * nxt
        order = np.argsort(-np.abs(back), kind="stable")[:3]
        back_terms = tuple(Term(int(k), float(out_w[k]), float(nxt[k])) for k in order)
        back_sum = float(back.sum())
        fprime = 1.0 if zs[layer][index] > 0 else 0.0
    else:
        back_terms, back_sum, fprime = (), delta, 1.0
    source = int(top[0])
    gradient = float(a_in[source]) * delta
    weight = float(w_col[source])
    return Followed(
        label=int(label),
        cost=cost_of(zs[-1], label),
        layer=layer,
        index=index,
        z=float(zs[layer][index]),
        a=float(acts[layer][index]),
        bias=float(net.biases[layer - 1][index]),
        fan_in=int(W.shape[0]),
        terms=terms,
        probabilities=acts[-1].astype(np.float64),
        output_delta=deltas[-1],
        back_sum=back_sum,
        back_terms=back_terms,
        fprime=fprime,
        delta=delta,
        source=source,
        source_value=float(a_in[source]),
        weight=weight,
        gradient=gradient,
        lr=float(lr),
        new_weight=weight - lr * gradient,
        deltas=tuple(deltas),
    )
