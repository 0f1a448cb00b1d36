"""Learning-rate schedules: the rate for step t = 0, 1, 2, … from the base rate lr₀.

    rate("cosine", 0.1, t=50, period=100)          # 0.05: half-way down the cosine
    rates("step", 0.1, 300, gamma=0.5, period=100)  # (300,) array for the schedule plot

  constant     lr(t) = lr₀
  step         lr(t) = lr₀ · γ^⌊t / k⌋               (drops by γ every k steps)
  exponential  lr(t) = lr₀ · γ^(t / k)               (the same drop, spread smoothly)
  cosine       lr(t) = lr₀ · ½ (1 + cos(π · min(t, k) / k))   (to zero at step k, then stays 0)
  warmup       lr(t) = lr₀ · min(1, (t + 1) / k)       (linear warm-up over k steps)

k is the schedule's ``period``. Constant, step and exponential are the engine's
``nnviz.engine.Schedule`` (used here as is); cosine and linear warm-up are not in the engine.
"""

from __future__ import annotations

import math

import numpy as np

from nnviz.engine import Schedule

KINDS = ("constant", "step", "exponential", "cosine", "warmup")
LABELS = {"constant": "Constant", "step": "Step decay", "exponential": "Exponential decay",
          "cosine": "Cosine", "warmup": "Linear warm-up"}
FORMULAS = {
    "constant": "lr(t) = lr₀",
    "step": "lr(t) = lr₀ · γ^⌊t / k⌋",
    "exponential": "lr(t) = lr₀ · γ^(t / k)",
    "cosine": "lr(t) = lr₀ · ½ (1 + cos(π · min(t, k) / k))",
    "warmup": "lr(t) = lr₀ · min(1, (t + 1) / k)",
}


def rate(kind: str, lr0: float, t: int, gamma: float = 0.5, period: int = 100) -> float:
    """Return the learning rate of step ``t`` (the first step is t = 0)."""
    if kind in ("constant", "step", "exponential"):
        return Schedule(kind, gamma=gamma, every=period)(lr0, t)
    if kind == "cosine":
        return lr0 * 0.5 * (1.0 + math.cos(math.pi * min(t, period) / period))
    if kind == "warmup":
        return lr0 * min(1.0, (t + 1) / period)
    raise ValueError(f"unknown schedule {kind!r}; choose from {KINDS}")


def rates(kind: str, lr0: float, steps: int, gamma: float = 0.5, period: int = 100) -> np.ndarray:
    """Return the rates of steps 0 … steps − 1 as an array (for the schedule plot)."""
    return np.array([rate(kind, lr0, t, gamma, period) for t in range(steps)])
