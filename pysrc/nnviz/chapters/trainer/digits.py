"""The ten 5×5 training digits of the "Digit trainer" chapter, and their targets.

Each digit is 25 pixels read row by row (0 = white, 1 = black), so ``DIGITS[0]`` is::

    . # # # .      [0, 1, 1, 1, 0,
    # . . . #       1, 0, 0, 0, 1,
    # . . . #       1, 0, 0, 0, 1,
    # . . . #       1, 0, 0, 0, 1,
    . # # # .       0, 1, 1, 1, 0]

``TARGETS[d]`` is what the network should output for digit d: 0.99 for neuron d, 0.0 for the
other nine (a sigmoid never reaches 1, so a target of exactly 1 would push weights forever).
"""

from __future__ import annotations

import numpy as np

SIDE = 5
PIXELS = SIDE * SIDE
TARGET_ON = 0.99

_ART = (
    ".###. #...# #...# #...# .###.",
    "..#.. .##.. ..#.. ..#.. .###.",
    "####. ....# .###. #.... #####",
    "####. ....# .###. ....# ####.",
    "#...# #...# ##### ....# ....#",
    "##### #.... ####. ....# ####.",
    ".###. #.... ####. #...# .###.",
    "##### ....# ...#. ..#.. ..#..",
    ".###. #...# .###. #...# .###.",
    ".###. #...# .#### ....# .###.",
)


def parse(art: str) -> np.ndarray:
    """Turn five rows of ``#``/``.`` (separated by spaces or newlines) into 25 floats 0/1."""
    rows = art.split()
    if len(rows) != SIDE or any(len(r) != SIDE or set(r) - {"#", "."} for r in rows):
        raise ValueError(f"expected 5 rows of 5 '#' or '.', got {art!r}")
    return np.array([c == "#" for c in "".join(rows)], dtype=np.float64)


def show(pixels) -> str:
    """Inverse of :func:`parse`: 25 values (> 0.5 is black) -> five lines of ``#``/``.``."""
    p = np.asarray(pixels).reshape(SIDE, SIDE) > 0.5
    return "\n".join("".join("#" if v else "." for v in row) for row in p)


DIGITS = np.stack([parse(a) for a in _ART])  # (10, 25)
DIGITS.setflags(write=False)
TARGETS = np.eye(10) * TARGET_ON  # (10, 10)
TARGETS.setflags(write=False)


def pixel_name(index: int) -> str:
    """``7`` -> ``"pixel 8 (row 2, column 3)"``: 1-based for people, row by row."""
    row, col = divmod(index, SIDE)
    return f"pixel {index + 1} (row {row + 1}, column {col + 1})"
