"""Gradient clipping by norm (engine.clipping): the bound holds, the direction is kept, and a
clipped SGD step through Network.step equals a hand-made step with the clipped gradient."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nnviz.engine import SGD, Adam, ClipNorm, Network, clip_by_norm
from nnviz.engine.clipping import clip_factor


def test_clip_by_norm_scales_3_4_to_unit_length():
    g = [np.array([3.0]), np.array([4.0])]
    factor = clip_by_norm(g, 1.0)
    assert factor == pytest.approx(0.2)
    assert g[0][0] == pytest.approx(0.6) and g[1][0] == pytest.approx(0.8)


@pytest.mark.parametrize("max_norm", [0.01, 0.5, 3.0, 1e3])
def test_clipping_bounds_the_norm_and_keeps_the_direction(max_norm):
    rng = np.random.default_rng(4)
    grads = [rng.normal(size=(5, 7)) * 10, rng.normal(size=(7,))]
    before = np.concatenate([g.ravel() for g in grads])
    clip_by_norm(grads, max_norm)
    after = np.concatenate([g.ravel() for g in grads])
    assert np.linalg.norm(after) <= max_norm * (1 + 1e-12) or np.allclose(after, before)
    assert np.linalg.norm(after) == pytest.approx(min(max_norm, np.linalg.norm(before)))
    cos = after @ before / (np.linalg.norm(after) * np.linalg.norm(before))
    assert cos == pytest.approx(1.0)


def test_off_when_zero_or_infinite():
    assert clip_factor(10.0, 0.0) == 1.0
    assert clip_factor(10.0, math.inf) == 1.0
    assert clip_factor(0.5, 1.0) == 1.0
    assert clip_factor(0.0, 1.0) == 1.0


def _net(seed=3):
    return Network([3, 8, 8, 1], hidden="tanh", output="sigmoid", loss="bce", init="normal", seed=seed,
                   dtype="float64")


def test_clipped_sgd_step_matches_a_hand_clipped_step():
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(16, 3)) * 3, (rng.random((16, 1)) > 0.5).astype(float)
    lr, c = 0.7, 0.05
    a, b = _net(), _net()
    dW, db, _ = b.gradients(X, Y)
    flat = np.concatenate([p.ravel() for pair in zip(dW, db, strict=True) for p in pair])
    norm = np.linalg.norm(flat)
    assert norm > c  # the test must clip
    opt = ClipNorm(SGD(lr), c)
    m = a.step(X, Y, opt)
    assert not m.diverged
    assert opt.last_norm == pytest.approx(norm, rel=1e-9)
    assert opt.last_factor == pytest.approx(c / norm, rel=1e-9)
    for Wa, Wb, g in zip(a.weights, b.weights, dW, strict=True):
        np.testing.assert_allclose(Wa, Wb - lr * (c / norm) * g, rtol=1e-10, atol=1e-12)
    # the update of the whole network is exactly lr · c long
    step = np.concatenate([(pa - pb).ravel() for pa, pb in zip(a.parameters(), b.parameters(), strict=True)])
    assert np.linalg.norm(step) == pytest.approx(lr * c, rel=1e-9)


def test_clipnorm_wraps_adam_and_counts_steps():
    rng = np.random.default_rng(1)
    X, Y = rng.normal(size=(8, 3)), (rng.random((8, 1)) > 0.5).astype(float)
    net = _net()
    opt = ClipNorm(Adam(0.01), 0.1)
    for _ in range(3):
        assert not net.step(X, Y, opt).diverged
    assert opt.t == 3 and opt.inner.t == 3
    assert opt.last_factor <= 1.0


def test_negative_threshold_is_refused():
    with pytest.raises(ValueError):
        ClipNorm(SGD(0.1), -1.0)
