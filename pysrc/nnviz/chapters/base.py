"""The chapter contract: what every chapter shares, written once.

A chapter is a folder ``chapters/<route>/`` with a ``Chapter`` class that subclasses
:class:`ChapterBase`, declares ``State`` (a frozen dataclass) and ``FIELDS`` (its URL field
table, :mod:`nnviz.urlstate`), and fills in up to five hooks::

    async load()          fetch data files before mounting (raise LoadError: the base shows
                          the reason and a "Try again" button)
    build()               create controls and pictures, once per mount
    sync(changed)         bring the model to what the state says (the only place a setting
                          reaches the model, so no setting is held twice)
    tick(now_ms) -> bool  per-frame work while running (training chunks); False stops
    render(dirty)         draw; reads the state and the model, never writes them

Data flows one way. A control calls :meth:`ChapterBase.set_state`, which replaces the state,
calls ``sync`` with the changed field names, marks them dirty, schedules one render on the
next animation frame and (when the change is committed) writes the URL. Changes that are
not state (a hover, a new training result) call :meth:`ChapterBase.invalidate` with a key of
their own. ``render`` runs at most once per frame, with the set of everything that changed
since the last one (``dirty.any("w", "b")``; on mount, everything).

While a render is owed (or the chapter is running), the chapter's root carries
``data-pending``; tests wait for ``#widget-<route>:not([data-pending])`` instead of counting
frames. Everything with ``destroy()``/``drop()`` is handed to ``self.scope.adopt`` (kit
components do it themselves when given the scope), so unmounting releases it all.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from nnviz import urlstate
from nnviz.chapters.registry import ChapterInfo
from nnviz.dom import page
from nnviz.dom.elements import clear, h
from nnviz.dom.events import FrameLoop, Scope


class LoadError(Exception):
    """Raised by :meth:`ChapterBase.load`: the message is shown to the visitor, with a retry."""


class Dirty(frozenset):
    """What changed since the last render: state field names and :meth:`~ChapterBase.invalidate` keys.

    ``Dirty.ALL`` (on mount) contains everything.
    """

    ALL: ClassVar[Dirty]

    def any(self, *keys: str) -> bool:
        """True when any of ``keys`` changed (always, for ``Dirty.ALL``)."""
        return self is Dirty.ALL or not self.isdisjoint(keys)


Dirty.ALL = Dirty({"*"})


class ChapterBase:
    """Life cycle, state changes, frame scheduling, ownership and load errors (see module doc)."""

    State: ClassVar[type]
    FIELDS: ClassVar[Sequence[urlstate.Field]] = ()

    def __init__(self, info: ChapterInfo, root):
        self.info = info
        self.root = root
        self.scope = Scope(info.route)
        self.state: Any = None
        self.running = False
        self._dirty: set[str] = set()
        self._loop: FrameLoop | None = None
        self._note = None
        self._params: dict[str, str] = {}
        self._rendered_early = False
        self.hidden_groups: tuple[str, ...] = ()
        self.load_error = ""

    # -- hooks for subclasses -------------------------------------------------------------
    async def load(self) -> None:
        """Fetch what the chapter needs before it can mount (data files); none by default.

        Show progress inside ``self.root`` while it runs; raise :class:`LoadError` with a
        reason in words when it fails.
        """

    def build(self) -> None:
        """Create the controls and the pictures (once per mount)."""
        raise NotImplementedError

    def sync(self, changed: frozenset[str]) -> None:
        """Bring the model to the state after the fields ``changed`` (all of them on mount)."""

    def tick(self, now_ms: float) -> bool:
        """Do one frame's work while running; return False to stop running."""
        return False

    def render(self, dirty: Dirty) -> None:
        """Bring the picture up to date with the state and the model; reads, never writes."""
        raise NotImplementedError

    # -- life cycle (called by the app) ---------------------------------------------------
    async def prepare(self) -> None:
        """Run :meth:`load`, keeping its failure for :meth:`mount` to show."""
        self.load_error = ""
        try:
            await self.load()
        except LoadError as exc:
            self.load_error = str(exc) or "the files could not be read"

    def mount(self, params: dict[str, str], notes: list[str]) -> None:
        """Read the state from the URL, build the widget, draw it once."""
        self._params = dict(params)
        self.state, url_notes = urlstate.decode(self.State, self.FIELDS, params)
        self.hidden_groups, hide_notes = urlstate.parse_hide(params.get("hide", ""), [k for k, _ in self.info.groups])
        url_notes += hide_notes
        clear(self.root)
        self._note = h("div", {"class_": "note url-note", "role": "status", "hidden": True})
        self.root.append(self._note)
        self.show_notes([*notes, *url_notes])
        if self.load_error:
            self._show_load_error()
            return
        self._loop = FrameLoop(self.scope, self._on_frame)
        self.build()
        self._hide_groups()
        self.sync(frozenset(f.name for f in self.FIELDS))
        self._dirty.clear()
        self.render(Dirty.ALL)
        self.write_url()

    def unmount(self) -> None:
        """Release listeners, proxies, loops and adopted components; empty the widget."""
        self.running = False
        self.scope.close()
        self._loop = None
        self.root.removeAttribute("data-pending")
        clear(self.root)

    # -- services for subclasses ----------------------------------------------------------
    def set_state(self, commit: bool = True, **changes) -> None:
        """Replace fields of the state; sync the model; schedule one render; write the URL
        when ``commit`` (a slider being dragged passes False until it is released)."""
        new = dataclasses.replace(self.state, **changes)
        changed = frozenset(k for k in changes if getattr(new, k) != getattr(self.state, k))
        if changed:
            self.state = new
            self.sync(changed)
            self.invalidate(*changed)
        if commit:
            self.write_url()

    def invalidate(self, *keys: str, now: bool = False) -> None:
        """Redraw what depends on ``keys`` on the next frame (several calls: one render).

        ``now=True`` (pointer feedback: a hover, a pen stroke) renders at once instead, unless
        a render already ran at once in this frame; then the next frame does it. So feedback
        has no frame of delay, and still costs at most one render per frame.
        """
        self._dirty.update(keys or ("*",))
        if now and not self._rendered_early and self._loop is not None:
            self._rendered_early = True
            self._render_dirty()
        self._request()

    def start(self) -> None:
        """Run :meth:`tick` once per frame (then render) until it returns False or :meth:`halt`."""
        self.running = True
        self._request()

    def halt(self) -> None:
        """Stop running after the current frame; the picture is drawn once more."""
        self.running = False
        self.invalidate("running")

    def write_url(self) -> None:
        """Mirror the state (and the hidden control groups) into the URL hash (no history
        entry, no route change)."""
        if self.state is None:
            return
        query = urlstate.encode(self.FIELDS, self.state)
        if self.hidden_groups:
            query["hide"] = ",".join(self.hidden_groups)
        page.replace_hash(urlstate.build_hash(self.info.route, query))

    def _hide_groups(self) -> None:
        """Hide the control groups the link names (``hide=``; the share panel writes it).

        A group is a container of controls (``data-group``); readouts and pictures are never
        in one, so hiding a control never hides what it does (unlike TF Playground #129).
        """
        for key in self.hidden_groups:
            for el in self.root.querySelectorAll(f'[data-group="{key}"]'):
                el.classList.add("group-hidden")

    def show_notes(self, notes: Iterable[str]) -> None:
        """Show notes about the link (clamped or ignored values) above the widget."""
        notes = list(notes)
        if self._note is None:
            return
        self._note.textContent = " ".join(notes)
        self._note.hidden = not notes

    # -- the frame scheduler --------------------------------------------------------------
    def _request(self) -> None:
        if self._loop is None:
            return
        self.root.setAttribute("data-pending", "")
        self._loop.start()

    def _on_frame(self, now_ms: float) -> bool:
        self._rendered_early = False
        if self.running:
            self._dirty.add("tick")
            if not self.tick(now_ms):
                self.running = False
                self._dirty.add("running")
        self._render_dirty()
        if self.running or self._dirty:
            return True
        self.root.removeAttribute("data-pending")
        return False

    def _render_dirty(self) -> None:
        dirty, self._dirty = self._dirty, set()
        if dirty:
            self.render(Dirty.ALL if "*" in dirty else Dirty(dirty))

    # -- load errors ----------------------------------------------------------------------
    def _show_load_error(self) -> None:
        retry = h("button", {"type": "button", "class_": "btn btn-primary"}, "Try again")
        self.root.append(h("div", {"class_": "note load-error", "role": "alert"},
                           h("p", {}, f"This chapter's files could not be loaded: {self.load_error}."),
                           retry))
        self.scope.on(retry, "click", lambda _e: self._retry())

    def _retry(self) -> None:
        async def again():
            page.clear_ready()
            self.unmount()
            self.scope = Scope(self.info.route)
            await self.prepare()
            self.mount(self._params, [])
            page.set_ready(self.info.route)

        task = asyncio.ensure_future(again())
        task.add_done_callback(lambda t: t.exception() and page.report_error(t.exception(), "Retrying failed."))
