"""Loss functions: one name -> Loss table, plus the fused forms used with sigmoid and softmax.

For outputs a and targets y of shape (batch, outputs), e.g. (32, 10), with N = batch and
K = outputs, every loss is averaged over the batch; they differ over the outputs:

  mse            (1 / NK) Σₙ Σₖ (aₙₖ − yₙₖ)²           mean over outputs and batch
  sse            (1 / N)  Σₙ Σₖ (aₙₖ − yₙₖ)²           sum over outputs, mean over batch
  half_sse       (1 / 2N) Σₙ Σₖ (aₙₖ − yₙₖ)²           the textbook C = ½ Σ (y − a)², mean over batch
  bce            −(1 / NK) Σₙ Σₖ [y log a + (1 − y) log(1 − a)]   mean over outputs and batch
  cross_entropy  −(1 / N)  Σₙ Σₖ yₙₖ log aₙₖ             sum over classes, mean over batch

No ½ factor except in half_sse: ∂mse/∂a = 2(a − y) / NK, ∂half_sse/∂a = (a − y) / N. ``Loss.fn(a, y)`` gives the loss and
``Loss.der(a, y)`` its gradient ∂L/∂a, with logs clipped to [1e-7, 1 − 1e-7] so they never see 0.

The network does not use those two for the pairs sigmoid + bce and softmax + cross_entropy: it uses
``FUSED``, which computes the loss from the pre-activations z (log-sum-exp, so |z| = 1e4 is fine)
and the famous short gradient ∂L/∂z = (a − y) / NK (bce) or (a − y) / N (cross-entropy).
cross_entropy expects each target row to sum to 1 (one-hot, or a probability vector).

Left out on purpose: hinge, Huber and class-weighted losses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .activations import ACTIVATIONS

LOG_CLIP = 1e-7


@dataclass(frozen=True)
class Loss:
    """Describe one loss: value, gradient with respect to the outputs, and its UI text."""

    name: str
    label: str
    formula: str
    reduction: str
    fn: Callable[[np.ndarray, np.ndarray], float]
    der: Callable[[np.ndarray, np.ndarray], np.ndarray]
    outputs: tuple[str, ...] | None = None  # output activations it makes sense with; None = any

    def __call__(self, a, y) -> float:
        """Return the batch-mean loss of outputs a against targets y (lists or arrays)."""
        a = np.atleast_2d(np.asarray(a, dtype=float))
        return float(self.fn(a, np.asarray(y, dtype=float).reshape(a.shape)))


@dataclass(frozen=True)
class FusedLoss:
    """Compute a loss from z and give ∂L/∂z directly, for one (output activation, loss) pair.

    forward(z, y, out) -> (a, loss)   the output activation (written into out) and the loss
    value(z, y) -> loss               the loss alone
    delta(a, y, out, scale=1) -> ∂(scale·L)/∂z = (a − y) · scale / (NK or N), written into out
    """

    forward: Callable[..., tuple[np.ndarray, float]]
    value: Callable[[np.ndarray, np.ndarray], float]
    delta: Callable[..., np.ndarray]


def _mse(a, y):
    d = a - y
    return np.vdot(d, d) / d.size


def _mse_der(a, y):
    return (a - y) * (2.0 / a.size)


def _sse(a, y):
    d = a - y
    return np.vdot(d, d) / d.shape[0]


def _sse_der(a, y):
    return (a - y) * (2.0 / a.shape[0])


def _half_sse(a, y):
    d = a - y
    return 0.5 * np.vdot(d, d) / d.shape[0]


def _half_sse_der(a, y):
    return (a - y) / a.shape[0]


def _bce(a, y):
    a = np.clip(a, LOG_CLIP, 1 - LOG_CLIP)
    return -np.mean(y * np.log(a) + (1 - y) * np.log(1 - a))


def _bce_der(a, y):
    a = np.clip(a, LOG_CLIP, 1 - LOG_CLIP)
    return (a - y) / (a * (1 - a) * a.size)


def _cross_entropy(a, y):
    return -np.vdot(y, np.log(np.clip(a, LOG_CLIP, 1.0))) / a.shape[0]


def _cross_entropy_der(a, y):
    return -y / (np.clip(a, LOG_CLIP, 1.0) * a.shape[0])


def _bce_from_logits(z, y):
    # −[y log σ(z) + (1 − y) log(1 − σ(z))] = max(z, 0) − zy + log(1 + e^(−|z|)), never overflowing.
    return np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z))))


def _bce_delta(a, y, out=None, scale=1.0):
    # d/dz of the above is σ(z) − y; the mean over N·K outputs scales it by 1/NK.
    out = np.subtract(a, y, out=out)
    out *= scale / a.size
    return out


def _sigmoid_bce_forward(z, y, out=None):
    return ACTIVATIONS["sigmoid"].fn(z, out), _bce_from_logits(z, y)


def _softmax_cross_entropy_forward(z, y, out=None):
    # −Σₖ yₖ log softmax(z)ₖ = log Σⱼ e^(zⱼ) − Σₖ yₖ zₖ when Σₖ yₖ = 1; shifting z by its row
    # maximum changes neither side, and keeps every exponent ≤ 0 (log-sum-exp).
    zm = np.subtract(z, np.maximum.reduce(z, axis=1, keepdims=True), out=out)
    yz = np.vdot(y, zm)
    e = np.exp(zm, out=zm)
    s = np.add.reduce(e, axis=1, keepdims=True)
    e /= s
    return e, (float(np.add.reduce(np.log(s), axis=None)) - float(yz)) / z.shape[0]


def _cross_entropy_from_logits(z, y):
    return _softmax_cross_entropy_forward(z, y)[1]


def _cross_entropy_delta(a, y, out=None, scale=1.0):
    # d/dz of the above is softmax(z) − y; the mean over the batch scales it by 1/N.
    out = np.subtract(a, y, out=out)
    out *= scale / a.shape[0]
    return out


LOSSES: dict[str, Loss] = {
    "mse": Loss(
        name="mse",
        label="Mean squared error",
        formula="L = (1/NK) Σ (a − y)²",
        reduction="mean over outputs and batch",
        fn=_mse,
        der=_mse_der,
    ),
    "sse": Loss(
        name="sse",
        label="Sum of squared errors",
        formula="L = (1/N) Σₙ Σₖ (a − y)²",
        reduction="sum over outputs, mean over batch",
        fn=_sse,
        der=_sse_der,
    ),
    "half_sse": Loss(
        name="half_sse",
        label="Half sum of squared errors",
        formula="L = (1/2N) Σₙ Σₖ (a − y)²",
        reduction="half the sum over outputs, mean over batch",
        fn=_half_sse,
        der=_half_sse_der,
    ),
    "bce": Loss(
        name="bce",
        label="Binary cross-entropy",
        formula="L = −(1/NK) Σ [y log a + (1 − y) log(1 − a)]",
        reduction="mean over outputs and batch",
        fn=_bce,
        der=_bce_der,
        outputs=("sigmoid",),
    ),
    "cross_entropy": Loss(
        name="cross_entropy",
        label="Cross-entropy",
        formula="L = −(1/N) Σₙ Σₖ y log a",
        reduction="sum over classes, mean over batch",
        fn=_cross_entropy,
        der=_cross_entropy_der,
        outputs=("softmax",),
    ),
}

FUSED: dict[tuple[str, str], FusedLoss] = {
    ("sigmoid", "bce"): FusedLoss(_sigmoid_bce_forward, _bce_from_logits, _bce_delta),
    ("softmax", "cross_entropy"): FusedLoss(
        _softmax_cross_entropy_forward, _cross_entropy_from_logits, _cross_entropy_delta
    ),
}


def get_loss(name: str) -> Loss:
    """Look up a loss by name, e.g. get_loss("mse")."""
    if name not in LOSSES:
        raise ValueError(f"unknown loss {name!r}; choose from {sorted(LOSSES)}")
    return LOSSES[name]


def check_pair(output: str, loss: str) -> None:
    """Raise ValueError unless the output activation and the loss make sense together."""
    allowed = get_loss(loss).outputs
    if allowed is not None and output not in allowed:
        raise ValueError(f"loss {loss!r} needs an output activation in {allowed}, not {output!r}")
