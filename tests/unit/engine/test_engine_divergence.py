"""Divergence: a step that would produce NaN or inf changes nothing and says so."""

import math

import numpy as np
import pytest

from nnviz.engine import SGD, Adam, DivergenceError, LinearRegressor, Momentum, Network, Trainer
from nnviz.engine.guard import ParameterGuard

# Diverging steps may make numpy warn about overflow; the metrics are what these tests check.
pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")

X = np.array([[1.0], [2.0], [3.0]]) * 10
Y = np.array([[2.0], [4.0], [6.0]]) * 10


def regression(dtype="float32"):
    return Network([1, 1], output="linear", loss="mse", init="uniform", seed=0, dtype=dtype)


def snapshot(net, opt):
    return [p.copy() for p in net.parameters()], opt.to_dict()


def run_until_diverged(net, opt, limit=500):
    for _ in range(limit):
        before = snapshot(net, opt)
        metrics = net.step(X, Y, opt)
        if metrics.diverged:
            return metrics, before
        assert all(np.isfinite(p).all() for p in net.parameters())
    raise AssertionError("never diverged")


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("make_opt", [lambda: SGD(lr=10.0), lambda: Momentum(lr=5.0, momentum=0.9)])
def test_huge_learning_rate_diverges_and_keeps_last_finite_parameters(dtype, make_opt):
    net, opt = regression(dtype), make_opt()
    metrics, (params_before, opt_before) = run_until_diverged(net, opt)
    assert metrics.diverged is True
    assert metrics.reason and "NaN or infinite" in metrics.reason
    for p, q in zip(net.parameters(), params_before, strict=True):
        np.testing.assert_array_equal(p, q)
        assert np.isfinite(p).all()
    assert opt.to_dict() == opt_before  # optimiser state and step count untouched too
    again = net.step(X, Y, opt)  # the same step diverges again, still without damage
    assert again.diverged
    for p, q in zip(net.parameters(), params_before, strict=True):
        np.testing.assert_array_equal(p, q)
    # After a reset, a normal learning rate trains as usual.
    net.reset()
    opt.reset()
    small = SGD(lr=1e-4)
    losses = [net.step(X, Y, small) for _ in range(20)]
    assert not any(m.diverged for m in losses)
    assert losses[-1].loss < losses[0].loss


def test_adam_state_is_kept_when_a_step_diverges():
    net, opt = regression(), Adam(lr=0.1)
    for _ in range(3):
        net.step(X, Y, opt)
    before = snapshot(net, opt)
    bad = np.array([[np.inf], [1.0], [1.0]])
    metrics = net.step(bad, Y, opt)
    assert metrics.diverged and "loss" in metrics.reason
    assert opt.to_dict() == before[1] and opt.t == 3
    for p, q in zip(net.parameters(), before[0], strict=True):
        np.testing.assert_array_equal(p, q)
    assert not net.step(X, Y, opt).diverged


def test_nan_targets_are_a_divergence_not_a_crash():
    net, opt = regression(), SGD(lr=0.01)
    metrics = net.step(X, np.full_like(Y, np.nan), opt)
    assert metrics.diverged and math.isnan(metrics.loss)
    assert opt.t == 0


def test_guard_refuses_an_update_that_would_overflow():
    params = np.array([3e38, 1.0], dtype=np.float32)
    guard = ParameterGuard(params)
    with pytest.raises(DivergenceError, match="parameter"):
        guard.apply(np.array([-1e38, 0.5], dtype=np.float32), 1e38)
    np.testing.assert_array_equal(params, np.array([3e38, 1.0], dtype=np.float32))
    guard.apply(np.array([1e38, 0.5], dtype=np.float32), 1e38)  # moving away from the edge is fine
    np.testing.assert_array_equal(params, [np.float32(3e38) - np.float32(1e38), 0.5])
    with pytest.raises(DivergenceError):
        guard.apply(np.array([np.nan, 0.0], dtype=np.float32), math.inf)


def test_guard_running_bound_is_an_upper_bound():
    rng = np.random.default_rng(0)
    params = rng.normal(size=50)
    guard = ParameterGuard(params)
    for _ in range(100):
        delta = rng.normal(size=50)
        guard.apply(delta, float(np.abs(delta).max()))
        assert guard.bound >= np.abs(params).max()


def test_gradient_norm_overflow_alone_is_not_divergence():
    """In float32, ‖g‖² overflows once entries pass ~1e19; the guard then checks the entries."""
    net = Network([1, 1], output="linear", loss="sse", init="zeros", dtype="float32")
    metrics = net.step([[1e10]], [[1e10]], SGD(lr=0.0))
    assert not metrics.diverged  # loss 1e20 and gradient 2e20 are large but finite


def test_trainer_stops_on_divergence():
    net = regression()
    trainer = Trainer(net, SGD(lr=10.0), X, Y, batch_size=1, seed=0)
    result = trainer.run(500)
    assert result.diverged and result.reason
    assert result.steps == len(result.losses) < 500
    assert all(math.isfinite(v) for v in result.losses)


def test_linear_regressor_diverges_safely_with_raw_areas():
    area = np.array([2104.0, 1600.0, 2400.0])
    price = np.array([399.9, 329.9, 369.0])
    model = LinearRegressor(1)
    for _ in range(500):
        w, b = model.w.copy(), model.b
        metrics = model.step(area, price, lr=1e-3)  # far too large for areas near 2,000
        if metrics.diverged:
            break
    assert metrics.diverged and metrics.reason
    np.testing.assert_array_equal(model.w, w)
    assert model.b == b and np.isfinite(model.w).all()
    model = LinearRegressor(1)
    assert not model.step(area, price, lr=1e-7).diverged


def test_step_that_would_overflow_a_parameter_is_refused():
    """Loss and gradient are finite, but lr · g would push the weight past float32's maximum."""
    net = Network([1, 1], output="linear", loss="mse", init="zeros", dtype="float32")
    opt = SGD(lr=1e60)
    metrics = net.step([[1e-20]], [[1.0]], opt)  # loss 1, gradient −2e-20, update 2e40
    assert metrics.diverged and ("parameter" in metrics.reason or "update" in metrics.reason)
    assert metrics.loss == pytest.approx(1.0)
    assert not any(p.any() for p in net.parameters()) and opt.t == 0
