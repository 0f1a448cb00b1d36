"""State of the single-neuron chapter and how it reads from the URL. Pure Python.

``#/neuron?x1=0.7&x2=0.4&w1=0.5&w2=-0.3&b=0&f=relu&alpha=0.01&l2=0.5&l3=-1&y=1&cmp=relu,sigmoid,tanh&deriv=0``
<-> ``State(x1=0.7, x2=0.4, w1=0.5, w2=-0.3, b=0.0, f="relu", …)``. The defaults are seed 002's
(x1 = 0.7, x2 = 0.4, w1 = 0.5, w2 = −0.3, b = 0, ReLU).

``l2`` and ``l3`` are the other two logits when ``f`` is softmax (the neuron is then output 1
of three); ``y`` is the target the output is scored against; ``cmp`` the functions drawn in the
comparison plot and ``deriv`` whether it also draws their derivatives.
"""

from __future__ import annotations

from dataclasses import dataclass

from nnviz import urlstate
from nnviz.kit.numbers import NumberSpec, url_field

# (URL value, engine table name, label), in the order the radio group shows them
FUNCTIONS: tuple[tuple[str, str, str], ...] = (
    ("relu", "relu", "ReLU"),
    ("leaky", "leaky_relu", "Leaky ReLU"),
    ("sigmoid", "sigmoid", "Sigmoid"),
    ("tanh", "tanh", "Tanh"),
    ("softmax", "softmax", "Softmax"),
    ("linear", "linear", "Linear"),
    ("step", "step", "Step"),
    ("elu", "elu", "ELU"),
    ("softplus", "softplus", "Softplus"),
    ("gelu", "gelu", "GELU"),
    ("silu", "silu", "SiLU / Swish"),
)
KEYS = tuple(k for k, _, _ in FUNCTIONS)
LABEL = {k: label for k, _, label in FUNCTIONS}
ENGINE_NAME = {k: name for k, name, _ in FUNCTIONS}
ELEMENTWISE = tuple(k for k in KEYS if k != "softmax")  # what the comparison plot can draw

SPECS: dict[str, NumberSpec] = {
    "x1": NumberSpec("Input x1", -100, 100, -3, 3),
    "x2": NumberSpec("Input x2", -100, 100, -3, 3),
    "w1": NumberSpec("Weight w1", -100, 100, -3, 3),
    "w2": NumberSpec("Weight w2", -100, 100, -3, 3),
    "b": NumberSpec("Bias b", -100, 100, -3, 3),
    "alpha": NumberSpec("Leaky slope α", 0, 0.99, 0, 0.5),
    "l2": NumberSpec("Logit z₂ of output 2", -100, 100, -6, 6),
    "l3": NumberSpec("Logit z₃ of output 3", -100, 100, -6, 6),
    "y": NumberSpec("Target y", 0, 1, 0, 1),
}


@dataclass(frozen=True)
class State:
    x1: float = 0.7
    x2: float = 0.4
    w1: float = 0.5
    w2: float = -0.3
    b: float = 0.0
    f: str = "relu"
    alpha: float = 0.01
    l2: float = 0.5
    l3: float = -1.0
    y: float = 1.0
    cmp: tuple[str, ...] = ("relu", "leaky", "sigmoid", "tanh")
    deriv: bool = False


# Seed 003's forward-propagation example: inputs 1.0, 0.5; weights 0.3, 0.7; bias 0.1; sigmoid.
WORKED_EXAMPLE = {"x1": 1.0, "x2": 0.5, "w1": 0.3, "w2": 0.7, "b": 0.1, "f": "sigmoid"}


def parse_cmp(raw: str) -> tuple[tuple[str, ...], str | None]:
    """``"relu, Sigmoid"`` -> ``(("relu", "sigmoid"), None)``; ``"none"`` is the empty choice."""
    text = raw.strip().lower()
    if text in ("", "none"):
        return (), None
    parts = urlstate.split_list(text, "it is empty.")
    unknown = [p for p in parts if p not in ELEMENTWISE]
    if unknown:
        raise urlstate.Invalid(f"{urlstate.quoted(unknown[0])} is not one of {', '.join(ELEMENTWISE)}.")
    chosen = set(parts)
    return tuple(k for k in ELEMENTWISE if k in chosen), None


def parse_flag(raw: str) -> tuple[bool, str | None]:
    text = raw.strip().lower()
    if text not in ("0", "1"):
        raise urlstate.Invalid(f"{urlstate.quoted(raw)} is not 0 or 1.")
    return text == "1", None


FIELDS = (
    *(url_field(name, SPECS[name]) for name in ("x1", "x2", "w1", "w2", "b")),
    urlstate.choice_field("f", KEYS, "Activation function"),
    url_field("alpha", SPECS["alpha"]),
    url_field("l2", SPECS["l2"]),
    url_field("l3", SPECS["l3"]),
    url_field("y", SPECS["y"]),
    urlstate.Field("cmp", parse_cmp, lambda v: ",".join(v) if v else "none", "Functions compared"),
    urlstate.Field("deriv", parse_flag, lambda v: "1" if v else "0", "Show derivatives"),
)
