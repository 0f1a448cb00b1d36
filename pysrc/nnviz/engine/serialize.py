"""Save and load networks: a JSON-safe dict, and a standalone numpy script of the forward pass.

The dict holds everything ``Network(...)`` takes plus the weights as nested lists (and, when given,
the optimiser's hyperparameters, step count and state), so ``json.dumps`` works on it and
``from_dict(json.loads(json.dumps(to_dict(net))))`` has exactly the same weights.

The script is plain Python + numpy that a learner can run outside the course: the weights as
literals, one function per activation (the ``code`` strings of activations.py), and
``forward(x)``. Every literal parses back to exactly the stored float, so the script's outputs
match ``net.forward`` to the last bit or so.

Left out on purpose: pickles, ONNX/Keras formats, exporting training code.
"""

from __future__ import annotations

import numpy as np

from .network import Network
from .optimizers import Optimizer

FORMAT = "nnviz.network"
VERSION = 1


def to_dict(net: Network, optimizer: Optimizer | None = None) -> dict:
    """Return net (and optimizer, if given) as a JSON-safe dict of plain lists and numbers."""
    d = {
        "format": FORMAT,
        "version": VERSION,
        "sizes": list(net.sizes),
        "hidden": list(net.hidden),
        "output": net.output,
        "loss": net.loss,
        "init": net.init,
        "seed": net.seed,
        "dtype": net.dtype.name,
        "leaky_slope": net.leaky_slope,
        "regularization": net.regularization,
        "reg_rate": net.reg_rate,
        "dropout": net.dropout,
        "weights": [w.tolist() for w in net.weights],
        "biases": [b.tolist() for b in net.biases],
    }
    if optimizer is not None:
        d["optimizer"] = optimizer.to_dict()
    return d


def from_dict(d: dict) -> Network:
    """Rebuild the Network saved by to_dict(); its optimiser: optimizer_from_dict(d["optimizer"])."""
    if d.get("format") != FORMAT or d.get("version") != VERSION:
        raise ValueError(f"not a {FORMAT} v{VERSION} dict")
    net = Network(
        d["sizes"],
        hidden=d["hidden"],
        output=d["output"],
        loss=d["loss"],
        init=d["init"],
        seed=d["seed"],
        dtype=d["dtype"],
        leaky_slope=d["leaky_slope"],
        regularization=d["regularization"],
        reg_rate=d["reg_rate"],
        dropout=d["dropout"],
    )
    for params, saved in ((net.weights, d["weights"]), (net.biases, d["biases"])):
        if len(saved) != len(params):
            raise ValueError("saved parameters do not match the layer sizes")
        for p, values in zip(params, saved, strict=True):
            values = np.asarray(values, dtype=net.dtype)
            if values.shape != p.shape:
                raise ValueError(f"saved shape {values.shape} does not match {p.shape}")
            np.copyto(p, values)
    net.parameters_changed()
    return net


def _literal(array: np.ndarray) -> str:
    """Write an array as a nested-list literal whose numbers parse back to exactly its values."""
    if array.dtype == np.float32:
        # The shortest float32 repr, unless parsing it as float64 and rounding would land elsewhere.
        flat = array.ravel()
        short = [str(v) for v in flat]
        back = np.array([float(s) for s in short]).astype(np.float32)
        text = [s if b == v else repr(float(v)) for s, b, v in zip(short, back, flat, strict=True)]
    else:
        text = [repr(float(v)) for v in array.ravel()]
    if array.ndim == 1:
        return "[" + ", ".join(text) + "]"
    cols = array.shape[1]
    rows = (", ".join(text[i : i + cols]) for i in range(0, len(text), cols))
    return "[\n    [" + "],\n    [".join(rows) + "],\n]"


def to_numpy_script(net: Network) -> str:
    """Return Python source defining WEIGHTS, BIASES and forward(x) for this network.

    forward takes x of shape (batch, sizes[0]) (or one sample, (sizes[0],)) and returns the
    outputs, computed the same way as Network.forward in the network's dtype.
    """
    dt = net.dtype.name
    shape = "-".join(str(n) for n in net.sizes)
    acts = net.activations
    used = {}
    for act in acts:
        used.setdefault(act.name, act.code)
    lines = [
        f'"""Forward pass of a {shape} network exported from nnviz (numpy only).',
        "",
        f"Activations: {', '.join(a.name for a in acts)}. Loss it was trained with: {net.loss}.",
        '"""',
        "",
        "import numpy as np",
        "",
        f"DTYPE = np.{dt}",
        "",
    ]
    for i, (W, b) in enumerate(zip(net.weights, net.biases, strict=True)):
        lines.append(f"W{i} = np.array({_literal(W)}, dtype=DTYPE)  # shape {W.shape}")
        lines.append(f"b{i} = np.array({_literal(b)}, dtype=DTYPE)  # shape {b.shape}")
    lines.append(f"WEIGHTS = [{', '.join(f'W{i}' for i in range(net.n_layers))}]")
    lines.append(f"BIASES = [{', '.join(f'b{i}' for i in range(net.n_layers))}]")
    for code in used.values():
        lines += ["", "", code.rstrip("\n")]
    lines += ["", ""]
    lines.append(f"ACTIVATIONS = [{', '.join(a.name for a in acts)}]")
    lines += [
        "",
        "",
        "def forward(x):",
        f'    """Return the outputs for x of shape (batch, {net.sizes[0]}) or ({net.sizes[0]},)."""',
        "    a = np.asarray(x, dtype=DTYPE)",
        "    for W, b, f in zip(WEIGHTS, BIASES, ACTIVATIONS):",
        "        a = f(a @ W + b)",
        "    return a",
        "",
        "",
        'if __name__ == "__main__":',
        f"    print(forward(np.zeros((1, {net.sizes[0]}), dtype=DTYPE)))",
        "",
    ]
    return "\n".join(lines)
