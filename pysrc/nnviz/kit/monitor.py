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
    v = np.concatenate(flat)
    return _row_histograms(v, _row_ids(tuple(f.size for f in flat)), len(flat), edges)


_IDS: dict[tuple, np.ndarray] = {}


def _row_ids(sizes: tuple[int, ...]) -> np.ndarray:
    """[0]·sizes[0] + [1]·sizes[1] + … (cached: a monitor asks for the same sizes every frame)."""
    ids = _IDS.get(sizes)
    if ids is None:
        if len(_IDS) > 64:
            _IDS.clear()
        ids = _IDS[sizes] = np.repeat(np.arange(len(sizes)), sizes)
    return ids


def _row_histograms(v: np.ndarray, row: np.ndarray, rows: int, edges: np.ndarray, finite=None) -> np.ndarray:
    """Shares per bin of ``edges`` for each row id 0 … rows − 1; v and row broadcast together
    (non-finite values left out; ``finite`` = np.isfinite(v) when the caller has it)."""
    bins = len(edges) - 1
    idx = np.searchsorted(edges, v, side="right")
    idx -= 1
    np.clip(idx, 0, bins - 1, out=idx)
    idx = idx + row * bins
    ok = np.isfinite(v) if finite is None else finite
    flat = idx.reshape(-1) if ok.all() else idx[np.broadcast_to(ok, idx.shape)]
    counts = np.bincount(flat, minlength=rows * bins).reshape(rows, bins).astype(np.float64)
    totals = counts.sum(axis=1, keepdims=True)
    return np.divide(counts, totals, out=np.zeros_like(counts), where=totals > 0)


def _edges(name: str, vals: np.ndarray, finite: np.ndarray | None, bins: int) -> np.ndarray:
    lo, hi = ACT_RANGES.get(name, (None, None))
    if lo is None or hi is None:
        if finite is not None and not finite.all():
            vals = vals[finite]
        if lo is None:
            lo = float(vals.min()) if vals.size else -1.0
        if hi is None:
            hi = max(float(vals.max()) if vals.size else 1.0, lo + 1.0)
    return np.linspace(lo, hi, bins + 1)


def activation_edges(name: str, outputs: Sequence[np.ndarray], bins: int = BINS) -> np.ndarray:
    """Bin edges for hidden activations: the activation's own range (sigmoid 0…1, tanh −1…1), or
    for ReLU 0 … the largest value seen (at least 1)."""
    lo, hi = ACT_RANGES.get(name, (None, None))
    if lo is not None and hi is not None:
        return np.linspace(lo, hi, bins + 1)
    vals = np.concatenate([np.asarray(o, dtype=np.float64).reshape(-1) for o in outputs]) if outputs else np.empty(0)
    return _edges(name, vals, np.isfinite(vals), bins)


def measure(net, X, Y, update_norms: Sequence[float] | None = None, bins: int = BINS) -> Reading:
    """Measure ``net`` on the probe batch (X, Y): one backward pass (see the module docstring).

    ``update_norms`` (‖Δˡ‖ per layer of the last step) gives the update/weight ratios.
    Vectorised across layers (it runs every frame): the gradients and weights of all layers
    are one array for the norms and the gradient histogram, the hidden activations one
    (batch, Σ widths) array for the dead units and the activation histogram.
    """
    with np.errstate(all="ignore"):
        tr = net.backward(X, Y, copy=False)  # the pass backward_trace presents, read at once
        L = len(tr.grad_w)
        parts = [*tr.grad_w, *tr.grad_b, *net.weights, *net.biases]
        sizes = tuple(p.size for p in parts)
        flat = np.concatenate([p.reshape(-1) for p in parts], dtype=np.float64)
        sq = np.add.reduceat(flat * flat, np.cumsum((0, *sizes[:-1]))).reshape(4, L)
        norms = np.sqrt(sq[0::2] + sq[1::2])  # rows: gradients, weights
        grad_norms, weight_norms = tuple(norms[0].tolist()), tuple(norms[1].tolist())
        n_gw = sum(sizes[:L])
        grad_edges = np.linspace(*GRAD_DECADES, bins + 1)
        logs = np.log10(np.abs(flat[:n_gw]))
        grad_hist = _row_histograms(logs, _row_ids(sizes[:L]), L, grad_edges)
        hidden = tr.outs[:-1]
        names = [act.name for act in net.activations[:-1]]
        if hidden:
            widths = tuple(a.shape[1] for a in hidden)
            acts = np.concatenate(hidden, axis=1).astype(np.float64, copy=False)  # (batch, Σ widths)
            finite = np.isfinite(acts)
            act_edges = _edges(names[0], acts, finite, bins)
            act_hist = _row_histograms(acts, _row_ids(widths)[None, :], len(hidden), act_edges, finite)
            silent = np.all(acts <= 0, axis=0).astype(np.float64)  # engine.metrics.dead_fraction, per column
            shares = np.add.reduceat(silent, np.cumsum((0, *widths[:-1]))) / np.array(widths)
            dead = tuple(float(d) if n == "relu" else 0.0 for n, d in zip(names, shares.tolist(), strict=True))
        else:
            act_edges = activation_edges("linear", [], bins)
            act_hist, dead = np.zeros((0, bins)), ()
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
