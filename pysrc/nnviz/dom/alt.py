"""Text alternatives that stay current without being rewritten every frame.

A picture redrawn 60 times a second (a loss curve while training) must not rewrite its
description 60 times a second: that is work for nothing, and a screen reader reading it would
be interrupted. An :class:`AltText` writes at most once per ``every_ms``; a text offered in
between is written when that interval ends (one shared timer for all of them), so the last
state is always described, also when the drawing stops::

    alt = AltText(lambda text: set_attrs(canvas, aria_label=text))
    alt.offer(lambda: f"Loss surface. {grid_summary(values)}")   # each frame: cheap, lazy
    alt.now(lambda: ...)                                          # on focus: at once

``offer`` takes a function, so the words are only computed when they are written. An object
that goes away calls :meth:`cancel` (the kit's widgets do it in ``destroy``); a pending text
holds its closure for at most ``every_ms``.
"""

from __future__ import annotations

from collections.abc import Callable

import js
from pyodide.ffi import create_proxy

from nnviz.dom.events import guarded

EVERY_MS = 2000.0

_pending: dict[int, AltText] = {}
_timer = {"id": None, "proxy": None}


def _flush_pending(*_args) -> None:
    _timer["id"] = None
    items = list(_pending.values())
    _pending.clear()
    for alt in items:
        alt.flush()


def _arm(delay_ms: float) -> None:
    if _timer["id"] is not None:
        return
    if _timer["proxy"] is None:  # one proxy for the page's life, shared by every AltText
        _timer["proxy"] = create_proxy(guarded(_flush_pending, "Updating a picture's description failed."))
    _timer["id"] = js.setTimeout(_timer["proxy"], max(0.0, delay_ms))


class AltText:
    """Writes a description through ``write(text)``, at most once per ``every_ms``."""

    def __init__(self, write: Callable[[str], None], every_ms: float = EVERY_MS):
        self._write = write
        self.every_ms = float(every_ms)
        self._at = -1e18  # when it last wrote
        self._make: Callable[[], str] | None = None
        self.text = ""

    def offer(self, make: Callable[[], str]) -> None:
        """The picture changed: describe it now if the interval allows, else when it ends."""
        now = float(js.performance.now())
        if now - self._at >= self.every_ms:
            self._emit(make, now)
        else:
            self._make = make
            _pending[id(self)] = self
            _arm(self._at + self.every_ms - now)

    def now(self, make: Callable[[], str] | None = None) -> None:
        """Describe at once (e.g. when the picture gets focus): ``make``, or the pending text."""
        make = make or self._make
        if make is not None:
            self._emit(make, float(js.performance.now()))

    def flush(self) -> None:
        if self._make is not None:
            self._emit(self._make, float(js.performance.now()))

    def cancel(self) -> None:
        _pending.pop(id(self), None)
        self._make = None

    def _emit(self, make: Callable[[], str], now: float) -> None:
        _pending.pop(id(self), None)
        self._make = None
        self._at = now
        text = make()
        if text != self.text:
            self.text = text
            self._write(text)
