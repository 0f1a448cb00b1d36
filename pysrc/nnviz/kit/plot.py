"""One plot frame: an SVG canvas, its margins, an x and a y scale, and axes whose ticks come
from the scales (pure Python; every 2-D picture with axes uses it).

    frame = PlotFrame(560, 340, x_domain=(0, 3000), y_domain=(0, 600), margins=Margins(54, 16, 14, 44))
    frame.plot                     # (54, 14, 544, 296): x0, y0, x1, y1 of the plot area (y grows down)
    frame.rect                     # (54, 14, 490, 282): x, y, width, height, for a <rect> or a clip
    frame.to_px(1500, 300)         # (299.0, 155.0): data -> SVG units (y up); from_px goes back
    frame.svg_points(xs, ys)       # (n, 2) for a <polyline>
    frame.x_axis.labels            # ["0", "500", "1,000", …]: ticks from the x scale, 1/2/5 steps
    frame.line(0.18, 0.0)          # (x1, y1, x2, y2): y = w·x + b from the left to the right edge
    frame.resized(width=390)       # the same frame in a narrower canvas (a chart following its box)

The axes are computed on first use and kept (the frame is immutable): build a new frame when
a domain changes (``dataclasses.replace(frame, y_domain=…)``), cache it while they hold.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

from nnviz.kit.scale import LinearScale, format_tick, nice_step, ticks


@dataclass(frozen=True)
class Margins:
    """Room around the plot area for tick labels and axis titles, in SVG units."""

    left: float = 58.0
    right: float = 18.0
    top: float = 14.0
    bottom: float = 44.0


@dataclass(frozen=True)
class Axis:
    """One axis: its data domain, tick values, their labels and their SVG positions.

    ``Axis((0, 1), [0, .5, 1], ["0.0", "0.5", "1.0"], [54, 299, 544])``
    """

    domain: tuple[float, float]
    values: np.ndarray
    labels: list[str]
    positions: np.ndarray

    def __len__(self) -> int:
        return len(self.values)


def axis_for(scale: LinearScale, count: int = 5) -> Axis:
    """The ticks of ``scale`` (about ``count`` intervals of 1, 2 or 5 × 10^k) at their positions."""
    lo, hi = min(scale.domain), max(scale.domain)
    values = ticks(lo, hi, count)
    step = nice_step(hi - lo, count)
    return Axis(scale.domain, values, [format_tick(v, step) for v in values], np.asarray(scale(values)))


@dataclass(frozen=True)
class PlotFrame:
    """A ``width`` × ``height`` SVG canvas showing ``x_domain`` × ``y_domain`` (y up) inside
    ``margins``; ``x_ticks`` / ``y_ticks`` ask for about that many tick intervals; ``empty``
    marks a frame fitted to no data (a chart shows its hint)."""

    width: float
    height: float
    x_domain: tuple[float, float] = (0.0, 1.0)
    y_domain: tuple[float, float] = (0.0, 1.0)
    margins: Margins = Margins()
    x_ticks: int = 6
    y_ticks: int = 5
    empty: bool = False

    # ----- the rectangle ------------------------------------------------------------------

    @property
    def plot(self) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1) of the plot area in SVG units; y grows downwards."""
        m = self.margins
        return m.left, m.top, self.width - m.right, self.height - m.bottom

    @classmethod
    def around(cls, left: float, top: float, plot_width: float, plot_height: float,
               x_domain: tuple[float, float], y_domain: tuple[float, float],
               right: float = 0.0, bottom: float = 0.0) -> PlotFrame:
        """A frame given by its plot area (``left``, ``top``, size) and the room ``right`` and
        ``bottom`` of it: ``PlotFrame.around(36, 10, 300, 160, (-6, 6), (0, 1))``."""
        return cls(left + plot_width + right, top + plot_height + bottom, x_domain, y_domain,
                   Margins(left, right, top, bottom))

    @property
    def left(self) -> float:
        return self.margins.left

    @property
    def top(self) -> float:
        return self.margins.top

    @property
    def right(self) -> float:
        return self.width - self.margins.right

    @property
    def bottom(self) -> float:
        return self.height - self.margins.bottom

    @property
    def plot_width(self) -> float:
        return self.right - self.left

    @property
    def plot_height(self) -> float:
        return self.bottom - self.top

    @property
    def rect(self) -> tuple[float, float, float, float]:
        """(x, y, width, height) of the plot area."""
        x0, y0, x1, y1 = self.plot
        return x0, y0, x1 - x0, y1 - y0

    def resized(self, width: float | None = None, height: float | None = None) -> PlotFrame:
        """The same domains and margins in a canvas of another size."""
        return replace(self, width=self.width if width is None else width,
                       height=self.height if height is None else height)

    # ----- scales and axes ----------------------------------------------------------------

    @cached_property
    def x_scale(self) -> LinearScale:
        x0, _, x1, _ = self.plot
        return LinearScale(tuple(map(float, self.x_domain)), (x0, x1))

    @cached_property
    def y_scale(self) -> LinearScale:
        _, y0, _, y1 = self.plot
        return LinearScale(tuple(map(float, self.y_domain)), (y1, y0))  # y up

    @cached_property
    def x_axis(self) -> Axis:
        return axis_for(self.x_scale, self.x_ticks)

    @cached_property
    def y_axis(self) -> Axis:
        return axis_for(self.y_scale, self.y_ticks)

    # ----- mapping ------------------------------------------------------------------------

    def to_px(self, x, y):
        """Data -> SVG units; scalars give floats, arrays give arrays."""
        return _pair(self.x_scale(x), self.y_scale(y))

    def from_px(self, px, py):
        """SVG units -> data (inverse of :meth:`to_px`)."""
        return _pair(self.x_scale.invert(np.asarray(px, dtype=np.float64)),
                     self.y_scale.invert(np.asarray(py, dtype=np.float64)))

    def svg_points(self, xs, ys) -> np.ndarray:
        """The (n, 2) SVG coordinates of data points, for a <polyline> or circles."""
        return np.column_stack([self.x_scale(xs), self.y_scale(ys)])

    def contains(self, x: float, y: float) -> bool:
        """Whether the data point (x, y) lies inside the domain (edges included)."""
        (x0, x1), (y0, y1) = self.x_domain, self.y_domain
        return min(x0, x1) <= x <= max(x0, x1) and min(y0, y1) <= y <= max(y0, y1)

    def line(self, w: float, b: float) -> tuple[float, float, float, float]:
        """The line y = w·x + b across the x domain, as (x1, y1, x2, y2) in SVG units (it may
        leave the plot area vertically: clip it to :attr:`rect`)."""
        d0, d1 = self.x_domain
        x1, y1 = self.to_px(d0, w * d0 + b)
        x2, y2 = self.to_px(d1, w * d1 + b)
        return x1, y1, x2, y2

    def segments(self, xs, y_from, y_to) -> np.ndarray:
        """(n, 4) vertical segments from (x, y_from) to (x, y_to), e.g. each point's error."""
        px = self.x_scale(xs)
        return np.column_stack([px, self.y_scale(y_from), px, self.y_scale(y_to)])


def _pair(a, b):
    """Two mapped coordinates: floats for scalar inputs, arrays otherwise."""
    if np.ndim(a) == 0 and np.ndim(b) == 0:
        return float(a), float(b)
    return a, b
