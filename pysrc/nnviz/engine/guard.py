"""Divergence guard: apply p ← p − Δ only when every new parameter is certain to be finite.

A training step that would turn the loss, a gradient, an optimiser state or a parameter into NaN or
±inf raises ``DivergenceError`` before anything is written, so the network and the optimiser keep
their last finite values and the step's metrics say why (``diverged=True``, ``reason``).

Proving p − Δ finite without scanning p on every step: if |p| ≤ B and |Δ| ≤ D everywhere, with
B + D below a quarter of the largest float, then |p − Δ| cannot overflow, and afterwards
|p| ≤ (B + D)(1 + 2⁻²⁰) (the factor covers rounding). The guard keeps that running bound B per
array; D comes from norms the step computes anyway (max|x| ≤ ‖x‖₂). Only when the proof fails
(parameters near 1e37 in float32) is B recomputed exactly, and if that is not enough, the new values
are computed aside and checked entry by entry.

The running bound assumes the parameters change only through the guard. Writing moderate values
into ``net.weights`` directly is harmless (the slack is enormous); after writing values beyond 1e30,
call ``refresh()`` (Network.reset and from_dict do).

Left out on purpose: gradient clipping (a cure, not a detector) and loss-spike heuristics.
"""

from __future__ import annotations

import math

import numpy as np

_GROWTH = 1.0 + 2.0**-20


class DivergenceError(ArithmeticError):
    """Signal that a step would produce NaN or ±inf; the message is the reason shown to users."""


def sq_norm(x) -> float:
    """Return ‖x‖² as a Python float (inf or nan if an entry is not finite, or if it overflows)."""
    return float(np.vdot(x, x))


def require_finite(x, what: str) -> None:
    """Raise DivergenceError unless every entry of x is finite."""
    if not np.isfinite(x).all():
        raise DivergenceError(f"{what} became NaN or infinite")


def require_finite_norm(x, norm_sq: float, what: str) -> None:
    """Raise DivergenceError unless x is finite; a finite ‖x‖² (from sq_norm) proves it at once.

    An infinite ‖x‖² may just mean entries above 1e19 in float32, so then x is checked entry by entry.
    """
    if not math.isfinite(norm_sq):
        require_finite(x, what)


def max_abs(x) -> float:
    """Return max|x| as a Python float (nan if any entry is nan)."""
    return float(np.max(np.abs(x))) if x.size else 0.0


class ParameterGuard:
    """Apply updates to one parameter array (e.g. a network's flat float32 array) only when the
    result stays finite."""

    def __init__(self, params: np.ndarray):
        self.params = params
        self.limit = float(np.finfo(params.dtype).max) / 4
        self.refresh()

    def refresh(self) -> None:
        """Recompute the bound max|p| exactly (after writing into the parameters directly)."""
        self.bound = max_abs(self.params)

    def apply(self, delta: np.ndarray, delta_bound: float) -> None:
        """Set p ← p − Δ in place, or raise DivergenceError and change nothing.

        ``delta_bound`` is any upper bound on max|Δ| (math.inf when unknown).
        """
        if not self.bound + delta_bound < self.limit:
            self.refresh()
            if not self.bound + delta_bound < self.limit:
                with np.errstate(all="ignore"):
                    new = self.params - delta
                require_finite(new, "a parameter")
                np.copyto(self.params, new)
                self.refresh()
                return
        np.subtract(self.params, delta, out=self.params)
        self.bound = (self.bound + delta_bound) * _GROWTH
