"""The in-place editor: a text field laid over a weight's or bias's label on the picture.

``open(element, name, value, index)`` shows it over ``element`` with the exact value selected;
Enter (or leaving the field) applies a valid value, Escape cancels. The rules and the words are
:mod:`nnviz.kit.numbers`' (not a number, NaN, ±inf refused; beyond ±100 clamped, with a reason).
"""

from __future__ import annotations

from collections.abc import Callable

from nnviz.chapters.backprop.state import VALUE_LIMIT, keep
from nnviz.dom.elements import h, set_attrs
from nnviz.kit import numbers


class Editor:
    def __init__(self, scope, container, commit: Callable[[int, float], None], refocus: Callable[[int], None]):
        self.container, self._commit, self._refocus = container, commit, refocus
        self.input = h("input", {"type": "text", "id": "backprop-editor", "class_": "bp-editor", "hidden": True,
                                 "autocomplete": "off", "spellcheck": "false", "inputmode": "decimal",
                                 "aria_describedby": "backprop-editor-msg"})
        self.msg = h("p", {"id": "backprop-editor-msg", "class_": "field-msg bp-editor-msg", "aria_live": "polite"})
        container.append(self.input)
        container.append(self.msg)
        self.index: int | None = None
        self.spec: numbers.NumberSpec | None = None
        self.value = 0.0
        scope.on(self.input, "keydown", self._on_key)
        scope.on(self.input, "blur", lambda _e: self._finish(apply=True, refocus=False))

    def open(self, element, name: str, value: float, index: int) -> None:
        box, rect = self.container.getBoundingClientRect(), element.getBoundingClientRect()
        left = float(rect.left) - float(box.left) + float(self.container.scrollLeft) + float(rect.width) / 2
        top = float(rect.top) - float(box.top) + float(self.container.scrollTop) + float(rect.height) / 2
        self.index, self.value = index, value
        self.spec = numbers.NumberSpec(name, -VALUE_LIMIT, VALUE_LIMIT, digits=8)
        set_attrs(self.input, aria_label=f"New value for {name}", aria_invalid=None,
                  style=f"left: {left:.0f}px; top: {top:.0f}px")
        self.input.value = repr(float(value))
        self.msg.textContent = ""
        self.input.hidden = False
        self.input.focus()
        self.input.select()

    def _on_key(self, event) -> None:
        key = str(event.key)
        if key == "Enter":
            event.preventDefault()
            self._finish(apply=True, refocus=True)
        elif key == "Escape":
            event.preventDefault()
            self._finish(apply=False, refocus=True)

    def _finish(self, apply: bool, refocus: bool) -> None:
        index = self.index
        if index is None:
            return
        if apply:
            checked = numbers.check(str(self.input.value), self.spec, self.value)
            if checked.refused:
                self.msg.textContent = checked.message
                set_attrs(self.input, aria_invalid="true")
                if refocus:  # Enter on bad text: stay in the field and say why
                    return
                apply = False
            else:
                self.msg.textContent = checked.message
        self.index = None
        self.input.hidden = True
        if apply:
            self._commit(index, keep(checked.value))
        if refocus:
            self._refocus(index)
