"""Loss table: the documented reductions, gradients, fused forms, and stability for |z| up to 1e4."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from nnviz.engine import FUSED, LOSSES, Network, check_pair, get_loss

A = np.array([[0.2, 0.7, 0.1], [0.6, 0.3, 0.1]])
Y = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])


def test_reductions_as_documented():
    # Written out element by element: N = 2 samples, K = 3 outputs.
    squares = sum((A[n, k] - Y[n, k]) ** 2 for n in range(2) for k in range(3))
    assert LOSSES["mse"](A, Y) == pytest.approx(squares / 6)  # mean over outputs and batch
    assert LOSSES["sse"](A, Y) == pytest.approx(squares / 2)  # sum over outputs, mean over batch
    assert LOSSES["half_sse"](A, Y) == pytest.approx(squares / 4)  # ½ · the sse, as C = ½ Σ (y − a)²
    bce = -sum(
        Y[n, k] * math.log(A[n, k]) + (1 - Y[n, k]) * math.log(1 - A[n, k])
        for n in range(2)
        for k in range(3)
    )
    assert LOSSES["bce"](A, Y) == pytest.approx(bce / 6)
    ce = -(math.log(0.7) + math.log(0.6))
    assert LOSSES["cross_entropy"](A, Y) == pytest.approx(ce / 2)


def test_sse_on_seed_001_targets():
    # Seed 001: target 0.99 for the right digit, 0.0 for the other nine; one sample.
    outputs = np.full((1, 10), 0.5)
    target = np.zeros((1, 10))
    target[0, 8] = 0.99
    assert LOSSES["sse"](outputs, target) == pytest.approx(9 * 0.25 + 0.49**2)


@pytest.mark.parametrize("name", list(LOSSES))
def test_derivative_matches_finite_differences(name):
    loss = LOSSES[name]
    h = 1e-7
    numeric = np.zeros_like(A)
    for i in range(A.size):
        up, down = A.copy(), A.copy()
        up.flat[i] += h
        down.flat[i] -= h
        numeric.flat[i] = (loss.fn(up, Y) - loss.fn(down, Y)) / (2 * h)
    np.testing.assert_allclose(loss.der(A, Y), numeric, rtol=1e-6)


def test_fused_forms_equal_the_plain_ones_where_both_are_exact():
    rng = np.random.default_rng(0)
    z = rng.normal(0, 2, (4, 3))
    y01 = rng.integers(0, 2, (4, 3)).astype(float)
    sigmoid = 1 / (1 + np.exp(-z))
    fused = FUSED[("sigmoid", "bce")]
    assert fused.value(z, y01) == pytest.approx(LOSSES["bce"].fn(sigmoid, y01), rel=1e-12)
    a, value = fused.forward(z, y01)
    assert value == pytest.approx(fused.value(z, y01), rel=1e-12)
    np.testing.assert_allclose(a, sigmoid, rtol=1e-12)
    # ∂L/∂z = (a − y) / NK for bce, i.e. the plain ∂L/∂a times σ′(z) = a(1 − a).
    np.testing.assert_allclose(
        fused.delta(a, y01), LOSSES["bce"].der(a, y01) * a * (1 - a), rtol=1e-9
    )

    onehot = np.eye(3)[[0, 2, 1, 1]]
    soft = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    fused = FUSED[("softmax", "cross_entropy")]
    assert fused.value(z, onehot) == pytest.approx(
        LOSSES["cross_entropy"].fn(soft, onehot), rel=1e-12
    )
    a, value = fused.forward(z.copy(), onehot)
    assert value == pytest.approx(fused.value(z, onehot), rel=1e-12)
    np.testing.assert_allclose(a, soft, rtol=1e-12)
    np.testing.assert_allclose(fused.delta(a, onehot), (soft - onehot) / 4, rtol=1e-12)


@settings(max_examples=60, deadline=None)
@given(
    arrays(
        np.float64, st.tuples(st.integers(1, 5), st.integers(2, 4)), elements=st.floats(-1e4, 1e4)
    ),
    st.data(),
)
def test_fused_losses_stay_finite_for_z_up_to_1e4(z, data):
    n, k = z.shape
    labels = data.draw(arrays(np.int64, (n,), elements=st.integers(0, k - 1)))
    onehot = np.eye(k)[labels]
    y01 = data.draw(arrays(np.float64, (n, k), elements=st.sampled_from([0.0, 1.0])))
    for dtype in (np.float64, np.float32):
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            for (_, name), fused in FUSED.items():
                y = onehot if name == "cross_entropy" else y01
                a, value = fused.forward(z.astype(dtype), y.astype(dtype))
                assert math.isfinite(value) and value >= -1e-3
                assert np.isfinite(fused.delta(a, y.astype(dtype))).all()
    # The exact value for one row: −log softmax(z)[label] = logsumexp(z) − z[label].
    m = z[0].max()
    expected = m + math.log(sum(math.exp(v - m) for v in z[0])) - z[0, labels[0]]
    assert FUSED[("softmax", "cross_entropy")].value(z[:1], onehot[:1]) == pytest.approx(
        expected, rel=1e-9, abs=1e-9
    )


def test_plain_losses_clip_their_logs():
    a = np.array([[0.0, 1.0]])
    y = np.array([[1.0, 0.0]])
    with np.errstate(divide="raise", invalid="raise"):
        assert math.isfinite(LOSSES["bce"](a, y))
        assert math.isfinite(LOSSES["cross_entropy"](a, y))
        assert np.isfinite(LOSSES["bce"].der(a, y)).all()


def test_network_loss_uses_log_sum_exp_for_extreme_logits():
    net = Network([1, 2], output="softmax", loss="cross_entropy", init="zeros", dtype="float32")
    net.weights[0][:] = [[1e4, -1e4]]
    # z = (1e4, −1e4) for x = 1: the loss of the wrong class is exactly 2e4, not a clipped log.
    assert net.evaluate([[1.0]], [[0.0, 1.0]]) == pytest.approx(2e4)
    assert net.evaluate([[1.0]], [[1.0, 0.0]]) == pytest.approx(0.0, abs=1e-6)


def test_pairs_that_make_sense():
    check_pair("softmax", "cross_entropy")
    check_pair("sigmoid", "bce")
    check_pair("softmax", "mse")
    check_pair("tanh", "sse")
    for output, loss in [("tanh", "bce"), ("sigmoid", "cross_entropy"), ("linear", "bce")]:
        with pytest.raises(ValueError):
            check_pair(output, loss)
        with pytest.raises(ValueError):
            Network([2, 2], output=output, loss=loss)
    with pytest.raises(ValueError):
        get_loss("hinge")
    for loss in LOSSES.values():
        assert loss.label and loss.formula and loss.reduction
