"""One training run of the visitor's code: parameters, update memory, losses, guarded steps.

    data = make_data("circle", 200, 0, seed=1)        # Data: X (200, 2) scaled to about [-1, 1], Y (200, 1)
    lab = Lab(compile_program(DEFAULT_CODE), data, sizes=(2, 8, 8, 1), seed=1)
    lab.run(0.004, 10_000)                            # as many steps as fit in 4 ms; -> steps done
    lab.losses[-1], lab.step                          # the last loss, the iteration count
    lab.predict(grid)                                 # (m, 2) -> (m,) probability of class 1

Every step calls the visitor's forward, loss, backward and update under the time limit
(sandbox.run) and checks what came back: backward's gradients must have the parameters' keys and
shapes, the loss must be a finite number, and parameters that became NaN or infinite are put
back to their last finite values (:class:`Diverged`, with the step it happened at).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from nnviz.chapters.code.sandbox import STEP_LIMIT_S, CodeError, Phase, Program, guarded, run
from nnviz.engine import datasets

SCALE = 6.0  # the data sets live in about [-6, 6]²; the code sees X / SCALE


@dataclass(frozen=True)
class Data:
    """Training points: X (n, 2) in about [-1, 1], Y (n, 1) of 0/1, labels y (n,)."""

    X: np.ndarray
    Y: np.ndarray
    y: np.ndarray


def make_data(name: str, points: int, noise: float, seed: int) -> Data:
    """The engine's data set ``name`` (two classes), scaled by 1/SCALE."""
    X, y = datasets.make_dataset(name, points, noise, seed)
    return Data(X / SCALE, y.reshape(-1, 1).astype(float), y)


class Diverged(CodeError):
    """The visitor's step made the loss or a parameter NaN or infinite (parameters restored)."""


class Lab:
    """A training run of ``program`` on ``data``; see module doc."""

    def __init__(self, program: Program, data: Data, sizes, seed: int):
        self.program, self.data = program, data
        self.sizes, self.seed = tuple(int(n) for n in sizes), int(seed)
        self.memory: dict = {}
        self.step = 0
        self.losses: list[float] = []
        self._inside = False  # True inside run(): one guard for the whole chunk
        self.params = self._init()

    def _call(self, fn, what: str):
        if self._inside:
            Phase.now = what
            return fn()
        return run(fn, what)

    def _init(self) -> dict:
        rng = np.random.default_rng(self.seed)
        params = run(lambda: self.program.init_params(list(self.sizes), rng), "running init_params")
        if not isinstance(params, dict) or not params:
            raise CodeError(f"init_params must return a dict of arrays, got {type(params).__name__}")
        for k, v in params.items():
            if not isinstance(v, np.ndarray):
                raise CodeError(f"init_params: params[{k!r}] is a {type(v).__name__}, not a numpy array")
            if v.dtype.kind != "f":
                params[k] = v.astype(float)
        return params

    def loss_of(self, params: dict, X=None, Y=None) -> float:
        """loss(forward(params, X)[0], Y) as a float (the whole training set by default)."""
        X = self.data.X if X is None else X
        Y = self.data.Y if Y is None else Y
        p, _ = self._forward(params, X)
        return float(self._call(lambda: self.program.loss(p, Y), "computing the loss"))

    def _forward(self, params, X):
        out = self._call(lambda: self.program.forward(params, X), "running forward")
        if not (isinstance(out, tuple) and len(out) == 2):
            raise CodeError("forward must return two things: (p, cache)")
        p = np.asarray(out[0])
        if p.shape != (len(X), 1):
            raise CodeError(f"forward returned p of shape {p.shape}; expected ({len(X)}, 1): one "
                            "probability per point. Check the sizes of the last layer.")
        return p, out[1]

    def gradients(self, params: dict, X=None, Y=None) -> tuple[float, dict]:
        """(loss, backward's gradients), checked against the parameters' keys and shapes."""
        X = self.data.X if X is None else X
        Y = self.data.Y if Y is None else Y
        p, cache = self._forward(params, X)
        value = self._call(lambda: self.program.loss(p, Y), "computing the loss")
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise CodeError(f"loss must return a number, got {type(value).__name__}") from None
        grads = self._call(lambda: self.program.backward(params, cache, Y), "running backward")
        if not isinstance(grads, dict):
            raise CodeError(f"backward must return a dict like params, got {type(grads).__name__}")
        for k, v in params.items():
            if k not in grads:
                raise CodeError(f"backward returned no gradient for {k!r}")
            g = np.asarray(grads[k])
            if g.shape != v.shape:
                raise CodeError(f"backward: the gradient of {k} has shape {g.shape}, but {k} has shape {v.shape}")
        return value, grads

    def one_step(self) -> float:
        """One training step (full batch); returns the loss before the update."""
        value, grads = self.gradients(self.params)
        if not math.isfinite(value):
            raise Diverged(f"the loss became {value} at step {self.step} (before any update went wrong: "
                           "check the loss function)")
        backup = {k: v.copy() for k, v in self.params.items()}
        self._call(lambda: self.program.update(self.params, grads, self.memory, self.step), "running update")
        for k, v in self.params.items():
            if not isinstance(v, np.ndarray) or v.shape != backup[k].shape:
                self.params = backup
                raise CodeError(f"update changed {k} into something of another shape or type; "
                                "change params[k] in place, e.g. params[k] -= lr * grads[k]")
            if not np.isfinite(v).all():
                self.params = backup
                raise Diverged(f"your update made {k} NaN or infinite at step {self.step} "
                               f"(the loss was {value:.4g}). Usually the learning rate is too large, "
                               "or a sign is wrong. The parameters were put back to their last finite values.")
        self.step += 1
        self.losses.append(value)
        return value

    def run(self, budget_s: float, max_steps: int) -> int:
        """Train for up to ``budget_s`` seconds and ``max_steps`` steps; return the steps done."""
        start = time.perf_counter()
        done = 0
        self._inside = True
        try:
            with guarded(STEP_LIMIT_S):  # the whole chunk: a frame never blocks longer than this
                while done < max_steps:
                    self.one_step()
                    done += 1
                    if time.perf_counter() - start >= budget_s:
                        break
        finally:
            self._inside = False
        return done

    def predict(self, X) -> np.ndarray:
        """The probability of class 1 at points X (m, 2) (already scaled), as (m,)."""
        p, _ = self._forward(self.params, X)
        return p[:, 0]

    def accuracy(self) -> float:
        return float(np.mean((self.predict(self.data.X) > 0.5) == (self.data.y == 1)))


__all__ = ["STEP_LIMIT_S", "Data", "Diverged", "Lab", "make_data"]
