"""Arrow keys over the network picture's neurons AND links (pure): where each key goes.

Items are ``(col, row)`` pairs of one roving tab stop. Neuron column c is item column 2c (row:
the neuron, the input column holding all seven features); the links of layer l (from column l
to l + 1) are item column 2l + 1, row k = i · n_to + j for the weight W[l][i, j].

    nav = Nav(sizes=(7, 4, 2, 1), feed=(0, 1))   # nodes per column; input rows that feed it
    nav.move("ArrowRight", 0, 0)   # (1, 0): x1 → its first link, W[0][0, 0]
    nav.move("ArrowDown", 1, 0)    # (1, 1): the next link, W[0][0, 1]
    nav.move("ArrowRight", 1, 5)   # (2, 1): W[0][1, 1] → the neuron it feeds
    nav.move("ArrowLeft", 1, 5)    # (0, 1): W[0][1, 1] → the input it comes from (x2)
    nav.element_id(1, 5), nav.item("link-0-1-1")   # "link-0-1-1", (1, 5)

From a neuron, → goes to its first outgoing link (an input that is switched off has none: the
next column), ← to its first incoming link; from a link, → and ← go to the neurons it joins;
↑/↓ step through the column; Home/End go to its ends, Ctrl+Home/End to the first input and
the last output.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_ID = re.compile(r"^(?:node-(\d+)-(\d+)|link-(\d+)-(\d+)-(\d+))$")


class Nav(NamedTuple):
    sizes: tuple[int, ...]  # nodes per column: 7 features, hidden widths…, outputs
    feed: tuple[int, ...]  # rows of the input column that feed the network, in input order

    def n_from(self, layer: int) -> int:
        return len(self.feed) if layer == 0 else self.sizes[layer]

    def n_links(self, layer: int) -> int:
        return self.n_from(layer) * self.sizes[layer + 1]

    def link(self, layer: int, k: int) -> tuple[int, int]:
        """(i, j) of link row k of a layer: W[layer][i, j]."""
        return divmod(k, self.sizes[layer + 1])

    def source_row(self, layer: int, i: int) -> int:
        return self.feed[i] if layer == 0 else i

    def count(self, col: int) -> int:
        return self.sizes[col // 2] if col % 2 == 0 else self.n_links(col // 2)

    def element_id(self, col: int, row: int) -> str:
        if col % 2 == 0:
            return f"node-{col // 2}-{row}"
        layer = col // 2
        i, j = self.link(layer, row)
        return f"link-{layer}-{i}-{j}"

    def item(self, element_id: str) -> tuple[int, int] | None:
        """The item an element id names, or None (not an item, or not in this picture)."""
        m = _ID.match(element_id)
        if not m:
            return None
        if m.group(1) is not None:
            c, r = int(m.group(1)), int(m.group(2))
            return (2 * c, r) if c < len(self.sizes) and r < self.sizes[c] else None
        layer, i, j = int(m.group(3)), int(m.group(4)), int(m.group(5))
        if layer >= len(self.sizes) - 1 or i >= self.n_from(layer) or j >= self.sizes[layer + 1]:
            return None
        return 2 * layer + 1, i * self.sizes[layer + 1] + j

    def move(self, key: str, col: int, row: int, ctrl: bool = False) -> tuple[int, int] | None:
        """Where ``key`` takes the focus from item ``(col, row)``; None for a key that is no move."""
        last = 2 * (len(self.sizes) - 1)
        n = self.count(col)
        if key in ("ArrowUp", "ArrowDown"):
            return col, min(n - 1, max(0, row + (1 if key == "ArrowDown" else -1)))
        if key in ("Home", "End"):
            if ctrl:
                return (0, 0) if key == "Home" else (last, self.sizes[-1] - 1)
            return col, 0 if key == "Home" else n - 1
        if key not in ("ArrowLeft", "ArrowRight"):
            return None
        right = key == "ArrowRight"
        if col % 2 == 1:  # a link: to the neuron it feeds, or the one it comes from
            layer = col // 2
            i, j = self.link(layer, row)
            return (2 * layer + 2, j) if right else (2 * layer, self.source_row(layer, i))
        c = col // 2
        if right:
            if c == len(self.sizes) - 1:
                return col, row
            i = self.feed.index(row) if c == 0 and row in self.feed else (row if c > 0 else None)
            if i is None:  # a switched-off input has no links: the next column
                return 2, min(row, self.sizes[1] - 1)
            return 2 * c + 1, i * self.sizes[c + 1]
        if c == 0:
            return col, row
        return 2 * c - 1, row  # W[c - 1][0, row]: the first link into this neuron
