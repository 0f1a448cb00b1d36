"""The app shell: routes the URL hash to chapters without restarting Python.

``#/explorer?layers=3,5,4`` mounts the explorer chapter with that state. Every route
change unmounts the current chapter (releasing its listeners), mounts the next one,
awaits its optional async ``load()`` (data files; a failure shows its reason and a
retry, see ``chapters/base.py``), and only then moves the
``data-ready`` marker on <html> to the new route. Chapter modules are imported on first
visit only, so start-up pays for one chapter.
"""

from __future__ import annotations

import asyncio
import importlib

from nnviz.chapters.registry import BY_ROUTE
from nnviz.dom import page
from nnviz.dom.events import Scope
from nnviz.urlstate import parse_hash

COURSE = "course"  # the ready marker's value on the course map (#/)


class App:
    """Owns the current chapter; one instance per page."""

    def __init__(self):
        self.scope = Scope("app")
        self.current = None
        self._generation = 0  # bumps on every route change; a stale load never marks ready

    def start(self) -> None:
        self.scope.on(page.window(), "hashchange", lambda _e: self.schedule_route())
        self.schedule_route()

    def schedule_route(self) -> None:
        self._generation += 1
        task = asyncio.ensure_future(self.route(self._generation))
        task.add_done_callback(_report_failure)

    async def route(self, generation: int) -> None:
        """Mount the chapter the hash names; an empty or unknown route is the course map."""
        route, params = parse_hash(page.location_hash())
        page.clear_ready()
        if self.current is not None:
            self.current.unmount()
            self.current = None
        if route not in BY_ROUTE:
            # the course map (#/), static HTML; boot.js shows it, and a note for an unknown
            # route (the same route rule: parse_hash lowercases, as boot.js does)
            page.set_ready(COURSE)
            return
        info = BY_ROUTE[route]
        module = importlib.import_module(info.module)
        await asyncio.sleep(0)  # the import and the first render are separate tasks: the page answers between
        if generation != self._generation:
            return
        chapter = module.Chapter(info, page.by_id(f"widget-{route}"))
        self.current = chapter
        await chapter.prepare()
        if generation != self._generation:
            return  # the visitor moved on while this chapter was loading
        chapter.mount(params, [])
        page.set_ready(route)


def _report_failure(task: asyncio.Future) -> None:
    if not task.cancelled() and task.exception() is not None:
        page.report_error(task.exception(), "A chapter failed to load.")
