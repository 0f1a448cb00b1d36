"""The digits chapter's URL state: round trip, clamping, malformed values."""

from __future__ import annotations

import pytest

from nnviz import urlstate
from nnviz.chapters.mnist.state import FIELDS, State, parse_neuron


def decode(query: str):
    _, params = urlstate.parse_hash(f"#/mnist?{query}")
    return urlstate.decode(State, FIELDS, params)


def test_defaults_round_trip():
    state, notes = decode("")
    assert state == State() and notes == []
    encoded = urlstate.encode(FIELDS, state)
    assert encoded == {"lr": "0.05", "batch": "32", "epochs": "1", "brush": "18", "neuron": "1-0"}
    again, notes = urlstate.decode(State, FIELDS, encoded)
    assert again == state and notes == []


def test_a_full_link_round_trips():
    state, notes = decode("lr=0.3&batch=128&epochs=4&brush=30&neuron=3-17")
    assert notes == []
    assert state == State(lr=0.3, batch=128, epochs=4, brush=30, neuron=(3, 17))
    assert urlstate.decode(State, FIELDS, urlstate.encode(FIELDS, state))[0] == state


@pytest.mark.parametrize(
    ("query", "field", "value"),
    [("lr=1e9", "lr", 100.0), ("lr=0", "lr", 0.0001), ("batch=100000", "batch", 512), ("epochs=0", "epochs", 1),
     ("brush=2", "brush", 6)],
)
def test_out_of_range_values_are_clamped_with_a_note(query, field, value):
    state, notes = decode(query)
    assert getattr(state, field) == value
    assert len(notes) == 1 and "set to" in notes[0]


@pytest.mark.parametrize("query", ["lr=abc", "lr=nan", "batch=2.5", "neuron=5-1", "neuron=1-128", "neuron=x", "epochs="])
def test_malformed_values_fall_back_to_the_default_with_a_note(query):
    state, notes = decode(query)
    key = query.split("=")[0]
    assert getattr(state, key) == getattr(State(), key)
    assert len(notes) == 1 and "was not used" in notes[0]


def test_parse_neuron():
    assert parse_neuron("4-9") == ((4, 9), None)
    assert parse_neuron(" 2:63 ") == ((2, 63), None)
    with pytest.raises(urlstate.Invalid, match="32 neurons"):
        parse_neuron("3-32")
    with pytest.raises(urlstate.Invalid, match="does not exist"):
        parse_neuron("0-3")
