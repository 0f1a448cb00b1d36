"""Contour lines by marching squares, vectorised in numpy, and the SVG path that draws them.

    from nnviz.kit.contour import contour_segments, segments_path, nice_levels
    xs = np.linspace(-1, 1, 101); ys = xs[::-1]          # ys may run either way
    V = xs[None, :] ** 2 + ys[:, None] ** 2               # (ny, nx): V[i, j] = f(xs[j], ys[i])
    seg = contour_segments(V, xs, ys, 0.25)               # (k, 2, 2): k segments, ends (x, y)
    # every end lies on the circle of radius 0.5, up to the linear interpolation's error
    d = segments_path(seg * 100)                          # "M50.0 0.3L49.9 3.4M…" for <path d=…>
    nice_levels(0.0, 50.0, 5)                              # [10, 20, 30, 40]: round levels inside
    nice_levels(0.005, 115, 7, log=True)                   # [0.01, 0.03, 0.1, 0.3, … 30, 100]

Each grid cell (four neighbouring samples) is crossed by the level where two neighbours lie
on opposite sides; the crossing is placed by linear interpolation along that edge. A cell
crossed on all four edges (a saddle cell) is split by its centre value, the mean of its
corners. Segments are not joined into polylines: an SVG path draws them the same, and
joining would cost more Python than it saves in the browser. NaN samples make their cells
silent (no segment). Pure numpy, no browser.
"""

from __future__ import annotations

import math

import numpy as np

from nnviz.kit.scale import nice_step


def contour_segments(values: np.ndarray, xs: np.ndarray, ys: np.ndarray, level: float) -> np.ndarray:
    """Return the (k, 2, 2) segments where ``values`` (ny, nx) crosses ``level``.

    ``values[i, j]`` is the sample at (xs[j], ys[i]). Segment ends are (x, y) in data units.
    """
    v = np.asarray(values, dtype=np.float64)
    xs = np.asarray(xs, dtype=np.float64)
    ys = np.asarray(ys, dtype=np.float64)
    if v.ndim != 2 or v.shape != (len(ys), len(xs)):
        raise ValueError(f"values {v.shape} does not match ys {len(ys)} × xs {len(xs)}")
    if min(v.shape) < 2:
        return np.zeros((0, 2, 2))
    a = v - level
    above = ~np.signbit(a)  # NaN compares as "not below"; cells touching NaN are dropped below
    finite = np.isfinite(a)
    case = (above[:-1, :-1].astype(np.int8) * 8 + above[:-1, 1:] * 4 + above[1:, 1:] * 2 + above[1:, :-1])
    ok = finite[:-1, :-1] & finite[:-1, 1:] & finite[1:, :-1] & finite[1:, 1:]
    i, j = np.nonzero(ok & (case != 0) & (case != 15))  # only the crossed cells, from here on
    if len(i) == 0:
        return np.zeros((0, 2, 2))
    tl, tr, br, bl = a[i, j], a[i, j + 1], a[i + 1, j + 1], a[i + 1, j]
    x0, x1, y0, y1 = xs[j], xs[j + 1], ys[i], ys[i + 1]
    with np.errstate(invalid="ignore", divide="ignore"):
        # the crossing on each edge: top (tl-tr), right (tr-br), bottom (bl-br), left (tl-bl)
        px = np.stack([x0 + tl / (tl - tr) * (x1 - x0), x1, x0 + bl / (bl - br) * (x1 - x0), x0])
        py = np.stack([y0, y0 + tr / (tr - br) * (y1 - y0), y1, y0 + tl / (tl - bl) * (y1 - y0)])
    c = case[i, j]
    centre_above = ~np.signbit((tl + tr + br + bl) / 4.0)
    tl_above = c >= 8
    # saddle cells (5: tr and bl above, 10: tl and br above): two segments each
    joined = (c == 5) | (c == 10)
    joined &= centre_above == tl_above  # tl and br joined through the centre
    e1, f1 = _FIRST[c, 0].copy(), _FIRST[c, 1].copy()
    e1[joined], f1[joined] = 0, 1  # cut off the tr corner ...
    saddle = (c == 5) | (c == 10)
    e2, f2 = np.where(joined, 2, 1), np.where(joined, 3, 2)  # ... and bl; else tl (first) and br
    k = np.arange(len(c))
    first = np.stack([np.column_stack([px[e1, k], py[e1, k]]), np.column_stack([px[f1, k], py[f1, k]])], axis=1)
    s = saddle.nonzero()[0]
    second = np.stack([np.column_stack([px[e2[s], s], py[e2[s], s]]),
                       np.column_stack([px[f2[s], s], py[f2[s], s]])], axis=1)
    return np.concatenate([first, second], axis=0)


# For each case (tl·8 + tr·4 + br·2 + bl), the two crossed edges (0 top, 1 right, 2 bottom,
# 3 left); saddle cases 5 and 10 list the segment cutting off tl, the other is added apart.
_FIRST = np.array([
    (0, 0), (2, 3), (1, 2), (1, 3), (0, 1), (3, 0), (0, 2), (0, 3),
    (0, 3), (0, 2), (3, 0), (0, 1), (1, 3), (1, 2), (2, 3), (0, 0),
], dtype=np.int64)


def segments_path(segments: np.ndarray, digits: int = 1) -> str:
    """Return an SVG path ``d`` ("M x y L x y" per segment) for (k, 2, 2) segments in SVG units."""
    seg = np.asarray(segments, dtype=np.float64).reshape(-1, 4)
    if len(seg) == 0:
        return ""
    f = f"%.{digits}f"
    template = f"M{f} {f}L{f} {f}"
    return (template * len(seg)) % tuple(np.round(seg, digits).ravel().tolist())


def nice_levels(lo: float, hi: float, count: int = 8, log: bool = False) -> list[float]:
    """Return round contour levels strictly inside (lo, hi).

    Linear: multiples of a 1/2/5 step giving about ``count`` levels. Log (lo > 0): the powers
    of ten if they give ``count`` levels or more, else 1 and 3 × 10ᵏ if those do, else 1, 2, 5 × 10ᵏ.
    """
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return []
    if log:
        if lo <= 0:
            raise ValueError("log levels need lo > 0")
        first, last = math.floor(math.log10(lo)), math.ceil(math.log10(hi))
        powers = [10.0**e for e in range(first, last + 1)]
        for mantissas in ((1.0,), (1.0, 3.0), (1.0, 2.0, 5.0)):
            levels = [v for v in (m * p for p in powers for m in mantissas) if lo < v < hi]
            if len(levels) >= count:
                break
        return levels
    step = nice_step(hi - lo, max(count, 1))
    k = math.floor(lo / step) + 1
    out = []
    while k * step < hi:
        value = round(k * step, 12)
        if value > lo:
            out.append(value)
        k += 1
    return out
