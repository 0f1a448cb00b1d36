"""The batched gradients and losses (one call for all runners of a race) agree with the one-point
ones, which the surface tests check against finite differences; a race on them takes the same
steps as a race that asks one point at a time."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from nnviz.chapters.landscape import surfaces
from nnviz.chapters.landscape.optimisers import KEYS
from nnviz.chapters.landscape.race import Race
from nnviz.chapters.landscape.state import State

BATCHED = [n for n in surfaces.NAMES if surfaces.get(n).grads is not None]


def test_the_data_surfaces_with_costly_gradients_are_batched():
    assert set(BATCHED) == {"logistic", "net"}


@pytest.mark.parametrize("name", BATCHED)
def test_batched_gradients_and_losses_equal_the_one_point_ones(name):
    s = surfaces.get(name)
    rng = np.random.default_rng(3)
    xs, ys = rng.uniform(*s.x_range, 7), rng.uniform(*s.y_range, 7)
    gx, gy = s.grads(xs, ys)
    values = s.values(xs, ys)
    for i in range(7):
        assert (gx[i], gy[i]) == pytest.approx(s.grad(xs[i], ys[i]), rel=1e-12, abs=1e-14)
        assert values[i] == pytest.approx(s.value(xs[i], ys[i]), rel=1e-12)


@pytest.mark.parametrize("name", BATCHED)
def test_a_batched_race_takes_the_same_steps_as_a_one_point_race(name):
    s = surfaces.get(name)
    st = State(surface=name, opt=KEYS)
    fast, slow = Race.build(st, s), Race.build(st, dataclasses.replace(s, grads=None, values=None))
    fast.step(40)
    slow.step(40)
    for a, b in zip(fast.runners, slow.runners, strict=True):
        assert a.t == b.t and (a.stop is None) == (b.stop is None)
        assert a.xs == pytest.approx(b.xs, rel=1e-9, abs=1e-12)
        assert a.ys == pytest.approx(b.ys, rel=1e-9, abs=1e-12)
        assert a.losses == pytest.approx(b.losses, rel=1e-9)


def test_the_house_gradient_from_moments_matches_the_sum_over_the_houses():
    s = surfaces.get("house")
    pts = s.extra["points"]
    for w, b in ((0.0, 0.0), (1.3, -40.0), (250.0, 280.0)):
        r = w * pts.x + b - pts.y
        assert s.grad(w, b) == pytest.approx((2 * np.mean(r * pts.x), 2 * np.mean(r)), rel=1e-12, abs=1e-9)
