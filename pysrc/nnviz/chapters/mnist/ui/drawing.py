"""The drawing pad: a 280×280 canvas drawn with mouse, touch or pen, a brush slider, Clear.

Strokes are drawn by the browser's canvas (round caps and joins, anti-aliased) straight from the
pointer events; Python reads the ink back (the alpha channel, one getImageData) when the chapter
asks for it, at most once per animation frame. ``on_change()`` is called after every stroke
segment, so the chapter can decide when to read.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from nnviz.chapters.mnist.images import INK
from nnviz.dom import page
from nnviz.dom.canvas import context_2d, put_rgba, read_alpha
from nnviz.dom.elements import h
from nnviz.dom.pointer import PointerFrame

SIZE = 280  # drawing canvas, in canvas pixels (10 per pixel of the 28×28 input)
INK_CSS = "rgb({},{},{})".format(*(int(v) for v in INK))


class DrawingPad:
    """The canvas, its controls, and the strokes drawn on it."""

    def __init__(self, scope, brush: int, brush_range: tuple[int, int], on_change: Callable[[], None],
                 on_brush: Callable[[int], None]):
        self.on_change = on_change
        self.on_brush = on_brush
        self.brush = brush
        self.canvas = h("canvas", {"id": "mnist-canvas", "class_": "mnist-canvas", "width": SIZE, "height": SIZE,
                                   "aria_label": "Drawing canvas", "aria_describedby": "mnist-canvas-help"})
        self.ctx = context_2d(self.canvas, read_often=True)
        self.slider = h("input", {"id": "mnist-brush", "type": "range", "min": brush_range[0], "max": brush_range[1],
                                  "step": 1, "value": brush})
        self.brush_out = h("output", {"for": "mnist-brush", "class_": "mnist-brush-value"}, f"{brush} px")
        self.clear_btn = h("button", {"type": "button", "class_": "btn"}, "Clear")
        self.sample_btn = h("button", {"type": "button", "class_": "btn", "id": "mnist-sample"}, "Show a test digit")
        self.help = h(
            "p", {"id": "mnist-canvas-help", "class_": "help"},
            "Draw one digit with the mouse, a finger or a pen. No pointer? “Show a test digit” puts a real "
            "MNIST digit on the canvas instead.",
        )
        self.element = h(
            "div", {"class_": "mnist-pad"},
            self.canvas,
            h("div", {"class_": "mnist-pad-controls"},
              h("label", {"for": "mnist-brush", "class_": "field-label"}, "Brush size"),
              h("div", {"class_": "mnist-brush-row"}, self.slider, self.brush_out),
              h("div", {"class_": "btn-row"}, self.clear_btn, self.sample_btn)),
            self.help,
        )
        self._down = False
        self._last = (0.0, 0.0)
        self._frame = PointerFrame(0.0, 0.0, 1.0, 1.0, SIZE, SIZE)  # measured at each pointerdown
        self.strokes = 0  # stroke segments drawn since the last clear
        scope.on(self.canvas, "pointerdown", self._on_down)
        scope.on(self.canvas, "pointermove", self._on_move)
        for name in ("pointerup", "pointercancel", "lostpointercapture"):
            scope.on(self.canvas, name, self._on_up)
        scope.on(self.slider, "input", self._on_slider)
        self._style()

    # ----- pointer ------------------------------------------------------------------------------

    def _on_down(self, event) -> None:
        if str(event.pointerType) == "mouse" and int(event.button) != 0:
            return
        event.preventDefault()
        self._frame = PointerFrame.of(self.canvas)
        # Keep receiving moves when the pen leaves the canvas mid-stroke; a pointer the browser does
        # not know (a synthetic event) cannot be captured, and drawing works without it.
        page.capture_pointer(self.canvas, event.pointerId)
        self._down = True
        x, y = self._last = self._frame.point(event)
        self.ctx.beginPath()
        self.ctx.arc(x, y, self.brush / 2, 0, 6.283185307179586)
        self.ctx.fill()
        self.strokes += 1
        self.on_change()

    def _on_move(self, event) -> None:
        if not self._down:
            return
        x, y = self._frame.point(event)
        x0, y0 = self._last
        if abs(x - x0) + abs(y - y0) < 0.5:
            return
        ctx = self.ctx
        ctx.beginPath()
        ctx.moveTo(x0, y0)
        ctx.lineTo(x, y)
        ctx.stroke()
        self._last = (x, y)
        self.strokes += 1
        self.on_change()

    def _on_up(self, _event) -> None:
        self._down = False

    # ----- controls -----------------------------------------------------------------------------

    def _on_slider(self, _event) -> None:
        self.set_brush(int(float(self.slider.value)))
        self.on_brush(self.brush)

    def set_brush(self, brush: int) -> None:
        self.brush = brush
        self.slider.value = str(brush)
        self.brush_out.textContent = f"{brush} px"
        self._style()

    def _style(self) -> None:
        ctx = self.ctx
        ctx.lineWidth = self.brush
        ctx.lineCap = "round"
        ctx.lineJoin = "round"
        ctx.strokeStyle = INK_CSS
        ctx.fillStyle = INK_CSS

    def clear(self) -> None:
        """Erase everything (the chapter reads the empty canvas next)."""
        self.ctx.clearRect(0, 0, SIZE, SIZE)
        self.strokes = 0
        self._down = False

    def show_image(self, image28: np.ndarray) -> None:
        """Replace the drawing with a 28×28 image in [0, 1], scaled up smoothly to the canvas."""
        self.clear()
        rgba = np.zeros((28, 28, 4), np.uint8)
        rgba[..., :3] = INK.astype(np.uint8)
        rgba[..., 3] = np.rint(np.clip(image28, 0, 1) * 255).astype(np.uint8)
        small = h("canvas", {"width": 28, "height": 28})
        put_rgba(context_2d(small), rgba)
        self.ctx.imageSmoothingEnabled = True
        self.ctx.drawImage(small, 0, 0, SIZE, SIZE)
        self.strokes = 1

    def read(self) -> np.ndarray:
        """Return the ink as (280, 280) uint8 (0 = no ink, 255 = full)."""
        return read_alpha(self.ctx, SIZE, SIZE)
