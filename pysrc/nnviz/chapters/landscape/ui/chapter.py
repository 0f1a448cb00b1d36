"""The landscape chapter's browser side: the race on a loss surface, the 3-D view, the batches.

State (URL): surface, start, optimisers on and their settings, schedule, mode, batch settings
(``state.py``). ``sync`` turns a state change into a model change: a new surface grid, a new
race (every runner back at the start), a new batch run. ``tick`` steps the race by "Steps per
frame" while Play runs; ``render`` draws what changed. View state that is not in the link (the
3-D angles, the hovered point) lives in the widgets.
"""

from __future__ import annotations

import math

import numpy as np

from nnviz.chapters.base import ChapterBase, Dirty, LoadError
from nnviz.chapters.landscape import surfaces
from nnviz.chapters.landscape.batches import BatchRace
from nnviz.chapters.landscape.optimisers import KEYS, RULES
from nnviz.chapters.landscape.projection import Mesh
from nnviz.chapters.landscape.race import Race
from nnviz.chapters.landscape.state import FIELDS, State, fix_start, reset_rates, setting_name
from nnviz.chapters.landscape.text import num, pair
from nnviz.chapters.landscape.thinning import Tail
from nnviz.chapters.landscape.ui import shipped
from nnviz.chapters.landscape.ui.batch import BatchSection
from nnviz.chapters.landscape.ui.controls import Controls
from nnviz.chapters.landscape.ui.mapview import CMAP, MapView
from nnviz.chapters.landscape.ui.panels import Panels
from nnviz.chapters.landscape.ui.surface3d import Surface3D
from nnviz.dom import page
from nnviz.dom.chart import LineChart
from nnviz.dom.elements import h, scroll_box
from nnviz.dom.fetch import FetchError
from nnviz.kit.colormap import Norm
from nnviz.kit.contour import nice_levels
from nnviz.urlstate import parse_hash

PATH_3D = 400  # points per path on the 3-D surface (longer paths are thinned)
READOUT_MS = 100.0  # while Play runs, the chart, the 3-D paths and the panels each redraw ~10 times a second
RACE_FIELDS = frozenset({"surface", "start", "opt", "mode", "schedule", "gamma", "period"}
                        | {setting_name(k, s.key) for k in KEYS for s in RULES[k].settings})
SYMBOLS = {"house": ("w", "b"), "logistic": ("w₁", "w₂"), "net": ("α", "β")}
PRESET_SERIES = ("too small", "good", "too large", "diverging")
_SAMPLED: dict[str, tuple] = {}  # surface name -> (grid, norm, levels): pure functions of the name


class Chapter(ChapterBase):
    """Loss landscapes and optimisers (see the module docstring)."""

    State = State
    FIELDS = FIELDS

    async def load(self) -> None:
        """The ``net`` surface's trained network (1 kB, made at build time: the page trains
        nothing), then its loss grid in the background (awaited when the link opens on it)."""
        try:
            surfaces.use_net_slice(await shipped.load_slice())
        except (FetchError, ValueError) as exc:
            raise LoadError(f"the trained network of the “net” surface could not be loaded ({exc})") from exc
        shipped.start_grid()
        if parse_hash(page.location_hash())[1].get("surface") == "net":
            await shipped.grid_ready()

    def mount(self, params, notes):
        params, moved = fix_start(params)
        super().mount(params, [*notes, *moved])

    # ----- building ----------------------------------------------------------------------------

    def build(self) -> None:
        self.surface = None
        self.grid = self.norm = None
        self.race: Race | None = None
        self.batches: BatchRace | None = None
        self._undo: dict[str, object] = {}
        self._charted: list[int] = []
        self._gen = 0
        self._drawn_gen = -1
        self._drawn_at = {"chart": -1e9, "3d": -1e9, "panels": -1e9}  # frame times (ms) of the last redraw
        self._now = 0.0
        self._tails3d = [Tail(PATH_3D) for _ in range(6)]  # which points of each path the 3-D view has
        self.controls = Controls(self)
        self.map = MapView(self.scope, "landscape-map", "Loss map: the paths of the optimisers and the start point",
                           6, start=True, on_start=self._on_start, on_hover=self._hover, arrows=True)
        self.panels = Panels(self)
        self.view3d = Surface3D(self.scope, "landscape-3d", 6, lambda: self.invalidate("view3d", now=True))
        self.title = h("figcaption", {"class_": "ls-fig-title", "id": "landscape-map-title"})
        self.about = h("p", {"class_": "ls-about", "id": "landscape-about"})
        self.race_chart = self._loss_chart("landscape-loss", [(RULES[k].name, f"slot-{i}") for i, k in enumerate(KEYS)])
        self.rates_chart = self._loss_chart("landscape-rates-loss", [(n, f"slot-{i}") for i, n in enumerate(PRESET_SERIES)])
        self.sched_chart = LineChart("landscape-schedule-chart", "Learning rate per step, as a fraction of lr₀", "Step",
                                     "lr(t) / lr₀", series=[("rate", "slot-4")], scope=self.scope, height=150,
                                     y_domain=(0.0, 1.0))
        self.scope.adopt(self.sched_chart)
        self.controls.sched_panel.append(self.sched_chart.element)
        figure = h("figure", {"class_": "panel ls-fig ls-main-fig"}, self.title, self.map.element, self.panels.legend,
                   self.about)
        pictures = h("div", {"class_": "ls-pictures"}, figure, self.panels.alerts,
                     h("div", {"class_": "ls-pair"}, self.view3d.element, self.panels.inside_panel),
                     scroll_box("Table: optimiser positions", self.panels.table, css_class="ls-table-wrap"),
                     self.race_chart.element, self.rates_chart.element)
        self.batch = BatchSection(self)
        self.root.append(h("div", {"class_": "ls"},
                           h("div", {"class_": "ls-layout"}, self.controls.element, pictures),
                           self.batch.element))
        self.batch.show_surface()

    def _loss_chart(self, cid: str, series) -> LineChart:
        chart = LineChart(cid, "Loss per step", "Step", "Loss", series=series, scope=self.scope, height=230,
                          empty_text="Press Step or Play to see the loss fall", x_format=lambda v: f"{v:.0f}")
        return self.scope.adopt(chart)

    # ----- the model -----------------------------------------------------------------------------

    def sync(self, changed: frozenset[str]) -> None:
        st = self.state
        if "surface" in changed or self.surface is None:
            self.surface = surfaces.get(st.surface)
            self._sample_surface()
        if changed & RACE_FIELDS or self.race is None:
            self.race = Race.build(st, self.surface)
            self._gen += 1
            self.invalidate("race")
        if changed & {"batch", "batch_lr"} or self.batches is None:
            self.batches = BatchRace.build(st.batch, st.batch_lr)
            self.invalidate("batches")

    def _sample_surface(self) -> None:
        """The surface's grid, colour scale and contour levels (each surface computed once; the
        net surface's grid comes from the build, unless it has not arrived)."""
        s = self.surface
        if s.name not in _SAMPLED:
            grid = (shipped.shipped_grid() if s.name == "net" else None) or surfaces.sample(s)
            lo, hi = grid.min, grid.max
            if s.log:
                lo = max(lo, hi * 1e-9)
                norm, levels = Norm(lo, hi, log=True), nice_levels(lo, hi, 7, log=True)
            else:
                norm, levels = Norm(lo, hi), nice_levels(lo, hi, 10)
            _SAMPLED[s.name] = (grid, norm, levels)
        self.grid, self.norm, self.levels = _SAMPLED[s.name]

    # ----- actions ---------------------------------------------------------------------------------

    def choose_surface(self, name: str) -> None:
        """A new surface from the menu: its own start and recommended rates."""
        if name == self.state.surface or name not in surfaces.NAMES:
            return
        fresh = reset_rates(self.state)
        self._undo.clear()
        self.set_state(surface=name, start=None, **{k: getattr(fresh, k) for k in (setting_name(o, "lr") for o in KEYS)})

    def _on_start(self, x: float, y: float, commit: bool) -> None:
        s = self.surface
        size = max(s.x_range[1] - s.x_range[0], s.y_range[1] - s.y_range[0])
        digits = max(0, 3 - math.floor(math.log10(size)))
        self.set_state(commit=commit, start=(round(x, digits), round(y, digits)))

    def step_once(self) -> None:
        if self.race.running:
            self.race.step(1)
            self.invalidate("race")

    def play(self) -> None:
        if not self.race.running:
            self.reset_race()
        if self.race.running:
            self.start()
            self.invalidate("running")

    def reset_race(self) -> None:
        self.race.reset()
        self._gen += 1
        self.invalidate("race")

    def remember_lr(self, name: str) -> None:
        """Keep the learning rate in use before an edit, for the undo after a divergence."""
        self._undo[name[:-3]] = getattr(self.state, name)

    def undo_value(self, key: str) -> float:
        """The rate the undo button restores: the one before the last edit, else the recommended."""
        previous = self._undo.get(key)
        return self.surface.rates[key] if previous is None else float(previous)

    def undo(self, key: str) -> None:
        previous = self._undo.pop(key, None)
        self.set_state(**{setting_name(key, "lr"): previous})

    def run_epochs(self, n: int) -> None:
        for _ in range(n):
            self.batches.epoch()
        self.invalidate("batches")

    def reset_batches(self) -> None:
        self.batches = BatchRace.build(self.state.batch, self.state.batch_lr)
        self.invalidate("batches")

    def focused(self):
        return self.root.ownerDocument.activeElement

    def tick(self, now_ms: float) -> bool:
        self._now = now_ms
        self.race.step(self.state.speed)
        self.invalidate("race")
        return self.race.running

    # ----- hover -------------------------------------------------------------------------------------

    def _hover(self, x: float, y: float) -> str:
        sx, sy = SYMBOLS.get(self.state.surface, ("x", "y"))
        with np.errstate(all="ignore"):
            loss = self.surface.value(x, y)
            g = self.surface.grad(x, y)
        return (f"{sx} {num(x)}, {sy} {num(y)}: loss {num(loss)}, gradient {pair(g)} "
                f"(length {num(math.hypot(*g))})")

    # ----- drawing -------------------------------------------------------------------------------------

    def render(self, dirty: Dirty) -> None:
        st, s = self.state, self.surface
        if dirty.any("surface"):
            self.map.show_surface(self.grid, self.norm, s.x_label, s.y_label, self.levels, s.minima, key=s.name)
            t = np.clip(np.nan_to_num(self.norm(self.grid.values), nan=1.0), 0, 1)
            mesh = Mesh.from_grid(t, 25)  # 24 × 24 quads: turning stays one cheap redraw
            zq = (mesh.z[:-1, :-1] + mesh.z[:-1, 1:] + mesh.z[1:, 1:] + mesh.z[1:, :-1]).ravel() / 4
            self.view3d.show_mesh(mesh, CMAP(zq))
            self.title.textContent = f"{s.label}: {s.formula}"
            self.about.textContent = s.about
            self._chart_axes()
        if dirty.any("surface", "view3d"):
            self.view3d.draw()
        if dirty.any(*RACE_FIELDS, "speed", "inspect", "batch", "batch_lr"):
            self.controls.show(st, s)
            self.batch.show_state(st)
        if dirty.any("opt", "mode", "surface") or self._drawn_gen < 0:
            self.panels.rebuild(self.race)
            self._chart_legends()
        if dirty.any("race", "tick", "inspect", "surface", "start", "opt", "mode", "running"):
            self._draw_race()
        if dirty.any("schedule", "gamma", "period"):
            from nnviz.chapters.landscape.schedules import rates

            n = max(300, min(3000, 3 * st.period))
            self.sched_chart.set("rate", np.arange(n), rates(st.schedule, 1.0, n, st.gamma, st.period))
            self.sched_chart.render()
        if dirty.any("running", "race", "tick"):
            any_left = self.race.running
            self.controls.show_running(self.running, any_left)
        if dirty.any("batches"):
            self.batch.draw(self.batches)

    def _chart_axes(self) -> None:
        log = self.surface.log
        for chart in (self.race_chart, self.rates_chart):
            chart.y_label = "log₁₀ loss" if log else "Loss"
            chart.y_title.textContent = chart.y_label
            chart.y_format = (lambda v: f"{num(v)} (loss {num(10 ** v)})") if log else num

    def _chart_legends(self) -> None:
        rates = self.state.mode == "rates"
        self.race_chart.element.hidden = rates
        self.rates_chart.element.hidden = not rates
        items = self.race_chart.element.querySelectorAll(".chart-legend .legend-item")
        for i, key in enumerate(KEYS):
            items[i].hidden = key not in self.state.opt

    def _draw_race(self) -> None:
        """The paths every frame; while Play runs, the chart, the 3-D paths and the panels take
        turns (see READOUT_MS), so a frame's work stays small; otherwise all of them."""
        race = self.race
        if self._drawn_gen != self._gen:
            self._drawn_gen = self._gen
            self.race_chart.clear()
            self.rates_chart.clear()
            self._charted = [0] * len(race.runners)
            for slot in range(6):
                self.map.show_path(slot, None, None)
                self.view3d.show_path(slot, None, None, None)
                self._tails3d[slot].reset()
        self.map.show_paths([(r.slot, r.xs, r.ys) for r in race.runners])
        if not self.running:
            self._draw_chart()
            self._draw_3d_paths()
            self._draw_panels()
            return
        # While Play runs the paths move every frame; the read-outs take turns, the most overdue
        # first and at most one per frame, each about every READOUT_MS (reading speed, not 60 Hz).
        name = min(self._drawn_at, key=self._drawn_at.get)
        if self._now - self._drawn_at[name] >= READOUT_MS:
            self._drawn_at[name] = self._now
            {"chart": self._draw_chart, "3d": self._draw_3d_paths, "panels": self._draw_panels}[name]()

    def _draw_chart(self) -> None:
        race, s = self.race, self.surface
        chart = self.rates_chart if self.state.mode == "rates" else self.race_chart
        names = list(chart.buffers)
        for i, r in enumerate(race.runners):
            n0 = self._charted[i]
            if len(r.losses) > max(n0, 1):  # from the first step on (one point is no line)
                ys = np.asarray(r.losses[n0:], dtype=np.float64)
                if s.log:
                    with np.errstate(all="ignore"):
                        ys = np.log10(np.maximum(ys, 1e-300))
                chart.extend(names[r.slot], np.arange(n0, len(r.losses)), ys)
                self._charted[i] = len(r.losses)
        chart.render()

    def _draw_3d_paths(self) -> None:
        """The new points of every path on the 3-D surface, in one bridge call (thinned like the
        map's, to PATH_3D points; a point that left the box is not drawn)."""
        s = self.surface
        (x0, x1), (y0, y1) = s.x_range, s.y_range
        items, px, py, pl = [], [], [], []
        for r in self.race.runners:
            n = len(r.xs)
            if n > 1 and not s.contains(r.xs[-1], r.ys[-1]):
                n -= 1
            answer = self._tails3d[r.slot].update(r.xs, n)
            if answer is None:
                continue
            cut, idx = answer
            items.append((r.slot, cut, len(idx)))
            px.extend([r.xs[i] for i in idx])
            py.extend([r.ys[i] for i in idx])
            pl.extend([r.losses[i] for i in idx])
        if not items:
            return
        with np.errstate(all="ignore"):  # once per call: entering errstate is slow in Pyodide
            z = np.nan_to_num(self.norm(np.array(pl)), nan=1.0)
        np.minimum(np.maximum(z, 0.0, out=z), 1.0, out=z)
        u = 2 * (np.array(px) - x0) / (x1 - x0) - 1
        v = 2 * (np.array(py) - y0) / (y1 - y0) - 1
        self.view3d.show_paths(items, u, v, z + 0.012)

    def _draw_panels(self) -> None:
        race, s = self.race, self.surface
        start = race.start
        sx, sy = SYMBOLS.get(self.state.surface, ("x", "y"))
        self.map.show_start(*start, f"{sx} {num(start[0])}, {sy} {num(start[1])}")
        self.map.idle_text = (f"Start at {sx} {num(start[0])}, {sy} {num(start[1])}, loss {num(s.value(*start))}. "
                              "Point at the map to read the loss and the gradient anywhere; click or drag to move the start.")
        if not self.map.busy:
            self.map.say(self.map.idle_text)
        self.panels.update(race)
        r = self.panels.inspected(race)
        if r is not None and r.last is not None and self.state.mode == "race":
            g = r.last.grad
            self.map.show_arrows((r.xs[-2], r.ys[-2]), (-g[0], -g[1]), r.last.delta)
        else:
            self.map.show_arrows(None)
        left = sum(1 for r in race.runners if r.stop is None)
        self.controls.status.textContent = (
            f"Step {race.steps:,}. " + (f"{left} of {len(race.runners)} still running." if race.runners
                                        else "Switch an optimiser on to start."))
