"""Learning-rate schedules: the learning rate as a function of the step count t = 0, 1, 2, …

  constant      lr(t) = lr₀
  step          lr(t) = lr₀ · γ^⌊t / every⌋          (drops by γ every ``every`` steps)
  exponential   lr(t) = lr₀ · γ^(t / every)          (smooth; the same γ per ``every`` steps)

Left out on purpose: warm-up, cosine and cyclical schedules, and schedules driven by the loss.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

SCHEDULES = ("constant", "step", "exponential")


@dataclass(frozen=True)
class Schedule:
    """Map (lr₀, t) to a learning rate, e.g. Schedule("step", gamma=0.5, every=100)."""

    kind: str = "constant"
    gamma: float = 0.5
    every: int = 100

    def __post_init__(self):
        if self.kind not in SCHEDULES:
            raise ValueError(f"unknown schedule {self.kind!r}; choose from {SCHEDULES}")
        if self.every < 1 or not self.gamma > 0:
            raise ValueError("a schedule needs every >= 1 and gamma > 0")

    def __call__(self, lr0: float, t: int) -> float:
        """Return the learning rate for step t (the first step is t = 0)."""
        if self.kind == "constant":
            return lr0
        if self.kind == "step":
            return lr0 * self.gamma ** (t // self.every)
        return lr0 * math.pow(self.gamma, t / self.every)

    def to_dict(self) -> dict:
        """Return the schedule as a JSON-safe dict."""
        return asdict(self)
