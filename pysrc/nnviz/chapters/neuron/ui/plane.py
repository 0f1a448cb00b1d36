"""What one neuron can separate: its output over the (x1, x2) square as a heatmap, with a
colour bar, the line z = 0 and the current input as a point to drag (or move with the arrows).

``on_move(x1, x2, commit)``: commit is False while dragging, True when the pointer is released
and for each arrow key press.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from nnviz.chapters.neuron import plot
from nnviz.chapters.neuron.maths import PLANE, decision_segment, outputs
from nnviz.chapters.neuron.state import State
from nnviz.dom.bridge import ElementSet
from nnviz.dom.elements import h, s
from nnviz.dom.writer import BatchWriter
from nnviz.kit.colormap import SEQUENTIAL
from nnviz.kit.numbers import fmt
from nnviz.kit.plot import PlotFrame

CMAP = SEQUENTIAL["viridis"]  # dark purple (low) to yellow (high): readable in grey and for colour-blind readers
SIZE, PAD_L, PAD_T, BAR = 300, 40, 10, 56
STOPS = 64  # colour samples along the gradient: finer than the 48 cells the picture had as a PNG
TABLE = plot.lut(CMAP)
UNIT = np.linspace(0.0, 1.0, STOPS)  # where the stops sit along the gradient


class Plane:
    def __init__(self, scope, on_move: Callable[[float, float, bool], None]):
        self.on_move, self.w = on_move, BatchWriter()
        self.frame = PlotFrame.around(PAD_L, PAD_T, SIZE, SIZE, PLANE, PLANE)
        f = self.frame
        # data -> SVG units in plain arithmetic (the frame's map; this runs on every drag event)
        (x0, x1), (y0, y1) = f.x_scale.range_, f.y_scale.range_
        self._px = (x0, (x1 - x0) / (PLANE[1] - PLANE[0]), y0, (y1 - y0) / (PLANE[1] - PLANE[0]))
        width, height = PAD_L + SIZE + 12, PAD_T + SIZE + BAR + 28
        self.svg = s("svg", {"viewBox": f"0 0 {width} {height}", "class_": "plane-svg", "id": "neuron-plane",
                             "role": "group", "aria_label": "The neuron's output over the (x1, x2) plane"})
        # the output depends on z only, and z is linear in (x1, x2): the heatmap is one linear
        # gradient along (w1, w2), re-coloured with two bridge calls per change (no image to encode)
        self.map = s("linearGradient", {"id": "plane-map", "gradientUnits": "userSpaceOnUse"})
        self.stops = scope.adopt(ElementSet.create(self.map, "stop", STOPS))
        self.stops.set_strings("offset", [f"{k / (STOPS - 1):.4f}" for k in range(STOPS)])
        self.image = s("rect", {"x": f.left, "y": f.top, "width": f.plot_width, "height": f.plot_height,
                                "fill": "url(#plane-map)", "class_": "plane-image"})
        grid = s("g", {"class_": "nplot-grid", "aria_hidden": "true"})
        for v, label in plot.ticks(*PLANE, 6):
            x, y = f.x_scale(v), f.y_scale(v)
            grid.append(s("text", {"x": x, "y": f.bottom + 14, "text_anchor": "middle"}, label),
                        s("text", {"x": f.left - 6, "y": y + 4, "text_anchor": "end"}, label))
        grid.append(s("text", {"class_": "nplot-axis-title", "x": f.right, "y": f.bottom + 28, "text_anchor": "end"}, "x₁ →"),
                    s("text", {"class_": "nplot-axis-title", "x": 2, "y": f.top + 12}, "x₂ ↑"))
        clip = s("clipPath", {"id": "plane-clip"}, s("rect", {"x": f.left, "y": f.top, "width": f.plot_width, "height": f.plot_height}))
        self.line = s("line", {"class_": "plane-line", "clip_path": "url(#plane-clip)"})
        self.line_label = s("text", {"class_": "plane-line-label"})
        self.point = s("circle", {"class_": "plane-point", "r": 9, "tabindex": "0", "id": "neuron-point", "role": "slider",
                                  "aria_label": "Input point (x1, x2): drag it, or use the arrow keys",
                                  "aria_valuemin": PLANE[0], "aria_valuemax": PLANE[1]})
        self.point_off = s("text", {"class_": "plane-off", "x": f.left + 6, "y": f.bottom - 8})
        # the colour bar
        bar_y = f.bottom + 50
        stops = [s("stop", {"offset": f"{100 * i / (len(CMAP.anchors) - 1):.1f}%", "stop_color": c})
                 for i, c in enumerate(CMAP.anchors)]
        gradient = s("linearGradient", {"id": "plane-gradient"}, *stops)
        self.bar_labels = s("g", {"class_": "nplot-grid", "aria_hidden": "true"})
        self.bar_title = s("text", {"class_": "nplot-axis-title", "x": f.left, "y": bar_y - 6})
        self.bar = (f.left, bar_y, f.plot_width, 12)
        self.svg.append(s("defs", {}, clip, gradient, self.map), s("rect", {"class_": "nplot-box", "x": f.left, "y": f.top, "width": f.plot_width,
                                                                   "height": f.plot_height}),
                        self.image, grid, self.line, self.line_label, self.point, self.point_off, self.bar_title,
                        s("rect", {"x": f.left, "y": bar_y, "width": f.plot_width, "height": 12, "fill": "url(#plane-gradient)",
                                   "class_": "plane-bar"}), self.bar_labels)
        self.caption = h("p", {"class_": "plane-caption", "aria_live": "polite", "id": "neuron-plane-caption"})
        self.element = h("figure", {"class_": "plane"}, h("figcaption", {"class_": "nplot-title"}, "What one neuron can separate"),
                         self.svg, self.caption)
        self._dragging = False
        self._norm = None
        self._bar_texts: list = []  # the colour bar's label elements, reused (see _draw_legend)
        scope.on(self.svg, "pointerdown", self._on_down)
        scope.on(self.svg, "pointermove", self._on_drag)
        scope.on(self.svg, "pointerup", self._on_up)
        scope.on(self.svg, "pointercancel", self._on_up)
        scope.on(self.point, "keydown", self._on_key)
        self.x1 = self.x2 = 0.0

    # -- drawing ---------------------------------------------------------------------------------
    def to_px(self, x: float, y: float) -> tuple[float, float]:
        """Data (x1, x2) -> SVG units, floats in plain arithmetic: the same map as ``frame.to_px``."""
        x0, sx, y0, sy = self._px
        lo = PLANE[0]
        return x0 + (x - lo) * sx, y0 + (y - lo) * sy

    def draw_map(self, st: State) -> None:
        """Re-colour the heatmap and the line (after a weight, the bias or the function changed)."""
        (ax, ay), (bx, by), z_lo, z_hi = plot.plane_gradient(st.w1, st.w2, st.b, PLANE[1])
        values = outputs(st.f, st.alpha, z_lo + (z_hi - z_lo) * UNIT, (st.l2, st.l3))
        norm = plot.plane_norm(st.f, values)
        (px, py), (qx, qy) = self.to_px(ax, ay), self.to_px(bx, by)
        w = self.w
        for name, value in (("x1", px), ("y1", py), ("x2", qx), ("y2", qy)):
            w.attr(self.map, name, f"{value:.2f}")
        self.stops.set_colors("stop-color", plot.colour(TABLE, norm(values)))
        if norm != self._norm:
            self._norm = norm
            self._draw_legend(norm)
        w.text(self.bar_title, "colour = output a " + ("(the function's whole range)" if st.f in plot.BOUNDED
                                                        else "(lowest to highest here)"))
        seg = decision_segment(st.w1, st.w2, st.b)
        if seg is None:
            w.attr(self.line, "visibility", "hidden")
            w.attr(self.line_label, "visibility", "hidden")
            return
        (ax, ay), (bx, by) = seg
        (px, py), (qx, qy) = self.to_px(ax, ay), self.to_px(bx, by)
        for name, value in (("x1", px), ("y1", py), ("x2", qx), ("y2", qy)):
            w.attr(self.line, name, f"{value:.2f}")
        w.attr(self.line, "visibility", "visible")
        # near one end of the line, where the point rarely is; the label sits inside the square
        lx, ly = px + 0.86 * (qx - px), py + 0.86 * (qy - py)
        anchor = "end" if lx > self.frame.left + self.frame.plot_width / 2 else "start"
        w.attr(self.line_label, "x", f"{lx + (-8 if anchor == 'end' else 8):.1f}")
        w.attr(self.line_label, "y", f"{ly + 4:.1f}")
        w.attr(self.line_label, "text-anchor", anchor)
        w.attr(self.line_label, "visibility", "visible")
        w.text(self.line_label, "z = 0")

    def _draw_legend(self, norm) -> None:
        """The colour bar's labels: both ends and round values between, written into a pool of
        text elements (changed ones only), so a new scale on every drag event costs a few writes."""
        labels = plot.bar_labels(norm)
        x0, y0, width, _ = self.bar
        while len(self._bar_texts) < len(labels):
            text = s("text", {"y": y0 + 26})
            self._bar_texts.append(text)
            self.bar_labels.append(text)
        w = self.w
        for k, text in enumerate(self._bar_texts):
            if k >= len(labels):
                w.attr(text, "visibility", "hidden")
                continue
            t, label = labels[k]
            w.attr(text, "visibility", "visible")
            w.attr(text, "x", f"{x0 + t * width:.2f}")
            w.attr(text, "text-anchor", "start" if t == 0 else "end" if t == 1 else "middle")
            w.text(text, label)

    def draw_point(self, st: State, a: float) -> None:
        self.x1, self.x2 = st.x1, st.x2
        lo, hi = PLANE
        cx, cy = self.to_px(min(max(st.x1, lo), hi), min(max(st.x2, lo), hi))
        w = self.w
        w.attr(self.point, "cx", f"{cx:.2f}")
        w.attr(self.point, "cy", f"{cy:.2f}")
        w.attr(self.point, "aria-valuetext", f"x1 = {fmt(st.x1)}, x2 = {fmt(st.x2)}; output {fmt(a, 3)}")
        w.attr(self.point, "aria-valuenow", fmt(st.x1).replace("−", "-"))
        off = not (lo <= st.x1 <= hi and lo <= st.x2 <= hi)
        w.text(self.point_off, "the input is outside this square: shown at its edge" if off else "")
        z = _z(st)
        if st.w1 == 0 and st.w2 == 0:
            side = "and there is no line: with both weights 0, every input gives the same z"
        else:
            side = "on the z > 0 side of the line" if z > 0 else "on the z < 0 side of the line" if z < 0 else "exactly on the line"
        w.text(self.caption, f"The white point is the current input (x1 = {fmt(st.x1)}, x2 = {fmt(st.x2)}), {side}. "
                             "A neuron's z is the same along any line parallel to z = 0, so one neuron can only "
                             "split the plane with a straight line.")

    # -- pointer and keys ---------------------------------------------------------------------------
    def _data_at(self, event) -> tuple[float, float]:
        rect = self.svg.getBoundingClientRect()
        vb = self.svg.viewBox.baseVal
        sx = (float(event.clientX) - float(rect.left)) * float(vb.width) / float(rect.width)
        sy = (float(event.clientY) - float(rect.top)) * float(vb.height) / float(rect.height)
        x1, x2 = self.frame.from_px(sx, sy)
        lo, hi = PLANE
        return round(min(max(float(x1), lo), hi), 2), round(min(max(float(x2), lo), hi), 2)

    def _inside(self, event) -> bool:
        rect = self.svg.getBoundingClientRect()
        vb = self.svg.viewBox.baseVal
        sx = (float(event.clientX) - float(rect.left)) * float(vb.width) / float(rect.width)
        sy = (float(event.clientY) - float(rect.top)) * float(vb.height) / float(rect.height)
        f = self.frame
        return f.left <= sx <= f.right and f.top <= sy <= f.bottom

    def _on_down(self, event) -> None:
        if not self._inside(event):
            return
        event.preventDefault()
        self._dragging = True
        self.svg.setPointerCapture(event.pointerId)
        self.point.focus()
        self.on_move(*self._data_at(event), False)

    def _on_drag(self, event) -> None:
        if self._dragging:
            self.on_move(*self._data_at(event), False)

    def _on_up(self, event) -> None:
        if self._dragging:
            self._dragging = False
            self.on_move(*self._data_at(event), True)

    def _on_key(self, event) -> None:
        key = str(event.key)
        step = 0.5 if event.shiftKey else 0.1
        moves = {"ArrowLeft": (-step, 0), "ArrowRight": (step, 0), "ArrowUp": (0, step), "ArrowDown": (0, -step)}
        if key not in moves:
            return
        event.preventDefault()
        dx, dy = moves[key]
        lo, hi = PLANE
        x1 = round(min(max(self.x1 + dx, lo), hi), 2) if dx else self.x1
        x2 = round(min(max(self.x2 + dy, lo), hi), 2) if dy else self.x2
        self.on_move(x1, x2, True)


def _z(st: State) -> float:
    return st.w1 * st.x1 + st.w2 * st.x2 + st.b
