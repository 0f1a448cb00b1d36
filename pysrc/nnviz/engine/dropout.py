"""Inverted dropout: during training, zero each hidden activation with probability ``rate``.

The survivors are scaled by 1 / (1 − rate), so the expected activation is unchanged,
E[mask · a] = (1 − rate) · a / (1 − rate) = a, and inference needs no rescaling: it is the identity.
The network draws masks from its own seeded Generator, so a seed reproduces a run exactly.

The network takes one rate for all hidden layers or one per hidden layer.

Left out on purpose: dropout on the inputs or the output layer, DropConnect.
"""

from __future__ import annotations

import numpy as np


def dropout_mask(rng: np.random.Generator, shape, rate: float, dtype=np.float32) -> np.ndarray:
    """Draw a mask of 0 and 1 / (1 − rate) values, e.g. shape (32, 128), for rate in [0, 1)."""
    if not 0.0 <= rate < 1.0:
        raise ValueError(f"dropout rate must be in [0, 1), got {rate}")
    keep = rng.random(shape, dtype=np.float32) >= rate
    # A Python float keeps the mask in ``dtype`` (numpy's weak scalar rule).
    return keep.astype(dtype) * (1.0 / (1.0 - rate))


def dropout(a, rate: float, rng: np.random.Generator, training: bool = True) -> np.ndarray:
    """Apply inverted dropout to activations a (N, units); return a itself when not training."""
    a = np.asarray(a)
    if not training or rate == 0.0:
        return a
    return a * dropout_mask(rng, a.shape, rate, a.dtype)
