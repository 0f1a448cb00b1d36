"""What the one-input and two-input sections share: sliders, the error readout and its message,
the gradient-descent buttons, the path so far, the error chart, the neuron diagram and the table.

A subclass names its state fields, data set and descent settings, and may add pictures
(:meth:`extra_pictures`, :meth:`render_extra`). Data flows one way: a slider or a GD button
changes the chapter's state (``chapter.set_state``); the path so far is view state of the
section, and a change to it calls ``chapter.invalidate(self.prefix)``; :meth:`render` only reads.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from nnviz.chapters.house.data import Houses
from nnviz.chapters.house.model import (
    Descent,
    History,
    encouragement,
    error_table,
    fmt_error,
    gradient,
    least_squares,
)
from nnviz.chapters.house.single_neuron import dense_layout
from nnviz.chapters.house.state import SLIDERS
from nnviz.chapters.house.ui.widgets import NeuronDiagram, part, slider
from nnviz.dom.bridge import ElementSet
from nnviz.dom.chart import LineChart
from nnviz.dom.elements import h, scroll_box
from nnviz.dom.legend import legend, swatch
from nnviz.dom.writer import Writer
from nnviz.kit.format import plural

STEP_BUTTONS = ((1, "GD Step"), (10, "10 GD Steps"), (100, "100 GD Steps"))


def money(v: float) -> str:
    """A price or difference in $1000 with one decimal and a true minus sign: "−63.0"."""
    return f"{v:,.1f}".replace("-", "−")


class RegressionSection:
    """A trainable linear neuron on a table of houses (see module docstring)."""

    FIELDS: tuple[str, ...] = ()
    prefix = ""
    title = ""
    intro = ""
    data: Houses
    descent: Descent
    input_names: tuple[str, ...] = ()
    target: float = 799.0  # the error the message invites the visitor to beat
    scale_note = ""  # how the GD buttons scale the inputs, for the status line

    def __init__(self, chapter):
        self.chapter = chapter
        self.scope = chapter.scope
        self.KEYS = (self.prefix, f"{self.prefix}-hover")  # the path and the status; a hover readout
        self.best = least_squares(self.data.X, self.data.y)
        self.history = History(len(self.FIELDS) - 1)
        self.gd_steps = 0
        self.stopped = ""
        self.out = Writer()
        self._chart_key: tuple | None = None

    # ----- state <-> parameters ---------------------------------------------------------------

    def params(self, state=None) -> tuple[np.ndarray, float]:
        """(weights, bias) from the state: the last field is the bias."""
        st = state or self.chapter.state
        values = [float(getattr(st, f)) for f in self.FIELDS]
        return np.array(values[:-1]), values[-1]

    def changes(self, w, b: float) -> dict:
        return {**{f: float(v) for f, v in zip(self.FIELDS[:-1], np.ravel(w), strict=True)}, self.FIELDS[-1]: float(b)}

    def error_at(self, w, b: float) -> float:
        return error_table(self.data.X, self.data.y, w, b).mse

    # ----- building ---------------------------------------------------------------------------

    def build(self):
        p = self.prefix
        w, b = self.params()
        self.history.reset(w, b, self.error_at(w, b))
        self.sliders = {f: slider(self.scope, p, SLIDERS[f], partial(self._on_slider, f)) for f in self.FIELDS}
        self.readout = h("strong", {"id": f"{p}-mse", "class_": "mse-value"})
        self.message = h("p", {"id": f"{p}-msg", "class_": "house-msg", "aria_live": "polite"})
        self.buttons = []
        row = h("div", {"class_": "btn-row gd-buttons", "role": "group", "aria_label": "Gradient descent",
                        "data_group": "descent"})
        for k, name in STEP_BUTTONS:
            btn = h("button", {"type": "button", "class_": "btn btn-primary", "data_steps": k}, name)
            self.scope.on(btn, "click", partial(self._on_descend, k))
            row.append(btn)
            self.buttons.append(btn)
        self.reset_btn = h("button", {"type": "button", "class_": "btn"}, "Start over")
        self.scope.on(self.reset_btn, "click", lambda _e: self._start_over())
        row.append(self.reset_btn)
        self.status = h("p", {"id": f"{p}-gd-status", "class_": "gd-status", "aria_live": "polite"})
        lay = dense_layout(len(self.input_names), 1, width=330.0, x_in=105.0, x_out=250.0,
                           pitch=70.0 if len(self.input_names) > 1 else 80.0, prefix=f"{p}-")
        self.diagram = NeuronDiagram(self.scope, p, lay, f"The neuron: {', '.join(self.input_names)} times their weights, plus the bias, "
                                     "gives the predicted price", self.input_names, ("ŷ price",))
        controls = h(
            "div", {"class_": "panel house-controls"},
            h("div", {"data_group": "sliders"}, *[sl.element for sl in self.sliders.values()]),
            h("p", {"class_": "mse-row"}, h("span", {"class_": "mse-label"}, "Error"), self.readout,
              h("span", {"class_": "muted mse-unit"}, "mean squared, ($1000)²")),
            self.message,
            h("h4", {"class_": "gd-title"}, "Gradient descent"),
            row,
            self.status,
            h("figure", {"class_": "house-net-fig"}, self.diagram.svg,
              legend("Edge colours", swatch("positive weight", "line", "hk-pos"), swatch("negative weight", "line", "hk-neg"))),
        )
        self.chart = self.scope.adopt(LineChart(f"{p}-chart", "Error after each change", "Change", "Error", [("error", "series-error")],
                               scope=self.scope, width=460.0, height=250.0,
                               empty_text="Move a slider or press a GD button",
                               y_format=fmt_error))
        pictures = h("div", {"class_": "house-pictures"}, *self.extra_pictures(), self.build_table(),
                     h("div", {"class_": "gd-pictures"}, self.chart.element, *self.gd_pictures()))
        self.element = part(p, self.title, self.intro, h("div", {"class_": "house-layout"}, controls, pictures))
        return self.element

    def build_table(self):
        """The houses with their prediction, difference and squared difference, and the mean."""
        X, y = self.data.X, self.data.y
        head = h("tr", {}, *[h("th", {"scope": "col"}, name) for name in self.data.features],
                 h("th", {"scope": "col"}, "Price y ($1000)"), h("th", {"scope": "col"}, "Prediction ŷ"),
                 h("th", {"scope": "col"}, "y − ŷ"), h("th", {"scope": "col"}, "(y − ŷ)²"))
        body = h("tbody", {})
        for i in range(self.data.n):
            cells = [h("td", {}, f"{v:,.0f}") for v in X[i]]
            body.append(h("tr", {"id": f"{self.prefix}-row-{i}"}, *cells, h("td", {}, f"{y[i]:,.1f}".rstrip("0").rstrip(".")),
                          h("td", {"class_": "c-pred"}), h("td", {"class_": "c-diff"}), h("td", {"class_": "c-sq"})))
        span = X.shape[1] + 3
        self.mean_cell = h("td", {"class_": "c-mean"})
        foot = h("tfoot", {}, h("tr", {}, h("th", {"scope": "row", "colspan": span, "class_": "mean-label"},
                                             "Mean of the squares = the error"), self.mean_cell))
        table = h("table", {"class_": "house-table", "id": f"{self.prefix}-table"},
                  h("caption", {}, "Each house: the neuron's prediction and how far off it is"),
                  h("thead", {}, head), body, foot)
        self.cells = {c: self.scope.adopt(ElementSet.collect(table, f"td.{c}")) for c in ("c-pred", "c-diff", "c-sq")}
        return scroll_box(f"Table: {self.title}", table)

    def extra_pictures(self) -> list:
        return []

    def gd_pictures(self) -> list:
        return []

    # ----- events -----------------------------------------------------------------------------

    def _on_slider(self, field: str, value: float, commit: bool) -> None:
        self.chapter.set_state(commit, **{field: value})
        if commit:
            self.record()

    def record(self) -> None:
        """Add the current point to the path if it moved since the last recorded one."""
        w, b = self.params()
        last_w, last_b, _ = self.history.last
        if not (np.array_equal(last_w, w) and last_b == b):
            self.history.add(w, b, self.error_at(w, b))
            self.chapter.invalidate(self.prefix)

    def _on_descend(self, steps: int, _event=None) -> None:
        self.record()
        w, b = self.params()
        run = self.descent.run(self.data.X, self.data.y, w, b, steps)
        self.stopped = f"Gradient descent stopped: {run.reason}. Press “Start over”." if run.diverged else ""
        if len(run.errors):
            self.history.add(run.w, run.b, run.errors)
            self.gd_steps += len(run.errors)
            self.chapter.set_state(**self.changes(run.w[-1], run.b[-1]))
        self.chapter.invalidate(self.prefix)

    def _start_over(self) -> None:
        defaults = type(self.chapter.state)()
        self.gd_steps = 0
        self.stopped = ""
        self.chapter.set_state(**{f: getattr(defaults, f) for f in self.FIELDS})
        w, b = self.params()
        self.history.reset(w, b, self.error_at(w, b))
        self.chapter.invalidate(self.prefix)

    # ----- drawing ----------------------------------------------------------------------------

    def sync(self, changed: frozenset[str]) -> None:
        """Nothing to bring along: the weights are read from the state at every render."""

    def render(self, dirty) -> None:
        if not dirty.any(*self.FIELDS, self.prefix):  # only a hover readout changed
            self.render_hover()
            return
        w, b = self.params()
        t = error_table(self.data.X, self.data.y, w, b)
        for f, v in zip(self.FIELDS, [*w.tolist(), b], strict=True):
            self.sliders[f].show(v)
        out = self.out
        out.text(self.readout, fmt_error(t.mse))
        out.attr(self.readout, "data-mse", repr(t.mse))
        spans = tuple(SLIDERS[f].hi - SLIDERS[f].lo for f in self.FIELDS)
        names = tuple(SLIDERS[f].label for f in self.FIELDS)
        text, tone = encouragement(t.mse, self.best.mse, gradient(self.data.X, self.data.y, w, b), spans, names,
                                   target=self.target)
        out.text(self.message, self.stopped or text)
        out.attr(self.message, "data-tone", "stopped" if self.stopped else tone)
        self.cells["c-pred"].set_text([money(v) for v in t.predictions])
        self.cells["c-diff"].set_text([money(v) for v in t.diffs])
        self.cells["c-sq"].set_text([f"{v:,.0f}" for v in t.squares])
        out.text(self.mean_cell, fmt_error(t.mse))
        self.diagram.show_weights(w, b)
        out.text(self.status, (
            f"{plural(self.gd_steps, 'gradient-descent step')} so far (learning rate {self.descent.lr:g})."
            if self.gd_steps else f"Each step moves every weight and the bias against the gradient (learning rate "
            f"{self.descent.lr:g}{self.scale_note})."
        ))
        self._render_chart()
        self.render_extra(w, b, t)
        self.render_hover()

    def _render_chart(self) -> None:
        """Plot the error at every recorded point: GD steps and released sliders (a drag in
        progress shows in the readout and the heatmap; the chart gets its end point on release)."""
        key = (self.history.first_index, len(self.history), float(self.history.errors[-1]))
        if key == self._chart_key:
            return
        self._chart_key = key
        if len(self.history) == 1:
            self.chart.clear()  # one point draws no line: show the chart's hint instead
        else:
            xs = self.history.first_index + np.arange(len(self.history), dtype=np.float64)
            self.chart.set("error", xs, self.history.errors)
        self.chart.render()

    def render_extra(self, w, b: float, table) -> None:
        """Subclasses update their own pictures here."""

    def render_hover(self) -> None:
        """Subclasses write their pointer readouts here (key ``{prefix}-hover``)."""
