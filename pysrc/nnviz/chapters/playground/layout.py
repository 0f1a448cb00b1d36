"""Where the network picture puts things (pure): node boxes per column and the links between them.

    lay = layout(("x1", "x2"), (4, 2), n_out=1)
    lay.nodes[("h", 0, 3)]   # (x, y) of hidden layer 1's 4th neuron box (its top-left corner)
    lay.links                # (n, 4) x1, y1, x2, y2 of every weight, in the engine's order
    lay.link_ids[k]          # (layer, i, j): weight W[layer][i, j] of link k

Columns: the seven input features (all shown; only the active ones feed the network), each
hidden layer, then the output units. Rows are top-aligned under a header band that holds each
layer's controls. Ids: ``node-{column}-{row}`` (column 0 = features).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from nnviz.chapters.playground.features import KEYS

NODE = 34  # node box side, px
PITCH_Y = 42
PITCH_X = 96
HEAD = 96  # header band for the layer controls
LEFT = 26  # room for the feature labels ("sin x1") left of the first column


class Layout(NamedTuple):
    width: int
    height: int
    columns: list[list[tuple[float, float]]]  # per column, each node's top-left (x, y)
    links: np.ndarray  # (n, 4)
    link_ids: list[tuple[int, int, int]]
    column_x: list[float]


def layout(active: tuple[str, ...], hidden: tuple[int, ...], n_out: int) -> Layout:
    sizes = [len(KEYS), *hidden, n_out]
    cols, xs = [], []
    for c, n in enumerate(sizes):
        x = LEFT + c * PITCH_X + (PITCH_X - NODE) / 2
        xs.append(x)
        cols.append([(x, HEAD + r * PITCH_Y) for r in range(n)])
    rows = max(sizes)
    width = int(LEFT * 2 + len(sizes) * PITCH_X)
    height = int(HEAD + rows * PITCH_Y + 4)
    # the input column's rows that feed the network, in the network's input order
    feed = [KEYS.index(k) for k in active]
    segs, ids = [], []
    for layer in range(len(sizes) - 1):
        src = [cols[0][r] for r in feed] if layer == 0 else cols[layer]
        dst = cols[layer + 1]
        for i, (x1, y1) in enumerate(src):
            for j, (x2, y2) in enumerate(dst):
                segs.append((x1 + NODE, y1 + NODE / 2, x2, y2 + NODE / 2))
                ids.append((layer, i, j))
    links = np.array(segs, dtype=np.float64).reshape(-1, 4)
    return Layout(width, height, cols, links, ids, xs)


def link_widths(weights: list[np.ndarray], max_px: float = 5.0) -> np.ndarray:
    """Stroke width per link, in link order: 0.5 + |w| (capped at ``max_px``)."""
    if not weights:
        return np.zeros(0)
    w = np.concatenate([W.ravel() for W in weights]).astype(np.float64)
    return np.minimum(0.5 + np.abs(w), max_px)


def link_weights(weights: list[np.ndarray]) -> np.ndarray:
    """All weights in link order (W[0] row-major, then W[1], …)."""
    if not weights:
        return np.zeros(0)
    return np.concatenate([W.ravel() for W in weights]).astype(np.float64)
