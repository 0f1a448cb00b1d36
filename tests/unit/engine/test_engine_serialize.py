"""Serialisation: JSON-safe dict round trips, and the standalone numpy script of the forward pass."""

import io
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
from nnviz.engine.serialize import from_arrays, from_json, load, to_arrays, to_json

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


# ----- the one model format: metadata, array form, strict reading --------------------------------


def small_net(**kw):
    net = Network([3, 4, 2], hidden="tanh", output="softmax", loss="cross_entropy", seed=2, **kw)
    net.step(np.ones((2, 3)), np.eye(2), Adam(0.1))
    return net


META = {
    "features": ["x", "y", "x²"],
    "normalisation": {"mean": [0.5, -1.25, 3.0], "scale": [6.0, 6.0, 36.0]},
    "classes": ["orange", "blue"],
    "trained": True,
    "epochs": 12,
    "note": None,
}


def test_metadata_and_optimiser_round_trip_through_json():
    net, opt = small_net(), Adam(0.05)
    net.step(np.ones((2, 3)), np.eye(2), opt)
    d = to_dict(net, opt, metadata=META)
    saved = load(json.loads(json.dumps(d, allow_nan=False)))
    assert saved.metadata == META and saved.metadata is not META
    assert saved.optimizer.to_dict() == opt.to_dict()
    assert to_dict(saved.network, saved.optimizer, saved.metadata) == d
    again = from_json(to_json(net, metadata=META))
    assert again.metadata == META and again.optimizer is None
    np.testing.assert_array_equal(again.network.forward(np.ones(3)), net.forward(np.ones(3)))
    # no metadata: the key is absent and load gives {}
    assert "metadata" not in to_dict(net) and load(to_dict(net)).metadata == {}


def test_metadata_is_copied_on_write():
    meta = {"features": ["a"]}
    d = to_dict(small_net(), metadata=meta)
    meta["features"].append("b")
    assert d["metadata"] == {"features": ["a"]}


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_array_form_round_trips_through_npz(dtype):
    net = small_net(dtype=dtype)
    header, arrays = to_arrays(net, metadata={"source": "test"})
    assert sorted(arrays) == ["W0", "W1", "b0", "b1"]
    assert arrays["W0"].shape == (3, 4) and arrays["b1"].shape == (2,)
    assert "weights" not in header and header["parameters"] == "arrays"
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    buffer.seek(0)
    with np.load(buffer, allow_pickle=False) as npz:
        saved = from_arrays(json.loads(json.dumps(header)), {k: npz[k] for k in npz.files})
    assert saved.metadata == {"source": "test"}
    assert to_dict(saved.network) == to_dict(net)
    for p, q in zip(net.parameters(), saved.network.parameters(), strict=True):
        assert p.dtype == q.dtype
        np.testing.assert_array_equal(p, q)


def test_minimal_dict_takes_the_defaults():
    d = {
        "format": "nnviz.network",
        "version": 1,
        "sizes": [2, 1],
        "hidden": [],
        "output": "linear",
        "loss": "mse",
        "weights": [[[0.5], [-2]]],
        "biases": [[1]],
    }
    net = from_dict(d)
    assert net.dtype == np.float32 and net.init == "xavier" and net.regularization is None
    assert net.forward([1.0, 1.0]).tolist() == [-0.5]


def valid():
    return to_dict(small_net(), metadata={"features": ["a", "b", "c"]})


def edit(**changes):
    d = valid()
    for key, value in changes.items():
        if value is DELETE:
            del d[key]
        else:
            d[key] = value
    return d


DELETE = object()
W0 = [[0.1] * 4] * 3


@pytest.mark.parametrize(
    ("d", "message"),
    [
        ([1, 2], "expected a JSON object"),
        (edit(format="nnviz.mnist"), "format must be"),
        (edit(version=2), "version 2 is not supported"),
        (edit(extra=1), r"unknown field\(s\) \['extra'\]"),
        (edit(weights=DELETE), r"missing field\(s\) \['weights'\]"),
        (edit(sizes=DELETE), r"missing field\(s\) \['sizes'\]"),
        (edit(sizes=[3]), "sizes must be a list of at least two"),
        (edit(sizes=[3, 0, 2]), "sizes must be"),
        (edit(sizes=[3, True, 2]), "sizes must be"),
        (edit(sizes=[3, 4.0, 2]), "sizes must be"),
        (edit(sizes="3-4-2"), "sizes must be"),
        (edit(sizes=[100000, 100000, 2]), "more than the"),
        (edit(sizes=[3, 5, 2]), r"weights\[0\] has shape \(3, 4\), expected \(3, 5\)"),
        (
            edit(sizes=[3, 4, 4, 2], hidden=["tanh", "tanh"]),
            "have 3 layers, but there are 2 weight",
        ),
        (edit(hidden=["tanh", "relu"]), "1 hidden layers in sizes but 2"),
        (edit(hidden="tanh"), "hidden must be a list"),
        (edit(hidden=["softmax"]), "hidden activation 'softmax' is not one of"),
        (edit(hidden=["swish"]), "hidden activation 'swish'"),
        (edit(output="swish"), "output must be one of"),
        (edit(output=None), "output must be one of"),
        (edit(loss="hinge"), "loss must be one of"),
        (edit(output="tanh"), "needs an output activation"),
        (edit(init="glorot"), "init must be one of"),
        (edit(dtype="float16"), "dtype must be one of"),
        (edit(seed="0"), "seed must be a whole number"),
        (edit(seed=1.5), "seed must be"),
        (edit(seed=-1), "seed must be a whole number ≥ 0"),
        (edit(regularization="l3"), "regularization must be one of"),
        (edit(reg_rate=-1), r"reg_rate must be a number in \[0, inf\)"),
        (edit(reg_rate=float("nan")), "reg_rate must be"),
        (edit(dropout=1.0), "dropout must be"),
        (edit(leaky_slope="0.01"), "leaky_slope must be"),
        (edit(weights="no"), "weights must be a list"),
        (edit(weights=[W0]), "2 layers, but there are 1 weight"),
        (edit(weights=[[[0.1] * 4] * 2 + [[0.1] * 3], [[0.0] * 2] * 4]), r"weights\[0\] must be"),
        (edit(weights=[[["0.1"] * 4] * 3, [[0.0] * 2] * 4]), r"weights\[0\] must hold numbers"),
        (edit(weights=[[[None] * 4] * 3, [[0.0] * 2] * 4]), r"weights\[0\] must be"),
        (edit(weights=[[[True] * 4] * 3, [[0.0] * 2] * 4]), r"weights\[0\] must hold numbers"),
        (edit(weights=[W0, [[float("nan")] * 2] * 4]), r"weights\[1\] holds NaN"),
        (edit(weights=[W0, [[1e300] * 2] * 4]), "too large for float32"),
        (edit(biases=[[0.0] * 4, [0.0] * 3]), r"biases\[1\] has shape \(3,\), expected \(2,\)"),
        (edit(biases=[[0.0] * 4, {"a": 1}]), r"biases\[1\] must"),
        (edit(metadata=[1]), "metadata must be a JSON object"),
        (edit(metadata={"a": float("inf")}), "metadata holds inf at metadata.a"),
        (edit(metadata={"a": [1, {"b": {1, 2}}]}), r"a set at metadata.a\[1\].b"),
        (edit(metadata={"a": {3: "x"}}), "metadata keys must be strings"),
        (edit(optimizer=[]), "optimizer must be an object"),
        (edit(optimizer={"name": "rmsprop", "lr": 0.1}), "the optimizer entry cannot be read"),
        (edit(optimizer={"name": "sgd"}), "the optimizer entry cannot be read"),
        (edit(parameters="arrays"), "marks a header for from_arrays"),
    ],
)
def test_hostile_dicts_are_refused_with_a_reason(d, message):
    with pytest.raises(ValueError, match=message) as info:
        load(d)
    assert str(info.value).startswith("saved network: ")


def test_deep_metadata_is_refused():
    deep = []
    for _ in range(40):
        deep = [deep]
    with pytest.raises(ValueError, match="deeper than"):
        load(edit(metadata={"a": deep}))
    with pytest.raises(ValueError, match="metadata"):
        to_dict(small_net(), metadata={"f": np.float32(1)})


def test_bad_json_and_bad_arrays_are_refused():
    with pytest.raises(ValueError, match="not valid JSON"):
        from_json("{'format': 1}")
    with pytest.raises(ValueError, match="expected a JSON object"):
        from_json("null")
    header, arrays = to_arrays(small_net())
    with pytest.raises(ValueError, match=r"missing \['b1'\], unexpected \['c1'\]"):
        from_arrays(header, {**{k: v for k, v in arrays.items() if k != "b1"}, "c1": arrays["b1"]})
    with pytest.raises(ValueError, match=r"W1 has shape|weights\[1\] has shape"):
        from_arrays(header, {**arrays, "W1": arrays["W1"].T})
    with pytest.raises(ValueError, match="holds NaN"):
        from_arrays(header, {**arrays, "b0": np.full(4, np.nan)})
    with pytest.raises(ValueError, match="must hold numbers"):
        from_arrays(header, {**arrays, "b0": np.array(["a"] * 4)})
    with pytest.raises(ValueError, match="mapping"):
        from_arrays(header, [arrays["W0"]])
    with pytest.raises(ValueError, match='"parameters": "arrays"'):
        from_arrays(to_dict(small_net()), arrays)
    with pytest.raises(ValueError, match="must not also hold"):
        from_arrays({**header, "weights": []}, arrays)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=3),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(valid())), JSON_VALUES)
def test_any_field_replaced_by_junk_loads_or_raises_value_error(key, junk):
    d = edit(**{key: junk})
    try:
        saved = load(d)
    except ValueError as exc:
        assert str(exc).startswith("saved network: ")
        return
    # If it loaded, what it holds is consistent with the (possibly odd but valid) field.
    assert list(saved.network.sizes) == d["sizes"]


def opt_dict():
    net, opt = small_net(), Adam(0.05)
    net.step(np.ones((2, 3)), np.eye(2), opt)
    return net.to_dict(opt)


@pytest.mark.parametrize(
    "change",
    [
        {"lr": float("inf")},
        {"lr": "fast"},
        {"t": -1},
        {"t": 1.5},
        {"dtype": "float16"},
        {"state": {"m": [[0.0] * 3], "v": None}},
        {"state": {"m": [[float("nan")] * 26], "v": None}},
        {"beta1": 1.0},
        {"schedule": {"kind": "cosine"}},
    ],
)
def test_hostile_optimiser_entries_are_refused(change):
    d = opt_dict()
    d["optimizer"] = {**d["optimizer"], **change}
    with pytest.raises(ValueError, match="saved network: the optimizer"):
        load(d)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(opt_dict()["optimizer"])), JSON_VALUES)
def test_optimiser_field_replaced_by_junk_loads_or_raises_value_error(key, junk):
    d = opt_dict()
    d["optimizer"][key] = junk
    try:
        load(d)
    except ValueError as exc:
        assert str(exc).startswith("saved network: ")


def test_numpy_script_takes_extra_code_and_a_main_block(tmp_path):
    net = Network([2, 3, 3], hidden="tanh", output="softmax", loss="cross_entropy", seed=2)
    plain = to_numpy_script(net)
    assert to_numpy_script(net, extra="", main=None) == plain
    extra = "def predict(x):\n    return forward(x).argmax(axis=1)\n"
    main = "x = np.array([[0.5, -1.0], [2.0, 2.0]])\nprint(*predict(x))\n"
    path = tmp_path / "wrapped.py"
    path.write_text(to_numpy_script(net, extra=extra, main=main))
    printed = subprocess.run(
        [sys.executable, str(path)], capture_output=True, text=True, check=True
    )
    expected = net.forward(np.array([[0.5, -1.0], [2.0, 2.0]])).argmax(axis=1)
    assert [int(v) for v in printed.stdout.split()] == expected.tolist()
    namespace = {}
    exec(path.read_text(), namespace)
    assert namespace["predict"](np.zeros((1, 2))).shape == (1,)
