"""One training run of an experiment: the network, its optimiser, mini-batches, epochs, the checks.

    run = TroubleRun(Setup.of(state), data)    # data: chapters.troubles.data.Data
    rec = run.run(0.006, 10_000)                # as many SGD steps as fit in 6 ms (kit Trainable)
    run.log.val_loss                            # per epoch (epoch 0 = before training)
    run.reading()                               # kit.monitor.Reading on the probe batch
    run.finished, run.diverged                  # "" or the reason in words

Built on :mod:`nnviz.engine`: ``Network`` (hidden activations, L2, dropout, the divergence
guard), ``SGD`` wrapped in ``ClipNorm`` (engine.clipping) when a clipping threshold is set,
the initialisers (``small`` and ``large`` are the engine's N(0, 1) scaled by 0.1 and 1).

An epoch is one pass over the training examples in mini-batches of 32 (shuffled by a seeded
generator); after each, the run measures the loss and accuracy on the training set and the
held-out validation set (dropout off, the data loss without the L2 penalty), and early stopping (when on) looks at the validation
loss. The run stops by itself when it has trained ``epochs`` epochs, when early stopping
sees no better validation loss for ``PATIENCE`` epochs, or when it diverges: the engine's guard
refuses a step that would make a number NaN or infinite, or the training loss exceeds
``BLOWUP`` × its first value (and 20); the run stops there and says why.

Pure numpy: unit-tested in CPython.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from nnviz.engine import SGD, ClipNorm, Network, get_loss
from nnviz.engine.metrics import accuracy
from nnviz.kit import monitor as km
from nnviz.kit.runs import RunRecord

BATCH = 32
PROBE = 32  # examples the monitor measures on (the first of the training set)
PATIENCE = 15  # epochs without a better validation loss before early stopping stops
BLOWUP, BLOWUP_FLOOR = 10.0, 20.0
INIT_SCALES = {"small": 0.1, "large": 1.0}  # on the engine's N(0, 1)


@dataclass(frozen=True)
class Setup:
    """What a run is built from: a state's fields (state.State holds the defaults; build one
    with ``Setup.of(state)``)."""

    depth: int
    width: int
    act: str
    init: str
    lr: float
    clip: float
    l2: float
    dropout: float
    early: bool
    epochs: int
    seed: int

    @classmethod
    def of(cls, state) -> Setup:
        return cls(state.depth, state.width, state.act, state.init, state.lr, state.clip, state.l2,
                   state.dropout, state.early == "on", state.epochs, state.seed)


@dataclass
class EpochLog:
    """Per epoch (epoch 0: before any training): losses and accuracies on both sets."""

    epoch: list[int] = field(default_factory=list)
    iteration: list[int] = field(default_factory=list)
    train_loss: list[float] = field(default_factory=list)
    train_acc: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_acc: list[float] = field(default_factory=list)

    def add(self, epoch, iteration, tl, ta, vl, va) -> None:
        for name, v in zip(("epoch", "iteration", "train_loss", "train_acc", "val_loss", "val_acc"),
                           (epoch, iteration, tl, ta, vl, va), strict=True):
            getattr(self, name).append(v)

    def __len__(self) -> int:
        return len(self.epoch)

    def gap(self) -> float:
        """Training minus validation accuracy at the last epoch (nan before any)."""
        return self.train_acc[-1] - self.val_acc[-1] if self.epoch else math.nan


class EarlyStopping:
    """Track the best validation loss; say "stop" after ``patience`` epochs without a better one.

    es.update(epoch, val_loss) -> "best" | "wait" | "stop"; es.best_epoch, es.best_loss.
    """

    def __init__(self, patience: int = PATIENCE):
        self.patience = int(patience)
        self.best_epoch = -1
        self.best_loss = math.inf

    def update(self, epoch: int, val_loss: float) -> str:
        if math.isfinite(val_loss) and val_loss < self.best_loss:
            self.best_epoch, self.best_loss = int(epoch), float(val_loss)
            return "best"
        return "stop" if epoch - self.best_epoch >= self.patience else "wait"


def build_network(setup: Setup, n_in: int, n_out: int) -> Network:
    """The experiment's network: [n_in, width × depth, n_out], float32, seeded."""
    points = n_out == 1
    engine_init = "normal" if setup.init in INIT_SCALES else setup.init
    net = Network([n_in, *[setup.width] * setup.depth, n_out], hidden=setup.act,
                  output="sigmoid" if points else "softmax", loss="bce" if points else "cross_entropy",
                  init=engine_init, seed=setup.seed, dtype="float32",
                  regularization="l2" if setup.l2 > 0 else None, reg_rate=setup.l2, dropout=setup.dropout)
    scale = INIT_SCALES.get(setup.init, 1.0)
    if scale != 1.0:
        for W in net.weights:
            W *= scale
        net.parameters_changed()
    return net


def distinct_units(net: Network, tol: float = 1e-4) -> list[int]:
    """Per hidden layer, how many units differ in their incoming weights and bias (1: all the same).

    Two units count as the same when every weight differs by at most ``tol`` × the layer's largest
    weight (float32 sums may differ in the last bits even when the maths says equal).
    """
    out = []
    for W, b in zip(net.weights[:-1], net.biases[:-1], strict=True):
        cols = np.vstack([W, b[None, :]]).T.astype(np.float64)  # (units, inputs + 1)
        limit = tol * (float(np.max(np.abs(cols))) or 1.0)
        kinds: list[np.ndarray] = []
        for c in cols:
            if not any(float(np.max(np.abs(c - k))) <= limit for k in kinds):
                kinds.append(c)
        out.append(len(kinds))
    return out


class TroubleRun:
    """A network training on ``data`` under ``setup`` (see the module docstring)."""

    def __init__(self, setup: Setup, data):
        self.data = data
        self.setup = setup
        self.net = build_network(setup, data.inputs, data.outputs)
        self.opt = ClipNorm(SGD(setup.lr), setup.clip)
        self.n = len(data.x_train)
        self.batch = min(BATCH, self.n)
        self.per_epoch = math.ceil(self.n / self.batch)
        self._rng = np.random.default_rng([setup.seed, 2])
        self._order = self._rng.permutation(self.n)
        self.iteration = 0
        self.epoch = 0
        self.log = EpochLog()
        self.early = EarlyStopping()
        self.best_params: list[np.ndarray] | None = None
        self.diverged = ""
        self.diverged_at: int | None = None
        self.finished = ""  # why the run stopped by itself ("" while it may go on)
        self.last_update_norms: list[float] | None = None
        n_probe = min(PROBE, self.n)
        self.x_probe, self.y_probe = data.x_train[:n_probe], data.y_train[:n_probe]
        self._evaluate()

    # ----- settings that apply at once ----------------------------------------------------

    def apply(self, setup: Setup) -> None:
        """Take the learning rate, clipping, L2, dropout, early stopping and epochs of ``setup``."""
        net = self.net
        self.opt.inner.lr0 = float(setup.lr)
        self.opt.max_norm = float(setup.clip)
        net.regularization = "l2" if setup.l2 > 0 else None
        net.reg_rate = float(setup.l2)
        net.dropout = float(setup.dropout)
        self.setup = setup
        if self.finished and self.epoch < setup.epochs and not (setup.early and self.finished.startswith("early")):
            self.finished = ""  # more epochs asked for: it may go on

    # ----- the Trainable protocol ---------------------------------------------------------

    def parameters(self) -> list[np.ndarray]:
        return self.net.parameters()

    def reset(self, seed: int) -> None:
        self.__init__(replace(self.setup, seed=int(seed)), self.data)

    def snapshot(self):
        return [p.copy() for p in self.net.parameters()]

    def restore(self, snap) -> None:
        for p, old in zip(self.net.parameters(), snap, strict=True):
            np.copyto(p, old)
        self.net.parameters_changed()

    @property
    def stopped(self) -> bool:
        return bool(self.diverged or self.finished)

    def run(self, budget_s: float, max_steps: int, clock: Callable[[], float] = time.perf_counter) -> RunRecord:
        """Train for up to ``budget_s`` seconds or ``max_steps`` steps; stop at the checks above."""
        t0 = clock()
        end = t0 + budget_s
        first = self.iteration + 1
        losses, k = [], 0
        with np.errstate(all="ignore"):  # a diverging step overflows: the guard reports it in words
            while k < max_steps and not self.stopped and (k == 0 or clock() < end):
                loss = self._step()
                if loss is None:
                    break
                losses.append(loss)
                k += 1
        return RunRecord.of_steps(first, losses, epochs=self.iteration / self.per_epoch,
                                  diverged=bool(self.diverged), reason=self.diverged,
                                  finished=bool(self.finished), elapsed_s=clock() - t0)

    def _step(self) -> float | None:
        i = self.iteration % self.per_epoch
        idx = self._order[i * self.batch : (i + 1) * self.batch]
        m = self.net.step(self.data.x_train[idx], self.data.y_train[idx], self.opt)
        if m.diverged:
            self._diverge(f"{m.reason} at iteration {self.iteration + 1}")
            return None
        self.iteration += 1
        f = self.opt.last_factor * m.lr
        self.last_update_norms = [f * g for g in m.grad_norms]
        if self.iteration % self.per_epoch == 0:
            self.epoch += 1
            self._order = self._rng.permutation(self.n)
            self._evaluate()
        return m.loss

    def _diverge(self, reason: str) -> None:
        self.diverged = reason
        self.diverged_at = self.iteration

    def _evaluate(self) -> None:
        d = self.data
        with np.errstate(all="ignore"):
            tl, ta = self._loss_and_accuracy(d.x_train, d.y_train)
            vl, va = self._loss_and_accuracy(d.x_val, d.y_val)
        self.log.add(self.epoch, self.iteration, tl, ta, vl, va)
        first = self.log.train_loss[0]
        if self.epoch and not (math.isfinite(tl) and tl <= max(BLOWUP * first, BLOWUP_FLOOR)):
            self._diverge(f"the training loss blew up from {first:.3g} to {tl:.3g} by epoch {self.epoch}")
            return
        if self.early.update(self.epoch, vl) == "best":
            self.best_params = self.snapshot()
        elif self.setup.early and self.early.best_epoch >= 0 and self.epoch - self.early.best_epoch >= PATIENCE:
            self.finished = (f"early stopping: no better validation loss for {PATIENCE} epochs "
                             f"(the best was at epoch {self.early.best_epoch})")
        if not self.finished and self.epoch >= self.setup.epochs:
            self.finished = f"trained {self.epoch} epochs"

    def _loss_and_accuracy(self, X, Y) -> tuple[float, float]:
        """The data loss (without the L2 penalty, so runs with and without L2 compare) and the
        accuracy, from one forward pass (no dropout)."""
        out = self.net.forward(X)
        return float(get_loss(self.net.loss).fn(out, Y)), accuracy(out, Y)

    def restore_best(self) -> bool:
        """Put back the weights of the best validation epoch; False when there are none."""
        if self.best_params is None:
            return False
        self.restore(self.best_params)
        return True

    # ----- reading ------------------------------------------------------------------------

    def reading(self) -> km.Reading:
        """The monitor's measurement now, on the probe batch (update ratios of the last step)."""
        with np.errstate(all="ignore"):
            return km.measure(self.net, self.x_probe, self.y_probe, self.last_update_norms)
