"""Kept runs: a finished (or diverged) run's curves and settings, to overlay on a new run's.

    kept = KeptRun.of(state, run, grad_first, grad_last)   # grad_*: (iterations, norms) arrays
    kept.label       # "sigmoid, small init, 8 × 16, lr 0.5"
    kept.outcome     # "validation accuracy 52 % after 60 epochs" or "diverged at iteration 6: …"
    kept.curves()    # what dom.monitor.TrainingMonitor.overlay takes

Pure Python and numpy: unit-tested in CPython.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MAX_KEPT = 3


def describe(state) -> str:
    """The settings a kept run is told apart by: "relu, he init, 8 × 16, lr 0.5, clip 1, L2 0.01"."""
    parts = [state.act, f"{state.init} init", f"{state.depth} × {state.width}", f"lr {state.lr:g}"]
    if state.clip > 0:
        parts.append(f"clip {state.clip:g}")
    if state.l2 > 0:
        parts.append(f"L2 {state.l2:g}")
    if state.dropout > 0:
        parts.append(f"dropout {state.dropout:g}")
    if state.early == "on":
        parts.append("early stopping")
    parts.append(f"{state.data} examples")
    return ", ".join(parts)


@dataclass(frozen=True)
class KeptRun:
    label: str
    outcome: str
    epochs: np.ndarray
    val_loss: np.ndarray
    grad_first: tuple[np.ndarray, np.ndarray]
    grad_last: tuple[np.ndarray, np.ndarray]
    diverged_at: int | None

    @classmethod
    def of(cls, state, run, grad_first, grad_last) -> KeptRun:
        log = run.log
        if run.diverged:
            outcome = f"diverged: {run.diverged}"
        elif len(log):
            outcome = (f"after {log.epoch[-1]} epochs: training accuracy {100 * log.train_acc[-1]:.0f} %, "
                       f"validation accuracy {100 * log.val_acc[-1]:.0f} %")
        else:
            outcome = "not trained"
        return cls(describe(state), outcome, np.asarray(log.epoch, dtype=float), np.asarray(log.val_loss, dtype=float),
                   tuple(np.array(a) for a in grad_first), tuple(np.array(a) for a in grad_last),
                   run.diverged_at if run.diverged else None)

    def curves(self) -> dict:
        return {"epochs": self.epochs, "val_loss": self.val_loss, "grad_first": self.grad_first,
                "grad_last": self.grad_last}
