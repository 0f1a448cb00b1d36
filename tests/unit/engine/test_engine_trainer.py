"""Trainer: per-sample, mini-batch and full-batch epochs, seeded shuffling, resuming mid-epoch."""

import numpy as np
import pytest

from nnviz.engine import SGD, Network, StepMetrics, Trainer


class Recorder:
    """A stand-in network that records the batches it is given."""

    dtype = np.dtype("float64")

    def __init__(self):
        self.batches = []

    def step(self, X, Y, optimizer):
        self.batches.append((X[:, 0].astype(int).tolist(), Y[:, 0].astype(int).tolist()))
        optimizer.t += 1
        return StepMetrics(float(len(X)), [], optimizer.lr, optimizer.t)


def data(n=10):
    X = np.arange(n, dtype=float).reshape(n, 1) * np.ones((1, 2))
    return X, X[:, :1] * 10


@pytest.mark.parametrize(
    ("batch_size", "sizes"),
    [(1, [1] * 10), (3, [3, 3, 3, 1]), (4, [4, 4, 2]), (None, [10]), (10, [10]), (50, [10])],
)
def test_each_epoch_visits_every_sample_once(batch_size, sizes):
    net = Recorder()
    X, Y = data()
    trainer = Trainer(net, SGD(0.1), X, Y, batch_size=batch_size, seed=0)
    for epoch in range(3):
        result = trainer.run_epoch()
        assert result.steps == len(sizes) and result.epoch == epoch + 1
        batches = net.batches[-len(sizes) :]
        assert [len(x) for x, _ in batches] == sizes
        seen = sorted(i for x, _ in batches for i in x)
        assert seen == list(range(10))
        assert all(y == [10 * i for i in x] for x, y in batches)  # rows stay paired


def test_shuffling_is_seeded_and_changes_between_epochs():
    X, Y = data()
    orders = []
    for seed in (0, 0, 1):
        net = Recorder()
        trainer = Trainer(net, SGD(0.1), X, Y, batch_size=1, seed=seed)
        trainer.run_epoch()
        trainer.run_epoch()
        orders.append([x[0] for x, _ in net.batches])
    assert orders[0] == orders[1]
    assert orders[0] != orders[2]
    assert orders[0][:10] != orders[0][10:]
    unshuffled = Recorder()
    Trainer(unshuffled, SGD(0.1), X, Y, batch_size=1, shuffle=False).run_epoch()
    assert [x[0] for x, _ in unshuffled.batches] == list(range(10))


def test_run_resumes_mid_epoch():
    X, Y = data()
    a, b = Recorder(), Recorder()
    ta = Trainer(a, SGD(0.1), X, Y, batch_size=2, seed=3)
    tb = Trainer(b, SGD(0.1), X, Y, batch_size=2, seed=3)
    ta.run(7)
    for k in (3, 1, 3):
        tb.run(k)
    assert a.batches == b.batches
    assert ta.epoch == tb.epoch == 1 and ta.position == tb.position == 4
    assert tb.run_epoch().steps == 3


def test_full_batch_trainer_equals_plain_full_batch_steps():
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(12, 3)), rng.integers(0, 2, (12, 1))
    net1 = Network([3, 4, 1], seed=2, dtype="float64")
    net2 = Network([3, 4, 1], seed=2, dtype="float64")
    opt1, opt2 = SGD(0.3), SGD(0.3)
    result = Trainer(net1, opt1, X, Y, seed=9).run(5)
    losses = [net2.step(X, Y, opt2).loss for _ in range(5)]
    assert result.losses == losses and result.loss == pytest.approx(np.mean(losses))
    for p, q in zip(net1.parameters(), net2.parameters(), strict=True):
        np.testing.assert_array_equal(p, q)


@pytest.mark.parametrize("batch_size", [1, 4, None])
def test_training_reduces_the_loss(batch_size):
    rng = np.random.default_rng(1)
    X = rng.normal(size=(40, 2))
    Y = (X[:, :1] * X[:, 1:] > 0).astype(float)  # XOR-like quadrants
    net = Network([2, 8, 1], hidden="tanh", output="sigmoid", loss="bce", seed=0)
    trainer = Trainer(net, SGD(0.5), X, Y, batch_size=batch_size, seed=0)
    first = trainer.run_epoch().loss
    for _ in range(150):
        last = trainer.run_epoch()
    assert last.loss < 0.5 * first and not last.diverged
    assert last.grad_norms and last.lr == 0.5


def test_trainer_rejects_empty_data():
    with pytest.raises(ValueError):
        Trainer(Recorder(), SGD(0.1), np.zeros((0, 2)), np.zeros((0, 1)))


def test_a_diverged_step_is_retried_on_the_same_batch():
    class Flaky(Recorder):
        def step(self, X, Y, optimizer):
            metrics = super().step(X, Y, optimizer)
            if len(self.batches) == 1:  # the first attempt diverges
                return StepMetrics(float("inf"), [], optimizer.lr, optimizer.t, True, "test")
            return metrics

    net = Flaky()
    X, Y = data()
    trainer = Trainer(net, SGD(0.1), X, Y, batch_size=3, seed=0)
    assert trainer.run(5).diverged and trainer.position == 0
    trainer.run_epoch()
    assert net.batches[0] == net.batches[1]
    assert sorted(i for x, _ in net.batches[1:] for i in x) == list(range(10))


def test_save_and_load_repeat_the_steps_after_the_save_bit_for_bit():
    from nnviz.engine import SGD, Network, Trainer

    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(30, 2)), rng.integers(0, 2, (30, 1)).astype(float)
    net = Network([2, 4, 1], hidden="tanh", output="sigmoid", loss="bce", seed=1)
    trainer = Trainer(net, SGD(lr=0.3), X, Y, batch_size=7, seed=5)
    trainer.run(6)  # into the second epoch (30 samples, 5 batches per epoch)
    saved, weights = trainer.save(), [p.copy() for p in net.parameters()]
    first = trainer.run(9).losses  # crosses another reshuffle
    trainer.run(3)
    for p, w in zip(net.parameters(), weights, strict=True):
        np.copyto(p, w)
    trainer.load(saved)
    assert (trainer.epoch, trainer.position) == (1, 7)
    assert trainer.run(9).losses == first
