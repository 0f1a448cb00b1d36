"""One tab stop for a whole picture; the arrow keys move between its items (roving tabindex).

Items are addressed ``(col, row)``: a network's (layer, neuron), or ``(0, i)`` for a list.
Columns may differ in length, and an empty column (a layer without drawn nodes) is skipped.

    focus = RovingFocus(scope, svg, "node-{col}-{row}", lambda: (3, 5, 2), on_move=select)
    focus.set_stop(0, 0)     # after (re)drawing: this item is the picture's one tab stop
    focus.focus(1, 2)        # move the stop there and focus it

Keys (on any item): ↑/↓ within a column, ←/→ to the neighbouring column (same row, or its
last), Home/End to the first/last item of the column (with Ctrl: of the picture), Escape
leaves the picture (blur; ``on_escape``), Enter/Space call ``on_activate``. In a single
column ←/→ act as ↑/↓. ``on_move(col, row)`` is called after every move.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence


def move(key: str, col: int, row: int, sizes: Sequence[int], ctrl: bool = False) -> tuple[int, int] | None:
    """Where ``key`` takes the focus from ``(col, row)``, or None for a key that is not a move.

    >>> move("ArrowRight", 0, 4, (5, 3)), move("ArrowUp", 0, 0, (5, 3)), move("End", 1, 0, (5, 3))
    ((1, 2), (0, 0), (1, 2))
    """
    filled = [c for c, n in enumerate(sizes) if n > 0]
    if not filled:
        return None
    if len(filled) == 1:
        key = {"ArrowLeft": "ArrowUp", "ArrowRight": "ArrowDown"}.get(key, key)
    if key in ("ArrowUp", "ArrowDown"):
        return col, min(sizes[col] - 1, max(0, row + (1 if key == "ArrowDown" else -1)))
    if key in ("ArrowLeft", "ArrowRight"):
        later = [c for c in filled if (c > col if key == "ArrowRight" else c < col)]
        if not later:
            return col, row
        c = later[0] if key == "ArrowRight" else later[-1]
        return c, min(row, sizes[c] - 1)
    if key in ("Home", "End"):
        if ctrl:
            c = filled[0] if key == "Home" else filled[-1]
            return c, 0 if key == "Home" else sizes[c] - 1
        return col, 0 if key == "Home" else sizes[col] - 1
    return None


class RovingFocus:
    """Keyboard focus over the items of ``container`` whose ids follow ``pattern``.

    ``pattern`` holds ``{col}`` and ``{row}`` (``"mnist-node-{col}-{row}"``); ``sizes()`` gives
    the number of items per column now (a callable, as the picture may be redrawn).
    """

    def __init__(self, scope, container, pattern: str, sizes: Callable[[], Sequence[int]], *,
                 on_move: Callable[[int, int], None] | None = None,
                 on_activate: Callable[[int, int], None] | None = None,
                 on_escape: Callable[[], None] | None = None):
        self.container = container
        self.pattern = pattern
        self.sizes = sizes
        self.on_move = on_move
        self.on_activate = on_activate
        self.on_escape = on_escape
        self._parse = re.compile("^" + re.escape(pattern).replace(r"\{col\}", r"(?P<col>\d+)")
                                 .replace(r"\{row\}", r"(?P<row>\d+)") + "$")
        self.current: tuple[int, int] | None = None
        scope.on(container, "keydown", self._on_key)

    def item_of(self, element) -> tuple[int, int] | None:
        """The ``(col, row)`` of an item element (or of the item an event target is in)."""
        for _ in range(8):  # an item is the target or one of its few ancestors
            if element is None:
                return None
            m = self._parse.match(str(getattr(element, "id", "") or ""))
            if m:
                return (int(m.group("col")), int(m.group("row"))) if self.container.contains(element) else None
            element = getattr(element, "parentElement", None)
        return None

    def element(self, col: int, row: int):
        return self.container.querySelector("#" + self.pattern.format(col=col, row=row))

    def set_stop(self, col: int, row: int) -> None:
        """Make ``(col, row)`` the picture's only tab stop, without moving the focus."""
        if self.current is not None and self.current != (col, row):
            old = self.element(*self.current)
            if old is not None:
                old.setAttribute("tabindex", "-1")
        target = self.element(col, row)
        if target is not None:
            target.setAttribute("tabindex", "0")
            self.current = (col, row)

    def focus(self, col: int, row: int) -> None:
        """Move the tab stop to ``(col, row)`` and focus it."""
        self.set_stop(col, row)
        target = self.element(col, row)
        if target is not None:
            target.focus()

    def target(self, key: str, col: int, row: int, ctrl: bool = False) -> tuple[int, int] | None:
        """Where ``key`` moves the focus from ``(col, row)`` (:func:`move` over ``sizes()``); a
        picture whose items are not a plain grid (a network's neurons and links) overrides it,
        with :meth:`element` and :meth:`item_of`."""
        return move(key, col, row, list(self.sizes()), ctrl=ctrl)

    def _on_key(self, event) -> None:
        here = self.item_of(event.target)
        if here is None:
            return
        key = str(event.key)
        if key == "Escape":
            event.target.blur()
            if self.on_escape is not None:
                self.on_escape()
            return
        if key in ("Enter", " "):
            if self.on_activate is not None:
                event.preventDefault()
                self.on_activate(*here)
            return
        to = self.target(key, *here, ctrl=bool(getattr(event, "ctrlKey", False)))
        if to is None:
            return
        event.preventDefault()
        self.focus(*to)
        if self.on_move is not None:
            self.on_move(*to)
