"""Serialisation: JSON-safe dict round trips, and the standalone numpy script of the forward pass."""

import json
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnviz.engine import (
    ACTIVATIONS,
    Adam,
    Momentum,
    Network,
    from_dict,
    optimizer_from_dict,
    to_dict,
    to_numpy_script,
)

HIDDEN = ["sigmoid", "tanh", "relu", "leaky_relu", "linear"]
PAIRS = [
    ("sigmoid", "bce"),
    ("softmax", "cross_entropy"),
    ("linear", "mse"),
    ("tanh", "sse"),
    ("leaky_relu", "mse"),
    ("relu", "sse"),
]


@st.composite
def networks(draw):
    hidden_sizes = draw(st.lists(st.integers(1, 5), max_size=3))
    output, loss = draw(st.sampled_from(PAIRS))
    n_out = draw(st.integers(2 if output == "softmax" else 1, 4))
    hidden = [draw(st.sampled_from(HIDDEN)) for _ in hidden_sizes]
    return Network(
        [draw(st.integers(1, 5)), *hidden_sizes, n_out],
        hidden=hidden,
        output=output,
        loss=loss,
        init=draw(st.sampled_from(["uniform", "normal", "xavier", "he"])),
        seed=draw(st.integers(0, 1000)),
        dtype=draw(st.sampled_from(["float32", "float64"])),
        leaky_slope=draw(st.sampled_from([0.01, 0.1, 0.3])),
        regularization=draw(st.sampled_from([None, "l1", "l2"])),
        reg_rate=draw(st.sampled_from([0.0, 0.001])),
        dropout=draw(st.sampled_from([0.0, 0.25])),
    )


def inputs(net, n=4, seed=0):
    return np.random.default_rng(seed).normal(0, 2, (n, net.sizes[0]))


@settings(max_examples=40, deadline=None)
@given(networks())
def test_dict_round_trips_through_json_exactly(net):
    # Train a little so the weights are not just the seed's.
    X = inputs(net)
    Y = np.zeros((4, net.sizes[-1]))
    Y[:, 0] = 1
    net.step(X, Y, Adam(0.01))
    d = to_dict(net)
    back = from_dict(json.loads(json.dumps(d)))
    assert to_dict(back) == d
    for p, q in zip(net.parameters(), back.parameters(), strict=True):
        assert p.dtype == q.dtype
        np.testing.assert_array_equal(p, q)
    np.testing.assert_array_equal(back.forward(X), net.forward(X))
    assert back.evaluate(X, Y) == net.evaluate(X, Y)


@settings(max_examples=40, deadline=None)
@given(networks())
def test_numpy_script_reproduces_the_forward_pass(net):
    namespace = {}
    exec(to_numpy_script(net), namespace)
    X = inputs(net, seed=1)
    np.testing.assert_array_equal(namespace["forward"](X), net.forward(X))
    np.testing.assert_array_equal(namespace["forward"](X[0]), net.forward(X[0]))


def test_numpy_script_runs_standalone(tmp_path):
    net = Network(
        [3, 4, 2],
        hidden="leaky_relu",
        output="softmax",
        loss="cross_entropy",
        seed=5,
        leaky_slope=0.2,
    )
    path = tmp_path / "net.py"
    path.write_text(to_numpy_script(net))
    printed = subprocess.run(
        [sys.executable, str(path)], capture_output=True, text=True, check=True
    ).stdout
    expected = net.forward(np.zeros((1, 3)))
    assert [float(v) for v in printed.strip().strip("[]").split()] == pytest.approx(
        expected[0], rel=1e-6
    )
    text = path.read_text()
    imports = [line for line in text.splitlines() if line.startswith(("import ", "from "))]
    assert imports == ["import numpy as np"]
    assert ACTIVATIONS["softmax"].code.strip() in text


def test_float32_literals_are_exact():
    net = Network([2, 3], output="linear", loss="mse", dtype="float32")
    hard = np.array([0.1, 1 / 3, 3.4028235e38, -1.1754944e-38, 16777217.0, np.pi], dtype=np.float32)
    net.weights[0][:] = hard.reshape(2, 3)
    namespace = {}
    exec(to_numpy_script(net), namespace)
    np.testing.assert_array_equal(namespace["WEIGHTS"][0], net.weights[0])


def test_dict_holds_optimiser_state_and_settings():
    net = Network(
        [2, 3, 1],
        hidden="relu",
        output="sigmoid",
        loss="bce",
        seed=3,
        regularization="l2",
        reg_rate=0.01,
        dropout=0.1,
    )
    opt = Adam(0.02)
    net.step(np.ones((2, 2)), np.ones((2, 1)), opt)
    d = net.to_dict(opt)
    assert d["sizes"] == [2, 3, 1] and d["hidden"] == ["relu"] and d["output"] == "sigmoid"
    assert d["loss"] == "bce" and d["regularization"] == "l2" and d["dropout"] == 0.1
    assert d["weights"][0] == net.weights[0].tolist()
    assert d["optimizer"]["name"] == "adam" and d["optimizer"]["t"] == 1
    json.dumps(d)
    restored = optimizer_from_dict(json.loads(json.dumps(d["optimizer"])))
    assert restored.to_dict() == opt.to_dict()


def test_from_dict_rejects_mismatched_data():
    d = Network([2, 3, 1], seed=0).to_dict()
    with pytest.raises(ValueError):
        from_dict({**d, "format": "other"})
    with pytest.raises(ValueError):
        from_dict({**d, "weights": d["weights"][:1]})
    with pytest.raises(ValueError):
        from_dict({**d, "sizes": [2, 4, 1]})


def test_optimiser_state_keeps_the_network_dtype():
    net, opt = Network([2, 2], output="linear", loss="mse", dtype="float64"), Momentum(0.1)
    net.step(np.ones((1, 2)), np.ones((1, 2)), opt)
    restored = optimizer_from_dict(json.loads(json.dumps(opt.to_dict())))
    assert restored._v[0].dtype == np.float64
    np.testing.assert_array_equal(restored._v[0], opt._v[0])
