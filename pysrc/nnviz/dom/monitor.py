"""The training monitor, browser part: per-layer charts, live histograms and the per-layer table.

    mon = TrainingMonitor(scope, "troubles", n_layers=9, kept_slots=3)
    root.append(mon.element)
    mon.record(iteration, reading, distinct=[1, 1, …])   # a kit.monitor.Reading, once per frame
    mon.add_epochs(epochs, train_loss, val_loss, train_acc, val_acc)
    mon.overlay(0, "Kept run 1", kept_curves)            # a kept run's curves, dashed
    mon.render()                                          # at most once per frame
    mon.reset(n_layers)                                   # a new network (charts rebuilt if needed)

What it shows (the pure numbers come from :mod:`nnviz.kit.monitor`):

- "Loss and accuracy": training and validation loss and accuracy per epoch on one chart (kept
  runs' validation loss dashed; an optional best-epoch marker).
- Per layer over iterations: the gradient norm (log scale), the weight norm, the update/weight
  ratio (log scale) and the share of dead units; layer 1 (next to the input) is the lightest
  line, the output layer the darkest; kept runs' first and last layer dashed on the gradient chart.
- Live histograms of every hidden layer's activations and every layer's |∂C/∂W| (in decades).
- The table "Per-layer gradients" (layer, gradient norm, weight norm, update/weight ratio; first
  layer first) and "Per-layer units" (dead units, distinct units): the latest figures, for
  screen readers too.

Every chart is a :class:`nnviz.dom.chart.LineChart` (hover and arrow-key readouts); the
histograms have their own readout (point at a bar, or focus the picture and use the arrow keys:
←/→ a bin, ↑/↓ a layer). Everything is released with ``scope``.

Cost per update (it runs up to every frame while training, bench/troubles.py): every changed
line of every chart in ONE bridge call (:class:`nnviz.dom.bridge.PolylineBatch`), each line
sending only its points after the settled ones it already shows (:meth:`LineChart.render`), one
``append_each`` per chart and reading, one call per
histogram picture (all its bars, built in JS), and while training the tables' text at most
every ``TEXT_EVERY_MS`` (a text change costs the page a layout; 5 a second is faster than
anyone reads). Kit numbers come from one vectorised pass (:func:`nnviz.kit.monitor.measure`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import js
import numpy as np

from nnviz.dom.alt import AltText
from nnviz.dom.bridge import ElementSet, PolylineBatch, set_bar_paths
from nnviz.dom.chart import LineChart, power_label
from nnviz.dom.elements import clear, h, s, scroll_box, set_attrs

# layer 1 light … output layer dark (a blue-violet ramp, each ≥ 3:1 against white from the 2nd on)
RAMP = ("#7fb6e6", "#5b9bd5", "#3f83c6", "#2f6db3", "#2a5aa0", "#28478c", "#2d3a7a", "#342f6b",
        "#3a255c", "#3d1c4e", "#3a1440")
KEPT_COLORS = ("#e06c00", "#15803d", "#b91c1c")
HIST_W, HIST_H, HIST_PAD = 760, 120, 14
MAX_POINTS = 160  # per line of the per-layer charts: 4 charts × up to 17 lines redrawn 30 times a second
TEXT_EVERY_MS = 200.0  # while training, the tables are rewritten at most this often


def _layer_colors(n: int) -> list[str]:
    idx = np.linspace(0, len(RAMP) - 1, n).round().astype(int) if n > 1 else [len(RAMP) - 1]
    return [RAMP[i] for i in idx]


def fmt(v: float) -> str:
    """A monitor figure: 3 significant digits, exponent form for very small or large values."""
    if v is None or not math.isfinite(v):
        return "–"
    if v == 0:
        return "0"
    return f"{v:.3g}" if 1e-3 <= abs(v) < 1e5 else f"{v:.2e}"


def layer_name(i: int, n_layers: int) -> str:
    return f"Layer {i + 1} (output)" if i == n_layers - 1 else f"Layer {i + 1}"


def bar_paths(x0: np.ndarray, heights: np.ndarray, width: float, base: float) -> list[str]:
    """One SVG path per row: a bar of ``heights[r, b]`` at ``x0[r, b]`` for every bin b (empty bins skipped)."""
    out = []
    for xs, hs in zip(x0.tolist(), heights.tolist(), strict=True):
        out.append("".join(f"M{x:.1f} {base:.1f}v{-h:.1f}h{width:.2f}v{h:.1f}z" for x, h in zip(xs, hs, strict=True) if h > 0.05))
    return out


class Histograms:
    """Small multiples: one bar histogram per layer, side by side in one SVG, with a readout."""

    def __init__(self, scope, hid: str, title: str, unit: str):
        self.id, self.unit, self.title = hid, unit, title
        self.svg = s("svg", {"id": f"{hid}-svg", "class_": "chart-svg mon-hist-svg", "viewBox": f"0 0 {HIST_W} {HIST_H + 34}",
                             "tabindex": "0", "role": "group", "aria_labelledby": f"{hid}-title",
                             "aria_describedby": f"{hid}-summary {hid}-help {hid}-readout", "preserveAspectRatio": "xMinYMin meet"})
        self.bars_g = s("g", {"class_": "mon-bars"})
        self.labels_g = s("g", {"class_": "mon-hist-labels", "aria_hidden": "true"})
        self.mark = s("rect", {"class_": "mon-hist-mark", "fill": "none", "stroke": "#111827", "stroke_width": "1.5",
                               "display": "none"})
        self.svg.append(self.bars_g)
        self.svg.append(self.labels_g)
        self.svg.append(self.mark)
        self.readout = h("p", {"id": f"{hid}-readout", "class_": "chart-readout", "aria_live": "polite"})
        # what the histograms show now, for screen readers (rewritten at most every 2 s, and on focus)
        self.summary = h("p", {"id": f"{hid}-summary", "class_": "chart-summary visually-hidden"},
                         f"{title}: no values yet.")
        self.alt = AltText(self._write_summary)
        self.element = h("figure", {"class_": "chart mon-hist", "id": hid},
                         h("figcaption", {"id": f"{hid}-title", "class_": "chart-title"}, title), self.svg,
                         self.summary,
                         h("div", {"class_": "chart-foot"}, self.readout,
                           h("span", {"id": f"{hid}-help", "class_": "chart-help"},
                             "Point at a bar, or focus the picture and press the arrow keys (↑ ↓ change layer).")))
        self.bars: ElementSet | None = None
        self.layers, self.bins = 0, 0
        self.values: np.ndarray | None = None
        self.edges: np.ndarray | None = None
        self.names: list[str] = []
        self.cursor: tuple[int, int] | None = None
        self._key: tuple | None = None
        scope.on(self.svg, "pointermove", self._on_pointer)
        scope.on(self.svg, "pointerdown", self._on_pointer)
        scope.on(self.svg, "pointerleave", lambda _e: self._set_cursor(None) if not self._focused else None)
        scope.on(self.svg, "focus", self._on_focus)
        scope.on(self.svg, "blur", self._on_blur)
        scope.on(self.svg, "keydown", self._on_key)
        self._focused = False
        scope.adopt(self)

    def _layout(self, layers: int, bins: int, names: list[str]) -> None:
        if self.bars is not None:
            self.bars.drop()
        clear(self.bars_g)
        clear(self.labels_g)
        self.layers, self.bins, self.names = layers, bins, names
        self.cell = (HIST_W - HIST_PAD) / max(layers, 1)
        self.bar_w = (self.cell - HIST_PAD) / bins
        # one <path> per layer (its bars as sub-paths): a frame's update is one attribute per layer
        self.bars = ElementSet.create(self.bars_g, "path", layers, "mon-bar")
        self.bars.set_strings("fill", _layer_colors(layers))
        self._x0 = np.array([[HIST_PAD + c * self.cell + b * self.bar_w for b in range(bins)] for c in range(layers)])
        self._bw = max(self.bar_w - 0.6, 0.5)
        for c, name in enumerate(names):
            x0 = HIST_PAD + c * self.cell
            self.labels_g.append(s("line", {"x1": f"{x0:.1f}", "x2": f"{x0 + self.cell - HIST_PAD:.1f}",
                                            "y1": HIST_H, "y2": HIST_H, "stroke": "#4a5466"}))
            self.labels_g.append(s("text", {"x": f"{x0 + (self.cell - HIST_PAD) / 2:.1f}", "y": HIST_H + 14,
                                            "text_anchor": "middle", "font_size": "11", "fill": "#4a5466"},
                                   name.replace(" (output)", "")))
        self.range_lo = s("text", {"x": HIST_PAD, "y": HIST_H + 28, "font_size": "10", "fill": "#4a5466"})
        self.range_hi = s("text", {"x": HIST_W, "y": HIST_H + 28, "font_size": "10", "fill": "#4a5466",
                                   "text_anchor": "end"})
        self.labels_g.append(self.range_lo)
        self.labels_g.append(self.range_hi)
        self._key = None
        self._range_text = ("", "")

    def update(self, values: np.ndarray, edges: np.ndarray, names: list[str]) -> None:
        """Show shares ``values`` (layers, bins) over bin ``edges`` (bins + 1,)."""
        values = np.asarray(values, dtype=float)
        layers, bins = values.shape
        if (layers, bins) != (self.layers, self.bins) or names != self.names:
            self._layout(layers, bins, names)
        self.values, self.edges = values, np.asarray(edges, dtype=float)
        key = (values.tobytes(), self.edges.tobytes())
        if key == self._key:
            return
        self._key = key
        top = max(float(values.max()), 1e-9)
        heights = values * ((HIST_H - 6) / top)
        set_bar_paths(self.bars, self._x0, heights, self._bw, HIST_H)  # = bar_paths(…), built in JS
        lo, hi = self._edge_text(self.edges[0]), self._edge_text(self.edges[-1])
        text = (f"each layer: {lo} (left)", f"{hi} (right)")
        if text != self._range_text:
            self._range_text = text
            self.range_lo.textContent, self.range_hi.textContent = text
        if self.cursor is not None:
            self._set_cursor(self.cursor)
        self.alt.offer(self.describe)

    def describe(self) -> str:
        """Per layer, the bin holding the most values and its share, e.g. "Activations: Layer 1:
        most values from 0.2 to 0.4 (31%); Layer 2: …"."""
        if self.values is None or not self.layers:
            return f"{self.title}: no values yet."
        parts = []
        for name, row in zip(self.names, self.values, strict=True):
            b = int(np.argmax(row))
            lo, hi = self._edge_text(self.edges[b]), self._edge_text(self.edges[b + 1])
            parts.append(f"{name}: most values from {lo} to {hi} ({row[b] / max(row.sum(), 1e-12):.0%})")
        return f"{self.title}: " + "; ".join(parts) + "."

    def _write_summary(self, text: str) -> None:
        self.summary.textContent = text

    def _edge_text(self, v: float) -> str:
        return power_label(v) if self.unit == "log" else fmt(v)

    # ----- readout ---------------------------------------------------------------------------------

    def _set_cursor(self, where: tuple[int, int] | None) -> None:
        self.cursor = where
        if where is None or self.values is None:
            set_attrs(self.mark, display="none")
            self.readout.textContent = ""
            return
        c, b = where
        x = HIST_PAD + c * self.cell + b * self.bar_w
        set_attrs(self.mark, display=None, x=f"{x:.1f}", y="2", width=f"{self.bar_w:.1f}", height=f"{HIST_H - 2}")
        lo, hi = self._edge_text(self.edges[b]), self._edge_text(self.edges[b + 1])
        what = "|∂C/∂W|" if self.unit == "log" else "activation"
        self.readout.textContent = (f"{self.names[c]}: {what} {lo} to {hi}: "
                                    f"{100 * self.values[c, b]:.1f} % of the values")

    def _on_pointer(self, event) -> None:
        if self.values is None:
            return
        m = self.svg.getScreenCTM()
        x = (float(event.clientX) - float(m.e)) / float(m.a) - HIST_PAD
        c = int(min(max(x // self.cell, 0), self.layers - 1))
        b = int(min(max((x - c * self.cell) // self.bar_w, 0), self.bins - 1))
        self._set_cursor((c, b))

    def _on_focus(self, _event) -> None:
        self._focused = True
        self.alt.now(self.describe)
        if self.cursor is None and self.values is not None:
            self._set_cursor((0, int(np.argmax(self.values[0]))))

    def _on_blur(self, _event) -> None:
        self._focused = False
        self._set_cursor(None)

    def _on_key(self, event) -> None:
        key = str(event.key)
        if key == "Escape":
            self._set_cursor(None)
            return
        if self.values is None or key not in ("ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End"):
            return
        event.preventDefault()
        c, b = self.cursor or (0, 0)
        if key == "ArrowLeft":
            b -= 1
        elif key == "ArrowRight":
            b += 1
        elif key == "ArrowUp":
            c -= 1
        elif key == "ArrowDown":
            c += 1
        elif key == "Home":
            b = 0
        else:
            b = self.bins - 1
        self._set_cursor((min(max(c, 0), self.layers - 1), min(max(b, 0), self.bins - 1)))

    def destroy(self) -> None:
        self.alt.cancel()
        if self.bars is not None:
            self.bars.drop()
            self.bars = None


class LayerTable:
    """A table with one row per layer (first layer first) and fixed columns, updated per column."""

    def __init__(self, tid: str, caption: str, columns: Sequence[str]):
        self.id, self.columns = tid, list(columns)
        self.table = h("table", {"class_": "mon-table", "id": tid}, h("caption", {}, caption))
        head = h("tr", {})
        for c in ["Layer", *self.columns]:
            head.append(h("th", {"scope": "col"}, c))
        self.table.append(h("thead", {}, head))
        self.body = h("tbody", {})
        self.table.append(self.body)
        self.element = scroll_box(caption, self.table, css_class="mon-table-wrap")
        self.cells: list[ElementSet] = []
        self.rows = 0
        self._texts: list[list[str]] = []

    def layout(self, names: list[str]) -> None:
        self.drop()
        clear(self.body)
        for i, name in enumerate(names):
            tr = h("tr", {"id": f"{self.id}-row-{i}"}, h("th", {"scope": "row"}, name))
            for k in range(len(self.columns)):
                tr.append(h("td", {"class_": f"mon-col-{k}"}, "–"))
            self.body.append(tr)
        self.cells = [ElementSet.collect(self.body, f"td.mon-col-{k}") for k in range(len(self.columns))]
        self.rows = len(names)
        self._texts = [[] for _ in self.columns]

    def update(self, columns: Sequence[Sequence[str]]) -> None:
        for k, texts in enumerate(columns):
            texts = list(texts)
            if texts != self._texts[k]:
                self._texts[k] = texts
                self.cells[k].set_text(texts)

    def drop(self) -> None:
        for es in self.cells:
            es.drop()
        self.cells = []


class TrainingMonitor:
    """The monitor (see the module docstring); ``element`` holds it, ``body`` the per-layer part."""

    def __init__(self, scope, prefix: str, n_layers: int, kept_slots: int = 3):
        self.scope, self.prefix, self.kept_slots = scope, prefix, kept_slots
        self.n_layers = 0
        self.kept_names = [f"Kept run {k + 1}" for k in range(kept_slots)]
        loss_series = [("Training loss", "mon-train-loss"), ("Validation loss", "mon-val-loss"),
                       ("Training accuracy", "mon-train-acc"), ("Validation accuracy", "mon-val-acc"),
                       ("Best validation epoch", "mon-best")]
        loss_series += [(f"{n}, validation loss", f"mon-kept mon-kept-{k}") for k, n in enumerate(self.kept_names)]
        self.loss = LineChart(f"{prefix}-loss", "Loss and accuracy per epoch", "Epoch", "Loss / accuracy",
                              loss_series, scope=scope, width=760, height=240, include_zero=True,
                              empty_text="Press Play or Step to train",
                              colors=["#4f46e5", "#b91c1c", "#0e7490", "#e06c00", "#6b7588", *KEPT_COLORS])
        for k in range(kept_slots):
            set_attrs(self.loss.lines[f"{self.kept_names[k]}, validation loss"], stroke_dasharray="6 4")
        set_attrs(self.loss.lines["Best validation epoch"], stroke_dasharray="2 3")
        self.charts_box = h("div", {"class_": "mon-charts"})
        self.act_hist = Histograms(scope, f"{prefix}-act-hist", "Activations of each hidden layer (live)", "lin")
        self.grad_hist = Histograms(scope, f"{prefix}-grad-hist", "Gradients |∂C/∂W| of each layer, in decades (live)",
                                    "log")
        self.grad_table = LayerTable(f"{prefix}-grad-table", "Per-layer gradients",
                                     ["Gradient norm", "Weight norm", "Update / weight ratio"])
        self.unit_table = LayerTable(f"{prefix}-unit-table", "Per-layer units", ["Dead units", "Distinct units"])
        self.body = h("div", {"class_": "mon-body", "id": f"{prefix}-monitor"},
                      self.charts_box,
                      h("div", {"class_": "mon-hists"}, self.act_hist.element, self.grad_hist.element),
                      h("div", {"class_": "mon-tables"}, self.grad_table.element, self.unit_table.element))
        self.element = h("section", {"class_": "mon", "aria_label": "Training monitor"}, self.loss.element, self.body)
        self.charts: dict[str, LineChart] = {}
        self._latest = None
        self._distinct: Sequence[int] | None = None
        self._new = False
        self._kept: dict[int, dict] = {}
        self._best: tuple | None = None
        self._text_at = -1e18  # when the tables were last written (performance.now() ms)
        self.reset(n_layers)
        scope.adopt(self)

    # ----- building --------------------------------------------------------------------------------

    def reset(self, n_layers: int) -> None:
        """A new network: empty every history (charts rebuilt when the layer count changed)."""
        self.loss.clear()
        self._latest, self._new, self._best = None, False, None
        if n_layers == self.n_layers:
            for chart in self.charts.values():
                chart.clear()
        else:
            self._build_charts(n_layers)
        for slot in range(self.kept_slots):
            self._draw_kept(slot, self._kept.get(slot))

    def _build_charts(self, n: int) -> None:
        for chart in self.charts.values():
            chart.destroy()
        clear(self.charts_box)
        self.n_layers = n
        self.names = [layer_name(i, n) for i in range(n)]
        colors = _layer_colors(n)
        p, sc = self.prefix, self.scope
        kept = [(f"{name}: {where}", f"mon-kept mon-kept-{k}") for k, name in enumerate(self.kept_names)
                for where in ("layer 1", "last layer")]
        layer_series = [(name, f"mon-layer mon-layer-{i}") for i, name in enumerate(self.names)]
        self.charts = {
            "grad_norm": LineChart(f"{p}-grad-norm", "Gradient norm per layer (log scale)", "Iteration",
                                   "‖∂C/∂W‖", [*layer_series, *kept], scope=sc, width=370, height=230, max_points=MAX_POINTS, log_y=True,
                                   y_format=fmt, colors=[*colors, *[c for c in KEPT_COLORS for _ in (0, 1)]],
                                   empty_text="Gradient norms appear here"),
            "weight_norm": LineChart(f"{p}-weight-norm", "Weight norm per layer", "Iteration", "‖W‖", layer_series,
                                     scope=sc, width=370, height=230, max_points=MAX_POINTS, y_format=fmt, colors=colors, include_zero=True,
                                     empty_text="Weight norms appear here"),
            "update_ratio": LineChart(f"{p}-update-ratio", "Update / weight ratio per layer (log scale)", "Iteration",
                                      "‖ΔW‖ / ‖W‖", layer_series, scope=sc, width=370, height=230, max_points=MAX_POINTS, log_y=True,
                                      y_format=fmt, colors=colors, empty_text="Update ratios appear here"),
            "dead": LineChart(f"{p}-dead", "Dead units per hidden layer (%)", "Iteration", "Dead units (%)",
                              layer_series[:-1] or layer_series, scope=sc, width=370, height=230, max_points=MAX_POINTS,
                              y_domain=(0, 100), colors=colors, empty_text="Dead-unit shares appear here"),
        }
        grad = self.charts["grad_norm"]
        for name in self.kept_names:
            set_attrs(grad.lines[f"{name}: layer 1"], stroke_dasharray="6 4")
            set_attrs(grad.lines[f"{name}: last layer"], stroke_dasharray="2 3")
        for chart in self.charts.values():
            self.charts_box.append(chart.element)
        self.grad_table.layout(self.names)
        self.unit_table.layout(self.names[:-1])

    # ----- data ------------------------------------------------------------------------------------

    def record(self, iteration: int, reading, distinct: Sequence[int] | None = None) -> None:
        """Add one :class:`nnviz.kit.monitor.Reading` taken at ``iteration``."""
        c, names = self.charts, self.names
        c["grad_norm"].append_each(iteration, reading.grad_norms, names)
        c["weight_norm"].append_each(iteration, reading.weight_norms, names)
        c["update_ratio"].append_each(iteration, reading.update_ratios, names)
        c["dead"].append_each(iteration, [100 * share for share in reading.dead], names)
        self._latest, self._distinct, self._new = reading, distinct, True

    def add_epochs(self, epochs, train_loss, val_loss, train_acc, val_acc) -> None:
        """Append per-epoch figures (lists of equal length) to the loss and accuracy chart."""
        for name, ys in (("Training loss", train_loss), ("Validation loss", val_loss),
                         ("Training accuracy", train_acc), ("Validation accuracy", val_acc)):
            self.loss.extend(name, epochs, ys)

    def mark_best(self, epoch: int | None, top: float = 1.0) -> None:
        """Draw (or with None remove) the best validation epoch as a vertical line."""
        if epoch is None or epoch < 0:
            if self._best is not None:
                self.loss.set("Best validation epoch", [], [])
            self._best = None
            self._legend(self.loss, "Best validation epoch", False)
        else:
            if self._best != (epoch, top):
                self.loss.set("Best validation epoch", [epoch, epoch], [0.0, top])
            self._best = (epoch, top)
            self._legend(self.loss, "Best validation epoch", True)

    @staticmethod
    def _legend(chart, series: str, shown: bool) -> None:
        el = chart.element.querySelector(f'.legend-item[data-series="{series}"]')
        if el is not None:
            el.style.display = "" if shown else "none"  # the item's own CSS sets display

    def overlay(self, slot: int, curves: dict | None) -> None:
        """Show a kept run in ``slot`` (curves: {"epochs", "val_loss", "grad_first", "grad_last"}
        with the last two as (iterations, norms)), or remove it with None."""
        if curves is None:
            self._kept.pop(slot, None)
        else:
            self._kept[slot] = curves
        self._draw_kept(slot, curves)

    def _draw_kept(self, slot: int, curves: dict | None) -> None:
        name = self.kept_names[slot]
        empty = ([], [])
        ep, vl = (curves["epochs"], curves["val_loss"]) if curves else empty
        self.loss.set(f"{name}, validation loss", ep, vl)
        first = curves["grad_first"] if curves else empty
        last = curves["grad_last"] if curves else empty
        self.charts["grad_norm"].set(f"{name}: layer 1", *first)
        self.charts["grad_norm"].set(f"{name}: last layer", *last)
        # an empty slot keeps its legend entries out of sight
        for chart, series in ((self.loss, [f"{name}, validation loss"]),
                              (self.charts["grad_norm"], [f"{name}: layer 1", f"{name}: last layer"])):
            for item in series:
                self._legend(chart, item, curves is not None)

    # ----- drawing ---------------------------------------------------------------------------------

    def render(self, per_layer: bool = True, all_charts: bool = True, loss: bool = True) -> None:
        """Redraw what changed; ``per_layer=False`` draws only the loss chart (monitor switched off),
        ``loss=False`` leaves the loss chart for a later render (its points are kept meanwhile).

        ``all_charts=False`` means "while training": every chart and histogram is drawn as
        usual, the two tables at most every ``TEXT_EVERY_MS`` (the latest figures are written at
        the next update after that, and always by a render with ``all_charts=True``).
        """
        batch = PolylineBatch(1)  # every changed line of every chart: one bridge call
        if loss:
            self.loss.render(batch)
        if per_layer:
            for chart in self.charts.values():
                chart.render(batch)
        batch.flush()
        if not per_layer:
            return
        r = self._latest
        if r is None or not self._new:
            return
        names = self.names
        self.act_hist.update(r.act_hist, r.act_edges, names[:-1])
        self.grad_hist.update(r.grad_hist, r.grad_edges, names)
        now = float(js.performance.now())
        if not all_charts and now - self._text_at < TEXT_EVERY_MS:
            return  # the tables wait (self._new stays set, so a later render writes them)
        self._new, self._text_at = False, now
        self.grad_table.update([[fmt(v) for v in r.grad_norms], [fmt(v) for v in r.weight_norms],
                                [fmt(v) for v in r.update_ratios]])
        distinct = self._distinct
        width_note = [f"{100 * d:.0f} %" for d in r.dead]
        self.unit_table.update([width_note, ["–"] * len(r.dead) if distinct is None else [str(d) for d in distinct]])

    def destroy(self) -> None:
        self.grad_table.drop()
        self.unit_table.drop()
