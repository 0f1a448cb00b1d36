"""The troubles chapter's state: presets, link filling, the registry's sample, data and text."""

from __future__ import annotations

from urllib.parse import parse_qsl

import numpy as np

from nnviz import urlstate
from nnviz.chapters.registry import BY_ROUTE
from nnviz.chapters.troubles import data as td
from nnviz.chapters.troubles import state as ts
from nnviz.chapters.troubles.text import EXPERIMENT_TEXT


def test_every_experiment_has_a_preset_and_its_text():
    for name in ts.EXPERIMENTS:
        st = ts.preset(name)
        assert st.experiment == name
        text = EXPERIMENT_TEXT[name]
        assert text.title and len(text.look) > 100 and len(text.why) > 100
    assert ts.preset("vanishing").depth == 8 and ts.preset("vanishing").act == "sigmoid"
    assert ts.preset("init").init == "zeros"
    assert ts.preset("overfitting").data == 100 and ts.uses_digits("overfitting")


def test_a_link_naming_only_an_experiment_gets_its_preset_and_given_keys_win():
    st, notes = urlstate.decode(ts.State, ts.FIELDS, ts.fill_preset({"experiment": "exploding", "clip": "1"}))
    assert notes == [] and st.act == "relu" and st.init == "large" and st.clip == 1.0
    assert ts.fill_preset({"experiment": "volcano"}) == {"experiment": "volcano"}


def test_the_sample_round_trips_and_the_bad_sample_is_bad_everywhere():
    info = BY_ROUTE["troubles"]
    params = dict(parse_qsl(info.sample))
    st, notes = urlstate.decode(ts.State, ts.FIELDS, ts.fill_preset(params))
    assert notes == [] and urlstate.encode(ts.FIELDS, st) == params
    bad = dict(parse_qsl(info.bad_sample))
    st, notes = urlstate.decode(ts.State, ts.FIELDS, bad)
    assert len(notes) >= len(bad)
    assert st.depth == 10 and st.lr == 0.0001 and st.data == 20  # clamped, with notes


def test_preset_fields_keep_seed_and_monitor():
    f = ts.preset_fields("dead-relu")
    assert "seed" not in f and "monitor" not in f and f["lr"] == 3.0


def test_points_split_into_training_and_validation():
    d = td.points(120, seed=3)
    assert d.x_train.shape == (120, 2) and d.x_val.shape == (td.N_VAL_POINTS, 2)
    assert d.y_train.shape == (120, 1) and set(np.unique(d.y_train)) <= {0.0, 1.0}
    assert np.abs(d.x_train).max() < 1.5
    np.testing.assert_array_equal(td.points(120, seed=3).x_train, d.x_train)


def test_digits_shrink_to_14x14_block_means():
    rng = np.random.default_rng(0)
    img = rng.integers(0, 256, size=(3, 784), dtype=np.uint8)
    small = td.shrink(img)
    ref = img.reshape(3, 28, 28).astype(float)
    ref = (ref[:, 0::2, 0::2] + ref[:, 1::2, 0::2] + ref[:, 0::2, 1::2] + ref[:, 1::2, 1::2]) / 4 / 255
    np.testing.assert_allclose(small, ref.reshape(3, 196), rtol=1e-6)
    arrays = {"x_train": img.repeat(10, axis=0), "y_train": np.arange(30) % 10,
              "x_test": img, "y_test": np.array([1, 2, 3])}
    src = td.DigitSource(arrays)
    d = src.data(12)
    assert d.kind == "digits" and d.x_train.shape == (12, 196) and d.y_train.shape == (12, 10)
    assert d.y_val.argmax(axis=1).tolist() == [1, 2, 3]
