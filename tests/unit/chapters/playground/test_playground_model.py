"""The playground's model: training reaches what it should, Reset replays, settings never reset,
the grid pass is every neuron's output, divergence is caught and undone, edited weights land
after seeding (and again on Reset) and edits the network lacks are noted."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nnviz.chapters.playground import edits
from nnviz.chapters.playground import model as pm
from nnviz.chapters.playground import state as ps
from nnviz.chapters.playground.features import KEYS


def make(**kw) -> pm.Playground:
    st = ps.State(**kw)
    m = pm.Playground()
    m.set_data(st)
    m.set_network(st)
    return m


def test_default_set_up_learns_the_circle():
    m = make()
    m.run(0, epochs=150)
    assert m.epoch == 150
    assert m.test_loss < 0.1 and m.test_accuracy >= 0.95


def test_softmax_learns_three_blobs():
    m = make(data="blobs-3", layers=(6,), lr=0.1)
    assert m.net.sizes == [2, 6, 3] and m.net.output == "softmax"
    m.run(0, epochs=60)
    assert m.test_accuracy >= 0.95
    assert m.confusion.shape == (3, 3) and m.confusion.sum() == len(m.data.y_test)
    assert np.trace(m.confusion) / m.confusion.sum() == pytest.approx(m.test_accuracy)


def test_sse_head_is_tensorflow_playgrounds_tanh_on_plus_minus_one():
    m = make(loss="sse")
    assert m.net.output == "tanh" and m.net.loss == "half_sse"
    assert set(np.unique(m.t_train)) == {-1.0, 1.0}
    out = m.outputs(m.f_test)
    expected = 0.5 * np.mean(np.sum((out.astype(float) - m.t_test) ** 2, axis=1))
    assert m.test_loss == pytest.approx(expected, rel=1e-6)


def test_reset_replays_the_same_run():
    m = make(data="xor", layers=(4,))
    m.run(0, epochs=5)
    first = [p.copy() for p in m.net.parameters()]
    loss = m.test_loss
    m.reset_weights(m.wseed)
    assert m.epoch == 0
    m.run(0, epochs=5)
    for a, b in zip(first, m.net.parameters(), strict=True):
        np.testing.assert_array_equal(a, b)
    assert m.test_loss == loss


def test_learning_rate_and_regularisation_changes_do_not_reset():
    st = ps.State()
    m = make()
    m.run(0, epochs=3)
    before = [p.copy() for p in m.net.parameters()]
    m.set_training(ps.State(lr=0.3, reg="l2", rate=0.01))
    assert m.epoch == 3 and m.opt.lr == 0.3 and m.net.regularization == "l2" and m.net.reg_rate == 0.01
    for a, b in zip(before, m.net.parameters(), strict=True):
        np.testing.assert_array_equal(a, b)
    assert st.lr == 0.03


def test_uniform_init_is_tensorflow_playgrounds():
    m = make(init="uniform", layers=(8, 8))
    W = np.concatenate([w.ravel() for w in m.net.weights])
    assert W.min() >= -0.5 and W.max() <= 0.5 and W.std() > 0.2
    assert all(np.all(b == np.float32(0.1)) for b in m.net.biases)


def test_per_layer_dropout_reaches_the_network():
    m = make(layers=(4, 3, 2), drop=(0.5, 0.0))
    assert m.net.dropout_rates == [0.5, 0.0, 0.0]


def test_grid_pass_is_every_neurons_output_and_thumbnails_sample_block_centres():
    m = make(data="spiral", features=KEYS, layers=(5, 3))
    acts = m.grid_activations()
    assert [a.shape for a in acts] == [(pm.RES**2, 7), (pm.RES**2, 5), (pm.RES**2, 3), (pm.RES**2, 1)]
    pts = pm.grid_points(m.data.domain)
    k = 1234
    np.testing.assert_allclose(acts[-1][k], m.predict(pts[k:k + 1])[0], rtol=1e-5, atol=1e-6)
    exact = m.net.trace(m.grid_features()).activations
    for fast, ref in zip(acts, exact, strict=True):
        np.testing.assert_allclose(fast, ref, rtol=0, atol=2e-6)
    # the grid's row 0 is the top (largest x2)
    assert pts[0, 1] > pts[-1, 1] and pts[0, 0] < pts[pm.RES - 1, 0]
    th = pm.thumbnails(acts[1])
    b = pm.RES // pm.THUMB
    by_hand = acts[1][(b * 3 + b // 2) * pm.RES + b * 7 + b // 2, 2]  # row-major cell index
    assert th.shape == (5, pm.THUMB, pm.THUMB)
    assert th[2, 3, 7] == by_hand


def test_divergence_is_caught_and_the_last_good_weights_come_back():
    m = make(data="reg-gauss", layers=(8, 8), act=("relu",), lr=10.0, batch=1)
    diverged = ""
    for _ in range(200):
        good = [p.copy() for p in m.net.parameters()]
        run = m.run(0, epochs=1)
        if run.diverged:
            diverged = run.diverged
            break
    assert diverged
    m.restore_good()
    for a, b in zip(good, m.net.parameters(), strict=True):
        np.testing.assert_array_equal(a, b)
    assert math.isfinite(m.train_loss)


def test_stop_at_epoch_and_at_target_loss():
    m = make()
    m.set_training(ps.State(stop=7))
    run = m.run(10.0)
    assert m.epoch == 7 and "epoch 7" in run.stopped
    m = make()
    m.set_training(ps.State(target=0.3))
    while not (run := m.run(10.0, epochs=1)).stopped:
        assert m.epoch < 500
    assert m.test_loss <= 0.3


def test_data_outside_the_square_is_standardised_and_plotted_in_its_units():
    X = np.array([[100.0, 5.0], [110.0, 7.0], [120.0, 9.0], [130.0, 11.0]])
    mean, sd = pm.normalisation(X)
    np.testing.assert_allclose(mean, [115, 8])
    np.testing.assert_allclose(sd, X.std(axis=0))
    mean, sd = pm.normalisation(np.array([[1.0, -5.0], [2.0, 3.0]]))
    assert mean.tolist() == [0, 0] and sd.tolist() == [1, 1]


def test_regression_reports_rmse_and_r2():
    m = make(data="reg-plane", layers=(3,), lr=0.01)
    m.run(0, epochs=60)
    out = m.out_test[:, 0].astype(float)
    y = m.data.y_test
    assert m.rmse == pytest.approx(np.sqrt(np.mean((out - y) ** 2)), rel=1e-6)
    assert m.r2 == pytest.approx(1 - np.sum((out - y) ** 2) / np.sum((y - y.mean()) ** 2), rel=1e-6)
    assert m.r2 > 0.9


def test_fast_tanh_matches_numpy_tanh():
    z = np.concatenate([np.linspace(-30, 30, 20001), [-np.inf, np.inf, 0.0, 1e-6, -1e-6]]).astype(np.float32)
    got = pm.fast_tanh(z.copy())
    ref = np.tanh(z.astype(np.float64))
    with np.errstate(all="ignore"):
        assert np.abs(got - ref).max() < 2.5e-7
    assert got[-5] == -1 and got[-4] == 1 and got.dtype == np.float32


def test_a_grid_job_in_slices_is_the_whole_pass_on_the_weights_it_started_with():
    m = make(data="spiral", features=KEYS, layers=(6, 4), act=("tanh", "relu"))
    whole = pm.grid_pass(m.net, m.grid_features())
    job = pm.GridJob(m.net, m.grid_features(), parts=3, version=m.version)
    assert not job.step()
    m.run(0, epochs=2)  # training moves on between the slices: the job keeps its copy
    assert not job.step() and job.step() and job.done
    for a, b in zip(job.acts, whole, strict=True):
        np.testing.assert_array_equal(a, b)
    # the tiles are the same network over the node-box grid
    tiles = m.tile_activations()
    pts = pm.grid_points(m.data.domain, pm.TILE)
    assert tiles[-1].shape == (pm.TILE**2, 1)
    np.testing.assert_allclose(tiles[-1][37], m.predict(pts[37:38])[0], rtol=1e-5, atol=1e-6)


def test_edits_apply_after_seeding_and_again_on_reset():
    plain = make(wseed=5)
    m = make(wseed=5, edit=((0, 1, 2, 0.5), (1, edits.BIAS, 0, -2.0)))
    assert m.net.weights[0][1, 2] == np.float32(0.5) and m.net.biases[1][0] == np.float32(-2.0)
    # every other weight is the seed's
    w0, p0 = m.net.weights[0].copy(), plain.net.weights[0].copy()
    w0[1, 2] = p0[1, 2] = 0
    assert np.array_equal(w0, p0) and np.array_equal(m.net.weights[1], plain.net.weights[1])
    assert m.test_loss != plain.test_loss and m.edit_notes == []
    before = m.test_loss
    m.run(0, epochs=3)
    m.reset_weights(5)
    assert m.net.weights[0][1, 2] == np.float32(0.5) and m.test_loss == before


def test_an_edit_this_network_lacks_is_noted_and_ignored():
    m = make(layers=(4, 2), edit=((0, 9, 0, 1.0), (5, edits.BIAS, 0, 1.0), (0, 0, 0, 0.75)))
    assert m.net.weights[0][0, 0] == np.float32(0.75)
    assert len(m.edit_notes) == 1 and "0.9.0" in m.edit_notes[0] and "5.b.0" in m.edit_notes[0]


def test_the_neuron_major_pass_is_the_exact_trace_for_every_activation_and_softmax():
    m = make(data="blobs-3", features=KEYS, layers=(5, 4, 3), act=("relu", "elu", "sigmoid"))
    m.run(0, epochs=2)
    rows = m.grid_rows()
    exact = m.net.trace(m.grid_features()).activations
    assert [r.shape for r in rows] == [(7, pm.RES**2), (5, pm.RES**2), (4, pm.RES**2), (3, pm.RES**2), (3, pm.RES**2)]
    for row, ref in zip(rows, exact, strict=True):
        assert row.flags.c_contiguous  # one contiguous row per neuron: a map, ready to colour
        np.testing.assert_allclose(row, ref.T, rtol=0, atol=2e-6)
    np.testing.assert_allclose(rows[-1].sum(axis=0), 1.0, atol=1e-6)  # softmax over the classes
    # measure()'s one pass over training and test points gives the losses of the engine's pass
    loss = m.net.evaluate(m.f_test, m.t_test)
    assert m.test_loss == pytest.approx(loss, rel=1e-5)
