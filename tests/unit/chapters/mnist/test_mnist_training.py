"""In-browser training of the digits network: chunks, runs, accuracy slices, divergence."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from nnviz.chapters.mnist import model as mm
from nnviz.chapters.mnist import session as mt
from nnviz.kit.runs import Trainable, check_trainable


@pytest.fixture()
def digits():
    """A tiny learnable stand-in for MNIST: each class lights its own block of pixels, plus noise."""
    rng = np.random.default_rng(0)

    def make(n):
        y = rng.integers(0, 10, n)
        x = rng.integers(0, 60, (n, 784))
        for i, d in enumerate(y):
            x[i, d * 70 : d * 70 + 50] = 255
        return x.astype(np.uint8), y.astype(np.uint8)

    xt, yt = make(320)
    xs, ys = make(100)
    return mm.Digits.from_arrays({"x_train": xt, "y_train": yt, "x_test": xs, "y_test": ys})


class FakeClock:
    """Advances by ``tick`` seconds every time it is read."""

    def __init__(self, tick=0.001):
        self.t, self.tick = 0.0, tick

    def __call__(self):
        self.t += self.tick
        return self.t


def session(digits, **kw):
    net = mm.make_network(seed=1)
    return mt.TrainingSession(net, digits, clock=FakeClock(), **kw)


def test_run_for_respects_the_time_budget_and_counts_iterations(digits):
    s = session(digits, lr=0.05, batch_size=32, epochs=1)
    assert s.run_for(1.0).steps == 0  # no run started
    s.start_run()
    chunk = s.run_for(0.0035)  # the fake clock ticks 1 ms per read: a few steps fit
    assert 1 <= chunk.steps <= 4
    assert chunk.iterations.tolist() == list(range(1, chunk.steps + 1))
    assert s.iteration == chunk.steps
    assert s.progress == pytest.approx(chunk.steps * 32 / 320)
    assert len(chunk.losses) == len(chunk.series["grad_norm"]) == chunk.steps
    assert all(np.isfinite(chunk.losses)) and all(g > 0 for g in chunk.series["grad_norm"])
    assert chunk.epochs == pytest.approx(chunk.steps * 32 / 320) and chunk.elapsed_s > 0
    # a budget of zero still takes one step, so training always moves
    assert s.run_for(0.0).steps == 1


def test_a_run_finishes_after_its_epochs_and_learns(digits):
    s = session(digits, lr=0.1, batch_size=32, epochs=3)
    before = mm.accuracy_of(s.net, digits.test, digits.y_test)
    s.start_run()
    chunks = []
    while s.run_active:
        chunks.append(s.run_for(0.01))
    assert chunks[-1].finished
    assert s.iteration == 3 * 10  # 3 epochs × 320 / 32
    assert s.progress == 1.0
    losses = list(itertools.chain.from_iterable(c.losses for c in chunks))
    assert np.mean(losses[-5:]) < np.mean(losses[:5])
    after = mm.accuracy_of(s.net, digits.test, digits.y_test)
    assert after > max(before, 0.8)
    s.start_run()  # a finished run starts again from 0 %
    assert s.progress == 0.0 and s.run_active


def test_pause_keeps_the_position_of_the_run(digits):
    s = session(digits, batch_size=40, epochs=1)
    s.start_run()
    s.run_for(0.002)
    done = s.progress
    s.stop()
    assert not s.run_active and s.run_for(1.0).steps == 0
    s.start_run()
    assert s.progress == done


def test_step_once_takes_exactly_one_step(digits):
    s = session(digits, batch_size=16)
    before = [w.copy() for w in s.net.weights]
    chunk = s.step_once()
    assert chunk.steps == 1 and s.iteration == 1
    assert not s.run_active
    assert any(not np.array_equal(a, b) for a, b in zip(before, s.net.weights, strict=True))


def test_huge_learning_rate_is_caught_and_stops_the_run(digits):
    s = session(digits, lr=100.0, batch_size=32, epochs=5)
    s.start_run()
    for _ in range(50):
        chunk = s.run_for(0.01)
        if chunk.diverged:
            break
    assert chunk.diverged and chunk.reason
    assert not s.run_active
    assert all(np.isfinite(w).all() for w in s.net.weights)  # the engine never wrote NaN


def test_exploding_but_finite_cost_counts_as_divergence(digits, monkeypatch):
    monkeypatch.setattr(mt, "EXPLODED_COST", 0.5)  # any realistic first cost (≈ 2.3) is "exploded"
    s = session(digits)
    chunk = s.step_once()
    assert chunk.diverged and "jumped" in chunk.reason
    assert not s.run_active and s.iteration == 1


def test_settings_change_mid_run(digits):
    s = session(digits, lr=0.05, batch_size=32)
    s.set_lr(0.2)
    assert s.optimizer.lr == 0.2
    with pytest.raises(ValueError):
        s.set_lr(float("nan"))
    s.start_run()
    s.run_for(0.0)
    s.set_batch_size(64)
    s.run_for(0.0)
    assert s._trainer.batch_size == 64
    s.set_epochs(2)
    assert s.run_length == 640


def test_sliced_evaluation_matches_a_direct_count(digits):
    s = session(digits)
    assert not s.wants_evaluation()
    ev = None
    while ev is None:
        ev = s.evaluate_for(0.0)  # one slice per call
    assert ev.test_accuracy == pytest.approx(mm.accuracy_of(s.net, digits.test, digits.y_test))
    train_x, train_y = s._train_x, s._train_y
    assert ev.train_accuracy == pytest.approx(mm.accuracy_of(s.net, train_x, train_y))
    assert s.last_evaluation == ev
    assert s.evaluate_now() == ev  # same weights, same numbers


def test_evaluation_is_due_every_eval_every_digits(digits, monkeypatch):
    monkeypatch.setattr(mt, "EVAL_EVERY", 64)
    s = session(digits, batch_size=32)
    s.step_once()
    assert not s.wants_evaluation()
    s.step_once()
    assert s.wants_evaluation()
    s.evaluate_now()
    assert not s.wants_evaluation()


def test_reset_counters(digits):
    s = session(digits)
    s.start_run()
    s.run_for(0.003)
    s.reset_counters()
    assert s.iteration == 0 and s.progress == 0 and not s.run_active and s.optimizer.t == 0


def test_the_session_keeps_the_trainable_promises(digits):
    """kit.runs.check_trainable: reset(seed) reproduces, runs number on, snapshot/restore repeat bit for bit."""
    net = mm.make_network(seed=0)
    session = mt.TrainingSession(net, digits, lr=0.05, batch_size=8, epochs=20)
    assert isinstance(session, Trainable)
    check_trainable(session, seed=3, steps=12)  # 12 steps of 8 digits: the restored run crosses no pass end
    check_trainable(session, seed=4, steps=50)  # 50 × 8 > 320: it crosses a reshuffle after the snapshot
    assert session.run_active is False  # run() does not press Train


def test_snapshot_and_restore_bring_back_weights_counts_and_the_order_of_the_pass(digits):
    session = mt.TrainingSession(mm.make_network(seed=0), digits, lr=0.05, batch_size=16, epochs=3)
    session.reset(7)
    session.run(10.0, 25)  # 25 × 16 = 400 digits: into the second pass over the 320
    snap = session.snapshot()
    after = session.run(10.0, 30)
    weights = [p.copy() for p in session.parameters()]
    session.restore(snap)
    assert session.iteration == 25 and session.epoch == pytest.approx(400 / 320)
    again = session.run(10.0, 30)
    assert np.array_equal(after.losses, again.losses) and again.iterations.tolist() == list(range(26, 56))
    assert all(np.array_equal(a, b) for a, b in zip(weights, session.parameters(), strict=True))
    # reset(seed) is the network's own initialiser: the same weights as a network built from that seed
    session.reset(7)
    fresh = mm.make_network(seed=0)
    fresh.reset(7)
    assert all(np.array_equal(a, b) for a, b in zip(fresh.parameters(), session.parameters(), strict=True))
    assert session.iteration == 0 and session.progress == 0.0
