"""Static SVG axes for a :class:`nnviz.kit.plot.PlotFrame`: tick labels (and optional grid lines)
from the frame's axes, and the two axis titles.

    svg.append(axes(frame, "Area (sq ft)", "Price ($1000)", grid=True))

The group is ``aria-hidden`` (the picture's own text says what it shows). Classes: ``axes``,
``grid``, ``tick``, ``axis-title`` (styled by the chapter; the app.css "plots" block has defaults).
"""

from __future__ import annotations

from nnviz.dom.elements import s
from nnviz.kit.plot import PlotFrame


def axes(frame: PlotFrame, x_title: str, y_title: str, grid: bool = False, border: bool = False):
    """Return a ``<g class="axes">`` with the ticks of both axes and their titles."""
    x0, y0, x1, y1 = frame.plot
    g = s("g", {"class_": "axes", "aria_hidden": "true"})
    for x, text in zip(frame.x_axis.positions, frame.x_axis.labels, strict=True):
        if grid:
            g.append(s("line", {"class_": "grid", "x1": f"{x:.1f}", "x2": f"{x:.1f}", "y1": y0, "y2": y1}))
        g.append(s("text", {"class_": "tick", "x": f"{x:.1f}", "y": f"{y1 + 16:.1f}", "text_anchor": "middle"}, text))
    for y, text in zip(frame.y_axis.positions, frame.y_axis.labels, strict=True):
        if grid:
            g.append(s("line", {"class_": "grid", "x1": x0, "x2": x1, "y1": f"{y:.1f}", "y2": f"{y:.1f}"}))
        g.append(s("text", {"class_": "tick", "x": f"{x0 - 6:.1f}", "y": f"{y + 4:.1f}", "text_anchor": "end"}, text))
    g.append(s("text", {"class_": "axis-title", "x": f"{(x0 + x1) / 2:.1f}", "y": f"{frame.height - 6:.1f}",
                        "text_anchor": "middle"}, x_title))
    g.append(s("text", {"class_": "axis-title", "x": 0, "y": 0, "text_anchor": "middle",
                        "transform": f"translate(14 {(y0 + y1) / 2:.1f}) rotate(-90)"}, y_title))
    if border:
        x, y, w, hgt = frame.rect
        g.append(s("rect", {"class_": "plot-border", "x": x, "y": y, "width": w, "height": hgt}))
    return g

