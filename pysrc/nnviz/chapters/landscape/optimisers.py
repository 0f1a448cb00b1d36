"""Six optimisers as pure update rules on a point (x, y), with their internals kept visible.

    rule = RULES["adam"]
    st = step("adam", (1.0, 2.0), grad_fn, lr=0.1, h={"beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
              memory=rule.start(), t=1)
    st.point          # the new (x, y)
    st.grad           # the gradient the rule used (Nesterov: at its look-ahead point)
    st.delta          # the step taken, new point − old point
    st.memory         # what the rule carries to the next step ({"m": (…), "v": (…)} for Adam)
    st.shown          # named numbers for the "inside the optimiser" panel (m̂, v̂, 1 − β₁ᵗ, …)
    query("nesterov", (1.0, 2.0), 0.1, h, memory)   # where the step takes its gradient (look-ahead)

The rules (g the gradient, t = 1, 2, … the step number, all operations per coordinate):

  SGD        x ← x − lr·g
  Momentum   v ← β·v + g;                 x ← x − lr·v
  Nesterov   x̃ = x − lr·β·v (look ahead); g̃ = ∇f(x̃);  v ← β·v + g̃;  x ← x − lr·v
  AdaGrad    G ← G + g²;                  x ← x − lr·g / (√G + ε)
  RMSProp    s ← ρ·s + (1 − ρ)·g²;        x ← x − lr·g / (√s + ε)
  Adam       m ← β₁·m + (1 − β₁)·g;  v ← β₂·v + (1 − β₂)·g²;
             m̂ = m / (1 − β₁ᵗ);  v̂ = v / (1 − β₂ᵗ);   x ← x − lr·m̂ / (√v̂ + ε)

SGD, Momentum and Adam are the rules of ``nnviz.engine.optimizers`` (the same velocity form
v ← βv + g as the engine's and PyTorch's Momentum; Adam with bias correction); the unit tests
check them against the engine step by step. They are written again here because the chapter
shows their memory (velocity, averages, bias correction) after every step, which the engine's
propose/commit interface keeps private, and because two numbers are cheaper as Python floats
than as arrays. Nesterov, AdaGrad and RMSProp are not in the engine. Nesterov is written in its
look-ahead form (the gradient is taken where the velocity is about to carry the point), which
equals Sutskever et al.'s (2013) with their velocity −lr·v.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

Pair = tuple[float, float]


@dataclass(frozen=True)
class Setting:
    """One hyperparameter: URL suffix, label, symbol, range and default."""

    key: str
    label: str
    lo: float
    hi: float
    default: float


LR = Setting("lr", "learning rate", 1e-6, 1000.0, 0.01)


@dataclass(frozen=True)
class Rule:
    """One optimiser: its name, its settings (learning rate first) and the memory it starts with."""

    key: str
    name: str
    settings: tuple[Setting, ...]
    memory: tuple[str, ...]  # names of the pairs it carries between steps
    formula: str

    def start(self) -> dict[str, Pair]:
        """The memory before the first step: every pair zero."""
        return {k: (0.0, 0.0) for k in self.memory}

    def defaults(self) -> dict[str, float]:
        """The default hyperparameters besides the learning rate."""
        return {s.key: s.default for s in self.settings if s.key != "lr"}


def _beta(label: str, default: float) -> Setting:
    return Setting("beta", label, 0.0, 0.999, default)


EPS = Setting("eps", "ε", 1e-12, 1.0, 1e-8)

RULES: dict[str, Rule] = {
    "sgd": Rule("sgd", "SGD", (LR,), (), "x ← x − lr·g"),
    "momentum": Rule("momentum", "Momentum", (LR, _beta("β", 0.9)), ("v",), "v ← β·v + g;  x ← x − lr·v"),
    "nesterov": Rule("nesterov", "Nesterov", (LR, _beta("β", 0.9)), ("v",),
                     "x̃ = x − lr·β·v;  v ← β·v + ∇f(x̃);  x ← x − lr·v"),
    "adagrad": Rule("adagrad", "AdaGrad", (LR, EPS), ("G",), "G ← G + g²;  x ← x − lr·g / (√G + ε)"),
    "rmsprop": Rule("rmsprop", "RMSProp", (LR, Setting("beta", "ρ", 0.0, 0.999, 0.9), EPS), ("s",),
                    "s ← ρ·s + (1 − ρ)·g²;  x ← x − lr·g / (√s + ε)"),
    "adam": Rule("adam", "Adam", (LR, Setting("beta1", "β₁", 0.0, 0.999, 0.9),
                                  Setting("beta2", "β₂", 0.0, 0.9999, 0.999), EPS), ("m", "v"),
                 "m ← β₁·m + (1 − β₁)·g;  v ← β₂·v + (1 − β₂)·g²;  x ← x − lr·m̂ / (√v̂ + ε)"),
}
KEYS = tuple(RULES)


class Step(NamedTuple):
    """One step's result (see the module docstring)."""

    point: Pair
    grad: Pair
    delta: Pair
    memory: dict[str, Pair]
    shown: dict[str, object]


def query(key: str, point: Pair, lr: float, h: dict[str, float], memory: dict[str, Pair]) -> Pair:
    """Where step ``key`` takes its gradient: Nesterov's look-ahead point, else ``point`` itself
    (so a race can take all its runners' gradients in one call before stepping them)."""
    if key != "nesterov":
        return point
    beta, (vx, vy) = h["beta"], memory["v"]
    return (point[0] - lr * beta * vx, point[1] - lr * beta * vy)


def step(key: str, point: Pair, grad_fn: Callable[[float, float], Pair], lr: float, h: dict[str, float],
         memory: dict[str, Pair], t: int) -> Step:
    """Take step number ``t`` (1, 2, …) of optimiser ``key`` from ``point``; pure (no input changes)."""
    x, y = point
    if key == "nesterov":
        beta = h["beta"]
        vx, vy = memory["v"]
        look = query(key, point, lr, h, memory)
        gx, gy = grad_fn(*look)
        vx, vy = beta * vx + gx, beta * vy + gy
        dx, dy = -lr * vx, -lr * vy
        return Step((x + dx, y + dy), (gx, gy), (dx, dy), {"v": (vx, vy)}, {"v": (vx, vy), "look": look})
    gx, gy = grad_fn(x, y)
    if key == "sgd":
        dx, dy = -lr * gx, -lr * gy
        return Step((x + dx, y + dy), (gx, gy), (dx, dy), {}, {})
    if key == "momentum":
        beta = h["beta"]
        vx, vy = memory["v"]
        vx, vy = beta * vx + gx, beta * vy + gy
        dx, dy = -lr * vx, -lr * vy
        return Step((x + dx, y + dy), (gx, gy), (dx, dy), {"v": (vx, vy)}, {"v": (vx, vy)})
    eps = h["eps"]
    if key == "adagrad":
        Gx, Gy = memory["G"]
        Gx, Gy = Gx + gx * gx, Gy + gy * gy
        dx, dy = -lr * gx / (math.sqrt(Gx) + eps), -lr * gy / (math.sqrt(Gy) + eps)
        return Step((x + dx, y + dy), (gx, gy), (dx, dy), {"G": (Gx, Gy)}, {"G": (Gx, Gy)})
    if key == "rmsprop":
        rho = h["beta"]
        sx, sy = memory["s"]
        sx, sy = rho * sx + (1 - rho) * gx * gx, rho * sy + (1 - rho) * gy * gy
        dx, dy = -lr * gx / (math.sqrt(sx) + eps), -lr * gy / (math.sqrt(sy) + eps)
        return Step((x + dx, y + dy), (gx, gy), (dx, dy), {"s": (sx, sy)}, {"s": (sx, sy)})
    if key == "adam":
        b1, b2 = h["beta1"], h["beta2"]
        mx, my = memory["m"]
        vx, vy = memory["v"]
        mx, my = b1 * mx + (1 - b1) * gx, b1 * my + (1 - b1) * gy
        vx, vy = b2 * vx + (1 - b2) * gx * gx, b2 * vy + (1 - b2) * gy * gy
        c1, c2 = 1 - b1**t, 1 - b2**t
        mhx, mhy, vhx, vhy = mx / c1, my / c1, vx / c2, vy / c2
        dx, dy = -lr * mhx / (math.sqrt(vhx) + eps), -lr * mhy / (math.sqrt(vhy) + eps)
        return Step((x + dx, y + dy), (gx, gy), (dx, dy), {"m": (mx, my), "v": (vx, vy)},
                    {"m": (mx, my), "v": (vx, vy), "m_hat": (mhx, mhy), "v_hat": (vhx, vhy), "c1": c1, "c2": c2})
    raise KeyError(f"unknown optimiser {key!r}")
