"""The chain rule for one picked parameter, written out with the numbers of each factor.

    c = chain(snap, snap.params[6])        # w²₁₁ of the 2-2-2 network
    c.headline                             # "∂C/∂w²₁₁ = ∂C/∂a²₁ × ∂a²₁/∂z²₁ × ∂z²₁/∂w²₁₁"
    [(f.symbol, f.value) for f in c.factors]
    c.pooled                               # hidden neuron: ∂C/∂a = Σₘ w δ over the layer after
    c.paths                                # deeper back: one term per path to the outputs

For a neuron j of layer l < L, ∂C/∂aˡⱼ pools the errors of every neuron it feeds (seed 000: when
working backward, a neuron is influenced by the gradients of all the neurons of the next layer):
∂C/∂aˡⱼ = Σₘ Wˡ⁺¹ₘⱼ δˡ⁺¹ₘ. Unrolled to the output, that is a sum over every path j → m → … → o,
each path's term the product of the weights and slopes along it times δᴸₒ. The terms are built
from the trace's own f′, W and δᴸ; their sum is checked against the trace's gradient in the tests.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from nnviz.chapters.backprop.model import Param, Snapshot
from nnviz.chapters.backprop.text import F_NAMES, factor, node, num, sub, sup

MAX_PATHS_SHOWN = 8


@dataclass(frozen=True)
class Factor:
    symbol: str  # "∂a²₁/∂z²₁"
    formula: str  # "σ′(z²₁)"
    value: float


@dataclass(frozen=True)
class Path:
    neurons: tuple[int, ...]  # the neuron met in each layer l, l + 1, …, L
    label: str  # "a¹₁ → a²₂"
    values: tuple[float, ...]  # the factors of its term
    term: float


@dataclass(frozen=True)
class Chain:
    param: Param
    headline: str
    factors: tuple[Factor, ...]
    product: float  # the factors multiplied: ∂C/∂p
    pooled: str  # the pooling sum written out ("" for the output layer)
    paths: tuple[Path, ...]  # every path to the outputs (() for the output layer)
    paths_total: float


def chain(snap: Snapshot, param: Param) -> Chain:
    """Return the chain rule of ∂C/∂param, with numbers (see the module docstring)."""
    l, j, L = param.layer, param.j, len(snap.sizes) - 1
    fused_out = snap.rule == "fused" and l == L
    a_sym, z_sym = node(l, j), node(l, j, "z")
    dz = 1.0 if param.is_bias else float(snap.a[l - 1][param.k])
    dz_factor = Factor(f"∂{z_sym}/∂{param.name}", "1" if param.is_bias else node(l - 1, param.k), dz)
    pooled, paths, total = "", (), math.nan
    if fused_out:
        headline = f"∂C/∂{param.name} = ∂C/∂{z_sym} × ∂{z_sym}/∂{param.name}"
        first = (Factor(f"∂C/∂{z_sym}", f"{a_sym} − y{_sub(j)}  (softmax + cross-entropy)",
                        float(snap.delta[l][j])),)
    else:
        headline = f"∂C/∂{param.name} = ∂C/∂{a_sym} × ∂{a_sym}/∂{z_sym} × ∂{z_sym}/∂{param.name}"
        if l == L:
            dC_da = Factor(f"∂C/∂{a_sym}", f"{a_sym} − y{_sub(j)}", float(snap.grad_out[j]))
        else:
            dC_da = Factor(f"∂C/∂{a_sym}", f"Σₘ w{sup(l + 1)}ₘ{_sub(j)} δ{sup(l + 1)}ₘ", _pooled_value(snap, l, j))
            pooled = _pooled_text(snap, l, j)
        first = (dC_da, Factor(f"∂{a_sym}/∂{z_sym}", f"{F_NAMES[snap.state.f]}′({z_sym})",
                               float(snap.fprime[l][j])))
    factors = (*first, dz_factor)
    product = math.prod(f.value for f in factors)
    if l < L:
        paths = tuple(_paths(snap, param, dz))
        total = math.fsum(p.term for p in paths)
    return Chain(param, headline, factors, product, pooled, paths, total)


def _sub(j: int) -> str:
    """Neuron index 0 -> "₁"."""
    return sub(j + 1)


def _pooled_value(snap: Snapshot, l: int, j: int) -> float:
    return math.fsum(snap.weight(l + 1, m, j) * float(snap.delta[l + 1][m]) for m in range(snap.sizes[l + 1]))


def _pooled_text(snap: Snapshot, l: int, j: int) -> str:
    """"∂C/∂a¹₁ = w²₁₁ δ²₁ + w²₂₁ δ²₂ = 0.4 × 0.138499 + 0.5 × (−0.0380982) = 0.0363495"."""
    n = snap.sizes[l + 1]
    symbols = " + ".join(f"w{sup(l + 1)}{_sub(m)}{_sub(j)} {node(l + 1, m, 'δ')}" for m in range(n))
    values = " + ".join(f"{factor(snap.weight(l + 1, m, j))} × {factor(float(snap.delta[l + 1][m]))}"
                        for m in range(n))
    return f"∂C/∂{node(l, j)} = {symbols} = {values} = {num(_pooled_value(snap, l, j))}"


def _paths(snap: Snapshot, param: Param, dz: float):
    """Every path from the parameter's neuron to an output, with its term:
    dz · f′(zˡⱼ) · Π (W · f′) along the hidden layers · W into the output · δᴸ at its end."""
    l, j, L = param.layer, param.j, len(snap.sizes) - 1
    for rest in itertools.product(*(range(snap.sizes[m]) for m in range(l + 1, L + 1))):
        neurons = (j, *rest)
        values = [dz, float(snap.fprime[l][j])]
        for m in range(l + 1, L + 1):
            values.append(snap.weight(m, neurons[m - l], neurons[m - l - 1]))
            values.append(float(snap.delta[L][neurons[-1]]) if m == L else float(snap.fprime[m][neurons[m - l]]))
        label = " → ".join(node(l + i, n) for i, n in enumerate(neurons))
        yield Path(neurons, label, tuple(values), math.prod(values))
