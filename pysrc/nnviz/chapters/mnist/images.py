"""Small images of the digits chapter as RGBA arrays: the network's input, weights, patterns.

    ink_rgba(image28)                   # (28, 28) in [0, 1] -> (28, 28, 4) dark ink on white
    weights_scale(limit)                # the diverging blue-red ColorScale over −limit … +limit
                                        # (dom.heatmap draws with it, dom.colorbar shows its axis)

Colours come from nnviz.kit.colormap, so weights look the same in every chapter: negative blue
(app.css --neg), zero near white, positive red (--pos).
"""

from __future__ import annotations

import numpy as np

from nnviz.kit.colormap import DIVERGING, SEQUENTIAL, ColorScale, Norm

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


def weights_scale(limit: float) -> ColorScale:
    """The weight pictures' colour scale: blue −limit, white 0, red +limit (its axis is the colour bar's)."""
    return ColorScale(WEIGHT_MAP, Norm.diverging(limit))


def activations_scale() -> ColorScale:
    """The network picture's neuron colours: 0 % to 100 % of the most active neuron of the layer."""
    return ColorScale(ACTIVATION_MAP, Norm(0.0, 100.0))


def activation_rgb(t) -> np.ndarray:
    """Return (n, 3) uint8 colours for activations already scaled to t in [0, 1]."""
    return ACTIVATION_MAP(t)
