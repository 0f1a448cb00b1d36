"""The network picture: neurons with a, z and δ, edges with w and ∂C/∂w, biases, targets, loss.

    pic = Picture("backprop-svg")
    pic.draw(layout((2, 2, 2)))            # once per shape: creates every element
    pic.show(view)                         # every render: texts, classes, stroke widths, queued
    flush([pic.out])                       # ... and sent to the page in one bridge call

Every parameter (edge or bias) is a focusable <g class="param"> with the id of model.Param
(``edge-2-0-1``, ``bias-1-0``); exactly one is in the tab order (a roving tabindex, moved by the
chapter). Only what changed since the last ``show`` is written to the page, and all of it in
one bridge call (``out`` is a dom.writer.BatchWriter: an update rewrites some 500 texts and
attributes of the 4-4-4-4-4 network, ~10 ms as one call each in Pyodide).
"""

from __future__ import annotations

from nnviz.chapters.backprop.layout import RADIUS, Layout
from nnviz.chapters.backprop.scene import View
from nnviz.dom.elements import clear, s, set_attrs
from nnviz.dom.writer import BatchWriter


class Picture:
    """An <svg> holding the network; ``draw`` builds it, ``show`` updates it."""

    def __init__(self, svg_id: str):
        self.svg = s("svg", {"id": svg_id, "class_": "bp-net", "role": "group",
                             "aria_label": "The network: neurons with their values, weights and biases"})
        self._el: dict = {}
        self.out = BatchWriter()  # the writes of show, until the caller flushes them
        self._shown: dict = {}
        self.layout: Layout | None = None
        self.picked_id = ""  # the parameter marked picked by the last show

    # ----- building -----------------------------------------------------------------------
    def draw(self, lay: Layout, param_ids: list[tuple[str, str]]) -> None:
        """Create every element for ``lay``; ``param_ids`` are (id, name) in ``w`` order."""
        clear(self.svg)
        self._el, self.out, self.layout = {}, BatchWriter(), lay
        self._shown = {}  # (l, j) -> NodeView, element id -> (ParamView, mark): what the page shows
        set_attrs(self.svg, viewBox=f"0 0 {lay.width:.0f} {lay.height:.0f}")
        lines, labels, nodes = s("g", {"class_": "bp-lines"}), s("g", {"class_": "bp-labels"}), s("g", {})
        for g in (lines, nodes, labels):
            self.svg.append(g)
        names = dict(param_ids)
        for (l, j, k), (lx, ly) in lay.edge_label.items():
            pid = f"edge-{l}-{j}-{k}"
            (x0, y0), (x1, y1) = lay.nodes[(l - 1, k)], lay.nodes[(l, j)]
            line = s("line", {"class_": "bp-edge", "x1": f"{x0 + RADIUS:.1f}", "y1": f"{y0:.1f}",
                              "x2": f"{x1 - RADIUS:.1f}", "y2": f"{y1:.1f}"})
            hit = s("line", {"class_": "bp-hit", "x1": f"{x0 + RADIUS:.1f}", "y1": f"{y0:.1f}",
                             "x2": f"{x1 - RADIUS:.1f}", "y2": f"{y1:.1f}"})
            w_text = s("text", {"class_": "bp-w", "x": f"{lx:.1f}", "y": f"{ly - 3:.1f}", "aria_hidden": "true"})
            g_text = s("text", {"class_": "bp-g", "x": f"{lx:.1f}", "y": f"{ly + 11:.1f}", "aria_hidden": "true"})
            group = s("g", {"class_": "param edge", "id": pid, "tabindex": "-1", "role": "button",
                            "data_name": names[pid]}, hit, w_text, g_text)
            # the visible lines go under the neurons; the focusable part (a wide transparent line
            # that lights up on focus, and the labels) over every line
            lines.append(line)
            labels.append(group)
            self._el[pid] = (group, line, w_text, g_text)
        for (l, j), (x, y) in lay.nodes.items():
            nid = f"node-{l}-{j}"
            circle = s("circle", {"class_": "bp-node", "cx": f"{x:.1f}", "cy": f"{y:.1f}", "r": f"{RADIUS:.0f}"})
            a = s("text", {"class_": "bp-a", "x": f"{x:.1f}", "y": f"{y + 4:.1f}"})
            z = s("text", {"class_": "bp-z", "x": f"{x:.1f}", "y": f"{y + RADIUS + 15:.1f}"})
            d = s("text", {"class_": "bp-d", "x": f"{x:.1f}", "y": f"{y - RADIUS - 8:.1f}"})
            group = s("g", {"class_": "neuron", "id": nid}, circle, a, z, d)
            nodes.append(group)
            self._el[nid] = (group, a, z, d)
        for (l, j), (x, y) in lay.bias.items():
            pid = f"bias-{l}-{j}"
            box = s("rect", {"class_": "bp-bias-box", "x": f"{x - 34:.1f}", "y": f"{y - 13:.1f}", "width": "68",
                             "height": "30", "rx": "6"})
            value = s("text", {"class_": "bp-w", "x": f"{x:.1f}", "y": f"{y - 1:.1f}", "aria_hidden": "true"})
            grad = s("text", {"class_": "bp-g", "x": f"{x:.1f}", "y": f"{y + 12:.1f}", "aria_hidden": "true"})
            group = s("g", {"class_": "param bias", "id": pid, "tabindex": "-1", "role": "button",
                            "data_name": names[pid]}, box, value, grad)
            labels.append(group)
            self._el[pid] = (group, None, value, grad)
        last = len(lay.sizes) - 1
        self._targets = []
        for j in range(lay.sizes[last]):
            x, y = lay.nodes[(last, j)]
            t = s("text", {"class_": "bp-y", "x": f"{x + RADIUS + 10:.1f}", "y": f"{y + 4:.1f}"})
            labels.append(t)
            self._targets.append(t)
        self.loss = s("text", {"class_": "bp-loss", "id": "backprop-cost", "x": f"{lay.loss[0]:.1f}",
                               "y": f"{lay.loss[1]:.1f}"})
        labels.append(self.loss)
        first = param_ids[0][0] if param_ids else None
        if first:
            self._el[first][0].setAttribute("tabindex", "0")

    # ----- updating -----------------------------------------------------------------------
    def show(self, view: View, picked: str = "") -> None:
        """Queue in ``out`` what brings every text and class to ``view``, ``picked`` marked (only
        the changes; the caller flushes ``out``).

        ``view`` may hold only some neurons and parameters (scene's ``only``): the rest stay as
        they are, so it must include the previously picked parameter (``picked_id``) and the new one.
        """
        shown, text, attr = self._shown, self.out.text, self.out.attr
        self.picked_id = picked
        for (l, j), nv in view.nodes.items():
            if shown.get((l, j)) == nv:  # a step changes a few neurons and parameters: skip the rest
                continue
            shown[(l, j)] = nv
            group, a, z, d = self._el[f"node-{l}-{j}"]
            text(a, nv.a)
            text(z, nv.z)
            text(d, nv.delta)
            attr(group, "class", f"neuron {nv.state}".strip() + (" done" if nv.a else ""))
        for pid, pv in view.params.items():
            mark = " picked" if pid == picked else ""
            if shown.get(pid) == (pv, mark):
                continue
            shown[pid] = (pv, mark)
            group, line, w_text, g_text = self._el[pid]
            text(w_text, pv.value)
            text(g_text, pv.grad)
            attr(group, "aria-label", pv.label)
            kind = "edge" if line is not None else "bias"
            attr(group, "class", f"param {kind} {pv.sign} {pv.state}".strip() + mark)
            if line is not None:
                attr(line, "stroke-width", f"{pv.width:.2f}")
                attr(line, "class", f"bp-edge {pv.sign} {pv.state}".strip())
        for j, t in enumerate(self._targets):
            text(t, view.targets[j])
        text(self.loss, view.loss)
        attr(self.loss, "class", f"bp-loss {view.loss_state}".strip())

    def element(self, pid: str):
        """The <g> of a parameter or neuron (for focus and the editor's position)."""
        return self._el[pid][0]
