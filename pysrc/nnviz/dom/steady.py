"""Boxes whose height only grows, so a changing text never moves what is below them.

A box whose text changes often (a formula with its numbers, a readout) and wraps to more or fewer
lines moves everything after it at each change, and the browser lays out and paints all of that
again (in the backprop chapter: the picture, the panels and a table of up to 80 rows, on every
step). Here a ResizeObserver (it reports after layout, so reading the size costs nothing) raises
each box's ``min-height`` to the tallest it has been:

    steady = scope.adopt(Steady(scope, [stepbox, readout]))   # elements with an id
    steady.reset()          # e.g. a new network: shorter texts; let the boxes shrink again

The boxes still show all of every text; once the longest one has been shown they keep one size.
"""

from __future__ import annotations

import math

import js


class Steady:
    def __init__(self, scope, elements):
        self.elements = list(elements)
        self._index = {str(el.id): i for i, el in enumerate(self.elements)}
        self._tallest = [0.0] * len(self.elements)
        self._observer = js.ResizeObserver.new(scope.proxy(self._on_resize))
        for el in self.elements:
            self._observer.observe(el)

    def _on_resize(self, entries, _observer=None) -> None:
        for entry in entries:
            el = entry.target
            i = self._index.get(str(el.id))
            if i is None:
                continue
            # border box (app.css: border-box), rounded up to the 1/64 px layout works in: a
            # rounded-down min-height would let the box shrink by a fraction and move the rest
            height = math.ceil(float(el.getBoundingClientRect().height) * 64 - 1e-6) / 64
            if height > self._tallest[i]:
                self._tallest[i] = height
                el.style.minHeight = f"{height}px"  # its own height: no new layout, no loop

    def reset(self) -> None:
        """Forget the heights (a new network shape): each box takes its text's height again."""
        self._tallest = [0.0] * len(self.elements)
        for el in self.elements:
            el.style.minHeight = ""

    def destroy(self) -> None:
        self._observer.disconnect()
