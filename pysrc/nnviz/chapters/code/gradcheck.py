"""Check the visitor's backward against central finite differences of their loss.

    rows = check_gradients(lab, n_points=32)
    rows[0]  # Row(key="W0", shape=(2, 8), max_error=3e-10, worst=(1, 4), ok=True)

For every entry θ of every parameter: (L(θ + h) − L(θ − h)) / 2h with h = 1e-5, in float64, on
the first ``n_points`` training points, where L(θ) = loss(forward(params, X)[0], Y) is the
visitor's own loss. A parameter disagrees when some entry's difference from backward's value
exceeds 1e-4 · max(1, |numerical|) (central differences err by O(h²) ≈ 1e-10 on smooth losses;
a kink of ReLU right at θ ± h can cost more, which is why the bound is loose).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

EPS = 1e-5
TOLERANCE = 1e-4


class Row(NamedTuple):
    """One parameter's verdict: the largest |backward − numerical| and where it is."""

    key: str
    shape: tuple[int, ...]
    max_error: float
    worst: tuple[int, ...]
    backward: float  # backward's value at ``worst``
    numerical: float  # the finite difference there
    ok: bool


def check_gradients(lab, n_points: int = 32, eps: float = EPS) -> list[Row]:
    """Compare ``lab``'s backward with finite differences for every parameter (see module doc)."""
    X, Y = lab.data.X[:n_points], lab.data.Y[:n_points]
    params = {k: np.array(v, dtype=np.float64) for k, v in lab.params.items()}
    _, grads = lab.gradients(params, X, Y)
    rows = []
    for key, value in params.items():
        numerical = np.zeros_like(value)
        flat, num = value.reshape(-1), numerical.reshape(-1)
        for i in range(flat.size):
            keep = flat[i]
            flat[i] = keep + eps
            up = lab.loss_of(params, X, Y)
            flat[i] = keep - eps
            down = lab.loss_of(params, X, Y)
            flat[i] = keep
            num[i] = (up - down) / (2 * eps)
        g = np.asarray(grads[key], dtype=np.float64)
        err = np.abs(g - numerical)
        worst = np.unravel_index(int(np.argmax(err)), err.shape) if err.size else ()
        bound = TOLERANCE * np.maximum(1.0, np.abs(numerical))
        rows.append(Row(key, value.shape, float(err.max(initial=0.0)), tuple(int(i) for i in worst),
                        float(g[worst]) if err.size else 0.0, float(numerical[worst]) if err.size else 0.0,
                        bool((err <= bound).all())))
    return rows
