"""Turn a drawing into the 28×28 image an MNIST network expects, the way MNIST digits were made.

MNIST's digits went through three steps (LeCun, Cortes & Burges), which we repeat on the
drawing (any size, e.g. a (280, 280) array of ink coverage in [0, 1]):

  1. crop to the bounding box of the ink;
  2. scale it so that its longer side is 20 px, keeping the aspect ratio, with anti-aliasing;
  3. place it in a 28×28 field, moved by whole pixels so that its centre of mass lands on
     pixel (14, 14), as in MNIST.

Anti-aliasing is exact area averaging (a box filter): each source pixel is a square of side
``scale`` in the 28×28 field, and a target pixel receives every source pixel's intensity times
the area they share. The filter is separable: ``Ry @ img @ Rxᵀ`` with Ry of shape (28, H) and
Rx of shape (28, W) (area_weights), computed from prefix sums (box_resample), which is ~30×
cheaper than the matrix products for a 280×280 canvas.

Left out on purpose: slant correction (deskewing) and stroke-width normalisation, which MNIST
did not do either.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

FIELD = 28  # side of the image the network reads
BOX = 20  # side of the square the digit is fitted into
INK_THRESHOLD = 0.1  # coverage above which a pixel counts for the bounding box
MIN_INK = 1.0  # total coverage (in source pixels) below which the drawing is "empty"


class Prepared(NamedTuple):
    """The result of :func:`preprocess`.

    ``image``: (28, 28) float32 in [0, 1] (all zeros when ``empty``); ``box``: the ink's
    bounding box in the source as (top, bottom, left, right), half-open; ``scale``: 28×28
    pixels per source pixel; ``offset``: where the source's (0, 0) corner lands, (y, x).
    """

    image: np.ndarray
    empty: bool
    box: tuple[int, int, int, int] | None
    scale: float
    offset: tuple[float, float]


def bounding_box(img: np.ndarray, threshold: float = INK_THRESHOLD) -> tuple[int, int, int, int] | None:
    """Return (top, bottom, left, right), half-open, of the pixels above ``threshold``, or None."""
    ink = img > threshold
    rows = np.flatnonzero(ink.any(axis=1))
    if rows.size == 0:
        return None
    cols = np.flatnonzero(ink.any(axis=0))
    return int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1


def area_weights(n_src: int, scale: float, offset: float, n_dst: int = FIELD) -> np.ndarray:
    """Return the (n_dst, n_src) box-filter matrix of a 1-D resampling.

    Source pixel k covers [offset + k·scale, offset + (k + 1)·scale] in target units; entry
    (i, k) is the length it shares with target pixel [i, i + 1]. E.g. n_src=4, scale=0.5,
    offset=0 gives [[.5, .5, 0, 0], [0, 0, .5, .5]] for the first two targets.
    """
    lo = offset + np.arange(n_src) * scale
    hi = lo + scale
    edges = np.arange(n_dst, dtype=np.float64)[:, None]
    return np.clip(np.minimum(hi, edges + 1) - np.maximum(lo, edges), 0.0, None)


def box_resample(img: np.ndarray, scale: float, offset: float, n_dst: int = FIELD) -> np.ndarray:
    """Resample the rows of ``img`` (H, W) to (n_dst, W): the same as area_weights(H, …) @ img.

    Computed from prefix sums instead of a matrix product: target pixel [i, i + 1] covers the
    source interval [(i − offset)/scale, (i + 1 − offset)/scale], whose ink is the difference of
    the running integral C(u) = Σ_{k<⌊u⌋} rowₖ + (u − ⌊u⌋)·row_⌊u⌋ at its ends, times ``scale``.
    O(H·W) additions rather than n_dst·H·W multiply-adds.
    """
    h = img.shape[0]
    prefix = np.zeros((h + 1,) + img.shape[1:], dtype=img.dtype)
    np.cumsum(img, axis=0, out=prefix[1:])
    u = np.clip((np.arange(n_dst + 1) - offset) / scale, 0.0, h)
    k = np.minimum(np.floor(u).astype(np.int64), h - 1)
    frac = (u - k).astype(img.dtype)[:, None]
    integral = prefix[k] + frac * img[k]
    return (integral[1:] - integral[:-1]) * img.dtype.type(scale)


def center_of_mass(img: np.ndarray) -> tuple[float, float]:
    """Return the intensity-weighted centre (y, x) of ``img``, pixel k spanning [k, k + 1]."""
    mass = float(img.sum())
    if mass <= 0:
        return img.shape[0] / 2, img.shape[1] / 2
    ys = np.arange(img.shape[0]) + 0.5
    xs = np.arange(img.shape[1]) + 0.5
    return float(img.sum(axis=1) @ ys) / mass, float(img.sum(axis=0) @ xs) / mass


def preprocess(img, box_size: int = BOX, field: int = FIELD) -> Prepared:
    """Crop, fit into box_size × box_size and centre by mass in field × field; see the module doc.

    ``img`` is (H, W) ink coverage in [0, 1] (or uint8 0–255, which is scaled). A drawing with
    less than MIN_INK pixels' worth of ink is reported as empty.
    """
    img = np.asarray(img)
    blank = np.zeros((field, field), np.float32)
    # Work on the region that holds any ink at all (the faint fringe outside the box too): on a
    # 280×280 canvas a digit covers a fraction of it, and uint8 tests are the cheapest.
    rows = np.flatnonzero(img.any(axis=1))
    if rows.size == 0:
        return Prepared(blank, True, None, 0.0, (0.0, 0.0))
    cols = np.flatnonzero(img.any(axis=0))
    r0, c0 = int(rows[0]), int(cols[0])
    crop = img[r0 : rows[-1] + 1, c0 : cols[-1] + 1]
    if crop.dtype == np.uint8:
        crop = crop.astype(np.float32) * np.float32(1 / 255)
    else:
        crop = np.clip(crop.astype(np.float32), 0.0, 1.0)
    inner = bounding_box(crop)
    if inner is None or float(crop.sum()) < MIN_INK:
        box = None if inner is None else (inner[0] + r0, inner[1] + r0, inner[2] + c0, inner[3] + c0)
        return Prepared(blank, True, box, 0.0, (0.0, 0.0))
    top, bottom, left, right = inner[0] + r0, inner[1] + r0, inner[2] + c0, inner[3] + c0
    box = (top, bottom, left, right)
    scale = box_size / max(bottom - top, right - left)
    # Step 2: the box's contents, centred in a box_size square that is centred in the field.
    margin = (field - box_size) / 2
    oy = margin + (box_size - (bottom - top) * scale) / 2 - (top - r0) * scale
    ox = margin + (box_size - (right - left) * scale) / 2 - (left - c0) * scale
    fitted = box_resample(box_resample(crop, scale, oy, field).T, scale, ox, field).T
    np.clip(fitted, 0.0, 1.0, out=fitted)
    # Step 3: a whole-pixel shift that brings the centre of mass to pixel (14, 14), i.e. to
    # 14.5 in edge coordinates (where MNIST's own digits have it, ±0.5 from rounding). The
    # shift is limited so that the fitted box never leaves the field.
    cy, cx = center_of_mass(fitted)
    limit = int(margin)
    dy = int(np.clip(np.floor(field / 2 + 0.5 - cy + 0.5), -limit, limit))
    dx = int(np.clip(np.floor(field / 2 + 0.5 - cx + 0.5), -limit, limit))
    out = _shift(fitted, dy, dx)
    return Prepared(out, False, box, scale, (oy + dy - scale * r0, ox + dx - scale * c0))


def _shift(img: np.ndarray, dy: int, dx: int) -> np.ndarray:
    """Move ``img`` by whole pixels (down dy, right dx), filling with zeros."""
    out = np.zeros_like(img)
    h, w = img.shape
    out[max(dy, 0) : h + min(dy, 0), max(dx, 0) : w + min(dx, 0)] = img[
        max(-dy, 0) : h + min(-dy, 0), max(-dx, 0) : w + min(-dx, 0)
    ]
    return out


