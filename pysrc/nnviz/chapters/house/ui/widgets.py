"""Controls and small pictures shared by the house chapter's sections.

- :class:`NumberSlider`: a range slider with a text field for exact values (bad text is refused
  with a message and ``aria-invalid``, never applied).
- :class:`Counter`: a whole-number field with − / + buttons (the shape explorer).
- :class:`DenseDiagram`: draws a :class:`nnviz.chapters.house.single_neuron.DenseLayout` with each weight's
  value on its edge, coloured by sign (it adopts itself into the scope it is given).
- :func:`part`: one titled section of the chapter.
"""

from __future__ import annotations

from collections.abc import Callable

from nnviz import urlstate
from nnviz.chapters.house.single_neuron import DenseLayout, edge_signs, edge_texts
from nnviz.chapters.house.state import SliderSpec
from nnviz.dom.bridge import ElementSet
from nnviz.dom.elements import h, s, set_attrs


def fmt_fixed(value: float, digits: int) -> str:
    """The text a number field shows: fixed decimals, trailing zeros trimmed (0.18, 247.21)."""
    text = f"{value:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class NumberSlider:
    """A labelled slider plus a text field for exact entry, both showing one state value.

    ``on_value(value, commit)`` is called with a valid value: ``commit`` is False while the
    visitor drags or types and True when they let go (slider ``change``, field Enter or blur).
    """

    def __init__(self, scope, prefix: str, spec: SliderSpec, on_value: Callable[[float, bool], None]):
        self.spec = spec
        self.on_value = on_value
        self._editing = False
        self._shown: float | None = None
        base = f"{prefix}-{spec.field}"
        self.slider = h("input", {"type": "range", "id": base, "min": spec.lo, "max": spec.hi, "step": spec.step,
                                  "class_": "house-range", "aria_describedby": f"{base}-msg"})
        self.field = h("input", {"type": "text", "id": f"{base}-num", "class_": "house-num", "inputmode": "decimal",
                                 "autocomplete": "off", "spellcheck": "false", "aria_label": f"{spec.label} value",
                                 "aria_describedby": f"{base}-range-help {base}-msg"})
        self.msg = h("p", {"id": f"{base}-msg", "class_": "field-msg", "aria_live": "polite"})
        self.note = h("span", {"class_": "range-note", "id": f"{base}-range-help"},
                      f"{fmt_fixed(spec.lo, 4)} to {fmt_fixed(spec.hi, 4)}")
        self.element = h(
            "div", {"class_": "slider-row"},
            h("label", {"for": base, "class_": "slider-label"}, spec.label),
            self.slider,
            self.field,
            self.note,
            self.msg,
        )
        scope.on(self.slider, "input", lambda _e: self._from_slider(False))
        scope.on(self.slider, "change", lambda _e: self._from_slider(True))
        scope.on(self.field, "input", lambda _e: self._from_field(False))
        scope.on(self.field, "change", lambda _e: self._from_field(True))
        scope.on(self.field, "keydown", self._on_key)

    def _from_slider(self, commit: bool) -> None:
        self._editing = False
        self._shown = None
        self._message("")
        self.on_value(float(self.slider.value), commit)

    def parse(self, text: str) -> float:
        """The value typed, or :class:`nnviz.urlstate.Invalid` with the reason it is refused."""
        value = urlstate.parse_number(text)
        spec = self.spec
        if not spec.lo <= value <= spec.hi:
            raise urlstate.Invalid(
                f"{fmt_fixed(value, 6)} is out of range: the {spec.label.lower()} must be between "
                f"{fmt_fixed(spec.lo, 4)} and {fmt_fixed(spec.hi, 4)}."
            )
        return value

    def _from_field(self, commit: bool) -> None:
        try:
            value = self.parse(str(self.field.value))
        except urlstate.Invalid as exc:
            self._message(f"Not applied: {exc}")
            return
        self._message("")
        self._editing = not commit
        self._shown = None
        self.on_value(value, commit)

    def _on_key(self, event) -> None:
        if str(event.key) == "Enter":
            event.preventDefault()
            self._from_field(True)

    def _message(self, text: str) -> None:
        self.msg.textContent = text
        set_attrs(self.field, aria_invalid="true" if text else None)

    @property
    def invalid(self) -> bool:
        return bool(self.msg.textContent)

    def show(self, value: float) -> None:
        """Show a value that came from the state (the slider pins at its ends if outside)."""
        if value == self._shown:
            return
        self._shown = value
        self.slider.value = str(value)
        if not self._editing:  # a new value from elsewhere (the slider, a GD step) replaces refused text
            self._message("")
            self.field.value = fmt_fixed(value, self.spec.digits)
        outside = not self.spec.lo <= value <= self.spec.hi
        self.element.classList.toggle("outside", outside)


class Counter:
    """A whole-number text field from lo to hi with − and + buttons, e.g. "Features" 1–10."""

    def __init__(self, scope, field_id: str, label: str, noun: str, parse: Callable[[str], int],
                 lo: int, hi: int, on_value: Callable[[int], None]):
        self.lo, self.hi, self.parse, self.on_value = lo, hi, parse, on_value
        self.value = lo
        self.field = h("input", {"type": "text", "id": field_id, "class_": "counter-field", "inputmode": "numeric",
                                 "autocomplete": "off", "aria_describedby": f"{field_id}-msg"})
        self.minus = h("button", {"type": "button", "class_": "btn btn-icon", "aria_label": f"Remove a {noun}"}, "−")
        self.plus = h("button", {"type": "button", "class_": "btn btn-icon", "aria_label": f"Add a {noun}"}, "+")
        self.msg = h("p", {"id": f"{field_id}-msg", "class_": "field-msg", "aria_live": "polite"})
        self.element = h(
            "div", {"class_": "counter"},
            h("label", {"for": field_id, "class_": "field-label"}, label),
            h("div", {"class_": "counter-row"}, self.minus, self.field, self.plus),
            self.msg,
        )
        scope.on(self.field, "input", lambda _e: self._typed())
        scope.on(self.minus, "click", lambda _e: self._step(-1))
        scope.on(self.plus, "click", lambda _e: self._step(1))

    def _typed(self) -> None:
        try:
            value = self.parse(str(self.field.value))
        except urlstate.Invalid as exc:
            self.msg.textContent = f"Not applied: {exc}"
            set_attrs(self.field, aria_invalid="true")
            return
        self._clear_message()
        self.on_value(value)

    def _step(self, delta: int) -> None:
        value = min(self.hi, max(self.lo, self.value + delta))
        self._clear_message()
        self.field.value = str(value)
        self.on_value(value)

    def _clear_message(self) -> None:
        self.msg.textContent = ""
        set_attrs(self.field, aria_invalid=None)

    def show(self, value: int) -> None:
        self.value = value
        if not self.msg.textContent and str(self.field.value).strip() != str(value):
            self.field.value = str(value)
        self.minus.disabled = value <= self.lo
        self.plus.disabled = value >= self.hi


class DenseDiagram:
    """An SVG of input nodes (features, then the bias "1") wired to output nodes, values on edges.

    Ids follow :mod:`nnviz.chapters.house.single_neuron`: ``{prefix}-edge-{i}-{j}`` for every edge and
    ``{prefix}-in-{i}`` / ``{prefix}-out-{j}`` for the nodes. ``in_values`` / ``out_values``
    (text under each node) are optional per-example readings.
    """

    def __init__(self, scope, prefix: str, lay: DenseLayout, label: str, out_symbols: tuple[str, ...] | None = None):
        scope.adopt(self)
        self.lay = lay
        self.svg = s("svg", {"id": f"{prefix}-net", "class_": "house-net", "role": "img", "aria_label": label,
                             "viewBox": f"0 0 {lay.width:.0f} {lay.height:.0f}"})
        edges_g = s("g", {"class_": "net-edges"})
        labels_g = s("g", {"class_": "net-edge-labels"})
        nodes_g = s("g", {"class_": "net-nodes"})
        for g in (edges_g, nodes_g, labels_g):
            self.svg.append(g)
        self.edges = ElementSet.create(edges_g, "line", len(lay.edges), "net-edge", lay.edge_ids(prefix))
        for k, name in enumerate(("x1", "y1", "x2", "y2")):
            self.edges.set_numbers(name, lay.edges[:, k], 1)
        self.edge_labels = ElementSet.create(labels_g, "text", len(lay.edges), "net-edge-label")
        self.edge_labels.set_numbers("x", lay.label_xy[:, 0], 1)
        self.edge_labels.set_numbers("y", lay.label_xy[:, 1] - 4, 1)
        r = lay.radius
        names = [*lay.input_names, "1"]
        for i, ((x, y), name) in enumerate(zip(lay.inputs, names, strict=True)):
            bias = i == len(names) - 1
            nodes_g.append(s("circle", {"id": f"{prefix}-in-{i}", "class_": "net-node bias" if bias else "net-node",
                                        "cx": f"{x:.1f}", "cy": f"{y:.1f}", "r": f"{r * (0.7 if bias else 1):.1f}"}))
            nodes_g.append(s("text", {"class_": "net-node-name", "x": f"{x - r - 6:.1f}", "y": f"{y + 4:.1f}",
                                      "text_anchor": "end"}, "bias 1" if bias else name))
        symbols = out_symbols or ("Σ",) * len(lay.outputs)
        for j, ((x, y), name) in enumerate(zip(lay.outputs, lay.output_names, strict=True)):
            nodes_g.append(s("circle", {"id": f"{prefix}-out-{j}", "class_": "net-node out", "cx": f"{x:.1f}",
                                        "cy": f"{y:.1f}", "r": f"{r:.1f}"}))
            nodes_g.append(s("text", {"class_": "net-node-symbol", "x": f"{x:.1f}", "y": f"{y + 5:.1f}",
                                      "text_anchor": "middle"}, symbols[j]))
            nodes_g.append(s("text", {"class_": "net-node-name", "x": f"{x + r + 8:.1f}", "y": f"{y + 4:.1f}"}, name))
        self.in_values = ElementSet.create(nodes_g, "text", len(lay.inputs), "net-node-value")
        self.in_values.set_numbers("x", lay.inputs[:, 0], 1)
        self.in_values.set_numbers("y", lay.inputs[:, 1] + r + 14, 1)
        self.in_values.set_all("text-anchor", "middle")
        self.out_values = ElementSet.create(nodes_g, "text", len(lay.outputs), "net-node-value")
        self.out_values.set_numbers("x", lay.outputs[:, 0], 1)
        self.out_values.set_numbers("y", lay.outputs[:, 1] + r + 14, 1)
        self.out_values.set_all("text-anchor", "middle")

    def show_weights(self, W, b) -> None:
        """Write each weight ("×0.180") and bias ("+12.0") on its edge; colour edges by sign."""
        self.edge_labels.set_text(edge_texts(W, b))
        self.edges.set_strings("class", [f"net-edge {c}" for c in edge_signs(W, b)])

    def show_values(self, inputs: list[str], outputs: list[str]) -> None:
        """Write one example's values under the input and output nodes ("" hides one)."""
        self.in_values.set_text(inputs)
        self.out_values.set_text(outputs)

    def destroy(self) -> None:
        """Release the bridge handles (the scope calls this on unmount)."""
        for es in (self.edges, self.edge_labels, self.in_values, self.out_values):
            es.drop()


def part(section_id: str, title: str, intro: str, *children):
    """One section of the chapter: ``<section id=…>`` labelled by its ``<h3>`` title, an intro
    paragraph, then ``children``."""
    return h("section", {"class_": "house-part", "id": section_id, "aria_labelledby": f"{section_id}-title"},
             h("h3", {"id": f"{section_id}-title", "class_": "house-part-title"}, title),
             h("p", {"class_": "house-intro"}, intro),
             *children)
