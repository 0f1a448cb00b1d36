"""Backpropagation with numbers: the seed's formulas, filled in for one example and one neuron.

The example is whatever is on the canvas; the correct digit is chosen in a select ("as
predicted" by default); the neuron is the one selected in the network picture.
"""

from __future__ import annotations

import numpy as np

from nnviz.chapters.mnist.follow import Followed, Term
from nnviz.chapters.mnist.model import LAYER_NAMES
from nnviz.dom.elements import h
from nnviz.engine import ACTIVATIONS
from nnviz.kit.network_diagram import neuron_name

AS_PREDICTED = "predicted"
N_STEPS = 6


def _g(v: float) -> str:
    """Format a number with 4 significant digits: 0.1235, −0.0003, 6.31e-06, 12.35."""
    if v == 0:
        return "0"
    return f"{v:.3e}" if abs(v) < 1e-4 else f"{v:.4g}" if abs(v) < 1e4 else f"{v:.4e}"


def _n(v: float) -> str:
    """Format a number inside a formula: negative numbers in parentheses, as written by hand."""
    text = _g(v)
    return f"({text})" if v < 0 else text


def _output_error(f: Followed) -> tuple[list[str], str]:
    """Step 3 in two lines: the correct digit and the runner-up, then the size of the rest."""
    p, d = f.probabilities, f.output_delta
    others = [k for k in np.argsort(-p, kind="stable") if k != f.label]
    shown = [f.label, others[0]]
    first = "; ".join(f"δ{k} = {p[k]:.4f} − {1 if k == f.label else 0} = {_g(float(d[k]))}" for k in shown)
    rest = [k for k in range(10) if k not in shown]
    top = max(abs(float(d[k])) for k in rest)
    return [first], f"The other eight δ are between 0 and {_g(top)} (probabilities are never negative, so they are ≥ 0)."


def _source_name(layer: int, k: int) -> str:
    if layer == 1:
        r, c = divmod(k, 28)
        return f"pixel (row {r + 1}, column {c + 1})"
    return f"{LAYER_NAMES[layer - 1].lower()} neuron {k + 1}"


def _sum(terms: tuple[Term, ...], total_terms: int) -> str:
    shown = " + ".join(f"{_n(t.weight)}×{_n(t.value)}" for t in terms)
    rest = total_terms - len(terms)
    return f"{shown} + … ({rest} more terms)" if rest > 0 else shown


class BackpropPanel:
    """Six numbered steps, each a formula and the same formula with numbers."""

    def __init__(self, scope, on_label):
        self.label = h("select", {"id": "mnist-label"},
                       h("option", {"value": AS_PREDICTED}, "as predicted"),
                       *[h("option", {"value": str(d)}, str(d)) for d in range(10)])
        self.intro = h("p", {"class_": "mnist-bp-intro", "id": "mnist-bp-intro"})
        self.steps = h("ol", {"class_": "mnist-bp-steps", "id": "mnist-bp-steps", "hidden": True})
        self.titles, self.lines, self.notes = [], [], []
        for i in range(N_STEPS):
            title = h("h4", {}, f"Step {i + 1}")
            codes = [h("code", {"class_": "formula"}) for _ in range(2)]
            note = h("p", {"class_": "mnist-bp-note"})
            self.titles.append(title)
            self.lines.append(codes)
            self.notes.append(note)
            self.steps.append(h("li", {}, title, *codes, note))
        self.element = h(
            "section", {"class_": "panel mnist-backprop", "aria_labelledby": "mnist-bp-title"},
            h("h3", {"id": "mnist-bp-title"}, "Backpropagation with numbers"),
            h("div", {"class_": "mnist-bp-controls"},
              h("label", {"for": "mnist-label", "class_": "field-label"}, "Correct digit"), self.label),
            self.intro,
            self.steps,
        )
        scope.on(self.label, "change", lambda _e: on_label())

    def chosen_label(self, prediction: int) -> int:
        value = str(self.label.value)
        return prediction if value == AS_PREDICTED else int(value)

    def set_label(self, digit: int | None) -> None:
        self.label.value = AS_PREDICTED if digit is None else str(digit)

    def show_empty(self) -> None:
        self.intro.textContent = ("Draw a digit, or press “Show a test digit”, to see every number of one "
                                  "backpropagation step for it.")
        self.steps.hidden = True

    def update(self, f: Followed) -> None:
        name = neuron_name(LAYER_NAMES[f.layer], f.index)
        self.intro.textContent = (
            f"Example: the drawing on the canvas, correct digit y = {f.label}. Followed neuron: {name} "
            "(click another in the network picture). Numbers use the current weights and learning rate."
        )
        fn = ACTIVATIONS[f.activation]
        act = "softmax" if f.activation == "softmax" else fn.label
        src = _source_name(f.layer, f.source)
        steps = [
            ("Forward pass: z = Wx + b, a = f(z)",
             [f"z = {_sum(f.terms, f.fan_in)} + {_n(f.bias)} (the bias b) = {_g(f.z)}",
              f"a = {act}(z) = {_g(f.a)}" + (" (its share of the softmax)" if f.layer == 4 else "")]),
            ("Cost of this example: C = −log a⁽ᴸ⁾_y (cross-entropy)",
             [f"C = −log({_g(float(f.probabilities[f.label]))}) = {_g(f.cost)}"],
             "Near 0 when the correct digit gets a probability near 1; pick another correct digit above to see "
             "a large cost and large errors."),
            ("Output error: δ⁽ᴸ⁾ = a⁽ᴸ⁾ − y", *_output_error(f)),
        ]
        if f.layer < 4:
            nxt = LAYER_NAMES[f.layer + 1].lower()
            steps.append((
                "Hidden error: δ⁽ˡ⁾ = ((W⁽ˡ⁺¹⁾)ᵀ δ⁽ˡ⁺¹⁾) ⊙ f′(z⁽ˡ⁾)",
                [f"Σₖ wₖ δₖ over the {len(f.deltas[f.layer])} neurons of {nxt} = "
                 f"{_sum(f.back_terms, len(f.deltas[f.layer]))} = {_g(f.back_sum)}",
                 f"f′(z) = {f.fprime:g} ({fn.derivative}), so δ = {_n(f.back_sum)} × {f.fprime:g} = {_g(f.delta)}"],
                f"A silent {fn.label} passes no error back: for this example its weights do not change."
                if f.fprime == 0 else "",
            ))
        else:
            steps.append(("Hidden error: δ⁽ˡ⁾ = ((W⁽ˡ⁺¹⁾)ᵀ δ⁽ˡ⁺¹⁾) ⊙ f′(z⁽ˡ⁾)",
                          [f"δ{f.index} = {_g(f.delta)} (step 3)"],
                          "This neuron is in the output layer, so its error is step 3's. Select a hidden neuron to "
                          "see the error flow back."))
        steps += [
            ("Gradient: ∂C/∂w = a_in × δ, ∂C/∂b = δ",
             [f"For the weight from {src} (the largest term of z): ∂C/∂w = {_n(f.source_value)} × {_n(f.delta)} "
              f"= {_g(f.gradient)}", f"∂C/∂b = δ = {_g(f.delta)}"]),
            ("Update: w ← w − η ∂C/∂w",
             [f"w_new = {_n(f.weight)} − {f.lr:g} × {_n(f.gradient)} = {f.new_weight:.6g}",
              f"b_new = {_n(f.bias)} − {f.lr:g} × {_n(f.delta)} = {f.bias - f.lr * f.delta:.6g}"]),
        ]
        for step, title_el, codes, note_el in zip(steps, self.titles, self.lines, self.notes, strict=True):
            title, lines, note = step if len(step) == 3 else (*step, "")
            title_el.textContent = title
            for k, code in enumerate(codes):
                code.textContent = lines[k] if k < len(lines) else ""
                code.hidden = k >= len(lines)
            note_el.textContent = note
            note_el.hidden = not note
        self.steps.hidden = False
