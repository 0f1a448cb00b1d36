"""Heatmaps: a function sampled on a grid over a 2-D domain, encoded as a PNG image.

Usage, for the error of a line y = w·x + b over weights 0–0.4 and biases 0–460:

    from nnviz.kit.heatmap import HeatGrid, png_data_url, rgba
    from nnviz.kit.colormap import SEQUENTIAL, ColorScale, Norm
    grid = HeatGrid.sample(lambda w, b: mse(w, b), x_range=(0, 0.4), y_range=(0, 460), shape=(120, 120))
    grid.values.shape                     # (120, 120): row 0 is the TOP row (largest b)
    scale = ColorScale(SEQUENTIAL["viridis"], Norm(grid.min, grid.max, log=True))
    href = png_data_url(scale(grid.values))   # "data:image/png;base64,iVBOR…" for an SVG <image>
    rgba(grid.values, scale)              # (120, 120, 4) uint8 for a <canvas> (nnviz.dom.heatmap)

The grid is computed once per data set; per-frame work (a marker, a path) only maps points
through a :class:`nnviz.kit.plot.PlotFrame`. The PNG encoder is pure Python (zlib + struct):
no Pillow in the browser.
"""

from __future__ import annotations

import base64
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from nnviz.kit.colormap import ColorMap, ColorScale, Norm


def encode_png(pixels: np.ndarray) -> bytes:
    """Encode an (h, w, 3) RGB or (h, w, 4) RGBA uint8 array as PNG bytes (8 bits per channel)."""
    pixels = np.asarray(pixels)
    if pixels.dtype != np.uint8 or pixels.ndim != 3 or pixels.shape[2] not in (3, 4):
        raise ValueError(f"expected an (h, w, 3|4) uint8 array, got {pixels.dtype} {pixels.shape}")
    h, w, channels = pixels.shape
    if h == 0 or w == 0:
        raise ValueError("cannot encode an empty image")
    color_type = 2 if channels == 3 else 6
    # each scanline starts with its filter type; 0 = "None" (raw bytes)
    raw = np.concatenate([np.zeros((h, 1), np.uint8), np.ascontiguousarray(pixels).reshape(h, w * channels)], axis=1)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", w, h, 8, color_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw.tobytes(), 6)) + chunk(b"IEND", b"")


def png_data_url(pixels: np.ndarray) -> str:
    """Return ``"data:image/png;base64,…"`` for an (h, w, 3|4) uint8 array."""
    return "data:image/png;base64," + base64.b64encode(encode_png(pixels)).decode("ascii")


@dataclass(frozen=True)
class HeatGrid:
    """Values of f(x, y) at the centres of an (ny, nx) grid of cells covering the domain.

    ``values[0]`` is the top row (largest y), as in an image; ``xs`` and ``ys`` are the cell
    centres in that order (``ys`` decreasing).
    """

    x_range: tuple[float, float]
    y_range: tuple[float, float]
    xs: np.ndarray
    ys: np.ndarray
    values: np.ndarray

    @classmethod
    def sample(
        cls,
        fn: Callable[[np.ndarray, np.ndarray], np.ndarray],
        x_range: tuple[float, float],
        y_range: tuple[float, float],
        shape: tuple[int, int] = (120, 120),
    ) -> HeatGrid:
        """Evaluate ``fn(X, Y)`` (vectorised over (ny, nx) arrays) at every cell centre."""
        ny, nx = shape
        (x0, x1), (y0, y1) = x_range, y_range
        xs = x0 + (np.arange(nx) + 0.5) * (x1 - x0) / nx
        ys = y1 - (np.arange(ny) + 0.5) * (y1 - y0) / ny
        X, Y = np.meshgrid(xs, ys)
        values = np.asarray(fn(X, Y), dtype=np.float64)
        if values.shape != (ny, nx):
            raise ValueError(f"fn returned shape {values.shape}, expected {(ny, nx)}")
        return cls((float(x0), float(x1)), (float(y0), float(y1)), xs, ys, values)

    @property
    def min(self) -> float:
        return float(np.nanmin(self.values))

    @property
    def max(self) -> float:
        return float(np.nanmax(self.values))

    def rgb(self, cmap: ColorMap, norm: Norm) -> np.ndarray:
        """Colour every cell: (ny, nx, 3) uint8."""
        return cmap(norm(self.values))


def rgba(values, scale: ColorScale, alpha: int = 255) -> np.ndarray:
    """Colour a grid (any shape, e.g. (k, ny, nx) for k maps) through ``scale``: shape + (4,) uint8,
    ready for a canvas's ImageData. NaN cells are the scale's NaN grey."""
    rgb = scale(values)
    out = np.empty(rgb.shape[:-1] + (4,), np.uint8)
    out[..., :3] = rgb
    out[..., 3] = alpha
    return out
