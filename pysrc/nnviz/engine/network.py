"""A fully connected feed-forward network with any layer sizes, trained by backpropagation.

    net = Network([2, 3, 1], hidden="tanh", output="sigmoid", loss="bce", init="xavier", seed=0)
    net.forward(X)                 # X (batch, 2) -> (batch, 1)
    dW, db, loss = net.gradients(X, Y)
    b = net.backward(X, Y)         # every layer's a, z, δ and ∂ (engine.trace presents it)
    metrics = net.step(X, Y, SGD(lr=0.1))

Notation (Nielsen's): layer l = 1 … L maps aˡ⁻¹ to zˡ = aˡ⁻¹ Wˡ + bˡ and aˡ = fˡ(zˡ), with a⁰ = X.
Rows are samples, so Wˡ has shape (n_in, n_out) and bˡ shape (n_out,); in code l counts from 0.

Storage: every weight and bias lives in one flat array, [W⁰ (row-major), b⁰, W¹, b¹, …];
``net.weights[l]`` and ``net.biases[l]`` are views into it, and the gradients have the same layout.
So an optimiser updates the whole network with one or two numpy calls, and a training step costs a
few dozen numpy calls whatever the depth. Write into the views (``net.weights[0][1, 2] = 0.5``),
never rebind them (``net.weights[0] = …`` would detach that array from the network).
``step`` reuses scratch arrays per batch size; ``forward``, ``trace`` and ``gradients`` return fresh
arrays that callers may keep.

Left out on purpose: convolutions, batch normalisation, residual connections, and autograd —
the backward pass is written out by hand, as in Nielsen's ``backprop``.
"""

from __future__ import annotations

import math
from itertools import pairwise
from typing import NamedTuple

import numpy as np

from . import linalg
from .activations import DEFAULT_LEAKY_SLOPE, get_activation
from .dropout import dropout_mask
from .guard import DivergenceError, ParameterGuard, require_finite_norm, sq_norm
from .initializers import get_initializer, init_weights
from .losses import FUSED, check_pair, get_loss
from .metrics import StepMetrics
from .regularizers import get_regularizer

DTYPES = ("float32", "float64")


class Trace(NamedTuple):
    """Every layer's values for one forward pass, for live displays.

    For sizes [2, 3, 1] and 5 samples: zs = [(5, 3), (5, 1)] and activations =
    [(5, 2), (5, 3), (5, 1)]; activations[0] is the input, so activations[l + 1] = f(zs[l]).
    """

    zs: list
    activations: list


class Backward(NamedTuple):
    """What one backward pass computed, per weight layer l (0-based), for sizes [2, 3, 1] and
    5 samples: inputs [(5, 2), (5, 3)] (aˡ⁻¹, inputs[0] = X), zs and outs [(5, 3), (5, 1)]
    (zˡ and aˡ = fˡ(zˡ)), deltas [(5, 3), (5, 1)] (δˡ = ∂L/∂zˡ), grad_w [(2, 3), (3, 1)],
    grad_b [(3,), (1,)]; loss includes the penalty; targets (5, 1). All fresh arrays.
    """

    inputs: list
    zs: list
    outs: list
    deltas: list
    grad_w: list
    grad_b: list
    loss: float
    penalty: float
    targets: np.ndarray


class _Scratch(NamedTuple):
    """Arrays reused by every step with the same batch size."""

    zs: list  # zˡ, (n, sizes[l + 1])
    outs: list  # fˡ(zˡ) before dropout, (n, sizes[l + 1])
    deltas: list  # ∂L/∂zˡ, (n, sizes[l + 1])
    inputs: list  # what layer l reads: X, then fˡ(zˡ) after dropout
    masks: list  # dropout masks of the hidden layers


class Network:
    """A fully connected network, e.g. Network([784, 128, 10], hidden="relu", output="softmax",
    loss="cross_entropy").

    ``hidden`` is one activation name for every hidden layer, or a list with one per hidden layer.
    ``regularization`` is None, "l1" or "l2", adding reg_rate · Σ R(w) over the weights to the loss.
    ``dropout`` is the probability of dropping each hidden unit in ``step`` (never in forward):
    one rate for every hidden layer, or a list with one rate per hidden layer (e.g. [0.5, 0]).
    ``seed`` seeds the weights and the dropout masks (None: fresh randomness).
    regularization, reg_rate and dropout may be changed between steps; for other settings
    (sizes, activations, loss, init, dtype, leaky_slope) build a new Network.
    """

    def __init__(
        self,
        sizes,
        hidden="tanh",
        output: str = "sigmoid",
        loss: str = "bce",
        init: str = "xavier",
        seed: int | None = 0,
        dtype="float32",
        leaky_slope: float = DEFAULT_LEAKY_SLOPE,
        regularization: str | None = None,
        reg_rate: float = 0.0,
        dropout: float | list[float] = 0.0,
    ):
        self.sizes = [int(n) for n in sizes]
        if len(self.sizes) < 2 or min(self.sizes) < 1:
            raise ValueError(f"sizes needs at least two layers of >= 1 unit, got {sizes}")
        n_hidden = len(self.sizes) - 2
        self.hidden = [hidden] * n_hidden if isinstance(hidden, str) else list(hidden)
        if len(self.hidden) != n_hidden:
            raise ValueError(f"{n_hidden} hidden layers but {len(self.hidden)} activations")
        self.output = output
        self.loss = loss
        check_pair(output, loss)
        self.leaky_slope = float(leaky_slope)
        self.activations = [get_activation(n, self.leaky_slope) for n in [*self.hidden, output]]
        for act in self.activations[:-1]:
            if not act.hidden_ok:
                raise ValueError(f"{act.name} can only be the output activation")
        self._loss = get_loss(loss)
        self._fused = FUSED.get((output, loss))
        self.init = get_initializer(init).name
        if str(np.dtype(dtype)) not in DTYPES:
            raise ValueError(f"dtype must be one of {DTYPES}, got {dtype}")
        self.dtype = np.dtype(dtype)
        self.regularization = regularization
        self.reg_rate = float(reg_rate)
        self.dropout = dropout
        self.weights: list[np.ndarray] = []
        self.biases: list[np.ndarray] = []
        self.reset(seed)

    @property
    def regularization(self) -> str | None:
        """Return the weight penalty's name, "l1", "l2" or None; settable between steps."""
        return None if self._reg is None else self._reg.name

    @regularization.setter
    def regularization(self, name: str | None) -> None:
        self._reg = get_regularizer(name)

    @property
    def dropout(self) -> float | list[float]:
        """Return the dropout rate: one float when every hidden layer has the same, else the
        list of per-hidden-layer rates; settable between steps (a float or such a list)."""
        rates = self._drops
        if len(set(rates)) <= 1:
            return rates[0] if rates else self._drop_all
        return list(rates)

    @dropout.setter
    def dropout(self, value) -> None:
        n_hidden = len(self.sizes) - 2
        if isinstance(value, (int, float, np.number)):
            rates = [float(value)] * n_hidden
            self._drop_all = float(value)
        else:
            rates = [float(r) for r in value]
            if len(rates) != n_hidden:
                raise ValueError(f"{n_hidden} hidden layers but {len(rates)} dropout rates")
            self._drop_all = rates[0] if rates else 0.0
        for r in [*rates, self._drop_all]:
            if not 0.0 <= r < 1.0:
                raise ValueError(f"dropout must be in [0, 1), got {r}")
        self._drops = rates

    @property
    def dropout_rates(self) -> list[float]:
        """Return one dropout rate per hidden layer, e.g. [0.5, 0.0] for sizes [2, 8, 4, 1]."""
        return list(self._drops)

    def __repr__(self):
        return (
            f"Network({self.sizes}, hidden={self.hidden}, output={self.output!r}, "
            f"loss={self.loss!r}, init={self.init!r}, seed={self.seed}, dtype={self.dtype.name!r})"
        )

    # ----- parameters ---------------------------------------------------------------------------

    def reset(self, seed: int | None = None) -> None:
        """Draw fresh weights (zero biases) from ``seed`` (default: the current one), in place."""
        if seed is not None or not self.weights:
            self.seed = None if seed is None else int(seed)
        if not self.weights:
            self._allocate()
        self._flat.fill(0)
        for w, w_new in zip(
            self.weights, init_weights(self.sizes, self.init, self.seed), strict=True
        ):
            w[...] = w_new
        self._guard.refresh()
        self._scratch: dict[int, _Scratch] = {}
        # Dropout masks come from their own stream, so they do not shift the initial weights.
        self._dropout_rng = np.random.default_rng(None if self.seed is None else [self.seed, 1])

    def _allocate(self) -> None:
        """Create the flat parameter and gradient arrays and the per-layer views into them."""
        shapes = list(pairwise(self.sizes))
        total = sum(n_in * n_out + n_out for n_in, n_out in shapes)
        self._flat = np.zeros(total, self.dtype)
        self._flat_grad = np.zeros(total, self.dtype)
        self.weights, self.biases = [], []
        self._grad_w, self._grad_b, self._layer_grads = [], [], []
        start = 0
        for n_in, n_out in shapes:
            mid, end = start + n_in * n_out, start + n_in * n_out + n_out
            self.weights.append(self._flat[start:mid].reshape(n_in, n_out))
            self.biases.append(self._flat[mid:end])
            self._grad_w.append(self._flat_grad[start:mid].reshape(n_in, n_out))
            self._grad_b.append(self._flat_grad[mid:end])
            self._layer_grads.append(self._flat_grad[start:end])
            start = end
        self._grad_list = [self._flat_grad]
        self._guard = ParameterGuard(self._flat)

    def parameters(self) -> list[np.ndarray]:
        """Return [W0, b0, W1, b1, …]: views into the network's storage, not copies."""
        return [p for pair in zip(self.weights, self.biases, strict=True) for p in pair]

    def parameters_changed(self) -> None:
        """Tell the divergence guard that weights were written directly (only needed beyond 1e30)."""
        self._guard.refresh()

    @property
    def n_layers(self) -> int:
        """Return the number of weight layers: [2, 3, 1] -> 2."""
        return len(self.sizes) - 1

    # ----- forward ------------------------------------------------------------------------------

    def _batch(self, X):
        X = np.asarray(X, dtype=self.dtype)
        single = X.ndim == 1
        X = X.reshape(1, -1) if single else X
        if X.ndim != 2 or X.shape[1] != self.sizes[0]:
            raise ValueError(f"expected inputs of shape (batch, {self.sizes[0]}), got {X.shape}")
        return X, single

    def trace(self, X) -> Trace:
        """Return every layer's z and a for inputs X of shape (batch, sizes[0])."""
        X, _ = self._batch(X)
        zs, activations = [], [X]
        for W, b, act in zip(self.weights, self.biases, self.activations, strict=True):
            z = linalg.x_w(activations[-1], W) + b
            zs.append(z)
            activations.append(act.fn(z))
        return Trace(zs, activations)

    def forward(self, X) -> np.ndarray:
        """Return the outputs: X (batch, 2) -> (batch, 1) for [2, 3, 1]; a 1-D x gives 1-D."""
        X, single = self._batch(X)
        a = X
        for W, b, act in zip(self.weights, self.biases, self.activations, strict=True):
            a = act.fn(linalg.x_w(a, W) + b)
        return a[0] if single else a

    # ----- loss and gradients -------------------------------------------------------------------

    def _targets(self, Y, n):
        Y = np.asarray(Y, dtype=self.dtype)
        if Y.shape != (n, self.sizes[-1]):
            if Y.size != n * self.sizes[-1]:
                raise ValueError(
                    f"expected targets of shape ({n}, {self.sizes[-1]}), got {Y.shape}"
                )
            Y = Y.reshape(n, self.sizes[-1])
        return Y

    def _penalty(self) -> float:
        if self._reg is None or self.reg_rate == 0.0:
            return 0.0
        return self.reg_rate * sum(self._reg.fn(W) for W in self.weights)

    def evaluate(self, X, Y) -> float:
        """Return the batch-mean loss on (X, Y), plus the weight penalty; no dropout."""
        trace = self.trace(X)
        Y = self._targets(Y, trace.zs[-1].shape[0])
        with np.errstate(all="ignore"):
            if self._fused is not None:
                loss = self._fused.value(trace.zs[-1], Y)
            else:
                loss = self._loss.fn(trace.activations[-1], Y)
        return float(loss) + self._penalty()

    def _scratch_for(self, n: int) -> _Scratch:
        if len(self._scratch) > 8:
            self._scratch.clear()
        sizes, L, dt = self.sizes[1:], len(self.weights), self.dtype
        s = _Scratch(
            zs=[np.empty((n, k), dt) for k in sizes],
            outs=[np.empty((n, k), dt) for k in sizes],
            deltas=[np.empty((n, k), dt) for k in sizes],
            inputs=[None] * L,
            masks=[None] * L,
        )
        self._scratch[n] = s
        return s

    def _backprop(self, X, Y, train: bool, scale: float = 1.0) -> float:
        """Fill the gradient views with ∂(scale·L)/∂Wˡ and ∂(scale·L)/∂bˡ for the batch (X, Y);
        return the loss L itself."""
        n = X.shape[0]
        s = self._scratch.get(n) or self._scratch_for(n)
        zs, outs, deltas, inputs, masks = s
        weights, biases, acts, last = self.weights, self.biases, self.activations, self.n_layers - 1
        drops = self._drops if train else None

        # feedforward through the hidden layers: zˡ = aˡ⁻¹ Wˡ + bˡ, aˡ = fˡ(zˡ)
        a = X
        for l in range(last):
            inputs[l] = a
            z = linalg.x_w(a, weights[l], out=zs[l])
            z += biases[l]
            a = outs[l] = acts[l].fn(z, outs[l])
            masks[l] = None
            if drops and drops[l]:
                masks[l] = dropout_mask(self._dropout_rng, a.shape, drops[l], self.dtype)
                a = a * masks[l]

        # output layer, loss, and output error δᴸ = ∂L/∂zᴸ: (a − y)·scale for the fused pairs,
        # otherwise ∂L/∂a pulled back through the activation
        inputs[last] = a
        z = linalg.x_w(a, weights[last], out=zs[last])
        z += biases[last]
        if self._fused is not None:
            a, loss = self._fused.forward(z, Y, outs[last])
            delta = self._fused.delta(a, Y, deltas[last], scale)
        else:
            a = outs[last] = acts[last].fn(z, outs[last])
            loss = self._loss.fn(a, Y)
            g = self._loss.der(a, Y)
            if scale != 1.0:
                g *= scale
            # the scratch keeps δᴸ (a fresh array here) so that backward() can read it
            delta = deltas[last] = acts[last].backward(z, a, g)

        # backward pass: ∂L/∂Wˡ = aˡ⁻¹ᵀ δˡ, ∂L/∂bˡ = Σₙ δˡ, δˡ⁻¹ = (δˡ Wˡᵀ) ⊙ f′(zˡ⁻¹)
        for l in range(last, -1, -1):
            linalg.xt_delta(inputs[l], delta, out=self._grad_w[l])
            np.add.reduce(delta, axis=0, out=self._grad_b[l])
            if l:
                g = linalg.delta_wt(delta, weights[l], out=deltas[l - 1])
                if masks[l - 1] is not None:
                    g *= masks[l - 1]
                delta = acts[l - 1].backward(zs[l - 1], outs[l - 1], g)

        if self._reg is not None and self.reg_rate:
            for gw, W in zip(self._grad_w, weights, strict=True):
                gw += (scale * self.reg_rate) * self._reg.der(W)
            loss += self._penalty()
        return float(loss)

    def gradients(self, X, Y):
        """Return (dW, db, loss): gradients of the batch-mean loss (+ penalty), no dropout.

        For sizes [2, 3, 1]: dW shapes [(2, 3), (3, 1)], db shapes [(3,), (1,)]; fresh arrays.
        """
        b = self.backward(X, Y)
        return b.grad_w, b.grad_b, b.loss

    def backward(self, X, Y, copy: bool = True) -> Backward:
        """Run the backward pass of ``step`` (no dropout, loss scale 1) on the batch (X, Y) and
        return fresh copies of everything it computed, as a Backward record.

        X (batch, sizes[0]) or one sample (sizes[0],); Y (batch, sizes[-1]) or anything of that
        size. engine.trace.backward_trace builds its public record from this.
        ``copy=False`` skips the copies: the arrays are then the network's working buffers,
        valid until its next forward or backward pass (for a caller that only reads them at
        once, e.g. a monitor measuring every frame).
        """
        X, _ = self._batch(X)
        Y = self._targets(Y, X.shape[0])
        with np.errstate(all="ignore"):
            loss = self._backprop(X, Y, train=False)
        s = self._scratch[X.shape[0]]
        if not copy:
            return Backward(list(s.inputs), list(s.zs), list(s.outs), list(s.deltas), list(self._grad_w),
                            list(self._grad_b), loss, self._penalty(), Y)
        return Backward(
            inputs=[a.copy() for a in s.inputs],
            zs=[z.copy() for z in s.zs],
            outs=[a.copy() for a in s.outs],
            deltas=[d.copy() for d in s.deltas],
            grad_w=[g.copy() for g in self._grad_w],
            grad_b=[g.copy() for g in self._grad_b],
            loss=loss,
            penalty=self._penalty(),
            targets=Y.copy(),
        )

    # ----- training -----------------------------------------------------------------------------

    def step(self, X, Y, optimizer) -> StepMetrics:
        """Take one optimiser step on the batch (X, Y) and return its StepMetrics.

        X (batch, sizes[0]), Y (batch, sizes[-1]). If the loss, a gradient, the optimiser state
        or a new parameter would be NaN or ±inf, nothing changes and the metrics say
        diverged=True with the reason. The backward pass computes the gradient of
        optimizer.grad_scale · L (SGD asks for lr · L, which saves it a pass over every parameter);
        the reported norms are those of ∂L/∂p.

        numpy may print a RuntimeWarning (overflow, invalid value) during a step that diverges;
        the metrics are what to show. (Silencing it with np.errstate would slow every numpy call
        in the step by about 3%.)
        """
        X = np.asarray(X, dtype=self.dtype)
        Y = np.asarray(Y, dtype=self.dtype)
        if X.ndim != 2 or Y.shape != (X.shape[0], self.sizes[-1]):
            X, _ = self._batch(X)
            Y = self._targets(Y, X.shape[0])
        lr, scale = optimizer.lr, optimizer.grad_scale
        loss, norms = math.nan, []
        try:
            loss = self._backprop(X, Y, True, scale)
            if not math.isfinite(loss):
                raise DivergenceError("the loss became NaN or infinite")
            sq = [sq_norm(g) for g in self._layer_grads]
            total = sum(sq)
            # With loss scaling these are already the updates lr · g, and so named.
            what = "a gradient" if scale == 1.0 else "an update (learning rate × gradient)"
            require_finite_norm(self._flat_grad, total, what)
            norms = [math.sqrt(x) / scale for x in sq]
            deltas, bounds = optimizer.propose(self._grad_list, [total])
            self._guard.apply(deltas[0], bounds[0])
        except DivergenceError as e:
            return StepMetrics(loss, norms, lr, optimizer.t, True, str(e))
        optimizer.commit()
        return StepMetrics(loss, norms, lr, optimizer.t)

    # ----- serialisation ------------------------------------------------------------------------

    def to_dict(self, optimizer=None) -> dict:
        """Return architecture, settings and weights (and optimiser state) as a JSON-safe dict."""
        from .serialize import to_dict

        return to_dict(self, optimizer)

    @classmethod
    def from_dict(cls, d: dict) -> Network:
        """Rebuild a network from to_dict() output (the optimiser: optimizer_from_dict)."""
        from .serialize import from_dict

        return from_dict(d)

    def to_numpy_script(self) -> str:
        """Return standalone Python source (numpy only) whose forward(x) reproduces this network."""
        from .serialize import to_numpy_script

        return to_numpy_script(self)
