"""kit.monitor: per-layer gradient norms against the backward trace and finite differences,
update ratios against a real SGD step, histograms, dead units, bounded histories."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.engine import SGD, Network, backward_trace, numerical_gradient
from nnviz.kit import monitor as km


def _data(n=12, d=3, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    Y = (X[:, :1] * X[:, 1:2] > 0).astype(float)
    return X, Y


def _net(hidden="sigmoid", init="xavier", sizes=(3, 5, 5, 5, 1)):
    return Network(list(sizes), hidden=hidden, output="sigmoid", loss="bce", init=init, seed=1, dtype="float64")


def test_gradient_norms_match_the_backward_trace_and_finite_differences():
    X, Y = _data()
    net = _net()
    r = km.measure(net, X, Y)
    tr = backward_trace(net, X, Y)
    num = numerical_gradient(net, X, Y)
    for l in range(net.n_layers):
        by_trace = np.sqrt(np.sum(tr.grad_w[l] ** 2) + np.sum(tr.grad_b[l] ** 2))
        by_fd = np.sqrt(np.sum(num.grad_w[l] ** 2) + np.sum(num.grad_b[l] ** 2))
        assert r.grad_norms[l] == pytest.approx(by_trace, rel=1e-12)
        assert r.grad_norms[l] == pytest.approx(by_fd, rel=1e-5)
    assert r.loss == pytest.approx(net.evaluate(X, Y))


def test_deep_sigmoid_gradients_shrink_towards_the_input():
    X, Y = _data(n=32)
    net = Network([3, *[16] * 8, 1], hidden="sigmoid", output="sigmoid", loss="bce", init="xavier", seed=2,
                  dtype="float64")
    g = km.measure(net, X, Y).grad_norms
    assert g[0] < g[-1] / 100  # σ′ ≤ ¼ at every layer on the way back


def test_update_ratio_of_an_sgd_step_is_lr_times_gradient_over_weights():
    X, Y = _data()
    net = _net()
    before = [p.copy() for p in net.parameters()]
    lr = 0.3
    m = net.step(X, Y, SGD(lr))
    after = net.parameters()
    measured = km.update_norms(before, after)
    np.testing.assert_allclose(measured, [lr * g for g in m.grad_norms], rtol=1e-9)
    r = km.measure(net, X, Y, update_norms=measured)
    w = km.layer_norms(net.weights, net.biases)
    np.testing.assert_allclose(r.update_ratios, np.array(measured) / np.array(w))
    assert [row[0] for row in r.rows()] == list(range(1, net.n_layers + 1))


def test_histograms_sum_to_one_and_sit_in_the_activation_range():
    X, Y = _data(n=40)
    r = km.measure(_net("tanh"), X, Y)
    assert r.act_hist.shape == (3, km.BINS) and r.grad_hist.shape == (4, km.BINS)
    np.testing.assert_allclose(r.act_hist.sum(axis=1), 1.0)
    np.testing.assert_allclose(r.grad_hist.sum(axis=1), 1.0)
    assert r.act_edges[0] == -1.0 and r.act_edges[-1] == 1.0
    # against numpy's own histogram (inside the range the two bin rules agree)
    tr = backward_trace(_net("tanh"), X, Y)
    ref, _ = np.histogram(tr.outputs[0], bins=r.act_edges)
    np.testing.assert_allclose(r.act_hist[0], ref / ref.sum())


def test_small_initial_weights_collapse_tanh_activations_to_zero():
    X, Y = _data(n=64)
    net = Network([3, *[32] * 6, 1], hidden="tanh", output="sigmoid", loss="bce", init="normal", seed=0,
                  dtype="float64")
    for W in net.weights:
        W *= 0.1
    r = km.measure(net, X, Y)
    middle = km.BINS // 2
    assert r.act_hist[-1, middle - 1 : middle + 1].sum() > 0.99  # the last hidden layer: all near 0


def test_dead_units_are_relu_units_silent_on_every_sample():
    X, Y = _data(n=20)
    net = _net("relu", "he")
    net.biases[1][:] = -1e3  # the second hidden layer never fires
    net.biases[0][:2] = -1e3  # two of five units of the first
    r = km.measure(net, X, Y)
    assert r.dead[0] == pytest.approx(0.4) and r.dead[1] == 1.0
    assert km.measure(_net("sigmoid"), X, Y).dead == (0.0, 0.0, 0.0)


def test_histories_stay_bounded_and_keep_the_latest():
    X, Y = _data()
    net = _net()
    mon = km.Monitor(net.n_layers, max_points=40)
    r = km.measure(net, X, Y, update_norms=[0.1] * net.n_layers)
    for it in range(1, 2001):
        mon.record(it, r)
    xs, ys = mon.history("grad_norm", 0)
    assert len(xs) <= 40 and xs[0] == 1 and xs[-1] == 2000
    assert ys[-1] == pytest.approx(r.grad_norms[0])
    assert len(mon.histories("dead")) == net.n_layers - 1
    with pytest.raises(ValueError):
        km.Monitor(2).record(1, r)


def test_ratios_without_updates_are_nan():
    assert all(np.isnan(km.ratios(None, [1.0, 2.0])))
    assert km.ratios([0.0, 1.0], [0.0, 0.0]) == [0.0, float("inf")]
