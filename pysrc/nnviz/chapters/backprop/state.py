"""State of "Backpropagation, step by step": the network, its one training example, and the link.

Pure Python (no ``js``). ``#/backprop?layers=2,2,2&f=sigmoid&loss=half-sse&x=0.05,0.1&y=0.01,0.99
&lr=0.5&w=0.15,0.2,0.35,…&seed=1`` <-> ``State(layers=(2, 2, 2), …)``.

The ``w`` list holds every parameter, layer by layer and neuron by neuron: each neuron's incoming
weights in the order of the neurons feeding it, then its bias. For layers 2,2,2 that is
``w¹₁₁ w¹₁₂ b¹₁  w¹₂₁ w¹₂₂ b¹₂  w²₁₁ w²₁₂ b²₁  w²₂₁ w²₂₂ b²₂`` (wˡⱼₖ joins neuron k of layer l − 1
to neuron j of layer l), 12 numbers. The defaults are Matt Mazur's worked example ("A Step by
Step Backpropagation Example", 2015), with his one bias per layer given to both its neurons.

Each field checks itself (:data:`FIELDS`); :func:`resolve` then checks the fields against each
other (as many inputs as input neurons, …) and says what it replaced.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from itertools import pairwise

import numpy as np

from nnviz import urlstate
from nnviz.kit import numbers

MIN_LAYERS, MAX_LAYERS = 2, 5
MIN_NEURONS, MAX_NEURONS = 1, 4
VALUE_LIMIT = 100.0  # |x|, |y| and |w| in a link; beyond it a value is "huge" and refused
ACTIVATIONS = {"sigmoid": "sigmoid", "tanh": "tanh", "relu": "relu", "leaky": "leaky_relu", "linear": "linear"}
LOSSES = {"half-sse": "half_sse", "ce": "cross_entropy"}  # URL name -> engine loss name
LOSS_LABELS = {"half-sse": "Half squared error", "ce": "Softmax + cross-entropy"}
LOSS_FORMULAS = {"half-sse": "C = ½ Σᵢ (yᵢ − aᵢ)²", "ce": "C = −Σᵢ yᵢ log aᵢ, with a softmax on the outputs"}
ACTIVATION_LABELS = {"sigmoid": "Sigmoid σ", "tanh": "Tanh", "relu": "ReLU", "leaky": "Leaky ReLU (α = 0.01)",
                     "linear": "Linear"}
LR = numbers.NumberSpec("Learning rate η", lo=0.001, hi=50.0, slider_lo=0.01, slider_hi=5.0, step=0.01, digits=4)
DIGITS = 8  # significant digits a weight keeps in the link (and in the state, so both agree)

MAZUR = (0.15, 0.2, 0.35, 0.25, 0.3, 0.35, 0.4, 0.45, 0.6, 0.5, 0.55, 0.6)
DEFAULT_X = (0.05, 0.1, 0.15, 0.2)
DEFAULT_Y = (0.01, 0.99, 0.5, 0.25)


@dataclass(frozen=True)
class State:
    layers: tuple[int, ...] = (2, 2, 2)
    f: str = "sigmoid"
    loss: str = "half-sse"
    x: tuple[float, ...] = DEFAULT_X[:2]
    y: tuple[float, ...] = DEFAULT_Y[:2]
    lr: float = 0.5
    w: tuple[float, ...] = MAZUR
    seed: int = 1


def n_params(layers) -> int:
    """Return the length of the ``w`` list: (2, 2, 2) -> 12, (4, 4, 4, 4, 4) -> 80."""
    return sum(n_in * n_out + n_out for n_in, n_out in pairwise(layers))


MAX_PARAMS = n_params((MAX_NEURONS,) * MAX_LAYERS)


def keep(value: float) -> float:
    """Round a parameter to what the link holds (8 significant digits): 0.358916479717 -> 0.35891648."""
    return float(f"{value:.{DIGITS}g}")


def fmt_list(values) -> str:
    """Write numbers for the link: (0.05, 0.1) -> "0.05,0.1"."""
    return ",".join(f"{v:.{DIGITS}g}" for v in values)


def parse_layers(raw: str) -> tuple[tuple[int, ...], str | None]:
    """Parse ``"2,3,2"``; raise ``Invalid`` with a reason."""
    values = urlstate.parse_int_list(raw, MIN_NEURONS, MAX_NEURONS, MIN_LAYERS, MAX_LAYERS, "layer size")
    return tuple(values), None


def number_list(raw: str, what: str, lo_count: int, hi_count: int) -> tuple[float, ...]:
    """Parse ``"0.05, 0.1"`` into finite numbers of size at most VALUE_LIMIT; raise ``Invalid``."""
    parts = urlstate.split_list(raw, f"enter the {what} separated by commas.")
    if not lo_count <= len(parts) <= hi_count:
        need = f"this network needs {lo_count}" if lo_count == hi_count else f"{lo_count} to {hi_count} are possible"
        raise urlstate.Invalid(f"{len(parts)} {what} given; {need}.")
    values = []
    for p in parts:
        v = urlstate.parse_number(p)
        if abs(v) > VALUE_LIMIT:
            raise urlstate.Invalid(f"{urlstate.quoted(p)} is too large: {what} must lie between "
                                   f"−{VALUE_LIMIT:g} and {VALUE_LIMIT:g}.")
        values.append(v)
    return tuple(values)


def _list_field(name: str, what: str, label: str, hi_count: int) -> urlstate.Field:
    return urlstate.Field(name, lambda raw: (number_list(raw, what, 1, hi_count), None), fmt_list, label,
                          max_length=16 * hi_count)


def _seed_field() -> urlstate.Field:
    return urlstate.int_field("seed", 0, 2**31 - 1, "Random seed")


FIELDS = (
    urlstate.Field("layers", parse_layers, lambda v: ",".join(map(str, v)), "Neurons per layer"),
    urlstate.choice_field("f", tuple(ACTIVATIONS), "Activation"),
    urlstate.choice_field("loss", tuple(LOSSES), "Loss"),
    _list_field("x", "inputs", "Inputs x", MAX_NEURONS),
    _list_field("y", "targets", "Targets y", MAX_NEURONS),
    numbers.url_field("lr", LR),
    _list_field("w", "weights and biases", "Weights and biases", MAX_PARAMS),
    _seed_field(),
)


# ----- the fields checked against each other ------------------------------------------------------


def default_inputs(n: int) -> tuple[float, ...]:
    """Return the inputs for n input neurons: 2 -> (0.05, 0.1), Mazur's."""
    return DEFAULT_X[:n]


def default_targets(n: int, loss: str) -> tuple[float, ...]:
    """Return targets for n outputs: Mazur's (0.01, 0.99) for 2; for cross-entropy a one-hot
    vector (class 2, or class 1 when there is one output)."""
    if loss == "ce":
        return tuple(1.0 if i == min(1, n - 1) else 0.0 for i in range(n))
    return DEFAULT_Y[:n]


def random_weights(layers, seed: int) -> tuple[float, ...]:
    """Return a ``w`` list drawn uniformly from [−1, 1] with ``seed``, two decimals (easy to read)."""
    rng = np.random.default_rng(seed)
    return tuple(float(v) for v in np.round(rng.uniform(-1.0, 1.0, n_params(layers)), 2))


def starting_weights(layers, seed: int) -> tuple[float, ...]:
    """Return Mazur's weights for layers 2,2,2, otherwise :func:`random_weights`."""
    return MAZUR if tuple(layers) == (2, 2, 2) else random_weights(layers, seed)


def targets_problem(y, loss: str) -> str | None:
    """Say why targets do not suit the loss (cross-entropy wants probabilities summing to 1)."""
    if loss == "ce" and (min(y) < 0 or abs(sum(y) - 1.0) > 1e-6):
        return "cross-entropy needs targets between 0 and 1 that add up to 1"
    return None


def resolve(state: State) -> tuple[State, list[str]]:
    """Check the fields against each other; return the state to use and notes for what changed.

    Wrong numbers of inputs, targets or weights for the layer sizes are replaced by defaults
    for those sizes (weights: :func:`starting_weights`), targets unfit for cross-entropy by a
    one-hot vector, and cross-entropy with a single output by the half squared error.
    """
    notes: list[str] = []
    sizes = state.layers
    if state.loss == "ce" and sizes[-1] < 2:
        notes.append("Softmax with cross-entropy needs at least two outputs; using the half squared error.")
        state = replace(state, loss="half-sse")
    if len(state.x) != sizes[0]:
        notes.append(f"The link has {len(state.x)} inputs for {sizes[0]} input neurons; using the default inputs.")
        state = replace(state, x=default_inputs(sizes[0]))
    if len(state.y) != sizes[-1]:
        notes.append(f"The link has {len(state.y)} targets for {sizes[-1]} outputs; using the default targets.")
        state = replace(state, y=default_targets(sizes[-1], state.loss))
    problem = targets_problem(state.y, state.loss)
    if problem:
        notes.append(f"The targets in the link do not fit: {problem}; using the default targets.")
        state = replace(state, y=default_targets(sizes[-1], state.loss))
    need = n_params(sizes)
    if len(state.w) != need:
        notes.append(f"The link has {len(state.w)} weights and biases; a {','.join(map(str, sizes))} network "
                     f"has {need}. Using the starting weights instead.")
        state = replace(state, w=starting_weights(sizes, state.seed))
    return state, notes


def reshaped(state: State, layers: tuple[int, ...]) -> State:
    """Return the state for new layer sizes: inputs and targets keep what still fits (padded
    with defaults), the weights start afresh."""
    x = state.x[: layers[0]] + default_inputs(layers[0])[len(state.x):]
    y = state.y[: layers[-1]] + default_targets(layers[-1], state.loss)[len(state.y):]
    new = replace(state, layers=layers, x=x, y=y, w=starting_weights(layers, state.seed))
    if targets_problem(new.y, new.loss):
        new = replace(new, y=default_targets(layers[-1], new.loss))
    return resolve(new)[0]


def finite_weights(w) -> bool:
    """True when every parameter is finite and small enough for the link."""
    return all(math.isfinite(v) and abs(v) <= VALUE_LIMIT for v in w)
