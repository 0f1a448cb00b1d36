"""A problem alert: what happened and why, in words, with one primary way out and maybe a second.

    alert = Alert(scope, "trainer-diverged", "Diverged. ", ("Start again at learning rate 1", recover),
                  ("Keep training anyway", keep), class_="t-diverged")
    panel.append(alert.element)
    alert.show("The loss climbed back up … Lower the learning rate, then press Reset.")
    alert.hide()

The element is ``<div role="alert" id=… hidden>`` holding ``<strong>title</strong>``, a ``<p>``
with the explanation and a row of buttons (the primary one styled ``btn-primary``). It starts
hidden; :meth:`Alert.show` fills in the text and shows it, so screen readers announce it once.
The buttons' clicks go through ``scope`` (released with it): nothing to destroy.
"""

from __future__ import annotations

from collections.abc import Callable

from nnviz.dom.elements import h

Action = tuple[str, Callable[[], None]]  # (button label, what a click does)


class Alert:
    """A hidden-by-default ``role="alert"`` box: title, explanation, primary (and secondary) button."""

    def __init__(self, scope, alert_id: str, title: str, primary: Action, secondary: Action | None = None,
                 *, class_: str = ""):
        self.text = h("p", {"class_": "alert-text"})
        self.primary = _button(scope, primary, "btn btn-small btn-primary")
        self.secondary = None if secondary is None else _button(scope, secondary, "btn btn-small")
        buttons = [b for b in (self.primary, self.secondary) if b is not None]
        self.element = h("div", {"class_": f"alert-box {class_}".strip(), "role": "alert", "id": alert_id,
                                 "hidden": True},
                         h("strong", {}, title), self.text, h("div", {"class_": "btn-row"}, *buttons))

    @property
    def shown(self) -> bool:
        return not self.element.hidden

    def show(self, text: str) -> None:
        """Explain what happened (and why, and what to do) and show the alert."""
        if self.text.textContent != text:
            self.text.textContent = text
        if self.element.hidden:
            self.element.hidden = False

    def hide(self) -> None:
        """Hide the alert (no write when it is hidden already: chapters call this every frame)."""
        if not self.element.hidden:
            self.element.hidden = True


def _button(scope, action: Action, class_: str):
    label, fn = action
    button = h("button", {"type": "button", "class_": class_}, label)
    scope.on(button, "click", lambda _e: fn())
    return button
