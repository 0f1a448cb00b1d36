"""The stepping model, the "All gradients" table and the chain rule, for every activation and
loss: against a finite difference taken here (perturbing the link's w list and re-reading the
loss, independent of the engine's own check), and against the trace they are read from."""

from __future__ import annotations

import itertools
import math
import re

import numpy as np
import pytest

from nnviz.chapters.backprop.chain import chain
from nnviz.chapters.backprop.model import Snapshot, agrees, from_engine, params_of, to_engine
from nnviz.chapters.backprop.scene import scene
from nnviz.chapters.backprop.state import (
    ACTIVATIONS,
    LOSSES,
    State,
    default_targets,
    n_params,
    random_weights,
)
from nnviz.chapters.backprop.steps import Progress, plan, say, touches

PAIRS = list(itertools.product(ACTIVATIONS, LOSSES))
SHAPES = [(2, 2, 2), (3, 4, 2), (2, 3, 3, 2), (4, 2, 3, 1, 2)]


def state_for(f, loss, layers, seed):
    rng = np.random.default_rng(seed)
    x = tuple(float(v) for v in np.round(rng.uniform(-1, 1, layers[0]), 3))
    if loss == "ce":
        y = default_targets(layers[-1], loss)
    else:
        y = tuple(float(v) for v in np.round(rng.uniform(0, 1, layers[-1]), 3))
    w = random_weights(layers, seed)
    return State(layers=layers, f=f, loss=loss, x=x, y=y, lr=0.1, w=w, seed=seed)


def loss_at(state, w):
    return Snapshot(State(**{**state.__dict__, "w": tuple(w)})).loss


def own_finite_difference(state, i, eps=1e-6):
    up, down = list(state.w), list(state.w)
    up[i] += eps
    down[i] -= eps
    return (loss_at(state, up) - loss_at(state, down)) / (2 * eps)


@pytest.mark.parametrize(("f", "loss"), PAIRS)
@pytest.mark.parametrize("layers", SHAPES[:3])
def test_table_gradients_match_finite_differences(f, loss, layers):
    seed = 3 + SHAPES.index(layers)
    state = state_for(f, loss, layers, seed)
    snap = Snapshot(state)
    assert not _near_kink(snap), "pick another seed: a finite difference would straddle a ReLU kink"
    bad, worst = snap.agreement()
    assert bad == [], "backprop and the engine's check disagree"
    for i in range(len(snap.params)):
        assert agrees(snap.grad[i], own_finite_difference(state, i)), snap.params[i].name
    # value after the update: p − η ∂C/∂p, entry by entry
    np.testing.assert_allclose(snap.after, np.array(state.w) - state.lr * np.array(snap.grad), rtol=1e-15)
    assert worst < 1e-6


def _near_kink(snap):
    """Some neuron within 10⁻⁵ of z = 0 (for a ReLU, a finite difference would straddle the kink)."""
    return any(abs(float(z)) < 1e-5 for z in np.concatenate([snap.z[l] for l in range(1, len(snap.sizes))]))


def test_a_relu_on_its_kink_is_reported_as_a_disagreement():
    # z¹₁ = 0 exactly: ReLU′(0) is taken as 0, while a central difference sees slope ½
    state = State(f="relu", w=(0.0, 0.0, 0.0, *State().w[3:]))
    snap = Snapshot(state)
    bad, _ = snap.agreement()
    assert {snap.params[i].name for i in bad} >= {"b¹₁"}


@pytest.mark.parametrize(("f", "loss"), PAIRS)
def test_every_step_shows_the_traces_number(f, loss):
    layers = (2, 3, 2)
    snap = Snapshot(state_for(f, loss, layers, 11))
    steps = plan(layers, softmax=loss == "ce")
    assert len(steps) == 2 * 5 + 1 + 2 + n_params(layers) + 1
    L = len(layers) - 1
    for s in steps:
        text = say(s, snap)
        last = text.numeric.splitlines()[-1].rsplit("= ", 1)[-1].rstrip(".")
        if s.kind == "z":
            assert _value(last) == pytest.approx(float(snap.z[s.layer][s.j]), rel=1e-5, abs=1e-9)
        elif s.kind == "a":
            assert _value(last) == pytest.approx(float(snap.a[s.layer][s.j]), rel=1e-5, abs=1e-9)
        elif s.kind == "loss":
            assert _value(last) == pytest.approx(snap.loss, rel=1e-5)
        elif s.kind == "grad":
            assert _value(last) == pytest.approx(snap.grad[s.param.index], rel=1e-5, abs=1e-9)
        elif s.kind == "delta" and s.layer < L:
            for j, line in enumerate(text.numeric.splitlines()):
                assert _value(line.rsplit("= ", 1)[-1]) == pytest.approx(float(snap.delta[s.layer][j]), rel=1e-5,
                                                                          abs=1e-9)


def _value(text: str) -> float:
    """Read a number as text.num writes it ("−0.0380982", "1.2 × 10⁻⁷")."""
    text = text.strip().replace("−", "-")
    m = re.fullmatch(r"(-?[\d.]+) × 10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)", text)
    if m:
        exponent = int(m.group(2).translate(str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")))
        return float(m.group(1)) * 10**exponent
    return float(text)


def test_the_plan_goes_forward_then_back_layer_by_layer():
    steps = plan((2, 2, 2), softmax=False)
    labels = [s.label for s in steps]
    assert labels[:9] == ["z¹₁", "a¹₁", "z¹₂", "a¹₂", "z²₁", "a²₁", "z²₂", "a²₂", "C"]
    assert labels[9] == "δ²" and labels[16] == "δ¹" and labels[-1] == "update"
    assert labels[10:16] == ["∂C/∂w²₁₁", "∂C/∂w²₁₂", "∂C/∂b²₁", "∂C/∂w²₂₁", "∂C/∂w²₂₂", "∂C/∂b²₂"]
    soft = [s.label for s in plan((2, 2, 3), softmax=True)]
    assert soft[4:10] == ["z²₁", "z²₂", "z²₃", "a²₁", "a²₂", "a²₃"]  # softmax needs every z first


def test_progress_reveals_values_one_operation_at_a_time():
    state = State()
    snap = Snapshot(state)
    steps = plan(state.layers, False)
    before = scene(snap, Progress(steps, 0))
    assert all(v.a == "" for (l, _), v in before.nodes.items() if l) and before.loss == "C = ?"
    one = scene(snap, Progress(steps, 1))
    assert one.nodes[(1, 0)].z == "z 0.3775" and one.nodes[(1, 0)].a == ""
    assert one.nodes[(1, 0)].state == "writes" and one.params["edge-1-0-1"].state == "reads"
    forward = scene(snap, Progress(steps, 9))
    assert all(v.a for v in forward.nodes.values()) and forward.loss == "C = 0.298371"
    assert all(v.delta == "" for v in forward.nodes.values())
    full = scene(snap, Progress(steps, len(steps) - 1))
    assert all(v.grad for v in full.params.values())
    assert all(v.delta for (l, _), v in full.nodes.items() if l)


def test_touches_name_what_each_operation_reads_and_writes():
    steps = plan((2, 2, 2), False)
    reads, writes = touches(steps[0], (2, 2, 2))
    assert reads == {"node-0-0", "node-0-1", "edge-1-0-0", "edge-1-0-1", "bias-1-0"} and writes == {"node-1-0"}
    hidden_delta = next(s for s in steps if s.kind == "delta" and s.layer == 1)
    reads, writes = touches(hidden_delta, (2, 2, 2))
    assert {"edge-2-0-0", "edge-2-1-0", "node-2-0", "node-2-1"} <= reads and writes == {"node-1-0", "node-1-1"}


@pytest.mark.parametrize(("f", "loss"), PAIRS)
def test_chain_rule_factors_and_paths_give_the_gradient(f, loss):
    layers = (2, 3, 2, 2)
    snap = Snapshot(state_for(f, loss, layers, 5))
    for p in snap.params:
        c = chain(snap, p)
        assert c.product == pytest.approx(snap.grad[p.index], rel=1e-9, abs=1e-15), p.name
        if p.layer < len(layers) - 1:
            assert len(c.paths) == math.prod(layers[p.layer + 1:])
            assert c.paths_total == pytest.approx(snap.grad[p.index], rel=1e-9, abs=1e-15), p.name
        else:
            assert c.paths == ()


def test_w_list_layout_is_neuron_by_neuron_incoming_weights_then_bias():
    layers = (3, 2, 1)
    w = tuple(float(i) for i in range(n_params(layers)))  # 0 … 10
    flat = to_engine(layers, w)
    # engine order: W⁰ (3, 2) row-major, b⁰, W¹ (2, 1), b¹; our neuron 1 of layer 1 reads w[0:3], bias w[3]
    W0 = flat[:6].reshape(3, 2)
    assert list(W0[:, 0]) == [0, 1, 2] and list(W0[:, 1]) == [4, 5, 6]
    assert list(flat[6:8]) == [3, 7] and list(flat[8:10]) == [8, 9] and flat[10] == 10
    names = [p.name for p in params_of(layers)]
    assert names[:4] == ["w¹₁₁", "w¹₁₂", "w¹₁₃", "b¹₁"] and names[-1] == "b²₁"
    W1 = flat[8:10].reshape(2, 1)
    assert from_engine(layers, [W0, W1], [flat[6:8], flat[10:11]]) == list(w)
