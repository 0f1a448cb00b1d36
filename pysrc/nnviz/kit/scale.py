"""Linear scales and "nice" ticks, shared by every plot in the view layer (pure Python).

    LinearScale((0, 10), (40, 540))(5) == 290       # data -> SVG units; .invert goes back
    nice_domain(0.013, 2.46) == (0.0, 2.5)          # widen to multiples of a 1/2/5 step
    ticks(0, 1, 5) -> [0, 0.2, 0.4, 0.6, 0.8, 1]    # the multiples inside an interval
    format_tick(20000, 5000) == "20k"               # as many decimals as the step needs

Used by :mod:`nnviz.kit.plot` (every plot frame's scales and axes), :mod:`nnviz.kit.chart`
and :mod:`nnviz.kit.colormap`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class LinearScale:
    """Map the data interval ``domain`` onto the SVG interval ``range_`` linearly.

    ``LinearScale((0, 10), (40, 540))(5) == 290``; a reversed range (y axes) is fine.
    """

    domain: tuple[float, float]
    range_: tuple[float, float]

    def __call__(self, values):
        d0, d1 = self.domain
        r0, r1 = self.range_
        span = d1 - d0 if d1 != d0 else 1.0
        return r0 + (np.asarray(values, dtype=float) - d0) * ((r1 - r0) / span)

    def invert(self, svg_value: float) -> float:
        """Return the data value at SVG coordinate ``svg_value``."""
        d0, d1 = self.domain
        r0, r1 = self.range_
        if r1 == r0:
            return d0
        return d0 + (svg_value - r0) * (d1 - d0) / (r1 - r0)


def nice_step(span: float, count: int = 5) -> float:
    """Return a step of 1, 2 or 5 × 10^k giving about ``count`` intervals over ``span``.

    ``nice_step(1.0, 5) == 0.2``; ``nice_step(1000, 4) == 200`` (not 250: only 1, 2, 5).
    """
    if not span > 0 or not math.isfinite(span):
        return 1.0
    raw = span / max(1, count)
    power = 10.0 ** math.floor(math.log10(raw))
    for m in (1.0, 2.0, 5.0, 10.0):
        if raw <= m * power * (1 + 1e-9):
            return m * power
    return 10.0 * power


def nice_domain(lo: float, hi: float, count: int = 5) -> tuple[float, float]:
    """Widen [lo, hi] outwards to multiples of its nice step: (0.013, 2.46) -> (0.0, 2.5)."""
    lo, hi = proper_interval(lo, hi)
    step = nice_step(hi - lo, count)
    return math.floor(lo / step + 1e-9) * step, math.ceil(hi / step - 1e-9) * step


def ticks(lo: float, hi: float, count: int = 5) -> np.ndarray:
    """Return the multiples of the nice step inside [lo, hi]: ticks(0, 1, 5) -> [0, .2, … 1]."""
    lo, hi = proper_interval(lo, hi)
    step = nice_step(hi - lo, count)
    first = math.ceil(lo / step - 1e-9)
    last = math.floor(hi / step + 1e-9)
    values = np.arange(first, last + 1) * step
    values[np.abs(values) < step * 1e-9] = 0.0  # no "-0.0"
    return values


def format_tick(value: float, step: float) -> str:
    """Label a tick with as many decimals as the step needs: (0.25, 0.05) -> "0.25".

    Below a step of 1,000 whole numbers get thousands separators; from there a k/M/G suffix
    chosen by the step keeps labels short: (1500, 500) -> "1,500"; (20000, 5000) -> "20k";
    (2500000, 500000) -> "2,500k"; (3000000, 1000000) -> "3M".
    """
    if step >= 1000 and value != 0:
        div, suffix = (1e9, "G") if step >= 1e9 else (1e6, "M") if step >= 1e6 else (1e3, "k")
        digits = max(0, -math.floor(math.log10(step / div) + 1e-9))
        return f"{value / div:,.{digits}f}{suffix}"
    digits = max(0, -math.floor(math.log10(step) + 1e-9)) if step > 0 else 0
    return f"{value:,.{digits}f}"


def format_value(value: float) -> str:
    """Format a data value exactly enough to read: 6 significant digits, "1,234" for integers."""
    if not math.isfinite(value):
        return str(value)
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:.6g}"


def proper_interval(lo: float, hi: float) -> tuple[float, float]:
    """Return a finite interval with hi > lo (a single value v becomes v ± max(1, |v|/10))."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return 0.0, 1.0
    if lo > hi:
        lo, hi = hi, lo
    if hi - lo <= 1e-12 * max(1.0, abs(lo), abs(hi)):
        pad = max(1.0, abs(lo) / 10) if lo == 0 or abs(lo) >= 1 else abs(lo) / 10
        return lo - pad, hi + pad
    return lo, hi
