"""Training on the one example: n updates in a row, with the loss of each, and divergence.

    r = run(state, 100)
    r.losses          # [C before update 1, …, C before update 100, C after the last]: 101 values
    r.w               # the weights after the run, as the link keeps them
    r.problem         # "" or why the run stopped / went wrong, in words

Every update is the engine's SGD step: ``engine.tiny`` (the same arithmetic on Python floats, for
the small float64 networks this chapter builds) or ``Network.step``; a run that diverges or grows
too large is replayed one ``Network.step`` at a time, whose divergence guard keeps the last
finite weights. A run also stops before a weight leaves the range a link can hold (|w| ≤ 100),
and counts as diverging when the loss ends higher than it started.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from nnviz.chapters.backprop.model import build, from_engine
from nnviz.chapters.backprop.state import VALUE_LIMIT, State, keep
from nnviz.chapters.backprop.text import num
from nnviz.engine import SGD
from nnviz.engine.tiny import Tiny


@dataclass(frozen=True)
class Run:
    losses: tuple[float, ...]
    w: tuple[float, ...]
    iterations: int  # updates actually made
    problem: str  # "" when the loss went down without trouble


def run(state: State, n: int) -> Run:
    """Make up to ``n`` engine SGD updates with η = state.lr on the state's example."""
    net = build(state)
    x, y = np.asarray([state.x], float), np.asarray([state.y], float)
    problem = ""
    tiny = Tiny.of(net)
    if tiny is not None:  # the engine's fast path for tiny networks: no numpy call per update
        fast = tiny.sgd(state.x, state.y, state.lr, n)
        losses, diverged = fast.losses, fast.diverged
        tiny.store(net)
    else:
        opt = SGD(state.lr)
        losses = []
        with np.errstate(all="ignore"):  # a diverging run overflows on the way; the metrics say so
            for _ in range(n):  # the usual case: no check beyond the engine's own guard
                metrics = net.step(x, y, opt)
                losses.append(float(metrics.loss))
                if metrics.diverged:
                    break
        diverged = metrics.diverged
    if diverged or max(float(np.abs(p).max()) for p in net.parameters()) > VALUE_LIMIT:
        net, losses, problem = _careful(state, n)  # again, one update at a time, stopping in time
    done = len(losses) if not problem else len(losses) - 1
    final = net.evaluate(x, y)
    if not problem and math.isfinite(final):
        losses.append(float(final))
    w = tuple(keep(v) for v in from_engine(state.layers, net.weights, net.biases))
    if not problem and losses and not losses[-1] < losses[0] and done:
        problem = f"the loss rose from {num(losses[0])} to {num(losses[-1])}"
    return Run(tuple(losses), w, done, problem)


def _careful(state: State, n: int):
    """Replay the run from the start, keeping the last weights within ±VALUE_LIMIT."""
    net = build(state)
    x, y = np.asarray([state.x], float), np.asarray([state.y], float)
    opt = SGD(state.lr)
    losses: list[float] = []
    good = [p.copy() for p in net.parameters()]
    for k in range(n):
        metrics = net.step(x, y, opt)
        losses.append(float(metrics.loss))
        if metrics.diverged:
            return net, losses, f"update {k + 1} would have made the numbers infinite ({metrics.reason})"
        if max(float(np.abs(p).max()) for p in net.parameters()) > VALUE_LIMIT:
            for p, g in zip(net.parameters(), good, strict=True):
                p[...] = g
            net.parameters_changed()
            return net, losses, f"update {k + 1} would have pushed a weight beyond ±{VALUE_LIMIT:g}"
        for p, g in zip(net.parameters(), good, strict=True):
            g[...] = p
    return net, losses, ""


def explain(problem: str, lr: float) -> str:
    """Say in words why a learning rate this large diverges, and what the button will do."""
    return (f"Training went wrong: {problem}. With η = {num(lr)} each update jumps so far along "
            "−∂C/∂w that it overshoots the valley of the loss and lands higher up the other side; "
            "the next gradient is then larger still, and the steps grow. A smaller learning rate "
            "takes shorter steps.")


def safer(lr: float) -> float:
    """Return the learning rate the recovery button offers: a tenth, at least 0.001."""
    return max(0.001, float(f"{lr / 10:.3g}"))
