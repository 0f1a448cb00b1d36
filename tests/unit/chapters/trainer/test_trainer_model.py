"""The digit trainer's model: data, the fused SGD step, training runs, the blow-up watch.

The fused step is checked against two independent references: the engine's general
``Network.step`` (same maths, other code) and finite differences of the loss.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from nnviz.chapters.trainer import model as tm
from nnviz.chapters.trainer.digits import DIGITS, TARGETS, parse, pixel_name, show
from nnviz.engine import SGD, Network
from nnviz.kit.runs import check_trainable

SEED_ZERO = [0, 1, 1, 1, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0, 1, 1, 1, 0]


# ----- data --------------------------------------------------------------------------------------


def test_digits_are_ten_distinct_binary_images_starting_with_the_seed_zero():
    assert DIGITS.shape == (10, 25)
    assert DIGITS[0].tolist() == SEED_ZERO
    assert set(np.unique(DIGITS)) == {0.0, 1.0}
    assert len({d.tobytes() for d in DIGITS}) == 10
    # every pair differs in at least two pixels, so no digit is a one-pixel slip of another
    diffs = [(DIGITS[a] != DIGITS[b]).sum() for a in range(10) for b in range(a + 1, 10)]
    assert min(diffs) >= 2


def test_targets_are_099_for_the_right_digit_and_0_elsewhere():
    assert np.array_equal(TARGETS, np.eye(10) * 0.99)


def test_parse_and_show_round_trip_and_refuse_bad_art():
    assert show(DIGITS[0]) == ".###.\n#...#\n#...#\n#...#\n.###."
    for d in DIGITS:
        assert np.array_equal(parse(show(d)), d)
    with pytest.raises(ValueError):
        parse("#### ....")
    assert pixel_name(7) == "pixel 8 (row 2, column 3)"


# ----- the fused step ----------------------------------------------------------------------------


@pytest.mark.parametrize("hidden", [1, 5, 32])
def test_fused_step_matches_the_engine_network_step(hidden):
    ref = Network([25, hidden, 10], hidden="sigmoid", output="sigmoid", loss="sse", init="xavier",
                  seed=3, dtype="float64")
    opt = SGD(0.7)
    model = tm.DigitModel(hidden, 0.7, seed=3)
    for p, q in zip(ref.parameters(), model.net.parameters(), strict=True):
        assert np.array_equal(p, q)
    run = model.train(25)
    for t in range(25):
        i = t % 10
        m = ref.step(DIGITS[i : i + 1], TARGETS[i : i + 1], opt)
        assert run.losses[t] == pytest.approx(m.loss, rel=1e-12, abs=1e-14)
    for p, q in zip(ref.parameters(), model.net.parameters(), strict=True):
        assert np.allclose(p, q, rtol=1e-11, atol=1e-13)


def test_fused_step_is_gradient_descent_on_the_sum_of_squares():
    """Δθ = −lr · ∂L/∂θ with ∂L/∂θ from central differences of L = Σₖ (aₖ − yₖ)²."""
    rng = np.random.default_rng(0)
    W0, b0 = rng.normal(0, 0.5, (25, 4)), rng.normal(0, 0.5, 4)
    W1, b1 = rng.normal(0, 0.5, (4, 10)), rng.normal(0, 0.5, 10)
    x, y, lr = DIGITS[6], TARGETS[6], 0.3

    def loss(params):
        w0, c0, w1, c1 = params
        hid = 1 / (1 + np.exp(-(x @ w0 + c0)))
        a = 1 / (1 + np.exp(-(hid @ w1 + c1)))
        return float(np.sum((a - y) ** 2))

    params = [W0.copy(), b0.copy(), W1.copy(), b1.copy()]
    numeric = []
    for p in params:
        g = np.zeros_like(p)
        for idx in np.ndindex(p.shape):
            old = p[idx]
            p[idx] = old + 1e-6
            up = loss(params)
            p[idx] = old - 1e-6
            down = loss(params)
            p[idx] = old
            g[idx] = (up - down) / 2e-6
        numeric.append(g)
    before = loss(params)
    got = tm.sgd_step(W0, b0, W1, b1, x, y, lr)
    assert got == pytest.approx(before, rel=1e-12)
    for new, old, g in zip((W0, b0, W1, b1), params, numeric, strict=True):
        assert np.allclose(new - old, -lr * g, atol=1e-8)


# ----- runs --------------------------------------------------------------------------------------


def test_train_cycles_through_the_images_and_reports_each_loss_and_the_ten_step_mean():
    model = tm.DigitModel(6, 0.5, seed=11)
    twin = tm.DigitModel(6, 0.5, seed=11)
    run = model.train(23)
    assert run.iterations.tolist() == list(range(1, 24))
    assert model.iteration == 23
    for t in range(23):  # the loss of step t is image t mod 10, measured before the update
        i = t % 10
        a = twin.net.forward(DIGITS[i])
        assert run.losses[t] == pytest.approx(float(np.sum((a - TARGETS[i]) ** 2)), rel=1e-12)
        twin.train(1)
    expected = [np.mean(run.losses[max(0, t - 9) : t + 1]) for t in range(23)]
    assert np.allclose(run.series["window_loss"], expected)
    more = model.train(4)  # the window carries over between calls
    all_losses = np.concatenate([run.losses, more.losses])
    assert np.allclose(more.series["window_loss"], [np.mean(all_losses[t - 9 : t + 1]) for t in range(23, 27)])
    assert model.loss == pytest.approx(np.mean(all_losses[-10:]))


def test_loss_is_none_before_training_and_accuracy_is_counted_over_the_ten_images():
    model = tm.DigitModel(16, 1.0, seed=1)
    assert model.loss is None and model.iteration == 0
    out = model.outputs_all()
    assert model.accuracy() == np.mean(np.argmax(out, axis=1) == np.arange(10))
    hidden, outputs = model.activations(DIGITS[4])
    assert hidden.shape == (16,) and np.allclose(outputs, out[4])


@pytest.mark.parametrize("seed", range(0, 300, 23))
def test_default_settings_reach_100_percent_within_1000_iterations(seed):
    """Across 300 seeds the slowest took 440 iterations; the e2e test allows 1,000."""
    model = tm.DigitModel(16, 1.0, seed)
    while model.accuracy() < 1.0 and model.iteration < 1000:
        model.train(10)
    assert model.accuracy() == 1.0, f"seed {seed}: {model.iteration} iterations"


def test_a_seed_reproduces_a_run_and_rebuild_starts_again():
    a, b = tm.DigitModel(8, 1.0, seed=5), tm.DigitModel(8, 1.0, seed=5)
    a.train(137)
    b.train(100)
    b.train(37)
    for p, q in zip(a.net.parameters(), b.net.parameters(), strict=True):
        assert np.array_equal(p, q)
    c = tm.DigitModel(8, 1.0, seed=6)
    assert not np.array_equal(c.weights[0], tm.DigitModel(8, 1.0, seed=5).weights[0])
    generation = a.generation
    a.rebuild(12, 5)
    assert a.iteration == 0 and a.loss is None and a.weights[0].shape == (25, 12)
    assert a.generation == generation + 1


def test_changing_the_learning_rate_keeps_the_weights_and_the_count():
    model = tm.DigitModel(8, 1.0, seed=2)
    model.train(30)
    before = [p.copy() for p in model.net.parameters()]
    model.set_lr(0.05)
    for p, q in zip(before, model.net.parameters(), strict=True):
        assert np.array_equal(p, q)
    assert model.iteration == 30
    twin = tm.DigitModel(8, 1.0, seed=2)
    twin.train(30)
    twin.lr = 0.05
    model.train(10)
    twin.train(10)
    assert np.array_equal(model.weights[0], twin.weights[0])


def test_a_step_that_would_overflow_changes_nothing_and_says_so():
    model = tm.DigitModel(4, 1.0, seed=0)
    model.train(5)
    before = [p.copy() for p in model.net.parameters()]
    model.set_lr(1e308)  # far outside the slider: only to prove the guard
    run = model.train(20)
    assert run.diverged and "NaN or infinite" in run.reason
    assert run.steps == 0 and model.iteration == 5
    for p, q in zip(before, model.net.parameters(), strict=True):
        assert np.array_equal(p, q)


def test_train_for_stops_at_the_time_budget_or_the_step_limit():
    ticks = iter(np.arange(0, 1, 0.001))  # a fake clock: 1 ms per reading
    model = tm.DigitModel(4, 1.0, seed=0)
    run = model.run(0.0025, 1000, clock=lambda: float(next(ticks)))
    assert 0 < run.steps <= 12  # readings every 4 steps: the budget ends after a few
    assert model.run(10.0, 7).steps == 7


def test_digit_model_keeps_the_trainable_promises():
    model = tm.DigitModel(5, 0.8, seed=3)
    check_trainable(model, seed=9, steps=14)
    # the run record carries the model's own series and its epochs (ten images per epoch)
    model.reset(2)
    run = model.train(25)
    assert run.epochs == 2.5 and set(run.series) == {"window_loss"} and run.elapsed_s >= 0


def test_restore_goes_back_across_a_rebuild_and_brings_the_watch_back():
    model = tm.DigitModel(6, 5.0, seed=4)
    model.train(300)
    snap = model.snapshot()
    after = model.train(2000)
    model.rebuild(12, 8)  # another size and seed
    model.restore(snap)
    assert model.hidden == 6 and model.seed == 4 and model.iteration == 300
    again = model.train(2000)
    assert np.array_equal(again.losses, after.losses)
    assert again.diverged == after.diverged and again.reason == after.reason


# ----- the blow-up watch -------------------------------------------------------------------------


def test_watch_ignores_a_falling_or_noisy_loss_and_flags_a_climb():
    watch = tm.BlowUpWatch()
    rng = np.random.default_rng(0)
    falling = 2.5 * np.exp(-np.arange(400) / 60) + rng.random(400) * 0.05
    assert watch.update(falling) == ""
    assert watch.best < 0.1
    climb = np.full(60, 0.9)
    reason = watch.update(climb)
    assert "climbed back up" in reason and "after having been down to" in reason
    watch.rebase()
    assert watch.update(np.full(60, 0.9)) == ""  # kept training on purpose: judged from here


def test_watch_matches_a_brute_force_rolling_mean():
    rng = np.random.default_rng(4)
    seq = np.concatenate([np.linspace(2, 0.05, 200), np.full(100, 0.05), 0.05 + rng.random(300) * 1.2])
    watch = tm.BlowUpWatch()
    first = None
    for start in range(0, len(seq), 17):  # fed in uneven chunks
        if watch.update(seq[start : start + 17]) and first is None:
            first = start
    best, expected = math.inf, None
    for t in range(tm.WATCH - 1, len(seq)):
        m = seq[t - tm.WATCH + 1 : t + 1].mean()
        best = min(best, m)
        if m > tm.BLOWUP_FACTOR * best + tm.BLOWUP_MARGIN:
            expected = t
            break
    assert expected is not None and first is not None
    assert first <= expected < first + 17  # flagged in the chunk that holds the first bad window


@pytest.mark.parametrize("hidden", [1, 4, 16, 32])
@pytest.mark.parametrize("lr", [0.1, 1.0])
def test_sensible_learning_rates_never_trip_the_watch(hidden, lr):
    for seed in range(4):
        model = tm.DigitModel(hidden, lr, seed)
        model.train(3000)
        assert model.diverged == "", (hidden, lr, seed)


@pytest.mark.parametrize("nudge", [0, 1, 2, 3, 4, 5])
def test_a_learning_rate_of_5_blows_the_loss_up_for_this_seed(nudge):
    """The case the end-to-end test uses (H = 6, seed 4). At lr = 5 training is chaotic, so the
    browser's numpy (other rounding) takes another path: nudging the starting weights by 1e-12
    stands in for that, and every nudged copy still blows up within 6,000 iterations."""
    model = tm.DigitModel(6, 5.0, seed=4)
    if nudge:
        rng = np.random.default_rng(1000 + nudge)
        for p in model.net.parameters():
            p += rng.standard_normal(p.shape) * 1e-12
    while not model.diverged and model.iteration < 6000:
        model.train(100)
    assert model.diverged and "climbed back up" in model.diverged
