"""Layout of a network picture, its edge sets, and what a hover highlights.

Pure numpy: positions, ids and highlight sets as plain values; ``nnviz.dom.diagram`` draws them.

    lay = layout((3, 5, 2))                          # columns, centred; all edges (sampled if many)
    lay = Layout.of([grid(5, 5, 20, 100, 26), column(16, 400, 250, 24)], all_edges((25, 16)),
                    720, 480, (13, 8), squares=(0,))   # a chapter's own placement
    strongest_edges(weights, k=120)                  # per gap, the k largest |w| as (src, dst)
    lay.with_edges(strongest_edges(weights, 120))    # the same nodes, other edges
    lay.hit(px, py)                                  # ("node", 1, 3), ("edge", 0, 7, 3) or None
    bucket_paths(segment_strings(lay.lines), buckets, 20)   # 20 path ``d`` strings

**One id scheme** (:func:`node_id`, :func:`edge_id`): ``{prefix}node-{layer}-{i}`` and
``{prefix}edge-{gap}-{i}-{j}``, where gap ``g`` joins layer ``g`` to layer ``g+1`` and edge
``(g, i, j)`` is ``W[g][i, j]``; the prefix ("" or e.g. ``"mnist-"``) keeps two pictures of one
page apart. **One numbering rule** (:func:`neuron_name`): accessible names count from 1
("Hidden layer 1, neuron 1" is ``node-1-0``); units with names of their own (digits, pixels,
features) are called by those names instead.

Counting facts used below, for a fully connected network with layer sizes n_0 … n_{L-1}:
- every neuron of every earlier layer influences neuron (l, i): it sits at the end of
  n_0 · n_1 · … · n_{l-1} distinct paths from the inputs;
- (l, i) influences every neuron of every later layer: n_{l+1} · … · n_{L-1} paths to the
  outputs, which are also the paths its gradient arrives along in backpropagation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import pairwise

import numpy as np

MAX_DRAWN_EDGES = 2500  # beyond this, edges are sampled (and the legend says so)

Edges = tuple[tuple[np.ndarray, np.ndarray], ...]  # per gap: (src, dst) index arrays


def node_id(layer: int, i: int, prefix: str = "") -> str:
    """``node_id(1, 3) == "node-1-3"``; ``node_id(1, 3, "mnist-") == "mnist-node-1-3"``."""
    return f"{prefix}node-{layer}-{i}"


def edge_id(gap: int, i: int, j: int, prefix: str = "") -> str:
    """``edge_id(0, 7, 3) == "edge-0-7-3"``: unit 7 of layer 0 → unit 3 of layer 1, ``W[0][7, 3]``."""
    return f"{prefix}edge-{gap}-{i}-{j}"


def neuron_name(layer_name: str, i: int) -> str:
    """The one numbering rule for accessible names, 1-based: ``("Hidden layer 1", 0)`` ->
    ``"Hidden layer 1, neuron 1"``."""
    return f"{layer_name}, neuron {i + 1}"


# ----- placement strategies: (n, 2) centres ---------------------------------------------------


def column(n: int, x: float, mid: float, pitch: float) -> np.ndarray:
    """``n`` centres in one column at ``x``, ``pitch`` apart, centred on ``mid``: (n, 2)."""
    return np.column_stack([np.full(n, float(x)), mid + (np.arange(n) - (n - 1) / 2) * pitch])


def block(n: int, cols: int, x0: float, mid: float, pitch: float) -> np.ndarray:
    """``n`` centres in ``cols`` columns filled column by column (a 128-neuron layer as 4 × 32),
    centred vertically on ``mid``; the first column at ``x0``: (n, 2)."""
    rows = -(-n // cols)
    col, row = np.divmod(np.arange(n), rows)
    return np.column_stack([x0 + col * pitch, mid - (rows - 1) * pitch / 2 + row * pitch]).astype(np.float64)


def grid(rows: int, cols: int, x0: float, y0: float, cell: float) -> np.ndarray:
    """Centres of a row-major grid of square cells (an input image), top-left corner at (x0, y0):
    (rows·cols, 2); unit ``r·cols + c`` is row r, column c."""
    r, c = np.divmod(np.arange(rows * cols), cols)
    return np.column_stack([x0 + (c + 0.5) * cell, y0 + (r + 0.5) * cell])


# ----- edge sets: per gap, (src, dst) index arrays ------------------------------------------------


def all_edges(sizes: tuple[int, ...]) -> Edges:
    """Every connection, each gap row by row (the order of ``W[g].ravel()``)."""
    return sampled_edges(sizes, max_edges=math.inf)


def sampled_edges(sizes: tuple[int, ...], max_edges: float = MAX_DRAWN_EDGES, seed: int = 0) -> Edges:
    """All edges when there are at most ``max_edges``; else each gap keeps a seeded uniform
    sample proportional to its size (never fewer than one edge per gap), in row order."""
    gap_counts = [a * b for a, b in pairwise(sizes)]
    total = sum(gap_counts)
    rng = np.random.default_rng(seed)
    edges = []
    for g, count in enumerate(gap_counts):
        keep = count if total <= max_edges else max(1, int(max_edges * count / total))
        flat = np.arange(count) if keep >= count else np.sort(rng.choice(count, size=keep, replace=False))
        edges.append(tuple(np.divmod(flat, sizes[g + 1])))
    return tuple(edges)


def strongest_edges(weights, k: int) -> Edges:
    """Per weight matrix ``W[g]`` (n_g, n_{g+1}), the (src, dst) of its ``k`` entries largest
    in magnitude, in row order."""
    out = []
    for W in weights:
        W = np.asarray(W)
        flat = np.abs(W).ravel()
        kk = min(k, flat.size)
        idx = np.sort(np.argpartition(flat, flat.size - kk)[flat.size - kk :])
        out.append(tuple(np.divmod(idx, W.shape[1])))
    return tuple(out)


def edge_values(weights, edges: Edges) -> list[np.ndarray]:
    """Per gap, the weights of the drawn edges: ``W[g][src, dst]``."""
    return [np.asarray(W)[src, dst] for W, (src, dst) in zip(weights, edges, strict=True)]


@dataclass(frozen=True)
class Layout:
    """Where everything goes. Shapes by example for sizes ``(3, 5, 2)``:

    ``node_xy[1]`` is a (5, 2) array of centres; ``edges[0]`` is a pair of index arrays
    ``(src, dst)`` into layers 0 and 1, each of length 15 (or fewer when sampled).
    ``radii`` gives one radius per layer (empty: ``radius`` for all); layers in ``squares``
    are drawn as squares of side 2·radius (pixels); with ``bias`` the last unit of every
    layer but the output is a bias node "1".
    """

    sizes: tuple[int, ...]
    width: float
    height: float
    radius: float
    node_xy: tuple[np.ndarray, ...]
    edges: Edges
    total_edges: int
    drawn_edges: int
    radii: tuple[float, ...] = ()
    squares: tuple[int, ...] = ()
    bias: bool = False
    prefix: str = ""

    @classmethod
    def of(cls, node_xy, edges: Edges, width: float, height: float, radius, squares=(), bias=False,
           prefix: str = "") -> Layout:
        """A layout from a chapter's own placement: ``node_xy`` one (n, 2) array per layer,
        ``radius`` one float or one per layer."""
        node_xy = tuple(np.asarray(xy, dtype=np.float64) for xy in node_xy)
        sizes = tuple(len(xy) for xy in node_xy)
        if len(sizes) < 2 or min(sizes) < 1 or len(edges) != len(sizes) - 1:
            raise ValueError(f"need at least two layers of at least one neuron and edges per gap, got {sizes}")
        radii = tuple(float(r) for r in (radius if np.ndim(radius) else [radius] * len(sizes)))
        total = sum(a * b for a, b in pairwise(sizes))
        drawn = sum(len(s) for s, _ in edges)
        return cls(sizes, float(width), float(height), radii[0], node_xy, tuple(edges), total, drawn,
                   radii, tuple(squares), bias, prefix)

    def with_edges(self, edges: Edges) -> Layout:
        """The same nodes with another edge set (e.g. this frame's strongest weights)."""
        return replace(self, edges=tuple(edges), drawn_edges=sum(len(s) for s, _ in edges))

    @property
    def sampled(self) -> bool:
        return self.drawn_edges < self.total_edges

    def radius_of(self, layer: int) -> float:
        return self.radii[layer] if self.radii else self.radius

    def is_bias(self, layer: int, i: int) -> bool:
        """Is unit i of ``layer`` the bias node "1" (the last unit of a non-output layer)?"""
        return self.bias and layer < len(self.sizes) - 1 and i == self.sizes[layer] - 1

    def node_ids(self, layer: int | None = None) -> list[str]:
        layers = range(len(self.sizes)) if layer is None else [layer]
        return [node_id(l, i, self.prefix) for l in layers for i in range(self.sizes[l])]

    def all_node_xy(self) -> np.ndarray:
        """(total_neurons, 2) positions in the order of :meth:`node_ids`."""
        return np.concatenate(self.node_xy)

    def node_radii(self) -> np.ndarray:
        """(total_neurons,) radius of every node, in the order of :meth:`node_ids`."""
        return np.concatenate([np.full(n, self.radius_of(l)) for l, n in enumerate(self.sizes)])

    def edge_lines(self, gap: int, trim: bool = False) -> np.ndarray:
        """(n_edges, 4) array of x1, y1, x2, y2 for the drawn edges of one gap; with ``trim``
        each line stops at the rims of its two circles instead of their centres."""
        src, dst = self.edges[gap]
        a, b = self.node_xy[gap][src], self.node_xy[gap + 1][dst]
        if trim:
            d = b - a
            unit = d / np.maximum(np.linalg.norm(d, axis=1, keepdims=True), 1e-12)
            a, b = a + unit * self.radius_of(gap), b - unit * self.radius_of(gap + 1)
        return np.hstack([a, b])

    @cached_property
    def lines(self) -> np.ndarray:
        """(drawn_edges, 4): every gap's :meth:`edge_lines`, gap 0 first (computed once)."""
        return np.vstack([self.edge_lines(g) for g in range(len(self.edges))])

    def edge_key(self, k: int) -> tuple[int, int, int]:
        """Index into :attr:`lines` -> (gap, i, j)."""
        for g, (src, dst) in enumerate(self.edges):
            if k < len(src):
                return g, int(src[k]), int(dst[k])
            k -= len(src)
        raise IndexError("no such edge")

    def edge_index(self, gap: int, i: int, j: int) -> int:
        """Inverse of :meth:`edge_key` (-1 when edge (gap, i, j) is not drawn)."""
        src, dst = self.edges[gap]
        hit = np.flatnonzero((src == i) & (dst == j))
        return -1 if not len(hit) else sum(len(s) for s, _ in self.edges[:gap]) + int(hit[0])

    def edge_ids(self, gap: int) -> list[str]:
        src, dst = self.edges[gap]
        return [edge_id(gap, i, j, self.prefix) for i, j in zip(src.tolist(), dst.tolist(), strict=True)]

    def label_points(self, gap: int, spread: tuple[float, float] = (0.26, 0.62), single: float = 0.36) -> np.ndarray:
        """(n_edges, 2) where the value of each edge of ``gap`` is written: ``single`` of the way
        along it when the next layer has one unit, else spread from ``spread[0]`` (to unit 0)
        to ``spread[1]`` (to the last unit) so labels of one source do not overlap."""
        src, dst = self.edges[gap]
        n_out = self.sizes[gap + 1]
        t = np.full(n_out, single) if n_out == 1 else np.linspace(*spread, n_out)
        a, b = self.node_xy[gap][src], self.node_xy[gap + 1][dst]
        return a + (b - a) * t[dst][:, None]

    def hit(self, px: float, py: float, slack: float = 4.0) -> tuple | None:
        """What is under the point (px, py): a node first (a square's cell, a circle's disc
        plus 2 units), else the nearest drawn edge within ``slack`` units.

        Returns ("node", layer, i), ("edge", gap, i, j) or None.
        """
        for layer, xy in enumerate(self.node_xy):
            r = self.radius_of(layer)
            dx, dy = np.abs(xy[:, 0] - px), np.abs(xy[:, 1] - py)
            if layer in self.squares:
                inside = np.flatnonzero((dx <= r) & (dy <= r))
                if len(inside):
                    return ("node", layer, int(inside[0]))
                continue
            d = np.hypot(dx, dy)
            k = int(np.argmin(d))
            if d[k] <= r + 2.0:
                return ("node", layer, k)
        k, dist = nearest_segment(self.lines, px, py)
        if k >= 0 and dist <= slack:
            return ("edge", *self.edge_key(k))
        return None


def layout(sizes: tuple[int, ...], width: float = 900.0, max_edges: int = MAX_DRAWN_EDGES, seed: int = 0) -> Layout:
    """Place the neurons of ``sizes`` (e.g. ``(3, 5, 5, 2)``) in columns, centred vertically.

    The height grows with the widest layer so 64 neurons stay legible. When the network has
    more than ``max_edges`` connections, each gap keeps a seeded uniform sample proportional
    to its size (never fewer than one edge per gap).
    """
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(f"need at least two layers of at least one neuron, got {sizes}")
    widest = max(sizes)
    pitch = float(np.clip(420.0 / widest, 9.0, 64.0))
    height = max(260.0, pitch * widest + 70.0)
    radius = float(np.clip(pitch * 0.36, 3.0, 16.0))
    margin_x = 40.0
    xs = np.linspace(margin_x, width - margin_x, len(sizes))
    node_xy = [column(n, x, height / 2, pitch) for x, n in zip(xs, sizes, strict=True)]
    return Layout.of(node_xy, sampled_edges(sizes, max_edges, seed), width, height, radius)


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


# ----- bucketed paths: many edges as a few <path>s ------------------------------------------------


def signed_levels(weights, strength, levels: int) -> np.ndarray:
    """Bucket of each edge (n,) in 0 … 2·levels−1: negative weights first (0 … levels−1),
    then the rest, each by its ``strength`` in [0, 1] cut into ``levels`` equal steps."""
    w = np.asarray(weights, dtype=np.float64)
    level = np.minimum(levels - 1, (np.asarray(strength, dtype=np.float64) * levels).astype(np.int64))
    return np.where(w >= 0, levels, 0) + level


def segment_strings(lines: np.ndarray) -> np.ndarray:
    """SVG path pieces "M x1 y1L x2 y2 " for (n, 4) lines: an (n,) array of equal-width bytes.

    Padding every piece with spaces to one width lets :func:`bucket_paths` gather and join
    them with one numpy fancy index instead of a Python loop over 1,120 strings. Whole SVG
    units are exact enough for pictures hundreds of units wide and keep the strings short.
    """
    pieces = [f"M{a:.0f} {b:.0f}L{c:.0f} {d:.0f}" for a, b, c, d in lines.tolist()]
    width = max(len(p) for p in pieces) + 1
    return np.array([p.ljust(width) for p in pieces], dtype=f"S{width}")


def bucket_paths(segments: np.ndarray, buckets: np.ndarray, n_buckets: int) -> list[str]:
    """Join the segments of each bucket (``buckets`` (n,) ints in 0 … n_buckets−1) into one
    path ``d`` string: ``n_buckets`` strings."""
    order = np.argsort(buckets, kind="stable")
    counts = np.bincount(buckets, minlength=n_buckets) * segments.itemsize
    text = segments[order].tobytes().decode("ascii")
    ends = np.cumsum(counts).tolist()
    return [text[a:b] for a, b in zip([0, *ends[:-1]], ends, strict=True)]


@dataclass(frozen=True)
class Influence:
    """What neuron (layer, index) is connected to, counted exactly.

    ``up_*`` is everything that influences it in the forward pass; ``down_*`` everything it
    influences, which is also where its gradient comes from in backpropagation.
    """

    layer: int
    index: int
    up_neurons: int
    up_edges: int
    up_paths: int
    down_neurons: int
    down_edges: int
    down_paths: int
    fan_in: int
    fan_out: int


def influence(sizes: tuple[int, ...], layer: int, index: int) -> Influence:
    """Count the neurons, connections and paths upstream and downstream of one neuron."""
    if not 0 <= layer < len(sizes) or not 0 <= index < sizes[layer]:
        raise IndexError(f"no neuron {index} in layer {layer} of {sizes}")
    gaps = [a * b for a, b in pairwise(sizes)]
    fan_in = sizes[layer - 1] if layer > 0 else 0
    fan_out = sizes[layer + 1] if layer < len(sizes) - 1 else 0
    return Influence(
        layer=layer,
        index=index,
        up_neurons=sum(sizes[:layer]),
        up_edges=sum(gaps[: max(layer - 1, 0)]) + fan_in,
        up_paths=math.prod(sizes[:layer]) if layer > 0 else 0,
        down_neurons=sum(sizes[layer + 1 :]),
        down_edges=fan_out + sum(gaps[layer + 1 :]),
        down_paths=math.prod(sizes[layer + 1 :]) if layer < len(sizes) - 1 else 0,
        fan_in=fan_in,
        fan_out=fan_out,
    )


NODE_STATES = ("up", "down", "focus")  # CSS classes for Highlight.node_state 1, 2, 3


@dataclass(frozen=True)
class Highlight:
    """What to light up for one hovered neuron, in the shapes the DOM layer applies.

    ``node_state``: one uint8 per neuron (order of ``Layout.node_ids``): 0 for none,
    else 1 + the index of its class in :data:`NODE_STATES` (upstream, downstream, the
    hovered one); ``gap_state[g]``: "up", "down" or "" for every whole gap; the hovered
    neuron's own incoming and outgoing connections are ``in_lines`` / ``out_lines``
    ((n, 4) arrays), drawn on top so they are complete even when the gap is sampled.
    """

    node_state: np.ndarray
    gap_state: tuple[str, ...]
    in_lines: np.ndarray
    out_lines: np.ndarray

    @property
    def node_up(self) -> np.ndarray:
        return (self.node_state == 1).astype(np.uint8)

    @property
    def node_down(self) -> np.ndarray:
        return (self.node_state == 2).astype(np.uint8)

    @property
    def node_focus(self) -> np.ndarray:
        return (self.node_state == 3).astype(np.uint8)


def highlight(lay: Layout, layer: int, index: int) -> Highlight:
    """Compute the highlight for hovering neuron (layer, index) of ``lay``."""
    sizes = lay.sizes
    offsets = np.concatenate([[0], np.cumsum(sizes)])
    node_state = np.zeros(offsets[-1], dtype=np.uint8)
    node_state[: offsets[layer]] = 1
    node_state[offsets[layer + 1] :] = 2
    node_state[offsets[layer] + index] = 3
    gap_state = tuple("up" if g < layer - 1 else "down" if g > layer else "" for g in range(len(sizes) - 1))
    me = lay.node_xy[layer][index]
    if layer > 0:
        prev = lay.node_xy[layer - 1]
        in_lines = np.hstack([prev, np.broadcast_to(me, prev.shape)])
    else:
        in_lines = np.zeros((0, 4))
    if layer < len(sizes) - 1:
        nxt = lay.node_xy[layer + 1]
        out_lines = np.hstack([np.broadcast_to(me, nxt.shape), nxt])
    else:
        out_lines = np.zeros((0, 4))
    return Highlight(node_state, gap_state, in_lines, out_lines)


def parameter_count(sizes: tuple[int, ...]) -> tuple[int, int, str]:
    """Return (weights, biases, formula) for a dense network, e.g. for ``(3, 5, 2)``:
    ``(25, 7, "3×5 + 5 + 5×2 + 2")``."""
    weights = sum(a * b for a, b in pairwise(sizes))
    biases = sum(sizes[1:])
    formula = " + ".join(f"{a}×{b} + {b}" for a, b in pairwise(sizes))
    return weights, biases, formula
