"""The chapter's text panels: the current computation, the function's properties, softmax's
outputs and Jacobian, and the scoring of the output against a target.

Each panel builds its elements once and :meth:`update` fills them (through a
:class:`~nnviz.dom.writer.BatchWriter`: unchanged text is not written again, and
the chapter sends every change in one bridge call).
"""

from __future__ import annotations

from nnviz.chapters.neuron import text
from nnviz.chapters.neuron.maths import Result, Score
from nnviz.chapters.neuron.state import LABEL, State
from nnviz.dom.elements import h
from nnviz.dom.writer import BatchWriter


def exact(value: float) -> str:
    """Six significant digits, with a real minus sign: 0.229999… -> "0.23", −0.1398 -> "−0.139811"."""
    return f"{value + 0.0:.6g}".replace("-", "−")  # + 0.0 turns −0 into 0


class Computation:
    """"Current computation", in seed 002's form; carries data-z / data-a (full precision)."""

    def __init__(self):
        self.w = BatchWriter()
        self.sym_z = h("code", {"class_": "neuron-eq"}, "z = w₁×x₁ + w₂×x₂ + b")
        self.sym_a = h("code", {"class_": "neuron-eq"})
        self.num_z = h("code", {"class_": "neuron-eq", "id": "neuron-eq-z"})
        self.num_a = h("code", {"class_": "neuron-eq", "id": "neuron-eq-a"})
        self.more = h("p", {"class_": "neuron-more"})
        self.element = h("section", {"class_": "panel neuron-calc", "id": "neuron-calc", "aria_live": "polite",
                                     "aria_label": "Current computation"},
                         h("h3", {}, "Current computation"),
                         h("p", {"class_": "neuron-calc-kind"}, "Symbolic:"), self.sym_z, self.sym_a,
                         h("p", {"class_": "neuron-calc-kind"}, "Numerical:"), self.num_z, self.num_a, self.more)

    def update(self, st: State, r: Result) -> None:
        w = self.w
        w.attr(self.element, "data-z", repr(r.z))
        w.attr(self.element, "data-a", repr(r.a))
        w.attr(self.element, "data-f", st.f)
        soft = st.f == "softmax"
        w.text(self.sym_a, "a₁ = softmax(z, z₂, z₃)₁ = e^z / (e^z + e^z₂ + e^z₃)" if soft else "a = f(z)")
        w.text(self.num_z, text.equation_z(st.x1, st.x2, st.w1, st.w2, st.b, r.z))
        w.text(self.num_a, text.equation_a(st.f, r.z, r.a, (st.l2, st.l3)))
        slope = "∂a₁/∂z" if soft else "slope f′(z)"
        w.text(self.more, f"More digits: z = {exact(r.z)}, a = {exact(r.a)}, {slope} = {exact(r.slope)}.")


class PropertiesPanel:
    """Formula, range, derivative, strengths, problems and the behaviour at z = 0."""

    def __init__(self):
        self.w = BatchWriter()
        self.title = h("h3", {"id": "neuron-props-title"})
        self.formula, self.range, self.derivative = h("dd", {}), h("dd", {}), h("dd", {})
        self.strengths, self.problems = h("ul", {"class_": "neuron-good"}), h("ul", {"class_": "neuron-bad"})
        self.at_zero = h("p", {"class_": "neuron-at-zero"})
        self.element = h("section", {"class_": "panel neuron-props", "aria_labelledby": "neuron-props-title",
                                     "id": "neuron-props"},
                         self.title,
                         h("dl", {"class_": "neuron-facts"}, h("dt", {}, "Formula"), self.formula, h("dt", {}, "Output range"),
                           self.range, h("dt", {}, "Derivative"), self.derivative),
                         h("h4", {}, "Strengths"), self.strengths, h("h4", {}, "Problems"), self.problems, self.at_zero)
        self._shown = None

    def update(self, st: State) -> None:
        if self._shown == (st.f, st.alpha):
            return
        self._shown = (st.f, st.alpha)
        p = text.properties(st.f, st.alpha)
        self.title.textContent = f"Function properties: {p.label}"
        self.formula.textContent, self.range.textContent, self.derivative.textContent = p.formula, p.range, p.derivative
        self.strengths.replaceChildren(*[h("li", {}, t) for t in p.strengths])
        self.problems.replaceChildren(*[h("li", {}, t) for t in p.problems])
        self.at_zero.textContent = p.at_zero
        self.at_zero.hidden = not p.at_zero


class SoftmaxPanel:
    """In softmax mode: the three probabilities and the 3 × 3 Jacobian ∂aᵢ/∂zⱼ."""

    def __init__(self, l2_input, l3_input):
        self.w = BatchWriter()
        self.probs = h("p", {"class_": "neuron-probs", "id": "neuron-probs"})
        self.cells = [[h("td", {}) for _ in range(3)] for _ in range(3)]
        rows = [h("tr", {}, h("th", {"scope": "row"}, f"a{'₁₂₃'[i]}"), *self.cells[i]) for i in range(3)]
        table = h("table", {"class_": "neuron-jacobian", "id": "neuron-jacobian"},
                  h("caption", {}, "Softmax's Jacobian ∂aᵢ/∂zⱼ = aᵢ(δᵢⱼ − aⱼ)"),
                  h("thead", {}, h("tr", {}, h("td", {}), *[h("th", {"scope": "col"}, f"z{'₁₂₃'[j]}") for j in range(3)])),
                  h("tbody", {}, *rows))
        self.element = h("div", {"class_": "neuron-softmax", "id": "neuron-softmax"},
                         h("p", {}, "Softmax acts on a vector, not on one number. Here the neuron is output 1 of three "
                                    "output neurons: its z is the first logit, and the other two neurons' logits are set below."),
                         l2_input.element, l3_input.element, self.probs, table)

    def update(self, r: Result) -> None:
        if r.probs is None:
            return
        p = r.probs
        self.w.text(self.probs, f"Outputs: a₁ = {text.num(p[0])} (this neuron), a₂ = {text.num(p[1])}, a₃ = {text.num(p[2])}; "
                                f"they add up to {text.num(sum(p))}.")
        for i in range(3):
            for j in range(3):
                self.w.text(self.cells[i][j], text.num(float(r.jacobian[i, j])))


class Scoring:
    """Squared error and binary cross-entropy of the output, with their slopes with respect to z."""

    def __init__(self, y_input):
        self.w = BatchWriter()
        self.se, self.se_dz = h("td", {"id": "neuron-se"}), h("td", {"id": "neuron-se-dz"})
        self.bce, self.bce_dz = h("td", {"id": "neuron-bce"}), h("td", {"id": "neuron-bce-dz"})
        self.why = h("p", {"class_": "neuron-why", "id": "neuron-why"})
        table = h("table", {"class_": "neuron-scores"},
                  h("thead", {}, h("tr", {}, h("th", {"scope": "col"}, "Loss"), h("th", {"scope": "col"}, "Value"),
                                   h("th", {"scope": "col"}, "Slope ∂L/∂z"))),
                  h("tbody", {},
                    h("tr", {}, h("th", {"scope": "row"}, "Squared error", h("br", {}), h("code", {}, "L = (y − a)²")),
                      self.se, self.se_dz),
                    h("tr", {}, h("th", {"scope": "row"}, "Binary cross-entropy", h("br", {}),
                                  h("code", {}, "L = −[y ln a + (1 − y) ln(1 − a)]")), self.bce, self.bce_dz)))
        self.element = h("section", {"class_": "panel neuron-scoring", "data_group": "scoring", "aria_labelledby": "neuron-score-title"},
                         h("h3", {"id": "neuron-score-title"}, "Scoring one output"),
                         h("p", {"class_": "neuron-hint"}, "How wrong is a for the target y? The two losses of the "
                                                          "forward-propagation example, for a single output (n = 1)."),
                         y_input.element, table, self.why)

    def update(self, st: State, r: Result, sc: Score) -> None:
        w = self.w
        d = "∂a₁/∂z" if st.f == "softmax" else "f′(z)"
        w.text(self.se, text.num(sc.se))
        w.text(self.se_dz, f"2(a − y)·{d} = 2×{text.operand(round(r.a - st.y, 4))}×{text.num(r.slope)} = {text.num(sc.se_dz)}")
        if sc.bce is None:
            w.text(self.bce, "not defined")
            w.text(self.bce_dz, f"needs 0 < a < 1 (a = {text.num(r.a)} is not a probability)")
        elif st.f in ("sigmoid", "softmax"):
            w.text(self.bce, text.num(sc.bce))
            w.text(self.bce_dz, f"a − y = {text.num(sc.bce_dz)}")
        else:
            w.text(self.bce, text.num(sc.bce))
            w.text(self.bce_dz, f"(a − y)/(a(1 − a))·{d} = {text.num(sc.bce_dz)}")
        w.text(self.why, _why(st, r, sc))


def _why(st: State, r: Result, sc: Score) -> str:
    name = LABEL[st.f]
    if st.f in ("sigmoid", "softmax"):
        return (f"With {name}, the slope of a is a(1 − a) = {text.num(r.slope)}. In the cross-entropy it cancels against "
                "the 1/(a(1 − a)) that ln brings, which leaves the simple a − y: the neuron is pushed in proportion to "
                f"how wrong it is. The squared error keeps the factor: 2(a − y)·a(1 − a) = {text.num(sc.se_dz)}. When the "
                "neuron is saturated (a near 0 or 1) that factor is nearly 0, so a confidently wrong neuron learns "
                "almost nothing from the squared error: try b = −6 with y = 1.")
    if st.f == "step":
        return ("Step's slope is 0 wherever it exists, so both slopes are 0: whatever the target, gradient descent "
                "gets no signal from this neuron. That is why the perceptron had its own learning rule, and why "
                "trained networks use smooth functions.")
    if sc.bce is None:
        return (f"{name} can give outputs outside (0, 1), so a is not a probability and the cross-entropy is not "
                "defined here; the squared error works for any output. For a probability, use sigmoid (or softmax).")
    return (f"With {name}, a can lie outside (0, 1); here it happens to be inside, so the cross-entropy is defined. "
            "Its slope only simplifies to a − y for sigmoid and softmax: choose sigmoid to see that.")
