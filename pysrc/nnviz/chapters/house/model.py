"""The house-price chapter's numbers: error tables, the best line, the error surface, descent runs.

Everything the regression sections show is computed here, in plain numpy, from
``nnviz.engine.LinearRegressor`` (the model) and :mod:`nnviz.chapters.house.data` (the houses):

    t = error_table(ONE.X, ONE.y, w=[0.18], b=0.0)
    t.predictions        # [378.72, 288.0, 432.0]
    t.mse                # 2057.73…  (mean of the squared differences, in ($1000)²)
    best = least_squares(ONE.X, ONE.y)        # Fit(w=[0.0585], b=247.26, mse=447.29)
    run = ONE_DESCENT.run(ONE.X, ONE.y, [0.18], 0.0, steps=100)
    run.w[-1], run.b[-1], run.errors[-1]      # where 100 gradient-descent steps end, and the error there

Error convention: MSE = (1/N) Σ (y − ŷ)², no ½, as in the engine.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from nnviz.engine import LinearRegressor

TARGET = 799.0  # the error the one-input section invites the visitor to beat


# ----- the error of one line ----------------------------------------------------------------------


@dataclass(frozen=True)
class ErrorTable:
    """Per-house predictions ŷ, differences y − ŷ, their squares, and the mean of the squares."""

    predictions: np.ndarray
    diffs: np.ndarray
    squares: np.ndarray
    mse: float


def error_table(X, y, w, b: float) -> ErrorTable:
    """Return the table for weights ``w`` (one per column of X) and bias ``b``."""
    X = np.asarray(X, dtype=np.float64)
    pred = X @ np.asarray(w, dtype=np.float64).reshape(X.shape[1]) + float(b)
    diffs = np.asarray(y, dtype=np.float64) - pred
    squares = diffs * diffs
    return ErrorTable(pred, diffs, squares, float(np.mean(squares)))


def mse(X, y, w, b: float) -> float:
    """The mean squared error of ŷ = X·w + b."""
    return error_table(X, y, w, b).mse


@dataclass(frozen=True)
class Fit:
    """A line (or plane): weights w (n,), bias b, and its mean squared error."""

    w: np.ndarray
    b: float
    mse: float


def least_squares(X, y) -> Fit:
    """The weights and bias with the smallest possible MSE (the least-squares solution)."""
    X = np.asarray(X, dtype=np.float64)
    A = np.column_stack([X, np.ones(len(X))])
    coef = np.linalg.lstsq(A, np.asarray(y, dtype=np.float64), rcond=None)[0]
    w, b = coef[:-1], float(coef[-1])
    return Fit(w, b, mse(X, y, w, b))


def surface(X, y):
    """Return f(W, B) = MSE of ŷ = W·x + B for one-feature data, vectorised over arrays W, B.

    The squares expand to W²·E[x²] + 2WB·E[x] + B² − 2W·E[xy] − 2B·E[y] + E[y²] (E = mean over
    houses), so a 120 × 120 grid costs a few array operations whatever the number of houses.
    """
    x = np.asarray(X, dtype=np.float64).reshape(-1)
    y = np.asarray(y, dtype=np.float64).reshape(-1)
    ex, exx, ey, exy, eyy = x.mean(), (x * x).mean(), y.mean(), (x * y).mean(), (y * y).mean()

    def f(W, B):
        W = np.asarray(W, dtype=np.float64)
        B = np.asarray(B, dtype=np.float64)
        return W * W * exx + 2 * W * B * ex + B * B - 2 * W * exy - 2 * B * ey + eyy

    return f


def level_set(X, y, level: float, n: int = 240) -> np.ndarray:
    """Return n points (w, b) on the curve MSE(w, b) = level for one-feature data (an ellipse).

    Around the best line p*, MSE(p) = MSE(p*) + (p − p*)ᵀ A (p − p*) with A = [[E x², E x], [E x, 1]];
    along A's eigenvectors vᵢ (eigenvalues λᵢ) the ellipse reaches √((level − MSE*)/λᵢ).
    Empty (0, 2) when no line is that good.
    """
    x = np.asarray(X, dtype=np.float64).reshape(-1)
    best = least_squares(x.reshape(-1, 1), y)
    excess = level - best.mse
    if excess <= 0:
        return np.zeros((0, 2))
    A = np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]])
    lam, vec = np.linalg.eigh(A)
    theta = np.linspace(0.0, 2 * math.pi, n)
    radii = np.sqrt(excess / lam)
    offsets = (np.cos(theta)[:, None] * radii[0]) * vec[:, 0] + (np.sin(theta)[:, None] * radii[1]) * vec[:, 1]
    return np.array([best.w[0], best.b]) + offsets


def gradient(X, y, w, b: float) -> tuple[np.ndarray, float]:
    """(∂MSE/∂w, ∂MSE/∂b) at (w, b), from the engine's regressor."""
    model = LinearRegressor(np.asarray(X).shape[1], w=w, b=b)
    return model.gradients(X, y)


# ----- gradient descent ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """Where each step of a descent run ended: w (k, n), b (k,), errors (k,) after each step.

    ``diverged`` is True when the engine refused a step (NaN or ±inf); the run stops there.
    """

    w: np.ndarray
    b: np.ndarray
    errors: np.ndarray
    diverged: bool = False
    reason: str = ""


@dataclass(frozen=True)
class Descent:
    """How the "GD Step" buttons descend: divide feature i by ``scale[i]``, then take steps of ``lr``.

    Scaling only changes the coordinates the steps are taken in; the engine converts back, so
    w and b stay in original units ($1000 per sq ft, $1000 per bathroom, $1000).
    """

    scale: tuple[float, ...]
    lr: float

    def regressor(self, w, b: float) -> LinearRegressor:
        """A regressor at (w, b) that descends in scaled coordinates x′ = x / scale."""
        n = len(self.scale)
        model = LinearRegressor(n, w=np.asarray(w, dtype=np.float64).reshape(n), b=float(b))
        model.set_scaling(np.zeros(n), np.asarray(self.scale, dtype=np.float64))
        return model

    def run(self, X, y, w, b: float, steps: int) -> Run:
        """Take ``steps`` full-batch steps from (w, b); return every step's end point and error."""
        model = self.regressor(w, b)
        n = model.n_inputs
        ws, bs, errs = np.empty((steps, n)), np.empty(steps), np.empty(steps)
        for k in range(steps):
            m = model.step(X, y, self.lr)
            if m.diverged:
                return Run(ws[:k], bs[:k], errs[:k], True, m.reason)
            ws[k], bs[k] = model.w, model.b
            errs[k] = model.mse(X, y)
        return Run(ws, bs, errs)


ONE_DESCENT = Descent(scale=(1000.0,), lr=0.1)
TWO_DESCENT = Descent(scale=(1000.0, 1.0), lr=0.05)


def curvature(X, scale) -> tuple[float, float]:
    """Return (λ_min, λ_max) of the MSE's Hessian in the coordinates x / scale (plus the bias).

    A step of lr shrinks the error along an eigenvector by (1 − lr·λ) per step: stable while
    lr < 2 / λ_max, slow along λ_min. Their ratio is the condition number the prose talks about.
    """
    Xs = np.asarray(X, dtype=np.float64) / np.asarray(scale, dtype=np.float64)
    Z = np.column_stack([Xs, np.ones(len(Xs))])
    lam = np.linalg.eigvalsh(2.0 * Z.T @ Z / len(Z))
    return float(lam[0]), float(lam[-1])


# ----- the path so far ----------------------------------------------------------------------------


class History:
    """The points the model visited, oldest first, at most ``limit`` (older ones are dropped).

    Each row is (w₁ … wₙ, b); ``errors`` holds the MSE at each row. ``first_index`` counts the
    dropped rows, so row i is change number first_index + i (the error chart's x).
    """

    def __init__(self, n_weights: int, limit: int = 5000):
        self.n = n_weights
        self.limit = int(limit)
        self._points = np.zeros((0, n_weights + 1))
        self._errors = np.zeros(0)
        self.first_index = 0

    def __len__(self) -> int:
        return len(self._errors)

    def reset(self, w, b: float, error: float) -> None:
        """Forget everything; start again at one point."""
        self._points = np.append(np.asarray(w, dtype=np.float64).reshape(self.n), float(b)).reshape(1, -1)
        self._errors = np.array([float(error)])
        self.first_index = 0

    def add(self, w, b, errors) -> None:
        """Append points: w of shape (k, n) (or (n,) for one point), b (k,), errors (k,)."""
        w = np.asarray(w, dtype=np.float64).reshape(-1, self.n)
        rows = np.column_stack([w, np.asarray(b, dtype=np.float64).reshape(-1)])
        self._points = np.concatenate([self._points, rows])
        self._errors = np.concatenate([self._errors, np.asarray(errors, dtype=np.float64).reshape(-1)])
        extra = len(self._errors) - self.limit
        if extra > 0:
            self._points = self._points[extra:]
            self._errors = self._errors[extra:]
            self.first_index += extra

    @property
    def points(self) -> np.ndarray:
        return self._points

    @property
    def errors(self) -> np.ndarray:
        return self._errors

    @property
    def last(self) -> tuple[np.ndarray, float, float]:
        p = self._points[-1]
        return p[:-1], float(p[-1]), float(self._errors[-1])


def thin(points: np.ndarray, max_points: int = 400) -> np.ndarray:
    """Keep at most ``max_points`` rows, evenly spaced, always keeping the first and last."""
    n = len(points)
    if n <= max_points:
        return points
    idx = np.unique(np.round(np.linspace(0, n - 1, max_points)).astype(np.int64))
    return points[idx]


# ----- words --------------------------------------------------------------------------------------


def fmt_error(value: float) -> str:
    """An error for reading: ``2057.73`` -> ``"2,058"``; small errors keep two decimals."""
    if not math.isfinite(value):
        return "∞" if value > 0 else "not a number"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}"


def encouragement(error: float, best: float, grad: tuple[np.ndarray, float] | None = None,
                  spans: tuple[float, ...] = (), names: tuple[str, ...] = (), target: float = TARGET) -> tuple[str, str]:
    """Return (message, tone) for the current error; tone is "far", "close", "good" or "best".

    With ``grad`` (∂/∂w…, ∂/∂b), ``spans`` (each slider's width) and ``names`` (each slider's
    label) the message says which single slider, nudged which way, lowers the error fastest
    (the gradient component with the largest effect over its slider's width).
    """
    if error - best <= max(0.5, 1e-6 * best):
        return (f"That is the best line there is: no weight and bias give less than {fmt_error(best)}.", "best")
    if error < target:
        return (f"Below {fmt_error(target)}: well done! The best possible error is {fmt_error(best)}; can you get closer?", "good")
    hint = ""
    if grad is not None and spans and names:
        components = [*np.ravel(grad[0]).tolist(), float(grad[1])]
        effects = [abs(g) * s for g, s in zip(components, spans, strict=True)]
        i = effects.index(max(effects))
        direction = "lower" if components[i] > 0 else "higher"
        hint = f" From here, a {direction} {names[i].lower()} lowers the error fastest."
    tone = "close" if error < 1.5 * target else "far"
    return (f"Error {fmt_error(error)}. Can you get it below {fmt_error(target)}?{hint}", tone)
