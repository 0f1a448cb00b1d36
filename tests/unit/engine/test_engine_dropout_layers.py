"""Per-hidden-layer dropout rates (Network(dropout=[...])): masks only where the rate is > 0,
gradients equal to a hand-masked network's, and the single-rate form unchanged."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.engine import SGD, Network
from nnviz.engine.serialize import load, to_dict


def _data(seed=0, n=16):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, 2)), (rng.random((n, 1)) > 0.5).astype(float)


def test_list_of_rates_is_kept_and_reported():
    net = Network([2, 5, 4, 1], dropout=[0.5, 0.0], dtype="float64")
    assert net.dropout == [0.5, 0.0]
    assert net.dropout_rates == [0.5, 0.0]
    same = Network([2, 5, 4, 1], dropout=[0.3, 0.3])
    assert same.dropout == 0.3 and same.dropout_rates == [0.3, 0.3]
    single = Network([2, 5, 4, 1], dropout=0.2)
    assert single.dropout == 0.2 and single.dropout_rates == [0.2, 0.2]


@pytest.mark.parametrize("bad", [[0.5], [0.5, 1.0], [-0.1, 0.0], 1.0])
def test_bad_rates_are_refused(bad):
    with pytest.raises(ValueError):
        Network([2, 5, 4, 1], dropout=bad)


def test_only_layers_with_a_rate_get_a_mask():
    """With rates [0.5, 0]: layer 0's mask zeroes about half its units, layer 1 has none; the
    gradient equals the one computed by hand from the same masks (no dropout net + fixed masks)."""
    X, Y = _data()
    net = Network([2, 6, 5, 1], hidden="tanh", dropout=[0.5, 0.0], dtype="float64", seed=3)
    ref = Network([2, 6, 5, 1], hidden="tanh", dtype="float64", seed=3)
    net._backprop(X, Y, train=True)
    s = net._scratch[len(X)]
    m0 = s.masks[0]
    assert s.masks[1] is None
    assert set(np.unique(m0)) <= {0.0, 2.0} and 0 < (m0 == 0).mean() < 1
    grads = net._flat_grad.copy()
    # by hand: forward with layer 0's mask applied, backward through it
    W, b = ref.weights, ref.biases
    z0 = X @ W[0] + b[0]
    a0 = np.tanh(z0) * m0
    z1 = a0 @ W[1] + b[1]
    a1 = np.tanh(z1)
    z2 = a1 @ W[2] + b[2]
    out = 1 / (1 + np.exp(-z2))
    d2 = (out - Y) / len(X)
    d1 = (d2 @ W[2].T) * (1 - a1**2)
    d0 = (d1 @ W[1].T) * m0 * (1 - np.tanh(z0) ** 2)
    expected = np.concatenate([(X.T @ d0).ravel(), d0.sum(0), (a0.T @ d1).ravel(), d1.sum(0),
                               (a1.T @ d2).ravel(), d2.sum(0)])
    np.testing.assert_allclose(grads, expected, rtol=1e-10, atol=1e-12)


def test_zero_rates_train_exactly_like_no_dropout():
    X, Y = _data(1)
    a = Network([2, 4, 3, 1], dropout=[0.0, 0.0], seed=5)
    b = Network([2, 4, 3, 1], seed=5)
    for _ in range(5):
        a.step(X, Y, SGD(0.1))
        b.step(X, Y, SGD(0.1))
    np.testing.assert_array_equal(a._flat, b._flat)


def test_rates_change_between_steps_and_forward_never_drops():
    X, _ = _data(2)
    net = Network([2, 4, 3, 1], dropout=[0.5, 0.5], seed=1)
    before = net.forward(X)
    np.testing.assert_array_equal(before, net.forward(X))
    net.dropout = [0.0, 0.25]
    assert net.dropout_rates == [0.0, 0.25]


def test_serialize_round_trips_per_layer_rates():
    net = Network([2, 4, 3, 1], dropout=[0.5, 0.1], seed=1)
    back = load(to_dict(net)).network
    assert back.dropout == [0.5, 0.1]
    d = to_dict(net)
    d["dropout"] = [0.5]
    with pytest.raises(ValueError, match="dropout"):
        load(d)
