"""The ``net`` surface's shipped data: the trained slice network and its loss grid (build time).

    manifest, body = encode(sl, grid)   # sl a NetSlice, grid its HeatGrid (surfaces.sample)
    manifest["grid"]["file"]            # "landscape-net-grid-3f2a9c81d0e4.bin": body's name
    read_slice(manifest)                # the NetSlice again, equal array for array
    read_grid(manifest, body)           # the HeatGrid again: values equal cell for cell

The manifest (``data/landscape.json``, about 1 kB) holds the network's trained weights, the two
directions (float64 numbers written as JSON, which round-trips them exactly) and the grid file's
name; the page reads it before the chapter opens. The grid (150 × 150 losses, each a float32
value: the slice computes them in float32) is a separate file of about 62 kB that the page
fetches after the chapter opened, so opening the chapter waits for 1 kB only. The grid's bytes
are stored as four planes (every value's lowest byte first, then the next…) and deflated: the
high bytes of neighbouring losses are alike, so the file is two thirds of the raw 90 kB (plain
deflate: 81 kB).
"""

from __future__ import annotations

import hashlib
import zlib

import numpy as np

from nnviz.chapters.landscape.netslice import NetSlice
from nnviz.kit.heatmap import HeatGrid

FORMAT, VERSION = "nnviz.landscape-net", 1
MANIFEST = "landscape.json"


def encode(sl: NetSlice, grid: HeatGrid) -> tuple[dict, bytes]:
    """The manifest (JSON-ready dict) and the grid file's bytes for slice ``sl`` and its ``grid``."""
    values = grid.values.astype("<f4")
    if not np.array_equal(values.astype(np.float64), grid.values, equal_nan=True):
        raise ValueError("the grid's values are not float32 numbers")
    planes = values.view(np.uint8).reshape(-1, 4).T  # (4, cells): byte k of every value
    body = zlib.compress(np.ascontiguousarray(planes).tobytes(), 9)
    arrays = {k: v.tolist() if isinstance(v, np.ndarray) else v for k, v in sl.arrays().items()}
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "slice": arrays,
        "grid": {"file": f"landscape-net-grid-{hashlib.sha256(body).hexdigest()[:12]}.bin",
                 "shape": list(values.shape), "x_range": list(grid.x_range), "y_range": list(grid.y_range),
                 "encoding": "float32 little-endian, byte planes, deflate"},
    }
    return manifest, body


def check(manifest) -> None:
    """Raise ValueError unless ``manifest`` is this format's."""
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise ValueError(f"not an {FORMAT} manifest (version {VERSION})")


def read_slice(manifest: dict) -> NetSlice:
    """The NetSlice the manifest holds; ValueError if it is not one."""
    check(manifest)
    try:
        return NetSlice.from_arrays(manifest["slice"])
    except (KeyError, TypeError) as exc:
        raise ValueError(f"the slice network is incomplete ({exc!r})") from exc


def read_grid(manifest: dict, body: bytes) -> HeatGrid:
    """The grid the manifest names, from the file's ``body``; ValueError if it is damaged."""
    check(manifest)
    meta = manifest["grid"]
    ny, nx = meta["shape"]
    try:
        raw = zlib.decompress(body)
    except zlib.error as exc:
        raise ValueError(f"the grid file is damaged ({exc})") from exc
    if len(raw) != 4 * ny * nx:
        raise ValueError(f"the grid file holds {len(raw)} bytes, expected {4 * ny * nx}")
    values = np.frombuffer(raw, np.uint8).reshape(4, -1).T.copy().view("<f4").reshape(ny, nx)
    # the cell centres exactly as HeatGrid.sample places them (X itself as the "function")
    shape = HeatGrid.sample(lambda X, Y: X, tuple(meta["x_range"]), tuple(meta["y_range"]), (ny, nx))
    return HeatGrid(shape.x_range, shape.y_range, shape.xs, shape.ys, values.astype(np.float64))
