"""<canvas> pixels to and from numpy, in one bridge crossing each.

    ctx = context_2d(canvas, read_often=True)
    alpha = read_alpha(ctx, 280, 280)          # (280, 280) uint8: the ink drawn so far
    put_rgba(ctx, rgba)                        # rgba (h, w, 4) uint8 -> the canvas, at (0, 0)
"""

from __future__ import annotations

import js
import numpy as np
from pyodide.ffi import to_js


def context_2d(canvas, read_often: bool = False):
    """Return the canvas's 2-D context; ``read_often`` keeps its pixels in CPU memory, which
    makes getImageData fast (the drawing canvas is read back after every stroke)."""
    if read_often:
        return canvas.getContext("2d", js.Object.fromEntries(to_js([["willReadFrequently", True]])))
    return canvas.getContext("2d")


def read_alpha(ctx, width: int, height: int) -> np.ndarray:
    """Return the alpha channel of the canvas as a (height, width) uint8 array."""
    data = ctx.getImageData(0, 0, width, height).data
    rgba = np.frombuffer(data.to_bytes(), dtype=np.uint8)
    return rgba[3::4].reshape(height, width)


def put_rgba(ctx, rgba: np.ndarray, x: int = 0, y: int = 0) -> None:
    """Draw an (h, w, 4) uint8 array onto the canvas at (x, y), unscaled."""
    h, w, _ = rgba.shape
    array = to_js(np.ascontiguousarray(rgba, dtype=np.uint8).reshape(-1))
    clamped = js.Uint8ClampedArray.new(array.buffer, array.byteOffset, array.length)
    ctx.putImageData(js.ImageData.new(clamped, w, h), x, y)
