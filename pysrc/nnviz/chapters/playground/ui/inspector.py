"""The inspector: one neuron's bias and incoming weights, exact and live, each editable.

    ins = Inspector(chapter)
    ins.open(col, row, focus_weight=None)   # a neuron (column ≥ 1) or the link into it
    ins.update()                            # every render: values follow training (not while typed in)

Typing a number and pressing Enter (or leaving the field) writes it into the network; text that
is not a number is refused with a message and changes nothing.
"""

from __future__ import annotations

import math

from nnviz.chapters.playground import edits
from nnviz.chapters.playground.features import LABELS
from nnviz.dom.elements import clear, h, set_attrs


class Inspector:
    def __init__(self, ch):
        self.ch = ch
        self.title = h("h3", {"class_": "pg-h"}, "Inspector")
        self.body = h("div", {"class_": "pg-ins-body"})
        self.msg = h("p", {"class_": "field-msg", "role": "status"})
        self.close_btn = h("button", {"type": "button", "class_": "btn btn-small"}, "Close")
        ch.scope.on(self.close_btn, "click", lambda _e: self.close())
        self.element = h("section", {"class_": "panel pg-inspector", "aria_label": "Inspector", "hidden": True,
                                     "id": "playground-inspector"},
                         self.title, self.body, self.msg, self.close_btn)
        self.target = None
        self.fields: list[tuple[object, str, int, int]] = []  # (input, kind, i, j)

    def close(self) -> None:
        self.target = None
        self.fields = []
        self.element.hidden = True
        clear(self.body)

    def open(self, col: int, row: int, focus_weight: int | None = None) -> None:
        ch = self.ch
        net = ch.model.net
        self.target = (col, row)
        layer = col - 1
        clear(self.body)
        self.fields = []
        from nnviz.chapters.playground.ui.chapter import pm_name

        name = pm_name(col, row, len(net.sizes), net.sizes[-1])
        self.title.textContent = f"Inspector: {name}"
        rows = []
        bias = self._input(f"Bias of {name}", "b", layer, row)
        rows.append(bias)
        n_in = net.sizes[layer]
        for i in range(n_in):
            src = LABELS[ch.state.features[i]] if layer == 0 else f"neuron {i + 1} of layer {layer}"
            rows.append(self._input(f"Weight from {src}", "w", layer, i, row))
        self.body.append(h("div", {"class_": "pg-ins-grid"}, *rows))
        self.element.hidden = False
        self.msg.textContent = ""
        self._refresh(force=True)
        el = self.fields[0][0] if focus_weight is None else self.fields[1 + focus_weight][0]
        el.focus()

    def _input(self, label: str, kind: str, layer: int, i: int, j: int = 0):
        fid = f"playground-ins-{kind}-{i}"
        el = h("input", {"type": "text", "id": fid, "class_": "pg-ins-field", "inputmode": "decimal",
                         "autocomplete": "off", "spellcheck": "false"})
        self.fields.append((el, kind, i, j))
        self.ch.scope.on(el, "change", lambda _e, el=el, kind=kind, i=i, j=j: self._commit(el, kind, layer, i, j))
        self.ch.scope.on(el, "keydown", lambda e, el=el, kind=kind, i=i, j=j:
                         self._commit(el, kind, layer, i, j) if str(e.key) == "Enter" else None)
        return h("div", {"class_": "pg-ins-row"}, h("label", {"for": fid}, label), el)

    def _commit(self, el, kind: str, layer: int, i: int, j: int) -> None:
        text = str(el.value).strip()
        try:
            v = float(text)
        except ValueError:
            v = math.nan
        if not math.isfinite(v) or abs(v) > 1e6:
            self.msg.textContent = f"“{text[:30]}” is not a number between −1,000,000 and 1,000,000; nothing changed."
            set_attrs(el, aria_invalid="true")
            return
        set_attrs(el, aria_invalid=None)
        if kind == "b":
            self.ch.edit_value(layer, edits.BIAS, i, v)
        else:
            self.ch.edit_value(layer, i, j, v)
        self.msg.textContent = f"Set to {v:g} (the link keeps it)."

    def update(self) -> None:
        if self.target is not None:
            self._refresh()

    def _refresh(self, force: bool = False) -> None:
        col, row = self.target
        net = self.ch.model.net
        layer = col - 1
        if layer >= net.n_layers or row >= net.sizes[col]:
            self.close()
            return
        for el, kind, i, j in self.fields:
            if not force and el.matches(":focus"):
                continue
            v = float(net.biases[layer][i]) if kind == "b" else float(net.weights[layer][i, j])
            text = f"{v:.6g}"
            if str(el.value) != text:
                el.value = text
