"""The app shell: routes the URL hash to chapters without restarting Python.

``#/explorer?layers=3,5,4`` mounts the explorer chapter with that state. Every route
change unmounts the current chapter (releasing its listeners), mounts the next one, and
moves the ``data-ready`` marker on <html> to the new route. Chapter modules are imported
on first visit only, so start-up pays for one chapter.
"""

from __future__ import annotations

import importlib

import js

from nnviz.chapters.registry import BY_ROUTE, CHAPTERS
from nnviz.dom import page
from nnviz.dom.events import Scope
from nnviz.state import parse_hash


class App:
    """Owns the current chapter; one instance per page."""

    def __init__(self):
        self.scope = Scope("app")
        self.current = None
        self.mounted_route: str | None = None

    def start(self) -> None:
        self.scope.on(js.window, "hashchange", self.route)
        self.route()

    def route(self, _event=None) -> None:
        """Mount the chapter the hash names (the first chapter for an empty or unknown route)."""
        route, params = parse_hash(page.location_hash())
        notes = []
        if route not in BY_ROUTE:
            if route:
                notes.append(f"There is no chapter “{route[:40]}”; showing “{CHAPTERS[0].title}”.")
            route = CHAPTERS[0].route
        info = BY_ROUTE[route]
        page.clear_ready()
        if self.current is not None:
            self.current.unmount()
            self.current = None
        module = importlib.import_module(info.module)
        chapter = module.Chapter(info, page.by_id(f"widget-{route}"))
        self.current = chapter
        chapter.mount(params, notes)
        self.mounted_route = route
        page.set_ready(route)
