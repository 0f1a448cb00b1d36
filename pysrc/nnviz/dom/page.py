"""The page: boot progress, the ready marker, errors, the URL hash."""

from __future__ import annotations

import sys
import traceback

import js


def boot_stage(name: str, fraction: float = 0.0, detail: str = "") -> None:
    """Advance the loading bar (stages: download, python, numpy, chapter)."""
    js.nnvizBoot.stage(name, fraction, detail)


def set_ready(route: str) -> None:
    """Set ``data-ready="<route>"`` on <html>: the chapter is rendered and interactive."""
    js.nnvizBoot.ready(route)


def clear_ready() -> None:
    """Remove the ready marker while a chapter is being (re)built."""
    js.nnvizBoot.unready()


def report_error(exc: BaseException, context: str = "") -> None:
    """Show an exception in the page's error panel (role="alert") and log it in full."""
    text = "".join(traceback.format_exception(exc))
    if context:
        text = f"{context}\n{text}"
    js.console.error(text)
    js.nnvizBoot.error(text)


def show_runtime_info(numpy_version: str, products: str = "numpy") -> None:
    """Fill the footer's runtime line: versions and what computes the matrix products
    (nnviz.dom.kernel), and (as its tooltip) the host, how Python started (restored from the
    build's snapshot, or started afresh and why) and why numpy computes the products, if so."""
    el = js.document.getElementById("runtime-info")
    if el is None:
        return
    python = sys.version.split()[0]
    pyodide = getattr(js.nnvizBoot, "pyodide", None)
    pyodide_version = str(getattr(pyodide, "version", "") or "") if pyodide is not None else ""
    parts = [f"Python {python}", f"numpy {numpy_version}"] + ([f"Pyodide {pyodide_version}"] if pyodide_version else [])
    el.textContent = " · ".join([*parts, f"matrix products: {products}"])
    start = str(getattr(js.nnvizBoot, "snapshot", None) or "unknown")
    note = str(getattr(js.nnvizBoot, "matmulNote", None) or "")
    kernel = f" Matrix-product kernel: {note}." if note else ""
    el.title = f"Running on {sys._emscripten_info.runtime}. Start-up snapshot: {start}.{kernel}"


def location_hash() -> str:
    return str(js.location.hash)


def replace_hash(new_hash: str) -> None:
    """Replace the URL hash without adding a history entry or firing a route change."""
    if str(js.location.hash) != new_hash:
        js.history.replaceState(None, "", new_hash)


def by_id(element_id: str):
    """Return the element with this id (raises if it is missing: a bug, not user input)."""
    el = js.document.getElementById(element_id)
    if el is None:
        raise LookupError(f"no element #{element_id}")
    return el


def window():
    """The window, for listeners that must outlive the pointer leaving an element."""
    return js.window


def element_at(x: float, y: float):
    """The topmost element at viewport point (x, y), or None (drag-painting across cells)."""
    return js.document.elementFromPoint(x, y)


def capture_pointer(element, pointer_id) -> bool:
    """Keep pointer events coming to ``element`` mid-drag; False when the browser refuses
    (a synthetic pointer it does not know), in which case dragging works without capture."""
    from pyodide.ffi import JsException

    try:
        element.setPointerCapture(pointer_id)
    except JsException:
        return False
    return True
