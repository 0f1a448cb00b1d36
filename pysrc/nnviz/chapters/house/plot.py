"""Geometry of the price-vs-area scatter plot: axes, the prediction line, the error segments.

    g = SCATTER                          # 560 × 340 SVG units, area 0–3,000 sq ft, price 0–600
    g.points(ONE.X[:, 0], ONE.y)         # (3, 2) pixel centres of the houses
    g.line(w=0.18, b=0.0)                # (x1, y1, x2, y2): the line ŷ = w·x + b across the plot
    g.segments(ONE.X[:, 0], ONE.y, pred) # (3, 4): each house's error, a vertical segment to the line

The x axis starts at 0 sq ft so the bias shows where it lives: the height of the line at x = 0.
Lines and segments may leave the plot; the drawing clips them to the plot rectangle.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from nnviz.kit.scale import LinearScale, ticks


class Scale(LinearScale):
    """:class:`nnviz.kit.scale.LinearScale` from data [d0, d1] to pixels [r0, r1], with ticks."""

    def __init__(self, d0: float, d1: float, r0: float, r1: float):
        super().__init__((d0, d1), (r0, r1))

    def ticks(self, count: int = 5) -> list[float]:
        """Round values from d0 to d1 inclusive, about ``count`` intervals apart."""
        return [float(v) for v in ticks(min(self.domain), max(self.domain), count)]


@dataclass(frozen=True)
class ScatterGeometry:
    """Where the scatter plot draws: the SVG size, the plot rectangle and both scales."""

    width: float
    height: float
    left: float
    top: float
    right: float
    bottom: float
    x_domain: tuple[float, float]
    y_domain: tuple[float, float]

    @cached_property
    def x(self) -> Scale:
        return Scale(self.x_domain[0], self.x_domain[1], self.left, self.width - self.right)

    @cached_property
    def y(self) -> Scale:
        return Scale(self.y_domain[0], self.y_domain[1], self.height - self.bottom, self.top)

    @property
    def plot_rect(self) -> tuple[float, float, float, float]:
        """(x, y, width, height) of the plot area in SVG units."""
        return (self.left, self.top, self.width - self.left - self.right, self.height - self.top - self.bottom)

    def points(self, xs, ys) -> np.ndarray:
        """(n, 2) pixel positions of data points."""
        return np.column_stack([self.x(xs), self.y(ys)])

    def line(self, w: float, b: float) -> tuple[float, float, float, float]:
        """The line ŷ = w·x + b from the left to the right edge of the x domain, in pixels."""
        (x0, x1), (d0, d1) = self.x_domain, self.y_domain
        top, bottom = self.top, self.height - self.bottom

        def py(v: float) -> float:
            return bottom + (v - d0) * (top - bottom) / (d1 - d0)

        return (float(self.left), py(w * x0 + b), float(self.width - self.right), py(w * x1 + b))

    def segments(self, xs, ys, predictions) -> np.ndarray:
        """(n, 4) pixel segments from each house (x, y) straight up or down to (x, ŷ)."""
        px = self.x(xs)
        return np.column_stack([px, self.y(ys), px, self.y(predictions)])

    def x_ticks(self) -> list[tuple[float, str]]:
        return [(float(self.x(v)), f"{v:,.0f}") for v in self.x.ticks(6)]

    def y_ticks(self) -> list[tuple[float, str]]:
        return [(float(self.y(v)), f"{v:,.0f}") for v in self.y.ticks(6)]


SCATTER = ScatterGeometry(
    width=560, height=340, left=54, top=14, right=16, bottom=44, x_domain=(0.0, 3000.0), y_domain=(0.0, 600.0)
)
