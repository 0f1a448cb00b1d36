"""The visitor's own points, as the model uses them: the ``pts`` link text through the points codec.

    own = decode(state.pts)                        # Own(X (n, 2) float64, y (n,), names, kind)
    text = encode(X, y, names, "classification")   # the link text, or ValueError (more than 5000
                                                   # points or 5 classes)
    fits_link(X, y, kind)                          # True when encode would work

Points inside the ±6 square (clicked ones, the built-in sets) go on the plot's 0.01 grid; data in
other units (a CSV) on a grid fitted to its own range, so the link reproduces it in its units
with its class names (:mod:`points`). Pure Python.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from nnviz import urlstate
from nnviz.chapters.playground import points


class Own(NamedTuple):
    """Own points in their own units: X (n, 2), y (n,) class numbers or values, class names, kind."""

    X: np.ndarray
    y: np.ndarray
    names: tuple[str, ...]
    kind: str


EMPTY = Own(np.zeros((0, 2)), np.zeros(0, np.int64), (), "classification")


def default_names(k: int) -> tuple[str, ...]:
    return tuple(f"class {i}" for i in range(k))


def decode(text: str) -> Own:
    """Read the ``pts`` text; raise ValueError with the reason in words."""
    if not text.strip():
        return EMPTY
    try:
        own = points.decode(text)
    except urlstate.Invalid as exc:
        raise ValueError(str(exc)) from None
    if own.classes == 0:
        return Own(own.xy, own.values, (), "regression")
    return Own(own.xy, own.labels, tuple(own.names) or default_names(own.classes), "classification")


def fits_link(X, y, kind: str, classes: int = 2) -> bool:
    """True when the points can travel in the link (at most 5000 points and 5 classes)."""
    n = len(np.asarray(X, float).reshape(-1, 2))
    return n <= points.MAX_POINTS and (kind == "regression" or 2 <= classes <= points.MAX_CLASSES)


def encode(X, y, names, kind: str = "classification") -> str:
    """The ``pts`` text for these points (inverse of :func:`decode`, up to the codec's grid)."""
    X = np.asarray(X, float).reshape(-1, 2)
    if len(X) == 0:
        return ""
    y = np.asarray(y)
    classes = max(2, len(names), int(np.max(y)) + 1) if kind == "classification" else 0
    if not fits_link(X, y, kind, classes):
        raise ValueError(f"these points do not fit in a link (at most {points.MAX_POINTS} points and "
                         f"{points.MAX_CLASSES} classes).")
    fit = bool(np.abs(X).max() > points.HI or (kind == "regression" and np.abs(y).max() > points.VALUE_HI))
    if kind == "classification":
        names = tuple(names)
        keep = names if len(names) == classes and names != default_names(classes) else ()
        own = points.OwnPoints.of(X, labels=y.astype(np.int64), classes=classes, names=keep, fit=fit)
    else:
        own = points.OwnPoints.of(X, values=y.astype(float), fit=fit)
    return points.encode(own)
