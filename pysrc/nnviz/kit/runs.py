"""What a stretch of training did (:class:`RunRecord`), and what every trainable model offers (:class:`Trainable`).

    run = model.run(budget.seconds, max_steps=10_000)   # any Trainable: as many steps as fit
    run.steps, run.iterations, run.losses       # 37, (37,) 1-based counts, (37,) loss of each step
    run.series["window_loss"]                   # (37,) a model's own per-step series
    run.diverged, run.reason                    # True, "the loss became NaN or infinite"
    total = RunRecord.join([first, second])     # one record for consecutive runs

One record for every model a chapter shows (a 25 → H → 10 digit network, a mini-batch MNIST
session, a linear regressor's gradient descent, the engine's Trainer), so monitors, charts,
export and comparison read them alike. Per step ``k`` (``k = 0 … steps − 1``):

    iterations[k]   the model's step count after step k (1-based, counted across runs)
    losses[k]       the loss that step k measured (on its batch, before the update)
    series[name][k] anything else a model reports per step (grad norms, a windowed mean, w, b …)

and for the whole run: ``epochs`` (passes over the training data done when it ended, may be
fractional), ``diverged`` with ``reason`` in words (a step was refused, or the loss blew up;
the run stops there), ``finished`` (a run of fixed length reached its end) and ``elapsed_s``.

Pure Python and numpy; tests/unit/kit check it, and :func:`check_trainable` checks any model.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import numpy as np


def _floats(values) -> np.ndarray:
    return np.asarray(values, dtype=np.float64).reshape(-1)


@dataclass(frozen=True)
class RunRecord:
    """One run of ``steps`` training steps (see the module doc for every field)."""

    iterations: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    losses: np.ndarray = field(default_factory=lambda: np.empty(0))
    series: Mapping[str, np.ndarray] = field(default_factory=dict)
    epochs: float = 0.0
    diverged: bool = False
    reason: str = ""
    finished: bool = False
    elapsed_s: float = 0.0

    def __post_init__(self):
        its = np.asarray(self.iterations, dtype=np.int64).reshape(-1)
        losses = _floats(self.losses)
        if len(its) != len(losses):
            raise ValueError(f"{len(its)} iterations but {len(losses)} losses")
        series = {}
        for name, values in self.series.items():
            arr = np.asarray(values, dtype=np.float64)
            if len(arr) != len(its):
                raise ValueError(f"series {name!r} has {len(arr)} entries for {len(its)} steps")
            series[name] = arr
        if self.diverged and not self.reason:
            raise ValueError("a diverged run needs a reason in words")
        object.__setattr__(self, "iterations", its)
        object.__setattr__(self, "losses", losses)
        object.__setattr__(self, "series", series)

    @classmethod
    def of_steps(cls, first_iteration: int, losses, **rest) -> RunRecord:
        """A run whose steps are numbered from ``first_iteration`` on: of_steps(11, [0.5, 0.4]) -> 11, 12."""
        losses = _floats(losses)
        return cls(np.arange(first_iteration, first_iteration + len(losses)), losses, **rest)

    @property
    def steps(self) -> int:
        """Steps taken (0 when the first one was refused)."""
        return len(self.losses)

    @property
    def last_iteration(self) -> int | None:
        """The model's step count when the run ended (None if no step was taken)."""
        return int(self.iterations[-1]) if self.steps else None

    @property
    def mean_loss(self) -> float:
        """Mean loss over the run's steps (nan if none)."""
        return float(np.mean(self.losses)) if self.steps else float("nan")

    @property
    def steps_per_s(self) -> float:
        """Training speed: steps / elapsed seconds (nan when no time was measured)."""
        return self.steps / self.elapsed_s if self.elapsed_s > 0 else float("nan")

    @staticmethod
    def join(records: Iterable[RunRecord]) -> RunRecord:
        """One record for consecutive runs: steps and series concatenated, times added,
        ``epochs``/``finished`` of the last, and the first divergence (with its reason).

        Series missing from some records are left out (they would not line up with the steps).
        """
        records = list(records)
        if not records:
            return RunRecord()
        names = set(records[0].series).intersection(*(r.series for r in records[1:]))
        bad = next((r for r in records if r.diverged), None)
        return RunRecord(
            np.concatenate([r.iterations for r in records]),
            np.concatenate([r.losses for r in records]),
            {n: np.concatenate([r.series[n] for r in records]) for n in sorted(names)},
            epochs=records[-1].epochs,
            diverged=bad is not None,
            reason=bad.reason if bad is not None else "",
            finished=records[-1].finished,
            elapsed_s=sum(r.elapsed_s for r in records),
        )


@runtime_checkable
class Trainable(Protocol):
    """What every trainable model a chapter shows offers (the DigitModel, for one)::

        run(budget_s, max_steps) -> RunRecord   as many steps as fit in budget_s (at most
                                                max_steps); a refused step changes nothing
        reset(seed)                             fresh weights drawn from seed; the count is 0
        parameters() -> list[np.ndarray]        the live arrays (W0 (25, H), b0 (H,), …)
        snapshot() -> Any                       an independent copy of everything training changes
        restore(snap)                           go back to it: the next run is as from then
    """

    def run(self, budget_s: float, max_steps: int) -> RunRecord: ...

    def reset(self, seed: int) -> None: ...

    def parameters(self) -> Sequence[np.ndarray]: ...

    def snapshot(self) -> Any: ...

    def restore(self, snap: Any) -> None: ...


def check_trainable(model: Trainable, seed: int = 0, steps: int = 12) -> None:
    """Raise AssertionError unless ``model`` keeps the :class:`Trainable` promises.

    For unit tests of every model: reset(seed) reproduces the weights; run honours
    ``max_steps`` and returns a RunRecord numbered on from the last one; snapshot is a copy
    (training on does not change it) and restore makes the next run repeat bit for bit.
    """

    def fail(message: str):
        raise AssertionError(f"{type(model).__name__}: {message}")

    if not isinstance(model, Trainable):
        fail("does not implement run, reset, parameters, snapshot and restore")
    model.reset(seed)
    start = [p.copy() for p in model.parameters()]
    first = model.run(10.0, steps)
    if not isinstance(first, RunRecord):
        fail(f"run returned {type(first).__name__}, not a RunRecord")
    if first.steps != steps or first.diverged:
        fail(f"run(10 s, {steps}) took {first.steps} steps (diverged: {first.reason!r})")
    if first.iterations.tolist() != list(range(1, steps + 1)):
        fail(f"after reset the steps are numbered {first.iterations.tolist()}, not 1 … {steps}")
    model.reset(seed)
    if not all(np.array_equal(a, b) for a, b in zip(start, model.parameters(), strict=True)):
        fail("reset(seed) did not reproduce the starting parameters")
    model.run(10.0, steps)
    snap = model.snapshot()
    kept = [p.copy() for p in model.parameters()]
    later = model.run(10.0, steps)
    if later.iterations.tolist() != list(range(steps + 1, 2 * steps + 1)):
        fail("a second run does not number its steps on from the first")
    if model.run(10.0, 0).steps != 0:
        fail("run(…, max_steps=0) took a step")
    model.restore(snap)
    if not all(np.array_equal(a, b) for a, b in zip(kept, model.parameters(), strict=True)):
        fail("restore(snapshot) did not bring the parameters back")
    again = model.run(10.0, steps)
    if not (np.array_equal(again.losses, later.losses) and np.array_equal(again.iterations, later.iterations)):
        fail("the run after restore differs from the run after the snapshot")
    model.restore(snap)  # a snapshot can be restored more than once
    if not all(np.array_equal(a, b) for a, b in zip(kept, model.parameters(), strict=True)):
        fail("a second restore of the same snapshot differs")
