"""Optimisers racing on one surface: runners, their paths, divergence, and the learning-rate preset.

    race = Race.build(state, surface)       # one runner per optimiser switched on (or 4 for "rates")
    race.step(5)                            # five steps for every runner still running
    race.runners[0].xs, .ys, .losses        # the path so far (step 0 = the start)
    race.runners[0].stop                    # None while running, else a Stop(kind, step, reason)

A runner stops on its own when its point leaves the surface's box or its loss (or position)
is no longer a finite number ("diverged"; the others keep going), when it has settled (a
step shorter than 10⁻⁹ of the box and a gradient near zero: "converged"), or after MAX_STEPS.
Pure Python: the chapter's ui draws what this holds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from nnviz.chapters.landscape import schedules
from nnviz.chapters.landscape.optimisers import KEYS, RULES, Rule, Step, query, step
from nnviz.chapters.landscape.state import setting_name, settings_of
from nnviz.chapters.landscape.surfaces import Surface

MAX_STEPS = 3000
PRESET_NAMES = ("too small", "good", "too large", "diverging")


@dataclass(frozen=True)
class Stop:
    """Why a runner stopped: kind is "diverged", "escaped" (left the map downhill), "converged"
    or "limit"; ``step`` the step at which it happened."""

    kind: str
    step: int
    reason: str


@dataclass
class Runner:
    """One optimiser with its settings, its path and its memory."""

    id: str  # the optimiser key in a race, "rate-0" … "rate-3" in the preset
    rule: Rule
    label: str
    lr0: float
    h: dict[str, float]
    slot: int  # colour slot 0 … 5
    xs: list[float] = field(default_factory=list)
    ys: list[float] = field(default_factory=list)
    losses: list[float] = field(default_factory=list)
    memory: dict = field(default_factory=dict)
    before: dict = field(default_factory=dict)  # the memory before the last step
    last: Step | None = None
    last_lr: float = 0.0
    stop: Stop | None = None

    @property
    def t(self) -> int:
        """Steps taken so far."""
        return len(self.xs) - 1

    @property
    def point(self) -> tuple[float, float]:
        return self.xs[-1], self.ys[-1]


@dataclass
class Race:
    """Every runner on one surface, from one start, under one schedule."""

    surface: Surface
    start: tuple[float, float]
    runners: list[Runner]
    schedule: tuple[str, float, int] = ("constant", 0.5, 100)  # kind, γ, k

    @classmethod
    def build(cls, state, surface: Surface) -> Race:
        """The runners the state asks for, each at the start, memory empty."""
        start = surface.clamp(*state.start) if state.start is not None else surface.start
        runners = []
        if state.mode == "rates":
            rule = RULES["sgd"]
            for k, (lr, name) in enumerate(zip(surface.preset, PRESET_NAMES, strict=True)):
                runners.append(Runner(f"rate-{k}", rule, f"SGD lr {lr:g} ({name})", lr, {}, k))
        else:
            for slot, key in enumerate(KEYS):
                if key in state.opt:
                    runners.append(Runner(key, RULES[key], RULES[key].name, effective_lr(state, surface, key),
                                          settings_of(state, key), slot))
        race = cls(surface, start, runners, (state.schedule, state.gamma, state.period))
        race.reset()
        return race

    def reset(self) -> None:
        """Every runner back to the start with an empty memory."""
        loss0 = self.surface.value(*self.start)
        for r in self.runners:
            r.xs, r.ys, r.losses = [self.start[0]], [self.start[1]], [loss0]
            r.memory, r.before, r.last, r.stop, r.last_lr = r.rule.start(), {}, None, None, 0.0

    @property
    def running(self) -> bool:
        return any(r.stop is None for r in self.runners)

    @property
    def steps(self) -> int:
        """The most steps any runner has taken."""
        return max((r.t for r in self.runners), default=0)

    def step(self, n: int = 1) -> None:
        """Take ``n`` steps with every runner that has not stopped (on a surface with batched
        ``grads``/``values``, one gradient call and one loss call per step for all runners)."""
        kind, gamma, period = self.schedule
        s = self.surface
        with np.errstate(all="ignore"):
            if s.grads is None or s.values is None:
                for r in self.runners:
                    for _ in range(n):
                        if r.stop is not None:
                            break
                        t = r.t
                        lr = schedules.rate(kind, r.lr0, t, gamma, period)
                        self._advance(r, step(r.rule.key, r.point, s.grad, lr, r.h, r.memory, t + 1), lr)
                return
            for _ in range(n):
                live = [r for r in self.runners if r.stop is None]
                if not live:
                    break
                lrs = [schedules.rate(kind, r.lr0, r.t, gamma, period) for r in live]
                at = [query(r.rule.key, r.point, lr, r.h, r.memory) for r, lr in zip(live, lrs, strict=True)]
                gx, gy = s.grads(np.array([p[0] for p in at]), np.array([p[1] for p in at]))
                steps = [step(r.rule.key, r.point, lambda _x, _y, g=(float(a), float(b)): g, lr, r.h, r.memory, r.t + 1)
                         for r, lr, a, b in zip(live, lrs, gx.tolist(), gy.tolist(), strict=True)]
                losses = s.values(np.array([st.point[0] for st in steps]), np.array([st.point[1] for st in steps]))
                for r, st, lr, loss in zip(live, steps, lrs, losses.tolist(), strict=True):
                    self._advance(r, st, lr, loss)

    def _advance(self, r: Runner, st: Step, lr: float, loss: float | None = None) -> None:
        """Record step ``st`` of ``r`` (its loss computed here unless given), or stop ``r``."""
        x, y = st.point
        t = r.t + 1
        s = self.surface
        if not (math.isfinite(x) and math.isfinite(y)):
            r.stop = Stop("diverged", t, overflow_reason(r, lr))
            return
        loss = s.value(x, y) if loss is None else loss
        r.xs.append(x)
        r.ys.append(y)
        r.losses.append(loss)
        r.before, r.memory, r.last, r.last_lr = r.memory, st.memory, st, lr
        if not math.isfinite(loss):
            r.stop = Stop("diverged", t, overflow_reason(r, lr))
        elif not s.contains(x, y):
            if not s.bounded and loss < r.losses[-2]:
                r.stop = Stop("escaped", t, f"{r.label} left the map at step {t} going downhill: "
                              "this surface has no minimum, and the loss keeps falling beyond the edge.")
            elif t == 1:
                r.stop = Stop("diverged", t, f"{r.label} left the map on its very first step: learning rate "
                              f"{lr:.3g} times the gradient at the start is a jump longer than the whole map. "
                              "A smaller learning rate fixes it.")
            else:
                r.stop = Stop("diverged", t, f"{r.label} left the map at step {t}, uphill: its steps grew instead "
                              f"of shrinking. With learning rate {lr:.3g} each step jumps past the valley floor "
                              "to a higher point on the other side, which is steeper still, so the next jump is "
                              "longer. A smaller learning rate fixes it.")
        elif _settled(st, s):
            r.stop = Stop("converged", t, f"{r.label} settled at step {t}: its steps have become too small to see.")
        elif t >= MAX_STEPS:
            r.stop = Stop("limit", t, f"{r.label} stopped after {MAX_STEPS:,} steps, the most shown.")


def _settled(st: Step, s: Surface) -> bool:
    size = math.hypot(s.x_range[1] - s.x_range[0], s.y_range[1] - s.y_range[0])
    return math.hypot(*st.delta) < 1e-9 * size and math.hypot(*st.grad) < 1e-6


def overflow_reason(r: Runner, lr: float) -> str:
    return (f"{r.label} stopped at step {r.t + 1}: the loss became infinite or not a number. Each step "
            f"overshot further than the last (learning rate {lr:.3g}) until the numbers overflowed.")


def effective_lr(state, surface: Surface, key: str) -> float:
    """The learning rate ``key`` runs with: the state's, or the surface's recommendation when auto."""
    value = getattr(state, setting_name(key, "lr"))
    return surface.rates[key] if value is None else float(value)
