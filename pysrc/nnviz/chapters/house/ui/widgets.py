"""Controls and small pictures shared by the house chapter's sections.

The number controls are the kit's :class:`nnviz.dom.number_input.NumberInput` (see
:func:`slider` and :func:`counter`).
- :class:`DenseDiagram`: draws a :class:`nnviz.chapters.house.single_neuron.DenseLayout` with each weight's
  value on its edge, coloured by sign (it adopts itself into the scope it is given).
- :func:`part`: one titled section of the chapter.
"""

from __future__ import annotations

from collections.abc import Callable

from nnviz.chapters.house.single_neuron import DenseLayout, edge_signs, edge_texts
from nnviz.chapters.house.state import COUNTS, SliderSpec
from nnviz.dom.bridge import ElementSet
from nnviz.dom.elements import h, s
from nnviz.dom.number_input import NumberInput


def slider(scope, prefix: str, spec: SliderSpec, on_value: Callable[[float, bool], None]) -> NumberInput:
    """A weight/bias slider ``{prefix}-{field}`` with its exact field "<label> value" (e.g. "Weight value")."""
    return NumberInput(scope, f"{prefix}-{spec.field}", spec.number, on_value, variant="slider",
                       field_name=f"{spec.label} value")


def counter(scope, name: str, noun: str, on_value: Callable[[int], None]) -> NumberInput:
    """The shape explorer's counter ``house-{name}`` with "Remove a {noun}" / "Add a {noun}" buttons."""
    return NumberInput(scope, f"house-{name}", COUNTS[name], lambda v, _commit: on_value(int(v)),
                       variant="counter", button_names=(f"Remove a {noun}", f"Add a {noun}"))


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
