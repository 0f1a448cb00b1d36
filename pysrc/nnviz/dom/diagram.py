"""Draw a :class:`nnviz.kit.network_diagram.Layout` as SVG, and apply highlights to it.

All element creation and updates go through :mod:`nnviz.dom.bridge` in batches: a
12 × 64 network (768 neurons, 2,500 drawn connections) is drawn in a handful of calls.

Highlighting never restyles a connection line. A gap's colour comes from an SVG filter on
its <g> (it repaints the group's lines in the legend colour) and its dimming from the
group's opacity; neither property is inherited, so the browser restyles one element per
gap instead of every line in it (a 12 × 64 hover: 3.5 ms of style work → 0.3 ms).
"""

from __future__ import annotations

import numpy as np

from nnviz.dom.bridge import ElementSet
from nnviz.dom.elements import clear, s, set_attrs
from nnviz.kit.describe import layers_summary
from nnviz.kit.network_diagram import NODE_STATES, Highlight, Layout


class NetworkDiagram:
    """An <svg> with layers of edges (one <g> per gap), a focus-edge overlay and nodes."""

    def __init__(self, svg_id: str, label: str):
        self.svg = s("svg", {"id": svg_id, "class_": "net", "role": "group", "aria_label": label,
                             "aria_describedby": f"{svg_id}-desc"})
        # the picture in words ("3 layers: 2 inputs, …"), rewritten when the shape changes
        self.desc = s("desc", {"id": f"{svg_id}-desc"})
        self.svg.append(self.desc)
        self.edge_layer = s("g", {"class_": "edges"})
        self.focus_layer = s("g", {"class_": "focus-edges"})
        self.node_layer = s("g", {"class_": "nodes"})
        self._tints = {state: f"url(#{svg_id}-tint-{state})" for state in ("up", "down")}
        self._filters = [_tint_filter(f"{svg_id}-tint-{state}", state) for state in self._tints]
        defs = s("defs", {}, *self._filters)
        for g in (defs, self.edge_layer, self.focus_layer, self.node_layer):
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
        self.desc.textContent = layers_summary(lay.sizes)
        set_attrs(self.svg, viewBox=f"0 0 {lay.width:.0f} {lay.height:.0f}")
        for f in self._filters:  # the whole picture: a gap of one horizontal line has no height
            set_attrs(f, x=-4, y=-4, width=f"{lay.width + 8:.0f}", height=f"{lay.height + 8:.0f}")
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
        classes = [f"gap {state or 'dim'}" for state in hl.gap_state]
        if classes != self._gap_classes:
            self.gaps.set_strings("class", classes)  # no style rule looks inside a gap by its class
            self.gaps.set_strings("filter", [self._tints.get(state, "none") for state in hl.gap_state])
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
        self.gaps.set_all("filter", "none")
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


def _tint_filter(filter_id: str, state: str):
    """An SVG filter that repaints a group in its state's legend colour (CSS ``flood-color``,
    see app.css) and raises its lines' opacity from .45 to .75 (alpha × 5/3)."""
    return s(
        "filter",
        {"id": filter_id, "class_": f"tint tint-{state}", "filterUnits": "userSpaceOnUse",
         "color_interpolation_filters": "sRGB"},
        s("feFlood", {}),
        s("feComposite", {"in2": "SourceAlpha", "operator": "in"}),
        s("feComponentTransfer", {}, s("feFuncA", {"type": "linear", "slope": f"{0.75 / 0.45:.4f}"})),
    )
