"""Which points of a growing path to draw, so a frame sends only the new ones.

    tail = Tail(limit=600)
    tail.update(xs, 3)      # (-1, [0, 1, 2]): draw anew, points 0, 1, 2
    tail.update(xs, 4)      # (0, [3]): keep what is drawn, append point 3
    tail.update(xs, 4)      # None: nothing new
    tail.reset()            # the next update draws anew

A path keeps every ``stride``-th point of its data and always its last one (where the marker
sits): ``stride`` is 1 up to ``limit`` points and doubles (the path drawn anew, at most
log₂(n / limit) times) whenever the kept points would be more. The last point, when it is not
a multiple of the stride, is a provisional tail: the next update drops it (``cut`` 1) before
appending. ``src`` is the list the path is read from; another list (a reset race) draws anew.
Pure Python: the ui sends the answer to ``nnvizBridge.tailPoints``.
"""

from __future__ import annotations


class Tail:
    """The drawn state of one growing path (see the module docstring)."""

    def __init__(self, limit: int):
        self.limit = limit
        self.reset()

    def reset(self) -> None:
        self.src = None
        self.n = 0  # data points drawn (the last one included)
        self.stride = 1
        self.kept = 0  # drawn points 0, stride, 2·stride, …
        self.tail = False  # whether point n − 1 is drawn beyond the kept ones

    def update(self, src, n: int) -> tuple[int, list[int]] | None:
        """What to send for the first ``n`` points of ``src``: (cut, data indices to append), where
        cut is −1 (clear, then draw these) or the number of drawn points to drop first; None when
        the path is drawn as it is."""
        if n <= 0:
            raise ValueError("a path has at least one point")
        if self.src is src and self.n <= n:
            if self.n == n:
                return None
            stride, kept0, cut = self.stride, self.kept, (1 if self.tail else 0)
        else:
            stride, kept0, cut = 1, 0, -1
        while (n - 1) // stride + 1 > self.limit:
            stride, kept0, cut = stride * 2, 0, -1
        kept = (n - 1) // stride + 1
        idx = list(range(kept0 * stride, kept * stride, stride))
        tail = (n - 1) % stride != 0
        if tail:
            idx.append(n - 1)
        self.src, self.n, self.stride, self.kept, self.tail = src, n, stride, kept, tail
        return cut, idx
