"""The engine's one seam for matrix products: numpy by default, a faster kernel where one exists.

Every product the network makes goes through these three calls (shapes for a layer 784 → 128
and a batch of 32):

    x_w(X, W, out)          X (32, 784) · W (784, 128)      -> (32, 128)   forward: zˡ = aˡ⁻¹ Wˡ
    delta_wt(d, W, out)     δ (32, 128) · Wᵀ (128, 784)     -> (32, 784)   backward: δˡ Wˡᵀ
    xt_delta(X, d, out)     Xᵀ (784, 32) · δ (32, 128)      -> (784, 128)  backward: ∂L/∂Wˡ

plus ``matmul(a, b, out)`` for any other 2-D product. ``out`` (optional) receives the result.

The backend is numpy's own ``np.matmul`` unless one is installed: the browser installs a
WebAssembly SIMD kernel at start-up (nnviz.dom.kernel) after ``self_check``. ``current()``
names the backend in use. ``KernelBackend`` drives any kernel that takes raw pointers and
strides; it computes float32 products and hands anything else (float64, empty or oddly
strided arrays) to numpy.
"""

from __future__ import annotations

import numpy as np


class NumpyBackend:
    """np.matmul, exactly as the engine wrote it before the seam existed."""

    name = "numpy"

    def matmul(self, a, b, out=None):
        return np.matmul(a, b, out=out)

    def x_w(self, x, w, out=None):
        return np.matmul(x, w, out=out)

    def delta_wt(self, delta, w, out=None):
        return np.matmul(delta, w.T, out=out)

    def xt_delta(self, x, delta, out=None):
        return np.matmul(x.T, delta, out=out)


NUMPY = NumpyBackend()
_backend = NUMPY


def install(backend=None) -> None:
    """Route every product through ``backend`` from now on (None: back to numpy)."""
    global _backend
    _backend = NUMPY if backend is None else backend


def current() -> str:
    """Name the backend in use: "numpy", or e.g. "wasm-simd"."""
    return _backend.name


def backend():
    """Return the backend object in use."""
    return _backend


def matmul(a, b, out=None):
    """a (m, k) · b (k, n) -> (m, n)."""
    return _backend.matmul(a, b, out)


def x_w(x, w, out=None):
    """x (n, i) · w (i, o) -> (n, o)."""
    return _backend.x_w(x, w, out)


def delta_wt(delta, w, out=None):
    """delta (n, o) · wᵀ, w (i, o) -> (n, i)."""
    return _backend.delta_wt(delta, w, out)


def xt_delta(x, delta, out=None):
    """xᵀ · delta, x (n, i), delta (n, o) -> (i, o)."""
    return _backend.xt_delta(x, delta, out)


F32 = np.dtype(np.float32)
_CACHE_LIMIT = 64  # addresses remembered (per array object)
_CACHE_MAX_BYTES = 1 << 16  # bigger arrays are looked up each time (their product dwarfs that)
MIN_WORK = 4096  # m·n·k below this: numpy's loop is done before the kernel's call overhead


class KernelBackend:
    """Float32 products through ``kernel(m, n, k, a, sai, sap, b, sbp, sbj, c, ldc, scratch)``.

    The kernel computes C (m, n) = A · B where A's element (i, p) is at address a + 4·(i·sai +
    p·sap), B's (p, j) at b + 4·(p·sbp + j·sbj), C's (i, j) at c + 4·(i·ldc + j); when sbj != 1
    or m > 4 it packs B into ``scratch`` (room for k·n floats). Addresses are numpy's data
    pointers, so the kernel must run in the same memory as numpy (in the browser: Pyodide's WebAssembly.Memory).
    Products smaller than ``min_work`` multiply-adds (m·n·k), and all that are not float32 or
    have negative strides, are numpy's, as is any ``out`` that overlaps an input.
    """

    def __init__(self, kernel, name: str = "wasm-simd", min_work: int = MIN_WORK):
        self.name = name
        self.min_work = min_work
        self.calls = 0  # products the kernel computed (for tests and benchmarks)
        self._kernel = kernel
        self._addresses: dict[int, tuple[np.ndarray, int]] = {}
        self._scratch = np.empty(0, F32)
        self._scratch_address = 0

    def _address(self, x: np.ndarray) -> int:
        # The cache keeps each array alive, so its id cannot be reused by another array while
        # it is cached, and a numpy array's data never moves.
        hit = self._addresses.get(id(x))
        if hit is not None:
            return hit[1]
        address = x.__array_interface__["data"][0]
        if x.nbytes <= _CACHE_MAX_BYTES:
            if len(self._addresses) >= _CACHE_LIMIT:
                self._addresses.clear()
            self._addresses[id(x)] = (x, address)
        return address

    def _scratch_for(self, size: int) -> int:
        if self._scratch.size < size:
            self._scratch = np.empty(size, F32)
            self._scratch_address = self._scratch.__array_interface__["data"][0]
        return self._scratch_address

    def _product(self, a, a_t: bool, b, b_t: bool, out):
        """op(a) · op(b), op = transpose where a_t / b_t, into ``out``; None: numpy must do it."""
        if a.dtype is not F32 or b.dtype is not F32 or a.ndim != 2 or b.ndim != 2:
            return None
        if a_t:
            k, m = a.shape
            sap, sai = a.strides
        else:
            m, k = a.shape
            sai, sap = a.strides
        if b_t:
            n, kb = b.shape
            sbj, sbp = b.strides
        else:
            kb, n = b.shape
            sbp, sbj = b.strides
        if kb != k or m * n * k < self.min_work or min(sai, sap, sbp, sbj) < 0 or (sai | sap | sbp | sbj) & 3:
            return None
        if out is None:
            out = np.empty((m, n), F32)
            ldc = 4 * n
            pa, pb, pc = self._address(a), self._address(b), self._address(out)
        else:
            if out.dtype is not F32 or out.shape != (m, n):
                return None
            ldc, unit = out.strides
            if unit != 4 or ldc < 0 or ldc & 3:
                return None
            pa, pb, pc = self._address(a), self._address(b), self._address(out)
            c_end = pc + (m - 1) * ldc + 4 * n
            if (pa < c_end and pc < pa + (m - 1) * sai + (k - 1) * sap + 4) or (
                pb < c_end and pc < pb + (k - 1) * sbp + (n - 1) * sbj + 4
            ):
                return None  # out overlaps an input
        scratch = self._scratch_for(k * n) if sbj != 4 or m > 4 else 0  # the kernel packs B there
        self._kernel(m, n, k, pa, sai >> 2, sap >> 2, pb, sbp >> 2, sbj >> 2, pc, ldc >> 2, scratch)
        self.calls += 1
        return out

    def matmul(self, a, b, out=None):
        r = self._product(a, False, b, False, out)
        return np.matmul(a, b, out=out) if r is None else r

    def x_w(self, x, w, out=None):
        r = self._product(x, False, w, False, out)
        return np.matmul(x, w, out=out) if r is None else r

    def delta_wt(self, delta, w, out=None):
        r = self._product(delta, False, w, True, out)
        return np.matmul(delta, w.T, out=out) if r is None else r

    def xt_delta(self, x, delta, out=None):
        r = self._product(x, True, delta, False, out)
        return np.matmul(x.T, delta, out=out) if r is None else r


def self_check(candidate, seed: int = 0) -> str | None:
    """Compare ``candidate``'s products with numpy's on small odd shapes, strided views and both
    transposes; return None if all agree to float32 rounding, else what went wrong."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((7, 13)).astype(F32)
    w = rng.standard_normal((13, 9)).astype(F32)
    d = rng.standard_normal((7, 9)).astype(F32)
    wide = rng.standard_normal((16, 30)).astype(F32)
    cases = {  # name: (what the candidate says, A, B) for A · B
        "x_w": (candidate.x_w(x, w), x, w),
        "delta_wt": (candidate.delta_wt(d, w), d, w.T),
        "xt_delta": (candidate.xt_delta(x, d), x.T, d),
        "strided": (candidate.matmul(wide[1:8, ::2], wide[:15, 3:12]), wide[1:8, ::2], wide[:15, 3:12]),
    }
    for label, (got, a, b) in cases.items():
        got, want = np.asarray(got), a @ b
        if got.shape != want.shape or got.dtype != want.dtype:
            return f"{label}: got {got.dtype}{got.shape}, expected {want.dtype}{want.shape}"
        exact = a.astype(np.float64) @ b.astype(np.float64)
        # float32 summation of k terms: |error| <= k·eps·Σ|a||b| (here with a factor 2 to spare)
        bound = 2 * a.shape[1] * np.finfo(F32).eps * (np.abs(a).astype(np.float64) @ np.abs(b))
        if not np.all(np.abs(got - exact) <= bound):
            worst = float(np.max(np.abs(got - exact) - bound))
            return f"{label}: differs from the exact product by {worst:.3g} more than float32 rounding allows"
    return None
