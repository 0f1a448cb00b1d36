"""Layout of the digits network picture: the input image, four columns of neurons, sampled lines.

    lay = layout(net.weights)              # a kit Layout of 784 → 128 → 64 → 32 → 10
    lay.node_xy[1]                         # (128, 2): hidden layer 1, a 4 × 32 block
    lay.node_xy[0]                         # (784, 2): centres of the input image's pixels
    lay.edges                              # per gap, the K largest |w| as (src, dst) index arrays
    lay.edge_lines(0)                      # (K, 4) x1, y1, x2, y2 for <line>s
    flow = edge_flow(net.weights, look.acts, lay.edges)   # per gap, |w · a_src| for this drawing

A dense 784-128-64-32-10 network has 111,146 parameters; drawing 110,912 lines would be neither
readable nor fast. Each gap shows only its K strongest weights (the legend says how many of how
many), coloured by sign, their darkness following the signal they carry for the current drawing.
Ids are the kit's with the prefix ``mnist-``: ``mnist-node-{layer}-{i}`` for neurons (layers 1–4).

Left out on purpose: drawing (nnviz.dom does that) and the input layer as 784 circles (the
28×28 image *is* the input layer).
"""

from __future__ import annotations

import numpy as np

from nnviz.chapters.mnist.model import SIZES
from nnviz.kit import network_diagram as nd

WIDTH, HEIGHT = 820.0, 440.0
CELL = 8.0  # input pixel size
PITCH = 12.0  # distance between hidden neurons
HIDDEN_R = 4.6
OUTPUT_PITCH = 38.0
OUTPUT_R = 12.0
EDGES_PER_GAP = 120
# (columns of the block, x of its first column) for layers 1–4
BLOCKS = {1: (4, 330.0), 2: (2, 486.0), 3: (1, 610.0), 4: (1, 730.0)}
IMAGE_BOX = (16.0, HEIGHT / 2 - 28 * CELL / 2 + 10, 28 * CELL, 28 * CELL)  # x, y, width, height of the input


def layout(weights=None) -> nd.Layout:
    """The kit layout of the picture (sizes 784, 128, 64, 32, 10; ids ``mnist-node-{l}-{i}``):
    layer 0 is the input image's pixels (squares, not drawn as nodes), layers 1–4 are blocks of
    neurons; the edges are the ``EDGES_PER_GAP`` strongest of ``weights`` (none without)."""
    ix, iy = IMAGE_BOX[:2]
    mid = HEIGHT / 2 + 10
    xy = [nd.grid(28, 28, ix, iy, CELL)]
    for layer, (cols, x0) in BLOCKS.items():
        xy.append(nd.block(SIZES[layer], cols, x0, mid, OUTPUT_PITCH if layer == 4 else PITCH))
    empty = np.zeros(0, dtype=np.int64)
    edges = nd.strongest_edges(weights, EDGES_PER_GAP) if weights is not None else ((empty, empty),) * 4
    return nd.Layout.of(xy, edges, WIDTH, HEIGHT, (CELL / 2, HIDDEN_R, HIDDEN_R, HIDDEN_R, OUTPUT_R), squares=(0,),
                        prefix="mnist-")


def label_x(lay: nd.Layout) -> dict[int, float]:
    """Layer (0–4) -> x of its caption: the middle of the image, of each block."""
    return {0: IMAGE_BOX[0] + IMAGE_BOX[2] / 2, **{l: float(lay.node_xy[l][:, 0].mean()) for l in range(1, 5)}}


def edge_signs(weights, edges) -> list[np.ndarray]:
    """Return, per gap, +1 / −1 for the sign of each drawn weight."""
    return [np.where(w >= 0, 1, -1) for w in nd.edge_values(weights, edges)]


def edge_flow(weights, acts, edges) -> list[np.ndarray]:
    """Return, per gap, |w · a_src|: the size of the signal each drawn line carries.

    ``acts`` as in mnist_model.Look (acts[0] is the input image); values are raw, not scaled.
    """
    values = nd.edge_values(weights, edges)
    return [np.abs(w * np.asarray(acts[g])[src]) for g, (w, (src, _)) in enumerate(zip(values, edges, strict=True))]


def flow_opacity(flows, floor: float = 0.06) -> list[np.ndarray]:
    """Map the flows of all gaps to stroke opacities in [floor, 0.9], each gap scaled by its max."""
    out = []
    for f in flows:
        top = float(f.max()) if f.size else 0.0
        t = f / top if top > 0 else np.zeros_like(f)
        out.append(floor + (0.9 - floor) * np.sqrt(t))
    return out


def layer_fill(acts) -> dict[int, np.ndarray]:
    """Map activations to [0, 1] for the colour map: hidden layers by their maximum, output as is.

    Returns layer -> (n,) t values; a layer with no active unit is all zeros.
    """
    out = {}
    for layer in (1, 2, 3):
        a = np.asarray(acts[layer], dtype=np.float64)
        top = float(a.max())
        out[layer] = a / top if top > 0 else np.zeros_like(a)
    out[4] = np.asarray(acts[4], dtype=np.float64)
    return out
