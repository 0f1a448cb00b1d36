"""Event binding with owned proxies: a Scope creates them and destroys them all at once."""

from __future__ import annotations

from collections.abc import Callable

import js
from pyodide.ffi import create_proxy

from nnviz.dom.page import report_error


def guarded(fn: Callable, context: str) -> Callable:
    """Wrap a handler so that any exception is shown in the error panel, never swallowed."""

    def handler(*args):
        try:
            return fn(*args)
        except Exception as exc:
            report_error(exc, context)
            return None

    return handler


class Scope:
    """Owns everything one mounted chapter creates that must be released: event listeners,
    proxies, frame callbacks, and any object with ``destroy()`` / ``drop()`` (element sets,
    charts, observers) handed to :meth:`adopt`.

    ``close()`` stops the loops, releases adopted objects (newest first), removes every
    listener and destroys every proxy, so switching chapters leaves nothing behind and no
    chapter writes cleanup code.
    """

    def __init__(self, name: str):
        self.name = name
        self._listeners: list[tuple[object, str, object]] = []
        self._proxies: list[object] = []
        self._loops: list[FrameLoop] = []
        self._owned: list[object] = []

    def adopt(self, obj):
        """Release ``obj`` (its ``destroy()``, else ``drop()``) when the scope closes; return it.

        Components call this on themselves when they are created with a scope:
        ``self.lines = scope.adopt(ElementSet(...))``.
        """
        if not (callable(getattr(obj, "destroy", None)) or callable(getattr(obj, "drop", None))):
            raise TypeError(f"{type(obj).__name__} has neither destroy() nor drop()")
        self._owned.append(obj)
        return obj

    def on(self, target, event: str, fn: Callable, passive: bool = False) -> None:
        """Call ``fn(event)`` on ``event`` from ``target``, until the scope closes."""
        proxy = create_proxy(guarded(fn, f"while handling '{event}' in {self.name}"))
        options = js.Object.fromEntries([["passive", passive]]) if passive else None
        if options is None:
            target.addEventListener(event, proxy)
        else:
            target.addEventListener(event, proxy, options)
        self._listeners.append((target, event, proxy))

    def proxy(self, fn: Callable):
        """Return a long-lived JS callable for ``fn``, destroyed when the scope closes."""
        p = create_proxy(guarded(fn, f"in {self.name}"))
        self._proxies.append(p)
        return p

    def stop_on_close(self, loop: FrameLoop) -> None:
        """Stop ``loop`` (cancelling its pending frame) when the scope closes."""
        self._loops.append(loop)

    def close(self) -> None:
        for loop in self._loops:  # cancel pending frames before their proxies are destroyed
            loop.stop()
        self._loops.clear()
        for obj in reversed(self._owned):
            release = getattr(obj, "destroy", None) or obj.drop
            release()
        self._owned.clear()
        for target, event, proxy in self._listeners:
            target.removeEventListener(event, proxy)
            proxy.destroy()
        for p in self._proxies:
            p.destroy()
        self._listeners.clear()
        self._proxies.clear()


class FrameLoop:
    """Call ``tick(timestamp_ms)`` once per animation frame while running.

    One proxy for the whole life of the loop (DESIGN.md: never a new proxy per frame).
    ``tick`` returns False to stop the loop.
    """

    def __init__(self, scope: Scope, tick: Callable[[float], bool]):
        self._tick = tick
        self._running = False
        self._request_id = None
        self._frame = scope.proxy(self._on_frame)
        scope.stop_on_close(self)

    @property
    def running(self) -> bool:
        return self._running

    def start(self) -> None:
        if not self._running:
            self._running = True
            self._request_id = js.requestAnimationFrame(self._frame)

    def stop(self) -> None:
        """Stop, and cancel the frame already requested (it must not run after unmount)."""
        self._running = False
        if self._request_id is not None:
            js.cancelAnimationFrame(self._request_id)
            self._request_id = None

    def _on_frame(self, timestamp) -> None:
        self._request_id = None
        if not self._running:
            return
        try:
            keep_going = self._tick(float(timestamp))
        except Exception:
            self._running = False
            raise
        if keep_going is False:
            self._running = False
        if self._running:
            self._request_id = js.requestAnimationFrame(self._frame)
