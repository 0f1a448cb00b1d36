"""Measure nnviz.engine training speed against a minimal hand-written numpy loop, in one process.

Needs only numpy and nnviz.engine, so the very same ``steps_per_second()`` can run natively and
inside Pyodide (for the browser-vs-native ratio). It returns numbers; bench/engine.py prints them.

Two workloads:
  mlp    784-128-64-32-10, ReLU hidden, softmax + cross-entropy, batch 32, float32, plain SGD.
         The engine's Network.step (with its divergence guard and metrics) against a hand-written
         loop doing the same maths (forward, loss, backward, in-place update) and nothing else.
  tiny   25-32-10, sigmoid, SSE, batch 1, SGD: the per-sample chapter, through Trainer.run (which
         shuffles and slices the data set); the chapter needs >= 1,000 steps/s in the browser.

Both are timed in alternating rounds so that machine noise hits both sides alike; the ratio is
the median of the per-round ratios.

Left out on purpose: thread settings (bench/engine.py pins BLAS to one thread, as in Pyodide) and
any warm-up beyond the calibration runs.
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from nnviz.engine import SGD, Network, Trainer

MLP_SIZES = (784, 128, 64, 32, 10)
BATCH = 32
LR = 0.01


def _data(n, n_in, n_out, seed):
    rng = np.random.default_rng(seed)
    X = rng.random((n, n_in), dtype=np.float32)
    Y = np.eye(n_out, dtype=np.float32)[rng.integers(0, n_out, n)]
    return X, Y


def _hand_mlp_step(Ws, bs, X, Y, lr):
    """One SGD step of a ReLU MLP with softmax + cross-entropy, written as plainly as possible."""
    n = X.shape[0]
    acts = [X]
    for W, b in zip(Ws[:-1], bs[:-1], strict=True):
        acts.append(np.maximum(acts[-1] @ W + b, 0))
    z = acts[-1] @ Ws[-1] + bs[-1]
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    s = e.sum(axis=1, keepdims=True)
    loss = float(np.log(s).sum() - np.vdot(Y, z)) / n
    d = (e / s - Y) / n
    for i in range(len(Ws) - 1, -1, -1):
        gW = acts[i].T @ d
        gb = d.sum(axis=0)
        if i:
            d = (d @ Ws[i].T) * (acts[i] > 0)
        Ws[i] -= lr * gW
        bs[i] -= lr * gb
    return loss


def _hand_tiny_step(Ws, bs, X, Y, lr):
    """One SGD step of a sigmoid MLP with the sum-of-squares loss."""
    n = X.shape[0]
    acts = [X]
    for W, b in zip(Ws, bs, strict=True):
        acts.append(1 / (1 + np.exp(-(acts[-1] @ W + b))))
    r = acts[-1] - Y
    loss = float(np.vdot(r, r)) / n
    d = r * (2 / n) * acts[-1] * (1 - acts[-1])
    for i in range(len(Ws) - 1, -1, -1):
        gW = acts[i].T @ d
        gb = d.sum(axis=0)
        if i:
            d = (d @ Ws[i].T) * acts[i] * (1 - acts[i])
        Ws[i] -= lr * gW
        bs[i] -= lr * gb
    return loss


def _thread_time_works() -> bool:
    try:
        time.thread_time()
        return True
    except (AttributeError, OSError):
        return False


CLOCKS = {"wall time": time.perf_counter}
if _thread_time_works():
    CLOCKS["thread CPU time"] = time.thread_time


def _time(run, steps, clock):
    """Return the seconds run(steps) takes on ``clock``."""
    start = clock()
    run(steps)
    return clock() - start


def _calibrate(run, seconds, clock):
    """Return a step count that takes about ``seconds`` (warming run up on the way)."""
    steps = 1
    while True:
        elapsed = _time(run, steps, clock)
        if elapsed >= seconds / 4 or steps >= 1 << 20:
            return max(1, round(steps * seconds / max(elapsed, 1e-9)))
        steps *= 2


def _compare(engine, hand, seconds, rounds, clock):
    """Time engine and hand in alternating rounds; return their median rates and the median of
    the per-round ratios (each round's two timings are taken back to back, so a noisy machine
    hits both alike)."""
    per_run = seconds / (2 * rounds)
    n_engine, n_hand = _calibrate(engine, per_run, clock), _calibrate(hand, per_run, clock)
    e_rates, h_rates = [], []
    for _ in range(rounds):
        e_rates.append(n_engine / _time(engine, n_engine, clock))
        h_rates.append(n_hand / _time(hand, n_hand, clock))
    ratios = [e / h for e, h in zip(e_rates, h_rates, strict=True)]
    return statistics.median(e_rates), statistics.median(h_rates), statistics.median(ratios)


def mlp_runners(seed=0):
    """Return {"engine": run(k), "hand": run(k)} for the 784-128-64-32-10 workload."""
    X, Y = _data(BATCH * 16, MLP_SIZES[0], MLP_SIZES[-1], seed)
    batches = [(X[i : i + BATCH], Y[i : i + BATCH]) for i in range(0, len(X), BATCH)]
    net = Network(
        MLP_SIZES,
        hidden="relu",
        output="softmax",
        loss="cross_entropy",
        init="he",
        seed=seed,
        dtype="float32",
    )
    opt = SGD(lr=LR)
    Ws = [w.copy() for w in net.weights]
    bs = [b.copy() for b in net.biases]
    state = {"i": 0}

    def engine(k):
        i = state["i"]
        for _ in range(k):
            xb, yb = batches[i % len(batches)]
            net.step(xb, yb, opt)
            i += 1
        state["i"] = i

    def hand(k):
        i = state["i"]
        for _ in range(k):
            xb, yb = batches[i % len(batches)]
            _hand_mlp_step(Ws, bs, xb, yb, LR)
            i += 1
        state["i"] = i

    return {"engine": engine, "hand": hand}


def tiny_runners(seed=0):
    """Return {"engine": run(k), "hand": run(k)} for the 25-32-10 per-sample workload."""
    X, Y = _data(10, 25, 10, seed)
    Y = Y * 0.99  # seed 001's targets: 0.99 for the right digit, 0.0 for the rest
    net = Network(
        [25, 32, 10], hidden="sigmoid", output="sigmoid", loss="sse", init="xavier", seed=seed
    )
    trainer = Trainer(net, SGD(lr=0.5), X, Y, batch_size=1, seed=seed)
    Ws = [w.copy() for w in net.weights]
    bs = [b.copy() for b in net.biases]
    rows = [(X[i : i + 1], Y[i : i + 1]) for i in range(len(X))]
    state = {"i": 0}

    def engine(k):
        trainer.run(k)

    def hand(k):
        i = state["i"]
        for _ in range(k):
            xb, yb = rows[i % len(rows)]
            _hand_tiny_step(Ws, bs, xb, yb, 0.5)
            i += 1
        state["i"] = i

    return {"engine": engine, "hand": hand}


def steps_per_second(seconds: float = 2.0, rounds: int = 15, cpu_time: bool = True) -> dict:
    """Measure both workloads for about ``seconds`` each; return steps/s and ratios.

    With cpu_time (and one BLAS thread) times are this thread's CPU time, which leaves out the
    moments a busy machine makes the process wait; otherwise, or where the platform lacks it
    (Pyodide), wall time.
    {"mlp_engine": …, "mlp_hand": …, "mlp_ratio": engine / hand (median over rounds),
     "tiny_engine": …, "tiny_hand": …, "tiny_ratio": …, "numpy": version, "clock": name}
    """
    name = "thread CPU time" if cpu_time and "thread CPU time" in CLOCKS else "wall time"
    mlp = _compare(*mlp_runners().values(), seconds, rounds, CLOCKS[name])
    tiny = _compare(*tiny_runners().values(), seconds, rounds, CLOCKS[name])
    return {
        "mlp_engine": mlp[0],
        "mlp_hand": mlp[1],
        "mlp_ratio": mlp[2],
        "tiny_engine": tiny[0],
        "tiny_hand": tiny[1],
        "tiny_ratio": tiny[2],
        "numpy": np.__version__,
        "clock": name,
    }
