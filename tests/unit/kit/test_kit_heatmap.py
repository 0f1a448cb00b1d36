"""Heatmaps: the PNG encoder (checked by an independent decoder), grid orientation, frames."""

from __future__ import annotations

import base64
import struct
import zlib

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnviz.kit.colormap import SEQUENTIAL, ColorScale, Norm
from nnviz.kit.heatmap import HeatGrid, encode_png, png_data_url, rgba


def decode_png(data: bytes) -> np.ndarray:
    """A minimal PNG reader written from the spec: 8-bit RGB/RGBA, filter type 0 only, CRCs checked."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks = 8, []
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert crc == zlib.crc32(kind + body) & 0xFFFFFFFF, f"bad CRC in {kind}"
        chunks.append((kind, body))
        pos += 12 + length
    assert chunks[0][0] == b"IHDR" and chunks[-1][0] == b"IEND"
    w, h, depth, color_type, comp, filt, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    assert (depth, comp, filt, interlace) == (8, 0, 0, 0)
    channels = {2: 3, 6: 4}[color_type]
    raw = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    rows = np.frombuffer(raw, np.uint8).reshape(h, 1 + w * channels)
    assert (rows[:, 0] == 0).all()
    return rows[:, 1:].reshape(h, w, channels)


@given(st.integers(1, 9), st.integers(1, 9), st.sampled_from([3, 4]), st.integers(0, 2**32 - 1))
def test_png_round_trips_through_an_independent_decoder(h, w, channels, seed):
    pixels = np.random.default_rng(seed).integers(0, 256, (h, w, channels), dtype=np.uint8)
    assert np.array_equal(decode_png(encode_png(pixels)), pixels)


def test_data_url_wraps_the_png_in_base64():
    pixels = np.zeros((2, 3, 3), np.uint8)
    url = png_data_url(pixels)
    assert url.startswith("data:image/png;base64,")
    assert base64.b64decode(url.split(",", 1)[1]) == encode_png(pixels)


@pytest.mark.parametrize("bad", [np.zeros((2, 2), np.uint8), np.zeros((2, 2, 3), np.float64),
                                 np.zeros((2, 2, 2), np.uint8), np.zeros((0, 2, 3), np.uint8)])
def test_png_refuses_what_it_cannot_encode(bad):
    with pytest.raises(ValueError):
        encode_png(bad)


def test_grid_samples_cell_centres_with_row_zero_on_top():
    grid = HeatGrid.sample(lambda x, y: 10 * x + y, (0.0, 4.0), (0.0, 2.0), shape=(2, 4))
    assert grid.xs.tolist() == [0.5, 1.5, 2.5, 3.5]
    assert grid.ys.tolist() == [1.5, 0.5]  # top row first: the larger y
    assert grid.values.tolist() == [[6.5, 16.5, 26.5, 36.5], [5.5, 15.5, 25.5, 35.5]]
    assert (grid.min, grid.max) == (5.5, 36.5)


def test_grid_refuses_a_function_of_the_wrong_shape():
    with pytest.raises(ValueError):
        HeatGrid.sample(lambda x, y: x[0], (0, 1), (0, 1), (3, 3))


def test_grid_colours_follow_the_norm():
    grid = HeatGrid.sample(lambda x, y: x + 0 * y, (0.0, 1.0), (0.0, 1.0), shape=(1, 2))
    rgb = grid.rgb(SEQUENTIAL["greys"], Norm(0.25, 0.75))
    assert rgb.tolist() == [[[255, 255, 255], [0, 0, 0]]]


def test_rgba_colours_a_stack_of_grids_like_the_scale_with_opaque_alpha():
    scale = ColorScale(SEQUENTIAL["greys"], Norm(0.0, 1.0))
    values = np.array([[[0.0, 1.0]], [[np.nan, 0.5]]])  # two 1 × 2 maps
    out = rgba(values, scale)
    assert out.shape == (2, 1, 2, 4) and out.dtype == np.uint8
    assert out[0, 0, 0].tolist() == [255, 255, 255, 255] and out[0, 0, 1].tolist() == [0, 0, 0, 255]
    assert out[1, 0, 0, :3].tolist() == [200, 200, 200]  # NaN: visible grey
    assert np.array_equal(out[..., :3], SEQUENTIAL["greys"](values))
    assert rgba(values, scale, alpha=7)[..., 3].max() == 7
