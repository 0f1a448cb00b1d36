"""nnviz.dom.focus.move: where each key takes the one tab stop of a picture (pure, no browser)."""

from __future__ import annotations

import itertools

import pytest

from nnviz.dom.focus import move

NET = (0, 128, 64, 32, 10)  # the digits network: no drawn nodes in column 0 (the input image)


def test_up_and_down_stay_in_the_column_and_stop_at_its_ends():
    assert move("ArrowDown", 1, 0, NET) == (1, 1)
    assert move("ArrowUp", 1, 5, NET) == (1, 4)
    assert move("ArrowUp", 1, 0, NET) == (1, 0)
    assert move("ArrowDown", 4, 9, NET) == (4, 9)


def test_left_and_right_keep_the_row_or_take_the_last_one():
    assert move("ArrowRight", 1, 1, NET) == (2, 1)
    assert move("ArrowRight", 1, 100, NET) == (2, 63)
    assert move("ArrowLeft", 4, 9, NET) == (3, 9)
    assert move("ArrowRight", 4, 3, NET) == (4, 3)  # the last column: no further


def test_empty_columns_are_skipped_and_never_entered():
    assert move("ArrowLeft", 1, 3, NET) == (1, 3)
    assert move("ArrowRight", 0, 0, (2, 0, 0, 3)) == (3, 0)


def test_home_and_end_go_to_the_column_ends_and_with_ctrl_to_the_picture_ends():
    assert move("Home", 2, 30, NET) == (2, 0)
    assert move("End", 2, 30, NET) == (2, 63)
    assert move("Home", 3, 7, NET, ctrl=True) == (1, 0)
    assert move("End", 1, 7, NET, ctrl=True) == (4, 9)


def test_a_single_column_is_a_list_walked_by_every_arrow():
    assert move("ArrowRight", 0, 2, (5,)) == (0, 3)
    assert move("ArrowLeft", 0, 2, (5,)) == (0, 1)


def test_other_keys_are_not_moves():
    assert move("a", 1, 1, NET) is None
    assert move("Tab", 1, 1, NET) is None
    assert move("ArrowDown", 0, 0, (0, 0)) is None


@pytest.mark.parametrize("sizes", [NET, (3, 5, 5, 2), (1,), (4, 0, 1)])
def test_every_move_lands_on_an_existing_item(sizes):
    items = [(c, r) for c, n in enumerate(sizes) for r in range(n)]
    keys = ("ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End")
    for (c, r), key, ctrl in itertools.product(items, keys, (False, True)):
        to = move(key, c, r, sizes, ctrl)
        assert to is not None and 0 <= to[1] < sizes[to[0]], (c, r, key, to)
