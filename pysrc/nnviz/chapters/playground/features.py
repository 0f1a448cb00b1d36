"""The playground's input features: TensorFlow Playground's seven, computed from (x1, x2).

    X = np.array([[1.0, 2.0], [0.0, -3.0]])          # (n, 2) points
    compute(X, ("x1", "x1sq", "x1x2"))                 # (2, 3) float32: [[1, 1, 2], [0, 0, -0]]
    check_keys(["x1", "x9"])                           # raises ValueError: "“x9” is not a feature …"
    parse_keys("x1, x2sq")                             # ("x1", "x2sq")
    LABELS["x1sq"]                                     # "x1²" (the toggle's accessible name)

``FEATURES`` is a tuple of ``(key, label, function)`` in the order the input neurons are drawn;
each function maps the two columns (n,) arrays ``x1, x2`` to one (n,) array. The URL key
``features`` is a comma list of keys (see ``parse_keys`` / ``format_keys``). Pure numpy.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

Fn = Callable[[np.ndarray, np.ndarray], np.ndarray]

FEATURES: tuple[tuple[str, str, Fn], ...] = (
    ("x1", "x1", lambda a, b: a),
    ("x2", "x2", lambda a, b: b),
    ("x1sq", "x1²", lambda a, b: a * a),
    ("x2sq", "x2²", lambda a, b: b * b),
    ("x1x2", "x1·x2", lambda a, b: a * b),
    ("sinx1", "sin x1", lambda a, b: np.sin(a)),
    ("sinx2", "sin x2", lambda a, b: np.sin(b)),
)
KEYS: tuple[str, ...] = tuple(k for k, _, _ in FEATURES)
LABELS: dict[str, str] = {k: label for k, label, _ in FEATURES}
FUNCTIONS: dict[str, Fn] = {k: f for k, _, f in FEATURES}
DEFAULT: tuple[str, ...] = ("x1", "x2")
# How to write each feature in numpy, from columns named x1 and x2 (for the exported script).
NUMPY_CODE: dict[str, str] = {
    "x1": "x1",
    "x2": "x2",
    "x1sq": "x1 * x1",
    "x2sq": "x2 * x2",
    "x1x2": "x1 * x2",
    "sinx1": "np.sin(x1)",
    "sinx2": "np.sin(x2)",
}


def check_keys(keys: Sequence[str]) -> tuple[str, ...]:
    """Return ``keys`` as a tuple in the canonical (drawing) order, or raise ValueError saying why.

    ``["x2", "x1"]`` -> ``("x1", "x2")``. Refused: an empty list ("at least one feature"),
    an unknown key, a key given twice.
    """
    keys = [str(k) for k in keys]
    if not keys:
        raise ValueError("choose at least one input feature.")
    for k in keys:
        if k not in FUNCTIONS:
            raise ValueError(f"“{k[:40]}” is not a feature; the features are {', '.join(KEYS)}.")
    seen = set()
    for k in keys:
        if k in seen:
            raise ValueError(f"the feature “{k}” is listed twice.")
        seen.add(k)
    return tuple(k for k in KEYS if k in seen)


def parse_keys(raw: str) -> tuple[str, ...]:
    """Read the URL value ``"x1, x2sq"`` -> ``("x1", "x2sq")`` (case-insensitive, canonical order);
    raise ValueError with the reason in words."""
    parts = [p.strip().lower() for p in raw.replace(";", ",").split(",")]
    if all(p == "" for p in parts):
        raise ValueError("choose at least one input feature.")
    if any(p == "" for p in parts):
        raise ValueError("there is an empty entry between commas.")
    return check_keys(parts)


def format_keys(keys: Sequence[str]) -> str:
    """``("x1", "x2sq")`` -> ``"x1,x2sq"`` (the URL value)."""
    return ",".join(keys)


def compute(X, keys: Sequence[str]) -> np.ndarray:
    """Return the (n, len(keys)) float32 feature matrix for points X of shape (n, 2).

    Columns come in the order of ``keys`` as given (not re-sorted); each is computed in float64
    over the whole column at once and stored as float32. ``X`` of shape (2,) is one point.
    """
    for k in keys:
        if k not in FUNCTIONS:
            check_keys(keys)  # raises with the reason
    A = np.asarray(X, dtype=np.float64)
    if A.ndim == 1:
        A = A.reshape(1, -1)
    if A.ndim != 2 or A.shape[1] != 2:
        raise ValueError(f"points must have shape (n, 2), got {np.shape(X)}.")
    x1, x2 = A[:, 0], A[:, 1]
    out = np.empty((A.shape[0], len(keys)), dtype=np.float32)
    for j, k in enumerate(keys):
        out[:, j] = FUNCTIONS[k](x1, x2)
    return out
