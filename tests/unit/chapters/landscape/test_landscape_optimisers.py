"""The six update rules: first steps by hand on the bowl f = x² + 10y² (∇f = (2x, 20y)), SGD
against its closed form, and SGD / Momentum / Adam against the engine's optimisers."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nnviz.chapters.landscape.optimisers import RULES, step
from nnviz.engine import SGD, Adam, Momentum


def bowl_grad(x, y):
    return 2 * x, 20 * y


def run(key, lr, h, n, start=(1.0, 1.0), grad=bowl_grad):
    memory, p, out = RULES[key].start(), start, []
    for t in range(1, n + 1):
        st = step(key, p, grad, lr, h, memory, t)
        memory, p = st.memory, st.point
        out.append(st)
    return out


def test_sgd_first_steps():
    s1, s2 = run("sgd", 0.01, {}, 2)
    assert s1.point == pytest.approx((0.98, 0.8))  # (1, 1) − 0.01·(2, 20)
    assert s2.point == pytest.approx((0.98 - 0.01 * 1.96, 0.8 - 0.01 * 16))


def test_momentum_first_steps():
    s1, s2 = run("momentum", 0.01, {"beta": 0.9}, 2)
    assert s1.memory["v"] == pytest.approx((2.0, 20.0))
    assert s1.point == pytest.approx((0.98, 0.8))
    # v₂ = 0.9·(2, 20) + (1.96, 16) = (3.76, 34)
    assert s2.memory["v"] == pytest.approx((3.76, 34.0))
    assert s2.point == pytest.approx((0.9424, 0.46))


def test_nesterov_looks_ahead():
    s1, s2 = run("nesterov", 0.01, {"beta": 0.9}, 2)
    assert s1.point == pytest.approx((0.98, 0.8))  # no velocity yet: the look-ahead is the point
    # look ahead: (0.98, 0.8) − 0.01·0.9·(2, 20) = (0.962, 0.62); gradient there (1.924, 12.4)
    assert s2.shown["look"] == pytest.approx((0.962, 0.62))
    assert s2.grad == pytest.approx((1.924, 12.4))
    assert s2.memory["v"] == pytest.approx((3.724, 30.4))
    assert s2.point == pytest.approx((0.94276, 0.496))


def test_adagrad_first_steps():
    s1, s2 = run("adagrad", 0.1, {"eps": 0.0}, 2)
    assert s1.memory["G"] == pytest.approx((4.0, 400.0))
    assert s1.point == pytest.approx((0.9, 0.9))  # g / √G = ±1: every coordinate moves by lr
    assert s2.memory["G"] == pytest.approx((7.24, 724.0))
    assert s2.point == pytest.approx((0.9 - 0.1 * 1.8 / math.sqrt(7.24), 0.9 - 0.1 * 18 / math.sqrt(724)))


def test_rmsprop_first_step():
    (s1,) = run("rmsprop", 0.01, {"beta": 0.9, "eps": 0.0}, 1)
    assert s1.memory["s"] == pytest.approx((0.4, 40.0))
    # g / √s = 2 / √0.4 = 20 / √40 = √10 in both coordinates
    assert s1.delta == pytest.approx((-0.01 * math.sqrt(10), -0.01 * math.sqrt(10)))


def test_adam_first_steps_and_bias_correction():
    s1, s2 = run("adam", 0.1, {"beta1": 0.9, "beta2": 0.999, "eps": 0.0}, 2)
    assert s1.shown["c1"] == pytest.approx(0.1) and s1.shown["c2"] == pytest.approx(0.001)
    assert s1.shown["m_hat"] == pytest.approx((2.0, 20.0))  # bias correction undoes the zero start
    assert s1.point == pytest.approx((0.9, 0.9))  # m̂ / √v̂ = sign(g): a step of lr per coordinate
    g = (1.8, 18.0)
    m = [0.9 * 0.1 * a + 0.1 * b for a, b in zip((2.0, 20.0), g, strict=True)]
    v = [0.999 * 0.001 * a * a + 0.001 * b * b for a, b in zip((2.0, 20.0), g, strict=True)]
    c1, c2 = 1 - 0.9**2, 1 - 0.999**2
    want = [p - 0.1 * (mi / c1) / math.sqrt(vi / c2) for p, mi, vi in zip((0.9, 0.9), m, v, strict=True)]
    assert s2.point == pytest.approx(tuple(want))


def test_sgd_on_the_bowl_follows_its_closed_form():
    lr, n = 0.03, 40
    steps = run("sgd", lr, {}, n, start=(-4.0, 2.5))
    for t, st in enumerate(steps, 1):
        assert st.point == pytest.approx((-4.0 * (1 - 2 * lr) ** t, 2.5 * (1 - 20 * lr) ** t), rel=1e-12, abs=1e-15)


def engine_run(opt, grads_fn, start, n, scale_by_lr=False):
    p = np.array(start, dtype=np.float64)
    out = []
    for _ in range(n):
        g = np.array(grads_fn(*p), dtype=np.float64)
        gs = g * opt.lr if scale_by_lr else g
        deltas, _ = opt.propose([gs.copy()], [float(gs @ gs)])
        opt.commit()
        p = p - deltas[0]
        out.append(tuple(p))
    return out


@pytest.mark.parametrize(
    ("key", "h", "make", "scaled"),
    [
        ("sgd", {}, lambda: SGD(0.001), True),
        ("momentum", {"beta": 0.8}, lambda: Momentum(0.0005, 0.8), False),
        ("adam", {"beta1": 0.9, "beta2": 0.99, "eps": 1e-8}, lambda: Adam(0.05, 0.9, 0.99, 1e-8), False),
    ],
)
def test_rules_match_the_engine_optimisers(key, h, make, scaled):
    opt = make()

    def rosen(x, y):
        return (-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x))

    want = engine_run(opt, rosen, (-1.2, 1.0), 25, scale_by_lr=scaled)
    got = [st.point for st in run(key, opt.lr0, h, 25, start=(-1.2, 1.0), grad=rosen)]
    np.testing.assert_allclose(np.array(got), np.array(want), rtol=1e-10, atol=1e-12)
