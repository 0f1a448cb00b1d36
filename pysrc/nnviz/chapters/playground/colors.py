"""The playground's colours: values and classes to RGBA pixels through lookup tables (pure numpy).

    rgba = value_rgba(acts, limit=1.0)         # (..., 4) uint8: orange (−) … light grey (0) … blue (+)
    rgba = value_rgba(acts, discrete=True)      # two colours only, split at 0
    rgba = class_rgba(probs)                    # (G, K) -> (G, 4): the winning class's colour,
                                                # lighter where the network is less sure

Both palettes are read apart by colour-blind readers: the two-sided scale runs orange to blue
(as TensorFlow Playground's), and the K classes take Okabe and Ito's colours (orange, blue,
bluish green, vermillion, reddish purple), so class 0 and 1 look the same in both.
One lookup per cell: 10,000 cells cost a few numpy calls, whatever the number of maps.
"""

from __future__ import annotations

import numpy as np

from nnviz.kit.colormap import ColorMap, ColorScale, Norm, _hex_to_rgb

NEG, MID, POS = "#e08a1e", "#eef0f2", "#1f77b4"
VALUE_MAP = ColorMap("playground", (NEG, "#f4c58d", MID, "#9ec5e2", POS))
CLASS_HEX = ("#e69f00", "#0072b2", "#009e73", "#d55e00", "#cc79a7")
CLASS_NAMES = ("orange", "blue", "green", "red", "purple")  # the colours' words, for legends
LEVELS = 256
_LUT = np.empty((LEVELS, 4), np.uint8)
_LUT[:, :3] = VALUE_MAP(np.linspace(0.0, 1.0, LEVELS))
_LUT[:, 3] = 255
_LUT32 = _LUT.view(np.uint32).ravel()  # one 4-byte gather per cell instead of a row gather
_CLASS_RGB = np.array([_hex_to_rgb(c) for c in CLASS_HEX], np.float32)
_WHITE = np.array([246.0, 247.0, 248.0], np.float32)


def value_scale(limit: float = 1.0) -> ColorScale:
    """The two-sided scale as a kit ColorScale (for the colour bar)."""
    return ColorScale(VALUE_MAP, Norm.diverging(limit))


def value_rgba(values, limit: float = 1.0, discrete: bool = False) -> np.ndarray:
    """(...) values -> (..., 4) uint8: −limit orange, 0 light, +limit blue; beyond clips; NaN grey."""
    v = np.asarray(values, dtype=np.float32)
    if discrete:
        idx = np.where(v > 0, LEVELS - 40, 39).astype(np.intp)
        return _LUT32[idx.ravel()].view(np.uint8).reshape(*v.shape, 4)
    t = v * np.float32(0.5 * (LEVELS - 1) / limit)
    t += np.float32(0.5 * (LEVELS - 1))
    nan = not np.isfinite(float(t.sum())) and np.isnan(t).any()  # one cheap pass when all is well
    if nan:
        t = np.nan_to_num(t, nan=0.5 * (LEVELS - 1))
    np.clip(t, 0, LEVELS - 1, out=t)
    out = _LUT32[t.astype(np.intp).ravel()].view(np.uint8).reshape(*v.shape, 4)
    if nan:
        out[np.isnan(v), :3] = 200
    return out


def class_rgba(probs, discrete: bool = False) -> np.ndarray:
    """(G, K) class probabilities -> (G, 4) uint8: the winner's colour mixed with white by the
    confidence c = (p_max − 1/K) / (1 − 1/K) (sure: full colour; a tie: white)."""
    p = np.asarray(probs, dtype=np.float32)
    k = p.shape[1]
    win = p.argmax(axis=1)
    if discrete:
        a = np.full(len(p), 0.75, np.float32)
    else:
        a = np.clip((p.max(axis=1) - 1.0 / k) / (1.0 - 1.0 / k), 0.0, 1.0)
        a = np.nan_to_num(a) * 0.9
    rgb = _WHITE + (_CLASS_RGB[win] - _WHITE) * a[:, None]
    out = np.empty((len(p), 4), np.uint8)
    out[:, :3] = np.rint(rgb)
    out[:, 3] = 255
    return out


def class_hex(k: int) -> str:
    return CLASS_HEX[k % len(CLASS_HEX)]
