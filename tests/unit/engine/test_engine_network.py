"""Network: shapes, trace, seeds, dtypes, configuration errors, and no NaN inside the bounds."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnviz.engine import ACTIVATIONS, INITIALIZERS, SGD, Network, init_weights

sizes_strategy = st.lists(st.integers(1, 6), min_size=2, max_size=5)
hidden_names = st.sampled_from(["sigmoid", "tanh", "relu", "leaky_relu", "linear"])


def test_public_api_example():
    net = Network([2, 3, 1], hidden="tanh", output="sigmoid", loss="bce", init="xavier", seed=0)
    assert [w.shape for w in net.weights] == [(2, 3), (3, 1)]
    assert [b.shape for b in net.biases] == [(3,), (1,)]
    assert net.weights[0].dtype == np.float32
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    Y = np.array([[0.0], [1.0], [1.0], [0.0]])
    assert net.forward(X).shape == (4, 1)
    dW, db, loss = net.gradients(X, Y)
    assert [d.shape for d in dW] == [(2, 3), (3, 1)] and [d.shape for d in db] == [(3,), (1,)]
    metrics = net.step(X, Y, SGD(lr=0.5))
    assert metrics.loss == pytest.approx(loss, rel=1e-6)
    assert len(metrics.grad_norms) == 2 and not metrics.diverged


@settings(max_examples=40, deadline=None)
@given(sizes_strategy, st.integers(1, 7), hidden_names, st.sampled_from(list(INITIALIZERS)))
def test_shapes_for_any_layer_sizes(sizes, batch, hidden, init):
    net = Network(sizes, hidden=hidden, output="linear", loss="mse", init=init, seed=1)
    X = np.ones((batch, sizes[0]))
    assert net.forward(X).shape == (batch, sizes[-1])
    assert net.forward(X[0]).shape == (sizes[-1],)
    trace = net.trace(X)
    assert [z.shape for z in trace.zs] == [(batch, n) for n in sizes[1:]]
    assert [a.shape for a in trace.activations] == [(batch, n) for n in sizes]
    dW, db, _ = net.gradients(X, np.zeros((batch, sizes[-1])))
    assert [d.shape for d in dW] == [w.shape for w in net.weights]
    assert [d.shape for d in db] == [b.shape for b in net.biases]


def test_trace_layers_follow_the_definition():
    net = Network(
        [3, 4, 2],
        hidden="relu",
        output="softmax",
        loss="cross_entropy",
        init="he",
        seed=2,
        dtype="float64",
    )
    X = np.random.default_rng(0).normal(size=(5, 3))
    trace = net.trace(X)
    np.testing.assert_array_equal(trace.activations[0], X)
    z1 = X @ net.weights[0] + net.biases[0]
    np.testing.assert_allclose(trace.zs[0], z1)
    np.testing.assert_allclose(trace.activations[1], np.maximum(z1, 0))
    z2 = trace.activations[1] @ net.weights[1] + net.biases[1]
    np.testing.assert_allclose(trace.zs[1], z2)
    np.testing.assert_allclose(trace.activations[2], np.exp(z2) / np.exp(z2).sum(1, keepdims=True))
    np.testing.assert_allclose(net.forward(X), trace.activations[2])


@settings(max_examples=30, deadline=None)
@given(sizes_strategy, st.sampled_from(list(INITIALIZERS)), st.integers(0, 2**31 - 1))
def test_same_seed_same_weights_different_seed_different_weights(sizes, init, seed):
    a = Network(sizes, init=init, seed=seed, output="linear", loss="mse")
    b = Network(sizes, init=init, seed=seed, output="linear", loss="mse")
    c = Network(sizes, init=init, seed=seed + 1, output="linear", loss="mse")
    for wa, wb, wc in zip(a.weights, b.weights, c.weights, strict=True):
        np.testing.assert_array_equal(wa, wb)
        if init != "zeros" and wa.size > 1:
            assert not np.array_equal(wa, wc)
    for ba in a.biases:
        assert not ba.any()


def test_initialisers_have_their_documented_spread():
    rng_sizes = [400, 300]
    draws = {name: init_weights(rng_sizes, name, 0)[0] for name in INITIALIZERS}
    assert not draws["zeros"].any()
    assert draws["uniform"].min() >= -1 and draws["uniform"].max() <= 1
    assert draws["uniform"].std() == pytest.approx(1 / np.sqrt(3), rel=0.02)
    assert draws["normal"].std() == pytest.approx(1.0, rel=0.02)
    r = np.sqrt(6 / 700)
    assert np.abs(draws["xavier"]).max() <= r and draws["xavier"].std() == pytest.approx(
        r / np.sqrt(3), rel=0.02
    )
    assert draws["he"].std() == pytest.approx(np.sqrt(2 / 400), rel=0.02)
    np.testing.assert_array_equal(
        init_weights([3, 2], "glorot", 5)[0], init_weights([3, 2], "xavier", 5)[0]
    )


def test_float32_and_float64_start_from_the_same_numbers():
    a = Network([3, 5, 2], seed=4, dtype="float32")
    b = Network([3, 5, 2], seed=4, dtype="float64")
    assert b.weights[0].dtype == np.float64
    np.testing.assert_array_equal(a.weights[0], b.weights[0].astype(np.float32))
    with pytest.raises(ValueError):
        Network([3, 2], dtype="float16")


def test_reset_redraws_in_place():
    net = Network([2, 4, 1], seed=3)
    first = net.weights[0].copy()
    view = net.weights[0]
    net.step(np.ones((2, 2)), np.ones((2, 1)), SGD(lr=1.0))
    assert not np.array_equal(view, first)
    net.reset()
    assert view is net.weights[0]
    np.testing.assert_array_equal(view, first)
    net.reset(seed=9)
    assert net.seed == 9 and not np.array_equal(view, first)


def test_zero_initialisation_keeps_hidden_units_identical():
    """The symmetry problem: with all-zero weights every hidden unit gets the same update."""
    net = Network([2, 4, 1], hidden="sigmoid", output="sigmoid", loss="bce", init="zeros", seed=0)
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    Y = np.array([[0], [1], [1], [1]])  # OR
    opt = SGD(lr=0.5)
    for _ in range(50):
        net.step(X, Y, opt)
    W0, W1 = net.weights
    assert np.abs(W0).max() > 1e-3 and np.abs(W1).max() > 1e-3  # they did learn something…
    np.testing.assert_array_equal(W0, np.repeat(W0[:, :1], 4, axis=1))  # …but all the same thing
    np.testing.assert_array_equal(W1, np.repeat(W1[:1], 4, axis=0))


def test_views_share_storage_with_the_flat_parameters():
    net = Network([3, 2, 2], seed=0)
    net.weights[1][0, 1] = 7.0
    net.biases[0][1] = -2.0
    params = net.parameters()
    assert params[2][0, 1] == 7.0 and params[1][1] == -2.0
    x = np.array([[1.0, 0.0, 0.0]])
    assert net.trace(x).zs[0][0, 1] == pytest.approx(net.weights[0][0, 1] - 2.0)


def test_configuration_errors():
    with pytest.raises(ValueError):
        Network([3])
    with pytest.raises(ValueError):
        Network([3, 0, 1])
    with pytest.raises(ValueError):
        Network([3, 4, 4, 1], hidden=["relu"])
    with pytest.raises(ValueError):
        Network([3, 4, 2], hidden="softmax", output="softmax", loss="cross_entropy")
    with pytest.raises(ValueError):
        Network([3, 2], init="ones")
    with pytest.raises(ValueError):
        Network([3, 2], dropout=1.0)
    with pytest.raises(ValueError):
        Network([3, 2], regularization="l3")
    net = Network([3, 2], output="linear", loss="mse")
    with pytest.raises(ValueError):
        net.forward(np.ones((2, 4)))
    with pytest.raises(ValueError):
        net.gradients(np.ones((2, 3)), np.ones((2, 3)))


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(1, 5), min_size=1, max_size=3),
    st.sampled_from(
        [("sigmoid", "bce"), ("softmax", "cross_entropy"), ("tanh", "mse"), ("linear", "sse")]
    ),
    hidden_names,
    st.lists(st.floats(-1e4, 1e4), min_size=6, max_size=6),
    st.sampled_from(["float32", "float64"]),
)
def test_no_nan_for_inputs_up_to_1e4(hidden_sizes, pair, hidden, values, dtype):
    """Inputs with |x| ≤ 1e4 and xavier weights (so |z| stays far below overflow) give finite outputs,
    loss, gradients and a finite, non-diverged step."""
    output, loss = pair
    n_out = max(2, hidden_sizes[-1]) if output == "softmax" else hidden_sizes[-1]
    sizes = [3, *hidden_sizes[:-1], n_out]
    net = Network(
        sizes, hidden=hidden, output=output, loss=loss, init="xavier", seed=0, dtype=dtype
    )
    X = np.array(values).reshape(2, 3)
    Y = np.zeros((2, n_out))
    Y[:, 0] = 1.0
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        assert np.isfinite(net.forward(X)).all()
        assert np.isfinite(net.evaluate(X, Y))
    dW, db, value = net.gradients(X, Y)
    assert np.isfinite(value) and all(np.isfinite(d).all() for d in dW + db)
    metrics = net.step(X, Y, SGD(lr=1e-6))
    assert not metrics.diverged and np.isfinite(metrics.loss)
    assert all(np.isfinite(p).all() for p in net.parameters())


def test_activation_objects_are_the_shared_table_entries():
    net = Network([2, 3, 3, 1], hidden=["relu", "tanh"], output="sigmoid")
    assert net.activations[0] is ACTIVATIONS["relu"]
    assert net.hidden == ["relu", "tanh"] and net.output == "sigmoid" and net.loss == "bce"


def test_penalty_and_dropout_can_change_between_steps():
    net = Network([2, 3, 1], output="linear", loss="mse", init="normal", seed=0, dtype="float64")
    X, Y = np.ones((4, 2)), np.zeros((4, 1))
    plain = net.gradients(X, Y)
    net.regularization, net.reg_rate = "l2", 0.5
    dW, _, loss = net.gradients(X, Y)
    np.testing.assert_allclose(dW[0], plain[0][0] + 0.5 * net.weights[0])
    assert loss == pytest.approx(plain[2] + 0.25 * sum(np.sum(w**2) for w in net.weights))
    net.regularization = None
    np.testing.assert_array_equal(net.gradients(X, Y)[0][0], plain[0][0])
    with pytest.raises(ValueError):
        net.regularization = "l3"
