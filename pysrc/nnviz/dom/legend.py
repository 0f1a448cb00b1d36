"""One legend: a labelled group of items, each a small sample (swatch) and its text.

    from nnviz.dom.legend import legend, swatch
    el = legend("Scatter plot legend",
                swatch("a house", "dot", "hk-house"),          # the chapter's CSS colours .hk-house
                swatch("the prediction line", "line", color="#4f46e5"))
    figure.append(el)

Shapes: ``dot``, ``line``, ``dash``, ``ring``, ``cross``, ``bar`` (app.css, "legend" block). The
sample takes its colour from ``color`` or from CSS ``color`` on ``css_class`` (dot and bar
fill with it, the others stroke with it); it is hidden from screen readers, the text is not.
"""

from __future__ import annotations

from nnviz.dom.elements import h

SHAPES = ("dot", "line", "dash", "ring", "cross", "bar")


def swatch(text: str, shape: str = "dot", css_class: str = "", color: str | None = None):
    """One legend item: a ``shape`` sample in ``color`` (or ``css_class``'s CSS colour), then ``text``."""
    if shape not in SHAPES:
        raise ValueError(f"unknown swatch shape {shape!r}; one of {SHAPES}")
    cls = f"key key-{shape} {css_class}".strip()
    return h("span", {"class_": "legend-item"},
             h("span", {"class_": cls, "aria_hidden": "true", "style": f"color: {color}" if color else None}), text)


def legend(label: str, *items, css_class: str = ""):
    """A ``role="group"`` named ``label`` holding ``items`` (from :func:`swatch`, or any element)."""
    return h("div", {"class_": f"legend {css_class}".strip(), "role": "group", "aria_label": label}, *items)
