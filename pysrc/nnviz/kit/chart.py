"""Line charts, the pure part: a bounded series buffer, and fitting a :class:`nnviz.kit.plot.PlotFrame`
to the series (domains widened to nice ticks).

Used by :class:`nnviz.dom.chart.LineChart` (which draws it) and testable in CPython::

    buf = SeriesBuffer(max_points=500)
    for i, loss in enumerate(losses):          # any number of points: memory stays constant
        buf.append(i + 1, loss)
    xs, ys = buf.points()                      # ≤ 500 real data points, first and latest kept
    frame = chart_frame(PlotFrame(560, 260), [(xs, ys)], include_zero=True)   # kit.plot
    frame.y_axis.labels                        # ["0.0", "0.5", "1.0", …] (axes end on ticks)
    xy = frame.svg_points(xs, ys)              # (n, 2) SVG coordinates for a <polyline>
    k = nearest_index(xs, frame.x_scale.invert(pointer_x))   # hover: the kept point under x

Downsampling is min–max bucketing: once the buffer is full, every two neighbouring buckets
merge and keep only their lowest and highest point (in x order). So every kept point is a real
sample (a hover shows an exact value, never an average), spikes survive, and the global minimum
and maximum are always kept, so a y-range fitted to the kept points fits all the data.

Left out on purpose: log scales, time axes, stacked or filled series.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from nnviz.kit.plot import PlotFrame
from nnviz.kit.scale import nice_domain, proper_interval

DEFAULT_MAX_POINTS = 500


# ----- the bounded series buffer --------------------------------------------------------------


class SeriesBuffer:
    """Keep at most ``max_points`` points of a growing series, whatever its length.

    Points are (x, y) with x non-decreasing (e.g. iteration, loss). Non-finite points are
    skipped and counted in ``skipped``. ``points()`` always starts with the first point and ends
    with the latest one, exactly; in between are the kept buckets (see the module docstring).
    Appending is O(1) amortised, and memory is two arrays of ``max_points`` floats.
    """

    def __init__(self, max_points: int = DEFAULT_MAX_POINTS):
        if max_points < 16:
            raise ValueError(f"max_points must be at least 16, got {max_points}")
        self.max_points = int(max_points)
        # first + kept + pending min/max + latest ≤ max_points; kept holds whole buckets of 4 points
        self._capacity = (self.max_points - 4) // 4 * 4
        self._x = np.empty(self._capacity)
        self._y = np.empty(self._capacity)
        self.clear()

    def clear(self) -> None:
        """Forget every point."""
        self.count = 0  # finite points received
        self.skipped = 0  # non-finite points refused
        self.bucket = 1  # raw points per kept bucket: 1, then 4, 8, 16, …
        self._n = 0
        self._first: tuple[float, float] | None = None
        self._latest: tuple[float, float] | None = None
        self._pending = 0  # raw points in the open bucket
        self._pmin = self._pmax = (0.0, 0.0)
        self.epoch = getattr(self, "epoch", 0) + 1  # changes when kept points are dropped or moved
        self.settled = 0  # see points()
        self._dupes = (self.epoch, 0, 0)  # (epoch, kept points counted, repeats among them)

    def __len__(self) -> int:
        return len(self.points()[0])

    @property
    def latest(self) -> tuple[float, float] | None:
        """The last finite point appended, exactly; None when empty."""
        return self._latest

    @property
    def first(self) -> tuple[float, float] | None:
        return self._first

    def append(self, x: float, y: float) -> None:
        """Add one point."""
        x, y = float(x), float(y)
        if not (math.isfinite(x) and math.isfinite(y)):
            self.skipped += 1
            return
        self.count += 1
        self._latest = (x, y)
        if self._first is None:
            self._first = (x, y)
            return
        if self.bucket == 1:
            self._x[self._n], self._y[self._n] = x, y
            self._n += 1
            if self._n == self._capacity:
                self._compact()
            return
        if self._pending == 0:
            self._pmin = self._pmax = (x, y)
        elif y < self._pmin[1]:
            self._pmin = (x, y)
        elif y > self._pmax[1]:
            self._pmax = (x, y)
        self._pending += 1
        if self._pending == self.bucket:
            self._commit()

    def extend(self, xs, ys) -> None:
        """Add many points, e.g. the losses of one frame: ``extend(range(k0, k1), losses)``."""
        xs = np.asarray(xs, dtype=float).reshape(-1)
        ys = np.asarray(ys, dtype=float).reshape(-1)
        if xs.shape != ys.shape:
            raise ValueError(f"xs and ys differ in length: {xs.shape} vs {ys.shape}")
        ok = np.isfinite(xs) & np.isfinite(ys)
        if not ok.all():
            self.skipped += int(np.count_nonzero(~ok))
            xs, ys = xs[ok], ys[ok]
        i, n = 0, len(xs)
        # per point until the buffer is in bucket mode with no open bucket, then whole buckets
        while i < n and (self._first is None or self.bucket == 1 or self._pending):
            if self.bucket == 1 and self._first is not None:
                take = min(self._capacity - self._n, n - i)
                self._x[self._n : self._n + take] = xs[i : i + take]
                self._y[self._n : self._n + take] = ys[i : i + take]
                self._n += take
                self.count += take
                i += take
                self._latest = (float(xs[i - 1]), float(ys[i - 1]))
                if self._n == self._capacity:
                    self._compact()
            else:
                self.append(xs[i], ys[i])
                i += 1
        while n - i >= self.bucket:
            b = self.bucket
            k = min((n - i) // b, (self._capacity - self._n) // 2)
            bx = xs[i : i + k * b].reshape(k, b)
            by = ys[i : i + k * b].reshape(k, b)
            lo, hi = np.argmin(by, axis=1), np.argmax(by, axis=1)
            a, c = np.minimum(lo, hi), np.maximum(lo, hi)  # keep x order inside each bucket
            rows = np.arange(k)
            self._x[self._n : self._n + 2 * k : 2] = bx[rows, a]
            self._x[self._n + 1 : self._n + 2 * k : 2] = bx[rows, c]
            self._y[self._n : self._n + 2 * k : 2] = by[rows, a]
            self._y[self._n + 1 : self._n + 2 * k : 2] = by[rows, c]
            self._n += 2 * k
            self.count += k * b
            i += k * b
            self._latest = (float(xs[i - 1]), float(ys[i - 1]))
            if self._n == self._capacity:
                self._compact()
        for j in range(i, n):
            self.append(xs[j], ys[j])

    def points(self) -> tuple[np.ndarray, np.ndarray]:
        """Return (xs, ys) to draw: first, kept buckets, the open bucket, latest (≤ max_points).

        Afterwards ``settled`` is how many leading points are settled (the first and the kept
        buckets): while ``epoch`` stays the same, a later call returns those same points again
        at its start, so a drawing of them can be kept and only the rest redrawn.
        """
        if self._first is None:
            self.settled = 0
            return np.empty(0), np.empty(0)
        assert self._latest is not None
        n = self._n
        tail = [*sorted((self._pmin, self._pmax)), self._latest] if self._pending else [self._latest]
        m = n + 1 + len(tail)  # one array each, filled in place: drawn every frame
        xs, ys = np.empty(m), np.empty(m)
        xs[0], ys[0] = self._first
        xs[1 : n + 1] = self._x[:n]
        ys[1 : n + 1] = self._y[:n]
        for k, (x, y) in enumerate(tail, n + 1):
            xs[k], ys[k] = x, y
        # the same sample can appear twice in a row (the latest is also the open bucket's min or
        # max; a bucket of equal values keeps one sample twice): drawn once. Counted without
        # numpy where possible: the kept part incrementally, the few points after it in Python.
        dupes = self._kept_dupes()
        prev = (float(self._x[n - 1]), float(self._y[n - 1])) if n else self._first
        again = False
        for point in tail:
            again = again or point == prev
            prev = point
        self.settled = n + 1 - dupes
        if not (dupes or again):
            return xs, ys
        same = (xs[1:] == xs[:-1]) & (ys[1:] == ys[:-1])
        keep = np.ones(m, dtype=bool)
        keep[1:] = ~same
        return xs[keep], ys[keep]

    def _kept_dupes(self) -> int:
        """How many of the kept points equal the point before them (the first one included),
        counted only over the points kept since the last call while ``epoch`` holds."""
        n = self._n
        epoch, done, count = self._dupes
        if epoch != self.epoch or done > n:
            done, count = 0, 0
        if done < n:
            x, y = self._x, self._y
            if done == 0:
                count = int(float(x[0]) == self._first[0] and float(y[0]) == self._first[1])
                done = 1
            if n > done:
                count += int(np.count_nonzero((x[done:n] == x[done - 1 : n - 1]) & (y[done:n] == y[done - 1 : n - 1])))
        self._dupes = (self.epoch, n, count)
        return count

    def _commit(self) -> None:
        """Close the open bucket: keep its min and max, in x order."""
        a, b = sorted((self._pmin, self._pmax))
        self._x[self._n], self._y[self._n] = a
        self._x[self._n + 1], self._y[self._n + 1] = b
        self._n += 2
        self._pending = 0
        if self._n == self._capacity:
            self._compact()

    def _compact(self) -> None:
        """Halve the full buffer: every 4 neighbours (2 buckets, or 4 single points) keep their
        min and max. The bucket size goes 1 -> 4 -> 8 -> …, and buckets stay aligned because
        the capacity is a multiple of 4 and a bucket holds 2 points."""
        n = self._n
        x = self._x[:n].reshape(-1, 4)
        y = self._y[:n].reshape(-1, 4)
        lo, hi = np.argmin(y, axis=1), np.argmax(y, axis=1)
        a, c = np.minimum(lo, hi), np.maximum(lo, hi)
        rows = np.arange(len(y))
        new_x = np.column_stack([x[rows, a], x[rows, c]]).reshape(-1)
        new_y = np.column_stack([y[rows, a], y[rows, c]]).reshape(-1)
        self._n = len(new_x)
        self._x[: self._n] = new_x
        self._y[: self._n] = new_y
        self.bucket = 4 if self.bucket == 1 else self.bucket * 2
        self.epoch += 1


# ----- geometry -------------------------------------------------------------------------------


def data_domain(
    arrays, fixed: tuple[float, float] | None = None, include_zero: bool = False, nice: bool = True,
    count: int = 5, onward: bool = False,
) -> tuple[float, float]:
    """Return the domain that fits every array in ``arrays`` (default (0, 1) when all are empty).

    ``fixed`` wins when given; ``include_zero`` pulls the domain down (or up) to 0; ``nice``
    widens it to tick multiples: [[0.013, 2.46]] -> (0.0, 2.5) with include_zero. When every
    value is one value v, the domain is v ± a step, or with ``onward`` v … v + a step (a
    counter's axis: epoch 0 alone gives 0 … 1).
    """
    if fixed is not None:
        return proper_interval(float(fixed[0]), float(fixed[1]))
    # float arrays (a chart's kept points) as they are: a chart fits its domains every frame
    values = [a if isinstance(a, np.ndarray) and a.ndim == 1 and a.dtype == np.float64
              else np.asarray(a, dtype=float).reshape(-1) for a in arrays if len(a)]
    if not values:
        return (0.0, 1.0)
    every = np.concatenate(values) if len(values) > 1 else values[0]  # one min and max for all series
    lo, hi = float(every.min()), float(every.max())
    if include_zero:
        lo, hi = min(lo, 0.0), max(hi, 0.0)
    if onward and lo == hi and math.isfinite(lo):
        hi = lo + max(1.0, abs(lo) / 10)
    lo, hi = proper_interval(lo, hi)
    return nice_domain(lo, hi, count) if nice else (lo, hi)


def fit_domains(
    series, y_fixed: tuple[float, float] | None = None, include_zero: bool = False,
    x_ticks: int = 6, y_ticks: int = 5,
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Return the (x, y) domains that fit ``series``, a list of (xs, ys): both widened to nice
    ticks (so while a series grows the axes change only when it crosses a tick step), y fixed
    to ``y_fixed`` when given. With no points at all: (0, 1) × (0, 1). x is where a series
    stands (an iteration, an epoch): with every point at one x, the axis starts there and runs
    one step on (x = 0 alone gives 0 … 1, never −1 … 1)."""
    series = list(series)
    x_domain = data_domain([xs for xs, _ in series], count=x_ticks, onward=True)
    y_domain = data_domain([ys for _, ys in series], y_fixed, include_zero, count=y_ticks)
    return x_domain, y_domain


def frame_for(
    frame: PlotFrame, x_domain: tuple[float, float], y_domain: tuple[float, float], empty: bool = False,
    x_ticks: int = 6, y_ticks: int = 5,
) -> PlotFrame:
    """``frame`` (its size and margins) showing these domains (cache it while they hold)."""
    return replace(frame, x_domain=x_domain, y_domain=y_domain, empty=empty, x_ticks=x_ticks, y_ticks=y_ticks)


def chart_frame(
    frame: PlotFrame,
    series,
    y_fixed: tuple[float, float] | None = None,
    include_zero: bool = False,
    x_ticks: int = 6,
    y_ticks: int = 5,
) -> PlotFrame:
    """Fit ``frame``'s scales and ticks to ``series``, a list of (xs, ys) pairs (the kept points).

    Both axes are widened to nice ticks (:func:`fit_domains`); ``empty`` is True when there is
    no point at all, and the frame is then (0, 1) × (0, 1).
    """
    series = list(series)
    empty = all(len(xs) == 0 for xs, _ in series)
    x_domain, y_domain = fit_domains(series, y_fixed, include_zero, x_ticks, y_ticks)
    return frame_for(frame, x_domain, y_domain, empty, x_ticks, y_ticks)


def nearest_index(xs, x: float) -> int:
    """Return the index of the value of sorted ``xs`` nearest to ``x`` (-1 when empty).

    Ties go to the earlier point: nearest_index([0, 2, 4], 1.0) == 0.
    """
    xs = np.asarray(xs, dtype=float)
    if len(xs) == 0:
        return -1
    k = int(np.searchsorted(xs, x))
    if k <= 0:
        return 0
    if k >= len(xs):
        return len(xs) - 1
    return k - 1 if x - xs[k - 1] <= xs[k] - x else k


def nearest_point(frame: PlotFrame, xs, ys, pointer_x: float) -> tuple[int, float, float] | None:
    """Return (index, x, y) of the kept point nearest the SVG x coordinate ``pointer_x``."""
    k = nearest_index(xs, frame.x_scale.invert(pointer_x))
    if k < 0:
        return None
    return k, float(xs[k]), float(ys[k])
