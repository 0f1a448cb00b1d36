"""LineChart: an SVG line chart with axes, a legend, and an exact hover/keyboard readout.

Usage, in a chapter (``self.scope`` is the chapter's event scope)::

    from nnviz.dom.chart import LineChart

    self.chart = LineChart(
        "trainer-loss", "Loss over iterations", "Iteration", "Loss",
        series=[("loss", "series-loss")],          # (name, CSS class of its <polyline>)
        scope=self.scope, include_zero=True, empty_text="Train to see the loss curve",
    )
    self.root.append(self.chart.element)
    self.chart.extend("loss", iterations, losses)  # or .append("loss", x, y), .set("loss", xs, ys)
    self.chart.render()                            # at most once per frame; cheap when nothing changed
    self.chart.clear()                             # e.g. on Reset
    self.chart.set_y_axis("log₁₀ loss", fmt)       # another y title / value format / range

The chart adopts itself into ``scope`` (its bridge handles and resize observer are released
when the scope closes): a chapter never calls ``destroy()``; calling it anyway is harmless.

Each series keeps at most ``max_points`` points (:class:`nnviz.kit.chart.SeriesBuffer`,
min–max bucketing), so memory and drawing cost stay constant however long training runs;
the first point and the latest one are always exact, and every drawn point is a real sample.
Pointing at the chart, or focusing it (it is in the tab order) and pressing ← / → (Shift: 10
points, Home / End), shows the exact sample under the cursor in a live text readout below
the picture. Both axes end on "nice" ticks, so while a series grows the axes are rebuilt only
when it crosses a tick step; a render that only moves the lines is one bridge call for all
of them, and each line sends only its points after the settled ones it already shows (the
buffer's ``settled`` and ``epoch``: the first point and the closed buckets), so formatting costs
a few points per line, not the whole line.
For screen readers the chart also says what it shows now (``describe()``: per series the
latest value, its trend, the lowest and highest; :mod:`nnviz.kit.describe`) in a visually
hidden text the picture is described by, rewritten at most every 2 s while the chart changes
and at once when it gets focus (:class:`nnviz.dom.alt.AltText`).

Sizes: ``height`` is in SVG units and CSS pixels alike: the viewBox width follows the chart's
drawn width (a ResizeObserver), so tick labels stay 11 px on a phone and on a wide screen.

Log scale: ``log_y=True`` plots log10(y) (values ≤ 0 are skipped, as non-finite ones are),
labels the y ticks as powers of ten ("10⁻³") and shows the real values in the readout; the
data methods take and ``latest`` returns the real values, e.g. gradient norms from 1e-9 to 10.

Styling: every element carries presentation attributes, so the chart looks right with no CSS
at all; CSS classes (``chart-*`` and the series classes you pass) override them. Series colours
default to a small palette in order (or ``colors=[…]``, one per series); give ``.series-x { stroke: … }`` to choose your own (the
legend's line sample uses the same class, so it follows). The figure's own rules (panel,
readout, focus ring) are the "line charts" block of web/css/app.css.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from types import EllipsisType

import js
import numpy as np

from nnviz.dom.alt import AltText
from nnviz.dom.bridge import ElementSet, PolylineBatch
from nnviz.dom.elements import h, s, set_attrs
from nnviz.kit import chart as vc
from nnviz.kit.describe import line_summary
from nnviz.kit.plot import PlotFrame
from nnviz.kit.scale import format_value

PALETTE = ("#4f46e5", "#e06c00", "#15803d", "#b91c1c", "#7c3aed", "#0e7490")
MAX_X_TICKS, MAX_Y_TICKS = 8, 8
INK, MUTED, GRID = "#4a5466", "#6b7588", "#e4e7ee"
MIN_WIDTH = 240  # narrower containers scale the picture down instead


class LineChart:
    """One chart: a <figure> with a title, the SVG, an optional legend and a readout."""

    def __init__(
        self,
        chart_id: str,
        title: str,
        x_label: str,
        y_label: str,
        series: Sequence[tuple[str, str]],
        *,
        scope,
        width: float = 560.0,
        height: float = 260.0,  # SVG units; the width then follows the drawn width
        y_domain: tuple[float, float] | None = None,
        include_zero: bool = False,
        empty_text: str = "No data yet",
        max_points: int = vc.DEFAULT_MAX_POINTS,
        x_format: Callable[[float], str] = format_value,
        y_format: Callable[[float], str] = format_value,
        log_y: bool = False,
        colors: Sequence[str] | None = None,
    ):
        if not series:
            raise ValueError("a LineChart needs at least one series")
        self.id = chart_id
        self.x_label, self.y_label = x_label, y_label
        self.names = [name for name, _ in series]
        self.buffers = {name: vc.SeriesBuffer(max_points) for name in self.names}
        self.box = PlotFrame(width, height)  # the canvas and margins; render() fits the domains
        self.y_domain = y_domain
        self.include_zero = include_zero
        self.x_format, self.y_format = x_format, y_format
        self.log_y = bool(log_y)
        self.colors = tuple(colors) if colors else PALETTE
        self._dirty = True
        self._axes_key: tuple | None = None
        self._frame: PlotFrame | None = None
        self._points: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._versions: dict[str, int] = {}
        self._point_versions: dict[str, int] = {}
        self._drawn: dict[str, tuple] = {}
        self._cursor_x: float | None = None  # data x of the readout; None = hidden
        self._follow = False  # the readout tracks the latest point as data arrives
        self._focused = False
        self._cursor_hidden = True  # the cursor group starts hidden (display="none")
        self._build(title, series, empty_text)
        self._resize = js.ResizeObserver.new(scope.proxy(self._on_resize))
        self._resize.observe(self.svg)
        scope.on(self.svg, "pointermove", self._on_pointer)
        scope.on(self.svg, "pointerdown", self._on_pointer)
        scope.on(self.svg, "pointerleave", self._on_leave)
        scope.on(self.svg, "focus", self._on_focus)
        scope.on(self.svg, "blur", self._on_blur)
        scope.on(self.svg, "keydown", self._on_key)
        self._destroyed = False
        scope.adopt(self)

    # ----- building ----------------------------------------------------------------------------

    def _build(self, title: str, series, empty_text: str) -> None:
        cid = self.id
        self.svg = s(
            "svg",
            {
                "id": f"{cid}-svg",
                "class_": "chart-svg",
                "tabindex": "0",
                "role": "group",
                "aria_labelledby": f"{cid}-title",
                "aria_describedby": f"{cid}-summary {cid}-help {cid}-readout",
                "font_family": "system-ui, sans-serif",
                # A fixed CSS height: a new viewBox width (see _on_resize) then never changes
                # the element's own size, so the ResizeObserver cannot loop.
                "style": f"height: {self.box.height:.0f}px",
                "preserveAspectRatio": "xMinYMin meet",
            },
        )
        grid = s("g", {"class_": "chart-grid", "aria_hidden": "true"})
        axes = s("g", {"class_": "chart-axes", "aria_hidden": "true"})
        lines = s("g", {"class_": "chart-lines"})
        self.cursor = s("g", {"class_": "chart-cursor", "aria_hidden": "true", "display": "none"})
        for g in (grid, axes, lines, self.cursor):
            self.svg.append(g)

        self.grid = ElementSet.create(grid, "line", MAX_Y_TICKS, "chart-gridline")
        self.grid.set_all("stroke", GRID)
        self.x_axis = s("line", {"class_": "chart-axis", "stroke": INK})
        self.y_axis = s("line", {"class_": "chart-axis", "stroke": INK})
        axes.append(self.x_axis)
        axes.append(self.y_axis)
        self.x_ticks = ElementSet.create(axes, "text", MAX_X_TICKS, "chart-tick chart-tick-x")
        self.x_ticks.set_all("text-anchor", "middle")
        self.y_ticks = ElementSet.create(axes, "text", MAX_Y_TICKS, "chart-tick chart-tick-y")
        self.y_ticks.set_all("text-anchor", "end")
        self.y_ticks.set_all("dominant-baseline", "middle")
        for ticks in (self.x_ticks, self.y_ticks):
            ticks.set_all("font-size", "11")
            ticks.set_all("fill", MUTED)
        self.x_title = s("text", {"class_": "chart-axis-title", "text_anchor": "middle", "font_size": "12",
                                  "fill": INK}, self.x_label)
        self.y_title = s("text", {"class_": "chart-axis-title", "x": 0, "y": 0, "text_anchor": "middle",
                                  "font_size": "12", "fill": INK}, self.y_label)
        axes.append(self.x_title)
        axes.append(self.y_title)
        self.empty = s("text", {"class_": "chart-empty", "text_anchor": "middle", "dominant_baseline": "middle",
                                "font_size": "13", "fill": MUTED}, empty_text)
        self.svg.append(self.empty)

        self.lines: dict[str, object] = {}
        self._index: dict[str, int] = {}  # series name -> its polyline's place in self.line_set
        self.marks: dict[str, object] = {}
        self.cursor_line = s("line", {"class_": "chart-cursor-line", "stroke": MUTED, "stroke_dasharray": "3 3"})
        self.cursor.append(self.cursor_line)
        for k, (name, css) in enumerate(series):
            colour = self.colors[k % len(self.colors)]
            line = s("polyline", {"class_": f"chart-line {css}", "fill": "none", "stroke": colour,
                                  "stroke_width": "1.6", "stroke_linejoin": "round", "data_series": name})
            lines.append(line)
            self.lines[name] = line
            self._index[name] = k
            mark = s("circle", {"class_": f"chart-mark {css}", "r": "4", "fill": "#fff", "stroke": colour,
                                "stroke_width": "2"})
            self.cursor.append(mark)
            self.marks[name] = mark
        self.line_set = ElementSet.collect(lines, "polyline")  # in series order: one call draws them all
        self._place_static()

        legend = None
        if len(series) > 1:
            legend = h("div", {"class_": "chart-legend legend", "aria_label": f"{title}: series"})
            for k, (name, css) in enumerate(series):
                sample = s("svg", {"class_": "chart-key", "width": "22", "height": "10", "aria_hidden": "true"},
                           s("line", {"class_": f"chart-line {css}", "x1": 1, "y1": 5, "x2": 21, "y2": 5,
                                      "stroke": self.colors[k % len(self.colors)], "stroke_width": "2.5"}))
                legend.append(h("span", {"class_": "legend-item", "data_series": name}, sample, name))
        self.readout = h("p", {"id": f"{cid}-readout", "class_": "chart-readout", "aria_live": "polite"})
        # What the chart shows now, in words (latest values, trend): for screen readers, written
        # at most every 2 s while it changes and at once when the chart gets focus (dom.alt).
        self.summary = h("p", {"id": f"{cid}-summary", "class_": "chart-summary visually-hidden"}, empty_text + ".")
        self._empty_text = empty_text
        help_text = h("span", {"id": f"{cid}-help", "class_": "chart-help"},
                      "Point at the chart, or focus it and press the arrow keys, to read exact values.")
        self.element = h(
            "figure",
            {"class_": "chart", "id": cid},
            h("figcaption", {"id": f"{cid}-title", "class_": "chart-title"}, title),
            self.svg,
            legend,
            h("div", {"class_": "chart-foot"}, self.readout, help_text),
            self.summary,
        )
        self.alt = AltText(self._write_summary)

    def _place_static(self) -> None:
        """Position what depends only on the box: viewBox, axis lines, titles, grid extent."""
        b = self.box
        x0, y0, x1, y1 = b.plot
        set_attrs(self.svg, viewBox=f"0 0 {b.width:.0f} {b.height:.0f}")
        set_attrs(self.x_axis, x1=f"{x0:.1f}", y1=f"{y1:.1f}", x2=f"{x1:.1f}", y2=f"{y1:.1f}")
        set_attrs(self.y_axis, x1=f"{x0:.1f}", y1=f"{y0:.1f}", x2=f"{x0:.1f}", y2=f"{y1:.1f}")
        self.grid.set_all("x1", f"{x0:.1f}")
        self.grid.set_all("x2", f"{x1:.1f}")
        self.x_ticks.set_all("y", f"{y1 + 16:.1f}")
        self.y_ticks.set_all("x", f"{x0 - 6:.1f}")
        set_attrs(self.x_title, x=f"{(x0 + x1) / 2:.1f}", y=f"{b.height - 6:.1f}")
        set_attrs(self.y_title, transform=f"translate(14 {(y0 + y1) / 2:.1f}) rotate(-90)")
        set_attrs(self.empty, x=f"{(x0 + x1) / 2:.1f}", y=f"{(y0 + y1) / 2:.1f}")
        set_attrs(self.cursor_line, y1=f"{y0:.1f}", y2=f"{y1:.1f}")

    def _on_resize(self, entries, _observer=None) -> None:
        """Match the viewBox width to the drawn width, so 11 px text stays 11 px on a phone."""
        width = float(entries[0].contentRect.width)
        if width >= 1 and abs(width - self.box.width) >= 1:
            self.box = self.box.resized(width=max(MIN_WIDTH, round(width)))
            self._place_static()
            self._axes_key = None
            self._dirty = True
            self.render()

    # ----- data --------------------------------------------------------------------------------

    def append(self, name: str, x: float, y: float) -> None:
        """Add one point to series ``name`` (drawn at the next render)."""
        self.buffers[name].append(x, self._to_axis(y))
        self._touch(name)

    def append_each(self, x: float, ys: Sequence[float], names: Sequence[str] | None = None) -> None:
        """Add one point at ``x`` to each series: ``ys[i]`` to ``names[i]`` (default: the series
        in order; the first len(ys) of them), e.g. one reading of every layer: ``append_each(iteration, grad_norms)``."""
        for name, y in zip(self.names if names is None else names, ys, strict=False):  # ys may be shorter
            self.append(name, x, y)

    def extend(self, name: str, xs, ys) -> None:
        """Add many points to series ``name`` at once (e.g. one frame's iterations)."""
        self.buffers[name].extend(xs, self._to_axis(ys))
        self._touch(name)

    def set(self, name: str, xs, ys) -> None:
        """Replace series ``name`` with these points."""
        self.buffers[name].clear()
        self.buffers[name].extend(xs, self._to_axis(ys))
        self._touch(name)

    def clear(self) -> None:
        """Empty every series (the empty-state text shows again)."""
        for name, buf in self.buffers.items():
            buf.clear()
            self._touch(name)

    def _touch(self, name: str) -> None:
        """Series ``name`` changed: the next render redraws it (unchanged series are skipped)."""
        self._versions[name] = self._versions.get(name, 0) + 1
        self._dirty = True

    def set_y_domain(self, domain: tuple[float, float] | None) -> None:
        """Fix the y range, or with None fit it to the data again."""
        self.y_domain = domain
        self._dirty = True

    def set_y_axis(self, label: str | None = None, y_format: Callable[[float], str] | None = None,
                   domain: tuple[float, float] | None | EllipsisType = ...) -> None:
        """Change what the y axis means, e.g. when a chapter switches the chart to a log scale::

            chart.set_y_axis("log₁₀ loss", lambda v: f"{v:.3g} (loss {10 ** v:.3g})", domain=None)

        ``label`` is the axis title and the readout's name, ``y_format`` writes a value in the
        readout and the text alternative, ``domain`` fixes the range (None: fit to the data;
        left out: unchanged). Drawn at the next :meth:`render`.
        """
        if label is not None:
            self.y_label = label
            self.y_title.textContent = label
        if y_format is not None:
            self.y_format = y_format
        if domain is not ...:
            self.y_domain = domain
        self._axes_key = None
        self._dirty = True

    def latest(self, name: str) -> tuple[float, float] | None:
        point = self.buffers[name].latest
        if point is None or not self.log_y:
            return point
        return point[0], 10.0 ** point[1]

    def _to_axis(self, ys):
        """What the buffers hold: y itself, or log10(y) on a log axis (y ≤ 0 -> -inf: skipped)."""
        if not self.log_y:
            return ys
        if np.ndim(ys) == 0:  # one point: plain Python (a numpy error-state context costs more)
            y = float(ys)
            return math.log10(y) if y > 0 else -math.inf
        with np.errstate(divide="ignore", invalid="ignore"):
            out = np.log10(np.where(np.asarray(ys, dtype=float) > 0, ys, 0.0))
        return float(out) if np.ndim(out) == 0 else out

    # ----- drawing -----------------------------------------------------------------------------

    def render(self, batch: PolylineBatch | None = None) -> None:
        """Redraw what changed since the last call (call at most once per animation frame).

        The changed lines go to the bridge in one call; with ``batch`` (a
        :class:`nnviz.dom.bridge.PolylineBatch`) they are only added to it, so that several
        charts drawn in one frame cost one call: the caller flushes it.
        """
        if not self._dirty:
            return
        self._dirty = False
        for name, buf in self.buffers.items():  # kept points, recomputed only for changed series
            version = self._versions.get(name, 0)
            if self._point_versions.get(name) != version:
                self._point_versions[name] = version
                self._points[name] = buf.points()
        x0, _, x1, _ = self.box.plot
        x_ticks = int(min(6, max(2, (x1 - x0) // 80)))  # fewer labels on a narrow chart
        domains = vc.fit_domains(self._points.values(), self.y_domain, self.include_zero, x_ticks)
        empty = all(len(xs) == 0 for xs, _ in self._points.values())
        key = (domains, self.box, empty)
        if key != self._axes_key:  # scales, ticks and labels only change with the domains
            self._axes_key = key
            self._frame = vc.frame_for(self.box, *domains, empty, x_ticks)
            self._draw_axes(self._frame)
            set_attrs(self.empty, display="none" if not empty else None)
        frame = self._frame
        changed, keeps = [], []
        for name, pts in self._points.items():
            version = self._versions.get(name, 0)
            before = self._drawn.get(name)
            if before is None or before[:2] != (version, self._axes_key):  # changed series only
                buf = self.buffers[name]
                # same axes and no kept point moved: the settled points drawn last time stay
                keep = before[3] if before is not None and before[1:3] == (self._axes_key, buf.epoch) else 0
                self._drawn[name] = (version, self._axes_key, buf.epoch, buf.settled)
                changed.append((name, pts[0][keep:], pts[1][keep:]))
                keeps.append(keep)
        if changed:  # every changed line's new points scaled at once and sent in one call
            xs = np.concatenate([xs for _, xs, _ in changed])
            ys = np.concatenate([ys for _, _, ys in changed])
            own = batch is None
            batch = PolylineBatch(1) if own else batch
            batch.add(self.line_set, [self._index[name] for name, _, _ in changed], frame.svg_points(xs, ys),
                      [len(xs) for _, xs, _ in changed], keeps)
            if own:
                batch.flush()
        self._draw_cursor()
        self.alt.offer(self.describe)

    def describe(self) -> str:
        """The chart in words, as drawn at the last render: per series the number of points and
        their x range, the latest value and its trend, the lowest and highest value."""
        series = [(name, *self._points.get(name, ((), ()))) for name in self.names]
        empty = self._empty_text.rstrip(".") + "."
        counts = [self.buffers[name].count for name in self.names]
        return line_summary(self.y_label, self.x_label, series, self.x_format, self.y_format, empty, counts)

    def _write_summary(self, text: str) -> None:
        self.summary.textContent = text

    def _draw_axes(self, frame: PlotFrame) -> None:
        for ticks, axis, limit, attr in ((self.x_ticks, frame.x_axis, MAX_X_TICKS, "x"),
                                         (self.y_ticks, frame.y_axis, MAX_Y_TICKS, "y")):
            n = min(len(axis.values), limit)
            pos = np.zeros(limit)
            pos[:n] = axis.positions[:n]
            ticks.set_numbers(attr, pos, 1)
            labels = axis.labels[:n]
            if self.log_y and attr == "y":
                labels = [power_label(v) for v in axis.values[:n]]
            ticks.set_text(labels + [""] * (limit - n))
        n = min(len(frame.y_axis.values), MAX_Y_TICKS)
        ys = np.zeros(MAX_Y_TICKS)
        ys[:n] = frame.y_axis.positions[:n]
        self.grid.set_numbers("y1", ys, 1)
        self.grid.set_numbers("y2", ys, 1)
        self.grid.set_strings("display", ["inline"] * n + ["none"] * (MAX_Y_TICKS - n))

    def _primary(self) -> str | None:
        """The series the cursor steps through: the one with the most kept points."""
        best = max(self.names, key=lambda n: len(self._points.get(n, ((), ()))[0]))
        return best if len(self._points.get(best, ((), ()))[0]) else None

    def _draw_cursor(self) -> None:
        if self._cursor_x is None and not self._follow:
            self._hide_cursor_group()  # no bridge call when it is hidden already
            return
        frame, primary = self._frame, self._primary()
        if frame is None or primary is None:
            self._hide_cursor_group()
            if primary is None:
                self.readout.textContent = ""
            return
        pxs = self._points[primary][0]
        if self._follow:
            self._cursor_x = float(pxs[-1])
        k = vc.nearest_index(pxs, self._cursor_x)
        x = float(pxs[k])
        sx = float(frame.x_scale(x))
        set_attrs(self.cursor_line, x1=f"{sx:.1f}", x2=f"{sx:.1f}")
        parts = []
        for name in self.names:
            xs, ys = self._points[name]
            j = vc.nearest_index(xs, x)
            if j < 0:
                set_attrs(self.marks[name], display="none")
                continue
            set_attrs(self.marks[name], display=None, cx=f"{float(frame.x_scale(xs[j])):.1f}",
                      cy=f"{float(frame.y_scale(ys[j])):.1f}")
            value = self.y_format(10.0 ** float(ys[j]) if self.log_y else float(ys[j]))
            label = self.y_label if len(self.names) == 1 else name
            at = "" if xs[j] == x else f" (at {self.x_format(float(xs[j]))})"
            parts.append(f"{label} {value}{at}")
        set_attrs(self.cursor, display=None)
        self._cursor_hidden = False
        self.readout.textContent = f"{self.x_label} {self.x_format(x)}: " + ", ".join(parts)

    def _hide_cursor_group(self) -> None:
        if not self._cursor_hidden:
            set_attrs(self.cursor, display="none")
            self._cursor_hidden = True

    def _hide_cursor(self) -> None:
        self._cursor_x, self._follow = None, False
        set_attrs(self.cursor, display="none")
        self._cursor_hidden = True
        self.readout.textContent = ""

    # ----- hover and keyboard ------------------------------------------------------------------

    def _svg_x(self, event) -> float:
        """The pointer's x in viewBox units (the SVG keeps its aspect, so one scale factor)."""
        m = self.svg.getScreenCTM()
        return (float(event.clientX) - float(m.e)) / float(m.a)

    def _on_pointer(self, event) -> None:
        primary = self._primary()
        if self._frame is None or primary is None:
            return
        xs = self._points[primary][0]
        k = vc.nearest_index(xs, self._frame.x_scale.invert(self._svg_x(event)))
        self._follow = k == len(xs) - 1  # at the right edge, keep up with new data
        self._cursor_x = float(xs[k])
        self._draw_cursor()

    def _on_leave(self, _event) -> None:
        if self._focused:
            self._follow = True
            self._draw_cursor()
        else:
            self._hide_cursor()

    def _on_focus(self, _event) -> None:
        self._focused = True
        self.alt.now(self.describe)
        if self._cursor_x is None:
            self._follow = True
        self._draw_cursor()

    def _on_blur(self, _event) -> None:
        self._focused = False
        self._hide_cursor()

    def _on_key(self, event) -> None:
        primary = self._primary()
        key = str(event.key)
        if key == "Escape":
            self._hide_cursor()
            return
        if primary is None or key not in ("ArrowLeft", "ArrowRight", "Home", "End"):
            return
        event.preventDefault()
        xs = self._points[primary][0]
        k = len(xs) - 1 if self._cursor_x is None else vc.nearest_index(xs, self._cursor_x)
        step = 10 if event.shiftKey else 1
        k = {"ArrowLeft": k - step, "ArrowRight": k + step, "Home": 0, "End": len(xs) - 1}[key]
        k = max(0, min(len(xs) - 1, k))
        self._cursor_x = float(xs[k])
        self._follow = k == len(xs) - 1
        self._draw_cursor()

    def destroy(self) -> None:
        """Release the bridge handles and the resize observer (the elements go with the root); once."""
        if self._destroyed:
            return
        self._destroyed = True
        self.alt.cancel()
        self._resize.disconnect()
        for es in (self.grid, self.x_ticks, self.y_ticks, self.line_set):
            es.drop()


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def power_label(v: float) -> str:
    """A log axis tick: -3 -> "10⁻³", 0 -> "1", 1 -> "10", -2.5 -> "0.0032"."""
    v = float(v)
    if abs(v - round(v)) > 1e-9:
        return f"{10.0 ** v:.2g}"
    k = round(v)
    if k in (0, 1):
        return "1" if k == 0 else "10"
    return "10" + str(k).translate(_SUPERSCRIPT)
