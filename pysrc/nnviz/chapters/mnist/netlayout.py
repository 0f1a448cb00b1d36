"""Layout of the digits network picture: the input image, four columns of neurons, sampled lines.

    lay = layout()                         # positions for 784 → 128 → 64 → 32 → 10
    lay.node_xy[1]                         # (128, 2): hidden layer 1, a 4 × 32 block
    lay.pixel_xy                           # (784, 2): centres of the input image's pixels
    edges = strongest_edges(net.weights)   # per gap, the K largest |w| as (src, dst) index arrays
    lay.edge_lines(0, *edges[0])           # (K, 4) x1, y1, x2, y2 for <line>s
    flow = edge_flow(net.weights, look.acts, edges)   # per gap, |w · a_src| for this drawing

A dense 784-128-64-32-10 network has 111,146 parameters; drawing 110,912 lines would be neither
readable nor fast. Each gap shows only its K strongest weights (the legend says how many of how
many), coloured by sign, their darkness following the signal they carry for the current drawing.
Ids follow the model: ``mnist-n-{layer}-{i}`` for neurons (layers 1–4).

Left out on purpose: drawing (nnviz.dom does that) and the input layer as 784 circles (the
28×28 image *is* the input layer).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnviz.chapters.mnist.model import SIZES

WIDTH, HEIGHT = 820.0, 440.0
CELL = 8.0  # input pixel size
PITCH = 12.0  # distance between hidden neurons
HIDDEN_R = 4.6
OUTPUT_PITCH = 38.0
OUTPUT_R = 12.0
EDGES_PER_GAP = 120
# (columns of the block, x of its first column) for layers 1–4
BLOCKS = {1: (4, 330.0), 2: (2, 486.0), 3: (1, 610.0), 4: (1, 730.0)}


@dataclass(frozen=True)
class Layout:
    """Positions in SVG user units (viewBox 0 0 WIDTH HEIGHT)."""

    node_xy: dict[int, np.ndarray]  # layer (1–4) -> (n, 2)
    radius: dict[int, float]
    pixel_xy: np.ndarray  # (784, 2)
    image_box: tuple[float, float, float, float]  # x, y, width, height of the input image
    label_x: dict[int, float]  # layer (0–4) -> x of its caption

    def source_xy(self, gap: int) -> np.ndarray:
        """Positions of the units that gap ``gap`` starts from (pixels for gap 0)."""
        return self.pixel_xy if gap == 0 else self.node_xy[gap]

    def edge_lines(self, gap: int, src: np.ndarray, dst: np.ndarray) -> np.ndarray:
        """Return (n, 4) x1, y1, x2, y2 for connections src -> dst of gap ``gap`` (layer gap -> gap + 1)."""
        a = self.source_xy(gap)[src]
        b = self.node_xy[gap + 1][dst]
        return np.hstack([a, b])

    def node_ids(self, layer: int) -> list[str]:
        return [f"mnist-n-{layer}-{i}" for i in range(SIZES[layer])]


def _block(n: int, cols: int, x0: float, pitch: float) -> np.ndarray:
    """Place n neurons in ``cols`` columns, filled column by column, centred vertically."""
    rows = -(-n // cols)
    i = np.arange(n)
    col, row = np.divmod(i, rows)
    y0 = HEIGHT / 2 - (rows - 1) * pitch / 2 + 10
    return np.column_stack([x0 + col * pitch, y0 + row * pitch]).astype(np.float64)


def layout() -> Layout:
    """Return the fixed layout of the chapter's network picture."""
    side = 28 * CELL
    ix, iy = 16.0, HEIGHT / 2 - side / 2 + 10
    r, c = np.divmod(np.arange(784), 28)
    pixel_xy = np.column_stack([ix + (c + 0.5) * CELL, iy + (r + 0.5) * CELL])
    node_xy = {}
    for layer, (cols, x0) in BLOCKS.items():
        pitch = OUTPUT_PITCH if layer == 4 else PITCH
        node_xy[layer] = _block(SIZES[layer], cols, x0, pitch)
    radius = {1: HIDDEN_R, 2: HIDDEN_R, 3: HIDDEN_R, 4: OUTPUT_R}
    label_x = {0: ix + side / 2, **{l: float(node_xy[l][:, 0].mean()) for l in node_xy}}
    return Layout(node_xy, radius, pixel_xy, (ix, iy, side, side), label_x)


def strongest_edges(weights, k: int = EDGES_PER_GAP) -> list[tuple[np.ndarray, np.ndarray]]:
    """Return, per gap, the (src, dst) indices of the k weights largest in magnitude (sorted)."""
    out = []
    for W in weights:
        flat = np.abs(np.asarray(W)).ravel()
        kk = min(k, flat.size)
        idx = np.sort(np.argpartition(flat, flat.size - kk)[flat.size - kk :])
        src, dst = np.divmod(idx, W.shape[1])
        out.append((src, dst))
    return out


def edge_signs(weights, edges) -> list[np.ndarray]:
    """Return, per gap, +1 / −1 for the sign of each drawn weight."""
    return [np.where(np.asarray(W)[src, dst] >= 0, 1, -1) for W, (src, dst) in zip(weights, edges, strict=True)]


def edge_flow(weights, acts, edges) -> list[np.ndarray]:
    """Return, per gap, |w · a_src|: the size of the signal each drawn line carries.

    ``acts`` as in mnist_model.Look (acts[0] is the input image); values are raw, not scaled.
    """
    return [
        np.abs(np.asarray(W)[src, dst] * np.asarray(acts[g])[src])
        for g, (W, (src, dst)) in enumerate(zip(weights, edges, strict=True))
    ]


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
