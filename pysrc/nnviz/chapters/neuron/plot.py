"""Geometry of the chapter's plots, pure: frames, polyline points, ticks, edge widths, colours.

    frame = curve_frame(320, 200, y_range=(-1, 1))      # z ∈ [−6, 6] across, y up
    polyline(frame, zs, ys)                            # "36.0,180.0 37.2,179.1 …" (SVG points)
    pinned(frame, 9.0)                                 # (296.0, True): z off the plot, drawn at its edge

Colours are the Okabe–Ito palette (readable with every common colour-vision deficiency); each
function also has its own dash pattern, so no line is told apart by colour alone.
"""

from __future__ import annotations

import math

import numpy as np

from nnviz.chapters.neuron.maths import Z_RANGE
from nnviz.kit import scale
from nnviz.kit.colormap import ColorMap, Norm, label
from nnviz.kit.plot import PlotFrame

PAD = (44, 12, 14, 34)  # left, right, top, bottom, in SVG units

# (colour, dash) per function key, for the comparison plot and its legend
STYLE: dict[str, tuple[str, str]] = {
    "relu": ("#0072b2", ""),
    "leaky": ("#56b4e9", "6 3"),
    "sigmoid": ("#d55e00", ""),
    "tanh": ("#009e73", ""),
    "linear": ("#6b7588", "2 3"),
    "step": ("#000000", "8 3 2 3"),
    "elu": ("#cc79a7", ""),
    "softplus": ("#e69f00", "5 2"),
    "gelu": ("#7c3aed", "1 2"),
    "silu": ("#8f5a00", "9 4"),
}


def curve_frame(width: float, height: float, y_range: tuple[float, float]) -> PlotFrame:
    """The plot rectangle inside a ``width`` × ``height`` SVG, z across, ``y_range`` up."""
    left, right, top, bottom = PAD
    return PlotFrame.around(left, top, width - left - right, height - top - bottom, Z_RANGE, y_range, right, bottom)


def y_range_of(*curves: np.ndarray, floor: tuple[float, float] = (-0.1, 1.1)) -> tuple[float, float]:
    """A nice y interval holding every finite value of ``curves`` and at least ``floor``."""
    lo, hi = floor
    for ys in curves:
        finite = ys[np.isfinite(ys)]
        if finite.size:
            lo, hi = min(lo, float(finite.min())), max(hi, float(finite.max()))
    span = hi - lo
    return scale.nice_domain(lo - 0.04 * span, hi + 0.04 * span, 5)


def polyline(frame: PlotFrame, xs: np.ndarray, ys: np.ndarray) -> str:
    """SVG ``points`` for the curve; y is clipped just outside the frame (the SVG clips the rest)."""
    px, py = frame.to_px(np.asarray(xs, dtype=np.float64), np.asarray(ys, dtype=np.float64))
    py = np.clip(py, frame.top - 40, frame.bottom + 40)
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(px.tolist(), py.tolist(), strict=True))


def step_polyline(frame: PlotFrame, xs: np.ndarray, ys: np.ndarray) -> str:
    """Like :func:`polyline`, but a jump between two samples is drawn straight up (no slanted line)."""
    xs, ys = np.asarray(xs, float), np.asarray(ys, float)
    jump = np.flatnonzero(np.abs(np.diff(ys)) > 0.5)
    if jump.size == 0:
        return polyline(frame, xs, ys)
    i = int(jump[0])
    x_mid = 0.0 if xs[i] <= 0 <= xs[i + 1] else 0.5 * (xs[i] + xs[i + 1])
    xs2 = np.concatenate([xs[: i + 1], [x_mid, x_mid], xs[i + 1:]])
    ys2 = np.concatenate([ys[: i + 1], [ys[i], ys[i + 1]], ys[i + 1:]])
    return polyline(frame, xs2, ys2)


def pinned(frame: PlotFrame, z: float) -> tuple[float, bool]:
    """The x position of ``z`` on the plot, held at the edge when z is off it (then True)."""
    lo, hi = Z_RANGE
    inside = lo <= z <= hi
    # plain arithmetic (the same map as frame.x_scale): this runs for every mark in every frame
    return frame.left + (min(max(z, lo), hi) - lo) / (hi - lo) * frame.plot_width, not inside


def pinned_y(frame: PlotFrame, y: float) -> float:
    lo, hi = frame.y_domain
    return frame.bottom - (min(max(y, lo), hi) - lo) / (hi - lo) * frame.plot_height


def ticks(lo: float, hi: float, count: int = 5) -> list[tuple[float, str]]:
    """``[(value, label), …]`` for an axis: ``ticks(-6, 6)`` -> [(-6, "−6"), (-4, "−4"), …]."""
    values = scale.ticks(lo, hi, count)
    step = scale.nice_step(hi - lo, count)
    return [(float(v), scale.format_tick(float(v), step).replace("-", "−")) for v in values]


def edge_width(w: float) -> float:
    """Stroke width of a weighted edge: 1.5 for w = 0 up to 9 for |w| ≥ 3."""
    return 1.5 + 2.5 * min(abs(w), 3.0)


def lut(cmap: ColorMap, size: int = 256) -> np.ndarray:
    """The colour map sampled at ``size`` evenly spaced t: (size, 3) uint8, for :func:`colour`."""
    return cmap(np.linspace(0.0, 1.0, size))


def colour(table: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Colours for t in [0, 1] (clipped) from a :func:`lut` table: t.shape + (3,) uint8.

    A table look-up: the nearest of 256 samples is within 1/510 of t, finer than 8-bit colour.
    """
    k = len(table) - 1
    return table[np.clip(np.rint(t * k), 0, k).astype(np.intp)]


BOUNDED = {"sigmoid": (0.0, 1.0), "softmax": (0.0, 1.0), "step": (0.0, 1.0), "tanh": (-1.0, 1.0)}


def plane_norm(key: str, values: np.ndarray) -> Norm:
    """The colour scale of the heatmap: the function's own range when it has one (so a colour
    always means the same output), else the smallest and largest output in the picture."""
    if key in BOUNDED:
        return Norm(*BOUNDED[key])
    lo, hi = scale.proper_interval(float(np.min(values)), float(np.max(values)))
    return Norm(lo, hi)


def bar_labels(norm: Norm, count: int = 5, margin: float = 0.15) -> list[tuple[float, str]]:
    """The colour bar's labels for a linear norm, as ``ColorScale(cmap, norm).axis(1.0)`` gives
    them (both ends exact, round values between, none within ``margin`` of an end), in plain
    Python: ``bar_labels(Norm(0, 1))`` -> [(0.0, "0"), (0.2, "0.2"), … (1.0, "1")]. Minus signs
    are real ones ("−0.5").
    """
    lo, hi = norm.lo, norm.hi
    picked = [(0.0, lo)]
    for v in norm.ticks(count):
        t = (v - lo) / (hi - lo)
        if margin <= t <= 1 - margin:
            picked.append((t, float(v)))
    picked.append((1.0, hi))
    return [(t, label(v).replace("-", "−")) for t, v in picked]


def plane_gradient(w1: float, w2: float, b: float, half: float = 3.0):
    """The neuron's output over the square [−half, half]² depends on z = w1·x1 + w2·x2 + b only,
    so the heatmap is a linear gradient along (w1, w2). Return its end points (data space) and
    the z there, the lowest and highest z in the square (at its corners):

        plane_gradient(1.0, 0.0, 0.5)  # -> ((-3.0, 0.0), (3.0, 0.0), -2.5, 3.5)

    A point p of the square has colour position t = (p − A)·(B − A) / |B − A|² = (z(p) − z_lo) /
    (z_hi − z_lo). With both weights 0 (z = b everywhere) both ends are (−half, 0), (half, 0)
    and z_lo = z_hi = b.
    """
    spread = half * (abs(w1) + abs(w2))
    norm = math.hypot(w1, w2)
    if norm == 0:
        return (-half, 0.0), (half, 0.0), b, b
    reach = spread / norm  # the centre's z is b; moving `reach` along the unit direction adds spread
    dx, dy = w1 / norm * reach, w2 / norm * reach
    return (-dx, -dy), (dx, dy), b - spread, b + spread
