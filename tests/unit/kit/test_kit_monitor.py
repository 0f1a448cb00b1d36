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


def test_the_vectorised_measure_matches_layer_by_layer_references():
    """One pass for all layers (measure) against each layer on its own: norms by np.linalg.norm,
    histograms by np.histogram, dead units by engine.metrics.dead_fraction; float32, ReLU."""
    from nnviz.engine.metrics import dead_fraction

    X, Y = _data(n=32)
    net = Network([3, 16, 8, 16, 4, 1], hidden="relu", output="sigmoid", loss="bce", init="he", seed=3,
                  dtype="float32")
    net.biases[1][:3] = -50.0  # three dead units in the second hidden layer
    net.parameters_changed()
    r = km.measure(net, X, Y)
    tr = backward_trace(net, X, Y)
    for l in range(net.n_layers):
        g = np.concatenate([np.ravel(tr.grad_w[l]), np.ravel(tr.grad_b[l])]).astype(np.float64)
        w = np.concatenate([np.ravel(net.weights[l]), np.ravel(net.biases[l])]).astype(np.float64)
        assert r.grad_norms[l] == pytest.approx(np.linalg.norm(g), rel=1e-6)
        assert r.weight_norms[l] == pytest.approx(np.linalg.norm(w), rel=1e-12)
        with np.errstate(divide="ignore"):  # a dead unit's weights get exactly 0: log −inf, left out
            logs = np.log10(np.abs(np.asarray(tr.grad_w[l], dtype=np.float64)))
        inside = logs[(logs >= km.GRAD_DECADES[0]) & (logs < km.GRAD_DECADES[1])]
        ref, _ = np.histogram(inside, bins=r.grad_edges)
        if inside.size == np.isfinite(logs).sum():  # nothing outside the decades: the two bin rules agree
            np.testing.assert_allclose(r.grad_hist[l], ref / ref.sum(), atol=1e-12)
    top = max(float(np.max(o)) for o in tr.outputs[:-1])
    assert r.act_edges[0] == 0.0 and r.act_edges[-1] == pytest.approx(max(top, 1.0))
    for l, out in enumerate(tr.outputs[:-1]):
        assert r.dead[l] == pytest.approx(dead_fraction(out))
        ref = km.histogram(np.asarray(out, dtype=np.float64), r.act_edges)  # the one-array path
        np.testing.assert_allclose(r.act_hist[l], ref, atol=1e-12)
    assert r.dead[1] >= 3 / 8


def test_backward_without_copies_gives_the_same_numbers():
    X, Y = _data()
    net = _net()
    a, b = net.backward(X, Y), net.backward(X, Y, copy=False)
    for x, y in zip([*a.grad_w, *a.grad_b, *a.outs], [*b.grad_w, *b.grad_b, *b.outs], strict=True):
        np.testing.assert_array_equal(x, y)
    assert a.loss == b.loss
