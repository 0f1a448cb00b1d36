"""Build-time packing and training of the digits chapter (chapters/mnist/build_data.py), minus the long training."""

from __future__ import annotations

import io
import json
import zipfile

import numpy as np
import pytest

from nnviz.chapters.mnist import build_data as bm


def test_load_digits_reads_both_layouts(tmp_path):
    files = []
    for d in range(10):
        images = np.full((2, 784), d / 10)
        images[0, 0] = 0.996  # 254/255 rounded to 3 decimals, as the npm files store it
        path = tmp_path / f"{d}.json"
        body = {"data": images.ravel().round(3).tolist()} if d % 2 else images.round(3).tolist()
        path.write_text(json.dumps(body))
        files.append(path)
    x, y = bm.load_digits(files)
    assert x.dtype == np.uint8 and x.shape == (20, 784)
    assert y.tolist() == [d for d in range(10) for _ in range(2)]
    assert x[0, 0] == 254  # rint(x · 255) recovers the byte exactly
    assert x[4, 5] == round(0.2 * 255)


def test_split_is_fixed_disjoint_and_complete():
    x = np.arange(10_000, dtype=np.int64).reshape(-1, 1)
    y = (x[:, 0] % 10).astype(np.uint8)
    a = bm.split(x, y)
    b = bm.split(x, y)
    for u, v in zip(a, b, strict=True):
        np.testing.assert_array_equal(u, v)
    x_train, y_train, x_test, _ = a
    assert len(x_train) == 8000 and len(x_test) == 2000
    assert set(x_train[:, 0]).isdisjoint(x_test[:, 0])
    assert len(set(x_train[:, 0]) | set(x_test[:, 0])) == 10_000
    np.testing.assert_array_equal(y_train, x_train[:, 0] % 10)
    with pytest.raises(ValueError):
        bm.split(x[:50], y[:50])


class _NoWarp:
    """An rng whose 'random' draws give the identity map and no thickening."""

    def uniform(self, lo, hi, size):
        return np.full(size, (lo + hi) / 2)

    def random(self, n):
        return np.ones(n)


def test_augment_identity_and_bounds():
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (7, 784)).astype(np.uint8)
    same = bm.augment(images, _NoWarp())
    np.testing.assert_allclose(same, images / 255, atol=1e-6)
    warped = bm.augment(images, np.random.default_rng(1))
    assert warped.shape == (7, 784) and warped.dtype == np.float32
    assert warped.min() >= 0 and warped.max() <= 1
    assert not np.allclose(warped, images / 255)


def test_augment_shift_moves_a_dot():
    img = np.zeros((1, 28, 28), np.uint8)
    img[0, 10, 12] = 255

    class Shift(_NoWarp):
        def uniform(self, lo, hi, size):
            if size == (1, 2):
                return np.array([[2.0, -1.0]])  # down 2, left 1
            return super().uniform(lo, hi, size)

    out = bm.augment(img.reshape(1, 784), Shift()).reshape(28, 28)
    assert out[12, 11] == pytest.approx(1.0) and out.sum() == pytest.approx(1.0)


def test_write_npz_is_deterministic_and_loadable():
    arrays = {"a": np.arange(12, dtype=np.float32).reshape(3, 4), "b": np.array([1, 2], np.uint8)}
    one, two = bm.write_npz(arrays), bm.write_npz(dict(arrays))
    assert one == two
    with np.load(io.BytesIO(one)) as npz:
        np.testing.assert_array_equal(npz["a"], arrays["a"])
        np.testing.assert_array_equal(npz["b"], arrays["b"])
    with zipfile.ZipFile(io.BytesIO(one)) as zf:
        assert all(info.date_time == (2020, 1, 1, 0, 0, 0) for info in zf.infolist())


def test_cache_key_depends_on_data_and_numpy(tmp_path):
    files = []
    for d in range(10):
        f = tmp_path / f"{d}.json"
        f.write_text("[]")
        files.append(f)
    k1 = bm.cache_key(files, "2.2.5")
    assert k1 == bm.cache_key(files, "2.2.5")
    assert k1 != bm.cache_key(files, "2.4.0")
    files[3].write_text("[[0]]")
    assert k1 != bm.cache_key(files, "2.2.5")
