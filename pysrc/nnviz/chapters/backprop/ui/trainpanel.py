"""Training on: the loss per iteration (a LineChart), the outputs against their targets, and the
divergence note with its one-click way back."""

from __future__ import annotations

from collections.abc import Callable

from nnviz.chapters.backprop.model import Snapshot
from nnviz.chapters.backprop.text import node, num, sub
from nnviz.dom.chart import LineChart
from nnviz.dom.elements import clear, h
from nnviz.dom.writer import Writer


class TrainPanel:
    def __init__(self, scope, recover: Callable[[float], None]):
        self.chart = scope.adopt(LineChart(
            "backprop-loss-chart", "Loss per iteration", "Iteration", "Loss C", series=[("loss", "series-loss")],
            scope=scope, include_zero=True, height=220, empty_text="Press Update or Run 100 iterations"))
        self.summary = h("p", {"class_": "bp-small", "id": "backprop-train-summary"})
        self.outputs = h("tbody", {})
        table = h("table", {"class_": "bp-table bp-outputs", "id": "backprop-outputs"},
                  h("caption", {}, "Outputs and targets"),
                  h("thead", {}, h("tr", {}, *[h("th", {"scope": "col"}, t)
                                               for t in ("Output", "Now", "Before the run", "Target")])),
                  self.outputs)
        self._recover_lr = 0.05
        self.recover_btn = h("button", {"type": "button", "class_": "btn btn-primary", "id": "backprop-recover"})
        self.trouble_text = h("p", {})
        self.trouble_box = h("div", {"class_": "note bp-trouble", "id": "backprop-trouble", "role": "alert",
                                     "hidden": True}, self.trouble_text, self.recover_btn)
        scope.on(self.recover_btn, "click", lambda _e: recover(self._recover_lr))
        self.element = h("section", {"class_": "panel bp-train", "data_group": "train",
                                     "aria_labelledby": "backprop-train-title"},
                         h("h3", {"class_": "bp-panel-title", "id": "backprop-train-title"}, "Training on"),
                         self.trouble_box, self.chart.element, self.summary, table)
        self.before: list[float] | None = None
        self._n = -1
        self._sent: list[tuple[float, float]] = []  # the points the chart has
        self.out = Writer()  # the summary and the outputs' cells: only a changed text is written

    @property
    def troubled(self) -> bool:
        return not self.trouble_box.hidden

    def trouble(self, text: str, lr: float) -> None:
        self._recover_lr = lr
        self.trouble_text.textContent = text
        self.recover_btn.textContent = f"Go back to the weights before, with η = {num(lr)}"
        self.trouble_box.hidden = False

    def clear_trouble(self) -> None:
        self.trouble_box.hidden = True

    def show(self, snap: Snapshot, points: list[tuple[float, float]], iteration: int) -> None:
        sent = len(self._sent)
        if len(points) >= sent and points[:sent] == self._sent:  # grown: only the new points go
            new = points[sent:]
            if new:
                self.chart.extend("loss", [p[0] for p in new], [p[1] for p in new])
        else:  # cut back (Back one step, a new start): the whole series again
            self.chart.set("loss", [p[0] for p in points], [p[1] for p in points])
        self._sent = list(points)
        self.chart.render()
        if points:
            self.out.text(self.summary, f"{iteration} update{'s' if iteration != 1 else ''} so far; "
                          f"the loss went from {num(points[0][1])} to {num(snap.loss)}.")
        else:
            self.out.text(self.summary, f"No update yet: the loss is {num(snap.loss)}.")
        L = len(snap.sizes) - 1
        n = snap.sizes[L]
        if n != self._n:
            clear(self.outputs)
            self._cells = []
            self.out = Writer()  # new cells: nothing of them is written yet
            for j in range(n):
                cells = [h("td", {}) for _ in range(3)]
                self.outputs.append(h("tr", {}, h("th", {"scope": "row"}, node(L, j)), *cells))
                self._cells.append(cells)
            self._n = n
        for j, cells in enumerate(self._cells):
            before = "" if self.before is None else num(self.before[j])
            for cell, text in zip(cells, (num(float(snap.a[L][j])), before, f"y{sub(j + 1)} = {num(float(snap.y[j]))}"),
                                  strict=True):
                self.out.text(cell, text)
