"""Section 4: classification. The labelled houses, a two-output softmax network trained on them,
a live softmax calculator, and softmax's worked examples, all computed by the engine.

State: ``sm`` (the calculator's numbers) and ``train`` (classifier steps; a link replays them).
"""

from __future__ import annotations

from functools import partial

import numpy as np

from nnviz import urlstate
from nnviz.chapters.house.classifier import Classifier
from nnviz.chapters.house.data import LABELLED
from nnviz.chapters.house.single_neuron import dense_layout, signed
from nnviz.chapters.house.softmax import (
    EXAMPLES,
    breakdown,
    fmt_number,
    fmt_prob,
    fmt_value,
    parse_scores,
)
from nnviz.chapters.house.state import MAX_TRAIN_STEPS
from nnviz.chapters.house.ui.widgets import NeuronDiagram, part
from nnviz.dom.elements import clear, h, s, scroll_box, set_attrs
from nnviz.dom.legend import legend, swatch

TRAIN_BUTTONS = ((10, "Train 10 steps"), (100, "Train 100 steps"))
OVERFLOW = 709.78  # e^z overflows float64 above z ≈ ln(1.8 × 10³⁰⁸)


def _list(values) -> str:
    return ", ".join(fmt_number(v) for v in values)


class Classify:
    FIELDS = ("sm", "train", "house")
    KEYS: tuple[str, ...] = ()

    def __init__(self, chapter):
        self.chapter = chapter
        self.scope = chapter.scope
        self.clf = Classifier()

    # ----- building ---------------------------------------------------------------------------

    def build(self):
        self.element = part(
            "house-class", "Classification: good house or bad?",
            "Your friend labelled the same ten houses Good or Bad. A classifier gives one score per class; softmax turns "
            "the scores into probabilities that add up to 1.",
            h("div", {"class_": "class-layout"}, self._build_table(), self._build_network()),
            self._build_calculator(),
            self._build_examples(),
        )
        return self.element

    def _build_table(self):
        head = h("tr", {}, *[h("th", {"scope": "col"}, t) for t in
                             ("#", "Area (sq ft)", "Bathrooms", "Label", "P(Good)", "P(Bad)", "Model says")])
        body = h("tbody", {})
        self.prob_cells, self.says_cells, self.rows = [], [], []
        for i in range(len(LABELLED.labels)):
            area, baths = LABELLED.X[i]
            label = LABELLED.labels[i]
            pg, pb, says = h("td", {"class_": "num"}), h("td", {"class_": "num"}), h("td", {})
            row = h("tr", {"id": f"house-class-row-{i}", "data_index": i},
                    h("td", {}, str(i + 1)), h("td", {"class_": "num"}, f"{area:,.0f}"), h("td", {"class_": "num"}, f"{baths:.0f}"),
                    h("td", {}, h("span", {"class_": f"tag tag-{label.lower()}"}, label)), pg, pb, says)
            body.append(row)
            self.prob_cells.append((pg, pb))
            self.says_cells.append(says)
            self.rows.append(row)
        self.scope.on(body, "click", self._on_row)
        self.accuracy = h("p", {"class_": "class-score", "id": "house-class-score", "aria_live": "polite"})
        return scroll_box("Table: the labelled houses",
                 h("table", {"class_": "house-table class-table", "id": "house-class-table"},
                   h("caption", {}, "The labelled houses and the trained classifier's probabilities (click a row to follow it)"),
                   h("thead", {}, head), body),
                 self.accuracy, css_class="panel")

    def _build_network(self):
        # 640 wide: "P(Good) = 0.998" centred under its bar still fits at phone width (17 px text)
        lay = dense_layout(2, 2, width=640.0, x_in=130.0, x_out=340.0, pitch=80.0, prefix="house-class-")
        self.diagram = NeuronDiagram(self.scope, "house-class", lay, "Two inputs (standardised), two scores, softmax, two probabilities",
                                     ("Area", "Bathrooms"), ("", ""), out_symbols=("z₁", "z₂"))
        outputs = lay.node_xy[1]
        svg = self.diagram.svg
        top = float(outputs[:, 1].min()) - 34
        height = float(outputs[:, 1].max() - outputs[:, 1].min()) + 68
        svg.append(s("rect", {"class_": "softmax-box", "x": 386, "y": f"{top:.1f}", "width": 78, "height": f"{height:.1f}",
                              "rx": 8}))
        svg.append(s("text", {"class_": "softmax-label", "x": 425, "y": f"{top + height / 2 + 4:.1f}", "text_anchor": "middle"},
                      "softmax"))
        self.prob_bars, self.prob_texts = [], []
        for j, name in enumerate(LABELLED.classes):
            x, y = outputs[j]
            svg.append(s("line", {"class_": "net-arrow", "x1": f"{x + lay.radius:.1f}", "y1": f"{y:.1f}", "x2": 384, "y2": f"{y:.1f}"}))
            svg.append(s("line", {"class_": "net-arrow", "x1": 466, "y1": f"{y:.1f}", "x2": 480, "y2": f"{y:.1f}"}))
            svg.append(s("rect", {"class_": "prob-track", "x": 482, "y": f"{y - 8:.1f}", "width": 100, "height": 16, "rx": 3}))
            bar = s("rect", {"class_": f"prob-fill prob-{name.lower()}", "x": 482, "y": f"{y - 8:.1f}", "width": 0, "height": 16,
                             "rx": 3})
            svg.append(bar)
            text = s("text", {"class_": "prob-text", "x": 532, "y": f"{y + 26:.1f}", "text_anchor": "middle"})
            svg.append(text)
            self.prob_bars.append(bar)
            self.prob_texts.append(text)
        self.select = h("select", {"id": "house-class-pick", "class_": "house-select"},
                        *[h("option", {"value": i}, f"House {i + 1}: {a:,.0f} sq ft, {b:.0f} bathrooms ({lab})")
                          for i, ((a, b), lab) in enumerate(zip(LABELLED.X, LABELLED.labels, strict=True))])
        self.scope.on(self.select, "change", lambda _e: self._set_pick(int(self.select.value)))
        self.train_buttons = []
        row = h("div", {"class_": "btn-row", "role": "group", "aria_label": "Train the classifier",
                        "data_group": "classifier"})
        for k, name in TRAIN_BUTTONS:
            btn = h("button", {"type": "button", "class_": "btn btn-primary"}, name)
            self.scope.on(btn, "click", partial(self._on_train, k))
            row.append(btn)
            self.train_buttons.append(btn)
        reset = h("button", {"type": "button", "class_": "btn"}, "Reset classifier")
        self.scope.on(reset, "click", lambda _e: self._set_steps(0))
        row.append(reset)
        self.train_status = h("p", {"class_": "gd-status", "id": "house-class-status", "aria_live": "polite"})
        return h("figure", {"class_": "panel house-fig class-net"},
                 h("figcaption", {"class_": "fig-title"}, "The classifier: two scores, then softmax"),
                 svg,
                 legend("Classifier legend", swatch("positive weight", "line", "hk-pos"), swatch("negative weight", "line", "hk-neg"),
                        swatch("P(Good)", "bar", "hk-good"), swatch("P(Bad)", "bar", "hk-bad")),
                 h("label", {"for": "house-class-pick", "class_": "field-label"}, "House to push through the network"),
                 self.select, row, self.train_status)

    def _build_calculator(self):
        self.sm_field = h("input", {"type": "text", "id": "house-sm", "class_": "sm-field", "autocomplete": "off",
                                    "spellcheck": "false", "aria_describedby": "house-sm-help house-sm-msg"})
        self.sm_msg = h("p", {"id": "house-sm-msg", "class_": "field-msg", "aria_live": "polite"})
        self.sm_bars = h("div", {"class_": "sm-bars", "id": "house-sm-bars", "role": "list", "aria_label": "Probabilities"})
        self.sm_steps = scroll_box("Table: softmax step by step")
        self.sm_note = h("p", {"class_": "help", "id": "house-sm-note"})
        self.scope.on(self.sm_field, "input", lambda _e: self._on_scores())
        return h(
            "div", {"class_": "panel sm-calc", "id": "house-sm-calc"},
            h("h4", {}, "Softmax calculator"),
            h("label", {"for": "house-sm", "class_": "field-label"}, "Softmax inputs"),
            self.sm_field,
            h("p", {"id": "house-sm-help", "class_": "help"},
              "1 to 10 numbers separated by commas, each between −1,000,000 and 1,000,000 (try 10000, 10001)."),
            self.sm_msg, self.sm_bars, self.sm_note, self.sm_steps,
        )

    def _build_examples(self):
        body = h("tbody", {})
        for values in EXAMPLES:
            probs = breakdown(values).probs
            btn = h("button", {"type": "button", "class_": "btn btn-small", "aria_label": f"Try softmax of {_list(values)}"}, "Try")
            self.scope.on(btn, "click", partial(self._try_example, values))
            body.append(h("tr", {},
                          h("td", {}, h("code", {}, f"softmax([{_list(values)}])")),
                          h("td", {"class_": "sm-example-out", "data_p": ",".join(repr(float(p)) for p in probs)},
                            h("code", {}, "[" + ", ".join(fmt_prob(float(p)) for p in probs) + "]")),
                          h("td", {}, btn)))
        return scroll_box("Table: softmax examples",
                 h("table", {"class_": "house-table sm-examples", "id": "house-sm-examples"},
                   h("caption", {}, "Softmax of a few inputs, computed now by the engine (rounded to 2 decimals, 3 near 0 or 1)"),
                   h("thead", {}, h("tr", {}, h("th", {"scope": "col"}, "Input"), h("th", {"scope": "col"}, "Output"),
                                    h("th", {"scope": "col"}, h("span", {"class_": "visually-hidden"}, "Load it")))),
                   body), css_class="panel")

    # ----- events -----------------------------------------------------------------------------

    def _on_scores(self) -> None:
        try:
            values = parse_scores(str(self.sm_field.value))
        except urlstate.Invalid as exc:
            self.sm_msg.textContent = f"Not applied: {exc}"
            set_attrs(self.sm_field, aria_invalid="true")
            return
        self.sm_msg.textContent = ""
        set_attrs(self.sm_field, aria_invalid=None)
        self.chapter.set_state(sm=values)

    def _try_example(self, values, _event=None) -> None:
        self.sm_field.value = ", ".join(fmt_number(v) for v in values)
        self._on_scores()

    def _on_train(self, steps: int, _event=None) -> None:
        self._set_steps(min(MAX_TRAIN_STEPS, self.chapter.state.train + steps))

    def _set_steps(self, steps: int) -> None:
        self.chapter.set_state(train=steps)

    def sync(self, changed: frozenset[str]) -> None:
        """Bring the classifier to the state's step count (replaying from the seed if it went back)."""
        if "train" not in changed:
            return
        want = self.chapter.state.train
        if want < self.clf.steps:
            self.clf.reset()
        if want > self.clf.steps:
            self.clf.train(want - self.clf.steps)

    def _on_row(self, event) -> None:
        row = event.target.closest("tr[data-index]")
        if row is not None:
            self._set_pick(int(row.dataset.index))

    @property
    def pick(self) -> int:
        """The house pushed through the network: a row of the table (0-based; the URL's
        ``house`` counts from 1, as the table does)."""
        return self.chapter.state.house - 1

    def _set_pick(self, i: int) -> None:
        self.select.value = str(i)  # the control answers at once; the pictures on the next frame
        self.chapter.set_state(house=i + 1)

    # ----- drawing ----------------------------------------------------------------------------

    def render(self, dirty) -> None:
        if dirty.any("train", "house"):
            self._render_classifier()
        if dirty.any("sm"):
            self._render_calculator()

    def _render_classifier(self) -> None:
        clf = self.clf
        probs = clf.probabilities()
        says = clf.predicted()
        for i, ((pg, pb), cell, row) in enumerate(zip(self.prob_cells, self.says_cells, self.rows, strict=True)):
            pg.textContent, pb.textContent = fmt_prob(float(probs[i, 0])), fmt_prob(float(probs[i, 1]))
            right = says[i] == LABELLED.labels[i]
            cell.textContent = f"{says[i]} {'✓' if right else '✗'}"
            cell.className = "says right" if right else "says wrong"
            row.classList.toggle("picked", i == self.pick)
        self.accuracy.textContent = (f"After {clf.steps:,} training steps: {clf.accuracy() * 10:.0f} of 10 houses right, "
                                     f"cross-entropy {clf.loss():.4f}.")
        self.diagram.show_weights(clf.net.weights[0], clf.net.biases[0])
        i = self.pick
        self.select.value = str(i)
        z = clf.scores()[i]
        self.diagram.show_values([signed(float(v), 2) for v in clf.X[i]] + [""], [f"z = {signed(float(v), 2)}" for v in z])
        for j, (bar, text) in enumerate(zip(self.prob_bars, self.prob_texts, strict=True)):
            p = float(probs[i, j])
            set_attrs(bar, width=f"{100 * p:.1f}", data_p=repr(p))
            text.textContent = f"P({LABELLED.classes[j]}) = {fmt_prob(p)}"
        done = clf.steps >= MAX_TRAIN_STEPS
        for btn in self.train_buttons:
            btn.disabled = done
        if clf.diverged:
            self.train_status.textContent = f"Training stopped: {clf.diverged}. Press “Reset classifier”."
        elif done:
            self.train_status.textContent = f"{MAX_TRAIN_STEPS:,} steps: the limit here (the loss stopped changing long before)."
        else:
            self.train_status.textContent = ("Inputs are standardised: (value − mean) / standard deviation, so the two weights "
                                             "of each score are comparable. Learning rate 0.1.")

    def _render_calculator(self) -> None:
        values = self.chapter.state.sm
        if not self.sm_msg.textContent:
            try:
                same = parse_scores(str(self.sm_field.value)) == values
            except urlstate.Invalid:
                same = False
            if not same:
                self.sm_field.value = ", ".join(fmt_number(v) for v in values)
        bd = breakdown(values)
        clear(self.sm_bars)
        for k, (z, p) in enumerate(zip(bd.z, bd.probs, strict=True)):
            fill = h("span", {"class_": "sm-fill", "style": f"width: {100 * float(p):.2f}%"})
            self.sm_bars.append(h(
                "div", {"class_": "sm-bar", "role": "listitem", "id": f"house-sm-bar-{k}", "data_p": repr(float(p))},
                h("span", {"class_": "sm-z"}, f"z{_sub(k + 1)} = {fmt_number(float(z))}"),
                h("span", {"class_": "sm-track", "aria_hidden": "true"}, fill),
                h("span", {"class_": "sm-p"}, fmt_prob(float(p))),
            ))
        big = float(np.max(np.abs(bd.z)))
        self.sm_note.textContent = (
            f"e^{fmt_number(big)} is far beyond the largest float64 (about e^709.8), yet nothing overflows: softmax subtracts the "
            "largest input first, so every exponent is 0 or less." if big > OVERFLOW else
            "Softmax subtracts the largest input first (it does not change the answer), so every exponent is 0 or less."
        )
        rows = [("z", bd.z), ("z − max z", bd.shifted), ("e^(z − max z)", bd.exps), ("probability = e^(…) / sum", bd.probs)]
        table = h("table", {"class_": "house-table sm-steps", "id": "house-sm-steps"},
                  h("caption", {}, f"Step by step (sum of the exponentials = {fmt_value(bd.total)})"))
        for name, arr in rows:
            table.append(h("tr", {}, h("th", {"scope": "row"}, name), *[h("td", {}, fmt_value(float(v))) for v in arr]))
        clear(self.sm_steps)
        self.sm_steps.append(table)


def _sub(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))
