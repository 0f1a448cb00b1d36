"""The panels beside and below the picture: the chain rule of the picked parameter, the
"All gradients" table, and the formula of the current step. Each fills fixed elements from
pure values (chain.Chain, model.Snapshot, steps.Said)."""

from __future__ import annotations

from nnviz.chapters.backprop.chain import MAX_PATHS_SHOWN, Chain
from nnviz.chapters.backprop.model import AGREE_ABS, Snapshot
from nnviz.chapters.backprop.text import factor, num
from nnviz.dom.bridge import ElementSet
from nnviz.dom.elements import clear, h, scroll_box
from nnviz.dom.writer import BatchWriter, Writer

TABLE_DIGITS = 8


class ChainPanel:
    """∂C/∂p = factor × factor × factor, with numbers; the pooling sum; the paths.

    Its list items are made once and reused (an update or a run changes only their numbers): a
    show writes the texts that changed (``Writer``) and hides the items it does not need.
    """

    def __init__(self):
        self.title = h("h3", {"class_": "bp-panel-title"})
        self.headline = h("p", {"class_": "bp-math"})
        self.factors = h("ul", {"class_": "bp-factors"})
        self.product = h("p", {"class_": "bp-math bp-product"})
        self.pooled_intro = h("p", {"class_": "bp-small"})
        self.pooled = h("p", {"class_": "bp-math"})
        self.paths_intro = h("p", {"class_": "bp-small"})
        self.paths = h("ul", {"class_": "bp-paths bp-math"})
        self.element = h("section", {"class_": "panel bp-chain", "id": "backprop-chain", "aria_live": "polite",
                                     "aria_labelledby": "backprop-chain-title"},
                         self.title, self.headline, self.factors, self.product, self.pooled_intro, self.pooled,
                         self.paths_intro, self.paths)
        self.title.id = "backprop-chain-title"
        self.out = Writer()
        self._factor_items: list[tuple] = []  # (li, symbol span, formula span, value strong)
        self._path_items: list = []  # <li>s of the paths list, in order

    def _factor_item(self, i: int) -> tuple:
        while len(self._factor_items) <= i:
            parts = (h("span", {"class_": "bp-sym"}), h("span", {}), h("strong", {}))
            li = h("li", {}, *parts)
            self.factors.append(li)
            self._factor_items.append((li, *parts))
        return self._factor_items[i]

    def _path_item(self, i: int):
        while len(self._path_items) <= i:
            li = h("li", {})
            self.paths.append(li)
            self._path_items.append(li)
        return self._path_items[i]

    def show(self, c: Chain, table_value: float) -> None:
        p, out = c.param, self.out
        out.text(self.title, f"The chain rule for {p.name}")
        out.text(self.headline, c.headline)
        for i, f in enumerate(c.factors):
            li, sym, formula, value = self._factor_item(i)
            out.show(li, True)
            out.text(sym, f.symbol)
            out.text(formula, f" = {f.formula} = ")
            out.text(value, num(f.value))
        for li, *_ in self._factor_items[len(c.factors):]:
            out.show(li, False)
        product = " × ".join(factor(f.value) for f in c.factors)
        out.text(self.product, f"∂C/∂{p.name} = {product} = {num(c.product)}   "
                               f"(the backward pass gave {num(table_value)})")
        hidden = bool(c.pooled)
        for el in (self.pooled_intro, self.pooled):
            out.show(el, hidden)
        for el in (self.paths_intro, self.paths):
            out.show(el, bool(c.paths))
        if hidden:
            out.text(self.pooled_intro,
                     "This neuron feeds every neuron of the next layer, so its share of the blame is pooled "
                     "from all of them: each one's error δ, weighted by the connection between them.")
            out.text(self.pooled, c.pooled)
        items: list[tuple[str, str]] = []  # (text, class) of each path item
        if c.paths:
            n = len(c.paths)
            out.text(self.paths_intro,
                     f"Unrolled to the outputs, that pooling is a sum over every path from this weight to the "
                     f"loss: {n} path{'s' if n != 1 else ''}, each the product of the slopes and weights along it.")
            for path in c.paths[:MAX_PATHS_SHOWN]:
                terms = " × ".join(factor(v, 4) for v in path.values)
                items.append((f"{path.label}: {terms} = {num(path.term)}", ""))
            if n > MAX_PATHS_SHOWN:
                items.append((f"… and {n - MAX_PATHS_SHOWN} more paths", "muted"))
            items.append((f"Sum over the {n} paths = {num(c.paths_total)} = ∂C/∂{p.name}", "bp-total"))
        for i, (text, cls) in enumerate(items):
            li = self._path_item(i)
            out.show(li, True)
            out.text(li, text)
            out.attr(li, "class", cls)
        for li in self._path_items[len(items):]:
            out.show(li, False)


class GradientTable:
    """One row per parameter in ``w`` order: value, ∂C/∂p, numerical check, value after update."""

    HEAD = ("Parameter", "Value", "∂C/∂(parameter), backward pass", "Numerical check (central difference)",
            "Value after the update")

    def __init__(self, scope):
        self.scope = scope
        self.summary = h("p", {"class_": "bp-agree", "id": "backprop-agree", "role": "status"})
        self.body = h("tbody", {})
        head = h("tr", {}, *[h("th", {"scope": "col"}, text) for text in self.HEAD])
        self.table = h("table", {"class_": "bp-table", "id": "backprop-table"},
                       h("caption", {}, "All gradients, in the order of the link's w list"), h("thead", {}, head),
                       self.body)
        self.element = h("section", {"class_": "panel bp-grads", "aria_labelledby": "backprop-grads-title"},
                         h("h3", {"class_": "bp-panel-title", "id": "backprop-grads-title"}, "All gradients"),
                         self.summary, scroll_box("Table: all gradients", self.table, css_class="bp-table-wrap"))
        self._rows: list = []
        self._cells: ElementSet | None = None  # every <td>, row by row: cell 4i + c is row i, column c
        self._texts: list[str] = []  # what each cell shows
        self._bad: set[int] = set()  # the rows marked as disagreeing

    def shape(self, names: list[str]) -> None:
        """Build one row per parameter (once per network shape)."""
        clear(self.body)
        self._rows = []
        for name in names:
            row = h("tr", {}, h("th", {"scope": "row"}, name), *[h("td", {}) for _ in range(4)])
            self.body.append(row)
            self._rows.append(row)
        if self._cells is not None:
            self._cells.drop()
        self._cells = self.scope.adopt(ElementSet.collect(self.body, "td"))
        self._texts = [""] * (4 * len(names))
        self._bad = set()

    def _fill(self, columns) -> None:
        """Write the cells whose text changed, in one bridge call; ``columns`` per row (4 values, None: "…")."""
        texts = ["…" if v is None else num(v, TABLE_DIGITS) for row in columns for v in row]
        old = self._texts
        at = [i for i, (t, o) in enumerate(zip(texts, old, strict=True)) if t != o]
        if at:
            self._cells.set_text_data_at(at, [texts[i] for i in at])
        self._texts = texts

    def show_pending(self, snap: Snapshot) -> None:
        """Fill every column but the numerical check (computed on the next frame)."""
        self._fill(zip(snap.w, snap.grad, [None] * len(snap.w), snap.after, strict=True))

    def show(self, snap: Snapshot) -> None:
        bad, worst = snap.agreement()
        self._fill(zip(snap.w, snap.grad, snap.numeric, snap.after, strict=True))
        bad = set(bad)
        for i in bad ^ self._bad:
            self._rows[i].classList.toggle("bp-disagree", i in bad)
        self._bad = bad
        n = len(snap.params)
        if not bad:
            self.summary.textContent = (
                f"The backward pass and the numerical check agree to 6 significant digits for all {n} parameters "
                f"(largest relative difference {num(worst, 2)}; gradients within {num(AGREE_ABS)} of zero count as "
                "agreeing). The check nudges each parameter by ±10⁻⁶ and measures how C changes: "
                "(C(p + ε) − C(p − ε)) / 2ε.")
            self.summary.classList.remove("bp-bad")
        else:
            names = ", ".join(snap.params[i].name for i in bad)
            self.summary.textContent = (
                f"{len(bad)} of {n} gradients do not agree with the numerical check to 6 significant digits: "
                f"{names} (marked). This happens where a ReLU sits exactly on its kink at z = 0, where the "
                "slope is not defined.")
            self.summary.classList.add("bp-bad")


class StepBox:
    """The current operation: where we are, its title, the formula and the formula with numbers.

    ``show`` queues the changed texts in ``out`` (a BatchWriter the chapter flushes with the
    picture's writes: a step is one bridge call)."""

    def __init__(self):
        self.where = h("p", {"class_": "bp-where", "id": "backprop-where"})
        self.title = h("p", {"class_": "bp-step-title", "id": "backprop-step-title"})
        self.symbolic = h("p", {"class_": "bp-math bp-symbolic", "id": "backprop-symbolic"})
        self.numeric = h("p", {"class_": "bp-math bp-numeric", "id": "backprop-numeric"})
        self.element = h("div", {"class_": "bp-stepbox", "aria_live": "polite", "id": "backprop-stepbox"},
                         self.where, self.title, self.symbolic, self.numeric)
        self.out = BatchWriter()

    def show(self, where: str, title: str, symbolic: str, numeric: str) -> None:
        for el, text in zip((self.where, self.title, self.symbolic, self.numeric), (where, title, symbolic, numeric),
                            strict=True):
            self.out.text(el, text)  # only a change reaches the page
