"""Controls and small pictures shared by the house chapter's sections.

The number controls are the kit's :class:`nnviz.dom.number_input.NumberInput` (see
:func:`slider` and :func:`counter`).
- :class:`NeuronDiagram`: the kit's network picture of :func:`nnviz.chapters.house.single_neuron.dense_layout`
  with each weight's value on its edge, coloured by sign (it adopts itself into the scope it is given).
- :func:`part`: one titled section of the chapter.
"""

from __future__ import annotations

from collections.abc import Callable

from nnviz.chapters.house.single_neuron import edge_signs, edge_texts
from nnviz.chapters.house.state import COUNTS, SliderSpec
from nnviz.dom.diagram import LabelledEdges, NetworkDiagram
from nnviz.dom.elements import h
from nnviz.dom.number_input import NumberInput


def slider(scope, prefix: str, spec: SliderSpec, on_value: Callable[[float, bool], None]) -> NumberInput:
    """A weight/bias slider ``{prefix}-{field}`` with its exact field "<label> value" (e.g. "Weight value")."""
    return NumberInput(scope, f"{prefix}-{spec.field}", spec.number, on_value, variant="slider",
                       field_name=f"{spec.label} value")


def counter(scope, name: str, noun: str, on_value: Callable[[int], None]) -> NumberInput:
    """The shape explorer's counter ``house-{name}`` with "Remove a {noun}" / "Add a {noun}" buttons."""
    return NumberInput(scope, f"house-{name}", COUNTS[name], lambda v, _commit: on_value(int(v)),
                       variant="counter", button_names=(f"Remove a {noun}", f"Add a {noun}"))


class NeuronDiagram(NetworkDiagram):
    """The kit's picture of one dense layer with a bias node "1", each weight's value on its edge.

    Ids are the kit's with ``{prefix}-``: ``{prefix}-edge-0-{i}-{j}``, ``{prefix}-node-{l}-{i}``.
    The node names and ``out_symbols`` (default "Σ") are per-node slots, as are the values
    written under the nodes (:meth:`show_values`).
    """

    def __init__(self, scope, prefix: str, lay, label: str, input_names: tuple[str, ...],
                 output_names: tuple[str, ...], out_symbols: tuple[str, ...] | None = None):
        super().__init__(f"{prefix}-net", label, edges=LabelledEdges("net-edge"), css_class="house-net", role="img",
                         node_class=lambda layer: "net-node out" if layer else "net-node", node_role=None)
        scope.adopt(self)
        self.draw(lay)
        r = lay.radius
        self.slot(0, "text", "net-node-name", dx=-r - 6, dy=4, text_anchor="end").set_text([*input_names, "bias 1"])
        self.slot(1, "text", "net-node-symbol", dy=5, text_anchor="middle").set_text(
            out_symbols or ("Σ",) * len(output_names))
        self.slot(1, "text", "net-node-name", dx=r + 8, dy=4).set_text(list(output_names))
        self.in_values = self.slot(0, "text", "net-node-value", dy=r + 14, text_anchor="middle")
        self.out_values = self.slot(1, "text", "net-node-value", dy=r + 14, text_anchor="middle")

    def show_weights(self, W, b) -> None:
        """Write each weight ("×0.180") and bias ("+12.0") on its edge; colour edges by sign."""
        self.edges.show(edge_texts(W, b), edge_signs(W, b))

    def show_values(self, inputs: list[str], outputs: list[str]) -> None:
        """Write one example's values under the input and output nodes ("" hides one)."""
        self.in_values.set_text(inputs)
        self.out_values.set_text(outputs)


def part(section_id: str, title: str, intro: str, *children):
    """One section of the chapter: ``<section id=…>`` labelled by its ``<h3>`` title, an intro
    paragraph, then ``children``."""
    return h("section", {"class_": "house-part", "id": section_id, "aria_labelledby": f"{section_id}-title"},
             h("h3", {"id": f"{section_id}-title", "class_": "house-part-title"}, title),
             h("p", {"class_": "house-intro"}, intro),
             *children)
