"""The neuron inspector: one neuron's incoming weights as an image, its activation, its statistics.

Layer 1 neurons read pixels, so their 784 incoming weights form a 28×28 image. Deeper neurons
read other neurons: their weights are shown as a small grid over the previous layer, and next to
it the pixel pattern they respond to around the current drawing (∂z/∂x; see mnist_model).
Pointing at either image gives the exact numbers under the pointer.
"""

from __future__ import annotations

import numpy as np

from nnviz.chapters.mnist import model as mm
from nnviz.chapters.mnist.images import symmetric_limit, weights_scale
from nnviz.dom.colorbar import ColorBar
from nnviz.dom.elements import h, set_attrs
from nnviz.dom.heatmap import Heatmap
from nnviz.dom.pointer import PointerFrame
from nnviz.kit.network_diagram import neuron_name

# How the incoming weights of a deeper neuron are laid out: previous layer size -> (cols, rows)
GRIDS = {128: (16, 8), 64: (8, 8), 32: (8, 4)}


STAT_TERMS = ("count", "mean", "std", "min", "max", "bias")


def _fmt(v: float) -> str:
    return f"{v:+.4f}" if v else "0"


def _describer(layer: int, w, x, prev: str):
    """Return (row, col) -> the hover text for the weight image of a neuron of ``layer``."""
    if layer == 1:
        def describe(r, c):
            k = r * 28 + c
            return (f"Pixel row {r + 1}, column {c + 1}: weight {_fmt(float(w[k]))}; your drawing there "
                    f"{float(x[k]):.2f}; contribution w·x = {_fmt(float(w[k] * x[k]))}")
        return describe
    cols = GRIDS.get(len(w), (len(w), 1))[0]

    def describe_unit(r, c):
        k = r * cols + c
        return (f"From {neuron_name(prev, k)}: weight {_fmt(float(w[k]))}; its activation {float(x[k]):.3f}; "
                f"contribution {_fmt(float(w[k] * x[k]))}")
    return describe_unit


class ImageFigure:
    """A small canvas drawn large (pixelated), a colour bar, and a hover readout."""

    def __init__(self, scope, fig_id: str, title: str, readout_help: str):
        self.map = Heatmap(title, element_id=fig_id, css_class="mnist-wimg")
        self.canvas = self.map.element
        set_attrs(self.canvas, tabindex="0", aria_describedby=f"{fig_id}-readout")
        self.title = h("figcaption", {"class_": "mnist-fig-title"}, title)
        self.bar = ColorBar(f"{fig_id}-cbar", "Weight (colour)", weights_scale(1.0), ticks=[0.0],
                            low_word="blue", high_word="red")
        self.readout = h("p", {"class_": "mnist-readout", "id": f"{fig_id}-readout", "aria_live": "polite"}, readout_help)
        self.help = readout_help
        self.element = h("figure", {"class_": "mnist-fig"}, self.title, self.canvas,
                         h("div", {"class_": "mnist-legend"}, self.bar.element), self.readout)
        self.shape = (28, 28)
        self.describe = None  # (row, col) -> str
        self.cursor = (14, 14)  # the cell the keyboard reads
        scope.on(self.canvas, "pointermove", self._on_pointer)
        scope.on(self.canvas, "pointerleave", lambda _e: self._set_readout(self.help))
        scope.on(self.canvas, "focus", lambda _e: self._read(*self.cursor))
        scope.on(self.canvas, "blur", lambda _e: self._set_readout(self.help))
        scope.on(self.canvas, "keydown", self._on_key)

    def show(self, values: np.ndarray, shape: tuple[int, int], describe, label: str) -> None:
        """Draw ``values`` (rows × cols after reshape) on the blue-red map, symmetric about zero."""
        rows, cols = shape
        self.canvas.style.aspectRatio = f"{cols} / {rows}"
        self.shape = shape
        scale = weights_scale(symmetric_limit(values))
        self.map.draw(np.asarray(values).reshape(rows, cols), scale)
        self.bar.set_scale(scale)
        self.describe = describe
        set_attrs(self.canvas, aria_label=label)

    def _on_pointer(self, event) -> None:
        if self.describe is None:
            return
        cell = PointerFrame.of(self.canvas).cell(event, *self.shape)
        if cell is not None:
            self._read(*cell)

    def _on_key(self, event) -> None:
        moves = {"ArrowUp": (-1, 0), "ArrowDown": (1, 0), "ArrowLeft": (0, -1), "ArrowRight": (0, 1)}
        key = str(event.key)
        if key not in moves:
            return
        event.preventDefault()
        rows, cols = self.shape
        dr, dc = moves[key]
        self._read(min(rows - 1, max(0, self.cursor[0] + dr)), min(cols - 1, max(0, self.cursor[1] + dc)))

    def _read(self, row: int, col: int) -> None:
        rows, cols = self.shape
        row, col = min(row, rows - 1), min(col, cols - 1)
        self.cursor = (row, col)
        if self.describe is not None:
            self._set_readout(self.describe(row, col))

    def _set_readout(self, text: str) -> None:
        self.readout.textContent = text


class Inspector:
    """The side panel that describes the selected neuron."""

    def __init__(self, scope):
        self.title = h("h3", {"id": "mnist-inspector-title"})
        self.note = h("p", {"class_": "mnist-note"})
        self.weights_fig = ImageFigure(scope, "mnist-weight-image", "Incoming weights",
                                       "Point at the image (or focus it and use the arrow keys) to read a weight.")
        self.pattern_fig = ImageFigure(scope, "mnist-pattern-image", "Pixel pattern for this drawing",
                                       "Point at the image (or focus it and use the arrow keys) to read ∂z/∂x.")
        self.activation = h("p", {"class_": "mnist-activation", "id": "mnist-activation", "aria_live": "polite"})
        self.stats = h("dl", {"class_": "mnist-stats", "id": "mnist-weight-stats"})
        self.stat_values = {}
        for term in STAT_TERMS:
            dd = self.stat_values[term] = h("dd", {})
            self.stats.append(h("div", {}, h("dt", {}, term), dd))
        self._drawn = None  # (weights version, layer, index) of the weight image on screen
        self.classes = h("p", {"class_": "mnist-classes", "id": "mnist-classes"})
        self.element = h(
            "section", {"class_": "panel mnist-inspector", "id": "mnist-inspector", "aria_labelledby": "mnist-inspector-title"},
            self.title,
            h("div", {"class_": "mnist-figs"}, self.weights_fig.element, self.pattern_fig.element),
            h("h4", {}, "Activation for the current drawing"), self.activation,
            h("h4", {}, "Incoming weights"), self.stats,
            h("h4", {}, "What it responds to"), self.note, self.classes,
        )

    def update(self, net, look, layer: int, index: int, empty: bool, class_means: np.ndarray | None,
               version: int) -> None:
        """Describe neuron ``index`` of ``layer`` for the weights of ``net`` and the drawing ``look``.

        The weight image and statistics are redrawn only when ``version`` (of the weights) or the
        neuron changed; what depends on the drawing is redrawn every time.
        """
        name = neuron_name(mm.LAYER_NAMES[layer], index)
        w = mm.incoming(net, layer, index)
        x = look.acts[layer - 1]
        prev = mm.LAYER_NAMES[layer - 1].lower()
        key = (version, layer, index)
        if key != self._drawn:
            self._drawn = key
            self.title.textContent = name
            self._draw_weights(net, layer, index, w, x, name, prev)
            self._stats(net, layer, index)
            self.note.textContent = mm.LAYER_NOTES[layer]
        else:
            self._rebind(layer, w, x, prev)
        if layer > 1:
            pattern = mm.input_pattern(net, look, layer, index)

            def describe_pattern(r, c, g=pattern):
                return f"Pixel row {r + 1}, column {c + 1}: ∂z/∂x = {_fmt(float(g[r * 28 + c]))}"
            self.pattern_fig.element.hidden = False
            self.pattern_fig.show(pattern, (28, 28), describe_pattern,
                                  f"Pixels that would change the input z of {name} most, around the current drawing")
        else:
            self.pattern_fig.element.hidden = True
        self._activation(look, layer, index, empty)
        self._classes(class_means, layer, index)

    def _rebind(self, layer: int, w, x, prev: str) -> None:
        """Point the weight image's hover readout at the current drawing's values."""
        self.weights_fig.describe = _describer(layer, w, x, prev)

    def _draw_weights(self, net, layer: int, index: int, w, x, name: str, prev: str) -> None:
        describe = _describer(layer, w, x, prev)
        if layer == 1:
            self.weights_fig.title.textContent = "Incoming weights, as a 28×28 image"
            self.weights_fig.show(w, (28, 28), describe, f"Incoming weights of {name}, one per pixel")
        else:
            cols, rows = GRIDS.get(len(w), (len(w), 1))
            self.weights_fig.title.textContent = f"Incoming weights from the {len(w)} neurons of {prev}"
            self.weights_fig.show(w, (rows, cols), describe, f"Incoming weights of {name}, one per neuron of {prev}")

    def _activation(self, look, layer: int, index: int, empty: bool) -> None:
        z = float(look.zs[layer][index])
        a = float(look.acts[layer][index])
        if empty:
            self.activation.textContent = "Draw a digit to see how strongly this neuron fires for it."
            return
        if layer == 4:
            self.activation.textContent = f"z = {z:.4f}; after softmax a = {100 * a:.2f}% (probability of a {index})."
            return
        acts = np.asarray(look.acts[layer])
        if a > 0:
            rank = int(np.count_nonzero(acts > a)) + 1
            where = f"it fires: rank {rank} of the {int(np.count_nonzero(acts > 0))} active units of its layer " \
                    f"(largest {float(acts.max()):.3f})."
        else:
            where = (f"it is silent (ReLU of a negative z is 0), like {int(np.count_nonzero(acts <= 0))} of the "
                     f"{len(acts)} units of its layer.")
        self.activation.textContent = f"z = Σ w·a + b = {z:.4f}; a = ReLU(z) = {a:.4f}: {where}"

    def _stats(self, net, layer: int, index: int) -> None:
        st = mm.weight_stats(net, layer, index)
        values = (f"{st.count}", f"{st.mean:+.4f}", f"{st.std:.4f}", f"{st.min:+.4f}", f"{st.max:+.4f}", f"{st.bias:+.4f}")
        for term, value in zip(STAT_TERMS, values, strict=True):
            self.stat_values[term].textContent = value

    def _classes(self, means: np.ndarray | None, layer: int, index: int) -> None:
        if means is None:
            self.classes.textContent = "Average activation per digit: measured again when training pauses."
            return
        col = means[:, index]
        order = np.argsort(-col, kind="stable")
        if float(col.max()) <= 0:
            self.classes.textContent = ("On 500 test digits it never fires: a “dead” unit, which gets no gradient "
                                        "and cannot learn any more.")
            return
        top = ", ".join(f"{d} ({col[d]:.2f})" for d in order[:3])
        self.classes.textContent = (
            f"Average activation over 500 test digits, by digit — highest for {top}; "
            f"lowest for {order[-1]} ({col[order[-1]]:.2f})."
        )
