"""The map: a loss heatmap with contour lines, axes, a colour bar, paths, markers and arrows.

    view = MapView(scope, "landscape-map", "Loss for every (x, y)", slots=6, start=True,
                   on_start=lambda x, y, commit: …, on_hover=lambda x, y: "text" or None)
    view.show_surface(grid, norm, x_label, y_label, levels)   # once per surface
    view.show_paths([(slot, xs, ys), …])   # per frame, one bridge call; show_path(slot, None) hides one
    view.show_start(x, y)
    view.show_arrows((x, y), downhill, step)   # or show_arrows(None)

Two stacked SVGs: behind, the heatmap (a dom.heatmap.HeatmapImage, a PNG made in numpy), the
contours (one <path>) and the axes; in front, on its own compositor layer, every path a polyline
over a dark halo and markers one <path> each moved by a transform. The start point is
a focusable handle: drag it, or focus it and press the arrow keys (Shift: ten times as far).
Clicking anywhere on the map moves the start there. The readout under the map answers the
pointer or, while the handle has focus, the start point.
"""

from __future__ import annotations

import math

import numpy as np

from nnviz.chapters.landscape.thinning import Tail
from nnviz.dom.bridge import js_list, tail_points
from nnviz.dom.colorbar import ColorBar
from nnviz.dom.elements import h, s, set_attrs
from nnviz.dom.heatmap import HeatmapImage
from nnviz.kit.colormap import SEQUENTIAL, ColorScale, Norm
from nnviz.kit.contour import contour_segments, segments_path
from nnviz.kit.heatmap import HeatGrid, png_data_url
from nnviz.kit.plot import PlotFrame
from nnviz.kit.scale import format_tick, nice_step, ticks

CMAP = SEQUENTIAL["viridis"]
MAX_DRAWN = 600  # points per path polyline (longer paths are thinned)
W, H = 560.0, 440.0
FRAME_BOX = (62.0, 12.0, 482.0, 378.0)  # left, top, width, height in SVG units
# a marker shape per slot (circle, square, diamond, triangle up, triangle down, star), radius ~6
SHAPES = (
    "M-6,0a6,6 0 1,0 12,0a6,6 0 1,0 -12,0Z",
    "M-5,-5h10v10h-10Z",
    "M0,-7L7,0L0,7L-7,0Z",
    "M0,-7L6.5,5L-6.5,5Z",
    "M0,7L6.5,-5L-6.5,-5Z",
    "M0,-7L2,-2.2L7,-2.2L3,1L4.5,6.5L0,3.3L-4.5,6.5L-3,1L-7,-2.2L-2,-2.2Z",
)


class MapView:
    """The heatmap figure with its paths (see the module docstring)."""

    def __init__(self, scope, cid: str, label: str, slots: int, *, start: bool = True, on_start=None,
                 on_hover=None, arrows: bool = False, contour_stride: int = 2):
        self.scope, self.cid = scope, cid
        self.on_start, self.on_hover = on_start, on_hover
        self.frame: PlotFrame | None = None
        self.start_xy: tuple[float, float] | None = None
        self.contour_stride = contour_stride
        self._cache: dict[str, tuple[str, str]] = {}  # per surface: the PNG and the contour path
        self._still: dict[str, tuple] = {}  # per surface: the axes group and the colour bar
        self._shown: set[int] = set()
        self._affine = ((1.0, 0.0), (1.0, 0.0))
        self._dragging = False
        self._focus = False
        left, top, width, height = FRAME_BOX
        # Two stacked SVGs of one geometry: the still picture (heatmap, contours, axes) behind, and
        # the paths, markers and the handle in front on their own compositor layer (style.css), so
        # a frame that moves a path repaints a few thin lines, not the image and the contours.
        clip = f"{cid}-clip"
        self.back = s("svg", {"id": f"{cid}-back", "class_": "ls-map ls-map-back", "viewBox": f"0 0 {W:.0f} {H:.0f}",
                              "aria_hidden": "true", "focusable": "false"},
                      s("defs", {}, s("clipPath", {"id": f"{clip}-back"},
                                      s("rect", {"x": left, "y": top, "width": width, "height": height}))))
        self.svg = s("svg", {"id": f"{cid}-svg", "class_": "ls-map ls-map-over", "viewBox": f"0 0 {W:.0f} {H:.0f}",
                             "role": "group", "aria_label": label})
        self.svg.append(s("defs", {}, s("clipPath", {"id": clip}, s("rect", {"x": left, "y": top, "width": width,
                                                                            "height": height})),
                          _arrow_marker(f"{cid}-head-grad", "ls-head-grad"), _arrow_marker(f"{cid}-head-step", "ls-head-step")))
        self.heat = HeatmapImage(PlotFrame.around(left, top, width, height, (0.0, 1.0), (0.0, 1.0)),
                                 element_id=f"{cid}-heat", css_class="ls-heat")
        self.image = self.heat.element
        self.back.append(self.image)
        self.axes = s("g", {"class_": "ls-axes"})
        self.back.append(self.axes)
        still = s("g", {"clip_path": f"url(#{clip}-back)"})
        self.back.append(still)
        self.contours = s("path", {"class_": "ls-contour", "id": f"{cid}-contours"})
        still.append(self.contours)
        self.minima = s("path", {"class_": "ls-minimum"})
        still.append(self.minima)
        marks = s("g", {"clip_path": f"url(#{clip})"})
        self.svg.append(marks)
        self.halos, self.lines, self.marks = [], [], []
        for k in range(slots):
            halo = s("polyline", {"class_": "ls-halo", "display": "none"})
            line = s("polyline", {"class_": f"ls-path slot-{k}", "id": f"{cid}-path-{k}", "display": "none"})
            marks.append(halo)
            marks.append(line)
            self.halos.append(halo)
            self.lines.append(line)
        # per slot, its halo and line as one JS array (bridge.tailPoints gives them one points string)
        self._pairs = [js_list([halo, line]) for halo, line in zip(self.halos, self.lines, strict=True)]
        self._targets: dict[tuple, tuple] = {}  # slots drawn together -> (their pairs, their markers), JS arrays
        self._tails = [Tail(MAX_DRAWN) for _ in range(slots)]  # per slot: which points are drawn
        for k in range(slots):
            mark = s("path", {"class_": f"ls-mark slot-{k}", "d": SHAPES[k % len(SHAPES)], "display": "none"})
            marks.append(mark)
            self.marks.append(mark)
        self.arrow_grad = self.arrow_step = None
        if arrows:
            self.arrow_grad = s("line", {"class_": "ls-arrow-grad", "marker_end": f"url(#{cid}-head-grad)", "display": "none"})
            self.arrow_step = s("line", {"class_": "ls-arrow-step", "marker_end": f"url(#{cid}-head-step)", "display": "none"})
            marks.append(self.arrow_grad)
            marks.append(self.arrow_step)
        self.handle = None
        if start:
            self.handle = s("g", {"class_": "ls-start", "id": f"{cid}-start", "tabindex": "0", "role": "slider",
                                  "aria_label": "Start point", "aria_valuetext": ""},
                            s("circle", {"class_": "ls-start-hit", "r": "16"}),
                            s("circle", {"class_": "ls-start-halo", "r": "8"}),
                            s("circle", {"class_": "ls-start-ring", "r": "8"}),
                            s("path", {"class_": "ls-start-cross", "d": "M-4,0H4M0,-4V4"}))
            self.svg.append(self.handle)
            scope.on(self.handle, "pointerdown", self._on_handle_down)
            scope.on(self.handle, "keydown", self._on_key)
            scope.on(self.handle, "focus", self._on_focus)
            scope.on(self.handle, "blur", self._on_blur)
            scope.on(self.svg, "pointermove", self._on_move)
            scope.on(self.svg, "pointerup", self._on_up)
            scope.on(self.svg, "pointercancel", self._on_up)
            scope.on(self.svg, "click", self._on_click)
        else:
            scope.on(self.svg, "pointermove", self._on_move)
        scope.on(self.svg, "pointerleave", self._on_leave)
        self.readout = h("p", {"class_": "ls-readout", "id": f"{cid}-readout", "aria_live": "polite"})
        self.cbar: ColorBar | None = None
        self.cbar_box = h("div", {"class_": "ls-cbar"})
        self.element = h("div", {"class_": "ls-mapwrap"}, h("div", {"class_": "ls-stack"}, self.back, self.svg),
                         self.cbar_box, self.readout)
        self.idle_text = ""
        self.hovering = False

    @property
    def busy(self) -> bool:
        """Whether the readout is answering the pointer or the focused handle (not idle)."""
        return self.hovering or self._dragging or self._focus

    # ----- the surface -----------------------------------------------------------------------

    def show_surface(self, grid: HeatGrid, norm: Norm, x_label: str, y_label: str, levels: list[float],
                     minima=(), title: str = "Loss", key: str | None = None) -> None:
        """Draw the heatmap image, contours, axes and colour bar of a new surface.

        With a ``key``, the image, the contours, the axes and the colour bar are kept, so showing
        that surface again costs no encoding and builds no element (the grid behind them must be
        the same for the same key).
        """
        left, top, width, height = FRAME_BOX
        f = self.frame = PlotFrame.around(left, top, width, height, grid.x_range, grid.y_range)
        for tail in self._tails:  # new units: every path is drawn anew
            tail.reset()
        (x0, x1), (y0, y1) = grid.x_range, grid.y_range
        ax, ay = width / (x1 - x0), -height / (y1 - y0)  # data -> SVG units, y up
        self._affine = ((ax, left - ax * x0), (ay, top + height - ay * y0))
        cached = self._cache.get(key) if key is not None else None
        if cached is None:
            k = self.contour_stride
            vals, xs, ys = grid.values[::k, ::k], grid.xs[::k], grid.ys[::k]
            pieces = [contour_segments(vals, xs, ys, lv) for lv in levels]
            seg = np.concatenate(pieces, axis=0) if pieces else np.zeros((0, 2, 2))
            d = ""
            if len(seg):
                px, py = f.to_px(seg[..., 0], seg[..., 1])
                d = segments_path(np.stack([px, py], axis=-1))
            cached = (png_data_url(ColorScale(CMAP, norm)(grid.values)), d)
            if key is not None:
                self._cache[key] = cached
        self.image.setAttribute("href", cached[0])  # the HeatmapImage's picture, kept per surface
        self.contours.setAttribute("d", cached[1])
        d = []
        for mx, my in minima:
            if f.contains(mx, my):
                x, y = f.to_px(mx, my)
                d.append(f"M{x - 5:.1f},{y - 5:.1f}L{x + 5:.1f},{y + 5:.1f}M{x - 5:.1f},{y + 5:.1f}L{x + 5:.1f},{y - 5:.1f}")
        self.minima.setAttribute("d", "".join(d))
        still = self._still.get(key) if key is not None else None
        if still is None:  # the axes and the colour bar, built once per surface and kept
            still = (self._axes_group(f, x_label, y_label), self._color_bar(norm, levels, title))
            if key is not None:
                self._still[key] = still
        self.axes.replaceChildren(still[0])
        self.cbar = still[1]
        self.cbar_box.replaceChildren(self.cbar.element)

    def _axes_group(self, f: PlotFrame, x_label: str, y_label: str):
        g = s("g", {})
        left, top, width, height = FRAME_BOX
        for v in ticks(*f.x_domain, 6):
            x, _ = f.to_px(v, f.y_domain[0])
            step = nice_step(f.x_domain[1] - f.x_domain[0], 6)
            g.append(s("line", {"class_": "ls-tickmark", "x1": f"{x:.1f}", "x2": f"{x:.1f}", "y1": top + height,
                                        "y2": top + height + 4}))
            g.append(s("text", {"class_": "ls-tick", "x": f"{x:.1f}", "y": top + height + 17,
                                        "text_anchor": "middle"}, format_tick(v, step).replace("-", "−")))
        for v in ticks(*f.y_domain, 6):
            _, y = f.to_px(f.x_domain[0], v)
            step = nice_step(f.y_domain[1] - f.y_domain[0], 6)
            g.append(s("line", {"class_": "ls-tickmark", "x1": left - 4, "x2": left, "y1": f"{y:.1f}", "y2": f"{y:.1f}"}))
            g.append(s("text", {"class_": "ls-tick", "x": left - 7, "y": f"{y + 4:.1f}", "text_anchor": "end"},
                               format_tick(v, step).replace("-", "−")))
        g.append(s("text", {"class_": "ls-axis-title", "x": left + width / 2, "y": H - 14,
                                    "text_anchor": "middle"}, x_label))
        g.append(s("text", {"class_": "ls-axis-title", "x": 0, "y": 0, "text_anchor": "middle",
                                    "transform": f"translate(14 {top + height / 2:.1f}) rotate(-90)"}, y_label))
        g.append(s("rect", {"class_": "ls-border", "x": left, "y": top, "width": width, "height": height}))
        return g

    def _color_bar(self, norm: Norm, levels: list[float], title: str) -> ColorBar:
        lines = ", ".join(f"{v:g}" for v in levels[:12])
        name = f"{title} (colour{', log scale' if norm.log else ''}; white lines: contours at {lines})"
        return ColorBar(f"{self.cid}-cbar", name, ColorScale(CMAP, norm), low_word="dark purple", high_word="yellow")

    # ----- per frame ---------------------------------------------------------------------------

    def show_path(self, slot: int, xs, ys) -> None:
        """Draw slot ``slot``'s path through (xs, ys) with its marker at the end; None hides it."""
        if xs is None or self.frame is None or len(xs) == 0:
            self._tails[slot].reset()
            if slot in self._shown:
                self._shown.discard(slot)
                for el in (self.lines[slot], self.halos[slot], self.marks[slot]):
                    el.setAttribute("display", "none")
            return
        self.show_paths([(slot, xs, ys)])

    def show_paths(self, paths) -> None:
        """Draw several growing paths, [(slot, xs, ys), …] (xs, ys lists of the path so far), in one
        bridge call that sends only their new points (``thinning.Tail``: at most MAX_DRAWN points
        a path, every stride-th and the last; a frame that adds one step sends one or two)."""
        if self.frame is None:
            return
        (ax, bx), (ay, by) = self._affine
        slots, cuts, offsets, px, py = [], [], [0], [], []
        for slot, xs, ys in paths:
            if len(xs) == 0:
                self.show_path(slot, None, None)
                continue
            answer = self._tails[slot].update(xs, len(xs))
            if answer is None:
                continue
            cut, idx = answer
            slots.append(slot)
            cuts.append(cut)
            px.extend([xs[i] for i in idx])
            py.extend([ys[i] for i in idx])
            offsets.append(len(px))
            if slot not in self._shown:
                self._shown.add(slot)
                for el in (self.lines[slot], self.halos[slot], self.marks[slot]):
                    el.removeAttribute("display")
        if not slots:
            return
        xy = np.empty((len(px), 2))
        xy[:, 0] = px
        xy[:, 1] = py
        xy *= (ax, ay)
        xy += (bx, by)
        np.minimum(np.maximum(xy, -2000, out=xy), 2000, out=xy)  # far outside: just beyond the clip
        key = tuple(slots)
        pair = self._targets.get(key)
        if pair is None:
            pair = self._targets[key] = (js_list([self._pairs[k] for k in slots]), js_list([self.marks[k] for k in slots]))
        tail_points(pair[0], pair[1], xy, offsets, cuts, 1)

    def show_start(self, x: float, y: float, text: str) -> None:
        """Move the start handle to (x, y); ``text`` is its accessible value."""
        self.start_xy = (x, y)
        if self.handle is None or self.frame is None:
            return
        px, py = self.frame.to_px(x, y)
        self.handle.setAttribute("transform", f"translate({px:.1f} {py:.1f})")
        self.handle.setAttribute("aria-valuetext", text)

    def show_arrows(self, origin, downhill=None, step=None) -> None:
        """Arrows at ``origin``: −g scaled to 46 units (``downhill``, data units) and the step taken."""
        if self.arrow_grad is None:
            return
        if origin is None or self.frame is None:
            self.arrow_grad.setAttribute("display", "none")
            self.arrow_step.setAttribute("display", "none")
            return
        f = self.frame
        ox, oy = f.to_px(*origin)
        for el, vec, fixed in ((self.arrow_grad, downhill, True), (self.arrow_step, step, False)):
            if vec is None:
                el.setAttribute("display", "none")
                continue
            tx, ty = f.to_px(origin[0] + vec[0], origin[1] + vec[1])
            dx, dy = tx - ox, ty - oy
            n = math.hypot(dx, dy)
            if not math.isfinite(n) or n < 1e-9:
                el.setAttribute("display", "none")
                continue
            if fixed:
                dx, dy = dx * 46 / n, dy * 46 / n
            elif n > 2000:
                dx, dy = dx * 2000 / n, dy * 2000 / n
            set_attrs(el, x1=f"{ox:.1f}", y1=f"{oy:.1f}", x2=f"{ox + dx:.1f}", y2=f"{oy + dy:.1f}", display=None)

    def say(self, text: str) -> None:
        self.readout.textContent = text

    # ----- pointer and keys ----------------------------------------------------------------------

    def _data_at(self, event):
        if self.frame is None:
            return None
        m = self.svg.getScreenCTM()
        if m is None:
            return None
        px = (float(event.clientX) - float(m.e)) / float(m.a)
        py = (float(event.clientY) - float(m.f)) / float(m.d)
        x, y = self.frame.from_px(px, py)
        return (x, y) if self.frame.contains(x, y) else None

    def _on_handle_down(self, event) -> None:
        event.preventDefault()
        self._dragging = True
        self.svg.setPointerCapture(event.pointerId)
        self.handle.focus()

    def _on_move(self, event) -> None:
        at = self._data_at(event)
        if self._dragging:
            if at is not None and self.on_start is not None:
                self.on_start(*at, False)
            return
        if self.on_hover is not None:
            text = self.on_hover(*at) if at is not None else None
            self.hovering = bool(text)
            self.say(text if text else self.idle_text)

    def _on_up(self, event) -> None:
        if self._dragging:
            self._dragging = False
            at = self._data_at(event)
            if self.on_start is not None and self.start_xy is not None:
                x, y = at if at is not None else self.start_xy
                self.on_start(x, y, True)

    def _on_click(self, event) -> None:
        if self._dragging or (self.handle is not None and self.handle.contains(event.target)):
            return
        at = self._data_at(event)
        if at is not None and self.on_start is not None:
            self.on_start(*at, True)

    def _on_leave(self, _event) -> None:
        self.hovering = False
        if not self._dragging and not self._focus:
            self.say(self.idle_text)

    def _on_focus(self, _event) -> None:
        self._focus = True
        if self.on_hover is not None and self.start_xy is not None:
            self.say("Start point: " + (self.on_hover(*self.start_xy) or ""))

    def _on_blur(self, _event) -> None:
        self._focus = False
        self.say(self.idle_text)

    def _on_key(self, event) -> None:
        key = str(event.key)
        moves = {"ArrowLeft": (-1, 0), "ArrowRight": (1, 0), "ArrowUp": (0, 1), "ArrowDown": (0, -1)}
        if key not in moves or self.frame is None or self.start_xy is None:
            return
        event.preventDefault()
        factor = 0.1 if event.shiftKey else 0.02
        (x0, x1), (y0, y1) = self.frame.x_domain, self.frame.y_domain
        dx, dy = moves[key]
        x = min(max(self.start_xy[0] + dx * factor * (x1 - x0), x0), x1)
        y = min(max(self.start_xy[1] + dy * factor * (y1 - y0), y0), y1)
        if self.on_start is not None:
            self.on_start(x, y, True)
        if self.on_hover is not None:
            self.say("Start point: " + (self.on_hover(x, y) or ""))


def _arrow_marker(mid: str, css: str):
    return s("marker", {"id": mid, "viewBox": "0 0 10 10", "refX": "8", "refY": "5", "markerWidth": "7",
                        "markerHeight": "7", "orient": "auto-start-reverse", "class_": css},
             s("path", {"d": "M0,0L10,5L0,10Z"}))
