"""The browser half of nnviz.dom.heatmap.draw_heatmaps: ``nnvizBridge.putImages`` draws a batch
of maps, packed as kit.heatmap.rgba packs them, onto their canvases in one call."""

from __future__ import annotations

import numpy as np

from nnviz.kit.colormap import ColorScale
from nnviz.kit.heatmap import rgba

DRAW_AND_READ = """([bytes, k, w, h]) => {
  const canvases = [];
  for (let i = 0; i < k; i++) canvases.push(document.createElement('canvas'));
  const packed = new Uint8Array(bytes.length + 3).subarray(3);  // an offset view, as Pyodide may hand over
  packed.set(bytes);
  nnvizBridge.putImages(canvases, packed, w, h);
  return canvases.map(c => [c.width, c.height, Array.from(c.getContext('2d').getImageData(0, 0, w, h).data)]);
}"""


def test_put_images_draws_every_map_of_a_batch_onto_its_own_canvas(app):
    rng = np.random.default_rng(7)
    values = rng.uniform(-1, 1, size=(5, 3, 4))  # five 3 × 4 maps (rows, columns)
    values[2, 1, 1] = np.nan
    pixels = rgba(values, ColorScale.diverging(1.0))
    drawn = app.page.evaluate(DRAW_AND_READ, [pixels.reshape(-1).tolist(), 5, 4, 3])
    assert len(drawn) == 5
    for i, (width, height, data) in enumerate(drawn):
        assert (width, height) == (4, 3)
        assert np.array_equal(np.array(data, dtype=np.uint8).reshape(3, 4, 4), pixels[i]), f"map {i}"
