"""The network picture: input image, 234 neurons coloured by activation, the strongest weights.

The kit's :class:`nnviz.dom.diagram.NetworkDiagram` over :func:`nnviz.chapters.mnist.netlayout.layout`
(ids ``mnist-node-{l}-{i}``), with the strongest-k edge set of the current weights. Per frame it
costs a handful of bridge calls: node fills (one call), line opacities (one call), the input
image (one putImageData). Lines are re-chosen only when the weights change.
"""

from __future__ import annotations

import numpy as np

from nnviz.chapters.mnist import netlayout as mn
from nnviz.chapters.mnist.images import WEIGHT_MAP, activation_rgb, activations_scale, ink_rgba
from nnviz.chapters.mnist.model import LAYER_NAMES, SIZES
from nnviz.dom.canvas import context_2d, put_rgba
from nnviz.dom.colorbar import ColorBar
from nnviz.dom.diagram import LineEdges, NetworkDiagram
from nnviz.dom.elements import h, s
from nnviz.kit import network_diagram as nd
from nnviz.kit.format import count

CAPTIONS = {0: "Input 28×28 = 784", 1: "Hidden 1 · 128", 2: "Hidden 2 · 64", 3: "Hidden 3 · 32", 4: "Output · 10"}


class NetworkView:
    """An SVG of the network; neurons are buttons (click, Enter or Space selects one)."""

    def __init__(self, scope):
        self.lay = mn.layout()
        lay = self.lay
        self.diagram = scope.adopt(NetworkDiagram(
            "mnist-net", "The network: click a neuron to inspect it", edges=LineEdges("mnist-edge", ids=False),
            css_class="mnist-net", node_class=lambda layer: f"mnist-node mnist-node-l{layer}", skip_layers=(0,)))
        self.svg = self.diagram.svg
        x, y, w, hh = mn.IMAGE_BOX
        # The input image is an HTML canvas laid over the SVG (putImageData is far cheaper than a
        # PNG data URL per stroke); percentages keep it on its frame at any width.
        self.image = h("canvas", {"class_": "mnist-net-input", "width": 28, "height": 28, "aria_hidden": "true",
                                  "style": f"left: {100 * x / mn.WIDTH:.3f}%; top: {100 * y / mn.HEIGHT:.3f}%; "
                                           f"width: {100 * w / mn.WIDTH:.3f}%; height: {100 * hh / mn.HEIGHT:.3f}%"})
        self.image_ctx = context_2d(self.image)
        self.diagram.draw(lay, list(LAYER_NAMES))  # "Hidden layer 1, neuron 1" is mnist-node-1-0
        # The input image goes on top of the lines that leave its pixels, so they seem to come out of it.
        self.diagram.focus_layer.append(s("rect", {"x": x - 1, "y": y - 1, "width": w + 2, "height": hh + 2,
                                                   "class_": "mnist-net-frame"}))
        r = lay.radius_of(4)
        self.diagram.slot(4, "text", "mnist-out-digit", dy=4, text_anchor="middle").set_text([str(d) for d in range(10)])
        self.out_pct = self.diagram.slot(4, "text", "mnist-out-pct", dx=r + 6, dy=4)
        caps = s("g", {"class_": "mnist-layer-captions", "aria_hidden": "true"})
        self.svg.append(caps)
        for layer, text in CAPTIONS.items():
            caps.append(s("text", {"x": f"{mn.label_x(lay)[layer]:.1f}", "y": "16", "text_anchor": "middle",
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

    # ----- weights ------------------------------------------------------------------------------

    def set_weights(self, weights) -> None:
        """Choose the strongest lines of each gap for these weights and colour them by sign."""
        self.lay = self.lay.with_edges(nd.strongest_edges(weights, mn.EDGES_PER_GAP))
        self.diagram.redraw_edges(self.lay)
        pos, neg = WEIGHT_MAP.hex(0.9), WEIGHT_MAP.hex(0.1)
        signs = np.concatenate(mn.edge_signs(weights, self.lay.edges))
        self.diagram.edges.all().set_strings("stroke", [pos if v > 0 else neg for v in signs.tolist()])
        per_gap = len(self.lay.edges[0][0])
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
        self.diagram.nodes.set_colors("fill", activation_rgb(t))
        if self.lay.drawn_edges:
            if empty:
                opacity = np.full(self.lay.drawn_edges, 0.06)
            else:
                opacity = np.concatenate(mn.flow_opacity(mn.edge_flow(weights, acts, self.lay.edges)))
            self.diagram.edges.all().set_numbers("stroke-opacity", opacity, 3)
        probs = np.asarray(acts[4])
        self.out_pct.set_text(["" if empty else f"{100 * p:.0f}%" for p in probs])

    def describe(self, layer: int, index: int, look, empty: bool) -> None:
        """Show one neuron's exact values under the picture (pointer or keyboard focus)."""
        name = nd.neuron_name(LAYER_NAMES[layer], index)
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
        mask = np.zeros(sum(SIZES[1:]), np.uint8)
        mask[sum(SIZES[1:layer]) + index] = 1
        self.diagram.nodes.toggle_class("selected", mask)
        self.svg.querySelector(f"#{nd.node_id(layer, index, 'mnist-')}").setAttribute("aria-pressed", "true")
        if self.selected and self.selected != (layer, index):
            prev = self.svg.querySelector(f"#{nd.node_id(*self.selected, 'mnist-')}")
            if prev:
                prev.setAttribute("aria-pressed", "false")
        self.selected = (layer, index)

    def label_nodes(self) -> None:
        """Every neuron is a toggle: none pressed yet (once)."""
        self.diagram.nodes.set_all("aria-pressed", "false")


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
