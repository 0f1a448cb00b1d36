"""Arrow keys over the picture's neurons and links: every move lands on an item that exists,
links lead to the neurons they join, ids and items map both ways."""

from __future__ import annotations

import itertools

from nnviz.chapters.playground.keynav import Nav

NAV = Nav(sizes=(7, 4, 2, 1), feed=(0, 1, 4))  # x1, x2, x1·x2 on; hidden 4, 2; one output
KEYS = ("ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End")


def items(nav):
    for col in range(2 * len(nav.sizes) - 1):
        for row in range(nav.count(col)):
            yield col, row


def test_link_columns_hold_every_weight_in_engine_order():
    assert [NAV.count(c) for c in range(7)] == [7, 3 * 4, 4, 4 * 2, 2, 2 * 1, 1]
    assert NAV.link(0, 5) == (1, 1)  # W[0][1, 1]
    assert NAV.element_id(1, 5) == "link-0-1-1" and NAV.element_id(2, 3) == "node-1-3"


def test_ids_and_items_map_both_ways():
    for col, row in items(NAV):
        assert NAV.item(NAV.element_id(col, row)) == (col, row)
    assert NAV.item("link-0-3-0") is None  # only three inputs feed it
    assert NAV.item("node-4-0") is None and NAV.item("playground-plot") is None


def test_every_move_lands_on_an_item():
    every = set(items(NAV))
    for (col, row), key, ctrl in itertools.product(every, KEYS, (False, True)):
        assert NAV.move(key, col, row, ctrl) in every


def test_links_lead_to_the_neurons_they_join():
    # x1·x2 (input row 4, the third input) → its first link W[0][2, 0] → neuron 1 of layer 1
    assert NAV.move("ArrowRight", 0, 4) == (1, 2 * 4 + 0)
    assert NAV.move("ArrowRight", 1, 8) == (2, 0)
    assert NAV.move("ArrowLeft", 1, 8) == (0, 4)  # back to x1·x2, the input it comes from
    # a switched-off input (x1², row 2) has no links: → goes on to the next column
    assert NAV.move("ArrowRight", 0, 2) == (2, 2)
    # ← from neuron 2 of layer 2 goes to its first incoming link W[1][0, 1]
    assert NAV.move("ArrowLeft", 4, 1) == (3, 1) and NAV.link(1, 1) == (0, 1)
    assert NAV.move("End", 0, 0, ctrl=True) == (6, 0) and NAV.move("Home", 6, 0, ctrl=True) == (0, 0)
    assert NAV.move("ArrowDown", 3, 7) == (3, 7) and NAV.move("Tab", 0, 0) is None
