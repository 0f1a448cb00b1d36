"""The neuron chapter's state: URL round trip, hostile values, registry entry, text."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnviz import urlstate
from nnviz.chapters.neuron import text
from nnviz.chapters.neuron.state import ELEMENTWISE, FIELDS, KEYS, State
from nnviz.chapters.registry import CHAPTERS


def round_trip(state):
    query = urlstate.encode(FIELDS, state)
    back, notes = urlstate.decode(State, FIELDS, query)
    return back, notes


def test_defaults_are_seed_002():
    s = State()
    assert (s.x1, s.x2, s.w1, s.w2, s.b, s.f) == (0.7, 0.4, 0.5, -0.3, 0.0, "relu")
    assert round_trip(s) == (s, [])


@settings(max_examples=80, deadline=None)
@given(
    x=st.lists(st.floats(-100, 100, allow_nan=False), min_size=5, max_size=5),
    f=st.sampled_from(KEYS),
    alpha=st.floats(0, 0.99),
    y=st.floats(0, 1),
    cmp=st.sets(st.sampled_from(ELEMENTWISE)),
    deriv=st.booleans(),
)
def test_round_trip(x, f, alpha, y, cmp, deriv):
    s = State(*x, f=f, alpha=alpha, y=y, cmp=tuple(k for k in ELEMENTWISE if k in cmp), deriv=deriv)
    back, notes = round_trip(s)
    assert notes == []
    for name in ("x1", "x2", "w1", "w2", "b", "alpha", "y"):
        assert getattr(back, name) == pytest.approx(getattr(s, name), rel=1e-11, abs=1e-300)
    assert (back.f, back.cmp, back.deriv) == (s.f, s.cmp, s.deriv)


@pytest.mark.parametrize(("key", "raw", "words"), [
    ("x1", "abc", "is not a number"),
    ("x2", "NaN", "is not a number"),
    ("w1", "1e999", "is not a finite number"),
    ("w2", "-inf", "is not a finite number"),
    ("b", "", "empty"),
    ("f", "cubic", "is not one of"),
    ("alpha", "x", "is not a number"),
    ("cmp", "relu,sin", "“sin” is not one of"),
    ("deriv", "yes", "is not 0 or 1"),
])
def test_hostile_values_fall_back_to_the_default_with_a_note(key, raw, words):
    state, notes = urlstate.decode(State, FIELDS, {key: raw})
    assert state == State()
    assert len(notes) == 1 and words in notes[0]


def test_huge_values_are_clamped_with_the_reason():
    state, notes = urlstate.decode(State, FIELDS, {"x1": "250", "w2": "-1e300", "alpha": "1.5", "y": "2"})
    assert (state.x1, state.w2, state.alpha, state.y) == (100, -100, 0.99, 1)
    assert "100 is the largest value; 250 was set to 100." in notes[0]
    assert len(notes) == 4


def test_registry_puts_the_neuron_first_with_good_samples():
    info = CHAPTERS[0]
    assert info.route == "neuron"
    from urllib.parse import parse_qsl
    sample = dict(parse_qsl(info.sample))
    state, notes = urlstate.decode(State, FIELDS, sample)
    assert notes == [] and urlstate.encode(FIELDS, state) == sample
    bad = dict(parse_qsl(info.bad_sample))
    _, notes = urlstate.decode(State, FIELDS, bad)
    assert len(notes) == len(bad)
    assert {k for k, _ in info.groups} == {"inputs", "activation", "scoring"}


@pytest.mark.parametrize("key", KEYS)
def test_every_function_has_its_properties(key):
    p = text.properties(key, 0.01)
    assert p.formula and p.range and p.derivative and p.strengths and p.problems
    assert all(s.strip().endswith((".", ")")) for s in (*p.strengths, *p.problems))


def test_the_kinks_are_stated_honestly():
    assert "not defined" in text.properties("relu").at_zero and "uses 0" in text.properties("relu").at_zero
    assert "not defined" in text.properties("step").at_zero
    assert "uses α = 0.2" in text.properties("leaky", 0.2).at_zero


def test_equations_in_seed_002_form():
    assert text.equation_z(0.7, 0.4, 0.5, -0.3, 0, 0.23) == "z = 0.5×0.7 + (−0.3)×0.4 + 0 = 0.23"
    assert text.equation_a("relu", 0.23, 0.23) == "a = ReLU(0.23) = 0.23"
    assert text.equation_a("sigmoid", 0.75, 1 / (1 + math.exp(-0.75))) == "a = Sigmoid(0.75) = 0.68"
    assert text.result(0.0012345) == "0.0012" and text.result(-0.004) == "−0.004"
