"""The trainer's side panels: the input (ten training images, or a Draw grid) and the outputs.

Both are plain HTML with real buttons: the images are toggle buttons ("Digit 3"), the Draw
grid is 25 toggle buttons ("Pixel 8 (row 2, column 3)") that also paint by dragging.
Per frame the outputs take 3 bridge calls (values, bar widths, the "predicted" mark).
Both adopt themselves into the chapter's scope (their element sets are released with it).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from nnviz.chapters.trainer.digits import DIGITS, PIXELS, pixel_name
from nnviz.dom import page
from nnviz.dom.bridge import ElementSet
from nnviz.dom.elements import h


def _mini(pixels) -> object:
    """A 5×5 picture of a digit made of spans (decorative: the button carries the name)."""
    grid = h("span", {"class_": "t-mini", "aria_hidden": "true"})
    for v in pixels:
        grid.append(h("span", {"class_": "t-mini-px on" if v > 0.5 else "t-mini-px"}))
    return grid


class InputPanel:
    """Tabs "Training images" / "Draw"; calls back when the input changes."""

    def __init__(self, scope, on_pick: Callable[[int], None], on_tab: Callable[[str], None],
                 on_draw: Callable[[], None]):
        self._on_pick, self._on_tab, self._on_draw = on_pick, on_tab, on_draw
        self.pixels = np.zeros(PIXELS)
        self._painting: float | None = None  # the value a drag paints, while the pointer is down
        self.tabs = {
            "images": h("button", {"type": "button", "role": "tab", "id": "trainer-tab-images",
                                   "aria_controls": "trainer-panel-images", "data_tab": "images"},
                        "Training images"),
            "draw": h("button", {"type": "button", "role": "tab", "id": "trainer-tab-draw",
                                 "aria_controls": "trainer-panel-draw", "data_tab": "draw"}, "Draw"),
        }
        tablist = h("div", {"role": "tablist", "aria_label": "Input", "class_": "t-tabs"},
                    self.tabs["images"], self.tabs["draw"])

        self.gallery = h("div", {"class_": "t-gallery", "role": "group", "aria_label": "The ten training images"})
        for d in range(10):
            self.gallery.append(h("button", {"type": "button", "class_": "t-image", "data_digit": d,
                                             "aria_label": f"Digit {d}", "aria_pressed": "false"},
                                  _mini(DIGITS[d]), h("span", {"class_": "t-image-label"}, str(d))))
        self.images = ElementSet.collect(self.gallery, "button.t-image")
        self.panels = {
            "images": h("div", {"role": "tabpanel", "id": "trainer-panel-images", "aria_labelledby": "trainer-tab-images"},
                        self.gallery,
                        h("p", {"class_": "legend-note"}, "Click an image to feed it forward. A red mark "
                          "means the network currently labels that image wrong.")),
        }
        self.grid = h("div", {"class_": "t-draw", "role": "group", "aria_label": "Drawing grid, 5 by 5"})
        for i in range(PIXELS):
            self.grid.append(h("button", {"type": "button", "class_": "t-px", "data_pixel": i,
                                          "aria_label": pixel_name(i).capitalize(), "aria_pressed": "false"}))
        self.cells = ElementSet.collect(self.grid, "button.t-px")
        self.copy_btn = h("button", {"type": "button", "class_": "btn btn-small"}, "Start from digit 0")
        clear_btn = h("button", {"type": "button", "class_": "btn btn-small"}, "Clear")
        self.panels["draw"] = h(
            "div", {"role": "tabpanel", "id": "trainer-panel-draw", "aria_labelledby": "trainer-tab-draw"},
            self.grid,
            h("div", {"class_": "btn-row"}, clear_btn, self.copy_btn),
            h("p", {"class_": "legend-note"}, "Click or drag to paint pixels; the network reads your drawing live."),
        )
        self.element = h("section", {"class_": "panel t-input", "aria_labelledby": "trainer-input-title"},
                         h("h3", {"id": "trainer-input-title"}, "Input"), tablist,
                         self.panels["images"], self.panels["draw"])

        scope.on(tablist, "click", self._on_tab_click)
        scope.on(tablist, "keydown", self._on_tab_key)
        scope.on(self.gallery, "click", self._on_image)
        scope.on(self.grid, "pointerdown", self._on_down)
        scope.on(self.grid, "pointermove", self._on_move)
        scope.on(page.window(), "pointerup", self._on_up)
        scope.on(page.window(), "pointercancel", self._on_up)
        scope.on(self.grid, "click", self._on_key_click)
        scope.on(clear_btn, "click", lambda _e: self.set_pixels(np.zeros(PIXELS)))
        scope.on(self.copy_btn, "click", lambda _e: self.set_pixels(DIGITS[self._digit]))
        self._digit = 0
        self._wrong = b""
        scope.adopt(self)

    # ----- what the chapter sets ---------------------------------------------------------------

    def show(self, tab: str, digit: int) -> None:
        """Show tab ``tab`` ("images" or "draw") with ``digit`` selected."""
        self._digit = digit
        for name, btn in self.tabs.items():
            btn.setAttribute("aria-selected", "true" if name == tab else "false")
            btn.setAttribute("tabindex", "0" if name == tab else "-1")
            self.panels[name].hidden = name != tab
        self.images.set_strings("aria-pressed", ["true" if d == digit else "false" for d in range(10)])
        self.copy_btn.textContent = f"Start from digit {digit}"

    def mark_wrong(self, wrong) -> None:
        """Flag the training images the network labels wrong: (10,) 0/1 (touches the page only
        when the set changes)."""
        key = bytes(np.asarray(wrong, dtype=np.uint8))
        if key != self._wrong:
            self._wrong = key
            self.images.toggle_class("wrong", wrong)

    def set_pixels(self, pixels) -> None:
        self.pixels = np.array(pixels, dtype=np.float64)
        on = self.pixels > 0.5
        self.cells.set_strings("aria-pressed", ["true" if v else "false" for v in on])
        self.cells.toggle_class("on", on)
        self._on_draw()

    def destroy(self) -> None:
        for es in (self.images, self.cells):
            es.drop()

    # ----- events -------------------------------------------------------------------------------

    def _on_tab_click(self, event) -> None:
        btn = event.target.closest("[data-tab]")
        if btn is not None:
            self._on_tab(str(btn.dataset.tab))

    def _on_tab_key(self, event) -> None:
        """Arrow keys move between the two tabs (and select), Home/End jump to first/last."""
        key = str(event.key)
        if key not in ("ArrowLeft", "ArrowRight", "Home", "End"):
            return
        event.preventDefault()
        here = str(event.target.dataset.tab or "")
        nxt = {"Home": "images", "End": "draw"}.get(key, "draw" if here == "images" else "images")
        self._on_tab(nxt)
        self.tabs[nxt].focus()

    def _on_image(self, event) -> None:
        btn = event.target.closest("button[data-digit]")
        if btn is not None:
            self._on_pick(int(btn.dataset.digit))

    def _cell(self, event) -> int | None:
        # touch pointers stay captured by the first cell, so look up what is under the finger
        el = page.element_at(event.clientX, event.clientY)
        btn = el.closest("button[data-pixel]") if el is not None else None
        return None if btn is None else int(btn.dataset.pixel)

    def _paint(self, i: int) -> None:
        if self.pixels[i] != self._painting:
            px = self.pixels.copy()
            px[i] = self._painting
            self.set_pixels(px)

    def _on_down(self, event) -> None:
        i = self._cell(event)
        if i is None or int(event.button) != 0:
            return
        event.preventDefault()  # no text selection or focus shuffle while painting
        self._painting = 0.0 if self.pixels[i] > 0.5 else 1.0
        self._paint(i)

    def _on_move(self, event) -> None:
        if self._painting is None:
            return
        i = self._cell(event)
        if i is not None:
            self._paint(i)

    def _on_up(self, _event) -> None:
        self._painting = None

    def _on_key_click(self, event) -> None:
        """Enter or Space on a pixel (a click with detail 0; pointer clicks were painted already)."""
        if int(event.detail) != 0:
            return
        btn = event.target.closest("button[data-pixel]")
        if btn is not None:
            i = int(btn.dataset.pixel)
            px = self.pixels.copy()
            px[i] = 0.0 if px[i] > 0.5 else 1.0
            self.set_pixels(px)


class OutputList:
    """The ten output activations (3 decimals), with a bar each and the prediction marked."""

    def __init__(self, scope):
        self.list = h("ol", {"class_": "t-outputs", "id": "trainer-outputs", "aria_label": "Output activations"})
        for k in range(10):
            self.list.append(
                h("li", {"class_": "t-out", "id": f"trainer-out-{k}"},
                  h("span", {"class_": "t-out-digit"}, str(k)),
                  h("span", {"class_": "t-bar", "aria_hidden": "true"}, h("span", {"class_": "t-bar-fill"})),
                  h("span", {"class_": "t-out-value"}, "0.000"))
            )
        self.rows = ElementSet.collect(self.list, "li.t-out")
        self.values = ElementSet.collect(self.list, ".t-out-value")
        self.bars = ElementSet.collect(self.list, ".t-bar-fill")
        self.prediction = h("p", {"class_": "t-prediction", "id": "trainer-prediction"})
        self.caption = h("p", {"class_": "legend-note"})
        scope.adopt(self)
        self._texts: list[str] = []
        self._winner, self._source = -1, ""
        self.element = h("section", {"class_": "panel t-output", "aria_labelledby": "trainer-output-title"},
                         h("h3", {"id": "trainer-output-title"}, "Output activations"),
                         self.caption, self.list, self.prediction)

    def update(self, out_a: np.ndarray, source: str) -> None:
        """Show activations (10,) for the input described by ``source`` ("digit 3", "your drawing")."""
        k = int(np.argmax(out_a))
        texts = [f"{v:.3f}" for v in out_a.tolist()]
        if texts != self._texts:  # unchanged text would still cost a layout
            self._texts = texts
            self.values.set_text(texts)
            self.bars.set_strings("style", [f"width:{100 * v:.1f}%" for v in out_a.tolist()])
            self.prediction.textContent = f"Prediction: {k} (its output is the highest, {texts[k]})"
        if k != self._winner:
            self._winner = k
            mask = np.zeros(10, dtype=np.uint8)
            mask[k] = 1
            self.rows.toggle_class("predicted", mask)
        if source != self._source:
            self._source = source
            self.caption.textContent = f"For {source}:"

    def destroy(self) -> None:
        for es in (self.rows, self.values, self.bars):
            es.drop()
