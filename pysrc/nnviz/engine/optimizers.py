"""Optimisers: SGD, momentum and Adam behind one two-call interface, plus a name -> class table.

Every optimiser turns gradients g into updates Δ that the network subtracts, p ← p − Δ:

  sgd        Δ = lr · g
  momentum   v ← μ v + g,                  Δ = lr · v                      (PyTorch's form)
  adam       m ← β₁ m + (1 − β₁) g,       v ← β₂ v + (1 − β₂) g²,
             Δ = lr · m̂ / (√v̂ + ε)  with m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ), t = 1, 2, …

The interface is split in two so that a diverging step changes nothing:
  propose(grads, grad_sq) -> (deltas, bounds)   compute Δ, without touching the optimiser's state
  commit()                                      accept the proposal: new state, t ← t + 1
``grads`` is a list of arrays (the network passes one flat array holding every weight and bias),
``grad_sq[i]`` = ‖grads[i]‖², already proven finite or checked; ``bounds[i]`` is an upper bound on
max|Δᵢ| for the divergence guard (guard.py).

Loss scaling: the network hands over the gradients of ``grad_scale`` · L rather than of L. It is 1
for momentum and Adam; SGD asks for lr · L, so the gradients arrive as its updates Δ = lr · g and
it skips a multiply over every parameter (chain rule: scaling the loss scales every gradient).

The learning rate comes from a schedule (schedules.py) evaluated at the step count t. Stochastic,
mini-batch and full-batch gradient descent are the same SGD here; they differ only in the batches
the trainer feeds it (trainer.py).

Left out on purpose: Nesterov momentum, RMSProp, AdaGrad, weight decay (see regularizers.py).
"""

from __future__ import annotations

import math

import numpy as np

from .guard import require_finite_norm, sq_norm
from .schedules import Schedule


class Optimizer:
    """Hold what every optimiser shares: base learning rate, schedule, step count, state I/O."""

    name = "optimizer"
    state_names: tuple[str, ...] = ()

    def __init__(self, lr: float, schedule: Schedule | None = None):
        if not lr >= 0:
            raise ValueError(f"learning rate must be >= 0, got {lr}")
        self.lr0 = float(lr)
        self.schedule = schedule if schedule is not None else Schedule()
        self.t = 0

    @property
    def lr(self) -> float:
        """Return the learning rate the next step will use."""
        return self.schedule(self.lr0, self.t)

    @property
    def grad_scale(self) -> float:
        """Return the factor c such that propose() expects the gradients of c · L."""
        return 1.0

    def propose(self, grads, grad_sq):
        """Return (Δ per parameter, bound on max|Δ| per parameter); may overwrite grads."""
        raise NotImplementedError

    def commit(self) -> None:
        """Accept the last proposal."""
        self.t += 1

    def reset(self) -> None:
        """Forget the step count and all state, as for a freshly built optimiser."""
        self.t = 0
        for key in self.state_names:
            setattr(self, "_" + key, None)

    def hyperparameters(self) -> dict:
        """Return the constructor arguments besides lr and schedule."""
        return {}

    def to_dict(self) -> dict:
        """Return hyperparameters, schedule, step count and state as a JSON-safe dict."""
        state, dtype = {}, None
        for key in self.state_names:
            arrays = getattr(self, "_" + key)
            state[key] = None if arrays is None else [x.tolist() for x in arrays]
            dtype = dtype or (arrays[0].dtype.name if arrays else None)
        return {
            "name": self.name,
            "lr": self.lr0,
            **self.hyperparameters(),
            "schedule": self.schedule.to_dict(),
            "t": self.t,
            "dtype": dtype,
            "state": state,
        }

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.hyperparameters().items())
        return f"{type(self).__name__}(lr={self.lr0!r}{', ' + args if args else ''}, t={self.t})"

    def _zeros_like(self, grads):
        return [np.zeros_like(g) for g in grads]

    def _matches(self, arrays, grads) -> bool:
        return (
            arrays is not None
            and len(arrays) == len(grads)
            and all(a.shape == g.shape for a, g in zip(arrays, grads, strict=True))
        )


class SGD(Optimizer):
    """Plain gradient descent, Δ = lr · g, e.g. SGD(lr=0.1)."""

    name = "sgd"

    @property
    def grad_scale(self) -> float:
        """Return lr (or 1 when lr is 0): the gradients of lr · L are exactly the updates."""
        return self.lr or 1.0

    def propose(self, grads, grad_sq):
        """Return Δ = lr · g (the grads as given, gradients of lr · L) and bounds on max|Δ|."""
        if self.lr == 0.0:
            return [np.multiply(g, 0.0, out=g) for g in grads], [0.0 for _ in grads]
        # max|Δ| ≤ ‖Δ‖₂; the factor 2 covers rounding in the float32 norm.
        return grads, [2.0 * math.sqrt(s) for s in grad_sq]


class Momentum(Optimizer):
    """Gradient descent with a velocity, v ← μv + g, Δ = lr · v, e.g. Momentum(0.1, 0.9)."""

    name = "momentum"
    state_names = ("v",)

    def __init__(self, lr: float, momentum: float = 0.9, schedule: Schedule | None = None):
        super().__init__(lr, schedule)
        if not 0.0 <= momentum < 1.0:
            raise ValueError(f"momentum must be in [0, 1), got {momentum}")
        self.momentum = float(momentum)
        self._v = None
        self._v_next = None

    def hyperparameters(self):
        """Return {"momentum": μ}."""
        return {"momentum": self.momentum}

    def propose(self, grads, grad_sq):
        """Return lr · (μv + g) and its bounds; keep μv + g aside until commit()."""
        if not self._matches(self._v, grads):
            self._v = self._zeros_like(grads)
        if not self._matches(self._v_next, grads):
            self._v_next = self._zeros_like(grads)
        for v, v_next, g in zip(self._v, self._v_next, grads, strict=True):
            np.multiply(v, self.momentum, out=v_next)
            v_next += g
        v_sq = [sq_norm(v) for v in self._v_next]
        for v, s in zip(self._v_next, v_sq, strict=True):
            require_finite_norm(v, s, "the momentum")
        lr = self.lr
        return (
            [np.multiply(v, lr, out=g) for v, g in zip(self._v_next, grads, strict=True)],
            [2.0 * lr * math.sqrt(s) for s in v_sq],
        )

    def commit(self):
        """Make the proposed velocity the current one."""
        self._v, self._v_next = self._v_next, self._v
        self.t += 1


class Adam(Optimizer):
    """Adam (Kingma & Ba 2015) with bias correction, e.g. Adam(lr=0.001)."""

    name = "adam"
    state_names = ("m", "v")

    def __init__(
        self,
        lr: float = 0.001,
        beta1: float = 0.9,
        beta2: float = 0.999,
        eps: float = 1e-8,
        schedule: Schedule | None = None,
    ):
        super().__init__(lr, schedule)
        if not (0.0 <= beta1 < 1.0 and 0.0 <= beta2 < 1.0 and eps > 0):
            raise ValueError("Adam needs 0 <= beta1, beta2 < 1 and eps > 0")
        self.beta1, self.beta2, self.eps = float(beta1), float(beta2), float(eps)
        self._m = self._v = None
        self._pending = None

    def hyperparameters(self):
        """Return {"beta1": β₁, "beta2": β₂, "eps": ε}."""
        return {"beta1": self.beta1, "beta2": self.beta2, "eps": self.eps}

    def propose(self, grads, grad_sq):
        """Return lr · m̂ / (√v̂ + ε) and its bounds; keep the new m, v aside until commit()."""
        if not (self._matches(self._m, grads) and self._matches(self._v, grads)):
            self._m, self._v = self._zeros_like(grads), self._zeros_like(grads)
        b1, b2, t = self.beta1, self.beta2, self.t + 1
        m_new = [b1 * m + (1 - b1) * g for m, g in zip(self._m, grads, strict=True)]
        v_new = [b2 * v + (1 - b2) * (g * g) for v, g in zip(self._v, grads, strict=True)]
        for v, s in zip(v_new, grad_sq, strict=True):
            # g² can overflow only where ‖g‖² already did.
            require_finite_norm(v, s, "Adam's second moment")
        lr = self.lr
        c1, c2 = 1 - b1**t, 1 - b2**t
        deltas = [
            np.multiply(lr / c1, m, out=g) / (np.sqrt(v / c2) + self.eps)
            for m, v, g in zip(m_new, v_new, grads, strict=True)
        ]
        d_sq = [sq_norm(d) for d in deltas]
        for d, s in zip(deltas, d_sq, strict=True):
            require_finite_norm(d, s, "Adam's update")
        self._pending = (m_new, v_new)
        return deltas, [2.0 * math.sqrt(s) for s in d_sq]

    def commit(self):
        """Make the proposed moments the current ones."""
        self._m, self._v = self._pending
        self._pending = None
        self.t += 1


OPTIMIZERS: dict[str, type[Optimizer]] = {"sgd": SGD, "momentum": Momentum, "adam": Adam}


def optimizer_from_dict(d: dict) -> Optimizer:
    """Rebuild an optimiser (with its step count and state) from Optimizer.to_dict() output."""
    cls = OPTIMIZERS[d["name"]]
    hyper = {k: d[k] for k in cls(1.0).hyperparameters()}
    opt = cls(lr=d["lr"], schedule=Schedule(**d.get("schedule", {})), **hyper)
    opt.t = int(d.get("t", 0))
    for key, arrays in d.get("state", {}).items():
        if key in cls.state_names and arrays is not None:
            setattr(opt, "_" + key, [np.asarray(x, dtype=d["dtype"]) for x in arrays])
    return opt
