"""Pointer events to an element's own coordinates: canvas pixels or SVG viewBox units.

    frame = PointerFrame.of(canvas)      # reads the element's box once (at pointerdown)
    x, y = frame.point(event)            # clientX/Y -> canvas pixels (280×280 pad: 0…280)
    frame.cell(event, 28, 28)            # -> (row, col) of a 28×28 grid drawn on it, or None

The element's units are its ``width``/``height`` attributes (a canvas) or its viewBox (an
SVG that is not letterboxed, i.e. its box has the viewBox's aspect ratio). Reading the box
once per gesture keeps pointermove free of layout work.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PointerFrame:
    """An element's box on screen (CSS px) and its own size in units."""

    left: float
    top: float
    width: float
    height: float
    units_w: float
    units_h: float

    @classmethod
    def of(cls, element, units: tuple[float, float] | None = None) -> PointerFrame:
        """Measure ``element`` now; ``units`` overrides its own (width, height) in units."""
        r = element.getBoundingClientRect()
        if units is None:
            units = _units(element)
        return cls(float(r.left), float(r.top), max(float(r.width), 1.0), max(float(r.height), 1.0),
                   float(units[0]), float(units[1]))

    def point(self, event) -> tuple[float, float]:
        """The event's position in the element's units (may lie outside, when captured)."""
        return ((float(event.clientX) - self.left) * self.units_w / self.width,
                (float(event.clientY) - self.top) * self.units_h / self.height)

    def cell(self, event, rows: int, cols: int) -> tuple[int, int] | None:
        """The (row, col) of a rows × cols grid covering the element, or None outside it."""
        x = (float(event.clientX) - self.left) / self.width
        y = (float(event.clientY) - self.top) / self.height
        if not (0 <= x < 1 and 0 <= y < 1):
            return None
        return int(y * rows), int(x * cols)


def _units(element) -> tuple[float, float]:
    box = getattr(element, "viewBox", None)
    base = getattr(box, "baseVal", None) if box is not None else None
    if base is not None and float(base.width) > 0:
        return float(base.width), float(base.height)
    return float(element.width), float(element.height)
