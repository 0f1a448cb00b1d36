"""What the picture shows after the operations done so far: plain strings and classes (pure).

    view = scene(snap, Progress(steps, 9), picked="edge-2-0-0")
    view.nodes[(2, 0)].a        # "0.7514" once a²₁ is computed, "" before
    view.params["edge-2-0-0"]   # ParamView(value="0.4", grad="", …)

Values are written with 4 significant digits (the exact ones are in the readout and the
table); a z, a, δ or ∂C/∂w appears only once the step that computes it has been done. The step
just done marks what it read ("reads") and what it wrote ("writes").
"""

from __future__ import annotations

from dataclasses import dataclass

from nnviz.chapters.backprop.model import Param, Snapshot
from nnviz.chapters.backprop.steps import Progress, touches
from nnviz.chapters.backprop.text import exact, node, num, sub

DIGITS = 4


@dataclass(frozen=True)
class NodeView:
    a: str  # "" while not computed
    z: str
    delta: str
    state: str  # "" / "reads" / "writes"


@dataclass(frozen=True)
class ParamView:
    value: str
    grad: str  # "" while not computed
    label: str  # accessible name
    width: float  # stroke width of an edge (by |w|)
    sign: str  # "pos" / "neg"
    state: str  # "" / "reads" / "writes"


@dataclass(frozen=True)
class View:
    nodes: dict  # (l, j) -> NodeView
    params: dict  # element id -> ParamView
    targets: tuple[str, ...]
    loss: str
    loss_state: str


def _state(eid: str, reads: set[str], writes: set[str]) -> str:
    return "writes" if eid in writes else "reads" if eid in reads else ""


def scene(snap: Snapshot, progress: Progress) -> View:
    """Return the View of ``snap`` with what ``progress`` has computed."""
    last = progress.last
    reads, writes = touches(last, snap.sizes) if last is not None and last.kind != "update" else (set(), set())
    nodes = {}
    for l, n in enumerate(snap.sizes):
        for j in range(n):
            if l == 0:
                a, z = f"{num(float(snap.a[0][j]), DIGITS)}", ""
            else:
                a = num(float(snap.a[l][j]), DIGITS) if (l, j) in progress.a else ""
                z = f"z {num(float(snap.z[l][j]), DIGITS)}" if (l, j) in progress.z else ""
            d = f"δ {num(float(snap.delta[l][j]), DIGITS)}" if l and l in progress.delta else ""
            nodes[(l, j)] = NodeView(a, z, d, _state(f"node-{l}-{j}", reads, writes))
    params = {}
    biggest = max((abs(v) for v in snap.w), default=1.0) or 1.0
    for p in snap.params:
        value = snap.w[p.index]
        shown = p.index in progress.grad
        grad = f"∂ {num(snap.grad[p.index], DIGITS)}" if shown else ""
        label = f"{p.name} = {num(value)}" + (f", ∂C/∂{p.name} = {num(snap.grad[p.index])}" if shown else "")
        params[p.element_id] = ParamView(
            value=("b " if p.is_bias else "") + num(value, DIGITS), grad=grad, label=f"{label}. Press Enter to change it.",
            width=0.8 + 3.2 * abs(value) / biggest, sign="neg" if value < 0 else "pos",
            state=_state(p.element_id, reads, writes))
    targets = tuple(f"y{sub(j + 1)} = {num(float(v), DIGITS)}" for j, v in enumerate(snap.y))
    loss = f"C = {num(snap.loss)}" if progress.loss else "C = ?"
    return View(nodes, params, targets, loss, _state("loss", reads, writes))


def describe_node(snap: Snapshot, progress: Progress, l: int, j: int) -> str:
    """The exact values of a neuron that are computed so far, for the readout under the picture."""
    if l == 0:
        return f"Input {node(0, j)} = x{sub(j + 1)} = {exact(float(snap.a[0][j]))}."
    parts = []
    if (l, j) in progress.z:
        parts.append(f"{node(l, j, 'z')} = {exact(float(snap.z[l][j]))}")
    if (l, j) in progress.a:
        parts.append(f"{node(l, j)} = {exact(float(snap.a[l][j]))}")
    if l in progress.delta:
        parts.append(f"{node(l, j, 'δ')} = {exact(float(snap.delta[l][j]))}")
    where = f"Neuron {j + 1} of layer {l}" + (" (an output)" if l == len(snap.sizes) - 1 else "")
    return f"{where}: " + ("; ".join(parts) + "." if parts else "nothing computed yet.")


def describe_param(snap: Snapshot, progress: Progress, p: Param) -> str:
    """The exact value of a weight or bias, and its gradient once computed."""
    if p.is_bias:
        what = f"{p.name}, the bias of neuron {p.j + 1} in layer {p.layer}"
    else:
        what = f"{p.name}, from {node(p.layer - 1, p.k)} into neuron {p.j + 1} of layer {p.layer}"
    grad = (f"; ∂C/∂{p.name} = {exact(snap.grad[p.index])}" if p.index in progress.grad
            else "; its gradient is not computed yet in this pass")
    return f"{what} = {exact(snap.w[p.index])}{grad}. Click it, or press Enter, to change it."
