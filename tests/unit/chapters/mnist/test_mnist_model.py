"""The digits network's inspection maths, checked against the engine and against finite differences."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nnviz.chapters.mnist import model as mm
from nnviz.chapters.mnist import netlayout as mn
from nnviz.chapters.mnist.follow import follow
from nnviz.chapters.mnist.images import (
    activation_rgb,
    activations_scale,
    ink_rgba,
    symmetric_limit,
    weights_scale,
)
from nnviz.engine import numerical_partial
from nnviz.kit import network_diagram as nd
from nnviz.kit.heatmap import rgba as heat_rgba


@pytest.fixture(scope="module")
def net():
    """The chapter's network with random He weights and non-zero biases (so every term matters)."""
    n = mm.make_network(seed=5)
    rng = np.random.default_rng(1)
    for b in n.biases:
        b[...] = rng.normal(0, 0.1, b.shape)
    return n


@pytest.fixture(scope="module")
def image():
    rng = np.random.default_rng(2)
    x = np.zeros(784, np.float32)
    x[rng.choice(784, 150, replace=False)] = rng.random(150).astype(np.float32)
    return x


def test_parameter_count_matches_the_architecture():
    weights, biases, formula = mm.parameter_count()
    assert weights == 784 * 128 + 128 * 64 + 64 * 32 + 32 * 10 == 110_912
    assert biases == 128 + 64 + 32 + 10 == 234
    assert weights + biases == 111_146  # the seed's 111,018 is 128 short
    assert formula == "784×128 + 128 + 128×64 + 64 + 64×32 + 32 + 32×10 + 10"
    net = mm.make_network()
    assert sum(p.size for p in net.parameters()) == 111_146


def test_load_params_copies_checks_shapes_and_refuses_nan():
    net = mm.make_network()
    params = mm.snapshot(mm.make_network(seed=9))
    mm.load_params(net, params)
    for l in range(4):
        np.testing.assert_array_equal(net.weights[l], params[f"W{l}"])
        np.testing.assert_array_equal(net.biases[l], params[f"b{l}"])
    bad = dict(params, W1=np.zeros((64, 128), np.float32))
    with pytest.raises(ValueError, match="shape"):
        mm.load_params(net, bad)
    nan = dict(params, b2=np.full(32, np.nan, np.float32))
    with pytest.raises(ValueError, match="NaN"):
        mm.load_params(net, nan)


def test_the_model_file_round_trips_through_an_npz_in_the_engine_format(tmp_path):
    from nnviz.chapters.mnist.build_data import write_npz

    net = mm.make_network(seed=4, dropout=0.1)
    path = tmp_path / "model.npz"
    path.write_bytes(write_npz(mm.model_arrays(net, {"recipe": {"epochs": 30}})))
    with np.load(path, allow_pickle=False) as npz:
        saved = mm.read_model(npz)
        assert sorted(npz.files) == ["W0", "W1", "W2", "W3", "b0", "b1", "b2", "b3", "header"]
    assert saved.metadata == {"recipe": {"epochs": 30}}
    assert tuple(saved.network.sizes) == mm.SIZES and saved.network.dropout == 0.1
    for l in range(4):
        np.testing.assert_array_equal(saved.network.weights[l], net.weights[l])
        np.testing.assert_array_equal(saved.network.biases[l], net.biases[l])
    fresh = mm.make_network(seed=1)
    mm.load_params(fresh, mm.snapshot(saved.network))
    x = np.random.default_rng(0).random((3, 784)).astype(np.float32)
    np.testing.assert_array_equal(fresh.forward(x), net.forward(x))  # same predictions, bit for bit


def test_a_model_file_of_another_shape_or_without_header_is_refused():
    from nnviz.engine import Network

    other = Network((784, 100, 10), hidden="relu", output="softmax", loss="cross_entropy", dtype="float32")
    with pytest.raises(ValueError, match="sizes"):
        mm.read_model(mm.model_arrays(other, {}))
    tanh = Network(mm.SIZES, hidden="tanh", output="softmax", loss="cross_entropy", dtype="float32")
    with pytest.raises(ValueError, match="hidden"):
        mm.read_model(mm.model_arrays(tanh, {}))
    arrays = mm.model_arrays(mm.make_network(), {})
    with pytest.raises(ValueError, match="no header"):
        mm.read_model({k: v for k, v in arrays.items() if k != "header"})
    with pytest.raises(ValueError, match="not JSON"):
        mm.read_model(dict(arrays, header=np.array("{oops")))
    with pytest.raises(ValueError, match="W3"):
        mm.read_model({k: v for k, v in arrays.items() if k != "W3"})


def test_snapshot_is_a_copy():
    net = mm.make_network()
    snap = mm.snapshot(net)
    net.weights[0][0, 0] += 1.0
    assert snap["W0"][0, 0] != net.weights[0][0, 0]


def test_inspect_agrees_with_a_hand_written_forward_pass(net, image):
    look = mm.inspect(net, image)
    a = image.astype(np.float64)
    for l in range(4):
        z = a @ net.weights[l].astype(np.float64) + net.biases[l]
        np.testing.assert_allclose(look.zs[l + 1], z, rtol=1e-4, atol=1e-5)
        a = np.maximum(z, 0) if l < 3 else np.exp(z - z.max()) / np.exp(z - z.max()).sum()
    np.testing.assert_allclose(look.probabilities, a, rtol=1e-4, atol=1e-6)
    assert look.prediction == int(np.argmax(a))
    assert [x.shape for x in look.acts] == [(784,), (128,), (64,), (32,), (10,)]


@pytest.mark.parametrize(("layer", "index"), [(1, 3), (2, 10), (3, 7), (4, 2)])
def test_input_pattern_is_the_gradient_of_z(net, image, layer, index):
    """∂zⱼ/∂x by central differences in float64 matches the chain-rule pattern."""
    look = mm.inspect(net, image)
    g = mm.input_pattern(net, look, layer, index)
    Ws = [w.astype(np.float64) for w in net.weights]
    bs = [b.astype(np.float64) for b in net.biases]

    def z_of(x):
        a = x
        for l in range(layer):
            z = a @ Ws[l] + bs[l]
            a = np.maximum(z, 0)
        return z[index]

    x0 = image.astype(np.float64)
    eps = 1e-6
    for k in np.random.default_rng(3).choice(784, 25, replace=False):
        e = np.zeros(784)
        e[k] = eps
        numeric = (z_of(x0 + e) - z_of(x0 - e)) / (2 * eps)
        assert g[k] == pytest.approx(numeric, rel=1e-4, abs=1e-6)
    if layer == 1:
        np.testing.assert_array_equal(g, net.weights[0][:, index])


def test_weight_stats_and_class_means(net):
    st = mm.weight_stats(net, 2, 5)
    w = net.weights[1][:, 5].astype(np.float64)
    assert (st.mean, st.std, st.min, st.max, st.count) == pytest.approx((w.mean(), w.std(), w.min(), w.max(), 128))
    assert st.bias == pytest.approx(float(net.biases[1][5]))
    rng = np.random.default_rng(4)
    x = rng.random((40, 784)).astype(np.float32)
    y = np.repeat(np.arange(10), 4)
    means = mm.class_means(net, x, y, 2)
    for d in (0, 7):
        acts = [mm.inspect(net, xi).acts[2] for xi in x[y == d]]
        np.testing.assert_allclose(means[d], np.mean(acts, axis=0), rtol=1e-4, atol=1e-5)
    with pytest.raises(IndexError):
        mm.weight_stats(net, 1, 128)


def test_digits_from_arrays_validates_and_scales():
    rng = np.random.default_rng(0)
    arrays = {"x_train": rng.integers(0, 256, (6, 784), dtype=np.uint8), "y_train": np.arange(6, dtype=np.uint8),
              "x_test": rng.integers(0, 256, (3, 784), dtype=np.uint8), "y_test": np.array([1, 2, 3], np.uint8)}
    d = mm.Digits.from_arrays(arrays)
    np.testing.assert_allclose(d.train, arrays["x_train"] / 255, atol=1e-7)
    assert d.train.dtype == np.float32
    with pytest.raises(ValueError):
        mm.Digits.from_arrays(dict(arrays, y_test=np.array([1, 2, 12])))
    with pytest.raises(ValueError):
        mm.Digits.from_arrays(dict(arrays, x_test=np.zeros((3, 783), np.uint8)))


# ----- backpropagation with numbers ----------------------------------------------------------


@pytest.mark.parametrize(("layer", "index"), [(1, 0), (2, 3), (3, 31), (4, 6)])
def test_follow_gradients_match_finite_differences(net, image, layer, index):
    """The panel's ∂C/∂w and ∂C/∂b (from the engine's trace) against central differences of C."""
    f = follow(net, image, label=6, layer=layer, index=index, lr=0.05)
    y = mm.one_hot([6])
    x = image.reshape(1, -1)
    num_w = numerical_partial(net, x, y, layer - 1, "W", (f.source, index))
    num_b = numerical_partial(net, x, y, layer - 1, "b", index)
    assert f.gradient == pytest.approx(num_w, rel=2e-3, abs=1e-7)
    assert f.delta == pytest.approx(num_b, rel=2e-3, abs=1e-7)
    # the cost is −log of the correct digit's probability (closed form)
    assert f.cost == pytest.approx(-math.log(f.probabilities[6]), rel=1e-5)
    assert f.activation == ("softmax" if layer == 4 else "relu")


def test_hidden_deltas_follow_the_chain_rule_by_hand(net, image):
    """δ⁽ˡ⁾ = (W⁽ˡ⁺¹⁾ δ⁽ˡ⁺¹⁾) ⊙ [z⁽ˡ⁾ > 0], written out here with ReLU by hand, from δ⁽⁴⁾ = p − e_y."""
    f = follow(net, image, label=3, layer=1, index=0, lr=0.05)
    look = mm.inspect(net, image)
    d = look.probabilities.astype(np.float64) - mm.one_hot([3])[0]
    np.testing.assert_allclose(f.deltas[3], d, atol=1e-6)
    for l in (3, 2, 1):
        d = (net.weights[l].astype(np.float64) @ d) * (look.zs[l] > 0)
        np.testing.assert_allclose(f.deltas[l - 1], d, rtol=1e-4, atol=1e-7)


@pytest.mark.parametrize(("layer", "index"), [(1, 0), (2, 3), (3, 31), (4, 6)])
def test_follow_reports_consistent_numbers(net, image, layer, index):
    f = follow(net, image, label=6, layer=layer, index=index, lr=0.05)
    look = mm.inspect(net, image)
    assert f.z == pytest.approx(float(look.zs[layer][index]), rel=1e-6)
    assert f.fan_in == net.sizes[layer - 1]
    # the three terms shown are the largest |w·a| of z, in order
    products = net.weights[layer - 1][:, index].astype(np.float64) * look.acts[layer - 1]
    top = np.sort(np.abs(products))[::-1][:3]
    assert [abs(t.product) for t in f.terms] == pytest.approx(top)
    assert f.source == f.terms[0].index
    assert f.gradient == pytest.approx(f.source_value * f.delta, rel=1e-6, abs=1e-12)
    assert f.new_weight == pytest.approx(f.weight - 0.05 * f.gradient)
    if layer < 4:
        assert f.delta == pytest.approx(f.back_sum * f.fprime)
        assert f.fprime == (1.0 if f.z > 0 else 0.0)
    np.testing.assert_allclose(f.output_delta, look.probabilities - mm.one_hot([6])[0], atol=1e-6)


# ----- network picture --------------------------------------------------------------------------


def test_layout_places_everything_inside_the_picture():
    lay = mn.layout()
    assert lay.sizes == (784, 128, 64, 32, 10) and lay.drawn_edges == 0
    for layer, n in zip(range(1, 5), (128, 64, 32, 10), strict=True):
        xy = lay.node_xy[layer]
        assert xy.shape == (n, 2)
        r = lay.radius_of(layer)
        assert (xy[:, 0] - r >= 0).all() and (xy[:, 0] + r <= mn.WIDTH).all()
        assert (xy[:, 1] - r >= 20).all() and (xy[:, 1] + r <= mn.HEIGHT).all()
        assert len({(round(x, 3), round(y, 3)) for x, y in xy}) == n  # no two neurons overlap
    assert lay.node_ids(3)[7] == "mnist-node-3-7"
    x, y, w, h = mn.IMAGE_BOX
    pixels = lay.node_xy[0]
    assert (pixels[:, 0] > x).all() and (pixels[:, 0] < x + w).all() and (pixels[:, 1] > y).all() and (pixels[:, 1] < y + h).all()
    # pixel r·28 + c sits in row r, column c of the image
    assert np.allclose(pixels[28 * 3 + 5], [x + 5.5 * mn.CELL, y + 3.5 * mn.CELL])


def test_the_drawn_edges_are_the_strongest_weights(net):
    lay = mn.layout(net.weights)
    for W, (src, dst) in zip(net.weights, lay.edges, strict=True):
        assert len(src) == mn.EDGES_PER_GAP
        chosen = np.sort(np.abs(W[src, dst]))
        expected = np.sort(np.abs(W).ravel())[-len(src):]
        np.testing.assert_array_equal(chosen, expected)
    lines = lay.edge_lines(0)
    assert lines.shape == (mn.EDGES_PER_GAP, 4)
    src, dst = lay.edges[0]
    assert np.allclose(lines[:, :2], lay.node_xy[0][src]) and np.allclose(lines[:, 2:], lay.node_xy[1][dst])


def test_edge_flow_and_opacity(net, image):
    look = mm.inspect(net, image)
    edges = nd.strongest_edges(net.weights, k=20)
    flows = mn.edge_flow(net.weights, look.acts, edges)
    src, dst = edges[1]
    np.testing.assert_allclose(flows[1], np.abs(net.weights[1][src, dst] * look.acts[1][src]), rtol=1e-6)
    for o in mn.flow_opacity(flows):
        assert (o >= 0.06 - 1e-12).all() and (o <= 0.9 + 1e-12).all()
    fills = mn.layer_fill(look.acts)
    assert all(fills[l].min() >= 0 and fills[l].max() <= 1 for l in fills)
    assert fills[1].max() == pytest.approx(1.0)


def test_images_and_legends():
    rgba = ink_rgba(np.array([[0.0, 1.0]]))
    assert rgba.shape == (1, 2, 4) and rgba[0, 0].tolist() == [255, 255, 255, 255]
    assert rgba[0, 1, :3].tolist() == [29, 35, 48]
    w = np.array([-2.0, 0.0, 2.0])
    assert symmetric_limit(w) == 2.0 and symmetric_limit(np.zeros(3)) == 1.0
    colours = heat_rgba(w, weights_scale(2.0))
    assert colours[0, 2] > colours[0, 0]  # negative: blue
    assert colours[2, 0] > colours[2, 2]  # positive: red
    assert min(colours[1, :3]) > 230  # zero: near white
    axis = weights_scale(2.0).axis(1.0, [0.0])  # the colour bar's labels
    assert list(axis.labels) == ["-2", "0", "2"]
    assert axis.positions.tolist() == [0.0, 0.5, 1.0]
    activity = activations_scale()
    assert activity.domain == (0.0, 100.0) and np.array_equal(activity(np.array([0.0, 50.0, 100.0])),
                                                              activation_rgb(np.array([0.0, 0.5, 1.0])))
