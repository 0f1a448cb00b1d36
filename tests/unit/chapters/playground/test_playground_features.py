"""Playground features: values against hand-computed closed forms, key validation in words."""

import math

import numpy as np
import pytest

from nnviz.chapters.playground import features as feats


def test_seven_features_in_tfp_order_with_accessible_labels():
    assert feats.KEYS == ("x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2")
    assert [feats.LABELS[k] for k in feats.KEYS] == [
        "x1",
        "x2",
        "x1²",
        "x2²",
        "x1·x2",
        "sin x1",
        "sin x2",
    ]
    assert all(len(row) == 3 and callable(row[2]) for row in feats.FEATURES)


def test_compute_matches_closed_forms_point_by_point():
    rng = np.random.default_rng(4)
    X = rng.uniform(-6, 6, size=(37, 2))
    out = feats.compute(X, feats.KEYS)
    assert out.shape == (37, 7) and out.dtype == np.float32
    for i, (a, b) in enumerate(X):
        expected = [a, b, a * a, b * b, a * b, math.sin(a), math.sin(b)]
        np.testing.assert_allclose(out[i], expected, rtol=1e-6, atol=1e-6)


def test_compute_keeps_the_given_column_order_and_accepts_one_point():
    out = feats.compute(np.array([2.0, 3.0]), ("x1x2", "x1"))
    np.testing.assert_array_equal(out, [[6.0, 2.0]])
    assert feats.compute(np.zeros((0, 2)), ("x1",)).shape == (0, 1)


def test_compute_refuses_bad_shapes_and_keys():
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        feats.compute(np.zeros((3, 3)), ("x1",))
    with pytest.raises(ValueError, match="is not a feature"):
        feats.compute(np.zeros((3, 2)), ("x3",))


def test_check_keys_orders_and_explains():
    assert feats.check_keys(["sinx2", "x1"]) == ("x1", "sinx2")
    with pytest.raises(ValueError, match="at least one"):
        feats.check_keys([])
    with pytest.raises(ValueError, match="listed twice"):
        feats.check_keys(["x1", "x1"])
    with pytest.raises(ValueError, match="“cos” is not a feature; the features are x1, x2"):
        feats.check_keys(["cos"])


def test_parse_and_format_keys_round_trip():
    assert feats.parse_keys(" X1 , x2SQ") == ("x1", "x2sq")
    assert feats.format_keys(feats.parse_keys("x1x2,x1")) == "x1,x1x2"
    for raw, reason in (("", "at least one"), ("x1,,x2", "empty entry"), ("x1,y", "not a feature")):
        with pytest.raises(ValueError, match=reason):
            feats.parse_keys(raw)


def test_numpy_code_evaluates_to_the_same_values():
    x1, x2 = np.array([0.5, -2.0]), np.array([1.5, 3.0])
    for key, code in feats.NUMPY_CODE.items():
        np.testing.assert_allclose(
            eval(code, {"np": np, "x1": x1, "x2": x2}), feats.FUNCTIONS[key](x1, x2)
        )
