"""The code of the code lab: the default training code as Python source, and its presets.

    DEFAULT_CODE                        # the source the page starts with (about 70 lines)
    apply_preset("momentum")            # DEFAULT_CODE with momentum's short edit applied
    PRESETS["adam"].group               # "update" | "activation" | "loss"

The visitor's code defines five functions, read top to bottom:

    init_params(sizes, rng) -> params          {"W0": (2, 8), "b0": (8,), …, "W2": (8, 1), "b2": (1,)}
    forward(params, X) -> (p, cache)           X (n, 2) -> p (n, 1), the probability of class 1
    loss(p, Y) -> float                        Y (n, 1) of 0/1
    backward(params, cache, Y) -> grads        the same keys and shapes as params
    update(params, grads, memory, step)        changes params in place; memory: a dict of its own

Every preset is a list of (old, new) replacements of DEFAULT_CODE, each ``old`` found exactly
once (a unit test checks it, and trains every preset to a low loss in CPython).
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_CODE = '''\
import numpy as np

LEARNING_RATE = 0.1


def init_params(sizes, rng):
    """One weight matrix W (n_in, n_out) and one bias b (n_out,) per layer."""
    params = {}
    for i in range(len(sizes) - 1):
        scale = np.sqrt(1.0 / sizes[i])
        params[f"W{i}"] = rng.normal(0.0, scale, (sizes[i], sizes[i + 1]))
        params[f"b{i}"] = np.zeros(sizes[i + 1])
    return params


def activation(z):
    return np.tanh(z)


def activation_grad(z, a):
    """The derivative of the activation at z (a = activation(z))."""
    return 1 - a**2


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def forward(params, X):
    """X (n, 2) -> p (n, 1), the probability of class 1; cache keeps what backward needs."""
    layers = len(params) // 2
    a = X
    cache = [(None, X)]
    for i in range(layers):
        z = a @ params[f"W{i}"] + params[f"b{i}"]
        a = activation(z) if i < layers - 1 else sigmoid(z)
        cache.append((z, a))
    return a, cache


def loss(p, Y):
    """Mean binary cross-entropy; Y (n, 1) holds the labels 0 or 1."""
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return -np.mean(Y * np.log(p) + (1 - Y) * np.log(1 - p))


def backward(params, cache, Y):
    """The gradient of loss(p, Y) for every parameter (same keys, same shapes)."""
    layers = len(params) // 2
    n = len(Y)
    p = cache[-1][1]
    delta = (p - Y) / n  # dLoss/dz at the output (sigmoid + cross-entropy)
    grads = {}
    for i in reversed(range(layers)):
        a_prev = cache[i][1]
        grads[f"W{i}"] = a_prev.T @ delta
        grads[f"b{i}"] = delta.sum(axis=0)
        if i > 0:
            z_prev = cache[i][0]
            delta = (delta @ params[f"W{i}"].T) * activation_grad(z_prev, a_prev)
    return grads


def update(params, grads, memory, step):
    """Plain gradient descent: move every parameter a little against its gradient."""
    for k in params:
        params[k] -= LEARNING_RATE * grads[k]
'''

_SGD_UPDATE = '''\
def update(params, grads, memory, step):
    """Plain gradient descent: move every parameter a little against its gradient."""
    for k in params:
        params[k] -= LEARNING_RATE * grads[k]
'''

_ACTIVATION = '''\
def activation(z):
    return np.tanh(z)


def activation_grad(z, a):
    """The derivative of the activation at z (a = activation(z))."""
    return 1 - a**2
'''

_LOSS = '''\
def loss(p, Y):
    """Mean binary cross-entropy; Y (n, 1) holds the labels 0 or 1."""
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return -np.mean(Y * np.log(p) + (1 - Y) * np.log(1 - p))
'''

_DELTA = "    delta = (p - Y) / n  # dLoss/dz at the output (sigmoid + cross-entropy)\n"


@dataclass(frozen=True)
class Preset:
    """A named short edit of DEFAULT_CODE: ``edits`` = ((old, new), …)."""

    key: str
    label: str
    group: str  # "update", "activation" or "loss"
    edits: tuple[tuple[str, str], ...]
    lr: float | None = None  # a learning rate that suits it, when 0.1 does not


def _update(body: str) -> tuple[tuple[str, str], ...]:
    return ((_SGD_UPDATE, body),)


PRESET_LIST: tuple[Preset, ...] = (
    Preset("sgd", "Gradient descent (the default)", "update", ()),
    Preset("momentum", "Momentum", "update", _update('''\
def update(params, grads, memory, step):
    """Momentum: a velocity that remembers past gradients (beta = 0.9)."""
    beta = 0.9
    for k in params:
        v = memory.get(k, 0.0)
        v = beta * v - LEARNING_RATE * grads[k]
        memory[k] = v
        params[k] += v
''')),
    Preset("nesterov", "Nesterov momentum", "update", _update('''\
def update(params, grads, memory, step):
    """Nesterov momentum: step with the velocity, then correct with the new gradient."""
    beta = 0.9
    for k in params:
        v_old = memory.get(k, 0.0)
        v = beta * v_old - LEARNING_RATE * grads[k]
        memory[k] = v
        params[k] += -beta * v_old + (1 + beta) * v
''')),
    Preset("adam", "Adam", "update", _update('''\
def update(params, grads, memory, step):
    """Adam: momentum plus a per-parameter step size from the gradients' squares."""
    b1, b2, eps = 0.9, 0.999, 1e-8
    t = step + 1
    for k in params:
        m = b1 * memory.get("m" + k, 0.0) + (1 - b1) * grads[k]
        v = b2 * memory.get("v" + k, 0.0) + (1 - b2) * grads[k] ** 2
        memory["m" + k], memory["v" + k] = m, v
        m_hat, v_hat = m / (1 - b1**t), v / (1 - b2**t)
        params[k] -= LEARNING_RATE * m_hat / (np.sqrt(v_hat) + eps)
'''), lr=0.01),
    Preset("decay", "Weight decay", "update", _update('''\
def update(params, grads, memory, step):
    """Gradient descent with weight decay: weights also shrink a little every step."""
    decay = 0.001
    for k in params:
        if k.startswith("W"):
            params[k] -= LEARNING_RATE * decay * params[k]
        params[k] -= LEARNING_RATE * grads[k]
''')),
    Preset("clip", "Gradient clipping", "update", _update('''\
def update(params, grads, memory, step):
    """Gradient descent with clipping: a gradient longer than max_norm is shortened to it."""
    max_norm = 1.0
    norm = np.sqrt(sum(np.sum(g**2) for g in grads.values()))
    shrink = min(1.0, max_norm / (norm + 1e-12))
    for k in params:
        params[k] -= LEARNING_RATE * shrink * grads[k]
''')),
    Preset("schedule", "Learning-rate schedule", "update", _update('''\
def update(params, grads, memory, step):
    """Gradient descent with a decaying learning rate: halved every 500 steps."""
    lr = LEARNING_RATE * 0.5 ** (step // 500)
    for k in params:
        params[k] -= lr * grads[k]
'''), lr=0.3),
    Preset("tanh", "Tanh (the default)", "activation", ()),
    Preset("relu", "ReLU", "activation", ((_ACTIVATION, '''\
def activation(z):
    return np.maximum(z, 0)


def activation_grad(z, a):
    """The derivative of the activation at z (a = activation(z))."""
    return (z > 0).astype(float)
'''),)),
    Preset("leaky", "Leaky ReLU", "activation", ((_ACTIVATION, '''\
def activation(z):
    return np.where(z > 0, z, 0.1 * z)


def activation_grad(z, a):
    """The derivative of the activation at z (a = activation(z))."""
    return np.where(z > 0, 1.0, 0.1)
'''),)),
    Preset("sigmoid", "Sigmoid", "activation", ((_ACTIVATION, '''\
def activation(z):
    return 1 / (1 + np.exp(-z))


def activation_grad(z, a):
    """The derivative of the activation at z (a = activation(z))."""
    return a * (1 - a)
'''),), lr=2.0),
    Preset("bce", "Cross-entropy (the default)", "loss", ()),
    Preset("mse", "Squared error", "loss", ((_LOSS, '''\
def loss(p, Y):
    """Mean squared error between the probability and the label."""
    return np.mean((p - Y) ** 2)
'''), (_DELTA, "    delta = 2 * (p - Y) * p * (1 - p) / n  # dLoss/dz at the output (sigmoid + squared error)\n")), lr=0.5),
)

PRESETS: dict[str, Preset] = {p.key: p for p in PRESET_LIST}
GROUPS = (("update", "Update rule"), ("activation", "Activation"), ("loss", "Loss"))


def apply_edits(code: str, edits) -> str:
    """Apply (old, new) replacements to ``code``; each ``old`` must occur exactly once."""
    for old, new in edits:
        if code.count(old) != 1:
            raise ValueError(f"the code does not contain exactly one {old.splitlines()[0]!r}")
        code = code.replace(old, new)
    return code


def apply_preset(key: str, code: str = DEFAULT_CODE) -> str:
    """The code with preset ``key`` applied (to the default code unless ``code`` is given)."""
    return compose(**{PRESETS[key].group: key}, code=code)


def compose(update: str = "sgd", activation: str = "tanh", loss: str = "bce", code: str = DEFAULT_CODE) -> str:
    """The default code with one preset of each group; the learning rate is the first one a
    chosen preset asks for (update rule first), else the default's 0.1.

    compose("adam", "relu") -> Adam's update, ReLU hidden units, LEARNING_RATE = 0.01
    """
    chosen = [PRESETS[update], PRESETS[activation], PRESETS[loss]]
    for preset, group in zip(chosen, ("update", "activation", "loss"), strict=True):
        if preset.group != group:
            raise ValueError(f"{preset.key!r} is not a preset of the {group}")
    for preset in chosen:
        code = apply_edits(code, preset.edits)
    lr = next((p.lr for p in chosen if p.lr is not None), None)
    if lr is not None:
        code = apply_edits(code, (("LEARNING_RATE = 0.1\n", f"LEARNING_RATE = {lr}\n"),))
    return code
