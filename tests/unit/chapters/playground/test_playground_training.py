"""K-class softmax training through the playground's pipeline reaches high accuracy on blobs."""

import numpy as np
import pytest

from nnviz.chapters.playground import features
from nnviz.engine import SGD, Network, Trainer, as_targets, make_dataset, train_test_split


@pytest.mark.parametrize(
    ("k", "noise", "floor"),
    [(3, 0, 0.99), (4, 0, 0.99), (5, 0, 0.99), (5, 20, 0.97), (5, 40, 0.93)],
)
def test_softmax_cross_entropy_learns_k_blobs(k, noise, floor):
    X, y = make_dataset(f"blobs-{k}", 500, noise, seed=k)
    part = train_test_split(X, y, 0.5, seed=k)
    keys = ("x1", "x2")
    net = Network([2, 8, k], hidden="tanh", output="softmax", loss="cross_entropy", seed=1)
    trainer = Trainer(net, SGD(0.03), features.compute(part.x_train, keys), as_targets(part.y_train, k),
                      batch_size=10, seed=1)  # fmt: skip
    before = net.forward(features.compute(part.x_test, keys)).argmax(axis=1)
    assert np.mean(before == part.y_test) < 0.7  # the untrained network is far from the floor
    for _ in range(60):
        trainer.run_epoch()
    pred = net.forward(features.compute(part.x_test, keys)).argmax(axis=1)
    assert np.mean(pred == part.y_test) >= floor
    # every class is predicted for some point: the model does not ignore a class
    assert set(np.unique(pred)) == set(range(k))


def test_softmax_outputs_are_class_probabilities():
    net = Network([3, 4, 5], hidden="tanh", output="softmax", loss="cross_entropy", seed=0)
    out = net.forward(np.random.default_rng(0).normal(size=(20, 3)))
    assert out.shape == (20, 5) and (out > 0).all()
    np.testing.assert_allclose(out.sum(axis=1), 1, rtol=1e-5)
