"""Weight penalties: one name -> Regularizer table (as in TF Playground's regularization.ts).

The network adds rate · Σ R(w) over all weights (never biases) to the batch-mean loss, and
rate · R′(w) to each weight's gradient:

  l1   R(w) = |w|      R′(w) = sign(w)   (0 at w = 0, a subgradient)   pushes weights to exactly 0
  l2   R(w) = ½ w²     R′(w) = w                                      shrinks weights ("decay")

Left out on purpose: elastic net (use one at a time), max-norm constraints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Regularizer:
    """Describe one penalty: fn(w) -> Σ R(w) as a float, der(w) -> R′(w) shaped like w."""

    name: str
    label: str
    formula: str
    fn: Callable[[np.ndarray], float]
    der: Callable[[np.ndarray], np.ndarray]


REGULARIZERS: dict[str, Regularizer] = {
    "l1": Regularizer("l1", "L1", "R(w) = |w|", lambda w: float(np.sum(np.abs(w))), np.sign),
    "l2": Regularizer("l2", "L2", "R(w) = ½ w²", lambda w: 0.5 * float(np.vdot(w, w)), lambda w: w),
}


def get_regularizer(name: str | None) -> Regularizer | None:
    """Look up a penalty by name; None or "none" means no penalty."""
    if name is None or name == "none":
        return None
    if name not in REGULARIZERS:
        raise ValueError(f"unknown regularization {name!r}; choose from {sorted(REGULARIZERS)}")
    return REGULARIZERS[name]
