"""Where everything sits on the chapter's picture, in SVG units (pure; no drawing).

    lay = layout((2, 2, 2))
    lay.width, lay.height          # the viewBox: (910, 296)
    lay.nodes[(1, 0)]              # (x, y) of neuron 1 of layer 1
    lay.edge_label[(2, 0, 1)]      # where w²₁₂'s value is written: (x, y)
    lay.bias[(1, 0)]               # where b¹₁ is written

Layers are columns GAP apart; neurons are rows ROW apart, each column centred. A weight's label
sits on its line at a fraction of the way that depends on the neuron it comes from (0.25 … 0.75),
so the labels of one gap stand in separate columns and never share a spot.
"""

from __future__ import annotations

from dataclasses import dataclass, field

GAP, ROW, RADIUS = 300.0, 150.0, 30.0
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 80.0, 62.0, 84.0
RIGHT = 150.0  # room for the targets and the loss


@dataclass(frozen=True)
class Layout:
    sizes: tuple[int, ...]
    width: float
    height: float
    nodes: dict = field(default_factory=dict)  # (l, j) -> (x, y)
    edge_label: dict = field(default_factory=dict)  # (l, j, k) -> (x, y)
    bias: dict = field(default_factory=dict)  # (l, j) -> (x, y)
    loss: tuple[float, float] = (0.0, 0.0)


def label_fraction(k: int, n_in: int) -> float:
    """How far along its line the label of a weight from neuron k (of n_in) sits: 0.25 … 0.75."""
    return 0.5 if n_in == 1 else 0.25 + 0.5 * k / (n_in - 1)


def layout(sizes) -> Layout:
    """Place the neurons, the weight labels, the bias labels and the loss for ``sizes``."""
    sizes = tuple(sizes)
    tallest = max(sizes)
    height = MARGIN_TOP + MARGIN_BOTTOM + (tallest - 1) * ROW
    width = 2 * MARGIN_X + (len(sizes) - 1) * GAP + RIGHT
    nodes = {}
    for l, n in enumerate(sizes):
        top = MARGIN_TOP + (tallest - n) * ROW / 2
        for j in range(n):
            nodes[(l, j)] = (MARGIN_X + l * GAP, top + j * ROW)
    labels, bias = {}, {}
    for l in range(1, len(sizes)):
        for j in range(sizes[l]):
            x1, y1 = nodes[(l, j)]
            bias[(l, j)] = (x1, y1 + RADIUS + 36)
            for k in range(sizes[l - 1]):
                x0, y0 = nodes[(l - 1, k)]
                t = label_fraction(k, sizes[l - 1])
                labels[(l, j, k)] = (x0 + t * (x1 - x0), y0 + t * (y1 - y0))
    out_x = MARGIN_X + (len(sizes) - 1) * GAP
    loss = (out_x + RADIUS + 16, height - 18)  # under the targets, right of the output column
    return Layout(sizes, width, height, nodes, labels, bias, loss)
