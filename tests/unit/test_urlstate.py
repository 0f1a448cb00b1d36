"""URL state: parsing, round trips, and bad values that never raise."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnviz import urlstate
from nnviz.chapters.explorer.state import FIELDS as EXPLORER_FIELDS
from nnviz.chapters.explorer.state import State as ExplorerState


@dataclass(frozen=True)
class Demo:
    n: int = 8
    lr: float = 0.5
    act: str = "relu"


DEMO_FIELDS = (
    urlstate.int_field("n", 1, 32, "Hidden neurons"),
    urlstate.float_field("lr", 0.01, 5.0, "Learning rate"),
    urlstate.choice_field("act", ("relu", "tanh", "sigmoid"), "Activation"),
)


def test_parse_hash_splits_route_and_params():
    assert urlstate.parse_hash("#/explorer?layers=3,5,4") == ("explorer", {"layers": "3,5,4"})
    assert urlstate.parse_hash("#/Trainer") == ("trainer", {})
    assert urlstate.parse_hash("") == ("", {})
    assert urlstate.parse_hash("#/x?a=1&b=") == ("x", {"a": "1", "b": ""})


def test_build_hash_is_the_inverse_of_parse_hash():
    h = urlstate.build_hash("house", {"w": "0.18", "sm": "2,4"})
    assert h == "#/house?w=0.18&sm=2,4"
    assert urlstate.parse_hash(h) == ("house", {"w": "0.18", "sm": "2,4"})
    assert urlstate.build_hash("explorer", {}) == "#/explorer"


def test_out_of_range_values_are_clamped_with_a_note():
    st_, notes = urlstate.decode(Demo, DEMO_FIELDS, {"n": "1000", "lr": "0.001"})
    assert st_ == Demo(n=32, lr=0.01)
    assert len(notes) == 2
    assert "maximum" in notes[0] and "32" in notes[0]
    assert "minimum" in notes[1]


@pytest.mark.parametrize("raw", ["abc", "", "nan", "inf", "-inf", "1e999", "3.5"])
def test_malformed_values_fall_back_to_the_default_with_a_note(raw):
    st_, notes = urlstate.decode(Demo, DEMO_FIELDS, {"n": raw})
    assert st_ == Demo()
    assert len(notes) == 1 and "Hidden neurons" in notes[0] and "default" in notes[0]


def test_unknown_keys_and_huge_values_are_reported():
    st_, notes = urlstate.decode(Demo, DEMO_FIELDS, {"zzz": "1", "act": "x" * 10_000})
    assert st_ == Demo()
    assert any("zzz" in n for n in notes)
    assert any("too long" in n for n in notes)


def test_a_field_may_allow_longer_values():
    @dataclass(frozen=True)
    class Long:
        w: str = ""

    fields = (urlstate.Field("w", lambda raw: (raw, None), str, "Weights", max_length=2000),)
    value = ",".join(["0.123456"] * 100)  # 899 characters: over the default limit, under this one
    assert urlstate.decode(Long, fields, {"w": value}) == (Long(value), [])
    st_, notes = urlstate.decode(Long, fields, {"w": value * 3})
    assert st_ == Long() and any("too long" in n for n in notes)


def test_embed_is_not_an_unknown_key():
    _, notes = urlstate.decode(Demo, DEMO_FIELDS, {"embed": "1"})
    assert notes == []


@given(
    n=st.integers(1, 32),
    lr=st.floats(0.01, 5.0, allow_nan=False),
    act=st.sampled_from(["relu", "tanh", "sigmoid"]),
)
def test_round_trip_through_the_url(n, lr, act):
    original = Demo(n, lr, act)
    encoded = urlstate.encode(DEMO_FIELDS, original)
    route, params = urlstate.parse_hash(urlstate.build_hash("demo", encoded))
    assert route == "demo"
    decoded, notes = urlstate.decode(Demo, DEMO_FIELDS, params)
    assert notes == []
    assert decoded.n == n and decoded.act == act
    assert decoded.lr == pytest.approx(lr, rel=1e-5)


@given(st.lists(st.integers(1, 64), min_size=2, max_size=12))
def test_explorer_layers_round_trip(layers):
    state = ExplorerState(tuple(layers))
    _, params = urlstate.parse_hash(urlstate.build_hash("explorer", urlstate.encode(EXPLORER_FIELDS, state)))
    assert urlstate.decode(ExplorerState, EXPLORER_FIELDS, params) == (state, [])


@given(st.text(max_size=60))
def test_any_text_in_the_layers_field_is_either_valid_or_explained(text):
    try:
        layers = urlstate.parse_int_list(text, 1, 64, 2, 12, "layer size")
    except urlstate.Invalid as exc:
        assert str(exc)  # a reason for the visitor, never an empty message
    else:
        assert 2 <= len(layers) <= 12 and all(1 <= v <= 64 for v in layers)


@pytest.mark.parametrize(
    ("parse", "text", "message"),
    [
        (urlstate.parse_number, "abc", "“abc” is not a number."),
        (urlstate.parse_number, " inf ", "“inf” is not a finite number."),
        (lambda t: urlstate.parse_int_list(t, 1, 64, 2, 12), "3,x,2", "“x” is not a whole number."),
        (lambda t: urlstate.parse_int_list(t, 1, 64, 2, 12), "3,,2", "there is an empty entry between commas."),
        (lambda t: urlstate.split_list(t, "type something."), "  ", "type something."),
    ],
)
def test_messages_quote_what_the_person_typed_the_same_way(parse, text, message):
    with pytest.raises(urlstate.Invalid) as err:
        parse(text)
    assert str(err.value) == message


def test_a_long_value_is_shortened_in_messages():
    shown = urlstate.quoted("9" * 100)
    assert shown.startswith("“999") and shown.endswith("…”") and len(shown) == 40
