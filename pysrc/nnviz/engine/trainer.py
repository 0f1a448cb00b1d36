"""Iterate a data set in batches: per sample (batch_size=1), mini-batch (k) or full batch (N).

    trainer = Trainer(net, SGD(lr=0.1), X, Y, batch_size=1, seed=0)
    trainer.run(20)       # 20 steps, e.g. one animation frame's worth; resumes mid-epoch
    trainer.run_epoch()   # the rest of the current epoch

Each epoch visits every sample once, in an order drawn from the trainer's own seeded Generator
(so a seed reproduces a run); full batches are not shuffled, as order cannot change their mean
gradient. A last batch that does not fill batch_size is used as it is, smaller. A diverged step
stops the run without moving on, and the metrics say so.

Left out on purpose: validation splits, early stopping, callbacks, data augmentation.
"""

from __future__ import annotations

import numpy as np

from .metrics import StepMetrics, TrainMetrics


class Trainer:
    """Feed (X, Y) to net.step(…, optimizer) in batches, e.g. X (N, 2), Y (N, 1)."""

    def __init__(
        self,
        net,
        optimizer,
        X,
        Y,
        batch_size: int | None = None,
        shuffle: bool = True,
        seed: int | None = 0,
    ):
        self.net, self.optimizer = net, optimizer
        self.X = np.asarray(X, dtype=net.dtype)
        self.Y = np.asarray(Y, dtype=net.dtype).reshape(len(self.X), -1)
        n = len(self.X)
        if n == 0:
            raise ValueError("Trainer needs at least one sample")
        self.batch_size = n if batch_size is None else max(1, min(int(batch_size), n))
        self.shuffle = shuffle
        self.seed = seed
        self.reset()

    def reset(self) -> None:
        """Start again from epoch 0 with the seed's first shuffle (the network is not touched)."""
        self._rng = np.random.default_rng(self.seed)
        self.epoch = 0
        self.position = 0
        self._Xs, self._Ys = self.X, self.Y
        self._shuffled_epoch = -1

    def save(self) -> tuple:
        """Where the trainer is (order stream, epoch, position, this epoch's order), for :meth:`load`.

        The shuffled copy of the epoch is shared, not copied: the trainer never writes into it.
        """
        return (self._rng.bit_generator.state, self.epoch, self.position, self._Xs, self._Ys, self._shuffled_epoch)

    def load(self, saved: tuple) -> None:
        """Go back to a :meth:`save` of this trainer: the next steps repeat the ones after it."""
        state, self.epoch, self.position, self._Xs, self._Ys, self._shuffled_epoch = saved
        self._rng.bit_generator.state = state

    def step(self) -> StepMetrics:
        """Take one step on the next batch; start a new (reshuffled) epoch when one ends."""
        n, i = len(self.X), self.position
        if self._shuffled_epoch != self.epoch and self.shuffle and self.batch_size < n:
            # One shuffled copy per epoch, so each batch is a cheap slice of it.
            order = self._rng.permutation(n)
            self._Xs, self._Ys = self.X[order], self.Y[order]
            self._shuffled_epoch = self.epoch
        j = min(i + self.batch_size, n)
        m = self.net.step(self._Xs[i:j], self._Ys[i:j], self.optimizer)
        if not m.diverged:
            self.position = j % n
            if j == n:
                self.epoch += 1
        return m

    def run(self, steps: int) -> TrainMetrics:
        """Take up to ``steps`` steps (fewer if one diverges); return their TrainMetrics."""
        out = TrainMetrics(epoch=self.epoch)
        for _ in range(steps):
            m = self.step()
            if m.diverged:
                out.diverged, out.reason = True, m.reason
                break
            out.losses.append(m.loss)
            out.grad_norms, out.lr = m.grad_norms, m.lr
        out.steps, out.epoch = len(out.losses), self.epoch
        return out

    def run_epoch(self) -> TrainMetrics:
        """Take the steps left in the current epoch (all of them at a boundary)."""
        left = -(-(len(self.X) - self.position) // self.batch_size)
        return self.run(left)
