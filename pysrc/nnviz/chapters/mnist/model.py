"""The handwritten-digits network and its data, as plain numpy: load, predict, look inside.

    net = make_network()                         # 784 → 128 → 64 → 32 → 10, ReLU, softmax
    arrays = model_arrays(net, {"recipe": …})    # the shipped model file's arrays (engine format)
    saved = read_model(arrays)                   # back: engine.Saved, architecture checked
    load_params(net, snapshot(saved.network))    # copy W0…W3, b0…b3 into the chapter's network
    digits = Digits.from_arrays(npz)             # 8,000 training and 2,000 test digits
    look = inspect(net, image)                   # image (784,) -> every layer's z and a
    look.probabilities                           # (10,) softmax output

The architecture is defined here once (``ARCHITECTURE``): the build step trains it, the model
file (``nnviz.engine.serialize``'s array form, plus its JSON header as the array ``header``)
records it, and :func:`read_model` refuses a file of any other shape.

Layers are numbered as in the chapter: 0 is the input (784 pixels), 1–3 the hidden layers,
4 the output. Weight matrix W⁽ˡ⁾ (``net.weights[l - 1]``) has shape (n_{l-1}, n_l): column j
holds the incoming weights of neuron j of layer l.

Left out on purpose: anything about drawing; the DOM lives in nnviz.dom and the chapter.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from nnviz.engine import Network, serialize
from nnviz.kit import network_diagram

SIZES = (784, 128, 64, 32, 10)
LAYER_NAMES = ("Input layer", "Hidden layer 1", "Hidden layer 2", "Hidden layer 3", "Output layer")
SEED = 2
ARCHITECTURE = {"sizes": SIZES, "hidden": "relu", "output": "softmax", "loss": "cross_entropy", "init": "he",
                "dtype": "float32"}

# What units of each layer tend to respond to, for the inspector (layer -> short note).
LAYER_NOTES = {
    1: (
        "A first-layer unit compares the drawing with one fixed 28×28 template: ink on red "
        "pixels pushes it up, ink on blue pixels pushes it down. Trained units usually look "
        "like blurry strokes, edges or blobs in one part of the field: pieces shared by "
        "several digits, rather than whole digits. The speckled frame is noise left from the "
        "random start: MNIST digits never put ink near the border, so those weights never "
        "receive a gradient."
    ),
    2: (
        "A second-layer unit sees no pixels, only the 128 first-layer units: it fires for a "
        "combination of stroke pieces, such as a loop at the top together with a stroke at the "
        "bottom. The image shows which pixels would change it most for the current drawing."
    ),
    3: (
        "Third-layer units combine second-layer features into near-digit parts; several of "
        "them usually fire mostly for one or two digit classes."
    ),
    4: (
        "An output unit collects evidence for one digit; softmax turns the ten scores z into "
        "probabilities that sum to 1."
    ),
}


def make_network(seed: int = SEED, **options) -> Network:
    """Return the chapter's network with fresh He-initialised weights (float32); ``options``
    (e.g. ``dropout=0.1`` for the build's training) go to ``Network``."""
    return Network(**ARCHITECTURE, seed=seed, **options)


def model_arrays(net: Network, metadata: dict) -> dict[str, np.ndarray]:
    """Return the model file's arrays: W0…W3, b0…b3 and ``header`` (the engine's JSON header)."""
    header, arrays = serialize.to_arrays(net, metadata=metadata)
    return {"header": np.array(json.dumps(header, separators=(",", ":"))), **arrays}


def read_model(arrays) -> serialize.Saved:
    """Read a model file's arrays (any mapping, e.g. an opened .npz) written by :func:`model_arrays`.

    Raise ValueError saying what is wrong: no header, a damaged one, or another architecture.
    """
    arrays = dict(arrays)
    if "header" not in arrays:
        raise ValueError("the model file has no header")
    text = np.asarray(arrays.pop("header")).reshape(-1)  # one string (an .npz may store it as shape (1,))
    try:
        if text.size != 1:
            raise ValueError(f"{text.size} strings instead of one")
        header = json.loads(str(text[0]))
    except ValueError as exc:
        raise ValueError(f"the model file's header is not JSON ({exc})") from exc
    saved = serialize.from_arrays(header, arrays)
    net = saved.network
    found = {"sizes": tuple(net.sizes), "hidden": net.hidden[0] if len(set(net.hidden)) == 1 else tuple(net.hidden),
             "output": net.output, "loss": net.loss}
    for key, value in found.items():
        if value != ARCHITECTURE[key]:
            raise ValueError(f"the model file's {key} is {value!r}, the chapter's network has {ARCHITECTURE[key]!r}")
    return saved


def load_params(net: Network, params) -> None:
    """Copy arrays W0…W3, b0…b3 (any mapping, e.g. an opened .npz) into ``net``; check shapes."""
    for l, (n_in, n_out) in enumerate(pairwise(net.sizes)):
        for name, target, shape in ((f"W{l}", net.weights[l], (n_in, n_out)), (f"b{l}", net.biases[l], (n_out,))):
            value = np.asarray(params[name], dtype=net.dtype)
            if value.shape != shape:
                raise ValueError(f"{name} has shape {value.shape}, expected {shape}")
            if not np.isfinite(value).all():
                raise ValueError(f"{name} holds NaN or infinite values")
            target[...] = value
    net.parameters_changed()


def snapshot(net: Network) -> dict[str, np.ndarray]:
    """Return a copy of every parameter, as load_params() takes it back."""
    out = {}
    for l, (W, b) in enumerate(zip(net.weights, net.biases, strict=True)):
        out[f"W{l}"], out[f"b{l}"] = W.copy(), b.copy()
    return out


def parameter_count(sizes=SIZES) -> tuple[int, int, str]:
    """Return (weights, biases, formula): (110912, 234, "784×128 + 128 + 128×64 + 64 + …")."""
    return network_diagram.parameter_count(tuple(sizes))


@dataclass(frozen=True)
class Digits:
    """The chapter's data: uint8 images (n, 784) and labels (n,), plus float32 copies in [0, 1]."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    train: np.ndarray  # (8000, 784) float32
    test: np.ndarray  # (2000, 784) float32

    @classmethod
    def from_arrays(cls, arrays) -> Digits:
        """Build from a mapping with x_train, y_train, x_test, y_test (uint8)."""
        x_train, x_test = np.asarray(arrays["x_train"]), np.asarray(arrays["x_test"])
        y_train = np.asarray(arrays["y_train"]).astype(np.int64)
        y_test = np.asarray(arrays["y_test"]).astype(np.int64)
        for name, x, y in (("train", x_train, y_train), ("test", x_test, y_test)):
            if x.ndim != 2 or x.shape[1] != 784 or len(x) != len(y) or len(x) == 0:
                raise ValueError(f"{name} images must be (n, 784) with n labels, got {x.shape}, {y.shape}")
            if y.min() < 0 or y.max() > 9:
                raise ValueError(f"{name} labels must be digits 0–9")
        scale = np.float32(1 / 255)
        return cls(x_train, y_train, x_test, y_test, x_train.astype(np.float32) * scale,
                   x_test.astype(np.float32) * scale)


def one_hot(labels, k: int = 10) -> np.ndarray:
    """[2, 0] -> [[0, 0, 1, 0, …], [1, 0, …]] as float32 (len(labels), k)."""
    return np.eye(k, dtype=np.float32)[np.asarray(labels, dtype=np.int64)]


def accuracy_of(net: Network, x: np.ndarray, y: np.ndarray, chunk: int = 500) -> float:
    """Return the fraction of images x (n, 784) float32 whose predicted digit equals y (n,)."""
    hits = 0
    for i in range(0, len(x), chunk):
        hits += int(np.count_nonzero(np.argmax(net.forward(x[i : i + chunk]), axis=1) == y[i : i + chunk]))
    return hits / len(x) if len(x) else math.nan


@dataclass(frozen=True)
class Look:
    """Every layer's values for one image: zs[l] and acts[l] for layers l = 1…4, acts[0] = input.

    Shapes: acts = [(784,), (128,), (64,), (32,), (10,)], zs = [None, (128,), (64,), (32,), (10,)].
    """

    zs: list
    acts: list

    @property
    def probabilities(self) -> np.ndarray:
        return self.acts[-1]

    @property
    def prediction(self) -> int:
        return int(np.argmax(self.acts[-1]))


def inspect(net: Network, image) -> Look:
    """Run one image (784,) through ``net`` and keep every layer's z and a."""
    trace = net.trace(np.asarray(image, dtype=net.dtype).reshape(1, -1))
    return Look([None, *(z[0] for z in trace.zs)], [a[0] for a in trace.activations])


@dataclass(frozen=True)
class WeightStats:
    """Summary of one neuron's incoming weights (and its bias)."""

    mean: float
    std: float
    min: float
    max: float
    bias: float
    count: int


def incoming(net: Network, layer: int, index: int) -> np.ndarray:
    """Return neuron ``index`` of ``layer`` (1–4)'s incoming weights, shape (n_{layer-1},)."""
    _check(net, layer, index)
    return net.weights[layer - 1][:, index]


def weight_stats(net: Network, layer: int, index: int) -> WeightStats:
    """Return the mean, standard deviation, minimum and maximum of a neuron's incoming weights."""
    w = incoming(net, layer, index).astype(np.float64)
    return WeightStats(float(w.mean()), float(w.std()), float(w.min()), float(w.max()),
                       float(net.biases[layer - 1][index]), int(w.size))


def input_pattern(net: Network, look: Look, layer: int, index: int) -> np.ndarray:
    """Return ∂zⱼ/∂x (784,): how each pixel would change neuron j's input z for this image.

    For layer 1 this is the neuron's weight column itself. Deeper, the chain rule gives
    W⁽¹⁾ D⁽¹⁾ W⁽²⁾ … w⁽ˡ⁾ⱼ with D⁽ᵏ⁾ = diag(f′(z⁽ᵏ⁾)) (f′ from the engine's activation table); a
    ReLU network is linear around any input (each unit passing, slope 1, or off, slope 0), so
    this is a template valid near this drawing.
    """
    _check(net, layer, index)
    g = net.weights[layer - 1][:, index].astype(np.float64)
    for k in range(layer - 1, 0, -1):
        g = net.weights[k - 1] @ (g * net.activations[k - 1].der(look.zs[k], look.acts[k]))
    return g


def class_means(net: Network, x: np.ndarray, y: np.ndarray, layer: int) -> np.ndarray:
    """Return the mean activation of every unit of ``layer`` per digit: shape (10, n_layer)."""
    a = np.asarray(x, dtype=net.dtype)
    for l in range(layer):
        a = net.activations[l].fn(a @ net.weights[l] + net.biases[l])
    sums = one_hot(y).T.astype(np.float64) @ a
    counts = np.bincount(y, minlength=10).astype(np.float64)
    return sums / np.maximum(counts, 1)[:, None]


def _check(net: Network, layer: int, index: int) -> None:
    if not 1 <= layer < len(net.sizes) or not 0 <= index < net.sizes[layer]:
        raise IndexError(f"no neuron {index} in layer {layer} of {net.sizes}")
