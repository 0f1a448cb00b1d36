"""kit.numbers: the rules of every number input (clamp, refuse, messages) and its URL field."""

import math

import pytest

from nnviz import urlstate
from nnviz.kit.numbers import NumberSpec, check, clamp, fmt, parse, plain, url_field

SPEC = NumberSpec("Input x1", lo=-100, hi=100, slider_lo=-3, slider_hi=3, step=0.01)


def test_a_good_value_is_taken_as_typed():
    for text, value in [("0.25", 0.25), ("  -3 ", -3.0), ("1e-3", 0.001), ("100", 100.0), ("−2.5", -2.5)]:
        got = check(text, SPEC, last=0.7)
        assert (got.value, got.message, got.refused) == (value, "", False), text


def test_values_beyond_the_typed_range_are_clamped_with_the_reason():
    got = check("250", SPEC, last=0.7)
    assert got.value == 100 and not got.refused
    assert got.message == "100 is the largest value; 250 was set to 100."
    got = check("-100.5", SPEC, last=0.7)
    assert got.value == -100 and got.message == "−100 is the smallest value; −100.5 was set to −100."
    got = check("1e300", SPEC, last=0.7)
    assert got.value == 100 and "1e+300 was set to 100" in got.message


@pytest.mark.parametrize(("text", "reason"), [
    ("abc", "“abc” is not a number"),
    ("", "the field is empty"),
    ("   ", "the field is empty"),
    ("nan", "“nan” is not a number"),
    ("NaN", "“NaN” is not a number"),
    ("inf", "“inf” is not a finite number"),
    ("-Infinity", "“-Infinity” is not a finite number"),
    ("1e999", "“1e999” is not a finite number"),
    ("2,5", "“2,5” is not a number (use a point for decimals)"),
    ("0x10", "“0x10” is not a number"),
])
def test_non_numbers_are_refused_and_the_last_value_stays(text, reason):
    got = check(text, SPEC, last=0.7)
    assert got.refused and got.value is None
    assert got.message == f"{reason}; Input x1 stays 0.7."


def test_the_slider_range_is_inside_the_typed_range():
    assert SPEC.slider_range == (-3, 3)
    assert NumberSpec("a", 0, 1).slider_range == (0, 1)
    assert NumberSpec("a", 0, 1, slider_lo=-5, slider_hi=5).slider_range == (0, 1)
    with pytest.raises(ValueError):
        NumberSpec("a", 1, 0)
    with pytest.raises(ValueError):
        NumberSpec("a", 0, math.inf)


def test_integer_specs_refuse_fractions():
    spec = NumberSpec("Hidden neurons", 1, 64, step=1, digits=0, integer=True)
    assert check("12", spec, last=4).value == 12
    got = check("2.5", spec, last=4)
    assert got.refused and got.message == "“2.5” is not a whole number; Hidden neurons stays 4."
    assert check("99", spec, last=4).message == "64 is the largest value; 99 was set to 64."


def test_formatting():
    assert [fmt(v) for v in (0.7, -0.3, 100.0, 0.0, -0.0, 0.23000001, 1 / 3)] == [
        "0.7", "−0.3", "100", "0", "0", "0.23", "0.3333"]
    assert plain(-0.3) == "-0.3" and float(plain(-1 / 3, 6)) == pytest.approx(-1 / 3, abs=1e-6)


def test_clamp_leaves_values_in_range_alone():
    assert clamp(3.5, SPEC) == (3.5, "")
    assert clamp(-101, SPEC)[0] == -100


def test_url_field_shares_the_rules():
    field = url_field("x1", SPEC)
    assert field.parse("0.7") == (0.7, None)
    assert field.parse("250") == (100, "100 is the largest value; 250 was set to 100.")
    for bad in ("abc", "1e999", "nan", ""):
        with pytest.raises(urlstate.Invalid):
            field.parse(bad)
    assert field.format(0.7) == "0.7" and field.format(-0.3) == "-0.3" and field.format(100.0) == "100"
    for v in (0.1, -2.37, 1 / 3, 99.99):
        assert field.parse(field.format(v))[0] == pytest.approx(v, rel=1e-11)


def test_parse_reads_a_unicode_minus():
    assert parse("−0.3", SPEC) == -0.3
