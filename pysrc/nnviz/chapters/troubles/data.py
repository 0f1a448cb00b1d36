"""The experiments' data: 2-D points (engine data set "circle") or real MNIST digits, each split
into training examples and a held-out validation set.

    d = points(300, seed=1)        # d.x_train (300, 2), d.y_train (300, 1); 200 validation points
    d = digits(arrays, 100)        # 100 training digits (14×14, 196 inputs), 500 validation digits
    d.kind, d.classes              # "points", 2  /  "digits", 10

The digits are the ones the "Handwritten digits" chapter ships (``data/mnist.json`` names the
file; the browser side fetches it): training examples are the first ``n`` of its training
split, validation the first 500 of its test split, never trained on. Each 28×28 digit is
averaged over 2×2 blocks to 14×14, so a big network trains at many epochs a second in the
browser; the digits stay perfectly readable at that size.

Pure numpy: unit-tested in CPython.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnviz.engine.datasets import make_dataset

N_VAL_POINTS = 200
N_VAL_DIGITS = 500
POINT_SCALE = 0.2  # the data set's coordinates lie in about [−5, 5]: inputs in about [−1, 1]
NOISE = 10  # percent, as on the Playground's slider
SIDE = 14


@dataclass(frozen=True)
class Data:
    kind: str  # "points" or "digits"
    x_train: np.ndarray  # (n, d) float32
    y_train: np.ndarray  # (n, 1) 0/1 for points, (n, 10) one-hot for digits
    x_val: np.ndarray
    y_val: np.ndarray

    @property
    def classes(self) -> int:
        return 2 if self.kind == "points" else 10

    @property
    def inputs(self) -> int:
        return self.x_train.shape[1]

    @property
    def outputs(self) -> int:
        return self.y_train.shape[1]


def points(n: int, seed: int = 1) -> Data:
    """``n`` training points and 200 validation points of the "circle" data set (10 % label noise)."""
    X, y = make_dataset("circle", int(n) + N_VAL_POINTS, noise=NOISE, seed=int(seed))
    X = (X * POINT_SCALE).astype(np.float32)
    Y = y.reshape(-1, 1).astype(np.float32)
    return Data("points", X[:n], Y[:n], X[n:], Y[n:])


def shrink(images: np.ndarray) -> np.ndarray:
    """(k, 784) uint8 28×28 digits -> (k, 196) float32 in [0, 1], each the mean of a 2×2 block."""
    a = np.asarray(images, dtype=np.float32).reshape(-1, SIDE, 2, SIDE, 2)
    return (a.mean(axis=(2, 4)) / 255.0).reshape(-1, SIDE * SIDE)


def one_hot(labels, k: int = 10) -> np.ndarray:
    out = np.zeros((len(labels), k), dtype=np.float32)
    out[np.arange(len(labels)), np.asarray(labels, dtype=np.int64)] = 1.0
    return out


class DigitSource:
    """The shipped digits, shrunk once: ``source.data(100)`` -> a :class:`Data` of 100 training digits."""

    def __init__(self, arrays):
        for key in ("x_train", "y_train", "x_test", "y_test"):
            if key not in arrays:
                raise ValueError(f"the digits file has no {key}")
        self.x_train = shrink(arrays["x_train"])
        self.y_train = one_hot(arrays["y_train"])
        self.x_val = shrink(arrays["x_test"][:N_VAL_DIGITS])
        self.y_val = one_hot(arrays["y_test"][:N_VAL_DIGITS])

    @property
    def available(self) -> int:
        return len(self.x_train)

    def data(self, n: int) -> Data:
        n = int(min(max(n, 1), self.available))
        return Data("digits", self.x_train[:n], self.y_train[:n], self.x_val, self.y_val)
