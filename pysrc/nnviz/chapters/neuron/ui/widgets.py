"""A small browser piece of the chapter: :class:`CurvePlot`.

``CurvePlot`` draws curves over z ∈ [−6, 6] (points from :mod:`nnviz.chapters.neuron.plot`), a
solid marker at the current z and a dashed probe where the pointer (or the arrow keys, once
the plot has the focus) reads exact values; the chapter decides what the readout says.
"""

from __future__ import annotations

from collections.abc import Callable

from nnviz.chapters.neuron import plot
from nnviz.chapters.neuron.maths import Z_RANGE
from nnviz.dom.elements import h, s
from nnviz.dom.writer import BatchWriter


class CurvePlot:
    """An SVG plot of named curves against z, with the current-z marker and a probe.

    ``on_probe(z or None)`` is called when the pointer moves over the plot (None when it
    leaves), when the plot gets the focus (None: the probe starts at the current z) and when
    the arrow keys move the probe (0.1 per press, 1 with Shift).
    """

    W, H = 360, 220

    def __init__(self, scope, id: str, title: str, y_title: str, on_probe: Callable[[float | None], None],
                 help_text: str = "Hover, or focus and use ← →, to read exact values.", size: tuple[int, int] = (360, 220)):
        self.id, self.on_probe, self.writer = id, on_probe, BatchWriter()
        self.W, self.H = size
        self.frame = plot.curve_frame(self.W, self.H, (-0.1, 1.1))
        self.probe_z: float | None = None
        f = self.frame
        self.svg = s("svg", {"viewBox": f"0 0 {self.W} {self.H}", "class_": "nplot-svg", "tabindex": "0",
                             "role": "img", "aria_label": f"{title}. {help_text}", "id": f"{id}-svg"})
        clip = s("clipPath", {"id": f"{id}-clip"}, s("rect", {"x": f.left, "y": f.top, "width": f.plot_width, "height": f.plot_height}))
        self.grid = s("g", {"class_": "nplot-grid", "aria_hidden": "true"})
        self.lines = s("g", {"class_": "nplot-lines", "clip_path": f"url(#{id}-clip)"})
        self.marker = s("line", {"class_": "nplot-now", "y1": f.top, "y2": f.bottom})
        self.probe = s("line", {"class_": "nplot-probe", "y1": f.top, "y2": f.bottom, "visibility": "hidden"})
        self.dots = s("g", {"class_": "nplot-dots"})
        self.svg.append(s("defs", {}, clip), self.grid, self.lines, self.marker, self.probe, self.dots,
                        s("text", {"class_": "nplot-axis-title", "x": f.right, "y": self.H - 4, "text_anchor": "end"}, "z"),
                        s("text", {"class_": "nplot-axis-title", "x": 4, "y": f.top + 4, "dominant_baseline": "hanging"}, y_title))
        self.readout = h("p", {"class_": "nplot-readout", "id": f"{id}-readout", "aria_live": "polite"})
        self.title = h("figcaption", {"class_": "nplot-title"}, title)
        self.element = h("figure", {"class_": "nplot", "id": id}, self.title, self.svg, self.readout)
        self._curves: dict[str, object] = {}
        self._dots: dict[tuple[str, str], object] = {}
        self._y_range: tuple[float, float] | None = None
        scope.on(self.svg, "pointermove", self._on_pointer)
        scope.on(self.svg, "pointerdown", self._on_pointer)
        scope.on(self.svg, "pointerleave", lambda _e: self.on_probe(None))
        scope.on(self.svg, "focus", lambda _e: self.on_probe(None))
        scope.on(self.svg, "blur", lambda _e: self.on_probe(None))
        scope.on(self.svg, "keydown", self._on_key)

    # -- axes ------------------------------------------------------------------------------
    def set_y_range(self, y_range: tuple[float, float]) -> bool:
        """Re-draw the axes for a new y interval; True when it changed (then re-set the curves)."""
        if y_range == self._y_range:
            return False
        self._y_range = y_range
        self.frame = f = plot.curve_frame(self.W, self.H, y_range)
        self.grid.replaceChildren()
        for v, label in plot.ticks(*Z_RANGE, 6):
            x = f.x_scale(v)
            self.grid.append(s("line", {"class_": "nplot-tick" + (" nplot-zero" if v == 0 else ""),
                                        "x1": x, "x2": x, "y1": f.top, "y2": f.bottom}),
                             s("text", {"x": x, "y": f.bottom + 14, "text_anchor": "middle"}, label))
        for v, label in plot.ticks(*y_range, 5):
            y = f.y_scale(v)
            self.grid.append(s("line", {"class_": "nplot-tick" + (" nplot-zero" if v == 0 else ""),
                                        "x1": f.left, "x2": f.right, "y1": y, "y2": y}),
                             s("text", {"x": f.left - 6, "y": y + 4, "text_anchor": "end"}, label))
        self.grid.append(s("rect", {"class_": "nplot-box", "x": f.left, "y": f.top, "width": f.plot_width, "height": f.plot_height}))
        return True

    # -- curves and marks ------------------------------------------------------------------------
    def set_curve(self, name: str, points: str | None, colour: str, dash: str = "", css: str = "") -> None:
        """Draw (or with ``points=None``, hide) the curve ``name``."""
        line = self._curves.get(name)
        if line is None:
            line = self._curves[name] = s("polyline", {"class_": f"nplot-line {css}", "fill": "none", "stroke": colour,
                                                       "data_curve": name})
            self.lines.append(line)
        w = self.writer
        w.attr(line, "visibility", "hidden" if points is None else "visible")
        if points is not None:
            w.attr(line, "points", points)
            w.attr(line, "stroke-dasharray", dash or "none")

    def _dot(self, kind: str, name: str, colour: str):
        dot = self._dots.get((kind, name))
        if dot is None:
            dot = self._dots[(kind, name)] = s("circle", {"class_": f"nplot-dot nplot-dot-{kind}", "r": 4.5 if kind == "now" else 3.5,
                                                          "stroke": colour})
            self.dots.append(dot)
        return dot

    def mark(self, kind: str, z: float | None, values: dict[str, tuple[float, str]]) -> None:
        """Place the ``"now"`` marker or the ``"probe"`` at z with a dot per curve ({name: (y, colour)})."""
        line = self.marker if kind == "now" else self.probe
        w = self.writer
        if z is None:
            w.attr(line, "visibility", "hidden")
            for (k, _), dot in self._dots.items():
                if k == kind:
                    w.attr(dot, "visibility", "hidden")
            return
        x, off = plot.pinned(self.frame, z)
        w.attr(line, "visibility", "visible")
        w.attr(line, "x1", f"{x:.2f}")
        w.attr(line, "x2", f"{x:.2f}")
        w.attr(line, "class", ("nplot-now" if kind == "now" else "nplot-probe") + (" nplot-off" if off else ""))
        for (k, name), dot in self._dots.items():
            if k == kind and name not in values:
                w.attr(dot, "visibility", "hidden")
        for name, (y, colour) in values.items():
            dot = self._dot(kind, name, colour)
            w.attr(dot, "visibility", "visible")
            w.attr(dot, "cx", f"{x:.2f}")
            w.attr(dot, "cy", f"{plot.pinned_y(self.frame, y):.2f}")

    # -- events ------------------------------------------------------------------------------------
    def _on_pointer(self, event) -> None:
        rect = self.svg.getBoundingClientRect()
        if not rect.width:
            return
        x = (float(event.clientX) - float(rect.left)) * self.W / float(rect.width)
        f = self.frame
        if f.left <= x <= f.right:
            self.on_probe(round(float(f.x_scale.invert(x)), 2))

    def _on_key(self, event) -> None:
        key = str(event.key)
        if key == "Escape":
            self.on_probe(None)
            return
        if key not in ("ArrowLeft", "ArrowRight", "Home", "End"):
            return
        event.preventDefault()
        lo, hi = Z_RANGE
        step = 1.0 if event.shiftKey else 0.1
        start = self.probe_z if self.probe_z is not None else self.now_z
        z = {"ArrowLeft": start - step, "ArrowRight": start + step, "Home": lo, "End": hi}[key]
        self.on_probe(round(min(max(z, lo), hi), 2))

    now_z: float = 0.0  # the current z (set by the chapter), where keyboard probing starts
