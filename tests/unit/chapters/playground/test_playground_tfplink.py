"""Opening TensorFlow Playground links: every TFP key read, notes for the rest, defaults on bad values."""

import pytest

from nnviz import urlstate
from nnviz.chapters.playground import features
from nnviz.chapters.playground.tfplink import seed_number, split_link, translate

# The keys TFP's state.ts reads (its State.PROPS), written out from reading its built bundle.
TFP_KEYS = ["activation", "regularization", "batchSize", "dataset", "regDataset", "learningRate", "regularizationRate", "noise", "networkShape", "seed", "showTestData", "discretize", "percTrainData", "x", "y", "xTimesY", "xSquared", "ySquared", "cosX", "sinX", "cosY", "sinY", "collectStats", "tutorial", "problem", "initZero", "hideText"]  # fmt: skip
# A link exactly as TFP writes it on its start page (every key, in its order).
TFP_DEFAULT_LINK = (
    "https://playground.tensorflow.org/#activation=tanh&batchSize=10&dataset=circle"
    "&regDataset=reg-plane&learningRate=0.03&regularizationRate=0&noise=0&networkShape=4,2"
    "&seed=0.70337&showTestData=false&discretize=false&percTrainData=50&x=true&y=true"
    "&xTimesY=false&xSquared=false&ySquared=false&cosX=false&sinX=false&cosY=false&sinY=false"
    "&collectStats=false&problem=classification&initZero=false&hideText=false"
)
LARGEST = ("activation=tanh&batchSize=10&dataset=spiral&learningRate=0.03&regularizationRate=0"
           "&noise=0&networkShape=8,8,8,8,8,8&seed=0.12345&percTrainData=50&x=true&y=true"
           "&xSquared=true&ySquared=true&xTimesY=true&sinX=true&sinY=true&problem=classification")  # fmt: skip


def test_tfp_start_page_link_becomes_the_default_set_up_with_only_the_seed_note():
    params, notes = translate(TFP_DEFAULT_LINK)
    assert params == {
        "data": "circle", "problem": "classification", "noise": "0", "train": "50",
        "act": "tanh", "lr": "0.03", "reg": "none", "rate": "0", "batch": "10",
        "layers": "4,2", "features": "x1,x2", "test": "0", "discrete": "0",
        "init": "uniform", "opt": "sgd", "loss": "sse", "dseed": "70337", "wseed": "70337",
    }  # fmt: skip
    assert len(notes) == 1 and "seed “0.70337”" in notes[0] and "not the same points" in notes[0]


def test_the_largest_set_up_and_its_hash_alone_or_as_a_query_give_the_same_keys():
    full, _ = translate("https://playground.tensorflow.org/#" + LARGEST)
    assert full["layers"] == "8,8,8,8,8,8" and full["data"] == "spiral"
    assert full["features"] == ",".join(features.KEYS)
    assert (
        translate(LARGEST)[0] == full == translate("#" + LARGEST)[0] == translate("?" + LARGEST)[0]
    )


def test_every_value_from_tfps_tables_translates():
    for tfp, ours in (("relu", "relu"), ("sigmoid", "sigmoid"), ("linear", "linear")):
        assert translate(f"activation={tfp}")[0]["act"] == ours
    for tfp, ours in (("L1", "l1"), ("L2", "l2"), ("none", "none")):
        assert translate(f"regularization={tfp}&regularizationRate=0.003")[0]["reg"] == ours
    for name in ("circle", "xor", "gauss", "spiral"):
        assert translate(f"dataset={name}")[0]["data"] == name
    reg, _ = translate("problem=regression&regDataset=reg-gauss&dataset=spiral")
    assert reg["data"] == "reg-gauss" and reg["problem"] == "regression" and "loss" not in reg
    assert translate("problem=regression")[0]["data"] == "reg-plane"
    p, notes = translate("showTestData=true&discretize=true&initZero=true&networkShape=")
    assert (p["test"], p["discrete"], p["init"], p["layers"]) == ("1", "1", "zeros", "none")
    assert notes == []


def test_tfp_switches_count_anything_but_false_as_on():
    p, _ = translate("x=false&y=1&sinY=yes&xTimesY=false")
    assert p["features"] == "x2,sinx2"


def test_translated_values_are_valid_for_the_agreed_keys():
    p, _ = translate(LARGEST + "&regularization=L2&regularizationRate=0.3&learningRate=3")
    for key, lo, hi in (("noise", 0, 50), ("train", 10, 90), ("batch", 1, 30)):
        assert lo <= int(p[key]) <= hi
    assert features.parse_keys(p["features"])
    assert urlstate.parse_int_list(p["layers"], 1, 16, 1, 6) == [8] * 6
    assert float(p["lr"]) == 3 and float(p["rate"]) == 0.3


@pytest.mark.parametrize(
    ("link", "key", "value", "words"),
    [
        (
            "batchSize=abc",
            "batch",
            "10",
            "“batchSize” “abc” is not a number; using TFP's default 10.",
        ),
        ("learningRate=-1", "lr", "0.03", "must be a finite number above 0"),
        ("learningRate=NaN", "lr", "0.03", "must be a finite number above 0"),
        ("activation=swish", "act", "tanh", "is not one of relu, tanh, sigmoid, linear"),
        ("dataset=moons", "data", "circle", "is not one of circle, xor, gauss, spiral"),
        ("networkShape=3,x", "layers", "4,2", "“x”, which is not a whole number"),
        ("networkShape=3,0", "layers", "4,2", "not a whole number ≥ 1"),
        ("noise=70", "noise", "50", "“noise” 70 is outside 0…50 here; set to 50."),
        ("percTrainData=5", "train", "10", "outside 10…90"),
        ("batchSize=2.5", "batch", "2", "rounded to 2"),
        ("batchSize=99", "batch", "30", "set to 30"),
        ("networkShape=20,3", "layers", "16,3", "set to 16"),
        ("networkShape=1,2,3,4,5,6,7", "layers", "1,2,3,4,5,6", "the first 6 are used"),
        ("x=false&y=false", "features", "x1,x2", "every input feature off"),
    ],
)
def test_malformed_values_give_a_note_and_the_default(link, key, value, words):
    params, notes = translate(link)
    assert params[key] == value
    assert any(words in n for n in notes), notes


# For each TFP key, a value that differs from TFP's default (regDataset counts for regression).
NON_DEFAULT = {
    "activation": "relu", "regularization": "L1", "batchSize": "3", "dataset": "xor",
    "regDataset": "reg-gauss", "learningRate": "0.1", "regularizationRate": "0.01", "noise": "20",
    "networkShape": "3", "seed": "0.5", "showTestData": "true", "discretize": "true",
    "percTrainData": "70", "x": "false", "y": "false", "xTimesY": "true", "xSquared": "true",
    "ySquared": "true", "cosX": "true", "sinX": "true", "cosY": "true", "sinY": "true",
    "collectStats": "true", "tutorial": "intro", "problem": "regression", "initZero": "true",
    "hideText": "true",
}  # fmt: skip


def test_every_key_tfp_reads_is_translated_or_explained():
    assert sorted(NON_DEFAULT) == sorted(TFP_KEYS)
    for key, value in NON_DEFAULT.items():
        base = "problem=regression&" if key == "regDataset" else ""
        before, _ = translate(base + "dataset=circle")
        params, notes = translate(f"{base}{key}={value}")
        changed = params != before
        mentioned = any(f"“{key}”" in n for n in notes)
        assert changed != mentioned, (key, params, notes)  # carried over, or explained: one of both


def test_keys_without_an_equivalent_are_explained_when_they_ask_for_something():
    _, notes = translate(
        "collectStats=true&cosX=true&tutorial=spiral&hideText=true&noise_hide=true"
    )
    assert [n.split(" ")[0] for n in notes] == [
        "“collectStats”",
        "“cosX”",
        "“tutorial”",
        "“hideText”",
        "“noise_hide”",
    ]
    assert "embed mode" in notes[3] and "hide=" in notes[4]
    assert translate("collectStats=false&cosX=false&noise_hide=false&tutorial=")[1] == []
    _, notes = translate("dataset=xor&layers=3")
    assert notes == ["“layers” is not a TensorFlow Playground setting; ignored."]


def test_text_that_is_no_link_changes_nothing():
    for text in ("", "hello", "https://example.org/page"):
        params, notes = translate(text)
        assert params == {} and "not a TensorFlow Playground link" in notes[0]
    params, notes = translate("dataset=xor&" + "x" * 5000)
    assert params == {} and "characters long" in notes[0]


def test_split_link_and_seed_number():
    assert split_link("https://a.b/#x=1&networkShape=4%2C2&&flag") == {
        "x": "1",
        "networkShape": "4,2",
        "flag": "",
    }
    assert seed_number("0.12345") == 12345 and seed_number("42") == 42
    assert seed_number("hello") == seed_number("hello") >= 0 and seed_number(
        "hello"
    ) != seed_number("hellp")


@pytest.mark.parametrize(
    "link", [TFP_DEFAULT_LINK, LARGEST, "problem=regression&regDataset=reg-gauss&networkShape="]
)
def test_translated_links_are_read_by_the_chapter_state_without_a_note(link):
    from nnviz.chapters.playground import state as ps

    params, _ = translate(link)
    state, notes = urlstate.decode(ps.State, ps.FIELDS, params)
    assert notes == []
    assert urlstate.encode(ps.FIELDS, state)["features"] == params["features"]
    assert ps.format_layers(state.layers) == params["layers"]
