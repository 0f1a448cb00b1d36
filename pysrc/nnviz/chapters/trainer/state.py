"""The trainer's state and its URL fields, e.g. ``#/trainer?hidden=16&lr=1&seed=1&batch=100``.

The seed is part of the state, so a link reproduces the starting weights and, because
training is deterministic (the images are visited in order 0 … 9), every run from them.
Pure Python: unit-tested in CPython.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from nnviz import urlstate

HIDDEN_MIN, HIDDEN_MAX = 1, 32
LR_MIN, LR_MAX = 0.01, 5.0
SEED_MAX = 999_999
BATCHES = (10, 100, 1000)
TABS = ("images", "draw")
LR_STEPS = 1000  # the learning-rate slider's positions 0 … 1000, on a log scale


@dataclass(frozen=True)
class State:
    hidden: int = 16
    lr: float = 1.0
    seed: int = 1
    batch: int = 100
    digit: int = 0
    tab: str = "images"


def parse_batch(raw: str) -> tuple[int, str | None]:
    """One of 10, 100, 1000; another whole number snaps to the nearest (in log terms) with a note."""
    value = urlstate.parse_number(raw)
    if value != int(value) or value < 1:
        raise urlstate.Invalid(f"{raw.strip()!r} is not a positive whole number.")
    best = min(BATCHES, key=lambda b: abs(math.log10(b) - math.log10(value)))
    note = None if best == value else f"{int(value)} is not offered; using {best}."
    return best, note


FIELDS = (
    urlstate.int_field("hidden", HIDDEN_MIN, HIDDEN_MAX, "Hidden neurons"),
    urlstate.float_field("lr", LR_MIN, LR_MAX, "Learning rate", digits=4),
    urlstate.int_field("seed", 0, SEED_MAX, "Seed"),
    urlstate.Field("batch", parse_batch, str, "Iterations per Train"),
    urlstate.int_field("digit", 0, 9, "Selected digit"),
    urlstate.choice_field("tab", TABS, "Input tab"),
)


def lr_from_position(position: float) -> float:
    """Slider position 0 … 1000 -> learning rate 0.01 … 5, log scale, 3 significant digits.

    lr = 0.01 · 500^(position / 1000): 0 -> 0.01, 741 -> 1.0, 1000 -> 5.0.
    """
    p = min(max(float(position), 0.0), LR_STEPS)
    lr = LR_MIN * (LR_MAX / LR_MIN) ** (p / LR_STEPS)
    return min(max(float(f"{lr:.3g}"), LR_MIN), LR_MAX)


def position_from_lr(lr: float) -> int:
    """Inverse of :func:`lr_from_position`, rounded to the nearest slider position."""
    lr = min(max(float(lr), LR_MIN), LR_MAX)
    return round(LR_STEPS * math.log(lr / LR_MIN) / math.log(LR_MAX / LR_MIN))


def format_lr(lr: float) -> str:
    """1.0 -> "1", 0.0123 -> "0.0123", 2.5 -> "2.5" (at most 3 significant digits)."""
    return f"{lr:.3g}"
