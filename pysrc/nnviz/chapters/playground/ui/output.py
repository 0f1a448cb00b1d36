"""The output panel: the output map (or the neuron under the pointer) with the data points on top.

    out = OutputPanel(chapter)
    out.set_points(data, show_test)       # when the data or "Show test data" changes
    out.draw(rgba_100x100, caption)       # one bridge call

The canvas holds the 100 × 100 map; an SVG of the same size on top draws the points (training
points white-ringed, test points dark-ringed) and the axes in the data's own units. Clicking the
picture adds a point of the chosen class (Shift+click or the eraser removes the nearest); with
the keyboard, focus the picture, move the cross with the arrow keys, Enter adds, Delete removes.
"""

from __future__ import annotations

import numpy as np

from nnviz.chapters.playground import colors
from nnviz.dom.bridge import ElementSet
from nnviz.dom.colorbar import ColorBar
from nnviz.dom.elements import clear, h, s, set_attrs
from nnviz.dom.legend import legend, swatch

SIZE = 300  # the picture's side in SVG units (CSS scales it)


class OutputPanel:
    def __init__(self, chapter):
        self.ch = chapter
        sc = chapter.scope
        self.canvas = h("canvas", {"class_": "pg-out-canvas", "width": 1, "height": 1, "aria_hidden": "true"})
        self.points_g = s("g", {"class_": "pg-points"})
        self.cross = s("g", {"class_": "pg-cross", "display": "none"},
                       s("line", {"x1": -8, "y1": 0, "x2": 8, "y2": 0}), s("line", {"x1": 0, "y1": -8, "x2": 0, "y2": 8}))
        self.ticks = s("g", {"class_": "pg-ticks"})
        self.svg = s("svg", {"class_": "pg-out-svg", "viewBox": f"0 0 {SIZE} {SIZE}", "tabindex": "0",
                             "role": "application", "id": "playground-plot",
                             "aria_label": "Output map with the data points. Click to add a point of the chosen "
                                           "class, Shift+click to remove one; keys: arrows move the cross, Enter "
                                           "adds, Delete removes.",
                             "aria_describedby": "playground-plot-status"},
                     self.ticks, self.points_g, self.cross)
        self.caption = h("p", {"class_": "pg-caption", "id": "playground-caption", "aria_live": "polite"})
        self.status = h("p", {"class_": "help pg-plot-status", "id": "playground-plot-status"})
        self.cbar = ColorBar("playground-cbar", "Colour of a map: the neuron's output", colors.value_scale(1.0),
                             low_word="orange", high_word="blue")
        self.class_legend = h("div", {"class_": "pg-class-legend"})
        self.element = h("div", {"class_": "pg-out"},
                         h("div", {"class_": "pg-out-box"}, self.canvas, self.svg),
                         self.caption, self.status, self.cbar.element, self.class_legend)
        self.dots: ElementSet | None = None
        self.domain = ((-6.0, 6.0), (-6.0, 6.0))
        self.cursor = None  # the keyboard cross, in data units
        sc.on(self.svg, "pointerdown", self._on_pointer)
        sc.on(self.svg, "keydown", self._on_key)
        sc.on(self.svg, "blur", lambda _e: self._show_cross(False))

    # ----- coordinates -------------------------------------------------------------------------

    def to_px(self, X: np.ndarray) -> np.ndarray:
        (x0, x1), (y0, y1) = self.domain
        px = (X[:, 0] - x0) / (x1 - x0) * SIZE
        py = (y1 - X[:, 1]) / (y1 - y0) * SIZE
        return np.stack([px, py], axis=1)

    def from_px(self, px: float, py: float) -> tuple[float, float]:
        (x0, x1), (y0, y1) = self.domain
        return x0 + px / SIZE * (x1 - x0), y1 - py / SIZE * (y1 - y0)

    # ----- points ------------------------------------------------------------------------------

    def set_points(self, data, show_test: bool, value_limit: float = 1.0) -> None:
        if self.dots is not None:
            self.dots.remove()
            self.dots = None
        clear(self.points_g)
        self.domain = data.domain
        self._ticks()
        X = np.concatenate([data.x_train, data.x_test]) if show_test else data.x_train
        y = np.concatenate([data.y_train, data.y_test]) if show_test else data.y_train
        test = np.zeros(len(X), bool)
        test[len(data.x_train):] = True
        if not len(X):
            return
        self.dots = ElementSet.create(self.points_g, "circle", len(X), "pg-dot")
        xy = self.to_px(X)
        self.dots.set_numbers("cx", xy[:, 0], 1)
        self.dots.set_numbers("cy", xy[:, 1], 1)
        self.dots.set_all("r", "3.2")
        if data.kind == "classification":
            rgb = np.array([_rgb(colors.class_hex(int(k))) for k in y], np.uint8)
        else:
            rgb = colors.value_rgba(np.asarray(y, float), value_limit)[:, :3]
        self.dots.set_colors("fill", rgb)
        self.dots.toggle_class("pg-test", test.astype(np.uint8))

    def _ticks(self) -> None:
        clear(self.ticks)
        (x0, x1), (y0, y1) = self.domain
        for t in np.linspace(0, 1, 5)[1:-1]:
            vx, vy = x0 + t * (x1 - x0), y1 - t * (y1 - y0)
            self.ticks.append(s("text", {"x": t * SIZE, "y": SIZE - 4, "text_anchor": "middle"}, f"{vx:.3g}"))
            self.ticks.append(s("text", {"x": 4, "y": t * SIZE + 4}, f"{vy:.3g}"))

    def set_class_legend(self, data) -> None:
        clear(self.class_legend)
        if data.kind != "classification":
            self.class_legend.append(legend("Points", swatch("point: its target value, same colours as the map",
                                                             "dot", color=colors.NEG)))
            return
        names = data.names or tuple(f"class {k}" for k in range(data.classes))
        items = [swatch(f"{names[k]} ({colors.CLASS_NAMES[k]})", "dot", color=colors.class_hex(k))
                 for k in range(data.classes)]
        items.append(swatch("white ring: training point", "ring", color="#ffffff"))
        items.append(swatch("dark ring: test point", "ring", color="#222222"))
        self.class_legend.append(legend("Classes and points", *items))

    # ----- the map -----------------------------------------------------------------------------

    def draw(self, rgba: np.ndarray, caption: str) -> None:
        from nnviz.chapters.playground.ui.picture import put_maps

        put_maps([self.canvas], rgba[None])
        if self.caption.textContent != caption:
            self.caption.textContent = caption

    # ----- own points --------------------------------------------------------------------------

    def _on_pointer(self, event) -> None:
        m = self.svg.getScreenCTM()
        px = (float(event.clientX) - float(m.e)) / float(m.a)
        py = (float(event.clientY) - float(m.f)) / float(m.d)
        x, y = self.from_px(px, py)
        if bool(event.shiftKey) or self.ch.eraser:
            self.ch.remove_point(x, y)
        else:
            self.ch.add_point(x, y)

    def _on_key(self, event) -> None:
        key = str(event.key)
        (x0, x1), (y0, y1) = self.domain
        if self.cursor is None:
            self.cursor = ((x0 + x1) / 2, (y0 + y1) / 2)
        x, y = self.cursor
        step = (x1 - x0) / (10 if event.shiftKey else 40)
        moves = {"ArrowLeft": (-step, 0), "ArrowRight": (step, 0), "ArrowUp": (0, step), "ArrowDown": (0, -step)}
        if key in moves:
            dx, dy = moves[key]
            self.cursor = (min(max(x + dx, x0), x1), min(max(y + dy, y0), y1))
            event.preventDefault()
        elif key in ("Enter", " "):
            event.preventDefault()
            self.ch.add_point(x, y)
        elif key in ("Delete", "Backspace"):
            event.preventDefault()
            self.ch.remove_point(x, y)
        elif key == "Escape":
            self._show_cross(False)
            return
        else:
            return
        self._show_cross(True)

    def _show_cross(self, on: bool) -> None:
        if not on or self.cursor is None:
            set_attrs(self.cross, display="none")
            return
        p = self.to_px(np.array([self.cursor]))[0]
        set_attrs(self.cross, display=None, transform=f"translate({p[0]:.1f} {p[1]:.1f})")
        self.status.textContent = f"Cross at x1 = {self.cursor[0]:.2f}, x2 = {self.cursor[1]:.2f}."


def _rgb(hex_code: str) -> tuple[int, int, int]:
    c = hex_code.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)
