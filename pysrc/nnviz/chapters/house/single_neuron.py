"""Layout of the chapter's small network pictures, with each weight's value written on its edge.

One input column (the features, then a constant "1" whose weight is the bias) fully connected
to one output column. For the price neuron (2 features, 1 output):

    lay = dense_layout(2, 1, prefix="p-")   # a nnviz.kit.network_diagram Layout of sizes (3, 1)
    lay.node_xy[0].shape == (3, 2)          # Area, Bathrooms, and the bias node "1"
    lay.edge_lines(0, trim=True)            # x1, y1, x2, y2 per edge, input-major, bias last
    edge_texts(W, b)                        # ["×0.186", "×−10.0", "+3.58"]: what each edge label says

Ids are the kit's: ``{prefix}edge-0-{i}-{j}`` joins input i to output j (i = n_in is the bias).
"""

from __future__ import annotations

import numpy as np

from nnviz.kit import network_diagram as nd


def dense_layout(n_inputs: int, n_outputs: int, width: float = 420.0, x_in: float = 70.0, x_out: float = 300.0,
                 pitch: float = 74.0, radius: float = 20.0, prefix: str = "") -> nd.Layout:
    """Place the inputs (plus the bias node, last) at ``x_in`` and the outputs at ``x_out``, centred:
    a kit layout of sizes (n_inputs + 1, n_outputs) with ``bias=True`` and every edge."""
    n_in = n_inputs + 1
    height = max(n_in, n_outputs) * pitch + 24.0
    xy = [nd.column(n_in, x_in, height / 2, pitch), nd.column(n_outputs, x_out, height / 2, pitch)]
    return nd.Layout.of(xy, nd.all_edges((n_in, n_outputs)), width, height, radius, bias=True, prefix=prefix)


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
