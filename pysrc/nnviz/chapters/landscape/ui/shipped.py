"""Fetch what the build step made for the ``net`` surface (``build_data.py``, ``netdata``), once a page.

    sl = await load_slice()   # data/landscape.json (1 kB): the trained slice network; FetchError, ValueError
    start_grid()              # then the grid file (62 kB), in the background
    await grid_ready()        # (optional) wait for it
    shipped_grid()            # its HeatGrid once it has arrived and is whole, else None

Without the grid (not there yet, or the file failed) the chapter computes the grid itself, the
same numbers (tests/unit: the build's grid equals the runtime's computation).
"""

from __future__ import annotations

import asyncio

from nnviz.chapters.landscape import netdata
from nnviz.chapters.landscape.netslice import NetSlice
from nnviz.dom.fetch import FetchError, fetch_bytes, fetch_json
from nnviz.kit.heatmap import HeatGrid

_manifest: dict | None = None
_slice: NetSlice | None = None
_grid: HeatGrid | None = None
_task: asyncio.Future | None = None


async def load_slice() -> NetSlice:
    """The shipped slice network, fetched on the first call."""
    global _manifest, _slice
    if _slice is None:
        manifest = await fetch_json(f"data/{netdata.MANIFEST}")
        _slice = netdata.read_slice(manifest)
        _manifest = manifest
    return _slice


async def _fetch_grid() -> None:
    global _grid
    try:
        body = await fetch_bytes(f"data/{_manifest['grid']['file']}")
        _grid = netdata.read_grid(_manifest, body)
    except (FetchError, ValueError, KeyError, TypeError):
        pass  # the chapter computes the grid itself


def start_grid() -> None:
    """Start fetching the grid (after :func:`load_slice`); once a page."""
    global _task
    if _task is None and _manifest is not None:
        _task = asyncio.ensure_future(_fetch_grid())


async def grid_ready() -> None:
    """Wait until the grid has arrived (or failed)."""
    start_grid()
    if _task is not None:
        await _task


def shipped_grid() -> HeatGrid | None:
    """The shipped grid, if it has arrived whole."""
    return _grid
