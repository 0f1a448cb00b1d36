"""Layout of the chapter's small network pictures, with each weight's value written on its edge.

One input column (the features, then a constant "1" whose weight is the bias) fully connected
to one output column. For the price neuron (2 features, 1 output):

    lay = dense_layout(("Area", "Bathrooms"), ("ŷ",))
    lay.inputs.shape == (3, 2)      # Area, Bathrooms, and the bias node "1"
    lay.edges.shape == (3, 4)       # x1, y1, x2, y2 per edge, in the order of edge_order()
    lay.edge_order()                # [(0, 0), (1, 0), (2, 0)]: (input, output) pairs, bias last
    edge_texts(W, b)                # ["×0.186", "×−10.0", "+3.58"]: what each edge label says

Edge ids follow the model: ``{prefix}-edge-{i}-{j}`` joins input i to output j (i = n_in is the bias).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

LABEL_AT = 0.36  # where along an edge (0 = input end) its value is written, for one output
LABEL_SPREAD = (0.26, 0.62)  # with several outputs: edges to output j are labelled at evenly spaced t


@dataclass(frozen=True)
class DenseLayout:
    """Positions for inputs (n_in + 1 with the bias node, 2), outputs (n_out, 2), edges and labels."""

    width: float
    height: float
    radius: float
    input_names: tuple[str, ...]
    output_names: tuple[str, ...]
    inputs: np.ndarray
    outputs: np.ndarray
    edges: np.ndarray
    label_xy: np.ndarray

    def edge_order(self) -> list[tuple[int, int]]:
        """(input, output) index pairs in the row order of ``edges``: input-major, bias last."""
        return [(i, j) for i in range(len(self.inputs)) for j in range(len(self.outputs))]

    def edge_ids(self, prefix: str) -> list[str]:
        return [f"{prefix}-edge-{i}-{j}" for i, j in self.edge_order()]


def dense_layout(
    input_names: tuple[str, ...], output_names: tuple[str, ...], width: float = 420.0, x_in: float = 70.0,
    x_out: float = 300.0, pitch: float = 74.0, radius: float = 20.0,
) -> DenseLayout:
    """Place the inputs (plus the bias node) at ``x_in`` and the outputs at ``x_out``, centred."""
    n_in, n_out = len(input_names) + 1, len(output_names)
    height = max(n_in, n_out) * pitch + 24.0
    mid = height / 2

    def column(x: float, n: int) -> np.ndarray:
        return np.column_stack([np.full(n, x), mid + (np.arange(n) - (n - 1) / 2) * pitch])

    inputs, outputs = column(x_in, n_in), column(x_out, n_out)
    src = np.repeat(inputs, n_out, axis=0)
    dst = np.tile(outputs, (n_in, 1))
    d = dst - src
    unit = d / np.linalg.norm(d, axis=1, keepdims=True)
    edges = np.hstack([src + unit * radius, dst - unit * radius])
    t = np.full(n_out, LABEL_AT) if n_out == 1 else np.linspace(*LABEL_SPREAD, n_out)
    label_xy = src + d * np.tile(t, n_in)[:, None]
    return DenseLayout(width, height, radius, tuple(input_names), tuple(output_names), inputs, outputs, edges, label_xy)


def signed(value: float, digits: int) -> str:
    """``-10.0123`` -> ``"−10.01"`` (a true minus sign), ``0.5`` -> ``"0.50"``."""
    text = f"{value:.{digits}f}"
    return text.replace("-", "−")


def weight_digits(value: float) -> int:
    """Enough decimals to show a weight's first three significant digits (at most 4)."""
    a = abs(value)
    if a >= 100:
        return 1
    if a >= 1:
        return 2
    return 3 if a >= 0.1 or a == 0 else 4


def edge_texts(W, b) -> list[str]:
    """Labels for every edge, in ``edge_order``: weights as "×w", biases as "+b".

    ``W`` has shape (n_in, n_out) and ``b`` shape (n_out,); for one output, (n_in,) and a float do.
    """
    W = np.asarray(W, dtype=np.float64)
    b = np.atleast_1d(np.asarray(b, dtype=np.float64))
    W = W.reshape(-1, len(b))
    texts = [f"×{signed(v, weight_digits(v))}" for v in W.reshape(-1)]
    texts += [f"+{signed(v, weight_digits(v))}" if v >= 0 else signed(v, weight_digits(v)) for v in b]
    return texts


def edge_signs(W, b) -> list[str]:
    """Each edge's CSS class by sign: "pos", "neg" or "zero" (in ``edge_order``)."""
    W = np.asarray(W, dtype=np.float64)
    b = np.atleast_1d(np.asarray(b, dtype=np.float64))
    values = np.concatenate([W.reshape(-1), b])
    return ["pos" if v > 0 else "neg" if v < 0 else "zero" for v in values]
