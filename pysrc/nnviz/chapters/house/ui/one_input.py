"""Sections 1 and 2: price from area alone, by hand and by gradient descent.

Adds to :class:`RegressionSection` the scatter plot (houses, the line, each error as a vertical
segment) and the error heatmap over the (weight, bias) plane with the current point, the path so
far, the best line and the 799 contour. The heatmap image is computed once per mount; a drag
only moves the marker and the path's last point.
"""

from __future__ import annotations

import numpy as np

from nnviz.chapters.house.data import ONE
from nnviz.chapters.house.model import ONE_DESCENT, TARGET, fmt_error, level_set, surface, thin
from nnviz.chapters.house.plot import HEAT, SCATTER
from nnviz.chapters.house.ui.regression import RegressionSection, money
from nnviz.dom.axes import axes
from nnviz.dom.bridge import ElementSet, set_points
from nnviz.dom.colorbar import ColorBar
from nnviz.dom.elements import h, s, set_attrs
from nnviz.dom.heatmap import HeatmapImage
from nnviz.dom.legend import legend, swatch
from nnviz.kit.colormap import SEQUENTIAL, ColorScale, Norm
from nnviz.kit.heatmap import HeatGrid

GRID = 120
CMAP = SEQUENTIAL["viridis"]


class OneInput(RegressionSection):
    FIELDS = ("w", "b")
    prefix = "house-one"
    title = "One input: a price from the area"
    intro = ("Move the weight and the bias (or type exact values) until the line runs close to the three houses. "
             "Each yellow segment is one house's error; the error below is the mean of their squares.")
    data = ONE
    descent = ONE_DESCENT
    scale_note = ", with the area in thousands of sq ft: see “Why the area is counted in thousands” below"
    input_names = ("Area",)

    # ----- the scatter plot -------------------------------------------------------------------

    def extra_pictures(self) -> list:
        self._point: int | None = None  # the house pointed at or focused (its readout)
        self._heat_at: tuple[float, float] | None = None  # (w, b) under the pointer on the heatmap
        g = SCATTER
        px, py, pw, ph = g.rect
        svg = s("svg", {"id": "house-one-scatter", "class_": "house-scatter", "viewBox": f"0 0 {g.width:.0f} {g.height:.0f}",
                        "role": "group", "aria_label": "Price against area: the three houses, the prediction line and each error"})
        clip = s("clipPath", {"id": "house-one-clip"}, s("rect", {"x": px, "y": py, "width": pw, "height": ph}))
        svg.append(s("defs", {}, clip))
        svg.append(axes(g, "Area (sq ft)", "Price ($1000)", grid=True))
        plot = s("g", {"clip_path": "url(#house-one-clip)"})
        svg.append(plot)
        self.line = s("line", {"id": "house-one-line", "class_": "pred-line"})
        plot.append(self.line)
        n = self.data.n
        xs, ys = self.data.X[:, 0], self.data.y
        pts = g.svg_points(xs, ys)
        self.segments = self.scope.adopt(ElementSet.create(plot, "line", n, "err-seg", [f"house-one-err-{i}" for i in range(n)]))
        self.segments.set_numbers("x1", pts[:, 0], 1)
        self.segments.set_numbers("x2", pts[:, 0], 1)
        self.segments.set_numbers("y1", pts[:, 1], 1)
        points_g = s("g", {"class_": "points"})
        svg.append(points_g)
        for i, (x, y) in enumerate(pts):
            points_g.append(s("circle", {"id": f"house-one-pt-{i}", "class_": "house-pt", "cx": f"{x:.1f}", "cy": f"{y:.1f}",
                                         "r": "7", "tabindex": "0", "role": "img", "data_index": i,
                                         "aria_label": f"House {i + 1}: {xs[i]:,.0f} sq ft, ${ys[i]:,.1f}k"}))
        self.scatter_readout = h("p", {"class_": "readout", "id": "house-one-scatter-readout", "aria_live": "polite"},
                                 "Point at a house (or Tab to it) for its exact numbers.")
        self.scope.on(points_g, "pointerover", self._on_point)
        self.scope.on(points_g, "focusin", self._on_point)
        fig = h("figure", {"class_": "panel house-fig"},
                h("figcaption", {"class_": "fig-title"}, "The three houses and the line ŷ = w · area + b"),
                svg,
                legend("Scatter plot legend", swatch("a house (its real price)", "dot", "hk-house"),
                       swatch("the prediction line", "line", "hk-line"), swatch("its error, y − ŷ", "line", "hk-err")),
                self.scatter_readout)
        return [fig]

    def _on_point(self, event) -> None:
        idx = event.target.getAttribute("data-index")
        if not idx:  # JS null (the svg itself took the focus), not a point
            return
        self._point = int(idx)
        self.chapter.invalidate(f"{self.prefix}-hover", now=True)

    def _point_text(self) -> None:
        i = self._point
        if i is None:
            return
        w, b = self.params()
        x, y = float(self.data.X[i, 0]), float(self.data.y[i])
        pred = float(w[0] * x + b)
        self.out.text(self.scatter_readout, (
            f"House {i + 1}: {x:,.0f} sq ft, price {money(y)}; prediction {w[0]:.4g} × {x:,.0f} + {b:.4g} = {money(pred)}; "
            f"y − ŷ = {money(y - pred)}, squared {(y - pred) ** 2:,.1f}."
        ))

    # ----- the heatmap ------------------------------------------------------------------------

    def gd_pictures(self) -> list:
        f = HEAT
        err = surface(self.data.X, self.data.y)
        grid = HeatGrid.sample(err, f.x_domain, f.y_domain, (GRID, GRID))
        self.surface = err
        scale = ColorScale(CMAP, Norm(grid.min, grid.max, log=True))
        x, y, w, hgt = f.rect
        svg = s("svg", {"id": "house-one-heat", "class_": "house-heat", "viewBox": f"0 0 {f.width:.0f} {f.height:.0f}",
                        "role": "group", "aria_label": "Error for every weight and bias: the current point, the path so far and the best line"})
        svg.append(s("defs", {}, s("clipPath", {"id": "house-heat-clip"},
                                   s("rect", {"x": x, "y": y, "width": w, "height": hgt}))))
        image = HeatmapImage(f)
        image.draw(grid.values, scale)
        svg.append(image.element)
        svg.append(axes(f, "Weight w", "Bias b"))
        svg.append(s("rect", {"class_": "heat-border", "x": x, "y": y, "width": w, "height": hgt, "aria_hidden": "true"}))
        marks = s("g", {"clip_path": "url(#house-heat-clip)"})
        svg.append(marks)
        contour = s("polyline", {"id": "house-one-contour", "class_": "heat-contour"})
        marks.append(contour)
        ring = level_set(self.data.X, self.data.y, TARGET)
        cx, cy = f.to_px(ring[:, 0], ring[:, 1])
        set_points(contour, np.column_stack([cx, cy]), 1)
        bx, by = f.to_px(self.best.w[0], self.best.b)
        marks.append(s("path", {"id": "house-one-best", "class_": "heat-best",
                                "d": f"M{bx - 7:.1f},{by - 7:.1f}L{bx + 7:.1f},{by + 7:.1f}M{bx - 7:.1f},{by + 7:.1f}L{bx + 7:.1f},{by - 7:.1f}"}))
        self.path_halo = s("polyline", {"class_": "heat-path-halo"})
        self.path = s("polyline", {"id": "house-one-path", "class_": "heat-path"})
        marks.append(self.path_halo)
        marks.append(self.path)
        # one transform moves both rings (a dark halo under a white ring: visible on any colour)
        self.marker = s("g", {"id": "house-one-marker", "class_": "heat-marker"},
                        s("circle", {"class_": "halo", "r": "6"}), s("circle", {"r": "6"}))
        marks.append(self.marker)
        self.heat_readout = h("p", {"class_": "readout", "id": "house-one-heat-readout", "aria_live": "polite"})
        self.scope.on(svg, "pointermove", self._on_heat_pointer)
        self.scope.on(svg, "pointerleave", self._on_heat_leave)
        self.scope.on(svg, "click", self._on_heat_click)
        self.heat_svg = svg
        colour_bar = ColorBar("house-one-cbar", "Error (colour, log scale)", scale, low_word="dark", high_word="yellow")
        return [h("figure", {"class_": "panel house-fig heat-fig"},
                  h("figcaption", {"class_": "fig-title"}, "The error for every weight and bias"),
                  svg, colour_bar.element,
                  legend("Heatmap marks", swatch("current (w, b)", "ring", "hk-marker"), swatch("path so far", "line", "hk-path"),
                         swatch("best line", "cross", "hk-best"), swatch(f"error = {TARGET:,.0f}", "dash", "hk-contour")),
                  self.heat_readout)]

    def _pointer_data(self, event) -> tuple[float, float] | None:
        m = self.heat_svg.getScreenCTM()
        x = (float(event.clientX) - float(m.e)) / float(m.a)
        y = (float(event.clientY) - float(m.f)) / float(m.d)
        w, b = HEAT.from_px(x, y)
        return (w, b) if HEAT.contains(w, b) else None

    def _on_heat_pointer(self, event) -> None:
        self._heat_at = self._pointer_data(event)
        self.chapter.invalidate(f"{self.prefix}-hover", now=True)

    def _on_heat_leave(self, _event) -> None:
        self._heat_at = None
        self.chapter.invalidate(f"{self.prefix}-hover", now=True)

    def _on_heat_click(self, event) -> None:
        at = self._pointer_data(event)
        if at is None:
            return
        w, b = round(at[0], 4), round(at[1], 1)
        self.record()
        self.chapter.set_state(w=w, b=b)
        self.record()

    def _heat_text(self) -> None:
        if self._heat_at is not None:
            w, b = self._heat_at
            self.out.text(self.heat_readout, f"Under the pointer: weight {w:.4f}, bias {b:.1f} → error "
                          f"{fmt_error(float(self.surface(w, b)))}. Click to move there.")
            return
        w, b = self.params()
        where = "" if HEAT.contains(float(w[0]), b) else " (outside the map: the sliders' range)"
        self.out.text(self.heat_readout, (
            f"Now: weight {w[0]:.4f}, bias {b:.2f}, error {fmt_error(self.error_at(w, b))}{where}. "
            f"Best: weight {self.best.w[0]:.4f}, bias {self.best.b:.2f}, error {fmt_error(self.best.mse)}."
        ))

    # ----- per frame --------------------------------------------------------------------------

    def render_extra(self, w, b: float, table) -> None:
        x1, y1, x2, y2 = SCATTER.line(float(w[0]), b)
        set_attrs(self.line, x1=f"{x1:.1f}", y1=f"{y1:.1f}", x2=f"{x2:.1f}", y2=f"{y2:.1f}")
        self.segments.set_numbers("y2", SCATTER.y_scale(table.predictions), 1)
        mx, my = HEAT.to_px(float(w[0]), b)
        self.marker.setAttribute("transform", f"translate({mx:.1f} {my:.1f})")
        pts = thin(self.history.points)
        if not (pts[-1, 0] == w[0] and pts[-1, 1] == b):
            pts = np.vstack([pts, [w[0], b]])
        px, py = HEAT.to_px(pts[:, 0], pts[:, 1])
        xy = np.column_stack([px, py])
        set_points(self.path_halo, xy, 1)
        set_points(self.path, xy, 1)

    def render_hover(self) -> None:
        self._point_text()
        self._heat_text()
