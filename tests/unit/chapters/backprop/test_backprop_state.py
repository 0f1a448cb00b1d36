"""The chapter's link: round trips, bad values with notes, fields checked against each other,
and training with its divergence rule."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import parse_qsl

import pytest

from nnviz import urlstate
from nnviz.chapters.backprop.model import Snapshot
from nnviz.chapters.backprop.state import (
    FIELDS,
    MAX_PARAMS,
    State,
    fmt_list,
    n_params,
    random_weights,
    reshaped,
    resolve,
)
from nnviz.chapters.backprop.training import run, safer
from nnviz.chapters.registry import BY_ROUTE

INFO = BY_ROUTE["backprop"]


def decode(query: str):
    return urlstate.decode(State, FIELDS, dict(parse_qsl(query)))


def test_the_sample_link_round_trips_and_is_consistent():
    state, notes = decode(INFO.sample)
    assert notes == [] and resolve(state) == (state, [])
    assert urlstate.build_hash("backprop", urlstate.encode(FIELDS, state)) == f"#/backprop?{INFO.sample}"
    assert len(state.w) == n_params(state.layers) == 17


def test_the_bad_sample_is_bad_in_every_key():
    state, notes = decode(INFO.bad_sample)
    assert state == State() and len(notes) == len(dict(parse_qsl(INFO.bad_sample)))


@pytest.mark.parametrize(("query", "word"), [
    ("w=0.1,nan,0.3", "not a finite number"),
    ("x=1e300,0", "too large"),
    ("y=inf,0", "not a finite number"),
    ("layers=2,2,2,2,2,2", "at most 5"),
    ("layers=0,2", "between 1 and 4"),
    ("lr=abc", "not a number"),
    ("f=softmax", "not one of"),
])
def test_bad_values_fall_back_with_a_note(query, word):
    state, notes = decode(query)
    assert state == State() and len(notes) == 1 and word in notes[0]


def test_huge_learning_rates_are_clamped_with_a_note():
    state, notes = decode("lr=1e6")
    assert state.lr == 50 and "largest" in notes[0]


def test_wrong_counts_are_replaced_by_defaults_for_the_shape():
    state, _ = decode("layers=3,2&x=1,2&y=0.5,0.5,0.5&w=0.1,0.2")
    fixed, more = resolve(state)
    assert len(fixed.x) == 3 and len(fixed.y) == 2 and len(fixed.w) == n_params((3, 2)) == 8
    assert fixed.w == random_weights((3, 2), 1)
    assert any("3 input neurons" in n for n in more) and any("2 outputs" in n for n in more)
    assert any("has 8" in n for n in more)


def test_cross_entropy_needs_two_outputs_and_probability_targets():
    fixed, notes = resolve(State(layers=(2, 1), loss="ce", y=(1.0,), w=random_weights((2, 1), 1)))
    assert fixed.loss == "half-sse" and notes
    fixed, notes = resolve(State(loss="ce", y=(0.5, 0.9)))
    assert fixed.y == (0.0, 1.0) and "add up to 1" in notes[0]


def test_the_longest_w_list_fits_in_a_link():
    layers = (4, 4, 4, 4, 4)
    w = tuple(-12.345678 for _ in range(MAX_PARAMS))
    query = f"layers=4,4,4,4,4&x=0.1,0.2,0.3,0.4&y=0.1,0.2,0.3,0.4&w={fmt_list(w)}"
    state, notes = decode(query)
    assert notes == [] and state.w == w and resolve(state)[1] == []
    assert n_params(layers) == MAX_PARAMS == 80


def test_reshaping_keeps_what_fits():
    new = reshaped(replace(State(), x=(0.7, -0.2)), (3, 2, 1))
    assert new.x == (0.7, -0.2, 0.15) and new.y == (0.01,) and len(new.w) == n_params((3, 2, 1))


def test_training_on_lowers_the_loss_and_moves_the_outputs_toward_the_targets():
    state = State()
    r = run(state, 100)
    assert r.problem == "" and r.iterations == 100 and len(r.losses) == 101
    assert all(b < a for a, b in zip(r.losses, r.losses[1:], strict=False))
    after = Snapshot(replace(state, w=r.w))
    before = Snapshot(state)
    for j in range(2):
        assert abs(float(after.a[2][j]) - state.y[j]) < abs(float(before.a[2][j]) - state.y[j])
    assert after.loss == pytest.approx(r.losses[-1], rel=1e-6)  # the link's 8 digits change C by little


def test_a_diverging_learning_rate_is_caught_and_the_weights_stay_linkable():
    state = State(f="linear", lr=2.0)
    r = run(state, 100)
    assert r.problem and r.iterations < 100
    assert all(abs(v) <= 100 for v in r.w)
    assert safer(2.0) == 0.2 and safer(0.005) == 0.001
