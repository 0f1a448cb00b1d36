"""The 3-D view of the surface: numpy-projected quads in an SVG, turned by drag or arrow keys.

    view = Surface3D(scope, "landscape-3d", slots=6, on_turn=lambda: chapter.invalidate("view3d", now=True))
    view.show_mesh(Mesh.from_grid(t), colours)   # colours (n-1)² × 3 uint8, in mesh order
    view.draw()                                   # re-project (after a turn or a new mesh)
    view.show_path(slot, u, v, z)                 # a path on the surface (u, v in [−1, 1], z in [0, 1])
    view.show_paths([(slot, cut, count), …], u, v, z)   # growing paths: only their new points

The quads are one ElementSet of <polygon>; a turn re-sorts them (far first) and sets their
points and fills in two bridge calls. Heights are the colour scale's position (log where the
map is log), so the 3-D view and the heatmap agree.
"""

from __future__ import annotations

import math

import numpy as np

from nnviz.chapters.landscape.projection import Mesh, project_points
from nnviz.dom.bridge import ElementSet, js_list, tail_points
from nnviz.dom.elements import h, s

SIZE = 320.0
SCALE = 108.0
MIN_EL, MAX_EL = 0.15, 1.45


class Surface3D:
    """The 3-D figure (see the module docstring)."""

    def __init__(self, scope, cid: str, slots: int, on_turn):
        self.on_turn = on_turn
        self.azimuth, self.elevation = -0.6, 0.62
        self.mesh: Mesh | None = None
        self.colours: np.ndarray | None = None
        self.quads: ElementSet | None = None
        self._paths: dict[int, tuple[list, list, list]] = {}  # slot -> the drawn points' u, v, z
        self._drag: tuple[float, float, float, float] | None = None
        self.svg = s("svg", {"id": f"{cid}-svg", "class_": "ls-3d", "viewBox": f"0 0 {SIZE:.0f} {SIZE:.0f}",
                             "tabindex": "0", "role": "img",
                             "aria_label": "3-D view of the loss surface: drag it, or focus it and press the arrow keys, to turn it"})
        self.body = s("g", {"class_": "ls-3d-quads"})
        self.svg.append(self.body)
        # the paths in front, in an SVG of the same geometry on its own compositor layer
        # (style.css): moving a path repaints the path, not the 576 quads under it
        self.over = s("svg", {"class_": "ls-3d-over", "viewBox": f"0 0 {SIZE:.0f} {SIZE:.0f}", "aria_hidden": "true",
                              "focusable": "false"})
        self.lines = []
        for k in range(slots):
            line = s("polyline", {"class_": f"ls-3d-path slot-{k}", "display": "none"})
            self.over.append(line)
            self.lines.append(line)
        self._single = [js_list([line]) for line in self.lines]  # bridge.tailPoints targets, one a path
        self._targets: dict[tuple, object] = {}
        self._shown: set[int] = set()
        self.element = h("figure", {"class_": "panel ls-fig ls-3d-fig"},
                         h("figcaption", {"class_": "ls-fig-title"}, "The same surface in 3-D"),
                         h("div", {"class_": "ls-stack"}, self.svg, self.over),
                         h("p", {"class_": "ls-help"}, "Drag to turn it, or focus it and use the arrow keys. "
                           "Height follows the colour scale."))
        scope.on(self.svg, "pointerdown", self._on_down)
        scope.on(self.svg, "pointermove", self._on_move)
        scope.on(self.svg, "pointerup", self._on_up)
        scope.on(self.svg, "pointercancel", self._on_up)
        scope.on(self.svg, "keydown", self._on_key)
        self.scope = scope

    def show_mesh(self, mesh: Mesh, colours: np.ndarray) -> None:
        """Use a new mesh; ``colours`` (k, 3) uint8 are the quads' fills in mesh order."""
        k = (mesh.z.shape[0] - 1) * (mesh.z.shape[1] - 1)
        if self.quads is None:  # the mesh size never changes: one set for the mount
            self.quads = self.scope.adopt(ElementSet.create(self.body, "polygon", k, "ls-quad"))
        self.mesh, self.colours = mesh, colours

    def draw(self) -> None:
        """Project and draw the quads (far first) for the current angles."""
        if self.mesh is None:
            return
        proj = self.mesh.project(self.azimuth, self.elevation)
        pts = _to_svg(proj.quads.reshape(-1, 2)).reshape(-1, 8)
        template = "%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f"
        self.quads.set_strings("points", [template % tuple(row) for row in pts.tolist()])
        self.quads.set_colors("fill", self.colours[proj.order])
        self.quads.set_colors("stroke", self.colours[proj.order])
        self._draw_paths()

    def show_path(self, slot: int, u, v, z) -> None:
        """Draw a whole path on the surface; ``u`` None hides it."""
        if u is None:
            self._paths.pop(slot, None)
            self._shown.discard(slot)
            self.lines[slot].setAttribute("display", "none")
            return
        u = np.asarray(u, dtype=np.float64)
        self.show_paths([(slot, -1, len(u))], u, np.asarray(v, dtype=np.float64), np.asarray(z, dtype=np.float64))

    def show_paths(self, items, u: np.ndarray, v: np.ndarray, z: np.ndarray) -> None:
        """Extend paths in one bridge call: ``items`` [(slot, cut, count), …] take, in order, the next
        ``count`` points of (u, v, z) after dropping their last ``cut`` points (−1: all of them),
        as ``thinning.Tail`` answers; only the new points are projected."""
        if not items:
            return
        p, _ = project_points(u, v, z, self.azimuth, self.elevation)
        slots, cuts, offsets, at = [], [], [0], 0
        for slot, cut, count in items:
            kept = self._paths.setdefault(slot, ([], [], []))
            for values, new in zip(kept, (u, v, z), strict=True):
                if cut < 0:
                    values.clear()
                elif cut:
                    del values[len(values) - cut:]
                values.extend(new[at:at + count].tolist())
            at += count
            slots.append(slot)
            cuts.append(cut)
            offsets.append(at)
            if slot not in self._shown:
                self._shown.add(slot)
                self.lines[slot].removeAttribute("display")
        self._send(slots, _to_svg(p), offsets, cuts)

    def _draw_paths(self) -> None:
        """Every path anew (after a turn): one projection, one bridge call."""
        items = [(slot, k) for slot, k in self._paths.items() if k[0]]
        if not items:
            return
        u, v, z = (np.array([x for _, k in items for x in k[i]]) for i in range(3))
        p, _ = project_points(u, v, z, self.azimuth, self.elevation)
        offsets = np.cumsum([0] + [len(k[0]) for _, k in items])
        self._send([slot for slot, _ in items], _to_svg(p), offsets, [-1] * len(items))

    def _send(self, slots, xy: np.ndarray, offsets, cuts) -> None:
        key = tuple(slots)
        targets = self._targets.get(key)
        if targets is None:
            targets = self._targets[key] = js_list([self._single[k] for k in slots])
        tail_points(targets, js_list([None] * len(slots)), xy, offsets, cuts, 1)

    # ----- turning ----------------------------------------------------------------------------

    def _turn(self, d_az: float, d_el: float) -> None:
        self.azimuth = (self.azimuth + d_az + math.pi) % (2 * math.pi) - math.pi
        self.elevation = min(MAX_EL, max(MIN_EL, self.elevation + d_el))
        self.on_turn()

    def _on_down(self, event) -> None:
        self._drag = (float(event.clientX), float(event.clientY), self.azimuth, self.elevation)
        self.svg.setPointerCapture(event.pointerId)

    def _on_move(self, event) -> None:
        if self._drag is None:
            return
        x0, y0, az, el = self._drag
        self.azimuth, self.elevation = az, el
        self._turn((float(event.clientX) - x0) * 0.01, (float(event.clientY) - y0) * 0.01)

    def _on_up(self, _event) -> None:
        self._drag = None

    def _on_key(self, event) -> None:
        key = str(event.key)
        step = 0.26 if event.shiftKey else 0.09
        moves = {"ArrowLeft": (-step, 0), "ArrowRight": (step, 0), "ArrowUp": (0, step), "ArrowDown": (0, -step)}
        if key in moves:
            event.preventDefault()
            self._turn(*moves[key])


def _to_svg(p: np.ndarray) -> np.ndarray:
    """View units (y up, about ±1.6) -> SVG units (y down), centred."""
    out = np.empty_like(p)
    out[:, 0] = SIZE / 2 + SCALE * p[:, 0]
    out[:, 1] = SIZE / 2 + 12 - SCALE * p[:, 1]
    return out
