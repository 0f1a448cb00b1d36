"""The "Digit trainer" widget: controls, readouts, the frame loop, and the wiring between them.

Data flows one way: a control changes ``self.state`` (and the URL), the model is rebuilt or
stepped, and :meth:`Chapter.render` reads the model into the picture, at most once per
animation frame. Playing (and a queued "Train") runs as many SGD steps per frame as fit in
a time budget (≤ 4 ms, adapted to the frame rate), then renders once, so the page stays responsive however much is asked.
"""

from __future__ import annotations

import random
from dataclasses import replace

import numpy as np

from nnviz.chapters.base import ChapterBase
from nnviz.chapters.trainer import state as ts
from nnviz.chapters.trainer.digits import DIGITS
from nnviz.chapters.trainer.model import DigitModel
from nnviz.chapters.trainer.ui.panels import InputPanel, OutputList
from nnviz.chapters.trainer.ui.picture import NetworkPicture
from nnviz.dom.alert import Alert
from nnviz.dom.chart import LineChart
from nnviz.dom.elements import h, set_attrs
from nnviz.dom.events import FrameLoop
from nnviz.kit.budget import FrameBudget

BUDGET_S = 0.004  # starting training time per animation frame (of ~16.7 ms at 60 Hz)


class Chapter(ChapterBase):
    """Train 25 → H → 10 on the ten digits; see every weight and activation change."""

    State = ts.State
    FIELDS = ts.FIELDS

    # ----- building ----------------------------------------------------------------------------

    def build(self) -> None:
        st = self.state
        self.model = DigitModel(st.hidden, st.lr, st.seed)
        self.playing = False
        self.queued = 0  # iterations asked for by "Train" and not run yet
        self._drawn: tuple | None = None  # (generation, iteration) the picture shows
        self._buttons: tuple | None = None
        self.budget = FrameBudget(BUDGET_S, 0.001, BUDGET_S, target_fps=50)
        self._frames = 0
        self._texts: dict[str, str] = {}

        self.play_btn = h("button", {"type": "button", "class_": "btn btn-primary"}, "Play")
        self.pause_btn = h("button", {"type": "button", "class_": "btn"}, "Pause")
        self.train_btn = h("button", {"type": "button", "class_": "btn"}, "Train")
        self.reset_btn = h("button", {"type": "button", "class_": "btn"}, "Reset")
        self.batch = h("select", {"id": "trainer-batch", "class_": "t-select"},
                       *[h("option", {"value": str(b)}, f"{b:,}") for b in ts.BATCHES])
        self.hidden_in = h("input", {"type": "range", "id": "trainer-hidden", "min": ts.HIDDEN_MIN,
                                     "max": ts.HIDDEN_MAX, "step": 1, "aria_describedby": "trainer-hidden-note"})
        self.hidden_out = h("output", {"for": "trainer-hidden", "class_": "t-value"})
        self.lr_in = h("input", {"type": "range", "id": "trainer-lr", "min": 0, "max": ts.LR_STEPS, "step": 1,
                                 "aria_describedby": "trainer-lr-note"})
        self.lr_out = h("output", {"for": "trainer-lr", "class_": "t-value"})
        self.iter_out = h("output", {"id": "trainer-iterations", "class_": "t-readout"})
        self.acc_out = h("output", {"id": "trainer-accuracy", "class_": "t-readout"})
        self.loss_out = h("output", {"id": "trainer-loss-value", "class_": "t-readout"})
        self.seed_out = h("span", {"id": "trainer-seed"})
        self.alert = Alert(self.scope, "trainer-diverged", "Diverged. ",
                           ("Start again at learning rate 1", self._recover), ("Keep training anyway", self._play),
                           class_="t-diverged")
        self.keep_btn = self.alert.secondary

        controls = h(
            "section", {"class_": "panel t-controls", "aria_label": "Training controls"},
            h("div", {"class_": "btn-row"}, self.play_btn, self.pause_btn, self.reset_btn),
            h("div", {"class_": "t-train"},
              h("label", {"for": "trainer-batch", "class_": "t-inline-label"}, "Iterations per Train"),
              h("div", {"class_": "btn-row t-train-row"}, self.train_btn, self.batch)),
            _slider("trainer-hidden", "Hidden neurons", self.hidden_in, self.hidden_out,
                    "Changing it builds a new network (same seed)."),
            _slider("trainer-lr", "Learning rate", self.lr_in, self.lr_out,
                    "0.01 to 5 on a log scale; changes apply to the next step."),
            h("dl", {"class_": "t-readouts"},
              _readout("trainer-iterations", "Iterations", self.iter_out),
              _readout("trainer-accuracy", "Accuracy", self.acc_out),
              _readout("trainer-loss-value", "Loss", self.loss_out)),
            h("p", {"class_": "legend-note"}, "Random weights from seed ", self.seed_out,
              "; Reset draws a new one. Loss: squared error summed over the ten outputs, averaged "
              "over the last ten iterations (one of each digit)."),
            self.alert.element,
        )
        self.picture = NetworkPicture(self.scope)
        self.inputs = InputPanel(self.scope, self._pick, self._set_tab, self.request_render)
        self.outputs = OutputList()
        self.chart = LineChart(
            "trainer-loss", "Loss over iterations", "Iteration", "Loss", [("loss", "t-loss-line")],
            scope=self.scope, width=760, height=220, include_zero=True, empty_text="Train to see the loss curve",
        )
        io = h("div", {"class_": "t-io"}, self.inputs.element, self.outputs.element)
        self.root.append(h("div", {"class_": "trainer"}, controls, self.picture.element, io, self.chart.element))
        self.loop = FrameLoop(self.scope, self._tick)

        on = self.scope.on
        on(self.play_btn, "click", lambda _e: self._play())
        on(self.pause_btn, "click", lambda _e: self._pause())
        on(self.train_btn, "click", lambda _e: self._train())
        on(self.reset_btn, "click", lambda _e: self._reset())
        on(self.batch, "change", self._on_batch)
        on(self.hidden_in, "input", self._on_hidden)
        on(self.lr_in, "input", self._on_lr)
        self._sync_controls()

    # ----- state changes -----------------------------------------------------------------------

    def _set(self, **changes) -> None:
        self.state = replace(self.state, **changes)
        self.write_url()
        self._sync_controls()
        self.request_render()

    def _sync_controls(self) -> None:
        """Make every control show the state (after a change from code or the URL)."""
        st = self.state
        self.batch.value = str(st.batch)
        self.hidden_in.value = str(st.hidden)
        self.hidden_out.textContent = str(st.hidden)
        self.lr_in.value = str(ts.position_from_lr(st.lr))
        self.lr_out.textContent = ts.format_lr(st.lr)
        set_attrs(self.lr_in, aria_valuetext=ts.format_lr(st.lr))
        self.seed_out.textContent = str(st.seed)
        self.inputs.show(st.tab, st.digit)

    def _play(self) -> None:
        # Play (about to be disabled) or "Keep training anyway" (about to be hidden) had the
        # focus: hand it to Pause, so keyboard users stay next to what they just started
        move_focus = self._focused(self.play_btn) or self._focused(self.keep_btn)
        self._acknowledge()
        self.playing = True
        self.loop.start()
        if move_focus:
            self.pause_btn.disabled = False
            self.pause_btn.focus()

    def _pause(self) -> None:
        self.playing = False
        self.queued = 0
        if self._focused(self.pause_btn):
            self.play_btn.disabled = False
            self.play_btn.focus()
        self.request_render()

    def _train(self) -> None:
        self._acknowledge()
        self.queued += self.state.batch
        self.loop.start()

    def _reset(self, seed: int | None = None) -> None:
        """New random weights (a new seed unless given); the iteration count starts again."""
        seed = random.randint(0, ts.SEED_MAX) if seed is None else seed
        self.queued = 0
        self.model.rebuild(self.state.hidden, seed)
        self.chart.clear()
        self.alert.hide()
        self._set(seed=seed)

    def _recover(self) -> None:
        self.model.set_lr(1.0)
        self.state = replace(self.state, lr=1.0)
        self.playing = False
        self._reset()
        self.reset_btn.focus()

    def _acknowledge(self) -> None:
        """Hide the divergence message and keep going from here (the watch forgets its best)."""
        if self.alert.shown:
            self.alert.hide()
            self.model.diverged = ""
            self.model.watch.rebase()

    def _on_batch(self, _event) -> None:
        self._set(batch=int(self.batch.value))

    def _on_hidden(self, _event) -> None:
        hidden = min(max(int(float(self.hidden_in.value)), ts.HIDDEN_MIN), ts.HIDDEN_MAX)
        if hidden != self.state.hidden:
            self.queued = 0
            self.model.rebuild(hidden, self.state.seed)
            self.chart.clear()
            self.alert.hide()
            self._set(hidden=hidden)

    def _on_lr(self, _event) -> None:
        lr = ts.lr_from_position(float(self.lr_in.value))
        self.model.set_lr(lr)
        self.state = replace(self.state, lr=lr)
        self.write_url()
        self.lr_out.textContent = ts.format_lr(lr)
        set_attrs(self.lr_in, aria_valuetext=ts.format_lr(lr))

    def _pick(self, digit: int) -> None:
        self._set(digit=digit)

    def _set_tab(self, tab: str) -> None:
        if tab != self.state.tab:
            self._set(tab=tab)

    @staticmethod
    def _focused(el) -> bool:
        return el.matches(":focus")

    # ----- the frame loop ----------------------------------------------------------------------

    def request_render(self) -> None:
        """Redraw on the next animation frame (several requests in one frame draw once)."""
        self.loop.start()

    def _tick(self, timestamp: float) -> bool:
        if self.playing or self.queued:
            self.budget.frame(timestamp)
            limit = 1_000_000 if self.playing else self.queued
            run = self.model.run(self.budget.seconds, limit)
            self.queued = max(0, self.queued - run.steps)
            if run.steps:
                self.chart.extend("loss", run.iterations, run.series["window_loss"])
            if run.diverged:
                self.playing, self.queued = False, 0
                self.alert.show(
                    f"{run.reason[0].upper()}{run.reason[1:]}. With a learning rate of {ts.format_lr(self.model.lr)} "
                    "each step overshoots: it fixes one image so hard that it breaks the others, and sigmoid "
                    "neurons pushed to 0 or 1 stop learning. Lower the learning rate, then press Reset."
                )
        else:
            self.budget.restart()
        self.render()
        return self.playing or self.queued > 0

    # ----- drawing -----------------------------------------------------------------------------

    def current_input(self) -> tuple[np.ndarray, str]:
        """The input on show and how to name it: a training image, or the drawing."""
        if self.state.tab == "draw":
            return self.inputs.pixels, "your drawing"
        return DIGITS[self.state.digit], f"digit {self.state.digit}"

    def render(self, dirty=None) -> None:
        m = self.model
        if self.picture.lay is None or self.picture.lay.hidden_count != m.hidden:
            self.picture.draw(m.hidden)
            self._drawn = None
        self._frames += 1
        busy = self.playing or self.queued > 0
        # While training, the connections (the costliest thing to paint: every line crosses
        # the picture) and the chart are redrawn on alternate frames, at 30 Hz each.
        key = (m.generation, m.iteration)
        redraw_edges = key != self._drawn and (not busy or self._frames % 2 == 1)
        x, source = self.current_input()
        hidden_a, out_a = m.activations(x)
        self.picture.update(m.weights, m.biases, x, hidden_a, out_a, redraw_edges)
        if redraw_edges:
            self._drawn = key
        self.outputs.update(out_a, source)
        predictions = m.predictions()
        wrong = (predictions != np.arange(10)).astype(np.uint8)
        self.inputs.mark_wrong(wrong)
        self._text(self.iter_out, f"{m.iteration:,}")
        self._text(self.acc_out, f"{100 * (1 - wrong.mean()):.0f}%")
        self._text(self.loss_out, "N/A" if m.loss is None else f"{m.loss:.4f}")
        if not busy or self._frames % 2 == 0:
            self.chart.render()
        buttons = (self.playing, self.queued > 0)
        if buttons != self._buttons:
            self._buttons = buttons
            self.play_btn.disabled = self.playing
            self.pause_btn.disabled = not busy
            self.picture.set_running(busy)

    def _text(self, el, text: str) -> None:
        """Set an element's text only when it changes (a write costs a layout even if equal)."""
        if self._texts.get(el.id) != text:
            self._texts[el.id] = text
            el.textContent = text

    def stop(self) -> None:
        if hasattr(self, "loop"):
            self.loop.stop()
            self.picture.destroy()
            self.inputs.destroy()
            self.outputs.destroy()
            self.chart.destroy()


def _slider(input_id: str, label: str, field, value, note: str):
    return h("div", {"class_": "t-slider"},
             h("div", {"class_": "t-slider-head"}, h("label", {"for": input_id, "class_": "field-label"}, label), value),
             field, h("p", {"id": f"{input_id}-note", "class_": "help"}, note))


def _readout(output_id: str, label: str, output):
    return h("div", {"class_": "t-readout-row"},
             h("dt", {}, h("label", {"for": output_id}, label)), h("dd", {}, output))
