"""Chapter "Handwritten digits": draw a digit, watch a real 784 → 128 → 64 → 32 → 10 network read it.

Parts (one module each): the drawing pad (drawing.py), what the network sees and the ten bars
(predictions.py), the network picture (netview.py), the neuron inspector (inspector.py),
in-browser training (training.py: the panel; actions.py: the buttons and ``tick``) and
backpropagation with numbers (backprop.py). The state and its URL fields are in
nnviz.chapters.mnist.state; the shipped files are loaded by data.py in ``load()``.

On the chapter contract (chapters/base.py): controls call ``set_state`` (``sync`` hands the
settings to the training session), the pad and the buttons call ``invalidate`` with what they
changed, ``tick`` trains in chunks sized by a :class:`~nnviz.kit.budget.FrameBudget`, and
``render`` draws. Keys besides the state fields: ``drawing`` (the pad changed), ``details``
(the part of a drawing's picture that follows a frame later), ``weights``, ``edges`` (re-choose
the drawn lines), ``charts``, ``hover``, ``label``, ``status``, ``alert``.

A stroke renders at once (``invalidate("drawing", now=True)``: at most once per frame), and that
render updates only the fast path, the network's input and the ten bars, so they follow the pen
with no frame of delay; the network picture, the inspector and the numbers follow in the next
frame (``details``).
"""

from __future__ import annotations

import numpy as np

from nnviz.chapters.base import ChapterBase, Dirty, LoadError
from nnviz.chapters.mnist import model as mm
from nnviz.chapters.mnist.follow import follow
from nnviz.chapters.mnist.preprocess import Prepared, preprocess
from nnviz.chapters.mnist.session import TrainingSession
from nnviz.chapters.mnist.state import BRUSH_RANGE, FIELDS, State
from nnviz.chapters.mnist.ui.actions import TrainingActions, training_budget
from nnviz.chapters.mnist.ui.data import load_shipped
from nnviz.chapters.mnist.ui.drawing import DrawingPad
from nnviz.chapters.mnist.ui.gradient_panel import BackpropPanel
from nnviz.chapters.mnist.ui.inspector import Inspector
from nnviz.chapters.mnist.ui.netview import NetworkView
from nnviz.chapters.mnist.ui.predictions import PredictionBars, SeesView
from nnviz.chapters.mnist.ui.training import TrainingPanel
from nnviz.dom.elements import clear, h
from nnviz.dom.fetch import FetchError
from nnviz.dom.focus import RovingFocus
from nnviz.kit.format import count

MEANS_SAMPLE = 500  # test digits behind "average activation per digit"
SETTINGS = frozenset({"lr", "batch", "epochs"})


class Chapter(TrainingActions, ChapterBase):
    """The digits widget (see module docstring)."""

    State = State
    FIELDS = FIELDS

    # ----- loading -------------------------------------------------------------------------------

    async def load(self) -> None:
        message = h("p", {"class_": "mnist-loading", "role": "status"}, "Loading the pretrained model…")
        clear(self.root)
        self.root.append(message)
        try:
            self.shipped = await load_shipped(lambda text: setattr(message, "textContent", text))
        except (FetchError, ValueError, KeyError) as exc:
            raise LoadError(f"the digits and the pretrained model could not be loaded ({exc})") from exc

    # ----- building ------------------------------------------------------------------------------

    def build(self) -> None:
        st = self.state
        self.net = mm.make_network()
        mm.load_params(self.net, self.shipped.params)
        self.session = TrainingSession(self.net, self.shipped.digits, lr=st.lr, batch_size=st.batch, epochs=st.epochs)
        self.budget = training_budget()
        self.prepared = Prepared(np.zeros((28, 28), np.float32), True, None, 0.0, (0.0, 0.0))
        self.look = mm.inspect(self.net, self.prepared.image.reshape(-1))
        self.version = 0  # bumps whenever the weights change
        self._means: dict[tuple[int, int], np.ndarray] = {}
        self._before_run: dict | None = None
        self._sample_k = 0
        self._frames = 0
        self._hovered: tuple[int, int] | None = None  # the neuron described under the picture
        self.note = "Ready to train. Training starts from the current weights."
        self.alert: str | None = None

        weights, biases, formula = mm.parameter_count()
        self.status = h("p", {"class_": "mnist-status", "id": "mnist-status", "role": "status"})
        self.pad = DrawingPad(self.scope, st.brush, BRUSH_RANGE, self._on_stroke, self._on_brush)
        self.sees = SeesView()
        self.bars = PredictionBars(self.scope)
        self.netview = NetworkView(self.scope)
        self.inspector = Inspector(self.scope)
        self.trainer = TrainingPanel(self.scope, st, self._on_lr, self._on_batch,
                                     self._on_epochs)
        self.backprop = BackpropPanel(self.scope, lambda: self.invalidate("label"))
        params = h(
            "p", {"class_": "mnist-params", "id": "mnist-params"},
            "Parameters: ", h("code", {"class_": "formula", "id": "mnist-param-formula"},
                              f"{formula} = {count(weights + biases)}"),
            f" ({count(weights)} weights + {count(biases)} biases).",
        )
        draw = h("section", {"class_": "panel mnist-draw", "aria_labelledby": "mnist-draw-title", "data_group": "draw"},
                 h("h3", {"id": "mnist-draw-title"}, "Draw a digit (28×28)"),
                 h("div", {"class_": "mnist-draw-row"}, self.pad.element, self.sees.element))
        net_panel = h("section", {"class_": "panel mnist-net-panel", "aria_labelledby": "mnist-net-title"},
                      h("h3", {"id": "mnist-net-title"}, "Inside the network: 784 → 128 → 64 → 32 → 10"),
                      params, self.netview.element)
        self.root.append(h(
            "div", {"class_": "mnist"},
            self.status,
            h("div", {"class_": "mnist-top"}, draw, self.bars.element),
            h("div", {"class_": "mnist-middle"}, net_panel, self.inspector.element),
            self.trainer.element,
            self.backprop.element,
        ))
        self.netview.label_nodes()

        t = self.trainer
        self.scope.on(self.pad.clear_btn, "click", lambda _e: self._clear())
        self.scope.on(self.pad.sample_btn, "click", lambda _e: self._show_sample())
        self.scope.on(t.train_btn, "click", lambda _e: self._train())
        self.scope.on(t.pause_btn, "click", lambda _e: self._pause())
        self.scope.on(t.step_btn, "click", lambda _e: self._step())
        self.scope.on(t.reset_btn, "click", lambda _e: self._reset(pretrained=True))
        self.scope.on(t.random_btn, "click", lambda _e: self._reset(pretrained=False))
        self.scope.on(t.undo_btn, "click", lambda _e: self._undo())
        self.scope.on(self.netview.svg, "click", self._on_node)
        self.scope.on(self.netview.svg, "pointerover", self._on_node_hover)
        self.scope.on(self.netview.svg, "focusin", self._on_node_hover)
        self.focus = RovingFocus(self.scope, self.netview.svg, "mnist-node-{col}-{row}", lambda: (0, *mm.SIZES[1:]),
                                 on_move=self._select, on_activate=self._select)
        self.trainer.record_evaluation(self.session.evaluate_now())

    def sync(self, changed: frozenset[str]) -> None:
        """Hand the training settings to the session (the only place they reach it)."""
        st = self.state
        if "lr" in changed:
            self.session.set_lr(st.lr)
        if "batch" in changed:
            self.session.set_batch_size(st.batch)
        if "epochs" in changed:
            self.session.set_epochs(st.epochs)
        if "brush" in changed:
            self.pad.set_brush(st.brush)

    # ----- drawing -------------------------------------------------------------------------------

    def render(self, dirty: Dirty) -> None:
        if dirty.any("drawing", "weights"):
            self._render_answer(read_pad=dirty.any("drawing"))
        if dirty.any("edges"):
            self.netview.set_weights(self.net.weights)
        if dirty.any("neuron"):
            self.netview.select(*self.state.neuron)
            self.focus.set_stop(*self.state.neuron)
        if dirty.any("details", "weights", "neuron", "lr", "label"):
            self._render_details(image_changed=dirty.any("drawing", "details"))
        elif dirty.any("drawing"):
            self.invalidate("details")  # the rest of the picture follows in the next frame
        if dirty.any("hover", "details", "weights") and self._hovered is not None:
            self.netview.describe(*self._hovered, self.look, self.prepared.empty)
        if dirty.any("status"):
            self._render_status()
        if dirty.any("alert"):
            self.trainer.show_divergence(self.alert)
        if dirty.any("tick", "running", "charts", "status", *SETTINGS):
            self.trainer.show_session(self.session, charts=dirty.any("charts"))

    def _render_answer(self, read_pad: bool) -> None:
        """The fast path of a stroke: the network's input, its forward pass, the ten bars."""
        if read_pad:
            self.prepared = preprocess(self.pad.read())
            self.sees.update(self.prepared)
        self.look = mm.inspect(self.net, self.prepared.image.reshape(-1))
        self.bars.update(None if self.prepared.empty else self.look.probabilities)

    def _render_details(self, image_changed: bool) -> None:
        """Everything else that shows the current drawing: network picture, inspector, numbers."""
        self.netview.update(self.net.weights, self.look.acts, self.prepared.empty, image_changed)
        layer, index = self.state.neuron
        self.inspector.update(self.net, self.look, layer, index, self.prepared.empty, self._class_means(layer),
                              self.version)
        if self.prepared.empty:
            self.backprop.show_empty()
        else:
            label = self.backprop.chosen_label(self.look.prediction)
            self.backprop.update(follow(self.net, self.prepared.image.reshape(-1), label, layer, index,
                                        self.session.lr))

    def _render_status(self) -> None:
        self.trainer.set_status(self.note)
        ev = self.session.last_evaluation
        if ev is None:
            return
        if self.version == 0:
            self.status.textContent = (
                f"Ready — pretrained model loaded, test accuracy {100 * ev.test_accuracy:.1f}% "
                f"on {count(len(self.shipped.digits.test))} held-out digits "
                f"(trained on {count(self.shipped.meta['train'])} others at build time)."
            )
        else:
            self.status.textContent = (
                f"Weights trained here for {count(self.session.iteration)} iterations: test accuracy "
                f"{100 * ev.test_accuracy:.1f}% (measured at iteration {count(ev.iteration)})."
            )

    def _class_means(self, layer: int) -> np.ndarray | None:
        """Mean activation per digit for ``layer`` (cached per weights; not measured mid-run)."""
        key = (self.version, layer)
        if key not in self._means:
            if self.session.run_active:
                return None
            d = self.shipped.digits
            self._means = {key: mm.class_means(self.net, d.test[:MEANS_SAMPLE], d.y_test[:MEANS_SAMPLE], layer)}
        return self._means[key]

    # ----- drawing events ------------------------------------------------------------------------

    def _on_stroke(self) -> None:
        """A stroke segment was drawn: the bars now (once per frame), the rest next frame."""
        self.invalidate("drawing", now=True)

    def _on_brush(self, brush: int) -> None:
        self.set_state(brush=brush)

    def _clear(self) -> None:
        self.pad.clear()
        self.backprop.set_label(None)
        self.invalidate("drawing", "label")

    def _show_sample(self) -> None:
        d = self.shipped.digits
        k = int(np.random.default_rng([7, self._sample_k]).integers(len(d.test)))
        self._sample_k += 1
        self.pad.show_image(d.test[k].reshape(28, 28))
        self.backprop.set_label(int(d.y_test[k]))
        self.pad.help.textContent = f"Showing test digit #{k}, a {int(d.y_test[k])}. Draw over it, or Clear."
        self.invalidate("drawing", "label")

    # ----- neuron selection ----------------------------------------------------------------------

    def _select(self, layer: int, index: int) -> None:
        self.set_state(neuron=(layer, index))

    def _on_node(self, event) -> None:
        node = self.focus.item_of(event.target)
        if node is not None:
            self._select(*node)

    def _on_node_hover(self, event) -> None:
        node = self.focus.item_of(event.target)
        if node is not None and node != self._hovered:
            self._hovered = node
            self.invalidate("hover", now=True)
