"""The playground's URL fields: defaults (TensorFlow Playground's), per-layer lists, clamping, notes."""

from __future__ import annotations

from nnviz import urlstate
from nnviz.chapters.playground import state as ps
from nnviz.chapters.registry import BY_ROUTE


def decode(query: dict):
    return urlstate.decode(ps.State, ps.FIELDS, query)


def test_defaults_mirror_tensorflow_playground():
    st = ps.State()
    assert (st.data, st.noise, st.train, st.features, st.layers, st.act, st.lr, st.reg, st.rate, st.batch,
            st.problem) == ("circle", 0, 50, ("x1", "x2"), (4, 2), ("tanh",), 0.03, "none", 0.0, 10, "classification")


def test_registry_sample_round_trips_exactly():
    info = BY_ROUTE["playground"]
    params = dict(urlstate.parse_hash("#/playground?" + info.sample)[1])
    st, notes = decode(params)
    assert notes == []
    assert urlstate.encode(ps.FIELDS, st) == params


def test_bad_sample_is_bad_in_every_key():
    info = BY_ROUTE["playground"]
    bad = dict(urlstate.parse_hash("#/playground?" + info.bad_sample)[1])
    st, notes = decode(bad)
    assert len(notes) >= len(bad)
    assert st.data == "circle" and st.layers == (4, 2) and st.features == ("x1", "x2")
    assert st.noise == 0 and st.batch == 30  # clamped, with notes


def test_layers_none_and_limits():
    assert decode({"layers": "none"})[0].layers == ()
    st, notes = decode({"layers": "17,2"})
    assert st.layers == (4, 2) and "1 to 16" in notes[0]
    st, notes = decode({"layers": "1,1,1,1,1,1,1"})
    assert st.layers == (4, 2) and "at most 6" in notes[0]
    assert ps.format_layers(()) == "none"


def test_act_and_drop_one_for_all_or_one_per_layer():
    st, notes = decode({"act": "relu,tanh", "drop": "0.5,0", "layers": "3,3"})
    assert notes == [] and st.act == ("relu", "tanh") and st.drop == (0.5, 0.0)
    st, _ = decode({"act": "relu,relu"})
    assert st.act == ("relu",)  # equal values compact to one
    assert ps.per_layer(("relu",), 3) == ["relu"] * 3
    assert ps.per_layer((0.5, 0.1), 3) == [0.5, 0.1, 0.1]
    assert ps.per_layer((0.5, 0.1, 0.2), 2) == [0.5, 0.1]
    st, notes = decode({"drop": "0.95"})
    assert st.drop == (0.9,) and "maximum" in notes[0]


def test_kind_follows_the_data_set_or_the_problem_for_own_data():
    assert ps.kind_of(ps.State(data="reg-plane")) == "regression"
    assert ps.kind_of(ps.State(data="spiral", problem="regression")) == "classification"
    assert ps.kind_of(ps.State(data="own", problem="regression")) == "regression"
