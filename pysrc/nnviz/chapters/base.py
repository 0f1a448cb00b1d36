"""What every chapter shares: its mount point, its event scope, its URL state and notes.

A chapter subclasses :class:`ChapterBase`, declares ``State`` (a dataclass) and ``FIELDS``
(its URL field table), builds its controls in :meth:`build`, and draws in :meth:`render`,
which only reads the model. Data flows one way: control -> state -> model -> render.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from nnviz import state as urlstate
from nnviz.chapters.registry import ChapterInfo
from nnviz.dom import page
from nnviz.dom.elements import clear, h
from nnviz.dom.events import Scope


class ChapterBase:
    """Mount/unmount life cycle shared by all chapters (see module docstring)."""

    State: ClassVar[type]
    FIELDS: ClassVar[Sequence[urlstate.Field]] = ()

    def __init__(self, info: ChapterInfo, root):
        self.info = info
        self.root = root
        self.scope = Scope(info.route)
        self.state: Any = None
        self._note = None

    # -- life cycle ---------------------------------------------------------------------
    async def load(self) -> None:
        """Fetch what the chapter needs before it can mount (data files); none by default.

        Show progress inside ``self.root`` while it runs: the app marks the chapter ready
        only after ``load`` and ``mount`` have both finished.
        """

    def mount(self, params: dict[str, str], notes: list[str]) -> None:
        """Read the state from the URL, build the widget, draw it once."""
        self.state, url_notes = urlstate.decode(self.State, self.FIELDS, params)
        clear(self.root)
        self._note = h("div", {"class_": "note url-note", "role": "status", "hidden": True})
        self.root.append(self._note)
        self.show_notes([*notes, *url_notes])
        self.build()
        self.render()
        self.write_url()

    def unmount(self) -> None:
        """Release listeners, proxies and loops; empty the widget."""
        self.stop()
        self.scope.close()
        clear(self.root)

    # -- for subclasses -----------------------------------------------------------------
    def build(self) -> None:
        """Create the controls and the picture (once per mount)."""
        raise NotImplementedError

    def render(self) -> None:
        """Bring the picture up to date with the model; reads, never writes, the model."""
        raise NotImplementedError

    def stop(self) -> None:
        """Stop any running animation (override when the chapter has one)."""

    # -- helpers ------------------------------------------------------------------------
    def write_url(self) -> None:
        """Mirror the state into the URL hash (no history entry, no route change)."""
        if self.FIELDS:
            page.replace_hash(urlstate.build_hash(self.info.route, urlstate.encode(self.FIELDS, self.state)))

    def show_notes(self, notes: Sequence[str]) -> None:
        """Show notes about the link (clamped or ignored values) above the widget."""
        if self._note is None:
            return
        if notes:
            self._note.textContent = " ".join(notes)
            self._note.hidden = False
        else:
            self._note.hidden = True
