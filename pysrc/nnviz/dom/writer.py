"""DOM writes that skip values unchanged since the last frame.

Every write crosses the JS bridge (~3 µs plus the browser's own style and layout work), and
most of a frame's texts and attributes are the same as the last frame's::

    w = Writer()
    w.text(readout, f"{loss:.4f}")      # written only when the text changes
    w.attr(dot, "cx", f"{x:.2f}")
    w.show(note, diverged)
"""

from __future__ import annotations


class Writer:
    """Remembers the last value written per (element, attribute) and skips repeats."""

    def __init__(self):
        self._last: dict[tuple[int, str], str] = {}

    def text(self, el, value: str) -> None:
        key = (id(el), "")
        if self._last.get(key) != value:
            el.textContent = value
            self._last[key] = value

    def attr(self, el, name: str, value) -> None:
        value = str(value)
        key = (id(el), name)
        if self._last.get(key) != value:
            el.setAttribute(name, value)
            self._last[key] = value

    def show(self, el, visible: bool) -> None:
        key = (id(el), "hidden")
        if self._last.get(key) != str(visible):
            el.hidden = not visible
            self._last[key] = str(visible)
