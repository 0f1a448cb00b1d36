"""The playground's model: data, features, the network, training in time-boxed chunks, metrics.

    m = Playground()
    m.set_data(state); m.set_network(state); m.set_training(state)   # what sync() calls
    run = m.run(0.004)            # train for ~4 ms: Run(steps=…, epochs_done=…, diverged="")
    m.epoch, m.train_loss, m.test_loss, m.test_accuracy
    acts = m.grid_activations()   # one forward pass over the 100 × 100 grid: every neuron's map
    tiles = m.tile_activations()  # the same over the 32 × 32 grid of the picture's node boxes
    job = GridJob(m.net, m.grid_features(), parts=3, version=m.version)  # the 100 × 100 pass in
    while not job.step(): ...     # three slices (one per frame), on a copy of the weights

The data is made in its own units (built-in sets: the ±6 square; own data: whatever it came in)
and the network is fed ``(x − mean) / sd`` of it (the identity for data inside the ±6 square,
as TensorFlow Playground does, standardised otherwise), then the chosen features of that.
An epoch is one pass over the training points in batches, reshuffled every epoch from the
weights seed, so Reset replays a run exactly. Pure numpy over :mod:`nnviz.engine`.
"""

from __future__ import annotations

import math
import time
from typing import NamedTuple

import numpy as np

from nnviz.chapters.playground import edits as edits_mod
from nnviz.chapters.playground import features as feats
from nnviz.chapters.playground import owndata
from nnviz.chapters.playground import state as ps
from nnviz.engine import OPTIMIZERS, Network, linalg, make_dataset, train_test_split
from nnviz.engine.datasets import DATASETS, DOMAIN
from nnviz.engine.losses import get_loss
from nnviz.engine.metrics import confusion_matrix

RES = 100  # output map cells per side (TensorFlow Playground computes its maps at 100 × 100)
THUMB = 20  # :func:`thumbnails`: every 5th cell of the RES grid, 20 × 20 (TFP shows 10 × 10)
TILE = 32  # the picture's neuron maps: their own 32 × 32 grid, one cell per pixel of a node box
DIVERGE_LOSS = 1e6  # a finite loss above this is treated as diverged too


class Run(NamedTuple):
    """What one :meth:`Playground.run` did: steps taken, epochs completed, and why it stopped."""

    steps: int
    epochs_done: int
    diverged: str  # "" or the reason
    stopped: str  # "" or why training reached its stop condition


class Data(NamedTuple):
    """Points in their own units, split, with what the network needs: features and targets."""

    kind: str  # "classification" | "regression"
    classes: int  # K (2 … 5) or 0 for regression
    names: tuple[str, ...]  # class names (own data) or () for the built-in sets
    x_train: np.ndarray  # (n_train, 2), own units
    y_train: np.ndarray  # (n_train,)
    x_test: np.ndarray
    y_test: np.ndarray
    mean: np.ndarray  # (2,) the network sees (x − mean) / sd
    sd: np.ndarray
    domain: tuple[tuple[float, float], tuple[float, float]]  # the plotted square, own units


def normalisation(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(mean, sd): the identity for points inside the ±6 square, else standardisation."""
    if len(X) == 0 or np.abs(X).max() <= DOMAIN[1]:
        return np.zeros(2), np.ones(2)
    sd = X.std(axis=0)
    return X.mean(axis=0), np.where(sd > 0, sd, 1.0)


def make_data(st: ps.State, extra: owndata.Own | None = None, names: tuple[str, ...] = ()) -> Data:
    """Generate (or decode) the points of ``st`` and split them ``st.train`` % to train.

    Own data: ``extra`` (points held by the page, e.g. a CSV in its own units) when given, else
    the ``pts`` text; ``names`` (e.g. a CSV's words) name the classes when their count fits."""
    kind = ps.kind_of(st)
    if st.data == ps.OWN:
        own = extra if extra is not None else owndata.decode(st.pts)
        X, y = own.X, own.y
        if len(X):
            kind = own.kind  # the points say what they are
        stored = extra is not None or own.names != owndata.default_names(len(own.names))
        names = own.names if stored or len(names) < len(own.names) else names
        if kind == "classification":
            y = np.asarray(y, dtype=np.int64)
            classes = max(2, len(names), int(y.max()) + 1 if len(y) else 2)
        else:
            y, classes = np.asarray(y, dtype=np.float64), 0
    else:
        info = DATASETS[st.data]
        X, y = make_dataset(st.data, info.samples, st.noise, st.dseed)
        names, classes = (), info.classes
    mean, sd = normalisation(X)
    if sd[0] == 1 and mean[0] == 0 and sd[1] == 1 and mean[1] == 0:
        domain = (DOMAIN, DOMAIN)
    else:
        z = np.abs((X - mean) / sd).max() * 1.1
        domain = tuple((float(mean[i] - z * sd[i]), float(mean[i] + z * sd[i])) for i in range(2))
    sp = train_test_split(X, y, st.train / 100, st.dseed)
    return Data(kind, classes, tuple(names), sp.x_train, sp.y_train, sp.x_test, sp.y_test, mean, sd, domain)


def grid_points(domain, res: int = RES) -> np.ndarray:
    """(res², 2) cell centres, row 0 at the top (largest x2), as an image."""
    (x0, x1), (y0, y1) = domain
    xs = x0 + (np.arange(res) + 0.5) * (x1 - x0) / res
    ys = y1 - (np.arange(res) + 0.5) * (y1 - y0) / res
    gx, gy = np.meshgrid(xs, ys)
    return np.stack([gx.ravel(), gy.ravel()], axis=1)


def head(kind: str, classes: int, loss: str) -> tuple[int, str, str]:
    """(outputs, output activation, engine loss) for the problem."""
    if kind == "regression":
        return 1, "linear", "half_sse"
    if classes > 2:
        return classes, "softmax", "cross_entropy"
    if loss == "sse":
        return 1, "tanh", "half_sse"
    return 1, "sigmoid", "bce"


def targets(y: np.ndarray, kind: str, classes: int, loss: str) -> np.ndarray:
    """Network targets: values (n, 1); 0/1 (xent) or ±1 (sse) (n, 1); one-hot (n, K)."""
    if kind == "regression":
        return y.astype(np.float32).reshape(-1, 1)
    if classes > 2:
        return np.eye(classes, dtype=np.float32)[y]
    t = y.astype(np.float32).reshape(-1, 1)
    return 2 * t - 1 if loss == "sse" else t


class Playground:
    """Everything the chapter trains and shows; the UI only reads it (and edits weights)."""

    def __init__(self):
        self.data: Data | None = None
        self.net: Network | None = None
        self.opt = None
        self.keys: tuple[str, ...] = feats.DEFAULT
        self.batch = 10
        self.stop_epochs, self.target = 0, 0.0
        self.loss_name = "xent"
        self.version = 0  # bumps whenever the weights change (training, an edit, a reset)
        self._grid = GridPass(RES)  # the output map's grid
        self._tiles = GridPass(TILE)  # the node boxes' grid
        self.reset_history()

    # ----- following the state ---------------------------------------------------------------

    def set_data(self, st: ps.State, extra: owndata.Own | None = None, names: tuple[str, ...] = ()) -> None:
        """New points (data set, noise, ratio, seed or own points changed)."""
        self.data = make_data(st, extra, names)
        self._features()

    def _features(self) -> None:
        d = self.data
        self.f_train = feats.compute((d.x_train - d.mean) / d.sd, self.keys) if d else None
        self.f_test = feats.compute((d.x_test - d.mean) / d.sd, self.keys) if d else None
        both = np.concatenate([self.f_train, self.f_test]) if d else np.zeros((0, len(self.keys)))
        self._f_both_t = np.ascontiguousarray(both.T, dtype=np.float32)  # measure()'s one pass
        self.t_train = targets(d.y_train, d.kind, d.classes, self.loss_name)
        self.t_test = targets(d.y_test, d.kind, d.classes, self.loss_name)
        self._grid.forget()
        self._tiles.forget()

    def set_network(self, st: ps.State) -> None:
        """A new network from the state's shape, activations, features, loss, init and seed."""
        self.keys = tuple(st.features)
        self.loss_name = st.loss
        self._features()
        d = self.data
        n_out, out_act, loss = head(d.kind, d.classes, st.loss)
        hidden = [ps.ENGINE_ACT[a] for a in ps.per_layer(st.act, len(st.layers))]
        init = "uniform" if st.init == "uniform" else st.init
        self.net = Network([len(self.keys), *st.layers, n_out], hidden=hidden, output=out_act, loss=loss,
                           init=init, seed=st.wseed, dtype="float32")
        self.wseed, self.init = st.wseed, st.init
        self.edits = tuple(st.edit)
        self._initial_weights()
        self.set_training(st, new_optimizer=True)
        self.reset_history()

    def _initial_weights(self) -> None:
        if self.init == "uniform":
            # TensorFlow Playground's start: weights U(−0.5, 0.5) (the engine's U(−1, 1), halved),
            # biases 0.1
            for W, b in zip(self.net.weights, self.net.biases, strict=True):
                W *= 0.5
                b[...] = 0.1
            self.net.parameters_changed()
        self.edit_notes = edits_mod.apply(self.net, getattr(self, "edits", ()))

    def set_edits(self, edits: tuple) -> None:
        """The link's edits changed (the inspector added one): write them into the weights now,
        without a reset (each sets one value, so writing them again changes nothing else)."""
        self.edits = tuple(edits)
        self.edit_notes = edits_mod.apply(self.net, self.edits)
        self.version += 1
        self.measure()

    def set_training(self, st: ps.State, new_optimizer: bool = False) -> None:
        """Learning rate, regularisation, batch, dropout, optimiser: never a reset (except a new
        optimiser kind, which starts its own state afresh)."""
        net = self.net
        net.regularization = None if st.reg == "none" else st.reg
        net.reg_rate = st.rate
        net.dropout = ps.per_layer(st.drop, len(net.sizes) - 2) if len(net.sizes) > 2 else 0.0
        if new_optimizer or self.opt is None or self.opt.name != st.opt:
            self.opt = OPTIMIZERS[st.opt](st.lr)
        self.opt.lr0 = float(st.lr)
        self.batch = int(st.batch)
        self.stop_epochs, self.target = st.stop, st.target
        self.lr = st.lr

    def reset_weights(self, seed: int) -> None:
        """The weights from ``seed`` again (Reset replays them; New weights passes a new seed)."""
        self.wseed = seed
        self.net.reset(seed)
        self._initial_weights()
        self.opt.reset()
        self.reset_history()

    def reset_history(self) -> None:
        self.epoch = 0
        self._pos = 0
        self._order = None
        self._rng = np.random.default_rng([getattr(self, "wseed", 0), 2])
        self.history_epochs: list[float] = []
        self.history_train: list[float] = []
        self.history_test: list[float] = []
        self.good: list[np.ndarray] | None = None
        self.good_epoch = 0
        self.version += 1
        if self.net is not None and self.data is not None:
            self.measure()
            self._record()

    # ----- training --------------------------------------------------------------------------

    def _shuffle(self) -> None:
        perm = self._rng.permutation(len(self.f_train))
        self._xs, self._ys = self.f_train[perm], self.t_train[perm]
        self._pos = 0

    def run(self, budget_s: float, max_steps: int = 1_000_000, epochs: int | None = None) -> Run:
        """Train for about ``budget_s`` seconds (at least one step), or ``epochs`` whole epochs."""
        n = len(self.f_train)
        if n == 0:
            return Run(0, 0, "", "there are no training points")
        self.good = [p.copy() for p in self.net.parameters()]
        self.good_epoch = self.epoch
        t_end = time.perf_counter() + budget_s
        steps = done = 0
        net, opt, bs = self.net, self.opt, self.batch
        goal = None if epochs is None else self.epoch + epochs
        if self._pos == 0 or self._order is None:
            self._shuffle()
            self._order = True
        while True:
            lo = self._pos
            hi = min(lo + bs, n)
            m = net.step(self._xs[lo:hi], self._ys[lo:hi], opt)
            steps += 1
            if m.diverged:
                return self._diverged(steps, done, m.reason)
            self._pos = hi
            if hi >= n:
                self.epoch += 1
                done += 1
                self._shuffle()
                if goal is not None and self.epoch >= goal:
                    break
                if self.stop_epochs and self.epoch >= self.stop_epochs:
                    break
            if steps >= max_steps or (goal is None and time.perf_counter() >= t_end):
                break
        self.version += 1
        self.measure()
        if not (math.isfinite(self.train_loss) and self.train_loss < DIVERGE_LOSS):
            return self._diverged(steps, done, f"the training loss became {self.train_loss:.3g}")
        self._record()
        return Run(steps, done, "", self.stop_reason())

    def _diverged(self, steps: int, done: int, reason: str) -> Run:
        self.version += 1
        self.measure()
        return Run(steps, done, reason, "")

    def stop_reason(self) -> str:
        if self.stop_epochs and self.epoch >= self.stop_epochs:
            return f"it reached epoch {self.stop_epochs:,}"
        if self.target and self.test_loss <= self.target:
            return f"the test loss reached {self.target:g}"
        return ""

    def restore_good(self) -> None:
        """Back to the weights before the chunk that diverged; the optimiser starts afresh."""
        if self.good is None:
            return
        for p, g in zip(self.net.parameters(), self.good, strict=True):
            p[...] = g
        self.net.parameters_changed()
        self.opt.reset()
        self.epoch = self.good_epoch
        self._pos = 0
        self.version += 1
        self.measure()

    def _record(self) -> None:
        self.history_epochs.append(float(self.epoch))
        self.history_train.append(self.train_loss)
        self.history_test.append(self.test_loss)

    # ----- measuring -------------------------------------------------------------------------

    def outputs(self, F: np.ndarray) -> np.ndarray:
        """The network's outputs for features F (n, k) (the fast pass of the maps: within 1e-6)."""
        if not len(F):
            return np.zeros((0, self.net.sizes[-1]), np.float32)
        with np.errstate(all="ignore"):
            return grid_pass(self.net, F)[-1]

    def _outputs_both(self) -> tuple[np.ndarray, np.ndarray]:
        """Outputs on the training and the test points in ONE pass over both, (n, n_out) each."""
        n_tr, n = len(self.f_train), self._f_both_t.shape[1]
        if n == 0:
            empty = np.zeros((0, self.net.sizes[-1]), np.float32)
            return empty, empty
        with np.errstate(all="ignore"):
            out = neuron_pass(self.net, self._f_both_t)[-1]  # (n_out, n_train + n_test)
        return out[:, :n_tr].T, out[:, n_tr:].T

    def data_loss(self, out: np.ndarray, t: np.ndarray) -> float:
        """The loss without the weight penalty (what TensorFlow Playground shows)."""
        if len(out) == 0:
            return math.nan
        with np.errstate(all="ignore"):
            return float(get_loss(self.net.loss).fn(out.astype(np.float64), t.astype(np.float64)))

    def measure(self) -> None:
        """Losses, accuracy, confusion matrix / RMSE and R² on the current weights."""
        d = self.data
        out_tr, out_te = self._outputs_both()
        self.train_loss = self.data_loss(out_tr, self.t_train)
        self.test_loss = self.data_loss(out_te, self.t_test)
        self.out_test = out_te
        self.test_accuracy = self.train_accuracy = math.nan
        self.confusion = None
        self.rmse = self.r2 = math.nan
        if d.kind == "classification":
            self.train_accuracy = _accuracy(self.predict_labels(out_tr), d.y_train)
            pred = self.predict_labels(out_te)
            self.test_accuracy = _accuracy(pred, d.y_test)
            self.confusion = confusion_matrix(pred, d.y_test, d.classes) if len(pred) else None
        elif len(out_te):
            err = out_te[:, 0].astype(np.float64) - d.y_test
            self.rmse = float(np.sqrt(np.mean(err**2)))
            var = float(np.var(d.y_test))
            self.r2 = 1 - float(np.mean(err**2)) / var if var > 0 else math.nan

    def predict_labels(self, out: np.ndarray) -> np.ndarray:
        """Class numbers from outputs: argmax (K), or > 0.5 (sigmoid) / > 0 (tanh)."""
        if out.shape[1] > 1:
            return out.argmax(axis=1)
        cut = 0.0 if self.net.output == "tanh" else 0.5
        return (out[:, 0] > cut).astype(np.int64)

    def predict(self, X) -> np.ndarray:
        """Outputs for points X (n, 2) in the data's own units (for export checks and readouts)."""
        d = self.data
        return self.outputs(feats.compute((np.asarray(X, float) - d.mean) / d.sd, self.keys))

    # ----- the maps ----------------------------------------------------------------------------

    def grid_features(self) -> np.ndarray:
        """(RES², k) features of the output map's grid (cached until data or features change)."""
        return self._grid.features(self)

    def grid_activations(self) -> list[np.ndarray]:
        """[features (G, k), hidden 1 (G, n1), …, output (G, n_out)] over the RES² grid; one pass,
        cached until the weights change."""
        return self._grid.activations(self)

    def grid_rows(self) -> list[np.ndarray]:
        """:meth:`grid_activations` neuron-major: [(k, RES²), (n₁, RES²), …] (the same arrays)."""
        return self._grid.rows(self)

    def grid_features_t(self) -> np.ndarray:
        """(k, RES²) float32: :meth:`grid_features` neuron-major (cached with it)."""
        return self._grid.features_t(self)

    def tile_rows(self) -> list[np.ndarray]:
        """:meth:`tile_activations` neuron-major: [(k, TILE²), (n₁, TILE²), …, (n_out, TILE²)]."""
        return self._tiles.rows(self)

    def tile_features(self) -> np.ndarray:
        """(TILE², k) features of the picture's node-box grid (cached until data or features change)."""
        return self._tiles.features(self)

    def tile_activations(self) -> list[np.ndarray]:
        """As :meth:`grid_activations` over the TILE² grid (every thumbnail at its own size:
        a tenth of the 100 × 100 pass); cached until the weights change."""
        return self._tiles.activations(self)


class GridPass:
    """The features of a res × res grid over a playground's data domain, and the network's
    forward pass over them, each cached: features until the data's domain, standardisation or
    feature keys change (or :meth:`forget`), the pass until the weights' version changes.

        maps = GridPass(32); maps.activations(model)   # [features (1024, k), …, output (1024, n)]
    """

    def __init__(self, res: int):
        self.res = res
        self._key = None
        self._features: np.ndarray | None = None
        self._version = -1
        self._acts: list[np.ndarray] | None = None

    def forget(self) -> None:
        self._key = None

    def features(self, m: Playground) -> np.ndarray:
        d = m.data
        key = (m.keys, d.domain, tuple(d.mean), tuple(d.sd))
        if key != self._key:
            self._key = key
            self._features = feats.compute((grid_points(d.domain, self.res) - d.mean) / d.sd, m.keys)
            self._features_t = np.ascontiguousarray(self._features.T, dtype=np.float32)
            self._version = -1
        return self._features

    def features_t(self, m: Playground) -> np.ndarray:
        """The same features neuron-major, (k, G) float32 (what :func:`neuron_pass` takes)."""
        self.features(m)
        return self._features_t

    def rows(self, m: Playground) -> list[np.ndarray]:
        """The pass neuron-major: [(k, G), (n₁, G), …, (n_out, G)] (:func:`neuron_pass`)."""
        FT = self.features_t(m)
        if self._version != m.version or self._acts is None:
            with np.errstate(all="ignore"):
                self._acts = neuron_pass(m.net, FT)
            self._version = m.version
        return self._acts

    def activations(self, m: Playground) -> list[np.ndarray]:
        rows = self.rows(m)
        return [self._features, *(a.T for a in rows[1:])]


class GridJob:
    """One grid pass in ``parts`` slices of grid points (one per frame while playing), on a copy
    of the weights taken when the job starts, so the finished map is one network's however
    training moves on meanwhile (no seams).

        job = GridJob(net, F, parts=3, version=7)   # F (G, k)
        job.step(); job.step(); job.step() -> True  # then job.acts == grid_pass(net, F)
        job.rows                                    # the same, neuron-major: [(k, G), (n₁, G), …]
    """

    def __init__(self, net: Network, F: np.ndarray, parts: int, version: int, FT: np.ndarray | None = None):
        self.layers = [(W.copy(), b.copy(), act) for W, b, act in _layers(net)]
        self.version = version
        FT = np.ascontiguousarray(F.T, dtype=net.dtype) if FT is None else FT
        self.bounds = np.linspace(0, FT.shape[1], max(1, parts) + 1).astype(int)
        self.rows = _buffers(self.layers, FT)
        self.acts = [F, *(a.T for a in self.rows[1:])]
        self.part = 0

    @property
    def done(self) -> bool:
        return self.part >= len(self.bounds) - 1

    def step(self) -> bool:
        """Compute the next slice; True when the whole grid is done."""
        if self.done:
            return True
        lo, hi = int(self.bounds[self.part]), int(self.bounds[self.part + 1])
        with np.errstate(all="ignore"):
            _fill(self.layers, self.rows, lo, hi)
        self.part += 1
        return self.done


def fast_tanh(z: np.ndarray) -> np.ndarray:
    """tanh(z) = 2 / (1 + e^(−2z)) − 1, in place (z is overwritten and returned).

    numpy's float32 tanh costs ~3× its exp in Pyodide (no vectorised libm); this form is one exp
    and four cheap passes, within 2e-7 of np.tanh (float32), and exact at ±inf (→ ±1).
    """
    np.multiply(z, -2.0, out=z)
    np.exp(z, out=z)
    z += 1.0
    np.divide(2.0, z, out=z)
    z -= 1.0
    return z


def grid_pass(net: Network, F: np.ndarray) -> list[np.ndarray]:
    """Every layer's output for inputs F (G, k): [F, a¹, …, aᴸ], as Network.trace(F).activations
    but with :func:`fast_tanh` for tanh layers (the maps' pass; training keeps the engine's tanh).
    Each aˡ (G, n) is a transposed view of :func:`neuron_pass`'s (n, G) rows."""
    acts = neuron_pass(net, np.ascontiguousarray(F.T, dtype=net.dtype))
    return [F, *(a.T for a in acts[1:])]


def neuron_pass(net: Network, FT: np.ndarray) -> list[np.ndarray]:
    """The same pass, neuron-major: FT (k, G) -> [FT, a¹ (n₁, G), …, aᴸ (n_L, G)], each neuron's
    outputs one contiguous row (a map, ready to colour).

    Why this layout: adding the bias to a (G, 8) array broadcasts over rows of 8, and numpy's
    inner loop then runs 8 elements at a time (in Pyodide ~9× the cost of a whole-array pass);
    over (8, G) rows each inner loop is a whole row.
    """
    layers = _layers(net)
    acts = _buffers(layers, FT)
    with np.errstate(all="ignore"):
        _fill(layers, acts, 0, FT.shape[1])
    return acts


def _layers(net: Network) -> list:
    return list(zip(net.weights, net.biases, net.activations, strict=True))


def _buffers(layers, FT: np.ndarray) -> list[np.ndarray]:
    return [FT] + [np.empty((W.shape[1], FT.shape[1]), W.dtype) for W, _, _ in layers]


def _fill(layers, acts: list[np.ndarray], lo: int, hi: int) -> None:
    """Compute columns lo:hi of every layer's (n, G) outputs in ``acts`` (from acts[0], FT)."""
    a = acts[0][:, lo:hi]
    for k, (W, b, act) in enumerate(layers):
        z = acts[k + 1][:, lo:hi]
        linalg.matmul(W.T, a, out=z)
        z += b[:, None]
        if act.name == "tanh":
            fast_tanh(z)
        elif act.name == "softmax":  # normalised over the neurons: along axis 0 here
            z[...] = act.fn(np.ascontiguousarray(z.T)).T
        else:
            z[...] = act.fn(z)
        a = z


def thumbnails(values: np.ndarray, res: int = RES, thumb: int = THUMB) -> np.ndarray:
    """(G, n) per-neuron values on the res² grid -> (n, thumb, thumb): the cell at the centre of
    each (res/thumb)² block (a strided view, then one copy: no averaging pass per frame)."""
    n = values.shape[1]
    b = res // thumb
    v = values.reshape(res, res, n)[b // 2::b, b // 2::b, :]
    return np.ascontiguousarray(v.transpose(2, 0, 1))


def _accuracy(pred: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean(pred == y)) if len(y) else math.nan
