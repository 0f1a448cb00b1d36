"""Downloads and uploads of the code lab: the Python script, the weights in the engine's format.

    text = python_script(lab)                      # the visitor's code + PARAMS + predict(points)
    text = weights_json(lab, {"dataset": "circle"})  # engine.serialize's JSON (or ExportError: why not)
    hidden, params = read_weights(text)            # ((8, 8), {"W0": …}) or ValueError with a reason

The script runs in plain CPython with numpy: ``python code_lab.py`` prints the probability of
class 1 at a few points; ``predict(points)`` takes points in the data sets' units (about
[-6, 6]²) and divides them by 6 as the page does. Its floats are written with ``repr``, which
reads back to the same float64, so it reproduces the page's predictions exactly.

The JSON is the one model format of nnviz (engine.serialize), so the playground can read it too.
That format names a built-in activation, so it is offered only when the visitor's network is
one the engine can rebuild: keys W0, b0, …, sigmoid output, and an ``activation`` that matches
one of the engine's on a test grid (checked by comparing the rebuilt network's predictions).
"""

from __future__ import annotations

import json

import numpy as np

from nnviz.chapters.code.lab import SCALE, CodeError, Lab
from nnviz.engine import serialize
from nnviz.engine.activations import ACTIVATIONS
from nnviz.engine.network import Network

CANDIDATES = ("tanh", "relu", "leaky_relu", "sigmoid", "linear", "elu", "softplus", "gelu", "silu")
SAMPLE_POINTS = [[0.0, 0.0], [3.0, 0.0], [-2.5, 4.0], [5.0, -5.0]]


class ExportError(ValueError):
    """The weights cannot be written in the engine's format; the message says why."""


def _literal(a: np.ndarray) -> str:
    if a.ndim == 0:
        return repr(float(a))
    return "[" + ", ".join(_literal(x) for x in a) + "]"


def python_script(lab: Lab, note: str = "") -> str:
    """The visitor's code, the trained parameters and a ``predict`` function, as one file."""
    lines = [
        '"""Trained in nnviz\'s code lab' + (f" ({note})" if note else "") + ": your code and its weights.",
        "",
        "Run it with Python 3 and numpy: python code_lab.py prints the probability of class 1 at a",
        "few points. predict(points) takes points (n, 2) in the data set's units (about -6 ... 6).",
        '"""',
        "",
        "# ---- your code -----------------------------------------------------------------------",
        lab.program.source.rstrip("\n"),
        "",
        "",
        "# ---- the trained parameters -----------------------------------------------------------",
        "import numpy as np  # noqa: E402 (again, in case your code imported it under another name)",
        "",
        "PARAMS = {",
    ]
    for k, v in lab.params.items():
        lines.append(f"    {k!r}: np.array({_literal(np.asarray(v, dtype=np.float64))}),")
    lines += [
        "}",
        f"SCALE = {SCALE!r}  # the page divides every point by this before forward",
        "",
        "",
        "def predict(points):",
        '    """The probability of class 1 at points (n, 2), in the data set\'s units."""',
        "    p, _ = forward(PARAMS, np.asarray(points, dtype=float) / SCALE)",
        "    return np.asarray(p)[:, 0]",
        "",
        "",
        'if __name__ == "__main__":',
        f"    points = np.array({SAMPLE_POINTS!r})",
        "    for point, p in zip(points, predict(points)):",
        '        print(f"p(class 1 | x = {point[0]:+.2f}, y = {point[1]:+.2f}) = {p:.6f}")',
        "",
    ]
    return "\n".join(lines)


def matching_activation(lab: Lab) -> str | None:
    """The engine activation the visitor's ``activation`` computes (on a test grid), or None."""
    fn = lab.program.namespace.get("activation")
    if not callable(fn):
        return None
    z = np.linspace(-4, 4, 81).reshape(9, 9)
    try:
        theirs = np.asarray(fn(z.copy()), dtype=float)
    except Exception:  # their function, their error: just no match
        return None
    for name in CANDIDATES:
        for slope in (0.01, 0.1, 0.2) if name == "leaky_relu" else (0.01,):
            ours = ACTIVATIONS[name].fn(z.copy()) if name != "leaky_relu" else np.where(z > 0, z, slope * z)
            if theirs.shape == z.shape and np.allclose(theirs, ours, rtol=1e-6, atol=1e-9):
                return f"{name}:{slope}" if name == "leaky_relu" else name
    return None


def to_network(lab: Lab) -> Network:
    """The visitor's trained network as an engine Network (ExportError when it is not one)."""
    n = len(lab.sizes) - 1
    expected = {f"{k}{i}" for i in range(n) for k in "Wb"}
    if set(lab.params) != expected:
        raise ExportError("the engine's format needs parameters named W0, b0, W1, b1, …; yours are "
                          + ", ".join(sorted(lab.params)) + ". Download the Python script instead.")
    act = matching_activation(lab)
    if act is None:
        raise ExportError("your activation is none of the engine's built-in ones, and the engine's "
                          "format names one. Download the Python script instead.")
    name, _, slope = act.partition(":")
    net = Network(list(lab.sizes), hidden=name, output="sigmoid", loss="bce", dtype="float64",
                  leaky_slope=float(slope or 0.01))
    for i in range(n):
        W, b = lab.params[f"W{i}"], lab.params[f"b{i}"]
        if W.shape != net.weights[i].shape or b.shape != net.biases[i].shape:
            raise ExportError(f"W{i} has shape {W.shape} and b{i} {b.shape}; a {'-'.join(map(str, lab.sizes))} "
                              f"network needs {net.weights[i].shape} and {net.biases[i].shape}")
        net.weights[i][...] = W
        net.biases[i][...] = b
    net.parameters_changed()
    grid = np.random.default_rng(0).uniform(-1, 1, (64, 2))
    try:
        theirs = lab.predict(grid)
    except CodeError as exc:
        raise ExportError(str(exc)) from None
    if not np.allclose(net.forward(grid)[:, 0], theirs, rtol=1e-6, atol=1e-9):
        raise ExportError("your forward computes something other than layers of W·x + b with a "
                          "sigmoid output, so the engine's format would not reproduce it. Download the "
                          "Python script instead.")
    return net


def weights_json(lab: Lab, metadata: dict | None = None) -> str:
    """The trained weights in engine.serialize's JSON (inputs are points / SCALE)."""
    meta = {"source": "nnviz code lab", "input_scale": SCALE, **(metadata or {})}
    return serialize.to_json(to_network(lab), metadata=meta)


def read_weights(text: str, max_hidden: int = 16, max_layers: int = 4) -> tuple[tuple[int, ...], dict]:
    """(hidden sizes, params) from a weights file; ValueError with a reason if it does not fit."""
    saved = serialize.from_json(text)  # every field checked; ValueError with a sentence
    net = saved.network
    if net.sizes[0] != 2 or net.sizes[-1] != 1 or net.output != "sigmoid":
        raise ValueError(f"this lab trains networks 2 → … → 1 with a sigmoid output; the file holds "
                         f"{' → '.join(map(str, net.sizes))} with {net.output}")
    hidden = tuple(net.sizes[1:-1])
    if not 1 <= len(hidden) <= max_layers or max(hidden) > max_hidden:
        raise ValueError(f"the lab takes 1 to {max_layers} hidden layers of at most {max_hidden} "
                         f"neurons; the file has {list(hidden)}")
    params = {}
    for i in range(net.n_layers):
        params[f"W{i}"] = np.array(net.weights[i], dtype=np.float64)
        params[f"b{i}"] = np.array(net.biases[i], dtype=np.float64)
    return hidden, params


def loads_hidden(text: str) -> list[int]:
    """The hidden sizes a weights file names, for messages (no checks)."""
    return json.loads(text).get("sizes", [])[1:-1]
