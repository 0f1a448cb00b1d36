"""The training monitor, pure part: per-layer statistics of a training network, and their histories.

    reading = measure(net, X_probe, Y_probe, update_norms=lr_times_step_norms)
    reading.grad_norms        # [1e-7, …, 0.03]  ‖(∂C/∂Wˡ, ∂C/∂bˡ)‖₂ per weight layer, first layer first
    reading.weight_norms      # [4.1, …, 1.2]    ‖(Wˡ, bˡ)‖₂ per layer
    reading.update_ratios     # [1e-9, …, 0.002] ‖Δˡ‖ / ‖(Wˡ, bˡ)‖ (nan when no update norms are given)
    reading.dead              # [0.0, 0.25, …]   per hidden layer: fraction of units that never fire
    reading.act_hist          # (hidden layers, BINS) share of activations per bin, rows sum to 1
    reading.grad_hist         # (layers, BINS)  share of |∂C/∂Wˡ| entries per decade bin (log10)
    mon = Monitor(n_layers=9, max_points=400)
    mon.record(iteration, reading)        # bounded histories, whatever the length of the run
    xs, ys = mon.history("grad_norm", 0)  # ≤ 400 real samples of layer 1's gradient norm

One backward pass on a fixed probe batch gives all of it (``Network.backward``: the pass
``Network.step`` trains with, which :func:`nnviz.engine.backward_trace` presents; the tests
check the two agree), so a chapter can measure once per animation frame
while it trains many steps in between. Update norms come from the training step itself: for SGD
the update of layer l is lr · (clip factor) · ‖gˡ‖ (``StepMetrics.grad_norms``), for any other
optimiser :func:`update_norms` compares the parameters before and after a step.

Dead units: a ReLU unit whose output is 0 for every probe sample gets no gradient from any of
them (engine.metrics.dead_fraction); other activations report 0.

Histories are :class:`nnviz.kit.chart.SeriesBuffer`\\ s: bounded, every kept point a real sample,
min and max kept, so a chart drawn from them is honest at any run length.

Pure numpy (no js): tests/unit/kit check it against the backward trace and finite differences.
Left out on purpose: per-unit statistics, batch-norm statistics, second-order information.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from nnviz.engine.metrics import dead_fraction
from nnviz.kit.chart import SeriesBuffer

BINS = 24
GRAD_DECADES = (-12.0, 2.0)  # the gradient histogram's range of log10|∂C/∂W|: 1e-12 … 1e2
ACT_RANGES = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0), "relu": (0.0, None), "linear": (None, None)}
SERIES = ("grad_norm", "weight_norm", "update_ratio", "dead")


@dataclass(frozen=True)
class Reading:
    """One measurement of a network (see the module docstring for each field)."""

    grad_norms: tuple[float, ...]
    weight_norms: tuple[float, ...]
    update_ratios: tuple[float, ...]
    dead: tuple[float, ...]
    act_hist: np.ndarray  # (L − 1, BINS)
    act_edges: np.ndarray  # (BINS + 1,) the activation bins' edges
    grad_hist: np.ndarray  # (L, BINS)
    grad_edges: np.ndarray  # (BINS + 1,) in log10 units
    loss: float

    @property
    def n_layers(self) -> int:
        return len(self.grad_norms)

    def rows(self) -> list[tuple[int, float, float, float]]:
        """(layer number from 1, gradient norm, weight norm, update/weight ratio), first layer first."""
        return [(i + 1, g, w, r) for i, (g, w, r) in
                enumerate(zip(self.grad_norms, self.weight_norms, self.update_ratios, strict=True))]


def layer_norms(arrays_w: Sequence[np.ndarray], arrays_b: Sequence[np.ndarray]) -> list[float]:
    """Return ‖(Wˡ, bˡ)‖₂ per layer: sqrt(ΣW² + Σb²)."""
    return [math.sqrt(float(np.vdot(w, w)) + float(np.vdot(b, b))) for w, b in zip(arrays_w, arrays_b, strict=True)]


def update_norms(before: Sequence[np.ndarray], after: Sequence[np.ndarray]) -> list[float]:
    """Return ‖Δˡ‖ per layer from parameter lists [W0, b0, W1, b1, …] before and after a step."""
    if len(before) != len(after) or len(before) % 2:
        raise ValueError("need [W0, b0, W1, b1, …] before and after, of the same length")
    d = [np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64) for a, b in zip(after, before, strict=True)]
    return layer_norms(d[0::2], d[1::2])


def ratios(updates: Sequence[float] | None, weights: Sequence[float]) -> list[float]:
    """‖Δˡ‖ / ‖(Wˡ, bˡ)‖ per layer (nan without updates; inf for an update of all-zero weights)."""
    if updates is None:
        return [math.nan] * len(weights)
    out = []
    for u, w in zip(updates, weights, strict=True):
        out.append(u / w if w > 0 else (0.0 if u == 0 else math.inf))
    return out


def histogram(values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Share of ``values`` in each bin of ``edges`` (values outside go to the end bins); sums to 1."""
    return histograms([values], edges)[0]


def histograms(arrays: Sequence[np.ndarray], edges: np.ndarray) -> np.ndarray:
    """:func:`histogram` of each array, as rows of one (len(arrays), bins) array, in one pass
    (one searchsorted and one bincount for all layers: the monitor runs it every frame)."""
    bins = len(edges) - 1
    if not arrays:
        return np.zeros((0, bins))
    flat = [np.asarray(a, dtype=np.float64).reshape(-1) for a in arrays]
    sizes = np.array([f.size for f in flat])
    v = np.concatenate(flat)
    layer = np.repeat(np.arange(len(flat)), sizes)
    ok = np.isfinite(v)
    if not ok.all():
        v, layer = v[ok], layer[ok]
    idx = np.clip(np.searchsorted(edges, v, side="right") - 1, 0, bins - 1) + layer * bins
    counts = np.bincount(idx, minlength=len(flat) * bins).reshape(len(flat), bins).astype(np.float64)
    totals = counts.sum(axis=1, keepdims=True)
    return np.divide(counts, totals, out=np.zeros_like(counts), where=totals > 0)


def activation_edges(name: str, outputs: Sequence[np.ndarray], bins: int = BINS) -> np.ndarray:
    """Bin edges for hidden activations: the activation's own range (sigmoid 0…1, tanh −1…1), or
    for ReLU 0 … the largest value seen (at least 1)."""
    lo, hi = ACT_RANGES.get(name, (None, None))
    if lo is None or hi is None:
        with np.errstate(invalid="ignore"):
            vals = np.concatenate([np.asarray(o, dtype=np.float64).reshape(-1) for o in outputs]) if outputs else np.empty(0)
        vals = vals[np.isfinite(vals)]
        if lo is None:
            lo = float(vals.min()) if vals.size else -1.0
        if hi is None:
            hi = max(float(vals.max()) if vals.size else 1.0, lo + 1.0)
    return np.linspace(lo, hi, bins + 1)


def measure(net, X, Y, update_norms: Sequence[float] | None = None, bins: int = BINS) -> Reading:
    """Measure ``net`` on the probe batch (X, Y): one backward trace (see the module docstring).

    ``update_norms`` (‖Δˡ‖ per layer of the last step) gives the update/weight ratios.
    """
    with np.errstate(all="ignore"):
        tr = net.backward(X, Y)  # the pass backward_trace presents, without its extra copies
    grad_norms = tuple(layer_norms(tr.grad_w, tr.grad_b))
    weight_norms = tuple(layer_norms(net.weights, net.biases))
    hidden = tr.outs[:-1]
    names = [act.name for act in net.activations[:-1]]
    dead = tuple(dead_fraction(a) if n == "relu" else 0.0 for n, a in zip(names, hidden, strict=True))
    act_edges = activation_edges(names[0] if names else "linear", hidden, bins)
    act_hist = histograms(hidden, act_edges)
    grad_edges = np.linspace(*GRAD_DECADES, bins + 1)
    with np.errstate(divide="ignore"):
        grad_hist = histograms([np.log10(np.abs(g)) for g in tr.grad_w], grad_edges)
    return Reading(grad_norms, weight_norms, tuple(ratios(update_norms, weight_norms)), dead,
                   act_hist, act_edges, grad_hist, grad_edges, float(tr.loss))


class Monitor:
    """Bounded histories of every per-layer series of :class:`Reading` over iterations."""

    def __init__(self, n_layers: int, max_points: int = 400):
        self.n_layers = int(n_layers)
        self.max_points = int(max_points)
        self.latest: Reading | None = None
        self.clear()

    def clear(self) -> None:
        """Forget every history (a new run)."""
        self.latest = None
        count = {name: self.n_layers - (name == "dead") for name in SERIES}  # dead: hidden layers only
        self._h = {name: [SeriesBuffer(self.max_points) for _ in range(count[name])] for name in SERIES}

    def record(self, iteration: int, reading: Reading) -> None:
        """Append one reading at ``iteration`` (non-finite values are skipped by the buffers)."""
        if reading.n_layers != self.n_layers:
            raise ValueError(f"a reading of {reading.n_layers} layers for a monitor of {self.n_layers}")
        self.latest = reading
        for name, values in (("grad_norm", reading.grad_norms), ("weight_norm", reading.weight_norms),
                             ("update_ratio", reading.update_ratios), ("dead", reading.dead)):
            for buf, v in zip(self._h[name], values, strict=True):
                buf.append(iteration, v)

    def history(self, name: str, layer: int) -> tuple[np.ndarray, np.ndarray]:
        """(iterations, values) kept for series ``name`` (one of SERIES) of ``layer`` (from 0;
        "dead" has one history per hidden layer)."""
        return self._h[name][layer].points()

    def histories(self, name: str) -> list[tuple[np.ndarray, np.ndarray]]:
        return [b.points() for b in self._h[name]]
