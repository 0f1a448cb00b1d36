"""The frames of the house chapter's two pictures (pure; :class:`nnviz.kit.plot.PlotFrame`).

    SCATTER.svg_points(ONE.X[:, 0], ONE.y)       # (3, 2) pixel centres of the houses
    SCATTER.line(w=0.18, b=0.0)                  # the line ŷ = w·x + b across the plot
    SCATTER.segments(ONE.X[:, 0], ONE.y, pred)   # (3, 4): each house's error, a vertical segment
    HEAT.to_px(0.2, 230)                         # the (weight, bias) plane of the error heatmap

The scatter's x axis starts at 0 sq ft so the bias shows where it lives: the height of the line
at x = 0. Lines and segments may leave the plot; the drawing clips them to the plot rectangle.
"""

from __future__ import annotations

from nnviz.chapters.house.state import SLIDERS
from nnviz.kit.plot import Margins, PlotFrame

SCATTER = PlotFrame(560, 340, x_domain=(0.0, 3000.0), y_domain=(0.0, 600.0),
                    margins=Margins(left=54, right=30, top=14, bottom=44), x_ticks=6, y_ticks=6)

HEAT = PlotFrame(400, 330, x_domain=(SLIDERS["w"].lo, SLIDERS["w"].hi), y_domain=(SLIDERS["b"].lo, SLIDERS["b"].hi),
                 margins=Margins(left=58, right=20, top=12, bottom=56), x_ticks=5, y_ticks=5)
