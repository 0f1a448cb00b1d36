"""The "Digit trainer" widget: controls, readouts and pictures, on the chapter contract.

Data flows one way (nnviz.chapters.base): a control calls ``set_state``; :meth:`Chapter.sync`
is the only place a setting reaches the model (hidden or seed: a new network; lr: the rate of
the next step); :meth:`Chapter.render` draws everything from the state and the model, controls
included, at most once per animation frame. Playing (and a queued "Train") runs in
:meth:`Chapter.tick`: as many SGD steps per frame as fit in the kit's frame budget (≤ 4 ms,
adapted to the frame rate), so the page stays responsive however much is asked.
"""

from __future__ import annotations

import random

import numpy as np

from nnviz.chapters.base import ChapterBase, Dirty
from nnviz.chapters.trainer import state as ts
from nnviz.chapters.trainer.digits import DIGITS
from nnviz.chapters.trainer.model import DigitModel
from nnviz.chapters.trainer.ui.panels import InputPanel, OutputList
from nnviz.chapters.trainer.ui.picture import NetworkPicture
from nnviz.dom.alert import Alert
from nnviz.dom.chart import LineChart
from nnviz.dom.elements import h, set_attrs
from nnviz.kit.budget import FrameBudget

BUDGET_S = 0.004  # training time per animation frame at most (of ~16.7 ms at 60 Hz), see below
MIN_BUDGET_S = 0.001
# Why 4 ms at most: a Chromium trace of playing at H = 32 showed ~3 ms of drawing in Python and
# ~5 ms of layout, paint and commit per frame, plus other work on a shared 2-core machine; 4 ms
# of training leaves room for all of it and still gives ~2,500 steps/s at 60 frames/s (one
# step is ~70 µs in the browser). Frames over 20 ms (50 fps) shrink the budget.
TARGET_FPS = 50
PLAY_STEPS = 1_000_000  # "at most" while playing: the budget decides


class Chapter(ChapterBase):
    """Train 25 → H → 10 on the ten digits; see every weight and activation change."""

    State = ts.State
    FIELDS = ts.FIELDS

    # ----- building ----------------------------------------------------------------------------

    def build(self) -> None:
        self.model: DigitModel | None = None  # made by sync, from the state
        self.playing = False
        self.queued = 0  # iterations asked for by "Train" and not run yet
        self.problem = ""  # the divergence alert's text while it is up
        self.budget = FrameBudget(BUDGET_S, MIN_BUDGET_S, BUDGET_S, target_fps=TARGET_FPS)
        self._drawn: tuple | None = None  # (generation, iteration) the connections show
        self._buttons: tuple | None = None
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

        controls = h(
            "section", {"class_": "panel t-controls", "aria_label": "Training controls"},
            h("div", {"class_": "btn-row", "data_group": "run"}, self.play_btn, self.pause_btn, self.reset_btn),
            h("div", {"class_": "t-train", "data_group": "run"},
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
        self.inputs = InputPanel(self.scope, self._pick, self._set_tab, lambda: self.invalidate("drawing", now=True))
        self.outputs = OutputList(self.scope)
        self.chart = LineChart(
            "trainer-loss", "Loss over iterations", "Iteration", "Loss", [("loss", "t-loss-line")],
            scope=self.scope, width=760, height=220, include_zero=True, empty_text="Train to see the loss curve",
        )
        io = h("div", {"class_": "t-io"}, self.inputs.element, self.outputs.element)
        self.root.append(h("div", {"class_": "trainer"}, controls, self.picture.element, io, self.chart.element))

        on = self.scope.on
        on(self.play_btn, "click", lambda _e: self._play())
        on(self.pause_btn, "click", lambda _e: self._pause())
        on(self.train_btn, "click", lambda _e: self._train())
        on(self.reset_btn, "click", lambda _e: self._reset())
        on(self.batch, "change", lambda _e: self.set_state(batch=int(self.batch.value)))
        on(self.hidden_in, "input", self._on_hidden)
        on(self.lr_in, "input", lambda _e: self.set_state(lr=ts.lr_from_position(float(self.lr_in.value))))

    # ----- the model follows the state ---------------------------------------------------------

    def sync(self, changed: frozenset[str]) -> None:
        st = self.state
        if self.model is None:
            self.model = DigitModel(st.hidden, st.lr, st.seed)
        elif changed & {"hidden", "seed"}:
            self.model.rebuild(st.hidden, st.seed)
        else:
            if "lr" in changed:
                self.model.set_lr(st.lr)
            return
        # a new network: its run starts again
        self.model.set_lr(st.lr)
        self.queued = 0
        self.problem = ""
        self.chart.clear()
        self.invalidate("model")

    # ----- controls ----------------------------------------------------------------------------

    def _on_hidden(self, _event) -> None:
        hidden = min(max(int(float(self.hidden_in.value)), ts.HIDDEN_MIN), ts.HIDDEN_MAX)
        self.set_state(hidden=hidden)

    def _pick(self, digit: int) -> None:
        self.set_state(digit=digit)

    def _set_tab(self, tab: str) -> None:
        self.set_state(tab=tab)

    def _play(self) -> None:
        # Play (about to be disabled) or "Keep training anyway" (about to be hidden) had the
        # focus: hand it to Pause, so keyboard users stay next to what they just started
        move_focus = _focused(self.play_btn) or (self.alert.secondary is not None and _focused(self.alert.secondary))
        self._acknowledge()
        self.playing = True
        self._go()
        if move_focus:
            self.pause_btn.disabled = False  # a disabled button cannot take the focus; render agrees
            self.pause_btn.focus()

    def _pause(self) -> None:
        self.playing = False
        self.queued = 0
        if _focused(self.pause_btn):
            self.play_btn.disabled = False
            self.play_btn.focus()
        self.halt()

    def _train(self) -> None:
        self._acknowledge()
        self.queued += self.state.batch
        self._go()

    def _reset(self) -> None:
        """New random weights from a new seed; the iteration count starts again."""
        self.queued = 0
        self.set_state(seed=self._new_seed())

    def _recover(self) -> None:
        """"Start again at learning rate 1": stop, new weights, lr = 1; the focus goes to Reset."""
        self.playing = False
        self.queued = 0
        self.set_state(lr=1.0, seed=self._new_seed())
        self.halt()
        self.reset_btn.focus()

    def _new_seed(self) -> int:
        """A random seed other than the current one (so the network is always new)."""
        while (seed := random.randint(0, ts.SEED_MAX)) == self.state.seed:
            pass
        return seed

    def _acknowledge(self) -> None:
        """Take the divergence alert down and keep going from here (the watch forgets its best)."""
        if self.problem:
            self.problem = ""
            self.model.diverged = ""
            self.model.watch.rebase()
            self.invalidate("problem")

    def _go(self) -> None:
        if not self.running:
            self.budget.restart()  # the pause before this run is not a slow frame
        self.start()

    # ----- training, one chunk per frame -------------------------------------------------------

    def tick(self, now_ms: float) -> bool:
        if not (self.playing or self.queued):
            return False
        self.budget.frame(now_ms)
        run = self.model.run(self.budget.seconds, PLAY_STEPS if self.playing else self.queued)
        self.queued = max(0, self.queued - run.steps)
        if run.steps:
            self.chart.extend("loss", run.iterations, run.series["window_loss"])
        if run.diverged:
            self.playing, self.queued = False, 0
            self.problem = (
                f"{run.reason[0].upper()}{run.reason[1:]}. With a learning rate of {ts.format_lr(self.state.lr)} "
                "each step overshoots: it fixes one image so hard that it breaks the others, and sigmoid "
                "neurons pushed to 0 or 1 stop learning. Lower the learning rate, then press Reset."
            )
            self.invalidate("problem")
        return self.playing or self.queued > 0

    # ----- drawing -----------------------------------------------------------------------------

    def current_input(self) -> tuple[np.ndarray, str]:
        """The input on show and how to name it: a training image, or the drawing."""
        if self.state.tab == "draw":
            return self.inputs.pixels, "your drawing"
        return DIGITS[self.state.digit], f"digit {self.state.digit}"

    def render(self, dirty: Dirty) -> None:
        m = self.model
        self._render_controls(dirty)
        if self.picture.lay is None or self.picture.lay.sizes[1] != m.hidden:
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
        wrong = (m.predictions() != np.arange(10)).astype(np.uint8)
        self.inputs.mark_wrong(wrong)
        self._text(self.iter_out, f"{m.iteration:,}")
        self._text(self.acc_out, f"{100 * (1 - wrong.mean()):.0f}%")
        self._text(self.loss_out, "N/A" if m.loss is None else f"{m.loss:.4f}")
        if not busy or self._frames % 2 == 0:
            self.chart.render()
        if self.problem:
            self.alert.show(self.problem)
        else:
            self.alert.hide()
        buttons = (self.playing, busy)
        if buttons != self._buttons:
            self._buttons = buttons
            self.play_btn.disabled = self.playing
            self.pause_btn.disabled = not busy
            self.picture.set_running(busy)

    def _render_controls(self, dirty: Dirty) -> None:
        """Make every control show the state (a slider being dragged is left where it is)."""
        st = self.state
        if dirty.any("batch"):
            self.batch.value = str(st.batch)
        if dirty.any("hidden"):
            if str(self.hidden_in.value) != str(st.hidden):
                self.hidden_in.value = str(st.hidden)
            self.hidden_out.textContent = str(st.hidden)
        if dirty.any("lr"):
            if ts.lr_from_position(float(self.lr_in.value or 0)) != st.lr:
                self.lr_in.value = str(ts.position_from_lr(st.lr))
            self.lr_out.textContent = ts.format_lr(st.lr)
            set_attrs(self.lr_in, aria_valuetext=ts.format_lr(st.lr))
        if dirty.any("seed"):
            self.seed_out.textContent = str(st.seed)
        if dirty.any("tab", "digit"):
            self.inputs.show(st.tab, st.digit)

    def _text(self, el, text: str) -> None:
        """Set an element's text only when it changes (a write costs a layout even if equal)."""
        if self._texts.get(el.id) != text:
            self._texts[el.id] = text
            el.textContent = text


def _focused(el) -> bool:
    return bool(el.matches(":focus"))


def _slider(input_id: str, label: str, field, value, note: str):
    return h("div", {"class_": "t-slider", "data_group": "settings"},
             h("div", {"class_": "t-slider-head"}, h("label", {"for": input_id, "class_": "field-label"}, label), value),
             field, h("p", {"id": f"{input_id}-note", "class_": "help"}, note))


def _readout(output_id: str, label: str, output):
    return h("div", {"class_": "t-readout-row"},
             h("dt", {}, h("label", {"for": output_id}, label)), h("dd", {}, output))
