"""Element construction: small helpers over document.createElement(NS)."""

from __future__ import annotations

import js

SVG_NS = "http://www.w3.org/2000/svg"


def _apply(el, attrs: dict | None, children) -> object:
    for key, value in (attrs or {}).items():
        if value is None or value is False:
            continue
        name = key.rstrip("_").replace("_", "-")
        el.setAttribute(name, "" if value is True else str(value))
    for child in children:
        if child is None:
            continue
        el.append(child if not isinstance(child, str) else js.document.createTextNode(child))
    return el


def h(tag: str, attrs: dict | None = None, *children) -> object:
    """Create an HTML element: ``h("button", {"type": "button", "class_": "btn"}, "Add")``.

    Attribute names: a trailing ``_`` is dropped (``class_``), other ``_`` become ``-``
    (``aria_label``). ``True`` sets an empty attribute, ``None``/``False`` skip it.
    """
    return _apply(js.document.createElement(tag), attrs, children)


def s(tag: str, attrs: dict | None = None, *children) -> object:
    """Create an SVG element (same conventions as :func:`h`)."""
    return _apply(js.document.createElementNS(SVG_NS, tag), attrs, children)


def clear(el) -> None:
    """Remove all children of ``el``."""
    el.replaceChildren()


def set_attrs(el, **attrs) -> None:
    """Set (or with ``None``, remove) attributes, with :func:`h`'s naming rules."""
    for key, value in attrs.items():
        name = key.rstrip("_").replace("_", "-")
        if value is None or value is False:
            el.removeAttribute(name)
        else:
            el.setAttribute(name, "" if value is True else str(value))


def scroll_box(label: str, *children, css_class: str = ""):
    """A box that scrolls sideways when its table is wider than the screen: a named region in the
    tab order, so a keyboard can scroll it too (axe: scrollable-region-focusable)."""
    return h("div", {"class_": f"table-wrap {css_class}".strip(), "role": "region", "tabindex": "0",
                     "aria_label": label}, *children)
