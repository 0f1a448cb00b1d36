"""nnviz.dom.pointer: client coordinates to canvas pixels / viewBox units (fake elements, no browser)."""

from __future__ import annotations

from types import SimpleNamespace as Fake

import pytest

from nnviz.dom.pointer import PointerFrame


def canvas(left, top, width, height, units=(280, 280)):
    rect = Fake(left=left, top=top, width=width, height=height)
    return Fake(getBoundingClientRect=lambda: rect, width=units[0], height=units[1])


def svg(left, top, width, height, view=(600, 300)):
    rect = Fake(left=left, top=top, width=width, height=height)
    return Fake(getBoundingClientRect=lambda: rect, viewBox=Fake(baseVal=Fake(width=view[0], height=view[1])))


def at(x, y):
    return Fake(clientX=x, clientY=y)


def test_a_canvas_shown_at_half_size_maps_back_to_its_pixels():
    f = PointerFrame.of(canvas(100, 50, 140, 140))
    assert f.point(at(100, 50)) == (0, 0)
    assert f.point(at(240, 190)) == (280, 280)
    assert f.point(at(135, 85)) == pytest.approx((70, 70))
    assert f.point(at(90, 50)) == pytest.approx((-20, 0))  # outside (captured pointer) stays linear


def test_an_svg_maps_to_its_viewbox_units():
    f = PointerFrame.of(svg(0, 10, 300, 150))
    assert f.point(at(150, 85)) == pytest.approx((300, 150))


def test_cells_of_a_grid_and_none_outside():
    f = PointerFrame.of(canvas(0, 0, 280, 140, units=(8, 4)))
    assert f.cell(at(0, 0), 4, 8) == (0, 0)
    assert f.cell(at(279.9, 139.9), 4, 8) == (3, 7)
    assert f.cell(at(36, 36), 4, 8) == (1, 1)
    assert f.cell(at(280, 10), 4, 8) is None
    assert f.cell(at(-1, 10), 4, 8) is None


def test_a_collapsed_box_does_not_divide_by_zero():
    f = PointerFrame.of(canvas(0, 0, 0, 0))
    assert f.point(at(0.5, 0.5)) == (140, 140)
