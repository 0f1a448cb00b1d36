"""The playground's state and its URL fields (pure Python), the keys agreed with ``tfplink``:

    #/playground?data=spiral&noise=10&train=50&dseed=1&features=x1,x2,x1sq&layers=8,8,4
        &act=tanh,tanh,relu&drop=0,0.5,0&lr=0.03&reg=l2&rate=0.001&batch=10
        &problem=classification&opt=sgd&init=xavier&loss=xent&wseed=1&stop=0&target=0
        &pts=&test=0&discrete=0&edit=0.1.2:0.5,1.b.0:-2

``act`` and ``drop`` hold one value for every hidden layer or one per hidden layer
(:func:`per_layer` spreads them over the layers actually there). ``layers=none`` is a network
with no hidden layer. ``pts`` is the visitor's own points, in the points codec's text
(:mod:`nnviz.chapters.playground.owndata` reads it). ``edit`` is the weights and biases typed in
the inspector (:mod:`nnviz.chapters.playground.edits`), applied after the weights seed.
Defaults mirror TensorFlow Playground's.
"""

from __future__ import annotations

from dataclasses import dataclass

from nnviz import urlstate
from nnviz.chapters.playground import edits, points
from nnviz.chapters.playground import features as feats
from nnviz.engine.datasets import DATASETS

OWN = "own"
DATA_NAMES: tuple[str, ...] = (*DATASETS, OWN)
ACTS = ("relu", "tanh", "sigmoid", "linear", "leaky", "elu")
ENGINE_ACT = {"relu": "relu", "tanh": "tanh", "sigmoid": "sigmoid", "linear": "linear", "leaky": "leaky_relu",
              "elu": "elu"}
ACT_LABELS = {"relu": "ReLU", "tanh": "Tanh", "sigmoid": "Sigmoid", "linear": "Linear", "leaky": "Leaky ReLU",
              "elu": "ELU"}
REGS = ("none", "l1", "l2")
PROBLEMS = ("classification", "regression")
OPTS = ("sgd", "momentum", "adam")
INITS = ("uniform", "xavier", "he", "zeros")
LOSSES = ("xent", "sse")
MAX_LAYERS, MAX_WIDTH = 6, 16
MAX_DROP = 0.9
SEED_MAX = 999_999_999


@dataclass(frozen=True)
class State:
    data: str = "circle"
    noise: int = 0
    train: int = 50
    dseed: int = 1
    features: tuple = feats.DEFAULT
    layers: tuple = (4, 2)
    act: tuple = ("tanh",)
    drop: tuple = (0.0,)
    lr: float = 0.03
    reg: str = "none"
    rate: float = 0.0
    batch: int = 10
    problem: str = "classification"
    opt: str = "sgd"
    init: str = "xavier"
    loss: str = "xent"
    wseed: int = 1
    stop: int = 0
    target: float = 0.0
    pts: str = ""
    test: int = 0
    discrete: int = 0
    edit: tuple = ()  # weights and biases typed in the inspector, applied after wseed (see edits)


def per_layer(values: tuple, n: int) -> list:
    """Spread ``values`` over ``n`` hidden layers: one value for all, else padded with the
    last one or cut: per_layer(("tanh",), 3) -> ["tanh"] * 3; per_layer((0.5, 0), 3) -> [0.5, 0, 0]."""
    if not values:
        return []
    vals = list(values)
    return (vals + [vals[-1]] * n)[:n]


def compact(values) -> tuple:
    """The state's form of a per-layer list: one value when they are all equal."""
    vals = tuple(values)
    if not vals:
        return vals
    return vals[:1] if all(v == vals[0] for v in vals) else vals


def parse_layers(raw: str):
    """``"4, 2"`` -> (4, 2); ``"none"`` -> () (no hidden layer); 0 … 6 widths of 1 … 16."""
    text = raw.strip().lower()
    if text in ("none", "0"):
        return (), None
    parts = urlstate.split_list(text, "give hidden layer widths such as 4,2, or none.")
    widths = []
    for p in parts:
        try:
            v = int(p)
        except ValueError:
            raise urlstate.Invalid(f"{urlstate.quoted(p)} is not a whole number.") from None
        if not 1 <= v <= MAX_WIDTH:
            raise urlstate.Invalid(f"each layer has 1 to {MAX_WIDTH} neurons ({v} is not).")
        widths.append(v)
    if len(widths) > MAX_LAYERS:
        raise urlstate.Invalid(f"at most {MAX_LAYERS} hidden layers ({len(widths)} given).")
    return tuple(widths), None


def format_layers(v) -> str:
    return ",".join(str(n) for n in v) if v else "none"


def parse_act(raw: str):
    parts = [p.lower() for p in urlstate.split_list(raw, "name an activation, e.g. tanh.")]
    for p in parts:
        if p not in ACTS:
            raise urlstate.Invalid(f"{urlstate.quoted(p)} is not one of {', '.join(ACTS)}.")
    if len(parts) > MAX_LAYERS:
        raise urlstate.Invalid(f"at most {MAX_LAYERS} activations ({len(parts)} given).")
    return compact(parts), None


def parse_drop(raw: str):
    parts = urlstate.split_list(raw, "give dropout rates such as 0,0.5.")
    if len(parts) > MAX_LAYERS:
        raise urlstate.Invalid(f"at most {MAX_LAYERS} rates ({len(parts)} given).")
    rates, notes = [], []
    for p in parts:
        v, note = urlstate.clamp_note(urlstate.parse_number(p), 0.0, MAX_DROP)
        rates.append(round(v, 4))
        if note:
            notes.append(note)
    return compact(rates), (" ".join(notes) or None)


def format_drop(v) -> str:
    return ",".join(f"{r:g}" for r in v) if v else "0"


def parse_features(raw: str):
    try:
        return feats.parse_keys(raw), None
    except ValueError as exc:
        raise urlstate.Invalid(str(exc)[:1].upper() + str(exc)[1:]) from None


def parse_flag(raw: str):
    text = raw.strip().lower()
    if text in ("0", "1"):
        return int(text), None
    raise urlstate.Invalid(f"{urlstate.quoted(raw)} is not 0 or 1.")


def parse_pts(raw: str):
    """The own points' text, checked by the points codec (a bad text is refused with its reason)."""
    from nnviz.chapters.playground import owndata

    try:
        owndata.decode(raw)
    except ValueError as exc:
        raise urlstate.Invalid(str(exc)[:1].upper() + str(exc)[1:]) from None
    return raw.strip(), None


FIELDS = (
    urlstate.choice_field("data", DATA_NAMES, "Data set"),
    urlstate.int_field("noise", 0, 50, "Noise"),
    urlstate.int_field("train", 10, 90, "Ratio of training to test data"),
    urlstate.int_field("dseed", 0, SEED_MAX, "Data seed"),
    urlstate.Field("features", parse_features, feats.format_keys, "Features"),
    urlstate.Field("layers", parse_layers, format_layers, "Hidden layers"),
    urlstate.Field("act", parse_act, ",".join, "Activation"),
    urlstate.Field("drop", parse_drop, format_drop, "Dropout"),
    urlstate.float_field("lr", 0.00001, 10.0, "Learning rate"),
    urlstate.choice_field("reg", REGS, "Regularisation"),
    urlstate.float_field("rate", 0.0, 10.0, "Regularisation rate"),
    urlstate.int_field("batch", 1, 30, "Batch size"),
    urlstate.choice_field("problem", PROBLEMS, "Problem type"),
    urlstate.choice_field("opt", OPTS, "Optimiser"),
    urlstate.choice_field("init", INITS, "Initialisation"),
    urlstate.choice_field("loss", LOSSES, "Loss"),
    urlstate.int_field("wseed", 0, SEED_MAX, "Weights seed"),
    urlstate.int_field("stop", 0, 10_000_000, "Stop at epoch"),
    urlstate.float_field("target", 0.0, 100.0, "Stop at test loss"),
    urlstate.Field("pts", parse_pts, str, "Your points", max_length=points.MAX_LENGTH),
    urlstate.Field("test", parse_flag, str, "Show test data"),
    urlstate.Field("discrete", parse_flag, str, "Discretize output"),
    urlstate.Field("edit", lambda raw: edits.parse(raw), edits.fmt, "Edited weights", max_length=8000),
)


def kind_of(state: State) -> str:
    """"classification" or "regression": a built-in data set decides; own data follows ``problem``."""
    if state.data == OWN:
        return state.problem
    return DATASETS[state.data].kind
