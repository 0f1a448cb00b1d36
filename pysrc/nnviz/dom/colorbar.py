"""One colour bar: the axis of a :class:`nnviz.kit.colormap.ColorScale`, drawn as an SVG gradient
with tick marks, exact end values and round ticks between (HTML labels), and a text for screen
readers that says the range in words.

    from nnviz.dom.colorbar import ColorBar
    from nnviz.kit.colormap import ColorScale
    bar = ColorBar("house-one-cbar", "Error (colour, log scale)", ColorScale.sequential(447.3, 8.3e5, log=True),
                   low_word="dark", high_word="yellow")
    figure.append(bar.element)
    bar.set_scale(new_scale)       # e.g. the data range changed: ticks and text follow

The bar stretches to its container's width (the gradient is drawn in a 0–100 viewBox with
``preserveAspectRatio="none"``, and labels sit at the same percentages). Each label carries
``data-value`` (the exact value) for tests and tools. Styling: the "colour bar" block of app.css.
"""

from __future__ import annotations

from nnviz.dom.elements import clear, h, s, set_attrs
from nnviz.kit.colormap import ColorScale


class ColorBar:
    """A titled colour bar for one colour scale (see the module docstring)."""

    def __init__(self, bar_id: str, title: str, scale: ColorScale, *, ticks: list[float] | None = None,
                 low_word: str = "", high_word: str = ""):
        self.id, self.title = bar_id, title
        self.low_word, self.high_word = low_word, high_word
        self._ticks = ticks
        self.gradient = s("linearGradient", {"id": f"{bar_id}-gradient", "x1": "0", "x2": "1", "y1": "0", "y2": "0"})
        self.marks = s("g", {"class_": "cbar-ticks"})
        self.svg = s("svg", {"class_": "cbar", "viewBox": "0 0 100 10", "preserveAspectRatio": "none",
                             "aria_hidden": "true", "focusable": "false"},
                     s("defs", {}, self.gradient),
                     s("rect", {"x": 0, "y": 0, "width": 100, "height": 10, "fill": f"url(#{bar_id}-gradient)"}),
                     self.marks)
        self.labels = h("div", {"class_": "cbar-labels"})
        self.element = h("div", {"class_": "cbar-legend", "role": "group", "id": bar_id},
                         h("p", {"class_": "cbar-title", "aria_hidden": "true"}, title), self.svg, self.labels)
        self.set_scale(scale)

    def set_scale(self, scale: ColorScale) -> None:
        """Draw ``scale``: gradient, tick marks, labels and the accessible description.

        Cheap enough for every frame (a new range while a digit is drawn): the gradient is
        rebuilt only for another colour map, and marks and labels are rewritten in place while
        their number stays the same.
        """
        first = not hasattr(self, "scale")
        if first or scale.cmap is not self.scale.cmap:
            clear(self.gradient)
            for offset, colour in scale.gradient():
                self.gradient.append(s("stop", {"offset": f"{offset:.4f}", "stop_color": colour}))
        self.scale = scale
        axis = scale.axis(1.0, self._ticks)
        n, last = len(axis), len(axis) - 1
        if first or n != len(self._marks):
            clear(self.marks)
            clear(self.labels)
            self._marks = [s("line", {"y1": 6, "y2": 10, "vector_effect": "non-scaling-stroke"}) for _ in range(n)]
            self._labels = [h("span", {}) for _ in range(n)]
            for mark, label in zip(self._marks, self._labels, strict=True):
                self.marks.append(mark)
                self.labels.append(label)
            self._shown: list = [None] * n
        for k, (t, value, text) in enumerate(zip(axis.positions, axis.values, axis.labels, strict=True)):
            x = 100 * float(t)
            where = "start" if k == 0 and t == 0 else "end" if k == last and t == 1 else "mid"
            item = (f"{x:.2f}", where, text, repr(float(value)))
            if item == self._shown[k]:
                continue
            self._shown[k] = item
            set_attrs(self._marks[k], x1=item[0], x2=item[0])
            set_attrs(self._labels[k], class_=f"cbar-label {where}", style=f"left: {item[0]}%", data_value=item[3])
            self._labels[k].textContent = text
        lo, hi = axis.labels[0], axis.labels[-1]
        words = (f" ({self.low_word})" if self.low_word else "", f" ({self.high_word})" if self.high_word else "")
        kind = ", logarithmic" if scale.norm.log else ""
        set_attrs(self.element, aria_label=f"Colour scale, {self.title}: from {lo}{words[0]} to {hi}{words[1]}{kind}")
