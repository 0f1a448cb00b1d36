"""The visitor's own points, as the model uses them: the ``pts`` text decoded by the points codec.

    own = decode(state.pts)        # Own(X (n, 2) float64, y (n,), names ("blue", "orange"))
    own.X.shape, own.y.dtype       # (n, 2), int64 class numbers (or float64 values)

Until the points codec is merged an empty text is the only valid one. Pure Python.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


class Own(NamedTuple):
    """Own points in their own units: X (n, 2), y (n,) class numbers or values, class names."""

    X: np.ndarray
    y: np.ndarray
    names: tuple[str, ...]


EMPTY = Own(np.zeros((0, 2)), np.zeros(0, np.int64), ())


def decode(text: str) -> Own:
    """Read the ``pts`` text; raise ValueError with the reason in words."""
    if not text.strip():
        return EMPTY
    raise ValueError("own points cannot be read yet.")


def encode(X, y, names, kind: str = "classification") -> str:
    """The ``pts`` text for these points (inverse of :func:`decode`)."""
    if len(X) == 0:
        return ""
    raise ValueError("own points cannot be written yet.")
