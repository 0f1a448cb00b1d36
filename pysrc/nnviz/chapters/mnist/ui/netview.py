"""The network picture: input image, 234 neurons coloured by activation, the strongest weights.

Per frame it costs a handful of bridge calls: node fills (one call), line opacities (one per
gap), the input image (one data URL). Lines are re-chosen only when the weights change.
"""

from __future__ import annotations

import numpy as np

from nnviz.chapters.mnist import netlayout as mn
from nnviz.chapters.mnist.images import WEIGHT_MAP, activation_rgb, activations_scale, ink_rgba
from nnviz.chapters.mnist.model import LAYER_NAMES, SIZES
from nnviz.dom.bridge import ElementSet
from nnviz.dom.canvas import context_2d, put_rgba
from nnviz.dom.colorbar import ColorBar
from nnviz.dom.elements import clear, h, s
from nnviz.kit.format import count

CAPTIONS = {0: "Input 28×28 = 784", 1: "Hidden 1 · 128", 2: "Hidden 2 · 64", 3: "Hidden 3 · 32", 4: "Output · 10"}


class NetworkView:
    """An SVG of the network; neurons are buttons (click, Enter or Space selects one)."""

    def __init__(self, scope):
        self.lay = mn.layout()
        lay = self.lay
        self.svg = s("svg", {"id": "mnist-net", "class_": "mnist-net", "viewBox": f"0 0 {mn.WIDTH:.0f} {mn.HEIGHT:.0f}",
                             "role": "group", "aria_label": "The network: click a neuron to inspect it"})
        x, y, w, hh = lay.image_box
        # The input image is an HTML canvas laid over the SVG (putImageData is far cheaper than a
        # PNG data URL per stroke); percentages keep it on its frame at any width.
        self.image = h("canvas", {"class_": "mnist-net-input", "width": 28, "height": 28, "aria_hidden": "true",
                                  "style": f"left: {100 * x / mn.WIDTH:.3f}%; top: {100 * y / mn.HEIGHT:.3f}%; "
                                           f"width: {100 * w / mn.WIDTH:.3f}%; height: {100 * hh / mn.HEIGHT:.3f}%"})
        self.image_ctx = context_2d(self.image)
        self.edge_groups = [s("g", {"class_": "mnist-edges", "id": f"mnist-gap-{g}"}) for g in range(4)]
        for g in self.edge_groups:
            self.svg.append(g)
        # The input image goes on top of the lines that leave its pixels, so they seem to come out of it.
        self.svg.append(s("rect", {"x": x - 1, "y": y - 1, "width": w + 2, "height": hh + 2, "class_": "mnist-net-frame"}))
        self.edges: list[ElementSet | None] = [None] * 4
        self.edge_index: list[tuple[np.ndarray, np.ndarray]] = []
        nodes_g = s("g", {"class_": "mnist-nodes"})
        self.svg.append(nodes_g)
        self.nodes: dict[int, ElementSet] = {}
        for layer in range(1, 5):
            xy = lay.node_xy[layer]
            es = ElementSet.create(nodes_g, "circle", SIZES[layer], f"mnist-node mnist-node-l{layer}", lay.node_ids(layer))
            es.set_numbers("cx", xy[:, 0], 1)
            es.set_numbers("cy", xy[:, 1], 1)
            es.set_all("r", f"{lay.radius[layer]:.1f}")
            es.set_all("role", "button")
            es.set_all("tabindex", "-1")
            es.set_all("data-layer", str(layer))
            es.set_strings("data-index", [str(i) for i in range(SIZES[layer])])
            self.nodes[layer] = es
        self.all_nodes = ElementSet.collect(nodes_g, "circle")  # one fill call for all 234
        self.all_edges: ElementSet | None = None
        out_xy = lay.node_xy[4]
        labels = s("g", {"class_": "mnist-out-labels", "aria_hidden": "true"})
        self.svg.append(labels)
        for d in range(10):
            labels.append(s("text", {"x": f"{out_xy[d, 0]:.1f}", "y": f"{out_xy[d, 1] + 4:.1f}", "class_": "mnist-out-digit",
                                     "text_anchor": "middle"}, str(d)))
        self.out_pct = ElementSet.create(labels, "text", 10, "mnist-out-pct")
        self.out_pct.set_numbers("x", out_xy[:, 0] + lay.radius[4] + 6, 1)
        self.out_pct.set_numbers("y", out_xy[:, 1] + 4, 1)
        caps = s("g", {"class_": "mnist-layer-captions", "aria_hidden": "true"})
        self.svg.append(caps)
        for layer, text in CAPTIONS.items():
            caps.append(s("text", {"x": f"{lay.label_x[layer]:.1f}", "y": "16", "text_anchor": "middle",
                                   "class_": "mnist-layer-caption"}, text))
        self.sample_note = h("p", {"class_": "legend-note", "id": "mnist-net-sampled"})
        self.readout = h("p", {"class_": "mnist-readout", "id": "mnist-net-readout", "aria_live": "polite"},
                         "Point at a neuron to read its activation; click it to inspect it.")
        self.element = h(
            "figure", {"class_": "mnist-net-figure"},
            h("div", {"class_": "mnist-net-scroll"}, h("div", {"class_": "mnist-net-stage"}, self.svg, self.image)),
            self.readout,
            _legend(),
            self.sample_note,
        )
        self.selected: tuple[int, int] | None = None
        scope.adopt(self)

    # ----- weights ------------------------------------------------------------------------------

    def set_weights(self, weights) -> None:
        """Choose the strongest lines of each gap for these weights and colour them by sign."""
        self.edge_index = mn.strongest_edges(weights)
        signs = mn.edge_signs(weights, self.edge_index)
        pos, neg = WEIGHT_MAP.hex(0.9), WEIGHT_MAP.hex(0.1)
        for g, (src, dst) in enumerate(self.edge_index):
            es = self.edges[g]
            if es is None or len(es) != len(src):
                if es is not None:
                    es.remove()
                if self.all_edges is not None:
                    self.all_edges.drop()
                    self.all_edges = None
                es = self.edges[g] = ElementSet.create(self.edge_groups[g], "line", len(src), "mnist-edge")
            lines = self.lay.edge_lines(g, src, dst)
            for k, name in enumerate(("x1", "y1", "x2", "y2")):
                es.set_numbers(name, lines[:, k], 1)
            es.set_strings("stroke", [pos if v > 0 else neg for v in signs[g]])
        if self.all_edges is None:
            self.all_edges = ElementSet.collect(self.svg, ".mnist-edge")
        per_gap = len(self.edge_index[0][0])
        totals = [SIZES[g] * SIZES[g + 1] for g in range(4)]
        self.sample_note.textContent = (
            f"Lines: only the {per_gap} strongest weights of each layer gap are drawn "
            f"(of {', '.join(count(t) for t in totals)}), so the picture stays readable and fast. "
            "The darker a line, the more signal it carries for your drawing (|w · a|). A neuron's shade is its "
            "activation relative to the most active neuron of its layer; for the outputs, the probability."
        )

    # ----- activations --------------------------------------------------------------------------

    def update(self, weights, acts, empty: bool, image_changed: bool = True) -> None:
        """Colour the neurons by activation and the lines by the signal they carry."""
        if image_changed:
            put_rgba(self.image_ctx, ink_rgba(np.asarray(acts[0]).reshape(28, 28)))
        fills = mn.layer_fill(acts)
        t = np.zeros(sum(SIZES[1:])) if empty else np.concatenate([fills[layer] for layer in range(1, 5)])
        self.all_nodes.set_colors("fill", activation_rgb(t))
        if self.edge_index and self.all_edges is not None:
            if empty:
                opacity = np.full(len(self.all_edges), 0.06)
            else:
                opacity = np.concatenate(mn.flow_opacity(mn.edge_flow(weights, acts, self.edge_index)))
            self.all_edges.set_numbers("stroke-opacity", opacity, 3)
        probs = np.asarray(acts[4])
        self.out_pct.set_text(["" if empty else f"{100 * p:.0f}%" for p in probs])

    def describe(self, layer: int, index: int, look, empty: bool) -> None:
        """Show one neuron's exact values under the picture (pointer or keyboard focus)."""
        name = f"{LAYER_NAMES[layer]}, neuron {index}"
        if empty:
            self.readout.textContent = f"{name}: no drawing yet. Click to inspect its weights."
            return
        z, a = float(look.zs[layer][index]), float(look.acts[layer][index])
        if layer == 4:
            self.readout.textContent = f"{name} (digit {index}): z = {z:.4f}, probability {100 * a:.2f}%"
        else:
            self.readout.textContent = f"{name}: z = {z:.4f}, a = ReLU(z) = {a:.4f}"

    # ----- selection ----------------------------------------------------------------------------

    def select(self, layer: int, index: int) -> None:
        """Mark one neuron as selected (the chapter's RovingFocus makes it the tab stop)."""
        for l, es in self.nodes.items():
            mask = np.zeros(SIZES[l], np.uint8)
            if l == layer:
                mask[index] = 1
            es.toggle_class("selected", mask)
        node = self.svg.querySelector(f"#mnist-n-{layer}-{index}")
        node.setAttribute("aria-pressed", "true")
        if self.selected and self.selected != (layer, index):
            prev = self.svg.querySelector(f"#mnist-n-{self.selected[0]}-{self.selected[1]}")
            if prev:
                prev.setAttribute("aria-pressed", "false")
        self.selected = (layer, index)

    def label_nodes(self) -> None:
        """Give every neuron an accessible name (once)."""
        for layer, es in self.nodes.items():
            es.set_strings("aria-label", [f"{LAYER_NAMES[layer]}, neuron {i}" for i in range(SIZES[layer])])
            es.set_all("aria-pressed", "false")

    def destroy(self) -> None:
        for es in [*self.nodes.values(), *[e for e in self.edges if e is not None], self.out_pct, self.all_nodes,
                   *([self.all_edges] if self.all_edges is not None else [])]:
            es.drop()
        clear(self.svg)


def _legend():
    bar = ColorBar("mnist-net-cbar", "Neuron activation (% of the most active in its layer)", activations_scale(),
                   ticks=[50.0], low_word="white", high_word="dark blue")
    return h(
        "div", {"class_": "legend mnist-net-legend", "aria_label": "Colour legend"},
        h("span", {"class_": "legend-item mnist-net-cbar"}, bar.element),
        h("span", {"class_": "legend-item"},
          h("span", {"class_": "swatch", "style": f"background: {WEIGHT_MAP.hex(0.9)}", "aria_hidden": "true"}),
          "positive weight"),
        h("span", {"class_": "legend-item"},
          h("span", {"class_": "swatch", "style": f"background: {WEIGHT_MAP.hex(0.1)}", "aria_hidden": "true"}),
          "negative weight"),
        h("span", {"class_": "legend-item"},
          h("span", {"class_": "swatch mnist-swatch-selected", "aria_hidden": "true"}), "selected neuron"),
    )
