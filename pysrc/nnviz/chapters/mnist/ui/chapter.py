"""Chapter "Handwritten digits": draw a digit, watch a real 784 → 128 → 64 → 32 → 10 network read it.

Parts (one module each): the drawing pad (drawing.py), what the network sees and the ten bars
(predictions.py), the network picture (netview.py), the neuron inspector (inspector.py),
in-browser training (training.py: the panel; actions.py: the buttons and the training frame)
and backpropagation with numbers (backprop.py). The state and its URL fields are in
nnviz.chapters.mnist.state; the shipped files are loaded by data.py in ``load()``.

Flow: a stroke or a control changes the drawing or the state -> the model is stepped or reset
-> one refresh reads the model and updates every part. A stroke updates the ten bars at once
unless that already happened in this animation frame (then the next frame does it), so they follow
the pen with no frame of delay; the network picture, the inspector and the numbers follow in
the next animation frame. Training runs in chunks per frame, sized to keep 30 frames/s.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from nnviz.chapters.base import ChapterBase, LoadError
from nnviz.chapters.mnist import model as mm
from nnviz.chapters.mnist.follow import follow
from nnviz.chapters.mnist.preprocess import Prepared, preprocess
from nnviz.chapters.mnist.session import TrainingSession
from nnviz.chapters.mnist.state import BRUSH_RANGE, FIELDS, State
from nnviz.chapters.mnist.ui.actions import TrainingActions
from nnviz.chapters.mnist.ui.backprop import BackpropPanel
from nnviz.chapters.mnist.ui.data import load_shipped
from nnviz.chapters.mnist.ui.drawing import DrawingPad
from nnviz.chapters.mnist.ui.inspector import Inspector
from nnviz.chapters.mnist.ui.netview import NetworkView
from nnviz.chapters.mnist.ui.predictions import PredictionBars, SeesView
from nnviz.chapters.mnist.ui.training import TrainingPanel
from nnviz.dom.elements import clear, h
from nnviz.dom.events import FrameLoop
from nnviz.dom.fetch import FetchError
from nnviz.dom.focus import RovingFocus
from nnviz.kit.format import count

MEANS_SAMPLE = 500  # test digits behind "average activation per digit"


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
        self.loop = None
        st = self.state
        self.net = mm.make_network()
        mm.load_params(self.net, self.shipped.params)
        self.session = TrainingSession(self.net, self.shipped.digits, lr=st.lr, batch_size=st.batch, epochs=st.epochs)
        self.prepared = Prepared(np.zeros((28, 28), np.float32), True, None, 0.0, (0.0, 0.0))
        self.look = mm.inspect(self.net, self.prepared.image.reshape(-1))
        self.version = 0  # bumps whenever the weights change
        self._means: dict[tuple[int, int], np.ndarray] = {}
        self._before_run: dict | None = None
        self._sample_k = 0
        self._frames = 0
        self._fresh = False  # a refresh already ran in this animation frame
        self._pending = False  # the drawing changed since the last refresh
        self._details_pending = False  # the bars are newer than the rest of the picture
        self._budget = 0.012  # seconds of training per frame (adapted, see _adapt_budget)
        self._last_ts = None

        weights, biases, formula = mm.parameter_count()
        self.status = h("p", {"class_": "mnist-status", "id": "mnist-status", "role": "status"})
        self.pad = DrawingPad(self.scope, st.brush, BRUSH_RANGE, self._on_stroke, self._on_brush)
        self.sees = SeesView()
        self.bars = PredictionBars(self.scope)
        self.netview = NetworkView()
        self.inspector = Inspector(self.scope)
        self.trainer = TrainingPanel(self.scope, {f.name: f for f in FIELDS}, st, self._on_lr, self._on_batch,
                                     self._on_epochs)
        self.backprop = BackpropPanel(self.scope, self._refresh_backprop)
        params = h(
            "p", {"class_": "mnist-params", "id": "mnist-params"},
            "Parameters: ", h("code", {"class_": "formula", "id": "mnist-param-formula"},
                              f"{formula} = {count(weights + biases)}"),
            f" ({count(weights)} weights + {count(biases)} biases).",
        )
        draw = h("section", {"class_": "panel mnist-draw", "aria_labelledby": "mnist-draw-title"},
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
        self.netview.set_weights(self.net.weights)
        self.netview.select(*st.neuron)
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
        self.focus = RovingFocus(self.scope, self.netview.svg, "mnist-n-{col}-{row}", lambda: (0, *mm.SIZES[1:]),
                                 on_move=self._select, on_activate=self._select)
        self.focus.set_stop(*st.neuron)
        self.scope.on(self.netview.svg, "pointerover", self._on_node_hover)
        self.scope.on(self.netview.svg, "focusin", self._on_node_hover)
        self.loop = FrameLoop(self.scope, self._tick)

        self.pretrained_eval = self.session.evaluate_now()
        self.trainer.show_evaluation(self.pretrained_eval)
        self._set_ready_status()

    def _set_ready_status(self) -> None:
        ev = self.session.last_evaluation
        shipped = self.shipped.meta
        if self.version == 0 and ev is not None:
            self.status.textContent = (
                f"Ready — pretrained model loaded, test accuracy {100 * ev.test_accuracy:.1f}% "
                f"on {count(len(self.shipped.digits.test))} held-out digits "
                f"(trained on {count(shipped['train'])} others at build time)."
            )
        elif ev is not None:
            self.status.textContent = (
                f"Weights trained here for {count(self.session.iteration)} iterations: test accuracy "
                f"{100 * ev.test_accuracy:.1f}% (measured at iteration {count(ev.iteration)})."
            )

    # ----- refreshing ----------------------------------------------------------------------------

    def render(self, dirty=None) -> None:
        """Redraw everything from the model and the drawing."""
        if self.shipped is None:
            return
        self._read_drawing()
        self._refresh()
        self.trainer.show_session(self.session)

    def _read_drawing(self) -> None:
        self.prepared = preprocess(self.pad.read())
        self._pending = False

    def _refresh(self, drawing_changed: bool = True) -> None:
        """Run the current image through the network and update every view of it."""
        self._refresh_answer(drawing_changed)
        self._refresh_details(drawing_changed)

    def _refresh_answer(self, drawing_changed: bool = True) -> None:
        """The fast path of a stroke: the network's input, its forward pass, the ten bars."""
        self.look = mm.inspect(self.net, self.prepared.image.reshape(-1))
        if drawing_changed:
            self.sees.update(self.prepared)
        self.bars.update(None if self.prepared.empty else self.look.probabilities)
        self._details_pending = True

    def _refresh_details(self, drawing_changed: bool = True) -> None:
        """Everything else that shows the current drawing: network picture, inspector, numbers."""
        self.netview.update(self.net.weights, self.look.acts, self.prepared.empty, drawing_changed)
        self._refresh_inspector()
        self._refresh_backprop()
        self._details_pending = False

    def _refresh_inspector(self) -> None:
        layer, index = self.state.neuron
        self.inspector.update(self.net, self.look, layer, index, self.prepared.empty, self._class_means(layer),
                              self.version)

    def _refresh_backprop(self) -> None:
        if self.prepared.empty:
            self.backprop.show_empty()
            return
        layer, index = self.state.neuron
        label = self.backprop.chosen_label(self.look.prediction)
        self.backprop.update(follow(self.net, self.prepared.image.reshape(-1), label, layer, index, self.session.lr))

    def _class_means(self, layer: int) -> np.ndarray | None:
        """Mean activation per digit for ``layer`` (cached per weights; not measured mid-run)."""
        key = (self.version, layer)
        if key not in self._means:
            if self.session.run_active:
                return None
            d = self.shipped.digits
            self._means = {key: mm.class_means(self.net, d.test[:MEANS_SAMPLE], d.y_test[:MEANS_SAMPLE], layer)}
        return self._means[key]

    # ----- frame loop ----------------------------------------------------------------------------

    def _tick(self, ts: float) -> bool:
        self._fresh = False
        session = self.session
        if session.run_active:
            self._adapt_budget(ts)
            self._train_frame()
        elif self._pending:
            self._read_drawing()
            self._refresh()
        elif self._details_pending:
            self._refresh_details()
        return session.run_active or self._pending or self._details_pending

    # ----- drawing events ------------------------------------------------------------------------

    def _on_stroke(self) -> None:
        """A stroke segment was drawn: update the bars now (once per frame), the rest next frame."""
        self._pending = True
        if not self._fresh:
            self._fresh = True
            self._read_drawing()
            self._refresh_answer()
        self.loop.start()

    def _on_brush(self, brush: int) -> None:
        self.state = replace(self.state, brush=brush)
        self.write_url()

    def _clear(self) -> None:
        self.pad.clear()
        self.backprop.set_label(None)
        self._read_drawing()
        self._refresh()

    def _show_sample(self) -> None:
        d = self.shipped.digits
        k = int(np.random.default_rng([7, self._sample_k]).integers(len(d.test)))
        self._sample_k += 1
        self.pad.show_image(d.test[k].reshape(28, 28))
        self.backprop.set_label(int(d.y_test[k]))
        self._read_drawing()
        self._refresh()
        self.pad.help.textContent = f"Showing test digit #{k}, a {int(d.y_test[k])}. Draw over it, or Clear."

    # ----- neuron selection ----------------------------------------------------------------------

    def _select(self, layer: int, index: int) -> None:
        self.state = replace(self.state, neuron=(layer, index))
        self.netview.select(layer, index)
        self.focus.set_stop(layer, index)
        self._refresh_inspector()
        self._refresh_backprop()
        self.write_url()

    def _on_node(self, event) -> None:
        node = event.target.closest(".mnist-node")
        if not node:
            return
        self._select(int(node.dataset.layer), int(node.dataset.index))

    def _on_node_hover(self, event) -> None:
        node = event.target.closest(".mnist-node")
        if node:
            self.netview.describe(int(node.dataset.layer), int(node.dataset.index), self.look, self.prepared.empty)

    def stop(self) -> None:
        loop = getattr(self, "loop", None)
        if loop is not None:
            loop.stop()
        if getattr(self, "shipped", None) is not None and hasattr(self, "netview"):
            self.session.stop()
            self.netview.destroy()
            self.trainer.destroy()
