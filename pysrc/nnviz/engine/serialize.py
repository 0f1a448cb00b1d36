"""Save and load networks: THE model format of nnviz, and a standalone numpy script.

    d = to_dict(net, metadata={"features": ["x", "y"], "scale": [6.0, 6.0]})
    text = json.dumps(d)                        # a JSON object, e.g. for a file or a URL
    saved = load(json.loads(text))              # Saved(network, metadata, optimizer)
    net2 = from_dict(d)                         # just the Network

The dict holds everything ``Network(...)`` takes, the weights as nested lists (W of shape
(n_in, n_out), so ``d["weights"][0][i][j]`` is the weight from input i to hidden unit j; biases
(n_out,)), an optional ``metadata`` object (anything JSON can hold: feature names, normalisation,
class names, provenance) and, when given, the optimiser's hyperparameters, step count and state.
``from_dict(json.loads(json.dumps(to_dict(net))))`` has exactly the same weights.

For networks too big for JSON lists (the digits chapter's 784-128-64-32-10), ``to_arrays`` splits
the same content into a JSON header and named arrays W0, b0, W1, b1, … (e.g. for an .npz), and
``from_arrays(header, arrays)`` reads them back with the same checks.

Reading is strict: every field is checked (types, names, sizes against the weights' shapes, finite
values, no unknown fields) before anything is allocated, and any problem raises ValueError with a
sentence a visitor can read, e.g. "saved network: weights[1] has shape (3, 2), expected (4, 2)".

The script is plain Python + numpy that a learner can run outside the course: the weights as
literals, one function per activation (the ``code`` strings of activations.py), and
``forward(x)``. Every literal parses back to exactly the stored float, so the script's outputs
match ``net.forward`` to the last bit or so.

Left out on purpose: pickles, ONNX/Keras formats, exporting training code.
"""

from __future__ import annotations

import json
import math
from itertools import pairwise
from typing import NamedTuple

import numpy as np

from .activations import ACTIVATIONS
from .initializers import INITIALIZERS
from .losses import LOSSES, check_pair
from .network import DTYPES, Network
from .optimizers import Optimizer, optimizer_from_dict
from .regularizers import REGULARIZERS

FORMAT = "nnviz.network"
VERSION = 1
MAX_PARAMETERS = 10_000_000  # refuse to build anything larger from a file
MAX_METADATA_DEPTH = 32

# field -> default (None marks a required field); "weights"/"biases" are required in a dict and
# absent from an array header, which says "parameters": "arrays" instead.
_FIELDS = {
    "format": None,
    "version": None,
    "sizes": None,
    "hidden": None,
    "output": None,
    "loss": None,
    "init": "xavier",
    "seed": 0,
    "dtype": "float32",
    "leaky_slope": 0.01,
    "regularization": None,
    "reg_rate": 0.0,
    "dropout": 0.0,
    "metadata": {},
    "optimizer": None,
    "weights": None,
    "biases": None,
    "parameters": None,
}
_REQUIRED = ("format", "version", "sizes", "hidden", "output", "loss")


class Saved(NamedTuple):
    """What load() reads: the Network, its metadata dict ({} if none), its optimiser or None."""

    network: Network
    metadata: dict
    optimizer: Optimizer | None


def _fail(message: str):
    raise ValueError(f"saved network: {message}")


def to_dict(net: Network, optimizer: Optimizer | None = None, metadata: dict | None = None) -> dict:
    """Return net (with optimizer and metadata, if given) as a JSON-safe dict of plain lists and
    numbers; metadata must itself be JSON data (str keys; str, finite numbers, bool, None, lists)."""
    d = _header(net, optimizer, metadata)
    d["weights"] = [w.tolist() for w in net.weights]
    d["biases"] = [b.tolist() for b in net.biases]
    return d


def to_arrays(
    net: Network, optimizer: Optimizer | None = None, metadata: dict | None = None
) -> tuple[dict, dict[str, np.ndarray]]:
    """Return (header, arrays): the dict of to_dict without the weights, marked
    "parameters": "arrays", and {"W0": (n0, n1), "b0": (n1,), "W1": …} copies in the net's dtype."""
    header = _header(net, optimizer, metadata)
    header["parameters"] = "arrays"
    arrays = {}
    for l, (W, b) in enumerate(zip(net.weights, net.biases, strict=True)):
        arrays[f"W{l}"], arrays[f"b{l}"] = W.copy(), b.copy()
    return header, arrays


def _header(net, optimizer, metadata) -> dict:
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
    }
    if metadata is not None:
        d["metadata"] = _check_metadata(metadata)
    if optimizer is not None:
        d["optimizer"] = optimizer.to_dict()
    return d


def from_dict(d: dict) -> Network:
    """Rebuild the Network saved by to_dict() (metadata and optimiser: use load())."""
    return load(d).network


def load(d: dict) -> Saved:
    """Check and read a to_dict() dict (e.g. parsed JSON); raise ValueError saying what is wrong."""
    spec = _read_header(d, arrays=False)
    weights, biases = d.get("weights"), d.get("biases")
    return _build(spec, _layer_list(weights, "weights"), _layer_list(biases, "biases"))


def from_arrays(header: dict, arrays) -> Saved:
    """Read what to_arrays() wrote: the header dict and a mapping with W0, b0, W1, b1, …
    (e.g. the dict of an .npz file); the same checks as load()."""
    spec = _read_header(header, arrays=True)
    if not hasattr(arrays, "keys"):
        _fail(f"the arrays must be a mapping of names to arrays, not {type(arrays).__name__}")
    n = len(spec["sizes"]) - 1
    expected = {f"{k}{l}" for l in range(n) for k in "Wb"}
    if set(arrays.keys()) != expected:
        missing, extra = (
            sorted(expected - set(arrays.keys())),
            sorted(set(arrays.keys()) - expected),
        )
        _fail(f"arrays missing {missing or 'none'}, unexpected {extra or 'none'}")
    return _build(spec, [arrays[f"W{l}"] for l in range(n)], [arrays[f"b{l}"] for l in range(n)])


def to_json(net: Network, optimizer: Optimizer | None = None, metadata: dict | None = None) -> str:
    """Return to_dict(...) as compact JSON text."""
    return json.dumps(to_dict(net, optimizer, metadata), separators=(",", ":"), allow_nan=False)


def from_json(text: str) -> Saved:
    """Parse JSON text written by to_json (or any to_dict dict) and load() it."""
    try:
        d = json.loads(text)
    except (TypeError, ValueError) as exc:
        _fail(f"not valid JSON ({exc})")
    return load(d)


# ----- checks ---------------------------------------------------------------------------------


def _is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _choice(d, key, options):
    v = d[key]
    if not isinstance(v, str) or v not in options:
        _fail(f"{key} must be one of {sorted(options)}, got {v!r}")
    return v


def _read_header(d, arrays: bool) -> dict:
    if not isinstance(d, dict):
        _fail(f"expected a JSON object (dict), got {type(d).__name__}")
    if d.get("format") != FORMAT:
        _fail(f"format must be {FORMAT!r}, got {d.get('format')!r}")
    if d.get("version") != VERSION:
        _fail(f"version {d.get('version')!r} is not supported (this reader knows {VERSION})")
    unknown = sorted(str(k) for k in d if k not in _FIELDS)
    if unknown:
        _fail(f"unknown field(s) {unknown}")
    missing = [k for k in _REQUIRED if k not in d]
    if arrays:
        if d.get("parameters") != "arrays":
            _fail('an array header must say "parameters": "arrays"')
        if "weights" in d or "biases" in d:
            _fail("an array header must not also hold weights or biases")
    else:
        if "parameters" in d:
            _fail('"parameters": "arrays" marks a header for from_arrays(), not load()')
        missing += [k for k in ("weights", "biases") if k not in d]
    if missing:
        _fail(f"missing field(s) {missing}")
    spec = {k: d.get(k, default) for k, default in _FIELDS.items()}

    sizes = spec["sizes"]
    if not (
        isinstance(sizes, list) and len(sizes) >= 2 and all(_is_int(n) and n >= 1 for n in sizes)
    ):
        _fail(f"sizes must be a list of at least two whole numbers ≥ 1, got {sizes!r}")
    total = sum(a * b + b for a, b in pairwise(sizes))
    if total > MAX_PARAMETERS:
        _fail(f"{total} parameters is more than the {MAX_PARAMETERS} this reader accepts")
    hidden = spec["hidden"]
    if not (isinstance(hidden, list) and all(isinstance(h, str) for h in hidden)):
        _fail(f"hidden must be a list of activation names, got {hidden!r}")
    if len(hidden) != len(sizes) - 2:
        _fail(f"{len(sizes) - 2} hidden layers in sizes but {len(hidden)} hidden activations")
    for h in hidden:
        if h not in ACTIVATIONS or not ACTIVATIONS[h].hidden_ok:
            ok = sorted(n for n, a in ACTIVATIONS.items() if a.hidden_ok)
            _fail(f"hidden activation {h!r} is not one of {ok}")
    _choice(spec, "output", ACTIVATIONS)
    _choice(spec, "loss", LOSSES)
    try:
        check_pair(spec["output"], spec["loss"])
    except ValueError as exc:
        _fail(str(exc))
    _choice(spec, "init", INITIALIZERS)
    _choice(spec, "dtype", DTYPES)
    if spec["seed"] is not None and not (_is_int(spec["seed"]) and spec["seed"] >= 0):
        _fail(f"seed must be a whole number ≥ 0 or null, got {spec['seed']!r}")
    if spec["regularization"] is not None:
        _choice(spec, "regularization", REGULARIZERS)
    for key, low, high in (("leaky_slope", 0, 1), ("dropout", 0, 1), ("reg_rate", 0, math.inf)):
        v = spec[key]
        if key == "dropout" and isinstance(v, list):  # one rate per hidden layer
            if len(v) == len(spec["sizes"]) - 2 and all(_is_number(r) and 0 <= r < 1 for r in v):
                continue
            _fail(f"dropout must be a number in [0, 1) or one per hidden layer, got {v!r}")
        if not (_is_number(v) and low <= v and (v < high)):
            _fail(f"{key} must be a number in [{low}, {high}), got {v!r}")
    _check_metadata(spec["metadata"])
    if spec["optimizer"] is not None and not isinstance(spec["optimizer"], dict):
        _fail(f"optimizer must be an object or null, got {type(spec['optimizer']).__name__}")
    return spec


def _check_metadata(meta) -> dict:
    if not isinstance(meta, dict):
        _fail(f"metadata must be a JSON object (dict), got {type(meta).__name__}")

    def walk(v, path, depth):
        if depth > MAX_METADATA_DEPTH:
            _fail(f"metadata nests deeper than {MAX_METADATA_DEPTH} levels at {path}")
        if isinstance(v, dict):
            for k, item in v.items():
                if not isinstance(k, str):
                    _fail(f"metadata keys must be strings, got {k!r} at {path}")
                walk(item, f"{path}.{k}", depth + 1)
        elif isinstance(v, list):
            for i, item in enumerate(v):
                walk(item, f"{path}[{i}]", depth + 1)
        elif isinstance(v, float) and not math.isfinite(v):
            _fail(f"metadata holds {v} at {path}; JSON has no NaN or infinity")
        elif not (v is None or isinstance(v, (str, bool, int, float))):
            _fail(f"metadata holds a {type(v).__name__} at {path}; only JSON values are allowed")

    walk(meta, "metadata", 0)
    return json.loads(json.dumps(meta))  # a deep copy, so later edits of the caller's dict stay out


def _layer_list(values, what):
    if not isinstance(values, list):
        _fail(f"{what} must be a list with one entry per layer, got {type(values).__name__}")
    return values


def _array(values, shape, dtype, what) -> np.ndarray:
    """Turn nested lists (or an array) into an array of ``shape`` and ``dtype``, or fail."""
    if isinstance(values, np.ndarray):
        a = values
    else:
        try:
            a = np.array(values)
        except (ValueError, TypeError):
            a = None
        if a is None or a.dtype == object:
            _fail(f"{what} must be a {_shape_text(shape)} array of numbers (rows of equal length)")
    if a.dtype.kind not in "iuf":
        _fail(f"{what} must hold numbers only, found {a.dtype.name} values")
    if a.shape != shape:
        _fail(f"{what} has shape {a.shape}, expected {shape}")
    with np.errstate(over="ignore", invalid="ignore"):
        a = a.astype(dtype)
    if not np.isfinite(a).all():
        _fail(f"{what} holds NaN or infinite values (or values too large for {dtype})")
    return a


def _shape_text(shape) -> str:
    return " × ".join(str(n) for n in shape)


def _build(spec, weights, biases) -> Saved:
    sizes, n = spec["sizes"], len(spec["sizes"]) - 1
    if len(weights) != n or len(biases) != n:
        _fail(f"sizes {sizes} have {n} layers, but there are {len(weights)} weight and "
              f"{len(biases)} bias arrays")  # fmt: skip
    dtype = np.dtype(spec["dtype"])
    Ws = [
        _array(w, (sizes[l], sizes[l + 1]), dtype, f"weights[{l}]") for l, w in enumerate(weights)
    ]
    bs = [_array(b, (sizes[l + 1],), dtype, f"biases[{l}]") for l, b in enumerate(biases)]
    net = Network(
        sizes,
        hidden=spec["hidden"],
        output=spec["output"],
        loss=spec["loss"],
        init=spec["init"],
        seed=spec["seed"],
        dtype=spec["dtype"],
        leaky_slope=spec["leaky_slope"],
        regularization=spec["regularization"],
        reg_rate=spec["reg_rate"],
        dropout=spec["dropout"],
    )
    for params, saved in ((net.weights, Ws), (net.biases, bs)):
        for p, values in zip(params, saved, strict=True):
            np.copyto(p, values)
    net.parameters_changed()
    optimizer = None
    if spec["optimizer"] is not None:
        optimizer = _optimizer(spec["optimizer"], net)
    return Saved(net, _check_metadata(spec["metadata"]), optimizer)


def _optimizer(d: dict, net: Network) -> Optimizer:
    try:
        opt = optimizer_from_dict(d)
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as exc:
        _fail(f"the optimizer entry cannot be read ({type(exc).__name__}: {exc})")
    if not (math.isfinite(opt.lr0) and _is_int(d.get("t", 0)) and opt.t >= 0):
        _fail("the optimizer needs a finite learning rate and a whole step count t ≥ 0")
    shape = net._flat.shape
    for key in opt.state_names:
        arrays = getattr(opt, "_" + key)
        if arrays is None:
            continue
        if [a.shape for a in arrays] != [shape] or arrays[0].dtype != net.dtype:
            _fail(f"the optimizer's {key} state does not fit this network ({shape[0]} parameters)")
        if not np.isfinite(arrays[0]).all():
            _fail(f"the optimizer's {key} state holds NaN or infinite values")
    return opt


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


def to_numpy_script(net: Network, extra: str = "", main: str | None = None) -> str:
    """Return Python source defining WEIGHTS, BIASES and forward(x) for this network.

    forward takes x of shape (batch, sizes[0]) (or one sample, (sizes[0],)) and returns the
    outputs, computed the same way as Network.forward in the network's dtype.

    A caller that wraps the network (e.g. input features before it, class names after it) adds
    ``extra``, source placed after ``forward`` (it may use np, DTYPE and forward), and ``main``,
    the body of the ``if __name__ == "__main__":`` block (default: print forward of zeros), e.g.
    ``to_numpy_script(net, extra="def predict(x):\n    return forward(x).argmax(1)\n",
    main="print(predict([[0.0, 0.0]]))")``.
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
    ]
    if extra.strip():
        lines += [extra.strip("\n"), "", ""]
    if main is None:
        main = f"print(forward(np.zeros((1, {net.sizes[0]}), dtype=DTYPE)))"
    lines.append('if __name__ == "__main__":')
    lines += ["    " + line if line.strip() else "" for line in main.strip("\n").splitlines()]
    lines.append("")
    return "\n".join(lines)
