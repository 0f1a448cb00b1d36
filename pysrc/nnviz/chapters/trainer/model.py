"""The model of the "Digit trainer" chapter: a 25 → H → 10 sigmoid network learning ten digits.

    model = DigitModel(hidden=16, lr=1.0, seed=1)
    run = model.train(100)            # 100 SGD iterations, one image each: 0, 1, …, 9, 0, …
    run.losses                        # (100,) each iteration's loss (a kit RunRecord)
    run.series["window_loss"]         # (100,) the loss averaged over the last ten iterations
    model.run(0.004, 10_000)          # as many as fit in 4 ms (the kit's Trainable protocol)
    model.accuracy()                  # 1.0 once all ten images are labelled right
    model.activations(DIGITS[3])      # (hidden (H,), outputs (10,)) for one input

Built on :mod:`nnviz.engine`: the weights live in ``Network([25, H, 10], hidden="sigmoid",
output="sigmoid", loss="sse", init="xavier")``. With one image per step the engine's "sse" is
L = Σₖ (aₖ − yₖ)² over the ten outputs (no ½, so ∂L/∂aₖ = 2(aₖ − yₖ)).

Speed: ``Network.step`` is general (any depth, batch, optimiser, a divergence guard per step)
and costs ~40 numpy calls. Playing must reach 1,000+ steps/s in the browser, where each numpy
call costs a few µs, so :func:`sgd_step` does the same per-image SGD step on the network's own
arrays in ~20 calls (tests/unit check it against ``Network.step`` to 1e-12). The guard moves
to the frame: the parameters are copied before each call to ``train`` and restored if any
becomes NaN or infinite, so a divergence still changes nothing.

It implements :class:`nnviz.kit.runs.Trainable` (run, reset, parameters, snapshot, restore).
Pure numpy (no ``js``): the chapter drives it, and the unit tests run it in CPython.
Left out on purpose: mini-batches, momentum, any data beyond the ten digits.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from nnviz.chapters.trainer.digits import DIGITS, PIXELS, TARGETS
from nnviz.engine import Network
from nnviz.kit.runs import RunRecord

WINDOW = 10  # the loss readout averages one pass over the ten images
WATCH = 20  # the divergence check compares 20-iteration means (two passes over the digits)
BLOWUP_FACTOR, BLOWUP_MARGIN = 2.0, 0.2


@dataclass(frozen=True)
class Snapshot:
    """Everything training changes, copied (see :meth:`DigitModel.snapshot`)."""

    hidden: int
    seed: int
    params: tuple[np.ndarray, ...]
    iteration: int
    recent: np.ndarray
    watch: tuple[np.ndarray, float, float]
    diverged: str


class BlowUpWatch:
    """Flag a loss that climbs back up: its 20-iteration mean above 2 × its best so far + 0.2.

    With sigmoid outputs and squared error the loss per image is at most 10, so it cannot run
    off to infinity; a learning rate that is too large shows instead as a loss that jumps back
    up after having come down. Learning rates up to 1 never trip this (see tests/unit); near 5
    it trips in most runs with 8–16 hidden neurons. (With many hidden neurons a large rate
    more often gets stuck on a plateau of saturated neurons instead: the chart shows it.)
    """

    def __init__(self):
        self.reset()

    def reset(self) -> None:
        self._tail = np.empty(0)  # the last WATCH - 1 losses
        self.best = math.inf
        self.current = math.nan

    def save(self) -> tuple[np.ndarray, float, float]:
        """A copy of what the watch remembers: (the last losses, best, current)."""
        return self._tail.copy(), self.best, self.current

    def load(self, saved: tuple[np.ndarray, float, float]) -> None:
        """Remember what :meth:`save` returned again."""
        tail, self.best, self.current = saved
        self._tail = tail.copy()

    def rebase(self) -> None:
        """Forget the best so far (after the visitor chose to keep training anyway)."""
        self.best = self.current if math.isfinite(self.current) else math.inf

    def update(self, losses: np.ndarray) -> str:
        """Feed the next losses; return a reason when the loss blew up, else ""."""
        seq = np.concatenate([self._tail, losses])
        self._tail = seq[-(WATCH - 1) :]
        if len(seq) < WATCH:
            return ""
        c = np.cumsum(np.concatenate([[0.0], seq]))
        means = (c[WATCH:] - c[:-WATCH]) / WATCH  # mean of each full window ending in seq
        best = np.minimum.accumulate(np.concatenate([[self.best], means]))[1:]
        self.current = float(means[-1])
        bad = np.flatnonzero(means > BLOWUP_FACTOR * best + BLOWUP_MARGIN)
        self.best = float(best[-1])
        if len(bad) == 0:
            return ""
        k = bad[0]
        return (
            f"the loss climbed back up to {means[k]:.3f} (mean of the last {WATCH} iterations) "
            f"after having been down to {best[k]:.3f}"
        )


def sgd_step(W0, b0, W1, b1, x, y, lr: float) -> float:
    """One SGD step of 25 → H → 10 sigmoid/SSE on one image, in place; return the loss before it.

    x (25,), y (10,); W0 (25, H), b0 (H,), W1 (H, 10), b1 (10,). Nielsen's notation:
    forward  h = σ(x W0 + b0), a = σ(h W1 + b1), L = Σₖ (aₖ − yₖ)²
    backward δ² = 2(a − y) ⊙ a(1 − a), δ¹ = (W1 δ²) ⊙ h(1 − h)   [σ′ = σ(1 − σ)]
    update   W1 −= lr · hᵀδ², b1 −= lr · δ², W0 −= lr · xᵀδ¹, b0 −= lr · δ¹
    σ(z) is computed as ½ tanh(z/2) + ½ (as the engine does: no overflow for any z).
    """
    h = np.tanh((x @ W0 + b0) * 0.5) * 0.5 + 0.5
    a = np.tanh((h @ W1 + b1) * 0.5) * 0.5 + 0.5
    e = a - y
    loss = float(e @ e)
    d2 = (2.0 * lr) * e * a * (1.0 - a)  # lr folded in: lr·δ²
    d1 = (W1 @ d2) * h * (1.0 - h)  # lr·δ¹, from W1 before its update
    W1 -= np.multiply.outer(h, d2)
    b1 -= d2
    W0 -= np.multiply.outer(x, d1)
    b0 -= d1
    return loss


class DigitModel:
    """The network, its learning rate, the iteration count and the loss history of one run."""

    def __init__(self, hidden: int = 16, lr: float = 1.0, seed: int = 1):
        self.X = np.ascontiguousarray(DIGITS, dtype=np.float64)
        self.Y = np.ascontiguousarray(TARGETS, dtype=np.float64)
        self.watch = BlowUpWatch()
        self.lr = float(lr)
        self.generation = 0  # counts rebuilds, so a view can tell new weights from old
        self.rebuild(hidden, seed)

    # ----- life cycle ------------------------------------------------------------------------

    def rebuild(self, hidden: int, seed: int) -> None:
        """Start again with fresh random weights drawn from ``seed`` (biases start at 0)."""
        self.hidden = int(hidden)
        self.seed = int(seed)
        self.generation += 1
        self.net = Network([PIXELS, self.hidden, 10], hidden="sigmoid", output="sigmoid",
                           loss="sse", init="xavier", seed=self.seed, dtype="float64")
        self.iteration = 0
        self._recent = np.empty(0)  # the last WINDOW per-image losses
        self.diverged = ""
        self.watch.reset()

    def set_lr(self, lr: float) -> None:
        """Change the learning rate from the next step on; the weights stay."""
        self.lr = float(lr)

    # ----- the Trainable protocol (nnviz.kit.runs) -------------------------------------------

    def reset(self, seed: int) -> None:
        """Fresh weights from ``seed``, same hidden size (:meth:`rebuild`)."""
        self.rebuild(self.hidden, seed)

    def parameters(self) -> list[np.ndarray]:
        """The live arrays [W0 (25, H), b0 (H,), W1 (H, 10), b1 (10,)]."""
        return self.net.parameters()

    def snapshot(self) -> Snapshot:
        """A copy of the weights, the count, the loss window and the watch (not the learning rate)."""
        return Snapshot(self.hidden, self.seed, tuple(p.copy() for p in self.parameters()), self.iteration,
                        self._recent.copy(), self.watch.save(), self.diverged)

    def restore(self, snap: Snapshot) -> None:
        """Go back to ``snap``: the next run repeats the one that followed it."""
        if snap.hidden != self.hidden:
            self.rebuild(snap.hidden, snap.seed)
        else:
            self.generation += 1  # other weights under the same count: views redraw
        self.seed = snap.seed
        for p, old in zip(self.parameters(), snap.params, strict=True):
            np.copyto(p, old)
        self.iteration = snap.iteration
        self._recent = snap.recent.copy()
        self.watch.load(snap.watch)
        self.diverged = snap.diverged

    def run(self, budget_s: float, max_steps: int, clock: Callable[[], float] = time.perf_counter) -> RunRecord:
        """Take as many steps as fit in ``budget_s`` seconds (checked every 4 steps), at most ``max_steps``."""
        end = clock() + budget_s
        return self._train(max_steps, lambda k: k % 4 or clock() < end, clock)

    # ----- training --------------------------------------------------------------------------

    def train(self, steps: int) -> RunRecord:
        """Take ``steps`` SGD steps, image ``iteration mod 10`` each (none if one would be NaN).

        A loss that blows up (see :class:`BlowUpWatch`) is reported in the returned record and
        in ``self.diverged``; the caller decides whether to stop. The record's
        ``series["window_loss"]`` is the mean of the last ten losses after each step.
        """
        return self._train(steps, lambda _k: True)

    def _train(self, steps: int, go_on: Callable[[int], bool],
               clock: Callable[[], float] = time.perf_counter) -> RunRecord:
        t0 = clock()
        losses = np.empty(max(0, steps))
        W0, b0, W1, b1 = self.net.parameters()
        saved = [p.copy() for p in (W0, b0, W1, b1)]
        X, Y, lr = self.X, self.Y, self.lr
        start, k, reason = self.iteration, 0, ""
        with np.errstate(all="ignore"):  # non-finite values are caught just below, as a whole
            while k < steps and go_on(k):
                i = (start + k) % 10
                losses[k] = sgd_step(W0, b0, W1, b1, X[i], Y[i], lr)
                k += 1
        if not (np.isfinite(losses[:k]).all() and all(np.isfinite(p).all() for p in (W0, b0, W1, b1))):
            for p, old in zip((W0, b0, W1, b1), saved, strict=True):
                np.copyto(p, old)  # as the engine's guard: a diverging run changes nothing
            k, reason = 0, "a weight or the loss became NaN or infinite"
        losses = losses[:k]
        self.iteration = start + k
        seq = np.concatenate([self._recent, losses])
        self._recent = seq[-WINDOW:]
        c = np.cumsum(np.concatenate([[0.0], seq]))
        ends = np.arange(len(seq) - k + 1, len(seq) + 1)  # 1-based end of each new window
        window = (c[ends] - c[np.maximum(ends - WINDOW, 0)]) / np.minimum(ends, WINDOW)
        if not reason:
            reason = self.watch.update(losses)
        if reason:
            self.diverged = reason
        return RunRecord.of_steps(start + 1, losses, series={"window_loss": window}, epochs=self.iteration / 10,
                                  diverged=bool(reason), reason=reason, elapsed_s=clock() - t0)

    # ----- reading ---------------------------------------------------------------------------

    @property
    def loss(self) -> float | None:
        """The mean loss of the last ten iterations (None before any training)."""
        return float(np.mean(self._recent)) if len(self._recent) else None

    def activations(self, x) -> tuple[np.ndarray, np.ndarray]:
        """Return (hidden (H,), outputs (10,)) activations for one 25-pixel input."""
        trace = self.net.trace(np.asarray(x, dtype=np.float64).reshape(1, PIXELS))
        return trace.activations[1][0], trace.activations[2][0]

    def outputs_all(self) -> np.ndarray:
        """Return the (10, 10) outputs for the ten training images (row d = digit d)."""
        return self.net.forward(self.X)

    def predictions(self) -> np.ndarray:
        """Return the digit the network picks for each training image: (10,) ints."""
        return np.argmax(self.outputs_all(), axis=1)

    def accuracy(self) -> float:
        """Return the fraction of the ten images labelled right (0.0 … 1.0)."""
        return float(np.mean(self.predictions() == np.arange(10)))

    @property
    def weights(self) -> tuple[np.ndarray, np.ndarray]:
        """(W0 (25, H), W1 (H, 10)): W0[i, j] joins pixel i to hidden j (views, do not write)."""
        return self.net.weights[0], self.net.weights[1]

    @property
    def biases(self) -> tuple[np.ndarray, np.ndarray]:
        return self.net.biases[0], self.net.biases[1]
