"""One linear neuron, ŷ = w·x + b, trained by full-batch gradient descent on mean squared error.

This is the house-price chapter's model: y = w x + b (price from area), then
y = w₁x₁ + w₂x₂ + b (area and bathrooms). Its loss is seed 004's "average of the squared errors",
  MSE = (1/N) Σₙ (ŷₙ − yₙ)²   (no ½),   ∂MSE/∂w = (2/N) Xᵀ(ŷ − y),   ∂MSE/∂b = (2/N) Σₙ (ŷₙ − yₙ).

Feature scaling. With raw areas near 2,000 sq ft the loss surface is a long thin valley: any
learning rate small enough for w is far too small for b. ``standardize(X)`` makes gradient descent
run in standardised coordinates x′ = (x − μ) / σ, with parameters w′ = w σ and b′ = b + w·μ, so
ŷ = w′·x′ + b′ is the same line. Each step converts (w, b) to (w′, b′), descends there, and converts
back: ``w`` and ``b`` are always in original units (e.g. $1000 per sq ft), ready for sliders.

Float64 throughout (three houses need no speed). Left out on purpose: closed-form least squares
(the tests compute it independently), L2 penalties, stochastic updates.
"""

from __future__ import annotations

import math

import numpy as np

from .metrics import StepMetrics


class LinearRegressor:
    """A linear neuron with n_inputs weights and one bias, e.g. LinearRegressor(2)."""

    def __init__(self, n_inputs: int = 1, w=None, b: float = 0.0):
        self.n_inputs = int(n_inputs)
        self.w = np.zeros(self.n_inputs) if w is None else np.array(w, dtype=np.float64).ravel()
        if self.w.shape != (self.n_inputs,):
            raise ValueError(f"w needs {self.n_inputs} values, got {self.w.shape}")
        self.b = float(b)
        self.mean: np.ndarray | None = None
        self.std: np.ndarray | None = None
        self.t = 0

    def __repr__(self):
        return f"LinearRegressor(w={self.w.tolist()}, b={self.b!r})"

    # ----- feature scaling ----------------------------------------------------------------------

    def standardize(self, X) -> None:
        """Make step() descend in standardised coordinates, using X's per-feature mean and std."""
        X = self._inputs(X)
        std = X.std(axis=0)
        self.set_scaling(X.mean(axis=0), np.where(std > 0, std, 1.0))

    def set_scaling(self, mean, std) -> None:
        """Make step() descend in coordinates x′ = (x − mean) / std; mean, std of shape (n_inputs,)."""
        self.mean = np.asarray(mean, dtype=np.float64).reshape(self.n_inputs)
        self.std = np.asarray(std, dtype=np.float64).reshape(self.n_inputs)

    def clear_scaling(self) -> None:
        """Make step() descend in the original units again."""
        self.mean = self.std = None

    @property
    def scaled(self) -> bool:
        """Return whether step() runs in standardised coordinates."""
        return self.mean is not None

    # ----- model --------------------------------------------------------------------------------

    def _inputs(self, X) -> np.ndarray:
        X = np.asarray(X, dtype=np.float64)
        if X.ndim == 1 and self.n_inputs == 1:
            X = X.reshape(-1, 1)
        if X.ndim != 2 or X.shape[1] != self.n_inputs:
            raise ValueError(f"expected inputs of shape (N, {self.n_inputs}), got {X.shape}")
        return X

    def predict(self, X) -> np.ndarray:
        """Return ŷ = X w + b: X of shape (N, n_inputs) (or (N,) for one input) -> (N,)."""
        return self._inputs(X) @ self.w + self.b

    def mse(self, X, y) -> float:
        """Return the mean squared error (1/N) Σ (ŷ − y)² on the N points."""
        r = self.predict(X) - np.asarray(y, dtype=np.float64).ravel()
        return float(np.mean(r * r))

    def gradients(self, X, y) -> tuple[np.ndarray, float]:
        """Return (∂MSE/∂w of shape (n_inputs,), ∂MSE/∂b) in original units."""
        X = self._inputs(X)
        r = X @ self.w + self.b - np.asarray(y, dtype=np.float64).ravel()
        return X.T @ r * (2.0 / len(r)), float(np.sum(r) * (2.0 / len(r)))

    def step(self, X, y, lr: float) -> StepMetrics:
        """Take one full-batch gradient-descent step with learning rate lr; return its metrics.

        The loss reported is the MSE before the step. If the loss or the new w, b would be NaN
        or ±inf, w and b keep their values and the metrics say diverged=True.
        """
        X = self._inputs(X)
        y = np.asarray(y, dtype=np.float64).ravel()
        with np.errstate(all="ignore"):
            if self.scaled:
                Xs = (X - self.mean) / self.std
                w, b = self.w * self.std, self.b + float(self.w @ self.mean)
            else:
                Xs, w, b = X, self.w, self.b
            r = Xs @ w + b - y
            loss = float(np.mean(r * r))
            dw, db = Xs.T @ r * (2.0 / len(r)), float(np.sum(r)) * (2.0 / len(r))
            norm = math.sqrt(float(dw @ dw) + db * db)
            w, b = w - lr * dw, b - lr * db
            if self.scaled:
                w = w / self.std
                b = b - float(w @ self.mean)
        if not math.isfinite(loss):
            return StepMetrics(loss, [norm], lr, self.t, True, "the loss became NaN or infinite")
        if not (np.isfinite(w).all() and math.isfinite(b) and math.isfinite(norm)):
            return StepMetrics(loss, [norm], lr, self.t, True, "a parameter became NaN or infinite")
        self.w, self.b = w, b
        self.t += 1
        return StepMetrics(loss, [norm], lr, self.t)

    # ----- serialisation ------------------------------------------------------------------------

    def to_dict(self) -> dict:
        """Return weights, bias, scaling and step count as a JSON-safe dict."""
        return {
            "w": self.w.tolist(),
            "b": self.b,
            "mean": None if self.mean is None else self.mean.tolist(),
            "std": None if self.std is None else self.std.tolist(),
            "t": self.t,
        }

    @classmethod
    def from_dict(cls, d: dict) -> LinearRegressor:
        """Rebuild a regressor from to_dict() output."""
        model = cls(len(d["w"]), w=d["w"], b=d["b"])
        if d.get("mean") is not None:
            model.set_scaling(d["mean"], d["std"])
        model.t = int(d.get("t", 0))
        return model
