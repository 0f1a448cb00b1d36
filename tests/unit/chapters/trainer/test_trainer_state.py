"""The digit trainer's URL state and its log-scale learning-rate slider."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnviz import urlstate
from nnviz.chapters.trainer import state as ts

states = st.builds(
    ts.State,
    hidden=st.integers(ts.HIDDEN_MIN, ts.HIDDEN_MAX),
    lr=st.floats(ts.LR_MIN, ts.LR_MAX).map(lambda v: float(f"{v:.4g}")),
    seed=st.integers(0, ts.SEED_MAX),
    batch=st.sampled_from(ts.BATCHES),
    digit=st.integers(0, 9),
    tab=st.sampled_from(ts.TABS),
)


@given(states)
def test_every_state_round_trips_through_the_hash(state):
    text = urlstate.build_hash("trainer", urlstate.encode(ts.FIELDS, state))
    route, params = urlstate.parse_hash(text)
    back, notes = urlstate.decode(ts.State, ts.FIELDS, params)
    assert route == "trainer" and back == state and notes == []


def test_the_default_link_is_short_and_complete():
    assert urlstate.encode(ts.FIELDS, ts.State()) == {
        "hidden": "16", "lr": "1", "seed": "1", "batch": "100", "digit": "0", "tab": "images"}


@pytest.mark.parametrize(
    ("params", "field", "value", "note"),
    [
        ({"hidden": "99"}, "hidden", 32, "above the maximum"),
        ({"hidden": "0"}, "hidden", 1, "below the minimum"),
        ({"hidden": "2.5"}, "hidden", 16, "not a whole number"),
        ({"lr": "50"}, "lr", 5.0, "above the maximum"),
        ({"lr": "0.0001"}, "lr", 0.01, "below the minimum"),
        ({"lr": "nan"}, "lr", 1.0, "not a finite number"),
        ({"lr": "fast"}, "lr", 1.0, "not a number"),
        ({"seed": "-4"}, "seed", 0, "below the minimum"),
        ({"batch": "500"}, "batch", 1000, "not offered"),
        ({"batch": "20"}, "batch", 10, "not offered"),
        ({"batch": "0"}, "batch", 100, "not a positive whole number"),
        ({"digit": "12"}, "digit", 9, "above the maximum"),
        ({"tab": "paint"}, "tab", "images", "not one of"),
    ],
)
def test_bad_link_values_are_clamped_or_refused_with_a_note(params, field, value, note):
    state, notes = urlstate.decode(ts.State, ts.FIELDS, params)
    assert getattr(state, field) == value
    assert len(notes) == 1 and note in notes[0]


def test_learning_rate_slider_is_logarithmic_from_001_to_5():
    assert ts.lr_from_position(0) == 0.01
    assert ts.lr_from_position(ts.LR_STEPS) == 5.0
    assert ts.lr_from_position(741) == 1.0
    values = [ts.lr_from_position(p) for p in range(ts.LR_STEPS + 1)]
    assert values == sorted(values)
    # equal steps multiply the rate by the same factor (up to the 3-digit rounding)
    ratio = (5.0 / 0.01) ** (100 / ts.LR_STEPS)
    for p in range(0, 900, 100):
        assert ts.lr_from_position(p + 100) / ts.lr_from_position(p) == pytest.approx(ratio, rel=0.01)


@given(st.floats(ts.LR_MIN, ts.LR_MAX))
def test_slider_position_of_a_rate_is_the_nearest_one(lr):
    p = ts.position_from_lr(lr)
    assert 0 <= p <= ts.LR_STEPS
    exact = ts.LR_STEPS * math.log(lr / ts.LR_MIN) / math.log(ts.LR_MAX / ts.LR_MIN)
    assert abs(p - exact) <= 0.5


def test_format_lr():
    assert ts.format_lr(1.0) == "1" and ts.format_lr(0.0123) == "0.0123" and ts.format_lr(2.5) == "2.5"
