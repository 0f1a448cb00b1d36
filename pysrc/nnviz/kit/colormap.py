"""Colour maps, colour scales (data -> RGB) and the ticks a colour bar shows: pure numpy, no browser.

Usage, for an error surface whose values run from 447 to 830,000:

    from nnviz.kit.colormap import SEQUENTIAL, DIVERGING, ColorScale, Norm, legend_stops
    norm = Norm(447.3, 8.3e5, log=True)        # value -> t in [0, 1] on a log scale
    rgb = SEQUENTIAL["viridis"](norm(values))  # values (...,) -> (..., 3) uint8
    scale = ColorScale(SEQUENTIAL["viridis"], norm)   # the same, as one scale: scale(values)
    scale.axis(300).labels                     # ["447.3", "10,000", "100,000", "830,000"] at px 0 … 300
    stops = legend_stops(norm, SEQUENTIAL["viridis"])
    # [LegendStop(t=0.0, value=447.3, label="447.3", color="#440154"), LegendStop(t=0.11, value=1000.0, ...), ...]
    SEQUENTIAL["viridis"].css_gradient()       # "linear-gradient(to right, #440154 0%, ... #fde725 100%)"

    weights_norm = Norm.diverging(2.0)         # -2 -> 0, 0 -> 0.5, +2 -> 1
    DIVERGING["blue-red"](weights_norm(w))     # negative blue, zero near white, positive red

Sequential maps run from low to high (viridis: dark purple to yellow, readable in grey and by
most colour-blind readers); diverging maps have a light middle for zero. The diverging
"blue-red" map uses app.css's --neg and --pos colours, so weights look the same everywhere.
Left out on purpose: perceptual interpolation in CIELAB (anchors are dense enough that linear
RGB between them is smooth), and categorical palettes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from nnviz.kit import scale
from nnviz.kit.plot import Axis

NAN_COLOR = (200, 200, 200)


def _hex_to_rgb(code: str) -> tuple[int, int, int]:
    code = code.lstrip("#")
    return int(code[0:2], 16), int(code[2:4], 16), int(code[4:6], 16)


def rgb_hex(rgb) -> str:
    """``(68, 1, 84)`` -> ``"#440154"``."""
    r, g, b = (int(v) for v in rgb)
    return f"#{r:02x}{g:02x}{b:02x}"


@dataclass(frozen=True)
class ColorMap:
    """A colour ramp through ``anchors`` (hex colours evenly spaced over t in [0, 1])."""

    name: str
    anchors: tuple[str, ...]

    def _table(self) -> np.ndarray:
        return np.array([_hex_to_rgb(a) for a in self.anchors], dtype=np.float64)

    def __call__(self, t) -> np.ndarray:
        """Map t (any shape, clipped to [0, 1]) to colours of shape t.shape + (3,), uint8.

        NaN maps to light grey, so missing values are visible rather than silently dark.
        """
        t = np.asarray(t, dtype=np.float64)
        table = self._table()
        k = len(table) - 1
        nan = np.isnan(t)
        pos = np.clip(np.where(nan, 0.0, t), 0.0, 1.0) * k
        i = np.minimum(pos.astype(np.int64), k - 1)
        frac = (pos - i)[..., None]
        rgb = table[i] * (1.0 - frac) + table[i + 1] * frac
        out = np.rint(rgb).astype(np.uint8)
        out[nan] = NAN_COLOR
        return out

    def hex(self, t: float) -> str:
        """The colour at one t, as ``"#rrggbb"``."""
        return rgb_hex(self(np.array([t]))[0])

    def css_gradient(self, direction: str = "to right") -> str:
        """A CSS ``linear-gradient`` through the anchors, for a legend's colour bar."""
        k = len(self.anchors) - 1
        parts = ", ".join(f"{a} {100 * i / k:.4g}%" for i, a in enumerate(self.anchors))
        return f"linear-gradient({direction}, {parts})"


SEQUENTIAL: dict[str, ColorMap] = {
    # viridis (van der Walt & Smith, CC0), sampled at t = 0, 1/8, …, 1
    "viridis": ColorMap(
        "viridis", ("#440154", "#472d7b", "#3b528b", "#2c728e", "#21918c", "#28ae80", "#5ec962", "#addc30", "#fde725")
    ),
    "greys": ColorMap("greys", ("#ffffff", "#d9d9d9", "#969696", "#525252", "#000000")),
    "blues": ColorMap("blues", ("#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b")),
}

DIVERGING: dict[str, ColorMap] = {
    # negative = app.css --neg (blue), zero = near white, positive = app.css --pos (red)
    "blue-red": ColorMap("blue-red", ("#1d4f9c", "#2f6fd1", "#9dbbe8", "#f5f5f5", "#eba4a4", "#d13b3b", "#8f1f1f")),
    "purple-green": ColorMap("purple-green", ("#40004b", "#9970ab", "#e7d4e8", "#f7f7f7", "#d9f0d3", "#5aae61", "#00441b")),
}


@dataclass(frozen=True)
class Norm:
    """Map values in [lo, hi] to t in [0, 1]: linearly, logarithmically (lo > 0), or through a
    ``center`` that goes to 0.5 (diverging data: each side stretched to its own half)."""

    lo: float
    hi: float
    log: bool = False
    center: float | None = None

    def __post_init__(self):
        if not (math.isfinite(self.lo) and math.isfinite(self.hi)) or not self.lo < self.hi:
            raise ValueError(f"need finite lo < hi, got {self.lo}, {self.hi}")
        if self.log and self.lo <= 0:
            raise ValueError(f"a log scale needs lo > 0, got {self.lo}")
        if self.center is not None and not self.lo < self.center < self.hi:
            raise ValueError(f"center {self.center} must lie strictly between {self.lo} and {self.hi}")

    @classmethod
    def diverging(cls, limit: float) -> Norm:
        """Symmetric about zero: -limit -> 0, 0 -> 0.5, +limit -> 1."""
        return cls(-abs(limit), abs(limit), center=0.0)

    def __call__(self, values) -> np.ndarray:
        """Return t for ``values`` (any shape); outside [lo, hi] gives t outside [0, 1]."""
        v = np.asarray(values, dtype=np.float64)
        if self.log:
            with np.errstate(divide="ignore", invalid="ignore"):
                return (np.log(v) - math.log(self.lo)) / (math.log(self.hi) - math.log(self.lo))
        if self.center is not None:
            c = self.center
            return np.where(v < c, 0.5 * (v - self.lo) / (c - self.lo), 0.5 + 0.5 * (v - c) / (self.hi - c))
        return (v - self.lo) / (self.hi - self.lo)

    def inverse(self, t) -> np.ndarray:
        """Return the values at ``t`` (inverse of calling the norm)."""
        t = np.asarray(t, dtype=np.float64)
        if self.log:
            return np.exp(math.log(self.lo) + t * (math.log(self.hi) - math.log(self.lo)))
        if self.center is not None:
            c = self.center
            return np.where(t < 0.5, self.lo + 2 * t * (c - self.lo), c + (2 * t - 1) * (self.hi - c))
        return self.lo + t * (self.hi - self.lo)

    def ticks(self, count: int = 5) -> list[float]:
        """Round values strictly inside (lo, hi) for a legend: powers of ten on a log scale
        (with 2× and 5× when fewer than three fit), else multiples of 1, 2 or 5 × 10ᵏ."""
        if self.log:
            first, last = math.ceil(math.log10(self.lo)), math.floor(math.log10(self.hi))
            ticks = [10.0**e for e in range(first, last + 1)]
            if len(ticks) < 3:
                ticks = sorted(m * 10.0**e for e in range(first - 1, last + 1) for m in (1, 2, 5))
            return [t for t in ticks if self.lo < t < self.hi]
        step = nice_step((self.hi - self.lo) / max(count, 1))
        start = math.ceil(self.lo / step)
        out = []
        k = start
        while k * step < self.hi:
            value = round(k * step, 12)
            if value > self.lo:
                out.append(value)
            k += 1
        return out


def nice_step(raw: float) -> float:
    """The smallest of 1, 2, 5 × 10ᵏ that is ≥ ``raw`` (``0.07`` -> ``0.1``, ``130`` -> ``200``)."""
    if raw <= 0 or not math.isfinite(raw):
        raise ValueError(f"step must be a positive number, got {raw}")
    return scale.nice_step(raw, 1)


def label(value: float) -> str:
    """A legend label: ``830000.0`` -> ``"830,000"``, ``447.29`` -> ``"447.3"``, ``0.05`` -> ``"0.05"``."""
    if value == 0:
        return "0"
    if abs(value) >= 1e9 or abs(value) < 1e-3:
        return f"{value:.3g}"
    if abs(value) >= 1000 or float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.4g}"


@dataclass(frozen=True)
class ColorScale:
    """A colour scale maps data to colours as a position scale maps data to pixels: the norm
    takes a value to t in [0, 1], the colour map takes t to RGB. Its :meth:`axis` is what a
    colour bar draws (nnviz.dom.colorbar), so a colour bar is an axis over a colour scale.

    ``ColorScale(SEQUENTIAL["viridis"], Norm(447.3, 8.3e5, log=True))(values)`` -> (..., 3) uint8.
    """

    cmap: ColorMap
    norm: Norm

    @classmethod
    def sequential(cls, lo: float, hi: float, name: str = "viridis", log: bool = False) -> ColorScale:
        """Low to high: ``ColorScale.sequential(1, 1e4, log=True)``."""
        return cls(SEQUENTIAL[name], Norm(lo, hi, log=log))

    @classmethod
    def diverging(cls, limit: float, name: str = "blue-red") -> ColorScale:
        """Symmetric about zero: ``ColorScale.diverging(2.0)`` (-2 blue, 0 white, +2 red)."""
        return cls(DIVERGING[name], Norm.diverging(limit))

    @property
    def domain(self) -> tuple[float, float]:
        return self.norm.lo, self.norm.hi

    def __call__(self, values) -> np.ndarray:
        """Colours of ``values`` (any shape): shape + (3,) uint8; outside the domain clips."""
        return self.cmap(self.norm(values))

    def hex(self, value: float) -> str:
        return self.cmap.hex(float(self.norm(value)))

    def ticks(self, count: int = 5) -> list[float]:
        """Round values strictly inside the domain (see :meth:`Norm.ticks`)."""
        return self.norm.ticks(count)

    def axis(self, length: float = 1.0, ticks: list[float] | None = None, ends: bool = True,
             margin: float = 0.15, count: int = 5) -> Axis:
        """The colour bar's axis: tick values, labels and positions along a bar of ``length``
        (0 at the low end). With ``ends`` both ends are labelled with their exact values, and
        ticks closer than ``margin`` (a fraction of the bar) to an end are dropped."""
        values = list(self.ticks(count)) if ticks is None else [float(v) for v in ticks]
        picked = [(0.0, self.norm.lo)] if ends else []
        for v in values:
            t = float(self.norm(v))
            if ends and (t < margin or t > 1 - margin):
                continue
            if 0.0 <= t <= 1.0:
                picked.append((t, float(v)))
        if ends:
            picked.append((1.0, self.norm.hi))
        ts = np.array([t for t, _ in picked])
        vs = np.array([v for _, v in picked])
        return Axis(self.domain, vs, [label(v) for v in vs], ts * length)

    def gradient(self) -> list[tuple[float, str]]:
        """(offset in [0, 1], "#rrggbb") at each anchor, for an SVG <linearGradient>: the bar's
        colour at position t is the map's colour at t, whatever the norm (log or linear)."""
        k = len(self.cmap.anchors) - 1
        return [(i / k, a) for i, a in enumerate(self.cmap.anchors)]


@dataclass(frozen=True)
class LegendStop:
    """One labelled point on a colour bar: position t in [0, 1], the value there, its colour."""

    t: float
    value: float
    label: str
    color: str


def legend_stops(
    norm: Norm, cmap: ColorMap, ticks: list[float] | None = None, ends: bool = True, margin: float = 0.15
) -> list[LegendStop]:
    """Return the labelled stops of a colour bar: both ends (exact values) and round ticks between.

    Ticks closer than ``margin`` (a fraction of the bar) to an end are dropped so labels do not collide.
    """
    axis = ColorScale(cmap, norm).axis(1.0, ticks, ends, margin)
    stops = [(float(t), float(v)) for t, v in zip(axis.positions, axis.values, strict=True)]
    return [LegendStop(t, v, label(v), cmap.hex(t)) for t, v in stops]
