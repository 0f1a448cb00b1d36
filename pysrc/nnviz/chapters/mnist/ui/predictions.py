"""What the network sees (the preprocessed 28×28 image) and what it answers (ten bars, 0–9).

The predictions panel carries ``data-prediction="<digit>"`` (empty while the canvas is empty),
so tests and scripts can read the answer without parsing text.
"""

from __future__ import annotations

import numpy as np

from nnviz.chapters.mnist.images import ink_rgba
from nnviz.chapters.mnist.preprocess import Prepared
from nnviz.dom.bars import Bars, percent
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
    """Ten labelled bars with softmax percentages (nnviz.dom.bars), the top one marked, and a verdict."""

    def __init__(self, scope):
        self.verdict = h("p", {"class_": "mnist-verdict", "id": "mnist-verdict", "aria_live": "polite"})
        self.bars = Bars([str(d) for d in range(10)], "Probability of each digit", ids="mnist-bar", scope=scope,
                         css_class="mnist-bars", empty_text="no prediction")
        self.element = h(
            "section",
            {"class_": "panel mnist-predictions", "id": "mnist-predictions", "data_prediction": "",
             "aria_labelledby": "mnist-pred-title"},
            h("h3", {"id": "mnist-pred-title"}, "Network predictions"),
            self.verdict,
            self.bars.element,
            h("p", {"class_": "help"}, "Softmax output: ten probabilities that add up to 100%."),
        )

    def update(self, probabilities: np.ndarray | None) -> None:
        """Show ``probabilities`` (10,), or with None the empty-canvas state."""
        self.bars.update(probabilities)
        if probabilities is None:
            self.verdict.textContent = "Draw a digit: the network has nothing to read yet."
            set_attrs(self.element, data_prediction="", data_state="empty")
            return
        p = np.asarray(probabilities, dtype=np.float64)
        best = self.bars.winner
        second = int(np.argsort(p)[-2])
        sure = "fairly sure" if p[best] > 0.9 else "unsure" if p[best] < 0.5 else "leaning"
        self.verdict.textContent = (
            f"It reads a {best} ({percent(p[best])}; {sure}). Runner-up: {second} ({percent(p[second])})."
        )
        set_attrs(self.element, data_prediction=str(best), data_state="ready")
