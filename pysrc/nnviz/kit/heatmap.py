"""Heatmaps: a function sampled on a grid over a 2-D domain, encoded as a PNG image.

Usage, for the error of a line y = w·x + b over weights 0–0.4 and biases 0–460:

    from nnviz.kit.heatmap import Frame, HeatGrid, png_data_url
    from nnviz.kit.colormap import SEQUENTIAL, Norm
    grid = HeatGrid.sample(lambda w, b: mse(w, b), x_range=(0, 0.4), y_range=(0, 460), shape=(120, 120))
    grid.values.shape                     # (120, 120): row 0 is the TOP row (largest b)
    rgb = grid.rgb(SEQUENTIAL["viridis"], Norm(grid.min, grid.max, log=True))   # (120, 120, 3) uint8
    href = png_data_url(rgb)              # "data:image/png;base64,iVBOR…" for an SVG <image>
    frame = Frame(left=50, top=10, width=300, height=300, x_range=(0, 0.4), y_range=(0, 460))
    frame.to_px(0.2, 230)                 # (200.0, 160.0): data -> SVG user units
    frame.from_px(200, 160)               # (0.2, 230.0)

The grid is computed once per data set; per-frame work (a marker, a path) only maps points
through the :class:`Frame`. The PNG encoder is pure Python (zlib + struct): no Pillow in the browser.
"""

from __future__ import annotations

import base64
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from nnviz.kit.colormap import ColorMap, Norm
from nnviz.kit.scale import LinearScale


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


@dataclass(frozen=True)
class Frame:
    """A plot rectangle in SVG user units showing the data domain x_range × y_range (y up)."""

    left: float
    top: float
    width: float
    height: float
    x_range: tuple[float, float]
    y_range: tuple[float, float]

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height

    @property
    def x_scale(self) -> LinearScale:
        return LinearScale(self.x_range, (self.left, self.right))

    @property
    def y_scale(self) -> LinearScale:
        return LinearScale(self.y_range, (self.bottom, self.top))  # y up

    def to_px(self, x, y):
        """Data -> SVG units; scalars give floats, arrays give arrays."""
        return _pair(self.x_scale(x), self.y_scale(y))

    def from_px(self, px, py):
        """SVG units -> data (inverse of :meth:`to_px`)."""
        return _pair(self.x_scale.invert(np.asarray(px, dtype=np.float64)),
                     self.y_scale.invert(np.asarray(py, dtype=np.float64)))

    def contains(self, x: float, y: float) -> bool:
        """Whether the data point (x, y) lies inside the domain (edges included)."""
        (x0, x1), (y0, y1) = self.x_range, self.y_range
        return min(x0, x1) <= x <= max(x0, x1) and min(y0, y1) <= y <= max(y0, y1)


def _pair(a, b):
    """Two mapped coordinates: floats for scalar inputs, arrays otherwise."""
    if np.ndim(a) == 0 and np.ndim(b) == 0:
        return float(a), float(b)
    return a, b
