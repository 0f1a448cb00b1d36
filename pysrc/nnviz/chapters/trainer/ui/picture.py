"""The trainer's network drawing: every neuron and connection, updated in a handful of calls.

The kit's :class:`nnviz.dom.diagram.NetworkDiagram` with bucketed edges. Per frame: connections
take 1 bridge call (the ``d`` of 20 paths, one per sign and strength level, holding all
25·H + 10·H lines: measured here, 1,120 separately styled <line>s repaint at ~10 frames/s,
20 paths at ~45 under the same load); neurons 2 (fill, "predicted"); the input grid 1, only
when the input changes. Hover uses one listener on the SVG and the kit's hit test in numpy
(:meth:`nnviz.kit.network_diagram.Layout.hit`), so even hair-thin lines can be pointed at; the
line under the pointer is redrawn on top, with its id in ``data-edge``.
Keyboard: the neurons are a roving tab stop (arrows move), Enter walks a neuron's
connections (↑/↓), Escape goes back.
"""

from __future__ import annotations

import numpy as np

from nnviz.chapters.trainer import draw as td
from nnviz.dom.diagram import BucketEdges, NetworkDiagram
from nnviz.dom.elements import clear, h, s, set_attrs
from nnviz.kit import network_diagram as nd


class NetworkPicture:
    """The <figure> with the SVG, the legend and the hover tooltip."""

    def __init__(self, scope):
        # The connections live in their own SVG under the main one, on a separate compositor
        # layer: repainting 1,120 lines is the costliest thing here, and this way a change of
        # neuron colours (every frame) never forces it; only new weights do.
        self.diagram = NetworkDiagram(
            "trainer-svg", "The network: input grid, hidden layer, output layer",
            edges=BucketEdges(td.bucket_styles(), "t-edge"), css_class="trainer-net",
            node_class=lambda layer: "t-cell t-node" if layer == 0 else "t-neuron t-node", node_role="img",
            separate_edges=True, described_by="trainer-net-help")
        scope.adopt(self.diagram)
        self.svg, self.edge_svg = self.diagram.svg, self.diagram.edge_svg
        self.edge_svg.setAttribute("class", "trainer-edges")
        self.hl_line = s("line", {"class_": "t-edge-hl", "display": "none"})
        self.diagram.focus_layer.append(self.hl_line)  # under the neurons
        self.label_layer = s("g", {"class_": "t-labels", "aria_hidden": "true"})
        self.svg.append(self.label_layer)
        self.tip = h("div", {"id": "trainer-tip", "class_": "trainer-tip", "role": "status", "hidden": True})
        legend = h(
            "div",
            {"class_": "legend trainer-legend", "aria_label": "Colour legend"},
            h("span", {"class_": "legend-item"}, h("span", {"class_": "t-line t-line-pos", "aria_hidden": "true"}),
              "Positive weight"),
            h("span", {"class_": "legend-item"}, h("span", {"class_": "t-line t-line-neg", "aria_hidden": "true"}),
              "Negative weight"),
            h("span", {"class_": "legend-item"}, h("span", {"class_": "t-line t-line-thin", "aria_hidden": "true"}),
              h("span", {"class_": "t-line t-line-thick", "aria_hidden": "true"}),
              f"Thicker, more opaque: larger |w| (full at {td.W_REF:g})"),
            h("span", {"class_": "legend-item"},
              h("span", {"class_": "t-ramp", "aria_hidden": "true"}),
              "Neuron activation: light = weak (0), dark = strong (1)"),
            h("span", {"class_": "legend-item"}, h("span", {"class_": "t-pred-ring", "aria_hidden": "true"}),
              "Predicted digit"),
        )
        help_text = h(
            "p", {"id": "trainer-net-help", "class_": "legend-note"},
            "Point at a connection or a neuron for its exact value. Keyboard: Tab into the drawing, "
            "arrows move between neurons, Enter steps through a neuron's connections (↑ ↓), Esc goes back.",
        )
        stage = h("div", {"class_": "trainer-stage"}, self.edge_svg, self.svg, self.tip)  # tip % are of this box
        self.element = h("figure", {"class_": "panel trainer-figure"}, stage, legend, help_text)
        self.lay: nd.Layout | None = None
        self.cells = self.nodes = None
        self._hover: tuple | None = None  # ("node", l, i) or ("edge", g, i, j)
        self._walk: tuple[int, int, int] | None = None  # keyboard: (layer, i, k-th connection)
        self._input_key: bytes | None = None
        self._values: dict = {}
        scope.on(self.svg, "pointermove", self._on_pointer)
        scope.on(self.svg, "pointerleave", self._on_leave)
        scope.on(self.svg, "focusin", self._on_focus)
        scope.on(self.svg, "focusout", self._on_blur)
        scope.on(self.svg, "keydown", self._on_key)
        scope.adopt(self)  # its element sets are released with the chapter

    # ----- drawing -----------------------------------------------------------------------------

    def draw(self, hidden: int) -> None:
        """(Re)build the picture for ``hidden`` hidden neurons."""
        self._release()
        lay = self.lay = td.layout(hidden)
        self.diagram.draw(lay, names=[td.neuron_name(l, i) for l, n in enumerate(lay.sizes) for i in range(n)])
        self.cells, self.nodes = self.diagram.nodes_of(0), self.diagram.nodes_of(1, 2)
        self.svg.querySelector("#node-0-0").setAttribute("tabindex", "0")
        self.diagram.slot(2, "text", "t-digit", dx=22, dominant_baseline="central").set_text([str(k) for k in range(10)])
        top = td.TOP - 18
        for x, name, anchor in ((td.GRID_X, "INPUT", "start"), (td.HIDDEN_X, "HIDDEN", "middle"),
                                (td.OUTPUT_X, "OUTPUT", "middle")):
            self.label_layer.append(s("text", {"x": f"{x:.0f}", "y": f"{top:.0f}", "class_": "t-layer",
                                               "text_anchor": anchor}, name))
        self._input_key = None
        self._winner = -1
        self._hover = self._walk = None
        self._show_tip(None)

    def update(self, weights, biases, x, hidden_a, out_a, weights_changed: bool) -> None:
        """Bring colours up to date: weights (W0, W1), input x (25,), activations (H,), (10,)."""
        W0, W1 = weights
        if weights_changed:
            self.diagram.edges.show(td.edge_buckets(np.concatenate([W0.ravel(), W1.ravel()])))
        key = np.asarray(x, dtype=np.float64).tobytes()
        if key != self._input_key:
            self._input_key = key
            self.cells.set_colors("fill", td.activation_rgb(x))
        acts = np.concatenate([hidden_a, out_a])
        self.nodes.set_colors("fill", td.activation_rgb(acts))
        winner = len(hidden_a) + int(np.argmax(out_a))
        if winner != self._winner:
            self._winner = winner
            predicted = np.zeros(len(acts), dtype=np.uint8)
            predicted[winner] = 1
            self.nodes.toggle_class("predicted", predicted)
        self._values = {"W": (W0, W1), "b": biases, "a": (np.asarray(x), hidden_a, out_a)}
        if self._hover is not None:
            self._show_tip(self._hover)

    def set_running(self, running: bool) -> None:
        """While training runs, draw connections without anti-aliasing: 2× faster to paint here,
        and the jagged edges do not show in motion; paused, they are smooth again."""
        self.edge_svg.classList.toggle("running", running)

    # ----- hover and keyboard ------------------------------------------------------------------

    def _text(self, target: tuple) -> str:
        v = self._values
        if not v:
            return ""
        if target[0] == "edge":
            _, gap, i, j = target
            return td.describe_edge(gap, i, j, float(v["W"][gap][i, j]))
        _, layer, i = target
        bias = None if layer == 0 else float(v["b"][layer - 1][i])
        return td.describe_node(layer, i, float(v["a"][layer][i]), bias)

    def _show_tip(self, target: tuple | None) -> None:
        if target is None or self.lay is None:
            self.tip.hidden = True
            set_attrs(self.hl_line, display="none")
            return
        self.tip.textContent = self._text(target)
        self.tip.hidden = False
        if target[0] == "edge":
            x1, y1, x2, y2 = self.lay.lines[self.lay.edge_index(*target[1:])]
            set_attrs(self.hl_line, display=None, x1=f"{x1:.1f}", y1=f"{y1:.1f}", x2=f"{x2:.1f}", y2=f"{y2:.1f}",
                      data_edge=nd.edge_id(*target[1:]))
            x, y = (x1 + x2) / 2, (y1 + y2) / 2
        else:
            set_attrs(self.hl_line, display="none")
            x, y = self.lay.node_xy[target[1]][target[2]]
        # place the tip above the point, in % of the SVG box so it follows any page width
        self.tip.style.left = f"{100 * x / td.WIDTH:.2f}%"
        self.tip.style.top = f"{100 * y / td.HEIGHT:.2f}%"

    def _svg_point(self, event) -> tuple[float, float]:
        m = self.svg.getScreenCTM()
        return (float(event.clientX) - float(m.e)) / float(m.a), (float(event.clientY) - float(m.f)) / float(m.d)

    def _on_pointer(self, event) -> None:
        if self.lay is None:
            return
        target = self.lay.hit(*self._svg_point(event))
        if target != self._hover:
            self._hover = target
            self._show_tip(target)

    def _on_leave(self, _event) -> None:
        self._hover = None
        self._show_tip(None)

    def _on_focus(self, event) -> None:
        target = _node_of(event.target)
        if target is not None:
            self._hover = target
            self._show_tip(target)

    def _on_blur(self, _event) -> None:
        self._walk = None
        self._hover = None
        self._show_tip(None)

    def _on_key(self, event) -> None:
        node = _node_of(event.target)
        if node is None or self.lay is None:
            return
        _, layer, i = node
        sizes = self.lay.sizes
        key = str(event.key)
        if key in ("Enter", " ") and self._walk is None:
            self._walk = (layer, i, 0)
        elif key in ("Escape", "Enter", " ") and self._walk is not None:
            self._walk = None
        elif self._walk is not None and key in ("ArrowUp", "ArrowDown"):
            wl, wi, k = self._walk
            n = sizes[wl - 1] if wl > 0 else sizes[1]
            self._walk = (wl, wi, (k + (1 if key == "ArrowDown" else -1)) % n)
        elif key in ("ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight"):
            self._walk = None
            if key == "ArrowUp":
                i = max(0, i - 1)
            elif key == "ArrowDown":
                i = min(sizes[layer] - 1, i + 1)
            else:
                layer = max(0, layer - 1) if key == "ArrowLeft" else min(2, layer + 1)
                i = min(i, sizes[layer] - 1)
            self._focus(layer, i)
            return
        else:
            return
        event.preventDefault()
        if self._walk is None:
            self._hover = node
        else:
            wl, wi, k = self._walk
            # incoming connections for hidden and output neurons, outgoing ones for pixels
            self._hover = ("edge", 0, wi, k) if wl == 0 else ("edge", wl - 1, k, wi)
        self._show_tip(self._hover)

    def _focus(self, layer: int, i: int) -> None:
        current = self.svg.querySelector('.t-node[tabindex="0"]')
        if current is not None:
            current.setAttribute("tabindex", "-1")
        target = self.svg.querySelector(f"#node-{layer}-{i}")
        target.setAttribute("tabindex", "0")
        target.focus()

    # ----- clean-up ----------------------------------------------------------------------------

    def _release(self) -> None:
        clear(self.label_layer)  # the diagram releases its own element sets

    def destroy(self) -> None:
        self._release()


def _node_of(el) -> tuple | None:
    """("node", layer, i) for an element with id node-{layer}-{i}, else None."""
    parts = str(getattr(el, "id", "") or "").split("-")
    if len(parts) == 3 and parts[0] == "node" and parts[1].isdigit() and parts[2].isdigit():
        return ("node", int(parts[1]), int(parts[2]))
    return None
