"""The one network picture: draw a :class:`nnviz.kit.network_diagram.Layout` as SVG.

    d = NetworkDiagram("explorer-svg", "Network diagram")           # plain lines, nodes are buttons
    d.draw(lay, ["Input layer", "Hidden layer 1", "Output layer"])   # names "Hidden layer 1, neuron 1"
    d.apply_highlight(highlight(lay, 1, 0))                          # the explorer's hover
    d = NetworkDiagram("p-net", "…", edges=LabelledEdges("net-edge", trim=True))
    d.edges.show(["×0.180", "+1.20"], ["pos", "pos"])                # a value and a sign class per edge
    d = NetworkDiagram("t-svg", "…", edges=BucketEdges(styles, "t-edge"), separate_edges=True)
    d.edges.show(buckets)                                            # bucket of every edge: 20 <path>s
    d.slot(4, "text", "pct", dx=18, dy=4).set_text(["10%", …])       # a slot per node of a layer

All element creation and updates go through :mod:`nnviz.dom.bridge` in batches: a
12 × 64 network (768 neurons, 2,500 drawn connections) is drawn in a handful of calls.

Edge renderers (:class:`LineEdges`, :class:`LabelledEdges`, :class:`BucketEdges`) draw a
layout's edge set into the picture's edge layer; :meth:`NetworkDiagram.redraw_edges` swaps the
edge set (strongest-k of new weights) without touching the nodes.

Highlighting never restyles a connection line. A gap's colour comes from an SVG filter on
its <g> (it repaints the group's lines in the legend colour) and its dimming from the
group's opacity; neither property is inherited, so the browser restyles one element per
gap instead of every line in it (a 12 × 64 hover: 3.5 ms of style work → 0.3 ms).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from nnviz.dom.bridge import ElementSet
from nnviz.dom.elements import clear, s, set_attrs
from nnviz.kit.describe import layers_summary
from nnviz.kit.network_diagram import (
    NODE_STATES,
    Highlight,
    Layout,
    bucket_paths,
    neuron_name,
    segment_strings,
)


class LineEdges:
    """One <line> per drawn edge, one ``<g class="gap" id="{prefix}gap-{g}">`` per gap.

    ``ids``: give every line its id ``{prefix}edge-{g}-{i}-{j}`` (skip it for edge sets that
    change every few frames); ``trim``: lines stop at the nodes' rims.
    """

    def __init__(self, css_class: str = "edge", ids: bool = True, trim: bool = False):
        self.css_class, self.ids, self.trim = css_class, ids, trim
        self.sets: list[ElementSet] = []
        self.gaps: ElementSet | None = None
        self._all: ElementSet | None = None
        self.parent = None

    def draw(self, parent, lay: Layout) -> None:
        self.release()
        self.parent = parent
        for g in range(len(lay.sizes) - 1):
            group = s("g", {"class_": "gap", "id": f"{lay.prefix}gap-{g}"})
            parent.append(group)
            self.sets.append(self._lines(group, lay, g))
        self.gaps = ElementSet.collect(parent, "g.gap")

    def redraw(self, lay: Layout) -> None:
        """New edges for the same nodes: lines are made or removed only when a gap's count changes."""
        groups = [self.parent.children.item(g) for g in range(len(self.sets))]
        for g, es in enumerate(self.sets):
            if len(es) != len(lay.edges[g][0]):
                es.remove()
                self._drop_all()
                self.sets[g] = self._lines(groups[g], lay, g)
            else:
                _set_lines(es, lay.edge_lines(g, self.trim))

    def all(self) -> ElementSet:
        """Every line of every gap in one set (one call per attribute for the whole picture)."""
        if self._all is None:
            self._all = ElementSet.collect(self.parent, f"line.{self.css_class.split()[0]}")
        return self._all

    def _lines(self, group, lay: Layout, g: int) -> ElementSet:
        lines = lay.edge_lines(g, self.trim)
        es = ElementSet.create(group, "line", len(lines), self.css_class, lay.edge_ids(g) if self.ids else None)
        _set_lines(es, lines)
        return es

    def _drop_all(self) -> None:
        if self._all is not None:
            self._all.drop()
            self._all = None

    def release(self) -> None:
        self._drop_all()
        for es in [*self.sets, self.gaps]:
            if es is not None:
                es.drop()
        self.sets, self.gaps = [], None


class LabelledEdges(LineEdges):
    """Lines with each edge's value written on it (``<text class="{css_class}-label">`` at
    :meth:`Layout.label_points`) and a sign class on the line."""

    def __init__(self, css_class: str = "edge", ids: bool = True, trim: bool = True):
        super().__init__(css_class, ids, trim)
        self.labels: ElementSet | None = None
        self.label_layer = None

    def draw(self, parent, lay: Layout) -> None:
        super().draw(parent, lay)
        self.label_layer = s("g", {"class_": f"{self.css_class}-labels"})
        parent.parentNode.appendChild(self.label_layer)  # above the nodes
        points = np.vstack([lay.label_points(g) for g in range(len(lay.sizes) - 1)])
        self.labels = ElementSet.create(self.label_layer, "text", len(points), f"{self.css_class}-label")
        self.labels.set_numbers("x", points[:, 0], 1)
        self.labels.set_numbers("y", points[:, 1] - 4, 1)

    def show(self, texts: list[str], signs: list[str]) -> None:
        """Write every edge's value (all gaps, edge order) and give its line a class ("pos")."""
        self.labels.set_text(texts)
        self.all().set_strings("class", [f"{self.css_class} {c}" for c in signs])

    def release(self) -> None:
        super().release()
        if self.labels is not None:
            self.labels.drop()
            self.labels = None
        if self.label_layer is not None:
            self.label_layer.remove()
            self.label_layer = None


class BucketEdges:
    """All edges as one <path> per bucket: ``styles`` gives (stroke, width, opacity) per bucket.

    1,120 separately styled <line>s repaint at ~10 frames/s where 20 paths do at ~45: per
    frame only the ``d`` of the paths changes (one call), and only when some edge moved bucket.
    """

    def __init__(self, styles: list[tuple[str, float, float]], css_class: str = "edge"):
        self.styles, self.css_class = styles, css_class
        self.paths: ElementSet | None = None
        self._d: list[str] | None = None

    def draw(self, parent, lay: Layout) -> None:
        self.release()
        self.segments = segment_strings(lay.lines)
        self.paths = ElementSet.create(parent, "path", len(self.styles), self.css_class)
        self.paths.set_strings("stroke", [c for c, _, _ in self.styles])
        self.paths.set_numbers("stroke-width", np.array([w for _, w, _ in self.styles]), 2)
        self.paths.set_numbers("stroke-opacity", np.array([o for _, _, o in self.styles]), 2)
        self.paths.set_all("fill", "none")

    def show(self, buckets: np.ndarray) -> None:
        """``buckets`` (drawn_edges,) ints: the bucket of every edge, in :attr:`Layout.lines` order."""
        d = bucket_paths(self.segments, buckets, len(self.styles))
        if d != self._d:
            self._d = d
            self.paths.set_strings("d", d)

    def release(self) -> None:
        if self.paths is not None:
            self.paths.drop()
        self.paths, self._d = None, None


class NetworkDiagram:
    """An <svg> with an edge layer (drawn by ``edges``), a focus-edge overlay, nodes and slots.

    ``node_class`` (a string or ``layer -> str``) classes the nodes (bias nodes add "bias"),
    ``node_role`` their role (None: not focusable, unnamed, for a ``role="img"`` picture); ``skip_layers`` are laid out but not drawn (MNIST's input is an
    image); ``separate_edges`` puts the edges in their own <svg> (``edge_svg``, placed by the
    chapter under the main one) so repainting them never forces a repaint of the nodes;
    ``described_by`` names one more element that describes the picture (after its <desc>).
    """

    def __init__(self, svg_id: str, label: str, edges=None, css_class: str = "net",
                 node_class: str | Callable[[int], str] = "node", node_role: str | None = "button",
                 skip_layers: tuple[int, ...] = (), separate_edges: bool = False, described_by: str | None = None,
                 role: str = "group"):
        self.svg = s("svg", {"id": svg_id, "class_": css_class, "role": role, "aria_label": label,
                             "aria_describedby": " ".join([f"{svg_id}-desc", *([described_by] if described_by else [])])})
        # the picture in words ("3 layers: 2 inputs, …"), rewritten when the shape changes
        self.desc = s("desc", {"id": f"{svg_id}-desc"})
        self.svg.append(self.desc)
        self.edges = edges if edges is not None else LineEdges()
        self.node_class, self.node_role, self.skip_layers = node_class, node_role, tuple(skip_layers)
        self.edge_layer = s("g", {"class_": "edges"})
        self.focus_layer = s("g", {"class_": "focus-edges"})
        self.node_layer = s("g", {"class_": "nodes"})
        self.slot_layer = s("g", {"class_": "slots", "aria_hidden": "true"})
        self._tints = {state: f"url(#{svg_id}-tint-{state})" for state in ("up", "down")}
        self._filters = [_tint_filter(f"{svg_id}-tint-{state}", state) for state in self._tints]
        defs = s("defs", {}, *self._filters)
        self.edge_svg = None
        if separate_edges:
            self.edge_svg = s("svg", {"class_": "net-edge-svg", "aria_hidden": "true"})
            self.edge_svg.append(self.edge_layer)
        for g in (defs, *([] if separate_edges else [self.edge_layer]), self.focus_layer, self.node_layer,
                  self.slot_layer):
            self.svg.append(g)
        self.layout: Layout | None = None
        self.nodes: ElementSet | None = None
        self._node_sets: list[ElementSet] = []
        self._slots: list[ElementSet] = []
        self._focus_sets: list[ElementSet] = []
        self._gap_classes: list[str] | None = None

    @property
    def gaps(self) -> ElementSet | None:
        return getattr(self.edges, "gaps", None)

    @property
    def edge_sets(self) -> list[ElementSet]:
        return getattr(self.edges, "sets", [])

    def draw(self, lay: Layout, layer_names: list[str] | None = None, names: list[str] | None = None) -> None:
        """Replace the picture with ``lay`` (ids from the model: node-l-i, edge-g-i-j).

        Every drawn neuron gets an accessible name: ``names`` (one per drawn node, in layer
        order) or ``neuron_name(layer_names[l], i)`` ("Hidden layer 1, neuron 1").
        """
        self._release()
        self.layout = lay
        self.desc.textContent = layers_summary(lay.sizes)
        box = f"0 0 {lay.width:.0f} {lay.height:.0f}"
        set_attrs(self.svg, viewBox=box)
        if self.edge_svg is not None:
            set_attrs(self.edge_svg, viewBox=box)
        for f in self._filters:  # the whole picture: a gap of one horizontal line has no height
            set_attrs(f, x=-4, y=-4, width=f"{lay.width + 8:.0f}", height=f"{lay.height + 8:.0f}")
        self.edges.draw(self.edge_layer, lay)
        layers = [l for l in range(len(lay.sizes)) if l not in self.skip_layers]
        runs: list[list[int]] = []  # consecutive layers of one shape: one create call each
        for l in layers:
            if runs and (runs[-1][-1] in lay.squares) == (l in lay.squares) and runs[-1][-1] == l - 1:
                runs[-1].append(l)
            else:
                runs.append([l])
        for run in runs:
            self._node_sets.append(self._draw_nodes(lay, run))
        self.nodes = self._node_sets[0] if len(runs) == 1 else ElementSet.collect(self.node_layer, "[data-layer]")
        if self.node_role is None:  # parts of a picture that is one image: no names of their own
            return
        if names is None:
            names = [neuron_name(layer_names[l], i) for l in layers for i in range(lay.sizes[l])]
        self.nodes.set_strings("aria-label", names)

    def _draw_nodes(self, lay: Layout, run: list[int]) -> ElementSet:
        xy = np.concatenate([lay.node_xy[l] for l in run])
        r = np.concatenate([[lay.radius_of(l) * (0.7 if lay.is_bias(l, i) else 1) for i in range(lay.sizes[l])]
                            for l in run])
        ids = [i for l in run for i in lay.node_ids(l)]
        square = run[0] in lay.squares
        es = ElementSet.create(self.node_layer, "rect" if square else "circle", len(ids), "", ids)
        classes = [self._class(lay, l, i) for l in run for i in range(lay.sizes[l])]
        es.set_strings("class", classes)
        if square:
            es.set_numbers("x", xy[:, 0] - r, 1)
            es.set_numbers("y", xy[:, 1] - r, 1)
            es.set_numbers("width", 2 * r, 1)
            es.set_numbers("height", 2 * r, 1)
        else:
            es.set_numbers("cx", xy[:, 0], 1)
            es.set_numbers("cy", xy[:, 1], 1)
            es.set_numbers("r", r, 1)
        if self.node_role is not None:
            es.set_all("tabindex", "-1")
            es.set_all("role", self.node_role)
        es.set_strings("data-layer", [str(l) for l in run for _ in range(lay.sizes[l])])
        es.set_strings("data-index", [str(i) for l in run for i in range(lay.sizes[l])])
        return es

    def _class(self, lay: Layout, layer: int, i: int) -> str:
        base = self.node_class(layer) if callable(self.node_class) else self.node_class
        return f"{base} bias" if lay.is_bias(layer, i) else base

    def nodes_of(self, *layers: int) -> ElementSet:
        """The drawn nodes of ``layers`` in one set (released with the picture)."""
        es = ElementSet.collect(self.node_layer, ", ".join(f'[data-layer="{l}"]' for l in layers))
        self._slots.append(es)
        return es

    def slot(self, layer: int, tag: str, css_class: str, dx: float = 0.0, dy: float = 0.0, **attrs) -> ElementSet:
        """One ``tag`` element per node of ``layer`` at its centre + (dx, dy), above the nodes:
        values, labels, thumbnails. Released (and removed) with the next :meth:`draw`."""
        xy = self.layout.node_xy[layer]
        es = ElementSet.create(self.slot_layer, tag, len(xy), css_class)
        es.set_numbers("x", xy[:, 0] + dx, 1)
        es.set_numbers("y", xy[:, 1] + dy, 1)
        for name, value in attrs.items():
            es.set_all(name.replace("_", "-"), str(value))
        self._slots.append(es)
        return es

    def redraw_edges(self, lay: Layout) -> None:
        """Same nodes, another edge set (``lay.with_edges(strongest_edges(W, k))``)."""
        self.layout = lay
        self.edges.redraw(lay)

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
        self.edges.release()
        for es in self._slots:
            es.drop()
        for es in self._node_sets:
            es.drop()
        if self.nodes is not None and self.nodes not in self._node_sets:
            self.nodes.drop()
        self._slots, self._node_sets, self.nodes = [], [], None
        self._gap_classes = None
        for g in (self.edge_layer, self.node_layer, self.slot_layer):
            clear(g)

    def destroy(self) -> None:
        self._release()


def _set_lines(es: ElementSet, lines: np.ndarray) -> None:
    for k, name in enumerate(("x1", "y1", "x2", "y2")):
        es.set_numbers(name, lines[:, k], 1)


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
