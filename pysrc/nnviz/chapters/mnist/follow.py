"""Backpropagation for one example, written out with the numbers the chapter shows.

For image x with correct digit y, in the chapter's layer numbering (l = 1…4, a⁽⁰⁾ = x):

  forward       z⁽ˡ⁾ = W⁽ˡ⁾ᵀ a⁽ˡ⁻¹⁾ + b⁽ˡ⁾,   a⁽ˡ⁾ = f(z⁽ˡ⁾)   (the network's activations)
  cost          C = −log a⁽⁴⁾_y                                (cross-entropy, one example)
  output error  δ⁽⁴⁾ = a⁽⁴⁾ − e_y                              (softmax + cross-entropy)
  hidden error  δ⁽ˡ⁾ = (W⁽ˡ⁺¹⁾ δ⁽ˡ⁺¹⁾) ⊙ f′(z⁽ˡ⁾)
  gradient      ∂C/∂W⁽ˡ⁾ᵢⱼ = a⁽ˡ⁻¹⁾ᵢ δ⁽ˡ⁾ⱼ,   ∂C/∂b⁽ˡ⁾ⱼ = δ⁽ˡ⁾ⱼ
  update        w ← w − η ∂C/∂w

Every number comes from the engine's backward trace (``nnviz.engine.backward_trace``, in the
network's float32): z, a, f′(z), δ, ∂C/∂W and C are the very ones training uses, through the activation
table; :func:`follow` only picks one neuron j of one layer and the terms worth printing.
(Stored as in the engine, W⁽ˡ⁾ has shape (n_{l−1}, n_l), so z = Wᵀa is written ``a @ W``.)

Left out on purpose: the quadratic cost of the seed's formulas (with softmax outputs its output
error would need the full softmax Jacobian; the chapter says so in words).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnviz.engine import Network, backward_trace


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
    activation: str  # f's name in the engine's table for this layer, e.g. "relu", "softmax"
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


def follow(net: Network, image, label: int, layer: int, index: int, lr: float) -> Followed:
    """Compute every number of the chapter's "backprop with numbers" panel (see module doc)."""
    target = np.zeros(net.sizes[-1])
    target[label] = 1.0
    # In the network's own dtype (float32): a float64 twin would cost ~20× more per stroke, and
    # the panel prints 4 significant digits.
    tr = backward_trace(net, np.asarray(image, dtype=net.dtype).reshape(-1), target)
    deltas = [d.astype(np.float64) for d in tr.deltas]  # δ⁽¹⁾ … δ⁽⁴⁾, one example (a batch of one: no 1/N)
    l = layer - 1  # the trace counts weight layers from 0
    W = net.weights[l]
    a_in = tr.inputs[l].astype(np.float64)
    w_col = W[:, index].astype(np.float64)
    products = w_col * a_in
    top = np.argsort(-np.abs(products), kind="stable")[:3]
    terms = tuple(Term(int(i), float(w_col[i]), float(a_in[i])) for i in top)
    delta = float(deltas[l][index])
    if layer < len(net.weights):
        out_w = net.weights[layer][index].astype(np.float64)  # weights to the next layer
        nxt = deltas[layer]
        back = out_w * nxt
        order = np.argsort(-np.abs(back), kind="stable")[:3]
        back_terms = tuple(Term(int(k), float(out_w[k]), float(nxt[k])) for k in order)
        back_sum = float(back.sum())
        fprime = float(tr.fprimes[l][index])
    else:
        back_terms, back_sum, fprime = (), delta, 1.0
    source = int(top[0])
    gradient = float(tr.grad_w[l][source, index])
    weight = float(w_col[source])
    return Followed(
        label=int(label),
        cost=float(tr.loss),
        layer=layer,
        index=index,
        activation=tr.activations[l],
        z=float(tr.zs[l][index]),
        a=float(tr.outputs[l][index]),
        bias=float(net.biases[l][index]),
        fan_in=int(W.shape[0]),
        terms=terms,
        probabilities=tr.output.astype(np.float64),
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
