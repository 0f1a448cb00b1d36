"""Learning-rate schedules: their definitions at known steps, and the engine's for the three it has."""

from __future__ import annotations

import math

import pytest

from nnviz.chapters.landscape.schedules import KINDS, rate, rates
from nnviz.engine import Schedule


def test_values_at_known_steps():
    assert rate("constant", 0.1, 999) == 0.1
    assert [rate("step", 0.1, t, 0.5, 100) for t in (0, 99, 100, 250)] == pytest.approx([0.1, 0.1, 0.05, 0.025])
    assert rate("exponential", 0.1, 50, 0.5, 100) == pytest.approx(0.1 / math.sqrt(2))
    assert rate("cosine", 0.1, 0, period=100) == pytest.approx(0.1)
    assert rate("cosine", 0.1, 50, period=100) == pytest.approx(0.05)
    assert rate("cosine", 0.1, 100, period=100) == pytest.approx(0.0, abs=1e-15)
    assert rate("cosine", 0.1, 400, period=100) == pytest.approx(0.0, abs=1e-15)
    assert rate("warmup", 0.1, 0, period=10) == pytest.approx(0.01)
    assert rate("warmup", 0.1, 4, period=10) == pytest.approx(0.05)
    assert rate("warmup", 0.1, 9, period=10) == pytest.approx(0.1)
    assert rate("warmup", 0.1, 500, period=10) == pytest.approx(0.1)


@pytest.mark.parametrize("kind", ["constant", "step", "exponential"])
def test_the_engines_schedules_are_used_as_they_are(kind):
    engine = Schedule(kind, gamma=0.7, every=30)
    for t in range(0, 200, 7):
        assert rate(kind, 0.3, t, 0.7, 30) == engine(0.3, t)


def test_rates_array_and_monotonic_shapes():
    for kind in KINDS:
        r = rates(kind, 1.0, 300, 0.5, 100)
        assert r.shape == (300,) and (r >= 0).all() and (r <= 1.0 + 1e-12).all()
    assert (rates("cosine", 1.0, 100, period=100)[1:] <= rates("cosine", 1.0, 100, period=100)[:-1]).all()
    assert (rates("warmup", 1.0, 100, period=100)[1:] >= rates("warmup", 1.0, 100, period=100)[:-1]).all()
    with pytest.raises(ValueError):
        rate("linear", 0.1, 1)
