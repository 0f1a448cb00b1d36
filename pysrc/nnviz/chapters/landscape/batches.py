"""Full-batch, mini-batch and stochastic gradient descent on one regression set, epoch by epoch.

    run = BatchRace.build(batch=16, lr=0.05)   # three runners on data.regression_set() (300 points)
    run.epoch()                                # one pass over the data for each runner
    run.runners[1].steps                       # 19: ⌈300 / 16⌉ mini-batch steps per epoch
    run.runners[2].xs, .ys                     # every step's (w, b); batch 1 takes 300 per epoch
    run.loss(W, B)                             # the full-data mean squared error (the map)

The model is ŷ = w·x + b and the loss the mean squared error. Each runner follows plain
gradient descent with the same learning rate; they differ only in how many points each step
averages its gradient over: all 300 (full batch: one step per epoch), ``batch`` of them
(mini-batch) or one (stochastic). Every epoch visits the points in a new seeded order, so a
run is reproducible. The last batch of an epoch may be smaller (300 is not always a multiple).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from nnviz.chapters.landscape import data

START = (-1.5, 3.0)
X_RANGE, Y_RANGE = (-2.0, 4.0), (-2.5, 3.5)
MAX_EPOCHS = 50
SEED = 41


@lru_cache(maxsize=1)
def _moments() -> tuple[float, float, float, float, float]:
    """Means of x, y, x², x·y, y² over the data: the loss is a quadratic in (w, b) with these."""
    pts = data.regression_set()
    x, y = pts.x, pts.y
    return tuple(float(v) for v in (x.mean(), y.mean(), (x * x).mean(), (x * y).mean(), (y * y).mean()))


@dataclass
class BatchRunner:
    """One way of batching: its batch size, path and counters."""

    name: str
    batch: int
    slot: int
    xs: list[float] = field(default_factory=list)
    ys: list[float] = field(default_factory=list)
    epochs: list[float] = field(default_factory=list)  # the epoch (fractional) after each step
    losses: list[float] = field(default_factory=list)  # full-data loss after each step
    steps: int = 0
    done: int = 0  # epochs completed
    rng: np.random.Generator | None = None


@dataclass
class BatchRace:
    """Three runners on the same data, same start and same learning rate."""

    lr: float
    runners: list[BatchRunner]

    @classmethod
    def build(cls, batch: int, lr: float) -> BatchRace:
        pts = data.regression_set()
        n = len(pts.x)
        run = cls(lr, [BatchRunner(f"Full batch ({n})", n, 0), BatchRunner(f"Mini-batch ({batch})", batch, 1),
                       BatchRunner("Stochastic (1)", 1, 2)])
        loss0 = run.loss(*START)
        for k, r in enumerate(run.runners):
            r.xs, r.ys, r.epochs, r.losses = [START[0]], [START[1]], [0.0], [float(loss0)]
            r.rng = np.random.default_rng([SEED, k])
        return run

    @staticmethod
    def loss(w, b):
        """Mean squared error over all points at (w, b); arrays of one shape give an array."""
        sx, sy, sxx, sxy, syy = _moments()
        w, b = np.asarray(w, dtype=np.float64), np.asarray(b, dtype=np.float64)
        return w * w * sxx + 2 * w * b * sx + b * b - 2 * w * sxy - 2 * b * sy + syy

    @staticmethod
    def best() -> tuple[float, float]:
        """The least-squares (w, b)."""
        pts = data.regression_set()
        (w, b), *_ = np.linalg.lstsq(np.column_stack([pts.x, np.ones_like(pts.x)]), pts.y, rcond=None)
        return float(w), float(b)

    @property
    def epochs_done(self) -> int:
        return self.runners[0].done

    def steps_per_epoch(self, r: BatchRunner) -> int:
        return math.ceil(len(data.regression_set().x) / r.batch)

    def epoch(self) -> None:
        """One pass over the data, in a fresh seeded order, for every runner."""
        pts = data.regression_set()
        n = len(pts.x)
        for r in self.runners:
            if r.done >= MAX_EPOCHS:
                continue
            order = r.rng.permutation(n)
            w, b = r.xs[-1], r.ys[-1]
            k = self.steps_per_epoch(r)
            for i in range(k):
                idx = order[i * r.batch:(i + 1) * r.batch]
                res = w * pts.x[idx] + b - pts.y[idx]
                gw, gb = 2 * float(np.mean(res * pts.x[idx])), 2 * float(np.mean(res))
                w, b = w - self.lr * gw, b - self.lr * gb
                r.xs.append(w)
                r.ys.append(b)
                r.epochs.append(r.done + (i + 1) / k)
            # the full-data loss of every step of this epoch, in one vectorised call
            r.losses.extend(self.loss(np.array(r.xs[-k:]), np.array(r.ys[-k:])).tolist())
            r.steps += k
            r.done += 1
