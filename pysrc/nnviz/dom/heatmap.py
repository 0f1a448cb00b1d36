"""Heatmaps on the page: a grid of values coloured by a :class:`nnviz.kit.colormap.ColorScale`.

Two ways to show one, both drawing whole grids (never one element per cell):

- :class:`Heatmap`, a ``<canvas>`` with one pixel per cell (CSS scales it up, pixelated). The
  thumbnail mode is a fixed small square for grids of many maps; :func:`draw_heatmaps` draws a
  whole batch of same-shaped maps with ONE bridge call (a playground frame: 50+ maps)::

      maps = [Heatmap(f"Neuron {i + 1}", thumbnail=True) for i in range(50)]
      grid.append(*[m.element for m in maps])
      draw_heatmaps(maps, values, ColorScale.diverging(1.0))    # values (50, ny, nx)
      maps[0].draw(values[0], scale)                            # or one at a time

- :class:`HeatmapImage`, an SVG ``<image>`` (a PNG data URL) filling a
  :class:`nnviz.kit.plot.PlotFrame`'s plot area, for pictures whose overlays are SVG too::

      img = HeatmapImage(HEAT, "house-one-heat-image")
      svg.append(img.element)
      img.draw(grid.values, scale)

A labelled map says what it shows in its accessible name ("Neuron 3. Values from -0.8 (bottom
left) to 0.9 (top right)."), rewritten at most every 2 s while it is redrawn
(:class:`nnviz.dom.alt.AltText`); so does a HeatmapImage given a ``label``.

Point overlays (markers, paths, contours) are the caller's: over a canvas, position an SVG of
the same size on top; over a HeatmapImage, draw in the same SVG with the frame's ``to_px``.
Styling: the "heatmaps" block of app.css.
"""

from __future__ import annotations

from collections.abc import Sequence

import js
import numpy as np
from pyodide.ffi import to_js

from nnviz.dom.alt import AltText
from nnviz.dom.elements import h, s, set_attrs
from nnviz.kit.colormap import ColorScale
from nnviz.kit.describe import grid_summary
from nnviz.kit.heatmap import png_data_url, rgba
from nnviz.kit.plot import PlotFrame


class Heatmap:
    """A canvas heatmap; ``label`` names it for screen readers (none: it is decoration)."""

    def __init__(self, label: str = "", *, element_id: str | None = None, thumbnail: bool = False,
                 size_px: int | None = None, css_class: str = ""):
        cls = " ".join(c for c in ("heatmap", "heatmap-thumb" if thumbnail else "", css_class) if c)
        style = f"width: {size_px}px; height: {size_px}px" if size_px else None
        self.element = h("canvas", {"id": element_id, "class_": cls, "width": 1, "height": 1, "style": style,
                                    "role": "img" if label else None, "aria_label": label or None,
                                    "aria_hidden": None if label else "true"})
        self.shape: tuple[int, int] | None = None
        self.label = label
        self.alt = AltText(self._name) if label else None

    def _name(self, text: str) -> None:
        set_attrs(self.element, aria_label=text)

    def describe(self, values) -> None:
        """Offer "<label>. Values from … to …." as the map's name (written at most every 2 s)."""
        if self.alt is not None:
            self.alt.offer(lambda: f"{self.label}. {grid_summary(values)}")

    def draw(self, values, scale: ColorScale) -> None:
        """Colour the (ny, nx) grid ``values`` and show it (one bridge call)."""
        draw_heatmaps([self], np.asarray(values)[None], scale)

    def destroy(self) -> None:
        if self.alt is not None:
            self.alt.cancel()


def draw_heatmaps(maps: Sequence[Heatmap], values, scale: ColorScale) -> None:
    """Draw ``values`` (k, ny, nx) onto the k canvases of ``maps`` in one bridge call."""
    values = np.asarray(values, dtype=np.float64)
    if values.ndim != 3 or len(values) != len(maps):
        raise ValueError(f"need one (ny, nx) grid per map: {len(maps)} maps, values {values.shape}")
    if not len(maps):
        return
    _, ny, nx = values.shape
    pixels = to_js(np.ascontiguousarray(rgba(values, scale)).reshape(-1))
    js.nnvizBridge.putImages(to_js([m.element for m in maps]), pixels, nx, ny)
    for m, grid in zip(maps, values, strict=True):
        m.shape = (ny, nx)
        m.describe(grid)


class HeatmapImage:
    """An SVG ``<image>`` covering ``frame``'s plot area, showing a grid as a PNG (row 0 on top)."""

    def __init__(self, frame: PlotFrame, element_id: str | None = None, css_class: str = "heat-image",
                 label: str = ""):
        x, y, w, hgt = frame.rect
        self.frame = frame
        self.label = label
        self.element = s("image", {"id": element_id, "class_": css_class, "x": x, "y": y, "width": w, "height": hgt,
                                   "preserveAspectRatio": "none", "role": "img" if label else None,
                                   "aria_label": label or None})
        self.alt = AltText(lambda text: set_attrs(self.element, aria_label=text)) if label else None

    def draw(self, values, scale: ColorScale) -> None:
        """Colour ``values`` (ny, nx) and show them (one PNG encode, one attribute write)."""
        set_attrs(self.element, href=png_data_url(scale(values)))
        if self.alt is not None:
            self.alt.offer(lambda: f"{self.label}. {grid_summary(values)}")

    def destroy(self) -> None:
        if self.alt is not None:
            self.alt.cancel()


def draw_rgba(canvases: Sequence, pixels) -> None:
    """Draw ready-made pixels (k, ny, nx, 4) uint8 onto k canvases in one bridge call (for maps
    coloured by a chapter's own lookup table, e.g. the playground's class maps)."""
    pixels = np.asarray(pixels, dtype=np.uint8)
    if pixels.ndim != 4 or pixels.shape[0] != len(canvases) or pixels.shape[3] != 4:
        raise ValueError(f"need (k, ny, nx, 4) pixels for {len(canvases)} canvases, got {pixels.shape}")
    if not len(canvases):
        return
    _, ny, nx, _ = pixels.shape
    js.nnvizBridge.putImages(to_js(list(canvases)), to_js(np.ascontiguousarray(pixels).reshape(-1)), nx, ny)


def draw_tiles(canvas, pixels, xy) -> None:
    """Draw k tiles (k, ny, nx, 4) uint8 onto ONE canvas, tile i at pixel ``xy[i]`` (its top-left
    corner), in one bridge call: a picture of many small maps paints one canvas.

        draw_tiles(atlas, rgba_k_32_32_4, [(58, 97), (154, 97), …])
    """
    pixels = np.asarray(pixels, dtype=np.uint8)
    xy = np.asarray(xy, dtype=np.int32).reshape(-1, 2)
    if pixels.ndim != 4 or pixels.shape[0] != len(xy) or pixels.shape[3] != 4:
        raise ValueError(f"need (k, ny, nx, 4) pixels for {len(xy)} tiles, got {pixels.shape}")
    if not len(xy):
        return
    _, ny, nx, _ = pixels.shape
    js.nnvizBridge.putTiles(canvas, to_js(np.ascontiguousarray(pixels).reshape(-1)), nx, ny, to_js(xy.reshape(-1)))
