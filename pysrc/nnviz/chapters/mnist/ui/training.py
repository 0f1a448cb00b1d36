"""The training panel: settings, Train / Pause / Step / Reset, progress, live numbers and charts.

It shows a :class:`nnviz.chapters.mnist.session.TrainingSession`; the chapter owns the session and
trains it in ``tick``, hands each frame's :class:`~nnviz.kit.runs.RunRecord` and each accuracy
measurement to :meth:`TrainingPanel.record` / :meth:`record_evaluation` (the charts' data), and
draws in ``render`` with :meth:`show_session` (numbers, buttons and, when asked, the charts).
"""

from __future__ import annotations

import math

from nnviz.chapters.mnist.session import Evaluation, TrainingSession
from nnviz.chapters.mnist.state import BATCH_RANGE, DEFAULT_LR, EPOCHS_RANGE, LR_RANGE
from nnviz.dom.chart import LineChart
from nnviz.dom.elements import h
from nnviz.dom.number_input import NumberInput
from nnviz.kit.format import count
from nnviz.kit.numbers import NumberSpec
from nnviz.kit.runs import RunRecord


def _pct(v: float) -> str:
    return f"{100 * v:.1f}%" if math.isfinite(v) else "—"


def _specs() -> dict[str, NumberSpec]:
    """The training settings as the kit's number rules (the same ranges as their URL fields)."""
    return {"lr": NumberSpec("Learning rate", *LR_RANGE, step=0.0001, digits=6),
            "batch": NumberSpec("Batch size", *BATCH_RANGE, step=1, digits=0, integer=True),
            "epochs": NumberSpec("Epochs", *EPOCHS_RANGE, step=1, digits=0, integer=True)}


class TrainingPanel:
    """Controls and read-outs of in-browser training (the chapter wires the buttons)."""

    def __init__(self, scope, state, on_lr, on_batch, on_epochs):
        spec = _specs()
        self.lr = NumberInput(scope, "mnist-lr", spec["lr"], on_lr, variant="field", value=state.lr,
                              help="η, the step size of gradient descent (0.0001–100; try 0.05).")
        self.batch = NumberInput(scope, "mnist-batch", spec["batch"], on_batch, variant="field", value=state.batch,
                                 help="Digits averaged per step (1–512).")
        self.epochs = NumberInput(scope, "mnist-epochs", spec["epochs"], on_epochs, variant="field",
                                  value=state.epochs, help="Passes over the 8,000 training digits per run (1–20).")
        self.train_btn = h("button", {"type": "button", "class_": "btn btn-primary", "id": "mnist-train"}, "Train")
        self.pause_btn = h("button", {"type": "button", "class_": "btn", "id": "mnist-pause", "disabled": True}, "Pause")
        self.step_btn = h("button", {"type": "button", "class_": "btn", "id": "mnist-step"}, "Step")
        self.reset_btn = h("button", {"type": "button", "class_": "btn", "id": "mnist-reset"}, "Reset weights")
        self.random_btn = h("button", {"type": "button", "class_": "btn", "id": "mnist-random"}, "Random weights")
        self.progress = h("progress", {"id": "mnist-progress", "max": "1", "value": "0", "aria_label": "Training progress"})
        self.progress_text = h("span", {"class_": "mnist-progress-text", "id": "mnist-progress-text"})
        self.iteration = h("output", {"id": "mnist-iteration", "class_": "big-number"}, "0")
        self.cost = h("output", {"id": "mnist-cost"}, "—")
        self.gnorm = h("output", {"id": "mnist-gnorm"}, "—")
        self.train_acc = h("output", {"id": "mnist-train-acc"}, "—")
        self.test_acc = h("output", {"id": "mnist-test-acc"}, "—")
        self.status = h("p", {"class_": "mnist-train-status", "id": "mnist-train-status", "role": "status"},
                        "Ready to train. Training starts from the current weights.")
        self.undo_btn = h("button", {"type": "button", "class_": "btn btn-primary", "id": "mnist-undo"},
                          f"Undo: restore the weights from before this run, learning rate back to {DEFAULT_LR:g}")
        self.alert_text = h("p", {"id": "mnist-alert-text"})
        self.alert = h("div", {"class_": "mnist-alert", "role": "alert", "hidden": True}, self.alert_text, self.undo_btn)
        self.cost_chart = LineChart("mnist-cost-chart", "Cost (cross-entropy) per iteration", "Iteration", "Cost",
                                    [("cost", "series-cost")], scope=scope, width=400, height=220, include_zero=True,
                                    empty_text="Train to see the cost")
        self.gnorm_chart = LineChart("mnist-gnorm-chart", "Gradient norm ‖∂C/∂θ‖", "Iteration", "Norm",
                                     [("gradient norm", "series-gnorm")], scope=scope, width=400, height=220,
                                     include_zero=True, empty_text="Train to see the gradient norm")
        self.acc_chart = LineChart("mnist-acc-chart", "Accuracy", "Iteration", "Accuracy (%)",
                                   [("train (500 digits)", "series-train"), ("test (2,000 digits)", "series-test")],
                                   scope=scope, width=400, height=220, empty_text="No measurement yet",
                                   y_format=lambda v: f"{v:.1f}%")
        self._last: tuple[float | None, float | None] = (None, None)  # cost and gradient norm of the last step
        self._accuracy = (math.nan, math.nan)  # train, test of the last measurement
        self.element = h(
            "section", {"class_": "panel mnist-train", "aria_labelledby": "mnist-train-title", "data_group": "train"},
            h("h3", {"id": "mnist-train-title"}, "Train it yourself"),
            h("div", {"class_": "mnist-train-grid"},
              h("div", {"class_": "mnist-train-controls"},
                h("div", {"class_": "mnist-fields"}, self.lr.element, self.batch.element, self.epochs.element),
                h("div", {"class_": "btn-row"}, self.train_btn, self.pause_btn, self.step_btn),
                h("div", {"class_": "btn-row"}, self.reset_btn, self.random_btn),
                h("div", {"class_": "mnist-progress-row"}, self.progress, self.progress_text),
                self.status, self.alert),
              h("dl", {"class_": "mnist-live"},
                h("div", {}, h("dt", {}, "Iteration"), h("dd", {}, self.iteration)),
                h("div", {}, h("dt", {}, "Cost"), h("dd", {}, self.cost)),
                h("div", {}, h("dt", {}, "Gradient norm"), h("dd", {}, self.gnorm)),
                h("div", {}, h("dt", {}, "Train accuracy"), h("dd", {}, self.train_acc)),
                h("div", {}, h("dt", {}, "Test accuracy"), h("dd", {}, self.test_acc)))),
            h("div", {"class_": "mnist-charts"}, self.cost_chart.element, self.gnorm_chart.element,
              self.acc_chart.element),
        )
        scope.adopt(self)

    # ----- read-outs ----------------------------------------------------------------------------

    def record(self, run: RunRecord) -> None:
        """Add a run's steps to the cost and gradient-norm charts (drawn by show_session)."""
        if run.steps:
            self.cost_chart.extend("cost", run.iterations, run.losses)
            self.gnorm_chart.extend("gradient norm", run.iterations, run.series["grad_norm"])
            self._last = (float(run.losses[-1]), float(run.series["grad_norm"][-1]))

    def record_evaluation(self, ev: Evaluation) -> None:
        """Add an accuracy measurement to the accuracy chart (drawn by show_session)."""
        self.acc_chart.append("train (500 digits)", ev.iteration, 100 * ev.train_accuracy)
        self.acc_chart.append("test (2,000 digits)", ev.iteration, 100 * ev.test_accuracy)
        self._accuracy = (ev.train_accuracy, ev.test_accuracy)

    def show_session(self, session: TrainingSession, charts: bool = True) -> None:
        """Bring the counters, the progress bar, the buttons and (if ``charts``) the charts up to date."""
        cost, gnorm = self._last
        self.cost.textContent = "—" if cost is None else f"{cost:.4f}"
        self.gnorm.textContent = "—" if gnorm is None else f"{gnorm:.4f}"
        self.train_acc.textContent = _pct(self._accuracy[0])
        self.test_acc.textContent = _pct(self._accuracy[1])
        self.iteration.textContent = count(session.iteration)
        self.progress.value = f"{session.progress:.4f}"
        self.progress_text.textContent = (
            f"{100 * session.progress:.0f}% — epoch {session.epoch:.2f} of {session.epochs}"
        )
        running = session.run_active
        self.train_btn.disabled = running
        self.pause_btn.disabled = not running
        self.step_btn.disabled = running
        if charts:
            for chart in (self.cost_chart, self.gnorm_chart, self.acc_chart):
                chart.render()

    def set_status(self, text: str) -> None:
        self.status.textContent = text

    def show_divergence(self, text: str | None) -> None:
        """Show (or with None hide) the divergence alert and its Undo button."""
        if text is None:
            self.alert.hidden = True
            self.alert_text.textContent = ""
            return
        self.alert_text.textContent = text
        self.alert.hidden = False

    def clear_history(self) -> None:
        for chart in (self.cost_chart, self.gnorm_chart, self.acc_chart):
            chart.clear()
        self._last = (None, None)

    def destroy(self) -> None:
        for chart in (self.cost_chart, self.gnorm_chart, self.acc_chart):
            chart.destroy()
