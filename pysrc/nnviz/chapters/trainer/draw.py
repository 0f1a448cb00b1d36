"""What the "Digit trainer" network drawing shows, as plain arrays: positions, colours, text.

The picture of a 25 → H → 10 network: the 25 inputs as the 5×5 pixel grid itself, H hidden
neurons in a column, the ten outputs in a column labelled 0–9, and every connection.
Ids follow the model (as :mod:`nnviz.kit.network_diagram`): ``node-{layer}-{i}`` and
``edge-{gap}-{i}-{j}``, where ``edge-0-i-j`` is ``W0[i, j]`` (pixel i → hidden j) and
``edge-1-j-k`` is ``W1[j, k]`` (hidden j → output k). Edges are listed gap 0 first, each gap
row by row, so ``np.concatenate([W0.ravel(), W1.ravel()])`` lines up with them.

Connections are drawn as 2 × ``LEVELS`` paths (one per sign and strength level) rather than one
element each; which connection is under the pointer is found here, by geometry (:meth:`hit`).

    lay = layout(16)
    segments = segment_strings(lay.lines)            # once per layout
    d = bucket_paths(segments, edge_buckets(np.concatenate([W0.ravel(), W1.ravel()])))
    fill = activation_rgb(hidden_activations)        # (16, 3) uint8
    hit = lay.hit(px, py)                            # ("edge", 0, 7, 3) or ("node", 1, 3) or None
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnviz.chapters.trainer.digits import PIXELS, SIDE, pixel_name

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


@dataclass(frozen=True)
class Layout:
    """Where everything goes for ``hidden`` hidden neurons (SVG units, viewBox 720 × 480).

    ``cells`` (25, 2) are the top-left corners of the input squares (side ``CELL``), ``inputs``
    their centres; ``hidden`` (H, 2) and ``outputs`` (10, 2) are circle centres of radius
    ``radius``; ``lines`` (25·H + 10·H, 4) are x1, y1, x2, y2 of every connection.
    """

    hidden_count: int
    cells: np.ndarray
    inputs: np.ndarray
    hidden: np.ndarray
    outputs: np.ndarray
    radius: float
    lines: np.ndarray

    @property
    def edge_count(self) -> int:
        return len(self.lines)

    def edge_key(self, index: int) -> tuple[int, int, int]:
        """Flat edge index -> (gap, from, to): 0 -> (0, 0, 0); 25·H -> (1, 0, 0)."""
        H = self.hidden_count
        if index < PIXELS * H:
            return (0, *divmod(index, H))
        return (1, *divmod(index - PIXELS * H, 10))

    def edge_index(self, gap: int, i: int, j: int) -> int:
        """Inverse of :meth:`edge_key`."""
        H = self.hidden_count
        return i * H + j if gap == 0 else PIXELS * H + i * 10 + j

    def node_xy(self, layer: int, i: int) -> tuple[float, float]:
        x, y = (self.inputs, self.hidden, self.outputs)[layer][i]
        return float(x), float(y)

    def hit(self, px: float, py: float, slack: float = 4.0) -> tuple | None:
        """What is under the SVG point (px, py): a neuron first, else the nearest connection.

        Returns ("node", layer, i), ("edge", gap, i, j) or None. Connections count within
        ``slack`` units, so even the thinnest line can be pointed at.
        """
        cx, cy = self.cells[:, 0], self.cells[:, 1]
        inside = np.flatnonzero((px >= cx) & (px <= cx + CELL) & (py >= cy) & (py <= cy + CELL))
        if len(inside):
            return ("node", 0, int(inside[0]))
        for layer, xy in ((1, self.hidden), (2, self.outputs)):
            d = np.hypot(xy[:, 0] - px, xy[:, 1] - py)
            k = int(np.argmin(d))
            if d[k] <= self.radius + 2.0:
                return ("node", layer, k)
        k, dist = nearest_segment(self.lines, px, py)
        if k >= 0 and dist <= slack:
            return ("edge", *self.edge_key(k))
        return None


def layout(hidden: int) -> Layout:
    """Place a 25 → ``hidden`` → 10 network (``hidden`` ≥ 1)."""
    if hidden < 1:
        raise ValueError(f"need at least one hidden neuron, got {hidden}")
    mid = TOP + (HEIGHT - TOP - BOTTOM) / 2
    rows, cols = np.divmod(np.arange(PIXELS), SIDE)
    grid_top = mid - SIDE * CELL / 2
    cells = np.column_stack([GRID_X + cols * CELL, grid_top + rows * CELL])
    inputs = cells + CELL / 2
    pitch = min(40.0, (HEIGHT - TOP - BOTTOM) / hidden)
    radius = float(np.clip(pitch * 0.36, 4.0, 12.0))
    hy = mid + (np.arange(hidden) - (hidden - 1) / 2) * pitch
    hid = np.column_stack([np.full(hidden, HIDDEN_X), hy])
    oy = mid + (np.arange(10) - 4.5) * 38.0
    out = np.column_stack([np.full(10, OUTPUT_X), oy])
    # gap 0: pixel i -> hidden j, row-major like W0[i, j]; gap 1: hidden j -> output k
    a = np.repeat(inputs, hidden, axis=0)
    b = np.tile(hid, (PIXELS, 1))
    c = np.repeat(hid, 10, axis=0)
    d = np.tile(out, (hidden, 1))
    lines = np.vstack([np.hstack([a, b]), np.hstack([c, d])])
    return Layout(hidden, cells, inputs, hid, out, radius, lines)


def edge_id(gap: int, i: int, j: int) -> str:
    """``edge_id(0, 7, 3) == "edge-0-7-3"``: pixel 7 → hidden 3, i.e. W0[7, 3]."""
    return f"edge-{gap}-{i}-{j}"


def nearest_segment(lines: np.ndarray, px: float, py: float) -> tuple[int, float]:
    """Return (index, distance) of the segment in ``lines`` (n, 4) nearest to (px, py)."""
    if len(lines) == 0:
        return -1, float("inf")
    x1, y1, x2, y2 = lines.T
    dx, dy = x2 - x1, y2 - y1
    length2 = dx * dx + dy * dy
    # the foot of the perpendicular, clamped onto the segment: t = ((p − a)·(b − a)) / |b − a|²
    t = np.clip(((px - x1) * dx + (py - y1) * dy) / np.where(length2 > 0, length2, 1.0), 0.0, 1.0)
    d = np.hypot(x1 + t * dx - px, y1 + t * dy - py)
    k = int(np.argmin(d))
    return k, float(d[k])


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
    w = np.asarray(weights, dtype=np.float64)
    level = np.minimum(LEVELS - 1, (strength(w, w_ref) * LEVELS).astype(np.int64))
    return np.where(w >= 0, LEVELS, 0) + level


def segment_strings(lines: np.ndarray) -> np.ndarray:
    """SVG path pieces "M x1 y1L x2 y2 " for (n, 4) lines: an (n,) array of equal-width bytes.

    Padding every piece with spaces to one width lets :func:`bucket_paths` gather and join
    them with one numpy fancy index instead of a Python loop over 1,120 strings. Whole SVG
    units are exact enough (the picture is 720 units wide) and keep the strings short.
    """
    pieces = [f"M{a:.0f} {b:.0f}L{c:.0f} {d:.0f}" for a, b, c, d in lines.tolist()]
    width = max(len(p) for p in pieces) + 1
    return np.array([p.ljust(width) for p in pieces], dtype=f"S{width}")


def bucket_paths(segments: np.ndarray, buckets: np.ndarray) -> list[str]:
    """Join the segments of each bucket into one path ``d`` string: 2L strings."""
    order = np.argsort(buckets, kind="stable")
    counts = np.bincount(buckets, minlength=2 * LEVELS) * segments.itemsize
    text = segments[order].tobytes().decode("ascii")
    ends = np.cumsum(counts).tolist()
    return [text[a:b] for a, b in zip([0, *ends[:-1]], ends, strict=True)]


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
