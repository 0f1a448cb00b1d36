"""Batched attribute updates through web/js/bridge.js: one JS call per attribute per frame.

An :class:`ElementSet` is a list of elements held on the JS side; Python sets one
attribute on all of them from one numpy array (DESIGN.md: per-element setAttribute
from Python costs ~3 µs, a typed array crosses the bridge for a fraction of that).
"""

from __future__ import annotations

from collections.abc import Sequence

import js
import numpy as np
from pyodide.ffi import to_js


def typed(values, dtype=np.float64):
    """Return a flat JS typed array copy of ``values`` (Float64Array for float64, …), in C order
    whatever their shape: a 2-D array would otherwise arrive as an array of rows, which the
    bridge's flat loops (``heights[r * cols + c]``) read as undefined."""
    return to_js(np.ascontiguousarray(values, dtype=dtype).reshape(-1))


def strings(values: Sequence[str]):
    return to_js(list(values))


class ElementSet:
    """Elements held by the bridge under one handle; attributes set in one call each."""

    def __init__(self, handle: int):
        self.handle = handle

    @classmethod
    def create(cls, parent, tag: str, count: int, css_class: str = "", ids: Sequence[str] | None = None):
        """Append ``count`` new ``tag`` elements to ``parent`` (SVG or HTML)."""
        handle = js.nnvizBridge.create(parent, tag, count, css_class, strings(ids) if ids is not None else None)
        return cls(handle)

    @classmethod
    def collect(cls, root, selector: str):
        """Hold the existing elements under ``root`` that match ``selector``, in DOM order."""
        return cls(js.nnvizBridge.collect(root, selector))

    def __len__(self) -> int:
        return int(js.nnvizBridge.size(self.handle))

    def set_numbers(self, name: str, values, digits: int = 2) -> None:
        js.nnvizBridge.setNumbers(self.handle, name, typed(values), digits)

    def set_strings(self, name: str, values: Sequence[str]) -> None:
        js.nnvizBridge.setStrings(self.handle, name, strings(values))

    def set_all(self, name: str, value: str) -> None:
        js.nnvizBridge.setAll(self.handle, name, value)

    def set_colors(self, name: str, rgb: np.ndarray) -> None:
        """Set a colour attribute from an (n, 3) uint8 array."""
        js.nnvizBridge.setColors(self.handle, name, typed(rgb, np.uint8))

    def set_text(self, values: Sequence[str]) -> None:
        js.nnvizBridge.setText(self.handle, strings(values))

    def toggle_class(self, css_class: str, mask) -> None:
        js.nnvizBridge.toggleClass(self.handle, css_class, typed(mask, np.uint8))

    def set_numbers_at(self, name: str, indices, values, digits: int = 2) -> None:
        """Set a numeric attribute on the elements at ``indices`` only (``values``: one each)."""
        js.nnvizBridge.setNumbersAt(self.handle, name, typed(indices, np.int32), typed(values), digits)

    def toggle_class_at(self, css_class: str, indices, mask) -> None:
        """Toggle a class on the elements at ``indices`` only (``mask``: one 0/1 each)."""
        js.nnvizBridge.toggleClassAt(self.handle, css_class, typed(indices, np.int32), typed(mask, np.uint8))

    def set_states(self, classes: Sequence[str], states) -> None:
        """Give element i the class ``classes[states[i] - 1]`` (0: none of them), in one call."""
        js.nnvizBridge.setStates(self.handle, strings(classes), typed(states, np.uint8))

    def set_text_at(self, indices: Sequence[int], values: Sequence[str]) -> None:
        """Give element ``indices[i]`` the text ``values[i]``, in one call (e.g. only the changed
        cells of a table: ``cells.set_text_at([2, 7], ["0.5", "…"])``)."""
        js.nnvizBridge.setTextAt(self.handle, typed(indices, np.int32), strings(values))

    def set_text_data_at(self, indices: Sequence[int], values: Sequence[str]) -> None:
        """As :meth:`set_text_at`, but a text node already there keeps its place and only its
        text changes (``nnvizBridge.setTextDataAt``): less layout work for many cells at once."""
        js.nnvizBridge.setTextDataAt(self.handle, typed(indices, np.int32), strings(values))

    @classmethod
    def create_lines(cls, parent, css_class: str, lines: np.ndarray, digits: int = 1):
        """Append one <line> per row of an (n, 4) array of x1, y1, x2, y2, in one call."""
        return cls(js.nnvizBridge.createLines(parent, css_class, typed(lines), digits))

    def remove(self) -> None:
        """Remove the elements from the page and release the handle."""
        js.nnvizBridge.remove(self.handle)

    def drop(self) -> None:
        """Release the handle; the elements stay."""
        js.nnvizBridge.drop(self.handle)


def set_points(polyline, xy: np.ndarray, digits: int = 1) -> None:
    """Set a polyline's ``points`` from an (n, 2) array in one call."""
    js.nnvizBridge.setPoints(polyline, typed(xy), digits)


def write_many(ops: list) -> None:
    """Apply many text and attribute writes in one call: ``ops`` is a flat list of (element,
    name, value) triples, name ``""`` for the element's text:
    ``write_many([label, "", "z = 0.23", dot, "cx", "41.50"])``."""
    js.nnvizBridge.writeMany(to_js(ops))


def js_list(items):
    """A JS array of ``items`` (elements, or arrays made by this function), e.g. to hand a group of
    elements to the bridge once and reuse it every frame: ``js_list([halo, line])``."""
    return to_js(list(items))


def tail_points(targets, marks, xy: np.ndarray, offsets, cuts, digits: int = 1) -> None:
    """Extend growing polylines in one call (``nnvizBridge.tailPoints``): path i, drawn by the
    elements of ``targets[i]`` (a :func:`js_list`), drops its last ``cuts[i]`` points (−1: all),
    appends the points ``xy[offsets[i]:offsets[i + 1]]`` of an (n, 2) array, and ``marks[i]``
    (an element or None) moves to its last point; e.g. ``tail_points(js_list([js_list([line])]),
    js_list([None]), xy, [0, len(xy)], [-1])`` draws one path anew."""
    js.nnvizBridge.tailPoints(targets, marks, typed(xy), typed(offsets, np.int32),
                              typed(cuts, np.int32), digits)


class PolylineBatch:
    """The points of many polylines, sent in one bridge call (``nnvizBridge.setPolylineTails``).

        batch = PolylineBatch()
        batch.add(lines, [0, 2], xy, [40, 38])   # lines: an ElementSet of polylines; xy (78, 2)
        other_chart.render(batch)                 # … more lines, of any number of sets
        batch.flush()                             # one call sets every line added

    Lines are written in the order added (a line added twice ends with the later points).
    """

    def __init__(self, digits: int = 1):
        self.digits = int(digits)
        self.clear()

    def clear(self) -> None:
        self._handles: list[int] = []
        self._indices: list[int] = []
        self._counts: list[int] = []
        self._keeps: list[int] = []
        self._xy: list[np.ndarray] = []

    def __len__(self) -> int:
        return len(self._counts)

    def add(self, lines: ElementSet, indices: Sequence[int], xy: np.ndarray, counts: Sequence[int],
            keeps: Sequence[int] | None = None) -> None:
        """Lines ``indices`` of set ``lines`` get the rows of ``xy`` (Σ counts, 2), ``counts[i]`` each.

        With ``keeps``, line i first keeps the first ``keeps[i]`` points it was last given
        through a batch (0, the default: none) and the rows are appended to them: a growing
        line sends its new points only.
        """
        if len(indices) != len(counts) or (keeps is not None and len(keeps) != len(counts)):
            raise ValueError("one count (and keep) per line")
        self._handles.extend([lines.handle] * len(indices))
        self._indices.extend(indices)
        self._counts.extend(counts)
        self._keeps.extend(keeps if keeps is not None else [0] * len(counts))
        self._xy.append(np.asarray(xy, dtype=np.float64).reshape(-1))

    def flush(self) -> None:
        """Send every line added (nothing when none were), and start a new batch."""
        if self._counts:
            xy = np.concatenate(self._xy) if len(self._xy) > 1 else self._xy[0]
            js.nnvizBridge.setPolylineTails(typed(self._handles, np.int32), typed(self._indices, np.int32), typed(xy),
                                            typed(self._counts, np.int32), typed(self._keeps, np.int32), self.digits)
        self.clear()


def set_bar_paths(bars: ElementSet, x0: np.ndarray, heights: np.ndarray, width: float, base: float,
                  min_height: float = 0.05) -> None:
    """One path of bars per element of ``bars``: row r of ``x0`` and ``heights`` (rows, cols)
    gives the left edges and heights of its bars (``nnvizBridge.setBarPaths``, one call)."""
    cols = int(np.shape(heights)[1])
    js.nnvizBridge.setBarPaths(bars.handle, typed(x0), typed(heights), cols, float(width), float(base),
                               float(min_height))
