"""The race: divergence stops one runner with its reason while the others go on; the learning-rate
preset behaves as named on every surface; the state's links; the batch run's counts; the 3-D view."""

from __future__ import annotations

import dataclasses
import math
from urllib.parse import parse_qsl

import numpy as np
import pytest

from nnviz import urlstate
from nnviz.chapters.landscape import surfaces
from nnviz.chapters.landscape.batches import BatchRace
from nnviz.chapters.landscape.data import regression_set
from nnviz.chapters.landscape.optimisers import KEYS
from nnviz.chapters.landscape.projection import Mesh, project_points
from nnviz.chapters.landscape.race import MAX_STEPS, Race
from nnviz.chapters.landscape.state import FIELDS, State, fix_start
from nnviz.chapters.registry import BY_ROUTE


def test_a_diverging_sgd_stops_with_its_reason_and_the_others_continue():
    st = State(surface="bowl", opt=("sgd", "adam"), sgd_lr=0.11)  # 1 − 20·0.11 = −1.2: y grows
    race = Race.build(st, surfaces.get("bowl"))
    race.step(30)
    sgd, adam = race.runners
    assert sgd.stop is not None and sgd.stop.kind == "diverged"
    assert "learning rate 0.11" in sgd.stop.reason and "left the map" in sgd.stop.reason
    # the y-coordinate grows by a factor 1.2 in size each step, until it leaves |y| ≤ 3
    assert sgd.t == math.ceil(math.log(3 / 2) / math.log(1.2))
    assert not race.surface.contains(*sgd.point)
    assert adam.stop is None and adam.t == 30
    race.step(5)
    assert sgd.t == math.ceil(math.log(3 / 2) / math.log(1.2)) and adam.t == 35


def test_an_overflowing_loss_is_caught():
    s = dataclasses.replace(surfaces.get("bowl"), grad=lambda x, y: (math.inf, 0.0))
    race = Race.build(State(opt=("sgd", "momentum")), s)
    race.step(3)
    for r in race.runners:
        assert r.stop.kind == "diverged" and "infinite" in r.stop.reason
        assert r.t == 0 and all(math.isfinite(v) for v in r.xs)


def test_leaving_a_saddle_downhill_is_an_escape_not_a_divergence():
    race = Race.build(State(surface="saddle", opt=("sgd",)), surfaces.get("saddle"))
    race.step(500)
    (r,) = race.runners
    assert r.stop.kind == "escaped" and "no minimum" in r.stop.reason


def test_settling_and_the_step_limit():
    race = Race.build(State(surface="bowl", opt=("sgd",)), surfaces.get("bowl"))
    race.step(MAX_STEPS)
    assert race.runners[0].stop.kind == "converged"
    slow = Race.build(State(surface="rosenbrock", opt=("sgd",), sgd_lr=1e-6), surfaces.get("rosenbrock"))
    slow.step(MAX_STEPS + 10)
    assert slow.runners[0].stop.kind == "limit" and slow.runners[0].t == MAX_STEPS


@pytest.mark.parametrize("name", [n for n in surfaces.NAMES if n != "saddle"])
def test_the_preset_rates_do_what_their_names_say(name):
    s = surfaces.get(name)
    race = Race.build(State(surface=name, mode="rates"), s)
    race.step(300)
    small, good, large, diverging = race.runners
    assert diverging.stop is not None and diverging.stop.kind == "diverged", name
    for r in (small, good, large):
        assert r.stop is None or r.stop.kind == "converged", (name, r.label, r.stop)
    assert small.losses[-1] > good.losses[-1], name  # too small is still on its way
    # too large zig-zags: its steps reverse direction more often than the good rate's
    assert reversals(large) > reversals(good), name


def reversals(r) -> int:
    """How often a coordinate's step changes sign from one step to the next."""
    d = np.diff(np.column_stack([r.xs, r.ys]), axis=0)
    return int((np.sign(d[1:]) * np.sign(d[:-1]) < 0).sum())


def test_every_optimiser_reaches_lower_ground_on_every_surface_with_its_recommended_rate():
    for name in surfaces.NAMES:
        s = surfaces.get(name)
        race = Race.build(State(surface=name, opt=KEYS), s)
        race.step(300)
        for r in race.runners:
            assert r.stop is None or r.stop.kind in ("converged", "escaped"), (name, r.label, r.stop)
            assert r.losses[-1] < r.losses[0], (name, r.label)


def test_a_schedule_sets_each_steps_rate():
    st = State(surface="bowl", opt=("sgd",), sgd_lr=0.04, schedule="step", gamma=0.5, period=2)
    race = Race.build(st, surfaces.get("bowl"))
    race.step(3)
    r = race.runners[0]
    assert r.last_lr == pytest.approx(0.02)  # step t = 2 (the third) runs at lr₀ · 0.5
    x = -4.5 * (1 - 2 * 0.04) ** 2 * (1 - 2 * 0.02)
    assert r.point[0] == pytest.approx(x)


def test_sample_link_round_trips_and_bad_link_is_bad_everywhere():
    info = BY_ROUTE["landscape"]
    params = dict(parse_qsl(info.sample))
    state, notes = urlstate.decode(State, FIELDS, params)
    assert notes == [] and urlstate.encode(FIELDS, state) == params
    bad = dict(parse_qsl(info.bad_sample))
    state, notes = urlstate.decode(State, FIELDS, bad)
    assert len(notes) == len(bad)
    assert state.sgd_lr == 1e-6 and state.adam_beta1 == 0.999 and state.surface == "bowl"


def test_a_start_outside_the_box_moves_to_its_edge_with_a_note():
    params, notes = fix_start({"surface": "house", "start": "900,-1e9"})
    assert params["start"] == "300,-200" and "outside the map" in notes[0]
    assert fix_start({"surface": "house", "start": "100,0"}) == ({"surface": "house", "start": "100,0"}, [])
    assert fix_start({"start": "x"}) == ({"start": "x"}, [])


def test_batches_count_steps_per_epoch_and_take_exact_gradient_steps():
    run = BatchRace.build(batch=16, lr=0.05)
    run.epoch()
    full, mini, sto = run.runners
    assert (full.steps, mini.steps, sto.steps) == (1, 19, 300)
    pts = regression_set()
    w0, b0 = full.xs[0], full.ys[0]
    r = w0 * pts.x + b0 - pts.y
    assert full.xs[1] == pytest.approx(w0 - 0.05 * 2 * np.mean(r * pts.x))
    assert full.ys[1] == pytest.approx(b0 - 0.05 * 2 * np.mean(r))
    assert mini.epochs[-1] == 1.0 and len(sto.xs) == 301
    again = BatchRace.build(batch=16, lr=0.05)
    again.epoch()
    assert again.runners[2].xs == sto.xs  # seeded: the same order every time
    for _ in range(30):
        run.epoch()
    best = float(BatchRace.loss(*BatchRace.best()))
    assert (np.diff(full.losses) < 0).all() and min(full.losses) > best  # exact descent on a convex loss
    assert min(sto.losses) > best
    # small batches stay noisy near the minimum: the stochastic loss keeps moving up and down
    last = np.array(sto.losses[-300:])
    assert (np.diff(last) > 0).sum() > 50


def test_projection_turns_and_sorts_far_to_near():
    p, depth = project_points([1.0], [0.0], [0.5], 0.0, 0.0)
    assert p[0] == pytest.approx((1.0, 0.0)) and depth[0] == pytest.approx(0.0)
    p, depth = project_points([1.0], [0.0], [0.5], math.pi / 2, 0.0)  # a quarter turn
    assert p[0] == pytest.approx((0.0, 0.0), abs=1e-12) and depth[0] == pytest.approx(1.0)
    t = np.add.outer(np.linspace(0, 1, 20), np.zeros(20))
    mesh = Mesh.from_grid(t, 8)
    view = mesh.project(0.4, 0.6)
    assert view.quads.shape == (49, 4, 2) and sorted(view.order.tolist()) == list(range(49))
    _, d = project_points(mesh.u, mesh.v, mesh.z, 0.4, 0.6)
    qd = (d[:-1, :-1] + d[:-1, 1:] + d[1:, 1:] + d[1:, :-1]).ravel()[view.order]
    assert (np.diff(qd) <= 1e-12).all()
