"""The batch section: full-batch, mini-batch and stochastic gradient descent on 300 points.

    sec = BatchSection(chapter)     # builds the section; sec.element goes on the page
    sec.show_surface()              # the map of the full-data loss (once)
    sec.draw(run)                   # paths, counters and the loss-per-epoch chart

The run itself lives in the chapter (``chapter.batches``, a :class:`~..batches.BatchRace`),
rebuilt by ``sync`` when the batch size or its learning rate changes.
"""

from __future__ import annotations

import math

import numpy as np

from nnviz.chapters.landscape import batches
from nnviz.chapters.landscape.batches import BatchRace
from nnviz.chapters.landscape.text import num
from nnviz.chapters.landscape.ui.controls import number_box, swatch
from nnviz.chapters.landscape.ui.mapview import MapView
from nnviz.dom.chart import LineChart
from nnviz.dom.elements import h, scroll_box
from nnviz.kit.colormap import Norm
from nnviz.kit.contour import nice_levels
from nnviz.kit.heatmap import HeatGrid

GRID = 150
SLOTS = (0, 4, 5)  # colour slots: orange, pink, vermillion


class BatchSection:
    """The section's controls and pictures (see the module docstring)."""

    def __init__(self, chapter):
        self.chapter = chapter
        sc = chapter.scope
        self.map = MapView(sc, "landscape-batch-map", "Full-data loss over (w, b) with the three paths", 6,
                           start=False, on_hover=self._hover)
        self.inputs = {"batch": number_box(chapter, "batch", "1–300 points per step"),
                       "batch_lr": number_box(chapter, "batch_lr", "0.001–1, the same for all three")}
        rows = [box.element for box in self.inputs.values()]
        self.epoch_btn = h("button", {"type": "button", "class_": "btn btn-primary"}, "Run 1 epoch")
        self.ten_btn = h("button", {"type": "button", "class_": "btn"}, "Run 10 epochs")
        self.reset_btn = h("button", {"type": "button", "class_": "btn"}, "Reset epochs")
        sc.on(self.epoch_btn, "click", lambda _e: chapter.run_epochs(1))
        sc.on(self.ten_btn, "click", lambda _e: chapter.run_epochs(10))
        sc.on(self.reset_btn, "click", lambda _e: chapter.reset_batches())
        self.tbody = h("tbody", {})
        table = h("table", {"class_": "ls-table", "id": "landscape-batch-table"},
                  h("caption", {}, "Steps and epochs"),
                  h("thead", {}, h("tr", {}, *[h("th", {"scope": "col"}, t) for t in
                                               ("Gradient from", "Steps per epoch", "Epochs", "Steps", "w", "b", "Loss")])),
                  self.tbody)
        self.cells = []
        for _ in range(3):
            cells = [h("td", {}) for _ in range(6)]
            name = h("th", {"scope": "row"})
            self.tbody.append(h("tr", {}, name, *cells))
            self.cells.append((name, cells))
        self.chart = LineChart("landscape-batch-loss", "Full-data loss after every step", "Epoch", "Loss",
                               series=[("Full batch", "slot-0"), ("Mini-batch", "slot-4"), ("Stochastic", "slot-5")],
                               scope=sc, height=220, empty_text="Run an epoch to see the loss")
        sc.adopt(self.chart)
        self.summary = h("p", {"class_": "ls-help", "id": "landscape-batch-summary", "aria_live": "polite"})
        legend = h("div", {"class_": "legend ls-legend"},
                   *[h("span", {"class_": "legend-item"}, swatch(s), label) for s, label in
                     zip(SLOTS, ("full batch (300 points)", "mini-batch", "stochastic (1 point)"), strict=True)],
                   h("span", {"class_": "legend-item"}, h("span", {"class_": "ls-best-key", "aria_hidden": "true"}),
                     "least-squares fit"))
        controls = h("div", {"class_": "panel ls-panel ls-batch-controls", "data_group": "batch",
                             "aria_label": "Batch size and its learning rate"},
                     *rows, h("div", {"class_": "btn-row"}, self.epoch_btn, self.ten_btn, self.reset_btn), self.summary)
        fig = h("figure", {"class_": "panel ls-fig"},
                h("figcaption", {"class_": "ls-fig-title"},
                  "ŷ = w·x + b on 300 points: L(w, b) = mean of (w·x + b − y)² over all of them"),
                self.map.element, legend)
        self.element = h("section", {"class_": "ls-batch", "id": "landscape-batches", "aria_labelledby": "landscape-batch-title"},
                         h("h3", {"id": "landscape-batch-title", "class_": "ls-section-title"},
                           "Batch, mini-batch, stochastic"),
                         h("p", {"class_": "ls-intro"},
                           "All three take gradient-descent steps with the same learning rate on the same 300 points. "
                           "They differ in how many points each step's gradient averages: all of them, a mini-batch, "
                           "or one. An epoch is one pass through the data: one step for the full batch, "
                           "300 ÷ batch size steps for the others."),
                         h("div", {"class_": "ls-batch-layout"}, controls, fig),
                         h("div", {"class_": "ls-batch-below"},
                           scroll_box("Table: steps and epochs", table, css_class="ls-table-wrap"), self.chart.element))

    def _hover(self, w: float, b: float) -> str:
        return f"w {num(w)}, b {num(b)}: full-data loss {num(float(BatchRace.loss(w, b)))}"

    def show_surface(self) -> None:
        grid = HeatGrid.sample(BatchRace.loss, batches.X_RANGE, batches.Y_RANGE, (GRID, GRID))
        norm = Norm(grid.min, grid.max, log=True)
        self.map.show_surface(grid, norm, "weight w", "bias b", nice_levels(grid.min, grid.max, 6, log=True),
                              minima=(BatchRace.best(),), title="Full-data loss")

    def show_state(self, state) -> None:
        focused = self.chapter.focused()
        for name, box in self.inputs.items():
            if box.field != focused:
                box.show(getattr(state, name))

    def draw(self, run: BatchRace) -> None:
        for slot, r in zip(SLOTS, run.runners, strict=True):
            self.map.show_path(slot, r.xs, r.ys)
        self.chart.clear()
        if run.epochs_done:
            for (name, _), r in zip(self.chart.buffers.items(), run.runners, strict=True):
                self.chart.set(name, np.array(r.epochs), np.array(r.losses))
        self.chart.render()
        for (head, cells), r in zip(self.cells, run.runners, strict=True):
            head.textContent = r.name
            values = (str(run.steps_per_epoch(r)), str(r.done), f"{r.steps:,}", num(r.xs[-1]), num(r.ys[-1]),
                      num(r.losses[-1]))
            for cell, text in zip(cells, values, strict=True):
                cell.textContent = text
        done = run.epochs_done
        self.epoch_btn.disabled = self.ten_btn.disabled = done >= batches.MAX_EPOCHS
        mini, sto = run.runners[1], run.runners[2]
        if done == 0:
            self.summary.textContent = "Press “Run 1 epoch”: each path then shows every step of one pass."
        else:
            wobble = _wobble(sto)
            self.summary.textContent = (
                f"After {done} epoch{'s' if done != 1 else ''}: the full batch took {run.runners[0].steps} "
                f"step{'s' if run.runners[0].steps != 1 else ''}, the mini-batches {mini.steps:,}, the single points "
                f"{sto.steps:,}. A small-batch step is cheap but noisy: during the last epoch the stochastic path's "
                f"loss still jumped within a range of {num(wobble)}, so it never settles exactly at the minimum "
                "unless the learning rate shrinks.")
        self.map.idle_text = "Point at the map to read the full-data loss."
        if not self.map.busy:
            self.map.say(self.map.idle_text)


def _wobble(r) -> float:
    k = min(len(r.losses) - 1, math.ceil(300 / max(1, r.batch)))
    last = np.array(r.losses[-k:])
    return float(last.max() - last.min()) if len(last) else 0.0
