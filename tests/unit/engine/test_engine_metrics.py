"""Metrics: accuracy, confusion matrix, gradient norms, dead ReLUs; and inverted dropout."""

import math

import numpy as np
import pytest

from nnviz.engine import (
    SGD,
    Network,
    StepMetrics,
    accuracy,
    confusion_matrix,
    dead_relu_fraction,
    dropout,
    dropout_mask,
    predicted_labels,
)


def test_accuracy_for_softmax_and_single_sigmoid_outputs():
    probs = np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6], [0.2, 0.5, 0.3], [0.9, 0.05, 0.05]])
    onehot = np.eye(3)[[0, 2, 2, 1]]
    assert accuracy(probs, onehot) == 0.5
    assert accuracy(probs, [0, 2, 2, 1]) == 0.5
    assert accuracy([[0.9], [0.2], [0.6]], [[1], [0], [0]]) == pytest.approx(2 / 3)
    assert accuracy([[0.9], [0.2]], [[1], [0]], threshold=0.95) == 0.5
    assert math.isnan(accuracy(np.zeros((0, 3)), np.zeros((0, 3))))


def test_confusion_matrix_counts_actual_rows_predicted_columns():
    actual = [0, 0, 1, 2, 2, 2]
    predicted = [0, 1, 1, 2, 0, 2]
    expected = np.array([[1, 1, 0], [0, 1, 0], [1, 0, 2]])
    np.testing.assert_array_equal(confusion_matrix(predicted, actual, 3), expected)
    probs = np.eye(3)[predicted]
    np.testing.assert_array_equal(confusion_matrix(predicted_labels(probs), actual, 3), expected)


def test_step_reports_per_layer_gradient_norms():
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(6, 4)), np.eye(3)[rng.integers(0, 3, 6)]
    net = Network(
        [4, 5, 3], hidden="relu", output="softmax", loss="cross_entropy", seed=1, dtype="float64"
    )
    dW, db, loss = net.gradients(X, Y)
    metrics = net.step(X, Y, SGD(lr=0.0))
    assert isinstance(metrics, StepMetrics)
    expected = [math.sqrt(np.sum(w**2) + np.sum(b**2)) for w, b in zip(dW, db, strict=True)]
    assert metrics.grad_norms == pytest.approx(expected, rel=1e-12)
    assert metrics.loss == pytest.approx(loss) and metrics.step == 1 and metrics.lr == 0.0


def test_dead_relu_fraction():
    net = Network(
        [2, 4, 3, 1], hidden=["relu", "tanh"], output="sigmoid", init="he", seed=0, dtype="float64"
    )
    X = np.abs(np.random.default_rng(0).normal(size=(20, 2)))  # positive inputs only
    net.weights[0][:, :2] = -1.0  # units 0 and 1 can only see negative z: dead
    net.weights[0][:, 2:] = 1.0
    net.biases[0][:] = 0.0
    assert dead_relu_fraction(net, X) == [0.5, 0.0]
    net.weights[0][:, 0] = 1.0
    assert dead_relu_fraction(net, X) == [0.25, 0.0]


def test_dropout_is_identity_at_inference():
    rng = np.random.default_rng(0)
    a = rng.normal(size=(5, 7))
    assert dropout(a, 0.5, rng, training=False) is a
    net = Network(
        [3, 8, 2], hidden="relu", output="softmax", loss="cross_entropy", seed=3, dropout=0.5
    )
    plain = Network([3, 8, 2], hidden="relu", output="softmax", loss="cross_entropy", seed=3)
    X = rng.normal(size=(4, 3))
    Y = np.eye(2)[[0, 1, 0, 1]]
    np.testing.assert_array_equal(net.forward(X), plain.forward(X))
    assert net.evaluate(X, Y) == plain.evaluate(X, Y)
    for g, h in zip(net.gradients(X, Y)[0], plain.gradients(X, Y)[0], strict=True):
        np.testing.assert_array_equal(g, h)
    # …while training steps do drop units, differently from the plain network.
    net.step(X, Y, SGD(0.1))
    plain.step(X, Y, SGD(0.1))
    assert not np.array_equal(net.weights[0], plain.weights[0])


@pytest.mark.parametrize("rate", [0.2, 0.5, 0.8])
def test_dropout_keeps_the_expected_activation(rate):
    rng = np.random.default_rng(1)
    a = np.full((2000, 50), 3.0, dtype=np.float32)
    out = dropout(a, rate, rng)
    kept = out != 0
    assert kept.mean() == pytest.approx(1 - rate, abs=0.01)
    np.testing.assert_allclose(out[kept], 3.0 / (1 - rate), rtol=1e-6)
    assert out.mean() == pytest.approx(3.0, rel=0.02)  # E[mask · a] = a
    assert out.dtype == np.float32


def test_dropout_masks_are_seeded():
    m1 = dropout_mask(np.random.default_rng(4), (3, 5), 0.5)
    m2 = dropout_mask(np.random.default_rng(4), (3, 5), 0.5)
    np.testing.assert_array_equal(m1, m2)
    with pytest.raises(ValueError):
        dropout_mask(np.random.default_rng(4), (3, 5), 1.0)
    a = Network([3, 16, 1], seed=7, dropout=0.5)
    b = Network([3, 16, 1], seed=7, dropout=0.5)
    X, Y = np.ones((2, 3)), np.ones((2, 1))
    a.step(X, Y, SGD(0.5))
    b.step(X, Y, SGD(0.5))
    np.testing.assert_array_equal(a.weights[0], b.weights[0])
