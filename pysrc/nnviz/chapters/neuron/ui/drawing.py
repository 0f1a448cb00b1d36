"""The neuron drawn: inputs → weighted edges → Σ → f → a, with the live numbers on it.

Edge colour is the weight's sign (app.css --pos red solid, --neg blue dashed: told apart
without colour too), edge width grows with |w|; each edge carries its weight, Σ carries z and
the output node a.
"""

from __future__ import annotations

from nnviz.chapters.neuron import plot, text
from nnviz.chapters.neuron.maths import Result
from nnviz.chapters.neuron.state import LABEL, State
from nnviz.dom.elements import h, s
from nnviz.dom.writer import BatchWriter
from nnviz.kit.numbers import fmt

W, H = 500, 250
SUM, F, OUT = (270, 125), (375, 125), (462, 125)
INPUTS = ((62, 60), (62, 190))


class NeuronDrawing:
    """The SVG diagram; :meth:`update` writes only what changed."""

    def __init__(self):
        self.w = BatchWriter()
        self.svg = s("svg", {"viewBox": f"0 0 {W} {H}", "class_": "neuron-svg", "id": "neuron-svg", "role": "img",
                             "aria_labelledby": "neuron-svg-desc"})
        self.desc = s("desc", {"id": "neuron-svg-desc"})
        self.svg.append(self.desc, s("defs", {}, s("marker", {"id": "neuron-arrow", "viewBox": "0 0 10 10", "refX": 9, "refY": 5,
                                                                "markerWidth": 7, "markerHeight": 7, "orient": "auto-start-reverse"},
                                                      s("path", {"d": "M0,0 L10,5 L0,10 z", "class_": "neuron-arrowhead"}))))
        self.edges, self.weights, self.inputs = [], [], []
        for i, (x, y) in enumerate(INPUTS):
            edge = s("line", {"class_": "neuron-edge", "x1": x + 26, "y1": y, "x2": SUM[0] - 36, "y2": SUM[1] + (i * 2 - 1) * 14})
            # the label sits 40 % along the edge, away from z's label under Σ
            mx, my = x + 26 + 0.4 * (SUM[0] - 36 - x - 26), y + 0.4 * (SUM[1] + (i * 2 - 1) * 14 - y)
            label = s("text", {"class_": "neuron-weight", "x": mx, "y": my + (-10 if i == 0 else 22), "text_anchor": "middle"})
            self.svg.append(edge, label)
            self.edges.append(edge)
            self.weights.append(label)
        for i, (x, y) in enumerate(INPUTS):
            value = s("text", {"class_": "neuron-node-value", "x": x, "y": y + 5, "text_anchor": "middle"})
            self.svg.append(s("circle", {"class_": "neuron-node neuron-input", "cx": x, "cy": y, "r": 26}),
                            s("text", {"class_": "neuron-node-name", "x": x - 34, "y": y + 5, "text_anchor": "end"}, f"x{'₁₂'[i]}"),
                            value)
            self.inputs.append(value)
        # the bias comes in from above
        self.bias = s("text", {"class_": "neuron-weight", "x": SUM[0] + 10, "y": 22})
        self.svg.append(s("line", {"class_": "neuron-bias-edge", "x1": SUM[0], "y1": 30, "x2": SUM[0], "y2": SUM[1] - 38,
                                   "marker_end": "url(#neuron-arrow)"}), self.bias)
        self.z = s("text", {"class_": "neuron-node-value", "x": SUM[0], "y": SUM[1] + 58, "text_anchor": "middle"})
        self.svg.append(s("circle", {"class_": "neuron-node neuron-sum", "cx": SUM[0], "cy": SUM[1], "r": 34}),
                        s("text", {"class_": "neuron-symbol", "x": SUM[0], "y": SUM[1] + 10, "text_anchor": "middle"}, "Σ"),
                        self.z)
        self.svg.append(s("line", {"class_": "neuron-flow", "x1": SUM[0] + 34, "y1": SUM[1], "x2": F[0] - 44, "y2": F[1],
                                   "marker_end": "url(#neuron-arrow)"}))
        self.f = s("text", {"class_": "neuron-f", "x": F[0], "y": F[1] + 5, "text_anchor": "middle"})
        self.svg.append(s("rect", {"class_": "neuron-node neuron-fbox", "x": F[0] - 42, "y": F[1] - 22, "width": 84, "height": 44, "rx": 8}),
                        self.f)
        self.svg.append(s("line", {"class_": "neuron-flow", "x1": F[0] + 42, "y1": F[1], "x2": OUT[0] - 30, "y2": OUT[1],
                                   "marker_end": "url(#neuron-arrow)"}))
        self.a = s("text", {"class_": "neuron-node-value", "x": OUT[0], "y": OUT[1] + 5, "text_anchor": "middle"})
        self.a_name = s("text", {"class_": "neuron-node-name", "x": OUT[0], "y": OUT[1] - 36, "text_anchor": "middle"}, "a")
        self.svg.append(s("circle", {"class_": "neuron-node neuron-out", "cx": OUT[0], "cy": OUT[1], "r": 28}), self.a, self.a_name)
        self.softmax_note = s("text", {"class_": "neuron-softmax-note", "x": W - 8, "y": H - 8, "text_anchor": "end"})
        self.svg.append(self.softmax_note)
        self.legend = h("div", {"class_": "legend neuron-legend", "aria_label": "Edge legend"},
                        _key("pos", "positive weight (solid red)"), _key("neg", "negative weight (dashed blue)"),
                        h("span", {"class_": "legend-item"}, "line width = size of the weight"))
        self.element = h("figure", {"class_": "neuron-figure"}, self.svg, self.legend)

    def update(self, st: State, r: Result) -> None:
        w = self.w
        for i, (x, weight) in enumerate(((st.x1, st.w1), (st.x2, st.w2))):
            w.text(self.inputs[i], fmt(x, 2) if abs(x) < 100 else fmt(x, 0))
            sign = "pos" if weight > 0 else "neg" if weight < 0 else "zero"
            w.attr(self.edges[i], "class", f"neuron-edge neuron-edge-{sign}")
            w.attr(self.edges[i], "stroke-width", f"{plot.edge_width(weight):.2f}")
            w.text(self.weights[i], f"w{'₁₂'[i]} = {fmt(weight, 2)}")
        w.text(self.bias, f"b = {fmt(st.b, 2)}")
        w.text(self.z, f"z = {text.short(r.z)}")
        w.text(self.f, LABEL[st.f] if st.f != "silu" else "SiLU")
        w.text(self.a, text.short(r.a))
        w.text(self.a_name, "a₁" if st.f == "softmax" else "a")
        w.text(self.softmax_note, "softmax: output 1 of 3" if st.f == "softmax" else "")
        w.text(self.desc, f"A neuron: x₁ = {fmt(st.x1)} times w₁ = {fmt(st.w1)}, plus x₂ = {fmt(st.x2)} "
                          f"times w₂ = {fmt(st.w2)}, plus b = {fmt(st.b)}, gives z = {text.result(r.z)}; "
                          f"{LABEL[st.f]} turns it into a = {text.result(r.a)}.")


def _key(kind: str, label: str):
    sample = s("svg", {"width": 26, "height": 10, "aria_hidden": "true"},
               s("line", {"x1": 1, "y1": 5, "x2": 25, "y2": 5, "class_": f"neuron-edge neuron-edge-{kind}", "stroke_width": 3}))
    return h("span", {"class_": "legend-item"}, sample, label)
