"""Which parts of a page are near the viewport, from the browser's IntersectionObserver.

A chapter that redraws many views per drag event can leave the ones nobody can see for
later (and draw them as they come into view)::

    seen = InView(scope, {"plane": plane_row, "cmp": comparison}, on_change, margin_px=120)
    seen.shows("cmp")        # False while the comparison is out of view
    # on_change("cmp", True) when the comparison scrolls to within 120 px of the viewport

Until the browser's first report (just after the elements are first laid out) every name
counts as in view. Elements inside a ``content-visibility: auto`` subtree are not laid out
while it is skipped: observe the subtree's root itself. Browsers without the observer keep
everything in view. Disconnected when the scope closes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import js


class InView:
    """Tracks ``elements`` ({name: element}); ``on_change(name, visible)`` after each change."""

    def __init__(self, scope, elements: Mapping[str, object], on_change: Callable[[str, bool], None],
                 margin_px: int = 100):
        self._hidden: set[str] = set()
        self._on_change = on_change
        self._observers = []
        if not hasattr(js, "IntersectionObserver"):
            return
        options = js.Object.fromEntries([["rootMargin", f"{margin_px}px 0px"]])
        for name, element in elements.items():
            # one observer per element: its callback knows the name without comparing elements
            observer = js.IntersectionObserver.new(scope.proxy(self._callback(name)), options)
            observer.observe(element)
            self._observers.append(observer)
        scope.adopt(self)

    def shows(self, name: str) -> bool:
        """True while the element ``name`` is within the margin of the viewport."""
        return name not in self._hidden

    def _callback(self, name: str):
        def report(entries, _observer=None) -> None:
            visible = bool(entries[len(entries) - 1].isIntersecting)  # the newest report counts
            if visible == (name not in self._hidden):
                return
            if visible:
                self._hidden.discard(name)
            else:
                self._hidden.add(name)
            self._on_change(name, visible)
        return report

    def destroy(self) -> None:
        for observer in self._observers:
            observer.disconnect()
        self._observers.clear()
