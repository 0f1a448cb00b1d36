"""Optimisers against updates computed by hand, learning-rate schedules against their closed forms."""

import math

import numpy as np
import pytest

from nnviz.engine import OPTIMIZERS, SGD, Adam, Momentum, Network, Schedule, optimizer_from_dict

# A tiny problem: one linear neuron ŷ = w x + b with MSE, x = (1, 2), y = (1, 3), starting at 0.
X = np.array([[1.0], [2.0]])
Y = np.array([[1.0], [3.0]])


def neuron():
    return Network([1, 1], output="linear", loss="mse", init="zeros", dtype="float64")


def grad(w, b):
    """∂MSE/∂w = (2/N) Σ (ŷ − y) x, ∂MSE/∂b = (2/N) Σ (ŷ − y), written out for the two points."""
    r1, r2 = w * 1 + b - 1, w * 2 + b - 3
    return (r1 * 1 + r2 * 2), (r1 + r2)


def params(net):
    return float(net.weights[0][0, 0]), float(net.biases[0][0])


def test_gradient_of_the_tiny_problem():
    assert grad(0, 0) == (-7, -4)  # by hand: r = (−1, −3); dw = −1 − 6, db = −1 − 3
    dW, db, _ = neuron().gradients(X, Y)
    assert (dW[0][0, 0], db[0][0]) == pytest.approx((-7, -4))


def test_sgd_two_steps():
    net, opt = neuron(), SGD(lr=0.1)
    net.step(X, Y, opt)
    assert params(net) == pytest.approx((0.7, 0.4))  # 0 − 0.1·(−7), 0 − 0.1·(−4)
    gw, gb = grad(0.7, 0.4)  # r = (0.1, −1.2): dw = 0.1 − 2.4 = −2.3, db = −1.1
    assert (gw, gb) == pytest.approx((-2.3, -1.1))
    net.step(X, Y, opt)
    assert params(net) == pytest.approx((0.93, 0.51))
    assert opt.t == 2


def test_momentum_two_steps():
    net, opt = neuron(), Momentum(lr=0.1, momentum=0.9)
    net.step(X, Y, opt)
    # v = g = (−7, −4): the first step equals SGD's.
    assert params(net) == pytest.approx((0.7, 0.4))
    net.step(X, Y, opt)
    # v = 0.9·(−7, −4) + (−2.3, −1.1) = (−8.6, −4.7); p = (0.7, 0.4) − 0.1·v = (1.56, 0.87)
    assert params(net) == pytest.approx((1.56, 0.87))


def test_adam_two_steps():
    lr, b1, b2, eps = 0.1, 0.9, 0.999, 1e-8
    net, opt = neuron(), Adam(lr=lr, beta1=b1, beta2=b2, eps=eps)
    net.step(X, Y, opt)
    # t = 1: m̂ = g and v̂ = g², so each parameter moves by lr·g/(|g| + ε) ≈ lr against its gradient.
    w1, bias1 = lr * 7 / (7 + eps), lr * 4 / (4 + eps)
    assert params(net) == pytest.approx((w1, bias1), rel=1e-12)
    net.step(X, Y, opt)
    gw, gb = grad(w1, bias1)
    expected = []
    for p, g0, g1 in ((w1, -7, gw), (bias1, -4, gb)):
        m = b1 * (1 - b1) * g0 + (1 - b1) * g1
        v = b2 * (1 - b2) * g0**2 + (1 - b2) * g1**2
        m_hat, v_hat = m / (1 - b1**2), v / (1 - b2**2)
        expected.append(p - lr * m_hat / (math.sqrt(v_hat) + eps))
    assert params(net) == pytest.approx(tuple(expected), rel=1e-12)


def test_schedules_follow_their_closed_forms():
    step = Schedule("step", gamma=0.5, every=10)
    assert [step(0.1, t) for t in (0, 9, 10, 19, 20, 35)] == pytest.approx(
        [0.1, 0.1, 0.05, 0.05, 0.025, 0.0125]
    )
    expo = Schedule("exponential", gamma=0.5, every=10)
    assert expo(0.1, 0) == 0.1
    assert expo(0.1, 5) == pytest.approx(0.1 * math.sqrt(0.5))
    assert expo(0.1, 30) == pytest.approx(0.1 / 8)
    assert Schedule()(0.3, 1000) == 0.3
    with pytest.raises(ValueError):
        Schedule("cosine")
    with pytest.raises(ValueError):
        Schedule("step", every=0)


def test_optimiser_uses_its_schedule_step_by_step():
    net, opt = neuron(), SGD(lr=0.1, schedule=Schedule("step", gamma=0.1, every=1))
    lrs = [net.step(X, Y, opt).lr for _ in range(3)]
    assert lrs == pytest.approx([0.1, 0.01, 0.001])
    # Step 1 used 0.1 (to (0.7, 0.4)); step 2 used 0.01 on g = (−2.3, −1.1).
    net2, opt2 = neuron(), SGD(lr=0.1, schedule=Schedule("step", gamma=0.1, every=1))
    net2.step(X, Y, opt2)
    net2.step(X, Y, opt2)
    assert params(net2) == pytest.approx((0.723, 0.411))


def test_reset_forgets_state():
    opt = Adam(lr=0.1)
    net = neuron()
    net.step(X, Y, opt)
    opt.reset()
    net.reset()
    net.step(X, Y, opt)
    assert opt.t == 1
    assert params(net) == pytest.approx((0.1, 0.1), rel=1e-6)


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_state_round_trip_continues_identically(name):
    rng = np.random.default_rng(0)
    Xb, Yb = rng.normal(size=(8, 3)), rng.normal(size=(8, 2))
    make = {
        "sgd": lambda: SGD(0.05, Schedule("exponential", 0.9, 3)),
        "momentum": lambda: Momentum(0.05, 0.8),
        "adam": lambda: Adam(0.01),
    }[name]
    net, opt = Network([3, 4, 2], output="linear", loss="mse", seed=1), make()
    for _ in range(3):
        net.step(Xb, Yb, opt)
    net2 = Network.from_dict(net.to_dict(opt))
    opt2 = optimizer_from_dict(net.to_dict(opt)["optimizer"])
    assert repr(opt2) == repr(opt)
    for _ in range(3):
        a, b = net.step(Xb, Yb, opt), net2.step(Xb, Yb, opt2)
        assert a.loss == b.loss and a.lr == b.lr
    for p, q in zip(net.parameters(), net2.parameters(), strict=True):
        np.testing.assert_array_equal(p, q)


def test_bad_hyperparameters():
    with pytest.raises(ValueError):
        SGD(lr=-1)
    with pytest.raises(ValueError):
        Momentum(0.1, momentum=1.0)
    with pytest.raises(ValueError):
        Adam(beta2=1.0)
