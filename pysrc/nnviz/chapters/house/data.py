"""The house-price chapter's three small data sets (prices in $1000, areas in sq ft).

    ONE.X.shape == (3, 1)    ONE.y -> [399.9, 329.9, 369.0]
    TWO.X.shape == (10, 2)   columns: area (sq ft), bathrooms
    LABELLED.labels -> ("Good", "Good", "Good", "Bad", …), the same ten houses
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Houses:
    """Inputs X (n, features), prices y (n,) in $1000, and the feature names for headings."""

    X: np.ndarray
    y: np.ndarray
    features: tuple[str, ...]

    @property
    def n(self) -> int:
        return len(self.y)


_AREA = [2104, 1600, 2400, 1416, 3000, 1985, 1534, 1427, 1380, 1494]
_BATHS = [3, 3, 3, 2, 4, 4, 3, 3, 3, 3]
_PRICE = [399.9, 329.9, 369.0, 232.0, 539.9, 299.9, 314.9, 198.999, 212.0, 242.5]
_LABEL = ("Good", "Good", "Good", "Bad", "Bad", "Good", "Bad", "Good", "Good", "Good")

ONE = Houses(np.array(_AREA[:3], dtype=np.float64).reshape(3, 1), np.array(_PRICE[:3]), ("Area (sq ft)",))
TWO = Houses(np.column_stack([_AREA, _BATHS]).astype(np.float64), np.array(_PRICE), ("Area (sq ft)", "Bathrooms"))


@dataclass(frozen=True)
class Labelled:
    """The same ten houses with the friend's verdicts; ``onehot`` columns are (Good, Bad)."""

    X: np.ndarray
    labels: tuple[str, ...]
    classes: tuple[str, ...] = ("Good", "Bad")

    @property
    def onehot(self) -> np.ndarray:
        return np.array([[1.0 if lab == c else 0.0 for c in self.classes] for lab in self.labels])


LABELLED = Labelled(TWO.X, _LABEL)
