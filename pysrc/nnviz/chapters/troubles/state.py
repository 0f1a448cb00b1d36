"""The state of "When training goes wrong" and its URL fields, e.g.
``#/troubles?experiment=vanishing&depth=8&width=16&act=sigmoid&init=small&lr=0.5&clip=0&data=300…``.

Each experiment is a preset (:data:`PRESETS`): choosing one sets every setting, and the student
then changes any of them. A link that names only an experiment gets that experiment's preset
(:func:`fill_preset`); a link is otherwise a full recipe (every field written), and the seed is
part of it, so a link reproduces a run exactly.

Numbers obey :mod:`nnviz.kit.numbers` (the same words and clamping for a link and a typed
value): depth 1–10 hidden layers, width 2–128 units, learning rate 0.0001–10, clipping
threshold 0 (off)–1000, training examples 20–4000, L2 0–1, dropout 0–0.9, epochs 1–2000.
Pure Python: unit-tested in CPython.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from nnviz import urlstate
from nnviz.kit.numbers import NumberSpec, url_field

EXPERIMENTS = ("vanishing", "exploding", "init", "dead-relu", "overfitting")
ACTIVATIONS = ("sigmoid", "tanh", "relu")
INITS = ("zeros", "small", "large", "xavier", "he")
SWITCH = ("off", "on")
SEED_MAX = 999_999

SPECS = {
    "depth": NumberSpec("Hidden layers", 1, 10, step=1, digits=0, integer=True),
    "width": NumberSpec("Units per hidden layer", 2, 128, step=1, digits=0, integer=True),
    "lr": NumberSpec("Learning rate", 0.0001, 10, slider_lo=0.001, slider_hi=5, step=0.001, digits=4),
    "clip": NumberSpec("Clip gradients at", 0, 1000, slider_lo=0, slider_hi=10, step=0.1, digits=3),
    "data": NumberSpec("Training examples", 20, 4000, slider_lo=20, slider_hi=2000, step=10, digits=0, integer=True),
    "l2": NumberSpec("L2 weight decay", 0, 1, slider_lo=0, slider_hi=0.05, step=0.0005, digits=4),
    "dropout": NumberSpec("Dropout", 0, 0.9, step=0.05, digits=2),
    "epochs": NumberSpec("Epochs to train", 1, 2000, slider_lo=10, slider_hi=500, step=10, digits=0, integer=True),
}


@dataclass(frozen=True)
class State:
    experiment: str = "vanishing"
    depth: int = 8
    width: int = 16
    act: str = "sigmoid"
    init: str = "small"
    lr: float = 0.5
    clip: float = 0.0
    data: int = 300
    l2: float = 0.0
    dropout: float = 0.0
    early: str = "off"
    epochs: int = 60
    seed: int = 1
    monitor: str = "on"


PRESETS: dict[str, dict] = {
    "vanishing": {},  # the State defaults
    "exploding": dict(depth=6, width=32, act="relu", init="large", lr=0.01, epochs=60),
    "init": dict(depth=6, width=32, act="tanh", init="zeros", lr=0.1, epochs=60),
    "dead-relu": dict(depth=4, width=32, act="relu", init="he", lr=3.0, epochs=60),
    "overfitting": dict(depth=2, width=128, act="relu", init="he", lr=0.1, data=100, epochs=150),
}


def preset(experiment: str, seed: int = 1) -> State:
    """The state an experiment starts from: preset(\"init\").init == \"zeros\"."""
    return replace(State(), experiment=experiment, seed=seed, **PRESETS[experiment])


def preset_fields(experiment: str) -> dict:
    """The fields choosing an experiment sets: its preset, all but the seed and the monitor switch."""
    st = preset(experiment)
    return {f.name: getattr(st, f.name) for f in fields(State) if f.name not in ("seed", "monitor")}


def fill_preset(params: dict[str, str]) -> dict[str, str]:
    """Link params with the named experiment's preset under them: {"experiment": "init"} ->
    {"experiment": "init", "depth": "6", …}; keys the link gives win. Unknown experiments are
    left for the field to refuse (with a note)."""
    name = params.get("experiment", "").strip().lower()
    if name not in PRESETS:
        return dict(params)
    base = urlstate.encode(FIELDS, preset(name))
    return {**base, **params}


def uses_digits(experiment: str) -> bool:
    """True for the experiment trained on MNIST digits (the others use 2-D points)."""
    return experiment == "overfitting"


FIELDS = (
    urlstate.choice_field("experiment", EXPERIMENTS, "Experiment"),
    url_field("depth", SPECS["depth"]),
    url_field("width", SPECS["width"]),
    urlstate.choice_field("act", ACTIVATIONS, "Activation"),
    urlstate.choice_field("init", INITS, "Initialisation"),
    url_field("lr", SPECS["lr"]),
    url_field("clip", SPECS["clip"]),
    url_field("data", SPECS["data"]),
    url_field("l2", SPECS["l2"]),
    url_field("dropout", SPECS["dropout"]),
    urlstate.choice_field("early", SWITCH, "Early stopping"),
    url_field("epochs", SPECS["epochs"]),
    urlstate.int_field("seed", 0, SEED_MAX, "Seed"),
    urlstate.choice_field("monitor", SWITCH, "Live monitor"),
)

assert [f.name for f in FIELDS] == [f.name for f in fields(State)]

# What a run depends on: changing any of these starts a new run (the others apply at once).
RUN_KEYS = frozenset({"experiment", "depth", "width", "act", "init", "data", "seed"})
LIVE_KEYS = frozenset({"lr", "clip", "l2", "dropout", "early", "epochs"})
