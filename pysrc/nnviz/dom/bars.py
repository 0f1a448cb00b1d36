"""Labelled bars for a handful of values in [0, scale]: probabilities, activations.

    bars = Bars([str(d) for d in range(10)], "Probability of each digit", ids="mnist-bar", scope=scope)
    panel.append(bars.element)          # <ol class="bars"> with one <li class="bar-row"> per value
    bars.update(np.array([.01, .9, …]))  # one bridge call: widths, value texts, names, winner
    bars.update(None)                    # the empty state: "—" everywhere, no winner

Each row is ``label | track with fill | value text``; the largest value (or ``winner``) gets
class ``top`` and its accessible name says so ("1: 90.0%, the highest"). The list's own name
adds the three largest in order ("Probability of each digit. Highest: 1 at 90.0%, then …"),
rewritten at most every 2 s while the values change (:class:`nnviz.dom.alt.AltText`). Rows keep the ids
``<ids>-<i>`` when ``ids`` is given. Styles: ``.bars`` in app.css (chapters may add a class).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import js
import numpy as np

from nnviz.dom.alt import AltText
from nnviz.dom.bridge import ElementSet, strings, typed
from nnviz.dom.elements import h, set_attrs
from nnviz.kit.describe import bars_summary


def percent(v: float) -> str:
    """0.1234 -> "12.3%"."""
    return f"{100 * v:.1f}%"


class Bars:
    """One bar per label; :meth:`update` redraws them all in one bridge call."""

    def __init__(self, labels: Sequence[str], name: str, *, ids: str | None = None, scope=None,
                 value_text: Callable[[float], str] = percent, scale: float = 1.0, css_class: str = "",
                 empty_text: str = "no value"):
        self.labels = [str(label) for label in labels]
        self.value_text = value_text
        self.scale = float(scale)
        self.empty_text = empty_text
        n = len(self.labels)
        self.element = h("ol", {"class_": f"bars {css_class}".strip(), "aria_label": name})
        self.rows = ElementSet.create(self.element, "li", n, "bar-row",
                                      [f"{ids}-{i}" for i in range(n)] if ids else None)
        for i, label in enumerate(self.labels):
            row = self.element.children.item(i)
            row.append(h("span", {"class_": "bar-label", "aria_hidden": "true"}, label))
            row.append(h("span", {"class_": "bar-track", "aria_hidden": "true"}, h("span", {"class_": "bar-fill"})))
            row.append(h("span", {"class_": "bar-value"}, "—"))
        self.winner: int | None = None
        self.name = name
        self.alt = AltText(lambda text: set_attrs(self.element, aria_label=text))
        if scope is not None:
            scope.adopt(self)

    def update(self, values: np.ndarray | None, winner: int | None = None) -> None:
        """Show ``values`` (n,), marking ``winner`` (default: the largest); None: the empty state."""
        n = len(self.labels)
        if values is None:
            self.winner = None
            js.nnvizBridge.setBars(self.rows.handle, typed(np.zeros(n)), strings(["—"] * n),
                                   strings([f"{label}: {self.empty_text}" for label in self.labels]), -1)
            self.alt.offer(lambda: self.name)
            return
        v = np.asarray(values, dtype=np.float64).reshape(n)
        best = int(np.argmax(v)) if winner is None else int(winner)
        texts = [self.value_text(float(x)) for x in v]
        names = [f"{label}: {text}" + (", the highest" if i == best else "")
                 for i, (label, text) in enumerate(zip(self.labels, texts, strict=True))]
        self.winner = best
        js.nnvizBridge.setBars(self.rows.handle, typed(v / self.scale), strings(texts), strings(names), best)
        self.alt.offer(lambda: f"{self.name}. {bars_summary(self.labels, v, self.value_text)}")

    def destroy(self) -> None:
        self.alt.cancel()
        self.rows.drop()
