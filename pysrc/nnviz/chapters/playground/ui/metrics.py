"""The metrics panel: losses, accuracy and confusion matrix (or RMSE and R²), the loss chart with
kept runs overlaid.

    m = Metrics(chapter)
    m.update(model)           # every render; writes only what changed
    m.keep(label, model)      # "Keep this run": its test-loss curve stays on the chart

The panel carries ``data-epoch``, ``data-train-loss``, ``data-test-loss`` and (classification)
``data-test-accuracy`` as plain numbers, for tests and tools.
"""

from __future__ import annotations

import math

import numpy as np

from nnviz.dom.chart import LineChart
from nnviz.dom.elements import clear, h
from nnviz.dom.writer import Writer

SLOTS = ("kept A", "kept B", "kept C")


def _num(x: float, digits: int = 3) -> str:
    return "–" if not math.isfinite(x) else f"{x:.{digits}f}"


class Metrics:
    def __init__(self, ch):
        self.ch = ch
        self.w = Writer()
        self.train = h("output", {"id": "playground-train-loss"})
        self.test = h("output", {"id": "playground-test-loss"})
        self.extra = h("output", {"id": "playground-score"})
        self.extra_label = h("span", {}, "Test accuracy")
        self.confusion = h("div", {"class_": "pg-confusion"})
        series = [("training loss", "pg-s-train"), ("test loss", "pg-s-test")] + [(n, f"pg-s-kept{i}")
                                                                                for i, n in enumerate(SLOTS)]
        self.chart = LineChart("playground-loss", "Loss over epochs", "Epoch", "Loss", series, scope=ch.scope,
                               width=420, height=180, include_zero=True, empty_text="Press Play to train")
        self.keep_btn = h("button", {"type": "button", "class_": "btn btn-small"}, "Keep this run")
        self.clear_btn = h("button", {"type": "button", "class_": "btn btn-small"}, "Forget kept runs")
        ch.scope.on(self.keep_btn, "click", lambda _e: ch.keep_run())
        ch.scope.on(self.clear_btn, "click", lambda _e: self.forget())
        self.kept_list = h("ul", {"class_": "pg-kept"})
        self.kept: list[str] = []
        self.element = h(
            "section", {"class_": "panel pg-metrics", "id": "playground-metrics", "aria_label": "Metrics"},
            h("h3", {"class_": "pg-h"}, "Metrics"),
            h("dl", {"class_": "pg-readouts"},
              h("div", {}, h("dt", {}, h("label", {"for": "playground-train-loss"}, "Training loss")), h("dd", {}, self.train)),
              h("div", {}, h("dt", {}, h("label", {"for": "playground-test-loss"}, "Test loss")), h("dd", {}, self.test)),
              h("div", {}, h("dt", {}, h("label", {"for": "playground-score"}, self.extra_label)), h("dd", {}, self.extra))),
            self.confusion, self.chart.element,
            h("div", {"class_": "btn-row", "data_group": "runs"}, self.keep_btn, self.clear_btn), self.kept_list)
        self._conf_key = None
        self._cells: list[list] = []
        self._shown_cm = np.zeros((0, 0), np.int64)

    def reset_chart(self, model) -> None:
        self.chart.set("training loss", model.history_epochs, model.history_train)
        self.chart.set("test loss", model.history_epochs, model.history_test)

    def extend(self, model, n_new: int) -> None:
        if n_new <= 0:
            return
        self.chart.extend("training loss", model.history_epochs[-n_new:], model.history_train[-n_new:])
        self.chart.extend("test loss", model.history_epochs[-n_new:], model.history_test[-n_new:])

    def keep(self, label: str, model) -> None:
        if len(self.kept) >= len(SLOTS):
            self.kept.pop(0)
            for i in range(len(SLOTS) - 1):
                b = self.chart.buffers[SLOTS[i + 1]].points()
                self.chart.set(SLOTS[i], *b)
        slot = SLOTS[len(self.kept)]
        self.kept.append(label)
        self.chart.set(slot, model.history_epochs, model.history_test)
        self._list()

    def forget(self) -> None:
        self.kept = []
        for s in SLOTS:
            self.chart.set(s, [], [])
        self._list()

    def _list(self) -> None:
        clear(self.kept_list)
        for slot, label in zip(SLOTS, self.kept, strict=False):
            self.kept_list.append(h("li", {}, h("strong", {}, f"{slot}: "), label))

    def update(self, model) -> None:
        el, w = self.element, self.w
        w.attr(el, "data-epoch", model.epoch)
        w.attr(el, "data-train-loss", f"{model.train_loss:.6g}")
        w.attr(el, "data-test-loss", f"{model.test_loss:.6g}")
        w.text(self.train, _num(model.train_loss))
        w.text(self.test, _num(model.test_loss))
        d = model.data
        if d.kind == "classification":
            w.attr(el, "data-test-accuracy", f"{model.test_accuracy:.6g}")
            w.text(self.extra_label, "Test accuracy")
            w.text(self.extra, "–" if not math.isfinite(model.test_accuracy) else f"{100 * model.test_accuracy:.1f}%")
            self._confusion(model)
        else:
            if el.hasAttribute("data-test-accuracy"):
                el.removeAttribute("data-test-accuracy")
            w.text(self.extra_label, "Test RMSE, R²")
            w.text(self.extra, f"{_num(model.rmse)}, R² {_num(model.r2)}")
            if self._conf_key is not None:
                clear(self.confusion)
                self._conf_key = None
        self.chart.render()

    def _confusion(self, model) -> None:
        """The table is built when the classes change; while training only its changed counts
        are rewritten (a rebuild per count change was ~40 elements made and dropped)."""
        cm = model.confusion
        if cm is None:
            return
        names = model.data.names or tuple(f"class {k}" for k in range(model.data.classes))
        if names != self._conf_key or cm.shape != self._shown_cm.shape:
            self._conf_key = names
            clear(self.confusion)
            head = h("tr", {}, h("th", {"scope": "col"}, "true ↓ / predicted →"),
                     *[h("th", {"scope": "col"}, n) for n in names])
            self._cells = [[h("td", {"class_": "pg-diag" if i == j else None}, str(int(cm[i, j])))
                            for j in range(len(names))] for i in range(len(names))]
            self._shown_cm = cm.copy()
            rows = [h("tr", {}, h("th", {"scope": "row"}, names[i]), *self._cells[i]) for i in range(len(names))]
            self.confusion.append(h("table", {"class_": "pg-cm"},
                                    h("caption", {}, "Confusion matrix of the test points"), h("thead", {}, head),
                                    h("tbody", {}, *rows)))
            return
        for i, j in zip(*np.nonzero(cm != self._shown_cm), strict=True):
            self._cells[i][j].textContent = str(int(cm[i, j]))
        self._shown_cm = cm.copy()
