"""The single neuron's maths: every function and derivative against closed forms written here
and central finite differences, softmax's Jacobian, the losses' slopes, and the seeds' numbers."""

import math

import numpy as np
import pytest

from nnviz.chapters.neuron import maths
from nnviz.chapters.neuron.state import ELEMENTWISE, KEYS, WORKED_EXAMPLE, State


def sig(z):
    return 1 / (1 + math.exp(-z))


# Closed forms, written from the textbook definitions (not from the engine).
CLOSED = {
    "relu": (lambda z: max(0.0, z), lambda z: 1.0 if z > 0 else 0.0),
    "leaky": (lambda z: z if z > 0 else 0.01 * z, lambda z: 1.0 if z > 0 else 0.01),
    "sigmoid": (sig, lambda z: sig(z) * (1 - sig(z))),
    "tanh": (math.tanh, lambda z: 1 - math.tanh(z) ** 2),
    "linear": (lambda z: z, lambda z: 1.0),
    "step": (lambda z: 1.0 if z > 0 else 0.0, lambda z: 0.0),
    "elu": (lambda z: z if z > 0 else math.exp(z) - 1, lambda z: 1.0 if z > 0 else math.exp(z)),
    "softplus": (lambda z: math.log1p(math.exp(z)), sig),
    "gelu": (
        lambda z: 0.5 * z * (1 + math.tanh(math.sqrt(2 / math.pi) * (z + 0.044715 * z**3))),
        None,  # checked by finite differences only
    ),
    "silu": (lambda z: z * sig(z), lambda z: sig(z) + z * sig(z) * (1 - sig(z))),
}
POINTS = [-5.5, -2.3, -1.0, -0.37, 0.21, 0.9, 1.7, 4.4]  # away from the kinks at 0


@pytest.mark.parametrize("key", ELEMENTWISE)
def test_each_function_and_derivative_match_their_closed_forms(key):
    f, df = CLOSED[key]
    a, slope = maths.curves(key, 0.01, np.array(POINTS))
    np.testing.assert_allclose(a, [f(z) for z in POINTS], rtol=1e-12, atol=1e-14)
    if df is not None:
        np.testing.assert_allclose(slope, [df(z) for z in POINTS], rtol=1e-10, atol=1e-14)


@pytest.mark.parametrize("key", ELEMENTWISE)
def test_each_derivative_matches_central_differences(key):
    h = 1e-6
    z = np.array(POINTS)
    a_plus, _ = maths.curves(key, 0.01, z + h)
    a_minus, _ = maths.curves(key, 0.01, z - h)
    _, slope = maths.curves(key, 0.01, z)
    np.testing.assert_allclose(slope, (a_plus - a_minus) / (2 * h), rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("alpha", [0.0, 0.05, 0.3, 0.9])
def test_leaky_slope_alpha(alpha):
    z = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    a, slope = maths.curves("leaky", alpha, z)
    np.testing.assert_allclose(a, np.where(z > 0, z, alpha * z))
    np.testing.assert_allclose(slope, np.where(z > 0, 1.0, alpha))  # α at the corner z = 0


def test_at_the_corners_the_code_uses_the_stated_values():
    zero = np.array([0.0])
    assert maths.curves("relu", 0.01, zero)[1][0] == 0.0
    assert maths.curves("step", 0.01, zero) == (0.0, 0.0)
    assert maths.curves("elu", 0.01, zero)[1][0] == 1.0  # smooth with α = 1: both sides have slope 1


def test_softmax_curve_and_its_jacobian():
    z = np.array([0.3])
    a, slope = maths.curves("softmax", 0.01, z, (0.5, -1.0))
    e = np.exp([0.3, 0.5, -1.0])
    assert a[0] == pytest.approx(e[0] / e.sum(), rel=1e-14)
    assert slope[0] == pytest.approx(a[0] * (1 - a[0]), rel=1e-14)


def test_softmax_jacobian_against_closed_form_and_finite_differences():
    logits = np.array([0.23, 0.5, -1.0])
    p = np.exp(logits) / np.exp(logits).sum()
    jac = maths.softmax_jacobian(p)
    closed = np.array([[p[i] * ((i == j) - p[j]) for j in range(3)] for i in range(3)])
    np.testing.assert_allclose(jac, closed, rtol=1e-14)
    h = 1e-6
    numeric = np.zeros((3, 3))
    for j in range(3):
        dz = np.zeros(3)
        dz[j] = h
        up = np.exp(logits + dz) / np.exp(logits + dz).sum()
        down = np.exp(logits - dz) / np.exp(logits - dz).sum()
        numeric[:, j] = (up - down) / (2 * h)
    np.testing.assert_allclose(jac, numeric, rtol=1e-7, atol=1e-10)
    np.testing.assert_allclose(jac.sum(axis=0), 0, atol=1e-15)  # probabilities always add to 1


def test_softmax_mode_forward():
    r = maths.forward(State(f="softmax", l2=0.5, l3=-1.0))
    assert r.logits == pytest.approx((0.23, 0.5, -1.0))
    assert sum(r.probs) == pytest.approx(1.0, abs=1e-15)
    assert r.a == r.probs[0] and r.slope == pytest.approx(r.a * (1 - r.a))
    assert r.jacobian.shape == (3, 3)


@pytest.mark.parametrize("logits", [(0.23, 0.5, -1.0), (0.0, 0.0, 0.0), (800.0, -3.0, 799.0), (-50.0, 2.0, 40.0)])
def test_plain_softmax_is_the_engines(logits):
    engine = maths.activation("softmax")(np.array([logits]))[0]
    np.testing.assert_allclose(maths.softmax3(logits), engine, rtol=1e-14, atol=1e-300)
    r = maths.forward(State(f="softmax", w1=0.0, w2=0.0, b=logits[0], l2=logits[1], l3=logits[2]))
    np.testing.assert_allclose(r.probs, engine, rtol=1e-14, atol=1e-300)
    np.testing.assert_allclose(r.jacobian, maths.softmax_jacobian(engine), rtol=1e-13, atol=1e-300)


def test_seed_002_numbers():
    r = maths.forward(State())
    assert r.z == pytest.approx(0.5 * 0.7 + (-0.3) * 0.4 + 0, abs=1e-15)
    assert round(r.z, 2) == 0.23 and round(r.a, 2) == 0.23 and r.slope == 1.0


def test_seed_003_worked_example():
    r = maths.forward(State(**WORKED_EXAMPLE))
    assert r.z == pytest.approx(0.3 * 1.0 + 0.7 * 0.5 + 0.1, abs=1e-15)
    assert round(r.z, 2) == 0.75 and round(r.a, 2) == 0.68
    assert r.a == pytest.approx(1 / (1 + math.exp(-0.75)), rel=1e-12)


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("y", [0.0, 0.3, 1.0])
def test_loss_slopes_against_finite_differences_in_b(key, y):
    # ∂L/∂z = ∂L/∂b, since z = w·x + b: move the bias and watch the losses.
    base = State(f=key, x1=0.4, x2=-0.2, w1=0.9, w2=0.5, b=0.1, y=y)
    h = 1e-6

    def losses(b):
        st = State(**{**base.__dict__, "b": b})
        return maths.score(maths.forward(st), y, key)

    s0, up, down = losses(base.b), losses(base.b + h), losses(base.b - h)
    assert s0.se_dz == pytest.approx((up.se - down.se) / (2 * h), rel=1e-6, abs=1e-9)
    if s0.bce is not None:
        assert s0.bce_dz == pytest.approx((up.bce - down.bce) / (2 * h), rel=1e-6, abs=1e-9)


def test_losses_closed_forms_and_the_sigmoid_simplification():
    r = maths.forward(State(**WORKED_EXAMPLE))
    s = maths.score(r, 1.0, "sigmoid")
    a = 1 / (1 + math.exp(-0.75))
    assert s.se == pytest.approx((1 - a) ** 2, rel=1e-12)
    assert s.bce == pytest.approx(-math.log(a), rel=1e-12)
    assert s.bce_dz == pytest.approx(a - 1, rel=1e-12)  # a − y
    assert s.se_dz == pytest.approx(2 * (a - 1) * a * (1 - a), rel=1e-12)  # the vanishing factor a(1 − a)


def test_bce_is_undefined_outside_0_1_and_stable_for_saturated_sigmoid():
    assert maths.score(maths.forward(State(f="relu", x1=3, w1=3)), 1.0, "relu").bce is None
    assert maths.score(maths.forward(State(f="linear", b=-1)), 0.0, "linear").bce is None
    s = maths.score(maths.forward(State(f="sigmoid", b=-100, w1=0, w2=0)), 1.0, "sigmoid")
    assert s.bce == pytest.approx(100.0, rel=1e-12) and s.bce_dz == pytest.approx(-1.0)


def test_plane_output_and_decision_line():
    st = State()
    values, centres = maths.plane_output(st, 8)
    assert values.shape == (8, 8)
    x1, x2 = centres[2], centres[::-1][5]
    assert values[5, 2] == pytest.approx(max(0.0, 0.5 * x1 - 0.3 * x2))
    (a, b) = maths.decision_segment(0.5, -0.3, 0.0)
    for x1, x2 in (a, b):
        assert 0.5 * x1 - 0.3 * x2 == pytest.approx(0, abs=1e-12)
        assert -3 <= x1 <= 3 and -3 <= x2 <= 3
    np.testing.assert_allclose(sorted([a, b]), [(-1.8, -3.0), (1.8, 3.0)], atol=1e-12)
    assert maths.decision_segment(0, 0, 1) is None
    assert maths.decision_segment(1, 0, -10) is None  # x1 = 10 is outside the square
    assert maths.decision_segment(1, 1, 0) in (((-3, 3), (3, -3)), ((3, -3), (-3, 3)))  # through two corners


@pytest.mark.parametrize("key", KEYS)
def test_one_point_values_equal_the_curves(key):
    for z in (-3.3, 0.0, 0.23, 5.0):
        a, d = maths.curves(key, 0.2, np.array([z]), (0.5, -1.0))
        assert maths.at(key, 0.2, z, (0.5, -1.0)) == (float(a[0]), float(d[0]))


@pytest.mark.parametrize("key", KEYS)
def test_plain_python_point_values_equal_the_engine(key):
    # the per-frame fast path (plain math, no arrays) against the engine's table, on both sides
    # of every corner, at the corners themselves and far out where exponentials saturate
    for alpha in (0.01, 0.2):
        for z in (-700.0, -40.0, -6.0, -3.3, -1e-9, 0.0, 1e-9, 0.23, 0.75, 5.0, 40.0, 700.0):
            a, d = maths.curves(key, alpha, np.array([z]), (0.5, -1.0))
            pa, pd = maths.point(key, alpha, z, (0.5, -1.0))
            assert pa == pytest.approx(float(a[0]), rel=1e-14, abs=1e-300), (key, alpha, z)
            assert pd == pytest.approx(float(d[0]), rel=1e-14, abs=1e-300), (key, alpha, z)


@pytest.mark.parametrize("key", KEYS)
def test_outputs_are_the_curves_values(key):
    zs = np.linspace(-7.5, 4.25, 64)
    np.testing.assert_array_equal(maths.outputs(key, 0.2, zs, (0.5, -1.0)), maths.curves(key, 0.2, zs, (0.5, -1.0))[0])
