"""The drawn points of a growing path: after any sequence of updates, applying each answer's cut
and appended indices to a list gives exactly "every stride-th point, and the last", with at most
``limit`` kept points and the smallest power-of-two stride that allows it."""

from __future__ import annotations

import random

import pytest

from nnviz.chapters.landscape.thinning import Tail


def expected(n: int, limit: int) -> list[int]:
    """The reference: the smallest stride 2^k with ceil(n / 2^k) ≤ limit; its multiples below n, and n − 1."""
    stride = 1
    while -(-n // stride) > limit:
        stride *= 2
    idx = list(range(0, n, stride))
    return idx if idx[-1] == n - 1 else [*idx, n - 1]


def apply(drawn: list[int], answer) -> list[int]:
    cut, idx = answer
    if cut < 0:
        return list(idx)
    return drawn[: len(drawn) - cut] + idx


@pytest.mark.parametrize("limit", [1, 2, 5, 600])
def test_random_growth_draws_every_stride_th_point_and_the_last(limit):
    rng = random.Random(limit)
    src, tail, drawn, n = [], Tail(limit), [], 0
    for _ in range(400):
        n += rng.choice([0, 1, 1, 1, 2, 7, 40])
        src.extend(range(len(src), n))
        if n == 0:
            continue
        answer = tail.update(src, n)
        if answer is None:
            assert drawn == expected(n, limit)
            continue
        drawn = apply(drawn, answer)
        assert drawn == expected(n, limit), n
        assert len(drawn) <= limit + 1


def test_one_step_per_frame_sends_one_point_and_a_new_list_draws_anew():
    src = [0.0]
    tail = Tail(600)
    assert tail.update(src, 1) == (-1, [0])
    src.append(1.0)
    assert tail.update(src, 2) == (0, [1])
    assert tail.update(src, 2) is None
    other = [0.0, 1.0]  # a reset race: new lists
    assert tail.update(other, 2) == (-1, [0, 1])
    tail.reset()
    assert tail.update(other, 2) == (-1, [0, 1])


def test_a_long_path_doubles_its_stride_and_keeps_a_provisional_last_point():
    src = list(range(10))
    tail = Tail(4)
    assert tail.update(src, 4) == (-1, [0, 1, 2, 3])
    assert tail.update(src, 5) == (-1, [0, 2, 4])  # 5 points > 4: stride 2, drawn anew
    assert tail.update(src, 6) == (0, [5])  # 5 is the provisional tail
    assert tail.update(src, 7) == (1, [6])  # 5 dropped, 6 kept (a multiple of 2)

