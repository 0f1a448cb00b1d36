"""Gradient clipping by norm: rescale the gradient so its global L2 norm is at most a threshold.

    factor = clip_by_norm([gW, gb], max_norm=1.0)   # in place: ‖(gW, gb)‖₂ ≤ 1 afterwards
    opt = ClipNorm(SGD(lr=0.1), max_norm=5.0)       # an optimiser that clips before it steps
    net.step(X, Y, opt)                             # Network.step works with it unchanged
    opt.last_norm, opt.last_factor                  # ‖∂L/∂p‖ before clipping, and the factor used

Clipping keeps the gradient's direction and caps its length: g ← g · min(1, c / ‖g‖). It is the
usual cure for exploding gradients (a step can never be longer than lr · c for SGD), where the
divergence guard (guard.py) only detects a step that would overflow.

``ClipNorm`` wraps any optimiser of optimizers.py behind the same propose/commit interface. The
network hands over the gradients of grad_scale · L (SGD asks for lr · L), so the norm compared
with ``max_norm`` is that of ∂L/∂p: sqrt(Σ grad_sq) / grad_scale. ``max_norm = 0`` (or inf)
switches clipping off.

Left out on purpose: per-layer and per-value clipping.
"""

from __future__ import annotations

import math

import numpy as np


def clip_by_norm(grads, max_norm: float) -> float:
    """Scale the arrays ``grads`` in place so that their joint L2 norm is ≤ ``max_norm``.

    Return the factor applied (1.0 when the norm was already small enough, or clipping is off
    with max_norm 0 or inf). E.g. grads [3, 4] (norm 5) with max_norm 1 become [0.6, 0.8], factor 0.2.
    """
    norm = math.sqrt(sum(float(np.vdot(g, g)) for g in grads))
    factor = clip_factor(norm, max_norm)
    if factor != 1.0:
        for g in grads:
            g *= factor
    return factor


def clip_factor(norm: float, max_norm: float) -> float:
    """Return min(1, max_norm / norm); 1.0 when clipping is off (max_norm 0 or inf) or norm is 0."""
    if not (max_norm > 0 and math.isfinite(max_norm)) or not norm > max_norm:
        return 1.0
    return max_norm / norm


class ClipNorm:
    """An optimiser that clips the gradient's norm at ``max_norm``, then lets ``inner`` step.

    E.g. ClipNorm(SGD(0.5), 1.0). ``last_norm`` is ‖∂L/∂p‖ of the last proposal (before clipping)
    and ``last_factor`` the factor it was multiplied by (1.0: not clipped).
    """

    def __init__(self, inner, max_norm: float):
        if not max_norm >= 0:
            raise ValueError(f"max_norm must be >= 0 (0: off), got {max_norm}")
        self.inner = inner
        self.max_norm = float(max_norm)
        self.last_norm = math.nan
        self.last_factor = 1.0

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def lr(self) -> float:
        return self.inner.lr

    @property
    def grad_scale(self) -> float:
        return self.inner.grad_scale

    @property
    def t(self) -> int:
        return self.inner.t

    def propose(self, grads, grad_sq):
        """Clip the grads (gradients of grad_scale · L) in place, then return inner.propose()."""
        scale = self.inner.grad_scale
        self.last_norm = math.sqrt(sum(grad_sq)) / scale
        factor = clip_factor(self.last_norm, self.max_norm)
        self.last_factor = factor
        if factor != 1.0:
            for g in grads:
                g *= factor
            grad_sq = [s * factor * factor for s in grad_sq]
        return self.inner.propose(grads, grad_sq)

    def commit(self) -> None:
        self.inner.commit()

    def reset(self) -> None:
        self.inner.reset()
        self.last_norm, self.last_factor = math.nan, 1.0

    def __repr__(self):
        return f"ClipNorm({self.inner!r}, max_norm={self.max_norm!r})"
