"""The house chapter's classifier (engine Network + softmax) and its URL state."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz import urlstate
from nnviz.chapters.house.classifier import Classifier
from nnviz.chapters.house.data import LABELLED
from nnviz.chapters.house.state import FIELDS, SLIDERS, State
from nnviz.engine import softmax


def test_training_lowers_cross_entropy_and_is_deterministic():
    a, b = Classifier(), Classifier()
    start = a.loss()
    losses = a.train(100)
    assert len(losses) == 100 and a.steps == 100
    assert a.loss() < start and all(np.diff(losses) < 0)
    b.train(60)
    b.train(40)
    assert np.array_equal(a.net.weights[0], b.net.weights[0])


def test_reset_returns_to_the_seeded_start():
    c = Classifier()
    w0 = c.net.weights[0].copy()
    c.train(30)
    c.reset()
    assert c.steps == 0 and np.array_equal(c.net.weights[0], w0) and not c.net.biases[0].any()


def test_probabilities_are_softmax_of_the_scores():
    c = Classifier()
    c.train(50)
    z = c.scores()
    assert np.allclose(z, c.X @ c.net.weights[0] + c.net.biases[0])
    p = c.probabilities()
    assert np.allclose(p, softmax(z)) and np.allclose(p.sum(axis=1), 1)
    assert c.predicted() == [LABELLED.classes[i] for i in p.argmax(axis=1)]


def test_trained_accuracy_matches_a_count():
    c = Classifier()
    c.train(300)
    right = sum(s == t for s, t in zip(c.predicted(), LABELLED.labels, strict=True))
    assert c.accuracy() == pytest.approx(right / 10)
    assert right == 7  # no straight boundary separates these labels (the prose says so)


def test_state_round_trips_through_the_url():
    st = State(w=0.0585, b=247.26, w1=-0.2, w2=150.5, b2=-3.5, sm=(1.0, -2.5, 10000.0), train=300, house=7, features=7,
               classes=3)
    params = urlstate.encode(FIELDS, st)
    back, notes = urlstate.decode(State, FIELDS, params)
    assert back == st and notes == []
    assert urlstate.build_hash("house", params).startswith("#/house?w=0.0585&b=247.26&")


def test_bad_url_values_fall_back_with_notes():
    st, notes = urlstate.decode(State, FIELDS, {"w": "abc", "features": "40", "sm": "1,,2", "train": "-5", "house": "11"})
    assert st.w == State().w and st.features == 10 and st.sm == State().sm and st.train == 0
    assert st.house == len(LABELLED.X) == 10  # one past the last house: clamped to the last
    assert len(notes) == 5
    assert any("Features" in n for n in notes) and any("Softmax inputs" in n for n in notes)


def test_url_ranges_contain_the_slider_ranges():
    ranges = {f.name: f for f in FIELDS}
    for name, spec in SLIDERS.items():
        assert ranges[name].parse(str(spec.lo))[1] is None and ranges[name].parse(str(spec.hi))[1] is None
