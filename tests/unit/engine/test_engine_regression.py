"""The house-price neuron of seed 004: MSE, gradients, gradient descent, and feature scaling."""

import json
from itertools import pairwise

import numpy as np
import pytest

from nnviz.engine import LinearRegressor

# Seed 004: area in sq ft, price in $1000.
AREA = np.array([2104.0, 1600.0, 2400.0])
PRICE = np.array([399.9, 329.9, 369.0])
# Seed 004's second table: area, bathrooms, price ($1000).
HOUSES = np.array(
    [
        [2104, 3, 399.9],
        [1600, 3, 329.9],
        [2400, 3, 369.0],
        [1416, 2, 232.0],
        [3000, 4, 539.9],
        [1985, 4, 299.9],
        [1534, 3, 314.9],
        [1427, 3, 198.999],
        [1380, 3, 212.0],
        [1494, 3, 242.5],
    ]
)


def least_squares(X, y):
    """Solve min ‖[X 1] (w, b) − y‖² with numpy's own solver, independently of the engine."""
    A = np.column_stack([X, np.ones(len(y))])
    solution = np.linalg.lstsq(A, y, rcond=None)[0]
    return solution[:-1], solution[-1]


def test_seed_004_error_table():
    # w = 0.180 ($180 per sq ft), no bias: predictions 379, 288, 432 and average squared error 2,058.
    model = LinearRegressor(1, w=[0.18], b=0.0)
    assert np.round(model.predict(AREA)).tolist() == [379.0, 288.0, 432.0]
    by_hand = ((399.9 - 378.72) ** 2 + (329.9 - 288.0) ** 2 + (369.0 - 432.0) ** 2) / 3
    assert model.mse(AREA, PRICE) == pytest.approx(by_hand)
    assert round(model.mse(AREA, PRICE)) == 2058


def test_gradients_match_finite_differences():
    model = LinearRegressor(1, w=[0.1], b=20.0)
    dw, db = model.gradients(AREA, PRICE)
    h = 1e-6
    up, down = LinearRegressor(1, w=[0.1 + h], b=20.0), LinearRegressor(1, w=[0.1 - h], b=20.0)
    assert dw[0] == pytest.approx((up.mse(AREA, PRICE) - down.mse(AREA, PRICE)) / (2 * h), rel=1e-6)
    up, down = LinearRegressor(1, w=[0.1], b=20.0 + h), LinearRegressor(1, w=[0.1], b=20.0 - h)
    assert db == pytest.approx((up.mse(AREA, PRICE) - down.mse(AREA, PRICE)) / (2 * h), rel=1e-6)


def test_one_neuron_converges_to_least_squares_with_scaling():
    model = LinearRegressor(1)
    model.standardize(AREA)
    losses = [model.step(AREA, PRICE, lr=0.1).loss for _ in range(500)]
    w, b = least_squares(AREA.reshape(-1, 1), PRICE)
    # w and b are reported in original units ($1000 per sq ft, $1000).
    assert model.w[0] == pytest.approx(w[0], rel=1e-9)
    assert model.b == pytest.approx(b, rel=1e-9)
    assert all(later <= earlier + 1e-9 for earlier, later in pairwise(losses))
    assert (
        model.mse(AREA, PRICE) < 799
    )  # the seed's challenge: "Can you get an error value below 799?"


def test_two_input_neuron_converges_to_least_squares():
    X, y = HOUSES[:, :2], HOUSES[:, 2]
    model = LinearRegressor(2)
    model.standardize(X)
    for _ in range(3000):
        model.step(X, y, lr=0.1)
    w, b = least_squares(X, y)
    np.testing.assert_allclose(model.w, w, rtol=1e-8)
    assert model.b == pytest.approx(b, rel=1e-8)
    np.testing.assert_allclose(
        model.predict(X), np.column_stack([X, np.ones(10)]) @ [*w, b], rtol=1e-9
    )


def test_scaled_step_by_hand():
    """One step in standardised coordinates, worked out from the documented change of variables."""
    model = LinearRegressor(1, w=[0.1], b=50.0)
    mu, sigma = 2000.0, 400.0
    model.set_scaling([mu], [sigma])
    model.step(AREA, PRICE, lr=0.2)
    w_s, b_s = 0.1 * sigma, 50.0 + 0.1 * mu  # w′ = wσ, b′ = b + wμ
    xs = [(x - mu) / sigma for x in AREA]
    r = [w_s * x + b_s - y for x, y in zip(xs, PRICE, strict=True)]
    w_s -= 0.2 * 2 / 3 * sum(ri * xi for ri, xi in zip(r, xs, strict=True))
    b_s -= 0.2 * 2 / 3 * sum(r)
    assert model.w[0] == pytest.approx(w_s / sigma, rel=1e-12)
    assert model.b == pytest.approx(b_s - w_s * mu / sigma, rel=1e-12)


def test_raw_units_descend_slowly_but_surely():
    model = LinearRegressor(1)
    assert not model.scaled
    losses = [model.step(AREA, PRICE, lr=1e-7).loss for _ in range(100)]
    assert all(later < earlier for earlier, later in pairwise(losses))
    # Plain gradient descent: w ← w − lr ∂MSE/∂w from the documented formula, from w = b = 0.
    model = LinearRegressor(1)
    metrics = model.step(AREA, PRICE, lr=1e-7)
    dw = 2 / 3 * sum(-y * x for x, y in zip(AREA, PRICE, strict=True))
    db = 2 / 3 * sum(-PRICE)
    assert model.w[0] == pytest.approx(-1e-7 * dw) and model.b == pytest.approx(-1e-7 * db)
    assert metrics.grad_norms[0] == pytest.approx(np.hypot(dw, db))
    assert metrics.step == 1 and model.t == 1


def test_round_trip_and_clear_scaling():
    model = LinearRegressor(2, w=[0.1, 5.0], b=3.0)
    model.standardize(HOUSES[:, :2])
    back = LinearRegressor.from_dict(json.loads(json.dumps(model.to_dict())))
    assert back.to_dict() == model.to_dict() and back.scaled
    back.clear_scaling()
    assert not back.scaled
    with pytest.raises(ValueError):
        LinearRegressor(2, w=[1.0])
    with pytest.raises(ValueError):
        model.predict(AREA)
