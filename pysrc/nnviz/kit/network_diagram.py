"""Layout of a fully connected network diagram, and what a hover highlights.

Pure numpy: positions, ids and highlight sets as plain values; ``nnviz.dom`` draws them.
Ids follow the model (``node-{layer}-{i}``, ``edge-{gap}-{i}-{j}`` where gap ``g`` joins
layer ``g`` to layer ``g+1``), so rendering and tests find elements the same way.

Counting facts used below, for a fully connected network with layer sizes n_0 … n_{L-1}:
- every neuron of every earlier layer influences neuron (l, i): it sits at the end of
  n_0 · n_1 · … · n_{l-1} distinct paths from the inputs;
- (l, i) influences every neuron of every later layer: n_{l+1} · … · n_{L-1} paths to the
  outputs, which are also the paths its gradient arrives along in backpropagation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

MAX_DRAWN_EDGES = 2500  # beyond this, edges are sampled (and the legend says so)


@dataclass(frozen=True)
class Layout:
    """Where everything goes. Shapes by example for sizes ``(3, 5, 2)``:

    ``node_xy[1]`` is a (5, 2) array; ``edges[0]`` is a pair of index arrays
    ``(src, dst)`` into layers 0 and 1, each of length 15 (or fewer when sampled).
    """

    sizes: tuple[int, ...]
    width: float
    height: float
    radius: float
    node_xy: tuple[np.ndarray, ...]
    edges: tuple[tuple[np.ndarray, np.ndarray], ...]
    total_edges: int
    drawn_edges: int

    @property
    def sampled(self) -> bool:
        return self.drawn_edges < self.total_edges

    def node_ids(self) -> list[str]:
        return [f"node-{l}-{i}" for l, n in enumerate(self.sizes) for i in range(n)]

    def all_node_xy(self) -> np.ndarray:
        """(total_neurons, 2) positions in the order of :meth:`node_ids`."""
        return np.concatenate(self.node_xy)

    def edge_lines(self, gap: int) -> np.ndarray:
        """(n_edges, 4) array of x1, y1, x2, y2 for the drawn edges of one gap."""
        src, dst = self.edges[gap]
        a, b = self.node_xy[gap][src], self.node_xy[gap + 1][dst]
        return np.hstack([a, b])

    def edge_ids(self, gap: int) -> list[str]:
        src, dst = self.edges[gap]
        return [f"edge-{gap}-{i}-{j}" for i, j in zip(src.tolist(), dst.tolist(), strict=True)]


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
    node_xy = []
    for x, n in zip(xs, sizes, strict=True):
        ys = height / 2 + (np.arange(n) - (n - 1) / 2) * pitch
        node_xy.append(np.column_stack([np.full(n, x), ys]))

    gap_counts = [a * b for a, b in pairwise(sizes)]
    total = sum(gap_counts)
    rng = np.random.default_rng(seed)
    edges = []
    for g, count in enumerate(gap_counts):
        keep = count if total <= max_edges else max(1, int(max_edges * count / total))
        flat = np.arange(count) if keep >= count else np.sort(rng.choice(count, size=keep, replace=False))
        src, dst = np.divmod(flat, sizes[g + 1])
        edges.append((src, dst))
    drawn = sum(len(s) for s, _ in edges)
    return Layout(tuple(sizes), width, height, radius, tuple(node_xy), tuple(edges), total, drawn)


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
