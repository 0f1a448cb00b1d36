"""Backpropagation against central finite differences, in float64, on small random networks.

Every hidden activation × (output activation, loss) × initialisation that makes sense, with and
without L1/L2 penalties, plus dropout's training-time gradient against a forward pass written here.
"""

import itertools

import numpy as np
import pytest

from nnviz.engine import INITIALIZERS, SGD, Network, dropout_mask

HIDDEN = ["sigmoid", "tanh", "relu", "leaky_relu", "linear"]
OUTPUTS = ["sigmoid", "tanh", "relu", "leaky_relu", "linear", "softmax"]
# Squared errors work with every output (softmax through its full Jacobian); the two
# cross-entropies only with the output they are fused with.
PAIRS = [(o, loss) for o in OUTPUTS for loss in ("mse", "sse")]
PAIRS += [("sigmoid", "bce"), ("softmax", "cross_entropy")]
H = 1e-6
TOL = 1e-6


def numeric_gradient(net, X, Y):
    """Return (L(p + h) − L(p − h)) / 2h for every weight and bias, flattened in order."""
    out = []
    for p in net.parameters():
        for i in range(p.size):
            old = p.flat[i]
            p.flat[i] = old + H
            up = net.evaluate(X, Y)
            p.flat[i] = old - H
            down = net.evaluate(X, Y)
            p.flat[i] = old
            out.append((up - down) / (2 * H))
    return np.array(out)


def analytic_gradient(net, X, Y):
    dW, db, loss = net.gradients(X, Y)
    flat = np.concatenate(
        [np.concatenate([w.ravel(), b.ravel()]) for w, b in zip(dW, db, strict=True)]
    )
    return flat, loss


def relative_error(a, b):
    return np.max(np.abs(a - b)) / max(np.max(np.abs(a)), np.max(np.abs(b)), 1e-12)


def targets(rng, loss, n, k):
    if loss == "cross_entropy":
        y = rng.random((n, k))
        return y / y.sum(axis=1, keepdims=True)  # probability rows, as cross_entropy expects
    if loss == "bce":
        return rng.random((n, k))
    return rng.normal(0, 1, (n, k))


def make_case(hidden, output, loss, init, seed, **kw):
    rng = np.random.default_rng(seed)
    net = Network(
        [3, 4, 3, 2],
        hidden=hidden,
        output=output,
        loss=loss,
        init=init,
        seed=seed,
        dtype="float64",
        **kw,
    )
    if init != "zeros":
        # Non-zero biases keep pre-activations off ReLU's kink at exactly 0 (a dead row of the
        # previous layer would otherwise give z = b = 0, where finite differences are one-sided).
        for b in net.biases:
            b[:] = rng.normal(0, 0.5, b.shape)
    X = rng.normal(0, 1, (5, 3))
    return net, X, targets(rng, loss, 5, 2)


def cases():
    for n, (hidden, (output, loss), init) in enumerate(
        itertools.product(HIDDEN, PAIRS, INITIALIZERS)
    ):
        # With zero weights a ReLU output sits exactly on its kink, where no derivative exists.
        if init == "zeros" and output in ("relu", "leaky_relu"):
            continue
        yield pytest.param(hidden, output, loss, init, n, id=f"{hidden}-{output}-{loss}-{init}")


@pytest.mark.parametrize(("hidden", "output", "loss", "init", "seed"), list(cases()))
def test_backprop_matches_finite_differences(hidden, output, loss, init, seed):
    net, X, Y = make_case(hidden, output, loss, init, seed)
    analytic, loss_value = analytic_gradient(net, X, Y)
    assert relative_error(analytic, numeric_gradient(net, X, Y)) < TOL
    assert loss_value == pytest.approx(net.evaluate(X, Y), rel=1e-12)


@pytest.mark.parametrize("regularization", ["l1", "l2"])
@pytest.mark.parametrize("init", ["zeros", "normal", "he"])
@pytest.mark.parametrize(
    ("output", "loss"), [("sigmoid", "bce"), ("softmax", "cross_entropy"), ("linear", "mse")]
)
def test_backprop_with_weight_penalty(regularization, init, output, loss):
    net, X, Y = make_case(
        ["tanh", "leaky_relu"], output, loss, init, 7, regularization=regularization, reg_rate=0.3
    )
    analytic, _ = analytic_gradient(net, X, Y)
    assert relative_error(analytic, numeric_gradient(net, X, Y)) < TOL
    # The penalty really is in there: it changes the gradient of every non-zero weight.
    plain = Network.from_dict({**net.to_dict(), "regularization": None, "reg_rate": 0.0})
    if init != "zeros":
        assert not np.allclose(analytic, analytic_gradient(plain, X, Y)[0])


def test_mixed_hidden_activations_per_layer():
    net = Network(
        [2, 5, 4, 3, 1],
        hidden=["relu", "sigmoid", "leaky_relu"],
        output="sigmoid",
        loss="bce",
        init="he",
        seed=11,
        dtype="float64",
        leaky_slope=0.2,
    )
    rng = np.random.default_rng(11)
    for b in net.biases:
        b[:] = rng.normal(0, 0.5, b.shape)
    X, Y = rng.normal(0, 1, (6, 2)), rng.integers(0, 2, (6, 1))
    assert [a.name for a in net.activations] == ["relu", "sigmoid", "leaky_relu", "sigmoid"]
    assert net.activations[2].slope == 0.2
    analytic, _ = analytic_gradient(net, X, Y)
    assert relative_error(analytic, numeric_gradient(net, X, Y)) < TOL


def test_dropout_step_follows_the_gradient_of_the_masked_network():
    """With dropout, one SGD step with lr = 1 moves the parameters by exactly the gradient of the
    loss of the network with those masks applied, which this test computes on its own."""
    rate, seed = 0.4, 5
    net = Network(
        [3, 6, 5, 2],
        hidden="tanh",
        output="softmax",
        loss="cross_entropy",
        init="xavier",
        seed=seed,
        dtype="float64",
        dropout=rate,
    )
    rng = np.random.default_rng(0)
    X = rng.normal(0, 1, (4, 3))
    Y = np.eye(2)[[0, 1, 1, 0]]
    # The same masks the network will draw: its dropout stream, seeded [seed, 1], per hidden layer.
    mask_rng = np.random.default_rng([seed, 1])
    masks = [dropout_mask(mask_rng, (4, n), rate, np.float64) for n in (6, 5)]
    Ws = [w.copy() for w in net.weights]
    bs = [b.copy() for b in net.biases]

    def masked_loss(Ws, bs):
        a = X
        for W, b, m in zip(Ws[:-1], bs[:-1], masks, strict=True):
            a = np.tanh(a @ W + b) * m
        z = a @ Ws[-1] + bs[-1]
        p = np.exp(z - z.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        return -np.sum(Y * np.log(p)) / len(X)

    numeric = []
    for params in (Ws, bs):
        for p in params:
            for i in range(p.size):
                old = p.flat[i]
                p.flat[i] = old + H
                up = masked_loss(Ws, bs)
                p.flat[i] = old - H
                down = masked_loss(Ws, bs)
                p.flat[i] = old
                numeric.append((up - down) / (2 * H))
    before = [p.copy() for p in net.weights + net.biases]
    metrics = net.step(X, Y, SGD(lr=1.0))
    moved = np.concatenate(
        [(b - a).ravel() for a, b in zip(net.weights + net.biases, before, strict=True)]
    )
    assert metrics.loss == pytest.approx(masked_loss(Ws, bs), rel=1e-12)
    assert relative_error(moved, np.array(numeric)) < TOL
