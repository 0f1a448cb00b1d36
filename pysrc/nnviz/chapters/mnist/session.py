"""Training the digits network in the browser: small chunks of SGD steps, one per animation frame.

    session = TrainingSession(net, digits, lr=0.05, batch_size=32, epochs=1)
    run = session.run_for(0.012)            # a kit.runs.RunRecord: the steps that fit in 12 ms
    run.iterations, run.losses, run.series["grad_norm"]  # one entry per step, for the charts
    if session.wants_evaluation():          # every EVAL_EVERY training digits
        ev = session.evaluate_for(0.012)    # accuracy in slices; None until finished
    session.progress                        # 0.0 … 1.0 of the run (epochs × 8,000 digits)

A run lasts ``epochs`` passes over the 8,000 training digits. Every step is plain SGD,
W ← W − η ∂C/∂W, on a shuffled mini-batch (the engine's Trainer). A step whose numbers would
become NaN or infinite is refused by the engine (nothing changes) and ends the run with a reason;
so does a cost that explodes while staying finite (above EXPLODED_COST, far worse than the
ln 10 ≈ 2.30 of a uniform guess), which is how too large a learning rate usually shows first.

Accuracy is measured on a fixed sample of 500 training digits and on all 2,000 test digits,
forward passes only, in slices that fit a frame's budget, while training waits.

The session is a :class:`nnviz.kit.runs.Trainable` (``run(budget_s, max_steps)``, ``reset(seed)``,
``parameters()``, ``snapshot()`` / ``restore(snap)``), so monitors, export and comparison treat
it as they treat every other model::

    snap = session.snapshot()               # weights, counters, the shuffled pass, the optimiser
    session.run(0.5, 100); session.restore(snap)
    session.run(0.5, 100)                   # the same 100 steps again, bit for bit

Left out on purpose: momentum and Adam (the chapter's formulas are plain gradient descent),
learning-rate schedules, and anything that touches the DOM.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from nnviz.chapters.mnist.model import Digits, one_hot
from nnviz.engine import SGD, Network, Trainer
from nnviz.kit.runs import RunRecord

EXPLODED_COST = 50.0
EVAL_EVERY = 3200  # training digits between two accuracy measurements
TRAIN_SAMPLE = 500  # training digits whose accuracy is tracked
EVAL_SLICE = 100  # digits per forward pass while evaluating (~10 ms in the browser)


class _Steps:
    """What the steps of one run_for call did, gathered into a RunRecord at the end."""

    def __init__(self):
        self.losses: list[float] = []
        self.grad_norms: list[float] = []
        self.diverged = False
        self.reason = ""
        self.finished = False

    @property
    def steps(self) -> int:
        return len(self.losses)


@dataclass(frozen=True)
class Evaluation:
    """Accuracy of the weights as they were at ``iteration``."""

    iteration: int
    train_accuracy: float
    test_accuracy: float


class TrainingSession:
    """One network trained on the digits, across runs: iteration count, run progress, accuracy."""

    def __init__(self, net: Network, digits: Digits, lr: float = 0.05, batch_size: int = 32,
                 epochs: int = 1, seed: int = 0, clock: Callable[[], float] = time.perf_counter):
        self.net = net
        self.digits = digits
        self.clock = clock
        self.seed = seed
        self.optimizer = SGD(lr=lr)
        self._targets = one_hot(digits.y_train)
        pick = np.random.default_rng([seed, 3]).choice(len(digits.train), min(TRAIN_SAMPLE, len(digits.train)),
                                                       replace=False)
        self._train_x = digits.train[np.sort(pick)]
        self._train_y = digits.y_train[np.sort(pick)]
        self.iteration = 0
        self.batch_size = int(batch_size)
        self.epochs = int(epochs)
        self._trainer: Trainer | None = None
        self._run_seen = 0  # training digits seen in the current run
        self._since_eval = 0
        self._eval: _PendingEvaluation | None = None
        self.run_active = False
        self.last_evaluation: Evaluation | None = None

    # ----- settings ----------------------------------------------------------------------------

    @property
    def lr(self) -> float:
        return self.optimizer.lr0

    def set_lr(self, lr: float) -> None:
        """Change the learning rate η; takes effect at the next step, even mid-run."""
        if not lr > 0 or not math.isfinite(lr):
            raise ValueError(f"learning rate must be a positive number, got {lr}")
        self.optimizer.lr0 = float(lr)

    def set_batch_size(self, batch_size: int) -> None:
        """Change the mini-batch size; the next step starts a freshly shuffled pass."""
        if int(batch_size) != self.batch_size:
            self.batch_size = int(batch_size)
            self._trainer = None

    def set_epochs(self, epochs: int) -> None:
        """Change the length of the current (or next) run, in passes over the training digits."""
        self.epochs = max(1, int(epochs))

    # ----- runs --------------------------------------------------------------------------------

    @property
    def run_length(self) -> int:
        """Training digits in one run: epochs × 8,000."""
        return self.epochs * len(self.digits.train)

    @property
    def progress(self) -> float:
        """Fraction of the current run done, 0.0 … 1.0."""
        return min(1.0, self._run_seen / self.run_length)

    @property
    def epoch(self) -> float:
        """Passes over the training digits in the current run (fractional)."""
        return self._run_seen / len(self.digits.train)

    def start_run(self) -> None:
        """Continue the current run (after a pause), or begin a new one if it was finished."""
        if self._run_seen >= self.run_length:
            self._run_seen = 0
        self.run_active = True

    def run_for(self, budget_s: float, max_steps: int = 10_000) -> RunRecord:
        """Take SGD steps until ``budget_s`` seconds have passed (at least one step, while a run
        is active); return what they did (series ``grad_norm``: ‖∂C/∂θ‖ per step)."""
        chunk = _Steps()
        start = self.clock()
        if not self.run_active:
            return self._record(chunk, start)
        deadline = start + budget_s
        while chunk.steps < max_steps:
            self._step_into(chunk)
            now = self.clock()
            # Stop when the next step (as long as the average one so far) would overrun the budget.
            if chunk.diverged or chunk.finished or now + (now - start) / max(chunk.steps, 1) > deadline:
                break
        return self._record(chunk, start)

    def step_once(self) -> RunRecord:
        """Take exactly one SGD step (the "Step" button); it counts towards the current run."""
        if self._run_seen >= self.run_length:
            self._run_seen = 0
        chunk = _Steps()
        start = self.clock()
        self._step_into(chunk)
        return self._record(chunk, start)

    def _record(self, chunk: _Steps, start: float) -> RunRecord:
        return RunRecord.of_steps(self.iteration - chunk.steps + 1, chunk.losses,
                                  series={"grad_norm": chunk.grad_norms}, epochs=self.epoch,
                                  diverged=chunk.diverged, reason=chunk.reason, finished=chunk.finished,
                                  elapsed_s=max(0.0, self.clock() - start))

    def _step_into(self, chunk: _Steps) -> None:
        if self._trainer is None:
            self._trainer = Trainer(self.net, self.optimizer, self.digits.train, self._targets,
                                    batch_size=self.batch_size, seed=self.seed * 7919 + self.iteration)
        size = min(self._trainer.batch_size, len(self.digits.train) - self._trainer.position)
        m = self._trainer.step()
        if m.diverged:
            chunk.diverged, chunk.reason = True, m.reason
            self.run_active = False
            return
        self.iteration += 1
        self._run_seen += size
        self._since_eval += size
        chunk.losses.append(m.loss)
        chunk.grad_norms.append(math.sqrt(sum(g * g for g in m.grad_norms)))
        if m.loss > EXPLODED_COST:
            chunk.diverged = True
            chunk.reason = (f"the cost jumped to {m.loss:,.1f} (a uniform guess over ten digits costs "
                            f"ln 10 ≈ 2.30)")
            self.run_active = False
            return
        if self._run_seen >= self.run_length:
            chunk.finished = True
            self.run_active = False

    # ----- the Trainable protocol (nnviz.kit.runs) -------------------------------------------

    def run(self, budget_s: float, max_steps: int) -> RunRecord:
        """Steps that fit in ``budget_s`` (at most ``max_steps``), in the current run or a new one.

        Unlike :meth:`run_for` it does not wait for Train: the steps count towards the run, and
        whether the chapter's run is going (``run_active``) is left as it was.
        """
        was = self.run_active
        if max_steps <= 0:
            return self._record(_Steps(), self.clock())
        self.start_run()
        record = self.run_for(budget_s, max_steps)
        self.run_active = was and self.run_active
        return record

    def reset(self, seed: int) -> None:
        """Fresh weights drawn from ``seed`` (the network's own initialiser); every count back to 0."""
        self.net.reset(seed)
        self.reset_counters()

    def parameters(self) -> list[np.ndarray]:
        """The live arrays [W0 (784, 128), b0 (128,), W1, b1, …] of the network."""
        return self.net.parameters()

    def snapshot(self) -> Any:
        """An independent copy of everything training changes (weights, counts, the pass, η's clock)."""
        tr = self._trainer
        trainer = None if tr is None else (tr.batch_size, tr.seed, tr.save())
        return (tuple(p.copy() for p in self.parameters()), self.iteration, self._run_seen, self._since_eval,
                self.optimizer.t, self.run_active, trainer)

    def restore(self, snap: Any) -> None:
        """Go back to ``snap``: the next run repeats the one that followed it."""
        params, self.iteration, self._run_seen, self._since_eval, self.optimizer.t, self.run_active, trainer = snap
        for p, old in zip(self.parameters(), params, strict=True):
            np.copyto(p, old)
        self.net.parameters_changed()
        self._eval = None
        if trainer is None:
            self._trainer = None
            return
        size, seed, saved = trainer
        self._trainer = Trainer(self.net, self.optimizer, self.digits.train, self._targets, batch_size=size, seed=seed)
        self._trainer.load(saved)

    def stop(self) -> None:
        """Pause the run (it resumes from here with start_run)."""
        self.run_active = False

    def reset_counters(self) -> None:
        """Forget iterations and the run (after the weights were reset); keep the settings."""
        self.iteration = 0
        self._run_seen = 0
        self._since_eval = 0
        self._trainer = None
        self._eval = None
        self.run_active = False
        self.optimizer.reset()
        self.last_evaluation = None

    # ----- accuracy ----------------------------------------------------------------------------

    def wants_evaluation(self) -> bool:
        """True when an evaluation is under way or EVAL_EVERY digits were trained since the last."""
        return self._eval is not None or self._since_eval >= EVAL_EVERY

    def evaluate_for(self, budget_s: float) -> Evaluation | None:
        """Advance the accuracy measurement by slices within ``budget_s``; return it when done."""
        if self._eval is None:
            self._eval = _PendingEvaluation(self.iteration, [(self._train_x, self._train_y), (self.digits.test, self.digits.y_test)])
        start = self.clock()
        deadline, slices = start + budget_s, 0
        while not self._eval.done:
            self._eval.advance(self.net)
            slices += 1
            now = self.clock()
            if now + (now - start) / slices > deadline:
                break
        if not self._eval.done:
            return None
        result = Evaluation(self._eval.iteration, *self._eval.accuracies())
        self._eval = None
        self._since_eval = 0
        self.last_evaluation = result
        return result

    def evaluate_now(self) -> Evaluation:
        """Measure both accuracies at once (after loading or resetting weights)."""
        self._eval = None
        return self.evaluate_for(math.inf)  # type: ignore[return-value]


class _PendingEvaluation:
    """Count correct predictions over several (x, y) sets, EVAL_SLICE digits at a time."""

    def __init__(self, iteration: int, sets):
        self.iteration = iteration
        self.sets = sets
        self.hits = [0] * len(sets)
        self.set_index = 0
        self.position = 0

    @property
    def done(self) -> bool:
        return self.set_index >= len(self.sets)

    def advance(self, net: Network) -> None:
        x, y = self.sets[self.set_index]
        j = min(self.position + EVAL_SLICE, len(x))
        guess = np.argmax(net.forward(x[self.position : j]), axis=1)
        self.hits[self.set_index] += int(np.count_nonzero(guess == y[self.position : j]))
        self.position = j
        if j >= len(x):
            self.set_index += 1
            self.position = 0

    def accuracies(self) -> tuple[float, ...]:
        return tuple(h / len(x) for h, (x, _) in zip(self.hits, self.sets, strict=True))
