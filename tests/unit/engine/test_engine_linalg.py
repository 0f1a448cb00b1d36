"""engine.linalg, the seam for matrix products: numpy by default (training unchanged), a
pointer kernel behind it when installed (KernelBackend's strides and fallbacks), self_check.

The real kernel (WebAssembly) runs in tests/e2e/test_kernel.py; here a stand-in with the
same contract reads and writes this process's memory through ctypes.
"""

from __future__ import annotations

import ctypes

import numpy as np
import pytest

from nnviz.engine import SGD, Adam, Network, linalg


@pytest.fixture(autouse=True)
def numpy_again():
    yield
    linalg.install(None)


def _view(address: int, shape, strides):
    """An ndarray on raw memory: element (i, j) at address + 4·(i·strides[0] + j·strides[1])."""
    extent = sum((n - 1) * s for n, s in zip(shape, strides, strict=True)) + 1
    base = np.frombuffer((ctypes.c_float * extent).from_address(address), np.float32)
    return np.lib.stride_tricks.as_strided(base, shape, [4 * s for s in strides])


def pointer_kernel(log=None):
    """A kernel with matmul.wat's contract, computing with numpy on raw addresses."""

    def kernel(m, n, k, a, sai, sap, b, sbp, sbj, c, ldc, scratch):
        if log is not None:
            log.append((m, n, k, sai, sap, sbp, sbj, ldc))
        A, B = _view(a, (m, k), (sai, sap)), _view(b, (k, n), (sbp, sbj))
        if sbj != 1:  # as the real kernel: B copied row-major into the caller's scratch first
            packed = _view(scratch, (k, n), (n, 1))
            packed[...] = B
            B = packed
        np.matmul(A, B, out=_view(c, (m, n), (ldc, 1)))

    return kernel


class PlainAt:
    """The products written with the @ operator and .T, as the engine had them before."""

    name = "plain @"

    def matmul(self, a, b, out=None):
        return _into(a @ b, out)

    def x_w(self, x, w, out=None):
        return _into(x @ w, out)

    def delta_wt(self, d, w, out=None):
        return _into(d @ w.T, out)

    def xt_delta(self, x, d, out=None):
        return _into(x.T @ d, out)


def _into(value, out):
    if out is None:
        return value
    out[...] = value
    return out


def _train(steps=25, **kw):
    rng = np.random.default_rng(3)
    X = rng.standard_normal((16, 5))
    Y = np.eye(3)[rng.integers(0, 3, 16)]
    net = Network([5, 8, 6, 3], hidden=["relu", "tanh"], output="softmax", loss="cross_entropy", seed=1, **kw)
    opt = Adam(lr=0.01)
    losses = [net.step(X, Y, opt).loss for _ in range(steps)]
    return net, losses, net.forward(X), net.gradients(X, Y)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_the_numpy_seam_trains_exactly_as_the_plain_operator(dtype):
    assert linalg.current() == "numpy"
    net, losses, out, (dW, db, _) = _train(dtype=dtype, dropout=0.2, regularization="l2", reg_rate=1e-3)
    linalg.install(PlainAt())
    assert linalg.current() == "plain @"
    net2, losses2, out2, (dW2, db2, _) = _train(dtype=dtype, dropout=0.2, regularization="l2", reg_rate=1e-3)
    assert losses == losses2  # bit for bit, every step
    assert all(np.array_equal(w, w2) for w, w2 in zip(net.weights, net2.weights, strict=True))
    assert np.array_equal(out, out2)
    assert all(np.array_equal(g, g2) for g, g2 in zip(dW + db, dW2 + db2, strict=True))


def test_every_product_of_the_network_goes_through_the_seam():
    log = []
    linalg.install(linalg.KernelBackend(pointer_kernel(log), "test", min_work=1))
    net = Network([4, 3, 2], seed=0)
    X, Y = np.ones((5, 4), np.float32), np.zeros((5, 2), np.float32)
    net.step(X, Y, SGD(lr=0.1))
    # forward X·W twice, then Xᵀ·δ for both layers and one δ·Wᵀ (none needed below layer 1)
    assert sorted(entry[:3] for entry in log) == sorted([(5, 3, 4), (5, 2, 3), (4, 3, 5), (3, 2, 5), (5, 3, 2)])
    log.clear()
    net.forward(X)
    net.trace(X)
    assert len(log) == 4


def test_training_through_a_pointer_kernel_matches_numpy():
    net, losses, out, _ = _train()
    backend = linalg.KernelBackend(pointer_kernel(), min_work=1)
    linalg.install(backend)
    net2, losses2, out2, _ = _train()
    assert backend.calls > 25 * 5
    np.testing.assert_allclose(losses2, losses, rtol=1e-5)
    for w, w2 in zip(net.weights, net2.weights, strict=True):
        np.testing.assert_allclose(w2, w, rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(out2, out, rtol=1e-4, atol=1e-6)


SHAPES = [(1, 1, 1), (3, 5, 7), (4, 8, 8), (9, 17, 13), (32, 40, 12)]


@pytest.mark.parametrize(("m", "k", "n"), SHAPES)
def test_kernel_backend_passes_the_right_strides_for_every_layout(m, k, n):
    rng = np.random.default_rng(m * 100 + n)
    log = []
    be = linalg.KernelBackend(pointer_kernel(log), min_work=1)
    big = rng.standard_normal((3 * m + 2, 3 * k + n + 5)).astype(np.float32)
    a, b = big[:m, :k], rng.standard_normal((k, n)).astype(np.float32)
    d = rng.standard_normal((m, n)).astype(np.float32)
    checks = [
        (be.x_w(a, b), a @ b),
        (be.delta_wt(d, b), d @ b.T),
        (be.xt_delta(a, d), a.T @ d),
        (be.matmul(big[1 : 1 + 2 * m : 2, 2 : 2 + k], b), big[1 : 1 + 2 * m : 2, 2 : 2 + k] @ b),
        (be.matmul(a, big[:k, 1 : 1 + 3 * n : 3]), a @ big[:k, 1 : 1 + 3 * n : 3]),
    ]
    out = np.full((m, n + 3), np.nan, np.float32)[:, 1 : 1 + n]  # rows strided, as in a wider array
    checks.append((be.x_w(a, b, out=out), a @ b))
    for got, want in checks:
        assert got.dtype == np.float32
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)
    assert len(log) == len(checks)
    assert log[0][3:] == (big.shape[1], 1, n, 1, n)  # x_w: A row stride = the big array's row
    assert log[1][:3] == (m, k, n) and log[1][5:7] == (1, n)  # δ·Wᵀ: op(B)'s columns are W's rows
    assert log[2][:5] == (k, n, m, 1, big.shape[1])  # Xᵀ·δ: op(A)'s rows are X's columns
    assert log[-1][-1] == n + 3


def test_kernel_backend_leaves_to_numpy_what_it_cannot_do():
    log = []
    be = linalg.KernelBackend(pointer_kernel(log))  # the default minimum size
    rng = np.random.default_rng(0)
    a32, b32 = rng.standard_normal((40, 30)).astype(np.float32), rng.standard_normal((30, 20)).astype(np.float32)
    small = be.x_w(a32[:3, :4], b32[:4, :5])
    assert log == [] and np.array_equal(small, a32[:3, :4] @ b32[:4, :5])
    a64, b64 = a32.astype(np.float64), b32.astype(np.float64)
    assert np.array_equal(be.x_w(a64, b64), a64 @ b64) and log == []  # float64: numpy's
    assert be.x_w(a32[::-1], b32).shape == (40, 20) and log == []  # negative strides
    assert be.matmul(np.zeros((0, 30), np.float32), b32).shape == (0, 20) and log == []
    square = rng.standard_normal((32, 32)).astype(np.float32)
    want = square @ square
    got = be.matmul(square, square, out=square)  # out overlaps the inputs: numpy copies
    assert log == [] and got is square and np.array_equal(got, want)
    be.x_w(a32, b32)
    assert len(log) == 1 and be.calls == 1


def test_self_check_passes_numpy_and_a_right_kernel_and_names_a_wrong_one():
    assert linalg.self_check(linalg.NUMPY) is None
    assert linalg.self_check(linalg.KernelBackend(pointer_kernel(), min_work=1)) is None

    class OffByOne(linalg.NumpyBackend):
        def delta_wt(self, d, w, out=None):
            r = super().delta_wt(d, w, out)
            r[2, 3] += 1e-3
            return r

    problem = linalg.self_check(OffByOne())
    assert problem is not None and problem.startswith("delta_wt")

    class Float64(linalg.NumpyBackend):
        def x_w(self, x, w, out=None):
            return x.astype(np.float64) @ w

    assert linalg.self_check(Float64()).startswith("x_w: got float64")


def test_install_and_current():
    be = linalg.KernelBackend(pointer_kernel(), "wasm-simd")
    linalg.install(be)
    assert linalg.current() == "wasm-simd" and linalg.backend() is be
    linalg.install(None)
    assert linalg.current() == "numpy" and linalg.backend() is linalg.NUMPY
