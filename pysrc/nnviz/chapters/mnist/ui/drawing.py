"""The drawing pad: a 280×280 canvas drawn with mouse, touch, pen or keyboard, a brush slider, Clear.

Keyboard: the canvas is focusable; the arrow keys move a pen one pixel of the 28×28 input at a
time (Shift: three), Space puts it down (a dot) or lifts it, and while it is down every move
draws a line. A ring shows the pen, and a live region says where it is ("Pen down at column
14, row 3").

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
CELL = SIZE // 28  # canvas pixels per input pixel: one arrow press moves the keyboard pen this far
MOVES = {"ArrowUp": (0, -1), "ArrowDown": (0, 1), "ArrowLeft": (-1, 0), "ArrowRight": (1, 0)}
INK_CSS = "rgb({},{},{})".format(*(int(v) for v in INK))


class DrawingPad:
    """The canvas, its controls, and the strokes drawn on it."""

    def __init__(self, scope, brush: int, brush_range: tuple[int, int], on_change: Callable[[], None],
                 on_brush: Callable[[int], None]):
        self.on_change = on_change
        self.on_brush = on_brush
        self.brush = brush
        self.canvas = h("canvas", {"id": "mnist-canvas", "class_": "mnist-canvas", "width": SIZE, "height": SIZE,
                                   "tabindex": "0", "role": "application", "aria_roledescription": "drawing canvas",
                                   "aria_label": "Drawing canvas", "aria_describedby": "mnist-canvas-help"})
        self.pen_ring = h("span", {"class_": "mnist-pen", "aria_hidden": "true"})
        self.pen_status = h("p", {"class_": "visually-hidden", "id": "mnist-pen-status", "aria_live": "polite"})
        self.ctx = context_2d(self.canvas, read_often=True)
        self.slider = h("input", {"id": "mnist-brush", "type": "range", "min": brush_range[0], "max": brush_range[1],
                                  "step": 1, "value": brush})
        self.brush_out = h("output", {"for": "mnist-brush", "class_": "mnist-brush-value"}, f"{brush} px")
        self.clear_btn = h("button", {"type": "button", "class_": "btn"}, "Clear")
        self.sample_btn = h("button", {"type": "button", "class_": "btn", "id": "mnist-sample"}, "Show a test digit")
        self.help = h(
            "p", {"id": "mnist-canvas-help", "class_": "help"},
            "Draw one digit with the mouse, a finger or a pen. Keyboard: focus the canvas, move the pen with the "
            "arrow keys (Shift: faster) and press Space to put it down or lift it. Or “Show a test digit” puts a "
            "real MNIST digit on the canvas.",
        )
        self.element = h(
            "div", {"class_": "mnist-pad"},
            h("div", {"class_": "mnist-canvas-wrap"}, self.canvas, self.pen_ring),
            self.pen_status,
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
        scope.on(self.canvas, "keydown", self._on_key)
        scope.on(self.canvas, "focus", lambda _e: self._announce(with_help=True))
        scope.on(self.slider, "input", self._on_slider)
        self._pen = (14, 14)  # the keyboard pen, in input pixels (column, row)
        self._pen_down = False
        self._style()
        self._place_pen()

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

    # ----- keyboard -----------------------------------------------------------------------------

    def _pen_xy(self) -> tuple[float, float]:
        col, row = self._pen
        return (col + 0.5) * CELL, (row + 0.5) * CELL

    def _on_key(self, event) -> None:
        key = str(event.key)
        if key in MOVES:
            event.preventDefault()
            step = 3 if bool(event.shiftKey) else 1
            dx, dy = MOVES[key]
            x0, y0 = self._pen_xy()
            col, row = self._pen
            self._pen = (min(27, max(0, col + dx * step)), min(27, max(0, row + dy * step)))
            self._place_pen()
            if self._pen_down:
                x, y = self._pen_xy()
                ctx = self.ctx
                ctx.beginPath()
                ctx.moveTo(x0, y0)
                ctx.lineTo(x, y)
                ctx.stroke()
                self.strokes += 1
                self.on_change()
            self._announce()
        elif key == " ":
            event.preventDefault()
            self._pen_down = not self._pen_down
            if self._pen_down:
                x, y = self._pen_xy()
                self.ctx.beginPath()
                self.ctx.arc(x, y, self.brush / 2, 0, 6.283185307179586)
                self.ctx.fill()
                self.strokes += 1
                self.on_change()
            self._place_pen()
            self._announce()
        elif key == "Escape" and self._pen_down:
            self._pen_down = False
            self._place_pen()
            self._announce()

    def _place_pen(self) -> None:
        x, y = self._pen_xy()
        size = 100 * self.brush / SIZE
        self.pen_ring.setAttribute("style", f"left: {100 * x / SIZE:.2f}%; top: {100 * y / SIZE:.2f}%; "
                                            f"width: {size:.2f}%; height: {size:.2f}%")
        self.pen_ring.classList.toggle("down", self._pen_down)

    def _announce(self, with_help: bool = False) -> None:
        col, row = self._pen
        text = f"Pen {'down' if self._pen_down else 'up'} at column {col + 1}, row {row + 1} of 28."
        if with_help:
            text += " Arrow keys move it, Space puts it down or lifts it."
        self.pen_status.textContent = text

    # ----- controls -----------------------------------------------------------------------------

    def _on_slider(self, _event) -> None:
        self.set_brush(int(float(self.slider.value)))
        self.on_brush(self.brush)

    def set_brush(self, brush: int) -> None:
        self.brush = brush
        self.slider.value = str(brush)
        self.brush_out.textContent = f"{brush} px"
        self._style()
        self._place_pen()

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
        self._pen_down = False
        self._place_pen()

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
