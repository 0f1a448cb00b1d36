"""DOM writes that skip values unchanged since the last frame.

Every write crosses the JS bridge (~3 µs plus the browser's own style and layout work), and
most of a frame's texts and attributes are the same as the last frame's::

    w = Writer()
    w.text(readout, f"{loss:.4f}")      # written only when the text changes
    w.attr(dot, "cx", f"{x:.2f}")
    w.show(note, diverged)

:class:`BatchWriter` skips the same way but queues its writes, and :func:`flush` sends the
queues of several writers in one bridge call (a render that writes many small things)::

    w = BatchWriter()
    w.text(readout, "z = 0.23")          # queued (skipped when the text is unchanged)
    w.attr(dot, "cx", "41.50")
    flush([w, other.w])                  # one call applies both queues, in order
"""

from __future__ import annotations

from nnviz.dom.bridge import write_many


class Writer:
    """Remembers the last value written per (element, attribute) and skips repeats."""

    def __init__(self):
        self._last: dict[tuple[int, str], str] = {}

    def text(self, el, value: str) -> None:
        self._write(el, "", value)

    def attr(self, el, name: str, value) -> None:
        self._write(el, name, str(value))

    def _write(self, el, name: str, value: str) -> None:
        """Apply ``value`` (name ``""``: the element's text) unless it was the last one written."""
        key = (id(el), name)
        if self._last.get(key) != value:
            self._apply(el, name, value)
            self._last[key] = value

    def _apply(self, el, name: str, value: str) -> None:
        if name:
            el.setAttribute(name, value)
        else:
            el.textContent = value

    def show(self, el, visible: bool) -> None:
        key = (id(el), "hidden")
        if self._last.get(key) != str(visible):
            el.hidden = not visible
            self._last[key] = str(visible)


class BatchWriter(Writer):
    """A :class:`Writer` whose text and attribute writes wait for :func:`flush`."""

    def __init__(self):
        super().__init__()
        self.queue: list = []  # element, name ("" = its text), value; one triple per write

    def _apply(self, el, name: str, value: str) -> None:
        self.queue += (el, name, value)


def flush(writers) -> None:
    """Apply the queued writes of ``writers`` in one bridge call (``dom.bridge.write_many``)."""
    ops: list = []
    for w in writers:
        if w.queue:
            ops += w.queue
            w.queue = []
    if ops:
        write_many(ops)
