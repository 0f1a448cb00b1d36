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
from typing import NamedTuple

from nnviz.chapters.backprop.model import Param, Snapshot
from nnviz.chapters.backprop.steps import Progress, touches
from nnviz.chapters.backprop.text import exact, node, num, sub

DIGITS = 4


class NodeView(NamedTuple):  # tuples: a step builds one per neuron and parameter it changes
    a: str  # "" while not computed
    z: str
    delta: str
    state: str  # "" / "reads" / "writes"


class ParamView(NamedTuple):
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


@dataclass(frozen=True)
class _Static:
    """The strings of one snapshot, formatted once (each step only picks among them)."""

    a: dict  # (l, j) -> "0.5933"
    z: dict
    delta: dict
    value: dict  # element id -> "0.4" / "b 0.35"
    grad: dict
    label: dict  # element id -> (name without gradient, with it)
    width: dict
    sign: dict
    targets: tuple[str, ...]
    loss: str


def _static(snap: Snapshot) -> _Static:
    cached = snap.__dict__.get("_scene_static")
    if cached is not None:
        return cached
    a, z, delta = {}, {}, {}
    for l, n in enumerate(snap.sizes):
        for j in range(n):
            a[(l, j)] = num(float(snap.a[l][j]), DIGITS)
            if l:
                z[(l, j)] = f"z {num(float(snap.z[l][j]), DIGITS)}"
                delta[(l, j)] = f"δ {num(float(snap.delta[l][j]), DIGITS)}"
    value, grad, label, width, sign = {}, {}, {}, {}, {}
    biggest = max((abs(v) for v in snap.w), default=1.0) or 1.0
    for p in snap.params:
        eid, v, g = p.element_id, snap.w[p.index], snap.grad[p.index]
        # the picture's text must be part of the accessible name (WCAG 2.5.3): a bias shows its
        # value alone, in its own box, and its name says "b…"
        value[eid] = num(v, DIGITS)
        grad[eid] = f"∂ {num(g, DIGITS)}"
        plain = f"{p.name} = {num(v)}"
        tail = ". Press Enter to change it."
        label[eid] = (plain + tail, f"{plain}, ∂C/∂{p.name} = {num(g)}{tail}")
        width[eid] = 0.8 + 3.2 * abs(v) / biggest
        sign[eid] = "neg" if v < 0 else "pos"
    targets = tuple(f"y{sub(j + 1)} = {num(float(v), DIGITS)}" for j, v in enumerate(snap.y))
    made = _Static(a, z, delta, value, grad, label, width, sign, targets, f"C = {num(snap.loss)}")
    snap.__dict__["_scene_static"] = made
    return made


def changed_ids(steps, done: int, sizes) -> set[str] | None:
    """Return the ids whose view can differ between ``done`` and ``done + 1`` operations of
    ``steps`` (what either one's last operation touches: its highlight, its result), or None
    when that is everything (an update)."""
    ids: set[str] = set()
    for step in steps[max(0, done - 1):done + 1]:
        if step.kind == "update":
            return None
        reads, writes = touches(step, sizes)
        ids |= reads | writes
    return ids


def scene(snap: Snapshot, progress: Progress, only: set[str] | None = None) -> View:
    """Return the View of ``snap`` with what ``progress`` has computed; with ``only`` (element
    ids as in steps.touches), only those neurons and parameters (a step redraws what it changed)."""
    st = _static(snap)
    last = progress.last
    reads, writes = touches(last, snap.sizes) if last is not None and last.kind != "update" else (set(), set())
    nodes = {}
    for (l, j), a in st.a.items():
        nid = f"node-{l}-{j}"
        if only is not None and nid not in only:
            continue
        state = _state(nid, reads, writes)
        if l == 0:
            nodes[(l, j)] = NodeView(a, "", "", state)
            continue
        nodes[(l, j)] = NodeView(a if (l, j) in progress.a else "", st.z[(l, j)] if (l, j) in progress.z else "",
                                 st.delta[(l, j)] if l in progress.delta else "", state)
    params = {}
    for p in snap.params if only is None else [p for p in snap.params if p.element_id in only]:
        eid, shown = p.element_id, p.index in progress.grad
        params[eid] = ParamView(st.value[eid], st.grad[eid] if shown else "", st.label[eid][shown], st.width[eid],
                                st.sign[eid], _state(eid, reads, writes))
    return View(nodes, params, st.targets, st.loss if progress.loss else "C = ?", _state("loss", reads, writes))


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
