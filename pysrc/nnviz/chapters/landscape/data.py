"""The chapter's seeded data sets: twelve houses, and a few hundred points for the batch section.

    houses().x          # (12,) floor area in 1,000 sq ft, about 0.8 … 3.2
    houses().y          # (12,) price in $1,000, about 50 + 150·x plus noise
    regression_set().x  # (300,) in [−2, 2];  .y ≈ 1.5·x + 0.5 + noise (sd 0.8)

Both are drawn from numpy Generators with fixed seeds, so every visitor sees the same points.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import numpy as np


class Points(NamedTuple):
    """One-input regression data: inputs x (n,), targets y (n,)."""

    x: np.ndarray
    y: np.ndarray


@lru_cache(maxsize=1)
def houses() -> Points:
    """Twelve houses: area in 1,000 sq ft and price in $1,000 (price ≈ 50 + 150·area)."""
    rng = np.random.default_rng(2018)
    x = np.sort(rng.uniform(0.8, 3.2, 12)).round(2)
    y = (50 + 150 * x + rng.normal(0, 30, 12)).round(0)
    return Points(x, y)


@lru_cache(maxsize=1)
def regression_set(n: int = 300) -> Points:
    """``n`` points on the line y = 1.5·x + 0.5 with Gaussian noise (sd 0.8), x in [−2, 2]."""
    rng = np.random.default_rng(303)
    x = rng.uniform(-2, 2, n)
    y = 1.5 * x + 0.5 + rng.normal(0, 0.8, n)
    return Points(x, y)
