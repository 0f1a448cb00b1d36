"""The single-neuron chapter: controls, the neuron drawn, the computation, the function's
properties and plots, the (x1, x2) plane, the scoring panel and the comparison plot.

State is :class:`nnviz.chapters.neuron.state.State` (all in the link). The two probes (where
the pointer or the arrow keys read the function plots and the comparison plot) are view
state, kept here and drawn by ``render`` like everything else. ``render`` recomputes the
forward pass (a few numbers) every time and redraws curves, the heatmap and the texts only
when what they depend on changed.

The page is four rows ("top": the controls, the drawing and the computation; "fn": the
function, its plots and properties; "plane": the (x1, x2) map and the scoring; "cmp": the
comparison). While a control is being dragged (changes not yet committed), a row out of
view is not redrawn: what it owes is kept and drawn when it scrolls into view, or when the
change is committed (the slider released, Enter, a click), so after every committed change
every row shows the state.
"""

from __future__ import annotations

import numpy as np

from nnviz.chapters.base import ChapterBase, Dirty
from nnviz.chapters.neuron import maths, plot
from nnviz.chapters.neuron.state import (
    ELEMENTWISE,
    FIELDS,
    FUNCTIONS,
    LABEL,
    SPECS,
    WORKED_EXAMPLE,
    State,
)
from nnviz.chapters.neuron.ui.drawing import NeuronDrawing
from nnviz.chapters.neuron.ui.panels import (
    Computation,
    PropertiesPanel,
    Scoring,
    SoftmaxPanel,
    exact,
)
from nnviz.chapters.neuron.ui.plane import Plane
from nnviz.chapters.neuron.ui.widgets import CurvePlot
from nnviz.dom.elements import h, s
from nnviz.dom.number_input import NumberInput
from nnviz.dom.visibility import InView
from nnviz.dom.writer import BatchWriter, flush

ZS = np.linspace(*maths.Z_RANGE, 241)  # z = −6, −5.95, …, 6 (0 is one of them)
ACCENT, SLOPE = "#0072b2", "#d55e00"
CMP_RANGE, CMP_DER_RANGE = (-1.5, 3.0), (-0.5, 1.5)
INPUTS = ("x1", "x2", "w1", "w2", "b")
MAP_KEYS = ("w1", "w2", "b", "f", "alpha", "l2", "l3")
CURVE_KEYS = ("f", "alpha", "l2", "l3")
ROWS = ("top", "fn", "plane", "cmp")


class Chapter(ChapterBase):
    """The widget of chapter 1 (see the module docstring)."""

    State = State
    FIELDS = FIELDS

    def build(self) -> None:
        self.w = BatchWriter()
        self._probe: float | None = None
        self._cmp_probe: float | None = None
        self._cmp_shown = None  # what the comparison's marks show, so an unchanged z costs nothing
        self.inputs = {name: self._number(name) for name in (*INPUTS, "alpha", "l2", "l3", "y")}
        example = h("button", {"type": "button", "class_": "btn btn-primary", "id": "neuron-worked"}, "Load the worked example")
        reset = h("button", {"type": "button", "class_": "btn", "id": "neuron-reset"}, "Back to the first example")
        controls = h("section", {"class_": "panel neuron-controls", "data_group": "inputs", "aria_labelledby": "neuron-in-title"},
                     h("h3", {"id": "neuron-in-title"}, "Inputs, weights and bias"),
                     *[self.inputs[n].element for n in INPUTS],
                     h("div", {"class_": "btn-row"}, example, reset),
                     h("p", {"class_": "neuron-hint"}, "The worked example is the forward-propagation example: inputs 1.0 "
                                                       "and 0.5, weights 0.3 and 0.7, bias 0.1, sigmoid."))
        self.scope.on(example, "click", lambda _e: self.set_state(**WORKED_EXAMPLE))
        first = State()
        self.scope.on(reset, "click", lambda _e: self.set_state(**{k: getattr(first, k) for k in (*INPUTS, "f")}))

        self.drawing = NeuronDrawing()
        self.calc = Computation()

        # activation function: a radio group (roving tabindex: the arrows move within it)
        self.radios = {}
        options = []
        for key, _, label in FUNCTIONS:
            radio = h("input", {"type": "radio", "name": "neuron-f", "value": key, "id": f"neuron-f-{key}"})
            self.radios[key] = radio
            options.append(h("label", {"class_": "neuron-radio", "for": f"neuron-f-{key}"}, radio, label))
        self.softmax = SoftmaxPanel(self.inputs["l2"], self.inputs["l3"])
        self.alpha_box = h("div", {"class_": "neuron-alpha"}, self.inputs["alpha"].element)
        picker = h("fieldset", {"class_": "panel neuron-picker", "data_group": "activation", "role": "radiogroup",
                                "aria_labelledby": "neuron-f-legend"},
                   h("legend", {"id": "neuron-f-legend"}, "Activation function"),
                   h("div", {"class_": "neuron-radios"}, *options), self.alpha_box, self.softmax.element)
        self.scope.on(picker, "change", self._on_pick)
        self.props = PropertiesPanel()

        self.f_plot = CurvePlot(self.scope, "neuron-fplot", "The function a = f(z)", "a", self._set_probe)
        self.d_plot = CurvePlot(self.scope, "neuron-dplot", "Its derivative f′(z)", "f′", self._set_probe)
        self.plane = Plane(self.scope, lambda x1, x2, commit: self.set_state(commit, x1=x1, x2=x2))
        self.scoring = Scoring(self.inputs["y"])

        # comparison: toggles double as the legend (colour and dash of each line)
        self.cmp_plot = CurvePlot(self.scope, "neuron-cmp", "Activation function comparison", "f(z)", self._set_cmp_probe,
                                  size=(480, 280))
        self.cmp_der = CurvePlot(self.scope, "neuron-cmp-der", "Their derivatives", "f′(z)", self._set_cmp_probe,
                                 size=(480, 280))
        self.toggles = {}
        keys = []
        for key in ELEMENTWISE:
            colour, dash = plot.STYLE[key]
            box = h("input", {"type": "checkbox", "value": key, "id": f"neuron-cmp-{key}"})
            self.toggles[key] = box
            sample = s("svg", {"width": 28, "height": 10, "aria_hidden": "true", "class_": "neuron-key"},
                       s("line", {"x1": 1, "y1": 5, "x2": 27, "y2": 5, "stroke": colour, "stroke_width": 3,
                                  "stroke_dasharray": dash or "none"}))
            keys.append(h("label", {"class_": "neuron-toggle", "for": f"neuron-cmp-{key}"}, box, sample, LABEL[key]))
        self.deriv_box = h("input", {"type": "checkbox", "id": "neuron-cmp-deriv"})
        toggles = h("fieldset", {"class_": "neuron-toggles", "aria_labelledby": "neuron-cmp-legend"},
                    h("legend", {"id": "neuron-cmp-legend"}, "Functions to compare (the legend)"), *keys,
                    h("label", {"class_": "neuron-toggle neuron-deriv", "for": "neuron-cmp-deriv"}, self.deriv_box,
                      "also plot their derivatives"),
                    h("p", {"class_": "neuron-hint"}, "Softmax is left out: it needs several numbers at once."))
        self.scope.on(toggles, "change", self._on_toggle)
        comparison = h("section", {"class_": "neuron-compare panel", "aria_label": "Activation function comparison"},
                       toggles, h("div", {"class_": "neuron-cmp-plots"}, self.cmp_plot.element, self.cmp_der.element))

        rows = {
            "top": h("div", {"class_": "neuron-row neuron-row-top"}, controls,
                     h("div", {"class_": "neuron-stack"}, self.drawing.element, self.calc.element)),
            "fn": h("div", {"class_": "neuron-row neuron-row-fn"}, picker,
                    h("div", {"class_": "neuron-stack"}, h("div", {"class_": "neuron-plots"}, self.f_plot.element,
                                                           self.d_plot.element), self.props.element)),
            "plane": h("div", {"class_": "neuron-row neuron-row-plane"}, self.plane.element, self.scoring.element),
            "cmp": comparison,
        }
        self.root.append(h("div", {"class_": "neuron"}, *rows.values()))
        # rows out of view wait during a drag (module docstring): what each one owes
        self._dragging = False
        self._owed: dict[str, set[str]] = {row: set() for row in ROWS}
        self.seen = InView(self.scope, rows, self._on_seen)
        # every view's queued writes go out in one bridge call at the end of render
        self._writers = (self.w, self.drawing.w, self.calc.w, self.softmax.w, self.scoring.w, self.plane.w,
                         self.f_plot.writer, self.d_plot.writer, self.cmp_plot.writer, self.cmp_der.writer)

    def _number(self, name: str) -> NumberInput:
        return NumberInput(self.scope, f"neuron-{name}", SPECS[name],
                           lambda v, commit: self.set_state(commit, **{name: v}), value=getattr(self.state, name))

    # -- events ---------------------------------------------------------------------------------
    def set_state(self, commit: bool = True, **changes) -> None:
        """The base's, plus: uncommitted changes are a drag (rows out of view wait); a commit
        draws what they owe."""
        self._dragging = not commit
        super().set_state(commit, **changes)
        if commit and any(self._owed.values()):
            self.invalidate("owed")

    def _on_seen(self, row: str, visible: bool) -> None:
        if visible and self._owed[row]:
            self.invalidate("owed")

    def _on_pick(self, event) -> None:
        if str(event.target.name) == "neuron-f":
            self.set_state(f=str(event.target.value))

    def _on_toggle(self, _event) -> None:
        chosen = tuple(k for k in ELEMENTWISE if self.toggles[k].checked)
        self.set_state(cmp=chosen, deriv=bool(self.deriv_box.checked))

    def _set_probe(self, z: float | None) -> None:
        if z != self._probe:
            self._probe = z
            self.invalidate("probe", now=True)

    def _set_cmp_probe(self, z: float | None) -> None:
        if z != self._cmp_probe:
            self._cmp_probe = z
            self.invalidate("cmp_probe", now=True)

    # -- drawing --------------------------------------------------------------------------------
    def render(self, dirty: Dirty) -> None:
        st = self.state
        for name, field in self.inputs.items():
            field.show(getattr(st, name))
        r = maths.forward(st)
        top, fn, plane, cmp = (self._due(row, dirty) for row in ROWS)
        if top is not None:
            self.drawing.update(st, r)
            self.calc.update(st, r)
        if fn is not None:
            if fn.any("f", "alpha"):
                self._render_choice(st)
            if fn.any(*CURVE_KEYS):
                self._render_curves(st)
            self.softmax.update(r)
            self._render_marks(st, r)
        if plane is not None:
            if plane.any(*MAP_KEYS):
                self.plane.draw_map(st)
            self.plane.draw_point(st, r.a)
            self.scoring.update(st, r, maths.score(r, st.y, st.f))
        if cmp is not None:
            if cmp.any("cmp", "deriv", "alpha"):
                self._render_comparison(st)
            self._render_cmp_marks(st, r)
        flush(self._writers)

    def _due(self, row: str, dirty: Dirty) -> Dirty | None:
        """What ``row`` must redraw now (``dirty`` and what it owes), or None when it waits: a
        drag is on and the row is out of view (then it owes ``dirty``)."""
        owed = self._owed[row]
        if self._dragging and not self.seen.shows(row):
            owed.update(dirty)
            return None
        if not owed:
            return dirty
        due = Dirty.ALL if dirty is Dirty.ALL or "*" in owed else Dirty(owed | dirty)
        owed.clear()
        return due

    def _render_choice(self, st: State) -> None:
        for key, radio in self.radios.items():
            radio.checked = key == st.f
            radio.tabIndex = 0 if key == st.f else -1
        self.alpha_box.hidden = st.f != "leaky"
        self.softmax.element.hidden = st.f != "softmax"
        self.props.update(st)

    def _render_curves(self, st: State) -> None:
        a, slope = maths.curves(st.f, st.alpha, ZS, (st.l2, st.l3))
        self.f_plot.set_y_range(plot.y_range_of(a))
        self.d_plot.set_y_range(plot.y_range_of(slope))
        line = plot.step_polyline if st.f == "step" else plot.polyline
        jumpy = plot.step_polyline if st.f in ("relu", "leaky", "step") else plot.polyline
        self.f_plot.set_curve("f", line(self.f_plot.frame, ZS, a), ACCENT)
        self.d_plot.set_curve("d", jumpy(self.d_plot.frame, ZS, slope), SLOPE)
        soft = st.f == "softmax"
        self.w.text(self.f_plot.title,
                    "a₁ as its own logit z changes (z₂, z₃ fixed)" if soft else f"The function a = {LABEL[st.f]}(z)")
        self.w.text(self.d_plot.title,
                    "Its slope ∂a₁/∂z = a₁(1 − a₁)" if soft else f"Its derivative {LABEL[st.f]}′(z)")

    def _render_marks(self, st: State, r) -> None:
        for p in (self.f_plot, self.d_plot):
            p.now_z, p.probe_z = r.z, self._probe
        self.f_plot.mark("now", r.z, {"f": (r.a, ACCENT)})
        self.d_plot.mark("now", r.z, {"d": (r.slope, SLOPE)})
        name = "a₁" if st.f == "softmax" else LABEL[st.f]
        if self._probe is None:
            self.f_plot.mark("probe", None, {})
            self.d_plot.mark("probe", None, {})
            z, a, d, where = r.z, r.a, r.slope, "At the current z"
        else:
            z = self._probe
            a, d = maths.point(st.f, st.alpha, z, (st.l2, st.l3))
            self.f_plot.mark("probe", z, {"f": (a, ACCENT)})
            self.d_plot.mark("probe", z, {"d": (d, SLOPE)})
            where = "At z"
        off = "" if maths.Z_RANGE[0] <= z <= maths.Z_RANGE[1] else " (off the plot: marked at its edge)"
        note = ""
        if z == 0 and st.f in ("relu", "leaky", "step"):
            note = " (the derivative is not defined at 0: a corner or a jump; the code uses this value)"
        self.w.text(self.f_plot.readout, f"{where} = {exact(z)}{off}: {name}(z) = {exact(a)}")
        self.w.text(self.d_plot.readout, f"{where} = {exact(z)}: slope = {exact(d)}{note}")

    def _render_comparison(self, st: State) -> None:
        for key, box in self.toggles.items():
            box.checked = key in st.cmp
        self.deriv_box.checked = st.deriv
        self.cmp_plot.set_y_range(CMP_RANGE)
        self.cmp_der.set_y_range(CMP_DER_RANGE)
        self.cmp_der.element.hidden = not st.deriv
        for key in ELEMENTWISE:
            colour, dash = plot.STYLE[key]
            shown = key in st.cmp
            a, d = maths.curves(key, st.alpha, ZS) if shown else (None, None)
            line = plot.step_polyline if key == "step" else plot.polyline
            jumpy = plot.step_polyline if key in ("relu", "leaky", "step") else plot.polyline
            self.cmp_plot.set_curve(key, line(self.cmp_plot.frame, ZS, a) if shown else None, colour, dash)
            self.cmp_der.set_curve(key, jumpy(self.cmp_der.frame, ZS, d) if shown and st.deriv else None, colour, dash)

    def _render_cmp_marks(self, st: State, r) -> None:
        z = self._cmp_probe if self._cmp_probe is not None else r.z
        key = (z, self._cmp_probe is None, st.cmp, st.alpha, st.deriv)
        if key == self._cmp_shown:
            return
        self._cmp_shown = key
        for p in (self.cmp_plot, self.cmp_der):
            p.now_z, p.probe_z = r.z, self._cmp_probe
        values, slopes, parts = {}, {}, []
        for key in st.cmp:
            colour = plot.STYLE[key][0]
            a, d = maths.point(key, st.alpha, z)
            values[key], slopes[key] = (a, colour), (d, colour)
            parts.append(f"{LABEL[key]} {exact(a)}" + (f" (slope {exact(d)})" if st.deriv else ""))
        kind = "now" if self._cmp_probe is None else "probe"
        other = "probe" if kind == "now" else "now"
        self.cmp_plot.mark(other, None, {})
        self.cmp_der.mark(other, None, {})
        self.cmp_plot.mark(kind, z, values)
        self.cmp_der.mark(kind, z, slopes if st.deriv else {})
        where = "At the current z" if self._cmp_probe is None else "At z"
        self.w.text(self.cmp_plot.readout, f"{where} = {exact(z)}: " + ("; ".join(parts) if parts else "no function chosen"))
        self.w.text(self.cmp_der.readout, "")
