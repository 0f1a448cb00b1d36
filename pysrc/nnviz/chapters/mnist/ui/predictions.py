"""What the network sees (the preprocessed 28×28 image) and what it answers (ten bars, 0–9).

The predictions panel carries ``data-prediction="<digit>"`` (empty while the canvas is empty),
so tests and scripts can read the answer without parsing text.
"""

from __future__ import annotations

import numpy as np

from nnviz.chapters.mnist.images import ink_rgba
from nnviz.chapters.mnist.preprocess import Prepared
from nnviz.dom.bridge import ElementSet
from nnviz.dom.canvas import context_2d, put_rgba
from nnviz.dom.elements import h, set_attrs


class SeesView:
    """The 28×28 input image, drawn large with visible pixels, and how it was made."""

    def __init__(self):
        self.canvas = h("canvas", {"id": "mnist-sees", "class_": "mnist-sees-canvas", "width": 28, "height": 28,
                                   "role": "img", "aria_label": "The 28×28 image the network sees"})
        self.ctx = context_2d(self.canvas)
        self.caption = h("p", {"class_": "mnist-sees-note", "id": "mnist-sees-note"})
        self.element = h(
            "figure", {"class_": "mnist-sees"},
            h("figcaption", {"class_": "mnist-sees-title"}, "What the network sees (28×28)"),
            self.canvas, self.caption,
        )

    def update(self, prepared: Prepared) -> None:
        put_rgba(self.ctx, ink_rgba(prepared.image))
        if prepared.empty:
            self.caption.textContent = "Empty: nothing to read yet."
            return
        top, bottom, left, right = prepared.box
        self.caption.textContent = (
            f"Ink box {right - left}×{bottom - top} px, scaled ×{prepared.scale:.3g} to fit 20×20, "
            "then shifted so its centre of mass is in the middle."
        )


class PredictionBars:
    """Ten labelled bars with softmax percentages; the top one is highlighted."""

    def __init__(self):
        self.verdict = h("p", {"class_": "mnist-verdict", "id": "mnist-verdict", "aria_live": "polite"})
        self.list = h("ol", {"class_": "mnist-bars", "aria_label": "Probability of each digit"})
        self.element = h(
            "section",
            {"class_": "panel mnist-predictions", "id": "mnist-predictions", "data_prediction": "",
             "aria_labelledby": "mnist-pred-title"},
            h("h3", {"id": "mnist-pred-title"}, "Network predictions"),
            self.verdict,
            self.list,
            h("p", {"class_": "help"}, "Softmax output: ten probabilities that add up to 100%."),
        )
        self.rows = ElementSet.create(self.list, "li", 10, "mnist-bar-row", [f"mnist-bar-{d}" for d in range(10)])
        for d in range(10):
            row = self.list.children.item(d)
            row.append(h("span", {"class_": "mnist-bar-digit", "aria_hidden": "true"}, str(d)))
            row.append(h("span", {"class_": "mnist-bar-track", "aria_hidden": "true"},
                         h("span", {"class_": "mnist-bar-fill"})))
            row.append(h("span", {"class_": "mnist-bar-pct"}))
        self.fills = ElementSet.collect(self.list, ".mnist-bar-fill")
        self.pcts = ElementSet.collect(self.list, ".mnist-bar-pct")

    def update(self, probabilities: np.ndarray | None) -> None:
        """Show ``probabilities`` (10,), or with None the empty-canvas state."""
        if probabilities is None:
            self.fills.set_all("style", "width: 0%")
            self.pcts.set_text(["—"] * 10)
            self.rows.set_strings("aria-label", [f"{d}: no prediction" for d in range(10)])
            self.rows.toggle_class("top", np.zeros(10, np.uint8))
            self.verdict.textContent = "Draw a digit: the network has nothing to read yet."
            set_attrs(self.element, data_prediction="", data_state="empty")
            return
        p = np.asarray(probabilities, dtype=np.float64)
        best = int(np.argmax(p))
        labels = [f"{100 * v:.1f}%" for v in p]
        self.fills.set_strings("style", [f"width: {100 * v:.2f}%" for v in p])
        self.pcts.set_text(labels)
        self.rows.set_strings("aria-label", [f"{d}: {labels[d]}" for d in range(10)])
        self.rows.toggle_class("top", (np.arange(10) == best).astype(np.uint8))
        second = int(np.argsort(p)[-2])
        sure = "fairly sure" if p[best] > 0.9 else "unsure" if p[best] < 0.5 else "leaning"
        self.verdict.textContent = (
            f"It reads a {best} ({labels[best]}; {sure}). Runner-up: {second} ({labels[second]})."
        )
        set_attrs(self.element, data_prediction=str(best), data_state="ready")

    def destroy(self) -> None:
        for es in (self.rows, self.fills, self.pcts):
            es.drop()
