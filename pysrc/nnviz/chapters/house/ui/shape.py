"""Section 5: the shape explorer. "Features" and "Classes" counters redraw x → z → softmax → y.

The network part is the shared :class:`nnviz.dom.diagram.NetworkDiagram` (ids ``node-{l}-{i}``,
``edge-0-{i}-{j}``); the softmax band and the outputs y are drawn beside it.
"""

from __future__ import annotations

from nnviz.chapters.house.shapes import parameter_text, shape_layout
from nnviz.chapters.house.ui.widgets import counter, part
from nnviz.dom.bridge import ElementSet
from nnviz.dom.diagram import NetworkDiagram
from nnviz.dom.elements import clear, h, s, set_attrs


def _sub(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


class ShapeExplorer:
    FIELDS = ("features", "classes")
    KEYS: tuple[str, ...] = ()

    def __init__(self, chapter):
        self.chapter = chapter
        self.scope = chapter.scope

    def build(self):
        self.features = counter(self.scope, "features", "feature", lambda v: self.chapter.set_state(features=v))
        self.classes = counter(self.scope, "classes", "class", lambda v: self.chapter.set_state(classes=v))
        self.diagram = self.scope.adopt(NetworkDiagram("house-shape-svg", "Network diagram: inputs x wired to one score z per class, softmax, probabilities y",
                                                         node_role="img"))  # nothing to press here
        self.extra = s("g", {"class_": "shape-extra"})
        self.diagram.svg.append(self.extra)
        self.params = h("p", {"class_": "shape-params", "id": "house-shape-params", "aria_live": "polite"})
        self.element = part(
            "house-shape", "The shape of a classifier",
            "Choose how many features go in and how many classes come out: every feature is wired to every class score, "
            "and softmax turns the scores into one probability per class.",
            h("div", {"class_": "shape-layout"},
              h("div", {"class_": "panel shape-controls"},
                h("div", {"data_group": "shape"}, self.features.element, self.classes.element), self.params),
              h("figure", {"class_": "panel house-fig shape-fig"}, self.diagram.svg)),
        )
        return self.element

    def sync(self, changed: frozenset[str]) -> None:
        """Nothing to bring along: the picture is drawn from the counts."""

    def render(self, dirty) -> None:
        st = self.chapter.state
        f, k = st.features, st.classes
        self.features.show(f)
        self.classes.show(k)
        lay = shape_layout(f, k)
        self._names = [f"Inputs x₁…x{_sub(f)}" if f > 1 else "Input x₁", "Scores z"]
        self.diagram.draw(lay.net, self._names)
        set_attrs(self.diagram.svg, viewBox=f"0 0 {lay.width:.0f} {lay.height:.0f}")
        self._draw_extra(lay, k)
        self.params.textContent = parameter_text(f, k)

    def _draw_extra(self, lay, k: int) -> None:
        clear(self.extra)
        x, y, w, hgt = lay.box
        self.extra.append(s("rect", {"class_": "softmax-box", "x": f"{x:.1f}", "y": f"{y:.1f}", "width": f"{w:.1f}",
                                     "height": f"{hgt:.1f}", "rx": 8}))
        self.extra.append(s("text", {"class_": "softmax-label", "x": f"{x + w / 2:.1f}", "y": f"{y + hgt / 2 + 4:.1f}",
                                     "text_anchor": "middle"}, "softmax"))
        names = (self._names[0], self._names[1], "Probabilities y")
        xs = (lay.net.node_xy[0][0, 0], lay.net.node_xy[1][0, 0], lay.outputs[0, 0])
        for x, name, anchor in zip(xs, names, ("start", "middle", "middle"), strict=True):
            self.extra.append(s("text", {"class_": "layer-label", "x": f"{x - (lay.net.radius if anchor == 'start' else 0):.1f}",
                                         "y": "18", "text_anchor": anchor, "aria_hidden": "true"}, name))
        for lines in (lay.arrows_in, lay.arrows_out):
            arrows = ElementSet.create(self.extra, "line", len(lines), "net-arrow")
            for c, name in enumerate(("x1", "y1", "x2", "y2")):
                arrows.set_numbers(name, lines[:, c], 1)
            arrows.drop()
        r = lay.net.radius
        outputs = ElementSet.create(self.extra, "circle", k, "out-node", [f"house-shape-y-{j}" for j in range(k)])
        outputs.set_numbers("cx", lay.outputs[:, 0], 1)
        outputs.set_numbers("cy", lay.outputs[:, 1], 1)
        outputs.set_all("r", f"{r:.1f}")
        outputs.drop()  # drawn once: the handle is not needed after this render
        labels = ElementSet.create(self.extra, "text", k, "out-label")
        labels.set_numbers("x", lay.outputs[:, 0] + r + 6, 1)
        labels.set_numbers("y", lay.outputs[:, 1] + 4, 1)
        labels.set_text([f"y{_sub(j + 1)}" for j in range(k)])
        labels.drop()
