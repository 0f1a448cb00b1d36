"""Weight initialisation: one name -> Initializer table, drawn from a seeded numpy Generator.

Each initialiser returns a weight matrix of shape (n_in, n_out), e.g. (2, 3), in float64 (the
network casts it to its dtype, so a float32 and a float64 network built with the same seed start
from the same numbers). Biases always start at zero.

  zeros    W = 0                               every unit in a layer stays identical (symmetry)
  uniform  W ~ U(−1, 1)
  normal   W ~ N(0, 1)                         as in Nielsen's network.py
  xavier   W ~ U(−r, r), r = √(6 / (n_in + n_out))   Glorot & Bengio 2010; keeps variance for tanh
  he       W ~ N(0, 2 / n_in)                  He et al. 2015; keeps variance for ReLU

Left out on purpose: orthogonal and LSUV initialisation, non-zero bias initialisation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

import numpy as np


@dataclass(frozen=True)
class Initializer:
    """Describe one initialiser: draw(rng, n_in, n_out) -> (n_in, n_out) float64 weights."""

    name: str
    label: str
    formula: str
    draw: Callable[[np.random.Generator, int, int], np.ndarray]


def _zeros(rng, n_in, n_out):
    return np.zeros((n_in, n_out))


def _uniform(rng, n_in, n_out):
    return rng.uniform(-1.0, 1.0, size=(n_in, n_out))


def _normal(rng, n_in, n_out):
    return rng.standard_normal((n_in, n_out))


def _xavier(rng, n_in, n_out):
    r = np.sqrt(6.0 / (n_in + n_out))
    return rng.uniform(-r, r, size=(n_in, n_out))


def _he(rng, n_in, n_out):
    return rng.standard_normal((n_in, n_out)) * np.sqrt(2.0 / n_in)


INITIALIZERS: dict[str, Initializer] = {
    "zeros": Initializer("zeros", "Zeros", "W = 0", _zeros),
    "uniform": Initializer("uniform", "Uniform", "W ~ U(−1, 1)", _uniform),
    "normal": Initializer("normal", "Normal", "W ~ N(0, 1)", _normal),
    "xavier": Initializer(
        "xavier", "Xavier / Glorot", "W ~ U(−√(6/(n_in+n_out)), √(6/(n_in+n_out)))", _xavier
    ),
    "he": Initializer("he", "He", "W ~ N(0, 2/n_in)", _he),
}

ALIASES = {"glorot": "xavier"}


def get_initializer(name: str) -> Initializer:
    """Look up an initialiser by name ("glorot" is accepted for "xavier")."""
    name = ALIASES.get(name, name)
    if name not in INITIALIZERS:
        raise ValueError(f"unknown init {name!r}; choose from {sorted(INITIALIZERS)}")
    return INITIALIZERS[name]


def init_weights(sizes, init: str, seed: int | None) -> list[np.ndarray]:
    """Draw one float64 weight matrix per layer: sizes [2, 3, 1] -> shapes (2, 3), (3, 1)."""
    rng = np.random.default_rng(seed)
    draw = get_initializer(init).draw
    return [draw(rng, n_in, n_out) for n_in, n_out in pairwise(sizes)]
