"""The visitor's own points, as the model uses them: the ``pts`` link text through the points codec.

    own = decode(state.pts)                        # Own(X (n, 2) float64, y (n,), names, kind)
    text = encode(X, y, names, "classification")   # the link text, or ValueError (too many points,
                                                   # outside the ±6 square, more than 5 classes)
    fits_link(X, y, kind)                          # True when encode would work

The link holds points in the ±6 square at 0.01 steps (:mod:`points`); data beyond that (a CSV in
other units, more than 1000 points) stays in the page and the chapter says so. Pure Python.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from nnviz import urlstate
from nnviz.chapters.playground import points

DOMAIN = (points.LO, points.HI)


class Own(NamedTuple):
    """Own points in their own units: X (n, 2), y (n,) class numbers or values, class names, kind."""

    X: np.ndarray
    y: np.ndarray
    names: tuple[str, ...]
    kind: str


EMPTY = Own(np.zeros((0, 2)), np.zeros(0, np.int64), (), "classification")


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
    return Own(own.xy, own.labels, tuple(f"class {k}" for k in range(own.classes)), "classification")


def fits_link(X, y, kind: str, classes: int = 2) -> bool:
    """True when the points can travel in the link exactly (inside the square, ≤ 1000, ≤ 5 classes)."""
    X = np.asarray(X, float).reshape(-1, 2)
    if len(X) > points.MAX_POINTS or (len(X) and np.abs(X).max() > points.HI):
        return False
    if kind == "regression":
        return not len(y) or float(np.abs(np.asarray(y, float)).max()) <= points.VALUE_HI
    return classes <= points.MAX_CLASSES


def encode(X, y, names, kind: str = "classification") -> str:
    """The ``pts`` text for these points (inverse of :func:`decode`, up to the 0.01 grid)."""
    X = np.asarray(X, float).reshape(-1, 2)
    if len(X) == 0:
        return ""
    classes = max(2, len(names), int(np.max(y)) + 1) if kind == "classification" else 0
    if not fits_link(X, y, kind, classes):
        raise ValueError(f"these points do not fit in a link (at most {points.MAX_POINTS} points inside the ±6 "
                         f"square, at most {points.MAX_CLASSES} classes).")
    if kind == "classification":
        own = points.OwnPoints.of(X, labels=np.asarray(y, np.int64), classes=classes)
    else:
        own = points.OwnPoints.of(X, values=np.asarray(y, float))
    return points.encode(own)
