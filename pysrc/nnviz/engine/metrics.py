"""What training reports: per-step and per-run records, accuracy, confusion matrix, dead ReLUs.

Training functions return these values for charts to plot; nothing here prints.

Left out on purpose: precision/recall/F1, ROC curves, validation splitting (chapters own their data).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np


@dataclass(slots=True)
class StepMetrics:
    """Report one update: the loss before it, per-layer gradient norms, and divergence.

    grad_norms[l] = √(‖∂L/∂W_l‖² + ‖∂L/∂b_l‖²), one per weight layer ([2, 3, 1] -> 2 norms).
    When ``diverged`` is True no parameter or optimiser state changed, and ``reason`` says why.
    """

    loss: float
    grad_norms: list[float]
    lr: float
    step: int
    diverged: bool = False
    reason: str = ""


@dataclass(slots=True)
class TrainMetrics:
    """Report a run of steps (Trainer.run): every successful step's loss, and divergence.

    steps = len(losses); epoch = epochs completed when the run ended; grad_norms and lr are the
    last successful step's; diverged/reason as in StepMetrics (the run stops at that step).
    """

    losses: list[float] = field(default_factory=list)
    steps: int = 0
    epoch: int = 0
    grad_norms: list[float] = field(default_factory=list)
    lr: float = math.nan
    diverged: bool = False
    reason: str = ""

    @property
    def loss(self) -> float:
        """Return the mean loss over the run's successful steps (nan if none)."""
        return sum(self.losses) / len(self.losses) if self.losses else math.nan


def predicted_labels(outputs, threshold: float = 0.5) -> np.ndarray:
    """Turn outputs into class labels: (N, K) -> argmax per row; (N, 1) -> 1 where > threshold."""
    outputs = np.asarray(outputs)
    if outputs.ndim == 2 and outputs.shape[1] > 1:
        return np.argmax(outputs, axis=1)
    return (outputs.reshape(-1) > threshold).astype(np.int64)


def true_labels(targets) -> np.ndarray:
    """Turn targets into class labels: one-hot (N, K) -> argmax; (N, 1) or (N,) 0/1 -> as ints."""
    targets = np.asarray(targets)
    if targets.ndim == 2 and targets.shape[1] > 1:
        return np.argmax(targets, axis=1)
    return np.rint(targets.reshape(-1)).astype(np.int64)


def accuracy(outputs, targets, threshold: float = 0.5) -> float:
    """Return the fraction of rows whose predicted class matches the target class (0.0 to 1.0)."""
    pred, true = predicted_labels(outputs, threshold), true_labels(targets)
    return float(np.mean(pred == true)) if len(true) else math.nan


def confusion_matrix(predicted, actual, n_classes: int) -> np.ndarray:
    """Count (actual, predicted) label pairs: a (n_classes, n_classes) int array, rows = actual."""
    predicted = np.asarray(predicted, dtype=np.int64).reshape(-1)
    actual = np.asarray(actual, dtype=np.int64).reshape(-1)
    counts = np.bincount(actual * n_classes + predicted, minlength=n_classes * n_classes)
    return counts.reshape(n_classes, n_classes)


def dead_fraction(activations) -> float:
    """Return the fraction of units (columns) that output ≤ 0 for every row, for (N, units)."""
    a = np.asarray(activations)
    return float(np.mean(np.all(a <= 0, axis=0)))


def dead_relu_fraction(net, X) -> list[float]:
    """Return, per hidden layer, the fraction of ReLU units that output 0 on every sample of X.

    Such a unit gets zero gradient from every sample and cannot recover ("dying ReLU"). Layers
    whose activation is not relu report 0.0; [2, 8, 8, 1] -> two fractions.
    """
    trace = net.trace(X)
    return [
        dead_fraction(a) if act.name == "relu" else 0.0
        for act, a in zip(net.activations[:-1], trace.activations[1:-1], strict=True)
    ]
