"""The settings panel: layer sizes, activation, loss, inputs, targets, learning rate, and the
Random weights / Reset buttons. Fields validate as the visitor types; a refused value leaves the
last good network on screen and says why."""

from __future__ import annotations

from collections.abc import Callable

from nnviz import urlstate
from nnviz.chapters.backprop.state import (
    ACTIVATION_LABELS,
    LOSS_FORMULAS,
    LOSS_LABELS,
    LR,
    MAX_LAYERS,
    MAX_NEURONS,
    MIN_LAYERS,
    MIN_NEURONS,
    VALUE_LIMIT,
    State,
    fmt_list,
    number_list,
    parse_layers,
)
from nnviz.dom.elements import h, set_attrs
from nnviz.dom.number_input import NumberInput


def _select(sid: str, options: dict[str, str]):
    return h("select", {"id": sid, "class_": "bp-select"}, *[h("option", {"value": k}, v) for k, v in options.items()])


class TextField:
    """A labelled text field with help and a message line (for the comma lists)."""

    def __init__(self, fid: str, label: str, help_text: str):
        self.input = h("input", {"id": fid, "type": "text", "autocomplete": "off", "spellcheck": "false",
                                 "inputmode": "decimal", "aria_describedby": f"{fid}-help {fid}-msg"})
        self.msg = h("p", {"id": f"{fid}-msg", "class_": "field-msg", "aria_live": "polite"})
        self.element = h("div", {"class_": "bp-field"},
                         h("label", {"for": fid, "class_": "field-label"}, label), self.input,
                         h("p", {"id": f"{fid}-help", "class_": "help"}, help_text), self.msg)

    def show(self, text: str) -> None:
        """Show a value from the state (unless the visitor is typing in it)."""
        if str(self.input.value) != text and not self.input.matches(":focus"):
            self.input.value = text
            self.message("")

    def message(self, text: str) -> None:
        self.msg.textContent = text
        set_attrs(self.input, aria_invalid="true" if text else None)


class Controls:
    """Builds the panel; calls ``apply(**changes)`` with checked values only."""

    def __init__(self, scope, apply: Callable[..., None], random: Callable[[], None], reset: Callable[[], None],
                 lr_changed: Callable[[float, bool], None]):
        self._apply = apply
        self.layers = TextField("backprop-layers", "Neurons per layer",
                                f"{MIN_LAYERS}–{MAX_LAYERS} layers of {MIN_NEURONS}–{MAX_NEURONS} neurons, "
                                "e.g. 2,3,2.")
        self.f = _select("backprop-f", ACTIVATION_LABELS)
        self.loss = _select("backprop-loss", LOSS_LABELS)
        self.x = TextField("backprop-x", "Inputs x", "One number per input neuron, separated by commas.")
        self.y = TextField("backprop-y", "Targets y", "What each output should become.")
        self.lr = NumberInput(scope, "backprop-lr", LR, lr_changed, variant="slider",
                              help=f"η: how far each update moves the weights (typed: {LR.lo:g} to {LR.hi:g}).")
        self.loss_help = h("p", {"class_": "help bp-loss-help", "id": "backprop-loss-help"})
        self.loss.setAttribute("aria-describedby", "backprop-loss-help")
        self.random_btn = h("button", {"type": "button", "class_": "btn"}, "Random weights")
        self.reset_btn = h("button", {"type": "button", "class_": "btn"}, "Reset")
        shape = h("fieldset", {"class_": "bp-group", "data_group": "network"},
                  h("legend", {}, "The network"),
                  self.layers.element,
                  h("label", {"for": "backprop-f", "class_": "field-label"}, "Activation f"), self.f,
                  h("label", {"for": "backprop-loss", "class_": "field-label"}, "Loss C"), self.loss,
                  self.loss_help,
                  h("div", {"class_": "btn-row"}, self.random_btn, self.reset_btn),
                  h("p", {"class_": "help"}, "Reset puts back the weights you started from."))
        example = h("fieldset", {"class_": "bp-group", "data_group": "example"},
                    h("legend", {}, "The training example"), self.x.element, self.y.element, self.lr.element)
        self.element = h("section", {"class_": "panel bp-controls", "aria_label": "Settings"}, shape, example)
        scope.on(self.layers.input, "input", lambda _e: self._layers())
        scope.on(self.x.input, "input", lambda _e: self._list("x", self.x, "inputs"))
        scope.on(self.y.input, "input", lambda _e: self._list("y", self.y, "targets"))
        scope.on(self.f, "change", lambda _e: self._apply(f=str(self.f.value)))
        scope.on(self.loss, "change", lambda _e: self._apply(loss=str(self.loss.value)))
        scope.on(self.random_btn, "click", lambda _e: random())
        scope.on(self.reset_btn, "click", lambda _e: reset())
        self._state: State | None = None

    def _layers(self) -> None:
        try:
            layers, _ = parse_layers(str(self.layers.input.value))
        except urlstate.Invalid as exc:
            self.layers.message(f"Not applied: {exc} The picture shows the last good network.")
            return
        self.layers.message("")
        self._apply(layers=layers)

    def _list(self, key: str, field: TextField, what: str) -> None:
        state = self._state
        count = state.layers[0] if key == "x" else state.layers[-1]
        try:
            values = number_list(str(field.input.value), what, count, count)
        except urlstate.Invalid as exc:
            field.message(f"Not applied: {exc} (this network has {count} {what}; each between "
                          f"−{VALUE_LIMIT:g} and {VALUE_LIMIT:g}).")
            return
        field.message("")
        self._apply(**{key: values})

    def message(self, key: str, text: str) -> None:
        {"x": self.x, "y": self.y, "layers": self.layers}[key].message(text)

    def show(self, state: State) -> None:
        """Bring every control to the state."""
        self._state = state
        self.layers.show(",".join(map(str, state.layers)))
        self.x.show(fmt_list(state.x))
        self.y.show(fmt_list(state.y))
        if str(self.f.value) != state.f:
            self.f.value = state.f
        if str(self.loss.value) != state.loss:
            self.loss.value = state.loss
        self.loss_help.textContent = LOSS_FORMULAS[state.loss]
        self.lr.show(state.lr)
