"""Draw a :class:`nnviz.view.network_diagram.Layout` as SVG, and apply highlights to it.

All element creation and updates go through :mod:`nnviz.dom.bridge` in batches: a
12 × 64 network (768 neurons, 2,500 drawn connections) is drawn in a handful of calls.
"""

from __future__ import annotations

import numpy as np

from nnviz.dom.bridge import ElementSet
from nnviz.dom.elements import clear, s, set_attrs
from nnviz.view.network_diagram import NODE_STATES, Highlight, Layout


class NetworkDiagram:
    """An <svg> with layers of edges (one <g> per gap), a focus-edge overlay and nodes."""

    def __init__(self, svg_id: str, label: str):
        self.svg = s("svg", {"id": svg_id, "class_": "net", "role": "group", "aria_label": label})
        self.edge_layer = s("g", {"class_": "edges"})
        self.focus_layer = s("g", {"class_": "focus-edges"})
        self.node_layer = s("g", {"class_": "nodes"})
        for g in (self.edge_layer, self.focus_layer, self.node_layer):
            self.svg.append(g)
        self.layout: Layout | None = None
        self.nodes: ElementSet | None = None
        self.gaps: ElementSet | None = None
        self.edge_sets: list[ElementSet] = []
        self._focus_sets: list[ElementSet] = []
        self._gap_classes: list[str] | None = None

    def draw(self, lay: Layout, layer_names: list[str]) -> None:
        """Replace the picture with ``lay`` (ids from the model: node-l-i, edge-g-i-j).

        ``layer_names`` (e.g. "Hidden layer 1") give each neuron its accessible name.
        """
        self._release()
        self.layout = lay
        set_attrs(self.svg, viewBox=f"0 0 {lay.width:.0f} {lay.height:.0f}")
        for g in range(len(lay.sizes) - 1):
            group = s("g", {"class_": "gap", "id": f"gap-{g}"})
            self.edge_layer.append(group)
            lines = lay.edge_lines(g)
            edges = ElementSet.create(group, "line", len(lines), "edge", lay.edge_ids(g))
            for k, name in enumerate(("x1", "y1", "x2", "y2")):
                edges.set_numbers(name, lines[:, k], 1)
            self.edge_sets.append(edges)
        self.gaps = ElementSet.collect(self.edge_layer, "g.gap")
        xy = lay.all_node_xy()
        ids = lay.node_ids()
        self.nodes = ElementSet.create(self.node_layer, "circle", len(ids), "node", ids)
        self.nodes.set_numbers("cx", xy[:, 0], 1)
        self.nodes.set_numbers("cy", xy[:, 1], 1)
        self.nodes.set_all("r", f"{lay.radius:.1f}")
        self.nodes.set_all("tabindex", "-1")
        self.nodes.set_all("role", "button")
        self.nodes.set_strings(
            "aria-label",
            [f"{layer_names[l]}, neuron {i + 1}" for l, n in enumerate(lay.sizes) for i in range(n)],
        )

    def apply_highlight(self, hl: Highlight) -> None:
        """Light up what feeds the hovered neuron (up) and what it feeds (down); dim the rest."""
        assert self.nodes is not None and self.gaps is not None and self.layout is not None
        self.svg.classList.add("highlighting")
        self.nodes.set_states(NODE_STATES, hl.node_state)
        classes = [f"gap {state}".strip() for state in hl.gap_state]
        if classes != self._gap_classes:  # restyling a gap restyles all its lines: skip if same
            self.gaps.set_strings("class", classes)
            self._gap_classes = classes
        self._clear_focus_edges()
        for lines, cls in ((hl.in_lines, "edge up"), (hl.out_lines, "edge down")):
            if len(lines):
                self._focus_sets.append(ElementSet.create_lines(self.focus_layer, cls, lines))

    def clear_highlight(self) -> None:
        if self.nodes is None or self.gaps is None:
            return
        self.svg.classList.remove("highlighting")
        self.nodes.set_states(NODE_STATES, np.zeros(sum(self.layout.sizes), dtype=np.uint8))
        self.gaps.set_all("class", "gap")
        self._gap_classes = None
        self._clear_focus_edges()

    def _clear_focus_edges(self) -> None:
        for overlay in self._focus_sets:
            overlay.remove()
        self._focus_sets.clear()

    def _release(self) -> None:
        self._clear_focus_edges()
        for es in [*self.edge_sets, self.nodes, self.gaps]:
            if es is not None:
                es.drop()
        self.edge_sets = []
        self.nodes = self.gaps = None
        self._gap_classes = None
        for g in (self.edge_layer, self.node_layer):
            clear(g)

    def destroy(self) -> None:
        self._release()
