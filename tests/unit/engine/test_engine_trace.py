"""The public backward trace: against finite differences, the network's own gradients and
training step, a direct re-derivation from the activation/loss tables, and published numbers."""

import itertools
import math

import numpy as np
import pytest

from nnviz.engine import (
    ACTIVATIONS,
    LOSSES,
    SGD,
    Network,
    backward_trace,
    check_pair,
    get_activation,
    gradient_norms,
    numerical_gradient,
    numerical_partial,
    twin,
    weight_norms,
)

HIDDEN = ["sigmoid", "tanh", "relu", "leaky_relu", "linear"]
# Every (output activation, loss) pair the engine accepts.
PAIRS = []
for output, loss in itertools.product(ACTIVATIONS, LOSSES):
    try:
        check_pair(output, loss)
    except ValueError:
        continue
    PAIRS.append((output, loss))


def targets(rng, loss, n, k):
    if loss == "cross_entropy":
        y = rng.random((n, k))
        return y / y.sum(axis=1, keepdims=True)
    if loss == "bce":
        return rng.random((n, k))
    return rng.normal(0, 1, (n, k))


def case(hidden, output, loss, seed, sizes=(3, 4, 3, 2), n=5, **kw):
    rng = np.random.default_rng(seed)
    net = Network(
        list(sizes),
        hidden=hidden,
        output=output,
        loss=loss,
        init="xavier",
        seed=seed,
        dtype="float64",
        **kw,
    )
    for b in net.biases:  # keep ReLU pre-activations off the kink at exactly 0
        b[:] = rng.normal(0, 0.5, b.shape)
    return net, rng.normal(0, 1, (n, sizes[0])), targets(rng, loss, n, sizes[-1])


def relative_error(a, b):
    return np.max(np.abs(a - b)) / max(np.max(np.abs(a)), np.max(np.abs(b)), 1e-12)


def test_every_output_and_loss_pair_is_covered():
    assert ("sigmoid", "bce") in PAIRS and ("softmax", "cross_entropy") in PAIRS
    assert ("softmax", "mse") in PAIRS and ("linear", "sse") in PAIRS
    assert ("sigmoid", "half_sse") in PAIRS
    assert len(PAIRS) == len(ACTIVATIONS) * 3 + 2  # mse, sse, half_sse with any output


@pytest.mark.parametrize(
    ("hidden", "output", "loss"), [(h, o, lo) for h in HIDDEN for o, lo in PAIRS]
)
def test_trace_matches_finite_differences(hidden, output, loss):
    seed = (HIDDEN.index(hidden) * 31 + PAIRS.index((output, loss))) % 1000
    net, X, Y = case(hidden, output, loss, seed)
    tr = backward_trace(net, X, Y)
    num = numerical_gradient(net, X, Y)
    for l in range(net.n_layers):
        assert relative_error(tr.grad_w[l], num.grad_w[l]) < 1e-6, l
        assert relative_error(tr.grad_b[l], num.grad_b[l]) < 1e-6, l
    assert tr.loss == pytest.approx(num.loss, rel=1e-12)
    assert tr.loss == pytest.approx(net.evaluate(X, Y), rel=1e-12)


@pytest.mark.parametrize(("output", "loss"), PAIRS)
def test_trace_follows_the_textbook_equations_through_the_tables(output, loss):
    """Rebuild every δ and ∂ from the trace's own a, z and the engine's tables, layer by layer."""
    net, X, Y = case(["tanh", "leaky_relu"], output, loss, 3, leaky_slope=0.1)
    tr = backward_trace(net, X, Y)
    n = len(X)
    acts = [get_activation(name, 0.1) for name in tr.activations]
    # forward: z = a W + b, a = f(z)
    a = X
    for l in range(net.n_layers):
        np.testing.assert_array_equal(tr.inputs[l], a)
        np.testing.assert_allclose(tr.zs[l], a @ net.weights[l] + net.biases[l], rtol=1e-12)
        a = acts[l](tr.zs[l])
        np.testing.assert_allclose(tr.outputs[l], a, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(tr.fprimes[l], acts[l].prime(tr.zs[l]), rtol=1e-12)
    # output error, by the rule the trace names
    dC_da = LOSSES[loss].der(tr.output, Y)
    np.testing.assert_allclose(tr.grad_out, dC_da, rtol=1e-12)
    if tr.rule == "fused":
        per = n if loss == "cross_entropy" else Y.size
        expected = (tr.output - Y) / per
    elif tr.rule == "jacobian":
        s = tr.output
        expected = np.einsum(
            "ni,nij->nj",
            dC_da,
            np.einsum("ni,ij->nij", s, np.eye(s.shape[1])) - np.einsum("ni,nj->nij", s, s),
        )
    else:
        expected = dC_da * tr.fprimes[-1]
    assert tr.rule == (
        "fused"
        if (output, loss) in [("sigmoid", "bce"), ("softmax", "cross_entropy")]
        else "jacobian"
        if output == "softmax"
        else "elementwise"
    )
    np.testing.assert_allclose(tr.deltas[-1], expected, rtol=1e-10, atol=1e-15)
    # hidden errors and gradients
    for l in range(net.n_layers - 1, -1, -1):
        if l < net.n_layers - 1:
            back = (tr.deltas[l + 1] @ net.weights[l + 1].T) * tr.fprimes[l]
            np.testing.assert_allclose(tr.deltas[l], back, rtol=1e-10, atol=1e-15)
        np.testing.assert_allclose(
            tr.grad_w[l], tr.inputs[l].T @ tr.deltas[l], rtol=1e-10, atol=1e-15
        )
        np.testing.assert_allclose(tr.grad_b[l], tr.deltas[l].sum(axis=0), rtol=1e-10, atol=1e-15)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize(
    ("output", "loss"),
    [("sigmoid", "bce"), ("softmax", "cross_entropy"), ("linear", "mse"), ("softmax", "sse")],
)
def test_trace_gradients_are_the_training_gradients(dtype, output, loss):
    net, X, Y = case("relu", output, loss, 9, regularization="l2", reg_rate=0.05)
    net = Network.from_dict({**net.to_dict(), "dtype": dtype})
    tr = backward_trace(net, X, Y)
    dW, db, value = net.gradients(X, Y)
    for l in range(net.n_layers):
        np.testing.assert_array_equal(tr.grad_w[l], dW[l])
        np.testing.assert_array_equal(tr.grad_b[l], db[l])
        assert tr.grad_w[l].dtype == np.dtype(dtype)
    assert tr.loss == value and tr.penalty > 0
    # One SGD step with lr = 1 moves every parameter by exactly the traced gradient (up to the
    # rounding of p − (p − g)), and reports the same per-layer gradient norms.
    before = [p.astype(np.float64) for p in net.parameters()]
    m = net.step(X, Y, SGD(lr=1.0))
    assert m.loss == pytest.approx(tr.loss, rel=1e-6)
    assert m.grad_norms == pytest.approx(tr.grad_norms, rel=1e-6)
    moved = [b - p for b, p in zip(before, net.parameters(), strict=True)]
    traced = [g for pair in zip(tr.grad_w, tr.grad_b, strict=True) for g in pair]
    for mv, g in zip(moved, traced, strict=True):
        np.testing.assert_allclose(mv, g, rtol=1e-4 if dtype == "float32" else 1e-9, atol=1e-7)


def test_penalty_is_in_the_gradient_and_the_loss():
    net, X, Y = case("tanh", "sigmoid", "bce", 4, regularization="l1", reg_rate=0.2)
    tr = backward_trace(net, X, Y)
    assert tr.penalty == pytest.approx(0.2 * sum(np.abs(W).sum() for W in net.weights))
    for l in range(net.n_layers):
        plain = tr.inputs[l].T @ tr.deltas[l]
        np.testing.assert_allclose(tr.grad_w[l] - plain, 0.2 * np.sign(net.weights[l]), atol=1e-12)
    num = numerical_gradient(net, X, Y)
    assert (
        relative_error(
            np.concatenate([w.ravel() for w in tr.grad_w]),
            np.concatenate([w.ravel() for w in num.grad_w]),
        )
        < 1e-6
    )


def test_shapes_for_a_batch_and_for_one_example():
    net = Network([2, 3, 1], hidden="tanh", output="sigmoid", loss="bce", seed=1)
    X = np.random.default_rng(0).normal(size=(5, 2))
    Y = np.array([0, 1, 1, 0, 1])  # any array of size n · outputs
    tr = backward_trace(net, X, Y)
    assert [a.shape for a in tr.inputs] == [(5, 2), (5, 3)]
    assert [z.shape for z in tr.zs] == [(5, 3), (5, 1)]
    assert [a.shape for a in tr.outputs] == [a.shape for a in tr.deltas] == [(5, 3), (5, 1)]
    assert [w.shape for w in tr.grad_w] == [(2, 3), (3, 1)]
    assert [b.shape for b in tr.grad_b] == [(3,), (1,)]
    assert tr.targets.shape == tr.grad_out.shape == tr.output.shape == (5, 1)
    assert tr.sizes == (2, 3, 1) and tr.activations == ("tanh", "sigmoid") and not tr.single
    assert tr.n_layers == 2 and tr.loss_name == "bce" and tr.rule == "fused"
    one = backward_trace(net, X[2], Y[2:3])
    assert one.single
    assert [z.shape for z in one.zs] == [(3,), (1,)] and one.inputs[0].shape == (2,)
    assert [w.shape for w in one.grad_w] == [(2, 3), (3, 1)]
    alone = backward_trace(net, X[2:3], Y[2:3])
    # one example is a batch of one with the batch axis dropped
    for a, b in zip(one.deltas, alone.deltas, strict=True):
        np.testing.assert_array_equal(a, b[0])
    for a, b in zip(one.grad_w, alone.grad_w, strict=True):
        np.testing.assert_array_equal(a, b)


def test_record_is_frozen_and_leaves_the_network_alone():
    net, X, Y = case("sigmoid", "linear", "mse", 2)
    saved = [p.copy() for p in net.parameters()]
    tr = backward_trace(net, X, Y)
    with pytest.raises(AttributeError):
        tr.loss = 0.0
    with pytest.raises(ValueError):
        tr.deltas[0][0, 0] = 1.0
    # A later training step reuses the network's scratch arrays; the record keeps its numbers.
    kept = tr.deltas[-1].copy()
    net.step(X, Y, SGD(0.5))
    np.testing.assert_array_equal(tr.deltas[-1], kept)
    numerical_gradient(net, X, Y)
    net2 = Network.from_dict(net.to_dict())
    for p, q in zip(net.parameters(), net2.parameters(), strict=True):
        np.testing.assert_array_equal(p, q)
    assert not np.array_equal(saved[0], net.weights[0])  # the step did move it


def test_numerical_partial_and_norm_helpers():
    net, X, Y = case("tanh", "softmax", "cross_entropy", 6)
    tr = backward_trace(net, X, Y)
    assert numerical_partial(net, X, Y, 1, "W", (2, 1)) == pytest.approx(
        tr.grad_w[1][2, 1], rel=1e-6
    )
    assert numerical_partial(net, X, Y, 2, "b", 0) == pytest.approx(tr.grad_b[2][0], rel=1e-6)
    with pytest.raises(ValueError):
        numerical_partial(net, X, Y, 0, "z", 0)
    with pytest.raises(ValueError):
        numerical_gradient(net, X, Y, eps=0)
    assert weight_norms(net) == pytest.approx([math.sqrt((W**2).sum()) for W in net.weights])
    expected = [
        math.sqrt((w**2).sum() + (b**2).sum()) for w, b in zip(tr.grad_w, tr.grad_b, strict=True)
    ]
    assert gradient_norms(tr) == pytest.approx(expected) == tr.grad_norms
    assert tr.weight_grad_norms == pytest.approx([math.sqrt((w**2).sum()) for w in tr.grad_w])
    flat = numerical_gradient(net, X, Y).flat()
    assert flat.shape == (sum(p.size for p in net.parameters()),)


def test_numerical_check_of_a_float32_network_runs_in_float64():
    net, X, Y = case("sigmoid", "sigmoid", "bce", 8)
    net32 = Network.from_dict({**net.to_dict(), "dtype": "float32"})
    tr = backward_trace(net32, X, Y)
    num = numerical_gradient(net32, X, Y)
    assert num.grad_w[0].dtype == np.float64
    # float32 differences at eps = 1e-6 would be noise; the float64 twin agrees to float32 precision
    assert (
        relative_error(
            np.concatenate([w.ravel() for w in tr.grad_w]),
            np.concatenate([w.ravel() for w in num.grad_w]),
        )
        < 1e-4
    )


def mazur_network():
    """2-2-2 sigmoid network with Mazur's weights; W[i, j] is the weight from unit i to unit j."""
    net = Network([2, 2, 2], hidden="sigmoid", output="sigmoid", loss="mse", dtype="float64")
    net.weights[0][:] = [[0.15, 0.25], [0.20, 0.30]]  # w1 (i1→h1), w3 (i1→h2) / w2, w4
    net.biases[0][:] = 0.35
    net.weights[1][:] = [[0.40, 0.50], [0.45, 0.55]]  # w5 (h1→o1), w7 (h1→o2) / w6, w8
    net.biases[1][:] = 0.60
    return net


def test_mazur_step_by_step_backpropagation_example():
    """Matt Mazur, "A Step by Step Backpropagation Example" (blog post, 17 March 2015,
    mattmazur.com/2015/03/17/a-step-by-step-backpropagation-example/): inputs 0.05, 0.10,
    targets 0.01, 0.99, E = Σ ½(target − out)², which for two outputs is the engine's mse
    (1/K) Σ (a − y)². The published figures below are those printed in the post, rounded to the
    digits it prints; the engine must reproduce each (Mazur updates only the weights, lr 0.5)."""
    net = mazur_network()
    x, y = [0.05, 0.10], [0.01, 0.99]
    tr = backward_trace(net, x, y)
    assert tr.outputs[0][0] == pytest.approx(0.593269992, abs=1e-9)  # out_h1
    assert tr.outputs[0][1] == pytest.approx(0.596884378, abs=1e-9)  # out_h2
    assert tr.output[0] == pytest.approx(0.75136507, abs=1e-8)  # out_o1
    assert tr.output[1] == pytest.approx(0.772928465, abs=1e-9)  # out_o2
    assert tr.loss == pytest.approx(0.298371109, abs=1e-9)  # E_total
    assert tr.deltas[1][0] == pytest.approx(0.138498562, abs=1e-9)  # δ_o1
    assert tr.grad_w[1][0, 0] == pytest.approx(0.082167041, abs=1e-9)  # ∂E/∂w5
    assert tr.grad_w[0][0, 0] == pytest.approx(0.000438568, abs=1e-9)  # ∂E/∂w1
    lr = 0.5
    new_w2 = net.weights[1] - lr * tr.grad_w[1]
    new_w1 = net.weights[0] - lr * tr.grad_w[0]
    published_output = {
        (0, 0): 0.35891648,
        (1, 0): 0.408666186,
        (0, 1): 0.511301270,
        (1, 1): 0.561370121,
    }  # w5, w6, w7, w8
    published_hidden = {
        (0, 0): 0.149780716,
        (1, 0): 0.19956143,
        (0, 1): 0.24975114,
        (1, 1): 0.29950229,
    }  # w1, w2, w3, w4
    for ij, value in published_output.items():
        assert new_w2[ij] == pytest.approx(value, abs=1e-8), ij
    for ij, value in published_hidden.items():
        assert new_w1[ij] == pytest.approx(value, abs=1e-8), ij
    # The network's own SGD step lands on the same weights (it also moves the biases).
    net.step([x], [y], SGD(lr=lr))
    np.testing.assert_allclose(net.weights[1], new_w2, rtol=1e-12)
    np.testing.assert_allclose(net.weights[0], new_w1, rtol=1e-12)


def test_mazur_example_recomputed_by_hand():
    """The same example written out with math.exp only, independent of the engine's tables."""

    def s(z):
        return 1 / (1 + math.exp(-z))

    h1, h2 = s(0.15 * 0.05 + 0.20 * 0.10 + 0.35), s(0.25 * 0.05 + 0.30 * 0.10 + 0.35)
    o1, o2 = s(0.40 * h1 + 0.45 * h2 + 0.60), s(0.50 * h1 + 0.55 * h2 + 0.60)
    d_o1, d_o2 = (o1 - 0.01) * o1 * (1 - o1), (o2 - 0.99) * o2 * (1 - o2)
    d_h1 = (d_o1 * 0.40 + d_o2 * 0.50) * h1 * (1 - h1)
    tr = backward_trace(mazur_network(), [0.05, 0.10], [0.01, 0.99])
    assert tr.loss == pytest.approx(0.5 * (0.01 - o1) ** 2 + 0.5 * (0.99 - o2) ** 2, rel=1e-14)
    assert tr.deltas[1] == pytest.approx([d_o1, d_o2], rel=1e-12)
    assert tr.deltas[0][0] == pytest.approx(d_h1, rel=1e-12)
    assert tr.grad_w[1][1, 1] == pytest.approx(d_o2 * h2, rel=1e-12)  # ∂E/∂w8
    assert tr.grad_w[0][1, 0] == pytest.approx(d_h1 * 0.10, rel=1e-12)  # ∂E/∂w2


@pytest.mark.parametrize(
    ("output", "loss"),
    [("softmax", "cross_entropy"), ("linear", "sse"), ("sigmoid", "bce"), ("tanh", "mse")],
)
def test_batch_deltas_are_per_sample_deltas_over_n(output, loss):
    net, X, Y = case("relu", output, loss, 12, n=4)
    batch = backward_trace(net, X, Y)
    for i in range(4):
        one = backward_trace(net, X[i], Y[i])
        for l in range(net.n_layers):
            np.testing.assert_allclose(
                batch.deltas[l][i], one.deltas[l] / 4, rtol=1e-12, atol=1e-16
            )
    # and the batch gradient is the mean of the per-sample gradients
    mean = np.mean([backward_trace(net, X[i], Y[i]).grad_w[0] for i in range(4)], axis=0)
    np.testing.assert_allclose(batch.grad_w[0], mean, rtol=1e-12, atol=1e-16)


def test_float64_trace_of_a_float32_network():
    net32 = Network([4, 5, 3], hidden="relu", output="softmax", loss="cross_entropy", seed=3)
    X, Y = np.random.default_rng(1).normal(size=(2, 4)), np.eye(3)[[0, 2]]
    tr32 = backward_trace(net32, X, Y)
    tr64 = backward_trace(net32, X, Y, dtype="float64")
    assert tr32.deltas[0].dtype == np.float32 and tr64.deltas[0].dtype == np.float64
    net64 = twin(net32)
    assert net64.dtype == np.float64 and net32.dtype == np.float32
    for p, q in zip(net32.parameters(), net64.parameters(), strict=True):
        np.testing.assert_array_equal(p.astype(np.float64), q)
    for a, b in zip(tr64.grad_w, backward_trace(net64, X, Y).grad_w, strict=True):
        np.testing.assert_array_equal(a, b)
    for a, b in zip(tr32.grad_w, tr64.grad_w, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-6)
