"""The pure-Python fast path for tiny networks (engine/tiny.py) against the engine itself:
Network.step with SGD (the same losses and weights, to rounding), the numpy backward trace,
engine.numerical_gradient and the Mazur 2-2-2 example's published first update."""

import itertools

import numpy as np
import pytest

from nnviz.engine import SGD, Network, backward_trace, numerical_gradient
from nnviz.engine.tiny import ELEMENTWISE, Tiny, batched_numerical_gradient, supported

CASES = [(f, out, loss) for f in ELEMENTWISE for out, loss in
         (("same", "half_sse"), ("softmax", "cross_entropy"))]
SIZES = [(2, 2, 2), (3, 4, 2), (4, 4, 4, 4, 4), (1, 3, 2, 2)]


def network(sizes, f, out, loss, seed=0):
    net = Network(list(sizes), hidden=f, output=f if out == "same" else out, loss=loss, init="xavier",
                  seed=seed, dtype="float64")
    rng = np.random.default_rng(seed + 10)
    for b in net.biases:
        b[...] = rng.normal(0, 0.3, b.shape)  # biases matter too: not all zero
    return net


def example(sizes, loss, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(0, 1, sizes[0])
    y = rng.random(sizes[-1])
    return x, (y / y.sum() if loss == "cross_entropy" else y)


@pytest.mark.parametrize(("f", "out", "loss"), CASES)
@pytest.mark.parametrize("sizes", SIZES)
def test_sgd_matches_network_step(sizes, f, out, loss):
    ref, fast = network(sizes, f, out, loss), network(sizes, f, out, loss)
    x, y = example(sizes, loss)
    opt = SGD(0.3)
    expected = [float(ref.step(x[None], y[None], opt).loss) for _ in range(25)]
    tiny = Tiny.of(fast)
    assert tiny is not None
    run = tiny.sgd(x, y, 0.3, 25)
    assert not run.diverged and len(run.losses) == 25
    np.testing.assert_allclose(run.losses, expected, rtol=1e-12, atol=1e-15)
    tiny.store(fast)
    np.testing.assert_allclose(fast._flat, ref._flat, rtol=1e-11, atol=1e-14)
    assert tiny.loss(x, y) == pytest.approx(ref.evaluate(x, y), rel=1e-12, abs=1e-15)


@pytest.mark.parametrize(("f", "out", "loss"), CASES)
def test_numerical_gradient_matches_the_engine_and_the_trace(f, out, loss):
    sizes = (3, 4, 3, 2)
    net = network(sizes, f, out, loss, seed=2)
    x, y = example(sizes, loss, seed=5)
    engine = numerical_gradient(net, x, y)
    trace = backward_trace(net, x, y)
    for fast in (Tiny(net).numerical_gradient(x, y), batched_numerical_gradient(net, x, y)):
        for got, want, exact in zip(fast.grad_w + fast.grad_b, engine.grad_w + engine.grad_b,
                                    trace.grad_w + trace.grad_b, strict=True):
            assert got.shape == want.shape
            np.testing.assert_allclose(got, want, rtol=1e-7, atol=1e-10)
            np.testing.assert_allclose(got, exact, rtol=1e-6, atol=1e-9)  # finite differences vs backprop
        assert fast.loss == pytest.approx(trace.loss, rel=1e-12)


def test_batched_check_refuses_unsupported_networks():
    net = Network([2, 3, 2], hidden="sigmoid", output="sigmoid", loss="mse", dtype="float64")
    with pytest.raises(ValueError, match="supports"):
        batched_numerical_gradient(net, [0.1, 0.2], [0.3, 0.4])
    with pytest.raises(ValueError, match="eps"):
        batched_numerical_gradient(network((2, 2, 2), "tanh", "same", "half_sse"), [0.1, 0.2], [0.3, 0.4], eps=0)


def test_mazur_first_update():
    """Matt Mazur, "A Step by Step Backpropagation Example" (2015): 2-2-2 sigmoid network,
    x = (0.05, 0.10), y = (0.01, 0.99), η = 0.5: total error 0.298371109 before the update and
    w5 = 0.35891648, w1 = 0.149780716 after it (w5 is the weight from h1 to o1)."""
    net = Network([2, 2, 2], hidden="sigmoid", output="sigmoid", loss="half_sse", init="zeros", dtype="float64")
    net.weights[0][...] = [[0.15, 0.25], [0.20, 0.30]]
    net.biases[0][...] = 0.35
    net.weights[1][...] = [[0.40, 0.50], [0.45, 0.55]]
    net.biases[1][...] = 0.60
    tiny = Tiny(net)
    run = tiny.sgd([0.05, 0.10], [0.01, 0.99], 0.5, 1)
    assert run.losses[0] == pytest.approx(0.298371109, abs=1e-9)
    tiny.store(net)
    assert net.weights[1][0, 0] == pytest.approx(0.35891648, abs=1e-8)
    assert net.weights[0][0, 0] == pytest.approx(0.149780716, abs=1e-9)


def test_divergence_stops_before_the_bad_step_and_keeps_finite_weights():
    net = Network([2, 2, 1], hidden="linear", output="linear", loss="half_sse", init="xavier", seed=1,
                  dtype="float64")
    tiny = Tiny(net)
    run = tiny.sgd([3.0, -2.0], [1.0], 40.0, 500)
    assert run.diverged and 0 < len(run.losses) < 500
    assert all(np.isfinite(v) for layer in tiny.w for row in layer for v in row)
    ref = Network([2, 2, 1], hidden="linear", output="linear", loss="half_sse", init="xavier", seed=1,
                  dtype="float64")
    steps = [ref.step([[3.0, -2.0]], [[1.0]], SGD(40.0)) for _ in range(len(run.losses))]
    assert not any(m.diverged for m in steps)  # every update the fast path made, the engine made too
    np.testing.assert_allclose(run.losses, [m.loss for m in steps], rtol=1e-9)


def test_zero_learning_rate_changes_nothing():
    net = network((2, 3, 2), "tanh", "same", "half_sse")
    before = net._flat.copy()
    tiny = Tiny(net)
    run = tiny.sgd([0.5, -0.5], [0.2, 0.8], 0.0, 3)
    tiny.store(net)
    assert len(set(run.losses)) == 1 and np.array_equal(net._flat, before)


@pytest.mark.parametrize("kwargs", [
    {"dtype": "float32"},
    {"loss": "mse"},
    {"output": "softmax", "loss": "mse"},
    {"regularization": "l2", "reg_rate": 0.1},
    {"dropout": 0.5},
    {"hidden": "elu"},
])
def test_unsupported_networks_are_refused(kwargs):
    settings = dict(hidden="sigmoid", output="sigmoid", loss="half_sse", dtype="float64") | kwargs
    net = Network([2, 3, 2], **settings)
    assert not supported(net) and Tiny.of(net) is None


def test_supported_pairs():
    for f, (out, loss) in itertools.product(ELEMENTWISE, (("sigmoid", "half_sse"), ("softmax", "cross_entropy"))):
        assert supported(Network([2, 2, 2], hidden=f, output=out, loss=loss, dtype="float64"))
