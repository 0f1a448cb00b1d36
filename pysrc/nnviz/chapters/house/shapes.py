"""Layout of the "shape explorer": features x → scores z → softmax → class probabilities y.

    lay = shape_layout(3, 4)
    lay.net.sizes == (3, 4)        # a nnviz.kit.network_diagram Layout: 3 inputs, 4 score nodes
    lay.net.total_edges == 12      # one weight per (feature, class) pair
    lay.box                        # (x, y, w, h) of the softmax band to the right of the scores
    lay.outputs.shape == (4, 2)    # the probability nodes y₁ … y₄ after softmax
    parameter_text(3, 4)           # "3 × 4 weights + 4 biases = 16 parameters"

The picture is as wide as the network part (``NET_WIDTH``) plus room for the softmax band and the
outputs (``WIDTH``), so the network's own layout is reused unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnviz.kit import network_diagram as nd
from nnviz.kit.format import plural

MIN_COUNT, MAX_COUNT = 1, 10
NET_WIDTH = 560.0
WIDTH = 820.0


@dataclass(frozen=True)
class ShapeLayout:
    """The network part (``net``), the softmax band, the outputs and the arrows z → softmax → y."""

    net: nd.Layout
    box: tuple[float, float, float, float]
    outputs: np.ndarray
    arrows_in: np.ndarray
    arrows_out: np.ndarray

    @property
    def width(self) -> float:
        return WIDTH

    @property
    def height(self) -> float:
        return self.net.height


def shape_layout(features: int, classes: int) -> ShapeLayout:
    """Lay out ``features`` inputs and ``classes`` outputs (each 1–10)."""
    for name, v in (("features", features), ("classes", classes)):
        if not MIN_COUNT <= v <= MAX_COUNT:
            raise ValueError(f"{name} must be between {MIN_COUNT} and {MAX_COUNT}, got {v}")
    net = nd.layout((features, classes), width=NET_WIDTH)
    scores = net.node_xy[1]
    r = net.radius
    top, bottom = float(scores[:, 1].min()) - r - 10, float(scores[:, 1].max()) + r + 10
    box_x, box_w = NET_WIDTH + 10, 96.0
    box = (box_x, top, box_w, bottom - top)
    out_x = box_x + box_w + 90
    outputs = np.column_stack([np.full(classes, out_x), scores[:, 1]])
    arrows_in = np.column_stack([scores[:, 0] + r, scores[:, 1], np.full(classes, box_x - 2), scores[:, 1]])
    arrows_out = np.column_stack([np.full(classes, box_x + box_w + 2), scores[:, 1], outputs[:, 0] - r - 4, scores[:, 1]])
    return ShapeLayout(net, box, outputs, arrows_in, arrows_out)


def parameter_text(features: int, classes: int) -> str:
    """``(3, 4)`` -> ``"3 × 4 weights + 4 biases = 16 parameters"``."""
    total = features * classes + classes
    return f"{features} × {classes} weights + {plural(classes, 'bias', 'biases')} = {plural(total, 'parameter')}"
