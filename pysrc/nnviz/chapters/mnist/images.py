"""Small images of the digits chapter as RGBA arrays: the network's input, weights, patterns.

    ink_rgba(image28)                   # (28, 28) in [0, 1] -> (28, 28, 4) dark ink on white
    weights_rgba(w, limit)              # any shape -> RGBA through the diverging blue-red map
    weights_legend(limit)               # LegendStops for that map: −limit … 0 … +limit

Colours come from nnviz.kit.colormap, so weights look the same in every chapter: negative blue
(app.css --neg), zero near white, positive red (--pos).
"""

from __future__ import annotations

import numpy as np

from nnviz.kit.colormap import DIVERGING, SEQUENTIAL, LegendStop, Norm, legend_stops

WEIGHT_MAP = DIVERGING["blue-red"]
ACTIVATION_MAP = SEQUENTIAL["blues"]
INK = np.array([29, 35, 48], dtype=np.float64)  # app.css --ink


def _with_alpha(rgb: np.ndarray) -> np.ndarray:
    out = np.empty(rgb.shape[:-1] + (4,), np.uint8)
    out[..., :3] = rgb
    out[..., 3] = 255
    return out


def ink_rgba(image) -> np.ndarray:
    """Return an (h, w, 4) picture of intensities in [0, 1]: 0 white, 1 the page's ink colour."""
    t = np.clip(np.asarray(image, dtype=np.float64), 0.0, 1.0)[..., None]
    rgb = 255.0 * (1.0 - t) + INK * t
    return _with_alpha(np.rint(rgb).astype(np.uint8))


def symmetric_limit(values) -> float:
    """Return max|v| (1.0 for an all-zero or empty array): the half-range of a diverging map."""
    v = np.asarray(values, dtype=np.float64)
    top = float(np.abs(v).max()) if v.size else 0.0
    return top if top > 0 and np.isfinite(top) else 1.0


def weights_rgba(values, limit: float) -> np.ndarray:
    """Return RGBA for ``values`` (any shape) on the blue-red map over [−limit, +limit]."""
    return _with_alpha(WEIGHT_MAP(Norm.diverging(limit)(values)))


def weights_legend(limit: float, ticks: list[float] | None = None) -> list[LegendStop]:
    """Return the stops of the weight colour bar: −limit, round ticks (or ``ticks``), +limit."""
    return legend_stops(Norm.diverging(limit), WEIGHT_MAP, ticks=ticks)


def activation_rgb(t) -> np.ndarray:
    """Return (n, 3) uint8 colours for activations already scaled to t in [0, 1]."""
    return ACTIVATION_MAP(t)
