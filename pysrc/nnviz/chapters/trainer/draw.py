"""What the "Digit trainer" network drawing shows, as plain arrays: positions, colours, text.

The picture of a 25 → H → 10 network: the 25 inputs as the 5×5 pixel grid itself, H hidden
neurons in a column, the ten outputs in a column labelled 0–9, and every connection.
The layout is the kit's (:mod:`nnviz.kit.network_diagram`), so are the ids: ``node-{layer}-{i}``
and ``edge-{gap}-{i}-{j}``, where ``edge-0-i-j`` is ``W0[i, j]`` (pixel i → hidden j) and
``edge-1-j-k`` is ``W1[j, k]`` (hidden j → output k). Edges are listed gap 0 first, each gap
row by row, so ``np.concatenate([W0.ravel(), W1.ravel()])`` lines up with ``lay.lines``.

Connections are drawn as 2 × ``LEVELS`` paths (one per sign and strength level) rather than one
element each (the kit's bucketed edges); which connection is under the pointer is found by
geometry (``lay.hit``).

    lay = layout(16)                                 # sizes (25, 16, 10)
    buckets = edge_buckets(np.concatenate([W0.ravel(), W1.ravel()]))   # 0 … 2·LEVELS−1 per line
    fill = activation_rgb(hidden_activations)        # (16, 3) uint8
    hit = lay.hit(px, py)                            # ("edge", 0, 7, 3) or ("node", 1, 3) or None
"""

from __future__ import annotations

import numpy as np

from nnviz.chapters.trainer.digits import PIXELS, SIDE, pixel_name
from nnviz.kit import network_diagram as nd

WIDTH, HEIGHT = 720.0, 480.0
TOP, BOTTOM = 44.0, 20.0  # room for the layer titles
CELL = 26.0
GRID_X = 20.0
HIDDEN_X, OUTPUT_X = 400.0, 630.0
W_REF = 4.0  # |w| at which a connection is drawn at full width and opacity
LEVELS = 10  # strength levels per sign: connections are drawn as 2 × LEVELS paths
POS_RGB = (209, 59, 59)  # red, as --pos in app.css
NEG_RGB = (47, 111, 209)  # blue, as --neg
WEAK_RGB = np.array([246.0, 247.0, 251.0])  # activation 0
STRONG_RGB = np.array([30.0, 27.0, 75.0])  # activation 1
LAYER_NAMES = ("Input", "Hidden", "Output")


def layout(hidden: int) -> nd.Layout:
    """Place a 25 → ``hidden`` → 10 network (``hidden`` ≥ 1) as a kit layout of sizes
    (25, hidden, 10): the pixels a 5×5 grid of squares (layer 0), every connection drawn."""
    if hidden < 1:
        raise ValueError(f"need at least one hidden neuron, got {hidden}")
    mid = TOP + (HEIGHT - TOP - BOTTOM) / 2
    pixels = nd.grid(SIDE, SIDE, GRID_X, mid - SIDE * CELL / 2, CELL)
    pitch = min(40.0, (HEIGHT - TOP - BOTTOM) / hidden)
    radius = float(np.clip(pitch * 0.36, 4.0, 12.0))
    xy = [pixels, nd.column(hidden, HIDDEN_X, mid, pitch), nd.column(10, OUTPUT_X, mid, 38.0)]
    return nd.Layout.of(xy, nd.all_edges((PIXELS, hidden, 10)), WIDTH, HEIGHT, (CELL / 2, radius, 12.0), squares=(0,))


def strength(weights, w_ref: float = W_REF) -> np.ndarray:
    """s = √min(1, |w| / w_ref) in [0, 1]: the square root keeps the small starting weights
    (|w| ≈ 0.3) visible while big ones still stand out."""
    return np.sqrt(np.minimum(1.0, np.abs(np.asarray(weights, dtype=np.float64)) / w_ref))


def stroke_width(s):
    return 0.3 + 2.9 * np.asarray(s)


def stroke_opacity(s):
    return 0.12 + 0.83 * np.asarray(s)


def bucket_styles() -> list[tuple[str, float, float]]:
    """(colour, stroke width, opacity) of each bucket: negative levels 0 … L−1, then positive.

    A bucket draws its level's middle strength, so a line is off by at most 1/(2L) in s.
    """
    mid = (np.arange(LEVELS) + 0.5) / LEVELS
    out = []
    for rgb in (NEG_RGB, POS_RGB):
        colour = "rgb({},{},{})".format(*rgb)
        out += [(colour, float(w), float(o)) for w, o in zip(stroke_width(mid), stroke_opacity(mid), strict=True)]
    return out


def edge_buckets(weights, w_ref: float = W_REF) -> np.ndarray:
    """Assign each weight (n,) to a bucket 0 … 2L−1: sign (blue < 0 ≤ red), then strength level.

    Drawing every bucket as one <path> costs 2L elements per frame instead of one per line
    (1,120 lines at H = 32): the browser restyles and repaints far less.
    """
    return nd.signed_levels(weights, strength(weights, w_ref), LEVELS)


def activation_rgb(a) -> np.ndarray:
    """Map activations in [0, 1] to fills, light (weak) to dark (strong): (n,) -> (n, 3) uint8."""
    t = np.clip(np.asarray(a, dtype=np.float64), 0.0, 1.0)[:, None]
    return np.rint(WEAK_RGB + (STRONG_RGB - WEAK_RGB) * t).astype(np.uint8)


def signed(x: float, digits: int = 4) -> str:
    """Format with a true minus sign: -0.48213 -> "−0.4821"."""
    text = f"{x:.{digits}f}"
    return "−" + text[1:] if text.startswith("-") else text


def neuron_name(layer: int, i: int) -> str:
    """(0, 7) -> "input pixel 8 (row 2, column 3)"; (1, 2) -> "hidden 3"; (2, 4) -> "output 4"."""
    if layer == 0:
        return f"input {pixel_name(i)}"
    if layer == 1:
        return f"hidden {i + 1}"
    return f"output {i}"


def describe_edge(gap: int, i: int, j: int, w: float) -> str:
    """``"w = −0.4821 (input pixel 8 (row 2, column 3) → hidden 3)"``."""
    return f"w = {signed(w)} ({neuron_name(gap, i)} → {neuron_name(gap + 1, j)})"


def describe_node(layer: int, i: int, a: float, bias: float | None = None) -> str:
    """``"hidden 3: activation 0.8123, bias −0.1200"``; inputs say whether the pixel is on."""
    name = neuron_name(layer, i)
    if layer == 0:
        return f"{name[0].upper()}{name[1:]}: activation {a:.4f} ({'black' if a > 0.5 else 'white'} pixel)"
    text = f"{name[0].upper()}{name[1:]}: activation {a:.4f}"
    return text if bias is None else f"{text}, bias {signed(bias)}"
