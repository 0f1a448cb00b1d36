"""The run record and the Trainable protocol, with a toy model whose runs are known in closed form.

The toy: gradient descent on L(w) = (w − c)² from w₀, so w_k = c + (w₀ − c)(1 − 2·lr)^k and the
loss before step k is (w₀ − c)² (1 − 2·lr)^(2k): every number it reports can be checked exactly.
"""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.kit.runs import RunRecord, Trainable, check_trainable


class Quadratic:
    """One weight descending (w − c)², c drawn from the seed; lr 0.1 (a factor 0.8 per step)."""

    def __init__(self, seed: int = 0, lr: float = 0.1, broken: str = ""):
        self.lr, self.broken = lr, broken
        self.reset(seed)

    def reset(self, seed: int) -> None:
        self.c = float(np.random.default_rng(seed).normal())
        self.w = np.array([self.c + 3.0])
        self.count = 0

    def parameters(self):
        return [self.w]

    def snapshot(self):
        return (self.w if self.broken == "shallow" else self.w.copy(), self.count)

    def restore(self, snap) -> None:
        self.w[...] = snap[0]
        self.count = snap[1]

    def run(self, budget_s: float, max_steps: int) -> RunRecord:
        losses = []
        n = max_steps + (self.broken == "extra")
        for _ in range(n):
            e = self.w[0] - self.c
            losses.append(e * e)
            self.w -= self.lr * 2 * e
        first, self.count = self.count + 1, self.count + len(losses)
        return RunRecord.of_steps(first, losses, series={"w": np.full(len(losses), self.w[0])})


def test_the_toy_keeps_the_promises_and_its_losses_are_the_closed_form():
    model = Quadratic()
    assert isinstance(model, Trainable)
    check_trainable(model, seed=5)
    model.reset(1)
    run = model.run(1.0, 6)
    assert np.allclose(run.losses, 9.0 * 0.8 ** (2 * np.arange(6)), rtol=1e-12)
    assert run.steps == 6 and run.last_iteration == 6
    assert run.mean_loss == pytest.approx(np.mean(9.0 * 0.64 ** np.arange(6)))


@pytest.mark.parametrize("broken, says", [("shallow", "restore"), ("extra", "max_steps|took 13 steps")])
def test_check_trainable_catches_a_model_that_breaks_a_promise(broken, says):
    with pytest.raises(AssertionError, match=says):
        check_trainable(Quadratic(broken=broken))
    with pytest.raises(AssertionError, match="does not implement"):
        check_trainable(object())


def test_a_record_checks_its_lengths_and_wants_a_reason_for_divergence():
    with pytest.raises(ValueError, match="iterations"):
        RunRecord(np.arange(3), np.zeros(2))
    with pytest.raises(ValueError, match="series"):
        RunRecord.of_steps(1, [1.0, 2.0], series={"g": [1.0]})
    with pytest.raises(ValueError, match="reason"):
        RunRecord(diverged=True)
    empty = RunRecord()
    assert empty.steps == 0 and empty.last_iteration is None and np.isnan(empty.mean_loss)
    assert np.isnan(empty.steps_per_s)
    assert RunRecord.of_steps(1, [1.0] * 50, elapsed_s=0.01).steps_per_s == pytest.approx(5000)


def test_join_concatenates_consecutive_runs_and_keeps_the_first_divergence():
    a = RunRecord.of_steps(1, [3.0, 2.0], series={"g": [1, 2], "w": [0, 0]}, epochs=0.5, elapsed_s=0.1)
    b = RunRecord.of_steps(3, [1.5], series={"g": [3]}, epochs=0.75, diverged=True,
                           reason="the loss climbed back up", elapsed_s=0.2)
    c = RunRecord.of_steps(4, [], series={"g": []}, epochs=0.75, finished=True)
    run = RunRecord.join([a, b, c])
    assert run.iterations.tolist() == [1, 2, 3] and run.losses.tolist() == [3.0, 2.0, 1.5]
    assert list(run.series) == ["g"] and run.series["g"].tolist() == [1, 2, 3]  # "w" is not in every run
    assert run.diverged and run.reason == "the loss climbed back up"
    assert run.finished and run.epochs == 0.75 and run.elapsed_s == pytest.approx(0.3)
    assert RunRecord.join([]).steps == 0
