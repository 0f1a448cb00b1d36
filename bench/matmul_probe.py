"""How many (32 x 784) @ (784 x 128) float32 matrix products per second: the MLP's biggest op.

Used by bench/engine_browser.py in both Pyodide and native CPython, to tell numpy's matrix
product (BLAS) apart from Python overhead when comparing the two.
"""

from __future__ import annotations

import time

import numpy as np


def matmuls_per_second(seconds: float = 1.0) -> float:
    rng = np.random.default_rng(0)
    a = rng.random((32, 784), dtype=np.float32)
    b = rng.random((784, 128), dtype=np.float32)
    out = np.empty((32, 128), dtype=np.float32)
    np.matmul(a, b, out=out)
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for _ in range(10):
            np.matmul(a, b, out=out)
        n += 10
    return n / (time.perf_counter() - start)
