"""The explorer's browser side: controls, diagram, legend and the side panel.

State: the layer sizes (URL ``layers=3,5,5,2``). Controls: the "Neurons per layer" field,
Add/Remove layer, and ± per layer. Hovering or keyboard-focusing a neuron highlights
everything upstream (what it depends on in the forward pass) and downstream (what it
influences, which is where its gradient comes from in backpropagation). The hovered neuron
is view state, not URL state: it is kept here and drawn by ``render`` like everything else.
"""

from __future__ import annotations

import re

from nnviz import urlstate
from nnviz.chapters.base import ChapterBase, Dirty
from nnviz.chapters.explorer.state import (
    FIELDS,
    MAX_LAYERS,
    MAX_NEURONS,
    MIN_LAYERS,
    MIN_NEURONS,
    State,
    parse_layers,
)
from nnviz.chapters.explorer.text import describe, layer_names
from nnviz.dom.diagram import NetworkDiagram
from nnviz.dom.elements import clear, h, set_attrs
from nnviz.dom.focus import RovingFocus
from nnviz.kit import network_diagram as nd
from nnviz.kit.format import count

NODE_ID = re.compile(r"^node-(\d+)-(\d+)$")


class Chapter(ChapterBase):
    """The explorer widget: controls, diagram, legend and the side panel."""

    State = State
    FIELDS = FIELDS

    def build(self) -> None:
        self.field = h(
            "input",
            {
                "id": "explorer-layers",
                "type": "text",
                "inputmode": "numeric",
                "autocomplete": "off",
                "spellcheck": "false",
                "aria_describedby": "explorer-layers-help explorer-layers-msg",
            },
        )
        self.message = h("p", {"id": "explorer-layers-msg", "class_": "field-msg", "aria_live": "polite"})
        self.add_btn = h("button", {"type": "button", "class_": "btn"}, "Add layer")
        self.remove_btn = h("button", {"type": "button", "class_": "btn"}, "Remove layer")
        self.params_total = h("strong", {"id": "explorer-param-count", "class_": "big-number"})
        self.params_split = h("span", {"class_": "muted"})
        self.params_formula = h("code", {"id": "explorer-param-formula", "class_": "formula"})
        controls = h(
            "section",
            {"class_": "panel controls", "aria_label": "Network shape", "data_group": "shape"},
            h("label", {"for": "explorer-layers", "class_": "field-label"}, "Neurons per layer"),
            self.field,
            h(
                "p",
                {"id": "explorer-layers-help", "class_": "help"},
                f"{MIN_LAYERS}–{MAX_LAYERS} layers of {MIN_NEURONS}–{MAX_NEURONS} neurons, separated by commas.",
            ),
            self.message,
            h("div", {"class_": "btn-row"}, self.add_btn, self.remove_btn),
            h(
                "div",
                {"class_": "param-box"},
                h("p", {"class_": "param-title"}, "Parameters (weights + biases)"),
                h("p", {}, self.params_total, " ", self.params_split),
                self.params_formula,
            ),
        )
        self.diagram = self.scope.adopt(NetworkDiagram("explorer-svg", "Network diagram: hover or tab to a neuron"))
        self.steppers = h("div", {"class_": "layer-steppers", "aria_label": "Neurons in each layer", "role": "group"})
        self.sample_note = h("p", {"class_": "legend-note", "id": "explorer-sample-note"})
        legend = h(
            "div",
            {"class_": "legend", "aria_label": "Colour legend"},
            _swatch("up", "Upstream: feeds the neuron (forward pass)"),
            _swatch("down", "Downstream: fed by it; its gradient comes from here"),
            _swatch("focus", "The selected neuron"),
            _swatch("dim", "Not connected to it by any path"),
        )
        figure = h("figure", {"class_": "diagram"}, self.diagram.svg, self.steppers, legend, self.sample_note)
        self.side_title = h("h3", {"class_": "info-title"})
        self.side_sections = [(h("h4", {}), h("p", {})) for _ in range(2)]
        self.side = h(
            "section",
            {"class_": "panel info", "aria_live": "polite", "id": "explorer-info"},
            self.side_title,
            *[el for pair in self.side_sections for el in pair],
        )
        self._hovered: tuple[int, int] | None = None
        self.root.append(h("div", {"class_": "explorer"}, controls, figure, self.side))

        self.scope.on(self.field, "input", self._on_field)
        self.scope.on(self.add_btn, "click", lambda _e: self._set_layers(self._added_layer()))
        self.scope.on(self.remove_btn, "click", lambda _e: self._set_layers(self.state.layers[:-2] + self.state.layers[-1:]))
        self.scope.on(self.steppers, "click", self._on_stepper)
        svg = self.diagram.svg
        self.scope.on(svg, "pointerover", self._on_pointer)
        self.scope.on(svg, "pointerleave", self._on_leave)
        self.scope.on(svg, "focusin", self._on_pointer)
        self.scope.on(svg, "focusout", lambda _e: self._hover(None))
        # one tab stop for the whole diagram; the arrow keys move it (focusin then highlights)
        self.focus = RovingFocus(self.scope, svg, "node-{col}-{row}", lambda: self.state.layers)

    # -- state changes --------------------------------------------------------------------
    def _added_layer(self) -> tuple[int, ...]:
        layers = self.state.layers
        if len(layers) >= MAX_LAYERS:
            return layers
        return layers[:-1] + (layers[-2] if len(layers) > 2 else 4,) + layers[-1:]

    def _set_layers(self, layers: tuple[int, ...]) -> None:
        if len(layers) < MIN_LAYERS or len(layers) > MAX_LAYERS or layers == self.state.layers:
            return
        self._show_message("")
        self._hovered = None
        self.set_state(layers=layers)
        self.field.value = ",".join(map(str, layers))
        self._render_steppers(layers, layer_names(layers))

    def _on_field(self, _event) -> None:
        try:
            layers, _ = parse_layers(str(self.field.value))
        except urlstate.Invalid as exc:
            self._show_message(f"Not applied: {exc} The diagram shows the last valid network.")
            return
        self._show_message("")
        if layers != self.state.layers:
            self._hovered = None
            self.set_state(layers=layers)
            self._render_steppers(layers, layer_names(layers))

    def _on_stepper(self, event) -> None:
        button = event.target.closest("button[data-layer]")
        if button is None or button.disabled:
            return
        l, delta = int(button.dataset.layer), int(button.dataset.delta)
        layers = list(self.state.layers)
        layers[l] = min(MAX_NEURONS, max(MIN_NEURONS, layers[l] + delta))
        self._set_layers(tuple(layers))
        # keep keyboard users on the same control after the steppers are rebuilt
        again = self.steppers.querySelector(f'button[data-layer="{l}"][data-delta="{delta}"]')
        if again is not None and not again.disabled:
            again.focus()

    def _show_message(self, text: str) -> None:
        self.message.textContent = text
        set_attrs(self.field, aria_invalid="true" if text else None)

    # -- hover / focus ----------------------------------------------------------------------
    def _on_pointer(self, event) -> None:
        m = NODE_ID.match(str(event.target.id or ""))
        self._hover((int(m.group(1)), int(m.group(2))) if m else None)

    def _on_leave(self, event) -> None:
        # A finger "leaves" as soon as it lifts: on touch screens a tapped neuron stays
        # selected until another tap (on a neuron, or on the background to clear it).
        if str(event.pointerType) != "touch":
            self._hover(None)

    def _hover(self, node: tuple[int, int] | None) -> None:
        if node != self._hovered:
            self._hovered = node
            self.invalidate("hover", now=True)  # pointer feedback: drawn at once, not a frame later

    def _show_panel(self, title: str, sections: list[tuple[str, str]]) -> None:
        """Fill the side panel's fixed elements (no element is created per hover)."""
        self.side_title.textContent = title
        for (head_el, text_el), (head, text) in zip(self.side_sections, sections, strict=True):
            head_el.textContent = head
            text_el.textContent = text
            head_el.hidden = not head

    def _describe_none(self) -> None:
        self._show_panel(
            "Pick a neuron",
            [
                ("", "Hover over a neuron, or press Tab to reach the diagram and use the arrow keys, to see "
                 "which neurons feed it in the forward pass and where its gradient comes from in backpropagation."),
                ("", ""),
            ],
        )

    # -- drawing ----------------------------------------------------------------------------
    def render(self, dirty: Dirty) -> None:
        if dirty.any("layers"):
            self._render_network()
        if dirty.any("layers", "hover"):
            self._render_hover()

    def _render_hover(self) -> None:
        if self._hovered is None:
            self.diagram.clear_highlight()
            self._describe_none()
            return
        layer, index = self._hovered
        self.diagram.apply_highlight(nd.highlight(self.diagram.layout, layer, index))
        (title, _), *sections = describe(self.state.layers, layer, index)
        self._show_panel(title, sections)

    def _render_network(self) -> None:
        sizes = self.state.layers
        if str(self.field.value) == "":
            self.field.value = ",".join(map(str, sizes))
        lay = nd.layout(sizes)
        names = layer_names(sizes)
        self.diagram.draw(lay, names)
        self.focus.set_stop(0, 0)
        weights, biases, formula = nd.parameter_count(sizes)
        self.params_total.textContent = count(weights + biases)
        self.params_split.textContent = f"= {count(weights)} weights + {count(biases)} biases"
        self.params_formula.textContent = f"{formula} = {count(weights + biases)}"
        if lay.sampled:
            self.sample_note.textContent = (
                f"Showing a random sample of {count(lay.drawn_edges)} of the {count(lay.total_edges)} connections, "
                "so the picture stays readable and fast. A selected neuron's own connections are always drawn in full."
            )
            self.sample_note.hidden = False
        else:
            self.sample_note.textContent = f"All {count(lay.total_edges)} connections are drawn."
        self.add_btn.disabled = len(sizes) >= MAX_LAYERS
        self.remove_btn.disabled = len(sizes) <= MIN_LAYERS
        if not self.steppers.hasChildNodes():
            self._render_steppers(sizes, names)

    def _render_steppers(self, sizes: tuple[int, ...], names: list[str]) -> None:
        clear(self.steppers)
        for l, n in enumerate(sizes):
            minus = h(
                "button",
                {"type": "button", "class_": "btn btn-icon", "data_layer": l, "data_delta": -1,
                 "aria_label": f"Remove a neuron from {names[l].lower()}", "disabled": n <= MIN_NEURONS},
                "−",
            )
            plus = h(
                "button",
                {"type": "button", "class_": "btn btn-icon", "data_layer": l, "data_delta": 1,
                 "aria_label": f"Add a neuron to {names[l].lower()}", "disabled": n >= MAX_NEURONS},
                "+",
            )
            self.steppers.append(
                h(
                    "div",
                    {"class_": "stepper"},
                    h("span", {"class_": "stepper-name"}, names[l]),
                    h("span", {"class_": "stepper-row"}, minus, h("output", {"class_": "stepper-value"}, str(n)), plus),
                )
            )


def _swatch(kind: str, text: str):
    return h("span", {"class_": "legend-item"}, h("span", {"class_": f"swatch swatch-{kind}", "aria_hidden": "true"}), text)
