"""Softmax for the calculator: parsing, the step-by-step sum, rounding, and no overflow."""

from __future__ import annotations

import math
import warnings
from decimal import ROUND_HALF_EVEN, Decimal, getcontext

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnviz.chapters.house.softmax import (
    EXAMPLES,
    SCORES_FIELD,
    breakdown,
    fmt_prob,
    fmt_value,
    format_scores,
    parse_scores,
)
from nnviz.urlstate import Invalid


def exact_softmax(z):
    """softmax in 50-digit decimal arithmetic: an independent reference for rounding."""
    getcontext().prec = 50
    zs = [Decimal(repr(v)) for v in z]
    m = max(zs)
    exps = [(v - m).exp() for v in zs]
    total = sum(exps)
    return [e / total for e in exps]


def round2(d: Decimal) -> str:
    return str(d.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN))


@pytest.mark.parametrize(("text", "values"), [("2, 4", (2.0, 4.0)), ("-1,0,1", (-1.0, 0.0, 1.0)), (" 1e4 ; 1 ", (1e4, 1.0)),
                                              ("7", (7.0,)), ("0.5,-2.25", (0.5, -2.25))])
def test_parse_accepts_numbers_separated_by_commas(text, values):
    assert parse_scores(text) == values


@pytest.mark.parametrize(("text", "reason"), [("", "at least one"), ("2,,4", "empty entry"), ("2, x", "“x” is not a number"),
                                              ("nan", "not a finite"), ("inf, 1", "not a finite"), ("1e7", "out of range"),
                                              (",".join(["1"] * 11), "at most 10")])
def test_parse_refuses_with_a_reason(text, reason):
    with pytest.raises(Invalid) as exc:
        parse_scores(text)
    assert reason in str(exc.value)


def test_breakdown_steps_agree_with_the_engine_and_the_definition():
    bd = breakdown((2.0, 4.0))
    assert bd.shifted.tolist() == [-2.0, 0.0]
    assert bd.exps.tolist() == pytest.approx([math.exp(-2), 1.0])
    assert bd.total == pytest.approx(1 + math.exp(-2))
    assert bd.probs.tolist() == pytest.approx((bd.exps / bd.total).tolist(), rel=1e-15)
    ref = exact_softmax((2.0, 4.0))
    assert bd.probs.tolist() == pytest.approx([float(r) for r in ref], rel=1e-14)


@pytest.mark.parametrize("z", [(10000.0, 10001.0), (-1e6, 1e6), (1e6, 1e6, 1e6), (10000.0,)])
def test_huge_inputs_do_not_overflow(z):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an overflow warning would fail the test
        bd = breakdown(z)
    assert np.isfinite(bd.probs).all() and bd.probs.sum() == pytest.approx(1.0)
    ref = [float(r) for r in exact_softmax(z)]
    assert bd.probs.tolist() == pytest.approx(ref, abs=1e-15)


def test_the_examples_are_correctly_rounded():
    shown = {values: [fmt_prob(float(p)) for p in breakdown(values).probs] for values in EXAMPLES}
    assert shown[(2.0, 4.0)] == ["0.12", "0.88"]
    assert shown[(0.0, 1.0)] == ["0.27", "0.73"]
    assert shown[(-1.0, 0.0, 1.0)] == ["0.09", "0.24", "0.67"]
    assert shown[(1.0, 2.0, 4.0)] == ["0.04", "0.11", "0.84"]
    assert shown[(5.0, 10.0)] == ["0.01", "0.99"]
    assert shown[(1.0,)] == ["1"] and shown[(1.0, 1.0)] == ["0.50", "0.50"]
    for values, texts in shown.items():
        for text, exact in zip(texts, exact_softmax(values), strict=True):
            if text not in ("1", "0"):
                assert text == round2(exact), values


@pytest.mark.parametrize(("p", "text"), [(0.1192, "0.12"), (0.0049, "0.005"), (0.9951, "0.995"), (1e-7, "<0.001"),
                                         (0.99999, ">0.999"), (0.0, "0"), (1.0, "1"), (0.5, "0.50")])
def test_fmt_prob(p, text):
    assert fmt_prob(p) == text


@given(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=10))
def test_url_field_round_trips(values):
    values = tuple(values)
    parsed, note = SCORES_FIELD.parse(SCORES_FIELD.format(values))
    assert parsed == values and note is None
    assert format_scores((2.0, 4.0)) == "2,4"


def test_fmt_value_uses_true_minus_and_e_notation_when_tiny():
    assert fmt_value(-2.0) == "−2"
    assert fmt_value(0.1353352832) == "0.1353"
    assert fmt_value(3.7e-44) == "3.700e−44"
    assert fmt_value(0.0) == "0"
    assert fmt_value(10001.0) == "10,001" and fmt_value(-10006.0) == "−10,006" and fmt_value(1234.5) == "1,234.5"
    assert fmt_value(1e6) == "1,000,000" and fmt_value(2.5e9) == "2.500e+09"
