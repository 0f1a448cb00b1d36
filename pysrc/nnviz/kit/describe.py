"""Text alternatives for pictures: what a chart, a set of bars or a heatmap shows now, in words.

Pure (numpy only), used by the dom kit (``dom.chart``, ``dom.bars``, ``dom.heatmap``,
``dom.diagram``) to give every picture a description a screen reader can read::

    trend([0.9, 0.5, 0.3, 0.2])                      # "falling"
    line_summary("Loss", "Iteration", [("loss", xs, ys)])
    # "Loss: 4 points, iteration 1 to 4. Now 0.2 at iteration 4, falling
    #  (0.5 at iteration 2). Lowest 0.2, highest 0.9."
    bars_summary(["0", "1", "2"], [0.1, 0.7, 0.2])   # "Highest: 1 at 70.0%, then 2 at 20.0%, 0 at 10.0%."
    grid_summary(values)                             # "Values from -0.8 (bottom left) to 0.9 (top right)."
    layers_summary([2, 4, 1])                        # "3 layers: 2 inputs, 4 neurons in 1 hidden layer, 1 output."

Numbers use the caller's formatter (``kit.scale.format_value`` by default).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from nnviz.kit.format import plural
from nnviz.kit.scale import format_value

LEVEL, RELATIVE = 0.02, 0.05  # a change under 2 % of the range and 5 % of the value is "level"


def trend(ys, window: float = 0.25) -> str:
    """"rising", "falling" or "level": the latest value against the one ``window`` of the
    points back (at least one point back); "" with fewer than two points.

    "level" when the change is under 2 % of the series' whole range and under 5 % of the
    earlier value (a loss going 0.02 -> 0.007 is falling, though flat on a linear axis).
    """
    y = np.asarray(ys, dtype=np.float64)
    y = y[np.isfinite(y)]
    if len(y) < 2:
        return ""
    back = max(1, round((len(y) - 1) * window))
    change = y[-1] - y[-1 - back]
    span = float(y.max() - y.min())
    if span == 0 or (abs(change) <= LEVEL * span and abs(change) <= RELATIVE * abs(y[-1 - back])):
        return "level"
    return "rising" if change > 0 else "falling"


def _back_index(n: int, window: float = 0.25) -> int:
    return n - 1 - max(1, round((n - 1) * window))


def line_summary(
    y_label: str,
    x_label: str,
    series: Sequence[tuple[str, Sequence[float], Sequence[float]]],
    x_format: Callable[[float], str] = format_value,
    y_format: Callable[[float], str] = format_value,
    empty_text: str = "No data yet.",
    counts: Sequence[int] | None = None,
) -> str:
    """One sentence group per series: how many points over which x range, the latest value and
    its trend (with the value it is compared with), the lowest and highest value.

    ``series`` is ``[(name, xs, ys), …]``; with one series its name is ``y_label``. ``counts``
    gives the number of points each series really has when ``xs``/``ys`` are a kept subset
    (``kit.chart.SeriesBuffer``: its first, latest, lowest and highest points are exact).
    """
    parts = []
    xl = x_label[:1].lower() + x_label[1:]
    for k, (name, xs, ys) in enumerate(series):
        x = np.asarray(xs, dtype=np.float64)
        y = np.asarray(ys, dtype=np.float64)
        if len(y) == 0:
            continue
        label = y_label if len(series) == 1 else name
        head = f"{label}: {plural(len(y) if counts is None else int(counts[k]), 'point')}"
        if len(y) > 1:
            head += f", {xl} {x_format(float(x[0]))} to {x_format(float(x[-1]))}"
        text = f"{head}. Now {y_format(float(y[-1]))} at {xl} {x_format(float(x[-1]))}"
        way = trend(y)
        if way:
            k = _back_index(len(y))
            text += f", {way} ({y_format(float(y[k]))} at {xl} {x_format(float(x[k]))})"
        text += "."
        if len(y) > 2:
            lo, hi = float(np.nanmin(y)), float(np.nanmax(y))
            text += f" Every point {y_format(lo)}." if lo == hi else f" Lowest {y_format(lo)}, highest {y_format(hi)}."
        parts.append(text)
    return " ".join(parts) if parts else empty_text


def bars_summary(labels: Sequence[str], values, value_text: Callable[[float], str] = format_value,
                 top: int = 3) -> str:
    """The ``top`` largest values in order, e.g. "Highest: 7 at 93.0%, then 1 at 4.0%, 2 at 1.0%."."""
    v = np.asarray(values, dtype=np.float64).reshape(len(labels))
    order = np.argsort(-v, kind="stable")[:top]
    first, *rest = (f"{labels[i]} at {value_text(float(v[i]))}" for i in order)
    return f"Highest: {first}" + (f", then {', '.join(rest)}" if rest else "") + "."


def place(row: int, col: int, ny: int, nx: int) -> str:
    """Where a cell sits in a grid drawn with row 0 on top: "top left", "centre", "bottom right"…"""
    def third(i, n):
        return 0 if n < 2 else min(2, int(3 * i / n))

    v = ("top", "", "bottom")[third(row, ny)]
    h = ("left", "", "right")[third(col, nx)]
    return " ".join(w for w in (v, h) if w) or "centre"


def grid_summary(values, value_format: Callable[[float], str] = format_value, top_row_first: bool = True) -> str:
    """The range of a (ny, nx) grid and where its extremes are: "Values from -0.8 (bottom left)
    to 0.9 (top right)." ``top_row_first=False`` when row 0 is drawn at the bottom (a plot)."""
    g = np.asarray(values, dtype=np.float64)
    if g.ndim != 2 or not np.isfinite(g).any():
        return "No values yet."
    ny, nx = g.shape
    lo_i = int(np.nanargmin(np.where(np.isfinite(g), g, np.inf)))
    hi_i = int(np.nanargmax(np.where(np.isfinite(g), g, -np.inf)))
    lo, hi = g.flat[lo_i], g.flat[hi_i]
    if lo == hi:
        return f"Every value {value_format(float(lo))}."

    def where(i):
        r, c = divmod(i, nx)
        return place(r if top_row_first else ny - 1 - r, c, ny, nx)

    return f"Values from {value_format(float(lo))} ({where(lo_i)}) to {value_format(float(hi))} ({where(hi_i)})."


def layers_summary(sizes: Sequence[int]) -> str:
    """A dense network's shape: "3 layers: 2 inputs, 4 neurons in 1 hidden layer, 1 output."."""
    sizes = [int(n) for n in sizes]
    if len(sizes) < 2:
        return f"{plural(sum(sizes), 'input')}."
    hidden = sizes[1:-1]
    parts = [plural(sizes[0], "input")]
    if hidden:
        if len(set(hidden)) == 1:
            parts.append(f"{plural(hidden[0], 'neuron')} in each of {plural(len(hidden), 'hidden layer')}"
                         if len(hidden) > 1 else f"{plural(hidden[0], 'neuron')} in 1 hidden layer")
        else:
            parts.append(f"hidden layers of {', '.join(str(n) for n in hidden)} neurons")
    parts.append(plural(sizes[-1], "output"))
    return f"{plural(len(sizes), 'layer')}: {', '.join(parts)}."
