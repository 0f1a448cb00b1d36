"""Export the trained playground model (JSON, numpy script) and import it back, validated.

    model = Model(net, features=("x1", "x2", "x1sq"), problem="classification",
                  class_names=("orange", "blue"))       # standardise: identity unless given
    text = to_json(model, settings={"data": "circle"})  # engine.serialize's format, metadata below
    back, settings = from_json(text)                    # ValueError with a clear message if bad
    out, pred = predict(model, [[1.0, 2.0]])            # out (1, n_out) raw outputs, pred (1,)
    source = to_script(model)                           # `python model.py points.csv` prints them

Raw points (n, 2) in the data's own units go through the same pipeline everywhere:

    z = (x − mean) / std          ``standardise`` (csvdata.Standardisation; identity for built-in sets)
    f = features(z)               (n, len(features)) in the order of ``features`` (features.compute)
    a = network.forward(f)        (n, n_out)
    prediction = argmax(a) (K ≥ 3 classes, one output per class), a > threshold (two classes, one
                 output: 0 for tanh/linear outputs with ±1 labels, 0.5 for sigmoid), or, for
                 regression, a · target.std + target.mean (target scaling; identity if none).

The JSON is exactly engine.serialize.to_json with ``metadata``::

    {"kind": "nnviz.playground", "version": 1, "features": [...], "standardise": {"mean": [m1, m2],
     "std": [s1, s2]}, "problem": "classification", "classes": ["orange", "blue"],
     "threshold": 0.0, "target": null, "settings": {"data": "circle", ...}}

``settings`` are the chapter's URL keys as strings (optional), so an import can restore the set-up.
Import checks the network (engine.serialize: shapes, sizes, finite values) and then every
metadata entry against it (feature count = input size, class count = output size, …).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

import numpy as np

from nnviz.chapters.playground import features as feats
from nnviz.chapters.playground.csvdata import MAX_CLASSES, Standardisation
from nnviz.engine import serialize
from nnviz.engine.network import Network

KIND = "nnviz.playground"
VERSION = 1
MAX_TEXT = 5_000_000  # characters; a 7-16×6-1 network is a few tens of kilobytes
MAX_SETTINGS = 64
PROBLEMS = ("classification", "regression")
_META_KEYS = {"kind", "version", "features", "standardise", "problem", "classes", "threshold",
              "target", "settings"}  # fmt: skip


def default_threshold(output: str) -> float:
    """Where a single output splits two classes: 0.5 for sigmoid, 0 for tanh or linear (±1 labels)."""
    return 0.5 if output == "sigmoid" else 0.0


@dataclass(frozen=True)
class Model:
    """A trained network with everything needed to use it on raw points (see the module docstring)."""

    network: Network
    features: tuple[str, ...]
    problem: str = "classification"
    class_names: tuple[str, ...] = ()
    standardise: Standardisation = field(default_factory=Standardisation.identity)
    target: Standardisation | None = None  # regression only: network output -> own units
    threshold: float | None = None  # two classes with one output; None: default_threshold

    def __post_init__(self):
        check(self)

    @property
    def cut(self) -> float:
        return default_threshold(self.network.output) if self.threshold is None else self.threshold


def _fail(message: str):
    raise ValueError(f"playground model: {message}")


def check(model: Model) -> None:
    """Raise ValueError unless the metadata fit the network (used on build and on import)."""
    net = model.network
    try:
        keys = feats.check_keys(model.features)
    except ValueError as exc:
        _fail(f"features: {exc}")
    if len(set(model.features)) != len(keys) or len(model.features) != net.sizes[0]:
        _fail(f"{len(model.features)} features for a network with {net.sizes[0]} inputs")
    if model.problem not in PROBLEMS:
        _fail(f"problem must be one of {', '.join(PROBLEMS)}, not {model.problem!r}")
    if len(model.standardise.mean) != 2:
        _fail("standardise needs a mean and a std for x1 and x2")
    n_out = net.sizes[-1]
    if model.problem == "regression":
        if n_out != 1 or model.class_names:
            _fail(f"a regression model has one output and no classes (it has {n_out} outputs)")
        if model.target is not None and len(model.target.mean) != 1:
            _fail("the target scaling needs one mean and one std")
        return
    names = model.class_names
    k = n_out if n_out > 1 else 2
    if n_out == 2 or n_out > MAX_CLASSES:
        _fail(f"{n_out} outputs: use 1 output for two classes or 3 … {MAX_CLASSES} for more")
    if len(names) != k:
        _fail(f"{len(names)} class names for a network that tells {k} classes apart")
    if not all(isinstance(n, str) and n.strip() and len(n) <= 100 for n in names):
        _fail("class names must be non-empty text of at most 100 characters")
    if len(set(names)) != len(names):
        _fail("two classes have the same name")
    if model.target is not None:
        _fail("a target scaling belongs to a regression model")
    if model.threshold is not None and not (
        isinstance(model.threshold, (int, float)) and math.isfinite(model.threshold)
    ):
        _fail("the threshold must be a finite number")


def metadata(model: Model, settings: dict[str, str] | None = None) -> dict:
    """The metadata object stored with the network (JSON data)."""
    return {
        "kind": KIND,
        "version": VERSION,
        "features": list(model.features),
        "standardise": model.standardise.to_dict(),
        "problem": model.problem,
        "classes": list(model.class_names),
        "threshold": None if model.problem == "regression" else float(model.cut),
        "target": None if model.target is None else model.target.to_dict(),
        "settings": dict(settings or {}),
    }


def to_json(model: Model, settings: dict[str, str] | None = None) -> str:
    """The model as JSON text: engine.serialize.to_json(network, metadata=metadata(...))."""
    _check_settings(settings or {})
    return serialize.to_json(model.network, metadata=metadata(model, settings))


def _check_settings(settings) -> dict[str, str]:
    if not isinstance(settings, dict):
        _fail("settings must be an object of text values")
    if len(settings) > MAX_SETTINGS:
        _fail(f"{len(settings)} settings; at most {MAX_SETTINGS}")
    for k, v in settings.items():
        if not (isinstance(k, str) and isinstance(v, str) and len(k) <= 40 and len(v) <= 10_000):
            _fail("settings must map short names to text values")
    return settings


def from_json(text: str | bytes) -> tuple[Model, dict[str, str]]:
    """Read a file written by :func:`to_json`; return (model, settings) or raise ValueError with
    a message a visitor can read (e.g. "saved network: weights[0] has shape (3, 4), expected
    (2, 4)" or "playground model: 3 features for a network with 2 inputs")."""
    if isinstance(text, (bytes, bytearray)):
        if len(text) > MAX_TEXT:
            _fail(f"the file is {len(text) / 1e6:.1f} MB; at most {MAX_TEXT / 1e6:g} MB")
        try:
            text = bytes(text).decode("utf-8-sig")
        except UnicodeDecodeError:
            _fail("the file is not UTF-8 text; choose a model file saved by this page")
    if len(text) > MAX_TEXT:
        _fail(f"the file is {len(text) / 1e6:.1f} MB; at most {MAX_TEXT / 1e6:g} MB")
    try:
        data = json.loads(text)
    except (TypeError, ValueError, RecursionError):
        _fail("the file is not JSON; choose a model file saved by this page")
    saved = serialize.load(data)
    meta = saved.metadata
    if meta.get("kind") != KIND:
        _fail("this network was not saved by the playground (its metadata lack the features)")
    if meta.get("version") != VERSION:
        _fail(f"version {meta.get('version')!r}; this page reads version {VERSION}")
    unknown = sorted(set(meta) - _META_KEYS)
    missing = sorted(_META_KEYS - set(meta))
    if unknown or missing:
        _fail(f"metadata missing {missing or 'nothing'}, unexpected {unknown or 'nothing'}")
    if not (
        isinstance(meta["features"], list) and all(isinstance(f, str) for f in meta["features"])
    ):
        _fail("features must be a list of feature names")
    if not (isinstance(meta["classes"], list) and all(isinstance(c, str) for c in meta["classes"])):
        _fail("classes must be a list of names")
    try:
        scale = Standardisation.from_dict(meta["standardise"], m=2)
        target = None if meta["target"] is None else Standardisation.from_dict(meta["target"], m=1)
    except ValueError as exc:
        _fail(str(exc))
    threshold = meta["threshold"]
    if threshold is not None and not (
        isinstance(threshold, (int, float)) and not isinstance(threshold, bool)
    ):
        _fail("the threshold must be a number or null")
    model = Model(
        saved.network,
        tuple(meta["features"]),
        meta["problem"],
        tuple(meta["classes"]),
        scale,
        target,
        None if threshold is None else float(threshold),
    )
    return model, dict(_check_settings(meta["settings"]))


def inputs(model: Model, X) -> np.ndarray:
    """Raw points (n, 2) -> the network's input (n, len(features)) float32."""
    return feats.compute(model.standardise.apply(np.asarray(X, dtype=np.float64).reshape(-1, 2)),
                         model.features)  # fmt: skip


def predict(model: Model, X) -> tuple[np.ndarray, np.ndarray]:
    """Raw points (n, 2) -> (outputs (n, n_out) as the network gives them, predictions (n,)):
    class numbers (int64) for classification, values in own units (float64) for regression."""
    out = model.network.forward(inputs(model, X))
    if model.problem == "regression":
        t = model.target or Standardisation.identity(1)
        return out, t.invert(out.astype(np.float64))[:, 0]
    if out.shape[1] > 1:
        return out, out.argmax(axis=1).astype(np.int64)
    return out, (out[:, 0] > model.cut).astype(np.int64)


_SCRIPT = '''
# ----- the playground's pipeline: raw (x1, x2) -> standardise -> features -> network -----

MEAN = np.array({mean!r})  # standardisation of the raw x1, x2 columns
STD = np.array({std!r})
FEATURES = {features!r}
PROBLEM = {problem!r}
CLASSES = {classes!r}
THRESHOLD = {threshold!r}  # two classes, one output: class 1 when the output is above it
TARGET_MEAN, TARGET_STD = {target!r}  # regression: output * std + mean, in the data's units


def features(points):
    """Raw points of shape (n, 2) -> the network's inputs (n, {n_features})."""
    z = (np.asarray(points, dtype=np.float64).reshape(-1, 2) - MEAN) / STD
    x1, x2 = z[:, 0], z[:, 1]
    return np.stack([{columns}], axis=1).astype(DTYPE)


def predict(points):
    """Raw points (n, 2) -> class numbers (classification) or values (regression), shape (n,)."""
    a = forward(features(points))
    if PROBLEM == "regression":
        return a[:, 0].astype(np.float64) * TARGET_STD + TARGET_MEAN
    if a.shape[1] > 1:
        return a.argmax(axis=1)
    return (a[:, 0] > THRESHOLD).astype(np.int64)


def read_points(path):
    """x1,x2 per line (a header line and further columns are skipped)."""
    rows = []
    for line in open(path, encoding="utf-8-sig"):
        parts = line.replace(";", ",").split(",")
        try:
            rows.append([float(parts[0]), float(parts[1])])
        except (ValueError, IndexError):
            continue
    return np.array(rows).reshape(-1, 2)
'''

_MAIN = """import sys

points = read_points(sys.argv[1]) if len(sys.argv) > 1 else np.array([[0.0, 0.0], [1.0, -1.0]])
for (x1, x2), p in zip(points, predict(points)):
    print(repr(float(x1)), repr(float(x2)), CLASSES[p] if CLASSES else repr(float(p)), sep=",")
"""


def to_script(model: Model) -> str:
    """A standalone Python + numpy script (engine.serialize.to_numpy_script plus the pipeline):
    ``python model.py points.csv`` prints ``x1,x2,prediction`` per point (class names, or values
    as exact float reprs); import it and call ``predict(points)`` for the (n,) array."""
    t = model.target or Standardisation.identity(1)
    extra = _SCRIPT.format(
        mean=list(model.standardise.mean),
        std=list(model.standardise.std),
        features=list(model.features),
        problem=model.problem,
        classes=list(model.class_names),
        threshold=None if model.problem == "regression" else float(model.cut),
        target=(t.mean[0], t.std[0]),
        n_features=len(model.features),
        columns=", ".join(feats.NUMPY_CODE[k] for k in model.features),
    )
    return serialize.to_numpy_script(model.network, extra=extra, main=_MAIN)
