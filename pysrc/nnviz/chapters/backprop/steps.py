"""The stepping model: one training iteration as a sequence of single operations.

    steps = plan((2, 2, 2), softmax=False)
    [s.label for s in steps[:3]]   # ['z¹₁', 'a¹₁', 'z¹₂']
    len(steps)                     # 8 forward + loss + 2 δ + 12 gradients + update = 24
    done = Progress(steps, 9)      # the first 9 operations are done: the forward pass and C
    say(steps[0], snap)            # Said(title, symbolic, numeric): the formula with its numbers

Order: each neuron's z then its a, layer by layer (a softmax output layer computes all its z
first, since each of its a reads them all); the loss C; then from the output backwards, each
layer's δ followed by the gradient of each of that layer's parameters (in ``w`` order); finally
the update of every parameter at once. Every number comes from a :class:`model.Snapshot`.
"""

from __future__ import annotations

from dataclasses import dataclass

from nnviz.chapters.backprop.model import Param, Snapshot, params_of
from nnviz.chapters.backprop.text import F_NAMES, factor, node, num, sub, sup, vector

FORWARD, BACKWARD, UPDATE = "forward", "backward", "update"


@dataclass(frozen=True)
class Step:
    """One operation: kind "z", "a" (layer, j), "loss", "delta" (layer), "grad" (param), "update"."""

    kind: str
    layer: int = 0
    j: int = 0
    param: Param | None = None

    @property
    def phase(self) -> str:
        if self.kind in ("z", "a", "loss"):
            return FORWARD
        return BACKWARD if self.kind in ("delta", "grad") else UPDATE

    @property
    def label(self) -> str:
        """A short name: "z¹₁", "C", "δ²", "∂C/∂w²₁₁", "update"."""
        if self.kind in ("z", "a"):
            return node(self.layer, self.j, self.kind)
        if self.kind == "delta":
            return f"δ{sup(self.layer)}"
        if self.kind == "grad":
            return f"∂C/∂{self.param.name}"
        return "C" if self.kind == "loss" else "update"


def plan(sizes, softmax: bool) -> list[Step]:
    """Return the operations of one iteration for layer sizes like (2, 2, 2)."""
    L = len(sizes) - 1
    out: list[Step] = []
    for l in range(1, L + 1):
        if softmax and l == L:
            out += [Step("z", l, j) for j in range(sizes[l])] + [Step("a", l, j) for j in range(sizes[l])]
        else:
            for j in range(sizes[l]):
                out += [Step("z", l, j), Step("a", l, j)]
    out.append(Step("loss"))
    params = params_of(sizes)
    for l in range(L, 0, -1):
        out.append(Step("delta", l))
        out += [Step("grad", l, p.j, p) for p in params if p.layer == l]
    out.append(Step("update"))
    return out


class Progress:
    """What the first ``done`` operations of ``steps`` have put on the picture."""

    def __init__(self, steps: list[Step], done: int):
        self.steps, self.done = steps, max(0, min(done, len(steps)))
        self.z: set[tuple[int, int]] = set()
        self.a: set[tuple[int, int]] = set()
        self.delta: set[int] = set()
        self.grad: set[int] = set()
        self.loss = False
        for s in steps[: self.done]:
            if s.kind == "z":
                self.z.add((s.layer, s.j))
            elif s.kind == "a":
                self.a.add((s.layer, s.j))
            elif s.kind == "delta":
                self.delta.add(s.layer)
            elif s.kind == "grad":
                self.grad.add(s.param.index)
            elif s.kind == "loss":
                self.loss = True

    @property
    def next(self) -> Step | None:
        """The operation the next step performs (None after the update)."""
        return self.steps[self.done] if self.done < len(self.steps) else None

    @property
    def last(self) -> Step | None:
        return self.steps[self.done - 1] if self.done else None


def touches(step: Step, sizes) -> tuple[set[str], set[str]]:
    """Return the SVG ids an operation reads and those it writes (ids as in model.Param and
    ``node-{layer}-{j}``; "loss" is the loss readout)."""
    L = len(sizes) - 1
    nodes = lambda l: {f"node-{l}-{j}" for j in range(sizes[l])}  # noqa: E731
    edges = lambda l, js: {f"edge-{l}-{j}-{k}" for j in js for k in range(sizes[l - 1])}  # noqa: E731
    if step.kind == "z":
        l, j = step.layer, step.j
        return nodes(l - 1) | edges(l, [j]) | {f"bias-{l}-{j}"}, {f"node-{l}-{j}"}
    if step.kind == "a":
        return ({f"node-{step.layer}-{step.j}"} | (nodes(L) if step.layer == L else set()),
                {f"node-{step.layer}-{step.j}"})
    if step.kind == "loss":
        return nodes(L), {"loss"}
    if step.kind == "delta":
        l = step.layer
        if l == L:
            return nodes(L) | {"loss"}, nodes(L)
        return nodes(l + 1) | edges(l + 1, range(sizes[l + 1])) | nodes(l), nodes(l)
    if step.kind == "grad":
        p = step.param
        reads = {f"node-{p.layer}-{p.j}"} | (set() if p.is_bias else {f"node-{p.layer - 1}-{p.k}"})
        return reads, {p.element_id}
    every = {p.element_id for p in params_of(sizes)}
    return every, every


@dataclass(frozen=True)
class Said:
    """What a step shows: a title in words, the formula in symbols, and with its numbers."""

    title: str
    symbolic: str
    numeric: str


def fname(snap: Snapshot) -> str:
    return F_NAMES[snap.state.f]


def say(step: Step, snap: Snapshot, new_loss: float | None = None) -> Said:
    """Return the formula of ``step`` with the numbers of ``snap`` substituted."""
    return _SAY[step.kind](step, snap, new_loss)


def _z(step: Step, snap: Snapshot, _new) -> Said:
    l, j = step.layer, step.j
    n_in = snap.sizes[l - 1]
    terms = [f"w{sup(l)}{sub(j + 1)}{sub(k + 1)}·{node(l - 1, k)}" for k in range(n_in)]
    values = [f"{factor(snap.weight(l, j, k))} × {factor(float(snap.a[l - 1][k]))}" for k in range(n_in)]
    z = float(snap.z[l][j])
    return Said(
        f"Forward: the weighted sum of neuron {j + 1} in layer {l}",
        f"{node(l, j, 'z')} = {' + '.join(terms)} + b{sup(l)}{sub(j + 1)}   (zˡ = Wˡaˡ⁻¹ + bˡ)",
        f"{node(l, j, 'z')} = {' + '.join(values)} + {factor(snap.bias(l, j))} = {num(z)}",
    )


def _a(step: Step, snap: Snapshot, _new) -> Said:
    l, j = step.layer, step.j
    a, z = float(snap.a[l][j]), float(snap.z[l][j])
    L = len(snap.sizes) - 1
    if snap.rule == "fused" and l == L:
        zs = snap.z[L]
        denominator = " + ".join(f"e^{factor(float(v), 4)}" for v in zs)
        return Said(
            f"Forward: the softmax output of neuron {j + 1}",
            f"{node(l, j)} = e^{node(l, j, 'z')} / Σᵢ e^z{sup(l)}ᵢ   (softmax)",
            f"{node(l, j)} = e^{factor(z, 4)} / ({denominator}) = {num(a)}",
        )
    f = fname(snap)
    return Said(
        f"Forward: the activation of neuron {j + 1} in layer {l}",
        f"{node(l, j)} = {f}({node(l, j, 'z')})   (aˡ = f(zˡ))",
        f"{node(l, j)} = {f}({num(z)}) = {num(a)}",
    )


def _loss(_step: Step, snap: Snapshot, _new) -> Said:
    L = len(snap.sizes) - 1
    a, y = snap.a[L], snap.y
    if snap.rule == "fused":
        terms = " + ".join(f"{num(float(yi), 4)} × log {num(float(ai))}" for ai, yi in zip(a, y, strict=True))
        return Said("The loss: cross-entropy of the softmax outputs against the targets",
                    "C = −Σᵢ yᵢ log aᵢ", f"C = −({terms}) = {num(snap.loss)}")
    terms = " + ".join(f"({num(float(yi))} − {num(float(ai))})²" for ai, yi in zip(a, y, strict=True))
    return Said("The loss: half the squared distance between outputs and targets",
                f"C = ½ Σᵢ (yᵢ − a{sup(L)}ᵢ)²", f"C = ½ [{terms}] = {num(snap.loss)}")


def _delta(step: Step, snap: Snapshot, _new) -> Said:
    l, L = step.layer, len(snap.sizes) - 1
    d = snap.delta[l]
    if l == L and snap.rule == "fused":
        parts = [f"{num(float(a))} − {num(float(y), 4)}" for a, y in zip(snap.a[L], snap.y, strict=True)]
        return Said("Backward: the output error (softmax and cross-entropy together)",
                    f"δ{sup(L)} = a{sup(L)} − y   (∇ₐC ⊙ f′ collapses to this for softmax + cross-entropy)",
                    f"δ{sup(L)} = ({', '.join(parts)}) = {vector(d)}")
    f = fname(snap)
    if l == L:
        return Said("Backward: the output error",
                    f"δ{sup(L)} = ∇ₐC ⊙ {f}′(z{sup(L)}),  ∇ₐC = a{sup(L)} − y",
                    f"δ{sup(L)} = {vector(snap.grad_out)} ⊙ {vector(snap.fprime[L])} = {vector(d)}")
    rows = []
    for j in range(snap.sizes[l]):
        pooled = " + ".join(f"{factor(snap.weight(l + 1, m, j))} × {factor(float(snap.delta[l + 1][m]))}"
                            for m in range(snap.sizes[l + 1]))
        rows.append(f"{node(l, j, 'δ')} = ({pooled}) × {factor(float(snap.fprime[l][j]))} = {num(float(d[j]))}")
    return Said(f"Backward: the error of layer {l}, pooled from layer {l + 1}",
                f"δ{sup(l)} = ((W{sup(l + 1)})ᵀ δ{sup(l + 1)}) ⊙ {f}′(z{sup(l)})", "\n".join(rows))


def _grad(step: Step, snap: Snapshot, _new) -> Said:
    p = step.param
    g = snap.grad[p.index]
    dj = float(snap.delta[p.layer][p.j])
    if p.is_bias:
        return Said(f"Backward: the gradient of the bias {p.name}", f"∂C/∂{p.name} = {node(p.layer, p.j, 'δ')}"
                    "   (∂C/∂bˡ = δˡ)", f"∂C/∂{p.name} = {num(g)}")
    a = float(snap.a[p.layer - 1][p.k])
    return Said(f"Backward: the gradient of the weight {p.name}",
                f"∂C/∂{p.name} = {node(p.layer, p.j, 'δ')} · {node(p.layer - 1, p.k)}   (∂C/∂Wˡ = δˡ (aˡ⁻¹)ᵀ)",
                f"∂C/∂{p.name} = {factor(dj)} × {factor(a)} = {num(g)}")


def _update(_step: Step, snap: Snapshot, new_loss) -> Said:
    first = snap.params[0] if len(snap.params) < 7 else snap.params[6]  # Mazur's w5 for 2,2,2
    i = first.index
    after = f"  The loss goes from {num(snap.loss)} to {num(new_loss)}." if new_loss is not None else ""
    return Said(f"Update: every one of the {len(snap.params)} parameters takes a step downhill",
                "w ← w − η ∂C/∂w,  b ← b − η ∂C/∂b",
                f"e.g. {first.name} ← {num(snap.w[i])} − {num(snap.lr)} × {factor(snap.grad[i])} "
                f"= {num(snap.after[i])}.{after}")


_SAY = {"z": _z, "a": _a, "loss": _loss, "delta": _delta, "grad": _grad, "update": _update}
